"""Text matching for the staff search, one interface over both databases:

- ``words_q``: the words of a query in a text (a signal's description, a case's summary), by
  their Dutch stem ("fiets" finds "fietsen", "fietsen" finds "fiets"): as whole words, or each
  as the start of a word there ("lantaarn" finds "lantaarnpaal"). On PostgreSQL full-text
  search with the ``dutch`` configuration; on SQLite FTS5.
- ``similar_q``: a name or email address that may be mistyped ("Jansen" finds "Janssen"). On
  PostgreSQL trigram word similarity (``pg_trgm``'s ``%>``); on SQLite FTS5's trigram
  tokenizer picks the candidates and RapidFuzz the ones alike enough.
- ``streets_like``: a street that may be mistyped ("Kerkwijk" finds "Kerkewijk"), looked up
  among the street names (models.Street: some hundreds in a city, where a trigram index over a
  million signals' streets reads tens of thousands of rows for every trigram); the records
  are found by the names (``Streets.q``) through their index on street and moment.

Every field searched here has its index (this app's migrations: GIN indexes on PostgreSQL, FTS5
tables kept by triggers on SQLite); ``SEARCHED`` names them."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, connections, router, transaction
from django.db.models import BooleanField, Expression, F, FloatField, Func, Model, Q, Value
from rapidfuzz import fuzz, process

from wijkteam.search.models import Street
from wijkteam.voordeur.text import normalise, stem

# (table, column) → the FTS5 table that indexes it on SQLite (migrations/0001).
SEARCHED = {
    ("signals_signal", "description"): "search_signal_words",
    ("cases_case", "summary"): "search_case_words",
    ("signals_reporter", "name"): "search_reporter_names",
    ("signals_reporter", "email"): "search_reporter_names",
    ("signals_arrearsdetails", "tenant_name"): "search_tenant_names",
}
# How alike a mistyped text must be. PostgreSQL: pg_trgm's word similarity (its default of 0.6
# misses a letter left out of a short street: "Kerkwijk" is 0.58 like "Kerkewijk"), set for
# the search's own transaction (``similarity_for_search``); SQLite: RapidFuzz's partial ratio
# out of 100, which scores such a typo about 80 to 90.
WORD_SIMILARITY = 0.5
SIMILAR_ENOUGH = 80
# SQLite: at most this many candidates are weighed (the best by shared trigrams).
CANDIDATES = 500
MAX_WORDS = 8
# At most this many street names like a typed one, the likest first.
STREETS = 25


def _fts_table(model: type[Model], field: str) -> str:
    return SEARCHED[(model._meta.db_table, model._meta.get_field(field).column)]


class _WordsMatch(Expression):
    """True where the column holds the query's words (PostgreSQL: the expression of the GIN
    index; SQLite: the row is in the FTS5 table's answer)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, query: str, fts_table: str, whole: bool):
        super().__init__()
        self.target = F(field)
        self.pk = F("pk")
        self.query = query
        self.fts_table = fts_table
        self.whole = whole

    def get_source_expressions(self):
        return [self.target, self.pk]

    def set_source_expressions(self, expressions):
        self.target, self.pk = expressions

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.target)
        # The configuration is written out, not a parameter: the index is on this expression.
        # Every word as its stem, or as a prefix of its stem ("fiets" stems to "fiet" and finds
        # "fietsen", stemmed "fiets"); the words are letters and digits only (search_words).
        # A whole word is read from the index as a list that can be skipped through; a prefix
        # as every record of every word it starts (a common word's: 30 ms at a million).
        ending = "" if self.whole else ":*"
        words = " & ".join(f"{word}{ending}" for word in search_words(self.query))
        return (
            f"to_tsvector('dutch'::regconfig, COALESCE({column}, '')) "
            "@@ to_tsquery('dutch'::regconfig, %s)",
            [*params, words],
        )

    def as_sqlite(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        table = self.fts_table
        return (
            f"{pk} IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)",  # noqa: S608
            [*params, _fts5_words(self.query, self.whole)],
        )


class _Similar(Expression):
    """True where the column has a stretch like the text (pg_trgm's ``%>``: the text's word
    similarity to the column), by the column's trigram index."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, text: str):
        super().__init__()
        self.target = F(field)
        self.text = text

    def get_source_expressions(self):
        return [self.target]

    def set_source_expressions(self, expressions):
        (self.target,) = expressions

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.target)
        return f"{column} %%> %s", [*params, self.text]


def search_words(query: str) -> list[str]:
    """The words a query searches for: lower case, accents and punctuation off."""
    return normalise(query).split()[:MAX_WORDS]


def _fts5_words(query: str, whole: bool) -> str:
    # Every word, as itself or its stem, or as a prefix of either (the stem may change the
    # word: "lantaarnpaal" stems to "lantaarnpal"); quoted, so that nothing typed is read as
    # FTS5's syntax (normalise left letters and digits only anyway).
    ending = "" if whole else "*"
    alternatives = []
    for word in search_words(query):
        forms = dict.fromkeys([stem(word), word])
        alternatives.append("(" + " OR ".join(f'"{form}"{ending}' for form in forms) + ")")
    return " AND ".join(alternatives)


@contextmanager
def similarity_for_search(model: type[Model]) -> Iterator[None]:
    """The block's queries weigh typing mistakes as the search does, run without parallel
    workers (each reads a few thousand rows at most, and starting workers took longer than
    that) and are planned for their own values each time: a prepared statement's generic
    plan does not know whether a word is rare or common, nor how far back a page reaches
    (PostgreSQL: for its own transaction only, on the database the search of ``model``
    reads: a replica if it may)."""
    using = router.db_for_read(model)
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true), "
                    "set_config('max_parallel_workers_per_gather', '0', true), "
                    "set_config('plan_cache_mode', 'force_custom_plan', true)",
                    [str(WORD_SIMILARITY)],
                )
        yield


def words_q(model: type[Model], field: str, query: str, *, whole: bool = False) -> Q:
    """The rows of ``model`` whose ``field`` holds every word of the query, as the start of a
    word there, or with ``whole`` as a whole word."""
    if not search_words(query):
        return Q(pk__in=[])
    return Q(_WordsMatch(field, query, _fts_table(model, field), whole))


def similar_q(model: type[Model], field: str, text: str) -> Q:
    """The rows of ``model`` whose ``field`` has a stretch like ``text`` (typing mistakes
    allowed). On SQLite this reads the candidates at once (one query)."""
    text = " ".join(normalise(text).split())
    if len(text.replace(" ", "")) < 3:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        return Q(_Similar(field, text))
    return Q(pk__in=_similar_on_sqlite(model, field, text))


@dataclass(frozen=True)
class Streets:
    """The street names a typed text stands for. ``named``: the text is a street's name as
    it is written (not a part of one, no typing mistake), and these are that street."""

    names: list[str]
    named: bool = False

    def q(self) -> Q:
        """The records (signals or cases) on these streets."""
        return Q(street__in=self.names) if self.names else Q(pk__in=[])


def streets_like(text: str) -> Streets:
    """The street named ``text`` or, when no street is named so, the streets like it (typing
    mistakes allowed, and a part of a name: "Stations" stands for the Stationsweg and the
    Stationsplein), at most STREETS, the likest first. Reads the street names at once (one
    query)."""
    text = " ".join(normalise(text).split())
    if len(text.replace(" ", "")) < 3:
        return Streets([])
    if connection.vendor == "postgresql":
        names = (
            Street.objects.filter(Q(_Similar("name", text)))
            .annotate(
                likeness=Func(
                    Value(text), F("name"), function="word_similarity", output_field=FloatField()
                )
            )
            .order_by("-likeness", "name")
            .values_list("name", flat=True)[:STREETS]
        )
        found = list(names)
    else:
        found = [
            name
            for name, likeness, _index in process.extract(
                text,
                list(Street.objects.values_list("name", flat=True)),
                scorer=fuzz.partial_ratio,
                processor=normalise,
                score_cutoff=SIMILAR_ENOUGH,
                limit=STREETS,
            )
        ]
    named = [name for name in found if normalise(name) == text]
    return Streets(named, named=True) if named else Streets(found)


def _similar_on_sqlite(model: type[Model], field: str, text: str) -> list[int]:
    table = _fts_table(model, field)
    column = model._meta.get_field(field).column
    trigrams = sorted({word[i : i + 3] for word in text.split() for i in range(len(word) - 2)})
    if not trigrams:
        return []
    alternatives = " OR ".join('"' + trigram + '"' for trigram in trigrams)
    match = f"{column} : ({alternatives})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {column} FROM {table} WHERE {table} MATCH %s "  # noqa: S608 - names from SEARCHED
            "ORDER BY rank LIMIT %s",
            [match, CANDIDATES],
        )
        rows = cursor.fetchall()
    return [
        pk
        for pk, value in rows
        if fuzz.partial_ratio(text, normalise(value or "")) >= SIMILAR_ENOUGH
    ]
