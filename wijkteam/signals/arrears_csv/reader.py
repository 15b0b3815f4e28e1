"""Reading the housing corporation's rent-arrears export (CSV) into validated rows.

The export comes from the corporation's ERP or, just as often, from a person who saved an Excel
sheet on a Dutch Windows machine: semicolons, Windows-1252, "1.234,56" and "15-3-2025". The
parser is pure (bytes in, rows out, no database) so that the import service can show the whole
per-row report before anything is written, and upsert signals by external reference afterwards.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from wijkteam.signals.arrears_csv.columns import (
    ArrearsFileError,
    decode_file,
    detect_delimiter,
    find_header,
    map_columns,
)
from wijkteam.signals.arrears_csv.rows import ArrearsRow, RowError, validate_record


@dataclass
class ParsedArrears:
    rows: list[ArrearsRow]
    errors: list[RowError]
    encoding: str
    delimiter: str


def parse_arrears_csv(*, raw: bytes, today: date, max_rows: int = 50_000) -> ParsedArrears:
    """Parse and validate a whole arrears export.

    Raises ArrearsFileError when the file itself is unusable (not text, no header, missing
    columns, too many rows); otherwise returns the valid rows and one RowError per bad row, with
    1-based physical line numbers (the header is line 1).
    """
    text, encoding = decode_file(raw)
    lines = list(io.StringIO(text, newline=""))
    header_index, hinted_delimiter = find_header(lines)
    delimiter = hinted_delimiter or detect_delimiter(lines[header_index])

    reader = csv.reader(lines[header_index:], delimiter=delimiter)
    parsed = ParsedArrears(rows=[], errors=[], encoding=encoding, delimiter=delimiter)
    first_line_of: dict[str, int] = {}
    record_count = 0
    try:
        header = next(reader)
        columns = map_columns(header)
        previous_end = reader.line_num
        for record in reader:
            start, end = header_index + previous_end + 1, header_index + reader.line_num
            previous_end = reader.line_num
            # Excel writes ";;;;" for a row it considers used but empty.
            if not any(cell.strip() for cell in record):
                continue
            record_count += 1
            if record_count > max_rows:
                raise ArrearsFileError(
                    _("Het bestand heeft meer dan %(max)d regels; splits het in kleinere delen.")
                    % {"max": max_rows},
                    code="too_many_rows",
                )
            result = validate_record(
                record=record,
                header=header,
                columns=columns,
                start=start,
                end=end,
                today=today,
                first_line_of=first_line_of,
            )
            if isinstance(result, ArrearsRow):
                parsed.rows.append(result)
            else:
                parsed.errors.append(result)
    except csv.Error as error:
        raise ArrearsFileError(
            _("Regel %(line)d is geen geldige CSV: %(error)s")
            % {"line": header_index + reader.line_num, "error": error},
            code="not_csv",
        ) from error

    if record_count == 0:
        raise ArrearsFileError(
            _("Het bestand bevat alleen een kopregel en geen gegevens."), code="no_rows"
        )
    return parsed
