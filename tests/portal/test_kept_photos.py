"""Photos kept across a correction of the report form go with the report unless unchecked."""

import re

from tests.portal.test_report import URL, form_data, jpeg, litter
from wijkteam.signals.models import PendingUpload, Signal


def checked_pending(page: str) -> list[str]:
    """The keep_pending boxes the page shows checked: what a browser would send back."""
    boxes = re.findall(r"<input[^>]*name=\"keep_pending\"[^>]*>", page)
    return [re.search(r'value="(\d+)"', box).group(1) for box in boxes if " checked" in box]


def shown_pending(page: str) -> list[str]:
    return re.findall(r'name="keep_pending" value="(\d+)"', page)


def test_a_kept_photo_is_checked_and_sent_after_a_correction(client, world, pdok):
    data = form_data(client, description="", photos=[jpeg("bassen.jpg")])

    response = client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "bassen.jpg" in page
    pending = PendingUpload.objects.get()
    assert checked_pending(page) == [str(pending.pk)]

    data.pop("photos")
    client.post(URL, {**data, "description": "Harde muziek", "keep_pending": checked_pending(page)})

    signal = Signal.objects.get()
    assert [a.original_name for a in signal.attachments.all()] == ["bassen.jpg"]
    assert not PendingUpload.objects.exists()


def test_a_kept_photo_survives_a_second_correction(client, world, pdok):
    data = form_data(client, description="", photos=[jpeg("eerste.jpg")])
    page = client.post(URL, data).content.decode()
    data.pop("photos")

    # Second mistake (no address), with one more photo chosen.
    second = {
        **data,
        "postcode": "",
        "house_number": "",
        "keep_pending": checked_pending(page),
        "photos": [jpeg("tweede.jpg")],
    }
    page = client.post(URL, second).content.decode()

    assert len(checked_pending(page)) == 2
    client.post(URL, {**data, "description": "Harde muziek", "keep_pending": checked_pending(page)})

    signal = Signal.objects.get()
    assert sorted(a.original_name for a in signal.attachments.all()) == ["eerste.jpg", "tweede.jpg"]


def test_an_unchecked_photo_stays_unchecked_and_is_left_out(client, world, pdok):
    data = form_data(client, description="", photos=[jpeg("weg.jpg")])
    page = client.post(URL, data).content.decode()
    data.pop("photos")

    # The resident unchecks it and makes another mistake: the box stays unchecked.
    page = client.post(URL, {**data, "postcode": "", "house_number": ""}).content.decode()
    assert len(shown_pending(page)) == 1
    assert checked_pending(page) == []

    client.post(URL, {**data, "description": "Harde muziek", "keep_pending": checked_pending(page)})

    signal = Signal.objects.get()
    assert not signal.attachments.exists()
    assert not PendingUpload.objects.exists()


def test_a_photo_kept_while_asking_is_this_the_same_is_checked(client, world, pdok):
    client.post(URL, form_data(client, category=litter()))
    data = form_data(client, category=litter(), name="Sam Tweede", photos=[jpeg("buren.jpg")])

    page = client.post(URL, data).content.decode()  # asked "is this the same?"

    assert "Is dit hetzelfde probleem?" in page
    pending = PendingUpload.objects.get(key=data["upload_key"])
    assert checked_pending(page) == [str(pending.pk)]
    data.pop("photos")
    client.post(URL, {**data, "confirmed_new": "on", "keep_pending": checked_pending(page)})

    newest = Signal.objects.order_by("-id").first()
    assert [a.original_name for a in newest.attachments.all()] == ["buren.jpg"]
