"""The tracking page repeats what the resident reported (their own words and photos only),
the confirmation email greets them by name, and the satisfaction question follows the answer."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.cases.support import case_of
from tests.cases.test_closure import lead_agreed, reported
from tests.portal.test_report import URL, form_data, jpeg, litter
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.models import Outcome
from wijkteam.signals.models import Attachment, PendingUpload, Reporter, Signal
from wijkteam.signals.resident_access import reporter_link_value


def send(client, **changes) -> str:
    """Send a report; returns the tracking page's address."""
    response = client.post(URL, form_data(client, confirmed_new="on", **changes), follow=True)
    return re.search(r'id="tracking-link">([^<]+)<', response.content.decode()).group(1)


def photo_urls(page: str) -> list[str]:
    return re.findall(r'<img src="([^"]+/foto/\d+/)"', page)


def test_the_tracking_page_repeats_what_was_reported(client, world, pdok):
    link = send(
        client,
        description="Elke nacht bonkende bassen.",
        location_note="achter de flat",
        occurred_at_0="03-12-2025",
        occurred_at_1="23:15",
        photos=[jpeg("bassen.jpg")],
    )

    page = client.get(link).content.decode()

    assert "Wat u meldde" in page
    assert "Geluidsoverlast" in page
    assert "Appellaan 1, 3999 AA" in page
    assert "achter de flat" in page
    assert "Elke nacht bonkende bassen." in page
    assert "3 december 2025, 23:15" in page
    [url] = photo_urls(page)
    photo = client.get(url)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert "sandbox" in photo["Content-Security-Policy"]
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
    # Not who reported it.
    assert "Bea Bewoner" not in page


def test_the_page_opened_from_an_email_shows_the_photos_too(client, world, pdok):
    send(client, photos=[jpeg("bassen.jpg")])
    reporter = Reporter.objects.get()

    page = client.get(
        reverse("portal:track_link", args=[reporter_link_value(reporter)])
    ).content.decode()

    [url] = photo_urls(page)
    assert "/melden/volgen/e/" in url
    assert client.get(url).status_code == 200


def test_another_signals_photo_is_never_served(client, world, pdok):
    mine = send(client, photos=[jpeg("mijn.jpg")])
    send(client, description="Iets anders")
    theirs = Signal.objects.order_by("-id").first()
    other_photo = Attachment.objects.create(
        signal=theirs,
        file="signals/x.jpg",
        content_type="image/jpeg",
        size=1,
        width=1,
        height=1,
    )
    token = mine.rstrip("/").rsplit("/", 1)[-1]

    response = client.get(reverse("portal:track_photo", args=[token, other_photo.pk]))

    assert response.status_code == 404
    assert client.get(reverse("portal:track_photo", args=["niet-bestaand", 1])).status_code == 404


def test_a_resident_who_joins_sees_their_own_photo_not_the_first_reporters(client, world, pdok):
    first_link = send(
        client, category=litter(), description="Mijn eigen woorden", photos=[jpeg("eerste.jpg")]
    )
    first = Signal.objects.get()
    data = form_data(client, category=litter(), name="Sam Tweede", photos=[jpeg("tweede.jpg")])
    client.post(URL, data)  # "is this the same?"
    data.pop("photos")
    pending = [str(p.pk) for p in PendingUpload.objects.filter(key=data["upload_key"])]
    response = client.post(
        URL, {**data, "same_as": first.reference, "keep_pending": pending}, follow=True
    )
    second_link = re.search(r'id="tracking-link">([^<]+)<', response.content.decode()).group(1)
    assert first.attachments.count() == 2

    second_page = client.get(second_link).content.decode()
    first_page = client.get(first_link).content.decode()

    assert "Mijn eigen woorden" not in second_page
    assert "U meldde hetzelfde probleem als een eerdere melder" in second_page
    second_photos = photo_urls(second_page)
    first_photos = photo_urls(first_page)
    assert len(second_photos) == len(first_photos) == 1
    assert second_photos[0].rsplit("/", 2)[-2] != first_photos[0].rsplit("/", 2)[-2]
    # The first reporter's photo through the second reporter's link: not found.
    second_token = second_link.rstrip("/").rsplit("/", 1)[-1]
    first_photo_id = int(first_photos[0].rstrip("/").rsplit("/", 1)[-1])
    assert (
        client.get(reverse("portal:track_photo", args=[second_token, first_photo_id])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "greeting"), [("Jan de Vries", "Beste Jan de Vries,"), ("", "Beste melder,")]
)
def test_the_confirmation_email_greets_by_the_given_name(
    client, world, pdok, run_worker, django_capture_on_commit_callbacks, name, greeting
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, name=name)
    run_worker()

    [receipt] = [message for message in mail.outbox if "ontvangen" in message.subject]
    assert receipt.body.startswith(greeting + "\n")


def test_the_satisfaction_question_follows_the_answer(client, world):
    signal, token = reported(email="rik@example.test")
    case = lead_agreed(case_of(signal))
    case_resolve(
        actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Het is opgelost."
    )

    page = client.get(reverse("portal:track", args=[token])).content.decode()

    assert page.index("Het is opgelost.") < page.index("Bent u tevreden over de afhandeling?")


def test_the_closure_email_greets_by_name_too(
    world, django_capture_on_commit_callbacks, run_worker
):
    signal, _token = reported(email="rik@example.test")
    case = lead_agreed(case_of(signal))
    with django_capture_on_commit_callbacks(execute=True):
        case_resolve(
            actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message="Opgelost."
        )
    run_worker()

    [message] = [message for message in mail.outbox if "afgehandeld" in message.subject]
    assert message.body.startswith("Beste Rik Melder,\n")
    assert "<p>Beste Rik Melder,</p>" in message.alternatives[0][0]
