"""The need-to-know rule for signals (DESIGN §6), written once. The object check
(``signal_access``) and the queryset filter (``signals_q``) both read these rules
(access/rules.py), so they cannot disagree.

- team: the members of the wijk's team (and coordinators) see the details;
- case partners: the receiving organisation and the organisations it is shared with (the lead
  and involved partners of its case) see the details; other team members see that it exists
  (category, buurt, status), nothing personal;
- confidential: only the receiving organisation and those it is shared with know it exists;
- who reported it: the receiving organisation only.
An organisation sees through its members *in the signal's wijkteam*: a colleague in another
wijk sees what any other member of the partners would. Roles that work across wijken do where
their role needs it (coordinators; the rent administration for its corporation's arrears), and
a signal whose wijk is not known yet (its address is still to be checked) is for the whole
receiving organisation, which checks it.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wijkteam.access.rules import (
    Flag,
    Is,
    Matches,
    RecordCheck,
    Rule,
    Viewer,
    as_expression,
    as_q,
)
from wijkteam.partners.access import ACROSS_WIJKEN, ORGANISATION, OVERSEES, STAFF, TEAMS
from wijkteam.signals.models import Sensitivity, Signal

IN_TEAM = Flag(OVERSEES) | Matches("team_id", TEAMS)
# Where the viewer works for their organisation: their wijkteams, a signal without a wijk yet,
# or every wijk for a role that works across wijken.
WORKS_HERE = IN_TEAM | Is("team_id", None) | Matches("main_category__slug", ACROSS_WIJKEN)
# Where the viewer works first: a record outside the viewer's wijken is turned away by its own
# columns, before the question to the links to many (a subquery per record, rules.py).
RECEIVES = WORKS_HERE & Matches("receiving_organisation_id", ORGANISATION)
SHARED_WITH = WORKS_HERE & Matches("shared_with", ORGANISATION)
CONFIDENTIAL = Is("sensitivity", Sensitivity.CONFIDENTIAL)
TEAM_LEVEL = Is("sensitivity", Sensitivity.TEAM)

# May know it exists: category, buurt, status, when.
KNOWS = Flag(STAFF) & ((IN_TEAM & ~CONFIDENTIAL) | RECEIVES | SHARED_WITH)
# May see the details: description, address, point, photos, history.
DETAILS = Flag(STAFF) & ((IN_TEAM & TEAM_LEVEL) | RECEIVES | SHARED_WITH)
# May see who reported it.
REPORTER = Flag(STAFF) & RECEIVES


@dataclass(frozen=True)
class SignalAccess:
    details: bool  # description, address, point, photos, history
    reporter: bool  # who reported it


def signal_access(viewer: Viewer, signal: Signal) -> SignalAccess | None:
    """What the viewer may see of a loaded signal; None when they may not know it exists.
    Prefetch ``shared_with`` when checking many signals."""
    check = RecordCheck(viewer, signal)
    if not check(KNOWS):
        return None
    return SignalAccess(details=check(DETAILS), reporter=check(REPORTER))


def signals_q(viewer: Viewer, rule: Rule = KNOWS, *, prefix: str = "") -> Q:
    """The signals the viewer may know exist (or: for which ``rule`` holds), as a filter; with
    ``prefix``, for a queryset of what points to a signal."""
    return as_q(rule, viewer, Signal, prefix=prefix)


def with_signal_access(signals: QuerySet[Signal], viewer: Viewer) -> QuerySet[Signal]:
    """The signals the viewer may know exist, each with what they may see of it, read in the
    list's own query (``listed_access``)."""
    return signals.filter(signals_q(viewer)).annotate(
        access_details=as_expression(DETAILS, viewer, Signal),
        access_reporter=as_expression(REPORTER, viewer, Signal),
    )


def listed_access(signal: Signal) -> SignalAccess:
    """What the viewer may see of a signal from ``with_signal_access``."""
    return SignalAccess(details=signal.access_details, reporter=signal.access_reporter)
