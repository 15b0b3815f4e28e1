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

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests.matrix import (
    ADMIN,
    ADMIN_DOOR,
    ANONYMOUS,
    ASKED,
    DEBT_HELP,
    GUEST,
    HALFWAY,
    IMPORT,
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
from tests.matrix.routes import arrears_worker
from tests.matrix.visitors import RENT_ADMINISTRATION
from tests.page_forms import DATE, DATETIME, HIDDEN, NUMBER, TIME, TYPED, Field, PageForm, forms_on

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
    the case page's forms, a privacy form and an initiative's forms are read, with their fields
    and their kinds."""
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
