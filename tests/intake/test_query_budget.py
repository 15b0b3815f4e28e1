"""How many queries a report costs, per door and per path: a guard against the write path
growing again (every query is a round trip, most of them inside the intake's transaction).
Counted as in production: the tests commit (no test transaction around the request turns the
view's own transaction into a savepoint), and what runs after commit on the request counts
too."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_member, make_user
from tests.intake.test_intake_function import jpeg
from wijkteam.areas.names import area_name
from wijkteam.areas.resolve import resolve_point
from wijkteam.cases.models import Case, CaseCounter
from wijkteam.cases.suggestion import active_triage_rules
from wijkteam.core.numbering import next_numbers
from wijkteam.partners.models import Role, TeamFunction
from wijkteam.partners.team_partners import active_organisations, team_of_district
from wijkteam.signals.categories import door_categories
from wijkteam.signals.category_seed import seed_categories
from wijkteam.signals.models import Category, ReferenceCounter, Signal

# Upper bounds per path; lower them when the path gets cheaper, never raise them lightly.
BUDGET = {
    "resident, new case": 20,
    # A join shares only the new signal with the case's lead and involved partners (the
    # others are shared already): none of the case's other signals is read.
    "resident, joins a case": 18,
    "resident, urgent": 20,
    # The staff's and field forms' key: one row more (intake/form_keys.py); the resident's
    # key makes the tracking token, and costs nothing.
    "staff, new case": 19,
    "staff, joins a case": 17,
    "staff, urgent": 20,
    # Its photo is looked for first (a repeat must write no file): a query more.
    "field, new case": 20,
    "field, joins a case": 18,  # its one follow-up row: the marks for the wijk's picture
}
POINT = {"latitude": "52.005", "longitude": "5.515"}


def _key(page: str, name: str = "intake_key") -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def _resident_form(client, slug: str, **changes) -> dict:
    page = client.get("/melden/").content.decode()
    return {
        "upload_key": _key(page, "upload_key"),
        "intake_key": _key(page),
        "category": Category.objects.get(slug=slug).pk,
        "description": "Er ligt veel afval naast de container.",
        "contact": "contact",
        "name": "Bea Bewoner",
        "email": "bea@example.test",
        "is_tenant": "unknown",
        "website": "",
        "confirmed_new": "1",
        **POINT,
        **changes,
    }


def _staff_form(client, world, slug: str, **changes) -> dict:
    """The form as a page shows it, with its own key."""
    return {
        "intake_key": _key(client.get(reverse("intake:new")).content.decode()),
        "channel": "phone",
        "receiving_organisation": world.gemeente.pk,
        "category": Category.objects.get(slug=slug).pk,
        "description": "Buren melden het aan de telefoon.",
        "reporter_name": "Piet Beller",
        "reporter_email": "piet@example.test",
        **POINT,
        **changes,
    }


def _measure(django_assert_max_num_queries, path: str, send) -> int:
    """Send one report within the path's budget; returns how many cases it opened."""
    cases = Case.objects.count()
    with django_assert_max_num_queries(BUDGET[path]):
        response = send()
    assert response.status_code == 302, path
    assert Signal.objects.count() >= 1
    return Case.objects.count() - cases


def test_resident_reports(client, world, django_assert_max_num_queries):
    first = _resident_form(client, "vervuiling-zwerfafval")
    opened = _measure(
        django_assert_max_num_queries,
        "resident, new case",
        lambda: client.post("/melden/", first),
    )
    second = _resident_form(client, "vervuiling-zwerfafval")
    joined = _measure(
        django_assert_max_num_queries,
        "resident, joins a case",
        lambda: client.post("/melden/", second),
    )
    threat = _resident_form(client, "acuut-dreiging", latitude="52.006")
    urgent = _measure(
        django_assert_max_num_queries,
        "resident, urgent",
        lambda: client.post("/melden/", threat),
    )

    assert (opened, joined, urgent) == (1, 0, 1)
    assert Case.objects.filter(is_urgent=True, lead=world.politie).exists()


def test_staff_reports(client, world, django_assert_max_num_queries):
    client.force_login(world.wijkmanager_a)
    client.get(reverse("intake:new"))  # the session is there, as for someone at work
    litter = _staff_form(client, world, "vervuiling-zwerfafval")
    more_litter = _staff_form(client, world, "vervuiling-zwerfafval")
    urgent_noise = _staff_form(client, world, "overlast-geluid", is_urgent="on", latitude="52.006")
    opened = _measure(
        django_assert_max_num_queries,
        "staff, new case",
        lambda: client.post(reverse("intake:new"), litter),
    )
    joined = _measure(
        django_assert_max_num_queries,
        "staff, joins a case",
        lambda: client.post(reverse("intake:new"), more_litter),
    )
    urgent = _measure(
        django_assert_max_num_queries,
        "staff, urgent",
        lambda: client.post(reverse("intake:new"), urgent_noise),
    )

    assert (opened, joined, urgent) == (1, 0, 1)
    assert Case.objects.filter(is_urgent=True, lead=world.politie).exists()


def test_field_reports(client, world, django_assert_max_num_queries):
    beheerder = make_user("beheerder@gemeente.test", world.gemeente, Role.WIJKBEHEERDER)
    add_member(world.team_a, beheerder, TeamFunction.WIJKBEHEERDER)
    client.force_login(beheerder)

    def data():
        return {
            "intake_key": _key(client.get(reverse("intake:field")).content.decode()),
            "category": Category.objects.get(slug="vervuiling-zwerfafval").pk,
            "photos": [jpeg()],
            **POINT,
        }

    first, second = data(), data()
    opened = _measure(
        django_assert_max_num_queries,
        "field, new case",
        lambda: client.post(reverse("intake:field"), first),
    )
    joined = _measure(
        django_assert_max_num_queries,
        "field, joins a case",
        lambda: client.post(reverse("intake:field"), second),
    )

    assert (opened, joined) == (1, 0)


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _all_doors_offline(pdok):
    pdok.down = True


@pytest.fixture(autouse=True)
def categories():
    """A test that really commits empties the tables afterwards, the seeded categories too."""
    seed_categories(Category)


@pytest.fixture(autouse=True)
def _warm(world, categories):
    """A running process has its reference data already: the point lookup's index, the areas'
    names, the categories of the doors, the teams with their partners, the triage agreements."""
    resolve_point(52.005, 5.515)
    area_name(neighbourhood_id=None, district_id=None)
    door_categories(for_residents=True)
    door_categories(for_residents=False)
    team_of_district(world.district_a.pk)
    active_organisations()
    active_triage_rules()
    # This year's numbers have been taken before.
    year = timezone.localdate().year
    next_numbers(ReferenceCounter, year, 1)
    next_numbers(CaseCounter, year, 1)
