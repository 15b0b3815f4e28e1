"""Closing a case: the outcome with a previewed message for the reporters, closing for good,
reopening, and answering a reporter who is not satisfied."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.cases.access import may_close, may_handle, may_reopen
from wijkteam.cases.closure.feedback import feedback_answer
from wijkteam.cases.closure.messages import closure_audience, closure_texts, message_for
from wijkteam.cases.closure.outcome import case_close, case_reopen, case_resolve
from wijkteam.cases.forms import AnswerForm, ReopenForm, ResolveForm
from wijkteam.cases.models import Outcome
from wijkteam.cases.views.case_page import (
    case_for_worker,
    done_redirect,
    render_case_page,
    require_details,
)
from wijkteam.core.errors import DomainError
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.models import Signal


@login_required
@require_http_methods(["GET", "POST"])
def case_resolve_page(request: HttpRequest, reference: str) -> HttpResponse:
    """Afhandelen: choose the outcome, write the message from its template, see it as the
    reporter will, then send. Nothing is sent before the preview was shown."""
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    if not may_handle(request.user, case):
        raise PermissionDenied
    texts = closure_texts()
    preview = None
    status = 200
    if request.method == "POST":
        form = ResolveForm(request.POST)
        if form.is_valid():
            outcome, message = form.cleaned_data["outcome"], form.cleaned_data["message"]
            if request.POST.get("send") == "1":
                try:
                    audience = case_resolve(
                        actor=request.user, case=case, outcome=outcome, message=message
                    )
                except DomainError as error:
                    add_domain_error(form, error, fallback="message")
                    status = 400
                else:
                    return done_redirect(request, case, _sent_text(audience))
            else:
                example = (
                    Signal.objects.filter(case_link__case=case)
                    .select_related("category")
                    .order_by("created_at", "id")
                    .first()
                )
                preview = {
                    "outcome": Outcome(outcome).label,
                    "text": message_for(message, example) if example else message,
                    "example": example,
                }
        else:
            status = 400
    else:
        outcome = request.GET.get("uitkomst")
        outcome = outcome if outcome in Outcome.values else Outcome.SOLVED
        form = ResolveForm(initial={"outcome": outcome, "message": texts.get(outcome, "")})
    return render(
        request,
        "cases/resolve.html",
        {
            "case": case,
            "form": form,
            "preview": preview,
            "audience": closure_audience(case),
            "open_actions": case.actions.filter(done_at__isnull=True).count(),
            "texts": texts,
        },
        status=status,
    )


def _sent_text(audience) -> str:
    emailed = ngettext(
        "%(count)s melder krijgt het bericht per e-mail",
        "%(count)s melders krijgen het bericht per e-mail",
        audience.emails,
    ) % {"count": audience.emails}
    pages = ngettext(
        "het staat op de pagina van %(count)s melding",
        "het staat op de pagina van %(count)s meldingen",
        audience.signals,
    ) % {"count": audience.signals}
    return _("De casus is afgehandeld: %(emailed)s en %(pages)s.") % {
        "emailed": emailed,
        "pages": pages,
    }


@login_required
@require_POST
def case_close_now(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    if not may_close(request.user, case):
        raise PermissionDenied
    try:
        case_close(actor=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", reference=case.reference)
    return done_redirect(request, case, _("De casus is gesloten."))


@login_required
@require_POST
def case_reopen_view(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    if not may_reopen(request.user, case):
        raise PermissionDenied
    form = ReopenForm(request.POST, prefix="reopen")
    if form.is_valid():
        try:
            case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error, fallback="reason")
        else:
            return done_redirect(request, case, _("De casus is heropend."))
    return render_case_page(request, case, access, forms={"reopen": form}, status=400)


@login_required
@require_POST
def feedback_answer_view(request: HttpRequest, reference: str, feedback_id: int) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    feedback = case.feedback.filter(pk=feedback_id).first()
    if feedback is None:
        raise Http404
    if not may_reopen(request.user, case):
        raise PermissionDenied
    form = AnswerForm(request.POST, prefix=f"answer{feedback.pk}")
    if form.is_valid():
        try:
            feedback_answer(
                actor=request.user, feedback=feedback, message=form.cleaned_data["message"]
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="message")
        else:
            return done_redirect(request, case, _("Uw antwoord is naar de melder gestuurd."))
    return render_case_page(request, case, access, forms={f"answer{feedback.pk}": form}, status=400)
