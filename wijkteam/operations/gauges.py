"""Gauges read from the database when Prometheus scrapes: the background queue, the outbox and
the triage deadlines. Each is one query on an index, and counts stop at ``COUNT_CAP`` rows, so
a scrape stays cheap however far behind the worker is."""

from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.core import GaugeMetricFamily

from wijkteam.cases.models import Proposal, ProposalStatus
from wijkteam.notifications.models import EmailStatus, OutgoingEmail

COUNT_CAP = 100_000


def _capped_count(queryset) -> int:
    return queryset.values("pk")[:COUNT_CAP].count()


def queue_state(now=None) -> tuple[int, int, float]:
    """Tasks due and waiting, tasks running, and the seconds the longest-waiting due task has
    waited since it became due (0 when none waits)."""
    now = now or timezone.now()
    no_time = get_date_max()  # the run_after of a task queued to run at once
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest = ready.aggregate(
        at_once=Min("enqueued_at", filter=Q(run_after=no_time)),
        planned=Min("run_after", filter=Q(run_after__lte=now)),
    )
    waiting = _capped_count(ready.filter(Q(run_after=no_time) | Q(run_after__lte=now)))
    running = _capped_count(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING))
    due_since = min((moment for moment in oldest.values() if moment), default=None)
    age = max(timedelta(0), now - due_since).total_seconds() if due_since else 0.0
    return waiting, running, age


class DatabaseGauges:
    """A Prometheus collector computing its gauges at scrape time."""

    def collect(self):
        now = timezone.now()
        waiting, running, age = queue_state(now)
        yield GaugeMetricFamily(
            "wijkteam_tasks_waiting", "Background tasks due and not yet started.", value=waiting
        )
        yield GaugeMetricFamily(
            "wijkteam_tasks_running", "Background tasks being run now.", value=running
        )
        yield GaugeMetricFamily(
            "wijkteam_tasks_oldest_waiting_seconds",
            "How long the task that waits longest has been due (0: none waits).",
            value=age,
        )
        emails = OutgoingEmail.objects.filter(status=EmailStatus.FAILED)
        yield GaugeMetricFamily(
            "wijkteam_outbox_failed_emails",
            "Emails given up after their last attempt.",
            value=_capped_count(emails),
        )
        queued = _capped_count(OutgoingEmail.objects.filter(status=EmailStatus.QUEUED))
        yield GaugeMetricFamily(
            "wijkteam_outbox_queued_emails", "Emails waiting to be sent.", value=queued
        )
        overdue = Proposal.objects.filter(status=ProposalStatus.OPEN, deadline__lte=now)
        yield GaugeMetricFamily(
            "wijkteam_triage_deadlines_overdue",
            "Open triage proposals whose response deadline has passed (the worker handles each "
            "at its deadline, so more than a few means it is behind).",
            value=_capped_count(overdue),
        )
