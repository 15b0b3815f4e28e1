"""Closing a case and hearing back from the resident: the outcome with a previewed message,
the email and the tracking page, satisfaction, reopening and closing."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, case_of, fan_out, local, open_proposal
from tests.factories import add_member
from wijkteam.cases.closure.feedback import feedback_answer, feedback_give
from wijkteam.cases.closure.outcome import (
    case_close,
    case_reopen,
    case_resolve,
    cases_close_resolved,
)
from wijkteam.cases.handling import case_action_create
from wijkteam.cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ClosureTemplate,
    Feedback,
    FollowUp,
    Outcome,
)
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.core.errors import DomainError
from wijkteam.core.workdays import is_working_day
from wijkteam.intake.services import signal_intake
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import TeamFunction
from wijkteam.signals.models import Category, Channel, PublicStatus, Reporter
from wijkteam.signals.resident_access import REPORTER_LINK_SALT, reporter_link_value
from wijkteam.signals.services import ReporterInput

MESSAGE = "Wij hebben met de bewoners gesproken over {onderwerp}. Melding {melding} is opgelost."


def reported(*, email: str = "", anonymous: bool = False, number: int = 1):
    """A resident's noise report with a tracking token, at a shared address."""
    created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description="Elke nacht harde muziek",
        location=address(number=number),
        reporter=ReporterInput(name="" if anonymous else "Rik Melder", email=email)
        if not anonymous
        else ReporterInput(is_anonymous=True),
    )
    return created.signal, created.tracking_token


def lead_agreed(case):
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    return case


@pytest.fixture
def handled(world):
    """A noise case led by the corporation with two reports: one with an email address and one
    anonymous."""
    first, first_token = reported(email="rik@example.test")
    case = lead_agreed(case_of(first))
    second, second_token = reported(anonymous=True)
    assert case_of(second) == case
    return case, first_token, second_token


def test_the_reporters_see_the_case_being_worked(world, handled):
    case, token, _ = handled
    signal = Reporter.objects.get(email="rik@example.test").signal
    signal.refresh_from_db()
    assert signal.status == PublicStatus.IN_PROGRESS
    assert signal.events.filter(
        public_text="Uw melding is in behandeling bij Woonstichting Test."
    ).exists()
    # The second report joined a case already being worked: it says so at once.
    joined = case.links.exclude(signal=signal).get().signal
    assert joined.status == PublicStatus.IN_PROGRESS


def test_closing_shows_the_message_first_then_sends_it_by_email_and_on_the_tracking_page(
    client, world, handled, django_capture_on_commit_callbacks, run_worker
):
    case, token, anonymous_token = handled
    client.force_login(world.consulent_a)
    url = reverse("cases:resolve", args=[case.reference])

    page = client.get(url).content.decode()
    template = ClosureTemplate.objects.get(outcome=Outcome.SOLVED).text
    assert template.split("{onderwerp}")[0] in page
    assert "2 meldingen" in page and "1 melder krijgt het ook per e-mail" in page

    preview = client.post(url, {"outcome": "solved", "message": MESSAGE, "preview": "1"})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert 'id="preview"' in body
    first = case.links.order_by("added_at", "id").first().signal
    assert f"Melding {first.reference} is opgelost." in body  # filled in for one reporter
    assert "gesproken over geluidsoverlast" in body.lower()
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING  # nothing sent before the preview is confirmed
    assert not OutgoingEmail.objects.filter(topic=case.reference).exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"outcome": "solved", "message": MESSAGE, "send": "1"})
    assert sent.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.resolution_round) == (
        CaseStatus.RESOLVED,
        Outcome.SOLVED,
        1,
    )
    email = OutgoingEmail.objects.get(topic=case.reference)
    assert (email.to, email.topic) == ("rik@example.test", case.reference)
    mail.outbox.clear()
    run_worker()
    # Rik gets the closure email (and, written after commit, the receipt of the report).
    [message] = [m for m in mail.outbox if m.to == ["rik@example.test"] and m.alternatives]
    assert "is opgelost" in message.body and "/melden/volgen/e/" in message.body
    html = message.alternatives[0][0]
    assert "Geef uw mening" in html and "is opgelost" in html

    detail = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "1 verzonden, 0 in de wachtrij" in detail.split('id="deliveries"')[1]

    for reporter_token in (token, anonymous_token):
        tracking = client.get(reverse("portal:track", args=[reporter_token])).content.decode()
        assert "is opgelost." in tracking
        assert "Afgehandeld" in tracking
        assert "Bent u tevreden over de afhandeling?" in tracking


def test_the_outcome_and_the_message_are_required_and_nothing_changes_without_them(
    client, world, handled
):
    case, *_ = handled
    client.force_login(world.consulent_a)
    url = reverse("cases:resolve", args=[case.reference])
    response = client.post(url, {"outcome": "", "message": "  ", "send": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies de uitkomst." in body and "Schrijf het bericht voor de melder." in body
    response = client.post(url, {"outcome": "opgelost-ish", "message": "Klaar", "send": "1"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    assert not OutgoingEmail.objects.filter(topic=case.reference).exists()


def test_only_the_lead_or_the_chair_closes_a_case(client, world, handled):
    case, *_ = handled
    url = reverse("cases:resolve", args=[case.reference])
    client.force_login(world.agent_a)
    assert client.get(url).status_code == 403
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    client.force_login(world.reader)
    assert client.get(url).status_code == 403
    client.force_login(world.wijkmanager_b)
    assert client.get(url).status_code == 404
    client.force_login(world.wijkmanager_a)
    assert client.get(url).status_code == 200


def test_a_case_still_in_consultation_cannot_be_closed(world):
    signal, _ = reported(email="a@example.test")
    with pytest.raises(DomainError, match="niet behandeld"):
        case_resolve(actor=world.wijkmanager_a, case=case_of(signal), outcome="solved", message="x")


def test_a_reporter_who_is_not_satisfied_reaches_the_lead_who_reopens(client, world, handled):
    case, token, _ = handled
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=MESSAGE)
    tracking = reverse("portal:track", args=[token])

    refused = client.post(tracking, {"satisfied": "", "comment": ""})
    assert refused.status_code == 400
    assert "Kies ja of nee." in refused.content.decode()
    assert (
        client.post(tracking, {"satisfied": "no", "comment": "Nog steeds herrie"}).status_code
        == 302
    )
    feedback = Feedback.objects.get()
    assert (feedback.satisfied, feedback.round, feedback.outcome) == (False, 1, Outcome.SOLVED)
    page = client.get(tracking).content.decode()
    assert "U liet weten dat u niet tevreden bent." in page
    assert "Bent u tevreden" not in page
    # A second answer in the same round does not count.
    client.post(tracking, {"satisfied": "yes"})
    assert Feedback.objects.count() == 1

    fan_out()
    notification = Notification.objects.get(
        user=world.consulent_a, subject__contains="niet tevreden"
    )
    assert case.reference in notification.subject and "niet tevreden" in notification.subject
    assert not Notification.objects.filter(
        user=world.agent_a, subject__contains="niet tevreden"
    ).exists()

    client.force_login(world.consulent_a)
    mine = client.get(reverse("cases:my_work")).content.decode()
    assert case.reference in mine.split('id="unhappy"')[1]
    detail = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Nog steeds herrie" in detail.split('id="feedback"')[1]

    reopen = reverse("cases:reopen", args=[case.reference])
    assert client.post(reopen, {"reopen-reason": " "}).status_code == 400
    assert (
        client.post(reopen, {"reopen-reason": "Melder hoort het nog elke nacht"}).status_code == 302
    )
    case.refresh_from_db()
    feedback.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert feedback.follow_up == FollowUp.REOPENED
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEventKind.REOPENED, text__contains="elke nacht"
    ).exists()
    assert (
        case.reference not in client.get(reverse("cases:my_work")).content.decode().split("<h2")[1]
    )
    page = client.get(tracking).content.decode()
    assert "Uw melding wordt opnieuw bekeken." in page and "In behandeling" in page

    # Handled again: the reporter may give their opinion on the new round.
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Nu echt.")
    assert "Bent u tevreden" in client.get(tracking).content.decode()
    client.post(tracking, {"satisfied": "yes"})
    assert Feedback.objects.filter(round=2, satisfied=True).count() == 1
    # The wijk's figure: answers counted, nothing personal.
    team = client.get(reverse("cases:team", args=["WK099901"])).content.decode()
    assert "laatste 12 maanden: 1 van 2 tevreden." in team


def test_the_lead_may_answer_a_reporter_instead_of_reopening(
    client, world, handled, django_capture_on_commit_callbacks
):
    case, token, _ = handled
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.NOT_OURS, message="Nee.")
    reporter = Reporter.objects.get(email="rik@example.test")
    feedback = feedback_give(actor=SYSTEM, reporter=reporter, satisfied=False, comment="Jammer")
    OutgoingEmail.objects.all().delete()

    client.force_login(world.agent_a)
    url = reverse("cases:feedback_answer", args=[case.reference, feedback.pk])
    assert client.post(url, {f"answer{feedback.pk}-message": "x"}).status_code == 403
    client.force_login(world.consulent_a)
    assert client.post(url, {f"answer{feedback.pk}-message": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {f"answer{feedback.pk}-message": "Voor geluid van de snelweg kunt u bij RWS terecht."},
        )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.follow_up == FollowUp.ANSWERED
    answer = OutgoingEmail.objects.get(topic=case.reference)
    assert answer.to == "rik@example.test"
    assert "snelweg" in answer.body_text
    assert "Bent u tevreden" not in answer.body_text  # they answered already
    tracking = client.get(reverse("portal:track", args=[token])).content.decode()
    assert "snelweg" in tracking
    with pytest.raises(DomainError):
        feedback_answer(actor=world.consulent_a, feedback=feedback, message="Nog eens")


def test_the_staff_read_the_message_filled_in_never_its_placeholders(client, world, handled):
    case, *_ = handled
    first, second = (link.signal for link in case.links.order_by("added_at", "id"))
    template = ClosureTemplate.objects.get(outcome=Outcome.SOLVED).text
    assert "{onderwerp}" in template
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=template)
    reporter = Reporter.objects.get(email="rik@example.test")
    feedback = feedback_give(actor=SYSTEM, reporter=reporter, satisfied=False, comment="Jammer")
    feedback_answer(
        actor=world.consulent_a, feedback=feedback, message="Over {onderwerp} ({melding}): zo."
    )

    case.refresh_from_db()
    assert "{" not in case.reporter_message
    assert "uw melding over geluidsoverlast" in case.reporter_message.lower()
    client.force_login(world.consulent_a)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "{onderwerp}" not in page and "{melding}" not in page
    closure, timeline = page.split('id="closure"')[1], page.split('id="timeline"')[1]
    assert "uw melding over geluidsoverlast" in closure.lower()
    assert "Bericht aan de melders: Het wijkteam heeft uw melding over geluidsoverlast" in timeline
    # The answer went to one reporter: the timeline quotes it as that reporter read it.
    assert f"Antwoord aan de melder: Over geluidsoverlast ({first.reference}): zo." in timeline
    assert second.reference not in case.events.get(kind=CaseEventKind.ANSWERED).text


def test_messages_stored_with_their_placeholders_are_filled_in_by_the_migration(world, handled):
    from importlib import import_module

    from django.apps import apps

    case, *_ = handled
    first, second = (link.signal for link in case.links.order_by("added_at", "id"))
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Klaar.")
    raw = "Uw melding {melding} over {onderwerp} is opgelost."
    type(case).objects.filter(pk=case.pk).update(reporter_message=raw)
    CaseEvent.objects.filter(case=case, kind=CaseEventKind.RESOLVED).update(text=f"Bericht: {raw}")
    untouched = CaseEvent.objects.filter(case=case, kind=CaseEventKind.OPENED).first()
    CaseEvent.objects.filter(pk=untouched.pk).update(text="Iemand typte {onderwerp} zelf")

    migration = import_module("wijkteam.cases.migrations.0006_fill_reporter_message_placeholders")
    migration.fill_stored_placeholders(apps, None)

    case.refresh_from_db()
    filled = f"Uw melding {first.reference}, {second.reference} over geluidsoverlast is opgelost."
    assert case.reporter_message == filled
    assert case.events.get(kind=CaseEventKind.RESOLVED).text == f"Bericht: {filled}"
    untouched.refresh_from_db()
    assert untouched.text == "Iemand typte {onderwerp} zelf"  # not a message to a reporter


def test_a_satisfied_reporter_tells_nobody_and_the_case_closes_after_the_waiting_time(
    world, handled, settings
):
    case, _, _ = handled
    with time_machine.travel(local(2026, 11, 2, 10), tick=False):
        case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Klaar.")
        feedback_give(
            actor=SYSTEM, reporter=Reporter.objects.get(email="rik@example.test"), satisfied=True
        )
    assert not Notification.objects.filter(subject__contains="niet tevreden").exists()
    assert cases_close_resolved(actor=SYSTEM, now=local(2026, 11, 15, 10)) == 0
    assert cases_close_resolved(actor=SYSTEM, now=local(2026, 11, 16, 10, 1)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.CLOSED).exists()


def test_a_case_with_an_unanswered_no_stays_open_for_the_lead(world, handled):
    case, _, _ = handled
    with time_machine.travel(local(2026, 11, 2, 10), tick=False):
        case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Klaar.")
        feedback_give(
            actor=SYSTEM, reporter=Reporter.objects.get(email="rik@example.test"), satisfied=False
        )
    assert cases_close_resolved(actor=SYSTEM, now=local(2026, 12, 20, 10)) == 0


def test_the_lead_closes_and_reopens_by_hand(client, world, handled):
    case, *_ = handled
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.REFERRED, message="Door.")
    client.force_login(world.agent_a)
    assert client.post(reverse("cases:close", args=[case.reference])).status_code == 403
    client.force_login(world.consulent_a)
    assert client.post(reverse("cases:close", args=[case.reference])).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    with pytest.raises(DomainError):
        case_close(actor=world.consulent_a, case=case)
    with pytest.raises(DomainError, match="reden"):
        case_reopen(actor=world.consulent_a, case=case, reason="")
    before = case.due_at
    # Reopened two weeks later on a working day, so the new target lies after the first one
    # whatever day of the week the test runs on.
    day = timezone.localdate() + timedelta(days=14)
    while not is_working_day(day):
        day += timedelta(days=1)
    with time_machine.travel(local(day.year, day.month, day.day, 10), tick=False):
        case_reopen(actor=world.consulent_a, case=case, reason="Nieuwe klacht van de buren")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.closed_at is None
    assert case.due_at > before  # a new response target from reopening


def test_the_link_in_the_email_opens_the_tracking_page_and_cannot_be_forged(client, world, handled):
    case, *_ = handled
    reporter = Reporter.objects.get(email="rik@example.test")
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Klaar.")
    value = reporter_link_value(reporter)
    page = client.get(reverse("portal:track_link", args=[value]))
    assert page.status_code == 200 and "Bent u tevreden" in page.content.decode()
    assert client.get(reverse("portal:track_link", args=[value[:-2] + "xx"])).status_code == 404
    other = Reporter.objects.exclude(pk=reporter.pk).get()
    # Signed correctly but for another reporter than the token it claims: refused.
    swapped = signing.dumps([other.pk, reporter.tracking_token_hash[:16]], salt=REPORTER_LINK_SALT)
    assert client.get(reverse("portal:track_link", args=[swapped])).status_code == 404
    # The same data signed for another purpose: refused.
    forged = signing.dumps([reporter.pk, reporter.tracking_token_hash[:16]], salt="other")
    assert client.get(reverse("portal:track_link", args=[forged])).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        assert client.get(reverse("portal:track_link", args=[value])).status_code == 404


def test_functional_admins_keep_the_message_templates(client, world, handled):
    case, *_ = handled
    template = ClosureTemplate.objects.get(outcome=Outcome.NO_ACTION)
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:cases_closuretemplate_change", args=[template.pk]),
        {"text": "Helaas kunnen wij niets doen aan {onderwerp}."},
    )
    assert response.status_code == 302
    client.force_login(world.consulent_a)
    page = client.get(reverse("cases:resolve", args=[case.reference]), {"uitkomst": "no_action"})
    assert "Helaas kunnen wij niets doen aan {onderwerp}." in page.content.decode()
    client.force_login(world.wijkmanager_a)
    response = client.get(reverse("admin:cases_closuretemplate_changelist"))
    assert response.status_code == 302  # no admin for this role


def test_satisfaction_is_only_asked_once_the_case_is_handled(client, world, handled):
    _, token, _ = handled
    tracking = reverse("portal:track", args=[token])
    assert "Bent u tevreden" not in client.get(tracking).content.decode()
    assert client.post(tracking, {"satisfied": "no"}).status_code == 302
    assert not Feedback.objects.exists()


def test_my_work_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    for number in range(2, 8):
        signal, _ = reported(email=f"buur{number}@example.test", number=number)
        case = lead_agreed(case_of(signal))
        case_action_create(
            actor=world.consulent_a,
            case=case,
            description=f"Gesprek {number}",
            owner_organisation=world.corporatie,
            owner_user=world.consulent_a,
            due_date=timezone.localdate() + timedelta(days=number),
        )
        if number % 2:
            case_resolve(actor=world.consulent_a, case=case, outcome="solved", message="Klaar.")
            feedback_give(
                actor=SYSTEM, reporter=signal.reporters.get(), satisfied=False, comment="Nee"
            )
    client.force_login(world.consulent_a)
    page = reverse("cases:my_work")
    client.get(page)
    with django_assert_max_num_queries(14):
        body = client.get(page).content.decode()
    assert body.split('id="unhappy"')[1].split("</section>")[0].count("/casussen/Z-") == 3
    assert body.count("Gesprek ") == 6
