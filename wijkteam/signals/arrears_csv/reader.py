"""Reading the housing corporation's rent-arrears export (CSV) into validated rows.

The export comes from the corporation's ERP or, just as often, from a person who saved an Excel
sheet on a Dutch Windows machine: semicolons, Windows-1252, "1.234,56" and "15-3-2025". The
reader is pure (bytes in, rows out, no database) and streams: ``ArrearsReader`` takes the file's
lines one at a time and yields its records, so that a file of 100,000 rows is read in the memory
of a few. ``arrears_file_check`` checks a file as a whole (the upload), the import validates the
records batch by batch (``validate_record``), and ``parse_arrears_csv`` reads a small file into
lists at once.
"""

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from wijkteam.signals.arrears_csv.columns import (
    ArrearsFileError,
    detect_delimiter,
    file_encoding,
    find_header,
    map_columns,
    text_lines,
)
from wijkteam.signals.arrears_csv.rows import (
    ArrearsRow,
    RowError,
    column_labels,
    validate_record,
)

# The most rows one file may hold. The import streams, so this bounds the time a file takes,
# not the memory; a corporation with more tenants in arrears splits its export.
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ArrearsRecord:
    """One record of the file as it stands, with its physical lines (the header is line 1)."""

    start: int
    end: int
    cells: list[str]


class ArrearsReader:
    """The records of an export, read from its lines as they are needed. Reading the header
    (on creation) raises ArrearsFileError when the file has no usable header; iterating raises
    it when a line is not CSV, when there are more than ``max_rows`` records and, at the end,
    when there were none. Blank records (Excel's ";;;;") are skipped."""

    def __init__(self, lines: Iterable[str], *, max_rows: int = MAX_ROWS) -> None:
        lines = iter(lines)
        self.header_index, header_line, hinted_delimiter = find_header(lines)
        self.delimiter = hinted_delimiter or detect_delimiter(header_line)
        self.max_rows = max_rows
        self._reader = csv.reader(itertools.chain([header_line], lines), delimiter=self.delimiter)
        try:
            self.header = next(self._reader)
        except csv.Error as error:
            raise self._not_csv(error) from error
        self.columns = map_columns(self.header)
        self.labels = column_labels(self.header, self.columns)

    def _not_csv(self, error: csv.Error) -> ArrearsFileError:
        return ArrearsFileError(
            _("Regel %(line)d is geen geldige CSV: %(error)s")
            % {"line": self.header_index + self._reader.line_num, "error": error},
            code="not_csv",
        )

    def __iter__(self) -> Iterator[ArrearsRecord]:
        reader = self._reader
        previous_end = reader.line_num
        count = 0
        try:
            for cells in reader:
                start = self.header_index + previous_end + 1
                end = self.header_index + reader.line_num
                previous_end = reader.line_num
                # Excel writes ";;;;" for a row it considers used but empty.
                if not any(cell.strip() for cell in cells):
                    continue
                count += 1
                if count > self.max_rows:
                    raise ArrearsFileError(
                        _(
                            "Het bestand heeft meer dan %(max)d regels; splits het in kleinere "
                            "delen."
                        )
                        % {"max": self.max_rows},
                        code="too_many_rows",
                    )
                yield ArrearsRecord(start=start, end=end, cells=cells)
        except csv.Error as error:
            raise self._not_csv(error) from error
        if count == 0:
            raise ArrearsFileError(
                _("Het bestand bevat alleen een kopregel en geen gegevens."), code="no_rows"
            )

    def validate(
        self, record: ArrearsRecord, *, today: date, first_line_of: dict[str, int]
    ) -> ArrearsRow | RowError:
        """Check one record field by field. ``first_line_of`` maps the references seen so far
        to the line they first appeared on (a reference again is refused), and learns this
        record's."""
        return validate_record(
            record=record.cells,
            header=self.header,
            columns=self.columns,
            start=record.start,
            end=record.end,
            today=today,
            first_line_of=first_line_of,
            labels=self.labels,
        )

    def reference_of(self, record: ArrearsRecord) -> str:
        """The record's reference as validation reads it (before any other check)."""
        position = self.columns["referentie"]
        return " ".join(record.cells[position].split()) if position < len(record.cells) else ""


def open_arrears_csv(raw: bytes, *, max_rows: int = MAX_ROWS) -> tuple[ArrearsReader, str]:
    """A reader over the file in memory, and its encoding. Raises ArrearsFileError when the
    file itself is unusable (not text, no header, missing columns)."""
    encoding = file_encoding(raw)
    return ArrearsReader(text_lines(io.BytesIO(raw), encoding), max_rows=max_rows), encoding


@dataclass(frozen=True)
class CheckedFile:
    encoding: str
    delimiter: str
    rows: int


def arrears_file_check(*, raw: bytes, max_rows: int = MAX_ROWS) -> CheckedFile:
    """Check a file as a whole before it is queued: readable text, a header with the columns,
    valid CSV on every line, at least one and at most ``max_rows`` records. Raises
    ArrearsFileError; the rows themselves are checked by the import, each on its own."""
    reader, encoding = open_arrears_csv(raw, max_rows=max_rows)
    rows = sum(1 for _record in reader)
    return CheckedFile(encoding=encoding, delimiter=reader.delimiter, rows=rows)


@dataclass
class ParsedArrears:
    rows: list[ArrearsRow]
    errors: list[RowError]
    encoding: str
    delimiter: str


def parse_arrears_csv(*, raw: bytes, today: date, max_rows: int = MAX_ROWS) -> ParsedArrears:
    """Parse and validate a whole (small) arrears export into lists.

    Raises ArrearsFileError when the file itself is unusable (not text, no header, missing
    columns, too many rows); otherwise returns the valid rows and one RowError per bad row, with
    1-based physical line numbers (the header is line 1).
    """
    reader, encoding = open_arrears_csv(raw, max_rows=max_rows)
    parsed = ParsedArrears(rows=[], errors=[], encoding=encoding, delimiter=reader.delimiter)
    first_line_of: dict[str, int] = {}
    for record in reader:
        result = reader.validate(record, today=today, first_line_of=first_line_of)
        if isinstance(result, ArrearsRow):
            parsed.rows.append(result)
        else:
            parsed.errors.append(result)
    return parsed
