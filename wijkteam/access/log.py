"""The access log: every view of a record whose details are for the case partners only or
confidential is written down (DESIGN §6), so the privacy officer can answer "who looked at this
case" and "what did this user look at". Views of team records are not logged."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from wijkteam.access.audit import actor_label
from wijkteam.access.models import AccessLogEntry

# The values of signals.models.Sensitivity whose views are logged (access sits below signals,
# so it names them; a test keeps the two in step).
LOGGED_SENSITIVITIES = frozenset({"case_partners", "confidential"})


def _entry(
    request: HttpRequest, record: models.Model, reference: str, sensitivity: str
) -> AccessLogEntry:
    user = request.user
    match = request.resolver_match
    return AccessLogEntry(
        user=user,
        user_label=actor_label(user),
        organisation_id=user.organisation_id,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        reference=reference,
        sensitivity=sensitivity,
        route=match.view_name if match else "",
        path=request.get_full_path()[:300],
    )


def access_log_view(
    *,
    request: HttpRequest,
    record: models.Model,
    reference: str = "",
    sensitivity: str = "",
) -> AccessLogEntry | None:
    """Log that ``request.user`` was shown the details of ``record`` (a case, a signal, a
    document, a photo) on this page; nothing for records visible to the whole team. The
    reference and sensitivity are the record's own unless given (a photo is logged under its
    signal's)."""
    reference = reference or record.reference
    sensitivity = sensitivity or record.sensitivity
    if sensitivity not in LOGGED_SENSITIVITIES:
        return None
    entry = _entry(request, record, reference, sensitivity)
    entry.save()
    return entry


def access_log_views(
    *,
    request: HttpRequest,
    records: Iterable[tuple[models.Model, str]],
    sensitivity: str,
) -> list[AccessLogEntry]:
    """``access_log_view`` for every (record, reference) a list page shows the details of, in
    one insert, so that a page of 50 costs one query instead of 50."""
    if sensitivity not in LOGGED_SENSITIVITIES:
        return []
    entries = [_entry(request, record, reference, sensitivity) for record, reference in records]
    return AccessLogEntry.objects.bulk_create(entries) if entries else []


def access_log_search(
    *,
    references: list[str] | None = None,
    user_id: Any = None,
    since=None,
    until=None,
) -> QuerySet[AccessLogEntry]:
    """Log rows for any of ``references`` and/or one user, newest first, within a period."""
    rows = AccessLogEntry.objects.all()
    if references is not None:
        rows = rows.filter(reference__in=references)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if since is not None:
        rows = rows.filter(at__gte=since)
    if until is not None:
        rows = rows.filter(at__lt=until)
    return rows.select_related("organisation").order_by("-at", "-id")
