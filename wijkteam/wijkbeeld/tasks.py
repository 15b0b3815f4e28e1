"""The worker keeps the wijk's picture up to date: every minute it counts again the months of
the wijken that changed and reads again the figures of the cases that changed (marked by the
steps themselves, in their own transactions: signals/counts.py, cases/figures.py)."""

from datetime import datetime, timedelta

from django_tasks import task

from wijkteam.cases.figures import figures_overdue_refresh, figures_refresh_pending
from wijkteam.core.periodic import periodic_ensure
from wijkteam.signals.counts import counts_refresh_pending
from wijkteam.wijkbeeld.freshness import picture_changed

REFRESH_SECONDS = 60


def next_refresh_at(now: datetime) -> datetime:
    return now + timedelta(seconds=REFRESH_SECONDS)


def figures_catch_up() -> tuple[int, int]:
    """Handle every mark left so far; returns (months counted again, cases read again)."""
    months = cases = 0
    while done := counts_refresh_pending():
        months += done
    while done := figures_refresh_pending():
        cases += done
    late = figures_overdue_refresh()
    if months or cases or late:
        picture_changed()
    return months, cases


@task()
def refresh_figures() -> None:
    """Every minute: the wijk's picture catches up with what changed. First queues every
    periodic run that is missing, its own next one included (core/periodic.py)."""
    periodic_ensure()
    figures_catch_up()
