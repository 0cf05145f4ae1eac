"""Every CSV and XLSX file the app writes."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
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


def xlsx_bytes(title: str, header: Iterable[Any], rows: Iterable[Iterable[Any]], widths: Iterable[int] = (),
               text_columns: Iterable[int] = ()) -> bytes:
    """One sheet as :func:`xlsx_workbook_bytes` writes it."""
    return xlsx_workbook_bytes([(title, header, rows)], [tuple(widths)], [tuple(text_columns)])


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, Iterable[Any], Iterable[Iterable[Any]]]],
                        widths: Iterable[Iterable[int]] = (), text_columns: Iterable[Iterable[int]] = ()) -> bytes:
    """Every spreadsheet the app writes: sheets (title, header, rows) with a bold header row that stays in view
    when scrolling, column widths (given, or from the header and the first rows), formula-like text neutralised
    (openpyxl would store "=..." as a formula), the ``text_columns`` (0-based) formatted as text, so that Excel
    keeps every digit of a NIP, also in the rows a user adds, and names Excel accepts (:func:`sheet_title`)."""
    workbook = openpyxl.Workbook(write_only=True)
    width_lists, text_lists = list(widths), [set(columns) for columns in text_columns]
    taken: set[str] = set()
    for number, (title, header, rows) in enumerate(sheets):
        header, rows = list(header), [list(row) for row in rows]
        text = text_lists[number] if number < len(text_lists) else set()
        sheet = workbook.create_sheet(sheet_title(title, taken))
        sheet.freeze_panes = "A2"
        chosen = width_lists[number] if number < len(width_lists) and width_lists[number] else _widths(header, rows)
        for column, width in enumerate(chosen, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for column in text:
            sheet.column_dimensions[get_column_letter(column + 1)].number_format = "@"
        sheet.append([_cell(sheet, value, bold=True) for value in header])
        for row in rows:
            sheet.append([_cell(sheet, neutralised(value), text=column in text) for column, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook (``taken``:
    the names given so far, lower case)."""
    base = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())[:31] or "Tabel"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _cell(sheet: Any, value: Any, bold: bool = False, text: bool = False) -> Any:
    if not (bold or text):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    if text:
        cell.number_format = "@"
    return cell


def _widths(header: list[Any], rows: list[list[Any]], sample: int = 200) -> list[int]:
    """Column widths from the longest text among the header and the first rows, between 6 and 60."""
    widths = [len(str(value)) for value in header]
    for row in rows[:sample]:
        for column, value in enumerate(row[:len(widths)]):
            widths[column] = max(widths[column], len(cell_text(value)))
    return [min(60, max(6, width + 2)) for width in widths]
