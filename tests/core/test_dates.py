"""Dates people type stay within 1900–2100, and a time of day is read on the clock of the
Netherlands: the hour that summer time skips is refused, the hour winter time repeats is read
as the first."""

from datetime import date, time, timedelta

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from tests.portal.test_report import URL, form_data
from wijkteam.core.dates import DateField, local_datetime
from wijkteam.signals.models import Signal

OUT_OF_RANGE = "Vul een datum in tussen 1 januari 1900 en 31 december 2100."


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2100_is_refused_with_the_range(typed):
    with pytest.raises(forms.ValidationError) as raised:
        DateField().clean(typed)

    assert raised.value.messages == [OUT_OF_RANGE]


@pytest.mark.parametrize(("typed", "day"), [("1900-01-01", 1900), ("2100-12-31", 2100)])
def test_the_first_and_last_day_of_the_range_are_kept(typed, day):
    assert DateField().clean(typed).year == day


def test_the_range_is_told_in_english_too():
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as raised:
            DateField().clean("0001-01-01")

        assert raised.value.messages == [
            "Enter a date between 1 January 1900 and 31 December 2100."
        ]


def test_the_hour_summer_time_skips_is_refused_with_the_time_meant():
    with pytest.raises(forms.ValidationError) as raised:
        local_datetime(date(2026, 3, 29), time(2, 30))

    assert raised.value.messages == [
        "Op 29 maart 2026 bestond 02:30 niet: de klok ging die nacht een uur vooruit "
        "(zomertijd). Bedoelt u 03:30?"
    ]


def test_the_hour_winter_time_repeats_is_read_as_the_first():
    moment = local_datetime(date(2026, 10, 25), time(2, 30))

    assert moment.utcoffset() == timedelta(hours=2)


def test_a_day_outside_the_range_has_no_time_of_day():
    with pytest.raises(forms.ValidationError) as raised:
        local_datetime(date(1, 1, 1), time(0, 0))

    assert raised.value.messages == [OUT_OF_RANGE]


def test_a_resident_who_types_the_year_1_is_told_the_range_and_keeps_the_form(client, world, pdok):
    changes = {"occurred_at_0": "01-01-0001", "occurred_at_1": "00:00"}

    response = client.post(URL, form_data(client, **changes))

    page = response.content.decode()
    assert response.status_code == 400
    assert OUT_OF_RANGE in page
    assert 'value="01-01-0001"' in page and "Elke nacht bonkende bassen" in page
    assert not Signal.objects.exists()


def test_a_list_filtered_from_the_year_1_says_so_at_the_filter(client, world):
    client.force_login(world.consulent_a)

    response = client.get(reverse("signals:organisation"), {"van": "0001-01-01"})

    page = response.content.decode()
    assert response.status_code == 200
    assert OUT_OF_RANGE in page and 'value="0001-01-01"' in page


def test_the_date_picker_offers_only_the_range():
    field = DateField(widget=forms.DateInput(attrs={"type": "date"}))

    html = field.widget.render("van", None)

    assert 'min="1900-01-01"' in html and 'max="2100-12-31"' in html
