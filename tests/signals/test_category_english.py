"""The English version of a category, kept by functional admins in Beheer next to the Dutch,
and the seed's English texts."""

from django.urls import reverse

from tests.privacy.test_category_retention import _category_form
from wijkteam.access.models import AuditEntry
from wijkteam.signals.category_seed import seed_english
from wijkteam.signals.models import Category


def test_every_seed_category_has_an_english_name_and_name_for_residents(db):
    missing = Category.objects.filter(name_en="") | Category.objects.filter(public_name_en="")

    assert not missing.exists()
    acute = Category.objects.get(slug="acuut")
    assert acute.help_text_en == "In an emergency: call 112. Do not use this form for emergencies."
    # A subcategory takes its main category's lead note, as in Dutch.
    assert Category.objects.get(slug="overlast-geluid").lead_note_en.startswith("The corporation")


def test_the_admin_edits_the_english_next_to_the_dutch_and_it_is_audited(client, world):
    category = Category.objects.get(slug="overlast-geluid")
    client.force_login(world.admin)
    url = reverse("admin:signals_category_change", args=[category.pk])
    page = client.get(url).content.decode()
    assert 'name="name_en"' in page and 'name="public_name_en"' in page
    assert 'name="help_text_en"' in page and 'name="lead_note_en"' in page

    response = client.post(
        url,
        _category_form(
            category,
            name_en="Noise",
            public_name_en="Loud neighbours",
            help_text_en="Music, parties, shouting.",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.name, category.public_name_en) == ("Geluid", "Loud neighbours")
    entry = AuditEntry.objects.filter(object_type="signals.category", actor=world.admin).get()
    assert entry.changes["public_name_en"][1] == "Loud neighbours"

    client.logout()
    client.cookies["django_language"] = "en"
    assert "Loud neighbours" in client.get("/melden/").content.decode()


def test_an_emptied_english_name_falls_back_to_the_dutch_on_english_pages(client, world):
    category = Category.objects.get(slug="overlast-geluid")
    client.force_login(world.admin)
    url = reverse("admin:signals_category_change", args=[category.pk])

    response = client.post(url, _category_form(category, public_name_en=""))

    assert response.status_code == 302
    client.logout()
    client.cookies["django_language"] = "en"
    assert (
        "Geluidsoverlast (harde muziek, feesten, lawaai)" in client.get("/melden/").content.decode()
    )


def test_seeding_again_leaves_an_admins_english_and_renamed_categories_alone(db):
    Category.objects.filter(slug="overlast-geluid").update(name_en="Racket")
    Category.objects.filter(slug="overlast-dieren").update(name="Huisdieren", name_en="")

    seed_english(Category)

    assert Category.objects.get(slug="overlast-geluid").name_en == "Racket"
    # The Dutch is no longer the seed's: an old English name would not fit it.
    assert Category.objects.get(slug="overlast-dieren").name_en == ""
    Category.objects.filter(slug="overlast-stank-rook").update(name_en="")
    seed_english(Category)
    assert Category.objects.get(slug="overlast-stank-rook").name_en == "Smell or smoke"
