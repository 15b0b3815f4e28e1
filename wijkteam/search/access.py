"""The staff search's one read: what a query finds for a user, by kind, each row with what
the user may see of it. Every kind of match is tied to the rule that shows the matched field
(DESIGN §6):

| what the query is               | signals (rule)                 | cases (rule)            |
|---------------------------------|--------------------------------|-------------------------|
| a reference (M-…, Z-…), or a    | the number (knows it exists)   | the number (knows)      |
| number alone (recent years)     |                                |                         |
| a postcode, with a house number | the address (details)          | the address (details)   |
| a street, with a house number   | the address (details)          | the address (details)   |
| an email address                | who reported it (receiver)     | —                       |
| anything else                   | words in the description, the  | words in the summary    |
|                                 | street, an arrears tenant's    | (knows); the street     |
|                                 | name (details); the name of    | (details)               |
|                                 | who reported it (receiver)     |                         |

Words are found as whole words first, and as the start of words only while the search found
no more than a page of records (``_newest``). A street typed as it is named is that street,
else the streets like it (matching.streets_like).

A case never matches on who reported one of its signals: that stays on the signal, for its
receiving organisation only. Nothing here is logged: the rows show no more than the lists do."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Func,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases import visibility as case_visibility
from wijkteam.cases.access import case_rows_for_user
from wijkteam.cases.models import Case
from wijkteam.cases.visibility import CaseAccess, cases_q
from wijkteam.partners.access import TEAMS, is_staff_member, viewer_of
from wijkteam.partners.models import User
from wijkteam.search.matching import (
    search_words,
    similar_q,
    similarity_for_search,
    streets_like,
    words_q,
)
from wijkteam.signals import visibility as signal_visibility
from wijkteam.signals.models import ArrearsDetails, Reporter, Signal
from wijkteam.signals.visibility import SignalAccess, listed_access, signals_q, with_signal_access

MAX_QUERY = 200
ROWS = 20  # per kind; more: the page asks to search more precisely
# Of a word or street that many records share, the newest this many are checked against the
# rules (a wijk's user sees a sixth of the city's signals: plenty for a page of ROWS).
CANDIDATES = 2000
_EVERYONE = Q()  # the rule of a match that counts for whoever may know the record exists
NUMBER_YEARS = 6  # a number alone is looked for in this year's references and the years before
# A word or a street that many records share is looked for in the last two weeks first, and in
# the older records only when the user may see no more than ROWS of those (_windowed). At a
# million signals two weeks hold 8,000; a month read twice as many for a common word, and
# found no more for a page.
RECENT_DAYS = 14

_REFERENCE = re.compile(r"(?P<kind>[MZ])[\s-]*(?P<year>\d{4})[\s-]*(?P<number>\d{1,6})", re.I)
_POSTCODE = re.compile(
    r"(?P<digits>[1-9]\d{3})\s*(?P<letters>[A-Z]{2})(?:\s+(?P<number>\d{1,5}))?", re.I
)
_STREET_NUMBER = re.compile(r"(?P<street>\D*[^\d\s])\s+(?P<number>\d{1,5})(?:\s*[a-z]{0,2})?", re.I)
_BARE_NUMBER = re.compile(r"0*[1-9]\d{0,5}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class SearchResults:
    query: str
    cases: list[tuple[Case, CaseAccess]] = field(default_factory=list)
    more_cases: bool = False
    signals: list[tuple[Signal, SignalAccess]] = field(default_factory=list)
    more_signals: bool = False

    @property
    def found(self) -> bool:
        return bool(self.cases or self.signals)


@dataclass(frozen=True)
class _Step:
    """``where(since)`` finds records; ``older``: only records made before ``since``."""

    where: Callable[[datetime], Q]
    older: bool = False


@dataclass(frozen=True)
class _Match:
    """One way a record may be found, for whom ``rule`` holds, asked in steps (``_newest``). A
    later step may find again what an earlier one found."""

    rule: Q
    steps: tuple[_Step, ...]


def _exactly(where: Q, rule: Q = _EVERYONE) -> _Match:
    return _Match(rule, (_Step(lambda since: where),))


def search_query(text: str) -> str:
    """The query as searched: spaces tidied, at most MAX_QUERY characters."""
    return " ".join(text.split())[:MAX_QUERY]


def _matches(query: str, viewer) -> tuple[list[_Match], list[_Match]]:
    """What a signal and what a case may match to be found: each kind of match on its own,
    with the rule of the field it matched on (the table above). Each is asked in a query of
    its own, so that the database reads it through its own index (one query for all, with
    OR, read every signal)."""
    signal_details = signals_q(viewer, signal_visibility.DETAILS)
    case_details = cases_q(viewer, case_visibility.DETAILS)
    if reference := _REFERENCE.fullmatch(query):
        number = "{}-{}-{:05d}".format(
            reference["kind"].upper(), reference["year"], int(reference["number"])
        )
        if number.startswith("M"):
            return [_exactly(Q(reference=number))], []
        return [], [_exactly(Q(reference=number))]
    if _BARE_NUMBER.fullmatch(query):
        # Just the number, as staff say it on the phone: that number of this year and the
        # years before, signal and case alike.
        this_year = timezone.localdate().year
        years = range(this_year, this_year - NUMBER_YEARS, -1)
        number = int(query)
        return (
            [_exactly(Q(reference__in=[f"M-{year}-{number:05d}" for year in years]))],
            [_exactly(Q(reference__in=[f"Z-{year}-{number:05d}" for year in years]))],
        )
    if _EMAIL.fullmatch(query):
        reporters = Reporter.objects.filter(
            Exact(Lower("email"), query.lower()), is_anonymous=False
        )
        receiver = signals_q(viewer, signal_visibility.REPORTER)
        return [_exactly(Q(pk__in=reporters.values("signal_id")), receiver)], []
    if postcode := _POSTCODE.fullmatch(query):
        place = Q(postcode=(postcode["digits"] + postcode["letters"]).upper())
        if postcode["number"]:
            place &= Q(house_number=int(postcode["number"]))
        return [_exactly(place, signal_details)], [_exactly(place, case_details)]
    if address := _STREET_NUMBER.fullmatch(query):
        at = streets_like(address["street"]).q() & Q(house_number=int(address["number"]))
        return [_exactly(at, signal_details)], [_exactly(at, case_details)]
    named = Reporter.objects.filter(similar_q(Reporter, "name", query), is_anonymous=False)
    tenants = ArrearsDetails.objects.filter(similar_q(ArrearsDetails, "tenant_name", query))
    streets = streets_like(query)

    def words(model, field: str) -> list[Q]:
        return [words_q(model, field, query, whole=True), words_q(model, field, query)]

    def on_street(model, rule: Q) -> _Match:
        # One street is read newest first through its index until a page is found (at most
        # the street's records); several (a part of a name, a typing mistake) in windows.
        if streets.named:
            return _exactly(streets.q(), rule)
        return _windowed(model, [streets.q()], rule, bounded=True)

    receiver = signals_q(viewer, signal_visibility.REPORTER)
    # The matches that find few records first: what they find bounds what the others need to
    # read (``_newest``). A match that cannot find anything is not asked (no street like the
    # text; no words, only punctuation).
    signal_matches = [
        _exactly(Q(pk__in=tenants.values("signal_id")), signal_details),
        _exactly(Q(pk__in=named.values("signal_id")), receiver),
    ]
    case_matches = []
    if streets.names:
        signal_matches.append(on_street(Signal, signal_details))
        case_matches.append(on_street(Case, case_details))
    if search_words(query):
        signal_matches.append(_windowed(Signal, words(Signal, "description"), signal_details))
        case_matches.append(_windowed(Case, words(Case, "summary"), _EVERYONE))
    return signal_matches, case_matches


_MOMENT = {Signal: "created_at", Case: "opened_at"}


def _windowed(model, matches: list[Q], rule: Q, *, bounded: bool = False) -> _Match:
    """A match that may find many records (a word, a street), in ``matches`` from the
    narrowest to the widest (a word as a whole word, then as the start of words): each asked
    for the last two weeks, then the widest for the older records, while the steps before found
    too few (``_newest``).

    The last weeks are asked together with the rule: the index holds the moment too
    (indexes.py), so the database reads those weeks' matches only, whatever it guesses. So
    are the older records of a ``bounded`` match (streets: no more than their records, through
    their index on street and moment). The older records of a word are asked as the newest
    CANDIDATES records it finds, before any rule, read through the words' index and sorted,
    then checked against the rule one by one: asked together with the rules and newest first
    over all the years, the database guesses how many records a word matches from poor
    estimates, and either reads every match of a common word through the rules or reads the
    whole table, newest first, for a rare one. Their moment is checked after the index: an
    index range over years of moments costs more than reading a rare word's every match."""
    moment = _MOMENT[model]

    def recent(match: Q) -> _Step:
        return _Step(lambda since: match & Q(**{f"{moment}__gte": since}))

    def older(match: Q) -> _Step:
        def where(since: datetime) -> Q:
            if bounded:
                return match & Q(**{f"{moment}__lt": since})
            before = ExpressionWrapper(Q(**{f"{moment}__lt": since}), BooleanField())
            newest = model.objects.filter(match & Q(_IsTrue(before))).order_by(f"-{moment}", "-id")
            return Q(pk__in=newest.values("pk")[:CANDIDATES])

        return _Step(where, older=True)

    return _Match(rule, (*(recent(match) for match in matches), older(matches[-1])))


class _IsTrue(Func):
    """``(condition) IS TRUE``: the same rows as the condition, but no index is asked for it."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def search_for_user(user: User, text: str) -> SearchResults:
    """What ``text`` finds for ``user``: cases and signals, newest first, ROWS of each."""
    query = search_query(text)
    if not query or not is_staff_member(user):
        return SearchResults(query=query)
    viewer = viewer_of(user)
    # The user's teams read once: every query below compares with their ids, not a subquery
    # of its own (which Django would copy into each query, and the database run in each).
    viewer.values(TEAMS)
    with similarity_for_search(Signal):
        signal_matches, case_matches = _matches(query, viewer)
        signal_ids = _newest(Signal, signal_matches, Q())
        case_ids = _newest(Case, case_matches, cases_q(viewer))
    # The page's rows, read once: what the user may see of each, and what the rows show.
    signals = cases = []
    if signal_ids:
        signals = _newest_first(
            without_boundaries(
                with_signal_access(Signal.objects.filter(pk__in=signal_ids), viewer).select_related(
                    "category", "neighbourhood", "receiving_organisation"
                )
            ),
            signal_ids,
        )
    if case_ids:
        cases = _newest_first(
            without_boundaries(
                Case.objects.filter(Q(pk__in=case_ids) & cases_q(viewer))
                .select_related("category", "main_category", "neighbourhood", "team__district")
                .select_related("lead")
            ),
            case_ids,
        )
        prefetch_related_objects(cases[:ROWS], "involved")
    return SearchResults(
        query=query,
        cases=case_rows_for_user(user, cases[:ROWS], viewer=viewer),
        more_cases=len(cases) > ROWS,
        signals=[(signal, listed_access(signal)) for signal in signals[:ROWS]],
        more_signals=len(signals) > ROWS,
    )


def _newest(model, matches: list[_Match], rule: Q) -> list[int]:
    """The ids of the newest ROWS + 1 records (by their moment, then id) that the matches find
    together under ``rule``, newest first. Only ids and moments are read here: each kind of
    match is a small query of its own (one per step), and the rows themselves are read once,
    afterwards.

    Each match's first step is asked; its later steps only while the matches so far found no
    more than ROWS (a word as the start of words only when whole words, names and streets
    found few). Once more than ROWS are found, a step reads only records at least as new as
    the last of them (nothing older can make the page), and an older records' step is asked
    only when the page reaches back before the last two weeks."""
    moment = _MOMENT[model]
    since = timezone.now() - timedelta(days=RECENT_DAYS)

    # Per rule one queryset, its filter built once: each step adds only its own (building a
    # rule's filter took as long as the database took to answer most steps).
    ruled: dict[int, QuerySet] = {}

    def newest(match: _Match, where: Q, limit: datetime | None) -> list[tuple[int, datetime]]:
        if id(match.rule) not in ruled:
            ruled[id(match.rule)] = model.objects.filter(rule & match.rule)
        if limit is not None:
            where &= Q(**{f"{moment}__gte": limit})
        found = ruled[id(match.rule)].filter(where).order_by(f"-{moment}", "-id")
        return list(found.values_list("pk", moment)[: ROWS + 1])

    found: dict[int, datetime] = {}
    for match in matches:
        for number, step in enumerate(match.steps):
            limit = sorted(found.values(), reverse=True)[ROWS] if len(found) > ROWS else None
            if number and limit is not None and (not step.older or limit >= since):
                continue
            found.update(newest(match, step.where(since), limit))
    newest_first = sorted(found.items(), key=lambda item: (item[1], item[0]), reverse=True)
    return [pk for pk, _ in newest_first[: ROWS + 1]]


def _newest_first(records, ids: list[int]) -> list:
    """``records`` in the order of ``ids``."""
    by_id = {record.pk: record for record in records}
    return [by_id[pk] for pk in ids if pk in by_id]
