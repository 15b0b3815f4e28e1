"""The need-to-know rule for cases (DESIGN §6), written once. The object check
(``case_access``) and the queryset filter (``cases_q``) both read these rules
(access/rules.py), so they cannot disagree.

- A case's existence (category, buurt, status, lead, the summary its source organisation wrote
  for the partners, the number of signals) is known to the members of its wijk's team and to
  coordinators, except for confidential cases: those only the organisations taking part know.
- Details (address, the signals' details, the timeline, notes, actions, documents) follow the
  sensitivity: team cases for the whole team; case-partner and confidential cases only for the
  organisations taking part: the source, the lead and the involved partners.
- An organisation takes part through its members *in the case's wijkteam*: a colleague in
  another wijk sees what any other member of the partners would (nothing of a case outside
  their team). Roles that work across wijken do where their role needs it: coordinators in
  every team, the rent administration for its corporation's arrears (``ACROSS_WIJKEN``).
- Receiving one of a case's signals does not make an organisation take part: it sees its own
  signal (signals/visibility.py), and the lead decides whom to involve. Grouping puts a signal
  only in a case its receiving organisation may already see (``JOINS``), so registering a
  signal never opens up what others wrote.
- Reporter identity is never shown on a case; it stays on the signal, for its receiver only.
"""

from dataclasses import dataclass

from django.db.models import Q

from wijkteam.access.rules import AnyOf, Flag, Is, Matches, RecordCheck, Rule, Viewer, as_q
from wijkteam.cases.models import Case
from wijkteam.partners.access import (
    ACROSS_WIJKEN,
    ORGANISATION,
    OVERSEES,
    STAFF,
    TEAMS,
    organisation_viewer,
)
from wijkteam.signals.models import Sensitivity

# The organisations taking part in a case.
PARTICIPANT_PATHS = ("source_organisation_id", "lead_id", "involved")
IN_TEAM = Flag(OVERSEES) | Matches("team_id", TEAMS)
# Where the viewer works for their organisation: their wijkteams, or every wijk for a role
# that works across wijken.
WORKS_HERE = IN_TEAM | Matches("main_category__slug", ACROSS_WIJKEN)
# Where the viewer works first: a case outside the viewer's wijken is turned away by its own
# columns, before the question to its involved partners (a subquery per case, rules.py).
TAKES_PART = WORKS_HERE & AnyOf(tuple(Matches(path, ORGANISATION) for path in PARTICIPANT_PATHS))
CONFIDENTIAL = Is("sensitivity", Sensitivity.CONFIDENTIAL)
TEAM_LEVEL = Is("sensitivity", Sensitivity.TEAM)

# May know it exists.
KNOWS = Flag(STAFF) & ((IN_TEAM & ~CONFIDENTIAL) | TAKES_PART)
# May see the details.
DETAILS = Flag(STAFF) & ((IN_TEAM & TEAM_LEVEL) | TAKES_PART)


@dataclass(frozen=True)
class CaseAccess:
    details: bool


def case_access(viewer: Viewer, case: Case) -> CaseAccess | None:
    """What the viewer may see of a loaded case; None when they may not know it exists."""
    check = RecordCheck(viewer, case)
    if not check(KNOWS):
        return None
    return CaseAccess(details=check(DETAILS))


def cases_q(viewer: Viewer, rule: Rule = KNOWS, *, prefix: str = "") -> Q:
    """The cases the viewer may know exist (or: for which ``rule`` holds), as a filter; with
    ``prefix``, for a queryset of what points to a case (``prefix="case"`` for its actions)."""
    return as_q(rule, viewer, Case, prefix=prefix)


def cases_to_join_q(*, organisation_id: int, team_id: int, sensitivity: str) -> Q:
    """The cases a new signal may join (cases/grouping.py): of the same sensitivity, and whose
    details its receiving organisation may already see, as a member of the signal's wijkteam.
    A signal never joins a stricter case (its receiver would not take part, or would share in
    what the partners wrote), nor a milder one (the case's partners would see it without a
    decision of the lead)."""
    receiver = organisation_viewer(organisation_id, team_id=team_id)
    return Q(sensitivity=sensitivity) & cases_q(receiver, DETAILS)
