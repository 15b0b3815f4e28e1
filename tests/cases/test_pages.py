"""The case pages and actions through HTTP: who may see and do what, and bad input."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cases.states import action_of, led
from tests.cases.states import noise as noise_case
from tests.cases.support import address, case_of, fan_out, intake, open_proposal
from tests.factories import add_member, make_user
from tests.statements import statements_of
from wijkteam.cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    LeadBasis,
    ProposalResponse,
    ResponseKind,
)
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.notifications.models import Notification, NotificationMode
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role, TeamFunction
from wijkteam.signals.models import Channel
from wijkteam.signals.services import ReporterInput


def url(name: str, case) -> str:
    return reverse(f"cases:{name}", args=[case.reference])


@pytest.fixture
def noise(world):
    """A tenant's noise report at Appellaan 1, received by the corporation."""
    signal = intake(
        "overlast-geluid",
        location=address(street="Appellaan"),
        actor=world.consulent_a,
        receiving_organisation=world.corporatie,
        is_tenant=True,
        reporter=ReporterInput(name="Rianne Melder", email="rianne@example.org"),
        description="Harde muziek elke nacht bij de buren",
    )
    return case_of(signal)


def test_team_member_sees_the_case_with_its_proposal_and_reasons(client, world, noise):
    client.force_login(world.agent_a)
    response = client.get(url("detail", noise))
    assert response.status_code == 200
    body = response.content.decode()
    assert noise.reference in body
    assert "Voorstel eerste reactie" in body
    assert "Standaard bij" in body
    assert world.corporatie.name in body


def test_another_wijk_and_anonymous_cannot_open_a_case(client, world, noise):
    assert client.get(url("detail", noise)).status_code == 302  # to the login page
    client.force_login(world.wijkmanager_b)
    assert client.get(url("detail", noise)).status_code == 404
    assert client.get(reverse("cases:detail", args=["Z-2026-99999"])).status_code == 404


def test_the_reporter_never_appears_on_the_case_page(client, world, noise):
    for user in (world.consulent_a, world.agent_a, world.wijkmanager_a):
        client.force_login(user)
        body = client.get(url("detail", noise)).content.decode()
        assert "Rianne" not in body
        assert "rianne@example.org" not in body


def test_case_partner_details_stay_with_the_partners_taking_part(client, world):
    signal = intake(
        "zorg-verwaarlozing",
        location=address(number=7, postcode="3999AB", street="Perenweg"),
        receiving_organisation=world.welzijn,
        description="Mevrouw op nummer 7 verwaarloost zichzelf",
    )
    case = case_of(signal)
    client.force_login(world.agent_a)
    body = client.get(url("detail", case)).content.decode()
    assert "Perenweg" not in body
    assert "verwaarloost" not in body
    assert "inhoud niet zichtbaar voor u" in body
    assert 'id="timeline"' not in body
    client.force_login(world.opbouwwerker_a)
    body = client.get(url("detail", case)).content.decode()
    assert "Perenweg" in body
    assert 'id="timeline"' in body


def test_police_do_not_know_an_arrears_case_exists(client, world):
    from decimal import Decimal

    from wijkteam.signals.services import ArrearsInput

    signal = intake(
        "financieel-huurachterstand",
        location=address(),
        receiving_organisation=world.corporatie,
        arrears=ArrearsInput(
            tenant_name="T. Huurder",
            amount=Decimal("1200.00"),
            months=3,
            signal_date=timezone.localdate(),
        ),
    )
    case = case_of(signal)
    assert case.lead == world.corporatie
    assert case.lead_basis == LeadBasis.CONFIDENTIAL
    client.force_login(world.agent_a)
    assert client.get(url("detail", case)).status_code == 404
    team_cases = client.get(reverse("cases:team", args=["WK099901"])).content.decode()
    assert case.reference not in team_cases
    client.force_login(world.consulent_a)
    assert client.get(url("detail", case)).status_code == 200


def test_a_partner_agrees_from_the_case_page(client, world, noise):
    client.force_login(world.agent_a)
    response = client.post(url("respond", noise), {"kind": "agree"})
    assert response.status_code == 302
    answer = ProposalResponse.objects.get(organisation=world.politie)
    assert answer.kind == ResponseKind.AGREE
    assert answer.responded_by == world.agent_a


def test_an_objection_without_reason_is_refused_and_keeps_the_choice(client, world, noise):
    client.force_login(world.agent_a)
    response = client.post(url("respond", noise), {"kind": "object", "reason": " "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geef een reden op." in body
    assert re.search(r'<input[^>]*value="object"[^>]*checked', body)
    assert not ProposalResponse.objects.exists()


def test_a_counter_proposal_must_name_another_team_partner(client, world, noise):
    client.force_login(world.agent_a)
    response = client.post(
        url("respond", noise),
        {"kind": "counter", "reason": "Past beter", "counter_lead": world.corporatie.pk},
    )
    assert response.status_code == 400
    assert "andere partner" in response.content.decode()
    response = client.post(
        url("respond", noise),
        {"kind": "counter", "reason": "Eerst bemiddelen", "counter_lead": world.welzijn.pk},
    )
    assert response.status_code == 302
    assert ProposalResponse.objects.get().counter_lead == world.welzijn


def test_nonsense_input_never_crashes(client, world, noise):
    client.force_login(world.agent_a)
    for data in (
        {},
        {"kind": "whatever"},
        {"kind": "counter", "reason": "x", "counter_lead": "not-a-number"},
        {"kind": "counter", "reason": "x", "counter_lead": 999999},
    ):
        assert client.post(url("respond", noise), data).status_code == 400
    client.force_login(world.wijkmanager_a)
    assert client.post(url("decide", noise), {"lead": "x", "reasoning": ""}).status_code == 400
    merge = url("merge", noise)
    assert client.post(merge, {"merge-target": "", "merge-reason": ""}).status_code == 400
    assert client.post(merge, {"merge-target": "Z-1-1", "merge-reason": "x"}).status_code == 400
    split = url("split", noise)
    assert client.post(split, {"split-signals": ["M-0"], "split-reason": "x"}).status_code == 400
    assert client.get(reverse("cases:team", args=["WK099901"]), {"pagina": "x"}).status_code == 200


def test_read_only_users_and_organisations_not_asked_cannot_respond(client, world, noise):
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    client.force_login(world.reader)
    assert client.get(url("detail", noise)).status_code == 200
    assert client.post(url("respond", noise), {"kind": "agree"}).status_code == 403
    assert client.post(url("remark", noise), {"text": "hoi"}).status_code == 403
    client.force_login(world.wijkmanager_b)
    assert client.post(url("respond", noise), {"kind": "agree"}).status_code == 404
    assert not ProposalResponse.objects.exists()


def test_only_the_chair_records_a_decision(client, world, noise):
    data = {"lead": world.welzijn.pk, "reasoning": "Veens kent het gezin al"}
    client.force_login(world.consulent_a)
    assert client.post(url("decide", noise), data).status_code == 403
    client.force_login(world.wijkmanager_a)
    response = client.post(url("decide", noise), data, follow=True)
    assert response.status_code == 200
    noise.refresh_from_db()
    assert noise.lead == world.welzijn
    assert noise.lead_basis == LeadBasis.MEETING
    assert "Veens kent het gezin al" in response.content.decode()


def test_silence_then_the_escalated_case_is_on_the_overleg_list(client, world, noise):
    proposal = open_proposal(noise)
    proposal_respond(actor=world.agent_a, proposal=proposal, kind="object", reason="Niet wij")
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    noise.refresh_from_db()
    assert noise.status == CaseStatus.ESCALATED
    client.force_login(world.wijkmanager_a)
    body = client.get(reverse("cases:team_triage", args=["WK099901"])).content.decode()
    escalated = body.split('id="escalated"')[1]
    assert noise.reference in escalated.split("</ul>")[0]
    assert "Politie Test: bezwaar – Niet wij" in escalated
    fan_out()
    assert Notification.objects.filter(user=world.wijkmanager_a, subject__contains="Te bespreken")


def test_my_queue_lists_what_waits_for_my_organisation(
    client, world, noise, django_assert_max_num_queries
):
    for number in range(2, 12):
        intake("overlast-geluid", location=address(number=number))
    client.force_login(world.agent_a)
    page = reverse("cases:triage")
    client.get(page)
    with django_assert_max_num_queries(12):
        response = client.get(page)
    body = response.content.decode()
    assert noise.reference in body
    assert "nog " in body  # time left
    assert 'class="nav-count">11<' in body
    proposal_respond(actor=world.agent_a, proposal=open_proposal(noise), kind="agree")
    assert noise.reference not in client.get(page).content.decode()


def test_team_case_list_pages_without_counting(client, world, noise, django_assert_max_num_queries):
    for number in range(2, 8):
        intake("overlast-geluid", location=address(number=number))
    client.force_login(world.wijkmanager_a)
    page = reverse("cases:team", args=["WK099901"])
    client.get(page)
    # 15: the wijkmanager's menu has the count of new debt help referrals (one query).
    with django_assert_max_num_queries(15):
        response = client.get(page, {"status": "consultation"})
    assert response.content.decode().count("/casussen/Z-") == 7
    client.force_login(world.wijkmanager_b)
    assert client.get(page).status_code == 404


def test_source_organisation_writes_the_summary(client, world, noise):
    client.force_login(world.agent_a)
    assert client.post(url("summary", noise), {"summary": "x"}).status_code == 403
    client.force_login(world.consulent_a)
    client.post(url("summary", noise), {"summary": "Herhaald geluid 's nachts, huurder."})
    noise.refresh_from_db()
    assert noise.summary == "Herhaald geluid 's nachts, huurder."
    client.force_login(world.agent_a)
    assert "Herhaald geluid" in client.get(url("detail", noise)).content.decode()


def test_a_remark_lands_in_the_timeline(client, world, noise):
    client.force_login(world.opbouwwerker_a)
    assert client.post(url("remark", noise), {"text": ""}).status_code == 400
    client.post(url("remark", noise), {"text": "Wij kennen deze buren"})
    assert CaseEvent.objects.filter(case=noise, kind=CaseEventKind.REMARK).exists()


def test_marking_urgent_makes_the_police_lead_at_once(client, world, noise):
    client.force_login(world.consulent_a)
    client.post(url("urgent", noise))
    noise.refresh_from_db()
    assert noise.lead == world.politie
    assert noise.lead_basis == LeadBasis.URGENT


def test_merge_and_split_through_the_pages(client, world, noise):
    other = case_of(intake("overlast-geluid", location=address(number=9)))
    client.force_login(world.wijkmanager_a)  # the chair: no lead is agreed yet
    response = client.post(
        url("merge", other),
        {"merge-target": noise.reference.lower(), "merge-reason": "Zelfde buren"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == CaseStatus.MERGED and other.merged_into == noise
    signal = other.links.model.objects.filter(case=noise).order_by("-id").first().signal
    response = client.post(
        url("split", noise),
        {"split-signals": [signal.reference], "split-reason": "Toch andere buren"},
    )
    assert response.status_code == 302
    assert case_of(signal) != noise


def test_the_signal_page_links_to_its_case(client, world, noise):
    signal = noise.links.first().signal
    client.force_login(world.consulent_a)
    body = client.get(reverse("signals:detail", args=[signal.reference])).content.decode()
    assert url("detail", noise) in body


def test_notifications_page_and_digest_choice(client, world, noise):
    fan_out()
    client.force_login(world.agent_a)
    body = client.get(reverse("notifications:list")).content.decode()
    assert "Uw reactie gevraagd" in body
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=world.agent_a, read_at__isnull=True).exists()
    response = client.post(reverse("notifications:preferences"), {"notification_mode": "digest"})
    assert response.status_code == 302
    world.agent_a.refresh_from_db()
    assert world.agent_a.notification_mode == NotificationMode.DIGEST
    assert (
        client.post(reverse("notifications:preferences"), {"notification_mode": "x"}).status_code
        == 400
    )


def test_notifications_are_personal(client, world, noise):
    client.force_login(world.wijkmanager_b)
    assert "Uw reactie gevraagd" not in client.get(reverse("notifications:list")).content.decode()


def test_an_acute_report_in_a_team_without_police_is_kept_and_goes_to_the_overleg(world):
    from wijkteam.signals.locations import LocationInput, location_resolve

    located = location_resolve(given=LocationInput(latitude=52.005, longitude=5.605), client=None)
    signal = intake("acuut-dreiging", location=located)
    case = case_of(signal)
    assert case.team == world.team_b
    assert case.status == CaseStatus.ESCALATED
    assert case.lead is None
    fan_out()
    assert Notification.objects.filter(user=world.wijkmanager_b, subject__contains="Te bespreken")


def test_team_triage_runs_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for number in range(1, 7):
        proposal = open_proposal(
            case_of(intake("overlast-geluid", location=address(number=number)))
        )
        if number % 2:
            proposal_respond(actor=world.agent_a, proposal=proposal, kind="object", reason="Nee")
            proposal_deadline_pass(
                actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
            )
    client.force_login(world.wijkmanager_a)
    page = reverse("cases:team_triage", args=["WK099901"])
    client.get(page)
    with django_assert_max_num_queries(20):
        body = client.get(page).content.decode()
    assert body.count("Politie Test: bezwaar – Nee") == 3


def test_the_case_page_reads_the_teams_partners_once_for_all_its_forms(client, world):
    """The chair sees the response, the decision and the action forms, each offering the
    team's partners (the decision's as checkboxes too): one query reads them for all."""
    case = case_of(intake("overlast-geluid", location=address(number=4)))
    open_proposal(case)
    client.force_login(world.wijkmanager_a)
    page_url = reverse("cases:detail", args=[case.reference])
    client.get(page_url)

    response, statements = statements_of(lambda: client.get(page_url))

    page = response.content.decode()
    for form in ("response_form", "decision_form", "action_form"):
        assert form in response.context, form
    reads = [sql for sql in statements if 'FROM "partners_organisation"' in sql.split("WHERE")[0]]
    partners = [sql for sql in reads if '"partners_teampartner"' in sql]
    assert len(partners) == 1, partners
    # The counter-proposal, the decision's lead and the action's owner; the involved.
    assert page.count("Politie Test</option>") == 3
    assert page.count("Politie Test</label>") == 1


def test_the_case_page_asks_the_users_place_in_the_team_once_however_many_actions(client, world):
    """Whether the chair may complete an action, regroup, handle or reopen the case: one
    answer read once for the page, not a query per agreed action of another partner."""
    case = led(noise_case(world, 5))
    client.force_login(world.wijkmanager_a)
    page_url = reverse("cases:detail", args=[case.reference])

    def page():
        response, statements = statements_of(lambda: client.get(page_url))
        assert response.status_code == 200
        return response, len(statements)

    action_of(world, case)
    client.get(page_url)
    _, one_action = page()
    for _ in range(5):
        action_of(world, case)
    response, six_actions = page()

    assert six_actions == one_action
    assert len(response.context["may_complete"]) == 6  # the chair completes any of them
    assert "status_form" in response.context and "move_form" in response.context


def test_my_triage_page_shows_the_overleg_list_and_what_my_organisation_leads(client, world):
    objected = case_of(intake("overlast-geluid", location=address(number=3)))
    proposal = open_proposal(objected)
    proposal_respond(actor=world.agent_a, proposal=proposal, kind="object", reason="Niet wij")
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    agreed = case_of(intake("overlast-geluid", location=address(number=5)))
    proposal = open_proposal(agreed)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )

    client.force_login(world.consulent_a)
    body = client.get(reverse("cases:triage")).content.decode()
    escalated = body.split('id="escalated"')[1].split("</ul>\n")[0]
    assert objected.reference in escalated and "Politie Test: bezwaar – Niet wij" in escalated
    decided = body.split('id="decided"')[1]
    assert agreed.reference in decided
    client.force_login(world.wijkmanager_b)
    assert objected.reference not in client.get(reverse("cases:triage")).content.decode()


def test_my_triage_offers_the_triage_of_my_own_teams_only(client, world):
    """'Triage per wijkteam' lists the teams whose triage opens for the user: their own, or
    every team for the coordinator; never another wijk's, which would answer 'not found'."""
    own = reverse("cases:team_triage", args=["WK099901"])
    other = reverse("cases:team_triage", args=["WK099902"])
    client.force_login(world.agent_a)

    body = client.get(reverse("cases:triage")).content.decode()

    assert own in body and other not in body
    assert client.get(own).status_code == 200
    coordinator = make_user("coordinator@example.org", world.gemeente, role=Role.COORDINATOR)
    client.force_login(coordinator)
    body = client.get(reverse("cases:triage")).content.decode()
    assert own in body and other in body
    assert client.get(other).status_code == 200


def test_the_case_page_links_the_team_triage_only_for_who_may_open_it(client, world):
    """The rent administration sees its arrears cases in every wijk, but no team's triage:
    its case page names the wijkteam instead of linking a page that answers 'not found'."""
    case = case_of(
        intake(
            "financieel-huurachterstand",
            channel=Channel.ARREARS_FORM,
            receiving_organisation=world.corporatie,
            location=address("3999AA", 8),
        )
    )
    triage = reverse("cases:team_triage", args=["WK099901"])
    client.force_login(world.rent_admin)

    page = client.get(reverse("cases:detail", args=[case.reference]))

    assert page.status_code == 200
    assert triage not in page.content.decode()
    assert "Wijkteam Wijk 01 Testoord" in page.content.decode()
    assert client.get(triage).status_code == 404
    client.force_login(world.consulent_a)
    assert triage in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert client.get(triage).status_code == 200
