"""Reads of teams and wijken for a user. Team pages show colleagues' work contact details, which
every active staff member of a partner organisation may see; residents have no account."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.urls import reverse

from wijkteam.access.rules import Viewer
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.compiled import compiled
from wijkteam.partners.models import (
    ADMIN_ROLES,
    OrganisationKind,
    Role,
    Team,
    TeamFunction,
    TeamMember,
    TeamPartner,
    User,
)

SESSION_DISTRICT = "wijkteam.district"
# Roles that oversee every wijkteam.
OVERSEEING_ROLES = frozenset({Role.COORDINATOR})
# Team functions that sit in a wijkteam for one task of their own, not for its casework: the
# gemeente's debt counsellors receive the arrears passed on to them, nothing else.
SINGLE_TASK_FUNCTIONS = frozenset({TeamFunction.SCHULDHULPVERLENER})


# What the need-to-know rules (access/rules.py) ask about the person looking.
STAFF = "staff"  # an active staff member of a partner organisation
OVERSEES = "oversees"  # oversees every wijkteam (a coordinator)
ORGANISATION = "organisation"  # the id of their organisation
TEAMS = "teams"  # the ids of the wijkteams they are a member of
# The main categories (slugs) whose records of their organisation they see in every wijk: a
# role that works across wijken (DESIGN §6), such as the corporation's rent administration for
# the arrears. Everyone else sees their organisation's records in their own wijkteams only.
ACROSS_WIJKEN = "across_wijken"

# The rent administration's main category: the arrears.
ARREARS_MAIN_CATEGORY = "financieel"


def is_rent_administration(user: User) -> bool:
    """A housing corporation's rent administration: registers and imports arrears signals and
    follows them in every wijk."""
    return bool(
        is_staff_member(user)
        and user.role == Role.HUURADMINISTRATIE
        and user.organisation.kind == OrganisationKind.CORPORATIE
    )


def _across_wijken(user: User) -> tuple[str, ...]:
    return (ARREARS_MAIN_CATEGORY,) if is_rent_administration(user) else ()


def is_staff_member(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


def viewer_of(user: User, *, teams: Iterable[int] | None = None) -> Viewer:
    """The user as the need-to-know rules see them. Their teams are read when a rule needs
    them (as a subquery in a filter), so make one viewer per page and pass it around. A caller
    that already knows in which teams to count the user (overseeing included) gives ``teams``."""
    if not is_staff_member(user):
        return Viewer(
            flags={STAFF: False, OVERSEES: False},
            values={ORGANISATION: (), TEAMS: (), ACROSS_WIJKEN: ()},
        )
    if teams is not None:
        oversees, member_of = False, tuple(teams)
    else:
        oversees = user.role in OVERSEEING_ROLES
        member_of = TeamMember.objects.filter(user_id=user.pk).values_list("team_id", flat=True)
    return Viewer(
        flags={STAFF: True, OVERSEES: oversees},
        values={
            ORGANISATION: (user.organisation_id,),
            TEAMS: member_of,
            ACROSS_WIJKEN: _across_wijken(user),
        },
    )


def organisation_viewer(organisation_id: int, *, team_id: int) -> Viewer:
    """An organisation as a member of one wijkteam would see: what it may see there as an
    organisation, for a decision made on its behalf (which case its new signal joins)."""
    return Viewer(
        flags={STAFF: True, OVERSEES: False},
        values={ORGANISATION: (organisation_id,), TEAMS: (team_id,), ACROSS_WIJKEN: ()},
    )


def team_ids_for(user: User) -> set[int]:
    return set(TeamMember.objects.filter(user=user).values_list("team_id", flat=True))


def in_team(user: User, team_id: int, *, member_ids: Iterable[int] | None = None) -> bool:
    """The user is a member of the team, or oversees all teams. ``member_ids``: the team's
    members' user ids, when the caller has them loaded."""
    if user.role in OVERSEEING_ROLES:
        return True
    if member_ids is not None:
        return user.pk in set(member_ids)
    return team_id in team_ids_for(user)


def may_open_team_lists(
    user: User, team: Team | None = None, *, is_member: bool | None = None
) -> bool:
    """Whether the user may open a wijkteam's own lists: its inbox, its triage and its cases.
    Those views refuse anyone else with a 404, and pages offer links to them by this same rule.
    For an active staff member of a partner organisation who is a member of the team, or who
    oversees every team. ``is_member``: whether the user is a member of ``team``, when the
    caller knows it already from a query of its own (``in_team``'s answer will do: it differs
    only for who oversees every team, let in here anyway); then ``team`` may be left out.
    Otherwise the membership is read (one query)."""
    if not is_staff_member(user):
        return False
    if user.role in OVERSEEING_ROLES:
        return True
    if is_member is None:
        if team is None:
            raise TypeError("may_open_team_lists needs the team or is_member")
        return TeamMember.objects.filter(user=user, team=team).exists()
    return is_member


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
    return without_boundaries(_every_team().select_related("district")).order_by("district__code")


def _every_team() -> QuerySet[Team]:
    """Whoever may see teams sees every wijkteam (``_may_see_teams``)."""
    return Team.objects.all()


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
                .filter(user__is_active=True, user__is_api_account=False)
                .order_by("user__organisation__name", "user__full_name"),
            ),
            Prefetch(
                "district__neighbourhoods",
                queryset=without_boundaries(Neighbourhood.objects.order_by("code")),
            ),
        )
        .first()
    )
    if team is None:
        raise Http404
    return team


@dataclass(frozen=True)
class SwitchDistrict:
    """A wijk in the header's wijk switch, with the user's function in its wijkteam
    (``my_function``: "" or None where they are no member) and their membership's id
    (``my_membership``)."""

    code: str
    name: str
    my_function: str | None
    my_membership: int | None


def districts_for_switch(user: User) -> list[SwitchDistrict]:
    """The wijken offered in the header's wijk switch: the same query tells the menu what the
    user's work is (see ``work_of``) and the header which wijk is theirs
    (``current_district_code``). On every staff page: its query is compiled once
    (core/compiled.py)."""
    if not _may_see_teams(user):
        return []
    return [SwitchDistrict(*row) for row in _switch_districts.rows(user_id=user.pk)]


@compiled("user_id")
def _switch_districts(user_id: int) -> QuerySet[District]:
    """The wijken of the wijkteams, with the user's function and membership in each, in the
    order of the wijk codes."""
    mine = TeamMember.objects.filter(team__district=OuterRef("pk"), user_id=user_id)
    return (
        District.objects.filter(team__in=_every_team())
        .annotate(
            my_function=Subquery(mine.values("function")[:1]),
            my_membership=Subquery(mine.values("id")[:1]),
        )
        .order_by("code")
        .values_list("code", "name", "my_function", "my_membership")
    )


def current_district_code(request: HttpRequest) -> str | None:
    """The wijk the user last chose, else the first wijkteam they became a member of (read from
    the wijk switch's query: every wijkteam is in the switch of everyone who may see teams)."""
    user = request.user
    if not _may_see_teams(user):
        return None
    code = request.session.get(SESSION_DISTRICT)
    if code:
        return code
    mine = [d for d in switch_districts_of(request) if d.my_membership is not None]
    return min(mine, key=lambda district: district.my_membership).code if mine else None


def remember_district(request: HttpRequest, district_code: str) -> None:
    request.session[SESSION_DISTRICT] = district_code


@dataclass(frozen=True)
class Work:
    """What a user's role and place in the wijkteams give them to do: where they land after
    logging in (and on "/") and which menu items fit. Access itself is checked by each page;
    this only keeps people away from pages that are not their work."""

    team_functions: frozenset[str]
    rent_administration: bool

    @property
    def casework(self) -> bool:
        """A member of a wijkteam for its casework: answers proposals, works in the field."""
        return bool(self.team_functions - SINGLE_TASK_FUNCTIONS)

    @property
    def debt_counsellor(self) -> bool:
        return TeamFunction.SCHULDHULPVERLENER in self.team_functions


REQUEST_DISTRICTS = "_wijkteam_switch_districts"
REQUEST_WORK = "_wijkteam_work"


def switch_districts_of(request: HttpRequest) -> list[District]:
    """``districts_for_switch`` for the signed-in user, read once per request."""
    districts = getattr(request, REQUEST_DISTRICTS, None)
    if districts is None:
        districts = districts_for_switch(request.user)
        setattr(request, REQUEST_DISTRICTS, districts)
    return districts


def team_districts_of(request: HttpRequest) -> list[District]:
    """The wijken of the switch whose team's own lists (inbox, triage, cases) the user may open
    (``may_open_team_lists``), their membership read from the switch's query."""
    return [
        district
        for district in switch_districts_of(request)
        if may_open_team_lists(request.user, is_member=district.my_function is not None)
    ]


def work_of(request: HttpRequest) -> Work:
    """The signed-in user's work, from the wijk switch's query (so the menu costs no query of
    its own), kept on the request for the menu and the landing page."""
    work = getattr(request, REQUEST_WORK, None)
    if work is None:
        user = request.user
        # Every wijkteam is in the switch of everyone who may see teams; a member is seen there.
        functions = frozenset(
            district.my_function
            for district in switch_districts_of(request)
            if district.my_function
        )
        work = Work(
            team_functions=functions,
            # The rent administration, whose work is the arrears signals (typed in or
            # imported), not a wijk.
            rent_administration=is_rent_administration(user),
        )
        setattr(request, REQUEST_WORK, work)
    return work


def arrears_list_url() -> str:
    return reverse("signals:organisation") + f"?categorie={ARREARS_MAIN_CATEGORY}"


def landing_url(request: HttpRequest) -> str:
    """Where a user lands after logging in and on "/": where their work is."""
    user = request.user
    work = work_of(request)
    if user.role in ADMIN_ROLES and user.is_staff:
        return reverse("admin:index")
    if user.role == Role.PRIVACY_OFFICER:
        return reverse("privacy:overview")
    if work.rent_administration:
        return arrears_list_url()
    if (
        work.debt_counsellor
        and not work.casework
        and user.organisation_id
        and user.organisation.kind == OrganisationKind.GEMEENTE  # whose debt help it is
    ):
        return reverse("signals:debt_help")
    if user.role == Role.WIJKBEHEERDER and work.casework:
        return reverse("intake:field")
    code = current_district_code(request)
    if code:
        return reverse("teams:detail", kwargs={"district_code": code})
    return reverse("teams:list")


def team_phone(*, district_id: int) -> str:
    """The phone number residents may call for the wijkteam of a wijk ("" when it has none).
    Public: it is the team's number for residents, shown to anyone who needs to call."""
    return (
        Team.objects.filter(district_id=district_id).values_list("phone", flat=True).first() or ""
    )
