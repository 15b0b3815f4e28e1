"""Holding a wijkteamoverleg: opening it, the attendance of the invited partners, and item by
item the minutes, the decision on a case's first responder, the agreed actions and the
outcome. The decision and the actions go through the cases app's own services, so they land
on the case's timeline with that app's rules. Each service checks by itself who acts and what
the meeting's state allows, and writes its audit row in the same transaction."""

import hashlib
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.handling import case_action_create
from wijkteam.cases.models import Case, CaseAction
from wijkteam.cases.triage.responses import case_decide
from wijkteam.cases.visibility import DETAILS, cases_q
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.meetings.models import (
    AgendaItem,
    Attendance,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Presence,
)
from wijkteam.meetings.services import (
    _NOT_NOW,
    AMSTERDAM,
    lock_meeting,
    require_arranger,
    require_step,
)
from wijkteam.partners.access import viewer_of
from wijkteam.partners.actors import Actor, is_system
from wijkteam.partners.models import Organisation, User

MAX_MINUTES = 20_000
MAX_NAMES = 300
# What the chair sets by hand; DECIDED comes with a decision (item_decide), MOVED with the
# agenda of a later meeting.
CHAIR_OUTCOMES = (ItemOutcome.DISCUSSED, ItemOutcome.BACK)


def _require_in_progress(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.IN_PROGRESS:
        return
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED):
        raise DomainError(str(_NOT_NOW[meeting.status]))
    raise DomainError(_("Het overleg is nog niet geopend."))


def _lock_item(item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    """The item's meeting, then the item, locked in that order (as every agenda change does)."""
    meeting = lock_meeting(item.meeting)
    item = (
        # Only the item's own row: its case (a nullable join) is locked by the cases services.
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=item.pk, meeting=meeting)
    )
    return meeting, item


def _hold(actor: Actor, item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting, item = _lock_item(item)
    require_arranger(actor, meeting.team, meeting)
    _require_in_progress(meeting)
    return meeting, item


def _require_case_details(actor: Actor, item: AgendaItem) -> None:
    """Minutes of a case item are written by who reads them: a chair who may not see the
    case's details (a confidential case of another partner) would write blind, and overwrite
    what its partners wrote."""
    if item.case_id is None or is_system(actor):
        return
    if not Case.objects.filter(pk=item.case_id).filter(cases_q(viewer_of(actor), DETAILS)).exists():
        raise forbidden(_("U ziet de gegevens van deze casus niet; u kunt er niet over notuleren."))


def _today(at: datetime | None = None) -> date:
    return (at or timezone.now()).astimezone(AMSTERDAM).date()


@transaction.atomic
def meeting_start(*, actor: Actor, meeting: Meeting, at: datetime | None = None) -> Meeting:
    """Open the meeting (planned or with its agenda published) on its day, or later: the chair
    or who arranges it. Every invited partner gets an attendance row, marked absent until the
    chair says who came: the minutes never claim someone was there who was not marked."""
    meeting = lock_meeting(meeting)
    require_arranger(actor, meeting.team, meeting)
    require_step(meeting, MeetingStatus.IN_PROGRESS)
    at = at or timezone.now()
    day = meeting.starts_at.astimezone(AMSTERDAM).date()
    if _today(at) < day:
        raise DomainError(
            _("Dit overleg is op %(day)s; het kan niet eerder worden geopend.")
            % {"day": date_format(day, "DATE_FORMAT")}
        )
    before = meeting.status
    meeting.status = MeetingStatus.IN_PROGRESS
    meeting.started_at = at
    meeting.save(update_fields=["status", "started_at", "updated_at"])
    have = set(Attendance.objects.filter(meeting=meeting).values_list("organisation_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, organisation=organisation, presence=Presence.ABSENT)
        for organisation in meeting.invited.all()
        if organisation.pk not in have
    )
    audit_record(
        actor=actor,
        action="start",
        instance=meeting,
        changes={"status": [before, meeting.status], "started_at": at.isoformat()},
    )
    return meeting


@transaction.atomic
def attendance_record(
    *, actor: Actor, meeting: Meeting, entries: list[tuple[Organisation, str, str]]
) -> list[Attendance]:
    """Who of each invited partner is at the meeting (present, excused or absent, and
    optionally their names), while it is in progress: the chair saves the whole list at once.
    Every entry is checked before any is written; a row whose value did not change is left
    alone (and not audited)."""
    meeting = lock_meeting(meeting)
    require_arranger(actor, meeting.team, meeting)
    _require_in_progress(meeting)
    invited = set(meeting.invited.values_list("pk", flat=True))
    checked = []
    for organisation, presence, names in entries:
        if organisation.pk not in invited:
            raise DomainError(
                _("Deze partner is niet uitgenodigd voor dit overleg."), field="presence"
            )
        if presence not in Presence.values:
            raise DomainError(_("Kies aanwezig, afgemeld of afwezig."), field="presence")
        names = " ".join(names.split())
        if len(names) > MAX_NAMES:
            raise DomainError(
                _("Houd de namen korter dan %(max)d tekens.") % {"max": MAX_NAMES}, field="names"
            )
        checked.append((organisation, presence, names))
    rows = {
        row.organisation_id: row
        for row in Attendance.objects.filter(
            meeting=meeting, organisation__in=[organisation for organisation, *_ in checked]
        )
    }
    saved = []
    for organisation, presence, names in checked:
        row = rows.get(organisation.pk) or Attendance(meeting=meeting, organisation=organisation)
        before = (row.presence, row.names) if row.pk else (None, None)
        if before != (presence, names):
            row.presence, row.names = presence, names
            row.save()
            audit_record(
                actor=actor,
                action="update",
                instance=row,
                changes={"presence": [before[0], presence], "names": [before[1], names]},
            )
        saved.append(row)
    return saved


def attendance_set(
    *,
    actor: Actor,
    meeting: Meeting,
    organisation: Organisation,
    presence: str,
    names: str = "",
) -> Attendance:
    """``attendance_record`` for one invited partner."""
    (row,) = attendance_record(
        actor=actor, meeting=meeting, entries=[(organisation, presence, names)]
    )
    return row


def _digest(text: str) -> dict:
    return {"length": len(text), "sha256": hashlib.sha256(text.encode()).hexdigest()[:16]}


@transaction.atomic
def item_minutes_save(*, actor: Actor, item: AgendaItem, text: str) -> AgendaItem:
    """Store the minutes of one item, while the meeting is in progress: the chair or who
    arranges the meeting. Saving the same text again changes nothing.

    The audit row holds the text's length and a digest, not the text: the page saves every few
    seconds while the chair types, and a full copy each time would put dozens of copies of
    personal data in the append-only trail, out of reach of the retention rules. The text
    itself stays in the item, and in the minutes once they are closed; the digest shows which
    version was saved when, and by whom."""
    meeting, item = _hold(actor, item)
    _require_case_details(actor, item)
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_MINUTES:
        raise DomainError(
            _("De notulen van één agendapunt zijn ten hoogste %(max)d tekens.")
            % {"max": MAX_MINUTES},
            field="minutes",
        )
    if text == item.minutes:
        return item
    before = _digest(item.minutes)
    item.minutes = text
    item.minutes_updated_at = timezone.now()
    item.minutes_updated_by = actor if isinstance(actor, User) else None
    item.save(update_fields=["minutes", "minutes_updated_at", "minutes_updated_by"])
    audit_record(
        actor=actor, action="minutes", instance=item, changes={"minutes": [before, _digest(text)]}
    )
    return item


def _require_case(item: AgendaItem, *, field: str) -> Case:
    if item.case is None:
        raise DomainError(
            _(
                "Dit agendapunt gaat niet over een casus; leg wat is afgesproken vast in de "
                "notulen."
            ),
            field=field,
        )
    return item.case


@transaction.atomic
def item_decide(
    *,
    actor: Actor,
    item: AgendaItem,
    lead: Organisation,
    involved: list[Organisation] | tuple = (),
    reasoning: str,
    at: datetime | None = None,
) -> AgendaItem:
    """The meeting's decision on the first responder of the item's case, recorded through
    the triage's ``case_decide`` (which checks that the actor chairs the team, that the case
    still waits for a decision and that the lead is a partner of the team), so it lands on the
    case's timeline. The item is then decided. ``at``: when it was decided, for a meeting
    recorded afterwards (the demo's past meeting)."""
    meeting, item = _hold(actor, item)
    case = _require_case(item, field="lead")
    case_decide(actor=actor, case=case, lead=lead, involved=involved, reasoning=reasoning, at=at)
    before = item.outcome
    item.outcome = ItemOutcome.DECIDED
    item.save(update_fields=["outcome"])
    audit_record(
        actor=actor,
        action="decide",
        instance=item,
        changes={"outcome": [before, item.outcome], "case": case.pk, "lead": lead.pk},
    )
    return item


@transaction.atomic
def item_action_add(
    *,
    actor: Actor,
    item: AgendaItem,
    description: str,
    owner_organisation: Organisation,
    owner_user: User | None = None,
    due_date: date,
    at: datetime | None = None,
) -> CaseAction:
    """An action agreed on the item's case, made with the cases app's ``case_action_create``
    (its rules, its timeline entry, the owner's Mijn werk) and kept with the item. ``at``: when
    it was agreed, for a meeting recorded afterwards."""
    meeting, item = _hold(actor, item)
    case = _require_case(item, field="description")
    action = case_action_create(
        actor=actor,
        case=case,
        description=description,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        due_date=due_date,
        at=at,
    )
    item.agreed_actions.add(action)
    audit_record(actor=actor, action="action_add", instance=item, changes={"action": action.pk})
    return action


@transaction.atomic
def item_outcome_set(*, actor: Actor, item: AgendaItem, outcome: str) -> AgendaItem:
    """Mark an item discussed, or "terug op de agenda" (the next meeting's agenda carries it)."""
    meeting, item = _hold(actor, item)
    if outcome not in CHAIR_OUTCOMES:
        raise DomainError(_("Kies besproken of terug op de agenda."), field="outcome")
    if outcome == item.outcome:
        return item
    before = item.outcome
    item.outcome = outcome
    item.save(update_fields=["outcome"])
    audit_record(
        actor=actor, action="update", instance=item, changes={"outcome": [before, outcome]}
    )
    return item
