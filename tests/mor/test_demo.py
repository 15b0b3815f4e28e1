"""The demo shows an example MOR connection in Beheer and keeps working offline: the example
is switched off, so nothing is ever sent to its address (which does not exist)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.mor.conftest import agreed
from wijkteam.cases.models import Case
from wijkteam.mor.models import Forwarding, MorConnection
from wijkteam.mor.services import forwarding_open

pytestmark = pytest.mark.django_db


def test_the_demo_s_mor_connection_is_an_example_that_stays_off(run_worker):
    call_command("demo_data", stdout=StringIO())
    connection = MorConnection.objects.get()
    assert connection.organisation.name == "Gemeente Veenendaal"
    assert not connection.is_active
    assert connection.base_url.endswith(".example")
    assert sorted(connection.categories.values_list("category__slug", flat=True)) == [
        "vernieling-openbare-ruimte",
        "vervuiling-graffiti",
        "vervuiling-zwerfafval",
    ]
    # The demo's litter report gets the gemeente as its lead: it goes nowhere.
    case = agreed(Case.objects.get(category__slug="vervuiling-zwerfafval"))
    assert case.lead == connection.organisation
    run_worker()
    assert not Forwarding.objects.exists()
    # Only because the example is off: switched on, the case would be forwarded.
    MorConnection.objects.update(is_active=True)
    assert forwarding_open(case_id=case.pk) is not None

    call_command("demo_data", stdout=StringIO())  # loaded again: nothing changes
    assert MorConnection.objects.get().categories.count() == 3
