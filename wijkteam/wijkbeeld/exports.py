"""A chart's numbers as a download: exactly the table beside the chart, as CSV (semicolons and
a decimal comma, as Dutch Excel opens it) and as an Excel workbook (openpyxl's write-only mode:
rows are streamed, not kept), whose second sheet says what the table is. A number the viewer
may not read is its text there too ("< 5"). Every download of the picture (the charts', the
hotspots') is answered by ``table_download``."""

import csv
import io

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from wijkteam.wijkbeeld.tables import Table

DOWNLOAD_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """A name must never become a formula in a spreadsheet (CSV injection)."""
    return "'" + text if text[:1] in FORMULA_STARTS and text != "–" else text


def table_csv(table: Table) -> str:
    """The table as CSV text, with a byte order mark so that Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(text) for text in [table.header, *table.columns]])
    for row in table.rows:
        writer.writerow([_safe(row.label), *[value.plain for value in row.values]])
    return "\ufeff" + out.getvalue()


def table_xlsx(table: Table, *, title: str, source: str, about_title: str) -> bytes:
    """The table as an Excel workbook: numbers as numbers, text where a number is not told."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_name(table.caption))
    bold = Font(bold=True)

    def heading(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        return cell

    sheet.append([heading(text) for text in [table.header, *table.columns]])
    for row in table.rows:
        sheet.append(
            [
                _safe(row.label),
                *[value.shown if value.number is None else value.number for value in row.values],
            ]
        )
    about = workbook.create_sheet(title=_sheet_name(about_title))
    for line in [title, *table.notes, source]:
        about.append([line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(caption: str) -> str:
    """Excel's limits on a sheet's name: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in caption).strip()
    return (cleaned or "Gegevens")[:31]


def table_download(
    table: Table, fmt: str, *, title: str, source: str, about_title: str, filename: str
) -> HttpResponse:
    """The table as a download in ``fmt`` (one of ``DOWNLOAD_FORMATS``) named ``filename``:
    private to who asked, and asked again each time (the numbers depend on who asks)."""
    if fmt == "csv":
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        workbook = table_xlsx(table, title=title, source=source, about_title=about_title)
        response = HttpResponse(workbook, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_cache=True)
    return response
