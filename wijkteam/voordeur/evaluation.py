"""The Voordeur's labelled evaluation set (tests/voordeur/phrases.txt): reading it, and scoring
an index against it. Used by bench/voordeur.py and by the tests that keep the figures up."""

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from wijkteam.voordeur.matcher import Index

PHRASES_FILE = Path(__file__).resolve().parent.parent.parent / "tests" / "voordeur" / "phrases.txt"
HELD_OUT_EVERY = 4  # every fourth phrase of a destination is held out
EMERGENCY = "spoed-112"


@dataclass(frozen=True)
class Phrase:
    destination: str
    text: str
    held_out: bool


def read_phrases(path: Path = PHRASES_FILE) -> list[Phrase]:
    """The phrases with their destination; every fourth of a destination held out."""
    phrases = []
    seen: dict[str, int] = defaultdict(int)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        destination, text = (part.strip() for part in line.split("|", 1))
        seen[destination] += 1
        phrases.append(Phrase(destination, text, seen[destination] % HELD_OUT_EVERY == 0))
    return phrases


@dataclass
class Figures:
    count: int = 0
    top1: int = 0
    top3: int = 0
    acute: int = 0
    acute_first: int = 0
    per_destination: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0])
    )
    misses: list[tuple[Phrase, list[str]]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def share(self, part: int, whole: int | None = None) -> float:
        whole = self.count if whole is None else whole
        return part / whole if whole else 1.0


def evaluate(index: Index, phrases: list[Phrase]) -> Figures:
    """Top-1 and top-3 hits, per destination too, the acute phrases with 112 first, and the
    time each search took."""
    figures = Figures()
    for phrase in phrases:
        started = time.perf_counter()
        result = index.search(phrase.text)
        figures.seconds.append(time.perf_counter() - started)
        keys = [hit.key for hit in result.hits]
        first, in_three = keys[:1] == [phrase.destination], phrase.destination in keys[:3]
        figures.count += 1
        figures.top1 += first
        figures.top3 += in_three
        row = figures.per_destination[phrase.destination]
        row[0] += 1
        row[1] += first
        row[2] += in_three
        if phrase.destination == EMERGENCY:
            figures.acute += 1
            figures.acute_first += first
        if not first:
            figures.misses.append((phrase, keys))
    return figures


def milliseconds(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000
