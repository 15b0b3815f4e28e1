"""A case's page: what the viewer may see of it, with the forms for what they may do."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.cases.access import (
    CaseAccess,
    Seat,
    case_for_user,
    case_signals_for_user,
    feedback_of_case,
    may_chair,
    may_close,
    may_complete_action,
    may_handle,
    may_regroup,
    may_reopen,
    may_respond,
    may_work_cases,
    may_write_summary,
    notes_for_user,
    same_place_count_for_user,
    seat_in,
)
from wijkteam.cases.forms import (
    ActionForm,
    AnswerForm,
    DecisionForm,
    MergeForm,
    MoveForm,
    NoteForm,
    RemarkForm,
    ReopenForm,
    ResponseForm,
    SplitForm,
    StatusForm,
    SummaryForm,
)
from wijkteam.cases.handling import (
    default_note_visibility,
)
from wijkteam.cases.models import (
    Case,
    CaseStatus,
    Proposal,
    ProposalStatus,
)
from wijkteam.cases.views.document_section import document_context
from wijkteam.core.choice_fields import read_once
from wijkteam.notifications.selectors import delivery_counts
from wijkteam.partners.access import OVERSEEING_ROLES, in_team, may_open_team_lists
from wijkteam.partners.models import Organisation, Role, User


@dataclass
class ResponseRow:
    organisation: Organisation
    kind: str
    label: str
    reason: str
    at: object


def team_partners(case: Case):
    return Organisation.objects.filter(team_partners__team_id=case.team_id, is_active=True)


def current_proposal(case: Case) -> Proposal | None:
    return (
        case.proposals.exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("lead")
        .prefetch_related(
            "involved", "respondents", "responses__organisation", "responses__counter_lead"
        )
        .first()
    )


def response_rows(proposal: Proposal) -> list[ResponseRow]:
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


def render_case_page(
    request: HttpRequest, case: Case, access: CaseAccess, *, forms=None, status=200
):
    user = request.user
    # The user's place in the case's team, read once for every rule the page asks.
    seat = seat_in(user, case.team_id)
    member = seat.member or user.role in OVERSEEING_ROLES  # as in_team
    proposal = current_proposal(case)
    # Read once for every form of the page that offers them.
    partners = read_once(team_partners(case))
    worker = may_work_cases(user) and member
    chair = may_chair(user, case.team, seat=seat)
    context = {
        "case": case,
        "access": access,
        "proposal": proposal,
        "responses": response_rows(proposal) if proposal else [],
        "history_count": same_place_count_for_user(user, case),
        "signal_rows": case_signals_for_user(user, case),
        "may_chair": chair,
        "may_work": worker,
        # The team's triage, linked by the rule it enforces.
        "opens_team_triage": may_open_team_lists(user, case.team, is_member=member),
        "now": timezone.now(),
    }
    forms = forms or {}
    if proposal and may_respond(user, proposal, seat=seat):
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
        if access.details and may_regroup(user, case, seat=seat):
            # Only signals whose details the user sees can be moved (regrouping.py).
            own = [signal for signal, seen in context["signal_rows"] if seen.details]
            context["move_form"] = forms.get("move") or MoveForm(signals=own, prefix="move")
            context["merge_form"] = forms.get("merge") or MergeForm(prefix="merge")
            if len(own) > 1:
                context["split_form"] = forms.get("split") or SplitForm(signals=own, prefix="split")
    if worker and may_write_summary(user, case) and case.retention_applied_at is None:
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
        context.update(
            document_context(
                user, case, access, worker=worker, form=forms.get("document"), seat=seat
            )
        )
        context["today"] = timezone.localdate()
        if worker and case.is_open:
            context["action_form"] = forms.get("action") or ActionForm(
                prefix="action",
                partners=partners,
                members=team_members(case),
                initial={"owner_organisation": case.lead_id},
            )
            context["note_form"] = forms.get("note") or NoteForm(
                prefix="note", initial={"visibility": default_note_visibility(case)}
            )
        context["may_complete"] = {
            action.pk
            for action in context["actions"]
            if may_complete_action(user, action, seat=seat)
        }
    if may_handle(user, case, seat=seat):
        context["status_form"] = forms.get("status") or StatusForm(
            prefix="status", initial={"status": case.status}
        )
        context["may_resolve"] = access.details
    context.update(_closure_context(user, case, access, forms, seat))
    context["sla"] = case.sla_state(timezone.now())
    return render(request, "cases/detail.html", context, status=status)


def _closure_context(user, case: Case, access: CaseAccess, forms: dict, seat: Seat) -> dict:
    """The outcome, the message the reporters got and how its emails fared, the reporters'
    answers, and what the lead may do next (close, reopen, answer a "nee")."""
    context: dict = {}
    if not access.details:
        return context
    feedback = list(feedback_of_case(case, access))
    context["feedback"] = feedback
    if case.resolution_round and case.retention_applied_at is None:
        # After the retention run the emails are gone; "0 verzonden" would mislead.
        context["deliveries"] = delivery_counts(case.reference)
    context["may_close"] = may_close(user, case, seat=seat)
    context["close_after_days"] = settings.WIJKTEAM_CASE_CLOSE_AFTER_DAYS
    if may_reopen(user, case, seat=seat):
        context["reopen_form"] = forms.get("reopen") or ReopenForm(prefix="reopen")
        context["answer_forms"] = {
            item.pk: forms.get(f"answer{item.pk}") or AnswerForm(prefix=f"answer{item.pk}")
            for item in feedback
            if not item.satisfied and not item.follow_up
        }
    return context


def team_members(case: Case):
    return (
        User.objects.filter(
            team_memberships__team_id=case.team_id, is_active=True, is_api_account=False
        )
        .exclude(role=Role.LEZER)
        .select_related("organisation")
        .order_by("organisation__name", "full_name")
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_user(request.user, reference)
    return render_case_page(request, case, access)


def case_for_worker(request: HttpRequest, reference: str) -> tuple[Case, CaseAccess]:
    case, access = case_for_user(request.user, reference)
    if not may_work_cases(request.user):
        raise PermissionDenied
    return case, access


def done_redirect(request: HttpRequest, case: Case, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("cases:detail", reference=case.reference)


def require_team_worker(request: HttpRequest, case: Case) -> None:
    if not in_team(request.user, case.team_id):
        raise PermissionDenied


def require_details(access: CaseAccess, request: HttpRequest, case: Case) -> None:
    require_team_worker(request, case)
    if not access.details:
        raise PermissionDenied


def other_case(user, reference: str, form, field: str = "target") -> Case | None:
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
