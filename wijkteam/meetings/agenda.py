"""Collecting a meeting's agenda from the rules in agenda_rules.py (which say what the agenda
should have, in their order, each item with why it is there).

Collecting again adds nothing twice (``AgendaItem.source_key``) and removes the collected items
that no longer hold and were not touched (no minutes, no outcome, no agreed actions), such as
an initiative the team has moved on to its plan; members' own items and the chair's order stay.
What a viewer reads of an item is meetings/redaction.py's."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.meetings.agenda_rules import wanted_items
from wijkteam.meetings.models import AgendaItem, ItemKind, Meeting, MeetingStatus
from wijkteam.meetings.services import lock_meeting, require_arranger
from wijkteam.partners.actors import Actor


def is_touched(item: AgendaItem) -> bool:
    """Discussed in some way: it keeps its place even when its reason no longer holds."""
    return bool(item.minutes or item.outcome or item.agreed_actions.exists())


LINKS = ("kind", "case", "action", "feedback", "flag", "initiative", "carried_from", "reason")


def _links_of(item: AgendaItem) -> dict:
    return {name: getattr(item, AgendaItem._meta.get_field(name).attname) for name in LINKS}


def require_preparing(meeting: Meeting, *, now: datetime | None = None) -> None:
    """The agenda changes until the chair opens the meeting (a chair who starts ten minutes
    late can still add the item someone brings in); a meeting that is over and was never
    opened keeps the agenda it had."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.PUBLISHED):
        raise DomainError(_("De agenda kan alleen worden voorbereid voordat het overleg begint."))
    if meeting.ends_at <= (now or timezone.now()):
        raise DomainError(_("Dit overleg is al voorbij; de agenda ligt vast."))


@transaction.atomic
def agenda_collect(*, actor: Actor, meeting: Meeting, now: datetime | None = None) -> int:
    """Collect the meeting's agenda from the team's work (the rules above): the chair, or the
    system before sending it. Only while the meeting is being prepared. Safe to run again: it
    adds what is new, brings reasons up to date and removes the collected items that no
    longer hold and were not touched. Returns how many items were added."""
    meeting = lock_meeting(meeting)
    require_arranger(actor, meeting.team, meeting)
    now = now or timezone.now()
    require_preparing(meeting, now=now)
    wanted = wanted_items(meeting, now=now)
    existing = {
        item.source_key: item
        for item in AgendaItem.objects.filter(meeting=meeting).exclude(source_key="")
    }
    # A moved item arrives with the key of where it came from; its case (or initiative) is not
    # added twice.
    carried = [item for item in existing.values() if item.carried_from_id]
    carried_cases = {item.case_id: item for item in carried if item.case_id}
    carried_initiatives = {
        item.initiative_id: item for item in carried if item.initiative_id and not item.case_id
    }
    first_time = not existing
    added = []
    for want in wanted:
        item = existing.pop(want.key, None)
        if item is None and want.case is not None and want.case.pk in carried_cases:
            item = carried_cases[want.case.pk]
            existing.pop(item.source_key, None)
        elif item is None and want.initiative is not None and not want.case:
            item = carried_initiatives.get(want.initiative.pk)
            if item is not None:
                existing.pop(item.source_key, None)
        if item is None:
            item = AgendaItem(meeting=meeting, source_key=want.key, title=want.title)
            added.append(item)
        before = _links_of(item)
        for name in LINKS:
            value = want.reason if name == "reason" else getattr(want, name)
            if name == "kind" and item.pk and item.kind == ItemKind.CARRIED:
                continue  # a carried item stays "terug op de agenda", whatever joins it
            if value is not None or name == "reason":
                setattr(item, name, value)
        if item.pk and before != _links_of(item):
            item.save()
            audit_record(
                actor=actor, action="update", instance=item, changes={"reason": item.reason}
            )
    stale = [item for item in existing.values() if not is_touched(item)]
    for item in stale:
        audit_record(actor=actor, action="delete", instance=item, changes={"reason": item.reason})
        item.delete()
    _place(meeting, added, first=first_time)
    for item in added:
        audit_record(
            actor=actor,
            action="create",
            instance=item,
            changes={
                "kind": item.kind,
                "case": item.case_id,
                "initiative": item.initiative_id,
                "reason": item.reason,
            },
        )
    return len(added)


def _place(meeting: Meeting, added: list[AgendaItem], *, first: bool) -> None:
    """The first collection puts its items before what members added already, in the order of
    the rules; later ones add theirs at the end (the chair's order stays)."""
    if not added:
        return
    if first:
        others = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))
        for position, item in enumerate([*added, *others], start=1):
            item.position = position
        for item in added:
            item.save()
        AgendaItem.objects.bulk_update(others, ["position"])
        return
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    for offset, item in enumerate(added, start=1):
        item.position = last + offset
        item.save()
