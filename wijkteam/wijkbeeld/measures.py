"""Recording the wijkteam's measures (maatregelen): what, where, when, at what cost with which
partners, meant to reduce which signals; and the buurten its effect is compared with.

Each service checks by itself that the actor may change the wijk's measures
(measure_access.py: the wijk's team or who oversees all teams, not a read-only user), checks
what it is given, and writes its audit row in the same transaction."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.initiatives.text_audit import text_facts
from wijkteam.partners.actors import Actor, is_system, require_actor
from wijkteam.partners.models import Organisation, TeamPartner, User
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.amounts import read_cost
from wijkteam.wijkbeeld.measure_access import may_change_measures
from wijkteam.wijkbeeld.models import Measure, MeasureKind

TITLE_MAX = 150
DESCRIPTION_MAX = 4000
# A measure starts at most this many years back: the picture's counts go back five years.
MAX_YEARS_BACK = 5
# The comparison buurten a team may choose, at most.
MAX_COMPARISON = 20


def _require_team(actor: Actor, district: District) -> User:
    require_actor(actor)
    if is_system(actor):
        raise forbidden(_("Dit doet een medewerker van het wijkteam, niet het systeem."))
    if not may_change_measures(actor, district):
        raise forbidden(_("Alleen leden van het wijkteam kunnen maatregelen vastleggen."))
    return actor


def _names(items: Iterable) -> str:
    return ", ".join(sorted(str(getattr(item, "name", item)) for item in items))


def _years_back(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _check_text(title: str, description: str) -> None:
    if not title:
        raise DomainError(_("Geef de maatregel een naam."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("Houd de naam korter dan %(max)s tekens.") % {"max": TITLE_MAX}, field="title"
        )
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("Houd de toelichting korter dan %(max)s tekens.") % {"max": DESCRIPTION_MAX},
            field="description",
        )


def _check_kind(kind: str) -> None:
    if kind not in MeasureKind.values:
        raise DomainError(_("Kies wat voor maatregel het is."), field="kind")


def _check_neighbourhoods(district: District, neighbourhoods: Sequence[Neighbourhood]) -> None:
    if not neighbourhoods:
        raise DomainError(_("Kies in welke buurten de maatregel loopt."), field="neighbourhoods")
    outside = [n for n in neighbourhoods if n.district_id != district.pk]
    if outside:
        raise DomainError(
            _("%(names)s ligt niet in %(district)s; kies buurten van deze wijk.")
            % {"names": _names(outside), "district": district.name},
            field="neighbourhoods",
        )


def _check_dates(started_on: date | None, ended_on: date | None, *, start_changed: bool) -> None:
    today = timezone.localdate()
    if started_on is None:
        raise DomainError(_("Vul in wanneer de maatregel begon."), field="started_on")
    if start_changed and started_on > today:
        raise DomainError(
            _(
                "De startdatum ligt in de toekomst. Leg een maatregel vast als hij begonnen is; "
                "dan kan het effect ook gemeten worden."
            ),
            field="started_on",
        )
    earliest = _years_back(today, MAX_YEARS_BACK)
    if start_changed and started_on < earliest:
        raise DomainError(
            _(
                "De startdatum ligt meer dan %(years)s jaar terug (vóór %(day)s); zo ver gaan de "
                "cijfers van het wijkbeeld niet terug."
            )
            % {"years": MAX_YEARS_BACK, "day": date_format(earliest, "j F Y")},
            field="started_on",
        )
    if ended_on is not None and ended_on < started_on:
        raise DomainError(
            _("De maatregel kan niet stoppen voordat hij begon: kies een latere einddatum."),
            field="ended_on",
        )


def _check_partners(district: District, partners: Sequence[Organisation]) -> None:
    in_team = set(
        TeamPartner.objects.filter(team__district=district).values_list(
            "organisation_id", flat=True
        )
    )
    outside = [p for p in partners if p.pk not in in_team]
    if outside:
        raise DomainError(
            _("%(names)s zit niet in het wijkteam van %(district)s.")
            % {"names": _names(outside), "district": district.name},
            field="partners",
        )


def _check_categories(categories: Sequence[Category]) -> None:
    if not categories:
        raise DomainError(
            _("Kies welke meldingen de maatregel moet verminderen."), field="target_categories"
        )
    inactive = [c for c in categories if not c.is_active]
    if inactive:
        raise DomainError(
            _("%(names)s wordt niet meer gebruikt; kies een categorie die nog actief is.")
            % {"names": _names(inactive)},
            field="target_categories",
        )


def _facts(measure: Measure) -> dict:
    """What the audit trail keeps of a measure (the free text only as its length and digest)."""
    return {
        "district": measure.district.code,
        "title": measure.title,
        "kind": measure.kind,
        "description": text_facts(measure.description),
        "neighbourhoods": sorted(n.code for n in measure.neighbourhoods.all()),
        "started_on": measure.started_on.isoformat(),
        "ended_on": measure.ended_on.isoformat() if measure.ended_on else None,
        "cost": str(measure.cost) if measure.cost is not None else None,
        "partners": sorted(p.pk for p in measure.partners.all()),
        "target_categories": sorted(c.slug for c in measure.target_categories.all()),
        "comparison_neighbourhoods": sorted(
            n.code for n in measure.comparison_neighbourhoods.all()
        ),
        "is_public": measure.is_public,
    }


def measure_record(
    *,
    actor: Actor,
    district: District,
    title: str,
    kind: str,
    description: str = "",
    neighbourhoods: Sequence[Neighbourhood],
    started_on: date,
    ended_on: date | None = None,
    cost: Decimal | int | str | None = None,
    partners: Sequence[Organisation] = (),
    target_categories: Sequence[Category],
    is_public: bool = True,
) -> Measure:
    """Record a measure the team took in buurten of its wijk. ``cost`` in euros, also as
    written ("18.000", "1.500,50"); ``target_categories``: main categories and/or subcategories
    whose signals it is meant to reduce."""
    title, description = (title or "").strip(), (description or "").strip()
    neighbourhoods, partners = list(neighbourhoods), list(partners)
    target_categories = list(target_categories)
    with transaction.atomic():
        user = _require_team(actor, district)
        _check_text(title, description)
        _check_kind(kind)
        _check_neighbourhoods(district, neighbourhoods)
        _check_dates(started_on, ended_on, start_changed=True)
        amount = read_cost(cost)
        _check_partners(district, partners)
        _check_categories(target_categories)
        measure = Measure.objects.create(
            district=district,
            title=title,
            kind=kind,
            description=description,
            started_on=started_on,
            ended_on=ended_on,
            cost=amount,
            is_public=is_public,
            created_by=user,
        )
        measure.neighbourhoods.set(neighbourhoods)
        measure.partners.set(partners)
        measure.target_categories.set(target_categories)
        audit_record(
            actor=actor, action="measure_record", instance=measure, changes=_facts(measure)
        )
    return measure


def _lock(measure: Measure) -> Measure:
    return (
        Measure.objects.select_for_update(of=("self",))
        .select_related("district")
        .get(pk=measure.pk)
    )


def measure_update(
    *,
    actor: Actor,
    measure: Measure,
    title: str,
    kind: str,
    description: str = "",
    neighbourhoods: Sequence[Neighbourhood],
    started_on: date,
    ended_on: date | None = None,
    cost: Decimal | int | str | None = None,
    partners: Sequence[Organisation] = (),
    target_categories: Sequence[Category],
    is_public: bool = True,
) -> Measure:
    """Change what was recorded of a measure (its wijk stays). A start date that is not
    changed is not checked again (a measure may have started five years and a day ago). Its
    buurten leave its chosen comparison buurten."""
    title, description = (title or "").strip(), (description or "").strip()
    neighbourhoods, partners = list(neighbourhoods), list(partners)
    target_categories = list(target_categories)
    with transaction.atomic():
        current = _lock(measure)
        _require_team(actor, current.district)
        _check_text(title, description)
        _check_kind(kind)
        _check_neighbourhoods(current.district, neighbourhoods)
        _check_dates(started_on, ended_on, start_changed=started_on != current.started_on)
        amount = read_cost(cost)
        _check_partners(current.district, partners)
        _check_categories(target_categories)
        before = _facts(current)
        current.title, current.kind, current.description = title, kind, description
        current.started_on, current.ended_on, current.cost = started_on, ended_on, amount
        current.is_public = is_public
        current.save()
        current.neighbourhoods.set(neighbourhoods)
        current.partners.set(partners)
        current.target_categories.set(target_categories)
        current.comparison_neighbourhoods.remove(*neighbourhoods)
        changes = field_changes(before, _facts(current))
        if changes:
            audit_record(actor=actor, action="measure_update", instance=current, changes=changes)
    return current


def measure_remove(*, actor: Actor, measure: Measure) -> None:
    """Remove a measure that should not have been recorded (the audit trail keeps what it
    was)."""
    with transaction.atomic():
        current = _lock(measure)
        _require_team(actor, current.district)
        audit_record(
            actor=actor, action="measure_remove", instance=current, changes=_facts(current)
        )
        current.delete()


def measure_comparison_set(
    *, actor: Actor, measure: Measure, neighbourhoods: Sequence[Neighbourhood]
) -> Measure:
    """Choose the buurten the measure's effect is compared with: buurten of the gemeente (in
    any wijk) that are not the measure's own. None: the suggested ones are used
    (comparison.py)."""
    neighbourhoods = list({n.pk: n for n in neighbourhoods}.values())
    with transaction.atomic():
        current = _lock(measure)
        _require_team(actor, current.district)
        own = set(current.neighbourhoods.values_list("pk", flat=True))
        theirs = [n for n in neighbourhoods if n.pk in own]
        if theirs:
            raise DomainError(
                _(
                    "%(names)s hoort bij de maatregel zelf; een vergelijkingsbuurt is een buurt "
                    "zonder de maatregel."
                )
                % {"names": _names(theirs)},
                field="comparison_neighbourhoods",
            )
        elsewhere = [
            n for n in neighbourhoods if n.municipality_code != current.district.municipality_code
        ]
        if elsewhere:
            raise DomainError(
                _("%(names)s ligt niet in deze gemeente.") % {"names": _names(elsewhere)},
                field="comparison_neighbourhoods",
            )
        if len(neighbourhoods) > MAX_COMPARISON:
            raise DomainError(
                _("Kies hoogstens %(max)s vergelijkingsbuurten.") % {"max": MAX_COMPARISON},
                field="comparison_neighbourhoods",
            )
        before = sorted(n.code for n in current.comparison_neighbourhoods.all())
        current.comparison_neighbourhoods.set(neighbourhoods)
        after = sorted(n.code for n in neighbourhoods)
        if before != after:
            audit_record(
                actor=actor,
                action="measure_comparison_set",
                instance=current,
                changes={"comparison_neighbourhoods": [before, after]},
            )
    return current
