"""What the run removes from a due case: the kinds of personal data, counted per case."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet

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
from wijkteam.notifications.models import Notification
from wijkteam.privacy.retention.items import (
    CASE_EVENTS_WITHOUT_FREE_TEXT,
    ITEMS,
    removed_marker,
)
from wijkteam.privacy.retention.schedule import due_on
from wijkteam.privacy.retention.signal_data import (
    has_address,
    not_removed,
    reporter_emails,
    signal_data_count,
)
from wijkteam.signals.models import Sensitivity, Signal

# The path from a signal to its case: the case run counts the signals' data per case.
BY_CASE = "case_link__case"


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


def _keeps_free_text(members: list[Case], loses_free_text: set[int]) -> bool:
    root = members[0]
    return root.pk not in loses_free_text and all(
        member.category.keeps_free_text and member.sensitivity == Sensitivity.TEAM
        for member in members
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
    # Each signal's data counted as any signal's (signal_data.py), per case.
    of_signals = signal_data_count(by=BY_CASE, ids=ids)
    counted = {
        **of_signals.always,
        "documents": _count_by(CaseDocument.objects.filter(case__in=ids), "case"),
    }
    # Counted everywhere, reduced only where the case is sensitive (see Removal).
    addresses = of_signals.addresses
    free_text = {
        **of_signals.free_text,
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
    }
    case_of_link = {case_link(member): member.pk for member in all_members}
    notifications = Counter(
        case_of_link[link]
        for link in Notification.objects.filter(link__in=list(case_of_link))
        .filter(not_removed("body", marker))
        .values_list("link", flat=True)
    )
    emails = reporter_emails(
        by=BY_CASE, ids=ids, topics={member.reference: member.pk for member in all_members}
    )

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
                counts["addresses"] = addresses.get(member.pk, 0) + has_address(member)
            if not removal.keeps_free_text:
                for key, per_case in free_text.items():
                    counts[key] = per_case.get(member.pk, 0)
                counts["summaries"] = int(member.summary not in ("", marker))
                counts["reporter_messages"] = int(member.reporter_message not in ("", marker))
                counts["notifications"] = notifications.get(member.pk, 0)
            removal.counts[member.pk] = +counts  # only what is there
        removals.append(removal)
    return removals
