"""The way from a meeting's page into holding or following it, on its day or while it runs."""

from django import template
from django.utils import timezone

from wijkteam.meetings.access import may_arrange
from wijkteam.meetings.models import MeetingStatus
from wijkteam.meetings.services import AMSTERDAM

register = template.Library()


@register.inclusion_tag("meetings/_holding_button.html", takes_context=True)
def holding_button(context, meeting) -> dict:
    """ "Overleg houden" for who holds the meeting, "Overleg volgen" for the other members;
    only when the meeting is today (and not cancelled) or in progress."""
    today = timezone.localtime(timezone.now(), AMSTERDAM).date()
    running = meeting.status == MeetingStatus.IN_PROGRESS
    on_its_day = (
        meeting.status in (MeetingStatus.PLANNED, MeetingStatus.PUBLISHED)
        and meeting.starts_at.astimezone(AMSTERDAM).date() == today
    )
    # The page's own answer to may_arrange when it has one.
    holds = context.get("arranger")
    if holds is None:
        holds = may_arrange(context["request"].user, meeting.team, meeting)
    return {"meeting": meeting, "show": running or on_its_day, "holds": holds}
