"""What the initiatives' confirmation links leave behind: ideas and supports whose email address
was never confirmed. Nobody can confirm them once the link expired
(``initiatives.proposals.confirm_days()``), nobody else ever saw them, and they hold an email
address (and a supporter's address), so the nightly run removes them: rows, the emails with
their links from the outbox, and the idea's photo files (once the transaction commits).

Each idea goes in its own transaction with an audit row (no text: the numbers that went), and
so do the expired supports of one initiative together."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from wijkteam.access.audit import audit_record
from wijkteam.initiatives.models import Initiative, InitiativePhoto, Supporter
from wijkteam.initiatives.proposals import confirm_days
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import Actor
from wijkteam.privacy.retention.run import require_system


def _cutoff(now: datetime | None) -> datetime:
    return (now or timezone.now()) - timedelta(days=confirm_days())


def unconfirmed_ideas_due(*, now: datetime | None = None) -> QuerySet[Initiative]:
    """Ideas whose initiator never confirmed them and whose link has expired."""
    return Initiative.objects.filter(confirmed_at__isnull=True, created_at__lt=_cutoff(now))


def unconfirmed_supports_due(*, now: datetime | None = None) -> QuerySet[Supporter]:
    """Supports never confirmed whose link has expired."""
    return Supporter.objects.filter(confirmed_at__isnull=True, created_at__lt=_cutoff(now))


@dataclass(frozen=True)
class UnconfirmedCounts:
    ideas: int = 0
    supports: int = 0


def unconfirmed_due(*, now: datetime | None = None) -> UnconfirmedCounts:
    """For the overview and the dry run: what the next run removes."""
    return UnconfirmedCounts(
        ideas=unconfirmed_ideas_due(now=now).count(),
        supports=unconfirmed_supports_due(now=now).count(),
    )


def _emails_to(reference: str, addresses: set[str]) -> QuerySet[OutgoingEmail]:
    return (
        OutgoingEmail.objects.filter(topic=reference)
        .annotate(to_lower=Lower("to"))
        .filter(to_lower__in=addresses)
    )


def _idea_remove(actor: Actor, initiative_id: int, now: datetime | None) -> bool:
    with transaction.atomic():
        initiative = (
            unconfirmed_ideas_due(now=now).select_for_update().filter(pk=initiative_id).first()
        )
        if initiative is None:
            return False  # confirmed meanwhile, or gone
        photos = InitiativePhoto.objects.filter(initiative=initiative)
        files = [(photo.file.storage, photo.file.name) for photo in photos if photo.file.name]
        emails, _ = OutgoingEmail.objects.filter(topic=initiative.reference).delete()
        audit_record(
            actor=actor,
            action="retention_unconfirmed",
            instance=initiative,
            changes={
                "created_at": initiative.created_at.isoformat(),
                "photos": len(files),
                "emails": emails,
            },
        )
        initiative.delete()  # with its photos' rows
        # Files go once the transaction commits: a run that fails halfway must find them again.
        for storage, name in files:
            transaction.on_commit(partial(storage.delete, name), robust=True)
    return True


def _supports_remove(actor: Actor, initiative_id: int, now: datetime | None) -> int:
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().filter(pk=initiative_id).first()
        if initiative is None:
            return 0
        supports = unconfirmed_supports_due(now=now).filter(initiative=initiative)
        addresses = {email.lower() for email in supports.values_list("email", flat=True)} - {""}
        emails, _ = _emails_to(initiative.reference, addresses).delete()
        count, _ = supports.delete()
        if count:
            audit_record(
                actor=actor,
                action="retention_unconfirmed",
                instance=initiative,
                changes={"unconfirmed_supports": count, "emails": emails},
            )
    return count


def unconfirmed_remove(*, actor: Actor, now: datetime | None = None) -> UnconfirmedCounts:
    """Remove the ideas and supports whose confirmation link expired (only the system).
    Returns how many went; running it again removes nothing more."""
    require_system(actor)
    ideas = sum(
        _idea_remove(actor, initiative_id, now)
        for initiative_id in unconfirmed_ideas_due(now=now).values_list("pk", flat=True)
    )
    supports = sum(
        _supports_remove(actor, initiative_id, now)
        for initiative_id in unconfirmed_supports_due(now=now)
        .order_by()
        .values_list("initiative", flat=True)
        .distinct()
    )
    return UnconfirmedCounts(ideas=ideas, supports=supports)
