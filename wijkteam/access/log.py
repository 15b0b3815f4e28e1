"""The access log: every view of a record whose details are for the case partners only or
confidential is written down (DESIGN §6), so the privacy officer can answer "who looked at this
case" and "what did this user look at". Views of team records are not logged.

The access functions that hand such a record out log it (cases/access.py, signals/access.py,
privacy/access.py), so a new page that reads through them is logged without doing anything.
During a request the middleware below collects those views and writes them once the page is
served, in one insert: a page that ends in a refusal (403, 404) or an error shows nothing and
leaves no row, and a record read twice on one page is one view. Outside a request (a task, a
command) a view is written at once, without a page."""

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
# Pages that show nothing of a record: it is missing or not the user's, or they may not do this.
REFUSALS = frozenset({403, 404})


@dataclass
class Page:
    """The page being served, and the views of records it shows, by (record type, id)."""

    path: str
    route: str = ""
    views: dict[tuple[str, str], AccessLogEntry] = field(default_factory=dict)


# Set by AccessLogPageMiddleware for each request; empty outside one.
current_page: ContextVar[Page | None] = ContextVar("wijkteam_access_log_page", default=None)


class AccessLogPageMiddleware:
    """Tells the access log which page is being served (the access functions take the user,
    not the request), and writes the page's views once it was served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = Page(path=request.get_full_path()[:300])
        token = current_page.set(page)
        try:
            response = self.get_response(request)
        finally:
            current_page.reset(token)
        if page.views and response.status_code < 500 and response.status_code not in REFUSALS:
            AccessLogEntry.objects.bulk_create(page.views.values())
        return response

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


def access_log_views(*, user, records: Iterable[tuple[models.Model, str, str]]) -> None:
    """Log that ``user`` is shown the details of each (record, reference, sensitivity); those
    visible to the whole team are left out. For the access functions that hand records out
    (views never call this): on a page, written when it is served; otherwise at once, in one
    insert."""
    page = current_page.get()
    entries = [
        _entry(user, record, reference, sensitivity, page)
        for record, reference, sensitivity in records
        if sensitivity in LOGGED_SENSITIVITIES
    ]
    if page is None:
        AccessLogEntry.objects.bulk_create(entries)
        return
    for entry in entries:
        page.views.setdefault((entry.record_type, entry.record_id), entry)


def access_log_view(
    *, user, record: models.Model, reference: str = "", sensitivity: str = ""
) -> None:
    """``access_log_views`` for one record (a case, a signal, a document, a photo). The
    reference and sensitivity are the record's own unless given (a photo is logged under its
    signal's)."""
    access_log_views(
        user=user,
        records=[(record, reference or record.reference, sensitivity or record.sensitivity)],
    )


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
