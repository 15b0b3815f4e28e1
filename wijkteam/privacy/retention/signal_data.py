"""One way to remove a signal's personal data after its retention period, counted first: what
the case run does to each signal of a due case (run.py), and the run of signals that never
reached a case to each of those (unplaced.py).

Signals are taken in groups: the signals of one case, or one signal on its own. ``by`` is the
path from a signal to its group's id (``"case_link__case"``, or ``"pk"``), so that the same
queries count per case or per signal."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower, Substr

from wijkteam.core.translation import Message
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.privacy.retention.items import (
    ADDRESS_FIELDS,
    POINT_DECIMALS,
    POSTCODE_DIGITS,
    SIGNAL_EVENTS_WITHOUT_FREE_PUBLIC_TEXT,
    SIGNAL_EVENTS_WITHOUT_FREE_TEXT,
    removed_marker,
    removed_marker_source,
)
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    DebtHelpReferral,
    Reporter,
    Signal,
    SignalEvent,
)


def not_removed(name: str, marker: str) -> Q:
    return ~Q(**{name: ""}) & ~Q(**{name: marker})


def has_address(record) -> bool:
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


def reduce_address(record, fields: list[str]) -> None:
    """Bring a signal's or case's address back to street and buurt (unsaved; ``fields`` gets
    the names to save)."""
    record.house_number = None
    record.house_number_addition = ""
    record.bag_id = ""
    record.postcode = record.postcode[:POSTCODE_DIGITS]
    if record.latitude is not None:
        record.latitude = round(record.latitude, POINT_DECIMALS)
    if record.longitude is not None:
        record.longitude = round(record.longitude, POINT_DECIMALS)
    fields += list(ADDRESS_FIELDS)


def _signals(by: str, ids: Iterable[int]) -> QuerySet[Signal]:
    return Signal.objects.filter(**{f"{by}__in": list(ids)})


def _count_by(queryset: QuerySet, path: str) -> dict[int, int]:
    rows = queryset.order_by().values(path).annotate(n=Count("pk", distinct=True))
    return {row[path]: row["n"] for row in rows}


@dataclass
class SignalCounts:
    """What the signals of each group hold, per item key (items.py) and group id: what goes
    whatever the category (``always``), addresses that go where the group is not for the whole
    team, and free text that goes unless the group keeps it."""

    always: dict[str, dict[int, int]]
    addresses: Counter
    free_text: dict[str, dict[int, int]]


def signal_data_count(*, by: str, ids: Iterable[int]) -> SignalCounts:
    """Count the personal data of the signals of these groups, in a fixed number of queries
    whatever their number."""
    ids = list(ids)
    marker = removed_marker()
    signals = _signals(by, ids)
    related = {f"signal__{by}__in": ids}
    by_signal = f"signal__{by}"
    always = {
        "reporter_details": _count_by(
            Reporter.objects.filter(**related).exclude(name="", email="", phone=""), by_signal
        ),
        "photos": _count_by(Attachment.objects.filter(**related), by_signal),
        "tenant_names": _count_by(
            ArrearsDetails.objects.filter(**related).exclude(tenant_name=""), by_signal
        ),
        "external_references": _count_by(signals.exclude(external_reference=""), by),
    }
    addresses: Counter = Counter(
        signal.group_id
        for signal in signals.annotate(group_id=F(by)).only(*ADDRESS_FIELDS)
        if has_address(signal)
    )
    free_text = {
        "descriptions": _count_by(signals.filter(not_removed("description", marker)), by),
        "location_notes": _count_by(signals.filter(not_removed("location_note", marker)), by),
        "signal_events": _count_by(
            SignalEvent.objects.filter(**related).filter(
                (~Q(kind__in=SIGNAL_EVENTS_WITHOUT_FREE_TEXT) & not_removed("text", marker))
                | (
                    ~Q(kind__in=SIGNAL_EVENTS_WITHOUT_FREE_PUBLIC_TEXT)
                    & not_removed("public_text", marker)
                )
            ),
            by_signal,
        ),
    }
    return SignalCounts(always=always, addresses=addresses, free_text=free_text)


def reporter_emails(*, by: str, ids: Iterable[int], topics: dict[str, int]) -> dict[int, list[int]]:
    """The outbox's emails to the reporters of these groups' signals, per group id: those whose
    topic is in ``topics`` (a case's reference → the group) and the receipts, which have no
    topic and go to a reporter's address naming their signal in the subject (sent before the
    signal had a case, or when it never got one)."""
    signals_of_address: dict[str, list[tuple[int, re.Pattern]]] = defaultdict(list)
    reporters = (
        Reporter.objects.filter(**{f"signal__{by}__in": list(ids)})
        .exclude(email="")
        .values_list(f"signal__{by}", "signal__reference", "email")
    )
    for group_id, reference, email in reporters:
        pattern = re.compile(rf"(?<![\w-]){re.escape(reference)}(?![\w-])")
        signals_of_address[email.lower()].append((group_id, pattern))
    if not topics and not signals_of_address:
        return {}
    wanted = Q(topic__in=list(topics))
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
            found[topics[topic]].append(pk)
            continue
        for group_id, pattern in signals_of_address.get(to, ()):
            if pattern.search(subject):
                found[group_id].append(pk)
                break
    return found


def delete_with_files(queryset: QuerySet) -> None:
    """Delete these rows of stored files at once, and their files once the transaction commits:
    a run that fails halfway must find them again."""
    rows = list(queryset)
    files = [(row.file.storage, row.file.name) for row in rows if row.file.name]
    queryset.model.objects.filter(pk__in=[row.pk for row in rows]).delete()
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name), robust=True)


def signals_anonymise(
    *,
    signal_ids: list[int],
    now: datetime,
    keeps_free_text: bool,
    reduces_address: bool,
) -> None:
    """Remove the personal data of these signals (inside the caller's transaction; the caller
    decided they are due and deletes the emails it counted): reporters' name, email address
    and phone number, photos, the arrears tenant's name and the gemeente's copy of it, the
    source's own reference; the address down to street and buurt when ``reduces_address``;
    descriptions, notes on the place and the history lines that quote free text, unless
    ``keeps_free_text``. Marks them done (``Signal.retention_applied_at``). Reference,
    category, buurt, channel, dates and status stay for the figures."""
    marker = removed_marker()
    signals = Signal.objects.filter(pk__in=signal_ids)
    delete_with_files(Attachment.objects.filter(signal_id__in=signal_ids))
    Reporter.objects.filter(signal_id__in=signal_ids).update(name="", email="", phone="")
    ArrearsDetails.objects.filter(signal_id__in=signal_ids).exclude(tenant_name="").update(
        tenant_name=""
    )
    # The gemeente's copy for debt help goes with the corporation's original: the name and the
    # house number; street, postcode digits and amount stay for the figures.
    DebtHelpReferral.objects.filter(signal_id__in=signal_ids).update(
        tenant_name="",
        house_number=None,
        house_number_addition="",
        postcode=Substr("postcode", 1, POSTCODE_DIGITS),
    )
    signals.exclude(external_reference="").update(external_reference="")
    if reduces_address:
        for signal in signals:
            changed: list[str] = []
            reduce_address(signal, changed)
            signal.save(update_fields=changed)
    if not keeps_free_text:
        for name in ("description", "location_note"):
            signals.filter(not_removed(name, marker)).update(**{name: marker})
        # A history line is stored twice, as Dutch text and as a message whose parameters may
        # quote the free text: both go, and the marker reads in the reader's language.
        marker_message = Message(removed_marker_source()).as_data()
        events = SignalEvent.objects.filter(signal_id__in=signal_ids)
        events.exclude(kind__in=SIGNAL_EVENTS_WITHOUT_FREE_TEXT).exclude(text="").update(
            text=marker, message=marker_message
        )
        events.exclude(kind__in=SIGNAL_EVENTS_WITHOUT_FREE_PUBLIC_TEXT).exclude(
            public_text=""
        ).update(public_text=marker, public_message=marker_message)
    signals.filter(retention_applied_at__isnull=True).update(retention_applied_at=now)
