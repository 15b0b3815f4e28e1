"""Working a case: its status, actions (afspraken) and notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkteam.cases.access import (
    may_complete_action,
    may_handle,
)
from wijkteam.cases.forms import (
    ActionDoneForm,
    ActionForm,
    NoteForm,
    StatusForm,
)
from wijkteam.cases.handling import (
    case_action_complete,
    case_action_create,
    case_note_add,
    case_status_change,
)
from wijkteam.cases.views.case_page import (
    case_for_worker,
    done_redirect,
    render_case_page,
    require_details,
    team_members,
    team_partners,
)
from wijkteam.core.errors import DomainError
from wijkteam.signals.forms import add_domain_error


@login_required
@require_POST
def case_status(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
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
            return done_redirect(request, case, _("De status is bijgewerkt."))
    return render_case_page(request, case, access, forms={"status": form}, status=400)


@login_required
@require_POST
def case_action_add(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    form = ActionForm(
        request.POST, prefix="action", partners=team_partners(case), members=team_members(case)
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
            return done_redirect(request, case, _("De afspraak is vastgelegd."))
    return render_case_page(request, case, access, forms={"action": form}, status=400)


@login_required
@require_POST
def case_action_done(request: HttpRequest, reference: str, action_id: int) -> HttpResponse:
    case, access = case_for_worker(request, reference)
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
            return done_redirect(request, case, _("De afspraak staat op gedaan."))
    else:
        messages.error(request, _("Schrijf kort wat het resultaat is."))
    return redirect("cases:detail", reference=case.reference)


@login_required
@require_POST
def case_note(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
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
            return done_redirect(request, case, _("De notitie is toegevoegd."))
    return render_case_page(request, case, access, forms={"note": form}, status=400)
