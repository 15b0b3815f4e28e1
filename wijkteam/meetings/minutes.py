"""After the meeting: the chair closes the minutes, and corrects closed minutes only by adding
to them. Each service checks by itself who acts and what the meeting's state allows, and writes
its audit row in the same transaction.

Closed minutes never change: the services that write minutes, outcomes, attendance, decisions
and agreed actions (holding the meeting) all require the meeting to be IN_PROGRESS
(``require_step`` / the status check), and ``MEETING_TRANSITIONS`` has no step out of CLOSED.
What a reader finds wrong afterwards is put right by an addendum, which is audited and shown
next to what it corrects."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.models import Case
from wijkteam.cases.visibility import DETAILS, cases_q
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.followups import follow_up
from wijkteam.meetings.access import may_arrange
from wijkteam.meetings.models import (
    AgendaItem,
    CaseFlag,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    MinutesAddendum,
)
from wijkteam.meetings.services import lock_meeting, require_arranger, require_step
from wijkteam.meetings.tasks import send_minutes_copies
from wijkteam.partners.access import viewer_of
from wijkteam.partners.actors import Actor, is_system, is_user, require_actor
from wijkteam.partners.models import User

MAX_ADDENDUM_LENGTH = 5000
# Items the meeting dealt with: their partners' flags are settled.
DEALT_WITH = (ItemOutcome.DISCUSSED, ItemOutcome.DECIDED)


def _require_chair(actor: Actor, meeting: Meeting, message: str) -> None:
    """Who arranges the meeting (``require_arranger``: its chair, the team's wijkmanager, a
    coordinator, or the system), refused with a message about the minutes."""
    require_actor(actor)
    if not is_system(actor) and not may_arrange(actor, meeting.team, meeting):
        raise forbidden(message)
    require_arranger(actor, meeting.team, meeting)


@transaction.atomic
def meeting_close(*, actor: Actor, meeting: Meeting, at: datetime | None = None) -> Meeting:
    """Close the minutes of a meeting under way (its chair, the team's wijkmanager or a
    coordinator). Items the meeting did not get to go back on the agenda (outcome BACK), so the
    team's next meeting picks them up; the partners' open flags of the cases it discussed or
    decided are settled. After the commit every invited member is emailed their organisation's
    own copy (``send_minutes_copies``). From now on the minutes only take addenda. ``at``: when
    they were closed, for a meeting recorded afterwards (the demo's past meeting)."""
    meeting = lock_meeting(meeting)
    _require_chair(
        actor, meeting, _("Alleen de voorzitter of de wijkmanager stelt de notulen vast.")
    )
    require_step(meeting, MeetingStatus.CLOSED)
    now = at or timezone.now()
    back = list(
        AgendaItem.objects.filter(meeting=meeting, outcome=ItemOutcome.OPEN).values_list(
            "pk", flat=True
        )
    )
    AgendaItem.objects.filter(pk__in=back).update(outcome=ItemOutcome.BACK)
    dealt = AgendaItem.objects.filter(meeting=meeting, outcome__in=DEALT_WITH)
    flags = CaseFlag.objects.filter(settled_at__isnull=True).filter(
        Q(items__in=dealt) | Q(case__in=dealt.exclude(case=None).values("case"))
    )
    settled = sorted(set(flags.values_list("pk", flat=True)))
    CaseFlag.objects.filter(pk__in=settled).update(settled_at=now)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.closed_by = actor if is_user(actor) else None
    meeting.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        instance=meeting,
        changes={
            "status": [MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED],
            "closed_at": [None, now.isoformat()],
            "items_back_on_agenda": sorted(back),
            "flags_settled": settled,
        },
    )
    # Queued in this transaction: the copies go out exactly when the closing committed.
    follow_up(send_minutes_copies, meeting_id=meeting.pk)
    return meeting


def _reads_case(user: User, case_id: int) -> bool:
    return Case.objects.filter(pk=case_id).filter(cases_q(viewer_of(user), DETAILS)).exists()


def _addendum_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Schrijf de aanvulling op de notulen."), field="text")
    if len(text) > MAX_ADDENDUM_LENGTH:
        raise DomainError(
            _("De aanvulling is te lang (maximaal %(count)s tekens).")
            % {"count": MAX_ADDENDUM_LENGTH},
            field="text",
        )
    return text


@transaction.atomic
def minutes_addendum_add(
    *, actor: Actor, meeting: Meeting, text: str, item: AgendaItem | None = None
) -> MinutesAddendum:
    """Add a correction or supplement to closed minutes (the chair, the team's wijkmanager or
    a coordinator). With ``item`` it belongs to that agenda item and is read by whoever may
    read the item (``ItemView.addenda``); without, it is for every invited partner. Nothing
    already in the minutes changes."""
    meeting = lock_meeting(meeting)
    _require_chair(actor, meeting, _("Alleen de voorzitter of de wijkmanager vult de notulen aan."))
    if meeting.status != MeetingStatus.CLOSED:
        raise DomainError(
            _("Aanvullingen kunnen pas als de notulen zijn vastgesteld; tot dan past u ze aan.")
        )
    text = _addendum_text(text)
    if not is_user(actor):
        raise DomainError(_("Een aanvulling heeft een auteur."))
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("Kies een agendapunt van dit overleg."), field="item")
    if item is not None and item.case_id and not _reads_case(actor, item.case_id):
        # Who cannot read the item cannot know what to add to it.
        raise forbidden(_("U kunt alleen iets aanvullen bij een agendapunt dat u mag lezen."))
    addendum = MinutesAddendum.objects.create(
        meeting=meeting, item=item, text=text, author=actor, created_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="create",
        instance=addendum,
        changes={"meeting": [None, meeting.pk], "item": [None, item.pk if item else None]},
    )
    return addendum
