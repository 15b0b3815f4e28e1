"""A resident proposes an idea; it is public once they confirmed their email address by the
link we send. No account: the link is the proof that the address is theirs."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.followups import follow_up
from wijkteam.core.numbering import next_number
from wijkteam.core.tokens import hash_token
from wijkteam.core.written_files import atomic_with_files
from wijkteam.initiatives.models import (
    Initiative,
    InitiativeCounter,
    InitiativePhoto,
    InitiatorKind,
    Milestone,
)
from wijkteam.notifications.services import email_enqueue
from wijkteam.partners.actors import SYSTEM, Actor, require_actor
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import LocationStatus, PendingUpload
from wijkteam.signals.photos import ProcessedPhoto
from wijkteam.signals.uploads import photos_save


@dataclass(frozen=True)
class IdeaInput:
    """What the proposal form collected."""

    title: str
    description: str
    own_contribution: str
    cost_estimate: Decimal | None
    initiator_kind: str
    initiator_name: str
    initiator_email: str
    show_name: bool
    wants_updates: bool
    language: str = ""


def confirm_days() -> int:
    """How long a confirmation link works (``WIJKTEAM_INITIATIVE_CONFIRM_DAYS``)."""
    return settings.WIJKTEAM_INITIATIVE_CONFIRM_DAYS


def next_initiative_reference(at: datetime | None = None) -> str:
    """I-<year>-<number>, numbered per year (the year it was proposed)."""
    year = timezone.localtime(at).year
    return f"I-{year}-{next_number(InitiativeCounter, year):05d}"


def require_in_a_wijk(location: ResolvedLocation) -> None:
    """An idea is for a buurt: its place must lie in one of the known wijken."""
    if location.status == LocationStatus.NEEDS_REVIEW:
        raise DomainError(
            _(
                "We konden dit adres nu niet controleren. Zet de plek op de kaart, of probeer "
                "het later opnieuw."
            ),
            field="postcode",
        )
    if location.status == LocationStatus.OUTSIDE or location.district_id is None:
        raise DomainError(
            _(
                "Deze plek ligt niet in een van de wijken van de gemeente. Kies een plek in uw "
                "buurt."
            ),
            field="postcode",
        )


def photos_store(
    *,
    initiative: Initiative,
    photos: Sequence[ProcessedPhoto],
    pending_uploads: Sequence[PendingUpload] = (),
    milestone: Milestone | None = None,
) -> None:
    """Store an idea's (or a milestone's) photos, at most ``MAX_PHOTOS`` at once; photos kept
    while a form came back for a correction move over with their files."""
    photos_save(
        lambda: InitiativePhoto(initiative=initiative, milestone=milestone),
        photos,
        pending_uploads,
    )


def initiative_propose(
    *,
    actor: Actor,
    idea: IdeaInput,
    location: ResolvedLocation,
    photos: Sequence[ProcessedPhoto] = (),
    pending_uploads: Sequence[PendingUpload] = (),
    at: datetime | None = None,
) -> tuple[Initiative, str]:
    """Register a proposed idea, not public yet, and queue the email with its confirmation
    link. Returns the initiative and the link's token (stored only as a hash). ``at``: when it
    was proposed, if not now (the demo's past)."""
    require_actor(actor)
    require_in_a_wijk(location)
    if idea.initiator_kind not in InitiatorKind.values:
        raise DomainError(_("Kies wie het idee voorstelt."), field="initiator_kind")
    if not idea.initiator_email:
        raise DomainError(
            _("Vul uw e-mailadres in: daarop ontvangt u de link om uw idee te bevestigen."),
            field="initiator_email",
        )
    if idea.show_name and not idea.initiator_name.strip():
        raise DomainError(
            _("Vul een naam in, of kies dat uw naam niet getoond wordt."), field="initiator_name"
        )
    token = secrets.token_urlsafe(32)
    where = location.signal_fields()
    with atomic_with_files():
        initiative = Initiative.objects.create(
            reference=next_initiative_reference(at),
            title=idea.title.strip(),
            description=idea.description.strip(),
            own_contribution=idea.own_contribution.strip(),
            cost_estimate=idea.cost_estimate,
            initiator_kind=idea.initiator_kind,
            initiator_name=idea.initiator_name.strip(),
            initiator_email=idea.initiator_email.strip().lower(),
            show_name=idea.show_name,
            initiator_wants_updates=idea.wants_updates,
            language=idea.language or translation.get_language() or "",
            confirm_token_hash=hash_token(token),
            created_at=at or timezone.now(),
            **where,
        )
        photos_store(initiative=initiative, photos=photos, pending_uploads=pending_uploads)
        audit_record(
            actor=actor,
            action="initiative_propose",
            instance=initiative,
            changes={"reference": initiative.reference, "district": initiative.district_id},
        )
        follow_up(send_confirmation, initiative_id=initiative.pk, token=token)
    return initiative, token


@task()
def send_confirmation(*, initiative_id: int, token: str) -> None:
    """Queued by ``initiative_propose``; safe to run twice (keyed per initiative)."""
    initiative = Initiative.objects.filter(pk=initiative_id, confirmed_at__isnull=True).first()
    if initiative is None or not initiative.initiator_email:
        return
    context = {
        "initiative": initiative,
        "confirm_url": settings.SITE_URL + reverse("initiatives:confirm", args=[token]),
        "days": confirm_days(),
        "name": initiative.initiator_name,
    }
    with translation.override(initiative.language or settings.LANGUAGE_CODE):
        email_enqueue(
            to=initiative.initiator_email,
            subject=_("Bevestig uw idee: %(title)s") % {"title": initiative.title},
            body_text=render_to_string("initiatives/email/confirm_idea.txt", context),
            topic=initiative.reference,
            key=f"idea-confirm:{initiative.pk}",
        )


class LinkRefused(DomainError):
    """A confirmation link that does not work: ``code`` says why (unknown, expired)."""


def initiative_confirm(*, token: str, now=None) -> tuple[Initiative, bool]:
    """Confirm the idea whose link this is: from now on it is public. Returns the initiative and
    whether this call confirmed it (False: it was confirmed before, by this same link). Raises
    ``LinkRefused`` for a link we never sent (code ``unknown``) and for an expired one
    (``expired``)."""
    now = now or timezone.now()
    with transaction.atomic():
        initiative = (
            Initiative.objects.select_for_update()
            .filter(confirm_token_hash=hash_token(token or ""))
            .exclude(confirm_token_hash="")
            .first()
        )
        if initiative is None:
            raise LinkRefused(
                _("Deze link kennen we niet. Kijk of u de hele link uit de e-mail heeft gebruikt."),
                code="unknown",
            )
        if initiative.confirmed_at is not None:
            return initiative, False
        if initiative.created_at + timedelta(days=confirm_days()) < now:
            raise LinkRefused(
                _(
                    "Deze link is verlopen: hij werkt %(days)s dagen. Stel uw idee opnieuw voor; "
                    "wij sturen dan een nieuwe link."
                )
                % {"days": confirm_days()},
                code="expired",
            )
        initiative.confirmed_at = now
        initiative.stage_changed_at = now
        initiative.save(update_fields=["confirmed_at", "stage_changed_at"])
        audit_record(
            # The initiator has no account; the system acts on their confirmed link.
            actor=SYSTEM,
            action="initiative_confirm",
            instance=initiative,
            changes={"confirmed_at": now.isoformat()},
        )
    return initiative, True
