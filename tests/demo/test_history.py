from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus, LeadBasis, TriageRule
from wijkteam.cases.suggestion import suggest_lead
from wijkteam.demo import veenendaal
from wijkteam.demo.history import history_load, history_plan
from wijkteam.demo.meetings import DECIDED as OVERLEG_DECIDED
from wijkteam.demo.services import demo_data_load
from wijkteam.demo.stages import HANDLING_KEY
from wijkteam.notifications.models import Notification
from wijkteam.partners.models import Team, TeamPartner

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 5, 4, 12, 0))


def history_cases():
    """The past the history recorded (the live handling stage and the case the demo's last
    wijkteamoverleg decided were also decided in a meeting)."""
    return Case.objects.filter(lead_basis=LeadBasis.MEETING).exclude(
        links__signal__external_reference__in=[HANDLING_KEY, OVERLEG_DECIDED.key]
    )


@pytest.fixture
def demo():
    """The demo's teams, partners, buurten and categories, without its past."""
    demo_data_load(demo_mode=True, history_per_team=0)


def test_the_same_seed_gives_the_same_past(demo):
    plan = history_plan(per_team=25, seed=7, now=NOW)

    assert plan == history_plan(per_team=25, seed=7, now=NOW)
    assert plan != history_plan(per_team=25, seed=8, now=NOW)
    assert len(plan) == 6 * 25
    assert [item.received_at for item in plan] == sorted(item.received_at for item in plan)
    partners = set(TeamPartner.objects.values_list("team_id", "organisation_id"))
    assert all((item.team_id, item.lead_id) in partners for item in plan)
    assert all(item.received_at < item.decided_at < NOW for item in plan)
    decided = [timezone.localtime(item.decided_at) for item in plan]
    assert all(9 <= moment.hour <= 16 and moment.weekday() < 5 for moment in decided)


def test_the_past_is_decided_in_the_meeting_in_every_team_without_notifying_anyone(demo):
    notifications = Notification.objects.count()

    decided = history_load(per_team=3, seed=1, now=NOW)

    assert decided == 18
    cases = history_cases()
    assert cases.count() == 18
    assert {case.team_id for case in cases} == set(Team.objects.values_list("pk", flat=True))
    for case in cases:
        # Handled some days after the decision and closed after the reporters' time; the
        # most recent may still be open.
        if case.decided_at < NOW - timedelta(days=13 + settings.WIJKTEAM_CASE_CLOSE_AFTER_DAYS):
            assert case.status == CaseStatus.CLOSED
            assert case.outcome and case.reporter_message
            assert case.resolved_at < case.closed_at <= NOW
        assert case.status in (CaseStatus.HANDLING, CaseStatus.RESOLVED, CaseStatus.CLOSED)
        assert case.links.count() == 1  # every past signal opened a case of its own
        assert case.decided_at < NOW
        decision = case.events.get(kind=CaseEventKind.DECIDED)
        assert "Onderbouwing:" in decision.text
    assert Notification.objects.count() == notifications
    assert cases.filter(status=CaseStatus.CLOSED).count() > 12


def test_the_demo_records_its_past_once_and_its_live_signals_stay_in_consultation(settings):
    settings.WIJKTEAM_DEMO_HISTORY_PER_TEAM = 2
    out = StringIO()
    call_command("demo_data", "--quiet-accounts", stdout=out)
    assert "12 eerdere casussen met besluit, 3 nieuwe triage-afspraken" in out.getvalue()
    counts = (Case.objects.count(), TriageRule.objects.count(), AuditEntry.objects.count())

    call_command("demo_data", "--quiet-accounts", stdout=StringIO())

    assert (Case.objects.count(), TriageRule.objects.count(), AuditEntry.objects.count()) == counts
    assert history_cases().count() == 12
    live = Case.objects.filter(
        links__signal__external_reference__in=[demo.key for demo in veenendaal.DEMO_SIGNALS]
    )
    assert live.count() == len(veenendaal.DEMO_SIGNALS)
    assert all(case.status == CaseStatus.CONSULTATION for case in live)
    assert all(case.links.count() == 1 for case in live)


def test_learning_from_past_decisions_beats_the_rules_on_held_out_history(demo):
    # Zuidoost sends burenruzie (and often noise of tenants) to buurtbemiddeling and verward
    # gedrag to the zorgteam; the rules say corporation and Veens. Zwerfafval follows the rules.
    history_load(
        per_team=50,
        seed=5,
        now=NOW,
        districts=["WK034502"],
        categories=[
            "overlast-burenruzie",
            "overlast-geluid",
            "zorg-verward-gedrag",
            "vervuiling-zwerfafval",
        ],
    )
    cases = list(history_cases().order_by("opened_at", "id"))
    held_out = cases[25:]  # each asked as it stood when the case was opened

    rules = sum(suggest_lead(c, at=c.opened_at, learn=False).lead == c.lead for c in held_out)
    learning = sum(suggest_lead(c, at=c.opened_at, learn=True).lead == c.lead for c in held_out)

    assert len(held_out) == 25
    assert learning > rules
    # The history's own proposals already learned, and say so.
    assert CaseEvent.objects.filter(text__contains="vergelijkbare casussen koos dit team").exists()
