"""Background work of the wijkteamoverleg: planning the scheduled meetings of the coming weeks,
and emailing each invited member their partner's copy of closed minutes, and sending each
agenda at its moment. Safe to run twice (planning.py plans each date at most once; an agenda
is sent once; each copy's email is keyed)."""

from datetime import datetime, timedelta

from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.meetings.agenda_mail import agendas_send
from wijkteam.meetings.copies import minutes_copies_send
from wijkteam.meetings.planning import meetings_plan
from wijkteam.partners.actors import SYSTEM

PLANNING_HOURS = 6
AGENDA_MINUTES = 30


def next_planning_at(now: datetime) -> datetime:
    return now + timedelta(hours=PLANNING_HOURS)


@task()
def plan_meetings() -> None:
    """Every six hours: plan each team's meetings of the coming weeks from its schedule (a
    schedule's own change plans at once; this keeps the horizon moving)."""
    periodic_ensure()
    meetings_plan(actor=SYSTEM)


def next_agendas_at(now: datetime) -> datetime:
    return now + timedelta(minutes=AGENDA_MINUTES)


@task()
def send_agendas() -> None:
    """Every half hour: send the agendas whose moment came (agenda_mail.py); an agenda the
    chair did not publish goes out as it stands."""
    periodic_ensure()
    agendas_send()


# --- Part C (minutes): the partners' copies -------------------------------------------------


@task()
def send_minutes_copies(*, meeting_id: int) -> None:
    """After the minutes were closed: each invited member gets their organisation's copy."""
    minutes_copies_send(meeting_id=meeting_id)
