"""GET requests: which signals a query asks for (open311/public.py says which may be read at
all), bounded as the specification says: a period of at most 90 days (by default the last
90), at most 1000 requests, newest first; or the requests named by their numbers, which
overrides everything else."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wijkteam.core.dates import local_datetime, validate_date_in_range
from wijkteam.core.errors import DomainError
from wijkteam.open311.models import Open311App
from wijkteam.open311.posted import RequestRefused
from wijkteam.open311.public import MAX_REFERENCE, readable_signals
from wijkteam.signals.models import PublicStatus, Signal

WHOLE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_REQUESTS = 1000
MAX_DAYS = 90
MAX_CODE = 60
STATUSES = {
    "open": (PublicStatus.RECEIVED, PublicStatus.IN_PROGRESS),
    "closed": (PublicStatus.DONE,),
}


@dataclass(frozen=True)
class RequestsQuery:
    references: list[str] | None = None  # the numbers asked for: nothing else counts then
    service_codes: list[str] | None = None
    statuses: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None


def _listed(params: QueryDict, name: str) -> list[str]:
    """A parameter declared once or several times, each comma delimited."""
    return [
        item.strip() for value in params.getlist(name) for item in value.split(",") if item.strip()
    ]


def requests_query(params: QueryDict, *, now: datetime | None = None) -> RequestsQuery:
    """The query in ``params``, or RequestRefused saying what is wrong with it."""
    if any("\x00" in value for values in params.lists() for value in values[1]):
        raise RequestRefused([DomainError(_("Een van de parameters bevat een ongeldig teken."))])
    references = _listed(params, "service_request_id")
    if len(references) > MAX_REQUESTS:
        raise RequestRefused(
            [
                DomainError(
                    _("Vraag hoogstens %(count)s meldingen tegelijk op.") % {"count": MAX_REQUESTS},
                    field="service_request_id",
                )
            ]
        )
    if references:
        # A number longer than any we give out names nothing.
        return RequestsQuery(references=[r for r in references if len(r) <= MAX_REFERENCE])
    errors: list[DomainError] = []
    codes = _listed(params, "service_code")
    if len(codes) > MAX_REQUESTS:
        errors.append(
            DomainError(_("Vraag hoogstens 1000 diensten tegelijk op."), field="service_code")
        )
    statuses = _listed(params, "status")
    if any(status not in STATUSES for status in statuses):
        errors.append(DomainError(_("status is open of closed."), field="status"))
    start, end = _moment(params, "start_date", errors), _moment(params, "end_date", errors)
    if not errors:
        start, end = _period(start, end, now or timezone.now(), errors)
    if errors:
        raise RequestRefused(errors)
    return RequestsQuery(
        service_codes=[code for code in codes if len(code) <= MAX_CODE] if codes else None,
        statuses=statuses or None,
        start=start,
        end=end,
    )


def _moment(params: QueryDict, name: str, errors: list[DomainError]) -> datetime | None:
    """A w3 date-time with its time zone, or a whole date (from its start, Dutch time)."""
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        if WHOLE_DATE.fullmatch(value):
            moment = local_datetime(parse_date(value), time(0, 0))
        else:
            moment = parse_datetime(value)
        if moment is not None:
            validate_date_in_range(moment)
    except (ValueError, ValidationError):
        moment = None
    if moment is None or timezone.is_naive(moment):
        errors.append(
            DomainError(
                _(
                    "%(name)s is een datum en tijd met de tijdzone (w3), zoals "
                    "2026-03-01T00:00:00+01:00."
                )
                % {"name": name},
                field=name,
            )
        )
        return None
    return moment


def _period(
    start: datetime | None, end: datetime | None, now: datetime, errors: list[DomainError]
) -> tuple[datetime | None, datetime | None]:
    span = timedelta(days=MAX_DAYS)
    if start is None and end is None:
        start, end = now - span, now
    elif end is None:
        end = start + span
    elif start is None:
        start = end - span
    if end < start:
        errors.append(DomainError(_("end_date ligt voor start_date."), field="end_date"))
    elif end - start > span:
        errors.append(
            DomainError(
                _("Het tijdvak van start_date tot end_date is hoogstens %(days)s dagen.")
                % {"days": MAX_DAYS},
                field="end_date",
            )
        )
    return start, end


def requested(query: RequestsQuery, *, app: Open311App | None = None) -> list[Signal]:
    """The signals the query asks for that anyone (or ``app``) may read, newest first, at most
    MAX_REQUESTS: one query."""
    signals = readable_signals(app)
    if query.references is not None:
        signals = signals.filter(reference__in=query.references)
    else:
        signals = signals.filter(created_at__gte=query.start, created_at__lte=query.end)
        if query.service_codes is not None:
            signals = signals.filter(category__slug__in=query.service_codes)
        if query.statuses is not None:
            wanted = [status for name in query.statuses for status in STATUSES[name]]
            signals = signals.filter(status__in=wanted)
    return list(signals.order_by("-created_at", "-id")[:MAX_REQUESTS])
