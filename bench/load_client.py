"""What the people of bench/load.py do, over plain HTTP on loopback: residents report, staff
open their inbox, triage queue and case pages, partners respond to a triage proposal.

Each action is timed from its first byte sent until its last page is read, and ends in an
``Outcome``: its kind, seconds, the final status, and for a report the reference the receipt
showed. A resident's report is sent again with the same form (its idempotency key included)
when the answer is a 503 or no answer at all, as a person retrying after a failure does; each
such retry is counted."""

import http.client
import itertools
import re
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.browser_load import REFERENCE, FormReader

HOST = "127.0.0.1"  # loopback only: the load never leaves this machine
RETRIES = 20  # a report is sent again at most this often, a second apart or as Retry-After says
_addresses = itertools.count(1)


@dataclass(frozen=True)
class Outcome:
    kind: str
    seconds: float
    status: int  # the last answer's status; 0: no answer
    reference: str = ""  # a report's, as its receipt showed it
    retries: int = 0  # a report sent again after a 503 or no answer
    statuses: tuple[int, ...] = ()  # every answer on the way (503s of a retried report too)


class Browser:
    """One person's browser: cookies, and one keep-alive connection per thread."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        number = next(_addresses)
        self.address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            self._local.connection = connection
        return connection

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, referer: str = ""
    ) -> tuple[int, str, str, float]:
        """(status, Location, page, Retry-After seconds); status 0 when there was no answer."""
        origin = f"https://{HOST}:{self.port}"
        headers = {
            "Host": f"{HOST}:{self.port}",
            "User-Agent": "Mozilla/5.0 (bench/load.py)",
            "Accept": "text/html",
            "Accept-Language": "nl",
            "X-Forwarded-Proto": "https",  # what the TLS-terminating proxy of production adds
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        encoded = None
        if body is not None:
            encoded = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
            headers["Referer"] = origin + (referer or path)
        # A kept-alive connection the server closed while it was idle fails before any answer:
        # a browser then sends the request again on a new connection, and so does this one
        # (once). A new connection that fails is no answer.
        for fresh in (self._has_connection() is False, True):
            connection = self._connection()
            try:
                connection.request(method, path, body=encoded, headers=headers)
                response = connection.getresponse()
                page = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._drop(connection)
                if fresh:
                    return 0, "", "", 1.0
            except (OSError, http.client.HTTPException):
                self._drop(connection)
                return 0, "", "", 1.0
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        retry_after = response.headers.get("Retry-After", "")
        wait = float(retry_after) if retry_after.isdigit() else 1.0
        return response.status, response.headers.get("Location", ""), page, wait

    def _has_connection(self) -> bool:
        return getattr(self._local, "connection", None) is not None

    def _drop(self, connection: http.client.HTTPConnection) -> None:
        connection.close()
        self._local.connection = None

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()


def page(browser: Browser, kind: str, path: str) -> Outcome:
    """A staff member opening a page."""
    started = time.perf_counter()
    status, _, _, _ = browser.request("GET", path)
    return Outcome(kind, time.perf_counter() - started, status, statuses=(status,))


def report(browser: Browser, form_path: str, fields: dict[str, str]) -> Outcome:
    """A resident opening the form, filling it in and sending it, then reading the receipt;
    sent again with the same form after a 503 or no answer."""
    started = time.perf_counter()
    statuses = []
    for _ in range(RETRIES):
        status, _, text, wait = browser.request("GET", form_path)
        statuses.append(status)
        if status == 200:
            break
        time.sleep(min(wait, 5))
    else:
        return Outcome("report", time.perf_counter() - started, status, statuses=tuple(statuses))
    reader = FormReader(marker="description")
    reader.feed(text)
    names, data = reader.form()
    data.update((name, value) for name, value in fields.items() if name in names)
    retries = 0
    while True:
        status, location, text, wait = browser.request("POST", form_path, data)
        statuses.append(status)
        if status in (301, 302, 303) and location:
            status, _, text, wait = browser.request("GET", urlsplit(location).path)
            statuses.append(status)
        if status not in (0, 503) or retries == RETRIES:
            break
        retries += 1
        time.sleep(min(wait, 5))
    found = REFERENCE.search(text) if status == 200 else None
    return Outcome(
        "report",
        time.perf_counter() - started,
        status,
        found.group(1).strip() if found else "",
        retries,
        tuple(statuses),
    )


RESPONSE_FORM = re.compile(r"<form[^>]*action=\"[^\"]*/reactie/\"")


def respond(browser: Browser, case_path: str) -> Outcome:
    """A partner opening a case and agreeing with its triage proposal."""
    started = time.perf_counter()
    status, _, text, _ = browser.request("GET", case_path)
    statuses = [status]
    if status != 200 or not RESPONSE_FORM.search(text):
        # Answered meanwhile (decided, or by a colleague): the partner has read the case.
        return Outcome("case", time.perf_counter() - started, status, statuses=(status,))
    reader = FormReader(marker="kind")
    reader.feed(text)
    _names, data = reader.form()
    data["kind"] = "agree"
    status, location, _, _ = browser.request(
        "POST", case_path + "reactie/", data, referer=case_path
    )
    statuses.append(status)
    if status in (301, 302, 303) and location:
        status, _, _, _ = browser.request("GET", urlsplit(location).path)
        statuses.append(status)
    return Outcome("respond", time.perf_counter() - started, status, statuses=tuple(statuses))
