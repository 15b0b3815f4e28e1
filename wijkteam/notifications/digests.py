"""The daily digest: one email per user with everything that waited for them."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.notifications.models import (
    Notification,
)
from wijkteam.notifications.services import absolute_link, email_enqueue


def digests_send(*, now: datetime | None = None) -> int:
    """Send each user who chose the daily digest one email with everything that waited for
    it, and take those notifications off the digest list (in the same transaction, so a
    repeated run never sends them twice). Returns the number of digests queued."""
    now = now or timezone.now()
    sent = 0
    user_ids = (
        Notification.objects.filter(awaits_digest=True, created_at__lte=now)
        .values_list("user_id", flat=True)
        # Without order_by() the model's ordering columns join the DISTINCT: one row per
        # notification instead of per user.
        .order_by("user_id")
        .distinct()
    )
    for user_id in list(user_ids):
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(user_id=user_id, awaits_digest=True, created_at__lte=now)
                .order_by("created_at", "id")
            )
            if not waiting:
                continue
            user = waiting[0].user
            Notification.objects.filter(pk__in=[item.pk for item in waiting]).update(
                awaits_digest=False
            )
            # Never an API client's account (it is notified of nothing in the first place).
            if not user.is_active or not user.email or getattr(user, "is_api_account", False):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                lines = [
                    f"- {item.subject}" + (f"\n  {absolute_link(item.link)}" if item.link else "")
                    for item in waiting
                ]
                body = "\n".join(
                    [
                        _("Goedemorgen %(name)s,") % {"name": user.get_short_name()},
                        "",
                        _("Dit wacht op u in Wijkteam:"),
                        "",
                        *lines,
                        "",
                        _(
                            "U krijgt dit overzicht één keer per dag. Dat kunt u wijzigen bij "
                            "Mijn instellingen."
                        ),
                    ]
                )
                subject = ngettext(
                    "Wijkteam: %(count)s nieuw bericht",
                    "Wijkteam: %(count)s nieuwe berichten",
                    len(waiting),
                ) % {"count": len(waiting)}
            email_enqueue(to=user.email, subject=subject, body_text=body)
            sent += 1
    return sent


def next_digest_at(after: datetime) -> datetime:
    """The next moment the daily digest goes out (DIGEST_HOUR, local time)."""
    local = timezone.localtime(after)
    moment = local.replace(hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if moment <= local:
        moment = timezone.localtime(
            timezone.make_aware(
                datetime.combine(local.date() + timedelta(days=1), time(settings.DIGEST_HOUR)),
                local.tzinfo,
            )
        )
    return moment
