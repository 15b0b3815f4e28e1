"""Staff pages for signals: the team inbox, a signal's page and photos, and the staff doors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.core.errors import DomainError
from wijkteam.core.workdays import add_working_days
from wijkteam.partners.access import team_for_user
from wijkteam.signals.access import (
    access_for,
    arrears_imports_for_user,
    may_edit_signal,
    may_open_team_inbox,
    may_register_arrears,
    may_register_signals,
    organisation_signals_for_user,
    signal_for_user,
    team_signals_for_user,
)
from wijkteam.signals.arrears import arrears_import_start, arrears_upsert
from wijkteam.signals.forms import (
    ArrearsForm,
    ArrearsImportForm,
    FieldSignalForm,
    LocationFields,
    StaffSignalForm,
    add_domain_error,
)
from wijkteam.signals.inbox import InboxFilterForm, inbox_page
from wijkteam.signals.locations import location_resolve
from wijkteam.signals.models import STAFF_CHANNELS, Channel
from wijkteam.signals.pdok import default_client
from wijkteam.signals.services import signal_create, signal_relocate

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


def _require_registering(request: HttpRequest) -> None:
    if not may_register_signals(request.user):
        raise PermissionDenied


def _created(request: HttpRequest, created) -> HttpResponse:
    if created.tracking_token:
        request.session[TRACKING_SESSION_KEY] = {
            created.signal.reference: request.build_absolute_uri(
                reverse("portal:track", args=[created.tracking_token])
            )
        }
    messages.success(
        request, _("Melding %(reference)s is vastgelegd.") % {"reference": created.signal.reference}
    )
    return redirect("signals:detail", reference=created.signal.reference)


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    """The staff door: a signal received by phone, at the desk, by email or from a partner."""
    _require_registering(request)
    form = StaffSignalForm(
        request.POST or None, request.FILES or None, user=request.user, channels=STAFF_CHANNELS
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            location = location_resolve(given=form.location_input(), client=default_client())
            created = signal_create(
                actor=request.user,
                channel=data["channel"],
                category=data["category"],
                description=data["description"],
                occurred_at=data["occurred_at"],
                location=location,
                reporter=form.reporter_input(),
                is_tenant=data["is_tenant"],
                is_urgent=data["is_urgent"],
                receiving_organisation=data["receiving_organisation"],
                photos=data["photos"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        else:
            return _created(request, created)
    status = 400 if form.errors else 200
    return render(request, "signals/staff_form.html", {"form": form}, status=status)


@login_required
def field_new(request: HttpRequest) -> HttpResponse:
    """The wijkbeheerder's door: photo, GPS position, category, done."""
    _require_registering(request)
    form = FieldSignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            location = location_resolve(given=form.location_input(), client=default_client())
            created = signal_create(
                actor=request.user,
                channel=Channel.FIELD,
                category=data["category"],
                description=data["description"],
                location=location,
                receiving_organisation=request.user.organisation,
                photos=data["photos"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        else:
            messages.success(
                request,
                _("Vastgelegd als %(reference)s in %(place)s. Nog iets?")
                % {
                    "reference": created.signal.reference,
                    "place": created.signal.neighbourhood.name
                    if created.signal.neighbourhood
                    else _("de wijk"),
                },
            )
            return redirect("signals:field")
    status = 400 if form.errors else 200
    return render(request, "signals/field_form.html", {"form": form}, status=status)


# --- the rent administration's door ---------------------------------------------------------


def _require_arrears(request: HttpRequest) -> None:
    if not may_register_arrears(request.user):
        raise PermissionDenied


@login_required
def arrears_new(request: HttpRequest) -> HttpResponse:
    """One arrears signal typed in; the same reference again updates it."""
    _require_arrears(request)
    form = ArrearsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = arrears_upsert(
                actor=request.user,
                organisation=request.user.organisation,
                row=form.row(),
                client=default_client(),
                channel=Channel.ARREARS_FORM,
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        else:
            text = {
                "created": _("Signaal %(reference)s is vastgelegd."),
                "updated": _("Signaal %(reference)s is bijgewerkt."),
                "unchanged": _("Signaal %(reference)s stond er al zo in; er is niets gewijzigd."),
            }[outcome.result]
            messages.success(request, text % {"reference": outcome.signal.reference})
            return redirect("signals:detail", reference=outcome.signal.reference)
    status = 400 if form.errors else 200
    return render(request, "signals/arrears_form.html", {"form": form}, status=status)


@login_required
def arrears_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of arrears signals; the worker imports it and reports per row."""
    _require_arrears(request)
    form = ArrearsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = arrears_import_start(actor=request.user, file_name=upload.name, raw=upload.read())
        except DomainError as error:
            add_domain_error(form, error, fallback="file")
        else:
            return redirect("signals:arrears_import_status", import_id=job.pk)
    recent = arrears_imports_for_user(request.user).defer("report")[:10]
    status = 400 if form.errors else 200
    return render(
        request, "signals/arrears_import.html", {"form": form, "recent": recent}, status=status
    )


@login_required
@require_GET
def arrears_import_status(request: HttpRequest, import_id: int) -> HttpResponse:
    """Progress and, when done, the per-row report. ``?format=json`` for the progress bar."""
    _require_arrears(request)
    job = arrears_imports_for_user(request.user).filter(pk=import_id).first()
    if job is None:
        raise Http404
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "processed": job.processed_rows,
                "total": job.total_rows,
                "percent": job.percent,
            }
        )
    order = {"rejected": 0, "created": 1, "updated": 2, "unchanged": 3}
    rows = sorted(job.report, key=lambda item: (order.get(item["result"], 9), item["line"]))
    return render(request, "signals/arrears_import_status.html", {"job": job, "rows": rows})


@login_required
def signal_location(request: HttpRequest, reference: str) -> HttpResponse:
    """Correct a signal's location (for its receiving organisation)."""
    signal, access = signal_for_user(request.user, reference)
    if not may_edit_signal(request.user, signal):
        raise PermissionDenied
    initial = {
        "postcode": signal.postcode,
        "house_number": signal.house_number,
        "house_number_addition": signal.house_number_addition,
        "street": "" if signal.postcode else signal.street,
        # No old point in the form: a corrected address must bring its own coordinates.
        "location_note": signal.location_note,
    }
    form = LocationFields(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            location = location_resolve(given=form.location_input(), client=default_client())
            signal_relocate(actor=request.user, signal=signal, location=location)
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        else:
            messages.success(request, _("De locatie is bijgewerkt."))
            return redirect("signals:detail", reference=signal.reference)
    status = 400 if form.errors else 200
    return render(
        request, "signals/location_form.html", {"form": form, "signal": signal}, status=status
    )
