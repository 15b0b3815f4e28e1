"""A leak-walk module's fixture and the checks its modules share.

Each module walks its own walks from a world built, set up and crawled once for it; the
walks are undone afterwards. The modules can run on different workers at once."""

import pytest
from django.db import transaction

from tests.conftest import module_world
from tests.leakwalk.audience import (
    CONFIDENTIAL_RECORD,
    OWN_ORGANISATION,
    PARTNERS_RECORD,
    REPORTER,
    TEAM_RECORD,
)
from tests.leakwalk.steps import SETUP
from tests.leakwalk.walk import Crawler, Outcome, Walk, run
from tests.leakwalk.world import build_walk_world

SHOWN = 40  # sightings listed in a failure message


def walked_fixture(walks: dict[str, Walk]):
    """The module's ``walked`` fixture: ``"built"``, the world as built and what its crawl saw,
    and per walk its world (with the walk's bookkeeping) and what it saw."""

    @pytest.fixture(scope="module")
    def walked(django_db_setup, django_db_blocker, tmp_path_factory):
        with module_world(django_db_blocker, tmp_path_factory.mktemp("leakwalk-media")):
            world = build_walk_world()
            run(world, Walk(SETUP), Outcome())
            # The world as built is crawled once; every walk starts from that crawl.
            crawler, built = Crawler(world), Outcome()
            crawler.crawl("de wereld zoals hij gebouwd is", built, crawler.each_step())
            results = {"built": (world, built)}
            for name, walk in walks.items():
                with transaction.atomic():
                    walk_world = world.fresh()
                    outcome = Outcome()
                    run(walk_world, walk, outcome, crawler.fork(walk_world, picture=walk.picture))
                    results[name] = (walk_world, outcome)
                    transaction.set_rollback(True)
            yield results

    return walked


def described(sightings) -> str:
    lines = [str(sighting) for sighting in sightings[:SHOWN]]
    more = len(sightings) - SHOWN
    return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))


class EveryWalk:
    """What every module checks of its walks."""

    def test_no_page_answers_with_an_error_during_any_walk(self, walked, db):
        """(A step the application refuses stops the walk, unless the step may be refused.)"""
        for name, (_world, outcome) in walked.items():
            assert not outcome.errors, f"{name}: " + "\n".join(outcome.errors)


def everyday(walked) -> tuple[object, list]:
    """The everyday walk's world, and what the crawls saw from the world as built on."""
    world, outcome = walked["everyday"]
    return world, walked["built"][1].sightings + outcome.sightings


PARTNERS_OR_CONFIDENTIAL = {PARTNERS_RECORD, CONFIDENTIAL_RECORD, OWN_ORGANISATION}


class EverydayChecks(EveryWalk):
    """The everyday walk, every kind of change, watched in parts: after each step of the part
    no marker outside its audience, colleagues of a taking-part organisation in another wijk
    included (DESIGN §6: an organisation sees through its members in the record's own
    wijkteam)."""

    def test_no_secret_reaches_anyone_outside_its_audience(self, walked, db):
        _world, leaks = everyday(walked)
        assert not leaks, described(leaks)

    def test_colleagues_in_another_wijk_see_nothing_of_a_case_partners_record(self, walked, db):
        _world, sightings = everyday(walked)
        leaks = [s for s in sightings if s.every_wijk & PARTNERS_OR_CONFIDENTIAL]
        assert not leaks, described(leaks)

    def test_colleagues_in_another_wijk_see_nothing_of_a_team_record_or_who_reported_it(
        self, walked, db
    ):
        _world, sightings = everyday(walked)
        leaks = [s for s in sightings if s.every_wijk and s.every_wijk <= {TEAM_RECORD, REPORTER}]
        assert not leaks, described(leaks)
