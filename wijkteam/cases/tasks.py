"""Background tasks of cases: triage deadlines and closing handled cases. Tasks take ids and
are safe to run twice."""

from datetime import datetime, timedelta

from django_tasks import task

from wijkteam.cases.closure import cases_close_resolved
from wijkteam.cases.triage import proposal_deadline_pass, proposals_due
from wijkteam.core.periodic import periodic_ensure

SWEEP_MINUTES = 15


@task()
def proposal_deadline(proposal_id: int) -> None:
    """Queued for a proposal's deadline when it is made."""
    proposal_deadline_pass(proposal_id=proposal_id)


def next_sweep_at(now: datetime) -> datetime:
    return now + timedelta(minutes=SWEEP_MINUTES)


@task()
def sweep_deadlines() -> None:
    """Every quarter of an hour: a safety net for proposals past their deadline whose own
    task was lost (a restored backup, a worker that was down), and closing the handled cases
    whose reporters had their time to answer. First it queues every periodic run that is
    missing, its own next one included (core/periodic.py)."""
    periodic_ensure()
    for proposal_id in proposals_due():
        proposal_deadline_pass(proposal_id=proposal_id)
    cases_close_resolved()
