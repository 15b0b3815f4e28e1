"""Open311's writes: an app's key, made and revoked by a functional admin (audited), and a
request an app posts, taken in through the intake every door uses: grouped into a case, put to
the team's triage, and the reporter who left an email address sent the receipt with the
tracking link, exactly as from the report form."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.keys import key_matches, key_new, key_parts
from wijkteam.intake.services import signal_intake
from wijkteam.open311.models import Open311App, Open311Request
from wijkteam.open311.posted import PostedRequest
from wijkteam.partners.actors import SYSTEM, Actor, is_system, is_user, require_actor
from wijkteam.signals.locations import location_resolve
from wijkteam.signals.models import Channel
from wijkteam.signals.pdok import default_client
from wijkteam.signals.services import SignalCreated

# "Laatst gebruikt" moves on at most this often: not a write on every request of a busy app.
LAST_USED_STEP = timedelta(minutes=1)


@dataclass(frozen=True)
class NewApp:
    app: Open311App
    key: str  # to show once: only its hash is kept


def _require_admin(actor: Actor, action: str) -> None:
    """A functional admin (the admin's permission for apps), or the system (a command run by
    the operator); never None."""
    require_actor(actor)
    if is_system(actor):
        return
    if not (
        is_user(actor)
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(f"open311.{action}_open311app")
    ):
        raise forbidden(
            _("Alleen een functioneel beheerder geeft apps een sleutel of trekt die in.")
        )


def open311_app_create(*, actor: Actor, name: str, contact_email: str) -> NewApp:
    """Give an app its key. The key is returned once, to show once; only its hash is kept."""
    _require_admin(actor, "add")
    name, contact_email = name.strip(), contact_email.strip()
    if not name or len(name) > Open311App._meta.get_field("name").max_length:
        raise DomainError(_("Geef de app een naam van hoogstens 100 tekens."), field="name")
    try:
        EmailValidator()(contact_email)
    except ValidationError:
        raise DomainError(_("Dit e-mailadres klopt niet."), field="contact_email") from None
    new = key_new()
    with transaction.atomic():
        app = Open311App.objects.create(
            name=name,
            contact_email=contact_email,
            key_prefix=new.prefix,
            key_hash=new.hashed,
            created_by=actor if is_user(actor) else None,
        )
        audit_record(
            actor=actor,
            action="create",
            instance=app,
            changes={"name": name, "contact_email": contact_email, "key_prefix": new.prefix},
        )
    return NewApp(app=app, key=new.key)


def open311_app_revoke(*, actor: Actor, app: Open311App) -> Open311App:
    """Stop an app's key at once. For good: an app that needs one again gets a new key (as a
    new app), so that a key once revoked never works again."""
    _require_admin(actor, "change")
    with transaction.atomic():
        locked = Open311App.objects.select_for_update().get(pk=app.pk)
        if not locked.is_active:
            raise DomainError(_("De sleutel van deze app is al ingetrokken."))
        locked.is_active = False
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor if is_user(actor) else None
        locked.save(update_fields=["is_active", "revoked_at", "revoked_by"])
        audit_record(
            actor=actor, action="revoke", instance=locked, changes={"is_active": [True, False]}
        )
    return locked


def app_for_key(given: str) -> Open311App | None:
    """The active app whose key this is, or None (no key, not one of ours, wrong, revoked)."""
    parts = key_parts(given)
    if parts is None:
        return None
    prefix, secret = parts
    app = Open311App.objects.filter(key_prefix=prefix, is_active=True).first()
    if app is None or not key_matches(secret, app.key_hash):
        return None
    return app


def open311_request_take(*, app: Open311App, posted: PostedRequest) -> SignalCreated:
    """Take a request an app posted in as a resident's own report (the system acts for the
    resident, as for the report form), through the door of apps (Channel.RESIDENT_APP), and
    note which app posted it. The place is resolved before the transaction (the address
    register, else PDOK; a point offline in the imported boundaries), as the form does.
    Raises DomainError (with its field) for what the resident must change."""
    if not app.is_active:
        raise forbidden(_("De sleutel van deze app is ingetrokken."))
    location = location_resolve(given=posted.location, client=default_client())
    now = timezone.now()
    with transaction.atomic():
        created = signal_intake(
            actor=SYSTEM,
            channel=Channel.RESIDENT_APP,
            category=posted.category,
            description=posted.description,
            location=location,
            occurred_at=posted.occurred_at,
            reporter=posted.reporter,
            is_tenant=posted.is_tenant,
        )
        request = Open311Request.objects.create(signal=created.signal, app=app, created_at=now)
        audit_record(
            actor=SYSTEM,
            action="create",
            instance=request,
            changes={"app": app.pk, "signal": created.signal.pk},
        )
        if app.last_used_at is None or app.last_used_at < now - LAST_USED_STEP:
            Open311App.objects.filter(pk=app.pk).update(last_used_at=now)
    return created
