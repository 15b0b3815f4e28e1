"""The wijkteamoverleg of wijk A's team in the walk's world, and the walk about it.

The setup (``MEETING_SETUP``, after the cases exist) holds yesterday's meeting, whose minutes
are closed, and today's, under way, each with an item about every case of wijk A. Yesterday's
items carry the reason the case's own partner typed, and both meetings' minutes the case's
marker words. What is written on an item is for whoever may read its case's details (DESIGN
§6; the application renders it through meetings/redaction.py): the walk books it as written on
the case (``on_case``), so a sighting by anyone else fails the walk, and a later sharing
decision on the case widens it as it widens the case's notes.

``FLAGGING`` is the walk: the corporation puts the arrears forward for the overleg, the chair
plans the next meeting and collects its agenda, closes today's minutes, and collects again."""

from datetime import time, timedelta

from django.utils import timezone

from tests.leakwalk.actions import on_case
from tests.leakwalk.walk import Step
from tests.leakwalk.world import World
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.agenda_items import agenda_item_add
from wijkteam.meetings.flags import case_flag_create
from wijkteam.meetings.holding import item_minutes_save, meeting_start
from wijkteam.meetings.minutes import meeting_close
from wijkteam.meetings.models import AgendaItem, Meeting
from wijkteam.meetings.services import AMSTERDAM, When, meeting_create
from wijkteam.partners.actors import SYSTEM

CHAIR = "gemeente-wijkmanager-A"
# The cases of wijk A when the setup plans the overleg (wijk B's team has no meeting).
WIJK_A_CASES = ("geluid", "fraude", "drugs", "zorg", "huur")
PLACE = "Buurthuis De Schakel"


def _today():
    return timezone.localtime(timezone.now(), AMSTERDAM).date()


def _plan(world: World, name: str, when: When, *, days_ago: int) -> Meeting:
    """The system plans wijk A's meeting ``days_ago`` days ago (a meeting today or yesterday
    cannot be planned now: it has begun)."""
    meeting = meeting_create(
        actor=SYSTEM,
        team=world.base.team_a,
        when=when,
        place=PLACE,
        at=timezone.now() - timedelta(days=days_ago),
    )
    world.state.meetings[name] = meeting.pk
    return meeting


def _partner_of(world: World, name: str) -> str:
    """The member in wijk A of the organisation that brought the case in: it takes part in the
    case, so it knows it and may put it on the agenda."""
    return f"{world.case(name).source_organisation.kind}-medewerker-A"


def _item_of(meeting: Meeting, world: World, name: str) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, case=world.case(name))


def _minutes(world: World, meeting: Meeting, marker: str) -> None:
    """The chair writes each case's item's minutes; those of a case whose details the chair
    may not read (a partners' or confidential case of another organisation) the system writes,
    as for a meeting recorded afterwards: who may read them is the same."""
    chair = world.user(CHAIR)
    for name in WIJK_A_CASES:
        item = _item_of(meeting, world, name)
        text = f"LW{name.upper()}{marker} besproken, zie de casus"
        try:
            item_minutes_save(actor=chair, item=item, text=text)
        except DomainError as refused:
            if refused.code != FORBIDDEN:
                raise
            item_minutes_save(actor=SYSTEM, item=item, text=text)
        on_case(world, name, f"minutes of {name} ({meeting.starts_at:%d-%m})", (text.split()[0],))


def _yesterday(world: World, actor: str) -> None:
    """Each case's partner put it on yesterday's agenda with a reason; the chair opened the
    meeting, wrote the minutes and closed them (no item was settled: all come back)."""
    day = _today() - timedelta(days=1)
    meeting = _plan(world, "gisteren", When(day, time(10), time(11, 30)), days_ago=2)
    for name in WIJK_A_CASES:
        reason = f"LW{name.upper()}AGENDAREDEN graag bespreken"
        agenda_item_add(
            actor=world.user(_partner_of(world, name)),
            meeting=meeting,
            title="Stand van zaken",
            reason=reason,
            case=world.case(name),
            at=timezone.now() - timedelta(days=2),
        )
        on_case(world, name, f"reason of {name}'s item yesterday", (reason.split()[0],))
    meeting_start(actor=world.user(CHAIR), meeting=meeting)
    _minutes(world, meeting, "VORIGVERSLAG")
    meeting_close(actor=world.user(CHAIR), meeting=meeting)


def _today_meeting(world: World, actor: str) -> None:
    """The chair collects today's agenda (yesterday's items come back), adds what the
    collection did not bring and an item of the team's own, opens the meeting and writes
    each case's minutes."""
    meeting = _plan(world, "vandaag", When(_today(), time(0, 1), time(23, 59)), days_ago=1)
    chair = world.user(actor)
    agenda_collect(actor=chair, meeting=meeting)
    for name in WIJK_A_CASES:
        if not AgendaItem.objects.filter(meeting=meeting, case=world.case(name)).exists():
            agenda_item_add(
                actor=world.user(_partner_of(world, name)),
                meeting=meeting,
                title="Stand van zaken",
                case=world.case(name),
            )
    # An item without a case is for everyone invited (and the chair may take it off again).
    agenda_item_add(actor=chair, meeting=meeting, title="Buurtfeest in de zomer")
    meeting_start(actor=chair, meeting=meeting)
    _minutes(world, meeting, "VERSLAG")


MEETING_SETUP = [
    Step(
        "het wijkteamoverleg van gisteren: de partners zetten hun casussen op de agenda, de "
        "voorzitter notuleert en stelt de notulen vast",
        CHAIR,
        _yesterday,
    ),
    Step(
        "het wijkteamoverleg van vandaag: de voorzitter verzamelt de agenda, opent het overleg "
        "en notuleert elk punt",
        CHAIR,
        _today_meeting,
    ),
]


# --- the walk: the arrears put forward, the minutes closed, the next agenda collected ----------


def _flag(world: World, actor: str) -> None:
    reason = "LWHUURAANMELDING huurder reageert niet op schuldhulp"
    case_flag_create(actor=world.user(actor), case=world.case("huur"), reason=reason)
    # The reason is on the case's timeline and the agenda item's reason: for its readers.
    on_case(world, "huur", "why the arrears were put forward", (reason.split()[0],))


def _next_meeting(world: World, actor: str) -> None:
    meeting = meeting_create(
        actor=world.user(actor),
        team=world.base.team_a,
        when=When(_today() + timedelta(days=7), time(10), time(11, 30)),
        place=PLACE,
    )
    world.state.meetings["volgende"] = meeting.pk
    _collect(world, actor)


def _collect(world: World, actor: str) -> None:
    meeting = Meeting.objects.get(pk=world.state.meetings["volgende"])
    agenda_collect(actor=world.user(actor), meeting=meeting)
    if not AgendaItem.objects.filter(meeting=meeting, case=world.case("huur")).exists():
        raise AssertionError("The arrears put forward should be on the next agenda")


def _close(world: World, actor: str) -> None:
    meeting_close(
        actor=world.user(actor), meeting=Meeting.objects.get(pk=world.state.meetings["vandaag"])
    )


FLAGGING = [
    Step(
        "de corporatie meldt de huurachterstand aan voor het wijkteamoverleg",
        "corporatie-medewerker-A",
        _flag,
    ),
    Step(
        "de voorzitter plant het volgende overleg en verzamelt de agenda",
        CHAIR,
        _next_meeting,
    ),
    Step("de voorzitter stelt de notulen van vandaag vast", CHAIR, _close),
    Step("de voorzitter verzamelt de agenda opnieuw", CHAIR, _collect),
]
