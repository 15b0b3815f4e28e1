"""The leak walk (tests/test_leak_walk.py): the everyday walk's last steps, each followed by a
crawl (its first steps done unwatched, the first crawl asking every page they changed), and at
its end every other role over everything."""

from tests.leakwalk.steps import AMOUNTS
from tests.leakwalk.walked import EverydayChecks, walked_fixture
from tests.leakwalk.walks import EVERYDAY_REST

walked = walked_fixture({"everyday": EVERYDAY_REST})


class TestTheEverydayWalksLastSteps(EverydayChecks):
    pass


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
