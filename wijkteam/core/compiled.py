"""Queries the ORM writes once per process: what every page asks (the header's counts and wijk
switch, the session's user, the record a page is about) costs Django more to build and compile
than the database needs to answer it (the triage count: ~1.2 ms through the ORM, 0.07 ms to run
its SQL on SQLite).

``@compiled("user_id", ...)`` marks a function that builds a queryset from those values (ids;
``reference=str`` names a text value). It is built once per process and database with a
stand-in for each value, its SQL kept, and each call runs that SQL with the call's values in
the stand-ins' places. The rule stays where it is, in the ORM: the query is the one ``build``
writes, read from the database the router picks for each call (a replica when the request may
read one). Only for values that do not change the query's shape (an id or a text in ``=`` or in
a subquery's ``=``, not a list for ``__in`` nor a None that becomes ``IS NULL``): a stand-in
missing from the SQL stops the first call with an error instead of running another query, and
so does a moment in it (a query about "now" would keep the moment of its first call; the
check sees them where the database is given dates, PostgreSQL).

A call gives tuples (``rows``, for ``values_list``), a count, or model instances as the
queryset itself would give them (``instances``, ``one``): Django's own reading of a row, with
what ``select_related`` joined, the annotations and ``prefetch_related`` (those prefetches are
queries of their own, built per call)."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import connections, router
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.db.models.query import ModelIterable, get_related_populators

# Stand-ins no value is: ids far below zero, and a text no reference or token holds.
_STAND_IN = -7_654_321_000
_TEXT_STAND_IN = "\x1fstand-in {}\x1f"
_SMALLEST, _LARGEST = -(2**63), 2**63 - 1


def _storable(value: int | str) -> bool:
    """Whether a column can hold the value: an id within 64 bits (SQLite refuses a larger
    number, e.g. from a URL's ``<int:...>``), a text without a NUL (PostgreSQL holds none)."""
    if type(value) is int:
        return _SMALLEST <= value <= _LARGEST
    return "\x00" not in value


@dataclass(frozen=True)
class _Slot:
    name: str


class _Reader:
    """What Django's ModelIterable makes of a compiled query's rows: the model's instance, the
    related instances ``select_related`` joined and the annotations; then the prefetches."""

    def __init__(self, queryset: QuerySet, compiler, alias: str):
        if queryset._known_related_objects:
            raise ValueError("a queryset made from a related manager is not compiled")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        self.model = klass_info["model"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, alias)
        self.annotations = dict(compiler.annotation_col_map or {})
        self.compiler = compiler
        self.converters = compiler.get_converters(
            [column[0] for column in select[: compiler.col_count]]
        )
        self.prefetch = tuple(queryset._prefetch_related_lookups)
        self.alias = alias

    def read(self, rows: list[tuple]) -> list[Model]:
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        instances = []
        for row in rows:
            instance = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
            for related in self.related:
                related.populate(row, instance)
            for name, position in self.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        if self.prefetch and instances:
            prefetch_related_objects(instances, *self.prefetch)
        return instances


@dataclass(frozen=True)
class _Kept:
    sql: str
    slots: list
    reader: _Reader | None  # for a queryset of model instances


class CompiledQuery:
    """A query of ``build(**values)``, compiled once per database; see the module."""

    def __init__(self, build: Callable[..., QuerySet], kinds: dict[str, type]):
        self._build = build
        self._kinds = kinds
        self._kept: dict[str, _Kept] = {}
        self._lock = threading.Lock()
        self.model = None

    def _stand_ins(self) -> dict[str, int | str]:
        return {
            name: _TEXT_STAND_IN.format(number) if kind is str else _STAND_IN - number
            for number, (name, kind) in enumerate(self._kinds.items())
        }

    def _compiled(self, alias: str) -> _Kept:
        if alias not in self._kept:
            with self._lock:
                if alias not in self._kept:
                    self._kept[alias] = self._compile(alias)
        return self._kept[alias]

    def _compile(self, alias: str) -> _Kept:
        stand_ins = self._stand_ins()
        queryset = self._build(**stand_ins)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        named = {value: name for name, value in stand_ins.items()}
        slots = [_Slot(named[p]) if type(p) in (int, str) and p in named else p for p in params]
        moments = [p for p in slots if isinstance(p, date | time | timedelta)]
        if moments:
            # A moment (now, a day ago) would stay the one of the first call.
            raise ValueError(f"{self._build.__qualname__}: holds a moment: {moments[0]!r}")
        found = {slot.name for slot in slots if isinstance(slot, _Slot)}
        if found != set(self._kinds):
            missing = ", ".join(sorted(set(self._kinds) - found))
            raise ValueError(f"{self._build.__qualname__}: not in its SQL: {missing}")
        reader = None
        if queryset._iterable_class is ModelIterable:
            reader = _Reader(queryset, compiler, alias)
        return _Kept(sql, slots, reader)

    def _run(self, wrap: str, values: dict) -> tuple[_Kept, list[tuple]]:
        if values.keys() != self._kinds.keys():
            raise TypeError(f"{self._build.__qualname__} takes {', '.join(self._kinds)}")
        for name, kind in self._kinds.items():
            if type(values[name]) is not kind:
                raise TypeError(f"{self._build.__qualname__}: {name} is a {kind.__name__}")
        if self.model is None:  # the model, to ask the router where to read
            self.model = self._build(**self._stand_ins()).model
        alias = router.db_for_read(self.model)
        kept = self._compiled(alias)
        if not all(map(_storable, values.values())):
            return kept, None  # no row holds it: the ORM's answer too, without the query
        params = [values[slot.name] if isinstance(slot, _Slot) else slot for slot in kept.slots]
        with connections[alias].cursor() as cursor:
            cursor.execute(wrap.format(sql=kept.sql), params)
            return kept, cursor.fetchall()

    def queryset(self, **values) -> QuerySet:
        """The ORM's own queryset for these values, built anew (for what is not kept)."""
        return self._build(**values)

    def rows(self, **values) -> list[tuple]:
        """The rows, as tuples of the values the queryset selects (build it with ``values``
        or ``values_list``: no model is made of them)."""
        return self._run("{sql}", values)[1] or []

    def count(self, **values) -> int:
        """How many rows (slice the queryset to bound the count)."""
        rows = self._run("SELECT COUNT(*) FROM ({sql}) counted", values)[1]
        return rows[0][0] if rows else 0

    def instances(self, **values) -> list[Model]:
        """The model instances the queryset gives (build it without ``values``)."""
        kept, rows = self._run("{sql}", values)
        if kept.reader is None:
            raise TypeError(f"{self._build.__qualname__} gives values, not instances")
        return kept.reader.read(rows) if rows else []

    def one(self, **values) -> Model | None:
        """The one instance a query by a unique key finds, or None."""
        found = self.instances(**values)
        if len(found) > 1:
            raise ValueError(f"{self._build.__qualname__} found {len(found)}, not one")
        return found[0] if found else None


def compiled(*ids: str, **kinds: type) -> Callable[[Callable[..., QuerySet]], CompiledQuery]:
    """Decorates a function that builds a queryset from the named values: ids, and each of
    ``kinds`` a value of that type (``int`` or ``str``)."""
    unknown = sorted(name for name, kind in kinds.items() if kind not in (int, str))
    if unknown:
        raise TypeError(f"compiled: {', '.join(unknown)} must be int or str")

    def decorate(build: Callable[..., QuerySet]) -> CompiledQuery:
        return CompiledQuery(build, {**dict.fromkeys(ids, int), **kinds})

    return decorate
