"""Beheer: the doors and the words per category, edited by functional admins (audited, and
the search follows at once), and the searches to improve."""

from django.urls import reverse

from wijkteam.access.models import AuditEntry
from wijkteam.voordeur.models import Door, SearchEvent


def test_a_functional_admin_adds_a_keyword_to_a_door_and_residents_find_it(client, world):
    client.force_login(world.admin)
    door = Door.objects.get(slug="veilig-thuis")
    url = reverse("admin:voordeur_door_change", args=[door.pk])
    assert client.get(url).status_code == 200
    assert "alpaca" not in client.get(reverse("voordeur:results"), {"q": "alpaca"}).content.decode()

    response = client.post(
        url,
        {
            "name": door.name,
            "name_en": door.name_en,
            "slug": door.slug,
            "advice": door.advice,
            "advice_en": door.advice_en,
            "phone": door.phone,
            "link": door.link,
            "keywords": door.keywords + "\nalpacamishandeling",
            "phrases": door.phrases,
            "sort_order": door.sort_order,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    page = client.get(reverse("voordeur:results"), {"q": "alpacamishandeling"}).content.decode()
    assert "Veilig Thuis" in page
    assert AuditEntry.objects.filter(object_type="voordeur.door", action="update").exists()


def test_a_doors_website_typed_without_https_is_kept_with_it(client, world):
    client.force_login(world.admin)
    door = Door.objects.get(slug="veilig-thuis")
    url = reverse("admin:voordeur_door_change", args=[door.pk])
    fields = {
        name: getattr(door, name)
        for name in ("name", "name_en", "slug", "advice", "advice_en", "phone", "keywords")
    }

    response = client.post(
        url,
        fields
        | {"link": "www.veiligthuis.nl", "phrases": door.phrases, "sort_order": door.sort_order},
    )

    assert response.status_code == 302
    door.refresh_from_db()
    assert door.link == "https://www.veiligthuis.nl"


def test_the_functional_admin_sees_the_searches_that_found_nothing_or_another_choice(
    client, world, django_assert_max_num_queries
):
    SearchEvent.objects.bulk_create(
        [
            SearchEvent(words="blorp", suggested=""),
            SearchEvent(words="blorp", suggested=""),
            SearchEvent(words="herrie", suggested="overlast-geluid", chosen="overlast-geluid"),
            SearchEvent(words="knallen", suggested="overlast-geluid", chosen="overlast-jongeren"),
        ]
    )
    client.force_login(world.admin)
    url = reverse("admin:voordeur_searchevent_changelist")

    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()

    assert "Zoekvragen van bewoners" in page
    assert "<td>blorp</td><td>2</td><td>2</td><td>0</td>" in page
    assert "<td>knallen</td><td>1</td><td>0</td><td>1</td><td>overlast-jongeren (1)</td>" in page
    assert "<td>herrie</td>" not in page  # found and chosen: nothing to improve


def test_staff_who_are_no_admins_do_not_reach_beheer(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.get(reverse("admin:voordeur_searchevent_changelist"))

    assert response.status_code == 302
