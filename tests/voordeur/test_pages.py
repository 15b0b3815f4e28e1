"""The residents' start page, the search without and with JavaScript, choosing a result, and
the anonymous count of searches."""

import pytest
from django.urls import reverse

from wijkteam.signals.models import Category
from wijkteam.voordeur.models import CategoryWords, Door, SearchEvent

SEARCH = reverse("voordeur:search")
RESULTS = reverse("voordeur:results")


def test_the_root_is_the_residents_start_page_for_anyone_not_logged_in(client, world):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Waarmee kunnen wij u helpen?" in page
    assert 'action="/zoeken/"' in page and 'name="q"' in page
    # The most asked categories as large buttons, each opening the form with it chosen.
    assert 'href="/melden/?categorie=overlast-geluid"' in page
    assert "Volg uw melding" in page
    assert f'href="{reverse("login")}">Inloggen voor medewerkers' in page
    assert "Bij spoed: bel 112." in page


def test_logged_in_staff_keep_landing_where_their_work_is(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == reverse("teams:detail", args=["WK099901"])


def test_the_start_page_shows_the_buttons_admins_chose_in_their_order(client, world):
    CategoryWords.objects.update(start_page_position=None)
    words = CategoryWords.objects.get(category__slug="overlast-dieren")
    words.start_page_position = 1
    words.save()

    page = client.get("/").content.decode()

    assert page.count('class="voordeur-button"') == 1
    assert "/melden/?categorie=overlast-dieren" in page


def test_the_start_page_costs_a_few_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200


def test_the_search_works_without_javascript_and_is_counted_without_who(client, world, settings):
    response = client.get(SEARCH, {"q": "de buren maken elke nacht herrie"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="de buren maken elke nacht herrie"' in page
    first = page.index("voordeur-answer")
    assert "Geluidsoverlast (harde muziek, feesten, lawaai)" in page[first : first + 600]
    event = SearchEvent.objects.get()
    assert (event.words, event.suggested, event.chosen) == (
        "de buren maken elke nacht herrie",
        "overlast-geluid",
        "",
    )
    # Nothing of who: no address, session or time of day.
    assert {f.name for f in SearchEvent._meta.get_fields()} == {
        "id",
        "words",
        "suggested",
        "chosen",
        "day",
    }
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # no session is started


def test_numbers_and_email_addresses_are_not_counted(client, world):
    client.get(SEARCH, {"q": "herrie op nummer 12, bel 0612345678 of mail jan@example.org"})

    assert SearchEvent.objects.get().words == "herrie op nummer bel of mail"


def test_choosing_a_category_opens_the_report_form_with_it_chosen(client, world):
    page = client.get(SEARCH, {"q": "de buren maken elke nacht herrie"}).content.decode()
    link = page.split('<a href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")

    response = client.get(link)

    assert response.status_code == 302
    assert response.url == "/melden/?categorie=overlast-geluid"
    assert SearchEvent.objects.get().chosen == "overlast-geluid"  # the same search, not a new one
    noise = Category.objects.get(slug="overlast-geluid").pk
    form = client.get(response.url).content.decode()
    assert f'value="{noise}" id="category-{noise}" checked' in form


def test_the_results_as_the_resident_types_are_only_the_results_and_not_counted(client, world):
    response = client.get(RESULTS, {"q": "lekkage badkamer"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Reparatieverzoek bij uw woningcorporatie" in page
    assert not SearchEvent.objects.exists()


def test_a_choice_after_typing_is_counted_as_its_own_search(client, world):
    response = client.get(
        reverse("voordeur:choose"),
        {"q": "lekkage badkamer", "naar": "reparatie-corporatie", "b": "reparatie-corporatie"},
    )

    assert response.url == reverse("voordeur:door", args=["reparatie-corporatie"])
    event = SearchEvent.objects.get()
    assert (event.words, event.chosen) == ("lekkage badkamer", "reparatie-corporatie")


def test_acute_words_put_112_on_top_with_its_number(client, world):
    page = client.get(RESULTS, {"q": "er staat iemand met een mes voor de deur"}).content.decode()

    first = page.index('<li class="voordeur-answer')
    assert "voordeur-answer--emergency" in page[first : first + 120]
    assert 'href="tel:112"' in page


def test_no_good_match_offers_the_report_form_and_a_phone_number(client, world, settings):
    settings.WIJKTEAM_MUNICIPALITY_PHONE = "14 0999"

    page = client.get(SEARCH, {"q": "xyzzy plugh"}).content.decode()

    assert "We weten nog niet precies waar uw vraag bij hoort" in page
    assert 'href="/melden/"' in page
    assert "14 0999" in page
    assert SearchEvent.objects.get().suggested == ""


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000, "<script>alert(1)</script>", "ééé"])
def test_odd_searches_are_answered_calmly(client, world, query):
    for url in (SEARCH, RESULTS):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("target", ["", "bestaat-niet", "financieel-huurachterstand"])
def test_choosing_something_that_is_no_result_goes_back_to_the_search(client, world, target):
    response = client.get(reverse("voordeur:choose"), {"q": "herrie", "naar": target, "s": "x"})

    assert response.url == SEARCH
    assert not SearchEvent.objects.exists()


def test_a_door_page_says_what_to_do_there(client, world):
    page = client.get(reverse("voordeur:door", args=["veilig-thuis"])).content.decode()

    assert "0800-2000" in page
    assert 'href="https://www.veiligthuis.nl"' in page
    Door.objects.filter(slug="veilig-thuis").update(is_active=False)
    assert client.get(reverse("voordeur:door", args=["veilig-thuis"])).status_code == 404


def test_the_search_pages_cost_a_few_queries(client, world, django_assert_max_num_queries):
    client.get(RESULTS, {"q": "herrie"})  # the index is built once per process
    with django_assert_max_num_queries(4):
        client.get(SEARCH, {"q": "de buren maken elke nacht herrie en er ligt troep"})
    with django_assert_max_num_queries(3):
        client.get(RESULTS, {"q": "de buren maken elke nacht herrie en er ligt troep"})


def test_the_report_form_has_the_search_box_at_the_top(client, world):
    page = client.get(reverse("portal:report")).content.decode()

    assert page.index("data-voordeur-search") < page.index('name="description"')
    assert "voordeur/search.js" in page


def test_a_new_keyword_from_beheer_is_found_at_once(client, world):
    words = CategoryWords.objects.get(category__slug="overlast-dieren")
    client.get(RESULTS, {"q": "alpaca"})  # the index of before

    words.keywords += "\nalpaca"
    words.save()

    assert "Overlast van dieren" in client.get(RESULTS, {"q": "alpaca"}).content.decode()


def test_an_inactive_category_is_no_answer(client, world):
    category = Category.objects.get(slug="overlast-geluid")
    category.is_active = False
    category.save()

    page = client.get(RESULTS, {"q": "de buren maken elke nacht herrie"}).content.decode()

    assert "Geluidsoverlast" not in page
