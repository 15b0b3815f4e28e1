"""The demo's copy the browser tests work in (tests/demo_copy.py) gives what loading gives."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import demo_copy
from tests.cases.support import intake, place
from wijkteam.partners.models import User
from wijkteam.signals.models import Signal


@pytest.mark.django_db(transaction=True)
def test_the_demo_put_back_is_the_demo_loaded_and_works_on(client, monkeypatch):
    monkeypatch.setattr(demo_copy, "_kept", {})
    demo_copy.load_demo()  # loaded by its command, and copied
    loaded = demo_copy.take()
    assert len(loaded[Signal._meta.db_table]) > 0
    references = set(Signal.objects.values_list("reference", flat=True))
    somewhere = Signal.objects.exclude(latitude=None).first()
    at = place(float(somewhere.latitude), float(somewhere.longitude))

    # A test works in it and leaves something behind; the next one gets the demo as loaded.
    intake(location=at, description="Achtergelaten")
    demo_copy.load_demo()
    assert demo_copy.take() == loaded
    assert not Signal.objects.filter(description="Achtergelaten").exists()

    # It works on: a new report gets a number of its own, the audit trail still verifies,
    # and a demo account logs in and opens its team page.
    new = intake(location=at)
    assert new.reference not in references
    verified = StringIO()
    call_command("audit_verify", stdout=verified, stderr=StringIO())
    assert "Audittrail in orde" in verified.getvalue()
    client.force_login(User.objects.get(email="wijkagent.zuidoost@politie.example"))
    response = client.get(reverse("teams:detail", args=["WK034502"]))
    assert response.status_code == 200
    assert "Engelenburg" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_copy_for_other_settings_or_too_old_is_loaded_again(monkeypatch, settings):
    monkeypatch.setattr(demo_copy, "_kept", {})
    loads = []
    real = demo_copy.call_command
    monkeypatch.setattr(
        demo_copy, "call_command", lambda *a, **k: (loads.append(a), real(*a, **k))[1]
    )
    demo_copy.load_demo()
    demo_copy.load_demo()
    assert len(loads) == 1
    settings.SITE_URL = "https://wijkteam.example"
    demo_copy.load_demo()
    assert len(loads) == 2
    monkeypatch.setattr(demo_copy, "KEPT_FOR", 0)
    demo_copy.load_demo()
    assert len(loads) == 3
