"""Staff pages for cases: a case's page with its triage, the team's case list, and the triage
queues per organisation and per team."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wijkteam.cases import triage
from wijkteam.cases.access import (
    CaseAccess,
    case_for_user,
    escalated_cases,
    in_team,
    may_chair,
    may_complete_action,
    may_handle,
    may_respond,
    may_work_cases,
    my_open_actions,
    my_organisation_cases,
    my_teams_cases,
    notes_for_user,
    open_proposals_of_team,
    overdue_actions_of_team,
    proposals_waiting_for,
    recently_decided_cases,
    team_cases_for_user,
)
from wijkteam.cases.forms import (
    PAGE_SIZE,
    ActionDoneForm,
    ActionForm,
    CaseListForm,
    DecisionForm,
    MergeForm,
    MoveForm,
    NoteForm,
    RemarkForm,
    ResponseForm,
    SplitForm,
    StatusForm,
    SummaryForm,
)
from wijkteam.cases.grouping import same_place_signals
from wijkteam.cases.handling import (
    case_action_complete,
    case_action_create,
    case_note_add,
    case_status_change,
    default_note_visibility,
)
from wijkteam.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    Proposal,
    ProposalResponse,
    ProposalStatus,
)
from wijkteam.cases.services import (
    case_merge,
    case_move_signal,
    case_remark,
    case_split,
    case_summary_set,
)
from wijkteam.core.errors import DomainError
from wijkteam.partners.access import team_for_user
from wijkteam.partners.models import Organisation, Role, User
from wijkteam.signals.access import access_for, may_open_team_inbox
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.models import Sensitivity, Signal

RECENT_DAYS = 14


@dataclass
class ResponseRow:
    organisation: Organisation
    kind: str
    label: str
    reason: str
    at: object


def _partners(case: Case):
    return Organisation.objects.filter(team_partners__team_id=case.team_id, is_active=True)


def _current_proposal(case: Case) -> Proposal | None:
    return (
        case.proposals.exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("lead")
        .prefetch_related(
            "involved", "respondents", "responses__organisation", "responses__counter_lead"
        )
        .first()
    )


def _response_rows(proposal: Proposal) -> list[ResponseRow]:
    answers = {response.organisation_id: response for response in proposal.responses.all()}
    rows = []
    for organisation in sorted(proposal.respondents.all(), key=lambda o: o.name):
        answer = answers.get(organisation.pk)
        if answer is None:
            rows.append(ResponseRow(organisation, "", _("nog geen reactie"), "", None))
            continue
        label = answer.get_kind_display()
        if answer.counter_lead:
            label = _("Tegenvoorstel: %(lead)s") % {"lead": answer.counter_lead.name}
        rows.append(
            ResponseRow(organisation, answer.kind, label, answer.reason, answer.responded_at)
        )
    return rows


def _history_count(user, case: Case) -> int:
    """Signals at the same place in six months that the viewer may know exist."""
    signals = (
        same_place_signals(case)
        .exclude(
            sensitivity=Sensitivity.CONFIDENTIAL,
        )
        .values("pk")
    )
    visible = signals.count()
    if user.organisation_id:
        visible += (
            same_place_signals(case)
            .filter(sensitivity=Sensitivity.CONFIDENTIAL)
            .filter(receiving_organisation_id=user.organisation_id)
            .count()
        )
    return visible


def _signal_rows(user, case: Case, member: bool):
    signals = (
        Signal.objects.filter(case_link__case=case)
        .select_related("category", "receiving_organisation")
        .prefetch_related("shared_with")
        .order_by("created_at", "id")
    )
    rows = []
    for signal in signals:
        access = access_for(user, signal, in_team=member)
        if access is not None:
            rows.append((signal, access))
    return rows


def _detail(request: HttpRequest, case: Case, access: CaseAccess, *, forms=None, status=200):
    user = request.user
    member = in_team(user, case.team_id)
    proposal = _current_proposal(case)
    partners = _partners(case)
    worker = may_work_cases(user) and member
    chair = may_chair(user, case.team)
    context = {
        "case": case,
        "access": access,
        "proposal": proposal,
        "responses": _response_rows(proposal) if proposal else [],
        "history_count": _history_count(user, case),
        "signal_rows": _signal_rows(user, case, member),
        "may_chair": chair,
        "may_work": worker,
        "now": timezone.now(),
    }
    forms = forms or {}
    if proposal and may_respond(user, proposal):
        mine = next(
            (r for r in proposal.responses.all() if r.organisation_id == user.organisation_id),
            None,
        )
        context["my_response"] = mine
        context["response_form"] = forms.get("response") or ResponseForm(
            mode=proposal.mode,
            partners=partners,
            initial={"kind": mine.kind if mine else None},
        )
    if chair and case.status in (CaseStatus.CONSULTATION, CaseStatus.ESCALATED):
        context["decision_form"] = forms.get("decision") or DecisionForm(
            partners=partners,
            initial={
                "lead": proposal.lead_id if proposal else None,
                "involved": [o.pk for o in proposal.involved.all()] if proposal else [],
            },
        )
    if worker and case.is_open:
        context["remark_form"] = forms.get("remark") or RemarkForm()
        if access.details:
            own = [signal for signal, signal_access in context["signal_rows"]]
            context["move_form"] = forms.get("move") or MoveForm(signals=own, prefix="move")
            context["merge_form"] = forms.get("merge") or MergeForm(prefix="merge")
            if len(own) > 1:
                context["split_form"] = forms.get("split") or SplitForm(signals=own, prefix="split")
    if worker and user.organisation_id == case.source_organisation_id:
        context["summary_form"] = forms.get("summary") or SummaryForm(
            initial={"summary": case.summary}
        )
    if access.details:
        context["events"] = list(case.events.all())
        context["actions"] = list(
            case.actions.select_related("owner_organisation", "owner_user").order_by(
                "done_at", "due_date", "id"
            )
        )
        context["notes"] = list(notes_for_user(user, case, access))
        context["today"] = timezone.localdate()
        if worker and case.is_open:
            context["action_form"] = forms.get("action") or ActionForm(
                prefix="action",
                partners=partners,
                members=_members(case),
                initial={"owner_organisation": case.lead_id},
            )
            context["note_form"] = forms.get("note") or NoteForm(
                prefix="note", initial={"visibility": default_note_visibility(case)}
            )
        context["may_complete"] = {
            action.pk for action in context["actions"] if may_complete_action(user, action)
        }
    if may_handle(user, case):
        context["status_form"] = forms.get("status") or StatusForm(
            prefix="status", initial={"status": case.status}
        )
    context["sla"] = case.sla_state(timezone.now())
    return render(request, "cases/detail.html", context, status=status)


def _members(case: Case):
    return (
        User.objects.filter(team_memberships__team_id=case.team_id, is_active=True)
        .exclude(role=Role.LEZER)
        .select_related("organisation")
        .order_by("organisation__name", "full_name")
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_user(request.user, reference)
    return _detail(request, case, access)


def _case_for_action(request: HttpRequest, reference: str) -> tuple[Case, CaseAccess]:
    case, access = case_for_user(request.user, reference)
    if not may_work_cases(request.user):
        raise PermissionDenied
    return case, access


def _done(request: HttpRequest, case: Case, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("cases:detail", reference=case.reference)


@login_required
@require_POST
def case_respond(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    proposal = _current_proposal(case)
    if proposal is None or not may_respond(request.user, proposal):
        raise PermissionDenied
    form = ResponseForm(request.POST, mode=proposal.mode, partners=_partners(case))
    if form.is_valid():
        try:
            triage.proposal_respond(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                counter_lead=form.cleaned_data.get("counter_lead"),
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="kind")
        else:
            return _done(request, case, _("Uw reactie is vastgelegd."))
    return _detail(request, case, access, forms={"response": form}, status=400)


@login_required
@require_POST
def case_decide(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    if not may_chair(request.user, case.team):
        raise PermissionDenied
    form = DecisionForm(request.POST, partners=_partners(case))
    if form.is_valid():
        try:
            triage.case_decide(
                actor=request.user,
                case=case,
                lead=form.cleaned_data["lead"],
                involved=form.cleaned_data["involved"],
                reasoning=form.cleaned_data["reasoning"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="reasoning")
        else:
            return _done(request, case, _("Het besluit is vastgelegd."))
    return _detail(request, case, access, forms={"decision": form}, status=400)


def _require_team_worker(request: HttpRequest, case: Case) -> None:
    if not in_team(request.user, case.team_id):
        raise PermissionDenied


@login_required
@require_POST
def case_add_remark(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_team_worker(request, case)
    form = RemarkForm(request.POST)
    if form.is_valid():
        try:
            case_remark(actor=request.user, case=case, text=form.cleaned_data["text"])
        except DomainError as error:
            add_domain_error(form, error, fallback="text")
        else:
            return _done(request, case, _("Uw opmerking staat in de tijdlijn."))
    return _detail(request, case, access, forms={"remark": form}, status=400)


@login_required
@require_POST
def case_summary(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    if request.user.organisation_id != case.source_organisation_id:
        raise PermissionDenied
    form = SummaryForm(request.POST)
    if form.is_valid():
        case_summary_set(actor=request.user, case=case, summary=form.cleaned_data["summary"])
        return _done(request, case, _("De samenvatting is bijgewerkt."))
    return _detail(request, case, access, forms={"summary": form}, status=400)


@login_required
@require_POST
def case_mark_urgent(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_team_worker(request, case)
    if case.is_urgent or not case.is_open:
        messages.info(request, _("Deze casus heeft al spoed of is niet meer open."))
        return redirect("cases:detail", reference=case.reference)
    try:
        triage.triage_urgent(actor=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", reference=case.reference)
    return _done(
        request, case, _("Spoed: de politie is eerste reactie; de partners zijn geïnformeerd.")
    )


def _other_case(user, reference: str, form, field: str = "target") -> Case | None:
    try:
        other, other_access = case_for_user(user, reference)
    except Http404:
        form.add_error(
            field, _("Casus %(case)s bestaat niet of u kunt hem niet zien.") % {"case": reference}
        )
        return None
    if not other_access.details:
        form.add_error(
            field, _("U kunt de inhoud van casus %(case)s niet zien.") % {"case": reference}
        )
        return None
    return other


def _require_details(access: CaseAccess, request: HttpRequest, case: Case) -> None:
    _require_team_worker(request, case)
    if not access.details:
        raise PermissionDenied


@login_required
@require_POST
def case_move(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_details(access, request, case)
    signals = [signal for signal, _a in _signal_rows(request.user, case, True)]
    form = MoveForm(request.POST, signals=signals, prefix="move")
    if form.is_valid():
        target = _other_case(request.user, form.cleaned_data["target"], form)
        signal = next(s for s in signals if s.reference == form.cleaned_data["signal"])
        if target is not None:
            try:
                case_move_signal(
                    actor=request.user,
                    case=case,
                    signal=signal,
                    target=target,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                add_domain_error(form, error, fallback="target")
            else:
                return _done(
                    request,
                    case,
                    _("Melding %(signal)s is verplaatst naar %(target)s.")
                    % {"signal": signal.reference, "target": target.reference},
                )
    return _detail(request, case, access, forms={"move": form}, status=400)


@login_required
@require_POST
def case_merge_into(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_details(access, request, case)
    form = MergeForm(request.POST, prefix="merge")
    if form.is_valid():
        target = _other_case(request.user, form.cleaned_data["target"], form)
        if target is not None:
            try:
                case_merge(
                    actor=request.user, case=case, into=target, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                add_domain_error(form, error, fallback="target")
            else:
                messages.success(
                    request,
                    _("%(case)s is samengevoegd met %(target)s.")
                    % {"case": case.reference, "target": target.reference},
                )
                return redirect("cases:detail", reference=target.reference)
    return _detail(request, case, access, forms={"merge": form}, status=400)


@login_required
@require_POST
def case_split_off(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_details(access, request, case)
    signals = [signal for signal, _a in _signal_rows(request.user, case, True)]
    form = SplitForm(request.POST, signals=signals, prefix="split")
    if form.is_valid():
        chosen = [s for s in signals if s.reference in set(form.cleaned_data["signals"])]
        try:
            new = case_split(
                actor=request.user, case=case, signals=chosen, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="signals")
        else:
            messages.success(request, _("Casus %(new)s is afgesplitst.") % {"new": new.reference})
            return redirect("cases:detail", reference=new.reference)
    return _detail(request, case, access, forms={"split": form}, status=400)


@login_required
@require_POST
def case_status(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    if not may_handle(request.user, case):
        raise PermissionDenied
    form = StatusForm(request.POST, prefix="status")
    if form.is_valid():
        try:
            case_status_change(
                actor=request.user,
                case=case,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="status")
        else:
            return _done(request, case, _("De status is bijgewerkt."))
    return _detail(request, case, access, forms={"status": form}, status=400)


@login_required
@require_POST
def case_action_add(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_details(access, request, case)
    form = ActionForm(
        request.POST, prefix="action", partners=_partners(case), members=_members(case)
    )
    if form.is_valid():
        try:
            case_action_create(
                actor=request.user,
                case=case,
                description=form.cleaned_data["description"],
                owner_organisation=form.cleaned_data["owner_organisation"],
                owner_user=form.cleaned_data["owner_user"],
                due_date=form.cleaned_data["due_date"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="description")
        else:
            return _done(request, case, _("De afspraak is vastgelegd."))
    return _detail(request, case, access, forms={"action": form}, status=400)


@login_required
@require_POST
def case_action_done(request: HttpRequest, reference: str, action_id: int) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    action = case.actions.filter(pk=action_id).select_related("case__team").first()
    if action is None or not access.details:
        raise Http404
    if not may_complete_action(request.user, action):
        raise PermissionDenied
    form = ActionDoneForm(request.POST, prefix=f"done{action.pk}")
    if form.is_valid():
        try:
            case_action_complete(
                actor=request.user, action=action, result=form.cleaned_data["result"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return _done(request, case, _("De afspraak staat op gedaan."))
    else:
        messages.error(request, _("Schrijf kort wat het resultaat is."))
    return redirect("cases:detail", reference=case.reference)


@login_required
@require_POST
def case_note(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = _case_for_action(request, reference)
    _require_details(access, request, case)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            case_note_add(
                actor=request.user,
                case=case,
                text=form.cleaned_data["text"],
                visibility=form.cleaned_data["visibility"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="text")
        else:
            return _done(request, case, _("De notitie is toegevoegd."))
    return _detail(request, case, access, forms={"note": form}, status=400)


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    """Mijn werk: my open actions (overdue first) and the cases my organisation leads."""
    if not request.user.organisation_id:
        raise Http404
    actions = list(my_open_actions(request.user)[: QUEUE_ROWS + 1])
    cases = list(my_organisation_cases(request.user)[: QUEUE_ROWS + 1])
    return render(
        request,
        "cases/my_work.html",
        {
            "actions": actions[:QUEUE_ROWS],
            "more_actions": len(actions) > QUEUE_ROWS,
            "cases": cases[:QUEUE_ROWS],
            "more_cases": len(cases) > QUEUE_ROWS,
            "today": timezone.localdate(),
            "now": timezone.now(),
        },
    )


# --- lists and queues ---------------------------------------------------------------------


def _team(request: HttpRequest, district_code: str):
    team = team_for_user(request.user, district_code)
    if not may_open_team_inbox(request.user, team):
        raise Http404
    return team


@login_required
@require_GET
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
            "now": now,
            "query": request.GET.copy(),
        },
    )


QUEUE_ROWS = 50


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
            kind__in=triage.OBJECTIONS,
        )
        .select_related("organisation", "counter_lead", "proposal")
        .order_by("responded_at", "id")
    ):
        objections[response.proposal.case_id].append(response)
    return [(case, objections[case.pk]) for case in cases]


@login_required
@require_GET
def triage_team(request: HttpRequest, district_code: str) -> HttpResponse:
    """A team's triage: open proposals with each partner's response, the list for the
    wijkteamoverleg, and what was decided recently."""
    team = _team(request, district_code)
    since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
    visible = team_cases_for_user(request.user, team).values("pk")
    proposals = list(open_proposals_of_team(team).filter(case__in=visible)[: QUEUE_ROWS + 1])
    return render(
        request,
        "cases/triage_team.html",
        {
            "team": team,
            "proposals": [(p, _response_rows(p)) for p in proposals[:QUEUE_ROWS]],
            "escalated": _with_objections(list(escalated_cases(request.user, team)[:QUEUE_ROWS])),
            "decided": list(
                recently_decided_cases(request.user, team).filter(decided_at__gte=since)[:20]
            ),
            "overdue_actions": list(
                overdue_actions_of_team(team, today=timezone.localdate()).filter(
                    Q(case__sensitivity=Sensitivity.TEAM)
                    | Q(case__lead_id=request.user.organisation_id)
                    | Q(case__source_organisation_id=request.user.organisation_id)
                    | Q(owner_organisation_id=request.user.organisation_id)
                )[:QUEUE_ROWS]
            ),
            "my_waiting": set(
                proposals_waiting_for(request.user, team=team).values_list("pk", flat=True)[:200]
            ),
            "now": timezone.now(),
        },
    )
