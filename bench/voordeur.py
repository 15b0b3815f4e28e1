"""Benchmark: how well the Voordeur's search sends residents to the right door.

Scores the matcher, built from the seed data a fresh install starts with, against the labelled
evaluation set (tests/voordeur/phrases.txt): top-1 and top-3 accuracy overall and per category
or door, the share of acute phrases that put 112 first, and the time per query (median and
p95, after one warm-up round). The held-out quarter of the set (never used when choosing
keywords) is reported on its own too. Needs no database; changes nothing.

    .venv/bin/python bench/voordeur.py [--misses] [--stemmer dutch_porter|dutch]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGETS = "targets: top-1 >= 90%, top-3 >= 98%, 112 first for 100% of acute phrases, < 10 ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning set's misses")
    parser.add_argument("--stemmer", default="", help="another Snowball stemmer to compare")
    args = parser.parse_args()

    os.environ.setdefault("WIJKTEAM_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkteam.settings_test")
    import django

    django.setup()
    from wijkteam.voordeur import text
    from wijkteam.voordeur.destinations import destinations_from_seed
    from wijkteam.voordeur.evaluation import evaluate, milliseconds, read_phrases
    from wijkteam.voordeur.matcher import Index

    if args.stemmer:
        text.use_stemmer(args.stemmer)
    started = time.perf_counter()
    index = Index(destinations_from_seed())
    built = time.perf_counter() - started
    phrases = read_phrases()
    evaluate(index, phrases)  # warm-up: the first queries fill the stem cache
    text.stem.cache_clear()
    everything = evaluate(index, phrases)
    tuning = evaluate(index, [p for p in phrases if not p.held_out])
    held_out = evaluate(index, [p for p in phrases if p.held_out])

    print(f"Voordeur matcher ({text.STEMMER_NAME if not args.stemmer else args.stemmer})")
    print(f"index: {len(index.destinations)} destinations, built in {built * 1000:.0f} ms")
    print(f"phrases: {len(phrases)} ({held_out.count} held out), acute: {everything.acute}")
    print()
    print(f"{'':<12}{'phrases':>8}{'top-1':>8}{'top-3':>8}{'112 first':>11}")
    for name, figures in (("all", everything), ("tuning", tuning), ("held out", held_out)):
        acute = figures.share(figures.acute_first, figures.acute)
        print(
            f"{name:<12}{figures.count:>8}{figures.share(figures.top1):>8.1%}"
            f"{figures.share(figures.top3):>8.1%}{acute:>11.1%}"
        )
    print()
    print(f"{'per destination':<30}{'n':>4}{'top-1':>8}{'top-3':>8}   held out: top-1, top-3")
    for key, (count, first, three) in sorted(everything.per_destination.items()):
        held = held_out.per_destination.get(key, [0, 0, 0])
        print(
            f"{key:<30}{count:>4}{first / count:>8.0%}{three / count:>8.0%}"
            f"   {held[1]}/{held[0]}, {held[2]}/{held[0]}"
        )
    median, p95 = milliseconds(everything.seconds)
    print()
    print(f"time per query: median {median:.2f} ms, p95 {p95:.2f} ms")
    print(TARGETS)
    if args.misses:
        print()
        for phrase, keys in tuning.misses:
            print(f"{phrase.destination:<28} {phrase.text!r} -> {keys}")


if __name__ == "__main__":
    main()
