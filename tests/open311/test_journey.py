"""The whole journey of a report from an app: the app lists the services, posts a request with
the resident's email address, the wijkteam finds it in its inbox, the resident gets the
receipt with the tracking link, and the app follows its public status as the team works it."""

import json
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.cases.support import case_of, open_proposal
from tests.open311.conftest import BASE, IN_APPELHOF
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.models import Outcome
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Signal


def test_an_app_reports_for_a_resident_and_follows_it_to_the_end(
    world, app, django_capture_on_commit_callbacks, run_worker
):
    phone = Client()  # the app: no session, no cookies, only its key

    services = json.loads(phone.get(f"{BASE}/services.json").content)
    litter = next(
        s for s in services if s["group"] == "Vervuiling" and "Afval" in s["service_name"]
    )
    definition = json.loads(phone.get(f"{BASE}/services/{litter['service_code']}.json").content)
    assert [attribute["code"] for attribute in definition["attributes"]] == ["huurder", "tijdstip"]
    with django_capture_on_commit_callbacks(execute=True):
        posted = phone.post(
            f"{BASE}/requests.json",
            {
                "api_key": app.key,
                "jurisdiction_id": "veenendaal.nl",
                "service_code": litter["service_code"],
                **IN_APPELHOF,
                "address_string": "naast de glasbak",
                "description": "Zes vuilniszakken naast de container, al drie dagen.",
                "email": "sanne@example.test",
                "first_name": "Sanne",
                "last_name": "de Vries",
                "attribute[huurder]": "nee",
            },
        )
    assert posted.status_code == 201
    (taken,) = json.loads(posted.content)
    reference = taken["service_request_id"]

    # The wijkteam finds it in its inbox, as from the report form.
    member = Client()
    member.force_login(world.wijkmanager_a)
    inbox = member.get(reverse("signals:team", args=[world.district_a.code]))
    assert inbox.status_code == 200
    assert reference in inbox.content.decode()
    page = member.get(reverse("signals:detail", args=[reference])).content.decode()
    assert "Bewoner via een app (Open311)" in page
    assert "Zes vuilniszakken" in page

    # The resident's receipt, with the tracking link, goes out through the worker.
    run_worker()
    (receipt,) = [email for email in mail.outbox if email.to == ["sanne@example.test"]]
    assert reference in receipt.subject
    link = next(word for word in receipt.body.split() if "/melden/volgen/" in word)
    tracking = Client().get(urlsplit(link).path)
    assert tracking.status_code == 200
    assert "Zes vuilniszakken" in tracking.content.decode()

    def status() -> dict:
        return json.loads(phone.get(f"{BASE}/requests/{reference}.json").content)[0]

    assert (status()["status"], status()["status_notes"]) == ("open", "Ontvangen")

    # The team agrees who responds first (silence counts as consent) and handles it.
    case = case_of(Signal.objects.get(reference=reference))
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()
    working = status()
    assert (working["status"], working["status_notes"]) == ("open", "In behandeling")
    assert working["agency_responsible"] == case.lead.name
    case_resolve(
        actor=world.wijkmanager_a,
        case=case,
        outcome=Outcome.SOLVED,
        message="Opgeruimd, dank voor uw melding, mevrouw De Vries.",
    )
    done = status()
    assert (done["status"], done["status_notes"]) == ("closed", "Afgehandeld")
    # The lead's message was written for the reporter: the public never reads it.
    assert "De Vries" not in phone.get(f"{BASE}/requests/{reference}.json").content.decode()
    assert reference in [
        r["service_request_id"]
        for r in json.loads(phone.get(f"{BASE}/requests.json", {"status": "closed"}).content)
    ]
