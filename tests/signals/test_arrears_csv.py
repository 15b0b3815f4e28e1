"""The rent-arrears CSV parser: pure, so no database; bytes in, rows and per-row errors out."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from wijkteam.signals.arrears_csv.columns import ArrearsFileError
from wijkteam.signals.arrears_csv.reader import parse_arrears_csv
from wijkteam.signals.arrears_csv.rows import ArrearsRow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arrears"
TODAY = date(2025, 6, 30)
COLUMNS = (
    "referentie",
    "naam",
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "plaats",
    "bedrag",
    "maanden",
    "datum",
)
VALID = {
    "referentie": "HA-1",
    "naam": "J. de Vries",
    "straat": "Kerkewijk",
    "huisnummer": "12",
    "toevoeging": "",
    "postcode": "3901 EG",
    "plaats": "Veenendaal",
    "bedrag": "100,00",
    "maanden": "2",
    "datum": "01-06-2025",
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(raw: bytes, **kwargs):
    return parse_arrears_csv(raw=raw, today=TODAY, **kwargs)


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def row_line(delimiter: str = ";", **overrides: str) -> str:
    values = VALID | overrides
    return delimiter.join(values[column] for column in COLUMNS)


def parse_one(**overrides: str):
    """A file with the standard header and one row, with some values replaced."""
    return parse(csv_bytes(";".join(COLUMNS), row_line(**overrides)))


def only_row(**overrides: str) -> ArrearsRow:
    parsed = parse_one(**overrides)
    assert parsed.errors == []
    return parsed.rows[0]


def only_messages(**overrides: str) -> list[str]:
    parsed = parse_one(**overrides)
    assert parsed.rows == []
    return parsed.errors[0].messages


def test_good_file_gives_every_row_with_typed_values():
    parsed = parse(fixture("good.csv"))

    assert parsed.errors == []
    assert parsed.encoding == "utf-8"
    assert parsed.delimiter == ";"
    assert [row.line for row in parsed.rows] == [2, 3, 4, 5, 6]
    assert parsed.rows[0] == ArrearsRow(
        line=2,
        external_reference="HA-2025-0001",
        tenant_name="J. de Vries",
        street="Kerkewijk",
        house_number=112,
        house_number_addition="",
        postcode="3901EG",
        city="Veenendaal",
        amount=Decimal("1234.56"),
        months=3,
        signal_date=date(2025, 6, 2),
        contact_attempted_on=date(2025, 5, 12),
        debt_help_pointed_on=date(2025, 5, 14),
        written_reminder_on=date(2025, 5, 20),
        no_objection_on=date(2025, 5, 28),
    )
    second, third, fourth, fifth = parsed.rows[1:]
    assert (second.house_number_addition, second.postcode) == ("A", "3901AA")
    assert second.contact_attempted_on == date(2025, 5, 15)
    assert second.debt_help_pointed_on is None
    assert second.no_objection_on is None
    assert third.amount == Decimal("2310.75")
    assert third.house_number_addition == "bis"
    # A later step without the earlier ones is recorded as it is.
    assert (third.contact_attempted_on, third.written_reminder_on) == (None, date(2025, 6, 2))
    assert (fourth.house_number_addition, fourth.city) == ("2hoog", "")
    assert fourth.amount == Decimal("412.50")
    assert fifth.amount == Decimal("98.50")
    assert str(fifth.amount) == "98.50"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("€1234,56", "1234.56"),
        ("1.234,56 €", "1234.56"),
        ("EUR 1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12.345,6", "12345.60"),
        ("1 234,56", "1234.56"),
        ("250", "250.00"),
        ("0,01", "0.01"),
        ("999.999,99", "999999.99"),
    ],
)
def test_amount_in_dutch_or_english_notation_becomes_euros_with_two_decimals(written, expected):
    amount = only_row(bedrag=written).amount

    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("12,3x", "bedrag: '12,3x' is geen bedrag"),
        ("twaalf", "bedrag: 'twaalf' is geen bedrag"),
        ("12,", "bedrag: '12,' is geen bedrag"),
        ("1.23.456,00", "bedrag: '1.23.456,00' is geen bedrag"),
        ("12,345", "bedrag: '12,345' is dubbelzinnig; schrijf bijvoorbeeld 1234,00 of 1.234,00"),
        ("1.234", "bedrag: '1.234' is dubbelzinnig; schrijf bijvoorbeeld 1234,00 of 1.234,00"),
        ("0,505", "bedrag: '0,505' heeft meer dan twee cijfers achter de komma"),
        ("0,00", "bedrag: '0,00' moet groter zijn dan 0"),
        ("-50,00", "bedrag: '-50,00' moet groter zijn dan 0"),
        ("1.000.000,00", "bedrag: '1.000.000,00' moet kleiner zijn dan 1.000.000"),
        ("", "bedrag: is verplicht"),
    ],
)
def test_amount_that_is_malformed_ambiguous_or_out_of_range_is_refused(written, problem):
    assert only_messages(bedrag=written) == [problem]


@pytest.mark.parametrize(
    "written", ["09-06-2025", "9-6-2025", "09/06/2025", "9/6/2025", "2025-06-09"]
)
def test_date_in_dutch_or_iso_notation_is_read_day_first(written):
    assert only_row(datum=written).signal_date == date(2025, 6, 9)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("31-02-2025", "datum: '31-02-2025' bestaat niet als datum"),
        ("06/13/2025", "datum: '06/13/2025' bestaat niet als datum"),
        ("9-6-25", "datum: '9-6-25' heeft geen jaartal van vier cijfers"),
        ("9-6/2025", "datum: '9-6/2025' is geen datum (gebruik dd-mm-jjjj of jjjj-mm-dd)"),
        ("juni 2025", "datum: 'juni 2025' is geen datum (gebruik dd-mm-jjjj of jjjj-mm-dd)"),
        ("09-06-0225", "datum: '09-06-0225' ligt vóór 2000; is het jaartal goed?"),
        ("", "datum: is verplicht"),
    ],
)
def test_date_that_does_not_exist_or_is_unreadable_is_refused(written, problem):
    assert only_messages(datum=written) == [problem]


def test_signal_date_of_today_is_accepted_but_tomorrow_is_in_the_future():
    assert only_row(datum=TODAY.strftime("%d-%m-%Y")).signal_date == TODAY

    tomorrow = (TODAY + timedelta(days=1)).strftime("%d-%m-%Y")
    assert only_messages(datum=tomorrow) == [f"datum: '{tomorrow}' ligt in de toekomst"]


def test_step_date_in_the_future_is_refused_and_an_empty_step_is_not_done_yet():
    header = ";".join((*COLUMNS, "stap_contact", "stap_schuldhulp", "stap_aanmaning"))
    parsed = parse(
        csv_bytes(
            header,
            row_line() + ";01-07-2025;;30-06-2025",
            row_line(referentie="HA-2") + ";;;",
        )
    )

    assert parsed.errors[0].line == 2
    assert parsed.errors[0].messages == ["stap_contact: '01-07-2025' ligt in de toekomst"]
    row = parsed.rows[0]
    assert (row.contact_attempted_on, row.debt_help_pointed_on) == (None, None)
    assert (row.written_reminder_on, row.no_objection_on) == (None, None)


def test_windows_1252_file_keeps_accented_names_and_reports_its_encoding():
    raw = fixture("windows-1252.csv")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is not UTF-8

    parsed = parse(raw)

    assert parsed.encoding == "cp1252"
    assert parsed.errors == []
    assert [row.tenant_name for row in parsed.rows] == [
        "Hélène Dijkstra",
        "Zoë van Eeden",
        "Noël Geërts",
    ]
    # The euro sign is byte 0x80 in Windows-1252.
    assert [row.amount for row in parsed.rows] == [
        Decimal("1050.00"),
        Decimal("615.40"),
        Decimal("2204.15"),
    ]


def test_utf8_byte_order_mark_does_not_spoil_the_first_column_name():
    parsed = parse(b"\xef\xbb\xbf" + csv_bytes(";".join(COLUMNS), row_line(naam="Zoë")))

    assert parsed.encoding == "utf-8"
    assert parsed.rows[0].external_reference == "HA-1"
    assert parsed.rows[0].tenant_name == "Zoë"


def test_comma_delimited_file_keeps_quoted_values_with_commas_together():
    parsed = parse(fixture("comma.csv"))

    assert parsed.delimiter == ","
    assert parsed.errors == []
    assert [row.tenant_name for row in parsed.rows] == ["Vries, J. de", "Bakker, M.", "P. Jansen"]
    assert [row.amount for row in parsed.rows] == [
        Decimal("1234.56"),
        Decimal("845.00"),
        Decimal("1020.50"),
    ]
    assert parsed.rows[0].signal_date == date(2025, 6, 2)


def test_tab_delimited_file_is_read():
    parsed = parse(csv_bytes("\t".join(COLUMNS), row_line("\t", bedrag="1.234,56")))

    assert parsed.delimiter == "\t"
    assert parsed.errors == []
    assert parsed.rows[0].amount == Decimal("1234.56")


def test_unquoted_decimal_comma_in_a_comma_delimited_file_is_reported_not_misread():
    parsed = parse(csv_bytes(",".join(COLUMNS), row_line(",", bedrag="845,00")))

    assert parsed.rows == []
    assert parsed.errors[0].messages[0] == (
        "de regel heeft meer velden (11) dan de kopregel (10); staat er een scheidingsteken "
        "in een waarde zonder aanhalingstekens?"
    )


def test_header_matches_regardless_of_case_spacing_separators_order_aliases_and_extra_columns():
    header = ";".join(
        (
            " Bedrag ",
            "REFERENTIE",
            "Opmerking",
            "Naam",
            "Straat",
            "Huis-nummer",
            "Post code",
            "Maanden",
            "Datum",
            "Datum persoonlijk contact",
            "datum-gewezen-op-schuldhulp",
            "DATUM_SCHRIFTELIJKE_AANMANING",
            "datum  geen bezwaar",
        )
    )
    line = "€ 75,00;HA-9;bel eerst;A. Visser;Kerkewijk;4;3901EG;1;01-06-2025;02-05-2025;"
    line += "03-05-2025;04-05-2025;05-05-2025"

    parsed = parse(csv_bytes(header, line))

    assert parsed.errors == []
    row = parsed.rows[0]
    assert (row.external_reference, row.tenant_name, row.amount) == (
        "HA-9",
        "A. Visser",
        Decimal("75.00"),
    )
    # Optional columns that are absent get their empty default.
    assert (row.house_number_addition, row.city) == ("", "")
    assert row.contact_attempted_on == date(2025, 5, 2)
    assert row.debt_help_pointed_on == date(2025, 5, 3)
    assert row.written_reminder_on == date(2025, 5, 4)
    assert row.no_objection_on == date(2025, 5, 5)


def test_row_errors_name_the_column_as_the_file_spells_it():
    header = ";".join(column.upper() for column in COLUMNS)
    parsed = parse(csv_bytes(header, row_line(bedrag="veel")))

    assert parsed.errors[0].messages == ["BEDRAG: 'veel' is geen bedrag"]


def test_missing_required_columns_is_a_file_error_naming_them():
    header = ";".join(column for column in COLUMNS if column not in {"postcode", "maanden"})

    with pytest.raises(ArrearsFileError) as raised:
        parse(csv_bytes(header, "HA-1;J. de Vries;Kerkewijk;12;;Veenendaal;100,00;01-06-2025"))

    assert raised.value.code == "missing_columns"
    assert str(raised.value) == "Verplichte kolommen ontbreken in de kopregel: postcode, maanden."


def test_a_column_given_twice_under_its_alias_is_a_file_error():
    header = ";".join((*COLUMNS, "stap_contact", "datum_persoonlijk_contact"))

    with pytest.raises(ArrearsFileError, match="stap_contact komt meer dan eens voor"):
        parse(csv_bytes(header, row_line() + ";01-06-2025;01-06-2025"))


def test_file_without_a_recognisable_header_explains_the_expected_columns_and_delimiter():
    with pytest.raises(ArrearsFileError) as raised:
        parse(csv_bytes("HA-1;J. de Vries;Kerkewijk;12", "HA-2;A. Visser;Kerkewijk;14"))

    message = str(raised.value)
    assert raised.value.code == "no_header"
    assert "referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum" in message
    assert "puntkomma" in message


def test_mixed_file_gives_the_good_rows_and_every_problem_of_each_bad_row():
    parsed = parse(fixture("mixed.csv"))

    assert [row.external_reference for row in parsed.rows] == [
        "HA-2025-0101",
        "HA-2025-0103",
        "HA-2025-0105",
    ]
    # Line numbers are those of the file, counting the blank line.
    assert [row.line for row in parsed.rows] == [2, 4, 8]
    assert [(error.line, error.external_reference) for error in parsed.errors] == [
        (3, "HA-2025-0102"),
        (6, "HA-2025-0104"),
        (7, "HA-2025-0101"),
    ]
    assert parsed.errors[0].messages == [
        "postcode: '390 EG' is geen postcode (vier cijfers en twee letters, zoals 3901 HC)",
        "bedrag: '12,3x' is geen bedrag",
        "maanden: '0' moet tussen 1 en 120 liggen",
    ]
    assert parsed.errors[1].messages == [
        "naam: is verplicht",
        "huisnummer: '12A' is geen geheel getal; zet een toevoeging in de kolom toevoeging",
        "datum: '01-01-2030' ligt in de toekomst",
        "stap_geen_bezwaar: '31-02-2025' bestaat niet als datum",
    ]
    assert parsed.errors[2].messages == ["referentie: 'HA-2025-0101' komt al voor op regel 2"]


def test_second_occurrence_of_a_reference_is_an_error_pointing_at_the_first():
    parsed = parse(
        csv_bytes(
            ";".join(COLUMNS),
            row_line(referentie="HA-7"),
            row_line(referentie="HA-8"),
            row_line(referentie=" HA-7 ", naam="Iemand anders"),
        )
    )

    assert [row.external_reference for row in parsed.rows] == ["HA-7", "HA-8"]
    assert parsed.errors[0].line == 4
    assert parsed.errors[0].external_reference == "HA-7"
    assert parsed.errors[0].messages == ["referentie: 'HA-7' komt al voor op regel 2"]


def test_row_without_reference_is_reported_with_an_empty_reference():
    parsed = parse_one(referentie="  ")

    assert parsed.errors[0].external_reference == ""
    assert parsed.errors[0].messages == ["referentie: is verplicht"]


def test_values_that_are_too_long_for_their_field_are_refused():
    messages = only_messages(referentie="R" * 65, naam="N" * 151, plaats="P" * 101)

    assert messages == [
        "referentie: is langer dan 64 tekens",
        "naam: is langer dan 150 tekens",
        "plaats: is langer dan 100 tekens",
    ]


@pytest.mark.parametrize(
    ("written", "normalised"),
    [("3901 HC", "3901HC"), ("3901hc", "3901HC"), (" 3901  hc ", "3901HC")],
)
def test_postcode_is_normalised_without_space_in_capitals(written, normalised):
    assert only_row(postcode=written).postcode == normalised


@pytest.mark.parametrize("written", ["0901 HC", "3901 H", "39011HC", "HC 3901"])
def test_postcode_that_is_not_dutch_is_refused(written):
    assert only_messages(postcode=written) == [
        f"postcode: '{written}' is geen postcode (vier cijfers en twee letters, zoals 3901 HC)"
    ]


@pytest.mark.parametrize(
    ("column", "written", "problem"),
    [
        ("huisnummer", "0", "huisnummer: '0' moet tussen 1 en 99999 liggen"),
        ("huisnummer", "twaalf", "huisnummer: 'twaalf' is geen geheel getal"),
        ("huisnummer", "12.0", "huisnummer: '12.0' is geen geheel getal"),
        ("huisnummer", "12 bis", "huisnummer: '12 bis' is geen geheel getal; zet een toevoeging"),
        ("maanden", "121", "maanden: '121' moet tussen 1 en 120 liggen"),
        ("maanden", "1,5", "maanden: '1,5' is geen geheel getal"),
        ("toevoeging", "A/B", "toevoeging: 'A/B' is geen huisnummertoevoeging (zoals A,"),
    ],
)
def test_numbers_and_additions_out_of_range_or_malformed_are_refused(column, written, problem):
    messages = only_messages(**{column: written})

    assert len(messages) == 1
    assert messages[0].startswith(problem)


def test_whitespace_around_and_inside_values_is_tidied():
    row = only_row(
        naam="  J.  de   Vries ", straat=" Kerkewijk", huisnummer=" 12 ", toevoeging=" A "
    )

    assert (row.tenant_name, row.street, row.house_number) == ("J. de Vries", "Kerkewijk", 12)
    assert row.house_number_addition == "A"


def test_blank_and_empty_delimiter_lines_are_skipped_and_do_not_count_as_rows():
    parsed = parse(
        csv_bytes(
            "",
            ";".join(COLUMNS),
            "",
            row_line(),
            ";;;;;;;;;",
            "   ",
        ),
        max_rows=1,
    )

    assert parsed.errors == []
    assert [row.line for row in parsed.rows] == [4]


def test_excel_separator_hint_line_is_honoured():
    parsed = parse(csv_bytes("sep=,", ",".join(COLUMNS), row_line(",", bedrag="12.50")))

    assert parsed.delimiter == ","
    assert parsed.rows[0].line == 3
    assert parsed.rows[0].amount == Decimal("12.50")


def test_stray_quote_that_swallows_later_lines_is_reported_instead_of_losing_them_silently():
    parsed = parse(
        csv_bytes(
            ";".join(COLUMNS),
            row_line(naam='"J. de Vries'),
            row_line(referentie="HA-2"),
            row_line(referentie="HA-3"),
        )
    )

    assert parsed.rows == []
    assert parsed.errors[0].line == 2
    assert (
        "de regel loopt door tot regel 4; controleer de aanhalingstekens"
        in parsed.errors[0].messages
    )


@pytest.mark.parametrize("raw", [b"", b"  \r\n\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(raw):
    with pytest.raises(ArrearsFileError, match="Het bestand is leeg") as raised:
        parse(raw)

    assert raised.value.code == "empty"


def test_file_with_only_a_header_is_refused():
    with pytest.raises(ArrearsFileError) as raised:
        parse(csv_bytes(";".join(COLUMNS), "", ";;;"))

    assert str(raised.value) == "Het bestand bevat alleen een kopregel en geen gegevens."


@pytest.mark.parametrize(
    "raw",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
    ],
)
def test_excel_workbook_is_refused_with_advice_to_save_as_csv(raw):
    with pytest.raises(ArrearsFileError) as raised:
        parse(raw)

    assert str(raised.value) == (
        "Dit is een Excel-bestand; sla het op als CSV (puntkomma-gescheiden)."
    )


def test_file_with_nul_bytes_is_refused_as_not_text():
    with pytest.raises(ArrearsFileError) as raised:
        parse(csv_bytes(";".join(COLUMNS), row_line()) + b"\x00\x01\x02")

    assert raised.value.code == "binary"
    assert "geen tekstbestand" in str(raised.value)


def test_utf16_file_is_refused_with_advice_rather_than_called_binary():
    with pytest.raises(ArrearsFileError) as raised:
        parse(csv_bytes(";".join(COLUMNS), row_line(), encoding="utf-16"))

    assert raised.value.code == "utf16"


def test_more_rows_than_the_limit_is_refused_but_exactly_the_limit_is_fine():
    lines = [row_line(referentie=f"HA-{number}") for number in range(3)]

    assert len(parse(csv_bytes(";".join(COLUMNS), *lines), max_rows=3).rows) == 3
    with pytest.raises(ArrearsFileError, match="meer dan 2 regels") as raised:
        parse(csv_bytes(";".join(COLUMNS), *lines), max_rows=2)
    assert raised.value.code == "too_many_rows"


def test_thousand_generated_rows_parse_into_a_thousand_rows_without_errors():
    header = ";".join((*COLUMNS, "stap_contact", "stap_schuldhulp"))
    lines = [header]
    for number in range(1, 1001):
        signal_date = TODAY - timedelta(days=number % 365)
        lines.append(
            row_line(
                referentie=f"HA-2025-{number:05d}",
                naam=f"Huurder {number}",
                huisnummer=str(number),
                toevoeging="ABC"[number % 3] if number % 2 else "",
                postcode=f"{3900 + number % 7} {'AB' if number % 2 else 'ZZ'}",
                bedrag=f"{number}.{number % 100:02d}".replace(".", ","),
                maanden=str(1 + number % 120),
                datum=signal_date.strftime("%d-%m-%Y" if number % 2 else "%Y-%m-%d"),
            )
            + f";{signal_date:%d-%m-%Y};"
        )

    parsed = parse(csv_bytes(*lines).replace(b"\n", b"\r\n"))

    assert len(parsed.rows) == 1000
    assert parsed.errors == []
    assert [row.line for row in parsed.rows] == list(range(2, 1002))
    assert len({row.external_reference for row in parsed.rows}) == 1000
    last = parsed.rows[-1]
    assert (last.external_reference, last.house_number, last.amount) == (
        "HA-2025-01000",
        1000,
        Decimal("1000.00"),
    )
    assert last.contact_attempted_on == last.signal_date
    assert last.debt_help_pointed_on is None
