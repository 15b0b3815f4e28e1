"""Bad input on every route: whatever a visitor who may use a route sends it, in the query
string or in a form, the server answers it (a page, an error message, a redirect or a refusal)
and never fails with a 500.

The routes and the world are the authorization matrix's (tests/matrix/), so a new route is
sent bad input as soon as it has its entry there. The field names come from the forms on the
route's own page and on the record's pages, so a new form field is sent bad input too.

Every date, date-time, time and number field of those forms is also sent the boundary values
of its kind (the first and last days Python knows, the hours summer and winter time skip and
repeat, numbers past every limit), one at a time in an otherwise valid form: the form refuses
what it cannot keep with an error at that field and shows again what was typed.
"""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.matrix import (
    ADMIN,
    ADMIN_DOOR,
    ANONYMOUS,
    ASKED,
    DEBT_HELP,
    GUEST,
    HALFWAY,
    IMPORT,
    PATTERNS,
    PRIVACY_LOG,
    PRIVACY_OFFICER,
    PUBLIC,
    RESIDENT,
    SECOND_STEP,
    STAFF,
    Ask,
    Matrix,
    Record,
    Route,
    Visitor,
    client_for,
    route_of,
    url_for,
)
from tests.matrix.asking import PARAMETER
from tests.matrix.routes import arrears_worker
from tests.matrix.visitors import RENT_ADMINISTRATION
from tests.matrix.wijkbeeld_routes import PICTURE_ROUTES
from tests.page_forms import DATE, DATETIME, HIDDEN, NUMBER, TIME, TYPED, Field, PageForm, forms_on
from wijkteam.areas.models import Neighbourhood
from wijkteam.open311.services import open311_app_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Signal
from wijkteam.wijkbeeld.models import Measure

WIJK_A = "WK099901"
# One kind of bad value per request, in every field at once.
BAD_VALUES = {
    "script and quotes": "<script>alert(1)</script>' OR 1=1; -- \"%s{{ x }}",
    "control characters": "a\x00b\x1b\u202eé\ud7ff",
    "huge": "x" * 100_000,
    "number out of range": "-99999999999999999999999",
    "impossible date": "2026-02-30",
    "list syntax": "1,2,[3]",
}
# Query parameters the lists and filters read, sent to every GET besides the page's own fields.
QUERY_NAMES = ("page", "pagina", "sort", "q", "status", "categorie", "team", "van", "tot", "next")
FIELD = re.compile(
    r"<(?:input|select|textarea)\b[^>]*?\bname=\"([^\"]+)\"[^>]*>", re.IGNORECASE | re.DOTALL
)
FILE_FIELD = re.compile(r"<input\b[^>]*\btype=\"file\"[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)


@dataclass(frozen=True)
class Boundary:
    """One boundary value, written for each kind of field; the kinds in `refused` must answer
    it with an error at the field (and keep what was typed), the others only never fail."""

    label: str
    day: str = ""  # jjjj-mm-dd, also for days that do not exist
    time: str = ""
    number: str = ""
    refused: frozenset[str] = frozenset()

    def value_for(self, field: Field) -> str | None:
        if field.kind == DATE and self.day:
            if field.type == "date":
                return self.day
            year, month, day = self.day.split("-")  # as the hint asks: dd-mm-jjjj
            return f"{day}-{month}-{year}"
        if field.kind == TIME and self.time:
            return self.time
        if field.kind == DATETIME and self.day:
            return f"{self.day}T{self.time}"
        if field.kind == NUMBER and self.number:
            return self.number
        return None


OUT_OF_RANGE = frozenset({DATE, DATETIME})
BOUNDARIES = (
    Boundary("the earliest moment", "0001-01-01", "00:00", refused=OUT_OF_RANGE),
    Boundary("the latest moment", "9999-12-31", "23:59", refused=OUT_OF_RANGE),
    Boundary("the last day before 1900", "1899-12-31", "23:59", refused=OUT_OF_RANGE),
    Boundary("the first day after 2100", "2101-01-01", "00:00", refused=OUT_OF_RANGE),
    Boundary("the first day of 1900", "1900-01-01", "00:00"),
    Boundary("a day that does not exist", "2026-02-29", "12:00", refused=OUT_OF_RANGE),
    Boundary("hour 24", "2026-06-01", "24:00", refused=frozenset({TIME, DATETIME})),
    Boundary("a time with seconds", "2026-06-01", "23:59:59"),
    # Europe/Amsterdam: the hour that summer time skips, and the hour that winter time repeats.
    Boundary("the hour that does not exist", "2026-03-29", "02:30", refused=frozenset({DATETIME})),
    Boundary("the hour that happens twice", "2026-10-25", "02:30"),
    Boundary("a huge number", number="9" * 25, refused=frozenset({NUMBER})),
    Boundary("a huge negative number", number="-" + "9" * 25, refused=frozenset({NUMBER})),
    Boundary("past the largest float", number="1e309", refused=frozenset({NUMBER})),
    Boundary("not a number", number="NaN", refused=frozenset({NUMBER})),
    Boundary("minus infinity", number="-Infinity", refused=frozenset({NUMBER})),
    Boundary("minus zero", number="-0"),
    Boundary("a very long row of digits", number="1" * 5000, refused=frozenset({NUMBER})),
    Boundary("many decimal places", number="1." + "0" * 29 + "1", refused=frozenset({NUMBER})),
)
NUMBERS = tuple(boundary for boundary in BOUNDARIES if boundary.number)


def staff(key: str) -> Visitor:
    return next(visitor for visitor in STAFF if visitor.key == key)


def askers(key: str, route: Route, record: Record | None) -> list[Visitor]:
    """Who sends the bad input: visitors who get past the door, so that the form is read."""
    if key.startswith("projects:"):
        return [staff("gemeente-wijkmanager-A")]  # decides and works: every form is theirs
    if route.access in (PUBLIC, GUEST):
        return [ANONYMOUS, RESIDENT]
    if route.access in (ADMIN, ADMIN_DOOR):
        return [staff("gemeente-functioneel_beheerder-A")]
    if route.access in (PRIVACY_LOG, PRIVACY_OFFICER):
        return [staff("gemeente-privacy_officer-A")]
    if route.access == SECOND_STEP:
        return HALFWAY
    if route.access == DEBT_HELP:
        return [staff("gemeente-medewerker-A")]
    if route.access == IMPORT:
        return [RENT_ADMINISTRATION]
    if record is None:
        return [staff("gemeente-medewerker-A"), staff("corporatie-medewerker-A")] + (
            [RENT_ADMINISTRATION] if route.may is arrears_worker else []
        )
    return [staff(f"{record.receiver_kind}-medewerker-A")]


def fields_on(body: str) -> tuple[set[str], set[str]]:
    names = set(FIELD.findall(body)) - {"csrfmiddlewaretoken"}
    files = set(FILE_FIELD.findall(body))
    return names - files, files


def record_pages(key: str, matrix: Matrix, record: Record | None) -> list[str]:
    """The pages of the record (or initiative) a route acts on, whose forms are sent to it."""
    if record is not None:
        return [
            reverse("cases:detail", args=[record.case_reference]),
            reverse("signals:detail", args=[record.signal_reference]),
        ]
    if key == "wijkbeeld:measure_comparison":  # on the measure's page
        return [reverse("wijkbeeld:measure", args=[WIJK_A, matrix.picture.measure_id])]
    if key == "projects:threshold":  # on the team's list of initiatives
        return [reverse("projects:team", args=["WK099901"])]
    if key.startswith("projects:"):
        return [reverse("projects:detail", args=[matrix.initiatives.project])]
    return []


def form_fields(client, url: str, route: Route, pages: list[str]) -> tuple[set, set]:
    """The fields of the forms on the route's page and on its record's ``pages``."""
    pages = ([url] if route.get else []) + pages
    names, files = set(), set()
    for page in pages:
        response = client.get(page)
        if response.status_code == 200 and not response.streaming:
            found, found_files = fields_on(response.content.decode(errors="replace"))
            names |= found
            files |= found_files
    return names, files


def garbage_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x00\xffGIF89a<?php echo 1; ?>", content_type="image/jpeg")


def sent(send, url: str, data: dict):
    """The response to one request, undone afterwards so that the next one meets the same
    records; what would be a 500 (the test client re-raises it) as its error's text."""
    with transaction.atomic():
        try:
            response = send(url, data)
        except Exception as error:
            response = f"{type(error).__name__}: {error}"[:300]
        transaction.set_rollback(True)
    if isinstance(response, str) or response.status_code >= 500:
        return None, response if isinstance(response, str) else str(response.status_code)
    return response, None


# A variant whose answer does not depend on who asks (a link never sent) is refused before any
# input is read: the route's main variant is sent the bad input.
SENT = [(key, variant) for key, variant in ASKED if variant not in route_of(key).sampled]


@pytest.mark.parametrize(("key", "variant"), SENT)
def test_bad_input_never_breaks_a_route(matrix: Matrix, db, key, variant):
    route = route_of(key)
    record = matrix.records.get(variant)
    url = url_for(key, matrix, record, variant)
    failures = []
    for visitor in askers(key, route, record):
        client = client_for(visitor, matrix)
        names, files = form_fields(client, url, route, record_pages(key, matrix, record))
        requests = []
        if route.get:
            queried = (*names, *QUERY_NAMES)
            for label in ("script and quotes", "control characters", "number out of range"):
                query = {key: BAD_VALUES[label] for key in queried}
                requests.append((f"GET ({label})", client.get, query))
            # Page numbers and the like are read from links, not only from forms.
            for boundary in NUMBERS:
                query = {key: boundary.number for key in queried}
                requests.append((f"GET ({boundary.label})", client.get, query))
        if route.post:
            for label, value in BAD_VALUES.items():
                data = {key: value for key in names}
                data |= {key: garbage_file(f"{key}.jpg") for key in files}
                requests.append((f"POST ({label})", client.post, data))
        for what, send, data in requests:
            _response, failure = sent(send, url, data)
            if failure:
                failures.append(f"{what} {url} as {visitor.key}: {failure}")
    assert not failures, "\n".join(failures)


# What a visitor can type into a URL's own parts (a record's number, a reference, a token):
# the database may refuse what the URL's converter lets through (SQLite has no number beyond
# 64 bits, PostgreSQL no NUL in a text).
BAD_PATH_VALUES = {
    "number beyond 64 bits": "99999999999999999999",
    "number beyond 64 bits, negative": "-99999999999999999999",
    "NUL": "M-2026%00-00001",
    "very long": "9" * 3000,
    "encoded slash and dots": "..%2F..%2Fetc",
}
# Each route with parts of its own once, with the first record it is asked about (its visitor).
WITH_PARAMETERS = {
    key: variant for key, variant in reversed(SENT) if PARAMETER.search(PATTERNS[key].route)
}


def test_bad_values_in_a_urls_own_parts_never_break_a_route(matrix: Matrix, db):
    """Every route with a part of its own in the URL, each part given each bad value, asked
    (and posted to, where it takes a form) by a visitor who may use the route: an answer, a
    refusal or "not found", never a 500."""
    failures, asked = [], 0
    for key, variant in WITH_PARAMETERS.items():
        route = route_of(key)
        visitor = askers(key, route, matrix.records.get(variant))[0]
        client = client_for(visitor, matrix)
        for label, value in BAD_PATH_VALUES.items():
            path = PARAMETER.sub(value, PATTERNS[key].route).replace("^", "").replace("$", "")
            url = "/" + path
            for method, send in (("GET", client.get), ("POST", client.post)):
                if (method == "GET" and not route.get) or (method == "POST" and not route.post):
                    continue
                asked += 1
                _response, failure = sent(send, url, {})
                if failure:
                    failures.append(f"{method} ({label}) {url[:120]} as {visitor.key}: {failure}")
    assert asked > 300, asked  # the routes with parts of their own were found
    assert not failures, "\n".join(failures)


def forms_for(client, url: str, route: Route, pages: list[str]) -> list[PageForm]:
    """The forms on the route's page and its record's ``pages`` that are sent to this
    route."""
    pages = ([url] if route.get else []) + pages
    methods = {"get"} if route.get else set()
    methods |= {"post"} if route.post else set()
    path = urlsplit(url).path
    found = {}
    for page in pages:
        response = client.get(page)
        if response.status_code == 200 and not response.streaming:
            for form in forms_on(response.content.decode(errors="replace"), page):
                if form.action == path and form.method in methods:
                    names = tuple(sorted(field.name for field in form.fields))
                    found.setdefault((form.method, names), form)
    return list(found.values())


# What a search form needs besides its dates to search at all (the matrix has valid forms only
# for what is posted).
SEARCHES = {"privacy:access_log": lambda ask: {"gebruiker": ask.user.email}}


def baseline(form: PageForm, key: str, ask: Ask) -> dict:
    """What a browser sends untouched, with the route's valid form over it: so that a boundary
    value meets every check behind the form, not only the field's own."""
    data: dict = dict(form.defaults())
    route = route_of(key)
    if form.method == "post" and route.form is not None:
        data |= route.form(ask)
    if form.method == "get" and key in SEARCHES:
        data |= SEARCHES[key](ask)
    return data


def refusal_problem(response, form: PageForm, typed: dict[str, str]) -> str | None:
    """Refused at the field: the form comes back with each field marked and its value kept."""
    if response.status_code in (301, 302, 303):
        return f"{response.status_code}: accepted"
    if response.streaming:
        return f"{response.status_code}: a file instead of the form"
    body = response.content.decode(errors="replace")
    page_url = response.wsgi_request.get_full_path()
    shown = [again for again in forms_on(body, page_url) if again.action == form.action]
    if not shown:
        # Refused before the form (not allowed here, or not in this state), or lost.
        return None if response.status_code >= 400 else "the form is not shown again"
    problems = []
    for name, value in typed.items():
        fields = [field for again in shown for field in again.named(name)]
        if not fields:
            problems.append(f"{name} not shown again")
        elif not all(field.invalid for field in fields):
            problems.append(f"{name} not marked as wrong")
        elif not any(field.value == value for field in fields):
            problems.append(f"{name} lost what was typed")
    return ", ".join(problems) or None


def boundary_requests(form: PageForm):
    """Per boundary value: the fields of its kind with it, and the fields that must refuse it.
    Hidden fields (a point on the map, a key) are sent the numbers apart: only a script puts
    one there, so they need not be shown again, only never break the form."""
    hidden = [f for f in form.of_kind(HIDDEN) if f.name != "csrfmiddlewaretoken"]
    for boundary in BOUNDARIES:
        values = {f.name: value for f in form.fields if (value := boundary.value_for(f))}
        if values:
            refused = {f.name: values[f.name] for f in form.of_kind(*boundary.refused)}
            yield boundary.label, values, {k: v for k, v in refused.items() if k in values}
        if boundary.number and hidden:
            yield f"{boundary.label}, hidden", {f.name: boundary.number for f in hidden}, {}


@pytest.mark.parametrize(("key", "variant"), SENT)
def test_boundary_values_get_an_error_at_their_field(matrix: Matrix, db, key, variant):
    """Every date, date-time, time and number field the route's forms have is sent each
    boundary value in turn; a form never fails on one, and refuses what it cannot keep with an
    error at the field, showing again what was typed."""
    route = route_of(key)
    record = matrix.records.get(variant)
    url = url_for(key, matrix, record, variant)
    failures = []
    for visitor in askers(key, route, record):
        client = client_for(visitor, matrix)
        for form in forms_for(client, url, route, record_pages(key, matrix, record)):
            if not form.of_kind(*TYPED):
                continue
            target = form.action if form.method == "get" else url
            for label, values, refused in boundary_requests(form):
                data = baseline(form, key, Ask(matrix, visitor, record, variant)) | values
                # A fresh client: an accepted form may have given the last one a new session
                # (as the second step does), which the rollback took away again.
                fresh = client_for(visitor, matrix)
                send = fresh.get if form.method == "get" else fresh.post
                response, failure = sent(send, target, data)
                if not failure and refused:
                    failure = refusal_problem(response, form, refused)
                if failure:
                    what = f"{form.method.upper()} {url} ({label}) as {visitor.key}"
                    failures.append(f"{what}: {failure}")
    assert not failures, "\n".join(failures)


def kinds_on(client, key: str, pages: list[str] = (), **kwargs) -> dict[str, str]:
    route = route_of(key)
    url = reverse(key, **kwargs)
    forms = forms_for(client, url, route, list(pages))
    return {f.name: f.kind for form in forms for f in form.fields}


def test_the_bad_input_reaches_the_forms(matrix, db):
    """The tests above are only worth something if they find the forms: the staff intake form,
    the case page's forms, a privacy form, an initiative's forms and a measure's are read, with
    their fields and their kinds."""
    officer = client_for(staff("gemeente-privacy_officer-A"), matrix)
    names, _files = form_fields(
        officer, reverse("privacy:persons"), route_of("privacy:persons"), []
    )
    assert {"name", "email"} <= names
    assert {"van": DATE, "tot": DATE}.items() <= kinds_on(officer, "privacy:access_log").items()
    worker = client_for(staff("welzijn-medewerker-A"), matrix)
    care = matrix.records["care"]
    names, files = form_fields(
        worker,
        reverse("intake:new"),
        route_of("intake:new"),
        record_pages("intake:new", matrix, care),
    )
    assert {"description", "postcode"} <= names
    assert files, "the intake form's photo field"
    kinds = kinds_on(worker, "intake:new")
    assert (kinds["occurred_at_0"], kinds["occurred_at_1"]) == (DATE, TIME)
    assert (kinds["house_number"], kinds["latitude"]) == (NUMBER, HIDDEN)
    noise = matrix.records["noise"]
    lead = client_for(staff("gemeente-medewerker-A"), matrix)
    pages = record_pages("cases:action_add", matrix, noise)
    kinds = kinds_on(lead, "cases:action_add", pages, args=[noise.case_reference])
    assert kinds["action-due_date"] == DATE
    kinds = kinds_on(client_for(ANONYMOUS, matrix), "portal:report")
    assert (kinds["occurred_at_0"], kinds["occurred_at_1"], kinds["house_number"]) == (
        DATE,
        TIME,
        NUMBER,
    )
    rent = client_for(RENT_ADMINISTRATION, matrix)
    kinds = kinds_on(rent, "intake:arrears_new")
    assert (kinds["signal_date"], kinds["months"], kinds["amount"]) == (DATE, NUMBER, NUMBER)
    assert kinds_on(rent, "signals:organisation")["van"] == DATE
    # The wijkteam's forms of an initiative, on its page and on the team's list.
    manager = client_for(staff("gemeente-wijkmanager-A"), matrix)
    project = matrix.initiatives.project
    for key, args, fields in (
        ("projects:contribution_add", [project], {"contribution-promised_on": DATE}),
        ("projects:contribution_add", [project], {"contribution-amount": NUMBER}),
        ("projects:milestone_add", [project], {"milestone-happened_on": DATE}),
        ("projects:threshold", ["WK099901"], {"support_threshold": NUMBER}),
    ):
        kinds = kinds_on(manager, key, record_pages(key, matrix, None), args=args)
        assert fields.items() <= kinds.items(), (key, kinds)
    # The measures' forms: a measure's own, and the comparison buurten on its page.
    kinds = kinds_on(manager, "wijkbeeld:measure_new", args=[WIJK_A])
    assert (kinds["started_on"], kinds["ended_on"]) == (DATE, DATE)
    assert {"title", "neighbourhoods", "target_categories", "cost", "partners"} <= set(kinds)
    key = "wijkbeeld:measure_comparison"
    url = reverse(key, args=[WIJK_A, matrix.picture.measure_id])
    names, _files = form_fields(manager, url, route_of(key), record_pages(key, matrix, None))
    assert "comparison_neighbourhoods" in names


# --- the wijk's picture -------------------------------------------------------------------------


def _measure_state(pk: int) -> tuple:
    """Everything of a measure a form can change, to tell that a refused one changed nothing."""
    measure = Measure.objects.get(pk=pk)
    return (
        *(getattr(measure, name) for name in MEASURE_FIELDS),
        sorted(measure.neighbourhoods.values_list("pk", flat=True)),
        sorted(measure.partners.values_list("pk", flat=True)),
        sorted(measure.target_categories.values_list("pk", flat=True)),
        sorted(measure.comparison_neighbourhoods.values_list("pk", flat=True)),
    )


MEASURE_FIELDS = ("title", "kind", "description", "started_on", "ended_on", "cost", "is_public")


def _measure_post(matrix: Matrix, **changes) -> dict:
    visitor = staff("gemeente-wijkmanager-A")
    return route_of("wijkbeeld:measure_new").form(Ask(matrix, visitor, None, "wijk")) | changes


def test_the_pictures_forms_refuse_hostile_input_and_change_nothing(matrix: Matrix, db):
    """The measures' forms sent what no page offers (another wijk's buurt, a partner outside
    the team, a category or buurt that does not exist, numbers past every key, dates far away,
    a value sent a thousand times, text that is not text) answer with the form and its errors
    (400), never a 500, and leave every measure as it was."""
    client = client_for(staff("gemeente-wijkmanager-A"), matrix)
    picture = matrix.picture
    kersentuin = str(Neighbourhood.objects.get(code="BU09990200").pk)
    perenlaan = str(Neighbourhood.objects.get(code="BU09990101").pk)
    outsider = str(Organisation.objects.filter(team_partners__isnull=True).first().pk)
    huge, far = "9" * 30, "-" + "9" * 30
    hostile = [
        {"neighbourhoods": [kersentuin]},
        {"neighbourhoods": [huge]},
        {"neighbourhoods": [far, "abc", "1.5"]},
        {"neighbourhoods": [kersentuin] * 1000},
        {"partners": [outsider]},
        {"partners": [huge]},
        {"target_categories": ["987654321"]},
        {"target_categories": [huge, "\x00"]},
        {"started_on": "9999-12-31"},
        {"started_on": "0001-01-01"},
        {"started_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
        {"ended_on": "1900-01-01"},
        {"kind": "raket"},
        {"cost": "1e309"},
        {"cost": "-5"},
        {"title": "x" * 100_000},
        {"title": "\x00\x1b\u202e"},
    ]
    measure_url = reverse("wijkbeeld:measure_edit", args=[WIJK_A, picture.measure_id])
    new_url = reverse("wijkbeeld:measure_new", args=[WIJK_A])
    before = (Measure.objects.count(), _measure_state(picture.measure_id))
    failures = []
    for changes in hostile:
        for url in (new_url, measure_url):
            response, failure = sent(client.post, url, _measure_post(matrix, **changes))
            if failure or response.status_code != 400:
                failures.append(f"{url} {sorted(changes)}: {failure or response.status_code}")
    # Bytes that are no UTF-8 at all, as a form's body.
    for url in (new_url, measure_url):
        with transaction.atomic():
            response = client.post(
                url,
                b"title=%ED%A0%80%FF&neighbourhoods=%C3%28&started_on=%FF",
                content_type="application/x-www-form-urlencoded",
            )
            transaction.set_rollback(True)
        if response.status_code != 400:
            failures.append(f"{url} (no UTF-8): {response.status_code}")
    comparison_url = reverse("wijkbeeld:measure_comparison", args=[WIJK_A, picture.measure_id])
    for data in (
        {"action": "kiezen", "comparison_neighbourhoods": [perenlaan]},  # its own buurt
        {"action": "kiezen", "comparison_neighbourhoods": [huge]},
        {"action": "kiezen", "comparison_neighbourhoods": [far, "abc"]},
        {"action": "raket"},
        {"action": ["kiezen", "wissen"] * 500, "comparison_neighbourhoods": [kersentuin] * 50},
    ):
        with transaction.atomic():
            response = client.post(comparison_url, data)
            changed = _measure_state(picture.measure_id) != before[1]
            transaction.set_rollback(True)
        if response.status_code != 400 or changed:
            failures.append(f"comparison {data.get('action')}: {response.status_code} {changed}")
    assert not failures, "\n".join(failures)
    assert (Measure.objects.count(), _measure_state(picture.measure_id)) == before


PICTURE_QUERIES = (
    "categorie=" + "&categorie=".join(["zorg", "financieel", "bestaat-niet", "%FF%FE"] * 240),
    "categorie=" + "&categorie=".join(["zorg"] * 1200),  # past what Django reads: a 400
    "periode=maand&maand=1900-01",
    "periode=maand&maand=2026-13",
    "periode=eigen&van=2999-01&tot=1901-12",
    "periode=kwartaal&kwartaal=99999999999999999999-K1",
    "periode=jaar&jaar=-1",
    "periode=jaar&jaar=" + "9" * 5000,
    "periode=%00%1b&van=%ED%A0%80&tot=%C3%28",
    "jaar=2026&van=2025-01&tot=2025-12",
    "van=0000-00&tot=9999-99",
    "van=0000-01&tot=2026-01",
    "jaar=%C2%B2%C2%B2%C2%B2%C2%B2",
    "periode=kwartaal&kwartaal=%C2%B2%C2%B2%C2%B2%C2%B2-K1",
    "jaar=" + "9" * 30,
    "status=%FF&pagina=" + "9" * 30,
    "pagina=-1&pagina=2&status=lopend&status=gestopt",
)


def test_the_pictures_pages_answer_hostile_query_strings(matrix: Matrix, db):
    """Every page and download of the picture, asked with query strings no page makes (a
    category asked 1,200 times, unknown and hidden ones, months and years that do not exist or
    lie centuries away, digits of another script, bytes that are no UTF-8, a parameter twice)
    answers with the page (a message, the default period) or a 400: never a 500 (nor, on a page
    that refuses first, in the page that says so)."""
    visitors = (staff("welzijn-medewerker-A"),)  # a worker of wijk A's team: every page opens
    keys = [key for key, route in PICTURE_ROUTES.items() if route.get]
    failures = []
    for visitor in visitors:
        client = client_for(visitor, matrix)
        # As a browser meets it: a request Django refuses itself (too many fields) is its 400.
        client.raise_request_exception = False
        for key in keys:
            records = route_of(key).records
            base = url_for(key, matrix, None, records[0] if records else None)
            for query in PICTURE_QUERIES:
                joined = "&" if "?" in base else "?"
                response, failure = sent(client.get, f"{base}{joined}{query}", {})
                if failure:
                    failures.append(f"{base}?{query[:60]} as {visitor.key}: {failure}")
    # A page that refuses first (another wijk's team may not record a measure here) says so
    # with the menu of every page, which must not read a query string Django refuses (400).
    outsider = client_for(staff("politie-medewerker-B"), matrix)
    outsider.raise_request_exception = False
    url = reverse("wijkbeeld:measure_new", args=[WIJK_A]) + "?" + PICTURE_QUERIES[1]
    response, failure = sent(outsider.get, url, {})
    if failure or response.status_code not in (400, 404):
        failures.append(f"{url[:80]} as politie-medewerker-B: {failure or response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_nul_character_in_an_address_names_nothing(matrix: Matrix, db):
    """A NUL character in a wijk's, buurt's or record's code in the address names nothing that
    exists: the 404, on the picture's routes and elsewhere (PostgreSQL refuses NUL in text, so
    looking it up would fail with a server error)."""
    client = client_for(staff("welzijn-medewerker-A"), matrix)
    client.raise_request_exception = False
    chart = reverse("wijkbeeld:chart", kwargs={"chart": "maanden", "fmt": "csv"})
    urls = [
        reverse("wijkcijfers:district", args=["WK\x00"]),
        reverse("wijkbeeld:district", args=["WK\x00"]),
        reverse("wijkbeeld:neighbourhood", args=[WIJK_A, "BU\x00"]),
        reverse("wijkbeeld:hotspots", args=["WK\x00"]),
        reverse("wijkbeeld:measures", args=["WK\x00"]),
        f"{chart}?wijk=WK%00",
        f"{chart}?buurt=BU%00",
        reverse("signals:detail", args=["M\x00"]),
        reverse("initiatives:wijk", args=["WK\x00"]),
    ]
    answers = {url: client.get(url).status_code for url in urls}
    assert set(answers.values()) == {404}, answers


# --- Open311 ------------------------------------------------------------------------------------

OPEN311_FIELDS = (
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
    "attribute[huurder]",
    "attribute[tijdstip]",
    "attribute[bestaat-niet]",
)
OPEN311_QUERY = (
    "jurisdiction_id",
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
)


def _open311_errors(response) -> str | None:
    """What is wrong with an Open311 refusal: it must be the specification's error format."""
    if response.status_code not in (400, 403, 404, 429):
        return f"{response.status_code}"
    try:
        errors = json.loads(response.content)
    except ValueError:
        return "not the error format"
    if not errors or any(set(error) != {"code", "description"} for error in errors):
        return f"not the error format: {errors!r}"[:200]
    return None


def test_open311_answers_hostile_input_in_its_error_format(matrix: Matrix, db):
    """Every field of a GeoReport v2 request, one at a time in an otherwise valid request with
    a valid key, and every parameter of its reads, sent each bad value; ids and codes in the
    address that are huge, not UTF-8 or NUL: taken in where it is only odd text, else the
    specification's error format; never a 500."""
    client = client_for(ANONYMOUS, matrix)
    client.raise_request_exception = False
    failures = []
    with transaction.atomic():
        key = open311_app_create(actor=SYSTEM, name="Boze app", contact_email="b@app.test").key
        valid = {
            "api_key": key,
            "service_code": "vervuiling-zwerfafval",
            "lat": "52.0052",
            "long": "5.5151",
            "description": "Zakken naast de container.",
        }
        signals = Signal.objects.count()
        for name in OPEN311_FIELDS:
            for label, value in BAD_VALUES.items():
                url = "/open311/v2/requests.json"
                response, failure = sent(client.post, url, {**valid, name: value})
                # Free text may be anything but NUL: taken in (and undone), or refused.
                if not failure and response.status_code != 201:
                    failure = _open311_errors(response)
                if failure:
                    failures.append(f"POST {name} ({label}): {failure}")
        for name in OPEN311_QUERY:
            for label, value in BAD_VALUES.items():
                response, failure = sent(client.get, "/open311/v2/requests.json", {name: value})
                if failure or response.status_code != 200:
                    failure = failure or _open311_errors(response)
                if failure:
                    failures.append(f"GET {name} ({label}): {failure}")
        for path in (
            "/open311/v2/requests/" + "9" * 5000 + ".json",
            "/open311/v2/requests/%ED%A0%80%FF.json",
            "/open311/v2/requests/M-2026-%2500001.json",
            "/open311/v2/services/" + "x" * 5000 + ".xml",
            "/open311/v2/services/%C3%28.json",
            "/open311/v2/tokens/" + "t" * 5000 + ".json",
        ):
            response, failure = sent(client.get, path, {})
            if failure or response.status_code != 404:
                failures.append(f"GET {path[:60]}: {failure or response.status_code}")
        for path in ("/open311/v2/requests/M\x00.json", "/open311/v2/services/a\x00.xml"):
            response, failure = sent(client.get, path, {})
            if failure or response.status_code != 404:
                failures.append(f"GET {path!r}: {failure or response.status_code}")
        with transaction.atomic():
            response = client.post(
                "/open311/v2/requests.json",
                b"api_key=" + key.encode() + b"&description=%ED%A0%80%FF&service_code=%C3%28",
                content_type="application/x-www-form-urlencoded",
            )
            transaction.set_rollback(True)
        if _open311_errors(response):
            failures.append(f"POST no UTF-8: {_open311_errors(response)}")
        with transaction.atomic():
            response = client.post(
                "/open311/v2/requests.json",
                "&".join(f"f{number}=1" for number in range(1200)),
                content_type="application/x-www-form-urlencoded",
            )
            transaction.set_rollback(True)
        if _open311_errors(response):
            failures.append(f"POST 1200 fields: {_open311_errors(response)}")
        assert Signal.objects.count() == signals
        transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
