"""Staff pages for signals: the team inbox, a signal's page and photos, and the staff doors."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.core.workdays import add_working_days
from wijkteam.partners.access import team_for_user
from wijkteam.signals.access import (
    access_for,
    may_edit_signal,
    may_open_team_inbox,
    organisation_signals_for_user,
    signal_for_user,
    team_signals_for_user,
)
from wijkteam.signals.inbox import InboxFilterForm, inbox_page

TRACKING_SESSION_KEY = "wijkteam.staff_tracking"


def _rows(user, signals, *, in_team: bool):
    return [(signal, access_for(user, signal, in_team=in_team)) for signal in signals]


@login_required
@require_GET
def team_inbox(request: HttpRequest, district_code: str) -> HttpResponse:
    """A wijkteam's signals, newest first, each with what the viewer may see of it."""
    team = team_for_user(request.user, district_code)
    if not may_open_team_inbox(request.user, team):
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
            "rows": _rows(request.user, page.signals, in_team=True),
        },
    )


@login_required
@require_GET
def organisation_inbox(request: HttpRequest) -> HttpResponse:
    """Every signal the user's organisation received, in all wijken."""
    if not request.user.organisation_id:
        raise Http404
    form = InboxFilterForm(request.GET or None)
    page = inbox_page(organisation_signals_for_user(request.user), form)
    return render(
        request,
        "signals/inbox.html",
        {
            "title": _("Meldingen voor %(name)s") % {"name": request.user.organisation.name},
            "form": form,
            "page": page,
            "rows": _rows(request.user, page.signals, in_team=False),
        },
    )


@login_required
@require_GET
def signal_detail(request: HttpRequest, reference: str) -> HttpResponse:
    signal, access = signal_for_user(request.user, reference)
    context = {
        "signal": signal,
        "access": access,
        "map_tiles_url": settings.MAP_TILES_URL,
        "response_due": add_working_days(signal.created_at, signal.category.response_days),
        "may_edit": may_edit_signal(request.user, signal),
    }
    if access.details:
        context |= {
            "attachments": list(signal.attachments.all()),
            "events": list(signal.events.all()),
            "arrears": getattr(signal, "arrears", None),
        }
    if access.reporter:
        context["reporters"] = list(signal.reporters.all())
    context["tracking_url"] = request.session.pop(TRACKING_SESSION_KEY, {}).get(reference)
    return render(request, "signals/detail.html", context)


@login_required
@require_GET
def signal_photo(request: HttpRequest, reference: str, attachment_id: int) -> FileResponse:
    """A photo, only for who may see the signal's details; never served from a public URL."""
    signal, access = signal_for_user(request.user, reference)
    attachment = signal.attachments.filter(pk=attachment_id).first() if access.details else None
    if attachment is None or attachment.content_type not in {"image/jpeg", "image/png"}:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    extension = "png" if attachment.content_type == "image/png" else "jpg"
    response["Content-Disposition"] = (
        f'inline; filename="{signal.reference}-{attachment.pk}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
