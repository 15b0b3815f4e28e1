"""The world the authorization matrix asks about: every kind of visitor, records of each
visibility with marker words in their personal data, and every route of Wijkteam with who may
use it (tests/test_authorization_matrix.py holds the oracle and the test; tests/test_bad_input.py
sends every route malformed input).

- visitors.py: who asks;
- world.py: the records and the world around them, built once per test module;
- routes.py: every route with who may use it;
- asking.py: every URL pattern, its URL for a record, and a client for a visitor.
"""

from tests.matrix.asking import ASKED, PATTERNS, all_routes, client_for, url_for
from tests.matrix.routes import (
    ADMIN,
    ADMIN_DOOR,
    DEBT_HELP,
    DETAILS,
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
    Route,
    counsels_debt,
    receives_debt_help,
    route_of,
)
from tests.matrix.visitors import ANONYMOUS, RESIDENT, STAFF, VISITORS, K, Visitor
from tests.matrix.world import (
    Matrix,
    Record,
    build_matrix,
    knows,
    oversees,
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
    "GUEST",
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
    "K",
    "Matrix",
    "Record",
    "Route",
    "Visitor",
    "all_routes",
    "build_matrix",
    "client_for",
    "counsels_debt",
    "knows",
    "oversees",
    "receives_debt_help",
    "route_of",
    "sees_details",
    "sees_reporter",
    "url_for",
]
