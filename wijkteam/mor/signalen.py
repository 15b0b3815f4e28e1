"""A client for the API of Signalen, the MOR system (meldingen openbare ruimte) of Amsterdam and
the gemeenten that use it.

Two calls of its private v1 API, for systems that sign in with a bearer token:

- ``POST /signals/v1/private/signals/``: a new signal, in the fields Signalen's create
  serializers take (text, location with ``geometrie`` as a GeoJSON point [lon, lat] and
  optionally a BAG-style ``address``, ``category.sub_category``, ``reporter``,
  ``incident_date_start``, ``source``, ``extra_properties``); the answer is the signal with
  its ``id``, ``id_display`` (SIG-123), ``signal_id`` (a UUID) and ``status``;
- ``GET /signals/v1/private/signals/{id}``: the signal with its current ``status``
  (``state``, a code such as ``b``, and ``state_display``, its Dutch name).

Failures come as one of two errors: :class:`SignalenUnavailable` when trying again later may
work (no connection, a timeout, a server error, 429 Too Many Requests, with its Retry-After) and
:class:`SignalenRefused` when a person must look (the request was refused: a wrong token, an
unknown sub category or source, an address that moved; or a new signal was answered with
something unreadable, so that it may exist there without Wijkteam knowing its number).
"""

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.utils.translation import gettext_noop

CREATE_PATH = "/signals/v1/private/signals/"
DETAIL_PATH = "/signals/v1/private/signals/{id}"
USER_AGENT = "Wijkteam"
# Signalen's answers are a few kilobytes; far more is not an answer this client can use.
MAX_RESPONSE_BYTES = 1_000_000
ERROR_TEXT_LIMIT = 500

# Signalen's states (its workflow), with their Dutch names as Signalen shows them; the names are
# catalogue strings here, so that a case's timeline shows them in the reader's language.
STATE_NAMES: dict[str, str] = {
    "m": gettext_noop("Gemeld"),
    "i": gettext_noop("In afwachting van behandeling"),
    "b": gettext_noop("In behandeling"),
    "h": gettext_noop("On hold"),
    "ingepland": gettext_noop("Ingepland"),
    "ready to send": gettext_noop("Extern: te verzenden"),
    "sent": gettext_noop("Extern: verzonden"),
    "send failed": gettext_noop("Extern: mislukt"),
    "done external": gettext_noop("Extern: afgehandeld"),
    "o": gettext_noop("Afgehandeld"),
    "a": gettext_noop("Geannuleerd"),
    "reopened": gettext_noop("Heropend"),
    "s": gettext_noop("Gesplitst"),
    "closure requested": gettext_noop("Extern: verzoek tot afhandeling"),
    "reopen requested": gettext_noop("Verzoek tot heropenen"),
    "reaction requested": gettext_noop("Reactie gevraagd"),
    "reaction received": gettext_noop("Reactie ontvangen"),
    "forward to external": gettext_noop("Doorgezet naar extern"),
}
DONE = "o"  # afgehandeld
CANCELLED = "a"  # geannuleerd
SPLIT = "s"  # gesplitst in deelmeldingen
# The states Signalen itself counts as closed: nothing more happens to the signal.
CLOSED_STATES = frozenset({DONE, CANCELLED, SPLIT})


class SignalenError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SignalenUnavailable(SignalenError):
    """Try again later. ``retry_after``: the seconds the system asked to wait, if it did."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SignalenRefused(SignalenError):
    """Trying again will not help until a person has looked."""


@dataclass(frozen=True)
class SignalenSignal:
    id: str  # the id in the API
    reference: str  # the number people use there (SIG-123)
    state: str
    state_display: str


def _retry_after(response: requests.Response) -> int | None:
    value = response.headers.get("Retry-After", "").strip()
    return int(value) if value.isdigit() else None


def _body(response: requests.Response) -> bytes:
    content = b""
    for chunk in response.iter_content(chunk_size=65536):
        content += chunk
        if len(content) > MAX_RESPONSE_BYTES:
            raise SignalenUnavailable("het antwoord is te groot")
    return content


def _error_text(status: int, content: bytes) -> str:
    text = " ".join(content.decode("utf-8", "replace").split())
    return f"HTTP {status}: {text}"[:ERROR_TEXT_LIMIT] if text else f"HTTP {status}"


def _signal(content: bytes) -> SignalenSignal:
    """The signal in an answer; ValueError when it is not one."""
    data = json.loads(content)
    if not isinstance(data, dict) or isinstance(data.get("id"), bool):
        raise ValueError("not a signal")
    signal_id = data.get("id")
    if not isinstance(signal_id, int | str) or str(signal_id) == "":
        raise ValueError("no id")
    status = data.get("status")
    if not isinstance(status, dict) or not isinstance(status.get("state"), str):
        raise ValueError("no status")
    reference = data.get("id_display")
    return SignalenSignal(
        id=str(signal_id),
        reference=reference if isinstance(reference, str) and reference else f"SIG-{signal_id}",
        state=status["state"],
        state_display=str(status.get("state_display") or ""),
    )


class SignalenClient:
    """One Signalen installation: ``base_url`` is the start of its API's addresses (without
    /signals/v1), ``token`` the bearer token it issued, ``timeout`` in seconds per request."""

    def __init__(self, *, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def _request(self, method: str, path: str, **kwargs: Any) -> tuple[int, bytes]:
        try:
            with self.session.request(
                method,
                self.base_url + path,
                timeout=self.timeout,
                allow_redirects=False,
                stream=True,
                **kwargs,
            ) as response:
                content = _body(response)
        except requests.RequestException as error:
            raise SignalenUnavailable(
                f"{type(error).__name__}: {error}"[:ERROR_TEXT_LIMIT]
            ) from error
        status = response.status_code
        if status == 429 or status >= 500 or status == 408:
            raise SignalenUnavailable(
                _error_text(status, content), retry_after=_retry_after(response)
            )
        if not 200 <= status < 300:
            # A redirect is an address that moved: Beheer corrects it, nothing is sent twice.
            location = response.headers.get("Location", "")
            text = _error_text(status, content)
            raise SignalenRefused(f"{text} ({location})" if location else text)
        return status, content

    def create(self, body: dict[str, Any]) -> SignalenSignal:
        """Create one signal. Raises SignalenUnavailable or SignalenRefused."""
        _status, content = self._request("POST", CREATE_PATH, json=body)
        try:
            return _signal(content)
        except ValueError as error:
            # Signalen said yes but not to what: the signal may exist there now. Sending it
            # again could make it twice, so a person checks first.
            raise SignalenRefused(
                "het MOR-systeem nam de melding aan, maar het antwoord is onleesbaar: "
                "kijk in het MOR-systeem of de melding er staat"
            ) from error

    def get(self, signal_id: str) -> SignalenSignal:
        """One signal with its current status. Raises SignalenUnavailable or SignalenRefused."""
        _status, content = self._request("GET", DETAIL_PATH.format(id=quote(signal_id, safe="")))
        try:
            return _signal(content)
        except ValueError as error:
            raise SignalenUnavailable("het antwoord is onleesbaar") from error


def client_for(connection: Any) -> SignalenClient:
    """The client of a configured connection (mor.MorConnection)."""
    return SignalenClient(
        base_url=connection.base_url,
        token=connection.auth_token,
        timeout=settings.WIJKTEAM_MOR_TIMEOUT_SECONDS,
    )
