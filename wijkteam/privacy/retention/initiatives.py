"""Retention for residents' initiatives (DESIGN §6, issue 18): a set time after an initiative
ended (realised, or did not go ahead), the people behind it are no longer kept; the project and
its story stay.

The period is ``WIJKTEAM_INITIATIVE_RETENTION_MONTHS`` (by default ``WIJKTEAM_RETENTION_MONTHS``),
in calendar months from the day it ended. Then, once per initiative, in its own transaction:
- the initiator's name and email address are blanked and their name is no longer shown;
- every supporter's email address, postcode, house number and addition are blanked; whether
  they live in the wijk (and so the counts on the public page) stays, and so do their public
  words of support, which were written to be read by anyone and are shown without a name;
- the emails to the initiator and the supporters are deleted from the outbox;
- ``personal_data_removed_at`` is set on the initiative and on its supporters, and one audit
  row (by the system) says what kinds of data went and how many, never the data.

What stays: the initiative with its title, description, place, stage, plan, contributions,
milestones, photos and public story, and the team's remarks. Legal holds are for cases; no
initiative has one. A running initiative is never due: it has not ended."""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wijkteam.access.audit import audit_record
from wijkteam.initiatives.models import Initiative, Supporter
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import Actor
from wijkteam.privacy.retention.items import Item
from wijkteam.privacy.retention.run import require_system
from wijkteam.privacy.retention.schedule import due_on, retention_cutoff

logger = logging.getLogger(__name__)

BATCH = 200

INITIATIVE_ITEMS = (
    Item(
        "initiator",
        gettext_lazy("Naam en e-mailadres van de indiener"),
        (
            "initiatives.Initiative.initiator_name",
            "initiatives.Initiative.initiator_email",
            "initiatives.Initiative.show_name",
        ),
    ),
    Item(
        "supporters",
        gettext_lazy("Contactgegevens van wie steunde (e-mailadres, postcode, huisnummer)"),
        (
            "initiatives.Supporter.email",
            "initiatives.Supporter.postcode",
            "initiatives.Supporter.house_number",
            "initiatives.Supporter.house_number_addition",
        ),
    ),
    Item(
        "emails",
        gettext_lazy("E-mails aan de indiener en wie steunde"),
        ("notifications.OutgoingEmail",),
    ),
)


def initiative_retention_months() -> int:
    """The period after an initiative ended that its people's details are kept."""
    return settings.WIJKTEAM_INITIATIVE_RETENTION_MONTHS or settings.WIJKTEAM_RETENTION_MONTHS


def initiatives_due(*, now: datetime | None = None) -> QuerySet[Initiative]:
    """Ended initiatives whose period is over and that the run has not done yet, longest ended
    first."""
    today = timezone.localdate(now or timezone.now())
    cutoff = retention_cutoff(today, initiative_retention_months())
    return Initiative.objects.filter(
        ended_at__lt=cutoff, personal_data_removed_at__isnull=True
    ).order_by("ended_at", "id")


@dataclass
class InitiativeRemoval:
    """What the run removes from one due initiative, counted per kind (``INITIATIVE_ITEMS``)."""

    initiative: Initiative
    months: int
    counts: Counter = field(default_factory=Counter)
    email_ids: list[int] = field(default_factory=list)

    @property
    def due_on(self) -> date:
        return due_on(self.initiative.ended_at, self.months)

    def lines(self) -> list[tuple[str, int]]:
        """(label, count) per kind of data removed, in a fixed order."""
        return [
            (str(item.label), self.counts[item.key])
            for item in INITIATIVE_ITEMS
            if self.counts[item.key]
        ]

    def audit_changes(self) -> dict:
        """The audit row: the period, when it ended, and what kinds of data went in which
        fields, how many; never the values."""
        return {
            "retention_months": self.months,
            "ended_at": self.initiative.ended_at.isoformat(),
            "removed": [
                {"what": item.key, "fields": list(item.fields), "count": self.counts[item.key]}
                for item in INITIATIVE_ITEMS
                if self.counts[item.key]
            ],
        }


def _with_details() -> Q:
    """A supporter who still has any contact detail."""
    return (
        ~Q(email="")
        | ~Q(postcode="")
        | Q(house_number__isnull=False)
        | ~Q(house_number_addition="")
    )


def initiative_inventory(initiatives: Iterable[Initiative]) -> list[InitiativeRemoval]:
    """What the run removes from each of these (due) initiatives, in three queries whatever
    their number. The run works from this, so the overview shows what a run would do."""
    initiatives = list(initiatives)
    if not initiatives:
        return []
    ids = [initiative.pk for initiative in initiatives]
    supporters = dict(
        Supporter.objects.filter(initiative__in=ids)
        .filter(_with_details())
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values_list("initiative", "n")
    )
    addresses: dict[int, set[str]] = {
        initiative.pk: {initiative.initiator_email.lower()} - {""} for initiative in initiatives
    }
    for initiative_id, email in (
        Supporter.objects.filter(initiative__in=ids)
        .exclude(email="")
        .values_list("initiative", "email")
    ):
        addresses[initiative_id].add(email.lower())
    by_reference = {initiative.reference: initiative.pk for initiative in initiatives}
    emails: dict[int, list[int]] = {initiative.pk: [] for initiative in initiatives}
    rows = (
        OutgoingEmail.objects.filter(topic__in=list(by_reference))
        .annotate(to_lower=Lower("to"))
        .values_list("pk", "topic", "to_lower")
    )
    for pk, topic, to in rows:
        initiative_id = by_reference[topic]
        if to in addresses[initiative_id]:
            emails[initiative_id].append(pk)

    months = initiative_retention_months()
    removals = []
    for initiative in initiatives:
        counts = Counter(
            initiator=int(bool(initiative.initiator_name or initiative.initiator_email)),
            supporters=supporters.get(initiative.pk, 0),
            emails=len(emails[initiative.pk]),
        )
        removals.append(
            InitiativeRemoval(
                initiative=initiative,
                months=months,
                counts=+counts,  # only what is there
                email_ids=emails[initiative.pk],
            )
        )
    return removals


def initiative_retention_apply(
    *, actor: Actor, initiative_id: int, now: datetime | None = None
) -> InitiativeRemoval | None:
    """Remove the details of the initiator and the supporters of one initiative whose period
    is over, in one transaction, with one audit row. Only the system. Returns what was removed,
    or None when it is not (or no longer) due: done meanwhile (the run then goes on)."""
    require_system(actor)
    now = now or timezone.now()
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().filter(pk=initiative_id).first()
        if initiative is None or not initiatives_due(now=now).filter(pk=initiative_id).exists():
            return None
        [removal] = initiative_inventory([initiative])
        OutgoingEmail.objects.filter(pk__in=removal.email_ids).delete()
        Supporter.objects.filter(initiative=initiative).update(
            email="",
            postcode="",
            house_number=None,
            house_number_addition="",
            wants_updates=False,
            personal_data_removed_at=now,
        )
        initiative.initiator_name = ""
        initiative.initiator_email = ""
        initiative.show_name = False
        initiative.initiator_wants_updates = False
        initiative.personal_data_removed_at = now
        initiative.save(
            update_fields=[
                "initiator_name",
                "initiator_email",
                "show_name",
                "initiator_wants_updates",
                "personal_data_removed_at",
            ]
        )
        audit_record(
            actor=actor,
            action="retention",
            instance=initiative,
            changes=removal.audit_changes(),
        )
    return removal


@dataclass
class InitiativeRunReport:
    """What one run did to initiatives: how many, the totals per kind, and those that failed
    (they stay due, so the next run tries them again)."""

    initiatives: int = 0
    totals: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, int]]:
        return [
            (str(item.label), self.totals[item.key])
            for item in INITIATIVE_ITEMS
            if self.totals[item.key]
        ]


def initiatives_retention_run(*, actor: Actor, now: datetime | None = None) -> InitiativeRunReport:
    """Apply retention to every due initiative, each in its own transaction (only the system).
    One that fails is logged and left for the next run; the others go on."""
    require_system(actor)
    now = now or timezone.now()
    report = InitiativeRunReport()
    passed: list[int] = []
    while True:
        batch = list(
            initiatives_due(now=now).exclude(pk__in=passed).values_list("pk", "reference")[:BATCH]
        )
        if not batch:
            return report
        for initiative_id, reference in batch:
            try:
                removal = initiative_retention_apply(
                    actor=actor, initiative_id=initiative_id, now=now
                )
            except Exception:
                logger.exception(
                    "Retention failed for initiative %s; the next run tries again", initiative_id
                )
                report.failed.append(reference)
                passed.append(initiative_id)
                continue
            if removal is None:
                passed.append(initiative_id)
                continue
            report.initiatives += 1
            report.totals.update(removal.counts)
