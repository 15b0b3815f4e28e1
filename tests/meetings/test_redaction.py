"""What each viewer reads of an agenda item: the one rule behind the screen, the emailed
agenda and minutes, and the PDF."""

from tests.meetings.support import arrears_case, noise_case, planned_meeting
from wijkteam.access.models import AccessLogEntry
from wijkteam.meetings.models import AgendaItem, ItemKind
from wijkteam.meetings.redaction import items_for_partner, items_for_user


def _items(world):
    meeting = planned_meeting(world)
    noise = noise_case()
    arrears = arrears_case(world)
    AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.FLAGGED, case=noise, reason="Derde klacht", position=1
    )
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.FLAGGED,
        case=arrears,
        reason="Huurder reageert niet",
        minutes="Gesprek met de huurder over een regeling",
        position=2,
    )
    AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.MEMBER, title="Buurtfeest Petenbos", position=3
    )
    return meeting, noise, arrears


def test_police_read_a_confidential_arrears_item_only_as_vertrouwelijk_agendapunt(world):
    meeting, noise, arrears = _items(world)

    police = items_for_partner(world.politie.pk, meeting)

    assert [view.confidential for view in police] == [False, True, False]
    secret = police[1]
    assert secret.heading == "Vertrouwelijk agendapunt (Huurachterstand (vroegsignaal), Appelhof)"
    assert (secret.reason, secret.minutes, secret.case) == ("", "", None)
    assert arrears.reference not in secret.heading
    assert police[0].heading.startswith(noise.reference)
    assert police[2].heading == "Buurtfeest Petenbos"


def test_the_corporation_reads_its_confidential_item_in_full(world):
    meeting, _, arrears = _items(world)

    corporation = items_for_partner(world.corporatie.pk, meeting)

    assert corporation[1].confidential is False
    assert corporation[1].heading.startswith(arrears.reference)
    assert corporation[1].minutes == "Gesprek met de huurder over een regeling"


def test_a_user_shown_a_confidential_case_in_the_minutes_is_in_the_access_log(world):
    meeting, _, arrears = _items(world)

    views = items_for_user(world.consulent_a, meeting)
    hidden = items_for_user(world.agent_a, meeting)

    assert views[1].case == arrears and hidden[1].case is None
    logged = AccessLogEntry.objects.filter(reference=arrears.reference)
    assert list(logged.values_list("user", flat=True)) == [world.consulent_a.pk]
