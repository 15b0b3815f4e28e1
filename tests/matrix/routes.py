"""Every route of Wijkteam with who may use it."""

from collections.abc import Callable
from dataclasses import dataclass

from tests.matrix.visitors import K, Visitor
from wijkteam.partners.models import Role

# --- the routes and who may use them -----------------------------------------------------------

PUBLIC = "public"  # anyone, no account
GUEST = "guest"  # the login pages: for visitors without a session
STAFF_PAGE = "staff"  # any staff member of a partner organisation
TEAM_PAGE = "team"  # wijk A's pages: its members and coordinators
RECORD = "record"  # one case or signal: who knows it exists (404 for anyone else)
DETAILS = "details"  # a file or form of one record: who sees its details (404 otherwise)
IMPORT = "import"  # an arrears import: its corporation only
PRIVACY_LOG = "privacy_log"  # the access log: privacy officer and functional admins
PRIVACY_OFFICER = "privacy_officer"  # a person's rights, legal holds: the privacy officer only
DEBT_HELP = "debt_help"  # arrears passed on to debt help: the gemeente's members of the team
ADMIN = "admin"  # Beheer (Django admin): functional admins
ADMIN_DOOR = "admin_door"  # Beheer's own login and logout pages
SECOND_STEP = "second_step"  # the two-factor step after the password: for who is halfway in


@dataclass(frozen=True)
class Route:
    access: str
    get: bool = True  # GET shows a page; False: the route only takes POST (GET gives 405)
    post: bool = False
    records: tuple[str, ...] = ()
    readers_post: bool = False  # read-only users may POST here (their own settings)
    may: Callable[[Visitor], bool] | None = None  # a further rule for a 200 (else 403)
    shows: int = 200  # what an allowed GET answers (the start page sends staff on: 302)
    details: bool = False  # acting here needs the record's details, not only knowing it exists


def creates_arrears(visitor: Visitor) -> bool:
    return visitor.kind == K.CORPORATIE and not visitor.reader


def counsels_debt(visitor: Visitor) -> bool:
    """The gemeente's debt counsellor (schuldhulpverlener) in the visitor's team."""
    return (visitor.kind, visitor.role) == (K.GEMEENTE, Role.MEDEWERKER)


def receives_debt_help(visitor: Visitor) -> bool:
    """DESIGN §6: arrears go to the gemeente's schuldhulp once the art. 2 steps are done: to its
    debt counsellor in the wijk's team, not to the rest of the gemeente."""
    return counsels_debt(visitor) and visitor.team == "A"


def registers(visitor: Visitor) -> bool:
    return not visitor.reader


CASES = ("noise", "care", "arrears")
ROUTES: dict[str, Route] = {
    "home": Route(STAFF_PAGE, shows=302),
    "health": Route(PUBLIC),
    "set_language": Route(PUBLIC, post=True, shows=302),
    "login": Route(GUEST, post=True),
    "logout": Route(PUBLIC, get=False, post=True),
    "two_factor_verify": Route(SECOND_STEP, post=True),
    "two_factor_setup": Route(SECOND_STEP, post=True),
    "password_reset": Route(PUBLIC, post=True),
    "password_reset_done": Route(PUBLIC),
    "password_reset_confirm": Route(PUBLIC),
    "password_reset_complete": Route(PUBLIC),
    "teams:list": Route(STAFF_PAGE),
    "teams:switch": Route(STAFF_PAGE, shows=302),
    "teams:detail": Route(STAFF_PAGE),
    "portal:report": Route(PUBLIC, post=True),
    "portal:received": Route(PUBLIC, shows=302),  # without a report just sent: to the form
    "portal:track": Route(PUBLIC, post=True),
    "portal:track_link": Route(PUBLIC),
    # The resident's own token with another signal's photo: never served, to anyone.
    "portal:track_photo": Route(PUBLIC, shows=404),
    "portal:track_link_photo": Route(PUBLIC, shows=404),
    "cases:triage": Route(STAFF_PAGE),
    "cases:my_work": Route(STAFF_PAGE),
    "cases:team": Route(TEAM_PAGE),
    "cases:team_triage": Route(TEAM_PAGE),
    "cases:detail": Route(RECORD, records=CASES),
    "cases:respond": Route(RECORD, get=False, post=True, records=CASES),
    "cases:decide": Route(RECORD, get=False, post=True, records=CASES),
    "cases:remark": Route(RECORD, get=False, post=True, records=CASES),
    "cases:summary": Route(RECORD, get=False, post=True, records=CASES),
    "cases:urgent": Route(RECORD, get=False, post=True, records=CASES),
    "cases:move": Route(RECORD, get=False, post=True, records=CASES),
    "cases:merge": Route(RECORD, get=False, post=True, records=CASES),
    "cases:split": Route(RECORD, get=False, post=True, records=CASES),
    "cases:status": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:action_add": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:action_done": Route(DETAILS, get=False, post=True, records=("care",)),
    "cases:note": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:resolve": Route(RECORD, post=True, records=CASES, may=registers, details=True),
    "cases:close": Route(RECORD, get=False, post=True, records=CASES),
    "cases:reopen": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:feedback_answer": Route(DETAILS, get=False, post=True, records=("care",)),
    "cases:document_add": Route(RECORD, get=False, post=True, records=CASES, details=True),
    "cases:document": Route(DETAILS, records=("care",)),
    "cases:document_remove": Route(DETAILS, get=False, post=True, records=("care",)),
    "notifications:list": Route(STAFF_PAGE),
    "notifications:read_all": Route(STAFF_PAGE, get=False, post=True, readers_post=True),
    "notifications:preferences": Route(STAFF_PAGE, post=True, readers_post=True),
    "intake:new": Route(STAFF_PAGE, post=True, may=registers),
    "intake:field": Route(STAFF_PAGE, post=True, may=registers),
    "intake:arrears_new": Route(STAFF_PAGE, post=True, may=creates_arrears),
    "intake:arrears_import": Route(STAFF_PAGE, post=True, may=creates_arrears),
    "intake:arrears_import_status": Route(IMPORT),
    "intake:location": Route(RECORD, post=True, records=CASES, details=True),
    "signals:organisation": Route(STAFF_PAGE),
    "signals:team": Route(TEAM_PAGE),
    "signals:detail": Route(RECORD, records=CASES),
    "signals:photo": Route(DETAILS, records=("care",)),
    "privacy:overview": Route(PRIVACY_LOG),
    "privacy:access_log": Route(PRIVACY_LOG),
    "privacy:persons": Route(PRIVACY_OFFICER, post=True),
    "privacy:person_request": Route(PRIVACY_OFFICER),
    "privacy:person_request_export": Route(PRIVACY_OFFICER),
    "privacy:person_request_erase": Route(PRIVACY_OFFICER, get=False, post=True),
    "privacy:retention": Route(PRIVACY_OFFICER),
    "privacy:legal_holds": Route(PRIVACY_OFFICER, post=True),
    "privacy:legal_hold_lift": Route(PRIVACY_OFFICER, post=True, records=("care",)),
    "signals:debt_help": Route(DEBT_HELP),
    "signals:debt_help_detail": Route(DEBT_HELP, records=("arrears",)),
    "signals:debt_help_pick_up": Route(DEBT_HELP, get=False, post=True, records=("arrears",)),
    "signals:debt_help_refer": Route(
        RECORD, post=True, records=("arrears",), may=creates_arrears, details=True
    ),
    # Beheer's login is Wijkteam's own (one lockout, one second step), in front of Django's.
    "beheer/login/": Route(ADMIN_DOOR, post=True),
}

# URL patterns the matrix does not ask, each with the reason.
OUT_OF_SCOPE: dict[str, str] = {
    "admin:login": (
        "Django's own login page of Beheer is never reached: Wijkteam's login at the same path "
        "(beheer/login/, in the matrix) answers instead."
    ),
}


def route_of(key: str) -> Route | None:
    """A route's entry: its name, or for a pattern without a name its whole route. Beheer's
    pages (the Django admin) are all for functional admins."""
    if key == "admin:logout":
        return Route(ADMIN_DOOR, post=True)
    if key.startswith(("admin:", "beheer/")) and key not in OUT_OF_SCOPE and key not in ROUTES:
        return Route(ADMIN, post=True)
    return ROUTES.get(key)
