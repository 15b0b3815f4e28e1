"""Meetings as iCalendar (RFC 5545), through the icalendar library: the personal feed and the
download of one meeting. An event holds only the team, the time, the place and the video link
(and, when cancelled or moved, the reason): nothing about people, since a calendar is shared
and synchronised far beyond Wijkteam.

Each meeting keeps its UID for good; SEQUENCE rises with every move or cancellation, so that a
calendar replaces its copy; a cancelled meeting is STATUS:CANCELLED. Times are written in
Europe/Amsterdam with the VTIMEZONE that defines it."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from wijkteam.meetings.models import Meeting
from wijkteam.meetings.services import AMSTERDAM

PRODID = "-//Wijkteam//Wijkteamoverleg//NL"
UID_DOMAIN = "wijkteam.meetings"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(AMSTERDAM))
    event.add("dtend", meeting.ends_at.astimezone(AMSTERDAM))
    event.add(
        "summary",
        _("Wijkteamoverleg %(team)s") % {"team": meeting.team.district.name},
    )
    lines = []
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
        lines.append(_("Afgelast: %(reason)s") % {"reason": meeting.cancel_reason})
    else:
        event.add("status", "CONFIRMED")
    if meeting.move_reason:
        lines.append(_("Verplaatst: %(reason)s") % {"reason": meeting.move_reason})
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.video_url:
        event.add("url", meeting.video_url)
        lines.append(_("Videolink: %(url)s") % {"url": meeting.video_url})
    page = settings.SITE_URL + reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
    lines.append(_("In Wijkteam: %(url)s") % {"url": page})
    event.add("description", "\n".join(lines))
    return event


def calendar_of(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """An iCalendar file of these meetings, in Dutch (a calendar feed has no reader's
    language to follow)."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Amsterdam")
        for meeting in meetings:
            calendar.add_component(_event(meeting))
        calendar.add_missing_timezones()
        return calendar.to_ical()
