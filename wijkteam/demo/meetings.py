"""The demo's wijkteamoverleg: Wijk 02 Zuidoost meets every other Tuesday, 10:00–11:30.

- Last Tuesday's meeting was held: attendance, minutes, the lead decided for one case on the
  overleg list with two actions, another case sent back on the agenda, and its minutes closed.
- An extra meeting today, so that the demo's wijkmanager can hold one now: its agenda is
  already built from the open actions of last Tuesday, the case sent back (still on the overleg
  list), the overdue actions and a rent arrears case the corporation put forward (which the
  police read only as "vertrouwelijk agendapunt").
- The schedule plans the meetings of the coming weeks.

Everything goes through the meetings' own services, as the people named would have done it.
Loaded once: a second run (or a schedule changed in the demo) is left alone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from wijkteam.cases.models import Case, CaseStatus, ProposalStatus, ResponseKind
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.demo.places import demo_location
from wijkteam.intake.services import signal_intake
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.agenda_items import agenda_item_add
from wijkteam.meetings.flags import case_flag_create
from wijkteam.meetings.holding import (
    attendance_set,
    item_action_add,
    item_decide,
    item_minutes_save,
    item_outcome_set,
    meeting_start,
)
from wijkteam.meetings.minutes import meeting_close
from wijkteam.meetings.models import ItemKind, ItemOutcome, Meeting, MeetingSchedule, Presence
from wijkteam.meetings.planning import schedule_set
from wijkteam.meetings.services import AMSTERDAM, When, meeting_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, Team, User
from wijkteam.signals.models import Category, Channel, Sensitivity

DISTRICT = "WK034502"
PLACE = "Wijkcentrum Zuidoost, zaal 1"
TUESDAY = 1
START, END = time(10), time(11, 30)

CHAIR = "wijkmanager.zuidoost@gemeente.example"
CONSULENT = "wijkconsulent.zuidoost@veenvesters.example"
AGENT = "wijkagent.zuidoost@politie.example"
OPBOUWWERKER = "opbouwwerker.zuidoost@veens.example"


@dataclass(frozen=True)
class OverlegCase:
    """A case that reached the overleg list before last Tuesday: a proposal, an objection
    that stood at its deadline."""

    key: str
    category: str
    description: str
    point: tuple[float, float]
    street: str
    objector: str
    objection: str


DECIDED = OverlegCase(
    "DEMO-OVERLEG-1",
    "overlast-jongeren",
    "Groep jongeren bij de voetbalkooi aan de Engelenburgerweg, 's avonds laat lawaai en "
    "brommers over het grasveld.",
    (52.0172, 5.5551),
    "Engelenburgerweg",
    AGENT,
    "Geen strafbare feiten; dit vraagt eerst jongerenwerk, niet de politie.",
)
SENT_BACK = OverlegCase(
    "DEMO-OVERLEG-2",
    "overlast-burenruzie",
    "Burenruzie over een schutting en de tuin loopt hoog op; de kinderen worden erbij betrokken.",
    (52.0022, 5.5717),
    "Petenbos",
    OPBOUWWERKER,
    "Buurtbemiddeling kent deze buren al; eerst horen wat daar is afgesproken.",
)


def meetings_stage_load(teams: dict[str, Team], organisations: dict[str, Organisation]) -> int:
    """Zuidoost's schedule, its last meeting held and today's extra one with its agenda;
    returns the number of meetings made."""
    team = teams.get(DISTRICT)
    if team is None or MeetingSchedule.objects.filter(team=team).exists():
        return 0
    today = timezone.localdate()
    # The last Tuesday before today: the meeting held; the schedule goes on every two weeks.
    held = today - timedelta(days=(today.weekday() - TUESDAY) % 7 or 7)
    meeting = meeting_create(
        actor=SYSTEM,
        team=team,
        when=When(day=held, start=START, end=END),
        place=PLACE,
        scheduled_for=held,
        at=timezone.now() - timedelta(weeks=4),
    )
    _hold_last_meeting(meeting, organisations, held)
    schedule_set(
        actor=SYSTEM,
        team=team,
        weekday=TUESDAY,
        interval_weeks=2,
        starts_on=held,
        start_time=START,
        end_time=END,
        place=PLACE,
    )
    _todays_meeting(team, today)
    return team.meetings.count()


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def _on_the_overleg_list(stage: OverlegCase, gemeente: Organisation, received: datetime) -> Case:
    """The stage's signal, received then; its proposal objected to, and the objection standing
    at the deadline, so the case is on the overleg list."""
    signal = signal_intake(
        actor=SYSTEM,
        channel=Channel.PHONE,
        category=Category.objects.get(slug=stage.category),
        description=stage.description,
        location=demo_location(stage.point, street=stage.street),
        receiving_organisation=gemeente,
        external_reference=stage.key,
        received_at=received,
    ).signal
    case = Case.objects.get(links__signal=signal)
    proposal = case.proposals.filter(status=ProposalStatus.OPEN).first()
    if proposal is not None:
        proposal_respond(
            actor=_user(stage.objector),
            proposal=proposal,
            kind=ResponseKind.OBJECT,
            reason=stage.objection,
            at=received + timedelta(hours=2),
        )
        proposal.refresh_from_db()
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline)
    return case


def _hold_last_meeting(
    meeting: Meeting, organisations: dict[str, Organisation], held: date
) -> None:
    """Last Tuesday: the agenda collected the day before, the meeting held and closed."""
    received = _at(held - timedelta(days=7), 9)
    gemeente = organisations["gemeente"]
    decided = _on_the_overleg_list(DECIDED, gemeente, received)
    sent_back = _on_the_overleg_list(SENT_BACK, gemeente, received + timedelta(hours=3))
    chair = _user(CHAIR)
    agenda_collect(actor=SYSTEM, meeting=meeting, now=_at(held - timedelta(days=1), 9))
    agenda_item_add(
        actor=_user(OPBOUWWERKER),
        meeting=meeting,
        title="Buurtschouw Engelenburg in het voorjaar",
        reason="Met de bewonerscommissie de route en de datum kiezen.",
        at=_at(held - timedelta(days=1), 14),
    )
    meeting_start(actor=chair, meeting=meeting, at=_at(held, 10))
    for organisation in meeting.invited.all():
        excused = organisation == organisations["buurtbemiddeling"]
        presence = Presence.EXCUSED if excused else Presence.PRESENT
        attendance_set(actor=chair, meeting=meeting, organisation=organisation, presence=presence)
    items = {item.case_id: item for item in meeting.items.all()}
    decided_item = items[decided.pk]
    item_minutes_save(
        actor=chair,
        item=decided_item,
        text=(
            "Veens ziet de groep bijna elke avond bij de kooi; het zijn vooral jongens uit de "
            "buurt. Politie surveilleert vrijdagavond extra, jongerenwerk gaat het gesprek aan."
        ),
    )
    veens, politie = organisations["veens"], organisations["politie"]
    item_decide(
        actor=chair,
        item=decided_item,
        lead=veens,
        involved=[politie],
        reasoning="Geen strafbare feiten; jongerenwerk kent de groep. Politie blijft betrokken.",
        at=_at(held, 10, 25),
    )
    item_action_add(
        actor=chair,
        item=decided_item,
        description="Extra surveillance bij de voetbalkooi op vrijdagavond",
        owner_organisation=politie,
        owner_user=_user(AGENT),
        due_date=held,
        at=_at(held, 10, 26),
    )
    item_action_add(
        actor=chair,
        item=decided_item,
        description="Gesprek met de groep jongeren en afspraken over de kooi na 22.00 uur",
        owner_organisation=veens,
        owner_user=_user(OPBOUWWERKER),
        due_date=held + timedelta(days=21),
        at=_at(held, 10, 27),
    )
    back_item = items[sent_back.pk]
    item_minutes_save(
        actor=chair,
        item=back_item,
        text="Buurtbemiddeling was afgemeld; hun ervaring met deze buren eerst horen.",
    )
    item_outcome_set(actor=chair, item=back_item, outcome=ItemOutcome.BACK)
    for item in meeting.items.filter(kind=ItemKind.MEMBER):
        item_minutes_save(
            actor=chair,
            item=item,
            text="Voorstel: zaterdag in april, start bij het wijkcentrum. Veens nodigt uit.",
        )
        item_outcome_set(actor=chair, item=item, outcome=ItemOutcome.DISCUSSED)
    # The residents' idea for the pond (demo/initiatives.py), with the team since last week.
    for item in meeting.items.filter(kind=ItemKind.INITIATIVE):
        item_minutes_save(
            actor=chair,
            item=item,
            text="Goed idee. De gemeente kijkt of tafels bij de vijver passen; Veens vraagt "
            "omwonenden wat zij ervan vinden. Volgende keer besluiten.",
        )
        item_outcome_set(actor=chair, item=item, outcome=ItemOutcome.DISCUSSED)
    meeting_close(actor=chair, meeting=meeting, at=_at(held, 11, 30))


def _todays_meeting(team: Team, today: date) -> None:
    """An extra meeting today (from the current hour, so the demo can hold it now), its agenda
    already collected, with a rent arrears case the corporation put forward."""
    now = timezone.localtime()
    start = time(min(max(now.hour, 8), 22))
    # Late in the evening the meeting runs to the end of the day, so it is not over yet.
    end = time(start.hour + 1, 30) if start.hour < 22 else time(23, 59)
    meeting = meeting_create(
        actor=SYSTEM,
        team=team,
        when=When(day=today, start=start, end=end),
        place=PLACE,
        at=now - timedelta(days=3),
    )
    arrears = (
        Case.objects.filter(
            team=team, sensitivity=Sensitivity.CONFIDENTIAL, status=CaseStatus.HANDLING
        )
        .order_by("opened_at", "id")
        .first()
    )
    if arrears is not None:
        case_flag_create(
            actor=_user(CONSULENT),
            case=arrears,
            reason="Huurder reageert niet op brieven en telefoon; samen met schuldhulp langs?",
        )
    # Collected when it starts at the latest: a demo loaded in the meeting's last minute
    # still gets its agenda.
    agenda_collect(actor=SYSTEM, meeting=meeting, now=min(now, meeting.starts_at))
