"""The privacy officer's legal holds: put one on a case (after checking it is the right case)
and lift one (after confirming). The pages show which case it is, never its personal details."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.core.errors import DomainError
from wijkteam.privacy.access import (
    case_facts,
    case_facts_by_reference,
    cases_on_hold,
    is_privacy_officer,
    require,
)
from wijkteam.privacy.forms import PAGE_SIZE, LegalHoldForm, PageForm
from wijkteam.privacy.legal_hold import (
    case_legal_hold_lift,
    case_legal_hold_set,
    legal_hold_refusal,
)
from wijkteam.signals.forms import add_domain_error


@require(is_privacy_officer)
@require_http_methods(["GET", "POST"])
def legal_holds(request: HttpRequest) -> HttpResponse:
    """The cases on hold, and the form to put a hold on one: first the case is shown so that
    the privacy officer sees it is the right one, then the hold is set on confirmation."""
    form = LegalHoldForm(request.POST or None)
    to_confirm = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            reference = form.cleaned_data["reference"]
            case = case_facts_by_reference(request.user, reference)
            refusal = legal_hold_refusal(case) if case is not None else None
            if case is None:
                form.add_error(
                    "reference",
                    _("Er is geen casus of melding met nummer %(reference)s.")
                    % {"reference": reference.strip().upper()},
                )
            elif refusal:
                form.add_error("reference", refusal)
            elif request.POST.get("confirm") == "1":
                try:
                    case_legal_hold_set(
                        actor=request.user, case=case, reason=form.cleaned_data["reason"]
                    )
                except DomainError as error:
                    add_domain_error(form, error, fallback="reference")
                else:
                    messages.success(
                        request,
                        _(
                            "Bewaarplicht gezet op casus %(case)s. De persoonsgegevens blijven "
                            "bewaard tot u de bewaarplicht opheft."
                        )
                        % {"case": case.reference},
                    )
                    return redirect("privacy:legal_holds")
            else:
                to_confirm = case
        if form.errors:
            status = 400
    page = PageForm(request.GET)
    number = page.number()
    offset = (number - 1) * PAGE_SIZE
    held = list(cases_on_hold(request.user)[offset : offset + PAGE_SIZE + 1])
    return render(
        request,
        "privacy/legal_holds.html",
        {
            "form": form,
            "to_confirm": to_confirm,
            "held": held[:PAGE_SIZE],
            "page_number": number,
            "has_next": len(held) > PAGE_SIZE,
            "has_previous": number > 1,
        },
        status=status,
    )


@require(is_privacy_officer)
@require_http_methods(["GET", "POST"])
def legal_hold_lift(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm, then lift a case's legal hold."""
    case = case_facts().filter(reference=reference, legal_hold=True).first()
    if case is None:
        raise Http404
    if request.method == "POST":
        try:
            case_legal_hold_lift(actor=request.user, case=case)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Bewaarplicht op casus %(case)s opgeheven. Is de bewaartermijn voorbij, dan "
                    "verwijdert de volgende nachtelijke ronde de persoonsgegevens."
                )
                % {"case": case.reference},
            )
        return redirect("privacy:legal_holds")
    return render(request, "privacy/legal_hold_lift.html", {"case": case})
