"""The authorization matrix: every route of Wijkteam, asked by every kind of visitor, against
records of each visibility (DESIGN §6).

Visitors: anonymous; a resident holding the tracking token of their own signal; and for each
of the seven organisation kinds each of its roles, once in the record's wijkteam (A) and once in
another wijk's team (B). Records in wijk A: a noise report (team), a care worry (case partners:
only the organisations taking part see its details) and rent arrears (confidential: only the
corporation). Each record carries marker words in its personal data.

For every route and visitor the test asserts the status the rule below says, never a 500, and
that no response body holds a marker of a record the visitor may not see, on *any* route (lists,
counts, exports, admin pages, files streamed alike). Every URL pattern, named or not, has an
entry in tests/matrix/routes.py or is listed there as out of scope with the reason: a new page
cannot be added without saying who may use it.

The oracle here is written from DESIGN §6, not from the application's access code:
- knows: staff who may know a record exists: for confidential records only the organisations
  taking part; otherwise members of the wijk's team, coordinators and the organisations taking
  part.
- details: team records for all who know them; otherwise only the organisations taking part.
- reporter: who reported a signal is for the receiving organisation only.
"""

import pytest
from django.db import transaction
from django.urls import resolve, reverse

from tests.matrix import (
    ADMIN,
    ADMIN_DOOR,
    ASKED,
    DEBT_HELP,
    DETAILS,
    GUEST,
    IMPORT,
    OUT_OF_SCOPE,
    PATTERNS,
    PRIVACY_LOG,
    PRIVACY_OFFICER,
    PUBLIC,
    RECORD,
    ROUTES,
    SECOND_STEP,
    STAFF,
    STAFF_PAGE,
    TEAM_PAGE,
    VISITORS,
    K,
    Matrix,
    Record,
    Route,
    Visitor,
    all_routes,
    client_for,
    counsels_debt,
    knows,
    oversees,
    receives_debt_help,
    route_of,
    sees_details,
    sees_reporter,
    url_for,
)
from wijkteam.partners.models import Role


def test_every_url_pattern_is_in_the_matrix_or_out_of_scope_with_a_reason():
    keys = {pattern.key for pattern in all_routes()}
    missing = sorted(key for key in keys if route_of(key) is None and key not in OUT_OF_SCOPE)
    assert not missing, f"URL patterns without an entry in the authorization matrix: {missing}"
    both = sorted(key for key in OUT_OF_SCOPE if route_of(key) is not None)
    assert not both, f"Asked and out of scope at once: {both}"
    stale = sorted((set(ROUTES) | set(OUT_OF_SCOPE)) - keys)
    assert not stale, f"Entries for URL patterns that no longer exist: {stale}"
    assert all(len(reason) > 20 for reason in OUT_OF_SCOPE.values())


def test_the_walk_finds_patterns_without_a_name_and_in_included_urlconfs():
    """The test above is only worth something if the walk sees everything."""
    keys = {pattern.key for pattern in all_routes()}
    assert "beheer/login/" in keys  # no name
    assert "beheer/(?P<url>.*)$" in keys  # Beheer's catch-all, a regular expression
    assert "beheer/partners/user/<path:object_id>/" in keys  # the admin's own redirect
    assert {"cases:detail", "set_language", "admin:partners_user_change"} <= keys  # included


def test_each_asked_url_reaches_its_own_pattern(matrix, db):
    """A URL that another pattern answers (an earlier one that matches too) would ask the
    wrong view; the matrix would then say nothing about this one."""
    wrong = []
    for key, record_name in ASKED:
        url = url_for(key, matrix, matrix.records.get(record_name))
        match = resolve(url)
        if match.route != PATTERNS[key].route.replace("^", ""):  # Django drops the ^
            wrong.append(f"{url} ({key}) is answered by {match.route}")
    assert not wrong, "\n".join(wrong)


# --- the rule ----------------------------------------------------------------------------------


def expected(route: Route, visitor: Visitor, record: Record | None, method: str) -> set[int]:
    """The statuses the rule allows for this visitor."""
    if route.access == PUBLIC:
        if method == "GET":
            return {route.shows} if route.get else {405}
        return {200, 302, 400}
    if route.access == ADMIN_DOOR:
        # A logged-in user without admin rights is told so (403) rather than sent in a loop.
        return {200, 302, 403, 405} if method == "GET" else {200, 302, 400, 403}
    if route.access == SECOND_STEP:
        # Without a password first: to the login page. Already through: sent on (or shown).
        if not visitor.staff:
            return {302}
        return {200, 302} if method == "GET" else {200, 302, 400}
    if route.access == GUEST:
        if visitor.staff:
            return {302}
        return {200} if method == "GET" else {200, 400}
    if not visitor.staff:
        return {302}  # to the login page
    if route.access == PRIVACY_OFFICER and visitor.role != Role.PRIVACY_OFFICER:
        return {403}  # the role is checked first, whatever the method
    if method == "GET" and not route.get:
        return {405}  # the method is refused before anything is looked up
    if route.access == ADMIN:
        if visitor.role != Role.FUNCTIONEEL_BEHEERDER:
            return {302}  # to Beheer's login page
        return {200, 302, 403, 404, 405}
    if route.access == PRIVACY_LOG:
        officers = (Role.PRIVACY_OFFICER, Role.FUNCTIONEEL_BEHEERDER)
        return {200} if visitor.role in officers else {403}
    if route.access == PRIVACY_OFFICER:
        if route.records:  # lifting a hold that is not there: said, or not found
            return {200, 302, 400, 404}
        return {200} if method == "GET" else {200, 302, 400}
    if route.access == DEBT_HELP:
        if not route.records and counsels_debt(visitor):
            return {200}  # the counsellor's own list: another wijk's sees their own (none)
        if not receives_debt_help(visitor):
            return {403, 404}
        if method == "GET":
            return {200} if route.get else {405}
        return {403} if visitor.reader else {200, 302, 400}
    if route.access == IMPORT:
        if visitor.kind != K.CORPORATIE:
            return {403, 404}
        return {403} if visitor.reader else {200}
    if route.access == TEAM_PAGE and not (visitor.team == "A" or oversees(visitor)):
        return {404}
    if route.access in (RECORD, DETAILS) and not knows(visitor, record):
        return {404}
    needs_details = route.access == DETAILS or route.details
    if needs_details and not sees_details(visitor, record):
        return {403, 404}  # knows the case exists, but not what is in it
    refused = route.may is not None and not route.may(visitor)
    if method == "POST" and visitor.reader and not route.readers_post:
        refused = True
    if refused:
        return {403}
    if method == "GET":
        if route.access == RECORD and route.may is None and not route.details:
            return {route.shows}
        if route.access in (STAFF_PAGE, TEAM_PAGE, DETAILS):
            return {route.shows}
    # Allowed through the need-to-know rule; the page may still say this partner cannot do
    # this (403), or the form may be incomplete (400) or done (302).
    return {200, 302, 400, 403}


def leaks(body: str, visitor: Visitor, matrix: Matrix, name: str) -> list[str]:
    found = []
    for record in matrix.records.values():
        # What is passed on to debt help is only the tenant's name, address and amount, which
        # are the arrears record's markers; on the debt-help pages the gemeente may see them.
        referred = (
            record.name == "arrears"
            and name.startswith("signals:debt_help")
            and name != "signals:debt_help_refer"
            and receives_debt_help(visitor)
        )
        if not sees_details(visitor, record) and not referred:
            found += [m for m in record.details_markers if m in body]
        if not sees_reporter(visitor, record):
            found += [m for m in record.reporter_markers if m in body]
    return found


def body_of(response) -> str:
    """What the visitor receives, streamed files included (read to the end, then closed)."""
    if response.streaming:
        content = b"".join(response.streaming_content)
        response.close()
    else:
        content = response.content
    return content.decode(errors="replace")


@pytest.mark.parametrize(("name", "record_name"), ASKED)
def test_route_answers_each_visitor_as_the_rule_says(matrix, db, name, record_name):
    route = route_of(name)
    record = matrix.records[record_name] if record_name else None
    url = url_for(name, matrix, record)
    wrong = []
    for visitor in VISITORS:
        client = client_for(visitor, matrix)
        methods = ["GET"] + (["POST"] if route.post else [])
        for method in methods:
            # Each visitor's POST is undone, so the next visitor meets the same records.
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            allowed = expected(route, visitor, record, method)
            body = body_of(response)
            problem = None
            if response.status_code == 500 or response.status_code not in allowed:
                problem = f"{response.status_code}, expected {sorted(allowed)}"
            elif (
                response.status_code == 302
                and allowed == {302}
                and not visitor.staff
                and route.access not in (PUBLIC, GUEST, ADMIN_DOOR)
                and "inloggen" not in response["Location"]
                and "login" not in response["Location"]
            ):
                problem = f"redirected to {response['Location']}, not to the login page"
            # The privacy officer's own pages exist to show one person everything about them.
            officer_page = route.access == PRIVACY_OFFICER and visitor.role == Role.PRIVACY_OFFICER
            leaked = [] if officer_page else leaks(body, visitor, matrix, name)
            if leaked:
                problem = f"shows {leaked}"
            if problem:
                wrong.append(f"{method} {url} as {visitor.key}: {problem}")
    assert not wrong, "\n".join(wrong)


def test_the_markers_are_on_the_pages_of_who_may_see_them(matrix, db):
    """The leak check is only worth something if the markers really are on the pages: the
    receiving organisation's member in wijk A finds every marker of its own record."""
    receivers = {
        "noise": "gemeente-medewerker-A",
        "care": "welzijn-medewerker-A",
        "arrears": "corporatie-medewerker-A",
    }
    for name, record in matrix.records.items():
        client = client_for(next(v for v in STAFF if v.key == receivers[name]), matrix)
        urls = [
            reverse("cases:detail", args=[record.case_reference]),
            reverse("signals:detail", args=[record.signal_reference]),
        ]
        if "document_id" in record.ids:  # the document's own text, streamed
            urls.append(
                reverse("cases:document", args=[record.case_reference, record.ids["document_id"]])
            )
        pages = "".join(body_of(client.get(url)) for url in urls)
        markers = record.details_markers + record.reporter_markers
        missing = [marker for marker in markers if marker not in pages]
        # One spelling of the amount is enough.
        if name == "arrears":
            missing = [m for m in missing if not m.startswith(("4321", "4.321"))]
            assert any(m in pages for m in ("4321.09", "4321,09", "4.321,09"))
        assert not missing, f"{name}: {missing}"
