"""The resident's tracking page: what they reported, its public status, the messages meant
for them and, once it is handled, whether they are satisfied; opened with the tracking token of
the receipt or the link in one of our emails."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wijkteam.cases.closure.feedback import feedback_give, feedback_question
from wijkteam.cases.models import Case
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import SYSTEM
from wijkteam.portal.forms import SatisfactionForm
from wijkteam.privacy.retention import removed_marker
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.models import RESIDENT_CHANNELS, Reporter
from wijkteam.signals.resident_access import (
    reporter_by_link,
    reporter_messages,
    reporter_photo,
    reporter_photos,
    signal_by_tracking_token,
)
from wijkteam.signals.views import photo_response


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The reporter's view of their signal: what they reported, public status, the messages
    meant for them and, once it is handled, the question whether they are satisfied."""
    reporter = signal_by_tracking_token(token)
    return _tracking_page(
        request, reporter, photo_url=lambda pk: reverse("portal:track_photo", args=[token, pk])
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track_link(request: HttpRequest, value: str) -> HttpResponse:
    """The same page, opened from the link in one of our emails."""
    reporter = reporter_by_link(value)
    return _tracking_page(
        request,
        reporter,
        photo_url=lambda pk: reverse("portal:track_link_photo", args=[value, pk]),
    )


@require_GET
def track_photo(request: HttpRequest, token: str, photo_id: int) -> HttpResponse:
    """A photo the reporter sent, for their tracking page; nobody else's."""
    reporter = signal_by_tracking_token(token)
    photo = reporter_photo(reporter, photo_id)
    return photo_response(photo=photo, reference=reporter.signal.reference)


@require_GET
def track_link_photo(request: HttpRequest, value: str, photo_id: int) -> HttpResponse:
    """The same, for the tracking page opened from one of our emails."""
    reporter = reporter_by_link(value)
    photo = reporter_photo(reporter, photo_id)
    return photo_response(photo=photo, reference=reporter.signal.reference)


def _what_was_reported(reporter: Reporter, *, data_removed: bool, photo_url) -> dict:
    """What the tracking page repeats of the report: the category and place for every
    reporter; the description and photos only as this reporter sent them. A resident who
    joined an earlier report does not see the earlier reporter's words or photos, and a
    signal registered by staff does not show staff's wording."""
    signal = reporter.signal
    own_words = reporter.is_primary and signal.channel in RESIDENT_CHANNELS
    description = signal.description if own_words and not data_removed else ""
    if description == removed_marker():
        description = ""
    if reporter.is_primary:
        number = f"{signal.house_number or ''}{signal.house_number_addition}".strip()
        street = " ".join(part for part in (signal.street, number) if part)
        postcode = signal.postcode
        if len(postcode) == 6:
            postcode = f"{postcode[:4]} {postcode[4:]}"  # as people write it: 3901 HC
        place = ", ".join(part for part in (street, postcode, signal.city) if part)
    else:
        # The address is the earlier reporter's report: the street, as the "is this the
        # same?" question showed it.
        place = signal.street
    return {
        "place": place,
        "location_note": signal.location_note if own_words and not data_removed else "",
        "on_map": signal.latitude is not None and not place,
        "description": description,
        "occurred_at": signal.occurred_at if reporter.is_primary else None,
        "photos": [(photo, photo_url(photo.pk)) for photo in reporter_photos(reporter)],
    }


def _tracking_page(request: HttpRequest, reporter: Reporter, *, photo_url) -> HttpResponse:
    signal = reporter.signal
    case, answer = feedback_question(reporter)
    form = None
    status = 200
    if case is not None and answer is None:
        form = SatisfactionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    feedback_give(
                        actor=SYSTEM,
                        reporter=reporter,
                        satisfied=form.cleaned_data["satisfied"] == "yes",
                        comment=form.cleaned_data["comment"],
                    )
                except DomainError as error:
                    add_domain_error(form, error, fallback="comment")
                else:
                    return redirect(request.path)
            status = 400
    elif request.method == "POST":
        # Answered already (another tab) or nothing to answer: show the page as it is.
        return redirect(request.path)
    # After the retention period (of its case, or of the signal itself when it never reached
    # one) the page keeps the public status; messages whose text was removed are left out
    # rather than shown as a marker.
    data_removed = (
        signal.retention_applied_at is not None
        or Case.objects.filter(
            links__signal_id=signal.pk, retention_applied_at__isnull=False
        ).exists()
    )
    events = (
        reporter_messages(reporter)
        .exclude(public_text=removed_marker())
        .only("at", "public_text", "public_message")
    )
    response = render(
        request,
        "portal/track.html",
        {
            "signal": signal,
            "reporter": reporter,
            "events": events,
            "satisfaction_form": form,
            "answer": answer,
            "data_removed": data_removed,
            "reported": _what_was_reported(
                reporter, data_removed=data_removed, photo_url=photo_url
            ),
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
