""" "Volg uw melding": the tracking links by email, the same answer whatever the address, and
the limits."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.portal.test_report import form_data
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.signals.models import Reporter

URL = reverse("voordeur:follow")
SUBJECT = "Uw meldingen bij het wijkteam"


@pytest.fixture
def written(run_worker, django_capture_on_commit_callbacks):
    """Run the worker; the tracking-link emails in the outbox."""

    def run() -> list[OutgoingEmail]:
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        return list(OutgoingEmail.objects.filter(subject=SUBJECT).order_by("pk"))

    return run


def report(client, email: str, **changes) -> None:
    data = form_data(
        client,
        email=email,
        postcode=None,
        house_number=None,
        latitude="52.0052",
        longitude="5.5151",
        **changes,
    )
    assert client.post(reverse("portal:report"), data).status_code == 302


def ask(email: str, address: str = "192.0.2.20"):
    return Client().post(URL, {"email": email, "website": ""}, REMOTE_ADDR=address)


def test_a_resident_gets_the_links_of_their_reports_by_email(client, world, written):
    report(client, "Bea@Example.test")
    report(client, "bea@example.test", description="De hond blaft de hele nacht.")
    report(client, "ander@example.test")

    response = ask("BEA@example.TEST")

    assert response.status_code == 302
    assert response.url == reverse("voordeur:follow_sent")
    [queued] = written()
    [email] = [sent for sent in mail.outbox if sent.subject == SUBJECT]
    assert queued.to.lower() == "bea@example.test" and email.to == [queued.to]
    references = Reporter.objects.filter(email__iexact="bea@example.test").values_list(
        "signal__reference", flat=True
    )
    assert len(references) == 2 and all(ref in email.body for ref in references)
    links = re.findall(r"http\S+/melden/volgen/e/\S+/", email.body)
    assert len(links) == 2
    path = re.sub(r"^https?://[^/]+", "", links[0])
    assert Client().get(path).status_code == 200


def test_the_answer_is_the_same_whether_or_not_the_address_reported(client, world, written):
    report(client, "bea@example.test")

    known = ask("bea@example.test", "192.0.2.21")
    unknown = ask("nobody@example.test", "192.0.2.22")

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [email.to for email in written()] == ["bea@example.test"]
    sent = Client().get(reverse("voordeur:follow_sent")).content.decode()
    assert "Kijk in uw e-mail" in sent


def test_an_anonymous_report_sends_nothing(client, world, written):
    report(client, "", contact="anonymous", name="")

    ask("bea@example.test")

    assert written() == []


def test_one_address_gets_at_most_three_emails_an_hour(client, world, written):
    report(client, "bea@example.test")

    for number in range(5):
        assert ask("bea@example.test", f"192.0.2.{30 + number}").status_code == 302

    assert len(written()) == 3


def test_one_client_may_ask_ten_times_an_hour(client, world, written, settings):
    report(client, "bea@example.test")
    settings.WIJKTEAM_TRACKING_EMAILS_PER_ADDRESS = 100

    answers = {ask("bea@example.test", "192.0.2.40").status_code for _ in range(12)}

    assert answers == {302}  # the same answer past the limit too
    assert len(written()) == 10


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Vul uw e-mailadres in."),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"email": "x" * 300 + "@example.test"}, "Controleer uw e-mailadres"),
    ],
)
def test_a_mistake_is_named_and_what_was_typed_stays(client, world, data, message):
    response = client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    if data["email"] and len(data["email"]) < 254:
        assert f'value="{data["email"]}"' in page


def test_the_honeypot_sends_nothing(client, world, written):
    report(client, "bea@example.test")

    response = client.post(URL, {"email": "bea@example.test", "website": "spam"})

    assert response.status_code == 400
    assert written() == []


def test_the_follow_page_works_on_its_own(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        page = client.get(URL).content.decode()
    assert "Volg uw melding" in page
