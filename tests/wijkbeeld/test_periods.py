"""The period selector: a month, a quarter, a year or months of one's own, at most five years
back; anything wrong falls back to the last twelve months with a message saying why."""

from datetime import date

from wijkteam.wijkbeeld.periods import default_period, parse_period

TODAY = date(2026, 12, 5)


def test_without_a_choice_the_last_twelve_months():
    period, error = parse_period({}, TODAY)
    assert (period.start, period.end, error) == (date(2026, 1, 1), date(2026, 12, 1), "")
    assert len(period.months) == 12


def test_a_month_a_quarter_a_year_and_own_months():
    assert parse_period({"periode": "maand", "maand": "2026-03"}, TODAY)[0].months == [
        date(2026, 3, 1)
    ]
    quarter = parse_period({"periode": "kwartaal", "kwartaal": "2025-K4"}, TODAY)[0]
    assert (quarter.start, quarter.end) == (date(2025, 10, 1), date(2025, 12, 1))
    year = parse_period({"periode": "jaar", "jaar": "2024"}, TODAY)[0]
    assert (year.start, year.end) == (date(2024, 1, 1), date(2024, 12, 1))
    own = parse_period({"periode": "eigen", "van": "2022-01", "tot": "2026-12"}, TODAY)[0]
    assert len(own.months) == 60


def test_the_query_string_selects_the_same_period_again():
    for params in (
        {"periode": "maand", "maand": "2026-03"},
        {"periode": "kwartaal", "kwartaal": "2025-K4"},
        {"periode": "jaar", "jaar": "2024"},
        {"periode": "eigen", "van": "2025-02", "tot": "2025-07"},
    ):
        period = parse_period(params, TODAY)[0]
        assert parse_period(period.query(), TODAY)[0] == period


def test_wrong_input_falls_back_with_a_reason():
    for params in (
        {"periode": "eeuw"},
        {"periode": "maand", "maand": "maart"},
        {"periode": "maand", "maand": "2026-13"},
        {"periode": "kwartaal", "kwartaal": "2025-K5"},
        {"periode": "jaar", "jaar": "99999999999"},
        {"periode": "eigen", "van": "2026-05", "tot": "2026-01"},
        {"periode": "eigen", "van": "2021-11", "tot": "2026-01"},
        {"periode": "maand", "maand": "2027-01"},
    ):
        period, error = parse_period(params, TODAY)
        assert period == default_period(TODAY), params
        assert error, params
