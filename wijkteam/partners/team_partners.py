"""The teams and their partner organisations, kept per process (core/kept.py).

Taking a signal in asks several times who the team's partners are: who receives it, who is
proposed, who is asked to respond, who the police is. The answers come from what the process
keeps, read in one query after any team, partnership or organisation changed (their saves and
deletes give the partners a new version). The objects are shared: read-only."""

from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wijkteam.core.kept import data_changed, kept
from wijkteam.partners.models import Organisation, Team, TeamPartner

PARTNERS = "partners"


@dataclass
class _Teams:
    by_district: dict[int, Team] = field(default_factory=dict)
    partners: dict[int, list[TeamPartner]] = field(default_factory=dict)


def _read() -> _Teams:
    teams = _Teams()
    for team in Team.objects.all():
        teams.by_district[team.district_id] = team
        teams.partners[team.pk] = []
    for partner in (
        TeamPartner.objects.filter(organisation__is_active=True)
        .select_related("organisation")
        .order_by("-is_core", "organisation__name", "pk")
    ):
        if partner.team_id in teams.partners:
            teams.partners[partner.team_id].append(partner)
    return teams


def _teams() -> _Teams:
    return kept(PARTNERS, _read)


def team_of_district(district_id: int) -> Team | None:
    """The wijk's team (None when the wijk has none)."""
    return _teams().by_district.get(district_id)


def team_partners(team_id: int) -> list[TeamPartner]:
    """The team's partners whose organisation is active, core partners first, then by name."""
    return _teams().partners.get(team_id, [])


def team_partner_of_kind(team_id: int, kind: str) -> Organisation | None:
    """The team's partner organisation of this kind (a core partner first)."""
    return next(
        (p.organisation for p in team_partners(team_id) if p.organisation.kind == kind), None
    )


def active_organisations() -> dict[int, Organisation]:
    """Every active organisation by id, by name (kept per process: read-only)."""
    return kept(
        PARTNERS,
        lambda: {o.pk: o for o in Organisation.objects.filter(is_active=True).order_by("name")},
        part="organisations",
    )


def core_partner_ids_of(team_id: int) -> set[int]:
    return {p.organisation_id for p in team_partners(team_id) if p.is_core}


@receiver(post_save, sender=Team)
@receiver(post_save, sender=TeamPartner)
@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Team)
@receiver(post_delete, sender=TeamPartner)
@receiver(post_delete, sender=Organisation)
def _partners_saved_or_deleted(**kwargs) -> None:
    if kwargs.get("raw"):
        return
    data_changed(PARTNERS)
