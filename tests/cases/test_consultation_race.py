"""The last two partners answering at the same moment still end the consultation exactly once.
Only PostgreSQL runs the two answers really at once (SQLite writes one at a time)."""

import threading

import pytest
from django.db import connection

from tests.cases.support import case_of, fan_out, intake, open_proposal
from wijkteam.cases.models import CaseEventKind, CaseStatus, LeadBasis, ProposalStatus, ResponseKind
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.notifications.models import Notification
from wijkteam.signals.category_seed import seed_categories
from wijkteam.signals.models import Category

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


@pytest.fixture(autouse=True)
def categories(db):
    """A test that really commits empties the tables afterwards, the seeded categories too."""
    seed_categories(Category)


def answer_at_once(proposal, answers) -> list[Exception]:
    """Each (user, kind, reason) answers in its own thread and database connection, all
    released at the same moment; returns the errors raised."""
    start = threading.Barrier(len(answers))
    errors: list[Exception] = []

    def answer(user, kind, reason):
        try:
            start.wait()
            proposal_respond(actor=user, proposal=proposal, kind=kind, reason=reason)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=args) for args in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.parametrize("repeat", range(3))
def test_the_last_two_akkoords_at_the_same_moment_agree_the_lead_once(world, repeat):
    case = case_of(intake("overlast-geluid", is_tenant=True))
    proposal = open_proposal(case)
    for user in (world.wijkmanager_a, world.agent_a):
        proposal_respond(actor=user, proposal=proposal, kind=ResponseKind.AGREE)

    errors = answer_at_once(
        proposal,
        [
            (world.consulent_a, ResponseKind.AGREE, ""),
            (world.opbouwwerker_a, ResponseKind.AGREE, ""),
        ],
    )

    assert errors == []
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.status, case.lead, case.lead_basis, proposal.status) == (
        CaseStatus.HANDLING,
        world.corporatie,
        LeadBasis.AGREED,
        ProposalStatus.AGREED,
    )
    assert proposal.responses.count() == 4
    assert case.events.filter(kind=CaseEventKind.AGREED).count() == 1
    fan_out()
    assert Notification.objects.filter(subject__startswith="U bent eerste reactie").count() == 1


def test_an_objection_and_an_akkoord_at_the_same_moment_escalate_once(world):
    case = case_of(intake("overlast-geluid", is_tenant=True))
    proposal = open_proposal(case)
    for user in (world.wijkmanager_a, world.consulent_a):
        proposal_respond(actor=user, proposal=proposal, kind=ResponseKind.AGREE)

    errors = answer_at_once(
        proposal,
        [
            (world.agent_a, ResponseKind.OBJECT, "Eerst de gemeente"),
            (world.opbouwwerker_a, ResponseKind.AGREE, ""),
        ],
    )

    assert errors == []
    case.refresh_from_db()
    assert (case.status, case.lead) == (CaseStatus.ESCALATED, None)
    assert case.events.filter(kind=CaseEventKind.ESCALATED).count() == 1
    fan_out()
    assert Notification.objects.filter(subject__startswith="Te bespreken").count() == 1
