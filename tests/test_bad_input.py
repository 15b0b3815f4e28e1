"""Bad input on every route: whatever a visitor who may use a route sends it, in the query
string or in a form, the server answers it (a page, an error message, a redirect or a refusal)
and never fails with a 500.

The routes and the world are the authorization matrix's (tests/matrix/), so a new route is
sent bad input as soon as it has its entry there. The field names come from the forms on the
route's own page and on the record's pages, so a new form field is sent bad input too.
"""

import re

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
    Matrix,
    Record,
    Route,
    Visitor,
    client_for,
    route_of,
    url_for,
)

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


def staff(key: str) -> Visitor:
    return next(visitor for visitor in STAFF if visitor.key == key)


def askers(route: Route, record: Record | None) -> list[Visitor]:
    """Who sends the bad input: visitors who get past the door, so that the form is read."""
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
        return [staff("corporatie-medewerker-A")]
    if record is None:
        return [staff("gemeente-medewerker-A"), staff("corporatie-medewerker-A")]
    return [staff(f"{record.receiver_kind}-medewerker-A")]


def fields_on(body: str) -> tuple[set[str], set[str]]:
    names = set(FIELD.findall(body)) - {"csrfmiddlewaretoken"}
    files = set(FILE_FIELD.findall(body))
    return names - files, files


def form_fields(client, url: str, route: Route, record: Record | None) -> tuple[set, set]:
    """The fields of the forms on the route's page and, for a record, on its pages."""
    pages = [url] if route.get else []
    if record is not None:
        pages += [
            reverse("cases:detail", args=[record.case_reference]),
            reverse("signals:detail", args=[record.signal_reference]),
        ]
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


@pytest.mark.parametrize(("key", "variant"), ASKED)
def test_bad_input_never_breaks_a_route(matrix: Matrix, db, key, variant):
    route = route_of(key)
    record = matrix.records.get(variant)
    url = url_for(key, matrix, record, variant)
    failures = []
    for visitor in askers(route, record):
        client = client_for(visitor, matrix)
        names, files = form_fields(client, url, route, record)
        requests = []
        if route.get:
            for label in ("script and quotes", "control characters", "number out of range"):
                value = BAD_VALUES[label]
                query = {key: value for key in (*names, *QUERY_NAMES)}
                requests.append((f"GET ({label})", client.get, query))
        if route.post:
            for label, value in BAD_VALUES.items():
                data = {key: value for key in names}
                data |= {key: garbage_file(f"{key}.jpg") for key in files}
                requests.append((f"POST ({label})", client.post, data))
        for what, send, data in requests:
            # Each request is undone, so the next one meets the same records.
            with transaction.atomic():
                try:
                    status = send(url, data).status_code
                except Exception as error:  # the test client re-raises what would be a 500
                    status = f"{type(error).__name__}: {error}"[:300]
                transaction.set_rollback(True)
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{what} {url} as {visitor.key}: {status}")
    assert not failures, "\n".join(failures)


def test_the_bad_input_reaches_the_forms(matrix, db):
    """The test above is only worth something if it finds the forms: the staff intake form,
    the case page's forms and a privacy form are read, with their fields."""
    officer = client_for(staff("gemeente-privacy_officer-A"), matrix)
    names, _files = form_fields(
        officer, reverse("privacy:persons"), route_of("privacy:persons"), None
    )
    assert {"name", "email"} <= names
    worker = client_for(staff("welzijn-medewerker-A"), matrix)
    care = matrix.records["care"]
    names, files = form_fields(worker, reverse("intake:new"), route_of("intake:new"), care)
    assert {"description", "postcode"} <= names
    assert files, "the intake form's photo field"
