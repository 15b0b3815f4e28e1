"""Ordering signals and cases: moving a signal, merging and splitting cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkteam.cases.access import case_signals_for_user, may_regroup
from wijkteam.cases.forms import (
    MergeForm,
    MoveForm,
    SplitForm,
)
from wijkteam.cases.regrouping import case_merge, case_move_signal, case_split
from wijkteam.cases.views.case_page import (
    case_for_worker,
    done_redirect,
    other_case,
    render_case_page,
    require_details,
)
from wijkteam.core.errors import DomainError
from wijkteam.signals.forms import add_domain_error


def _require_regrouper(request: HttpRequest, case) -> None:
    """Where a signal goes decides who sees it: the lead's (or the chair's) decision."""
    if not may_regroup(request.user, case):
        raise PermissionDenied


@login_required
@require_POST
def case_move(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    _require_regrouper(request, case)
    signals = [signal for signal, seen in case_signals_for_user(request.user, case) if seen.details]
    form = MoveForm(request.POST, signals=signals, prefix="move")
    if form.is_valid():
        target = other_case(request.user, form.cleaned_data["target"], form)
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
                return done_redirect(
                    request,
                    case,
                    _("Melding %(signal)s is verplaatst naar %(target)s.")
                    % {"signal": signal.reference, "target": target.reference},
                )
    return render_case_page(request, case, access, forms={"move": form}, status=400)


@login_required
@require_POST
def case_merge_into(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    _require_regrouper(request, case)
    form = MergeForm(request.POST, prefix="merge")
    if form.is_valid():
        target = other_case(request.user, form.cleaned_data["target"], form)
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
    return render_case_page(request, case, access, forms={"merge": form}, status=400)


@login_required
@require_POST
def case_split_off(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_worker(request, reference)
    require_details(access, request, case)
    _require_regrouper(request, case)
    signals = [signal for signal, seen in case_signals_for_user(request.user, case) if seen.details]
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
    return render_case_page(request, case, access, forms={"split": form}, status=400)
