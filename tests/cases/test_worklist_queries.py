"""The staff's work lists in a busy wijk: each costs the same few queries however many cases,
proposals, responses, objections and actions it lists, for every kind of person who opens it.
A query per row (a counter-proposal's lead, a partner's response, an action's owner) shows as
a count that grows with the world."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake, open_proposal
from tests.factories import make_user
from wijkteam.cases.models import CaseAction, Proposal, ProposalStatus
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.cases.views import queues
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role

TEAM_TRIAGE = reverse("cases:team_triage", args=["WK099901"])
MY_TRIAGE = reverse("cases:triage")
MY_WORK = reverse("cases:my_work")
TEAM_CASES = reverse("cases:team", args=["WK099901"])
# Session, user, the page's own reads and the header's menu (wijk switch, counts; the
# wijkmanager's has one more: the debt help referrals).
TEAM_TRIAGE_QUERIES = 17
MY_TRIAGE_QUERIES = 12
MY_WORK_QUERIES = 11
TEAM_CASES_QUERIES = 12


class Busy:
    """Adds cases to wijk A in every state the triage pages list, ``add(n)`` at a time."""

    def __init__(self, world):
        self.world = world
        self.number = 0

    def add(self, rounds: int) -> None:
        world = self.world
        for _ in range(rounds):
            self.number += 1
            # Running, with a partner's objection, a counter-proposal and an agreement.
            running = open_proposal(self._case())
            proposal_respond(actor=world.agent_a, proposal=running, kind="object", reason="Nee")
            proposal_respond(
                actor=world.opbouwwerker_a,
                proposal=running,
                kind="counter",
                reason="Wij kennen het gezin",
                counter_lead=world.welzijn,
            )
            # Objected to until the deadline: on the overleg list.
            objected = open_proposal(self._case())
            proposal_respond(
                actor=world.opbouwwerker_a,
                proposal=objected,
                kind="counter",
                reason="Eerst Welzijn",
                counter_lead=world.welzijn,
            )
            self._deadline(objected)
            # Agreed by silence, with an overdue action and a reporter's "no" for the lead.
            agreed = self._case()
            self._deadline(open_proposal(agreed))
            agreed.refresh_from_db()
            CaseAction.objects.create(
                case=agreed,
                description=f"Huisbezoek {self.number}",
                owner_organisation=agreed.lead,
                owner_user=world.consulent_a,
                due_date=timezone.localdate() - timedelta(days=self.number),
                created_by=world.wijkmanager_a,
            )

    def _case(self):
        self.number += 1
        return case_of(
            intake(
                "overlast-geluid",
                location=address(number=self.number),
                receiving_organisation=self.world.corporatie,
                is_tenant=True,
            )
        )

    @staticmethod
    def _deadline(proposal) -> None:
        proposal_deadline_pass(
            actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
        )


@pytest.fixture
def busy(world):
    team = Busy(world)
    team.add(4)
    return team


def queries_of(client, page: str) -> int:
    client.get(page)  # the session and caches settle on the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_team_triage_costs_the_same_few_queries_however_busy_the_wijk(
    client, world, busy, django_assert_max_num_queries
):
    coordinator = make_user("coordinator@gemeente.test", world.gemeente, Role.COORDINATOR)
    readers = (world.wijkmanager_a, world.agent_a, world.opbouwwerker_a, coordinator)
    counted = {}
    for user in readers:
        client.force_login(user)
        counted[user.email] = queries_of(client, TEAM_TRIAGE)
        with django_assert_max_num_queries(TEAM_TRIAGE_QUERIES):
            body = client.get(TEAM_TRIAGE).content.decode()
        assert body.count("Politie Test: Bezwaar") == 4  # every running proposal's responses
        assert body.count("Tegenvoorstel: Welzijn Test") == 4
        assert body.split('id="escalated"')[1].count("tegenvoorstel Welzijn Test") == 4
        assert body.split('id="overdue-actions"')[1].count("Huisbezoek") == 4
    busy.add(3)
    for user in readers:
        client.force_login(user)
        assert queries_of(client, TEAM_TRIAGE) == counted[user.email], user.email
        body = client.get(TEAM_TRIAGE).content.decode()
        assert body.count("Tegenvoorstel: Welzijn Test") == 7


def test_my_triage_and_my_work_cost_the_same_few_queries_however_busy_the_wijk(
    client, world, busy, django_assert_max_num_queries
):
    readers = (world.wijkmanager_a, world.agent_a, world.consulent_a, world.opbouwwerker_a)
    counted = {}
    for user in readers:
        client.force_login(user)
        counted[user.email] = (queries_of(client, MY_TRIAGE), queries_of(client, MY_WORK))
        with django_assert_max_num_queries(MY_TRIAGE_QUERIES):
            client.get(MY_TRIAGE)
        with django_assert_max_num_queries(MY_WORK_QUERIES):
            client.get(MY_WORK)
    client.force_login(world.consulent_a)
    assert client.get(MY_WORK).content.decode().count("Huisbezoek") == 4
    busy.add(3)
    for user in readers:
        client.force_login(user)
        assert (queries_of(client, MY_TRIAGE), queries_of(client, MY_WORK)) == counted[
            user.email
        ], user.email


def test_the_team_case_list_costs_the_same_few_queries_however_busy_the_wijk(
    client, world, busy, django_assert_max_num_queries
):
    readers = (world.wijkmanager_a, world.agent_a, world.opbouwwerker_a)
    counted = {}
    for user in readers:
        client.force_login(user)
        counted[user.email] = queries_of(client, TEAM_CASES)
        with django_assert_max_num_queries(TEAM_CASES_QUERIES):
            body = client.get(TEAM_CASES).content.decode()
        assert body.count('<tr><td class="nowrap"') == 12  # open: running, overleg, agreed
    busy.add(3)
    for user in readers:
        client.force_login(user)
        assert queries_of(client, TEAM_CASES) == counted[user.email], user.email


def test_the_running_proposals_come_a_page_at_a_time_soonest_deadline_first(
    client, world, busy, monkeypatch
):
    monkeypatch.setattr(queues, "PROPOSALS_PER_PAGE", 3)
    client.force_login(world.wijkmanager_a)

    def running(page) -> tuple[list[str], str]:
        body = client.get(TEAM_TRIAGE, {"pagina": page}).content.decode()
        section = body.split('id="proposals-heading"')[1].split("<h2")[0]
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', section), section

    first, section = running(1)
    assert len(first) == 3 and 'rel="next"' in section and 'rel="prev"' not in section
    second, section = running(2)
    assert len(second) == 1 and 'rel="prev"' in section and 'rel="next"' not in section
    deadlines = [
        Proposal.objects.get(case__reference=reference, status=ProposalStatus.OPEN).deadline
        for reference in first + second
    ]
    assert deadlines == sorted(deadlines) and len(set(first + second)) == 4
    assert "Op deze pagina staan geen voorstellen meer" in running(9)[1]
    assert running("x")[0] == first  # a page that is no number is the first


def test_the_badge_marks_what_waits_for_my_organisation_only(client, world, busy):
    client.force_login(world.consulent_a)  # the corporation answered none of them
    assert client.get(TEAM_TRIAGE).content.decode().count("wacht op uw reactie") == 4
    client.force_login(world.agent_a)  # the police objected to every running proposal
    assert "wacht op uw reactie" not in client.get(TEAM_TRIAGE).content.decode()
