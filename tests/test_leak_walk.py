"""The leak walk (tests/leakwalk/): sequences of legitimate actions, each followed by a crawl
of every page as everyone, must never bring a secret to someone outside its audience.

Three modules walk it, each from a world built for it, so that the suite's workers share the
walking: this one the everyday walk's first steps; tests/test_leak_walk_everyday_end.py the
rest of it; tests/test_leak_walk_sequences.py the sequences an outside probe found leaking,
the wijkteamoverleg and the wijk's picture. A test reads what a walk saw: which marker reached
whom, after which step, on which URL.
"""

from tests.leakwalk.crawl import NOT_CRAWLED, crawled_keys
from tests.leakwalk.walked import EverydayChecks, everyday, walked_fixture
from tests.leakwalk.walks import EVERYDAY_FIRST
from tests.matrix.routes import every_route

walked = walked_fixture({"everyday": EVERYDAY_FIRST})


def test_every_page_of_the_route_list_is_crawled_or_left_out_with_a_reason():
    asked = set(crawled_keys()) | set(NOT_CRAWLED)
    routes = every_route()
    missing = sorted(key for key, route in routes.items() if route.get and key not in asked)
    assert not missing, f"Pages neither crawled nor left out with a reason: {missing}"
    stale = sorted(set(NOT_CRAWLED) - set(routes))
    assert not stale, f"Left out, but no such route: {stale}"
    assert all(len(reason) > 20 for reason in NOT_CRAWLED.values())


class TestTheEverydayWalksFirstSteps(EverydayChecks):
    def test_its_crawls_ask_pages(self, walked, db):
        """The part is watched: a crawl after each of its steps."""
        _world, outcome = walked["everyday"]
        assert outcome.requests > 100 * len(EVERYDAY_FIRST.steps)


def test_no_marker_is_a_part_of_another(walked, db):
    """A marker inside another would be found where only the other is."""
    world, _sightings = everyday(walked)
    markers = set(world.state.secrets.by_marker())
    inside = sorted((a, b) for a in markers for b in markers if a != b and a in b)
    assert not inside, inside
