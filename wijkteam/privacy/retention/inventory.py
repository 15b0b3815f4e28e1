"""What the run removes from a due case: the kinds of personal data, counted per case."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower

from wijkteam.cases.models import (
    Case,
    CaseAction,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseStatus,
    Feedback,
    ProposalResponse,
)
from wijkteam.cases.steps import case_link
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.privacy.retention.items import (
    ADDRESS_FIELDS,
    CASE_EVENTS_WITHOUT_FREE_TEXT,
    ITEMS,
    POINT_DECIMALS,
    POSTCODE_DIGITS,
    SIGNAL_EVENTS_WITHOUT_FREE_PUBLIC_TEXT,
    SIGNAL_EVENTS_WITHOUT_FREE_TEXT,
    removed_marker,
)
from wijkteam.privacy.retention.schedule import due_on
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    Reporter,
    Sensitivity,
    Signal,
    SignalEvent,
)


@dataclass
class Removal:
    """What the run removes from one due case and from the cases merged into it (its
    ``members``, the case itself first); counts per member case id and item key."""

    case: Case
    members: list[Case]
    months: int
    keeps_free_text: bool
    reduces_address: bool
    held: bool
    counts: dict[int, Counter] = field(default_factory=dict)
    email_ids: list[int] = field(default_factory=list)

    @property
    def due_on(self) -> date:
        return due_on(self.case.closed_at, self.months)

    @property
    def totals(self) -> Counter:
        total: Counter = Counter()
        for counts in self.counts.values():
            total.update(counts)
        return total

    def lines(self) -> list[tuple[str, int]]:
        """(label, count) per kind of data removed, in a fixed order."""
        totals = self.totals
        return [(str(item.label), totals[item.key]) for item in ITEMS if totals[item.key]]

    def audit_changes(self, member: Case) -> dict:
        """The audit row of one member case: what kinds of data went, in which fields, and how
        many records; never the values."""
        counts = self.counts.get(member.pk, Counter())
        changes = {
            "retention_months": self.months,
            "closed_at": self.case.closed_at.isoformat(),
            "free_text_kept": self.keeps_free_text,
            "removed": [
                {"what": item.key, "fields": list(item.fields), "count": counts[item.key]}
                for item in ITEMS
                if counts[item.key]
            ],
        }
        if member.pk != self.case.pk:
            changes["merged_into"] = self.case.reference  # done with the case it is part of
        return changes


def _members(cases: list[Case]) -> dict[int, list[Case]]:
    """Per case: the case and the cases merged into it, at any depth."""
    members = {case.pk: [case] for case in cases}
    root_of = {case.pk: case.pk for case in cases}
    frontier = list(root_of)
    while frontier:
        merged = list(
            Case.objects.filter(merged_into_id__in=frontier, status=CaseStatus.MERGED)
            .select_related("category")
            .order_by("id")
        )
        for case in merged:
            root_of[case.pk] = root_of[case.merged_into_id]
            members[root_of[case.pk]].append(case)
        frontier = [case.pk for case in merged]
    return members


def _count_by(queryset: QuerySet, case_path: str) -> dict[int, int]:
    rows = queryset.order_by().values(case_path).annotate(n=Count("pk", distinct=True))
    return {row[case_path]: row["n"] for row in rows}


def not_removed(name: str, marker: str) -> Q:
    return ~Q(**{name: ""}) & ~Q(**{name: marker})


def _emails(members: list[Case]) -> dict[int, list[int]]:
    """The outbox's emails to the reporters of these cases, per case id: those about the case
    (its reference as topic) and the receipts sent before the case existed (no topic; to a
    reporter's address, naming their signal in the subject)."""
    case_of_reference = {case.reference: case.pk for case in members}
    signals_of_address: dict[str, list[tuple[int, re.Pattern]]] = defaultdict(list)
    reporters = (
        Reporter.objects.filter(signal__case_link__case__in=case_of_reference.values())
        .exclude(email="")
        .values_list("signal__case_link__case", "signal__reference", "email")
    )
    for case_id, reference, email in reporters:
        pattern = re.compile(rf"(?<![\w-]){re.escape(reference)}(?![\w-])")
        signals_of_address[email.lower()].append((case_id, pattern))
    wanted = Q(topic__in=list(case_of_reference))
    if signals_of_address:
        wanted |= Q(topic="", to_lower__in=list(signals_of_address))
    found: dict[int, list[int]] = defaultdict(list)
    rows = (
        OutgoingEmail.objects.annotate(to_lower=Lower("to"))
        .filter(wanted)
        .values_list("pk", "topic", "to_lower", "subject")
    )
    for pk, topic, to, subject in rows:
        if topic:
            found[case_of_reference[topic]].append(pk)
            continue
        for case_id, pattern in signals_of_address.get(to, ()):
            if pattern.search(subject):
                found[case_id].append(pk)
                break
    return found


def _keeps_free_text(members: list[Case], loses_free_text: set[int]) -> bool:
    root = members[0]
    return root.pk not in loses_free_text and all(
        member.category.keeps_free_text and member.sensitivity == Sensitivity.TEAM
        for member in members
    )


def _has_address(record) -> bool:
    """Whether a signal or case still says more than street and buurt: a house, a full postcode
    or a point precise enough to find the door."""
    return bool(
        record.house_number is not None
        or record.house_number_addition
        or record.bag_id
        or len(record.postcode) > POSTCODE_DIGITS
        or getattr(record, "address_key", "")
        or any(
            value is not None and round(value, POINT_DECIMALS) != value
            for value in (record.latitude, record.longitude)
        )
    )


def retention_inventory(cases: Iterable[Case]) -> list[Removal]:
    """What the run removes from each of these (due) cases, counted with a fixed number of
    queries whatever the number of cases. The run works from this, so a dry run shows exactly
    what a real run would do."""
    cases = list(cases)
    if not cases:
        return []
    marker = removed_marker()
    members = _members(cases)
    all_members = [member for group in members.values() for member in group]
    ids = [member.pk for member in all_members]
    # A signal of a category that does not keep free text makes the whole case lose it.
    loses_free_text = set(
        Signal.objects.filter(case_link__case__in=ids)
        .exclude(category__keep_free_text=True, category__sensitivity=Sensitivity.TEAM)
        .values_list("case_link__case", flat=True)
        .distinct()
    )
    signals = Signal.objects.filter(case_link__case__in=ids)
    by_signal = "signal__case_link__case"
    counted = {
        "reporter_details": _count_by(
            Reporter.objects.filter(signal__case_link__case__in=ids).exclude(
                name="", email="", phone=""
            ),
            by_signal,
        ),
        "photos": _count_by(Attachment.objects.filter(signal__case_link__case__in=ids), by_signal),
        "documents": _count_by(CaseDocument.objects.filter(case__in=ids), "case"),
        "tenant_names": _count_by(
            ArrearsDetails.objects.filter(signal__case_link__case__in=ids).exclude(tenant_name=""),
            by_signal,
        ),
        "external_references": _count_by(signals.exclude(external_reference=""), "case_link__case"),
    }
    # Counted everywhere, reduced only where the case is sensitive (see Removal).
    addresses: Counter = Counter(
        signal.case_id
        for signal in signals.annotate(case_id=F("case_link__case")).only(*ADDRESS_FIELDS)
        if _has_address(signal)
    )
    free_text = {
        "descriptions": _count_by(
            signals.filter(not_removed("description", marker)), "case_link__case"
        ),
        "location_notes": _count_by(
            signals.filter(not_removed("location_note", marker)), "case_link__case"
        ),
        "notes": _count_by(
            CaseNote.objects.filter(case__in=ids).filter(not_removed("text", marker)), "case"
        ),
        "actions": _count_by(
            CaseAction.objects.filter(case__in=ids).filter(
                not_removed("description", marker) | not_removed("result", marker)
            ),
            "case",
        ),
        "responses": _count_by(
            ProposalResponse.objects.filter(proposal__case__in=ids).filter(
                not_removed("reason", marker)
            ),
            "proposal__case",
        ),
        "feedback_comments": _count_by(
            Feedback.objects.filter(case__in=ids).filter(not_removed("comment", marker)), "case"
        ),
        "case_events": _count_by(
            CaseEvent.objects.filter(case__in=ids)
            .exclude(kind__in=CASE_EVENTS_WITHOUT_FREE_TEXT)
            .filter(not_removed("text", marker)),
            "case",
        ),
        "signal_events": _count_by(
            SignalEvent.objects.filter(signal__case_link__case__in=ids).filter(
                (~Q(kind__in=SIGNAL_EVENTS_WITHOUT_FREE_TEXT) & not_removed("text", marker))
                | (
                    ~Q(kind__in=SIGNAL_EVENTS_WITHOUT_FREE_PUBLIC_TEXT)
                    & not_removed("public_text", marker)
                )
            ),
            by_signal,
        ),
    }
    case_of_link = {case_link(member): member.pk for member in all_members}
    notifications = Counter(
        case_of_link[link]
        for link in Notification.objects.filter(link__in=list(case_of_link))
        .filter(not_removed("body", marker))
        .values_list("link", flat=True)
    )
    emails = _emails(all_members)

    removals = []
    for case in cases:
        group = members[case.pk]
        removal = Removal(
            case=case,
            members=group,
            months=case.category.retention_period,
            keeps_free_text=_keeps_free_text(group, loses_free_text),
            reduces_address=any(m.sensitivity != Sensitivity.TEAM for m in group),
            held=any(m.legal_hold for m in group),
        )
        for member in group:
            counts: Counter = Counter()
            for key, per_case in counted.items():
                counts[key] = per_case.get(member.pk, 0)
            counts["emails"] = len(emails.get(member.pk, ()))
            removal.email_ids.extend(emails.get(member.pk, ()))
            if removal.reduces_address:
                counts["addresses"] = addresses.get(member.pk, 0) + _has_address(member)
            if not removal.keeps_free_text:
                for key, per_case in free_text.items():
                    counts[key] = per_case.get(member.pk, 0)
                counts["summaries"] = int(member.summary not in ("", marker))
                counts["reporter_messages"] = int(member.reporter_message not in ("", marker))
                counts["notifications"] = notifications.get(member.pk, 0)
            removal.counts[member.pk] = +counts  # only what is there
        removals.append(removal)
    return removals
