"""Dates and times as people type them into a form: within a range that a real record can have,
and read in the current time zone without guessing at the hour that summer time skips.

Python's dates run from the year 1 to 9999, but a date near either end cannot be moved to
another time zone or have a day added without an OverflowError; no signal, action or search of
Wijkteam needs a date outside 1900–2100, so every date field refuses one with a clear message.
"""

from datetime import UTC, date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def validate_date_in_range(value: date) -> None:
    """Refuse a date (or the day of a date-time) before EARLIEST_DATE or after LATEST_DATE."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Vul een datum in tussen %(earliest)s en %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": formats.date_format(EARLIEST_DATE, "DATE_FORMAT"),
                "latest": formats.date_format(LATEST_DATE, "DATE_FORMAT"),
            },
        )


class DateField(forms.DateField):
    """A date in a form, from EARLIEST_DATE to LATEST_DATE. Use it instead of Django's own
    DateField, so that no date reaches a view or service that it cannot compute with."""

    default_validators = [validate_date_in_range]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if widget.attrs.get("type", getattr(widget, "input_type", None)) == "date":
            # The browser's date picker offers only the days the field accepts.
            attrs |= {"min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()}
        return attrs


def local_datetime(day: date, moment: time) -> datetime:
    """The aware date-time of a day and a time of day as read on a clock in the current time
    zone. Raises ValidationError for a day outside the range, and for a time that the clock
    skipped that day (02:30 on the night summer time starts): which moment was meant cannot be
    known. A time that happens twice (02:30 on the night summer time ends) is taken as the
    first, still in summer time: the hour's difference is less than the resident's own
    uncertainty, and refusing would ask them a question they cannot answer."""
    validate_date_in_range(day)
    wall_clock = datetime.combine(day, moment)
    zone = timezone.get_current_timezone()
    aware = timezone.make_aware(wall_clock, zone)
    # Through UTC and back: astimezone() to the zone the value already has changes nothing.
    read_back = aware.astimezone(UTC).astimezone(zone)
    if read_back.replace(tzinfo=None) != wall_clock:
        raise ValidationError(
            _(
                "Op %(date)s bestond %(time)s niet: de klok ging die nacht een uur vooruit "
                "(zomertijd). Bedoelt u %(later)s?"
            ),
            code="time_skipped",
            params={
                "date": formats.date_format(day, "DATE_FORMAT"),
                "time": moment.strftime("%H:%M"),
                "later": read_back.strftime("%H:%M"),
            },
        )
    return aware
