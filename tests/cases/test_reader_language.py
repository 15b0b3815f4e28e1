"""Case and signal timelines in the reader's language: lines are stored as messages and put
into words when read, so a staff member reading English sees English lines, a Dutch reader
Dutch ones, whoever wrote them in whichever language."""

import importlib
from datetime import date

from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from tests.cases.support import address, case_of, intake, local, open_proposal
from wijkteam.cases.handling import case_action_create, case_status_change
from wijkteam.cases.models import CaseEvent, CaseEventKind, CaseStatus
from wijkteam.cases.summary import case_remark
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import SignalEvent
from wijkteam.signals.services import ReporterInput


def noise(world):
    return intake(
        "overlast-geluid",
        location=address(street="Appellaan"),
        actor=world.consulent_a,
        receiving_organisation=world.corporatie,
        is_tenant=True,
        reporter=ReporterInput(name="Rianne Melder", email="rianne@example.org"),
    )


def page(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def timeline(html: str) -> str:
    return html.split('id="timeline"')[1]


def test_the_case_timeline_reads_in_english_for_an_english_reader_and_dutch_for_a_dutch_one(
    client, world
):
    signal = noise(world)
    case = case_of(signal)
    proposal = open_proposal(case)
    # The police answer while their staff member reads English.
    with translation.override("en"):
        proposal_respond(actor=world.agent_a, proposal=proposal, kind="agree")
    proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline)
    client.force_login(world.consulent_a)
    url = reverse("cases:detail", args=[case.reference])

    whole = page(client, url, "en")
    reasons = whole.split('class="reasons"')[1].split("</ul>")[0]
    assert "Default for &#x27;Noise&#x27;: Housing corporation. The corporation when" in reasons
    english = timeline(whole)
    assert f"Case opened with signal {signal.reference} (Noise)." in english
    assert "Default for &#x27;Noise&#x27;" in english  # the reasons in the proposal's line
    assert "Proposal: Woonstichting Test first responder" in english
    assert "Politie Test: Agree." in english
    assert "is first responder" in english
    assert "system" in english  # who wrote the lines without an account
    for dutch in ("Casus geopend", "Voorstel:", "eerste reactie", "systeem"):
        assert dutch not in english, dutch

    whole = page(client, url, "nl")
    assert "Standaard bij &#x27;Geluid&#x27;: Woningcorporatie." in whole
    dutch = timeline(whole)
    assert f"Casus geopend met melding {signal.reference} (Geluid)." in dutch
    assert "Politie Test: Akkoord." in dutch
    assert "Case opened" not in dutch


def test_dates_in_timeline_lines_follow_the_reader(client, world):
    case = case_of(noise(world))
    proposal = open_proposal(case)
    proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline)
    case_action_create(
        actor=world.consulent_a,
        case=case,
        description="Gesprek met de buren",
        owner_organisation=world.corporatie,
        due_date=date(2099, 12, 7),
    )
    case_status_change(
        actor=world.consulent_a, case=case, status=CaseStatus.WAITING, reason="Rapport politie"
    )
    client.force_login(world.consulent_a)
    url = reverse("cases:detail", args=[case.reference])

    english = timeline(page(client, url, "en"))
    assert "7 December 2099" in english
    assert "Status: Assigned → Waiting for others. Reason: Rapport politie" in english
    dutch = timeline(page(client, url, "nl"))
    assert "uiterlijk 7 december 2099." in dutch
    assert "Status: Toegewezen → Wacht op derden. Reden: Rapport politie" in dutch


def test_free_text_in_the_timeline_stays_as_written(client, world):
    case = case_of(noise(world))
    case_remark(actor=world.agent_a, case=case, text="Wij rijden vanavond langs")
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.REMARK)

    assert event.message is None
    with translation.override("en"):
        assert event.display_text == "Wij rijden vanavond langs"


def test_the_signal_history_reads_in_the_readers_language(client, world):
    signal = noise(world)
    client.force_login(world.consulent_a)
    url = reverse("signals:detail", args=[signal.reference])

    assert "Report received (Phone)." in page(client, url, "en")
    assert "Melding ontvangen (Telefoon)." in page(client, url, "nl")


def test_lines_are_stored_with_their_dutch_wording_for_retention_and_search(world):
    with translation.override("en"):
        signal = noise(world)

    event = SignalEvent.objects.get(signal=signal, kind="created")
    assert event.text == "Melding ontvangen (Telefoon)."
    assert event.public_text == "Uw melding is ontvangen. Het wijkteam bekijkt wie hem oppakt."
    opened = CaseEvent.objects.get(case=case_of(signal), kind=CaseEventKind.OPENED)
    assert opened.text.startswith("Casus geopend met melding")


def test_lines_written_before_become_messages_and_free_text_stays(world):
    case = case_of(noise(world))
    at = local(2026, 3, 2, 10, 0)
    old = [
        CaseEvent.objects.create(case=case, at=at, actor_label="systeem", kind=kind, text=text)
        for kind, text in (
            ("closed", "Casus gesloten."),
            ("status", "Status: Toegewezen → In behandeling. Reden: Buren gebeld"),
            ("action", "Afspraak: Gesprek – Veens, uiterlijk 07-12-2026."),
            ("remark", "Casus gesloten."),  # someone's own words, whatever they say
            ("resolved", "[verwijderd na de bewaartermijn]"),
        )
    ]
    signal_event = SignalEvent.objects.create(
        signal=case.links.get().signal,
        at=at,
        actor_label="systeem",
        kind="status",
        text="Status voor de melder: In behandeling.",
        public_text="Uw melding is in behandeling bij Woonstichting Test.",
    )
    signals_migration = importlib.import_module(
        "wijkteam.signals.migrations.0013_english_seed_and_event_messages"
    )
    cases_migration = importlib.import_module("wijkteam.cases.migrations.0008_timeline_messages")

    signals_migration.forwards(apps, None)
    cases_migration.forwards(apps, None)

    for event in old:
        event.refresh_from_db()
    signal_event.refresh_from_db()
    closed, status, action, remark, removed = old
    with translation.override("en"):
        assert closed.display_text == "Case closed."
        assert status.display_text == "Status: Assigned → In progress. Reason: Buren gebeld"
        assert "7 December 2026" in action.display_text
        assert remark.message is None and remark.display_text == "Casus gesloten."
        assert removed.display_text == "[deleted after the retention period]"
        assert signal_event.display_text == "Status for the reporter: In progress."
        assert (
            signal_event.display_public_text
            == "Your report is being handled by Woonstichting Test."
        )


EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
NL_DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NL_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def test_deadlines_in_lists_read_mon_7_dec_in_english_and_ma_7_dec_in_dutch(client, world):
    proposal = open_proposal(case_of(noise(world)))
    deadline = timezone.localtime(proposal.deadline)
    client.force_login(world.wijkmanager_a)
    url = reverse("cases:team_triage", args=[world.district_a.code])
    clock = f"{deadline:%H:%M}"

    english = page(client, url, "en")
    day, month = EN_DAYS[deadline.weekday()], EN_MONTHS[deadline.month - 1]
    assert f"{day} {deadline.day} {month}, {clock}" in english

    dutch = page(client, url, "nl")
    day, month = NL_DAYS[deadline.weekday()], NL_MONTHS[deadline.month - 1]
    assert f"{day} {deadline.day} {month}, {clock}" in dutch
