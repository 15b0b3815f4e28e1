"""Reads of initiatives, public and for staff, and who may do what with them.

Public: an initiative whose initiator confirmed their email address and that the team did not
hide; of its initiator only the name, and only when they said it may be shown; of its supporters
only how many there are. Staff: a wijkteam's members (and the coordinator, who oversees every
team) see the initiatives of their wijk; anyone else gets the same 404 as for one that does not
exist. The initiator's contact details are for the gemeente's members of the team (who take new
ideas in) and, once the idea is with the wijkteam, for all its members."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import may_chair, may_work_cases
from wijkteam.initiatives.models import Initiative, Stage, Supporter, WijkCheck
from wijkteam.partners.access import OVERSEEING_ROLES, in_team, is_staff_member
from wijkteam.partners.models import OrganisationKind, Team, User


def public_initiatives() -> QuerySet[Initiative]:
    """Every initiative residents may see: confirmed, not hidden."""
    return Initiative.objects.filter(confirmed_at__isnull=False, hidden_at__isnull=True)


def public_initiative(reference: str) -> Initiative:
    """One public initiative, or 404 (unconfirmed, hidden and missing alike)."""
    initiative = (
        without_boundaries(public_initiatives().select_related("district", "neighbourhood"))
        .filter(reference=reference)
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


def support_counts(initiative: Initiative) -> tuple[int, int]:
    """(confirmed supporters, of whom checked to live in the initiative's wijk)."""
    counts = Supporter.objects.filter(initiative=initiative, confirmed_at__isnull=False).aggregate(
        total=Count("id"), in_wijk=Count("id", filter=Q(wijk_check=WijkCheck.IN_WIJK))
    )
    return counts["total"], counts["in_wijk"]


def team_of(initiative: Initiative) -> Team | None:
    """The wijkteam of the initiative's wijk (none outside the known wijken)."""
    if initiative.district_id is None:
        return None
    return Team.objects.filter(district_id=initiative.district_id).first()


def may_see_team_initiatives(user: User, team_id: int) -> bool:
    """A member of the team, or a coordinator."""
    return is_staff_member(user) and in_team(user, team_id)


def team_initiatives(team: Team) -> QuerySet[Initiative]:
    """A team's initiatives as its members see them: every confirmed one of its wijk."""
    return Initiative.objects.filter(district_id=team.district_id, confirmed_at__isnull=False)


def initiative_for_user(user: User, reference: str) -> Initiative:
    """One confirmed initiative of a wijkteam the user is in, or 404 (missing and not yours
    alike)."""
    initiative = (
        without_boundaries(Initiative.objects.select_related("district", "neighbourhood"))
        .filter(reference=reference, confirmed_at__isnull=False)
        .first()
    )
    if initiative is None:
        raise Http404
    team = team_of(initiative)
    if team is None:
        # Outside the known wijken: only who oversees every team.
        if not (is_staff_member(user) and user.role in OVERSEEING_ROLES):
            raise Http404
        return initiative
    if not may_see_team_initiatives(user, team.pk):
        raise Http404
    return initiative


def sees_initiator(user: User, initiative: Initiative) -> bool:
    """Whether the user sees who proposed it and how to reach them: the gemeente's members of
    the team and the coordinator always, the team's other members once it is with the team."""
    if not is_staff_member(user):
        return False
    if user.role in OVERSEEING_ROLES:
        return True
    team = team_of(initiative)
    if team is None or not in_team(user, team.pk):
        return False
    if user.organisation.kind == OrganisationKind.GEMEENTE:
        return True
    return initiative.stage != Stage.IDEA


def may_decide(user: User, initiative: Initiative) -> bool:
    """Take it through its stages, moderate its public text, set the wijk's threshold: the
    team's wijkmanager or a coordinator."""
    team = team_of(initiative)
    if team is None:
        return is_staff_member(user) and user.role in OVERSEEING_ROLES and may_work_cases(user)
    return may_chair(user, team)


def may_work_on(user: User, initiative: Initiative) -> bool:
    """Record contributions, milestones and remarks: a member of the team who may work (not a
    read-only user), or a coordinator."""
    if not may_work_cases(user):
        return False
    team = team_of(initiative)
    if team is None:
        return user.role in OVERSEEING_ROLES
    return in_team(user, team.pk)
