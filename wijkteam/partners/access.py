"""Reads of teams and wijken for a user. Team pages show colleagues' work contact details, which
every active staff member of a partner organisation may see; residents have no account."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.partners.models import Team, TeamMember, TeamPartner, User

SESSION_DISTRICT = "wijkteam.district"


def _may_see_teams(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.organisation_id is not None or user.is_superuser)
    )


def teams_for_user(user: User) -> QuerySet[Team]:
    """The wijkteams a user may open, with their wijk; empty for anyone else."""
    if not _may_see_teams(user):
        return Team.objects.none()
    return Team.objects.select_related("district").order_by("district__code")


def team_for_user(user: User, district_code: str) -> Team:
    """One wijkteam with everything its page shows, or 404 (missing and not allowed alike)."""
    team = (
        teams_for_user(user)
        .filter(district__code=district_code)
        .prefetch_related(
            Prefetch(
                "team_partners",
                queryset=TeamPartner.objects.select_related("organisation").order_by(
                    "-is_core", "organisation__name"
                ),
            ),
            Prefetch(
                "members",
                queryset=TeamMember.objects.select_related("user__organisation")
                .filter(user__is_active=True)
                .order_by("user__organisation__name", "user__full_name"),
            ),
            Prefetch("district__neighbourhoods", queryset=Neighbourhood.objects.order_by("code")),
        )
        .first()
    )
    if team is None:
        raise Http404
    return team


def districts_for_switch(user: User) -> QuerySet[District]:
    """The wijken offered in the header's wijk switch."""
    return District.objects.filter(team__in=teams_for_user(user)).only("code", "name")


def current_district_code(request: HttpRequest) -> str | None:
    """The wijk the user last chose, else the first wijkteam they are a member of."""
    user = request.user
    if not _may_see_teams(user):
        return None
    code = request.session.get(SESSION_DISTRICT)
    if code:
        return code
    membership = (
        TeamMember.objects.filter(user=user).select_related("team__district").order_by("id").first()
    )
    return membership.team.district.code if membership else None


def remember_district(request: HttpRequest, district_code: str) -> None:
    request.session[SESSION_DISTRICT] = district_code


def team_phone(*, district_id: int) -> str:
    """The phone number residents may call for the wijkteam of a wijk ("" when it has none).
    Public: it is the team's number for residents, shown to anyone who needs to call."""
    return (
        Team.objects.filter(district_id=district_id).values_list("phone", flat=True).first() or ""
    )
