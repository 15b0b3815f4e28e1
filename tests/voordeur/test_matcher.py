"""The Voordeur's matcher, on the words a fresh install starts with (no database needed)."""

import pytest

from wijkteam.voordeur.destinations import destinations_from_seed
from wijkteam.voordeur.evaluation import evaluate, read_phrases
from wijkteam.voordeur.matcher import Destination, Index


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(destinations_from_seed())


def keys(index: Index, query: str) -> list[str]:
    return [hit.key for hit in index.search(query).hits]


# --- the "done when" ---------------------------------------------------------------------


def test_noisy_neighbours_at_night_get_the_noise_form(index):
    assert keys(index, "de buren maken elke nacht herrie")[0] == "overlast-geluid"


def test_a_leaking_bathroom_gets_the_corporations_repair_request(index):
    assert keys(index, "lekkage badkamer")[0] == "reparatie-corporatie"


def test_a_knife_at_the_door_gets_112_first(index):
    result = index.search("er staat iemand met een mes voor de deur")
    assert result.acute
    assert result.best == "spoed-112"


# --- the acute-danger rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "brand",
        "inbraak nu",
        "hij slaat",
        "gewond",
        "de buren maken herrie en nu ligt er iemand gewond op de stoep",
        "brnad in de keuken",  # a typing mistake still counts
        "er zit iemand met een vuurwapen",  # a compound of a trigger
        "there is a fire",
    ],
)
def test_words_of_acute_danger_put_112_first_whatever_else_matches(index, query):
    result = index.search(query)
    assert result.acute
    assert result.best == "spoed-112"


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("fire hazard in the stairwell", "onveiligheid-brandgevaar"),  # a longer keyword
        ("de straatlantaarn brandt niet", "openbare-ruimte-gemeente"),
        ("buren stoken de houtkachel en het stinkt", "overlast-stank-rook"),
        ("er is vorige week ingebroken in mijn schuur", "politie-geen-spoed"),
        ("injectiespuiten gevonden in de struiken", None),  # "gevonden" is no "gewonden"
    ],
)
def test_words_that_only_look_like_danger_are_not_acute(index, query, meant):
    result = index.search(query)
    assert not result.acute
    if meant:
        assert result.best == meant


def test_an_emergency_door_goes_first_even_when_another_place_scores_higher():
    index = Index(
        [
            Destination("geluid", "category", keywords=("herrie", "muziek", "feest", "buren")),
            Destination("spoed", "door", keywords=("mes",), is_emergency=True),
        ]
    )
    result = index.search("buren feest herrie muziek en een mes")
    assert [hit.key for hit in result.hits] == ["spoed", "geluid"]


# --- reading plain Dutch -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("zwerf afval", "vervuiling-zwerfafval"),  # a compound written apart
        ("geluidoverlast", "overlast-geluid"),  # ... and joined without its "s"
        ("schimmmel", "reparatie-corporatie"),  # a typing mistake
        ("porteik vies", "vervuiling-portiek"),  # letters swapped
        ("hangjeugd", "overlast-jongeren"),  # street language
        ("junks in de flat", "onveiligheid-drugs"),
        ("drugs dealen", "onveiligheid-drugs"),  # English in Dutch
        ("I cannot pay my rent", "schuldhulp-gemeente"),  # an English sentence
        ("ik kan de huur niet betalen", "schuldhulp-gemeente"),
        ("blowen in het portiek", "overlast-jongeren"),
    ],
)
def test_plain_dutch_as_residents_type_it(index, query, meant):
    assert keys(index, query)[0] == meant


def test_words_it_does_not_know_find_nothing(index):
    result = index.search("qwxz blorp")
    assert result.hits == []
    assert result.unknown == ["qwxz", "blorp"]


def test_an_empty_query_finds_nothing(index):
    assert index.search("   ").hits == []


# --- the evaluation set --------------------------------------------------------------------------


def test_the_evaluation_set_covers_every_destination_with_enough_acute_phrases(index):
    phrases = read_phrases()
    assert len(phrases) >= 300
    assert {p.destination for p in phrases} == {d.key for d in index.destinations}
    assert sum(p.destination == "spoed-112" for p in phrases) >= 30
    assert any(p.held_out for p in phrases)


def test_the_matcher_keeps_its_targets_on_the_evaluation_set(index):
    """A change of words or scoring that makes the search worse fails here (bench/voordeur.py
    prints the figures in full)."""
    figures = evaluate(index, read_phrases())
    assert figures.share(figures.top1) >= 0.90
    assert figures.share(figures.top3) >= 0.98
    assert figures.acute_first == figures.acute
