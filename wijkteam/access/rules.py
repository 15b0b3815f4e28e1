"""Need-to-know rules written once and read two ways (DESIGN §6; STYLE.md: "The visibility rule
has one definition; the per-object check and the queryset filter both follow from it").

A rule is a small expression over facts about a record and the person looking at it:

- ``Is(path, value)``: the record's ``path`` holds ``value`` ("the sensitivity is team");
- ``Matches(path, key)``: the record's ``path`` holds one of the viewer's ``key`` values ("the
  lead is the viewer's organisation", "the team is one of the viewer's teams");
- ``Flag(key)``: something about the viewer alone ("oversees all teams");

combined with ``&``, ``|`` and ``~``. A path is a Django lookup path ("lead_id", "involved",
"links__signal__receiving_organisation_id"), so one name states a fact for both readers:

- ``RecordCheck(viewer, record)(rule)`` evaluates a rule on a loaded record: the object check;
- ``as_q(rule, viewer, model)`` turns it into a ``Q`` for a queryset of ``model``: the filter
  (and ``as_expression`` into a boolean column, so a list says per row what may be shown).

Neither reader knows any entity: the rules live next to their models (cases/visibility.py,
signals/visibility.py), and tests/access/test_visibility_agreement.py checks over generated
worlds that both readers always agree.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import BooleanField, ForeignObjectRel, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.lookups import IsNull

# --- the expression ---------------------------------------------------------------------------


class Rule:
    def __and__(self, other: "Rule") -> "Rule":
        return AllOf((self, other))

    def __or__(self, other: "Rule") -> "Rule":
        return AnyOf((self, other))

    def __invert__(self) -> "Rule":
        return Not(self)


@dataclass(frozen=True)
class Is(Rule):
    """The record's ``path`` holds ``value``."""

    path: str
    value: Any


@dataclass(frozen=True)
class Matches(Rule):
    """The record's ``path`` holds one of the viewer's values under ``key``."""

    path: str
    key: str


@dataclass(frozen=True)
class Flag(Rule):
    """The viewer has ``key`` (whatever the record)."""

    key: str


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOf(Rule):
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Not(Rule):
    rule: Rule


# --- who is looking ---------------------------------------------------------------------------


class Viewer:
    """The facts about one person that rules ask about: flags, and sets of ids per key. A set
    may be given as a flat ``values_list`` queryset: the filter uses it as a subquery, the
    object check reads it once."""

    def __init__(
        self,
        *,
        flags: Mapping[str, bool],
        values: Mapping[str, Iterable[Any] | QuerySet],
    ) -> None:
        self._flags = dict(flags)
        self._values = dict(values)
        self._read: dict[str, frozenset] = {}

    def flag(self, key: str) -> bool:
        return self._flags[key]

    def values(self, key: str) -> frozenset:
        """The viewer's values under ``key``, read at most once."""
        if key not in self._read:
            self._read[key] = frozenset(self._values[key])
        return self._read[key]

    def lookup(self, key: str) -> frozenset | QuerySet:
        """What an ``__in`` lookup compares with: the values when known, else their query."""
        if key in self._read or not isinstance(self._values[key], QuerySet):
            return self.values(key)
        return self._values[key]


# --- the object check -------------------------------------------------------------------------


def _field(model: type[models.Model], name: str):
    return model._meta.get_field(name)


def _is_many(field) -> bool:
    return bool(field.many_to_many or field.one_to_many)


def _accessor(field) -> str:
    return field.get_accessor_name() if isinstance(field, ForeignObjectRel) else field.name


def path_values(record: models.Model, path: str) -> set:
    """The values a lookup path reaches from a loaded record (``None`` for an empty link).
    Reads what select_related and prefetch_related loaded; otherwise one query per link to
    many (``values_list`` from there on)."""
    head, _sep, rest = path.partition("__")
    field = _field(type(record), head)
    if not field.is_relation:
        return {getattr(record, field.attname)}
    if _is_many(field):
        related = getattr(record, _accessor(field)).all()
        if related._result_cache is None:  # not prefetched: ask the database once
            return set(related.values_list(rest or "pk", flat=True))
        found: set = set()
        for item in related:
            found |= path_values(item, rest) if rest else {item.pk}
        return found
    if not isinstance(field, ForeignObjectRel) and (
        head == field.attname or rest in ("", "pk", field.target_field.name)
    ):
        return {getattr(record, field.attname)}
    try:
        related = getattr(record, _accessor(field))
    except ObjectDoesNotExist:  # a reverse one-to-one that is not there
        return {None}
    if related is None:
        return {None}
    return path_values(related, rest) if rest else {related.pk}


class RecordCheck:
    """Rules evaluated on one loaded record for one viewer; each path is read once, and only
    when the answer still depends on it (``&`` and ``|`` stop early)."""

    def __init__(self, viewer: Viewer, record: models.Model) -> None:
        self.viewer = viewer
        self.record = record
        self._paths: dict[str, set] = {}

    def _values(self, path: str) -> set:
        if path not in self._paths:
            self._paths[path] = path_values(self.record, path)
        return self._paths[path]

    def __call__(self, rule: Rule) -> bool:
        match rule:
            case Flag(key):
                return self.viewer.flag(key)
            case Is(path, value):
                return value in self._values(path)
            case Matches(path, key):
                wanted = self.viewer.values(key)
                return bool(wanted) and not wanted.isdisjoint(self._values(path) - {None})
            case AllOf(rules):
                return all(self(part) for part in rules)
            case AnyOf(rules):
                return any(self(part) for part in rules)
            case Not(inner):
                return not self(inner)
        raise TypeError(f"Not a rule: {rule!r}")


# --- the queryset filter ----------------------------------------------------------------------

NOTHING = Q(pk__in=[])


def _crosses_many(model: type[models.Model], path: str) -> bool:
    for name in path.split("__"):
        field = _field(model, name)
        if not field.is_relation:
            return False
        if _is_many(field):
            return True
        model = field.related_model
    return False


def _fact_q(model, path: str, lookup: str, value, prefix: str) -> Q:
    """``path`` compared with ``value``; through a link to many as a subquery (no joined
    duplicates), on ``model`` or, with a prefix, on the ``model`` a foreign key points to."""
    if _crosses_many(model, path):
        outer = OuterRef(prefix) if prefix else OuterRef("pk")
        first = _link_rows(model, path, lookup, value, outer).values("pk")[:1]
        # "Has a first such row", not EXISTS: inside the rule's OR, PostgreSQL answers an
        # EXISTS by hashing every link row of the viewer's organisation (all it was ever
        # involved in) for each list it reads. The rule's plain facts admit most records
        # first; the few that reach this question are looked up by the link's index.
        return Q(IsNull(Subquery(first), False))
    return Q(**{f"{prefix}__{path}{lookup}" if prefix else f"{path}{lookup}": value})


def _link_rows(model, path: str, lookup: str, value, outer: OuterRef) -> QuerySet:
    """The rows that make ``path`` hold ``value`` for the record ``outer``. Where the path
    starts with a link to many (a many-to-many field, or a foreign key pointing back), they
    are asked of the link's own table by its index on the record, without joining ``model``
    again (which PostgreSQL would read whole to answer)."""
    head, _sep, rest = path.partition("__")
    field = _field(model, head)
    if value is not None and field.many_to_many and not isinstance(field, ForeignObjectRel):
        through = field.remote_field.through
        target = field.m2m_reverse_field_name() + (f"__{rest}" if rest else "")
        return through._default_manager.filter(
            **{field.m2m_field_name(): outer, f"{target}{lookup}": value}
        )
    if value is not None and field.one_to_many:
        related = field.related_model
        return related._default_manager.filter(
            **{field.field.name: outer, f"{rest or 'pk'}{lookup}": value}
        )
    return model._default_manager.filter(pk=outer, **{f"{path}{lookup}": value})


def _q(rule: Rule, viewer: Viewer, model, prefix: str) -> bool | Q:
    """A ``Q``, or True/False where the viewer alone decides (folded away)."""
    match rule:
        case Flag(key):
            return viewer.flag(key)
        case Is(path, value):
            return _fact_q(model, path, "", value, prefix)
        case Matches(path, key):
            wanted = viewer.lookup(key)
            if isinstance(wanted, frozenset) and not wanted:
                return False
            return _fact_q(model, path, "__in", wanted, prefix)
        case AllOf(rules):
            return _combine(rules, viewer, model, prefix, Q.__and__, stop=False)
        case AnyOf(rules):
            return _combine(rules, viewer, model, prefix, Q.__or__, stop=True)
        case Not(inner):
            inner_q = _q(inner, viewer, model, prefix)
            return (not inner_q) if isinstance(inner_q, bool) else ~inner_q
    raise TypeError(f"Not a rule: {rule!r}")


def _combine(
    rules: tuple[Rule, ...], viewer, model, prefix, join: Callable[[Q, Q], Q], *, stop: bool
) -> bool | Q:
    """``stop`` decides the whole (False for "all", True for "any"); ``not stop`` drops out."""
    combined: Q | None = None
    for part in rules:
        part_q = _q(part, viewer, model, prefix)
        if isinstance(part_q, bool):
            if part_q is stop:
                return stop
            continue
        combined = part_q if combined is None else join(combined, part_q)
    return (not stop) if combined is None else combined


def as_q(rule: Rule, viewer: Viewer, model: type[models.Model], *, prefix: str = "") -> Q:
    """The rule as a filter on a queryset of ``model``; with ``prefix`` (a foreign key to
    ``model``, e.g. "case"), as a filter on a queryset of what points to it."""
    result = _q(rule, viewer, model, prefix)
    if result is True:
        return Q()
    if result is False:
        return NOTHING
    return result


def as_expression(rule: Rule, viewer: Viewer, model: type[models.Model], *, prefix: str = ""):
    """The rule as a boolean column, for ``annotate``: each row of a list says what the viewer
    may see of it, in the list's own query."""
    result = _q(rule, viewer, model, prefix)
    if isinstance(result, bool):
        return Value(result, output_field=BooleanField())
    # CASE WHEN, not the condition itself: a fact on an empty column (no receiving
    # organisation) is unknown in SQL, which a filter drops but a column would show as None.
    return models.Case(
        models.When(result, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
