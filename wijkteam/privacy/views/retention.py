"""The privacy officer's view of retention: the period and the free-text rule per category, and
the cases the next nightly run takes with what it removes from each (the dry run), and the same
for the signals that never reached a case (the first page of them); the period of residents'
initiatives and how many of them, and of the ideas and supports nobody confirmed, the next run
takes."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wijkteam.initiatives.proposals import confirm_days
from wijkteam.privacy.access import is_privacy_officer, require
from wijkteam.privacy.forms import PAGE_SIZE, PageForm
from wijkteam.privacy.retention import (
    initiative_retention_months,
    initiatives_due,
    retention_due,
    retention_inventory,
    retention_rules,
    unconfirmed_due,
    unplaced_due,
    unplaced_inventory,
)
from wijkteam.privacy.tasks import next_retention_at

# Counting stops here: beyond it the exact number does not change what the officer does.
COUNT_LIMIT = 1000


@require(is_privacy_officer)
@require_GET
def retention_overview(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    number = PageForm(request.GET).number()
    offset = (number - 1) * PAGE_SIZE
    due = retention_due(now=now)
    rows = list(
        due.select_related("category__parent", "neighbourhood")[offset : offset + PAGE_SIZE + 1]
    )
    due_count = due.order_by()[: COUNT_LIMIT + 1].count()
    unplaced = unplaced_due(now=now)
    unplaced_rows = list(unplaced.select_related("category__parent")[:PAGE_SIZE])
    unplaced_count = unplaced.order_by()[: COUNT_LIMIT + 1].count()
    initiatives_count = initiatives_due(now=now).order_by()[: COUNT_LIMIT + 1].count()
    return render(
        request,
        "privacy/retention.html",
        {
            "rules": retention_rules(),
            "default_months": settings.WIJKTEAM_RETENTION_MONTHS,
            "removals": retention_inventory(rows[:PAGE_SIZE]),
            "due_count": min(due_count, COUNT_LIMIT),
            "more_than": due_count > COUNT_LIMIT,
            "next_run": next_retention_at(now),
            "page_number": number,
            "has_next": len(rows) > PAGE_SIZE,
            "has_previous": number > 1,
            "unplaced_removals": unplaced_inventory(unplaced_rows),
            "unplaced_count": min(unplaced_count, COUNT_LIMIT),
            "unplaced_more_than": unplaced_count > COUNT_LIMIT,
            "initiative_months": initiative_retention_months(),
            "initiatives_count": min(initiatives_count, COUNT_LIMIT),
            "initiatives_more_than": initiatives_count > COUNT_LIMIT,
            "unconfirmed": unconfirmed_due(now=now),
            "confirm_days": confirm_days(),
        },
    )
