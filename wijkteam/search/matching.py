"""Text matching for the staff search, one interface over both databases:

- ``words_q``: the words of a query in a text (a signal's description, a case's summary), each
  as the start of a word there, by its Dutch stem ("fiets" finds "fietsen", "fietsen" finds
  "fiets"). On PostgreSQL full-text search with the ``dutch`` configuration; on SQLite FTS5.
- ``similar_q``: a name, email address or street that may be mistyped ("Jansen" finds
  "Janssen", "Kerkwijk" finds "Kerkewijk"). On PostgreSQL trigram word similarity
  (``pg_trgm``'s ``%>``); on SQLite FTS5's trigram tokenizer picks the candidates and
  RapidFuzz the ones alike enough.

Every field searched here has its index (this app's migration: GIN indexes on PostgreSQL, FTS5
tables kept by triggers on SQLite); ``SEARCHED`` names them."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections, router, transaction
from django.db.models import BooleanField, Expression, F, Model, Q
from rapidfuzz import fuzz

from wijkteam.voordeur.text import normalise, stem

# (table, column) → the FTS5 table that indexes it on SQLite (migrations/0001).
SEARCHED = {
    ("signals_signal", "description"): "search_signal_words",
    ("cases_case", "summary"): "search_case_words",
    ("signals_signal", "street"): "search_signal_streets",
    ("cases_case", "street"): "search_case_streets",
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


def _fts_table(model: type[Model], field: str) -> str:
    return SEARCHED[(model._meta.db_table, model._meta.get_field(field).column)]


class _WordsMatch(Expression):
    """True where the column holds the query's words (PostgreSQL: the expression of the GIN
    index; SQLite: the row is in the FTS5 table's answer)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, query: str, fts_table: str):
        super().__init__()
        self.target = F(field)
        self.pk = F("pk")
        self.query = query
        self.fts_table = fts_table

    def get_source_expressions(self):
        return [self.target, self.pk]

    def set_source_expressions(self, expressions):
        self.target, self.pk = expressions

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.target)
        # The configuration is written out, not a parameter: the index is on this expression.
        # Every word as a prefix of its stem ("fiets" stems to "fiet" and finds "fietsen",
        # stemmed "fiets"); the words are letters and digits only (search_words).
        words = " & ".join(f"{word}:*" for word in search_words(self.query))
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
            [*params, _fts5_words(self.query)],
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


def _fts5_words(query: str) -> str:
    # Every word, as a prefix of itself or of its stem (the stem may
    # change the word: "lantaarnpaal" stems to "lantaarnpal"); quoted, so that nothing typed is
    # read as FTS5's syntax (normalise left letters and digits only anyway).
    alternatives = []
    for word in search_words(query):
        forms = dict.fromkeys([stem(word), word])
        alternatives.append("(" + " OR ".join('"' + form + '"*' for form in forms) + ")")
    return " AND ".join(alternatives)


@contextmanager
def similarity_for_search(model: type[Model]) -> Iterator[None]:
    """The block's queries weigh typing mistakes as the search does (PostgreSQL: for its own
    transaction only, on the database the search of ``model`` reads: a replica if it may)."""
    using = router.db_for_read(model)
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                    [str(WORD_SIMILARITY)],
                )
        yield


def words_q(model: type[Model], field: str, query: str) -> Q:
    """The rows of ``model`` whose ``field`` holds every word of the query."""
    if not search_words(query):
        return Q(pk__in=[])
    return Q(_WordsMatch(field, query, _fts_table(model, field)))


def similar_q(model: type[Model], field: str, text: str) -> Q:
    """The rows of ``model`` whose ``field`` has a stretch like ``text`` (typing mistakes
    allowed). On SQLite this reads the candidates at once (one query)."""
    text = " ".join(normalise(text).split())
    if len(text.replace(" ", "")) < 3:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        return Q(_Similar(field, text))
    return Q(pk__in=_similar_on_sqlite(model, field, text))


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
