"""Moderation from an initiative's staff page: hide or show the idea on the public pages, edit
its public text, hide a supporter's comment; each with a reason the person who wrote it is
told. The team's wijkmanager or a coordinator."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkteam.core.errors import DomainError
from wijkteam.initiatives.models import Initiative
from wijkteam.initiatives.moderation import (
    initiative_hide,
    initiative_show,
    initiative_text_edit,
    support_comment_hide,
)
from wijkteam.initiatives.team_forms import ReasonForm, TextEditForm
from wijkteam.initiatives.views.team_page import back_to, decided_initiative, render_project
from wijkteam.signals.forms import add_domain_error

# The moderation form's buttons (``handeling``).
HIDE = "verbergen"
SHOW = "tonen"
EDIT = "tekst"


@login_required
@require_POST
def moderate_page(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = decided_initiative(request, reference)
    action = request.POST.get("handeling", "")
    if action == EDIT:
        return _edit(request, initiative)
    form = ReasonForm(request.POST, prefix="visibility", required=action == HIDE)
    if action not in (HIDE, SHOW):
        form.is_valid()
        form.add_error(None, _("Kies wat u wilt doen: verbergen, weer tonen of tekst aanpassen."))
        return render_project(request, initiative, forms={"visibility": form}, status=400)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if action == HIDE:
                initiative_hide(actor=request.user, initiative=initiative, reason=reason)
            else:
                initiative_show(actor=request.user, initiative=initiative, reason=reason)
        except DomainError as error:
            add_domain_error(form, error, fallback="reason")
        else:
            text = (
                _(
                    "Het initiatief is verborgen voor bewoners. De indiener krijgt de reden per "
                    "e-mail."
                )
                if action == HIDE
                else _("Het initiatief staat weer op de website. De indiener krijgt bericht.")
            )
            return back_to(initiative, text, request, "modereren")
    return render_project(request, initiative, forms={"visibility": form}, status=400)


def _edit(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    form = TextEditForm(request.POST, prefix="text")
    if form.is_valid():
        data = form.cleaned_data
        try:
            initiative_text_edit(
                actor=request.user,
                initiative=initiative,
                title=data["title"],
                description=data["description"],
                own_contribution=data["own_contribution"],
                reason=data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="reason")
        else:
            return back_to(
                initiative,
                _("De tekst is aangepast. De indiener krijgt de reden per e-mail."),
                request,
                "modereren",
            )
    return render_project(request, initiative, forms={"text": form}, status=400)


@login_required
@require_POST
def support_comment_hide_page(
    request: HttpRequest, reference: str, supporter_id: int
) -> HttpResponse:
    initiative = decided_initiative(request, reference)
    supporter = initiative.supporters.filter(pk=supporter_id, confirmed_at__isnull=False).first()
    if supporter is None:
        raise Http404
    prefix = f"hide{supporter.pk}"
    form = ReasonForm(request.POST, prefix=prefix, for_supporter=True)
    if form.is_valid():
        try:
            support_comment_hide(
                actor=request.user, supporter=supporter, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="reason")
        else:
            return back_to(initiative, _("De reactie is verborgen."), request, "steun")
    return render_project(request, initiative, forms={prefix: form}, status=400)
