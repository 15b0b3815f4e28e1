"""Triage in consultation: responses, consent by silence, escalation, the meeting's decision,
the urgent path and confidential cases."""

from datetime import date, timedelta

import holidays
import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.cases.support import address, case_of, fan_out, intake, local, open_proposal
from tests.factories import add_member, make_organisation, make_user
from wijkteam.cases.models import (
    CaseEventKind,
    CaseStatus,
    LeadBasis,
    Proposal,
    ProposalMode,
    ProposalResponse,
    ProposalStatus,
    ResponseKind,
    TenantCondition,
    TriageRule,
)
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.proposals import triage_urgent
from wijkteam.cases.triage.responses import case_decide, proposal_respond
from wijkteam.core.errors import DomainError
from wijkteam.notifications.models import Notification, NotificationMode, OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind, TeamFunction, TeamPartner
from wijkteam.signals.models import Category, Channel, Signal

FRIDAY_AFTERNOON = local(2026, 3, 13, 15, 30)
MONDAY_SAME_TIME = local(2026, 3, 16, 15, 30)
LEAD_SUBJECT = "U bent eerste reactie"


def noise_case(**extra):
    """Noise at a tenant's home: the corporation is proposed."""
    extra.setdefault("is_tenant", True)
    return case_of(intake("overlast-geluid", **extra))


def respond(user, proposal, kind, **extra):
    return proposal_respond(actor=user, proposal=proposal, kind=kind, **extra)


def everyone_but_the_lead_agrees(world, proposal):
    for user in (world.wijkmanager_a, world.agent_a, world.opbouwwerker_a):
        respond(user, proposal, ResponseKind.AGREE)


def notified(subject_start):
    fan_out()
    return set(
        Notification.objects.filter(subject__startswith=subject_start).values_list(
            "user__email", flat=True
        )
    )


@pytest.fixture
def frozen_friday(time_machine):
    time_machine.move_to(FRIDAY_AFTERNOON, tick=False)
    return time_machine


# --- who responds, and how ----------------------------------------------------------------


def test_the_core_partners_the_proposed_lead_and_the_involved_are_asked(world):
    mediation = make_organisation("Buurtbemiddeling Test", OrganisationKind.BUURTBEMIDDELING)
    care = make_organisation("Zorg Test", OrganisationKind.ZORG)
    for organisation in (mediation, care):
        TeamPartner.objects.create(team=world.team_a, organisation=organisation)  # not core
    TriageRule.objects.create(
        team=world.team_a,
        category=Category.objects.get(slug="overlast-geluid"),
        tenant=TenantCondition.NOT_TENANT,
        lead_kind=OrganisationKind.BUURTBEMIDDELING,
        involved_kinds=[OrganisationKind.ZORG],
        note="Eigenaar-bewoners: buurtbemiddeling met zorg",
    )

    proposal = open_proposal(noise_case(is_tenant=False))

    assert (proposal.lead, list(proposal.involved.all())) == (mediation, [care])
    assert set(proposal.respondents.all()) == {
        world.gemeente,
        world.corporatie,
        world.politie,
        world.welzijn,
        mediation,
        care,
    }
    assert notified("Uw reactie gevraagd") == {
        user.email
        for user in (world.wijkmanager_a, world.consulent_a, world.agent_a, world.opbouwwerker_a)
    }


def test_a_colleague_of_the_same_organisation_replaces_its_response(world):
    colleague = make_user("collega@corporatie.test", world.corporatie, full_name="Carla Collega")
    add_member(world.team_a, colleague, TeamFunction.WIJKCONSULENT)
    case = noise_case()
    proposal = open_proposal(case)

    respond(world.consulent_a, proposal, ResponseKind.OBJECT, reason="Geen huurder van ons")
    respond(colleague, proposal, ResponseKind.AGREE)

    answer = ProposalResponse.objects.get(proposal=proposal, organisation=world.corporatie)
    assert (answer.kind, answer.responded_by) == (ResponseKind.AGREE, colleague)
    assert ProposalResponse.objects.filter(proposal=proposal).count() == 1
    texts = list(case.events.filter(kind=CaseEventKind.RESPONDED).values_list("text", flat=True))
    assert texts == [
        "Woonstichting Test: Bezwaar. Reden: Geen huurder van ons",
        "Woonstichting Test wijzigt de reactie van 'Bezwaar' in 'Akkoord'.",
    ]


@pytest.mark.parametrize("kind", [ResponseKind.OBJECT, ResponseKind.COUNTER])
def test_an_objection_or_counter_proposal_needs_a_reason(world, kind):
    proposal = open_proposal(noise_case())

    with pytest.raises(DomainError) as error:
        respond(world.agent_a, proposal, kind, reason="  ", counter_lead=world.welzijn)

    assert error.value.field == "reason"
    assert not proposal.responses.exists()


def test_a_counter_proposal_names_another_partner_of_the_team(world):
    outsider = make_organisation("Elders BV", OrganisationKind.ZORG)
    proposal = open_proposal(noise_case())

    for wrong in (None, world.corporatie, outsider):
        with pytest.raises(DomainError) as error:
            respond(world.agent_a, proposal, ResponseKind.COUNTER, reason="x", counter_lead=wrong)
        assert error.value.field == "counter_lead"
    respond(
        world.agent_a, proposal, ResponseKind.COUNTER, reason="Jeugd", counter_lead=world.welzijn
    )

    answer = proposal.responses.get()
    assert (answer.kind, answer.counter_lead) == (ResponseKind.COUNTER, world.welzijn)
    assert "tegenvoorstel: Welzijn Test" in proposal.case.events.last().text


def test_an_organisation_that_was_not_asked_cannot_respond(world):
    outsider = make_user("iemand@elders.test", make_organisation("Elders", OrganisationKind.ZORG))
    proposal = open_proposal(noise_case())

    with pytest.raises(DomainError, match="niet gevraagd"):
        respond(outsider, proposal, ResponseKind.AGREE)


# --- agreement --------------------------------------------------------------------------------


def test_when_every_partner_agrees_the_lead_is_set_and_told(world):
    case = noise_case()
    proposal = open_proposal(case)
    everyone_but_the_lead_agrees(world, proposal)
    assert open_proposal(case) == proposal  # the lead itself has not answered yet

    respond(world.consulent_a, proposal, ResponseKind.AGREE)

    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.lead, case.lead_basis, case.status) == (
        world.corporatie,
        LeadBasis.AGREED,
        CaseStatus.HANDLING,
    )
    assert proposal.status == ProposalStatus.AGREED
    assert notified(LEAD_SUBJECT) == {world.consulent_a.email}
    email = OutgoingEmail.objects.get(subject__startswith=LEAD_SUBJECT)
    assert email.to == world.consulent_a.email
    assert f"/casussen/{case.reference}/" in email.body_text
    assert case.events.filter(kind=CaseEventKind.AGREED).exists()


def test_a_partner_who_chose_the_daily_digest_gets_no_immediate_email(world):
    world.consulent_a.notification_mode = NotificationMode.DIGEST
    world.consulent_a.save()
    proposal = open_proposal(noise_case())
    everyone_but_the_lead_agrees(world, proposal)
    respond(world.consulent_a, proposal, ResponseKind.AGREE)
    fan_out()

    lead_notice = Notification.objects.get(subject__startswith=LEAD_SUBJECT)
    assert (lead_notice.user, lead_notice.awaits_digest) == (world.consulent_a, True)
    assert not OutgoingEmail.objects.filter(to=world.consulent_a.email).exists()
    assert OutgoingEmail.objects.filter(to=world.agent_a.email).exists()


# --- the deadline -------------------------------------------------------------------------


def test_a_proposal_on_friday_afternoon_has_until_monday_at_the_same_time(world, frozen_friday):
    assert open_proposal(noise_case()).deadline == MONDAY_SAME_TIME


def test_a_proposal_the_day_before_christmas_has_until_the_monday_after(world, time_machine):
    dutch = holidays.country_holidays("NL", years=[2026])
    assert {date(2026, 12, 25), date(2026, 12, 26)} <= set(dutch)
    assert date(2026, 12, 27).weekday() == 6 and date(2026, 12, 28) not in dutch
    time_machine.move_to(local(2026, 12, 24, 10, 0), tick=False)

    assert open_proposal(noise_case()).deadline == local(2026, 12, 28, 10, 0)


def test_silence_until_the_deadline_counts_as_consent(world, frozen_friday):
    case = noise_case()
    proposal = open_proposal(case)
    respond(world.wijkmanager_a, proposal, ResponseKind.AGREE)
    respond(world.agent_a, proposal, ResponseKind.AGREE)

    early = proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME - timedelta(minutes=1)
    )
    assert early is None
    assert proposal.responses.count() == 2
    case.refresh_from_db()
    assert (case.status, case.lead) == (CaseStatus.CONSULTATION, None)

    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME)
        == "agreed"
    )

    silent = proposal.responses.filter(kind=ResponseKind.SILENCE)
    assert {answer.organisation for answer in silent} == {world.corporatie, world.welzijn}
    case.refresh_from_db()
    assert (case.lead, case.lead_basis, case.status, case.decided_at) == (
        world.corporatie,
        LeadBasis.SILENCE,
        CaseStatus.HANDLING,
        MONDAY_SAME_TIME,
    )
    assert "Welzijn Test" in case.events.get(kind=CaseEventKind.SILENCE).text
    # Running it again (a repeated task) changes nothing.
    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME) is None
    )
    assert proposal.responses.count() == 4


def test_the_worker_applies_consent_by_silence_once_the_deadline_has_passed(
    world, frozen_friday, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = noise_case()
    proposal = open_proposal(case)

    run_worker()  # on Friday only the request emails go out, and the deadline is queued
    queued = DBTaskResult.objects.get(task_path="wijkteam.cases.triage.tasks.proposal_deadline")
    assert (queued.run_after, queued.args_kwargs["kwargs"]) == (
        MONDAY_SAME_TIME,
        {"proposal_id": proposal.pk},
    )
    assert len(mail.outbox) == 4
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN

    frozen_friday.move_to(MONDAY_SAME_TIME + timedelta(minutes=1), tick=False)
    run_worker()

    case.refresh_from_db()
    assert (case.lead, case.lead_basis, case.status) == (
        world.corporatie,
        LeadBasis.SILENCE,
        CaseStatus.HANDLING,
    )
    assert proposal.responses.filter(kind=ResponseKind.SILENCE).count() == 4


def test_an_objection_standing_at_the_deadline_goes_to_the_wijkteamoverleg(world, frozen_friday):
    case = noise_case()
    proposal = open_proposal(case)
    respond(world.wijkmanager_a, proposal, ResponseKind.OBJECT, reason="Eerst de gemeente")
    respond(
        world.agent_a,
        proposal,
        ResponseKind.COUNTER,
        reason="Jongeren erbij",
        counter_lead=world.welzijn,
    )

    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME)
        == "escalated"
    )

    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.status, case.lead, proposal.status) == (
        CaseStatus.ESCALATED,
        None,
        ProposalStatus.ESCALATED,
    )
    assert "Gemeente Testoord, Politie Test" in case.events.get(kind=CaseEventKind.ESCALATED).text
    assert notified("Te bespreken in het wijkteamoverleg") == {world.wijkmanager_a.email}


# --- every partner answered: no waiting for the deadline ------------------------------------


def test_the_last_akkoord_agrees_the_lead_at_once_and_the_deadline_changes_nothing(
    world, frozen_friday
):
    case = noise_case()
    proposal = open_proposal(case)
    everyone_but_the_lead_agrees(world, proposal)
    case.refresh_from_db()
    assert (case.status, case.lead) == (CaseStatus.CONSULTATION, None)

    frozen_friday.shift(timedelta(hours=1))
    respond(world.consulent_a, proposal, ResponseKind.AGREE)

    case.refresh_from_db()
    assert (case.status, case.lead, case.lead_basis, case.decided_at) == (
        CaseStatus.HANDLING,
        world.corporatie,
        LeadBasis.AGREED,
        FRIDAY_AFTERNOON + timedelta(hours=1),
    )
    assert case.events.get(kind=CaseEventKind.AGREED).text == (
        "Alle partners akkoord: Woonstichting Test is eerste reactie."
    )
    assert notified(LEAD_SUBJECT) == {world.consulent_a.email}
    events = case.events.count()

    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME) is None
    )

    case.refresh_from_db()
    assert (case.status, case.lead_basis) == (CaseStatus.HANDLING, LeadBasis.AGREED)
    assert case.events.count() == events
    assert not proposal.responses.filter(kind=ResponseKind.SILENCE).exists()
    assert Notification.objects.filter(subject__startswith=LEAD_SUBJECT).count() == 1


@pytest.mark.parametrize("kind", [ResponseKind.OBJECT, ResponseKind.COUNTER])
def test_a_standing_objection_goes_to_the_overleg_as_soon_as_everyone_answered(
    world, frozen_friday, kind
):
    case = noise_case()
    proposal = open_proposal(case)
    respond(world.agent_a, proposal, kind, reason="Jongeren op straat", counter_lead=world.welzijn)
    respond(world.wijkmanager_a, proposal, ResponseKind.AGREE)
    respond(world.opbouwwerker_a, proposal, ResponseKind.AGREE)
    assert not notified("Te bespreken in het wijkteamoverleg")

    respond(world.consulent_a, proposal, ResponseKind.AGREE)

    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.status, case.lead, proposal.status, proposal.resolved_at) == (
        CaseStatus.ESCALATED,
        None,
        ProposalStatus.ESCALATED,
        FRIDAY_AFTERNOON,
    )
    assert case.events.get(kind=CaseEventKind.ESCALATED).text == (
        "Alle partners hebben gereageerd. Bezwaar of tegenvoorstel van Politie Test: "
        "te bespreken in het wijkteamoverleg."
    )
    assert notified("Te bespreken in het wijkteamoverleg") == {world.wijkmanager_a.email}
    assert not notified(LEAD_SUBJECT)
    # Nobody can still change the answer: the chair decides now. The deadline adds nothing.
    with pytest.raises(DomainError, match="niet meer gereageerd"):
        respond(world.agent_a, proposal, ResponseKind.AGREE)
    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME) is None
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED
    assert case.events.filter(kind=CaseEventKind.ESCALATED).count() == 1
    assert Notification.objects.filter(subject__startswith="Te bespreken").count() == 1


def test_while_one_partner_has_not_answered_the_proposal_keeps_waiting(world, frozen_friday):
    case = noise_case()
    proposal = open_proposal(case)
    respond(world.agent_a, proposal, ResponseKind.OBJECT, reason="Eerst de gemeente")
    respond(world.wijkmanager_a, proposal, ResponseKind.AGREE)
    respond(world.consulent_a, proposal, ResponseKind.AGREE)  # Welzijn has not answered

    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.status, proposal.status) == (CaseStatus.CONSULTATION, ProposalStatus.OPEN)
    assert not notified("Te bespreken in het wijkteamoverleg")

    # At the deadline Welzijn's silence counts as consent; the objection still stands.
    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME)
        == "escalated"
    )
    silent = proposal.responses.get(kind=ResponseKind.SILENCE)
    assert silent.organisation == world.welzijn
    assert "niet opgelost binnen de termijn" in case.events.get(kind=CaseEventKind.ESCALATED).text


def test_an_objection_changed_to_akkoord_before_the_deadline_lets_the_proposal_pass(
    world, frozen_friday
):
    case = noise_case()
    proposal = open_proposal(case)
    respond(world.agent_a, proposal, ResponseKind.OBJECT, reason="Even checken")
    respond(world.wijkmanager_a, proposal, ResponseKind.AGREE)

    frozen_friday.shift(timedelta(hours=1))
    respond(world.agent_a, proposal, ResponseKind.AGREE)

    assert (
        proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME)
        == "agreed"
    )
    case.refresh_from_db()
    assert (case.status, case.lead, case.lead_basis) == (
        CaseStatus.HANDLING,
        world.corporatie,
        LeadBasis.SILENCE,
    )


def test_the_chair_records_the_meetings_decision_with_its_reasoning(world, frozen_friday):
    case = noise_case()
    proposal = open_proposal(case)
    respond(world.wijkmanager_a, proposal, ResponseKind.OBJECT, reason="Eerst de gemeente")
    proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=MONDAY_SAME_TIME)

    case_decide(
        actor=world.wijkmanager_a,
        case=case,
        lead=world.welzijn,
        involved=[world.politie],
        reasoning="Het gaat om een groep jongeren; Welzijn kent ze.",
    )

    case.refresh_from_db()
    proposal.refresh_from_db()
    assert (case.lead, case.lead_basis, case.status) == (
        world.welzijn,
        LeadBasis.MEETING,
        CaseStatus.HANDLING,
    )
    assert list(case.involved.all()) == [world.politie]
    assert proposal.status == ProposalStatus.DECIDED
    decided = case.events.get(kind=CaseEventKind.DECIDED)
    assert decided.actor == world.wijkmanager_a
    assert "Onderbouwing: Het gaat om een groep jongeren; Welzijn kent ze." in decided.text
    assert notified(LEAD_SUBJECT) == {world.opbouwwerker_a.email}
    assert notified("U bent betrokken") == {world.agent_a.email}


def test_the_meeting_decision_needs_reasoning_and_a_partner_of_the_team(world):
    case = noise_case()
    outsider = make_organisation("Elders", OrganisationKind.ZORG)

    with pytest.raises(DomainError) as error:
        case_decide(actor=world.wijkmanager_a, case=case, lead=world.welzijn, reasoning=" ")
    assert error.value.field == "reasoning"
    with pytest.raises(DomainError, match="partner van dit wijkteam"):
        case_decide(actor=world.wijkmanager_a, case=case, lead=outsider, reasoning="Zo")

    case.refresh_from_db()
    assert (case.status, case.lead) == (CaseStatus.CONSULTATION, None)


# --- urgent and confidential ----------------------------------------------------------------


def test_acute_danger_goes_to_the_police_at_once_and_the_others_are_informed(world, time_machine):
    moment = local(2026, 3, 14, 22, 15)  # a Saturday night: urgency knows no working days
    time_machine.move_to(moment, tick=False)

    case = case_of(intake("acuut-dreiging"))

    assert (case.lead, case.lead_basis, case.status, case.is_urgent) == (
        world.politie,
        LeadBasis.URGENT,
        CaseStatus.HANDLING,
        True,
    )
    proposal = Proposal.objects.get(case=case)
    assert (proposal.mode, proposal.status, proposal.deadline) == (
        ProposalMode.INFORM,
        ProposalStatus.OPEN,
        moment + timedelta(hours=2),
    )
    assert set(proposal.respondents.all()) == {world.gemeente, world.corporatie, world.welzijn}
    assert notified(LEAD_SUBJECT) == {world.agent_a.email}
    assert notified("Spoed, ter informatie") == {
        world.wijkmanager_a.email,
        world.consulent_a.email,
        world.opbouwwerker_a.email,
    }


def test_informed_partners_may_only_take_note_or_add_a_remark(world, time_machine):
    time_machine.move_to(local(2026, 3, 11, 10, 0), tick=False)
    proposal = Proposal.objects.get(case=case_of(intake("acuut-geweld")))

    with pytest.raises(DomainError, match="Kies een reactie"):
        respond(world.consulent_a, proposal, ResponseKind.AGREE)
    with pytest.raises(DomainError, match="Kies een reactie"):
        respond(world.consulent_a, proposal, ResponseKind.OBJECT, reason="Nee")
    with pytest.raises(DomainError) as error:
        respond(world.wijkmanager_a, proposal, ResponseKind.REMARK)
    assert error.value.field == "reason"
    with pytest.raises(DomainError, match="niet gevraagd"):
        respond(world.agent_a, proposal, ResponseKind.NOTED)  # the police lead already
    respond(world.opbouwwerker_a, proposal, ResponseKind.NOTED)
    respond(world.wijkmanager_a, proposal, ResponseKind.REMARK, reason="Camera staat daar")

    outcome = proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=local(2026, 3, 11, 12, 0)
    )

    assert outcome == "informed"
    kinds = dict(proposal.responses.values_list("organisation", "kind"))
    assert kinds == {
        world.welzijn.pk: ResponseKind.NOTED,
        world.gemeente.pk: ResponseKind.REMARK,
        world.corporatie.pk: ResponseKind.NOTED,
    }
    case = proposal.case
    case.refresh_from_db()
    assert (case.lead, case.lead_basis) == (world.politie, LeadBasis.URGENT)


def test_a_signal_marked_urgent_also_goes_straight_to_the_police(world):
    case = noise_case(is_urgent=True)

    assert (case.lead, case.lead_basis) == (world.politie, LeadBasis.URGENT)
    assert Proposal.objects.get(case=case).mode == ProposalMode.INFORM


def test_an_urgent_signal_joining_a_case_in_consultation_hands_it_to_the_police(world):
    case = noise_case(location=address("3999AA", 4))
    consultation = open_proposal(case)

    # Urgent, of the case's own sensitivity: it joins (an acute category would open a case of
    # its own, test_grouping).
    intake("overlast-burenruzie", location=address("3999AA", 4), is_urgent=True)

    case.refresh_from_db()
    consultation.refresh_from_db()
    assert (case.is_urgent, case.lead, case.lead_basis) == (True, world.politie, LeadBasis.URGENT)
    assert consultation.status == ProposalStatus.WITHDRAWN
    assert open_proposal(case).mode == ProposalMode.INFORM


def test_arrears_are_led_by_their_source_and_never_put_to_the_team(world):
    signal = intake(
        "financieel-huurachterstand",
        channel=Channel.ARREARS_FORM,
        receiving_organisation=world.corporatie,
        location=address("3999AA", 8),
    )
    case = case_of(signal)

    assert (case.lead, case.lead_basis, case.status) == (
        world.corporatie,
        LeadBasis.CONFIDENTIAL,
        CaseStatus.HANDLING,
    )
    assert not Proposal.objects.filter(case=case).exists()
    assert not Notification.objects.exists()


def arrears_case(world, **extra):
    return case_of(
        intake(
            "financieel-huurachterstand",
            channel=Channel.ARREARS_FORM,
            receiving_organisation=world.corporatie,
            location=address("3999AA", 8),
            **extra,
        )
    )


def test_a_confidential_case_is_never_marked_urgent_so_the_police_never_lead_it(world):
    case = arrears_case(world)

    with pytest.raises(DomainError, match="vertrouwelijke casus gaat niet met spoed"):
        triage_urgent(actor=world.consulent_a, case=case)

    case.refresh_from_db()
    assert (case.is_urgent, case.lead, case.lead_basis) == (
        False,
        world.corporatie,
        LeadBasis.CONFIDENTIAL,
    )
    assert not Signal.objects.filter(shared_with=world.politie).exists()


def test_an_urgent_signal_joining_a_confidential_case_leaves_it_with_its_source(world):
    case = arrears_case(world)

    joined = intake(
        "financieel-huurachterstand",
        receiving_organisation=world.corporatie,
        location=address("3999AA", 8),
        is_urgent=True,
    )

    assert case_of(joined) == case
    case.refresh_from_db()
    assert (case.lead, case.lead_basis) == (world.corporatie, LeadBasis.CONFIDENTIAL)
    assert not Signal.objects.filter(shared_with=world.politie).exists()


def test_only_team_members_respond_for_their_organisation(world):
    outsider = make_user("agent.elders@politie.test", world.politie, full_name="Elders Agent")
    proposal = open_proposal(case_of(intake()))
    with pytest.raises(DomainError, match="Alleen leden van het wijkteam"):
        proposal_respond(actor=outsider, proposal=proposal, kind=ResponseKind.AGREE)
    assert not proposal.responses.exists()
