"""Requests to partner systems, and only to them: a webhook's URL is typed in by an admin, so
without a check the worker could be made to call addresses inside our own network (server-side
request forgery: the database, a cloud's metadata service on 169.254.169.254, a router's admin
page).

Every connection is checked where it is made: the name is resolved by us, each address must be
a public internet address (or lie in ``WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS``) before anything
connects, and the address the socket is connected to is checked again (a name that resolves
differently a moment later cannot slip through). Redirects are never followed, proxies from the
environment are not used, and the time to connect and to answer is bounded."""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

USER_AGENT = "Wijkteam-Webhooks/1"
# What is kept of an answer: enough to see what the receiver said, never a whole page.
EXCERPT_CHARS = 500
READ_BYTES = 2048


class AddressRefused(OSError):
    """The URL leads to an address deliveries may not go to."""


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS
    ]


def address_allowed(address: str) -> bool:
    """A public internet address, or one in the networks the settings allow."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # without an IPv6 zone
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _allowed_networks()):
        return True
    return ip.is_global and not ip.is_multicast


def url_problem(url: str) -> str | None:
    """Why a subscription may not use this URL (a Dutch sentence), or None. What a name
    resolves to is checked at every delivery, not here: it may change."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _("Dit is geen geldig adres.")
    schemes = {"https", "http"} if settings.WIJKTEAM_WEBHOOKS_ALLOW_HTTP else {"https"}
    if parts.scheme not in schemes:
        return _("Het adres moet met https:// beginnen.")
    if not parts.hostname or port == 0:
        return _("Dit is geen geldig adres.")
    if parts.username is not None or parts.password is not None:
        return _("Zet geen gebruikersnaam of wachtwoord in het adres.")
    if parts.fragment:
        return _("Een adres met een # kan niet.")
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None  # a name
    if not address_allowed(host):
        return _("Dit adres is niet bereikbaar vanaf internet; webhooks gaan alleen daarheen.")
    return None


def _connect(host: str, port: int, timeout, source_address, socket_options) -> socket.socket:
    """Resolve ``host`` and connect to the first allowed address; refuse when any address it
    resolves to is not allowed (a name that points inside as well as outside is not trusted)."""
    found = socket.getaddrinfo(host.strip("[]"), port, 0, socket.SOCK_STREAM)
    refused = [info[4][0] for info in found if not address_allowed(info[4][0])]
    if refused:
        raise AddressRefused(f"address not allowed: {refused[0]}")
    error: OSError | None = None
    for family, kind, proto, _name, address in found:
        sock = socket.socket(family, kind, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            if isinstance(timeout, int | float):  # else urllib3's "not set"
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(address)
            if not address_allowed(sock.getpeername()[0]):
                raise AddressRefused(f"address not allowed: {sock.getpeername()[0]}")
            return sock
        except OSError as failed:
            sock.close()
            if isinstance(failed, AddressRefused):
                raise
            error = failed
    raise error or OSError(f"no address for {host}")


class _CheckedConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        try:
            return _connect(
                self._dns_host, self.port, self.timeout, self.source_address, self.socket_options
            )
        except (OSError, socket.gaierror) as error:
            raise NewConnectionError(self, str(error)) from error


class _CheckedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _CheckedConnection._new_conn(self)


class _CheckedPool(HTTPConnectionPool):
    ConnectionCls = _CheckedConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedPool, "https": _CheckedHTTPSPool}


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no answer (refused, no connection, timed out)
    excerpt: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _clean(text: str) -> str:
    # PostgreSQL keeps no NUL characters in text; an answer may hold any bytes.
    return text.replace("\x00", "")[:EXCERPT_CHARS]


def post_json(*, url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url`` once, through the checked connection; never raises for what the
    other side does (no answer, an error status, a redirect: each is an ``Answer``)."""
    problem = url_problem(url)
    started = time.monotonic()
    if problem is not None:
        return Answer(None, "", _clean(problem), 0)
    timeout = settings.WIJKTEAM_WEBHOOKS_TIMEOUT_SECONDS
    with requests.Session() as session:
        session.trust_env = False  # no proxy or .netrc from the environment
        session.mount("http://", _CheckedAdapter(max_retries=0))
        session.mount("https://", _CheckedAdapter(max_retries=0))
        try:
            response = session.post(
                url,
                data=body,
                headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
                timeout=(timeout, timeout),
                allow_redirects=False,
                stream=True,
            )
            try:
                start = response.raw.read(READ_BYTES, decode_content=True) or b""
            finally:
                response.close()
        except (requests.RequestException, OSError, ValueError) as error:
            return Answer(None, "", _clean(_error_text(error)), _since(started))
    text = start.decode(response.encoding or "utf-8", errors="replace")
    return Answer(response.status_code, _clean(text), "", _since(started))


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _error_text(error: Exception) -> str:
    """What went wrong, from the innermost cause ("address not allowed: 10.0.0.5", "timed
    out"), rather than the wrapping of requests and urllib3 around it."""
    cause: BaseException = error
    for _step in range(10):
        inner = cause.__cause__ or getattr(cause, "reason", None)
        if inner is None and cause.args and isinstance(cause.args[0], BaseException):
            inner = cause.args[0]
        if not isinstance(inner, BaseException):
            break
        cause = inner
    if isinstance(cause, AddressRefused):
        return str(cause)
    return f"{type(error).__name__}: {cause}"
