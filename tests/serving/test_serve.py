"""bin/serve as production runs it: on PostgreSQL, in its own throw-away database, as the
processes a service manager would start. It refuses a database without its migrations, serves
pages, /health and hashed static files through gunicorn with the worker beside it, logs JSON
lines under request ids that reach the worker, counts requests over all web workers, and stops
everything on a TERM, or when one of its processes dies."""

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from bench.scratch import drop_postgres, recreate_postgres
from bench.servers import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER_URL = os.environ.get("DATABASE_URL", "")
TOKEN = "serve-test-metrics-token-0123456789"  # noqa: S105
FOLLOW_TASK = "wijkteam.voordeur.follow.send_tracking_links"

pytestmark = pytest.mark.skipif(
    not SERVER_URL.startswith("postgres"),
    reason="bin/serve runs on PostgreSQL, production's database: set DATABASE_URL=postgres://...",
)


def database(suffix: str) -> tuple[str, str]:
    """A fresh database on the test server, named after this process: its URL and name."""
    parts = urlsplit(SERVER_URL)
    name = f"{parts.path.lstrip('/')}_{suffix}_{os.getpid()}"
    url = urlunsplit(parts._replace(path="/" + name))
    recreate_postgres(url, name)
    return url, name


def production_env(url: str, port: int, folder: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WIJKTEAM_", "DJANGO_", "PROMETHEUS_")) and key != "EMAIL_BACKEND"
    }
    return env | {
        "WIJKTEAM_ENV": "production",
        "DJANGO_SECRET_KEY": "serve-test-secret-key-not-for-anything-else-0123456789",
        "DATABASE_URL": url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on the loopback, as behind a TLS-terminating proxy.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "WIJKTEAM_MEDIA_ROOT": str(folder / "media"),
        "WIJKTEAM_AUDIT_CHECKPOINT_FILE": str(folder / "checkpoints.jsonl"),
        "WIJKTEAM_WEB_BIND": f"127.0.0.1:{port}",
        "WIJKTEAM_WEB_WORKERS": "2",
        "WIJKTEAM_METRICS_TOKEN": TOKEN,
        **extra,
    }


class Served:
    """bin/serve running in a session of its own, its output in files."""

    def __init__(self, env: dict[str, str], folder: Path, *arguments: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.port = int(env["WIJKTEAM_WEB_BIND"].rsplit(":", 1)[1])
        self.out, self.err = folder / "serve.out", folder / "serve.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(  # noqa: S603
                [str(ROOT / "bin" / "serve"), *arguments],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, headers: dict | None = None, data: bytes | None = None):
        """(status, headers, body) of one request."""
        request = urllib.request.Request(  # noqa: S310 - http on the loopback only
            self.url(path), data=data, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def wait_until_up(self, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"bin/serve ended early:\n{self.output()}"
            try:
                if self.get("/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"bin/serve did not answer in {seconds} s:\n{self.output()}")

    def output(self) -> str:
        return self.out.read_text() + self.err.read_text()

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.output().splitlines() if line.startswith("{")]

    def children(self) -> dict[str, int]:
        """bin/serve's processes by what they are: the web server's master and the worker."""
        found = {}
        for pid in _children(self.process.pid):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "gunicorn" in command:
                found["web"] = pid
            elif "db_worker" in command:
                found["worker"] = pid
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == parent:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return stat[0] != "Z"


def wait_for(condition, seconds: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.3)


@pytest.fixture
def fresh_database():
    url, name = database("serve")
    yield url
    drop_postgres(url, name)


def test_serve_as_production_runs_it(fresh_database, tmp_path):
    """One database through all of it (its migrations take a while): refused without them,
    migrated on request, served, stopped; a dying worker stops the web server too; and the
    worker alone, as its own systemd unit runs it. One test, as the steps build on each other."""
    env = production_env(fresh_database, free_port(), tmp_path)

    refused = Served(env, tmp_path / "refused")
    assert refused.process.wait(timeout=120) == 1
    assert "the database lacks migrations" in refused.output()
    assert "WIJKTEAM_MIGRATE=true" in refused.output()
    assert "gunicorn" not in refused.output()

    served = Served(env | {"WIJKTEAM_MIGRATE": "true"}, tmp_path / "serving")
    try:
        served.wait_until_up()
        check_serving(served)
        processes = served.children()
        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(timeout=90) == 0, served.output()
        wait_for(lambda: not any(alive(pid) for pid in processes.values()), 10, "all gone")
    finally:
        served.stop()

    served = Served(env, tmp_path / "dying")
    try:
        served.wait_until_up(120)
        processes = served.children()
        os.kill(processes["worker"], signal.SIGKILL)
        assert served.process.wait(timeout=90) != 0
        assert "ended by itself" in served.output()
        wait_for(lambda: not alive(processes["web"]), 10, "the web server gone")
    finally:
        served.stop()

    served = Served(env, tmp_path / "worker", "worker")
    try:
        wait_for(lambda: "Starting worker" in served.output(), 120, "the worker started")
        assert set(served.children()) == {"worker"}
        assert "collectstatic" not in served.output() and "static files" not in served.output()
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=60) == 0, served.output()
    finally:
        served.stop()


def check_serving(served: Served) -> None:
    processes = served.children()
    assert set(processes) == {"web", "worker"}, served.output()
    assert all(alive(pid) for pid in processes.values())

    status, _headers, body = served.get("/health")
    assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
    status, _headers, login = served.get("/account/inloggen/")
    assert status == 200 and b"Inloggen" in login
    for _ in range(5):
        status, _headers, form = served.get("/melden/")
        assert status == 200 and b"Melding doen" in form

    # The static files: collected with hashed names, compressed, cached for ever.
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', form).group(1)
    status, headers, _body = served.get(stylesheet.decode(), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]

    # A request queues a task; the worker runs it under the request's id.
    _status, _headers, page = served.get("/zoeken/volg/")
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urlencode({"csrfmiddlewaretoken": csrf, "email": "bewoner@example.nl", "website": ""})
    request_id = "serve-test-follow-0001"
    status, headers, _body = served.get(
        "/zoeken/volg/", {"X-Request-ID": request_id}, data=data.encode()
    )
    assert status == 200  # the redirect to "Kijk in uw e-mail", followed
    wait_for(
        lambda: any(
            line.get("request_id") == request_id
            and FOLLOW_TASK in line["message"]
            and line["message"].endswith("state=SUCCESSFUL")
            for line in served.json_lines()
        ),
        what="the worker's line about the task, with the request's id",
    )
    posted = [
        line
        for line in served.json_lines()
        if line["logger"] == "wijkteam.requests" and line["method"] == "POST"
    ]
    assert [(line["route"], line["status"], line["request_id"]) for line in posted] == [
        ("/zoeken/volg/", 302, request_id)
    ]
    assert "bewoner@example.nl" not in served.output()

    # The request counts of both web workers, added up.
    status, _headers, metrics = served.get("/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    counted = re.search(
        rb'wijkteam_http_requests_total\{method="GET",route="/melden/",status="2xx"\} (\S+)',
        metrics,
    )
    assert float(counted.group(1)) == 5
    assert served.get("/metrics")[0] == 401
