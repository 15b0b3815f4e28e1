"""Load as browsers make it, for the benchmarks.

A client is one browser: it opens the form once (for the CSRF cookie and the token on the
page, and the values the page fills in), then posts one report after another with what a
person types, follows the redirect to the receipt and reads the reference there. A round is a
number of such clients in threads, each sending its next report as soon as the last one is
answered, for a fixed time. Plain http.client, so that the clients stay light next to the
servers they measure.
"""

import http.client
import itertools
import math
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.servers import Server, machine_busy_seconds

REFERENCE = re.compile(r'id="reference">([^<]+)<')
# Every report comes from an address of its own (the X-Forwarded-For a reverse proxy sets), so
# that per-address limits see many residents rather than one very busy one.
_addresses = itertools.count(1)


@dataclass(frozen=True)
class Report:
    kind: str  # what it is meant to do: "new", "spot" (a new case at a spot), "join", "urgent"
    fields: dict[str, str]  # what the person fills in or picks


@dataclass(frozen=True)
class Outcome:
    kind: str
    seconds: float  # from sending the report until the receipt was read
    status: int  # the post's status, or the receipt's after a redirect; 0: no answer
    reference: str  # as the receipt shows it; "" when there is none


@dataclass
class Round:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    generator_cpu: float = 0.0  # cores, this process
    server_cpu: float = 0.0  # cores, gunicorn's processes
    machine_cpu: float = 0.0  # cores busy, the whole machine

    @property
    def accepted(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.reference]

    @property
    def errors(self) -> int:
        return sum(1 for outcome in self.outcomes if not 200 <= outcome.status < 400)

    @property
    def per_second(self) -> float:
        return len(self.accepted) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float:
        """Nearest-rank percentile of the accepted reports' times, in milliseconds."""
        timings = sorted(outcome.seconds for outcome in self.accepted)
        if not timings:
            return float("nan")
        return timings[max(0, math.ceil(share * len(timings)) - 1)] * 1000


class FormReader(HTMLParser):
    """The fields of the page's form that has ``marker`` among them, with the values a
    browser would send untouched: text and hidden inputs, checked boxes, textareas."""

    def __init__(self, marker: str):
        super().__init__()
        self.marker = marker
        self.forms: list[tuple[set[str], dict[str, str]]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name")
        if tag == "form":
            self.forms.append((set(), {}))
        elif self.forms and name and tag in ("input", "textarea", "select", "button"):
            names, values = self.forms[-1]
            names.add(name)
            kind = attributes.get("type", "text")
            if tag == "textarea":
                self._textarea = name
                values[name] = ""
            elif tag == "input" and kind in ("text", "hidden", "email", "tel", "number"):
                values[name] = attributes.get("value", "")
            elif tag == "input" and kind in ("radio", "checkbox") and "checked" in attributes:
                values[name] = attributes.get("value", "on")

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def form(self) -> tuple[set[str], dict[str, str]]:
        for names, values in self.forms:
            if self.marker in names:
                return names, values
        raise ValueError(f"no form with a field {self.marker!r} on the page")


class Browser:
    """One client: its own connection and cookies, and the form it opened."""

    def __init__(self, port: int, path: str):
        self.port = port
        self.path = path
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.names: set[str] = set()
        self.defaults: dict[str, str] = {}

    def open_form(self) -> None:
        status, _, page = self._request("GET", self.path, address="10.255.255.254")
        if status != 200:
            raise RuntimeError(f"GET {self.path}: HTTP {status}")
        reader = FormReader(marker="description")
        reader.feed(page)
        self.names, self.defaults = reader.form()

    def send(self, report: Report) -> Outcome:
        """Post ``report`` on the opened form as a browser does, and read the receipt."""
        data = dict(self.defaults)
        data.update((name, value) for name, value in report.fields.items() if name in self.names)
        if "upload_key" in self.names:
            data["upload_key"] = secrets.token_urlsafe(24)  # as a freshly opened form has
        number = next(_addresses)
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        started = time.perf_counter()
        try:
            status, location, page = self._request(
                "POST", self.path, address=address, body=urlencode(data)
            )
            if status in (301, 302, 303) and location:
                status, _, page = self._request("GET", urlsplit(location).path, address=address)
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return Outcome(report.kind, time.perf_counter() - started, 0, "")
        found = REFERENCE.search(page) if status == 200 else None
        reference = found.group(1).strip() if found else ""
        return Outcome(report.kind, time.perf_counter() - started, status, reference)

    def _request(
        self, method: str, path: str, *, address: str, body: str | None = None
    ) -> tuple[int, str, str]:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "User-Agent": "Mozilla/5.0 (bench/intake_load.py)",
            "Accept": "text/html",
            "Accept-Language": "nl",
            # What the TLS-terminating proxy of production adds.
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
            headers["Referer"] = origin + self.path
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers.get("Location", ""), page


def run_round(
    server: Server, path: str, *, clients: int, seconds: float, next_report: Callable
) -> Round:
    """``clients`` browsers on ``server``, each opening the form at ``path`` and then sending
    ``next_report(client, n)`` (its n-th report, from 0) until ``seconds`` have passed; a
    report under way then is finished and counted."""
    result = Round()
    lock = threading.Lock()
    clock: dict[str, float] = {}
    # Once every client has its form, the round starts for all at the same moment.
    start = threading.Barrier(
        clients + 1,
        action=lambda: clock.update(
            started=time.perf_counter(),
            cpu=time.process_time(),
            server_cpu=server.cpu_seconds(),
            machine=machine_busy_seconds(),
        ),
    )
    browsers = [Browser(server.port, path) for _ in range(clients)]
    failures: list[BaseException] = []

    def client(index: int) -> None:
        try:
            browsers[index].open_form()
        except Exception as error:
            failures.append(error)
            start.abort()
            return
        start.wait()
        deadline = clock["started"] + seconds
        own = []
        try:
            for n in itertools.count():
                if time.perf_counter() >= deadline:
                    break
                own.append(browsers[index].send(next_report(index, n)))
        except BaseException as error:  # e.g. the mix has no reports left: the round fails
            failures.append(error)
        with lock:
            result.outcomes.extend(own)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        start.wait()
    except threading.BrokenBarrierError:
        raise RuntimeError(f"{server.name}: a client could not open the form") from failures[0]
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    result.seconds = time.perf_counter() - clock["started"]
    result.generator_cpu = (time.process_time() - clock["cpu"]) / result.seconds
    result.server_cpu = (server.cpu_seconds() - clock["server_cpu"]) / result.seconds
    result.machine_cpu = (machine_busy_seconds() - clock["machine"]) / result.seconds
    for browser in browsers:
        browser.connection.close()
    return result
