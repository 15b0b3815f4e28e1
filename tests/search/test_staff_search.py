"""The staff search finds cases and signals by number, address, name, email address and words,
on SQLite and PostgreSQL alike, and a hit counts only on a field the user may see: a name
finds a signal only for its receiving organisation, a word or an address only for whoever sees
the details, and nothing ever tells that a case exists with a reporter of that name."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import case_of, intake, place
from wijkteam.cases.models import Case
from wijkteam.intake.services import signal_intake, signal_relocated
from wijkteam.search.access import ROWS, search_for_user
from wijkteam.search.indexes import sqlite_index_ensure
from wijkteam.search.models import Street
from wijkteam.signals.models import Category, Channel, Signal
from wijkteam.signals.services import ArrearsInput, ReporterInput

URL = "/intern/zoeken/"


@dataclass
class Found:
    world: object
    noise: Signal  # team level, received by the corporation, Kerkewijk 12
    drugs: Signal  # case partners only, received by the police, Dorpsstraat 5

    @property
    def noise_case(self) -> Case:
        return case_of(self.noise)

    @property
    def drugs_case(self) -> Case:
        return case_of(self.drugs)


@pytest.fixture
def found(world) -> Found:
    noise = intake(
        "overlast-geluid",
        description="Harde muziek en fietsen in het portiek, elke nacht.",
        location=place(street="Kerkewijk", house_number=12, postcode="3901AB"),
        receiving_organisation=world.corporatie,
        reporter=ReporterInput(name="Jan Janssen", email="jan.janssen@example.org"),
    )
    drugs = intake(
        "onveiligheid-drugs",
        description="Vermoeden van een hennepkwekerij op zolder.",
        location=place(lat=52.006, street="Dorpsstraat", house_number=5, postcode="3901CD"),
        receiving_organisation=world.politie,
        reporter=ReporterInput(name="Petra de Vries", email="petra@example.org"),
    )
    return Found(world, noise, drugs)


def signals(user, query: str) -> set[str]:
    return {signal.reference for signal, _access in search_for_user(user, query).signals}


def cases(user, query: str) -> set[str]:
    return {case.reference for case, _access in search_for_user(user, query).cases}


@pytest.mark.django_db
def test_a_reference_is_found_however_it_is_typed(found):
    consulent = found.world.consulent_a
    year, number = found.noise.reference.split("-")[1:]

    for typed in (found.noise.reference, f"m {year} {int(number)}", f"M{year}{number}"):
        assert signals(consulent, typed) == {found.noise.reference}, typed
        assert cases(consulent, typed) == set()
    assert cases(consulent, found.noise_case.reference.lower()) == {found.noise_case.reference}


@pytest.mark.django_db
def test_a_number_alone_finds_the_signal_and_the_case_of_recent_years(found):
    consulent = found.world.consulent_a
    signal_number = found.noise.reference.rsplit("-", 1)[1]
    case_number = found.noise_case.reference.rsplit("-", 1)[1]

    assert found.noise.reference in signals(consulent, str(int(signal_number)))
    assert found.noise_case.reference in cases(consulent, case_number)
    assert search_for_user(consulent, "999999").found is False


@pytest.mark.django_db
def test_a_reference_finds_only_what_the_user_may_know_exists(found):
    other_wijk = found.world.wijkmanager_b

    assert signals(other_wijk, found.noise.reference) == set()
    assert cases(other_wijk, found.noise_case.reference) == set()


@pytest.mark.django_db
def test_a_name_with_a_typing_mistake_finds_the_signal_for_its_receiver_only(found):
    world = found.world

    assert signals(world.consulent_a, "Jansen") == {found.noise.reference}
    assert signals(world.consulent_a, "jan janssen") == {found.noise.reference}
    # The police see the noise signal's details (a team signal), not who reported it; and a
    # case never matches on a reporter: searching the name tells them nothing.
    assert search_for_user(world.agent_a, "Jansen").found is False
    assert search_for_user(world.agent_a, "Petra de Vries").signals[0][0] == found.drugs
    assert search_for_user(world.consulent_a, "Petra de Vries").found is False


@pytest.mark.django_db
def test_an_email_address_finds_the_signal_for_its_receiver_only(found):
    world = found.world

    assert signals(world.consulent_a, "JAN.JANSSEN@example.org") == {found.noise.reference}
    assert search_for_user(world.agent_a, "jan.janssen@example.org").found is False
    assert search_for_user(world.consulent_a, "jan@example.org").found is False


@pytest.mark.django_db
def test_an_arrears_tenant_is_found_by_the_corporation_only(world):
    arrears = signal_intake(
        actor=world.rent_admin,
        channel=Channel.ARREARS_FORM,
        category=Category.objects.get(slug="financieel-huurachterstand"),
        description="",
        location=place(postcode="3999AA", house_number=7),
        receiving_organisation=world.corporatie,
        external_reference="HA-7",
        is_tenant=True,
        arrears=ArrearsInput(
            tenant_name="Tessa van Huurderen",
            amount=Decimal("812.40"),
            months=3,
            signal_date=date(2026, 11, 1),
        ),
    ).signal

    assert signals(world.rent_admin, "Tesa van Huurderen") == {arrears.reference}
    assert signals(world.consulent_a, "Huurderen") == {arrears.reference}
    for outside in (world.agent_a, world.wijkmanager_a, world.wijkmanager_b):
        assert search_for_user(outside, "Tessa van Huurderen").found is False


@pytest.mark.django_db
def test_words_are_found_by_their_stem_by_whoever_sees_the_description(found):
    world = found.world

    # "fiets" finds "fietsen"; the police see a team signal's details.
    assert signals(world.agent_a, "fiets portiek") == {found.noise.reference}
    assert signals(world.agent_a, "hennepkwekerij") == {found.drugs.reference}
    # The corporation knows the drugs signal exists, but not what it says.
    assert signals(world.consulent_a, "hennepkwekerij") == set()
    assert signals(world.wijkmanager_b, "fietsen") == set()


@pytest.mark.django_db
def test_an_address_finds_signals_and_cases_for_whoever_sees_the_details(found):
    world = found.world
    expected_signal = {found.noise.reference}
    expected_case = {found.noise_case.reference}

    for typed in ("Kerkwijk 12", "kerkewijk 12", "3901 ab 12", "3901AB"):
        assert signals(world.consulent_a, typed) == expected_signal, typed
        assert cases(world.consulent_a, typed) == expected_case, typed
    assert search_for_user(world.consulent_a, "Kerkewijk 13").found is False
    # The drugs case and signal are for the police, who received it, only.
    assert search_for_user(world.consulent_a, "Dorpsstraat 5").found is False
    assert cases(world.agent_a, "Dorpstraat 5") == {found.drugs_case.reference}
    assert search_for_user(world.wijkmanager_b, "Kerkewijk 12").found is False


@pytest.mark.django_db
def test_a_changed_description_is_found_by_its_new_words_only(found):
    Signal.objects.filter(pk=found.noise.pk).update(description="Een kapotte lantaarnpaal.")

    assert signals(found.world.agent_a, "lantaarnpaal") == {found.noise.reference}
    assert signals(found.world.agent_a, "portiek") == set()
    Signal.objects.filter(pk=found.noise.pk).delete()
    assert signals(found.world.agent_a, "lantaarnpaal") == set()


@pytest.mark.django_db
def test_a_signal_moved_to_another_wijk_is_found_there_and_no_longer_here(found):
    world = found.world
    assert signals(world.agent_a, "portiek") == {found.noise.reference}

    signal_relocated(
        actor=world.consulent_a,
        signal=found.noise,
        location=place(lat=52.005, lon=5.605, street="Kerkewijk", house_number=12),
    )

    assert signals(world.wijkmanager_b, "portiek") == {found.noise.reference}
    assert signals(world.wijkmanager_b, "Kerkwijk 12") == {found.noise.reference}
    for left_behind in (world.agent_a, world.consulent_a):
        assert signals(left_behind, "portiek") == set()
        assert signals(left_behind, "Janssen") == set()


@pytest.mark.django_db
def test_what_is_typed_never_breaks_the_search(found):
    consulent = found.world.consulent_a
    for typed in (
        "",
        "   ",
        '"',
        "fiets*",
        "NEAR(a b)",
        "a OR b AND",
        "description:fiets",
        "%_\\",
        "'); DROP TABLE signals_signal; --",
        "x" * 1000,
        "M-2026-",
        "9999 ZZ 99999",
        "ab",
        "ñandú über",
    ):
        search_for_user(consulent, typed)
    assert Signal.objects.filter(pk=found.noise.pk).exists()


@pytest.mark.django_db
def test_the_page_shows_the_hits_with_only_what_the_user_may_see(client, found):
    client.force_login(found.world.consulent_a)

    page = client.get(URL, {"q": "Dorpsstraat"})
    assert page.status_code == 200
    assert "Niets gevonden voor" in page.content.decode()

    page = client.get(URL, {"q": "Jansen"}).content.decode()
    assert found.noise.reference in page
    assert "Harde muziek" in page  # the corporation received it: its details show
    assert "Jan Janssen" not in page  # a list shows no reporter

    page = client.get(URL, {"q": found.drugs.reference}).content.decode()
    assert found.drugs.reference in page
    assert "hennepkwekerij" not in page and "Dorpsstraat" not in page
    assert "Alleen voor betrokken partners" in page


@pytest.mark.django_db
def test_the_page_for_a_long_query_searches_its_beginning_and_says_so(client, found):
    client.force_login(found.world.agent_a)

    page = client.get(URL, {"q": "hennepkwekerij " + "x" * 300}).content.decode()

    assert "langer dan 200 tekens" in page


@pytest.mark.django_db
def test_every_staff_page_has_the_search_box_and_only_staff_may_search(client, world):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(world.consulent_a)

    home = client.get(reverse("cases:my_work")).content.decode()
    assert f'action="{URL}"' in home
    assert "Typ wat u zoekt" in client.get(URL).content.decode()


@pytest.mark.django_db
def test_the_search_runs_a_fixed_number_of_queries(found, django_assert_max_num_queries):
    for number in range(ROWS + 5):
        intake(
            "overlast-geluid",
            description=f"Fietsen in de gang, keer {number}.",
            location=place(street="Kerkewijk", house_number=100 + number, postcode="3901AB"),
            receiving_organisation=found.world.corporatie,
        )

    # The user's teams and the street names like the query; for signals a name and a tenant
    # (one query each), words in three steps (whole words in the last weeks, as the start of
    # words in the last weeks, in the older records) and a street in two (the last weeks,
    # the older records); for cases words and a street alike; the rows of signals and of
    # cases, and the involved partners. PostgreSQL: the similarity setting; SQLite: the
    # candidates of the name and the tenant.
    most = 2 + (2 + 3 + 2) + (3 + 2) + 3 + (1 if connection.vendor == "postgresql" else 2)
    with django_assert_max_num_queries(most):
        results = search_for_user(found.world.consulent_a, "fietsen")

    assert len(results.signals) == ROWS and results.more_signals


@pytest.mark.django_db
def test_a_word_is_found_however_long_ago_and_the_newest_come_first(found):
    def reported(description: str, days_ago: int) -> str:
        signal = intake(
            "overlast-geluid",
            description=description,
            location=place(street="Kerkewijk", house_number=1, postcode="3901AB"),
            receiving_organisation=found.world.corporatie,
        )
        moment = timezone.now() - timedelta(days=days_ago)
        Signal.objects.filter(pk=signal.pk).update(created_at=moment)
        return signal.reference

    newest_first = [reported(f"Scootmobiel in de gang ({n})", days_ago=n) for n in range(ROWS)]
    reported("Scootmobiel in de gang (oud)", days_ago=60)
    this_year = reported("Een waterschade in de kelder", days_ago=200)
    long_ago = reported("Een wespennest onder de dakgoot", days_ago=900)
    user = found.world.consulent_a

    # More than a page in the last two months: the newest page, and "more".
    results = search_for_user(user, "scootmobiel")
    assert [signal.reference for signal, _ in results.signals] == newest_first
    assert results.more_signals
    # A word only in an older signal: found in the wider windows.
    assert signals(user, "waterschade") == {this_year}
    assert signals(user, "wespennest") == {long_ago}


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.django_db
def test_on_sqlite_a_table_made_anew_gets_its_triggers_and_index_back(found):
    """SQLite changes a table's columns by making it anew, which drops its triggers: after the
    migration, what changed meanwhile is indexed again and the triggers keep it from then on."""
    with connection.cursor() as cursor:
        for trigger in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER search_signal_words_{trigger}")
    Signal.objects.filter(pk=found.noise.pk).update(description="Een kapotte lantaarnpaal.")
    assert signals(found.world.agent_a, "lantaarnpaal") == set()  # the index fell behind

    sqlite_index_ensure(connection)

    assert signals(found.world.agent_a, "lantaarnpaal") == {found.noise.reference}
    Signal.objects.filter(pk=found.noise.pk).update(description="Stank uit de kelder.")
    assert signals(found.world.agent_a, "kelder") == {found.noise.reference}


@pytest.mark.django_db
def test_whole_words_come_first_and_the_start_of_a_word_finds_the_rest(found):
    def reported(description: str) -> str:
        return intake(
            "overlast-geluid",
            description=description,
            location=place(street="Kerkewijk", house_number=3, postcode="3901AB"),
            receiving_organisation=found.world.corporatie,
        ).reference

    whole = [reported(f"Een scootmobiel in de gang ({n})") for n in range(ROWS + 1)]
    longer = reported("De scootmobielstalling staat vol")  # the newest
    user = found.world.consulent_a

    # More than a page with the whole word: those, the newest first; the longer word waits.
    results = search_for_user(user, "scootmobiel")
    assert [signal.reference for signal, _ in results.signals] == whole[::-1][:ROWS]
    assert results.more_signals
    # The start of a word finds the words it starts.
    assert signals(user, "scootmobielstal") == {longer}
    assert longer in signals(user, "scootmob")


@pytest.mark.django_db
def test_a_street_named_as_it_is_finds_that_street_and_a_part_of_a_name_finds_them_all(found):
    def on(street: str) -> str:
        return intake(
            "overlast-geluid",
            location=place(street=street, house_number=1, postcode="3901AB"),
            receiving_organisation=found.world.corporatie,
        ).reference

    weg, plein, kade = on("Stationsweg"), on("Stationsplein"), on("Stationskade")
    long_ago = timezone.now() - timedelta(days=400)
    Signal.objects.filter(reference=kade).update(created_at=long_ago)
    user = found.world.consulent_a

    assert signals(user, "stationsweg") == {weg}
    assert plein in signals(user, "Stationsplien")  # a typing mistake: the likest streets
    assert signals(user, "Stations") == {weg, plein, kade}  # the older records too
    assert signals(user, "Stationskade") == {kade}
    assert cases(user, "Stationsweg") == {case_of(Signal.objects.get(reference=weg)).reference}


@pytest.mark.django_db
def test_the_street_names_are_kept_by_the_database_as_records_come_and_change(found):
    """The search looks up a typed street among the street names (search.Street), which
    triggers on signals and cases keep: a new street is found at once, on both databases."""
    assert set(Street.objects.values_list("name", flat=True)) >= {"Kerkewijk", "Dorpsstraat"}

    signal_relocated(
        actor=found.world.consulent_a,
        signal=found.noise,
        location=place(street="Zandvoortlaan", house_number=12),
    )
    assert Street.objects.filter(name="Zandvoortlaan").exists()
    assert signals(found.world.consulent_a, "Zandvoortlaan 12") == {found.noise.reference}
    Case.objects.filter(pk=found.drugs_case.pk).update(street="Grote Markt")
    assert Street.objects.filter(name="Grote Markt").exists()
    assert not Street.objects.filter(name="").exists()

    # A street name stays when its records go (it is a public name, and found nothing then).
    Signal.objects.filter(pk=found.noise.pk).delete()
    assert Street.objects.filter(name="Zandvoortlaan").exists()
    assert search_for_user(found.world.consulent_a, "Zandvoortlaan").found is False


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.django_db
def test_on_sqlite_a_table_made_anew_gets_its_street_triggers_back(found):
    with connection.cursor() as cursor:
        for trigger in ("insert", "update"):
            cursor.execute(f"DROP TRIGGER search_street_signal_{trigger}")
    Signal.objects.filter(pk=found.noise.pk).update(street="Molenstraat")
    assert not Street.objects.filter(name="Molenstraat").exists()  # fell behind

    sqlite_index_ensure(connection)

    assert Street.objects.filter(name="Molenstraat").exists()
    Signal.objects.filter(pk=found.noise.pk).update(street="Veenderweg")
    assert Street.objects.filter(name="Veenderweg").exists()


@pytest.mark.django_db
def test_what_one_kind_of_match_found_leaves_room_for_newer_finds_of_another(found):
    """A name fills a page reaching back two months: a word found only in the older records
    (six weeks ago) still takes its place on the page by its date, and one older than the page
    does not."""

    def reported(days_ago: int, **extra) -> str:
        signal = intake(
            "overlast-geluid",
            location=place(street="Kerkewijk", house_number=5, postcode="3901AB"),
            receiving_organisation=found.world.corporatie,
            **extra,
        )
        moment = timezone.now() - timedelta(days=days_ago)
        Signal.objects.filter(pk=signal.pk).update(created_at=moment)
        return signal.reference

    by_name = [
        reported(60 + n, reporter=ReporterInput(name="Piet Mulder", email=""))
        for n in range(ROWS + 1)
    ]
    by_word = reported(45, description="Buurman Mulder belde over de kelder.")
    too_old = reported(200, description="Mulder belde eerder al.")

    results = search_for_user(found.world.consulent_a, "Mulder")

    shown = [signal.reference for signal, _ in results.signals]
    assert shown == [by_word, *by_name[: ROWS - 1]]
    assert too_old not in shown and results.more_signals
