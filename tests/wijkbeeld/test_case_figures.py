"""A case's figures follow its life: agreed by silence after a proposal, handled, answered by a
reporter, reopened; a signal moved to another wijk is counted there and no longer here."""

from datetime import date, timedelta

import pytest

from tests.cases.states import led, reported, resolved
from tests.cases.support import case_of, intake, local, place
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_reopen, case_resolve
from wijkteam.cases.models import CaseFigures, LeadBasis, Outcome
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Reporter, SignalMonthCount
from wijkteam.signals.relocation import signal_relocate
from wijkteam.wijkbeeld.tasks import figures_catch_up


def _caught_up(run_worker):
    run_worker()
    figures_catch_up()


def test_agreed_by_silence_then_handled_on_time(world, run_worker, time_machine):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    case = led(reported(world))
    time_machine.move_to(case.decided_at + timedelta(hours=2), tick=False)
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Klaar.")
    _caught_up(run_worker)

    figures = CaseFigures.objects.get(case=case)
    assert figures.lead_id == world.corporatie.pk
    assert figures.lead_basis == LeadBasis.SILENCE
    assert not figures.had_objection
    assert figures.hours_to_decision > 0
    assert figures.hours_to_handled == pytest.approx(figures.hours_to_decision + 2)
    assert figures.on_time is True
    assert not figures.is_open


def test_feedback_and_a_reopening_are_counted(world, run_worker):
    case = resolved(world, reported(world))
    reporter = Reporter.objects.get(signal__case_link__case=case)
    feedback_give(actor=SYSTEM, reporter=reporter, satisfied=False)
    case_reopen(actor=world.consulent_a, case=case, reason="De melder is niet tevreden.")
    _caught_up(run_worker)

    figures = CaseFigures.objects.get(case=case)
    assert (figures.feedback_count, figures.feedback_satisfied) == (1, 0)
    assert figures.reopenings == 1
    assert figures.is_open


def test_a_case_that_became_late_by_time_alone_is_read_again(world, run_worker, time_machine):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    case = led(reported(world))
    _caught_up(run_worker)
    assert CaseFigures.objects.get(case=case).on_time is None

    case.refresh_from_db()
    time_machine.move_to(case.due_at + timedelta(days=1), tick=False)
    figures_catch_up()

    assert CaseFigures.objects.get(case=case).on_time is False


def test_a_signal_moved_to_another_wijk_is_counted_there(world, run_worker, time_machine):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    signal = intake("overlast-geluid", receiving_organisation=world.corporatie)
    _caught_up(run_worker)
    assert SignalMonthCount.objects.filter(district=world.district_a).count() == 1

    signal_relocate(actor=world.consulent_a, signal=signal, location=place(52.005, 5.605))
    _caught_up(run_worker)

    month = date(2026, 3, 1)
    assert not SignalMonthCount.objects.filter(district=world.district_a, month=month).exists()
    moved = SignalMonthCount.objects.get(district=world.district_b, month=month)
    assert (moved.neighbourhood_id, moved.count) == (world.buurt_b1.pk, 1)
    assert case_of(signal)  # the case stays where it was: figures are per case, counts per signal


pytestmark = pytest.mark.django_db
