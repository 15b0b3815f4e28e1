"""Sending a meeting's agenda to the invited members, a set number of working days before the
meeting (``WIJKTEAM_MEETINGS_AGENDA_WORKING_DAYS_BEFORE``, default 2; weekends and Dutch
public holidays do not count). Each member gets a notification, and by their own choice an
email at once or in the daily digest, with their *organisation's* copy of the agenda
(meetings/redaction.py: a case it may not see reads "vertrouwelijk agendapunt"). An agenda the
chair did not publish by then is collected and published as it stands, and the message says
so. Sent once per meeting (``agenda_sent_at``) and per partner (the fan-out key)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import in_default_language
from wijkteam.core.workdays import is_working_day
from wijkteam.meetings.access import invited_members
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.models import Meeting, MeetingStatus
from wijkteam.meetings.redaction import items_for_partner
from wijkteam.meetings.services import AMSTERDAM, lock_meeting
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import SYSTEM, Actor, is_system, require_actor


def send_moment(meeting: Meeting) -> datetime:
    """When the agenda goes out: the meeting's time of day, the set number of working days
    before its day (a Tuesday 10:00 meeting: Friday 10:00 before it, by default)."""
    local = meeting.starts_at.astimezone(AMSTERDAM)
    day = local.date()
    for _step in range(settings.WIJKTEAM_MEETINGS_AGENDA_WORKING_DAYS_BEFORE):
        day -= timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
    return datetime.combine(day, local.time(), tzinfo=AMSTERDAM)


def _body(meeting: Meeting, organisation, *, automatic: bool) -> str:
    return render_to_string(
        "meetings/agenda_mail.txt",
        {
            "meeting": meeting,
            "organisation": organisation,
            "views": items_for_partner(organisation.pk, meeting),
            "automatic": automatic,
            "link": f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}",
        },
    ).strip()


def agenda_send_now(meeting: Meeting, *, automatic: bool = False) -> int:
    """Send the (published) agenda to the invited members, each partner its own copy; in the
    caller's transaction, which holds the meeting's lock. Returns how many were told."""
    if meeting.agenda_sent_at is not None:
        return 0
    by_partner = defaultdict(list)
    for member in invited_members(meeting):
        by_partner[member.user.organisation].append(member.user)
    told = 0
    with in_default_language(), timezone.override(AMSTERDAM):
        subject = _("Agenda wijkteamoverleg %(wijk)s, %(day)s") % {
            "wijk": meeting.team.district.name,
            "day": meeting.starts_at.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M"),
        }
        for organisation, users in by_partner.items():
            told += notify_users(
                users=users,
                subject=subject,
                body=_body(meeting, organisation, automatic=automatic),
                link=reverse("meetings:detail", args=[meeting.pk]),
                fanout_key=f"agenda:{meeting.pk}:{organisation.pk}",
            )
    meeting.agenda_sent_at = timezone.now()
    meeting.save(update_fields=["agenda_sent_at", "updated_at"])
    audit_record(actor=SYSTEM, action="update", instance=meeting, changes={"agenda_sent": told})
    return told


@transaction.atomic
def agenda_send(*, actor: Actor, meeting: Meeting, now: datetime | None = None) -> int:
    """Wijkteam sends the agenda at its moment (the worker): a meeting still planned gets its
    agenda collected and published as it stands first. Nothing for a meeting that was sent
    already, cancelled or has begun. Returns how many members were told."""
    require_actor(actor)
    if not is_system(actor):
        raise DomainError(_("Dit doet Wijkteam zelf, niet een medewerker."))
    now = now or timezone.now()
    meeting = lock_meeting(meeting)
    if (
        meeting.agenda_sent_at is not None
        or meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.PUBLISHED)
        or meeting.starts_at <= now
        or send_moment(meeting) > now
    ):
        return 0
    automatic = meeting.status == MeetingStatus.PLANNED
    if automatic:
        agenda_collect(actor=SYSTEM, meeting=meeting, now=now)
        meeting.status = MeetingStatus.PUBLISHED
        meeting.agenda_published_at = now
        meeting.save(update_fields=["status", "agenda_published_at", "updated_at"])
        audit_record(
            actor=SYSTEM,
            action="update",
            instance=meeting,
            changes={"status": [MeetingStatus.PLANNED, MeetingStatus.PUBLISHED]},
        )
    return agenda_send_now(meeting, automatic=automatic)


def agendas_due(now: datetime) -> list[int]:
    """The meetings whose agenda is to be sent now: not sent yet, not begun, their moment
    passed. (Looks two weeks ahead: more working days before than that is not allowed.)"""
    soon = Meeting.objects.filter(
        status__in=(MeetingStatus.PLANNED, MeetingStatus.PUBLISHED),
        agenda_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=21),
    ).order_by("starts_at", "id")
    return [meeting.pk for meeting in soon if send_moment(meeting) <= now]


def agendas_send(*, now: datetime | None = None) -> int:
    """Send every agenda that is due (the worker's periodic run); each in its own
    transaction, so one failing meeting does not hold back the others."""
    now = now or timezone.now()
    sent = 0
    for meeting_id in agendas_due(now):
        meeting = Meeting.objects.get(pk=meeting_id)
        if agenda_send(actor=SYSTEM, meeting=meeting, now=now):
            sent += 1
    return sent
