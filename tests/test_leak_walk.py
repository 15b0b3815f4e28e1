"""The leak walk (tests/leakwalk/): sequences of legitimate actions, each followed by a crawl
of every page as everyone, must never bring a secret to someone outside its audience.

The world is built once for the module and each walk runs on it and is undone. A test below
reads what a walk saw: which marker reached whom, after which step, on which URL.
"""

import logging

import pytest
from django.db import transaction
from django.test import override_settings

from tests.leakwalk.audience import (
    CONFIDENTIAL_RECORD,
    OWN_ORGANISATION,
    PARTNERS_RECORD,
    REPORTER,
    TEAM_RECORD,
)
from tests.leakwalk.crawl import NOT_CRAWLED, crawled_keys
from tests.leakwalk.steps import AMOUNTS, SETUP
from tests.leakwalk.walk import Crawler, Outcome, run
from tests.leakwalk.walks import WALKS
from tests.leakwalk.world import build_walk_world
from tests.matrix.routes import every_route

SHOWN = 40  # sightings listed in a failure message


@pytest.fixture(scope="module")
def walked(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every walk, each from the same world and undone afterwards: per walk its world (with the
    walk's bookkeeping) and what it saw."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # the thousands of refusals are expected
    media = tmp_path_factory.mktemp("leakwalk-media")
    try:
        with (
            override_settings(MEDIA_ROOT=media),
            django_db_blocker.unblock(),
            transaction.atomic(),
        ):
            world = build_walk_world()
            run(world, SETUP, Outcome(), None)
            # The world as built is crawled once; every walk starts from that crawl. The
            # everyday walk ends with a crawl of everything as the roles not crawled each step.
            crawler, built = Crawler(world), Outcome()
            crawler.crawl("de wereld zoals hij gebouwd is", built, crawler.each_step())
            results = {"built": (world, built)}
            for name, steps in WALKS.items():
                with transaction.atomic():
                    walk_world = world.fresh()
                    outcome = Outcome()
                    walker = crawler.fork(walk_world, picture=name == "wijkbeeld")
                    run(walk_world, steps, outcome, walker, all_at_end=name == "everyday")
                    results[name] = (walk_world, outcome)
                    transaction.set_rollback(True)
            yield results
            transaction.set_rollback(True)
    finally:
        request_log.setLevel(level)


def everyday(walked) -> tuple[object, list]:
    """The everyday walk's world, and what the crawls saw from the world as built on."""
    world, outcome = walked["everyday"]
    return world, walked["built"][1].sightings + outcome.sightings


def described(sightings) -> str:
    lines = [str(sighting) for sighting in sightings[:SHOWN]]
    more = len(sightings) - SHOWN
    return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))


def test_every_page_of_the_route_list_is_crawled_or_left_out_with_a_reason():
    asked = set(crawled_keys()) | set(NOT_CRAWLED)
    routes = every_route()
    missing = sorted(key for key, route in routes.items() if route.get and key not in asked)
    assert not missing, f"Pages neither crawled nor left out with a reason: {missing}"
    stale = sorted(set(NOT_CRAWLED) - set(routes))
    assert not stale, f"Left out, but no such route: {stale}"
    assert all(len(reason) > 20 for reason in NOT_CRAWLED.values())


def test_every_marker_is_shown_to_someone_who_may_see_it(walked, db):
    """A marker nobody is ever shown proves nothing: each must be on some page of someone in
    its audience during the walk (an amount in one of its spellings)."""
    world, outcome = walked["everyday"]
    seen = outcome.seen | walked["built"][1].seen
    markers = set(world.state.secrets.by_marker())
    spellings = {spelling for amount in AMOUNTS for spelling in amount}
    missing = sorted(markers - spellings - seen)
    assert not missing, f"Never shown to anyone: {missing}"
    unseen = [amount for amount in AMOUNTS if not set(amount) & seen]
    assert not unseen, f"Amounts never shown in any spelling: {unseen}"


def test_no_marker_is_a_part_of_another(walked, db):
    """A marker inside another would be found where only the other is."""
    world, _outcome = walked["everyday"]
    markers = set(world.state.secrets.by_marker())
    inside = sorted((a, b) for a in markers for b in markers if a != b and a in b)
    assert not inside, inside


def test_no_page_answers_with_an_error_during_any_walk(walked, db):
    """(A step the application refuses stops the walk, unless the step may be refused.)"""
    for name, (_world, outcome) in walked.items():
        assert not outcome.errors, f"{name}: " + "\n".join(outcome.errors)


def test_no_secret_reaches_anyone_outside_its_audience(walked, db):
    """The everyday walk: every kind of change, and after each no marker outside its audience,
    colleagues of a taking-part organisation in another wijk included."""
    _world, leaks = everyday(walked)
    assert not leaks, described(leaks)


# --- The leaks an outside probe found, each walked again ---------------------------------------
# Grouping and moving (the second walk), and colleagues of a taking-part organisation in another
# wijk (DESIGN §6: an organisation sees through its members in the record's own wijkteam).

GROUPING, MOVING = (step.name for step in WALKS["grouping_then_moving"])


def sightings_after(walked, step: str) -> list:
    """What the grouping-then-moving walk saw after ``step``."""
    _world, outcome = walked["grouping_then_moving"]
    return [s for s in outcome.sightings if s.step.startswith(step)]


def test_grouping_a_signal_into_a_case_does_not_widen_who_sees_it(walked, db):
    leaks = sightings_after(walked, GROUPING)
    assert not leaks, described(leaks)


def test_moving_a_signal_out_does_not_lower_the_protection_of_either_case(walked, db):
    leaks = sightings_after(walked, MOVING)
    assert not leaks, described(leaks)


PARTNERS_OR_CONFIDENTIAL = {PARTNERS_RECORD, CONFIDENTIAL_RECORD, OWN_ORGANISATION}


def test_colleagues_in_another_wijk_see_nothing_of_a_case_partners_record(walked, db):
    _world, sightings = everyday(walked)
    leaks = [s for s in sightings if s.every_wijk & PARTNERS_OR_CONFIDENTIAL]
    assert not leaks, described(leaks)


def test_colleagues_in_another_wijk_see_nothing_of_a_team_record_or_who_reported_it(walked, db):
    _world, sightings = everyday(walked)
    leaks = [s for s in sightings if s.every_wijk and s.every_wijk <= {TEAM_RECORD, REPORTER}]
    assert not leaks, described(leaks)


# --- The wijkteamoverleg ----------------------------------------------------------------------
# Its minutes are about cases: who may not read a case's details reads "Vertrouwelijk
# agendapunt" (meetings/redaction.py). Setup: minutes of every case of wijk A in yesterday's
# closed meeting and today's; the walks above run with them present.


def test_the_overleg_walk_brings_no_secret_outside_its_audience(walked, db):
    """The arrears put forward, today's minutes closed, the next agenda collected twice."""
    _world, outcome = walked["overleg"]
    assert not outcome.sightings, described(outcome.sightings)


def test_the_minutes_and_the_put_forward_reason_are_shown_to_who_may_read_them(walked, db):
    """The minutes' and the reason's markers reach someone: the pages and the PDF are read."""
    world, outcome = walked["overleg"]
    seen = outcome.seen | walked["built"][1].seen
    written = {
        marker
        for marker in world.state.secrets.by_marker()
        if marker.endswith(("VERSLAG", "AGENDAREDEN", "AANMELDING"))
    }
    assert len(written) == 16, sorted(written)
    assert not written - seen, sorted(written - seen)


def test_the_closed_minutes_are_read_in_their_pdf(walked, db):
    """The PDF of yesterday's closed minutes is searched (it is written uncompressed): each
    case's minutes are found in it by someone who may read them."""
    _world, built = walked["built"]
    for name in ("GELUID", "FRAUDE", "DRUGS", "ZORG", "HUUR"):
        urls = built.seen_on.get(f"LW{name}VORIGVERSLAG", set())
        assert any(url.endswith("/notulen.pdf") for url in urls), (name, sorted(urls))


# --- The wijk's picture -------------------------------------------------------------------------
# Its hotspots name the busiest spots by street: only in the categories the whole team sees, and
# only to the wijk's own team (and coordinators). The walk counts the picture, then a noise
# report in wijk B is counted.


def test_the_pictures_walk_brings_no_secret_outside_its_audience(walked, db):
    _world, outcome = walked["wijkbeeld"]
    assert not outcome.sightings, described(outcome.sightings)


def test_the_hotspots_show_each_wijks_spots_to_its_own_team(walked, db):
    """The check above is only worth something if the streets are on the hotspots and in the
    downloads of their spots: wijk A's noise and wijk B's porch and new noise report, each seen
    there by someone who may."""
    _world, outcome = walked["wijkbeeld"]
    for street, code in (
        ("LWGELUIDSTRAAT", "WK099901"),
        ("LWPORTIEKSTRAAT", "WK099902"),
        ("LWSCHUUROMSCHRIJVING", None),
        ("LWVERPLAATSTSTRAAT", "WK099902"),
    ):
        urls = outcome.seen_on.get(street, set())
        if code is None:  # the description: on the case's pages, never on the picture's
            assert urls and not any("/wijkbeeld/" in url for url in urls), sorted(urls)
        else:
            assert f"/wijkbeeld/{code}/hotspots/" in urls, (street, sorted(urls))
            for download in ("plekken.csv", "plekken.xlsx"):  # the Excel file read inside
                assert f"/wijkbeeld/{code}/hotspots/{download}" in urls, (street, sorted(urls))
