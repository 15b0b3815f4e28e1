"""The privacy services check, themselves, who acts and whether the record's state allows it:
refused, they raise DomainError and change nothing (no audit row either). The privacy pages
check the role first; these calls skip the pages."""

import pytest

from tests.cases.support import local
from tests.factories import make_user
from tests.privacy.support import NOW, closed_case
from tests.refusals import assert_refused, rows
from wijkteam.cases.models import Case
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role
from wijkteam.privacy.erasure import person_request_erase
from wijkteam.privacy.legal_hold import case_legal_hold_lift, case_legal_hold_set
from wijkteam.privacy.models import RequestKind
from wijkteam.privacy.persons import PersonQuery, person_findings
from wijkteam.privacy.retention import case_retention_apply, retention_run
from wijkteam.privacy.services import person_request_create, person_request_exported

PERSONS = "Alleen de privacy officer behandelt"
HOLD = "Alleen de privacy officer gaat over de bewaarplicht"
NIGHTLY = "Alleen de nachtelijke ronde"


@pytest.fixture
def officer(world):
    return make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)


@pytest.fixture
def case(world, settings, tmp_path, time_machine) -> Case:
    """A resident's report, worked and closed more than a year ago: due for retention."""
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(NOW, tick=False)
    return closed_case(world, closed_at=local(2025, 3, 1, 12, 0))


def request_of(officer, kind: str):
    query = PersonQuery(name="Rik Melder")
    return person_request_create(
        actor=officer,
        kind=kind,
        description="Brief van 12 november",
        query=query,
        findings=person_findings(query),
    )


def _erased(officer):
    request = request_of(officer, RequestKind.ERASURE)
    person_request_erase(actor=officer, request=request)
    return request


def _held(officer, case):
    case_legal_hold_set(actor=officer, case=case, reason="Klacht bij de ombudsman")


def _cleaned(case):
    Case.objects.filter(pk=case.pk).update(retention_applied_at=NOW)
    case.refresh_from_db()


# name → (what to prepare, the call (given what was prepared), the message it is refused with)
REFUSALS = {
    "person request: the system": (
        None,
        lambda o, w, c, _: request_of(SYSTEM, RequestKind.ACCESS),
        PERSONS,
    ),
    "person request: a functional admin": (
        None,
        lambda o, w, c, _: request_of(w.admin, RequestKind.ACCESS),
        PERSONS,
    ),
    "export: the system": (
        lambda o, c: request_of(o, RequestKind.ACCESS),
        lambda o, w, c, request: person_request_exported(
            actor=SYSTEM, request=request, format="json"
        ),
        PERSONS,
    ),
    "erase: the system": (
        lambda o, c: request_of(o, RequestKind.ERASURE),
        lambda o, w, c, request: person_request_erase(actor=SYSTEM, request=request),
        PERSONS,
    ),
    "erase: a request for access": (
        lambda o, c: request_of(o, RequestKind.ACCESS),
        lambda o, w, c, request: person_request_erase(actor=o, request=request),
        "geen verzoek om te wissen",
    ),
    "erase: erased already": (
        lambda o, c: _erased(o),
        lambda o, w, c, request: person_request_erase(actor=o, request=request),
        "al gewist",
    ),
    "legal hold: nobody said who acts": (
        None,
        lambda o, w, c, _: case_legal_hold_set(actor=None, case=c, reason="Klacht"),
        HOLD,
    ),
    "legal hold: the system": (
        None,
        lambda o, w, c, _: case_legal_hold_set(actor=SYSTEM, case=c, reason="Klacht"),
        HOLD,
    ),
    "legal hold: a functional admin": (
        None,
        lambda o, w, c, _: case_legal_hold_set(actor=w.admin, case=c, reason="Klacht"),
        HOLD,
    ),
    "legal hold: held already": (
        _held,
        lambda o, w, c, _: case_legal_hold_set(actor=o, case=c, reason="Nog een klacht"),
        "staat al een bewaarplicht",
    ),
    "legal hold: nothing left to keep": (
        lambda o, c: _cleaned(c),
        lambda o, w, c, _: case_legal_hold_set(actor=o, case=c, reason="Klacht"),
        "al verwijderd",
    ),
    "lift: the system": (
        _held,
        lambda o, w, c, _: case_legal_hold_lift(actor=SYSTEM, case=c),
        HOLD,
    ),
    "lift: not held": (
        None,
        lambda o, w, c, _: case_legal_hold_lift(actor=o, case=c),
        "geen bewaarplicht",
    ),
    "retention: nobody said who acts": (
        None,
        lambda o, w, c, _: case_retention_apply(actor=None, case_id=c.pk, now=NOW),
        "Niet bekend wie",
    ),
    "retention: the privacy officer": (
        None,
        lambda o, w, c, _: case_retention_apply(actor=o, case_id=c.pk, now=NOW),
        NIGHTLY,
    ),
    "retention run: a functional admin": (
        None,
        lambda o, w, c, _: retention_run(actor=w.admin, now=NOW),
        NIGHTLY,
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_the_service_refuses_and_changes_nothing(world, officer, case, name):
    prepare, call, message = REFUSALS[name]
    prepared = prepare(officer, case) if prepare is not None else None

    assert_refused(lambda: call(officer, world, case, prepared), match=message)


def test_a_case_that_is_not_due_is_passed_by_without_a_change(world, officer, case):
    """The nightly run meets cases that changed since it listed them: it passes them by (no
    error, so that it goes on with the others) and changes nothing."""
    _held(officer, case)
    before = rows()

    assert case_retention_apply(actor=SYSTEM, case_id=case.pk, now=NOW) is None
    assert rows() == before


def test_the_system_applies_retention_and_the_privacy_officer_holds(world, officer, case):
    _held(officer, case)
    assert case_legal_hold_lift(actor=officer, case=case).legal_hold is False
    assert case_retention_apply(actor=SYSTEM, case_id=case.pk, now=NOW) is not None
    assert request_of(officer, RequestKind.ERASURE).kind == RequestKind.ERASURE
