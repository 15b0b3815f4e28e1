"""The authorization matrix: every route of Wijkteam, asked by every kind of visitor, against
records of each visibility (DESIGN §6).

Visitors: anonymous; a resident who just sent a report and holds its tracking link; staff who
gave their password but not yet the second step; and for each of the seven organisation kinds
each of its roles, once in the record's wijkteam (A) and once in another wijk's team (B).
Records in wijk A: noise (team), a care worry (case partners: only the organisations taking part
see its details), rent arrears (confidential: only the corporation), the resident's own report
and the cases around them (tests/matrix/world.py). Each record carries marker words in its
personal data. The residents' initiatives of wijk A carry them too, in their initiator's and
supporters' details and the team's remarks (tests/matrix/initiative_world.py, with their
oracle). A route or variant whose answer does not depend on who asks (a public page, a link
never sent) is asked by a sample of visitors, one of each kind (``Route.same_for_all``,
``Route.sampled``).

For every route and visitor the test asserts what the rule below says, never a 500:
- a visitor who may not use the route gets the refusal the rule names: 404 who may not know the
  record exists ("missing" and "not yours" alike), 403 who may know it but not do this (read-only
  users), a redirect to the login page or to the second step;
- a visitor who may gets the page itself (its heading, the record's reference, the file), and a
  POST with a valid form does what it is for (the record changed or made, checked in the
  database before the request is undone); where the record's state does not allow it, the
  visitor is told so and nothing changes;
- no response holds a marker of a record the visitor may not see, on *any* route (lists, counts,
  exports, files streamed, admin pages alike).
Every URL pattern, named or not, has an entry in tests/matrix/routes.py, initiative_routes.py or
beheer.py, or is listed there as out of scope with the reason: a new page cannot be added
without saying who may use it.

The oracle here is written from DESIGN §6, not from the application's access code:
- knows: staff who may know a record exists: for confidential records only the organisations
  taking part; otherwise members of the wijk's team, coordinators and the organisations taking
  part.
- details: team records for all who know them; otherwise only the organisations taking part.
- reporter: who reported a signal is for the receiving organisation only.
"The organisations taking part" counts the whole organisation, in every wijk, as the application
does today; DESIGN §6 says a colleague in another wijk does not see a case-partners record
(test_a_colleague_in_another_wijk_does_not_see_a_case_partners_case, below).
"""

import html
import json
import re
import zipfile
from io import BytesIO

import pytest
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.boundaries import boundary_reads
from tests.matrix import (
    ADMIN,
    ADMIN_DOOR,
    ANONYMOUS,
    ASKED,
    DEBT_HELP,
    DETAILS,
    FOLLOW,
    GUEST,
    IMPORT,
    OUT_OF_SCOPE,
    PATTERNS,
    PRIVACY_LOG,
    PRIVACY_OFFICER,
    PUBLIC,
    RECORD,
    SECOND_STEP,
    STAFF,
    TEAM_PAGE,
    VISITORS,
    Ask,
    Matrix,
    Record,
    Route,
    Visitor,
    all_routes,
    client_for,
    counsels_debt,
    creates_arrears,
    in_team_a,
    is_functional_admin,
    is_privacy_officer,
    knows,
    receives_debt_help,
    route_of,
    sees_details,
    sees_reporter,
    url_for,
)
from tests.matrix.initiative_world import (
    HIDDEN_MARKERS,
    INITIATOR_MARKERS,
    REMARK_MARKERS,
    SUPPORTER_MARKERS,
    UNCONFIRMED_MARKERS,
    initiative_leaks,
)
from tests.matrix.routes import every_route
from tests.matrix.wijkbeeld_world import (
    ARREARS_PATTERN,
    CARE_PATTERN,
    MEASURE_NOTE_MARKERS,
    ROUNDED_ARREARS_PATTERN,
    SPOT_A_MARKERS,
    SPOT_B_MARKERS,
    picture_leaks,
)
from tests.wijkbeeld.hotspot_support import cell_texts
from wijkteam.initiatives.models import Initiative, Supporter
from wijkteam.partners.models import Role

SHOWN = "the page itself"
# A route that only takes POST refuses a GET before it looks at anything but the login (405),
# so one visitor of each kind of login is enough to ask it with GET.
GET_ON_POST_ONLY = {
    "anoniem",
    "halverwege-code-nog-geven",
    "gemeente-medewerker-A",
    "gemeente-functioneel_beheerder-A",
}
DONE = "what the form is for"
# A route or variant whose answer does not depend on who asks is asked by one visitor of each
# kind of login, a member of another wijkteam and a coordinator (who may see everything of the
# team's elsewhere).
SAMPLE = GET_ON_POST_ONLY | {
    "bewoner-met-eigen-volgcode",
    "politie-lezer-B",
    "gemeente-coordinator-B",
}


def visitors_for(route: Route, variant) -> list[Visitor]:
    if route.same_for_all or variant in route.sampled:
        asked = SAMPLE | set(route.also_asked)
        return [visitor for visitor in VISITORS if visitor.key in asked]
    return VISITORS


def test_every_url_pattern_is_in_the_matrix_or_out_of_scope_with_a_reason():
    keys = {pattern.key for pattern in all_routes()}
    missing = sorted(key for key in keys if route_of(key) is None and key not in OUT_OF_SCOPE)
    assert not missing, f"URL patterns without an entry in the authorization matrix: {missing}"
    both = sorted(key for key in OUT_OF_SCOPE if route_of(key) is not None)
    assert not both, f"Asked and out of scope at once: {both}"
    stale = sorted((set(every_route()) | set(OUT_OF_SCOPE)) - keys)
    assert not stale, f"Entries for URL patterns that no longer exist: {stale}"
    assert all(len(reason) > 20 for reason in OUT_OF_SCOPE.values())


def test_the_walk_finds_patterns_without_a_name_and_in_included_urlconfs():
    """The completeness test above is only worth something if the walk sees everything."""
    keys = {pattern.key for pattern in all_routes()}
    assert "beheer/login/" in keys  # no name
    assert "beheer/(?P<url>.*)$" in keys  # Beheer's catch-all, a regular expression
    assert "beheer/partners/user/<path:object_id>/" in keys  # the admin's own redirect
    assert {"cases:detail", "set_language", "admin:partners_user_change"} <= keys  # included


def test_each_asked_url_reaches_its_own_pattern(matrix, db):
    """A URL that another pattern answers (an earlier one that matches too) would ask the
    wrong view; the matrix would then say nothing about this one."""
    wrong = []
    for key, variant in ASKED:
        url = url_for(key, matrix, matrix.records.get(variant), variant)
        match = resolve(url.split("?")[0])
        if match.route != PATTERNS[key].route.replace("^", ""):  # Django drops the ^
            wrong.append(f"{url} ({key}) is answered by {match.route}")
    assert not wrong, "\n".join(wrong)


# --- the rule ----------------------------------------------------------------------------------


def expected(route: Route, visitor: Visitor, record: Record | None, subject, method: str):
    """SHOWN or DONE when the visitor may use the route, else the statuses the rule allows."""
    get = method == "GET"
    if visitor.halfway and route.access != SECOND_STEP and not route.halfway:
        return {302}  # to the second step: nothing else before it
    if route.access == PUBLIC:
        if get and not route.get:
            return {405}
        may = route.may_post if not get and route.may_post is not None else route.may
        if may is not None and not may(visitor, subject):
            return {route.refusal(subject)}
        if get:
            return SHOWN
        if not route.can(visitor, subject):
            return {route.stuck}  # told why not; nothing changes
        return DONE if route.done else {200, 302, 400}
    if route.access == GUEST:
        if visitor.staff:
            return {302}  # already logged in: sent on
        return SHOWN if get else DONE
    if route.access == ADMIN_DOOR:
        # Who is logged in but may not configure anything is told so (403) rather than sent
        # in a loop between two login pages; anyone else goes to the login page.
        return {403} if visitor.staff else {302}
    if route.access == SECOND_STEP:
        if not visitor.halfway:
            return {302}  # to the login page, or on: already through
        if route.may is not None and not route.may(visitor, subject):
            return {route.refusal(subject)}
        return SHOWN if get else DONE
    if not visitor.staff:
        return {302}  # to the login page
    if route.access == PRIVACY_OFFICER and not is_privacy_officer(visitor):
        return {403}  # the role is checked first, whatever the method
    if route.access == ADMIN and not is_functional_admin(visitor):
        return {302}  # to Beheer's login page, whatever the method
    if get and not route.get:
        return {405}  # the method is refused before anything is looked up
    if route.access == PRIVACY_LOG:
        return (
            SHOWN if visitor.role in (Role.PRIVACY_OFFICER, Role.FUNCTIONEEL_BEHEERDER) else {403}
        )
    elif route.access == DEBT_HELP:
        if not route.records and counsels_debt(visitor):
            return SHOWN  # the counsellor's own list: another wijk's sees their own (none)
        if not receives_debt_help(visitor):
            return {403, 404}
    elif route.access == IMPORT:
        if not creates_arrears(visitor):
            return {403, 404}
    elif route.access == TEAM_PAGE and not in_team_a(visitor):
        return {404}
    elif route.access in (RECORD, DETAILS):
        if not knows(visitor, record):
            return {404}
        if (route.access == DETAILS or route.details) and not sees_details(visitor, record):
            return {403, 404}  # knows the case exists, but not what is in it
    may = route.may_post if not get and route.may_post is not None else route.may
    refused = may is not None and not may(visitor, subject)
    if not get and visitor.reader and not route.readers_post:
        refused = True
    if refused:
        return {route.refusal(subject)}
    if get:
        return SHOWN
    if not route.can(visitor, subject):
        return {route.stuck}  # told why not; nothing changes
    return DONE if route.done else {200, 302, 400}


def leaks(body: str, visitor: Visitor, matrix: Matrix, key: str, variant=None) -> list[str]:
    found = initiative_leaks(body, visitor, key, variant)
    personal = INITIATOR_MARKERS + SUPPORTER_MARKERS
    for record in matrix.records.values():
        personal += record.details_markers + record.reporter_markers
    found += picture_leaks(body, visitor, key, personal)
    for record in matrix.records.values():
        # What is passed on to debt help is only the tenant's name, address and amount, which
        # are the arrears record's markers; on the debt-help pages the gemeente may see them.
        referred = (
            record.name == "arrears"
            and key.startswith("signals:debt_help")
            and key != "signals:debt_help_refer"
            and receives_debt_help(visitor)
        )
        # The tracking link opens the resident's own report to whoever holds it.
        tracked = record.name == "litter" and key.startswith("portal:track")
        if not sees_details(visitor, record) and not referred and not tracked:
            found += [m for m in record.details_markers if m in body]
        if not sees_reporter(visitor, record) and not tracked:
            found += [m for m in record.reporter_markers if m in body]
    return found


def body_of(response) -> str:
    """What the visitor receives, streamed files included. Reading a stream to its end closes
    the file: the test client does that, and keeps the database connection open while it does
    (closing the response again would close the connection, and lose the module's world)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):  # a spreadsheet (xlsx) is zipped XML: read inside
        with zipfile.ZipFile(BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode(errors="replace")


H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def heading_of(body: str) -> str:
    """The page's first heading as it reads; a file or an answer without one, whole."""
    found = H1.search(body)
    if found is None:
        return body
    return " ".join(html.unescape(TAG.sub(" ", found.group(1))).split())


def check_shown(route: Route, ask: Ask, response, body: str, client) -> str | None:
    if response.status_code != route.shows:
        return f"{response.status_code}, expected the page ({route.shows})"
    if route.shows in (301, 302):
        target = route.lands(ask)
        if target == FOLLOW:
            landed = client.get(response["Location"])
            if landed.status_code != 200:
                return f"sent on to {response['Location']}, which answers {landed.status_code}"
        elif response["Location"] != target:
            return f"sent to {response['Location']}, expected {target}"
        return None
    proof = route.proof(ask) if route.proof else None
    if proof is None:
        return "the matrix does not say how this page shows itself (Route.proof)"
    if proof not in heading_of(body):
        return f"does not show {proof!r} (heading: {heading_of(body)[:80]!r})"
    return None


def already_done(route: Route, ask: Ask) -> bool:
    """Whether the effect a POST is checked for is there before it: a check that cannot fail
    proves nothing. (Effects read from the response itself cannot be there before it.)"""
    try:
        return bool(route.done(ask))
    except AttributeError:  # reads ask.response
        return False


def check_done(route: Route, ask: Ask, response, done: bool) -> str | None:
    if response.status_code != route.done_status or not done:
        effect = "it did" if done else "it did not"
        return f"{response.status_code}: should do what the form is for, {effect}"
    return None


@pytest.mark.parametrize(("key", "variant"), ASKED)
def test_route_answers_each_visitor_as_the_rule_says(matrix, db, key, variant):
    route = route_of(key)
    record = matrix.records.get(variant)
    subject = record if record is not None else variant
    url = url_for(key, matrix, record, variant)
    wrong = []
    for visitor in visitors_for(route, variant):
        methods = ["GET"] + (["POST"] if route.post else [])
        if not route.get and visitor.key not in GET_ON_POST_ONLY:
            methods = ["POST"]
        for method in methods:
            client = client_for(visitor, matrix)
            ask = Ask(matrix, visitor, record, variant)
            allowed = expected(route, visitor, record, subject, method)
            # Each request is undone, so the next visitor meets the same records.
            with transaction.atomic():
                if allowed == DONE and already_done(route, ask):
                    wrong.append(f"{method} {url} as {visitor.key}: done before it was asked")
                boundaries = []
                if method == "GET":
                    with boundary_reads() as boundaries:
                        response = client.get(url)
                elif route.send is not None:
                    response = route.send(client, url, ask)
                else:
                    response = client.post(url, route.form(ask) if route.form else {})
                ask.response = response
                done = method == "POST" and route.done is not None and route.done(ask)
                body = body_of(response)
                problem = None
                if response.status_code == 500:
                    problem = "500"
                elif allowed == SHOWN:
                    problem = check_shown(route, ask, response, body, client)
                elif allowed == DONE:
                    problem = check_done(route, ask, response, done)
                elif response.status_code not in allowed:
                    problem = f"{response.status_code}, expected {sorted(allowed)}"
                elif done:
                    problem = f"{response.status_code}, but the POST had its effect"
                elif boundaries:
                    problem = f"reads a boundary it does not show: {boundaries[0]}"
                transaction.set_rollback(True)
            if problem is None:
                problem = wrong_redirect(route, visitor, response, allowed)
            # The privacy officer's own pages exist to show one person everything about them.
            officer_page = route.access == PRIVACY_OFFICER and is_privacy_officer(visitor)
            leaked = [] if officer_page else leaks(body, visitor, matrix, key, variant)
            if leaked:
                problem = f"shows {leaked}"
            if problem:
                wrong.append(f"{method} {url} as {visitor.key}: {problem}")
    assert not wrong, "\n".join(wrong)


def wrong_redirect(route: Route, visitor: Visitor, response, allowed) -> str | None:
    """Who is not (fully) logged in is sent to the login page, or to the second step."""
    if response.status_code != 302 or allowed != {302} or visitor.staff:
        return None
    if route.access in (PUBLIC, GUEST, SECOND_STEP) and not visitor.halfway:
        return None
    location = response["Location"]
    if visitor.halfway:
        if "tweestapsverificatie" not in location:
            return f"redirected to {location}, not to the second step"
    elif (
        "inloggen" not in location
        and "login" not in location
        # Beheer sends who is not in from its logout to its start page, which asks to log in.
        and not (route.access == ADMIN and location == reverse("admin:index"))
    ):
        return f"redirected to {location}, not to the login page"
    return None


def test_the_markers_are_on_the_pages_of_who_may_see_them(matrix, db):
    """The leak check is only worth something if the markers really are on the pages: the
    receiving organisation's member in wijk A finds every marker of its own record."""
    staff = {visitor.key: visitor for visitor in STAFF}
    for name, record in matrix.records.items():
        client = client_for(staff[f"{record.receiver_kind}-medewerker-A"], matrix)
        urls = [
            reverse("cases:detail", args=[record.case_reference]),
            reverse("signals:detail", args=[record.signal_reference]),
        ]
        if record.other_signal_reference:
            urls.append(reverse("signals:detail", args=[record.other_signal_reference]))
        if "document_id" in record.ids:
            urls.append(
                reverse("cases:document", args=[record.case_reference, record.ids["document_id"]])
            )
        pages = "".join(body_of(client.get(url)) for url in urls)
        markers = record.details_markers + record.reporter_markers
        missing = [marker for marker in markers if marker not in pages]
        # One spelling of an amount is enough.
        amounts = [m for m in missing if m[:1].isdigit()]
        missing = [m for m in missing if not m[:1].isdigit()]
        if amounts:
            spellings = [m for m in markers if m[:1].isdigit()]
            assert any(m in pages for m in spellings), f"{name}: no amount in {spellings}"
        assert not missing, f"{name}: {missing}"


def test_a_colleague_in_another_wijk_does_not_see_a_case_partners_case(matrix, db):
    """DESIGN §6: "only the members, in that case's wijkteam, of the organisations that are lead
    or involved see the details (a colleague of the same organisation in another wijk does
    not)". Welfare leads the care case in wijk A; its worker in wijk B is not in that team."""
    care = matrix.records["care"]
    colleague = client_for(next(v for v in STAFF if v.key == "welzijn-medewerker-B"), matrix)
    case_page = colleague.get(reverse("cases:detail", args=[care.case_reference]))
    document = colleague.get(
        reverse("cases:document", args=[care.case_reference, care.ids["document_id"]])
    )
    assert (case_page.status_code, document.status_code) == (404, 404)
    assert "MARKERZORG" not in body_of(case_page)


def test_the_initiatives_markers_are_where_they_may_be_seen(matrix, db):
    """The leak check on the initiatives is only worth something if their markers are really
    there: the initiator's and the team's remark on the project's staff page (for a member of
    the police: the project is past the idea), the hidden idea on the team's list and in
    Beheer, the unconfirmed idea on its confirm page and in Beheer, and the supporters'
    contact details in the database (nobody is shown them)."""
    initiatives = matrix.initiatives
    staff = {visitor.key: visitor for visitor in STAFF}
    police = client_for(staff["politie-medewerker-A"], matrix)
    project = body_of(police.get(reverse("projects:detail", args=[initiatives.project])))
    assert all(marker in project for marker in INITIATOR_MARKERS + REMARK_MARKERS), project
    team = body_of(police.get(reverse("projects:team", args=["WK099901"])))
    assert all(marker in team for marker in HIDDEN_MARKERS)
    admin = client_for(staff["gemeente-functioneel_beheerder-B"], matrix)
    beheer = body_of(admin.get(reverse("admin:initiatives_initiative_changelist")))
    assert all(marker in beheer for marker in HIDDEN_MARKERS + UNCONFIRMED_MARKERS)
    link = reverse("initiatives:confirm", args=[initiatives.confirm_token])
    assert all(marker in body_of(police.get(link)) for marker in UNCONFIRMED_MARKERS)
    stored = " ".join(
        f"{email} {postcode}"
        for email, postcode in Supporter.objects.filter(
            initiative__reference=initiatives.project
        ).values_list("email", "postcode")
    )
    assert all(marker in stored for marker in SUPPORTER_MARKERS if " " not in marker), stored
    assert not Initiative.objects.get(reference=initiatives.project).show_name


def test_the_pictures_markers_are_where_they_may_be_seen(matrix, db):
    """The leak check on the wijk's picture is only worth something if its markers and numbers
    are really there for who may see them: the small care count (4 in Perenlaan) for welfare,
    which owns the category, and "< 5" for the police's wijkagent and on the public page; the
    arrears for the corporation, and rounded to a multiple of 5 for the gemeente's debt
    counsellor; the spots' streets for the
    wijk's own team and coordinators; a measure's notes for staff (tests/matrix/wijkbeeld_world.py).
    The searches for the sums that would tell a secret find the sums the owner is shown."""
    staff = {visitor.key: visitor for visitor in STAFF}

    def page(key: str, url: str) -> str:
        visitor = staff[key] if key != "anoniem" else ANONYMOUS
        response = client_for(visitor, matrix).get(url)
        assert response.status_code == 200, (key, url, response.status_code)
        return body_of(response)

    wijk_a = reverse("wijkbeeld:hotspots", args=["WK099901"])
    wijk_b = reverse("wijkbeeld:hotspots", args=["WK099902"])
    care, arrears = f"{wijk_a}?categorie=zorg", f"{wijk_a}?categorie=financieel"
    assert cell_texts(page("welzijn-lezer-B", care), "Perenlaan")[0] == "4"
    assert cell_texts(page("politie-medewerker-A", care), "Perenlaan")[0] == "< 5"
    assert CARE_PATTERN.search(page("welzijn-medewerker-A", wijk_a))
    assert not CARE_PATTERN.search(page("politie-medewerker-A", wijk_a))
    for key in ("corporatie-lezer-B", "corporatie-huuradministratie"):
        assert cell_texts(page(key, arrears), "Appelhof")[0] == "60817", key
        assert ARREARS_PATTERN.search(page(key, wijk_a)), key
    # The debt counsellor does not own the arrears: rounded, as any count about persons.
    assert cell_texts(page("gemeente-medewerker-B", arrears), "Appelhof")[0] == "60815"
    assert ROUNDED_ARREARS_PATTERN.search(page("gemeente-medewerker-A", wijk_a))
    assert "Financieel" not in page("politie-medewerker-A", arrears)
    for key in ("politie-medewerker-A", "gemeente-coordinator-B", "welzijn-lezer-A"):
        assert all(marker in page(key, wijk_a) for marker in SPOT_A_MARKERS), key
    assert all(marker in page("politie-lezer-B", wijk_b) for marker in SPOT_B_MARKERS)
    assert not any(marker in page("politie-medewerker-B", wijk_a) for marker in SPOT_A_MARKERS)
    # The hotspots' downloads: the same cells, the spots for the same people (Excel read inside).
    tables = reverse("wijkbeeld:hotspots", args=["WK099901"])
    assert "Perenlaan;< 5;" in page("politie-medewerker-A", f"{tables}buurten.csv?categorie=zorg")
    assert "Perenlaan;4;" in page("welzijn-lezer-B", f"{tables}buurten.csv?categorie=zorg")
    assert SPOT_A_MARKERS[1] in page("politie-medewerker-A", f"{tables}plekken.xlsx")
    assert not CARE_PATTERN.search(page("politie-medewerker-A", f"{tables}buurten.xlsx"))

    # The picture's pages and charts (an Excel file read inside).
    district = reverse("wijkbeeld:district", args=["WK099901"])
    assert CARE_PATTERN.search(page("welzijn-lezer-A", district))
    assert not CARE_PATTERN.search(page("politie-lezer-A", district))
    chart = reverse("wijkbeeld:chart", kwargs={"chart": "categorieen", "fmt": "xlsx"})
    assert ARREARS_PATTERN.search(page("corporatie-medewerker-A", f"{chart}?wijk=WK099901"))
    chart = reverse("wijkbeeld:chart", kwargs={"chart": "maanden", "fmt": "csv"})
    chart += "?buurt=BU09990101&categorie=zorg"
    with translation.override("nl"):
        named = date_format(matrix.picture.month, "F Y")
    assert f"\n{named};< 5\r" in page("politie-medewerker-A", chart)
    assert f"\n{named};4\r" in page("welzijn-medewerker-B", chart)

    measure = reverse("wijkbeeld:measure", args=["WK099901", matrix.picture.measure_id])
    owner, police = page("welzijn-medewerker-A", measure), page("politie-lezer-A", measure)
    assert MEASURE_NOTE_MARKERS[0] in police
    assert CARE_PATTERN.search(owner) and not CARE_PATTERN.search(police)
    assert "27614" in police and 'id="too-few"' in police

    public = reverse("wijkcijfers:district", args=["WK099901"])
    assert "&lt; 5" in page("welzijn-medewerker-A", public)
    month = f"{matrix.picture.month:%Y-%m}"
    as_csv = page("anoniem", reverse("wijkcijfers:data", args=["WK099901", "csv"]))
    assert f"WK099901;{month};;zorg;Zorg;;< 5" in as_csv
    assert f"WK099901;{month};;overlast;Overlast;27614;27614" in as_csv
    assert "financieel" not in as_csv
    data = json.loads(page("anoniem", reverse("wijkcijfers:data", args=["WK099901", "json"])))
    (cell,) = [c for c in data["maanden"] if (c["maand"], c["hoofdcategorie"]) == (month, "zorg")]
    assert (cell["aantal"], cell["aantal_tekst"]) == (None, "< 5")
    assert MEASURE_NOTE_MARKERS[0] not in json.dumps(data)
