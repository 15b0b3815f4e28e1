"""Work queues and lists for a user: what waits for their organisation's response, the list
for the wijkteamoverleg and what was decided, their open actions and the cases their
organisation leads, the reporters' answers to follow up. Lists of cases that are not the user's
own apply the need-to-know rule (cases/visibility.py) as the case lists of cases/access.py do.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import may_work_cases, team_cases_for_user
from wijkteam.cases.models import (
    WORK_STATUSES,
    Case,
    CaseAction,
    CaseStatus,
    Feedback,
    Proposal,
    ProposalResponse,
    ProposalStatus,
)
from wijkteam.cases.visibility import DETAILS, IN_TEAM, cases_q
from wijkteam.core.compiled import compiled
from wijkteam.partners.access import is_staff_member, viewer_of
from wijkteam.partners.models import Team, TeamMember, User


def proposals_waiting_for(user: User, *, team: Team | None = None) -> QuerySet[Proposal]:
    """Open proposals that wait for the response of the user's organisation, in the teams the
    user is a member of, soonest deadline first."""
    if not may_work_cases(user):
        return Proposal.objects.none()
    teams = (
        [team.pk] if team is not None else TeamMember.objects.filter(user=user).values("team_id")
    )
    return without_boundaries(
        _waiting(user.organisation_id, teams)
        # What the rows show, and no more: past eight tables PostgreSQL keeps the joins in
        # their written order, and would read the open proposals of every team first.
        .select_related("case__category", "case__neighbourhood", "lead")
    ).order_by("deadline", "id")


def _waiting(organisation_id: int, teams) -> QuerySet[Proposal]:
    """Open proposals of ``teams`` the organisation is asked to respond to and has not."""
    answered = ProposalResponse.objects.filter(
        proposal=OuterRef("pk"), organisation_id=organisation_id
    )
    return Proposal.objects.filter(
        status=ProposalStatus.OPEN,
        respondents=organisation_id,
        team_id__in=teams,
    ).filter(~Exists(answered))


@compiled("organisation_id", "user_id")
def _waiting_in_own_teams(organisation_id: int, user_id: int) -> QuerySet[Proposal]:
    """``proposals_waiting_for`` a user, as ids, at most 100, in no order: for the count."""
    teams = TeamMember.objects.filter(user_id=user_id).values("team_id")
    return _waiting(organisation_id, teams).order_by().values("pk")[:100]


def waiting_count(user: User) -> int:
    """For the navigation: how many proposals wait for my organisation (at most 100). On every
    page of who does casework: its query is compiled once (core/compiled.py)."""
    if not may_work_cases(user) or not user.organisation_id:
        return 0
    return _waiting_in_own_teams.count(organisation_id=user.organisation_id, user_id=user.pk)


def open_proposals_of_team(user: User, team: Team) -> QuerySet[Proposal]:
    """The team's open proposals on cases the user may know exist, soonest deadline first,
    each with its respondents and their responses (a counter-proposal with its lead), so
    that a page of them costs three queries however many partners respond."""
    return (
        without_boundaries(
            Proposal.objects.filter(status=ProposalStatus.OPEN, team=team)
            .filter(cases_q(viewer_of(user), prefix="case"))
            .select_related("case__category", "case__neighbourhood", "lead")
        )
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=ProposalResponse.objects.select_related("organisation", "counter_lead"),
            ),
            "respondents",
        )
        .order_by("deadline", "id")
    )


def waiting_among(user: User, proposals: list[Proposal]) -> set[int]:
    """Of these proposals of one team (loaded by ``open_proposals_of_team``), the ids of those
    that wait for the response of the user's organisation: ``proposals_waiting_for`` read
    from what is loaded, without asking the database again."""
    if not may_work_cases(user):
        return set()
    mine = user.organisation_id
    return {
        proposal.pk
        for proposal in proposals
        if proposal.status == ProposalStatus.OPEN
        and any(organisation.pk == mine for organisation in proposal.respondents.all())
        and not any(response.organisation_id == mine for response in proposal.responses.all())
    }


def escalated_cases(user: User, team: Team) -> QuerySet[Case]:
    """The list 'te bespreken in het wijkteamoverleg' of one team, the oldest first."""
    return without_boundaries(
        team_cases_for_user(user, team)
        .filter(status=CaseStatus.ESCALATED)
        .select_related(None)
        .select_related("category", "neighbourhood")
    ).order_by("opened_at", "id")


def recently_decided_cases(user: User, team: Team) -> QuerySet[Case]:
    """A team's cases whose lead was agreed, the latest agreement first."""
    return (
        team_cases_for_user(user, team)
        .filter(decided_at__isnull=False)
        .select_related(None)
        .select_related("category", "lead")
        .order_by("-decided_at", "-id")
    )


def my_teams_cases(user: User) -> QuerySet[Case]:
    """Cases of the teams the user is a member of, that the user may know exist."""
    return without_boundaries(
        Case.objects.filter(team__members__user=user)
        .filter(cases_q(viewer_of(user)))
        .select_related("category", "neighbourhood", "lead", "team__district")
    )


def team_satisfaction(team: Team, *, since) -> tuple[int, int]:
    """(satisfied, answers) of the reporters on the team's cases since a moment: a figure for
    the wijk, no records behind it."""
    figures = Feedback.objects.filter(case__team=team, created_at__gte=since).aggregate(
        answers=Count("id"), satisfied=Count("id", filter=Q(satisfied=True))
    )
    return figures["satisfied"], figures["answers"]


def feedback_awaiting_me(user: User) -> QuerySet[Feedback]:
    """ "Nee" answers on cases my organisation leads in my teams that nobody followed up yet."""
    if not may_work_cases(user):
        return Feedback.objects.none()
    return without_boundaries(
        Feedback.objects.filter(
            satisfied=False,
            follow_up="",
            case__lead_id=user.organisation_id,
            case__team_id__in=TeamMember.objects.filter(user=user).values("team_id"),
        )
        .select_related("case__category", "case__neighbourhood")
        .order_by("created_at", "id")
    )


def my_open_actions(user: User) -> QuerySet[CaseAction]:
    """Open actions for me, or for my organisation without a person, in my teams; the most
    overdue first. Not those of a case whose personal data was removed after its retention
    period: they can no longer be done, and would wait there for ever."""
    if not may_work_cases(user):
        return CaseAction.objects.none()
    return without_boundaries(
        CaseAction.objects.filter(
            done_at__isnull=True,
            case__team__members__user=user,
            case__retention_applied_at__isnull=True,
        )
        .filter(
            Q(owner_user=user)
            | Q(owner_user__isnull=True, owner_organisation_id=user.organisation_id)
        )
        .select_related("case__category", "case__team__district", "owner_organisation")
        .order_by("due_date", "id")
    )


def my_organisation_cases(user: User) -> QuerySet[Case]:
    """The cases my organisation leads and works, in my teams; the earliest target first."""
    if not is_staff_member(user):
        return Case.objects.none()
    return without_boundaries(
        Case.objects.filter(
            lead_id=user.organisation_id,
            status__in=WORK_STATUSES,
            team__members__user=user,
        )
        .select_related("category", "neighbourhood", "team__district")
        .order_by("due_at", "id")
    )


def overdue_actions_of_team(team: Team, *, today, user: User | None = None) -> QuerySet[CaseAction]:
    """The team's overdue actions; for ``user``, only those they may read: of cases whose
    details they may see, and those their organisation owns in a team they are in."""
    actions = CaseAction.objects.filter(
        case__team=team,
        done_at__isnull=True,
        due_date__lt=today,
        case__retention_applied_at__isnull=True,
    )
    if user is not None:
        viewer = viewer_of(user)
        actions = actions.filter(
            cases_q(viewer, DETAILS, prefix="case")
            | (
                Q(owner_organisation_id=user.organisation_id)
                & cases_q(viewer, IN_TEAM, prefix="case")
            )
        )
    return actions.select_related("case", "owner_organisation", "owner_user").order_by(
        "due_date", "id"
    )
