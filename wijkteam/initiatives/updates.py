"""The public story of an initiative and the emails that carry it.

Every stage reached and every milestone published is an ``InitiativeUpdate``: a line on the
public page, and an email (through the outbox) to the initiator and the confirmed supporters
who asked for updates. Each email has a one-click unsubscribe link. The fan-out is a background
task queued in the update's own transaction; it is safe to run twice (each email is keyed by
update and recipient)."""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wijkteam.core.followups import follow_up
from wijkteam.initiatives.models import Initiative, InitiativeUpdate, Milestone, Supporter
from wijkteam.notifications.services import email_enqueue

UNSUBSCRIBE_SALT = "wijkteam.initiatives.unsubscribe"
INITIATOR = "i"
SUPPORTER = "s"


def unsubscribe_value(*, kind: str, pk: int) -> str:
    """The signed part of an unsubscribe link: who (the initiator of initiative ``pk``, or
    supporter ``pk``). Signed, so nobody can make one for someone else; it never expires (an old
    email's link must still work)."""
    return signing.dumps([kind, pk], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_target(value: str) -> tuple[str, int] | None:
    """(kind, pk) of a signed unsubscribe value, or None for a forged or damaged one."""
    try:
        kind, pk = signing.loads(value, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if kind not in (INITIATOR, SUPPORTER) or not isinstance(pk, int):
        return None
    return kind, pk


def unsubscribe_url(*, kind: str, pk: int) -> str:
    return settings.SITE_URL + reverse(
        "initiatives:unsubscribe", args=[unsubscribe_value(kind=kind, pk=pk)]
    )


def update_add(
    *,
    initiative: Initiative,
    title: str,
    text: str = "",
    stage: str = "",
    milestone: Milestone | None = None,
    at: datetime | None = None,
) -> InitiativeUpdate:
    """Add a line to the public story and queue its emails (call inside the changing
    transaction; the caller writes the audit row of the change itself). Texts are stored as
    given: build them in the default language."""
    update = InitiativeUpdate.objects.create(
        initiative=initiative,
        at=at or timezone.now(),
        title=title,
        text=text,
        stage=stage,
        milestone=milestone,
    )
    follow_up(send_update, update_id=update.pk)
    return update


@task()
def send_update(*, update_id: int) -> None:
    """Queued by ``update_add``; safe to run twice."""
    update_send(update_id=update_id)


def update_recipients(initiative: Initiative) -> list[tuple[str, str, str, int]]:
    """Who gets an update: (email, language, kind, pk) of the initiator and every confirmed
    supporter who asked for updates and did not unsubscribe."""
    recipients = []
    if initiative.initiator_wants_updates and initiative.initiator_email:
        recipients.append(
            (initiative.initiator_email, initiative.language, INITIATOR, initiative.pk)
        )
    supporters = (
        Supporter.objects.filter(
            initiative=initiative, confirmed_at__isnull=False, wants_updates=True
        )
        .exclude(email="")
        .only("pk", "email", "language")
        .order_by("id")
    )
    seen = {email.lower() for email, *_rest in recipients}
    for supporter in supporters.iterator():
        if supporter.email.lower() in seen:
            continue  # the initiator supports their own idea: one email
        seen.add(supporter.email.lower())
        recipients.append((supporter.email, supporter.language, SUPPORTER, supporter.pk))
    return recipients


def update_send(*, update_id: int) -> int:
    """Queue the update's email for every recipient (once each). Returns how many."""
    update = InitiativeUpdate.objects.select_related("initiative").filter(pk=update_id).first()
    if update is None or not update.initiative.is_public:
        return 0
    initiative = update.initiative
    page = settings.SITE_URL + reverse("initiatives:detail", args=[initiative.reference])
    count = 0
    for email, language, kind, pk in update_recipients(initiative):
        context = {
            "initiative": initiative,
            "update": update,
            "page_url": page,
            "unsubscribe_url": unsubscribe_url(kind=kind, pk=pk),
            "is_initiator": kind == INITIATOR,
        }
        with translation.override(language or settings.LANGUAGE_CODE):
            email_enqueue(
                to=email,
                subject=_("Nieuws over %(title)s") % {"title": initiative.title},
                body_text=render_to_string("initiatives/email/update.txt", context),
                topic=initiative.reference,
                key=f"iu:{update.pk}:{kind}:{pk}",
            )
        count += 1
    return count
