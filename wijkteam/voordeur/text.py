"""Plain Dutch as residents type it, made comparable: lower case without accents, without the
small words that say nothing about the problem, each word reduced to its stem.

The stemmer is Snowball's Dutch algorithm from ``snowballstemmer`` (pure Python). PyStemmer runs
the same algorithms in C, but its speed buys nothing here: the index is stemmed once per process
and a query's few words are remembered (``stem``), while a pure-Python wheel installs anywhere
without a compiler. Of its two Dutch stemmers we use ``dutch_porter``, the classic one: Snowball 3's
``dutch`` also takes "ge-" off past participles, which merges words that must stay apart here
("gestoken", stabbed, with "stoken", heating a stove; "gewond", injured, with "wonen"). Keywords
therefore name participles themselves ("gedeald"). ``bench/voordeur.py --stemmer`` compares.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STEMMER_NAME = "dutch_porter"

# Words that say nothing about the problem, in Dutch and in the English residents use. Kept
# short on purpose: "niet", "nu", "geen" and "weg" do say something here.
_STOPWORDS = """
    de het een en of in op aan bij van voor met om uit tot over naar als dan dat die dit deze
    er hier daar is zijn was waren wordt worden werd ben bent heb hebt heeft hebben had
    ik je jij u hij zij ze we wij jullie mij me mijn mn jouw uw zijn haar hem hun ons onze
    men iemand iets al ook nog wel maar want dus toch zo heel erg echt steeds altijd elke
    elk ieder weer even gewoon zeer te wat wie waar hoe waarom wanneer welke kan kun kunt
    kunnen moet moeten mag mogen wil wilt willen zal zou zullen doen doet gedaan deed
    gaat gaan ga komt komen kwam staat staan zit zitten ligt liggen
    the a an and or of in on at to for with from by is are was were be been am i you he she
    it we they my your his her our their me him them this that there here can could do does
    did have has had will would please some any
    s t
"""
STOPWORDS = frozenset(_STOPWORDS.split())

_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, accents off ("één" → "een"), apostrophes dropped ("auto's" → "autos"), and
    everything that is not a letter or digit a single space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = _APOSTROPHES.sub("", plain)
    return _NOT_WORD.sub(" ", plain).strip()


def words(text: str) -> list[str]:
    """The words of a text that may say something about the problem, in their order."""
    return [word for word in normalise(text).split() if word not in STOPWORDS]


_stemmer = snowballstemmer.stemmer(STEMMER_NAME)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The word's Snowball stem (digits and very short words as they are)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer.stemWord(word)


def use_stemmer(name: str) -> None:
    """Switch the stemmer for this process (the benchmark compares them)."""
    global _stemmer
    _stemmer = snowballstemmer.stemmer(name)
    stem.cache_clear()
