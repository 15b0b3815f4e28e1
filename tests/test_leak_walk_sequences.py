"""The leak walk (tests/test_leak_walk.py): the sequences an outside probe found leaking
(grouping, then moving a signal out), the wijkteamoverleg and the wijk's picture, each walked
from the world as built."""

from tests.leakwalk.walked import EveryWalk, described, walked_fixture
from tests.leakwalk.walks import SEQUENCES

walked = walked_fixture(SEQUENCES)


class TestTheSequences(EveryWalk):
    pass


# --- The leaks an outside probe found, each walked again ---------------------------------------
# Grouping a report into a case, then moving it out again.

GROUPING, MOVING = (step.name for step in SEQUENCES["grouping_then_moving"].steps)


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
