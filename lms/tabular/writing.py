"""Every CSV and XLSX file the app writes."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lms.tabular.cells import cell_text, neutralised


def csv_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """";"-separated UTF-8 with BOM, as Excel in Indonesian opens it; formula-like text neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([neutralised(value) for value in row] for row in rows)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


TEXT = "@"  # Excel's number format "text": every digit of a NIP kept, nothing read as a number or a date
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0%"  # values are shares: 0.25 shows as 25%
DATE = "dd/mm/yyyy"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title, header and rows; column widths (default: from the header and the first rows)
    and Excel number formats by 0-based column (:data:`TEXT`, :data:`PERCENT`, ...)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Iterable[Any]]
    widths: Sequence[int] = ()
    formats: Mapping[int, str] = field(default_factory=dict)


def xlsx_bytes(title: str, header: Sequence[Any], rows: Iterable[Iterable[Any]], widths: Sequence[int] = (),
               formats: Mapping[int, str] | None = None) -> bytes:
    """One sheet as :func:`xlsx_workbook_bytes` writes it."""
    return xlsx_workbook_bytes([Sheet(title, header, rows, widths, formats or {})])


def xlsx_workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """Every spreadsheet the app writes: a bold header row that stays in view when scrolling, column widths,
    formula-like text neutralised (openpyxl would store "=..." as a formula), number formats on the columns (so
    that a share reads 25 %, and a NIP column stays text also in the rows a user adds), and names Excel accepts
    (:func:`sheet_title`)."""
    workbook = openpyxl.Workbook(write_only=True)
    taken: set[str] = set()
    for sheet in sheets:
        rows = [list(row) for row in sheet.rows]
        written = workbook.create_sheet(sheet_title(sheet.title, taken))
        written.freeze_panes = "A2"
        for column, width in enumerate(sheet.widths or _widths(list(sheet.header), rows), start=1):
            written.column_dimensions[get_column_letter(column)].width = width
        for column, number_format in sheet.formats.items():
            written.column_dimensions[get_column_letter(column + 1)].number_format = number_format
        written.append([_cell(written, value, bold=True) for value in sheet.header])
        for row in rows:
            written.append([_cell(written, neutralised(value), number_format=sheet.formats.get(column))
                            for column, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook (``taken``:
    the names given so far, lower case)."""
    base = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())[:31].rstrip() or "Tabel"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)].rstrip() + suffix, number + 1
    taken.add(name.lower())
    return name


def _cell(sheet: Any, value: Any, bold: bool = False, number_format: str | None = None) -> Any:
    if not (bold or number_format):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    return cell


def _widths(header: list[Any], rows: list[list[Any]], sample: int = 200) -> list[int]:
    """Column widths from the longest text among the header and the first rows, between 6 and 60."""
    widths = [len(str(value)) for value in header]
    for row in rows[:sample]:
        for column, value in enumerate(row[:len(widths)]):
            widths[column] = max(widths[column], len(cell_text(value)))
    return [min(60, max(6, width + 2)) for width in widths]
