"""Triage on the case page: responding to a proposal, the overleg's decision, remarks, the
summary for the partners and marking a case urgent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkteam.cases.access import (
    may_chair,
    may_respond,
    may_write_summary,
)
from wijkteam.cases.forms import (
    DecisionForm,
    RemarkForm,
    ResponseForm,
    SummaryForm,
)
from wijkteam.cases.models import Proposal, ProposalStatus
from wijkteam.cases.summary import case_remark, case_summary_set
from wijkteam.cases.triage import responses
from wijkteam.cases.triage.proposals import triage_urgent
from wijkteam.cases.views.case_page import (
    case_for_worker,
    current_proposal,
    done_redirect,
    render_case_page,
    require_team_worker,
    team_partners,
)
from wijkteam.core.errors import DomainError
from wijkteam.signals.forms import add_domain_error


@login_required
@require_POST
def case_respond(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    proposal = current_proposal(case)
    if proposal is None or not may_respond(request.user, proposal):
        raise PermissionDenied
    form = ResponseForm(request.POST, mode=proposal.mode, partners=team_partners(case))
    if form.is_valid():
        try:
            response = responses.proposal_respond(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                counter_lead=form.cleaned_data.get("counter_lead"),
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="kind")
        else:
            return done_redirect(request, case, _response_done(response.proposal))
    return render_case_page(request, case, access, forms={"response": form}, status=400)


def _response_done(proposal: Proposal) -> str:
    """The confirmation, saying so when this answer was the last one and decided the case."""
    if proposal.status == ProposalStatus.AGREED:
        return _(
            "Uw reactie is vastgelegd. Alle partners hebben gereageerd: %(lead)s is eerste reactie."
        ) % {"lead": proposal.lead.name}
    if proposal.status == ProposalStatus.ESCALATED:
        return _(
            "Uw reactie is vastgelegd. Alle partners hebben gereageerd; door een bezwaar of "
            "tegenvoorstel staat de casus nu op de lijst voor het wijkteamoverleg."
        )
    return _("Uw reactie is vastgelegd.")


@login_required
@require_POST
def case_decide(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    if not may_chair(request.user, case.team):
        raise PermissionDenied
    form = DecisionForm(request.POST, partners=team_partners(case))
    if form.is_valid():
        try:
            responses.case_decide(
                actor=request.user,
                case=case,
                lead=form.cleaned_data["lead"],
                involved=form.cleaned_data["involved"],
                reasoning=form.cleaned_data["reasoning"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="reasoning")
        else:
            return done_redirect(request, case, _("Het besluit is vastgelegd."))
    return render_case_page(request, case, access, forms={"decision": form}, status=400)


@login_required
@require_POST
def case_add_remark(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_team_worker(request, case)
    form = RemarkForm(request.POST)
    if form.is_valid():
        try:
            case_remark(actor=request.user, case=case, text=form.cleaned_data["text"])
        except DomainError as error:
            add_domain_error(form, error, fallback="text")
        else:
            return done_redirect(request, case, _("Uw opmerking staat in de tijdlijn."))
    return render_case_page(request, case, access, forms={"remark": form}, status=400)


@login_required
@require_POST
def case_summary(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    if not may_write_summary(request.user, case):
        raise PermissionDenied
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            case_summary_set(actor=request.user, case=case, summary=form.cleaned_data["summary"])
        except DomainError as error:
            add_domain_error(form, error, fallback="summary")
        else:
            return done_redirect(request, case, _("De samenvatting is bijgewerkt."))
    return render_case_page(request, case, access, forms={"summary": form}, status=400)


@login_required
@require_POST
def case_mark_urgent(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_team_worker(request, case)
    try:
        triage_urgent(actor=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", reference=case.reference)
    return done_redirect(
        request, case, _("Spoed: de politie is eerste reactie; de partners zijn geïnformeerd.")
    )
