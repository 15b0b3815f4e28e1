"""The events of Wijkteam that connections outside it listen to: a signal received, a first
responder agreed, a case handled or closed, a reporter not satisfied. A service publishes one
in its own transaction (``event_publish``: a follow-up, there exactly when the step is); the
worker then hands it to every listener named in ``WIJKTEAM_EVENT_LISTENERS`` (webhooks, the
forwarding to the gemeente's MOR system), each a function ``listener(event)`` run in a task of
its own.

An event carries ids, never personal data: a listener reads what it needs, as whom it needs
(a webhook's payload only what the subscribing organisation may see). The worker may hand the
same event over twice (killed halfway): ``Event.key`` names it, so a listener can do nothing
the second time."""

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from wijkteam.core.followups import follow_up
from wijkteam.notifications.services import notifications_are_muted


class EventType(models.TextChoices):
    SIGNAL_RECEIVED = "signal.received", _("Melding ontvangen")
    LEAD_AGREED = "case.lead-agreed", _("Eerste reactie afgesproken")
    CASE_HANDLED = "case.handled", _("Casus afgehandeld")
    CASE_CLOSED = "case.closed", _("Casus gesloten")
    REPORTER_NOT_SATISFIED = "case.reporter-not-satisfied", _("Melder niet tevreden")


@dataclass(frozen=True)
class Event:
    key: str  # one event, however often it is handed over
    kind: str  # an EventType
    at: datetime
    case_id: int | None = None
    signal_id: int | None = None


def event_publish(
    *,
    kind: EventType,
    at: datetime | None = None,
    case_id: int | None = None,
    signal_id: int | None = None,
) -> None:
    """Publish an event in the caller's transaction; the listeners get it after commit. Not
    while notifications are muted (recording the past: nobody outside acts on it)."""
    if notifications_are_muted() or not settings.WIJKTEAM_EVENT_LISTENERS:
        return
    follow_up(
        events_dispatch,
        key=uuid4().hex,
        kind=str(kind),
        at=(at or timezone.now()).isoformat(),
        case_id=case_id,
        signal_id=signal_id,
    )


@task()
def events_dispatch(
    *, key: str, kind: str, at: str, case_id: int | None, signal_id: int | None
) -> None:
    """Hand one event to every listener, each in a task of its own: a listener that fails (a
    bug, a database error) leaves the others their event."""
    for path in settings.WIJKTEAM_EVENT_LISTENERS:
        event_listen.enqueue(
            listener=path, key=key, kind=kind, at=at, case_id=case_id, signal_id=signal_id
        )


@task()
def event_listen(
    *, listener: str, key: str, kind: str, at: str, case_id: int | None, signal_id: int | None
) -> None:
    event = Event(key=key, kind=kind, at=parse_datetime(at), case_id=case_id, signal_id=signal_id)
    import_string(listener)(event)
