"""The access log: every view of a record whose details are for the case partners only or
confidential is written down (DESIGN §6), so the privacy officer can answer "who looked at this
case" and "what did this user look at". Views of team records are not logged.

The access functions that hand such a record out write the row (cases/access.py,
signals/access.py, privacy/access.py), so a new page that reads through them is logged without
doing anything; the middleware below tells them which page they serve."""

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet

from wijkteam.access.audit import actor_label
from wijkteam.access.models import AccessLogEntry

# The values of signals.models.Sensitivity whose views are logged (access sits below signals,
# so it names them; a test keeps the two in step).
LOGGED_SENSITIVITIES = frozenset({"case_partners", "confidential"})


@dataclass
class Page:
    """The page being served: where a log row says the record was seen."""

    path: str
    route: str = ""
    logged: set[tuple[str, str]] = field(default_factory=set)  # records logged on this page


# Set by AccessLogPageMiddleware for each request; empty outside one (a task, a command).
current_page: ContextVar[Page | None] = ContextVar("wijkteam_access_log_page", default=None)


class AccessLogPageMiddleware:
    """Tells the access log which page is being served, so that the access functions, which
    take the user and not the request, log views with their route and path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_page.set(Page(path=request.get_full_path()[:300]))
        try:
            return self.get_response(request)
        finally:
            current_page.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        page = current_page.get()
        if page is not None and request.resolver_match is not None:
            page.route = request.resolver_match.view_name[:100]


def _entry(user, record: models.Model, reference: str, sensitivity: str, page) -> AccessLogEntry:
    return AccessLogEntry(
        user=user,
        user_label=actor_label(user),
        organisation_id=user.organisation_id,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        reference=reference,
        sensitivity=sensitivity,
        route=page.route if page else "",
        path=page.path if page else "",
    )


def access_log_views(
    *, user, records: Iterable[tuple[models.Model, str, str]]
) -> list[AccessLogEntry]:
    """Log that ``user`` is shown the details of each (record, reference, sensitivity), in one
    insert, so that a list page of 50 costs one query instead of 50. Records visible to the
    whole team are left out, and so is a record already logged on this page. For the access
    functions that hand records out (views never call this)."""
    page = current_page.get()
    entries = []
    for record, reference, sensitivity in records:
        key = (record._meta.label_lower, str(record.pk))
        if sensitivity not in LOGGED_SENSITIVITIES or (page is not None and key in page.logged):
            continue
        if page is not None:
            page.logged.add(key)
        entries.append(_entry(user, record, reference, sensitivity, page))
    return AccessLogEntry.objects.bulk_create(entries) if entries else []


def access_log_view(
    *, user, record: models.Model, reference: str = "", sensitivity: str = ""
) -> AccessLogEntry | None:
    """``access_log_views`` for one record (a case, a signal, a document, a photo). The
    reference and sensitivity are the record's own unless given (a photo is logged under its
    signal's)."""
    reference = reference or record.reference
    sensitivity = sensitivity or record.sensitivity
    entries = access_log_views(user=user, records=[(record, reference, sensitivity)])
    return entries[0] if entries else None


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
