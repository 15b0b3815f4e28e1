"""The world the authorization matrix asks about: every kind of visitor, records of each
visibility with marker words in their personal data, and every route of Wijkteam with who may
use it (tests/test_authorization_matrix.py holds the oracle and the test; tests/test_bad_input.py
sends every route malformed input).

- visitors.py: who asks, and what their role lets them do;
- world.py: the records and the world around them, built once per test module;
- routes.py: every route with who may use it, what it shows and what its form does;
- beheer.py: the same for Beheer (the Django admin);
- initiative_world.py, initiative_routes.py: the residents' initiatives, with their oracle, and
  their routes (public and the wijkteam's);
- open311_routes.py: Open311 GeoReport v2's routes (public; a POST with an app's key) and the
  revoking of an app's key in Beheer;
- asking.py: every URL pattern, its URL for a record, and a client for a visitor.
"""

from tests.matrix.asking import ASKED, PATTERNS, all_routes, client_for, url_for
from tests.matrix.routes import (
    ADMIN,
    ADMIN_DOOR,
    DEBT_HELP,
    DETAILS,
    FOLLOW,
    GUEST,
    IMPORT,
    OUT_OF_SCOPE,
    PRIVACY_LOG,
    PRIVACY_OFFICER,
    PUBLIC,
    RECORD,
    ROUTES,
    SECOND_STEP,
    STAFF_PAGE,
    TEAM_PAGE,
    Ask,
    Route,
    route_of,
)
from tests.matrix.visitors import (
    ANONYMOUS,
    HALFWAY,
    RESIDENT,
    STAFF,
    VISITORS,
    K,
    Visitor,
    counsels_debt,
    creates_arrears,
    in_team_a,
    is_functional_admin,
    is_privacy_officer,
    oversees,
    receives_debt_help,
)
from tests.matrix.world import (
    Matrix,
    Record,
    build_matrix,
    knows,
    sees_details,
    sees_reporter,
)

__all__ = [
    "ADMIN",
    "ADMIN_DOOR",
    "ANONYMOUS",
    "ASKED",
    "DEBT_HELP",
    "DETAILS",
    "FOLLOW",
    "GUEST",
    "HALFWAY",
    "IMPORT",
    "OUT_OF_SCOPE",
    "PATTERNS",
    "PRIVACY_LOG",
    "PRIVACY_OFFICER",
    "PUBLIC",
    "RECORD",
    "RESIDENT",
    "ROUTES",
    "SECOND_STEP",
    "STAFF",
    "STAFF_PAGE",
    "TEAM_PAGE",
    "VISITORS",
    "Ask",
    "K",
    "Matrix",
    "Record",
    "Route",
    "Visitor",
    "all_routes",
    "build_matrix",
    "client_for",
    "counsels_debt",
    "creates_arrears",
    "in_team_a",
    "is_functional_admin",
    "is_privacy_officer",
    "knows",
    "oversees",
    "receives_debt_help",
    "route_of",
    "sees_details",
    "sees_reporter",
    "url_for",
]
