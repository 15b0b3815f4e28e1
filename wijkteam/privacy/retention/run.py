"""Doing it: each due case in its own transaction, with an audit row per case; the dry run."""

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.models import (
    Case,
    CaseAction,
    CaseDocument,
    CaseEvent,
    CaseNote,
    Feedback,
    ProposalResponse,
)
from wijkteam.cases.steps import case_link
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import Actor, is_system, require_actor
from wijkteam.privacy.retention.inventory import Removal, retention_inventory
from wijkteam.privacy.retention.items import (
    CASE_EVENTS_WITHOUT_FREE_TEXT,
    ITEMS,
    removed_marker,
    removed_marker_source,
)
from wijkteam.privacy.retention.schedule import retention_due
from wijkteam.privacy.retention.signal_data import (
    delete_with_files,
    reduce_address,
    signals_anonymise,
)
from wijkteam.signals.models import Signal

logger = logging.getLogger(__name__)

BATCH = 200


def _remove(removal: Removal, now: datetime) -> None:
    marker = removed_marker()
    ids = [member.pk for member in removal.members]
    signal_ids = list(Signal.objects.filter(case_link__case__in=ids).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=removal.email_ids).delete()
    # Each signal of the case as any signal (signal_data.py), then what belongs to the case.
    signals_anonymise(
        signal_ids=signal_ids,
        now=now,
        keeps_free_text=removal.keeps_free_text,
        reduces_address=removal.reduces_address,
    )
    delete_with_files(CaseDocument.objects.filter(case_id__in=ids))
    if not removal.keeps_free_text:
        CaseNote.objects.filter(case_id__in=ids).update(text=marker)
        CaseAction.objects.filter(case_id__in=ids).update(description=marker)
        CaseAction.objects.filter(case_id__in=ids).exclude(result="").update(result=marker)
        ProposalResponse.objects.filter(proposal__case_id__in=ids).exclude(reason="").update(
            reason=marker
        )
        Feedback.objects.filter(case_id__in=ids).exclude(comment="").update(comment=marker)
        # A timeline line is stored twice, as Dutch text and as a message whose parameters
        # may quote the free text: both go, and the marker reads in the reader's language.
        marker_message = Message(removed_marker_source()).as_data()
        CaseEvent.objects.filter(case_id__in=ids).exclude(
            kind__in=CASE_EVENTS_WITHOUT_FREE_TEXT
        ).exclude(text="").update(text=marker, message=marker_message)
        Notification.objects.filter(link__in=[case_link(m) for m in removal.members]).exclude(
            body=""
        ).update(body=marker)
    for member in removal.members:
        changed = ["retention_applied_at"]
        member.retention_applied_at = now
        if removal.reduces_address:
            reduce_address(member, changed)
            member.address_key = ""
            changed.append("address_key")
        if not removal.keeps_free_text:
            member.summary = marker if member.summary else ""
            member.reporter_message = marker if member.reporter_message else ""
            changed += ["summary", "reporter_message"]
        member.save(update_fields=changed)


def require_system(actor: Actor) -> None:
    """Only the nightly run (or the ``retention`` command) removes personal data this way."""
    require_actor(actor)
    if not is_system(actor):
        raise DomainError(
            _("Alleen de nachtelijke ronde verwijdert persoonsgegevens na de bewaartermijn.")
        )


def case_retention_apply(
    *, actor: Actor, case_id: int, now: datetime | None = None
) -> Removal | None:
    """Remove the personal data of one case whose retention period is over (and of the cases
    merged into it), in one transaction, with an audit row per case that lists what kinds of
    data went and how many, never the data. Only the system (the nightly run, or the
    ``retention`` command). Returns what was removed, or None when the case is not (or no
    longer) due: reopened, on hold, or done meanwhile (the run passes it by; no error, so that
    a run that meets a changed case goes on with the others)."""
    require_system(actor)
    now = now or timezone.now()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("category")
            .filter(pk=case_id)
            .first()
        )
        if case is None or not retention_due(now=now).filter(pk=case_id).exists():
            return None
        [removal] = retention_inventory([case])
        if removal.held:
            return None
        _remove(removal, now)
        for member in removal.members:
            audit_record(
                actor=actor,
                action="retention",
                instance=member,
                changes=removal.audit_changes(member),
            )
    return removal


def retention_plan(*, now: datetime | None = None) -> Iterator[Removal]:
    """The dry run: what the next run removes, case by case, longest closed first. Changes
    nothing. Cases that would be passed by (a hold on a case merged into them) are left out."""
    due = retention_due(now=now).select_related("category__parent", "neighbourhood")
    chunk: list[Case] = []
    for case in due.iterator(chunk_size=BATCH):
        chunk.append(case)
        if len(chunk) == BATCH:
            yield from (removal for removal in retention_inventory(chunk) if not removal.held)
            chunk = []
    yield from (removal for removal in retention_inventory(chunk) if not removal.held)


@dataclass
class RunReport:
    """What one run did: how many cases, the totals per kind of data, and the cases that
    failed (they stay due, so the next run tries them again)."""

    cases: int = 0
    totals: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[tuple[str, int]]:
        return [(str(item.label), self.totals[item.key]) for item in ITEMS if self.totals[item.key]]


def retention_run(*, actor: Actor, now: datetime | None = None) -> RunReport:
    """Apply retention to every due case, each in its own transaction (only the system). A case
    that fails is logged and left for the next run; the others go on."""
    require_system(actor)
    now = now or timezone.now()
    report = RunReport()
    passed: list[int] = []
    while True:
        batch = list(
            retention_due(now=now).exclude(pk__in=passed).values_list("pk", "reference")[:BATCH]
        )
        if not batch:
            return report
        for case_id, reference in batch:
            try:
                removal = case_retention_apply(actor=actor, case_id=case_id, now=now)
            except Exception:
                logger.exception("Retention failed for case %s; the next run tries again", case_id)
                report.failed.append(reference)
                passed.append(case_id)
                continue
            if removal is None:
                passed.append(case_id)  # held inside, or changed meanwhile
                continue
            report.cases += 1
            report.totals.update(removal.totals)
