"""Reference data kept per process (core/kept.py): read once, rebuilt after a change made
here at once, after one made by another process within REFERENCE_DATA_CHECK_SECONDS; a
report reads none of it."""

from uuid import uuid4

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_organisation
from wijkteam.cases.models import TriageRule
from wijkteam.cases.suggestion import TRIAGE_RULES, active_triage_rules
from wijkteam.core.kept import data_changed, data_version, kept
from wijkteam.core.models import DataVersion
from wijkteam.partners.models import OrganisationKind, TeamPartner
from wijkteam.partners.team_partners import PARTNERS, team_partner_of_kind, team_partners
from wijkteam.signals.categories import CATEGORIES, door_categories
from wijkteam.signals.models import Category


def test_kept_data_is_read_once_and_again_after_a_change(db):
    built = []

    def build():
        built.append(1)
        return len(built)

    assert kept("test", build) == 1
    with CaptureQueriesContext(connection) as queries:
        assert kept("test", build) == 1
    data_changed("test")

    assert kept("test", build) == 2
    assert len(queries) == 0


def test_a_change_by_another_process_is_seen_after_the_check_interval(db, settings, monkeypatch):
    settings.REFERENCE_DATA_CHECK_SECONDS = 10
    clock = [1000.0]
    monkeypatch.setattr("wijkteam.core.kept.monotonic", lambda: clock[0])
    data_changed("test")
    before = data_version("test")
    # Another process: the token changes in the database, not through this process.
    DataVersion.objects.filter(name="test").update(token=uuid4().hex)

    clock[0] += 9
    assert data_version("test") == before
    clock[0] += 2
    assert data_version("test") != before


def test_one_check_reads_every_kind(db, settings, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("wijkteam.core.kept.monotonic", lambda: clock[0])
    data_changed("one")
    data_changed("two")
    clock[0] += settings.REFERENCE_DATA_CHECK_SECONDS + 1

    with CaptureQueriesContext(connection) as queries:
        data_version("one")
        data_version("two")

    assert len(queries) == 1


def test_a_category_switched_off_leaves_the_doors_at_once(world):
    noise = Category.objects.get(slug="overlast-geluid")
    assert noise.pk in door_categories(for_residents=True)
    before = data_version(CATEGORIES)

    noise.is_active = False
    noise.save()

    assert data_version(CATEGORIES) != before
    assert noise.pk not in door_categories(for_residents=True)
    assert noise.pk not in door_categories(for_residents=False)


def test_a_partner_leaving_a_team_is_no_longer_its_partner(world):
    assert team_partner_of_kind(world.team_a.pk, OrganisationKind.POLITIE) == world.politie

    TeamPartner.objects.get(team=world.team_a, organisation=world.politie).delete()

    assert team_partner_of_kind(world.team_a.pk, OrganisationKind.POLITIE) is None
    assert data_version(PARTNERS)


def test_a_new_partner_and_a_renamed_one_are_seen_at_once(world):
    team_partners(world.team_a.pk)
    other = make_organisation("Buurtbemiddeling Testoord", OrganisationKind.WELZIJN)
    TeamPartner.objects.create(team=world.team_a, organisation=other)
    world.politie.name = "Politie Testoord-Oost"
    world.politie.save()

    partners = {p.organisation_id: p.organisation.name for p in team_partners(world.team_a.pk)}

    assert other.pk in partners
    assert partners[world.politie.pk] == "Politie Testoord-Oost"


def test_a_triage_agreement_counts_from_its_save(world):
    active_triage_rules()
    rule = TriageRule.objects.create(team=world.team_a, lead_kind=OrganisationKind.WELZIJN)

    assert rule in active_triage_rules()
    rule.is_active = False
    rule.save()
    assert rule not in active_triage_rules()
    assert data_version(TRIAGE_RULES)
