"""The resident's pages: report a problem without an account, and follow it."""

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkteam.areas.map import areas_map_data, map_tiles
from wijkteam.core.errors import DomainError
from wijkteam.core.ratelimit import (
    client_address,
    rate_limit_counts,
    rate_limit_record,
)
from wijkteam.core.shown_once import note_for, show_once, shown
from wijkteam.intake import form_keys
from wijkteam.intake.services import signal_intake
from wijkteam.partners.access import team_phone
from wijkteam.partners.actors import SYSTEM
from wijkteam.portal.forms import ResidentReportForm
from wijkteam.signals.categories import door_categories
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.kept_photos import pending_of, upload_key_of
from wijkteam.signals.locations import location_resolve
from wijkteam.signals.models import (
    Channel,
    LocationStatus,
    PendingUpload,
    Reporter,
    Signal,
)
from wijkteam.signals.pdok import default_client
from wijkteam.signals.receipts import receipt_wanted
from wijkteam.signals.registration import signal_add_reporter
from wijkteam.signals.resident_access import (
    public_nearby_signals,
    signal_to_join,
)
from wijkteam.signals.uploads import pending_uploads_discard, pending_uploads_keep

# The receipt travels to the page after the form in a cookie of its own (core/shown_once.py).
RECEIPT_COOKIE = "wijkteam_receipt"
# The resident form's two limits (settings WIJKTEAM_REPORT_POSTS_PER_HOUR and
# WIJKTEAM_REPORTS_PER_HOUR), over a sliding hour.
POSTS_SCOPE = "resident-post"
REPORTS_SCOPE = "resident-report"
HOUR = 3600
# Not what the resident reports (intake/form_keys.py): the form's steps and bookkeeping; nor
# the photos, which wait under the upload key after "is this the same problem?".
NOT_THE_REPORT = ("upload_key", "keep_pending", "confirmed_new", "same_as", "website")


def _tracking_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("portal:track", args=[token]))


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    """The report form. Works without JavaScript; mistakes come back next to their field with
    everything typed (and every accepted photo) kept."""
    if request.method != "POST":
        form = ResidentReportForm(initial=_chosen_category(request.GET.get("categorie", "")))
        return _render_form(request, {"form": form, "pending": []})

    form_key = form_keys.form_key_of(
        request, form_keys.RESIDENT, ignore=NOT_THE_REPORT, with_files=False
    )
    if form_keys.may_be_repeat(request, form_key):
        earlier = form_keys.earlier_reporter(form_key)
        if earlier is not None:
            return _received_again(request, earlier, form_key)
    key = upload_key_of(request.POST)
    pending = pending_of(key)
    client = client_address(request)
    # Every post counts towards the higher limit; only accepted reports towards the lower one,
    # so that a resident who needed a few corrections is never blocked for them. Both are
    # counted in one query; this post (with the report, once accepted) is recorded at the end.
    counts = rate_limit_counts(client=client, windows={POSTS_SCOPE: HOUR, REPORTS_SCOPE: HOUR})
    counted = {POSTS_SCOPE: HOUR}
    try:
        return _report_post(request, form_key, key, pending, counts, counted)
    finally:
        rate_limit_record(client=client, windows=counted)


def _report_post(
    request: HttpRequest,
    form_key: form_keys.FormKey | None,
    key: str,
    pending: list[PendingUpload],
    counts: dict[str, int],
    counted: dict[str, int],
) -> HttpResponse:
    """A sent report form, within the limits ``counts`` says; an accepted report adds its scope
    to ``counted``, what the caller records."""
    form = ResidentReportForm(request.POST, request.FILES, pending=pending)
    status = 200
    nearby = []
    posts_allowed = counts[POSTS_SCOPE] < settings.WIJKTEAM_REPORT_POSTS_PER_HOUR
    if not posts_allowed or counts[REPORTS_SCOPE] >= settings.WIJKTEAM_REPORTS_PER_HOUR:
        # A repeat of a report taken in before the limit was reached is answered as before.
        earlier = form_keys.earlier_reporter(form_key)
        if earlier is not None:
            return _received_again(request, earlier, form_key)
        form.is_valid()
        # Past the posts limit nothing more is looked up than the database holds.
        form.add_error(None, _rate_limited_message(form, look_up_address=posts_allowed))
        status = 429
    elif form.is_valid():
        kept = [p for p in pending if str(p.pk) in form.cleaned_data["keep_pending"]]
        photos = form.cleaned_data["photos"]
        same_as = form.cleaned_data["same_as"]
        try:
            location = location_resolve(given=form.location_input(), client=default_client())
            category = form.cleaned_data["category"]
            if location.latitude is not None and category.offers_same_problem:
                nearby = public_nearby_signals(
                    category_id=category.pk,
                    latitude=location.latitude,
                    longitude=location.longitude,
                )
            if same_as:
                # Only one of the reports just offered; anything else is refused, with
                # everything typed kept, and nothing is registered.
                signal = signal_to_join(same_as, nearby)
                added = signal_add_reporter(
                    actor=SYSTEM,
                    signal=signal,
                    reporter=form.reporter_input(),
                    photos=photos,
                    pending_uploads=kept,
                    tracking_token=form_keys.tracking_token_for(form_key),
                )
                pending_uploads_discard(key=key)
                counted[REPORTS_SCOPE] = HOUR
                return _received(
                    request,
                    signal,
                    added.tracking_token,
                    emailed=added.receipt_emailed,
                    joined=True,
                )
            if nearby and not form.cleaned_data["confirmed_new"]:
                # Sent again after it was taken in, the report is among the nearby ones.
                earlier = form_keys.earlier_reporter(form_key)
                if earlier is not None:
                    return _received_again(request, earlier, form_key)
                # Ask first: is it one of these? The photos wait under the form's key.
                pending_uploads_keep(key=key, photos=photos)
                form = ResidentReportForm(_with(request.POST, confirmed_new=""))
                form.offer_pending(pending_of(key), shown_before=[p.pk for p in pending])
                return _render_form(
                    request,
                    {"form": form, "nearby": nearby, "pending": pending_of(key), "ask_same": True},
                )
            created = signal_intake(
                actor=SYSTEM,
                channel=Channel.RESIDENT_WEB,
                category=category,
                description=form.cleaned_data["description"],
                occurred_at=form.cleaned_data["occurred_at"],
                location=location,
                reporter=form.reporter_input(),
                is_tenant=form.tenant_answer(),
                photos=photos,
                pending_uploads=kept,
                form_key=form_key,
            )
        except IntegrityError:
            # The same report sent again (its tracking token is taken): the first's receipt.
            earlier = form_keys.earlier_reporter(form_key)
            if earlier is None:
                raise
            return _received_again(request, earlier, form_key)
        except DomainError as error:
            # A refused "this is the same" is about the whole report, not about its address.
            add_domain_error(form, error, fallback=None if same_as else "postcode")
        else:
            if pending:  # nothing else waits under this key: the form found none
                pending_uploads_discard(key=key)
            counted[REPORTS_SCOPE] = HOUR
            return _received(
                request,
                created.signal,
                created.tracking_token,
                emailed=created.receipt_emailed,
            )

    if form.errors:
        photos = form.cleaned_data.get("photos") or getattr(form.fields["photos"], "accepted", [])
        pending_uploads_keep(key=key, photos=photos)
        shown_before = [p.pk for p in pending]
        pending = pending_of(key)
        form.offer_pending(pending, shown_before=shown_before)
        if status == 200:
            status = 400
    return _render_form(request, {"form": form, "pending": pending}, status=status)


def _chosen_category(slug: str) -> dict:
    """The form's first answer when the resident came with a category chosen (the Voordeur's
    search links to ``/melden/?categorie=<code>``); nothing for a code residents cannot use."""
    offered = door_categories(for_residents=True).values()
    category = next((category for category in offered if category.slug == slug), None)
    return {"category": category.pk} if category is not None else {}


def _phone_to_call(form: ResidentReportForm, *, look_up_address: bool) -> tuple[str, bool]:
    """The number a resident can call: the wijkteam's for the place in the form, or the
    gemeente's general number when the place (or its team's number) is not known. The second
    value says whether it is the wijkteam's."""
    district_id = None
    if hasattr(form, "cleaned_data"):
        try:
            location = location_resolve(
                given=form.location_input(),
                client=default_client() if look_up_address else None,
            )
        except DomainError:
            pass  # an address that does not exist: no team to name
        else:
            district_id = location.district_id
    phone = team_phone(district_id=district_id) if district_id else ""
    if phone:
        return phone, True
    return settings.WIJKTEAM_MUNICIPALITY_PHONE, False


def _rate_limited_message(form: ResidentReportForm, *, look_up_address: bool) -> str:
    phone, is_team = _phone_to_call(form, look_up_address=look_up_address)
    if is_team:
        message = _(
            "U heeft het afgelopen uur al veel meldingen gedaan. Probeer het later opnieuw, "
            "of bel het wijkteam: %(phone)s. Bij spoed: bel 112. Wat u heeft ingevuld, staat "
            "er nog."
        )
    else:
        message = _(
            "U heeft het afgelopen uur al veel meldingen gedaan. Probeer het later opnieuw, "
            "of bel de gemeente: %(phone)s. Bij spoed: bel 112. Wat u heeft ingevuld, staat "
            "er nog."
        )
    return message % {"phone": phone}


def _render_form(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    context["intake_key"] = form_keys.form_key_to_show(request)
    # The buurten with their names, so that the map is usable without tiles. Not the wijken:
    # their edges are the buurten's too, and this is a phone page.
    areas = areas_map_data()
    context["map_data"] = {
        "neighbourhoods": areas["neighbourhoods"],
        "approximate": areas["approximate"],
        "tiles": map_tiles(),
    }
    return render(request, "portal/report.html", context, status=status)


def _with(data, **changes):
    copy = data.copy()
    for name, value in changes.items():
        copy[name] = value
    return copy


def _received(
    request: HttpRequest, signal: Signal, token: str, *, emailed: bool, joined: bool = False
) -> HttpResponse:
    """Show the receipt once (the intake emails it to a resident who left an address)."""
    return show_once(
        redirect("portal:received"),
        RECEIPT_COOKIE,
        {
            "reference": signal.reference,
            "token": token,
            "joined": joined,
            # The address service was out of reach and the address is not in our register.
            "address_unchecked": signal.location_status == LocationStatus.NEEDS_REVIEW,
            "emailed": emailed,
        },
    )


def _received_again(
    request: HttpRequest, reporter: Reporter, form_key: form_keys.FormKey
) -> HttpResponse:
    """A report sent again (a double click, a retry, the back button): what the first answer
    showed (the reference and the tracking link, which the form's key makes again)."""
    pending_uploads_discard(key=upload_key_of(request.POST))
    return _received(
        request,
        reporter.signal,
        form_keys.resident_tracking_token(form_key),
        emailed=receipt_wanted(reporter),
        joined=not reporter.is_primary,
    )


@never_cache
@require_GET
def received(request: HttpRequest) -> HttpResponse:
    """After sending: the reference and the private tracking link (shown once)."""
    receipt = note_for(request, RECEIPT_COOKIE)
    if receipt is None:
        return redirect("portal:report")
    response = render(
        request,
        "portal/received.html",
        {**receipt, "tracking_url": _tracking_url(request, receipt["token"])},
    )
    return shown(response, RECEIPT_COOKIE)
