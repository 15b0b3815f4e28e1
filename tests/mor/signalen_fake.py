"""A stand-in for a Signalen installation's private v1 API: a real HTTP server on 127.0.0.1,
started by the test, that checks every new signal against the request format Signalen's create
serializers take and answers as Signalen does.

What it checks of ``POST /signals/v1/private/signals/`` (from Signalen's serializers and their
documentation): a bearer token; a JSON object with only the fields a new signal has (``text``,
``text_extra``, ``location``, ``category``, ``reporter``, ``incident_date_start``,
``incident_date_end``, ``source``, ``extra_properties``, the public create serializer's set, so
that the body would pass there too); ``text`` of 1 to 3000 characters; ``location.geometrie`` a
GeoJSON point [longitude, latitude] inside the Netherlands (Signalen refuses a point outside its
bounding box: swapped coordinates land in the Indian Ocean); an ``address`` with BAG field
names only; ``category`` with exactly one of ``sub_category`` and ``category_url``, naming a
sub category the installation has; ``reporter`` an object (required, its contact fields may be
left out); ``incident_date_start`` a date-time with its offset; ``source`` a known source;
``extra_properties`` null or a non-empty list of {id, label, answer, category_url}. A request
that breaks one gets Signalen's 400 with the field's error, as DRF writes them.

It answers a new signal with 201 and the signal in the private serializer's shape (``id``,
``id_display``, ``signal_id``, ``status`` with ``state`` "m", ...), and
``GET /signals/v1/private/signals/{id}`` with the signal in its current state
(``set_state``). ``fail_next`` makes the next requests fail as asked (a 503, a 429 with
Retry-After, a 400, a 201 whose body is not JSON)."""

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CREATE = "/signals/v1/private/signals/"
DETAIL = re.compile(r"^/signals/v1/private/signals/(\d+)$")
CREATE_FIELDS = {
    "source",
    "text",
    "text_extra",
    "location",
    "category",
    "reporter",
    "incident_date_start",
    "incident_date_end",
    "extra_properties",
}
REQUIRED = ("text", "location", "category", "reporter", "incident_date_start")
LOCATION_FIELDS = {"geometrie", "address", "stadsdeel", "buurt_code", "address_text"}
ADDRESS_FIELDS = {
    "openbare_ruimte",
    "huisnummer",
    "huisletter",
    "huisnummer_toevoeging",
    "postcode",
    "woonplaats",
}
REPORTER_FIELDS = {"email", "phone", "sharing_allowed"}
# The Netherlands, roughly: what a Dutch installation's bounding box lets through.
LONGITUDES, LATITUDES = (3.2, 7.3), (50.7, 53.6)
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
SUB_CATEGORY = re.compile(
    r"^/signals/v1/public/terms/categories/(?P<main>[a-z0-9-]+)/sub_categories/(?P<sub>[a-z0-9-]+)$"
)
# The fake's own names of the states it serves (Signalen's workflow).
STATE_DISPLAY = {
    "m": "Gemeld",
    "i": "In afwachting van behandeling",
    "b": "In behandeling",
    "ingepland": "Ingepland",
    "o": "Afgehandeld",
    "a": "Geannuleerd",
    "reopened": "Heropend",
}


@dataclass
class Canned:
    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)


class FakeSignalen:
    def __init__(self, *, token: str, sub_categories: list[str], sources: list[str]) -> None:
        self.token = token
        self.sub_categories = set(sub_categories)
        self.sources = set(sources)
        self.signals: dict[int, dict] = {}
        self.posted: list[dict] = []  # every POST body that was accepted
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request
        self.refusals: list[dict] = []  # the 400 answers it gave, with their errors
        self.canned: list[Canned] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                fake._handle(self, "POST")

            def do_GET(self):  # noqa: N802
                fake._handle(self, "GET")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    # --- what a test asks of it -----------------------------------------------------------------

    def fail_next(self, status: int, *, times: int = 1, body=None, headers=None) -> None:
        """The next ``times`` requests get this answer instead of the real one."""
        raw = body if isinstance(body, bytes) else json.dumps(body or {}).encode()
        for _ in range(times):
            self.canned.append(Canned(status, raw, headers or {}))

    def set_state(self, signal_id: int | str, state: str) -> None:
        self.signals[int(signal_id)]["status"].update(
            state=state, state_display=STATE_DISPLAY[state]
        )

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the server -----------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        with self.lock:
            self.requests.append((method, path))
            canned = self.canned.pop(0) if self.canned else None
            if canned is not None:
                return self._send(handler, canned.status, canned.body, canned.headers)
            if handler.headers.get("Authorization") != f"Bearer {self.token}":
                detail = {"detail": "Authenticatiegegevens zijn niet opgegeven."}
                return self._json(handler, 401, detail)
            if method == "POST" and path == CREATE:
                return self._create(handler, raw)
            found = DETAIL.match(path)
            if method == "GET" and found and int(found.group(1)) in self.signals:
                return self._json(handler, 200, self.signals[int(found.group(1))])
            return self._json(handler, 404, {"detail": "Niet gevonden."})

    def _create(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        if not handler.headers.get("Content-Type", "").startswith("application/json"):
            return self._json(handler, 415, {"detail": "Ongeldig mediatype."})
        try:
            body = json.loads(raw)
        except ValueError:
            return self._json(handler, 400, {"detail": "JSON parse error"})
        errors = signal_errors(body, self.sub_categories, self.sources)
        if errors:
            self.refusals.append(errors)
            return self._json(handler, 400, errors)
        self.posted.append(body)
        signal = self._signal(body)
        self.signals[signal["id"]] = signal
        return self._json(handler, 201, signal)

    def _signal(self, body: dict) -> dict:
        """The new signal as Signalen's private serializer writes it."""
        number = len(self.signals) + 1
        now = datetime.now().astimezone().isoformat()
        path = _path(body["category"].get("sub_category") or body["category"]["category_url"])
        parts = SUB_CATEGORY.match(path)
        return {
            "_links": {"self": {"href": f"{self.url}{CREATE}{number}"}},
            "_display": f"{number} - m - None - {now}",
            "id": number,
            "id_display": f"SIG-{number}",
            "signal_id": str(uuid.uuid4()),
            "source": body.get("source", "online"),
            "text": body["text"],
            "text_extra": body.get("text_extra", ""),
            "status": {
                "text": None,
                "user": "wijkteam@systeem.example",
                "state": "m",
                "state_display": STATE_DISPLAY["m"],
                "target_api": None,
                "extra_properties": None,
                "send_email": False,
                "created_at": now,
            },
            "location": {
                "id": number,
                "stadsdeel": None,
                "buurt_code": None,
                "address": body["location"].get("address"),
                "address_text": "",
                "geometrie": body["location"]["geometrie"],
                "extra_properties": None,
                "created_by": "wijkteam@systeem.example",
                "bag_validated": False,
            },
            "category": {
                "sub": parts["sub"],
                "sub_slug": parts["sub"],
                "main": parts["main"],
                "main_slug": parts["main"],
                "category_url": f"{self.url}{path}",
                "departments": "",
                "created_by": "wijkteam@systeem.example",
                "text": None,
            },
            "reporter": {
                "email": body["reporter"].get("email") or "",
                "phone": body["reporter"].get("phone") or "",
                "sharing_allowed": bool(body["reporter"].get("sharing_allowed")),
                "allows_contact": True,
            },
            "priority": {"priority": "normal", "created_by": "wijkteam@systeem.example"},
            "type": {"code": "SIG", "created_at": now, "created_by": "wijkteam@systeem.example"},
            "created_at": now,
            "updated_at": now,
            "incident_date_start": body["incident_date_start"],
            "incident_date_end": body.get("incident_date_end"),
            "operational_date": None,
            "has_attachments": False,
            "extra_properties": body.get("extra_properties"),
            "notes": [],
            "has_parent": False,
            "has_children": False,
            "assigned_user_email": None,
        }

    def _json(self, handler, status: int, data) -> None:
        self._send(handler, status, json.dumps(data).encode(), {})

    def _send(self, handler, status: int, body: bytes, headers: dict) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


def _path(url: str) -> str:
    """A hyperlink as Signalen reads it: its path, with or without the host."""
    return urlsplit(url).path.rstrip("/") if isinstance(url, str) else ""


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def signal_errors(body, sub_categories: set[str], sources: set[str]) -> dict:  # noqa: C901
    """What Signalen would refuse in a new signal, as {field: [errors]}; empty when it is valid."""
    if not isinstance(body, dict):
        return {"non_field_errors": ["Ongeldige data. Verwachtte een dictionary."]}
    errors: dict = {}
    extra = set(body) - CREATE_FIELDS
    if extra:
        errors["non_field_errors"] = [f"Extra properties present: {', '.join(sorted(extra))}"]
    for name in REQUIRED:
        if name not in body or body[name] in (None, ""):
            errors[name] = ["Dit veld is vereist."]
    text = body.get("text")
    if "text" not in errors and not (isinstance(text, str) and 0 < len(text) <= 3000):
        errors["text"] = ["Zorg ervoor dat dit veld niet meer dan 3000 tekens bevat."]
    text_extra = body.get("text_extra", "")
    if not (isinstance(text_extra, str) and len(text_extra) <= 10000):
        errors["text_extra"] = ["Zorg ervoor dat dit veld niet meer dan 10000 tekens bevat."]
    if "source" in body and body["source"] not in sources:
        errors["source"] = ["Invalid source given, value not known"]
    location = body.get("location")
    if "location" not in errors:
        problem = _location_error(location)
        if problem:
            errors["location"] = problem
    category = body.get("category")
    if "category" not in errors:
        if not isinstance(category, dict):
            errors["category"] = ["Ongeldige data."]
        elif ("sub_category" in category) == ("category_url" in category):
            errors["category"] = ['Either the "sub_category" OR the "category_url" must be given']
        else:
            link = category.get("sub_category") or category.get("category_url")
            if _path(link) not in sub_categories:
                errors["category"] = {
                    "sub_category": ["Ongeldige hyperlink - Object bestaat niet."]
                }
    reporter = body.get("reporter")
    if "reporter" not in errors and not (
        isinstance(reporter, dict) and set(reporter) <= REPORTER_FIELDS
    ):
        errors["reporter"] = ["Ongeldige data."]
    started = body.get("incident_date_start")
    if "incident_date_start" not in errors:
        try:
            moment = datetime.fromisoformat(started)
        except (TypeError, ValueError):
            moment = None
        if moment is None or moment.tzinfo is None:
            errors["incident_date_start"] = ["Datetime heeft een ongeldig formaat."]
    properties = body.get("extra_properties")
    if properties is not None and not (
        isinstance(properties, list)
        and properties
        and all(
            isinstance(item, dict)
            and {"id", "label", "answer", "category_url"} <= set(item)
            and all(isinstance(item[key], str) for key in ("id", "label", "category_url"))
            for item in properties
        )
    ):
        errors["extra_properties"] = ["Ongeldige extra_properties."]
    return errors


def _location_error(location) -> list[str] | None:
    if not isinstance(location, dict) or not set(location) <= LOCATION_FIELDS:
        return ["Ongeldige data."]
    point = location.get("geometrie")
    if not isinstance(point, dict) or str(point.get("type", "")).lower() != "point":
        return ["Coordinate data must be present"]
    coordinates = point.get("coordinates")
    if not (
        isinstance(coordinates, list)
        and len(coordinates) == 2
        and all(_is_number(value) for value in coordinates)
    ):
        return ["Coordinate data must be present"]
    longitude, latitude = coordinates
    if not (
        LONGITUDES[0] <= longitude <= LONGITUDES[1] and LATITUDES[0] <= latitude <= LATITUDES[1]
    ):
        return ["Location coordinates not within the bounding box"]
    address = location.get("address")
    if address is not None:
        if not (isinstance(address, dict) and set(address) <= ADDRESS_FIELDS):
            return ["Niet-bestaand adres."]
        if not isinstance(address.get("openbare_ruimte"), str):
            return ["Niet-bestaand adres."]
        number = address.get("huisnummer")
        if not (isinstance(number, int) or (isinstance(number, str) and number.isdigit())):
            return ["Niet-bestaand adres."]
        if "postcode" in address and not POSTCODE.match(str(address["postcode"])):
            return ["Niet-bestaand adres."]
    return None
