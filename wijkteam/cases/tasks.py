"""Background tasks of cases: the quarter-hourly sweep over triage deadlines and handled cases.
Tasks take ids and are safe to run twice. (A proposal's own deadline task is in triage.tasks.)"""

from datetime import datetime, timedelta

from django_tasks import task

from wijkteam.cases.closure.outcome import cases_close_resolved
from wijkteam.cases.triage.deadlines import proposal_deadline_pass, proposals_due
from wijkteam.core.periodic import periodic_ensure
from wijkteam.core.ratelimit import rate_limit_prune
from wijkteam.partners.actors import SYSTEM

SWEEP_MINUTES = 15


def next_sweep_at(now: datetime) -> datetime:
    return now + timedelta(minutes=SWEEP_MINUTES)


@task()
def sweep_deadlines() -> None:
    """Every quarter of an hour: a safety net for proposals past their deadline whose own
    task was lost (a restored backup, a worker that was down), and closing the handled cases
    whose reporters had their time to answer; and dropping the rate limits' rows whose window is
    over (kept off the request's path). First it queues every periodic run that is
    missing, its own next one included (core/periodic.py)."""
    periodic_ensure()
    for proposal_id in proposals_due():
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal_id)
    cases_close_resolved(actor=SYSTEM)
    rate_limit_prune()
