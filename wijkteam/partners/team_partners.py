"""A team's partner organisations, read once per intake.

Taking a signal in asks several times who the team's partners are: who receives it, who is
proposed, who is asked to respond, who the police is. Inside ``team_partners_remembered()``
(the intake) the first ask reads them, with their organisations, in one query; the others are
answered from that. Outside it every ask reads afresh."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from wijkteam.partners.models import Organisation, Team, TeamPartner

_remembered: ContextVar[dict[int, list[TeamPartner]] | None] = ContextVar(
    "team_partners_remembered", default=None
)


@contextmanager
def team_partners_remembered() -> Iterator[None]:
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def team_of_district(district_id: int) -> Team | None:
    """The wijk's team. Inside ``team_partners_remembered()`` its partners come with it, in
    the same query."""
    memo = _remembered.get()
    if memo is None:
        return Team.objects.filter(district_id=district_id).first()
    partners = list(
        TeamPartner.objects.filter(team__district_id=district_id, organisation__is_active=True)
        .select_related("team", "organisation")
        .order_by("-is_core", "organisation__name")
    )
    if not partners:  # a team without active partners (or no team at all)
        team = Team.objects.filter(district_id=district_id).first()
        if team is not None:
            memo[team.pk] = []
        return team
    team = partners[0].team
    memo[team.pk] = partners
    return team


def team_partners(team_id: int) -> list[TeamPartner]:
    """The team's partners whose organisation is active, core partners first, then by name."""
    memo = _remembered.get()
    if memo is not None and team_id in memo:
        return memo[team_id]
    partners = list(
        TeamPartner.objects.filter(team_id=team_id, organisation__is_active=True)
        .select_related("organisation")
        .order_by("-is_core", "organisation__name")
    )
    if memo is not None:
        memo[team_id] = partners
    return partners


def team_partner_of_kind(team_id: int, kind: str) -> Organisation | None:
    """The team's partner organisation of this kind (a core partner first)."""
    return next(
        (p.organisation for p in team_partners(team_id) if p.organisation.kind == kind), None
    )


def core_partner_ids_of(team_id: int) -> set[int]:
    return {p.organisation_id for p in team_partners(team_id) if p.is_core}
