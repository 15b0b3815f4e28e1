import itertools
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.demo_copy import triggers_off
from tests.factories import (
    add_member,
    make_district,
    make_neighbourhood,
    make_organisation,
    make_user,
)
from wijkteam.core.kept import forget_kept
from wijkteam.partners.middleware import session_start
from wijkteam.partners.models import Organisation, OrganisationKind, Role, Team, TeamFunction, User

# The leak walk's modules each build and crawl a world of their own for minutes. They start
# first: pytest-xdist hands the tests out in the order collected, and a walk that started late
# left its worker running it alone at the end of the run while the other had finished.
FIRST = ("tests/test_leak_walk",)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(FIRST))


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language; a request in English must not leak."""
    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: what one test's reference data built (the map data,
    the point lookup's index, the versions a process keeps) must not reach another, whose
    transaction never saw them."""
    cache.clear()
    forget_kept()
    yield
    cache.clear()
    forget_kept()


_checkpoint_files = itertools.count()


@pytest.fixture(autouse=True)
def audit_checkpoint_file(settings, tmp_path_factory):
    """Each test has a checkpoint file of its own (not yet there): the checkpoints of one
    test's audit trail say nothing about the next test's, and would make it fail to verify."""
    path = tmp_path_factory.getbasetemp() / f"audit-checkpoints-{next(_checkpoint_files)}.jsonl"
    settings.WIJKTEAM_AUDIT_CHECKPOINT_FILE = path
    return path


@pytest.fixture(scope="session", autouse=True)
def flush_may_empty_the_audit_trail():
    """Tests that really commit (``transaction=True``, the browser tests' live server) are
    cleaned up with Django's flush. On PostgreSQL that is a TRUNCATE of every table, which
    the audit trail refuses (access/migrations/0005) and which takes most of a second for the
    hundred tables, however few rows they hold. Here, and only here, the flush deletes every
    table's rows instead (a few hundredths of a second for the demo), with the triggers off
    for its own statements (the test database's user may do so): the foreign keys need no
    check when every table is emptied, and the audit trail's refusal is switched off."""
    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    flush = operations.execute_sql_flush
    truncate = operations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:  # a test that asks for its ids from 1: as Django does it
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)}" for table in tables]  # noqa: S608

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor, triggers_off(cursor):
            flush(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush)
        patch.setattr(operations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def force_login_passes_the_second_step(monkeypatch):
    """Two-factor authentication stays on in every test. ``client.force_login`` stands for a
    whole login, so it also gives the user a confirmed authenticator app and marks the session
    verified by it, as a correct code would. Tests of the login itself go through the pages."""
    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session_start(session)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@dataclass
class World:
    """The base fixture: two wijken with a team each, the partner kinds, users in both teams."""

    district_a: object
    district_b: object
    buurt_a1: object
    buurt_a2: object
    buurt_b1: object
    team_a: Team
    team_b: Team
    gemeente: Organisation
    corporatie: Organisation
    politie: Organisation
    welzijn: Organisation
    wijkmanager_a: User
    consulent_a: User
    agent_a: User
    opbouwwerker_a: User
    wijkmanager_b: User
    admin: User
    reader: User
    rent_admin: User  # the corporation's rent administration, in no wijkteam


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The base fixture's data (also built once per module by the authorization matrix)."""
    district_a = make_district("WK099901", "Wijk 01 Testoord", 5.50, 52.00)
    district_b = make_district("WK099902", "Wijk 02 Proefdorp", 5.60, 52.00)
    buurt_a1 = make_neighbourhood(district_a, "BU09990100", "Appelhof", 5.50, 52.00)
    buurt_a2 = make_neighbourhood(district_a, "BU09990101", "Perenlaan", 5.51, 52.00)
    buurt_b1 = make_neighbourhood(district_b, "BU09990200", "Kersentuin", 5.60, 52.00)
    team_a = Team.objects.create(district=district_a, meeting_schedule="elke maandag")
    team_b = Team.objects.create(district=district_b)
    gemeente = make_organisation("Gemeente Testoord", OrganisationKind.GEMEENTE)
    corporatie = make_organisation("Woonstichting Test", OrganisationKind.CORPORATIE)
    politie = make_organisation("Politie Test", OrganisationKind.POLITIE)
    welzijn = make_organisation("Welzijn Test", OrganisationKind.WELZIJN)
    wijkmanager_a = make_user(
        "wm.a@gemeente.test",
        gemeente,
        Role.WIJKMANAGER,
        full_name="Wendy Wijkmanager",
        phone="06 1234 5678",
    )
    consulent_a = make_user("consulent.a@corporatie.test", corporatie, full_name="Cor Consulent")
    agent_a = make_user("agent.a@politie.test", politie, full_name="Agnes Agent")
    opbouwwerker_a = make_user("ow.a@welzijn.test", welzijn, full_name="Otto Opbouw")
    wijkmanager_b = make_user(
        "wm.b@gemeente.test", gemeente, Role.WIJKMANAGER, full_name="Bert Beheer"
    )
    add_member(team_a, wijkmanager_a, TeamFunction.WIJKMANAGER)
    add_member(team_a, consulent_a, TeamFunction.WIJKCONSULENT)
    add_member(team_a, agent_a, TeamFunction.WIJKAGENT)
    add_member(team_a, opbouwwerker_a, TeamFunction.OPBOUWWERKER)
    add_member(team_b, wijkmanager_b, TeamFunction.WIJKMANAGER)
    admin = make_user(
        "beheer@gemeente.test", gemeente, Role.FUNCTIONEEL_BEHEERDER, full_name="Fenna Beheer"
    )
    reader = make_user("lezer@gemeente.test", gemeente, Role.LEZER, full_name="Lex Lezer")
    rent_admin = make_user(
        "huur@corporatie.test", corporatie, Role.HUURADMINISTRATIE, full_name="Hans Huur"
    )
    return World(
        district_a,
        district_b,
        buurt_a1,
        buurt_a2,
        buurt_b1,
        team_a,
        team_b,
        gemeente,
        corporatie,
        politie,
        welzijn,
        wijkmanager_a,
        consulent_a,
        agent_a,
        opbouwwerker_a,
        wijkmanager_b,
        admin,
        reader,
        rent_admin,
    )


@pytest.fixture
def pdok(settings):
    """A local Locatieserver knowing two addresses in wijk A of the world fixture."""
    from tests.pdok_fake import FakeLocatieserver

    fake = FakeLocatieserver()
    fake.add(
        "3999AA 1",
        "Appellaan 1",
        street="Appellaan",
        number=1,
        postcode="3999AA",
        city="Testoord",
        lat=52.005,
        lon=5.505,
        buurtcode="BU09990100",
        wijkcode="WK099901",
        bag_id="0999200000000001",
    )
    fake.add(
        "3999AB 7",
        "Perenweg 7",
        street="Perenweg",
        number=7,
        postcode="3999AB",
        city="Testoord",
        lat=52.005,
        lon=5.515,
        buurtcode="BU09990101",
        wijkcode="WK099901",
        bag_id="0999200000000007",
    )
    settings.PDOK_LOCATIESERVER_URL = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def run_worker(monkeypatch):
    """Run the real background worker until the queue is empty (tasks due now only). Like every
    worker start, it first queues the periodic tasks that have no run waiting (core/periodic.py).

    The worker closes "old" database connections between tasks, and closes them all when a
    task met a broken connection (core/worker.py); inside a test's transaction that would close
    the test's own connection, so only those housekeeping calls are switched off.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    monkeypatch.setattr("wijkteam.core.worker.close_old_connections", lambda: None)
    monkeypatch.setattr("wijkteam.core.worker._close_all", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


@contextmanager
def module_world(django_db_blocker, media):
    """Where a module's world is built (the matrix's, the leak walk's): one transaction, rolled
    back when the module is done, the files its requests store in ``media``, and the thousands
    of refusals (403, 404) its visitors get not logged (an error, 500, still is)."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        request_log.setLevel(level)


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The authorization matrix's world (tests/matrix/), made once per test module; every
    test rolls back what its requests change (``module_world``)."""
    from tests.matrix import build_matrix  # it builds on build_world below

    with module_world(django_db_blocker, tmp_path_factory.mktemp("matrix-media")):
        yield build_matrix()
