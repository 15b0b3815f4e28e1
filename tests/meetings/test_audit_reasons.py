"""The audit trail, which every functional admin reads in Beheer, says that an agenda reason or
a case's flag was written and by whom, not what it says: the reason is about a case, for who
may read the case's details (found by the leak walk, tests/leakwalk/overleg.py)."""

from tests.meetings.support import arrears_case, planned_meeting
from wijkteam.access.models import AuditEntry
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.agenda_items import agenda_item_add
from wijkteam.meetings.flags import case_flag_create
from wijkteam.meetings.models import AgendaItem


def test_the_trail_holds_no_reason_of_a_flag_or_an_agenda_item(world):
    case = arrears_case(world)
    meeting = planned_meeting(world)
    flag = case_flag_create(actor=world.consulent_a, case=case, reason="Markerflag betaalt niet")
    agenda_item_add(
        actor=world.consulent_a,
        meeting=meeting,
        title="Markertitel",
        reason="Markerreden bespreken",
        case=case,
    )
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    rows = AuditEntry.objects.filter(object_type__startswith="meetings.")
    assert rows.filter(object_type="meetings.caseflag", object_id=str(flag.pk)).exists()
    assert rows.filter(object_type="meetings.agendaitem").count() >= 2
    written = " ".join(f"{row.object_repr} {row.changes}" for row in rows)
    for marker in ("Markerflag", "Markertitel", "Markerreden"):
        assert marker not in written
    # The reasons themselves stay where they belong.
    assert AgendaItem.objects.filter(meeting=meeting, reason__contains="Markerflag").exists()
