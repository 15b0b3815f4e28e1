"""The team pages' glance at the wijkteamoverleg: the next meeting and the latest closed
minutes. A tag, so the partners' team page shows them without the partners app importing
meetings (it lies below meetings). Two queries, however many meetings the team has; the page
that loads it has already checked that the reader may see the team's meetings."""

from django import template

from wijkteam.meetings.access import latest_minutes, next_meeting

register = template.Library()


@register.simple_tag
def meetings_glance(team) -> dict:
    return {"next": next_meeting(team.pk), "minutes": latest_minutes(team.pk)}
