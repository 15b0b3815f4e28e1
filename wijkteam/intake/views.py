"""The staff doors: a signal typed in by staff, the wijkbeheerder's phone form, and the rent
administration's form and CSV import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.areas.map import areas_map_data, map_tiles
from wijkteam.areas.names import area_name
from wijkteam.core.errors import DomainError
from wijkteam.core.paging import page_number, page_of
from wijkteam.core.shown_once import note_for, show_once, shown
from wijkteam.intake import form_keys
from wijkteam.intake.arrears.upload import arrears_import_start
from wijkteam.intake.arrears.upsert import arrears_upsert
from wijkteam.intake.services import signal_intake, signal_relocated
from wijkteam.signals.access import (
    arrears_import_rows,
    arrears_imports_for_user,
    may_know_signal,
    may_register_arrears,
    may_register_signals,
    signal_to_edit,
)
from wijkteam.signals.arrears_forms import ArrearsForm, ArrearsImportForm
from wijkteam.signals.forms import (
    FieldSignalForm,
    LocationFields,
    StaffSignalForm,
    add_domain_error,
)
from wijkteam.signals.locations import location_resolve
from wijkteam.signals.models import (
    ARREARS_STEP_FIELDS,
    RESULT_KEYS,
    STAFF_CHANNELS,
    Channel,
    ImportResult,
    Signal,
)
from wijkteam.signals.pdok import default_client
from wijkteam.signals.services import SignalCreated
from wijkteam.signals.views import TRACKING_COOKIE

REPORT_PAGE_SIZE = 100
# ?resultaat= on an import's report: only the rows with this result.
REPORT_FILTERS = {
    "afgewezen": ImportResult.REJECTED,
    "nieuw": ImportResult.CREATED,
    "bijgewerkt": ImportResult.UPDATED,
    "ongewijzigd": ImportResult.UNCHANGED,
}


def _require_registering(request: HttpRequest) -> None:
    if not may_register_signals(request.user):
        raise PermissionDenied


def _received_before(
    request: HttpRequest, form_key: form_keys.FormKey | None, error: IntegrityError
) -> Signal:
    """The signal this user's form brought in before (the intake refused the repeat on the
    key's unique index); the ``error`` goes on when the key was not the reason."""
    earlier = form_keys.earlier_signal(form_key=form_key, user=request.user)
    if earlier is None:
        raise error
    return earlier


def _staff_received_before(request: HttpRequest, signal: Signal) -> HttpResponse:
    """A repeat of the staff form: to the signal's page, saying it was there already."""
    messages.info(
        request,
        _("Deze melding was al ontvangen, als %(reference)s. Er is niets dubbel vastgelegd.")
        % {"reference": signal.reference},
    )
    return redirect("signals:detail", reference=signal.reference)


def _created(request: HttpRequest, created: SignalCreated) -> HttpResponse:
    text = (
        _("Melding %(reference)s is vastgelegd. De melder krijgt de volglink per e-mail.")
        if created.receipt_emailed
        else _("Melding %(reference)s is vastgelegd.")
    )
    messages.success(request, text % {"reference": created.signal.reference})
    response = redirect("signals:detail", reference=created.signal.reference)
    if created.tracking_token:  # shown once on the signal's page
        show_once(
            response,
            TRACKING_COOKIE,
            {
                created.signal.reference: request.build_absolute_uri(
                    reverse("portal:track", args=[created.tracking_token])
                )
            },
        )
    return response


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    """The staff door: a signal received by phone, at the desk, by email or from a partner."""
    _require_registering(request)
    form_key = form_keys.form_key_of(request, form_keys.STAFF) if request.method == "POST" else None
    if form_keys.may_be_repeat(request, form_key):
        earlier = form_keys.earlier_signal(form_key=form_key, user=request.user)
        if earlier is not None:
            return _staff_received_before(request, earlier)
    form = StaffSignalForm(
        request.POST or None, request.FILES or None, user=request.user, channels=STAFF_CHANNELS
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = signal_intake(
                actor=request.user,
                channel=data["channel"],
                category=data["category"],
                description=data["description"],
                occurred_at=data["occurred_at"],
                location=form.location_input(),
                reporter=form.reporter_input(),
                is_tenant=data["is_tenant"],
                is_urgent=data["is_urgent"],
                receiving_organisation=data["receiving_organisation"],
                photos=data["photos"],
                form_key=form_key,
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        except IntegrityError as error:
            return _staff_received_before(request, _received_before(request, form_key, error))
        else:
            return _created(request, created)
    status = 400 if form.errors else 200
    context = {"form": form, "intake_key": form_keys.form_key_to_show(request)}
    return render(request, "intake/staff_form.html", context, status=status)


@login_required
def field_new(request: HttpRequest) -> HttpResponse:
    """The wijkbeheerder's door: photo, GPS position, category, done."""
    _require_registering(request)
    form_key = form_keys.form_key_of(request, form_keys.FIELD) if request.method == "POST" else None
    if form_keys.may_be_repeat(request, form_key):
        earlier = form_keys.earlier_signal(form_key=form_key, user=request.user)
        if earlier is not None:
            return _field_recorded_response(earlier, again=True)
    form = FieldSignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = signal_intake(
                actor=request.user,
                channel=Channel.FIELD,
                category=data["category"],
                description=data["description"],
                location=form.location_input(),
                receiving_organisation=request.user.organisation,
                photos=data["photos"],
                form_key=form_key,
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        except IntegrityError as error:
            signal = _received_before(request, form_key, error)
            return _field_recorded_response(signal, again=True)
        else:
            return _field_recorded_response(created.signal)
    status = 400 if form.errors else 200
    recorded = _field_recorded(request) if request.method == "GET" else None
    context = {
        "form": form,
        "recorded": recorded,
        "intake_key": form_keys.form_key_to_show(request),
    }
    response = render(request, "intake/field_form.html", context, status=status)
    return shown(response, FIELD_RECORDED_COOKIE) if recorded else response


# The signal just recorded with the field form, shown once above the next empty form.
FIELD_RECORDED_COOKIE = "wijkteam_field_recorded"


def _field_recorded_response(signal: Signal, *, again: bool = False) -> HttpResponse:
    """Back to an empty field form, which says what was recorded (``again``: by an earlier
    submit of the same form)."""
    place = area_name(neighbourhood_id=signal.neighbourhood_id, district_id=None)
    return show_once(
        redirect("intake:field"),
        FIELD_RECORDED_COOKIE,
        {"reference": signal.reference, "place": place or _("de wijk"), "again": again},
    )


def _field_recorded(request: HttpRequest) -> dict | None:
    """The confirmation of the signal just recorded, with a link to its page when the user may
    open it (the receiving organisation always may; a link that 404s helps nobody)."""
    recorded = note_for(request, FIELD_RECORDED_COOKIE)
    if recorded is None or not isinstance(recorded.get("reference"), str):
        return None
    if not may_know_signal(request.user, recorded["reference"]):
        return {**recorded, "url": ""}
    return {**recorded, "url": reverse("signals:detail", args=[recorded["reference"]])}


# --- the rent administration's door ---------------------------------------------------------


def _require_arrears(request: HttpRequest) -> None:
    if not may_register_arrears(request.user):
        raise PermissionDenied


def _arrears_initial(request: HttpRequest, reference: str) -> dict:
    """The form filled in with an arrears signal of the user's corporation (``?melding=``), to
    record the steps taken since: saved under the same reference, it updates the signal."""
    try:
        signal = signal_to_edit(request.user, reference, arrears=True)
    except PermissionDenied:
        raise Http404 from None
    arrears = signal.arrears
    return {
        "external_reference": signal.external_reference,
        "tenant_name": arrears.tenant_name,
        "street": signal.street,
        "house_number": signal.house_number,
        "house_number_addition": signal.house_number_addition,
        "postcode": signal.postcode,
        "city": signal.city,
        "amount": f"{arrears.amount:.2f}".replace(".", ","),
        "months": arrears.months,
        "signal_date": arrears.signal_date,
        **{name: getattr(arrears, name) for name in ARREARS_STEP_FIELDS},
    }


@login_required
def arrears_new(request: HttpRequest) -> HttpResponse:
    """One arrears signal typed in; the same reference again updates it."""
    _require_arrears(request)
    reference = request.GET.get("melding", "") if request.method == "GET" else ""
    initial = _arrears_initial(request, reference[:20]) if reference else None
    form = ArrearsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = arrears_upsert(
                actor=request.user,
                organisation=request.user.organisation,
                row=form.row(),
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
    return render(request, "intake/arrears_form.html", {"form": form}, status=status)


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
            return redirect("intake:arrears_import_status", import_id=job.pk)
    recent = arrears_imports_for_user(request.user)[:10]
    status = 400 if form.errors else 200
    return render(
        request, "intake/arrears_import.html", {"form": form, "recent": recent}, status=status
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
    shown = REPORT_FILTERS.get(request.GET.get("resultaat", ""))
    rows = arrears_import_rows(job, result=shown)
    page = page_of(rows, page_number(request.GET.get("pagina")), size=REPORT_PAGE_SIZE)
    return render(
        request,
        "intake/arrears_import_status.html",
        {
            "job": job,
            "page": page,
            "shown": shown,
            "filters": [
                (key, ImportResult(value).label, getattr(job, f"{RESULT_KEYS[value]}_count"))
                for key, value in REPORT_FILTERS.items()
            ],
            "filter": request.GET.get("resultaat", "") if shown is not None else "",
        },
    )


@login_required
def signal_location(request: HttpRequest, reference: str) -> HttpResponse:
    """Correct a signal's location (for its receiving organisation): an address, or a point on
    a map of our own boundaries (which works without tiles or internet). Only a location that
    places the signal in a buurt is saved; otherwise the page says what is still missing."""
    signal = signal_to_edit(request.user, reference)
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
            signal = signal_relocated(actor=request.user, signal=signal, location=location)
        except DomainError as error:
            # What is still missing is about the whole location, not one box: above the form.
            add_domain_error(form, error)
        else:
            # Say where it landed: the buurt (when known) and the wijk whose team now has it.
            if signal.neighbourhood:
                place = f"{signal.neighbourhood.name}, {signal.district.name}"
            else:
                place = signal.district.name
            messages.success(request, _("De locatie is bijgewerkt: %(place)s.") % {"place": place})
            return redirect("signals:detail", reference=signal.reference)
    status = 400 if form.errors else 200
    map_data = areas_map_data()
    map_data["tiles"] = map_tiles()
    map_data["current"] = (
        [signal.latitude, signal.longitude] if signal.latitude is not None else None
    )
    return render(
        request,
        "intake/location_form.html",
        {"form": form, "signal": signal, "map_data": map_data},
        status=status,
    )
