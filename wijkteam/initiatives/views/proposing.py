"""A resident proposes an idea without an account, and confirms it by the link we email."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wijkteam.areas.map import areas_map_data, map_tiles
from wijkteam.core.errors import DomainError
from wijkteam.core.ratelimit import client_address, rate_limit_counts, rate_limit_record
from wijkteam.core.shown_once import note_for, show_once, shown
from wijkteam.initiatives.proposals import LinkRefused, initiative_confirm, initiative_propose
from wijkteam.initiatives.public_forms import ProposeForm
from wijkteam.initiatives.public_reads import initiative_by_link
from wijkteam.initiatives.support import link_expired
from wijkteam.initiatives.views.links import (
    HOUR,
    IDEA,
    POSTS_SCOPE,
    PROPOSALS_SCOPE,
    link_refused,
    link_used_before,
    posts_allowed,
)
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.kept_photos import pending_of, upload_key_of
from wijkteam.signals.locations import location_resolve
from wijkteam.signals.models import PendingUpload
from wijkteam.signals.pdok import default_client
from wijkteam.signals.uploads import pending_uploads_discard, pending_uploads_keep

# "Bevestig uw e-mailadres" travels to the page after the form in a cookie of its own
# (core/shown_once.py), as the report form's receipt does.
PROPOSED_COOKIE = "wijkteam_idea"


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """The proposal form. Works without JavaScript; mistakes come back next to their field with
    everything typed (and every accepted photo) kept."""
    if request.method != "POST":
        return _render_form(request, ProposeForm(), [])
    key = upload_key_of(request.POST)
    pending = pending_of(key)
    client = client_address(request)
    # As on the report form: every post counts towards the higher limit, only an accepted
    # proposal towards the lower one; this post is recorded at the end.
    counts = rate_limit_counts(client=client, windows={POSTS_SCOPE: HOUR, PROPOSALS_SCOPE: HOUR})
    counted = {POSTS_SCOPE: HOUR}
    try:
        return _propose_post(request, key, pending, counts, counted)
    finally:
        rate_limit_record(client=client, windows=counted)


def _propose_post(
    request: HttpRequest,
    key: str,
    pending: list[PendingUpload],
    counts: dict[str, int],
    counted: dict[str, int],
) -> HttpResponse:
    form = ProposeForm(request.POST, request.FILES, pending=pending)
    status = 200
    if not posts_allowed(counts) or counts[PROPOSALS_SCOPE] >= (
        settings.WIJKTEAM_INITIATIVES_PER_HOUR
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "U heeft het afgelopen uur al veel ideeën voorgesteld. Probeer het later "
                "opnieuw. Wat u heeft ingevuld, staat er nog."
            ),
        )
        status = 429
    elif form.is_valid():
        try:
            location = location_resolve(given=form.location_input(), client=default_client())
            initiative, _token = initiative_propose(
                actor=SYSTEM,
                idea=form.idea_input(),
                location=location,
                photos=form.cleaned_data["photos"],
                pending_uploads=form.kept(pending),
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="postcode")
        else:
            if pending:  # what was left unchecked waits under the key no more
                pending_uploads_discard(key=key)
            counted[PROPOSALS_SCOPE] = HOUR
            return show_once(
                redirect("initiatives:proposed"),
                PROPOSED_COOKIE,
                {
                    "reference": initiative.reference,
                    "title": initiative.title,
                    "email": initiative.initiator_email,
                },
            )

    # Sent back: the photos that passed wait under the form's key, offered checked.
    photos = form.cleaned_data.get("photos") or getattr(form.fields["photos"], "accepted", [])
    pending_uploads_keep(key=key, photos=photos)
    shown_before = [p.pk for p in pending]
    pending = pending_of(key)
    form.offer_pending(pending, shown_before=shown_before)
    return _render_form(request, form, pending, status=400 if status == 200 else status)


def _render_form(
    request: HttpRequest, form: ProposeForm, pending: list[PendingUpload], status: int = 200
) -> HttpResponse:
    # The buurten with their names, so that the map is usable without tiles (as on the report
    # form, whose script this page uses).
    areas = areas_map_data()
    map_data = {
        "neighbourhoods": areas["neighbourhoods"],
        "approximate": areas["approximate"],
        "tiles": map_tiles(),
    }
    return render(
        request,
        "initiatives/public/propose.html",
        {"form": form, "pending": pending, "map_data": map_data},
        status=status,
    )


@never_cache
@require_GET
def proposed(request: HttpRequest) -> HttpResponse:
    """After proposing: "Bevestig uw e-mailadres" (shown once)."""
    note = note_for(request, PROPOSED_COOKIE)
    if note is None:
        return redirect("initiatives:propose")
    return shown(render(request, "initiatives/public/proposed.html", note), PROPOSED_COOKIE)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the proposer's email. Opening it shows a button; only the button confirms,
    so that a mail program or virus scanner that opens links does not publish the idea."""
    if request.method == "POST":
        try:
            initiative, confirmed_now = initiative_confirm(token=token)
        except LinkRefused as refused:
            return link_refused(request, code=refused.code, kind=IDEA)
        if not confirmed_now:
            return link_used_before(request, kind=IDEA, initiative=initiative)
        messages.success(
            request,
            _(
                "Bedankt, uw idee staat nu op de website. Vertel uw buren erover: met hun steun "
                "komt het sneller bij het wijkteam."
            ),
        )
        return redirect("initiatives:detail", initiative.reference)

    initiative = initiative_by_link(token)
    if initiative is None:
        return link_refused(request, code="unknown", kind=IDEA)
    if initiative.confirmed_at is not None:
        return link_used_before(request, kind=IDEA, initiative=initiative)
    if link_expired(initiative.created_at):
        return link_refused(request, code="expired", kind=IDEA)
    response = render(request, "initiatives/public/confirm.html", {"initiative": initiative})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
