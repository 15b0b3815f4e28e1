"""Two-factor authentication for staff: a TOTP authenticator app (django-otp's TOTPDevice).

A user has at most one confirmed device. The first time they log in they get a new, unconfirmed
device with its QR code; the first correct code confirms it. A session is verified once a code
of the user's confirmed device was accepted in it (django-otp's session key), or when the user
logged in through their organisation's own provider, whose ID token showed a second factor, and
the organisation's settings say that counts (partners/sso_views.py); for as long as they still
say so. Demo accounts skip the second step, only while demo mode is on. django-otp throttles
wrong codes per device: after n wrong codes the next try waits 2**(n-1) seconds.
"""

from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import Actor, is_user, require_actor
from wijkteam.partners.models import OidcProvider, User

DEVICE_NAME = "Authenticator-app"
# The provider whose second factor verified the session (its id).
PROVIDER_SESSION_KEY = "wijkteam_provider_second_factor"


def two_factor_required(user: User) -> bool:
    """Everyone logs in with a code, except demo accounts while demo mode is on (their password
    is published, and they only work in demo mode at all; see StaffBackend)."""
    return not (user.is_demo and settings.DEMO_MODE)


def confirmed_device_subquery() -> Subquery:
    """The id of a user's confirmed device, for annotating the user query: the middleware then
    checks the session without a query of its own."""
    return Subquery(
        TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        .order_by("pk")
        .values("pk")[:1]
    )


def confirmed_device_id(user: User) -> int | None:
    """The id of the user's confirmed device (from the annotation when the user came from the
    authentication backend)."""
    if hasattr(user, "confirmed_totp_id"):
        return user.confirmed_totp_id
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def trusted_providers(organisation: OuterRef | int | None):
    """The provider of the organisation whose second factor counts: switched on, trusted."""
    return OidcProvider.objects.filter(
        organisation=organisation,
        organisation__is_active=True,
        is_enabled=True,
        trust_second_factor=True,
    )


def trusted_provider_subquery() -> Subquery:
    """The id of the user's organisation's trusted provider, for annotating the user query."""
    return Subquery(trusted_providers(OuterRef("organisation")).values("pk")[:1])


def trusted_provider_id(user: User) -> int | None:
    """The id of the provider whose second factor counts for the user (from the annotation
    when the user came from the authentication backend)."""
    if hasattr(user, "trusted_provider_id"):
        return user.trusted_provider_id
    if user.organisation_id is None:
        return None
    return trusted_providers(user.organisation_id).values_list("pk", flat=True).first()


def session_is_verified(request: HttpRequest) -> bool:
    """Whether a code of the user's current confirmed device was accepted in this session, or
    the second factor of the organisation's provider counted when the user logged in through
    it and still counts. A reset deletes the device, which ends the verification of every
    session that used it; switching the provider off or its trust off ends those of the
    provider."""
    provider_id = request.session.get(PROVIDER_SESSION_KEY)
    if provider_id is not None and provider_id == trusted_provider_id(request.user):
        return True
    device_id = confirmed_device_id(request.user)
    return device_id is not None and request.session.get(django_otp.DEVICE_ID_SESSION_KEY) == (
        f"{TOTPDevice.model_label()}/{device_id}"
    )


def session_verify(request: HttpRequest, device: TOTPDevice) -> None:
    """Mark the session verified by ``device``, under a new session key (the session gained
    rights, so a key someone might have seen before is worth nothing now)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.user.confirmed_totp_id = device.pk


def session_verify_by_provider(request: HttpRequest, provider: OidcProvider) -> None:
    """Mark the session verified by the second factor of the organisation's provider (the
    caller checked that it counts; the session key was new at the login just before)."""
    request.session[PROVIDER_SESSION_KEY] = provider.pk
    request.user.trusted_provider_id = provider.pk


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a code: the device when it was accepted; otherwise, when a try
    was refused without looking at the code because of earlier wrong codes, until when."""

    device: TOTPDevice | None = None
    wait_until: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.device is not None


def _check(device: TOTPDevice, code: str) -> CodeCheck:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(wait_until=(details or {}).get("locked_until"))
    # verify_token counts a wrong code (throttling) and remembers the last accepted time step,
    # so that one code cannot be used twice.
    if device.verify_token(code.strip()):
        return CodeCheck(device=device)
    return CodeCheck()


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32 as authenticator apps take it by hand, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code in inline SVG (no image file, no network)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", svgclass="qr-code", omitsize=True
    )


@transaction.atomic
def totp_device_begin(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user sets up: the one begun before (so reloading the page keeps
    the QR code the user may have scanned already), or a new one with a fresh secret."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValueError("The user already has a confirmed device; a reset comes first")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        audit_record(
            actor=user, action="two_factor_begin", instance=user, changes={"device": device.pk}
        )
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device_id: int, code: str) -> CodeCheck:
    """Confirm the user's unconfirmed device with a first correct code (audited)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, pk=device_id)
        .first()
    )
    if device is None:
        return CodeCheck()
    check = _check(device, code)
    if check.accepted:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Other unconfirmed devices (another tab's) are of no use any more.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit_record(
            actor=user, action="two_factor_confirm", instance=user, changes={"device": device.pk}
        )
    return check


@transaction.atomic
def totp_code_check(*, user: User, code: str) -> CodeCheck:
    """Check a code against the user's confirmed device (throttled by django-otp)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=True)
        .order_by("pk")
        .first()
    )
    if device is None:
        return CodeCheck()
    return _check(device, code)


@transaction.atomic
def two_factor_reset(*, actor: Actor, user: User) -> int:
    """Remove the user's authenticator app (a lost or new phone): their sessions are no longer
    verified, and the next login sets up a new app. Only a functional admin who may change
    users, and only when there is an app to remove. Audited; returns how many were removed."""
    require_actor(actor)
    if not (is_user(actor) and actor.is_staff and actor.has_perm("partners.change_user")):
        raise DomainError(
            _("Alleen een functioneel beheerder stelt de tweestapsverificatie opnieuw in.")
        )
    if not TOTPDevice.objects.filter(user=user).exists():
        raise DomainError(
            _("Deze gebruiker heeft nog geen app gekoppeld; er is niets opnieuw in te stellen.")
        )
    removed, _deleted = TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="two_factor_reset",
        instance=user,
        changes={"devices_removed": removed},
    )
    return removed
