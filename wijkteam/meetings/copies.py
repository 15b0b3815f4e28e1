"""The minutes as one reader may read them: a partner's copy (its email and PDF) or a staff
member's (the minutes page, the PDF they download). A copy holds the meeting's facts everyone
invited reads (date, chair, attendance, meeting-level addenda) and the items as ``ItemView``s
from redaction.py; the email and the PDF render a copy and nothing else, so what one partner may
not read never reaches another partner's mailbox or file."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.meetings.access import invited_members
from wijkteam.meetings.models import Attendance, Meeting, MinutesAddendum
from wijkteam.meetings.redaction import ItemView, items_for_partner, items_for_user
from wijkteam.notifications.services import absolute_link, email_enqueue
from wijkteam.partners.models import Organisation, User


@dataclass(frozen=True)
class MinutesCopy:
    """The minutes of one meeting for one reader (``reader``: whose copy it says it is)."""

    meeting: Meeting
    reader: str
    attendance: list[Attendance]
    items: list[ItemView]
    addenda: list[MinutesAddendum]

    @property
    def title(self) -> str:
        return _("Notulen wijkteamoverleg %(team)s") % {"team": self.meeting.team.district.name}


def _attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def meeting_addenda(meeting: Meeting) -> list[MinutesAddendum]:
    """The addenda to the minutes as a whole (not to one item): for every invited partner."""
    return list(
        MinutesAddendum.objects.filter(meeting=meeting, item=None)
        .select_related("author")
        .order_by("created_at", "id")
    )


def partner_copy(meeting: Meeting, organisation: Organisation) -> MinutesCopy:
    """An invited partner's own copy: the items as its members in the team may read them."""
    return MinutesCopy(
        meeting=meeting,
        reader=organisation.name,
        attendance=_attendance(meeting),
        items=items_for_partner(organisation.pk, meeting),
        addenda=meeting_addenda(meeting),
    )


def user_copy(user: User, meeting: Meeting) -> MinutesCopy:
    """The minutes as a staff member reads them (the details shown are access-logged)."""
    reader = user.organisation.name if user.organisation_id else user.full_name
    return MinutesCopy(
        meeting=meeting,
        reader=reader,
        attendance=_attendance(meeting),
        items=items_for_user(user, meeting),
        addenda=meeting_addenda(meeting),
    )


def pdf_link(meeting: Meeting) -> str:
    return absolute_link(reverse("meetings:minutes_pdf", kwargs={"meeting_id": meeting.pk}))


def copy_email(copy: MinutesCopy) -> tuple[str, str, str]:
    """Subject, text and HTML of the email with a partner's copy."""
    context = {
        "copy": copy,
        "meeting": copy.meeting,
        "link": pdf_link(copy.meeting),
        "page": absolute_link(reverse("meetings:minutes", kwargs={"meeting_id": copy.meeting.pk})),
    }
    subject = _("Notulen wijkteamoverleg %(team)s van %(day)s") % {
        "team": copy.meeting.team.district.name,
        "day": date_format(timezone.localtime(copy.meeting.starts_at), "SHORT_DATE_FORMAT"),
    }
    return (
        subject,
        render_to_string("meetings/email/minutes_copy.txt", context),
        render_to_string("meetings/email/minutes_copy.html", context),
    )


def minutes_copies_send(*, meeting_id: int) -> int:
    """Email every invited member of a closed meeting their organisation's copy, through the
    outbox; each email is keyed by meeting and member, so running this again sends nothing
    twice. Returns how many members were emailed (now or before)."""
    meeting = (
        without_boundaries(Meeting.objects.select_related("team__district", "chair"))
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not meeting.is_closed:
        return 0
    copies: dict[int, tuple[str, str, str]] = {}
    sent = 0
    # Staff emails are in the default language (Dutch), as the other notifications.
    with translation.override(settings.LANGUAGE_CODE):
        for member in invited_members(meeting):
            user = member.user
            if not user.email or user.organisation_id is None:
                continue
            if user.organisation_id not in copies:
                copies[user.organisation_id] = copy_email(partner_copy(meeting, user.organisation))
            subject, text, html = copies[user.organisation_id]
            email_enqueue(
                to=user.email,
                subject=subject,
                body_text=text,
                body_html=html,
                topic=f"overleg {meeting.pk}",
                key=f"minutes:{meeting.pk}:{user.pk}",
            )
            sent += 1
    return sent
