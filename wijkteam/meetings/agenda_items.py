"""Changes to a meeting's agenda by people: a member adds an item of their own (or removes it
again), the chair orders the items, moves one to a later meeting and publishes the agenda.
Each service checks who acts and that the meeting is still being prepared, and writes its
audit row in the same transaction. Collecting is in agenda.py (its rules in agenda_rules.py),
sending in agenda_mail.py."""

from datetime import datetime
from typing import Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_work_cases
from wijkteam.cases.models import Case
from wijkteam.cases.visibility import KNOWS, cases_q
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.translation import in_default_language
from wijkteam.meetings.access import may_arrange, may_see_meetings
from wijkteam.meetings.agenda import require_preparing
from wijkteam.meetings.agenda_mail import agenda_send_now, send_moment
from wijkteam.meetings.agenda_rules import REASON_LENGTH, day
from wijkteam.meetings.models import (
    AgendaItem,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
)
from wijkteam.meetings.services import lock_meeting, require_arranger, require_step
from wijkteam.partners.access import viewer_of
from wijkteam.partners.actors import Actor, is_user, require_actor


def _next_position(meeting: Meeting) -> int:
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    reason: str = "",
    case: Case | None = None,
    at: datetime | None = None,
) -> AgendaItem:
    """A member's own item: any member of the team who may work (not a read-only user), with
    a heading, optionally why and a case of the team they know of. At the end of the agenda;
    only while the meeting is being prepared. ``at``: when it was added, for an agenda
    recorded afterwards (the demo's past meeting)."""
    require_actor(actor)
    if not (is_user(actor) and may_work_cases(actor) and may_see_meetings(actor, meeting.team_id)):
        raise forbidden(_("Alleen leden van het wijkteam zetten een punt op de agenda."))
    meeting = lock_meeting(meeting)
    require_preparing(meeting, now=at)
    title, reason = title.strip(), reason.strip()
    if not title:
        raise DomainError(_("Vul een onderwerp in."), field="title")
    if len(title) > 200:
        raise DomainError(_("Houd het onderwerp korter dan 200 tekens."), field="title")
    if len(reason) > REASON_LENGTH:
        raise DomainError(_("Houd de toelichting korter dan 300 tekens."), field="reason")
    if case is not None and not (
        case.team_id == meeting.team_id
        and Case.objects.filter(pk=case.pk).filter(cases_q(viewer_of(actor), KNOWS)).exists()
    ):
        raise DomainError(_("Deze casus is niet bekend in dit wijkteam."), field="case")
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.MEMBER,
        position=_next_position(meeting),
        case=case,
        title=title,
        reason=reason,
        added_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        instance=item,
        changes={"title": title, "reason": reason, "case": case.pk if case else None},
    )
    return item


def may_remove(user, item: AgendaItem) -> bool:
    """A member's own item: its author, or who arranges the meeting. Collected items leave the
    agenda by themselves when their reason no longer holds."""
    if item.source_key:
        return False
    return (item.added_by_id == user.pk and may_work_cases(user)) or may_arrange(
        user, item.meeting.team, item.meeting
    )


@transaction.atomic
def agenda_item_remove(*, actor: Actor, item: AgendaItem) -> None:
    """Take a member's item off the agenda again (its author or the chair), before the
    meeting."""
    require_actor(actor)
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.select_related("meeting__team").get(pk=item.pk, meeting=meeting)
    if item.source_key:
        raise DomainError(
            _(
                "Dit punt heeft Wijkteam verzameld; het verdwijnt vanzelf als de reden niet "
                "meer geldt. Verplaats het naar een later overleg als het nu niet aan de orde is."
            )
        )
    if not (is_user(actor) and may_remove(actor, item)):
        raise forbidden(_("Alleen wie het punt toevoegde of de voorzitter haalt het weg."))
    require_preparing(meeting)
    audit_record(
        actor=actor, action="delete", instance=item, changes={"title": item.title, "reason": ""}
    )
    item.delete()


@transaction.atomic
def agenda_order_set(*, actor: Actor, meeting: Meeting, item_ids: list[int]) -> None:
    """The chair puts the items in this order (all of the meeting's items, each once)."""
    meeting = lock_meeting(meeting)
    require_arranger(actor, meeting.team, meeting)
    require_preparing(meeting)
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(item_ids) != sorted(items):
        raise DomainError(_("De agenda is intussen gewijzigd; bekijk hem opnieuw."))
    changed = []
    for position, item_id in enumerate(item_ids, start=1):
        if items[item_id].position != position:
            items[item_id].position = position
            changed.append(items[item_id])
    AgendaItem.objects.bulk_update(changed, ["position"])
    if changed:
        audit_record(actor=actor, action="update", instance=meeting, changes={"order": item_ids})


def agenda_item_shift(*, actor: Actor, item: AgendaItem, direction: Literal["up", "down"]) -> None:
    """Move one item a place up or down (the buttons "omhoog" and "omlaag")."""
    if direction not in ("up", "down"):
        raise DomainError(_("Kies omhoog of omlaag."))
    order = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    if item.pk not in order:
        raise DomainError(_("De agenda is intussen gewijzigd; bekijk hem opnieuw."))
    at = order.index(item.pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    agenda_order_set(actor=actor, meeting=item.meeting, item_ids=order)


def later_meetings(meeting: Meeting):
    """The team's meetings after this one that are still being prepared (where an item can
    be moved to), soonest first."""
    return Meeting.objects.filter(
        team_id=meeting.team_id,
        status__in=(MeetingStatus.PLANNED, MeetingStatus.PUBLISHED),
        starts_at__gt=meeting.starts_at,
    ).order_by("starts_at", "id")


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, to_meeting: Meeting) -> AgendaItem:
    """The chair moves an item to a later meeting of the same team: here it is marked as
    moved, there it is carried in ("verplaatst van ..."). Returns the new item."""
    meeting = lock_meeting(item.meeting)
    require_arranger(actor, meeting.team, meeting)
    require_preparing(meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    if item.outcome:
        raise DomainError(_("Dit punt is al verplaatst of besproken."))
    target = later_meetings(meeting).filter(pk=to_meeting.pk).first()
    if target is None:
        raise DomainError(
            _("Kies een later overleg van dit wijkteam dat nog niet begonnen is."),
            field="to_meeting",
        )
    target = lock_meeting(target)
    with in_default_language():
        why = _("Verplaatst van het overleg van %(day)s") % {"day": day(meeting.starts_at)}
    reason = "; ".join(part for part in (why, item.reason) if part)[:REASON_LENGTH]
    carried = AgendaItem.objects.create(
        meeting=target,
        kind=ItemKind.CARRIED,
        position=_next_position(target),
        case=item.case,
        action=item.action,
        feedback=item.feedback,
        flag=item.flag,
        initiative=item.initiative,
        carried_from=item,
        title=item.title,
        reason=reason,
        source_key=f"carried:{item.pk}",
        added_by=item.added_by,
    )
    item.outcome = ItemOutcome.MOVED
    item.moved_to = target
    item.save(update_fields=["outcome", "moved_to"])
    audit_record(
        actor=actor,
        action="update",
        instance=item,
        changes={"outcome": [None, ItemOutcome.MOVED], "moved_to": [None, target.pk]},
    )
    audit_record(actor=actor, action="create", instance=carried, changes={"carried_from": item.pk})
    return carried


@transaction.atomic
def agenda_publish(*, actor: Actor, meeting: Meeting) -> Meeting:
    """The chair publishes the agenda: the meeting goes to "agenda gepubliceerd". The invited
    members get it at the set moment before the meeting (agenda_mail.py), or at once when
    that moment has passed."""
    meeting = lock_meeting(meeting)
    require_arranger(actor, meeting.team, meeting)
    if meeting.status == MeetingStatus.PUBLISHED:
        raise DomainError(_("De agenda is al gepubliceerd."))
    require_step(meeting, MeetingStatus.PUBLISHED)
    require_preparing(meeting)
    meeting.status = MeetingStatus.PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["status", "agenda_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="update",
        instance=meeting,
        changes={"status": [MeetingStatus.PLANNED, MeetingStatus.PUBLISHED]},
    )
    if send_moment(meeting) <= timezone.now():
        agenda_send_now(meeting)
    return meeting
