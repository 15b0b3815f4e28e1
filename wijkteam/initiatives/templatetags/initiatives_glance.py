"""The team page's glance at the wijk's initiatives: how many wait for the wijkteam and how
many new ideas gather support. A tag, so the partners' team page shows it without the partners
app importing initiatives (it lies below). One query; the page that loads it has already
checked that the reader is on the team."""

from django import template

from wijkteam.initiatives.team_reads import waiting_for_team

register = template.Library()


@register.simple_tag
def initiatives_glance(team) -> dict:
    return waiting_for_team(team.district_id)
