"""The demo shows the whole triage: when the worker starts, silence turns into consent in one
case and a standing objection puts another on the wijkteamoverleg list."""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from wijkteam.cases.models import Case, CaseEventKind, CaseStatus, LeadBasis
from wijkteam.demo.stages import HANDLING_KEY
from wijkteam.signals.models import Signal

pytestmark = pytest.mark.django_db(transaction=True)


def stage_case(key: str) -> Case:
    return Case.objects.get(links__signal=Signal.objects.get(external_reference=key))


def test_the_worker_turns_the_demo_stages_into_consent_and_an_overleg_item(run_worker):
    call_command("demo_data", verbosity=0)
    assert stage_case("DEMO-TRIAGE-1").status == CaseStatus.CONSULTATION
    assert stage_case("DEMO-TRIAGE-2").status == CaseStatus.CONSULTATION

    run_worker()

    consent = stage_case("DEMO-TRIAGE-1")
    assert consent.status == CaseStatus.HANDLING
    assert consent.lead_basis == LeadBasis.SILENCE
    assert consent.events.filter(kind=CaseEventKind.SILENCE).exists()
    objection = stage_case("DEMO-TRIAGE-2")
    assert objection.status == CaseStatus.ESCALATED
    assert "Politie basisteam Heuvelrug" in objection.events.get(kind=CaseEventKind.ESCALATED).text

    call_command("demo_data", verbosity=0)  # loading again adds nothing
    assert Signal.objects.filter(external_reference__startswith="DEMO-TRIAGE").count() == 2


def test_the_demo_has_a_resident_report_being_worked_whose_page_is_printed_once(client):
    out = StringIO()
    call_command("demo_data", "--quiet-accounts", stdout=out)
    [link] = re.findall(r"http://\S+/melden/volgen/\S+/", out.getvalue())

    case = stage_case(HANDLING_KEY)
    assert (case.status, case.lead.name) == (CaseStatus.HANDLING, "Veenvesters")
    assert case.actions.filter(done_at__isnull=True).count() == 1
    assert case.notes.count() == 1
    page = client.get(urlsplit(link).path).content.decode()
    assert "Uw melding is in behandeling bij Veenvesters." in page

    again = StringIO()
    call_command("demo_data", "--quiet-accounts", stdout=again)
    assert "/melden/volgen/" not in again.getvalue()
