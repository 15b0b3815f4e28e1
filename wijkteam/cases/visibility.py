"""The need-to-know rule for cases (DESIGN §6), written once. The object check
(``case_access``) and the queryset filter (``cases_q``) both read these rules
(access/rules.py), so they cannot disagree.

- A case's existence (category, buurt, status, lead, the summary its source organisation wrote
  for the partners, the number of signals) is known to the members of its wijk's team and to
  coordinators, except for confidential cases: those only the organisations taking part know.
- Details (address, the signals' details, the timeline, notes, actions, documents) follow the
  sensitivity: team cases for the whole team; case-partner and confidential cases only for the
  organisations taking part: the source, the lead, the involved partners and the receivers of
  its signals.
- Reporter identity is never shown on a case; it stays on the signal, for its receiver only.
"""

from dataclasses import dataclass

from django.db.models import Q

from wijkteam.access.rules import AnyOf, Flag, Is, Matches, RecordCheck, Rule, Viewer, as_q
from wijkteam.access.rules import path_values as _path_values
from wijkteam.cases.models import Case
from wijkteam.partners.access import ORGANISATION, OVERSEES, STAFF, TEAMS
from wijkteam.signals.models import Sensitivity

# The organisations taking part in a case.
PARTICIPANT_PATHS = (
    "source_organisation_id",
    "lead_id",
    "involved",
    "links__signal__receiving_organisation_id",
)
TAKES_PART = AnyOf(tuple(Matches(path, ORGANISATION) for path in PARTICIPANT_PATHS))
IN_TEAM = Flag(OVERSEES) | Matches("team_id", TEAMS)
CONFIDENTIAL = Is("sensitivity", Sensitivity.CONFIDENTIAL)
TEAM_LEVEL = Is("sensitivity", Sensitivity.TEAM)

# May know it exists.
KNOWS = Flag(STAFF) & ((IN_TEAM & ~CONFIDENTIAL) | TAKES_PART)
# May see the details.
DETAILS = Flag(STAFF) & ((IN_TEAM & TEAM_LEVEL) | TAKES_PART)


@dataclass(frozen=True)
class CaseAccess:
    details: bool
    participant: bool  # the user's organisation takes part (source, lead, involved, receiver)


def case_access(viewer: Viewer, case: Case) -> CaseAccess | None:
    """What the viewer may see of a loaded case; None when they may not know it exists."""
    check = RecordCheck(viewer, case)
    if not check(KNOWS):
        return None
    return CaseAccess(details=check(DETAILS), participant=check(Flag(STAFF) & TAKES_PART))


def cases_q(viewer: Viewer, rule: Rule = KNOWS, *, prefix: str = "") -> Q:
    """The cases the viewer may know exist (or: for which ``rule`` holds), as a filter; with
    ``prefix``, for a queryset of what points to a case (``prefix="case"`` for its actions)."""
    return as_q(rule, viewer, Case, prefix=prefix)


def participant_ids(case: Case) -> set[int]:
    """Organisations taking part in a case: its source, its lead, the involved partners and
    the receivers of its signals."""
    ids: set = set()
    for path in PARTICIPANT_PATHS:
        ids |= _path_values(case, path)
    return ids - {None}
