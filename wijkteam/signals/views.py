"""Staff pages for signals: the team inbox, a signal's page and photos, and passing arrears
on to the gemeente's debt help (the corporation's confirmation, the gemeente's list)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.areas.map import areas_map_data, map_tiles
from wijkteam.core.errors import DomainError
from wijkteam.core.paging import page_number
from wijkteam.core.replica import reads_from_replica
from wijkteam.core.shown_once import note_for, shown
from wijkteam.core.workdays import add_working_days
from wijkteam.partners.access import ARREARS_MAIN_CATEGORY, may_open_team_lists, team_for_user
from wijkteam.signals.access import (
    arrears_signal_to_refer,
    debt_help_page_for_user,
    debt_help_referral_for_user,
    debt_help_referral_of,
    may_edit_signal,
    may_open_debt_help,
    may_pick_up_debt_help,
    may_refer_to_debt_help,
    may_register_arrears,
    organisation_signals_for_user,
    signal_for_user,
    signal_photo_for_user,
    signal_rows_for_user,
    team_signals_for_user,
)
from wijkteam.signals.debt_help import (
    arrears_refer_to_debt_help,
    arrears_steps_missing,
    debt_help_plan,
    debt_help_referral_pick_up,
)
from wijkteam.signals.inbox import InboxFilterForm, inbox_page
from wijkteam.signals.models import Attachment

# The tracking link of a signal staff just registered, shown once on its page.
TRACKING_COOKIE = "wijkteam_staff_tracking"


@login_required
@require_GET
@reads_from_replica
def team_inbox(request: HttpRequest, district_code: str) -> HttpResponse:
    """A wijkteam's signals, newest first, each with what the viewer may see of it."""
    team = team_for_user(request.user, district_code)
    if not may_open_team_lists(request.user, team):
        raise Http404
    neighbourhoods = list(team.district.neighbourhoods.all())
    form = InboxFilterForm(request.GET or None, neighbourhoods=neighbourhoods)
    page = inbox_page(team_signals_for_user(request.user, team), form)
    return render(
        request,
        "signals/inbox.html",
        {
            "title": _("Meldingen in %(name)s") % {"name": team.district.name},
            "team": team,
            "form": form,
            "page": page,
            "rows": signal_rows_for_user(request.user, page.signals),
        },
    )


@login_required
@require_GET
@reads_from_replica
def organisation_inbox(request: HttpRequest) -> HttpResponse:
    """Every signal the user's organisation received, in all wijken."""
    if not request.user.organisation_id:
        raise Http404
    form = InboxFilterForm(request.GET or None)
    page = inbox_page(organisation_signals_for_user(request.user), form)
    # Filtered on arrears, this is the rent administration's list: with its two doors.
    arrears = (
        form.is_valid()
        and form.cleaned_data.get("categorie") == ARREARS_MAIN_CATEGORY
        and may_register_arrears(request.user)
    )
    name = request.user.organisation.name
    return render(
        request,
        "signals/inbox.html",
        {
            "title": _("Huurachterstanden bij %(name)s") % {"name": name}
            if arrears
            else _("Meldingen voor %(name)s") % {"name": name},
            "arrears": arrears,
            "form": form,
            "page": page,
            "rows": signal_rows_for_user(request.user, page.signals),
        },
    )


@login_required
@require_GET
def signal_detail(request: HttpRequest, reference: str) -> HttpResponse:
    signal, access = signal_for_user(request.user, reference)
    context = {
        "signal": signal,
        "access": access,
        "response_due": add_working_days(signal.created_at, signal.category.response_days),
        "may_edit": may_edit_signal(request.user, signal),
    }
    if access.details:
        arrears = getattr(signal, "arrears", None)
        context |= {
            "attachments": list(signal.attachments.all()),
            "events": list(signal.events.all()),
            "arrears": arrears,
        }
        if signal.latitude is not None:
            # The point among the buurten, so that the map says something without tiles too.
            context["map_data"] = areas_map_data() | {
                "tiles": map_tiles(),
                "point": [signal.latitude, signal.longitude],
                "buurt": signal.neighbourhood.code if signal.neighbourhood else None,
            }
        if arrears is not None:
            context |= {
                "debt_help_referral": debt_help_referral_of(signal),
                "steps_missing": arrears_steps_missing(arrears),
                "may_refer": may_refer_to_debt_help(request.user, signal),
                # The steps are filled in on the arrears form, the rent administration's.
                "may_complete_steps": may_register_arrears(request.user),
            }
    if access.reporter:
        context["reporters"] = list(signal.reporters.all())
    tracking = note_for(request, TRACKING_COOKIE)
    context["tracking_url"] = (tracking or {}).get(reference)
    response = render(request, "signals/detail.html", context)
    return shown(response, TRACKING_COOKIE) if tracking else response


@login_required
@require_GET
def signal_photo(request: HttpRequest, reference: str, attachment_id: int) -> FileResponse:
    """A photo, only for who may see the signal's details; never served from a public URL."""
    signal, photo = signal_photo_for_user(request.user, reference, attachment_id)
    return photo_response(photo=photo, reference=signal.reference)


def photo_response(*, photo: Attachment, reference: str) -> FileResponse:
    """A photo for someone already checked to see it: inline, typed, and sandboxed so that a
    file can never act as a page. The resident's tracking page serves its photos through here
    too."""
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    extension = "png" if photo.content_type == "image/png" else "jpg"
    response["Content-Disposition"] = f'inline; filename="{reference}-{photo.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Personal data, like a case's documents: not kept by the browser or anything in between.
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# --- debt help (schuldhulp) -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def debt_help_refer(request: HttpRequest, reference: str) -> HttpResponse:
    """Doorgeven aan schuldhulp: the corporation sees exactly what will be passed on and to
    which gemeente, and confirms. Nothing is passed on before that page was shown."""
    signal = arrears_signal_to_refer(request.user, reference)
    error = None
    if request.method == "POST":
        try:
            arrears_refer_to_debt_help(
                actor=request.user, signal=signal, confirmed=request.POST.get("gegevens", "")
            )
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("De gegevens van %(reference)s zijn doorgegeven aan schuldhulp.")
                % {"reference": signal.reference},
            )
            return redirect("signals:detail", reference=signal.reference)
    try:
        plan = debt_help_plan(actor=request.user, signal=signal)
    except DomainError as refused:
        plan, error = None, error or refused.message
    return render(
        request,
        "signals/debt_help_confirm.html",
        {"signal": signal, "plan": plan, "error": error},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
@reads_from_replica
def debt_help_list(request: HttpRequest) -> HttpResponse:
    """The gemeente's debt help: what corporations passed on in its wijkteams, newest first."""
    if not may_open_debt_help(request.user):
        raise Http404
    page = debt_help_page_for_user(request.user, page_number(request.GET.get("pagina")))
    return render(request, "signals/debt_help_list.html", {"page": page})


@login_required
@require_GET
def debt_help_detail(request: HttpRequest, reference: str) -> HttpResponse:
    referral = debt_help_referral_for_user(request.user, reference)
    return render(
        request,
        "signals/debt_help_detail.html",
        {"referral": referral, "may_pick_up": may_pick_up_debt_help(request.user, referral)},
    )


@login_required
@require_POST
def debt_help_pick_up(request: HttpRequest, reference: str) -> HttpResponse:
    referral = debt_help_referral_for_user(request.user, reference)
    if not may_pick_up_debt_help(request.user, referral):
        raise PermissionDenied
    try:
        debt_help_referral_pick_up(actor=request.user, referral=referral)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Gemarkeerd als opgepakt."))
    return redirect("signals:debt_help_detail", reference=referral.reference)
