"""The retention settings per category: seeded values, the default period from the settings,
and functional admins changing them (audited)."""

from django.urls import reverse

from wijkteam.access.models import AuditEntry
from wijkteam.signals.models import Category, Sensitivity


def test_public_space_litter_keeps_its_free_text_and_people_categories_do_not(db):
    kept = set(Category.objects.filter(keep_free_text=True).values_list("slug", flat=True))

    assert kept == {"vervuiling-zwerfafval", "vervuiling-graffiti", "vernieling-openbare-ruimte"}
    assert not Category.objects.filter(retention_months__isnull=False).exists()


def test_a_category_without_its_own_period_follows_the_setting(db, settings):
    noise = Category.objects.get(slug="overlast-geluid")
    assert noise.retention_period == 12

    settings.WIJKTEAM_RETENTION_MONTHS = 24
    assert noise.retention_period == 24

    noise.retention_months = 6
    assert noise.retention_period == 6


def test_free_text_is_never_kept_in_a_category_only_its_partners_see(db):
    drugs = Category.objects.get(slug="onveiligheid-drugs")
    drugs.keep_free_text = True

    assert drugs.sensitivity == Sensitivity.CASE_PARTNERS
    assert not drugs.keeps_free_text
    assert Category.objects.get(slug="vervuiling-graffiti").keeps_free_text


def _category_form(category: Category, **changes) -> dict:
    data = {
        "parent": category.parent_id,
        "name": category.name,
        "slug": category.slug,
        "public_name": category.public_name,
        "help_text": category.help_text,
        "sort_order": category.sort_order,
        "is_active": "on",
        "default_lead_kind": category.default_lead_kind,
        "lead_kind_if_not_tenant": category.lead_kind_if_not_tenant,
        "lead_note": category.lead_note,
        "sensitivity": category.sensitivity,
        "residents_may_report": "on",
        "response_days": category.response_days,
        "retention_months": "",
    }
    data.update(changes)
    return data


def test_a_functional_admin_sets_the_period_and_free_text_and_it_is_audited(client, world):
    category = Category.objects.get(slug="vervuiling-portiek")
    client.force_login(world.admin)
    url = reverse("admin:signals_category_change", args=[category.pk])
    page = client.get(url).content.decode()
    assert "Bewaartermijn" in page and "Vrije tekst bewaren" in page
    assert "WIJKTEAM_RETENTION_MONTHS" in page  # the help text explains an empty period

    response = client.post(url, _category_form(category, retention_months="6", keep_free_text="on"))

    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.retention_months, category.keep_free_text) == (6, True)
    entry = AuditEntry.objects.get(object_type="signals.category", actor=world.admin)
    assert entry.changes["retention_months"] == [None, 6]
    assert entry.changes["keep_free_text"] == [False, True]


def test_a_period_of_zero_or_beyond_ten_years_is_refused(client, world):
    category = Category.objects.get(slug="vervuiling-portiek")
    client.force_login(world.admin)
    url = reverse("admin:signals_category_change", args=[category.pk])

    for months in ("0", "121"):
        response = client.post(url, _category_form(category, retention_months=months))
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    category.refresh_from_db()
    assert category.retention_months is None


def test_the_category_list_shows_the_default_period(client, world):
    client.force_login(world.admin)

    page = client.get(reverse("admin:signals_category_changelist")).content.decode()

    assert "12 (standaard)" in page
