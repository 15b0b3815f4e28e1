"""Retention for signals that never reached a case (DESIGN §6, issue 21): a signal waits for a
case while its wijk is unknown (an address that could not be checked and no point on the map,
or a point outside the wijken; ``cases.placement.case_place_signal``). No case closes over it,
so the case run never takes it; this run does.

The period is the one a case of its category has (``Category.retention_period``: the
category's own, or ``WIJKTEAM_RETENTION_MONTHS``), in calendar months counted from the signal's
last change instead of a closure: the latest line of its history (every service that changes a
signal writes one: a corrected address, an updated arrears row, an extra reporter), or when it
was received. A change restarts the clock, so a signal someone still works on is never taken.

Then, once per signal, in its own transaction, exactly what the case run does to each signal of
a case (``signal_data.signals_anonymise``): reporters' details, the emails to them, photos and
their files, the tenant's name, the source's reference, the address where the signal is not for
the whole team, and free text unless its category keeps it; one audit row by the system. The
reference, category, buurt, channel, dates and status stay for the figures. A signal that gets
a case before its time is over is the case's from then on: the case run takes it after the
case closed. One that was done cannot be moved into a case any more (``signal_relocate``)."""

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from wijkteam.access.audit import audit_record
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import Actor
from wijkteam.privacy.retention.items import ITEMS
from wijkteam.privacy.retention.run import require_system
from wijkteam.privacy.retention.schedule import category_periods, due_on, retention_cutoff
from wijkteam.privacy.retention.signal_data import (
    has_address,
    reporter_emails,
    signal_data_count,
    signals_anonymise,
)
from wijkteam.signals.models import Sensitivity, Signal, SignalEvent

logger = logging.getLogger(__name__)

BATCH = 200

# The path from a signal to its group: here each signal is a group of its own.
BY_SIGNAL = "pk"


def last_change():
    """A signal's last change: its latest history line (one index look-up per signal), or
    when it was received, whichever is later (a line may carry an earlier moment)."""
    latest_line = SignalEvent.objects.filter(signal=OuterRef("pk")).order_by("-at").values("at")
    return Greatest("created_at", Coalesce(Subquery(latest_line[:1]), "created_at"))


def unplaced_due(*, now: datetime | None = None) -> QuerySet[Signal]:
    """Signals without a case whose category's period after their last change is over and that
    the run has not done yet, longest unchanged first (``last_change`` annotated)."""
    today = timezone.localdate(now or timezone.now())
    due = Q()
    for months, category_ids in category_periods().items():
        due |= Q(category_id__in=category_ids, last_change__lt=retention_cutoff(today, months))
    if not due:
        return Signal.objects.none()
    return (
        Signal.objects.filter(
            # Without a wijk there is no case (``case_place_signal``), and with one the intake
            # or the correction of the address placed it in the same transaction: the wijk
            # narrows a million signals to the few (index ``signal_unplaced``) before the last
            # change is looked up for each; the missing case is what decides.
            team__isnull=True,
            case_link__isnull=True,
            retention_applied_at__isnull=True,
        )
        .annotate(last_change=last_change())
        .filter(due)
        .order_by("last_change", "id")
    )


@dataclass
class SignalRemoval:
    """What the run removes from one due signal without a case, counted per kind (``ITEMS``)."""

    signal: Signal  # with ``last_change`` annotated
    months: int
    keeps_free_text: bool
    reduces_address: bool
    counts: Counter = field(default_factory=Counter)
    email_ids: list[int] = field(default_factory=list)

    @property
    def due_on(self) -> date:
        return due_on(self.signal.last_change, self.months)

    def lines(self) -> list[tuple[str, int]]:
        """(label, count) per kind of data removed, in a fixed order."""
        return [(str(item.label), self.counts[item.key]) for item in ITEMS if self.counts[item.key]]

    def audit_changes(self) -> dict:
        """The audit row: the period, the last change it counts from, and what kinds of data
        went in which fields, how many; never the values."""
        return {
            "retention_months": self.months,
            "last_change": self.signal.last_change.isoformat(),
            "without_case": True,
            "free_text_kept": self.keeps_free_text,
            "removed": [
                {"what": item.key, "fields": list(item.fields), "count": self.counts[item.key]}
                for item in ITEMS
                if self.counts[item.key]
            ],
        }


def unplaced_inventory(signals: Iterable[Signal]) -> list[SignalRemoval]:
    """What the run removes from each of these due signals (from ``unplaced_due``, with their
    category), in a fixed number of queries whatever their number. The run works from this, so
    the overview and the dry run show what a run would do."""
    signals = list(signals)
    if not signals:
        return []
    ids = [signal.pk for signal in signals]
    counted = signal_data_count(by=BY_SIGNAL, ids=ids)
    emails = reporter_emails(by=BY_SIGNAL, ids=ids, topics={})
    removals = []
    for signal in signals:
        removal = SignalRemoval(
            signal=signal,
            months=signal.category.retention_period,
            keeps_free_text=(
                signal.category.keeps_free_text and signal.sensitivity == Sensitivity.TEAM
            ),
            reduces_address=signal.sensitivity != Sensitivity.TEAM,
            email_ids=emails.get(signal.pk, []),
        )
        counts: Counter = Counter({key: n.get(signal.pk, 0) for key, n in counted.always.items()})
        counts["emails"] = len(removal.email_ids)
        if removal.reduces_address:
            counts["addresses"] = int(has_address(signal))
        if not removal.keeps_free_text:
            counts.update({key: n.get(signal.pk, 0) for key, n in counted.free_text.items()})
        removal.counts = +counts  # only what is there
        removals.append(removal)
    return removals


def unplaced_retention_apply(
    *, actor: Actor, signal_id: int, now: datetime | None = None
) -> SignalRemoval | None:
    """Remove the personal data of one signal without a case whose period is over, in one
    transaction, with one audit row. Only the system. Returns what was removed, or None when it
    is not (or no longer) due: changed or placed in a case meanwhile, or done (the run then
    goes on with the others)."""
    require_system(actor)
    now = now or timezone.now()
    with transaction.atomic():
        # Locked first, as a correction of its address locks it: one waits for the other.
        if not Signal.objects.select_for_update().filter(pk=signal_id).exists():
            return None
        signal = unplaced_due(now=now).filter(pk=signal_id).select_related("category").first()
        if signal is None:
            return None
        [removal] = unplaced_inventory([signal])
        OutgoingEmail.objects.filter(pk__in=removal.email_ids).delete()
        signals_anonymise(
            signal_ids=[signal.pk],
            now=now,
            keeps_free_text=removal.keeps_free_text,
            reduces_address=removal.reduces_address,
        )
        audit_record(
            actor=actor, action="retention", instance=signal, changes=removal.audit_changes()
        )
    return removal


def unplaced_plan(*, now: datetime | None = None) -> Iterator[SignalRemoval]:
    """The dry run: what the next run removes, signal by signal, longest unchanged first."""
    chunk: list[Signal] = []
    for signal in unplaced_due(now=now).select_related("category").iterator(chunk_size=BATCH):
        chunk.append(signal)
        if len(chunk) == BATCH:
            yield from unplaced_inventory(chunk)
            chunk = []
    yield from unplaced_inventory(chunk)


@dataclass
class SignalRunReport:
    """What one run did to signals without a case: how many, the totals per kind, and those
    that failed (they stay due, so the next run tries them again)."""

    signals: int = 0
    totals: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, int]]:
        return [(str(item.label), self.totals[item.key]) for item in ITEMS if self.totals[item.key]]


def unplaced_retention_run(*, actor: Actor, now: datetime | None = None) -> SignalRunReport:
    """Apply retention to every due signal without a case, each in its own transaction (only
    the system). One that fails is logged and left for the next run; the others go on."""
    require_system(actor)
    now = now or timezone.now()
    report = SignalRunReport()
    passed: list[int] = []
    while True:
        batch = list(
            unplaced_due(now=now).exclude(pk__in=passed).values_list("pk", "reference")[:BATCH]
        )
        if not batch:
            return report
        for signal_id, reference in batch:
            try:
                removal = unplaced_retention_apply(actor=actor, signal_id=signal_id, now=now)
            except Exception:
                logger.exception(
                    "Retention failed for signal %s; the next run tries again", signal_id
                )
                report.failed.append(reference)
                passed.append(signal_id)
                continue
            if removal is None:
                passed.append(signal_id)
                continue
            report.signals += 1
            report.totals.update(removal.counts)
