"""The application survives a PostgreSQL restart: while the database is away every request gets
a friendly 503 (a page, a problem+json under /api/, JSON from /health) with Retry-After, never
a traceback; once it is back the same server process serves again, without a restart
(core/database_down.py, CONN_HEALTH_CHECKS in settings.py).

For real: a private PostgreSQL cluster of its own (the machine's shared one is never
restarted), the application under gunicorn with kept connections, and pg_ctl stopping and
starting the cluster in between."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.pgcluster import can_make_clusters, private_cluster
from bench.servers import children, gunicorn

ROOT = Path(__file__).resolve().parent.parent.parent
PAGE = "/melden/"
API = "/api/v1/meldingen"
# Some key: checking it needs the database (a request without one is refused before that).
API_KEY = "wt_abcdefghijkl_" + "x" * 30


# The tables straight from the models, as pytest-django's --nomigrations makes them: seconds,
# where running every migration takes a minute. Nothing here needs the migrations' data.
MAKE_TABLES = """
import django
from django.conf import settings
from django.core.management import call_command

django.setup()


class NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


settings.MIGRATION_MODULES = NoMigrations()
call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
"""


@pytest.fixture
def cluster():
    if why := can_make_clusters():
        pytest.skip(why)
    with private_cluster(20, durable=False) as made:
        made.wijkteam_url = made.create_database("wijkteam")
        yield made


def fetch(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def application_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="wijkteam.settings",
        WIJKTEAM_ENV="development",  # no collected static files needed; DEBUG off below
        DJANGO_DEBUG="false",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="600",  # kept connections, as in production
        WIJKTEAM_LOG_LEVEL="CRITICAL",
        # The resident's form asks the database every time whether its reference data changed
        # (else it is served from memory for a few seconds, database or not).
        WIJKTEAM_REFERENCE_DATA_CHECK_SECONDS="0",
    )
    return env


def assert_answers(port: int) -> None:
    status, _headers, body = fetch(port, PAGE)
    assert status == 200, body[:500]
    assert fetch(port, "/health")[0] == 200
    assert fetch(port, API, Authorization=f"Bearer {API_KEY}")[0] == 401


def assert_away(port: int) -> None:
    status, headers, body = fetch(port, PAGE)
    page = body.decode()
    assert status == 503, page[:500]
    assert headers["Retry-After"].isdigit()
    assert headers["Content-Type"].startswith("text/html")
    assert "Even niet beschikbaar" in page
    assert "Traceback" not in page and "OperationalError" not in page

    status, headers, body = fetch(port, API, Authorization=f"Bearer {API_KEY}")
    assert status == 503, body[:500]
    assert headers["Content-Type"].startswith("application/problem+json")
    assert headers["Retry-After"].isdigit()
    assert json.loads(body)["status"] == 503

    status, headers, body = fetch(port, "/health")
    assert status == 503
    assert json.loads(body) == {"status": "error", "database": "unavailable"}
    assert headers["Retry-After"].isdigit()


def test_requests_during_a_database_restart_get_503_and_the_same_process_recovers(cluster):
    env = application_env(cluster.wijkteam_url)
    subprocess.run([sys.executable, "-c", MAKE_TABLES], cwd=ROOT, env=env, check=True, timeout=120)  # noqa: S603
    with gunicorn(
        "wijkteam", "wijkteam.wsgi:application", env=env, workers=1, ready_path="/health"
    ) as server:
        workers = children(server.process.pid)
        assert_answers(server.port)

        cluster.stop()
        assert_away(server.port)
        cluster.start()
        assert_answers(server.port)

        # Restarted between two requests: the kept connection is dead, and the health check
        # before its reuse finds that out (no request in between saw the database away).
        cluster.stop()
        cluster.start()
        assert_answers(server.port)

        assert server.process.poll() is None
        assert children(server.process.pid) == workers  # the same worker, never restarted


QUEUE = """
import django, sys
django.setup()
from tests.core.worker_tasks import write_done
write_done.enqueue(sys.argv[1], sys.argv[2])
"""


def test_the_worker_waits_for_the_database_and_carries_on(cluster, tmp_path):
    """A worker whose database restarts goes on in the same process, and runs what is queued
    after (core/worker.py)."""
    env = application_env(cluster.wijkteam_url)
    env["WIJKTEAM_TASK_LEASE_SECONDS"] = "8"
    subprocess.run([sys.executable, "-c", MAKE_TABLES], cwd=ROOT, env=env, check=True, timeout=120)  # noqa: S603

    def queue(name: str) -> None:
        command = [sys.executable, "-c", QUEUE, str(tmp_path), name]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=60)  # noqa: S603

    def ran(name: str, seconds: float = 60) -> bool:
        deadline = time.monotonic() + seconds
        while not (tmp_path / name).exists():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        queue("before")
        assert ran("before")
        cluster.stop()
        time.sleep(3)  # the worker looks for work every 0.2 s and meets the database away
        assert worker.poll() is None
        cluster.start()
        queue("after")
        assert ran("after"), "the worker did not run a task queued after the restart"
        assert worker.poll() is None  # the same process throughout
    finally:
        worker.terminate()
        worker.wait(timeout=30)
