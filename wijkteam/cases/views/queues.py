"""Lists and queues: Mijn werk, a team's cases, and the triage pages per organisation and team."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wijkteam.cases.access import may_work_cases, team_cases_for_user
from wijkteam.cases.forms import (
    PAGE_SIZE,
    CaseListForm,
    PageForm,
)
from wijkteam.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    ProposalResponse,
    ProposalStatus,
)
from wijkteam.cases.triage.lead import OBJECTIONS
from wijkteam.cases.views.case_page import (
    response_rows,
)
from wijkteam.cases.worklists import (
    escalated_cases,
    feedback_awaiting_me,
    my_open_actions,
    my_organisation_cases,
    my_teams_cases,
    open_proposals_of_team,
    overdue_actions_of_team,
    proposals_waiting_for,
    recently_decided_cases,
    team_satisfaction,
    waiting_among,
)
from wijkteam.core.replica import reads_from_replica
from wijkteam.partners.access import may_open_team_lists, team_districts_of, teams_for_user
from wijkteam.partners.models import Team

RECENT_DAYS = 14


@login_required
@require_GET
@reads_from_replica
def my_work(request: HttpRequest) -> HttpResponse:
    """Mijn werk: my open actions (overdue first) and the cases my organisation leads."""
    if not request.user.organisation_id:
        raise Http404
    actions = list(my_open_actions(request.user)[: QUEUE_ROWS + 1])
    cases = list(my_organisation_cases(request.user)[: QUEUE_ROWS + 1])
    unhappy = list(feedback_awaiting_me(request.user)[:QUEUE_ROWS])
    return render(
        request,
        "cases/my_work.html",
        {
            "actions": actions[:QUEUE_ROWS],
            "more_actions": len(actions) > QUEUE_ROWS,
            "cases": cases[:QUEUE_ROWS],
            "more_cases": len(cases) > QUEUE_ROWS,
            "unhappy": unhappy,
            "today": timezone.localdate(),
            "now": timezone.now(),
        },
    )


def _team(request: HttpRequest, district_code: str) -> Team:
    """The wijkteam of a list page, or 404; only the team and its wijk (the team's own page
    reads its partners, members and buurten, which these lists do not show)."""
    team = teams_for_user(request.user).filter(district__code=district_code).first()
    if team is None or not may_open_team_lists(request.user, team):
        raise Http404
    return team


@login_required
@require_GET
@reads_from_replica
def team_cases(request: HttpRequest, district_code: str) -> HttpResponse:
    """A wijkteam's cases, newest first; LIMIT n+1 paging (no COUNT at scale)."""
    team = _team(request, district_code)
    form = CaseListForm(request.GET or None)
    cases = team_cases_for_user(request.user, team)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status")
    cases = cases.filter(status=status) if status else cases.filter(status__in=OPEN_STATUSES)
    now = timezone.now()
    if data.get("termijn") == "late":
        cases = cases.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    elif data.get("termijn") == "very_late":
        cases = cases.filter(status__in=OPEN_STATUSES, very_late_at__lt=now)
    order = ("due_at", "id") if data.get("sorteer") == "termijn" else ("-opened_at", "-id")
    number = data.get("pagina") or 1
    offset = (number - 1) * PAGE_SIZE
    rows = list(cases.order_by(*order)[offset : offset + PAGE_SIZE + 1])
    return render(
        request,
        "cases/team_cases.html",
        {
            "team": team,
            "form": form,
            "cases": rows[:PAGE_SIZE],
            "page_number": number,
            "has_next": len(rows) > PAGE_SIZE,
            "has_previous": number > 1,
            "satisfaction": team_satisfaction(team, since=now - timezone.timedelta(days=365)),
            "now": now,
            "query": request.GET.copy(),
        },
    )


QUEUE_ROWS = 50
# A running proposal is shown with every partner's response: a page holds fewer of them.
PROPOSALS_PER_PAGE = 25
DECIDED_ROWS = 20


@login_required
@require_GET
def triage_mine(request: HttpRequest) -> HttpResponse:
    """What waits for my organisation's response, in every wijkteam I am in."""
    if not request.user.organisation_id:
        raise Http404
    waiting = list(proposals_waiting_for(request.user)[: QUEUE_ROWS + 1])
    since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
    mine = my_teams_cases(request.user)
    return render(
        request,
        "cases/triage_mine.html",
        {
            "waiting": waiting[:QUEUE_ROWS],
            "more_waiting": len(waiting) > QUEUE_ROWS,
            "escalated": _with_objections(
                list(mine.filter(status=CaseStatus.ESCALATED).order_by("opened_at")[:QUEUE_ROWS])
            ),
            "decided": list(
                mine.filter(lead_id=request.user.organisation_id, decided_at__gte=since).order_by(
                    "-decided_at", "-id"
                )[:20]
            ),
            "may_respond_at_all": may_work_cases(request.user),
            "team_districts": team_districts_of(request),
            "now": timezone.now(),
        },
    )


def _with_objections(cases: list[Case]) -> list[tuple[Case, list]]:
    """Each case on the overleg list with the objections that sent it there (the chair needs
    to know who disagreed and why before the meeting)."""
    objections: dict[int, list] = {case.pk: [] for case in cases}
    for response in (
        ProposalResponse.objects.filter(
            proposal__case__in=cases,
            proposal__status=ProposalStatus.ESCALATED,
            kind__in=OBJECTIONS,
        )
        .select_related("organisation", "counter_lead", "proposal")
        .order_by("responded_at", "id")
    ):
        objections[response.proposal.case_id].append(response)
    return [(case, objections[case.pk]) for case in cases]


@login_required
@require_GET
def triage_team(request: HttpRequest, district_code: str) -> HttpResponse:
    """A team's triage: the list for the wijkteamoverleg, the open proposals with each
    partner's response (a page at a time, soonest deadline first), the overdue actions and
    what was agreed recently. A constant number of queries, each bounded by its list."""
    team = _team(request, district_code)
    user = request.user
    number = PageForm(request.GET or None).page_number()
    offset = (number - 1) * PROPOSALS_PER_PAGE
    proposals = list(open_proposals_of_team(user, team)[offset : offset + PROPOSALS_PER_PAGE + 1])
    shown = proposals[:PROPOSALS_PER_PAGE]
    escalated = list(escalated_cases(user, team)[: QUEUE_ROWS + 1])
    overdue = list(
        overdue_actions_of_team(team, today=timezone.localdate(), user=user)[: QUEUE_ROWS + 1]
    )
    since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
    return render(
        request,
        "cases/triage_team.html",
        {
            "team": team,
            "proposals": [(p, response_rows(p)) for p in shown],
            "my_waiting": waiting_among(user, shown),
            "page_number": number,
            "has_next": len(proposals) > PROPOSALS_PER_PAGE,
            "has_previous": number > 1,
            "escalated": _with_objections(escalated[:QUEUE_ROWS]),
            "more_escalated": len(escalated) > QUEUE_ROWS,
            "overdue_actions": overdue[:QUEUE_ROWS],
            "more_overdue": len(overdue) > QUEUE_ROWS,
            "decided": list(
                recently_decided_cases(user, team).filter(decided_at__gte=since)[:DECIDED_ROWS]
            ),
            "decided_rows": DECIDED_ROWS,
            "now": timezone.now(),
        },
    )
