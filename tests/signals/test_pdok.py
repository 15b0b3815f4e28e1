"""The PDOK Locatieserver client against a real HTTP server on 127.0.0.1 that answers with
recorded responses in PDOK's format (tests/fixtures/pdok/locatieserver) and remembers what it
was asked. No network, no database."""

import math
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from wijkteam.signals.pdok import (
    DEFAULT_BASE_URL,
    Address,
    LocatieserverClient,
    LocationServiceUnavailable,
    Suggestion,
    default_client,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdok" / "locatieserver"
# The fake serves under PDOK's own path, so a client that drops the base path gets a 404.
BASE_PATH = "/bzk/locatieserver/search/v3_1"
SPANJAARDSGOED_3 = "adr-d1e96ff634e9bdd70e7a6c7ae29a9924"
SPANJAARDSGOED_3_ADDRESS = Address(
    id=SPANJAARDSGOED_3,
    display_name="Spanjaardsgoed 3, 3901HC Veenendaal",
    street="Spanjaardsgoed",
    house_number=3,
    house_letter="",
    house_number_addition="",
    postcode="3901HC",
    city="Veenendaal",
    municipality_code="GM0345",
    bag_id="0345200002037361",
    neighbourhood_code="BU03450200",
    district_code="WK034502",
    latitude=52.02009336,
    longitude=5.55488748,
)
NEEDED_FIELDS = {
    "id",
    "weergavenaam",
    "straatnaam",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaatsnaam",
    "gemeentecode",
    "nummeraanduiding_id",
    "buurtcode",
    "wijkcode",
    "centroide_ll",
}


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json;charset=UTF-8"
    delay: float = 0.0

    @classmethod
    def recorded(cls, name: str, *, status: int = 200, delay: float = 0.0) -> "Reply":
        return cls(status=status, body=(FIXTURES / name).read_bytes(), delay=delay)


@dataclass(frozen=True)
class Received:
    endpoint: str
    query: dict[str, list[str]]
    headers: Message


class FakeLocatieserver:
    """A ThreadingHTTPServer that answers each endpoint with the Reply set for it."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.received: list[Received] = []
        # Set on stop, so a deliberately slow answer does not outlive its test.
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        # A short poll keeps shutdown, and so every test's teardown, from taking half a second.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{BASE_PATH}"

    @property
    def last(self) -> Received:
        assert self.received, "the client sent no request"
        return self.received[-1]

    def answer(self, endpoint: str, reply: Reply) -> None:
        self.replies[endpoint] = reply

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                endpoint = url.path.removeprefix(f"{BASE_PATH}/")
                query = parse_qs(url.query, keep_blank_values=True)
                fake.received.append(Received(endpoint, query, self.headers))
                reply = fake.replies.get(
                    endpoint, Reply(status=404, body=b"Not Found", content_type="text/plain")
                )
                if reply.delay:
                    fake.release.wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # the client gave up waiting, which is what the timeout test wants

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep pytest's output to the test results

        return Handler


@pytest.fixture
def pdok() -> Iterator[FakeLocatieserver]:
    fake = FakeLocatieserver()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def locatieserver(pdok: FakeLocatieserver) -> LocatieserverClient:
    return LocatieserverClient(base_url=pdok.base_url, timeout=2.0)


# Suggest


def test_suggest_returns_addresses_in_pdok_order_and_ignores_highlighting_and_spellcheck(
    pdok, locatieserver
):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json"))

    suggestions = locatieserver.suggest(query="Spanjaardsgoed")

    assert suggestions == [
        Suggestion(
            id="adr-6c0a29cb63e493067d6c43620fa82efb",
            display_name="Spanjaardsgoed 1, 3901HC Veenendaal",
            type="adres",
        ),
        Suggestion(
            id=SPANJAARDSGOED_3, display_name="Spanjaardsgoed 3, 3901HC Veenendaal", type="adres"
        ),
        Suggestion(
            id="adr-9627511b01ccb89d2aab98a239c91c49",
            display_name="Spanjaardsgoed 5A, 3901HC Veenendaal",
            type="adres",
        ),
        Suggestion(
            id="adr-847d23240417587fbe342cbaaf332ed9",
            display_name="Spanjaardsgoed 7, 3901HC Veenendaal",
            type="adres",
        ),
    ]


def test_suggest_asks_for_addresses_only_with_the_query_and_rows(pdok, locatieserver):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json"))

    locatieserver.suggest(query="Spanjaardsgoed 3", rows=5)

    assert pdok.last.endpoint == "suggest"
    assert pdok.last.query == {"q": ["Spanjaardsgoed 3"], "rows": ["5"], "fq": ["type:adres"]}


def test_suggest_sends_seven_rows_unless_told_otherwise(pdok, locatieserver):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json"))

    locatieserver.suggest(query="Spanjaardsgoed")

    assert pdok.last.query["rows"] == ["7"]


@pytest.mark.parametrize("code", ["GM0345", "gm0345", "0345"])
def test_suggest_within_a_municipality_filters_on_the_four_digit_gemeentecode(
    pdok, locatieserver, code
):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json"))

    locatieserver.suggest(query="Spanjaardsgoed", municipality_code=code)

    assert pdok.last.query["fq"] == ["type:adres", "gemeentecode:0345"]


@pytest.mark.parametrize("code", ["GM345", "Veenendaal", "0345 OR type:weg"])
def test_suggest_refuses_a_municipality_code_that_is_not_four_digits(pdok, locatieserver, code):
    with pytest.raises(ValueError, match="municipality code"):
        locatieserver.suggest(query="Spanjaardsgoed", municipality_code=code)

    assert pdok.received == []


@pytest.mark.parametrize("rows", [0, 101])
def test_suggest_refuses_a_number_of_rows_pdok_does_not_serve(pdok, locatieserver, rows):
    with pytest.raises(ValueError, match="rows"):
        locatieserver.suggest(query="Spanjaardsgoed", rows=rows)

    assert pdok.received == []


def test_suggest_for_an_empty_box_asks_pdok_nothing(pdok, locatieserver):
    assert locatieserver.suggest(query="   ") == []
    assert pdok.received == []


def test_suggest_leaves_out_solr_syntax_a_resident_may_type(pdok, locatieserver):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json"))

    locatieserver.suggest(query='Spanjaardsgoed "3" (achter)')

    assert pdok.last.query["q"] == ["Spanjaardsgoed 3 achter"]


def test_suggest_keeps_hyphens_and_apostrophes_of_place_names(pdok, locatieserver):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json"))

    locatieserver.suggest(query="Markt 1-2 's-Hertogenbosch")

    assert pdok.last.query["q"] == ["Markt 1-2 's-Hertogenbosch"]


def test_suggest_with_only_a_spelling_correction_returns_no_suggestions(pdok, locatieserver):
    pdok.answer("suggest", Reply.recorded("suggest-typo-no-results.json"))

    assert locatieserver.suggest(query="spanjaarsgoed") == []


# Lookup


def test_lookup_returns_every_address_field_with_gm_prefix_and_lat_lon_from_wkt(
    pdok, locatieserver
):
    pdok.answer("lookup", Reply.recorded("lookup-spanjaardsgoed3-veenendaal.json"))

    address = locatieserver.lookup(id=SPANJAARDSGOED_3)

    assert address == SPANJAARDSGOED_3_ADDRESS


def test_lookup_sends_the_id_and_asks_for_the_address_fields_of_addresses_only(pdok, locatieserver):
    pdok.answer("lookup", Reply.recorded("lookup-spanjaardsgoed3-veenendaal.json"))

    locatieserver.lookup(id=SPANJAARDSGOED_3)

    assert pdok.last.endpoint == "lookup"
    assert pdok.last.query["id"] == [SPANJAARDSGOED_3]
    assert pdok.last.query["fq"] == ["type:adres"]
    assert set(pdok.last.query["fl"][0].split()) >= NEEDED_FIELDS


def test_lookup_of_an_unknown_id_returns_none(pdok, locatieserver):
    pdok.answer("lookup", Reply.recorded("lookup-not-found.json"))

    assert locatieserver.lookup(id="adr-00000000000000000000000000000000") is None


def test_lookup_of_an_empty_id_asks_pdok_nothing(pdok, locatieserver):
    assert locatieserver.lookup(id=" ") is None
    assert pdok.received == []


# Postcode and house number


def test_find_by_postcode_normalises_the_postcode_and_writes_a_letter_after_the_number(
    pdok, locatieserver
):
    pdok.answer("free", Reply.recorded("free-3901HC-5A.json"))

    address = locatieserver.find_by_postcode(postcode="3901 hc", house_number=5, addition="a")

    assert pdok.last.endpoint == "free"
    assert pdok.last.query["q"] == ["3901HC 5a"]
    assert pdok.last.query["fq"] == ["type:adres"]
    assert pdok.last.query["rows"] == ["1"]
    assert set(pdok.last.query["fl"][0].split()) >= NEEDED_FIELDS
    assert address is not None
    assert address.display_name == "Spanjaardsgoed 5A, 3901HC Veenendaal"
    assert (address.house_number, address.house_letter, address.house_number_addition) == (
        5,
        "A",
        "",
    )


def test_find_by_postcode_writes_a_numeric_addition_after_a_hyphen(pdok, locatieserver):
    pdok.answer("free", Reply.recorded("free-3901HC-14-2.json"))

    address = locatieserver.find_by_postcode(postcode="3901HC", house_number=14, addition="2")

    assert pdok.last.query["q"] == ["3901HC 14-2"]
    assert address is not None
    assert address.id == "adr-c18e650bba2215d001fe7805e9100bab"
    assert (address.house_number, address.house_letter, address.house_number_addition) == (
        14,
        "",
        "2",
    )


def test_find_by_postcode_without_an_addition_sends_postcode_and_number(pdok, locatieserver):
    pdok.answer("free", Reply.recorded("free-spanjaardsgoed3-veenendaal.json"))

    address = locatieserver.find_by_postcode(postcode="3901hc", house_number=3)

    assert pdok.last.query["q"] == ["3901HC 3"]
    assert address == SPANJAARDSGOED_3_ADDRESS


def test_find_by_postcode_without_a_hit_returns_none(pdok, locatieserver):
    pdok.answer("free", Reply.recorded("free-no-results.json"))

    assert locatieserver.find_by_postcode(postcode="3901HC", house_number=999) is None


@pytest.mark.parametrize(
    ("house_number", "addition"),
    [(5, ""), (5, "B"), (15, "A"), (5, "A-1")],
    ids=["letter-missing", "other-letter", "other-number", "extra-addition"],
)
def test_find_by_postcode_does_not_pass_off_a_near_miss_as_the_address(
    pdok, locatieserver, house_number, addition
):
    # PDOK's best hit is Spanjaardsgoed 5A whatever was asked.
    pdok.answer("free", Reply.recorded("free-3901HC-5A.json"))

    found = locatieserver.find_by_postcode(
        postcode="3901HC", house_number=house_number, addition=addition
    )

    assert found is None
    assert len(pdok.received) == 1


def test_find_by_postcode_with_a_hit_in_another_postcode_returns_none(pdok, locatieserver):
    pdok.answer("free", Reply.recorded("free-spanjaardsgoed3-veenendaal.json"))

    assert locatieserver.find_by_postcode(postcode="3902HC", house_number=3) is None


@pytest.mark.parametrize("postcode", ["0901HC", "3901", "ABCDEF", "3901 H C 1", ""])
def test_find_by_postcode_with_an_impossible_postcode_asks_pdok_nothing(
    pdok, locatieserver, postcode
):
    assert locatieserver.find_by_postcode(postcode=postcode, house_number=3) is None
    assert pdok.received == []


# Free-text search


def test_search_finds_a_street_address_within_a_municipality(pdok, locatieserver):
    pdok.answer("free", Reply.recorded("free-spanjaardsgoed3-veenendaal.json"))

    address = locatieserver.search(text="Spanjaardsgoed 3 Veenendaal", municipality_code="GM0345")

    assert address == SPANJAARDSGOED_3_ADDRESS
    assert pdok.last.endpoint == "free"
    assert pdok.last.query["q"] == ["Spanjaardsgoed 3 Veenendaal"]
    assert pdok.last.query["fq"] == ["type:adres", "gemeentecode:0345"]
    assert pdok.last.query["rows"] == ["1"]


@pytest.mark.parametrize("code", [None, "", " "])
def test_search_without_a_municipality_filters_on_addresses_only(pdok, locatieserver, code):
    pdok.answer("free", Reply.recorded("free-spanjaardsgoed3-veenendaal.json"))

    locatieserver.search(text="Spanjaardsgoed 3", municipality_code=code)

    assert pdok.last.query["fq"] == ["type:adres"]


def test_search_without_a_hit_returns_none(pdok, locatieserver):
    pdok.answer("free", Reply.recorded("free-no-results.json"))

    assert locatieserver.search(text="Nergensstraat 1 Veenendaal") is None


# Reverse


def test_reverse_returns_the_nearest_address_in_one_request(pdok, locatieserver):
    pdok.answer("reverse", Reply.recorded("reverse-spanjaardsgoed3-veenendaal.json"))

    address = locatieserver.reverse(latitude=52.0201, longitude=5.5549)

    assert address == SPANJAARDSGOED_3_ADDRESS
    assert len(pdok.received) == 1
    query = pdok.last.query
    assert pdok.last.endpoint == "reverse"
    assert (query["lat"], query["lon"], query["type"], query["rows"]) == (
        ["52.0201"],
        ["5.5549"],
        ["adres"],
        ["1"],
    )
    assert set(query["fl"][0].split()) >= NEEDED_FIELDS


def test_reverse_far_from_any_address_returns_none(pdok, locatieserver):
    pdok.answer("reverse", Reply.recorded("free-no-results.json"))

    assert locatieserver.reverse(latitude=53.5, longitude=4.0) is None


def test_reverse_refuses_a_point_that_is_not_a_number(pdok, locatieserver):
    with pytest.raises(ValueError, match="finite"):
        locatieserver.reverse(latitude=math.nan, longitude=5.5549)

    assert pdok.received == []


# The HTTP boundary


def test_every_request_says_it_is_wijkteam_and_wants_json(pdok, locatieserver):
    pdok.answer("lookup", Reply.recorded("lookup-spanjaardsgoed3-veenendaal.json"))

    locatieserver.lookup(id=SPANJAARDSGOED_3)

    assert pdok.last.headers["User-Agent"] == "Wijkteam"
    assert pdok.last.headers["Accept"] == "application/json"


def test_a_base_url_with_a_trailing_slash_reaches_the_same_endpoint(pdok):
    pdok.answer("lookup", Reply.recorded("lookup-spanjaardsgoed3-veenendaal.json"))
    client = LocatieserverClient(base_url=f"{pdok.base_url}/", timeout=2.0)

    assert client.lookup(id=SPANJAARDSGOED_3) == SPANJAARDSGOED_3_ADDRESS


def test_server_error_means_the_service_is_unavailable(pdok, locatieserver):
    pdok.answer(
        "suggest", Reply(status=500, body=b"Internal Server Error", content_type="text/plain")
    )

    with pytest.raises(LocationServiceUnavailable, match="HTTP 500"):
        locatieserver.suggest(query="Spanjaardsgoed")


def test_bad_request_with_a_solr_error_means_unavailable_with_pdoks_message(pdok, locatieserver):
    pdok.answer("lookup", Reply.recorded("error-400-lookup-missing-id.json", status=400))

    with pytest.raises(LocationServiceUnavailable) as raised:
        locatieserver.lookup(id=SPANJAARDSGOED_3)

    assert "HTTP 400" in str(raised.value)
    assert "Verplichte parameter 'id' ontbreekt" in str(raised.value)


def test_bad_request_with_a_plain_text_body_means_unavailable_with_that_text(pdok, locatieserver):
    message = b"parameter rows in query has an error: value x: an invalid integer: invalid syntax"
    pdok.answer("free", Reply(status=400, body=message, content_type="text/plain"))

    with pytest.raises(LocationServiceUnavailable, match="parameter rows in query has an error"):
        locatieserver.search(text="Spanjaardsgoed 3")


def test_an_answer_slower_than_the_timeout_means_unavailable(pdok):
    pdok.answer("suggest", Reply.recorded("suggest-spanjaardsgoed-veenendaal.json", delay=5.0))
    impatient = LocatieserverClient(base_url=pdok.base_url, timeout=0.05)

    with pytest.raises(LocationServiceUnavailable, match="unreachable"):
        impatient.suggest(query="Spanjaardsgoed")


def test_a_refused_connection_means_unavailable():
    with socket.socket() as reserved:
        # Bound but not listening: the port stays ours, and connecting to it is refused.
        reserved.bind(("127.0.0.1", 0))
        port = reserved.getsockname()[1]
        client = LocatieserverClient(base_url=f"http://127.0.0.1:{port}{BASE_PATH}", timeout=2.0)

        with pytest.raises(LocationServiceUnavailable, match="unreachable"):
            client.lookup(id=SPANJAARDSGOED_3)


def test_an_html_page_instead_of_json_means_unavailable(pdok, locatieserver):
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    pdok.answer("lookup", Reply(body=page, content_type="text/html"))

    with pytest.raises(LocationServiceUnavailable, match="did not answer with JSON"):
        locatieserver.lookup(id=SPANJAARDSGOED_3)


@pytest.mark.parametrize(
    "body",
    [b"[]", b'{"response": {}}', b'{"response": {"docs": [1]}}', b'{"response": {"docs": [{}]}}'],
)
def test_json_that_is_not_a_locatieserver_answer_means_unavailable(pdok, locatieserver, body):
    pdok.answer("lookup", Reply(body=body))

    with pytest.raises(LocationServiceUnavailable):
        locatieserver.lookup(id=SPANJAARDSGOED_3)


def test_the_client_refuses_a_base_url_that_is_not_http():
    with pytest.raises(ValueError, match="http or https"):
        LocatieserverClient(base_url="file:///etc/passwd")


# Configuration


def test_default_client_talks_to_the_configured_locatieserver(pdok, settings):
    settings.PDOK_LOCATIESERVER_URL = pdok.base_url
    pdok.answer("lookup", Reply.recorded("lookup-spanjaardsgoed3-veenendaal.json"))

    assert default_client().lookup(id=SPANJAARDSGOED_3) == SPANJAARDSGOED_3_ADDRESS


def test_default_client_uses_the_configured_timeout(pdok, settings):
    settings.PDOK_LOCATIESERVER_URL = pdok.base_url
    settings.PDOK_TIMEOUT_SECONDS = 0.05
    pdok.answer("lookup", Reply(body=b"{}", delay=5.0))

    with pytest.raises(LocationServiceUnavailable):
        default_client().lookup(id=SPANJAARDSGOED_3)


def test_default_client_without_settings_uses_pdoks_public_v3_1(settings):
    del settings.PDOK_LOCATIESERVER_URL
    del settings.PDOK_TIMEOUT_SECONDS

    client = default_client()

    assert (
        client.base_url == DEFAULT_BASE_URL == "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
    )
    assert client.timeout == 3.0
