"""Residents support an initiative (no account: an email address confirmed by a link), and
stop or resume its update emails by the link in each of them."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wijkteam.core.errors import DomainError
from wijkteam.core.ratelimit import client_address, rate_limit_counts, rate_limit_record
from wijkteam.core.shown_once import note_for, show_once, shown
from wijkteam.initiatives.access import public_initiative
from wijkteam.initiatives.models import Initiative
from wijkteam.initiatives.proposals import LinkRefused
from wijkteam.initiatives.public_forms import SupportForm
from wijkteam.initiatives.subscriptions import subscription_resume, subscription_stop
from wijkteam.initiatives.support import (
    CLOSED,
    link_expired,
    support_confirm,
    support_request,
    supporter_by_link,
)
from wijkteam.initiatives.views.links import (
    HOUR,
    POSTS_SCOPE,
    SUPPORT,
    SUPPORTS_SCOPE,
    UNSUBSCRIBE,
    link_refused,
    link_used_before,
    posts_allowed,
)
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.locations import (
    AddressNotFound,
    LocationInput,
    ResolvedLocation,
    location_resolve,
    normalise_postcode,
)
from wijkteam.signals.models import LocationStatus
from wijkteam.signals.pdok import default_client

SUPPORTED_COOKIE = "wijkteam_support"


@never_cache
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, reference: str) -> HttpResponse:
    """ "Steun dit idee": an email address, and optionally where one lives and why."""
    initiative = public_initiative(reference)
    if initiative.has_ended:
        status = 409 if request.method == "POST" else 200
        return _render(request, initiative, None, status=status)
    if request.method != "POST":
        return _render(request, initiative, SupportForm())
    client = client_address(request)
    counts = rate_limit_counts(client=client, windows={POSTS_SCOPE: HOUR, SUPPORTS_SCOPE: HOUR})
    counted = {POSTS_SCOPE: HOUR}
    try:
        return _support_post(request, initiative, counts, counted)
    finally:
        rate_limit_record(client=client, windows=counted)


def _support_post(
    request: HttpRequest, initiative: Initiative, counts: dict[str, int], counted: dict[str, int]
) -> HttpResponse:
    form = SupportForm(request.POST)
    status = 400
    if not posts_allowed(counts) or counts[SUPPORTS_SCOPE] >= (
        settings.WIJKTEAM_INITIATIVE_SUPPORTS_PER_HOUR
    ):
        form.is_valid()
        form.add_error(
            None,
            _(
                "Er is het afgelopen uur vanaf deze verbinding al vaak gesteund. Probeer het "
                "later opnieuw. Wat u heeft ingevuld, staat er nog."
            ),
        )
        status = 429
    elif form.is_valid():
        try:
            support_request(
                actor=SYSTEM,
                initiative=initiative,
                support=form.support_input(),
                address=_address(form.address_input()),
            )
        except DomainError as error:
            add_domain_error(form, error, fallback=None if error.code == CLOSED else "postcode")
        else:
            counted[SUPPORTS_SCOPE] = HOUR
            return show_once(
                redirect("initiatives:supported", initiative.reference),
                SUPPORTED_COOKIE,
                {"reference": initiative.reference},
            )
    return _render(request, initiative, form, status=status)


def _address(given: LocationInput | None) -> ResolvedLocation | None:
    """The supporter's address, placed in a wijk where it can be. An address the address
    service says does not exist is refused (``AddressNotFound``, a mistake to correct); one it
    could not check whose postcode the register knows lies outside the gemeente is outside
    the wijk."""
    if given is None:
        return None
    try:
        return location_resolve(given=given, client=default_client())
    except AddressNotFound:
        raise
    except DomainError:
        return ResolvedLocation(
            status=LocationStatus.OUTSIDE,
            postcode=normalise_postcode(given.postcode),
            house_number=given.house_number,
            house_number_addition=given.house_number_addition,
        )


def _render(
    request: HttpRequest, initiative: Initiative, form: SupportForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "initiatives/public/support.html",
        {"initiative": initiative, "form": form},
        status=status,
    )


@never_cache
@require_GET
def supported(request: HttpRequest, reference: str) -> HttpResponse:
    """After asking to support: look in your mailbox. The same words whether or not the
    address supports it already (shown once)."""
    initiative = public_initiative(reference)
    note = note_for(request, SUPPORTED_COOKIE)
    if note is None or note.get("reference") != initiative.reference:
        return redirect("initiatives:detail", initiative.reference)
    response = render(request, "initiatives/public/supported.html", {"initiative": initiative})
    return shown(response, SUPPORTED_COOKIE)


@never_cache
@require_http_methods(["GET", "POST"])
def support_confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the supporter's email: a page with a button (a mail program that opens
    links confirms nothing); the button confirms."""
    if request.method == "POST":
        try:
            supporter, confirmed_now = support_confirm(token=token)
        except LinkRefused as refused:
            return _refused(request, refused.code, supporter_by_link(token))
        if not confirmed_now:
            return link_used_before(request, kind=SUPPORT, initiative=supporter.initiative)
        messages.success(request, _("Bedankt, uw steun telt mee."))
        return redirect("initiatives:detail", supporter.initiative.reference)

    supporter = supporter_by_link(token)
    if supporter is None:
        return _refused(request, "unknown", None)
    if supporter.confirmed_at is not None:
        return link_used_before(request, kind=SUPPORT, initiative=supporter.initiative)
    if link_expired(supporter.created_at):
        return _refused(request, "expired", supporter)
    initiative = supporter.initiative
    if not initiative.is_public or initiative.has_ended:
        return _refused(request, CLOSED, supporter)
    response = render(
        request,
        "initiatives/public/support_confirm.html",
        {"initiative": initiative, "supporter": supporter},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, code: str, supporter) -> HttpResponse:
    initiative = supporter.initiative if supporter is not None else None
    if initiative is not None and not initiative.is_public:
        # Hidden or not confirmed: as if it were not there.
        code, initiative = "unknown", None
    return link_refused(request, code=code, kind=SUPPORT, initiative=initiative)


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, value: str) -> HttpResponse:
    """The one-click link in every update email: opening it stops the emails at once (again:
    nothing changes). The page offers a button to receive them again."""
    try:
        if request.method == "POST":
            subscription = subscription_resume(value=value)
        else:
            subscription = subscription_stop(value=value)
    except LinkRefused:
        return link_refused(request, code="unknown", kind=UNSUBSCRIBE)
    response = render(
        request,
        "initiatives/public/unsubscribe.html",
        {"subscription": subscription, "initiative": subscription.initiative},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
