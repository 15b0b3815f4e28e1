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

A case never matches on who reported one of its signals: that stays on the signal, for its
receiving organisation only. Nothing here is logged: the rows show no more than the lists do."""

import re
from dataclasses import dataclass, field

from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from wijkteam.cases import visibility as case_visibility
from wijkteam.cases.access import case_rows_for_user
from wijkteam.cases.models import Case
from wijkteam.cases.visibility import CaseAccess, cases_q
from wijkteam.partners.access import is_staff_member, viewer_of
from wijkteam.partners.models import User
from wijkteam.search.matching import similar_q, similarity_for_search, words_q
from wijkteam.signals import visibility as signal_visibility
from wijkteam.signals.models import ArrearsDetails, Reporter, Signal
from wijkteam.signals.visibility import SignalAccess, listed_access, signals_q, with_signal_access

MAX_QUERY = 200
ROWS = 20  # per kind; more: the page asks to search more precisely
# Of a word or street that many records share, the newest this many are checked against the
# rules (a wijk's user sees a sixth of the city's signals: plenty for a page of ROWS).
CANDIDATES = 2000
NUMBER_YEARS = 6  # a number alone is looked for in this year's references and the years before

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


def search_query(text: str) -> str:
    """The query as searched: spaces tidied, at most MAX_QUERY characters."""
    return " ".join(text.split())[:MAX_QUERY]


def _matches(query: str, viewer) -> tuple[list[Q], list[Q]]:
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
            return [Q(reference=number)], []
        return [], [Q(reference=number)]
    if _BARE_NUMBER.fullmatch(query):
        # Just the number, as staff say it on the phone: that number of this year and the
        # years before, signal and case alike.
        this_year = timezone.localdate().year
        years = range(this_year, this_year - NUMBER_YEARS, -1)
        number = int(query)
        return (
            [Q(reference__in=[f"M-{year}-{number:05d}" for year in years])],
            [Q(reference__in=[f"Z-{year}-{number:05d}" for year in years])],
        )
    if _EMAIL.fullmatch(query):
        reporters = Reporter.objects.filter(
            Exact(Lower("email"), query.lower()), is_anonymous=False
        )
        receiver = signals_q(viewer, signal_visibility.REPORTER)
        return [Q(pk__in=reporters.values("signal_id")) & receiver], []
    if postcode := _POSTCODE.fullmatch(query):
        place = Q(postcode=(postcode["digits"] + postcode["letters"]).upper())
        if postcode["number"]:
            place &= Q(house_number=int(postcode["number"]))
        return [place & signal_details], [place & case_details]
    if address := _STREET_NUMBER.fullmatch(query):
        number = Q(house_number=int(address["number"]))
        return (
            [similar_q(Signal, "street", address["street"]) & number & signal_details],
            [similar_q(Case, "street", address["street"]) & number & case_details],
        )
    named = Reporter.objects.filter(similar_q(Reporter, "name", query), is_anonymous=False)
    tenants = ArrearsDetails.objects.filter(similar_q(ArrearsDetails, "tenant_name", query))
    return (
        [
            _newest_matches(Signal, words_q(Signal, "description", query)) & signal_details,
            _newest_matches(Signal, similar_q(Signal, "street", query)) & signal_details,
            Q(pk__in=tenants.values("signal_id")) & signal_details,
            Q(pk__in=named.values("signal_id")) & signals_q(viewer, signal_visibility.REPORTER),
        ],
        [
            _newest_matches(Case, words_q(Case, "summary", query)),
            _newest_matches(Case, similar_q(Case, "street", query)) & case_details,
        ],
    )


def _newest_matches(model, match: Q) -> Q:
    """The newest CANDIDATES records that ``match`` finds, before any rule: read through the
    match's own index and sorted, then checked against the rules one by one. Asked together
    with the rules and newest first, the database guesses how many records a word or a street
    matches from poor estimates, and either reads every match of a common word through the
    rules or reads the whole table, newest first, for a rare one."""
    moment = "created_at" if model is Signal else "opened_at"
    newest = model.objects.filter(match).order_by(f"-{moment}", "-id").values("pk")
    return Q(pk__in=newest[:CANDIDATES])


def search_for_user(user: User, text: str) -> SearchResults:
    """What ``text`` finds for ``user``: cases and signals, newest first, ROWS of each."""
    query = search_query(text)
    if not query or not is_staff_member(user):
        return SearchResults(query=query)
    viewer = viewer_of(user)
    signal_matches, case_matches = _matches(query, viewer)
    with similarity_for_search(Signal):
        signals = _newest(
            [
                with_signal_access(Signal.objects.filter(match), viewer)
                .select_related("category", "neighbourhood", "receiving_organisation")
                .order_by("-created_at", "-id")
                for match in signal_matches
            ],
            "created_at",
        )
        cases = _newest(
            [
                Case.objects.filter(match & cases_q(viewer))
                .select_related("category", "main_category", "neighbourhood", "team__district")
                .select_related("lead")
                .order_by("-opened_at", "-id")
                for match in case_matches
            ],
            "opened_at",
        )
    prefetch_related_objects(cases[:ROWS], "involved")
    return SearchResults(
        query=query,
        cases=case_rows_for_user(user, cases[:ROWS]),
        more_cases=len(cases) > ROWS,
        signals=[(signal, listed_access(signal)) for signal in signals[:ROWS]],
        more_signals=len(signals) > ROWS,
    )


def _newest(querysets, moment: str) -> list:
    """The newest ROWS + 1 (by ``moment``, then id) of what the querysets, each ordered so,
    find together; each record once."""
    found = {}
    for queryset in querysets:
        for record in queryset[: ROWS + 1]:
            found.setdefault(record.pk, record)
    newest_first = sorted(
        found.values(), key=lambda record: (getattr(record, moment), record.pk), reverse=True
    )
    return newest_first[: ROWS + 1]
