"""Requests go to partner systems only: not to addresses inside our own network whatever a URL
or a name says (unless the settings allow that network), no redirect is followed, and a receiver
that does not answer is given up on after the timeout."""

import socket

import pytest

from wijkteam.webhooks.outbound import address_allowed, post_json, url_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.5/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",  # a cloud's metadata service
        "https://127.0.0.1:8443/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://100.64.0.1/hook",  # carrier-grade NAT
        "https://0.0.0.0/hook",
    ],
)
def test_an_internal_address_is_refused(settings, url):
    settings.WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS = []
    assert "niet bereikbaar vanaf internet" in url_problem(url)


def test_what_a_url_must_be(settings):
    settings.WIJKTEAM_WEBHOOKS_ALLOW_HTTP = False
    assert url_problem("https://woon.example.org/wijkteam?bron=wijkteam") is None
    assert url_problem("https://93.184.215.14:8443/hook") is None
    assert "https://" in url_problem("http://woon.example.org/hook")
    assert "https://" in url_problem("ftp://woon.example.org/hook")
    assert "wachtwoord" in url_problem("https://gebruiker:geheim@woon.example.org/hook")
    assert url_problem("https://woon.example.org:99999/hook") is not None
    assert url_problem("https:///hook") is not None
    settings.WIJKTEAM_WEBHOOKS_ALLOW_HTTP = True
    assert url_problem("http://woon.example.org/hook") is None


def test_an_allowed_network_may_be_reached(settings):
    settings.WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert address_allowed("10.20.3.4") and not address_allowed("10.21.3.4")
    assert address_allowed("93.184.215.14")


def test_a_name_that_resolves_to_an_internal_address_is_never_connected_to(
    settings, receivers, monkeypatch
):
    receiver = receivers()
    settings.WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS = []
    settings.WIJKTEAM_WEBHOOKS_ALLOW_HTTP = True
    # The name server says the partner's name is our own machine.
    resolve = socket.getaddrinfo

    def lying_name_server(host, *args, **kwargs):
        return resolve("127.0.0.1" if host == "woon.example.org" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lying_name_server)
    url = receiver.url.replace("127.0.0.1", "woon.example.org")
    assert url_problem(url) is None  # a name: where it leads is only known when resolved

    answer = post_json(url=url, body=b"{}", headers={})

    assert answer.status_code is None and not answer.succeeded
    assert answer.error == "address not allowed: 127.0.0.1"
    assert receiver.received == []

    settings.WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    assert post_json(url=url, body=b"{}", headers={}).succeeded
    assert len(receiver.received) == 1


def test_a_redirect_is_not_followed(receivers):
    elsewhere = receivers()
    receiver = receivers(answers=(307,), location=elsewhere.url)

    answer = post_json(url=receiver.url, body=b"{}", headers={})

    assert answer.status_code == 307 and not answer.succeeded
    assert len(receiver.received) == 1 and elsewhere.received == []


def test_a_receiver_that_does_not_answer_is_given_up_on_after_the_timeout(settings):
    settings.WIJKTEAM_WEBHOOKS_TIMEOUT_SECONDS = 1
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # takes the connection, never answers
    try:
        answer = post_json(
            url=f"http://127.0.0.1:{silent.getsockname()[1]}/hook", body=b"{}", headers={}
        )
    finally:
        silent.close()
    assert answer.status_code is None
    assert "timed out" in answer.error.lower()
    assert 900 <= answer.duration_ms < 5000
