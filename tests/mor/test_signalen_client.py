"""The Signalen client's answers to what a real installation can do (a moved address, an
unreadable answer, a wrong token, no answer at all), and the fake's own check of the request
format: a body Signalen would refuse is refused by the fake too."""

import copy
import socket
import threading

import pytest

from tests.mor.conftest import LITTER, SOURCE, TOKEN
from tests.mor.signalen_fake import signal_errors
from wijkteam.mor.signalen import SignalenClient, SignalenRefused, SignalenUnavailable

VALID = {
    "text": "Zwerfvuil bij het bankje",
    "location": {
        "geometrie": {"type": "Point", "coordinates": [5.5051, 52.0052]},
        "address": {
            "openbare_ruimte": "Appellaan",
            "huisnummer": 12,
            "postcode": "3999AA",
            "woonplaats": "Testoord",
        },
    },
    "category": {"sub_category": LITTER},
    "reporter": {"sharing_allowed": False},
    "incident_date_start": "2026-03-13T09:30:00+01:00",
    "source": SOURCE,
    "extra_properties": [
        {"id": "wijkteam_casus", "label": "Casus", "answer": "Z-1", "category_url": LITTER}
    ],
}


def client(url: str, token: str = TOKEN, timeout: float = 5) -> SignalenClient:
    return SignalenClient(base_url=url, token=token, timeout=timeout)


def test_a_new_signal_comes_back_with_its_number_and_status(signalen):
    created = client(signalen.url).create(copy.deepcopy(VALID))
    assert (created.id, created.reference, created.state) == ("1", "SIG-1", "m")
    again = client(signalen.url + "/").get("1")
    assert again == created


def test_a_wrong_token_is_refused_for_a_person_to_look_at(signalen):
    with pytest.raises(SignalenRefused, match="HTTP 401"):
        client(signalen.url, token="verlopen").create(copy.deepcopy(VALID))


def test_a_moved_address_is_refused_not_followed(signalen):
    signalen.fail_next(301, headers={"Location": "https://elders.example/signals/"})
    with pytest.raises(SignalenRefused, match="elders.example"):
        client(signalen.url).create(copy.deepcopy(VALID))


def test_an_unreadable_yes_is_for_a_person_because_the_signal_may_exist(signalen):
    signalen.fail_next(201, body=b"<html>ok</html>")
    with pytest.raises(SignalenRefused, match="onleesbaar"):
        client(signalen.url).create(copy.deepcopy(VALID))


def test_an_unreadable_status_is_tried_again_later(signalen):
    signalen.fail_next(200, body=b"[]")
    with pytest.raises(SignalenUnavailable):
        client(signalen.url).get("1")


def test_too_many_requests_says_how_long_to_wait(signalen):
    signalen.fail_next(429, headers={"Retry-After": "120"})
    with pytest.raises(SignalenUnavailable) as raised:
        client(signalen.url).create(copy.deepcopy(VALID))
    assert raised.value.retry_after == 120


def test_no_server_is_tried_again_later():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(SignalenUnavailable):
        client(f"http://127.0.0.1:{port}").create(copy.deepcopy(VALID))


def test_a_server_that_does_not_answer_times_out_and_is_tried_again_later():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    try:
        with pytest.raises(SignalenUnavailable, match="Timeout"):
            client(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3).get("1")
    finally:
        for connection, _address in accepted:
            connection.close()
        listener.close()


def _broken(change) -> dict:
    body = copy.deepcopy(VALID)
    change(body)
    return body


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["location"]["geometrie"].update(coordinates=[52.0052, 5.5051]), "location"),
        (lambda b: b["location"].pop("geometrie"), "location"),
        (lambda b: b["location"]["address"].update(straat="Appellaan"), "location"),
        (lambda b: b["category"].update(sub_category=LITTER + "-niet"), "category"),
        (lambda b: b["category"].update(category_url=LITTER), "category"),
        (lambda b: b["reporter"].update(name="Rik"), "reporter"),
        (lambda b: b.pop("reporter"), "reporter"),
        (lambda b: b.update(incident_date_start="2026-03-13T09:30:00"), "incident_date_start"),
        (lambda b: b.update(text=""), "text"),
        (lambda b: b.update(text="x" * 3001), "text"),
        (lambda b: b.update(source="Onbekend"), "source"),
        (lambda b: b.update(status={"state": "b"}), "non_field_errors"),
        (lambda b: b.update(extra_properties={}), "extra_properties"),
    ],
)
def test_the_fake_refuses_what_signalen_refuses(change, field):
    assert signal_errors(copy.deepcopy(VALID), {LITTER}, {SOURCE}) == {}
    assert field in signal_errors(_broken(change), {LITTER}, {SOURCE})
