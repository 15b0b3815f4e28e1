"""Retention (DESIGN §6): a set time after a case is closed, its personal data is removed or
anonymised; what the wijk learns from it stays (the case with its category, buurt, dates,
status, outcome and lead; its signals and their number; the reporters' "tevreden?" answers).

The period is the case's category's (``Category.retention_period``), counted in calendar months
from the day the case was closed. Then, once per case:
- reporters' name, email address and phone number are blanked (their tracking link keeps
  working and shows the public status); the emails to them in the outbox are deleted;
- photos and case documents are deleted, rows at once and files once the transaction commits;
- an arrears tenant's name and any external reference (which points at the person in the
  corporation's own records) are blanked;
- in a case only its partners or one organisation see (sensitivity 'betrokken partners' or
  'vertrouwelijk'), the address is brought back to street and buurt: house number, addition
  and BAG id go, the postcode keeps its four digits, the point is rounded to about 100 metres;
- free text (descriptions, notes, actions, reasons, messages, comments and the timeline lines
  that quote them) is replaced by a fixed marker, unless every category in the case keeps free
  text (``Category.keeps_free_text``).

A signal that never reached a case (its wijk is unknown) is taken the same way after the same
period, counted from its last change instead of a closure: unplaced.py. Both anonymise a
signal with the one function of signal_data.py.

Residents' initiatives have a period of their own after they ended, and their confirmation
links leave unconfirmed ideas and supports behind: initiatives.py and unconfirmed.py. The
tables that grow with every request, task, email and notification lose their old rows in the
same nightly run: housekeeping.py.

A case with a legal hold (legal_hold.py) is passed by, and so is a case with a hold on a case
merged into it. Each case is done in its own transaction, so that one failure does not stop the
others and the next run continues where this one stopped; a case is done once
(``Case.retention_applied_at``) and nothing personal is added to it afterwards. The dry run
(``retention_plan``) lists the same inventory the run works from, without changing anything.
"""

from wijkteam.privacy.retention.housekeeping import KINDS, housekeeping_due, housekeeping_run
from wijkteam.privacy.retention.initiatives import (
    InitiativeRemoval,
    InitiativeRunReport,
    initiative_inventory,
    initiative_retention_apply,
    initiative_retention_months,
    initiatives_due,
    initiatives_retention_run,
)
from wijkteam.privacy.retention.inventory import Removal, retention_inventory
from wijkteam.privacy.retention.items import removed_marker
from wijkteam.privacy.retention.leftovers import leftovers_due, leftovers_remove
from wijkteam.privacy.retention.run import (
    RunReport,
    case_retention_apply,
    retention_plan,
    retention_run,
)
from wijkteam.privacy.retention.schedule import (
    due_on,
    months_later,
    retention_due,
    retention_rules,
)
from wijkteam.privacy.retention.unconfirmed import (
    UnconfirmedCounts,
    unconfirmed_due,
    unconfirmed_remove,
)
from wijkteam.privacy.retention.unplaced import (
    SignalRemoval,
    SignalRunReport,
    unplaced_due,
    unplaced_inventory,
    unplaced_plan,
    unplaced_retention_apply,
    unplaced_retention_run,
)

__all__ = [
    "KINDS",
    "InitiativeRemoval",
    "InitiativeRunReport",
    "Removal",
    "RunReport",
    "SignalRemoval",
    "SignalRunReport",
    "UnconfirmedCounts",
    "case_retention_apply",
    "due_on",
    "housekeeping_due",
    "housekeeping_run",
    "initiative_inventory",
    "initiative_retention_apply",
    "initiative_retention_months",
    "initiatives_due",
    "initiatives_retention_run",
    "leftovers_due",
    "leftovers_remove",
    "months_later",
    "removed_marker",
    "retention_due",
    "retention_inventory",
    "retention_plan",
    "retention_rules",
    "retention_run",
    "unconfirmed_due",
    "unconfirmed_remove",
    "unplaced_due",
    "unplaced_inventory",
    "unplaced_plan",
    "unplaced_retention_apply",
    "unplaced_retention_run",
]
