"""The demo shows passing rent arrears on to debt help: one Veenvesters signal in Zuidoost is
ready to pass on, another still misses steps."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from wijkteam.partners.models import User
from wijkteam.signals.models import DebtHelpReferral, Signal

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("demo_data", "--quiet-accounts", verbosity=0)


def test_one_demo_arrears_signal_can_be_passed_on_to_debt_help_the_other_not_yet(client, settings):
    settings.WIJKTEAM_DEMO_HISTORY_PER_TEAM = 0
    load()
    ready, waiting = (
        Signal.objects.get(external_reference=key) for key in ("DEMO-HA-1", "DEMO-HA-2")
    )
    for signal in (ready, waiting):
        assert signal.receiving_organisation.name == "Veenvesters"
        assert signal.district.code == "WK034502"
    assert ready.arrears.all_steps_recorded
    assert not waiting.arrears.all_steps_recorded

    client.force_login(User.objects.get(email="huuradministratie@veenvesters.example"))
    waiting_page = client.get(reverse("signals:detail", args=[waiting.reference])).content.decode()
    assert "Eerst vastleggen: schriftelijke aanmaning; gegevens aangeboden, geen bezwaar" in (
        waiting_page
    )
    url = reverse("signals:debt_help_refer", args=[ready.reference])
    assert url in client.get(reverse("signals:detail", args=[ready.reference])).content.decode()
    confirmation = client.get(url)
    assert "Gemeente Veenendaal" in confirmation.content.decode()
    client.post(url, {"gegevens": confirmation.context["plan"].fingerprint})

    referral = DebtHelpReferral.objects.get()
    assert (referral.tenant_name, referral.team.district.code) == ("M. de Groot", "WK034502")
    client.force_login(User.objects.get(email="schuldhulp@gemeente.example"))
    assert "M. de Groot" in client.get(reverse("signals:debt_help")).content.decode()

    load()  # loading again adds nothing
    assert Signal.objects.filter(external_reference__startswith="DEMO-HA-").count() == 2
