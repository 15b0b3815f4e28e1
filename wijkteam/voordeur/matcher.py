"""The Voordeur's matcher: a resident's words in, the best places to go out. In the process,
from the words functional admins keep (keywords and example phrases per category and per door),
with no outside service.

How a query is read (``Index.read``):
- its words are normalised and stemmed (text.py);
- two words that together make a known word are joined ("zwerf afval" → "zwerfafval"), and an
  unknown word made of two known ones is split ("geluidoverlast" → "geluid", "overlast");
- a word still unknown is taken for the known word within one or two typing mistakes
  ("schimmmel", "porteik"), never changing its first letter.

How places are scored (``Index.search``): each known stem adds its weight in that place (a
keyword counts most, a name less, an example phrase least) times how telling the stem is (rare
among the places: more); a keyword of several words whose words are all there (in any order)
adds a bonus. A door for acute danger goes first whenever one of its keywords is in the query,
whatever else matches (``Result.acute``)."""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from wijkteam.voordeur.text import STOPWORDS, normalise, stem

KEYWORD_WEIGHT = 1.0
COMBO_WORD_WEIGHT = 0.6  # a word of a keyword of several words, on its own
NAME_WEIGHT = 0.7
PHRASE_WEIGHT = 0.45
COMPOUND_PART_WEIGHT = 0.5  # a part of a known compound ("afval" of "zwerfafval")
COMBO_BONUS = 0.6  # per telling-ness of each word of a keyword of several words, all present
GUESSED = 0.8  # a word found by splitting or by correcting one mistake counts a little less
FAR_GUESS = 0.5  # ...and one found by correcting two mistakes less still
TAIL_GUESS = 0.6  # the known last part of an unknown compound ("injectie-spuiten")
# A place is shown when it scores at least this much, and at least this share of the best.
MIN_SCORE = 1.0
SHARE_OF_BEST = 0.3
LINKING = ("", "s", "e", "en")  # between the parts of a Dutch compound: geluid-s-overlast

_SPLIT_LIST = re.compile(r"[\n,;]+")

# A wrong letter counts as a typing mistake when its key is next to the right one, or when it
# sounds the same in Dutch (d/t, s/z, f/v, c/k): "geluitsoverlast", "eensaam". Another wrong
# letter makes another word ("gevonden" is no misspelt "gewonden").
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_SOUNDS_ALIKE = {frozenset(pair) for pair in ("dt", "sz", "fv", "ck", "ij", "xs")}


def _neighbours() -> set[frozenset[str]]:
    pairs = set()
    for r, row in enumerate(_KEYBOARD):
        for c, key in enumerate(row):
            for dr, dc in ((0, 1), (1, 0), (1, -1)):
                if 0 <= r + dr < len(_KEYBOARD) and 0 <= c + dc < len(_KEYBOARD[r + dr]):
                    pairs.add(frozenset((key, _KEYBOARD[r + dr][c + dc])))
    return pairs


_TYPO_PAIRS = _neighbours() | _SOUNDS_ALIKE


def is_typo(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with typing mistakes: letters swapped, left out, doubled
    or added, or a wrong letter next to the right one (see _TYPO_PAIRS)."""
    for op in Levenshtein.editops(typed, meant):
        if op.tag == "replace":
            pair = frozenset((typed[op.src_pos], meant[op.dest_pos]))
            swapped = DamerauLevenshtein.distance(typed, meant) < Levenshtein.distance(typed, meant)
            if pair not in _TYPO_PAIRS and not swapped:
                return False
    return True


def split_terms(text: str) -> list[str]:
    """The keywords or phrases of an admin's text field: one a line, or separated by commas."""
    return [term.strip() for term in _SPLIT_LIST.split(text or "") if term.strip()]


@dataclass(frozen=True)
class Destination:
    """A place the Voordeur can send a resident to: a category's report form or another door."""

    key: str  # the category's or door's code
    kind: str  # "category" or "door"
    names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    is_emergency: bool = False


@dataclass(frozen=True)
class Hit:
    key: str
    score: float


@dataclass
class Result:
    hits: list[Hit]  # best first; empty: no good match
    acute: bool = False  # an emergency door's keyword is in the query: it is first
    unknown: list[str] = field(default_factory=list)  # words the index does not know

    @property
    def best(self) -> str:
        return self.hits[0].key if self.hits else ""


class Index:
    """The compiled words of every destination. Built once per process (index.py) and read by
    many requests at once: nothing changes it after ``__init__``."""

    def __init__(self, destinations: list[Destination]):
        self.destinations = destinations
        self.emergency = {i for i, d in enumerate(destinations) if d.is_emergency}
        weights: list[dict[str, float]] = [defaultdict(float) for _ in destinations]
        combos: list[list[tuple[frozenset[str], float]]] = [[] for _ in destinations]
        self.triggers: list[frozenset[str]] = []  # stems that make a query acute
        raw_words: set[str] = set()
        longer_keywords: list[frozenset[str]] = []  # of the other places

        def add(i: int, text: str, weight: float) -> None:
            words = normalise(text).split()
            if weight == KEYWORD_WEIGHT and len(words) > 1:
                weight = COMBO_WORD_WEIGHT
            for word in words:
                raw_words.add(word)
                if word not in STOPWORDS:
                    stemmed = stem(word)
                    weights[i][stemmed] = max(weights[i][stemmed], weight)

        for i, destination in enumerate(destinations):
            for name in destination.names:
                add(i, name, NAME_WEIGHT)
            for phrase in destination.phrases:
                add(i, phrase, PHRASE_WEIGHT)
            for keyword in destination.keywords:
                add(i, keyword, KEYWORD_WEIGHT)
                all_words = normalise(keyword).split()
                stems = frozenset(stem(word) for word in all_words)
                if len(all_words) > 1:
                    combos[i].append((stems, 0.0))
                if destination.is_emergency and stems:
                    self.triggers.append(stems)
                elif stems:
                    longer_keywords.append(stems)
        self.raw_words = raw_words
        # A trigger inside a longer keyword of another place is that keyword's: "fire hazard"
        # is not a fire, "lamp brandt niet" no blaze.
        self.trigger_exceptions = {
            trigger: [k for k in longer_keywords if trigger < k] for trigger in self.triggers
        }
        self.stems = {stem(word): word for word in raw_words}
        self._add_compound_parts(weights)
        count = len(destinations)
        frequency: dict[str, int] = defaultdict(int)
        for place in weights:
            for stemmed in place:
                frequency[stemmed] += 1
        self.idf = {s: math.log(1 + count / n) for s, n in frequency.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, place in enumerate(weights):
            for stemmed, weight in place.items():
                self.postings[stemmed].append((i, weight))
        self.combos = [
            [(stems, sum(self.idf.get(s, 0.0) for s in stems)) for stems, _ in place]
            for place in combos
        ]
        self._known = sorted(raw_words)

    def _add_compound_parts(self, weights: list[dict[str, float]]) -> None:
        """A place whose word is a compound of known words also answers to its parts, a little:
        "zwerfafval" to "afval", "hondenpoep" to "poep"."""
        for place in weights:
            for word in [self.stems.get(s, s) for s in list(place)]:
                parts = self.split(word)
                if parts:
                    weight = place[stem(word)] * COMPOUND_PART_WEIGHT
                    for part in parts:
                        place[stem(part)] = max(place.get(stem(part), 0.0), weight)

    def knows(self, word: str) -> bool:
        return word in self.raw_words or stem(word) in self.stems

    def split(self, word: str) -> tuple[str, str] | None:
        """A compound of two known words, the longest known tail first ("geluidoverlast" →
        "geluid", "overlast"); each part at least three letters."""
        for cut in range(3, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if not self.knows(tail):
                continue
            for link in LINKING:
                if link and not head.endswith(link):
                    continue
                stripped = head[: len(head) - len(link)] if link else head
                if len(stripped) >= 3 and self.knows(stripped):
                    return stripped, tail
        return None

    def known_tail(self, word: str) -> str | None:
        """The longest known last part of an unknown word (in a Dutch compound the last part
        says what it is: a "gokkast" is a "kast"), at least four letters after at least three."""
        for cut in range(3, len(word) - 3):
            if self.knows(word[cut:]):
                return word[cut:]
        return None

    def correct(self, word: str) -> tuple[str, int] | None:
        """The known word within one typing mistake (two for long words), with the same first
        letter, and the number of mistakes; None when there is none."""
        if len(word) < 4 or not word.isalpha():
            return None
        allowed = 2 if len(word) >= 8 else 1
        for known, distance, _ in process.extract(
            word,
            self._known,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=allowed,
            processor=None,
            limit=5,
        ):
            if known[0] == word[0] and is_typo(word, known):
                return known, int(distance)
        return None

    def read(self, query: str) -> tuple[dict[str, float], set[str], list[str]]:
        """The query's stems with how surely each is meant (1, GUESSED or FAR_GUESS), every
        stem but the far guesses including the small words (for keywords of several words and
        the acute rule), and the words not understood."""
        tokens = normalise(query).split()[:40]
        all_stems = {stem(token) for token in tokens}
        words = [token for token in tokens if token not in STOPWORDS]
        found: dict[str, float] = {}
        unknown: list[str] = []

        def note(word: str, sureness: float) -> None:
            stemmed = stem(word)
            if sureness > FAR_GUESS:
                all_stems.add(stemmed)
            found[stemmed] = max(found.get(stemmed, 0.0), sureness)

        i = 0
        while i < len(words):
            word = words[i]
            joined = word + words[i + 1] if i + 1 < len(words) else ""
            if joined and self.knows(joined) and not self.knows(word + " " + words[i + 1]):
                note(joined, 1.0)
                i += 2
                continue
            if self.knows(word):
                note(word, 1.0)
            elif parts := self.split(word):
                for part in parts:
                    note(part, GUESSED)
            elif corrected := self.correct(word):
                note(corrected[0], GUESSED if corrected[1] == 1 else FAR_GUESS)
            elif tail := self.known_tail(word):
                note(tail, TAIL_GUESS)
            else:
                unknown.append(word)
            i += 1
        return found, all_stems, unknown

    def search(self, query: str, *, limit: int = 3) -> Result:
        """The best destinations for a query, best first (at most ``limit``)."""
        found, all_stems, unknown = self.read(query)
        scores: dict[int, float] = defaultdict(float)
        for stemmed, sureness in found.items():
            idf = self.idf.get(stemmed, 0.0)
            for i, weight in self.postings.get(stemmed, ()):
                scores[i] += idf * weight * sureness
        for i in list(scores):
            for stems, telling in self.combos[i]:
                if stems <= all_stems:
                    scores[i] += COMBO_BONUS * telling
        acute = any(
            trigger <= all_stems
            and not any(longer <= all_stems for longer in self.trigger_exceptions[trigger])
            for trigger in self.triggers
        )
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if acute:
            ranked.sort(key=lambda item: item[0] not in self.emergency)
        best = ranked[0][1] if ranked else 0.0
        hits = [
            Hit(self.destinations[i].key, round(score, 3))
            for i, score in ranked
            if (score >= MIN_SCORE and score >= SHARE_OF_BEST * best)
            or (acute and i in self.emergency)
        ][:limit]
        return Result(hits=hits, acute=acute, unknown=unknown)
