"""Every change to a meeting: planning one by hand, moving it, cancelling it, and a user's
calendar link. Each service checks by itself who acts and what the meeting's state allows, and
writes its audit row in the same transaction. The schedule is in planning.py."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.tokens import hash_token
from wijkteam.meetings.access import default_chair, may_arrange
from wijkteam.meetings.models import (
    MEETING_TRANSITIONS,
    CalendarToken,
    Meeting,
    MeetingStatus,
)
from wijkteam.partners.access import is_staff_member
from wijkteam.partners.actors import Actor, is_system, is_user, require_actor
from wijkteam.partners.models import Organisation, Team, TeamMember, User

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AUDITED_FIELDS = ("starts_at", "ends_at", "place", "video_url", "chair", "status", "sequence")


def require_arranger(actor: Actor, team: Team, meeting: Meeting | None = None) -> None:
    """The team's wijkmanager, a coordinator or the meeting's chair; or the system (the
    schedule, the demo)."""
    require_actor(actor)
    if is_system(actor):
        return
    if not may_arrange(actor, team, meeting):
        raise forbidden(
            _("Alleen de wijkmanager of de voorzitter van het wijkteam plant het overleg.")
        )


@dataclass(frozen=True)
class When:
    """A meeting's time as people type it: a day and a start and end time in Veenendaal."""

    day: date
    start: time
    end: time

    def moments(self) -> tuple[datetime, datetime]:
        if not isinstance(self.day, date) or not isinstance(self.start, time):
            raise DomainError(_("Vul een geldige datum en begintijd in."), field="day")
        if not isinstance(self.end, time) or self.end <= self.start:
            raise DomainError(_("De eindtijd moet na de begintijd liggen."), field="end_time")
        return (
            datetime.combine(self.day, self.start, tzinfo=AMSTERDAM),
            datetime.combine(self.day, self.end, tzinfo=AMSTERDAM),
        )


def _future(when: When, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    starts_at, ends_at = when.moments()
    if starts_at <= (now or timezone.now()):
        raise DomainError(
            _("Dit tijdstip is al voorbij; kies een moment in de toekomst."), field="day"
        )
    return starts_at, ends_at


def _snapshot(meeting: Meeting) -> dict:
    values = {name: getattr(meeting, name) for name in AUDITED_FIELDS if name != "chair"}
    values["chair"] = meeting.chair_id
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in values.items()
    }


def _check_chair(team: Team, chair: User | None) -> None:
    if chair is not None and (
        chair.is_api_account or not TeamMember.objects.filter(team=team, user=chair).exists()
    ):
        raise DomainError(_("De voorzitter moet lid zijn van het wijkteam."), field="chair")


def _check_invited(team: Team, invited: list[Organisation]) -> None:
    partners = set(team.team_partners.values_list("organisation_id", flat=True))
    if not invited:
        raise DomainError(_("Nodig ten minste één partner uit."), field="invited")
    if any(organisation.pk not in partners for organisation in invited):
        raise DomainError(
            _("Alleen partners van het wijkteam kunnen worden uitgenodigd."), field="invited"
        )


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    team: Team,
    when: When,
    place: str = "",
    video_url: str = "",
    chair: User | None = None,
    invited: Iterable[Organisation] | None = None,
    scheduled_for: date | None = None,
    at: datetime | None = None,
) -> Meeting:
    """Plan one meeting of the team. The chair is the team's wijkmanager unless another
    member is named; the invited partners are all the team's partners unless named. A meeting
    needs a place or a video link. ``at`` is when it was planned: only the system gives a
    moment in the past (the demo's past meetings)."""
    require_arranger(actor, team)
    if at is not None and not is_system(actor):
        raise forbidden(_("Dit doet Wijkteam zelf, niet een medewerker."))
    starts_at, ends_at = _future(when, now=at)
    place, video_url = place.strip(), video_url.strip()
    if not place and not video_url:
        raise DomainError(_("Vul een plaats of een videolink in."), field="place")
    chair = chair if chair is not None else default_chair(team)
    _check_chair(team, chair)
    invited = (
        list(invited)
        if invited is not None
        else list(Organisation.objects.filter(team_partners__team=team))
    )
    _check_invited(team, invited)
    meeting = Meeting.objects.create(
        team=team,
        scheduled_for=scheduled_for,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        chair=chair,
    )
    meeting.invited.set(invited)
    changes = field_changes({}, _snapshot(meeting))
    changes["invited"] = [None, sorted(organisation.pk for organisation in invited)]
    audit_record(actor=actor, action="create", instance=meeting, changes=changes)
    return meeting


def lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting, read again and locked for the rest of the transaction: every change to a
    meeting or its agenda takes this lock first, so two changes never interleave."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("team").get(pk=meeting.pk)


_NOT_NOW = {
    MeetingStatus.CANCELLED: gettext_lazy(
        "Dit overleg is afgelast; het kan niet meer worden gewijzigd."
    ),
    MeetingStatus.IN_PROGRESS: gettext_lazy("Dit overleg is al begonnen."),
    MeetingStatus.CLOSED: gettext_lazy(
        "De notulen van dit overleg zijn vastgesteld; ze kunnen alleen nog worden aangevuld."
    ),
}


def require_step(meeting: Meeting, status: str) -> None:
    """The meeting may go to ``status`` from where it is (MEETING_TRANSITIONS), or a
    DomainError that says why not."""
    if status not in MEETING_TRANSITIONS[meeting.status]:
        raise DomainError(
            str(_NOT_NOW.get(meeting.status, _("Dit kan niet in deze fase van het overleg.")))
        )


def _require_open(meeting: Meeting) -> None:
    if not meeting.is_preparing:
        raise DomainError(str(_NOT_NOW[meeting.status]))
    if meeting.ends_at <= timezone.now():
        raise DomainError(_("Dit overleg is al geweest; het kan niet meer worden gewijzigd."))


def _reason(reason: str, *, field: str = "reason") -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Vul een reden in; de uitgenodigden lezen die."), field=field)
    if len(reason) > 300:
        raise DomainError(_("Houd de reden korter dan 300 tekens."), field=field)
    return reason


@transaction.atomic
def meeting_move(
    *,
    actor: Actor,
    meeting: Meeting,
    when: When,
    reason: str,
    place: str | None = None,
    video_url: str | None = None,
) -> Meeting:
    """Move a planned meeting to another moment (and place), with the reason. It stays the
    same meeting in every calendar (same UID, higher SEQUENCE); the schedule does not plan its
    old date again."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_arranger(actor, meeting.team, meeting)
    _require_open(meeting)
    reason = _reason(reason)
    starts_at, ends_at = _future(when)
    before = _snapshot(meeting)
    new_place = meeting.place if place is None else place.strip()
    new_video = meeting.video_url if video_url is None else video_url.strip()
    if not new_place and not new_video:
        raise DomainError(_("Vul een plaats of een videolink in."), field="place")
    if (starts_at, ends_at, new_place, new_video) == (
        meeting.starts_at,
        meeting.ends_at,
        meeting.place,
        meeting.video_url,
    ):
        raise DomainError(_("Dit is het tijdstip en de plaats die al gelden."), field="day")
    if meeting.moved_from is None:
        meeting.moved_from = meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.video_url = new_place, new_video
    meeting.move_reason = reason
    meeting.sequence += 1
    meeting.save()
    changes = field_changes(before, _snapshot(meeting)) | {"move_reason": [None, reason]}
    audit_record(actor=actor, action="update", instance=meeting, changes=changes)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting that has not been held, with the reason. It stays in the list and in
    the calendars, marked as cancelled."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_arranger(actor, meeting.team, meeting)
    _require_open(meeting)
    reason = _reason(reason)
    before = _snapshot(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.save()
    changes = field_changes(before, _snapshot(meeting)) | {"cancel_reason": [None, reason]}
    audit_record(actor=actor, action="update", instance=meeting, changes=changes)
    return meeting


@transaction.atomic
def calendar_token_renew(*, actor: Actor) -> str:
    """Make a new secret for the actor's own calendar feed and return it (it is shown once in
    the URL, stored only as a hash). The old link stops working at once."""
    require_actor(actor)
    if not is_user(actor) or not is_staff_member(actor):
        raise forbidden(_("Alleen medewerkers hebben een eigen agenda."))
    token = secrets.token_urlsafe(32)
    existing = CalendarToken.objects.select_for_update().filter(user=actor).first()
    if existing is None:
        existing = CalendarToken(user=actor)
    existing.token_hash = hash_token(token)
    existing.created_at = timezone.now()
    existing.save()
    audit_record(
        actor=actor, action="update", instance=existing, changes={"token_hash": "vernieuwd"}
    )
    return token
