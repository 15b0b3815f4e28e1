"""Functional admins keep the team's triage agreements; the next proposal follows them."""

from django.urls import reverse

from tests.cases.support import address, case_of, intake, open_proposal
from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import TriageRule
from wijkteam.signals.models import Category


def rule_data(world, **changes):
    data = {
        "note": "Geluid in Appelhof: eerst Welzijn Test (overleg mei 2026)",
        "team": world.team_a.pk,
        "neighbourhood": world.buurt_a1.pk,
        "category": Category.objects.get(slug="overlast-geluid").pk,
        "tenant": "",
        "hour_from": "",
        "hour_to": "",
        "lead_kind": "welzijn",
        "involved_kinds": ["politie"],
        "is_active": "on",
    }
    return data | changes


def test_functional_admin_adds_a_rule_and_the_next_proposal_follows_it(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("admin:cases_triagerule_add"), rule_data(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = TriageRule.objects.get()
    assert rule.involved_kinds == ["politie"]
    assert AuditEntry.objects.filter(object_type="cases.triagerule", action="create").exists()

    proposal = open_proposal(case_of(intake("overlast-geluid", location=address())))
    assert proposal.lead == world.welzijn
    assert list(proposal.involved.all()) == [world.politie]
    assert any("Geluid in Appelhof" in reason for reason in proposal.reasons)


def test_a_rule_with_a_buurt_of_another_wijk_or_half_a_time_window_is_refused(client, world):
    client.force_login(world.admin)
    add = reverse("admin:cases_triagerule_add")
    response = client.post(add, rule_data(world, neighbourhood=world.buurt_b1.pk))
    assert response.status_code == 200
    assert "Kies een buurt in de wijk van het gekozen wijkteam." in response.content.decode()
    response = client.post(add, rule_data(world, hour_from="22"))
    assert "Vul beide uren in, of geen van beide." in response.content.decode()
    response = client.post(add, rule_data(world, hour_from="22", hour_to="24"))
    assert "Een uur van 0 tot en met 23." in response.content.decode()
    assert not TriageRule.objects.exists()


def test_only_functional_admins_edit_rules(client, world):
    client.force_login(world.wijkmanager_a)
    response = client.get(reverse("admin:cases_triagerule_changelist"))
    assert response.status_code == 302  # to the admin login: no admin for this role
