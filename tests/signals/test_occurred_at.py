"""The staff form's "when" is the same Dutch date and time as the resident's: two text boxes
(dd-mm-jjjj, uu:mm) read on the server, starting at now."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.signals.test_inbox_and_doors import staff_data
from wijkteam.signals.forms import OccurredAtField
from wijkteam.signals.models import Signal


def test_the_staff_form_offers_date_and_time_boxes_at_now(client, world):
    client.force_login(world.consulent_a)

    page = client.get(reverse("intake:new")).content.decode()

    assert 'name="occurred_at_0"' in page and 'name="occurred_at_1"' in page
    assert "datetime-local" not in page
    assert timezone.localtime().strftime("%d-%m-%Y") in page
    assert "dd-mm-jjjj" in page


def test_staff_register_when_it_happened(client, world, pdok):
    client.force_login(world.consulent_a)

    client.post(
        reverse("intake:new"),
        staff_data(
            receiving_organisation=world.corporatie.pk,
            occurred_at_0="1-12-2025",
            occurred_at_1="7.05",
        ),
    )

    occurred = timezone.localtime(Signal.objects.get().occurred_at)
    assert occurred.strftime("%d-%m-%Y %H:%M") == "01-12-2025 07:05"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["", ""], None),
        (["03-12-2025", ""], "03-12-2025 00:00"),
        (["03/12/2025", "14:30"], "03-12-2025 14:30"),
        (["2025-12-03", "9"], "03-12-2025 09:00"),
    ],
)
def test_dates_and_times_people_type(parts, expected):
    moment = OccurredAtField().clean(parts)
    shown = timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else None
    assert shown == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["12/31/2026", "10:00"], "bestaat niet als datum"),
        (["3-12-26", "10:00"], "jaartal van vier cijfers"),
        (["03-12-2025", "10:75"], "is geen tijd"),
        (["03-12-2025", "morgen"], "is geen tijd"),
        (["", "10:00"], "Vul ook de datum in"),
        (["01-01-0001", "00:00"], "Vul een datum in tussen 1 januari 1900 en 31 december 2100."),
        (["31-12-9999", "23:59"], "Dit tijdstip ligt in de toekomst."),
        (["29-03-2026", "02:30"], "de klok ging die nacht een uur vooruit"),
    ],
)
def test_clear_dutch_messages_for_what_cannot_be_read(parts, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as raised:
        OccurredAtField().clean(parts)
    assert message in " ".join(raised.value.messages)
