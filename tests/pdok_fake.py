"""A stand-in for PDOK's Locatieserver for page tests: a real HTTP server on 127.0.0.1 whose
answers are the recorded PDOK response (tests/fixtures/pdok/locatieserver) with the address
fields swapped for the test's own addresses."""

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdok" / "locatieserver"
RECORDED = json.loads((FIXTURES / "free-spanjaardsgoed3-veenendaal.json").read_text())
NO_RESULTS = (FIXTURES / "free-no-results.json").read_bytes()


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def address_doc(
    *, street, number, postcode, city, lat, lon, buurtcode, wijkcode, bag_id, addition=""
):
    doc = copy.deepcopy(RECORDED["response"]["docs"][0])
    if addition:
        doc["huisnummertoevoeging"] = addition
    doc.update(
        id=f"adr-{bag_id}",
        weergavenaam=f"{street} {number}{'-' + addition if addition else ''}, {postcode} {city}",
        straatnaam=street,
        huisnummer=number,
        postcode=postcode,
        woonplaatsnaam=city,
        gemeentecode=wijkcode[2:6],
        nummeraanduiding_id=bag_id,
        buurtcode=buurtcode,
        wijkcode=wijkcode,
        centroide_ll=f"POINT({lon} {lat})",
    )
    return doc


class FakeLocatieserver:
    def __init__(self) -> None:
        self.addresses: dict[str, dict] = {}  # "POSTCODE NUMBER" and "street number" → doc
        self.down = False
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                fake.requests.append(self.path)
                if fake.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                query = parse_qs(urlsplit(self.path).query)
                doc = fake.addresses.get(_normal(" ".join(query.get("q", [""]))))
                if doc is None:
                    body = NO_RESULTS
                else:
                    envelope = copy.deepcopy(RECORDED)
                    envelope["response"].update(numFound=1, docs=[doc])
                    body = json.dumps(envelope).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/bzk/locatieserver/search/v3_1"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def add(self, *keys: str, **fields) -> None:
        """Answer the exact query ``key`` (e.g. "3901HC 3" or "Spanjaardsgoed 3") with this
        address; any other query gets PDOK's "no results"."""
        doc = address_doc(**fields)
        for key in keys:
            self.addresses[_normal(key)] = doc

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
