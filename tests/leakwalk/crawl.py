"""Crawling: every page of Wijkteam that can show a record, as everyone the walk knows, with
GET only, streamed files read to the end, and each response searched for every marker.

The pages come from the authorization matrix's route list (tests/matrix/routes.py), filled in
with the ids of the walk's world: every case, signal, document, photo and tracking link there
is. A route the walk does not crawl is named in ``NOT_CRAWLED`` with the reason.

To keep the walk quick, a request is not repeated when nothing it depends on can have changed:
- a page whose access depends only on who asks (a list, the team's pages, the privacy
  officer's log) that refused someone once is not asked again by them: being a member of a
  team, or having a role, does not change during the walk;
- a record's pages are asked again only when what they show changed in the database
  (``changed`` compares every row that belongs to a case or a signal): a case's pages and
  documents when the case or one of its signals changed, a signal's page when it or its case's
  own row changed, a signal's photos and location form when the signal itself changed; a
  team's lists, and the triage of one's teams, when something in that team changed; one's
  notifications when one's own changed; an organisation's inbox when a signal it received
  changed; its work when a case it leads, an action it owns or an answer of its reporters
  changed; a wijkteamoverleg's pages (its agenda, holding, following, minutes and their PDF,
  each item's forms) when something in its team changed, a case on its agenda included, and a
  refusal of them only for as long as the meeting stays where it is (planned, under way,
  closed). The other lists are asked after every step;
- a case's form to close its handling only while the case is being worked, and of Beheer's
  outbox the emails to reporters (those to staff hold a subject and a link).
Who crawls after each step, and who only after a walk's last step, is in world.py.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from itertools import product

from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse

from tests.leakwalk.world import DISTRICTS, World
from tests.matrix.asking import PARAMETER, PATTERNS
from tests.matrix.beheer import ADMIN_ROUTES
from tests.matrix.initiative_routes import INITIATIVE_ROUTES
from tests.matrix.open311_routes import open311_fillings
from tests.matrix.routes import (
    ADMIN,
    DEBT_HELP,
    PRIVACY_LOG,
    PRIVACY_OFFICER,
    STAFF_PAGE,
    TEAM_PAGE,
    every_route,
    route_of,
)
from tests.matrix.wijkbeeld_routes import PICTURE_ROUTES
from wijkteam.cases.models import (
    WORK_STATUSES,
    Case,
    CaseAction,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseSignal,
    Feedback,
    Proposal,
    ProposalResponse,
)
from wijkteam.meetings.models import AgendaItem, Attendance, CaseFlag, Meeting, MinutesAddendum
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    DebtHelpReferral,
    Reporter,
    Signal,
    SignalEvent,
    SignalMonthCount,
    SignalSpotMonthCount,
)

_NO_RECORD = "logging in and out, and the account's own pages: they show no record"
_NEW = "forms to take something new in, and one's own settings: they show no stored record"
_OFFICER = (
    "the privacy officer's own pages exist to show one person everything about them or a case "
    "(as in the matrix); every other visitor is refused them by role, whatever the records"
)
_MEETINGS = (
    "a wijkteamoverleg's time, place, chair and invited partners, or forms to plan and move "
    "one: no agenda item and no record of a case or signal (the matrix asks who may open them)"
)
NOT_CRAWLED = {
    "home": (
        "a redirect to where the visitor's work is, whose pages are crawled; for anyone not "
        "logged in the residents' start page, which shows no stored record"
    ),
    "voordeur:search": "the residents' search: categories and doors, no stored record",
    "voordeur:results": "the residents' search results: categories and doors, no record",
    "search:search": (
        "the staff search answers what is typed, not links: tests/search asks it, per kind of "
        "match, as every partner and checks each hit against the rule of the field it matched"
    ),
    "voordeur:choose": "counts a resident's choice and sends them on: no stored record",
    "voordeur:door": "another door's page (112, Veilig Thuis, ...): no stored record",
    "voordeur:follow": "the form to ask for one's tracking links: it shows nothing stored",
    "voordeur:follow_sent": "the same answer for every address: it shows nothing stored",
    "health": _NO_RECORD,
    "metrics": "counts and durations per route, queue and outbox sizes: no record of anyone",
    "set_language": _NO_RECORD,
    "login": _NO_RECORD,
    "sso_start": _NO_RECORD,
    "sso_callback": _NO_RECORD,
    "two_factor_verify": _NO_RECORD,
    "two_factor_setup": _NO_RECORD,
    "password_reset": _NO_RECORD,
    "password_reset_done": _NO_RECORD,
    "password_reset_confirm": _NO_RECORD,
    "password_reset_complete": _NO_RECORD,
    "beheer/login/": _NO_RECORD,
    "teams:list": "the wijkteams with their partners and members: no record of a case or signal",
    "teams:switch": "switches the visitor's wijk and sends them on: no record",
    "teams:detail": "a wijkteam's partners, members and buurten: no record of a case or signal",
    "portal:report": "the resident's empty form: it shows nothing stored",
    **{
        key: _MEETINGS
        for key in (
            "meetings:team",
            "meetings:ics",
            "meetings:create",
            "meetings:schedule",
            "meetings:move",
            "meetings:cancel",
        )
    },
    "meetings:calendar": _NEW,
    "meetings:agenda_add": (
        "the form for a member's own agenda item: the meeting's team and day and empty fields, "
        "no item and no record (the agenda it adds to is crawled)"
    ),
    "meetings:follow_state": (
        "the follow page's changing part alone, for its script: the same items, made by the same "
        "code (views/holding.py, _follow_state) as the follow page, which is crawled"
    ),
    "meetings:minutes_close": (
        "the confirmation before closing the minutes: the meeting's day and how many items were "
        "not discussed, no item and no record (the minutes themselves are crawled)"
    ),
    # The chair's forms over the same agenda: what a viewer reads of an item is one function
    # (meetings/redaction.py), which the crawled meeting, follow and minutes pages and the PDF
    # render after every step; the matrix asks each of these forms of every visitor.
    **{
        key: (
            "a chair's form over the agenda the meeting page shows, made from the same ItemViews "
            "(meetings/redaction.py): the walk crawls that page; the matrix asks this one"
        )
        for key in (
            "meetings:agenda",
            "meetings:agenda_move",
            "meetings:agenda_remove",
            "meetings:minutes_addendum",
        )
    },
    "meetings:feed": "a calendar feed of meetings: their team, time, place and link, no record",
    "portal:received": "the receipt a resident sees in their own session right after reporting",
    "intake:new": _NEW,
    "intake:field": _NEW,
    "intake:arrears_new": _NEW,
    "intake:arrears_import": _NEW,
    "notifications:preferences": _NEW,
    "intake:arrears_import_status": "the walk imports no CSV file: its world has no import",
    "privacy:persons": _OFFICER,
    "privacy:person_request": _OFFICER,
    "privacy:person_request_export": _OFFICER,
    "privacy:retention": _OFFICER,
    "privacy:legal_holds": _OFFICER,
    "privacy:legal_hold_lift": _OFFICER,
}
# Beheer (the Django admin) where the walk's records can show: the audit trail and the outbox.
BEHEER = (
    "admin:access_auditentry_changelist",
    "admin:notifications_outgoingemail_changelist",
    "admin:notifications_outgoingemail_change",
)
_AUDIT_ROW = (
    "one audit row's own page: the walk writes hundreds of rows; their list is crawled, and the "
    "matrix asks a row's page"
)
_EMAIL = "the outbox is read-only: adding and deleting are refused, the history holds no record"
_CONFIGURATION = (
    "Beheer's configuration (wijken, organisations, users, categories, triage rules, templates "
    "and the task queue): no record of a case or signal"
)
NOT_CRAWLED |= {
    key: _AUDIT_ROW if "auditentry" in key else _EMAIL if "outgoingemail" in key else _CONFIGURATION
    for key in ADMIN_ROUTES
    if key not in BEHEER
}
# The residents' initiatives, public and the wijkteam's: no case or signal is on them.
_INITIATIVES = (
    "a residents' initiative's page (public, or the wijkteam's): initiatives share no record "
    "with the cases and signals the walk changes, and its world has none; the matrix asks each "
    "of them of every visitor, searching for the initiatives' markers, and "
    "tests/initiatives/test_sequences.py walks their sequences"
)
NOT_CRAWLED |= {key: _INITIATIVES for key, route in INITIATIVE_ROUTES.items() if route.get}
# The wijk's picture: counts, never a record's text, except the hotspots' spots, named by their
# street. The hotspots and their tables' downloads are crawled, in the picture's own walk only
# (``PICTURE_PAGES``: every other walk changes no kept count, so they would show nothing new).
_MEASURES = (
    "a measure of the wijk's picture (the list, its page, its forms): what the team recorded "
    "and counts from the kept aggregates, no record of a case or signal; the matrix asks each "
    "of every visitor and searches them for the picture's markers (tests/matrix/"
    "wijkbeeld_world.py)"
)
_PUBLIC_PICTURE = (
    "the public picture (/cijfers/): counts per main category with small ones suppressed, the "
    "measures marked public and realised initiatives, no record; the matrix searches it"
)
_PICTURE_COUNTS = (
    "the staff's picture of the gemeente, a wijk or a buurt, and its charts (SVG, CSV, Excel): "
    "counts and the team's figures only, no street, record or person; the matrix asks each of "
    "the categories' owners and others and searches them for every sum that would tell a "
    "secret (tests/matrix/wijkbeeld_world.py)"
)
PICTURE_PAGES = {"wijkbeeld:hotspots", "wijkbeeld:hotspots_table"}
# The hotspots' tables crawled, in both formats (an Excel file is read inside: walk.body_of).
HOTSPOT_TABLES = ("buurten", "top-buurten", "plekken")
NOT_CRAWLED |= {
    key: (
        _PUBLIC_PICTURE
        if key.startswith("wijkcijfers:")
        else _MEASURES
        if "measure" in key
        else _PICTURE_COUNTS
    )
    for key, route in PICTURE_ROUTES.items()
    if route.get and key not in PICTURE_PAGES
}
# Open311: the requests' public status is crawled (the list and each signal's answer, in JSON:
# the XML is written from the same answer); the rest shows no record.
_OPEN311 = (
    "Open311's discovery, services and tokens, and revoking an app's key in Beheer: the "
    "categories residents may report and an app's name, no record of a case or signal"
)
NOT_CRAWLED |= {
    key: _OPEN311
    for key in (
        "open311:discovery",
        "open311:services",
        "open311:service",
        "open311:token",
        "admin:open311_open311app_revoke",
    )
}
# The REST API answers API clients only (a browser's session is no key: 401 for every visitor
# the walk has); tests/api/test_api_matrix.py asks every API route as clients of every
# organisation, against the same markers.
_API = "the REST API: API clients only, walked by tests/api/test_api_matrix.py"
NOT_CRAWLED |= {key: _API for key in PATTERNS if key.startswith("api:")}
# Pages whose access depends only on who asks, never on a record.
STANDING = {STAFF_PAGE, TEAM_PAGE, PRIVACY_LOG, PRIVACY_OFFICER, DEBT_HELP, ADMIN}


@dataclass(frozen=True)
class Page:
    key: str
    url: str
    # What the page shows, to know when to ask it again: ("case" or "signal", id) for a
    # record's page, ("signal row", id) for a photo or form of a signal alone, ("team", code)
    # for a team's list, (list, None) for one's own list, None for a list of everything.
    record: tuple[str, object] | None = None
    holder: str | None = None  # a tracking link's page: only its holder asks it
    standing: bool = False  # who may see it depends only on who asks
    gate: str = ""  # what a refusal is remembered by: the URL, or for Beheer the route
    # A photo's page serves the photo itself, which holds no text: being served it (200) is
    # seeing it, so its name counts as shown.
    serves: str = ""


def crawled_keys() -> list[str]:
    keys = [key for key, route in every_route().items() if route.get and key not in NOT_CRAWLED]
    return keys + [key for key in BEHEER if key not in keys]


def _parameters(key: str) -> tuple[str, ...]:
    return tuple(m.group(1) or m.group(2) for m in PARAMETER.finditer(PATTERNS[key].route))


def _tracking(parameters: tuple[str, ...], world: World):
    """A holder's tracking pages, and with their link every photo there is (only their own
    may be served)."""
    kind = parameters[0]
    photos = list(Attachment.objects.values_list("pk", "signal_id", "original_name"))
    for name, link in world.state.holders.items():
        value = link.token if kind == "token" else link.link
        if parameters == (kind,):
            # The tracking page shows the report and what the case did about it.
            case = Case.objects.get(links__signal__reference=world.state.signals[link.signal])
            yield {kind: value}, ("case", case.pk), name, ""
            continue
        for pk, signal_id, photo_name in photos:
            yield {kind: value, "photo_id": pk}, ("signal row", signal_id), name, photo_name


# Lists of one person's, one organisation's or one's wijkteams' own: asked again when something
# of theirs changed (one's notifications; the signals one's organisation received; the cases it
# leads, the actions it owns and its reporters' answers; the cases of one's teams).
OWN_LISTS = {
    "notifications:list": "user",
    "signals:organisation": "received",
    "cases:my_work": "work",
    "cases:triage": "teams",
}


def _fillings(key: str, world: World):
    """Each filling of the route's parameters from the world, with what the page shows and
    whose tracking link it is."""
    parameters = _parameters(key)
    if key.startswith("open311:"):
        yield from open311_fillings(key)
    elif parameters == () and key in OWN_LISTS:
        yield {}, (OWN_LISTS[key], None), None, ""  # whose: filled in by who asks
    elif parameters == ():
        yield {}, None, None, ""
    elif parameters == ("district_code", "table", "fmt"):
        for code in DISTRICTS.values():
            for table, fmt in product(HOTSPOT_TABLES, ("csv", "xlsx")):
                values = {"district_code": code, "table": table, "fmt": fmt}
                yield values, ("picture", code), None, ""
    elif parameters == ("district_code",):
        # The picture's pages show the wijk's kept counts only: asked again when they changed.
        what = "picture" if key in PICTURE_PAGES else "team"
        for code in DISTRICTS.values():
            yield {"district_code": code}, (what, code), None, ""
    elif parameters == ("reference",) and key.startswith(("cases:", "meetings:")):
        cases = Case.objects.all()
        if key == "cases:resolve":  # the form that ends the handling, of a case being worked
            cases = cases.filter(status__in=WORK_STATUSES)
        for pk, reference in cases.values_list("pk", "reference"):
            yield {"reference": reference}, ("case", pk), None, ""
    elif parameters == ("reference",):
        signals = Signal.objects.all()
        if key.startswith("signals:debt_help"):
            signals = signals.filter(arrears__isnull=False)
        # The location form shows the signal alone; its page shows its case too.
        what = "signal row" if key == "intake:location" else "signal"
        for pk, reference in signals.values_list("pk", "reference"):
            yield {"reference": reference}, (what, pk), None, ""
    elif parameters == ("reference", "document_id"):
        for document in CaseDocument.objects.select_related("case"):
            values = {"reference": document.case.reference, "document_id": document.pk}
            yield values, ("case", document.case_id), None, ""
    elif parameters == ("reference", "attachment_id"):
        for photo in Attachment.objects.select_related("signal"):
            values = {"reference": photo.signal.reference, "attachment_id": photo.pk}
            yield values, ("signal row", photo.signal_id), None, photo.original_name
    elif parameters[0] in ("token", "value"):
        yield from _tracking(parameters, world)
    elif parameters == ("meeting_id",):
        # A meeting's pages show its items as each viewer may read them: asked again when
        # anything of its team changed (a case on its agenda included: see ``changed``).
        for pk, code in Meeting.objects.values_list("pk", "team__district__code"):
            yield {"meeting_id": pk}, ("team", code), None, ""
    elif parameters == ("meeting_id", "item_id"):
        # An item's own forms show that item alone: asked again when its case changed (the
        # item's rows are its case's), an item about no case when its team's did.
        items = AgendaItem.objects.values_list(
            "pk", "meeting_id", "case_id", "meeting__team__district__code"
        )
        for pk, meeting_id, case_id, code in items:
            record = ("case", case_id) if case_id else ("team", code)
            yield {"meeting_id": meeting_id, "item_id": pk}, record, None, ""
    elif parameters == ("object_id",):
        # An email to a reporter in Beheer's outbox (those to staff hold a subject and a link).
        staff = User.objects.values_list("email", flat=True)
        for pk in OutgoingEmail.objects.exclude(to__in=staff).values_list("pk", flat=True):
            yield {"object_id": pk}, None, None, ""
    else:
        raise AssertionError(f"The walk does not know how to fill {parameters} of {key}")


def pages(world: World) -> list[Page]:
    """Every page to crawl, each URL once."""
    found, urls = [], set()
    # Who may open a meeting's page depends on who asks and on where the meeting is (its PDF
    # exists once the minutes are closed): a refusal is remembered for the meeting's status.
    statuses = dict(Meeting.objects.values_list("pk", "status"))
    for key in crawled_keys():
        route = route_of(key)
        for values, record, holder, serves in _fillings(key, world):
            url = reverse(PATTERNS[key].name, kwargs=values)
            if route.query_for(None):
                url = f"{url}?{route.query_for(None)}"
            of_who = record is None or record[0] in (
                "team",
                "picture",
                "user",
                "received",
                "work",
                "teams",
            )
            # Who may open a meeting's pages depends on who asks (see ``gate``), not on the
            # case an item is about.
            standing = route.access in STANDING and (of_who or "meeting_id" in values)
            gate = key if route.access == ADMIN else url
            if "meeting_id" in values:
                gate = f"{url} ({statuses[values['meeting_id']]})"
            if (url, holder) not in urls:
                urls.add((url, holder))
                found.append(Page(key, url, record, holder, standing, gate, serves))
    return found


# --- what changed ------------------------------------------------------------------------------

User = get_user_model()
# Per model: how a row belongs to a case or a signal (the field holding its id).
_CASE_ROWS = {
    CaseEvent: "case_id",
    CaseNote: "case_id",
    CaseDocument: "case_id",
    CaseAction: "case_id",
    Feedback: "case_id",
    Proposal: "case_id",
    ProposalResponse: "proposal__case_id",
    Case.involved.through: "case_id",
    # The wijkteamoverleg: what an item about a case holds is the case's (redaction.py).
    CaseFlag: "case_id",
    AgendaItem: "case_id",
    AgendaItem.agreed_actions.through: "agendaitem__case_id",
    MinutesAddendum: "item__case_id",
}
# A meeting's own rows, and the items and addenda about no case: rows of the meeting's team.
_TEAM_ROWS = {
    Meeting: "team__district__code",
    Attendance: "meeting__team__district__code",
    AgendaItem: "meeting__team__district__code",
    MinutesAddendum: "meeting__team__district__code",
}
_SIGNAL_ROWS = {
    Reporter: "signal_id",
    Attachment: "signal_id",
    SignalEvent: "signal_id",
    ArrearsDetails: "signal_id",
    DebtHelpReferral: "signal_id",
    Signal.shared_with.through: "signal_id",
}


def fingerprints() -> dict[tuple[str, int], str]:
    """A digest of every row that belongs to each case and each signal (a case's rows include
    its signals' links and the emails about it), of each case's own row with its links (what a
    signal's page shows of its case), of each user's notifications, and per team of its
    meetings (their own rows, attendance, and items and addenda about no case; those about a
    case are the case's rows)."""
    rows: dict[tuple[str, int], list] = defaultdict(list)
    for row in Case.objects.values():
        rows["case", row["id"]].append(row)
        rows["case row", row["id"]].append(row)
    for row in Signal.objects.values():
        rows["signal", row["id"]].append(row)
    for row in CaseSignal.objects.values():
        rows["case", row["case_id"]].append(row)
        rows["case row", row["case_id"]].append(row)
        rows["signal", row["signal_id"]].append(row)
    for kind, models in (("case", _CASE_ROWS), ("signal", _SIGNAL_ROWS)):
        for model, owner in models.items():
            for row in model.objects.annotate(owner_of_row=F(owner)).values():
                if row["owner_of_row"] is not None:  # an item about no case: its team's
                    rows[kind, row["owner_of_row"]].append(row)
    for model, owner in _TEAM_ROWS.items():
        for row in model.objects.annotate(owner_of_row=F(owner)).values():
            rows["team", row["owner_of_row"]].append(row)
    # The wijk's picture: its kept counts (what the hotspots show), without their ids (counted
    # again from scratch, they are new rows with the same numbers).
    for model in (SignalMonthCount, SignalSpotMonthCount):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        for row in model.objects.order_by(*fields).values(*fields, code=F("district__code")):
            rows["picture", row["code"]].append(row)
    cases = dict(Case.objects.values_list("reference", "pk"))
    for row in OutgoingEmail.objects.values():
        if row["topic"] in cases:
            rows["case", cases[row["topic"]]].append(row)
    for row in Notification.objects.values():
        rows["user", row["user_id"]].append(row)
    for row in Case.objects.filter(lead__isnull=False).values():
        rows["work", row["lead_id"]].append(row)
    for row in CaseAction.objects.annotate(of=F("case__status"), lead=F("case__lead_id")).values():
        rows["work", row["owner_organisation_id"]].append(row)
    for row in Feedback.objects.annotate(lead=F("case__lead_id")).values():
        rows["work", row["lead"]].append(row)
    return {key: hashlib.sha256(repr(found).encode()).hexdigest() for key, found in rows.items()}


def changed(before: dict, after: dict) -> set[tuple[str, object]]:
    """The records whose rows changed, with the cases of changed signals (a case's page shows
    its signals) and the signals of cases whose own row or links changed (a signal's page shows
    its case's number, status and lead), and the teams they are in (whose lists show them)."""
    direct = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    links = list(CaseSignal.objects.values_list("case_id", "signal_id"))
    # A photo or a location form shows the signal alone: it changes with the signal's rows.
    spread = direct | {("signal row", pk) for what, pk in direct if what == "signal"}
    for case_id, signal_id in links:
        if ("case row", case_id) in direct:
            spread.add(("signal", signal_id))
        if ("signal", signal_id) in direct:
            spread.add(("case", case_id))
    ids = {kind: {pk for what, pk in spread if what == kind} for kind in ("case", "signal")}
    for model, kind in ((Case, "case"), (Signal, "signal")):
        codes = model.objects.filter(pk__in=ids[kind]).values_list("district__code", flat=True)
        spread |= {("team", code) for code in codes}
    # A meeting's pages show its items' cases: a case that changed (moved to another wijk
    # too) changes the pages of every meeting with an item about it.
    meetings = AgendaItem.objects.filter(case_id__in=ids["case"]).values_list(
        "meeting__team__district__code", flat=True
    )
    spread |= {("team", code) for code in meetings}
    receivers = Signal.objects.filter(pk__in=ids["signal"]).values_list(
        "receiving_organisation_id", flat=True
    )
    spread |= {("received", pk) for pk in receivers}
    return spread
