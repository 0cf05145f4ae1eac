"""The first sheet of an XLSX workbook read cell by cell, after the archive is checked for a zip bomb."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import closing
from typing import Any

from flask_babel import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import range_boundaries
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from lms.tabular.cells import is_blank
from lms.tabular.limits import (
    MAX_BLANK_ROWS,
    MAX_CELLS_PER_ROW,
    MAX_COLUMNS,
    MAX_UNPACK_RATIO,
    MAX_UNPACKED_BYTES,
    RATIO_GRACE_BYTES,
    FileError,
    file_size,
    too_wide,
)

_SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
_DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"


def _unreadable_xlsx() -> FileError:
    return FileError(_("Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel lalu simpan ulang sebagai "
                       ".xlsx atau CSV."))


def check_xlsx_archive(data: bytes) -> None:
    """Refuse an XLSX archive that would unpack to more than :data:`MAX_UNPACKED_BYTES`, or one of whose members
    unpacks to more than :data:`MAX_UNPACK_RATIO` times its packed size, before anything is unpacked. The sizes
    are those the archive declares: Python's zipfile never gives more bytes than that."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:  # BadZipFile, or a damaged directory raising anything
        raise _unreadable_xlsx() from error
    unpacked = sum(member.file_size for member in members)
    inflated = any(member.file_size > RATIO_GRACE_BYTES
                   and member.file_size > MAX_UNPACK_RATIO * max(member.compress_size, 1) for member in members)
    if unpacked > MAX_UNPACKED_BYTES or inflated:
        raise FileError(_("Isi berkas XLSX ini terlalu besar setelah dibuka (%(size)s; batasnya %(limit)s, dan "
                          "paling banyak %(ratio)s kali ukuran berkas). Hapus baris dan kolom kosong, atau bagi "
                          "data menjadi beberapa berkas.", size=file_size(unpacked),
                          limit=file_size(MAX_UNPACKED_BYTES), ratio=MAX_UNPACK_RATIO))


def xlsx_rows(data: bytes, max_rows: int | None = None) -> list[tuple[int, list[Any]]]:
    """Every row of :func:`iter_xlsx_rows` (for a small file; the imports read the stream)."""
    with closing(iter_xlsx_rows(data, max_rows)) as rows:
        return list(rows)


def iter_xlsx_rows(data: bytes, max_rows: int | None = None) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet of an XLSX workbook, one row at a time, an empty row for each row
    the sheet leaves out, at most :data:`MAX_COLUMNS` cells per row. The archive is checked first
    (:func:`check_xlsx_archive`); with ``max_rows`` (data rows below a header), a sheet whose declared dimension
    ends below the last row that could be read is refused before any row is read."""
    check_xlsx_archive(data)
    try:
        # openpyxl warns about styles and extensions it does not read; they do not matter here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = _FirstSheetReader(io.BytesIO(data), read_only=True, data_only=True)
            reader.read()
    except Exception as error:  # a damaged file raises anything from BadZipFile to KeyError
        raise _unreadable_xlsx() from error
    try:
        if reader.sheet_path is None:
            raise FileError(_("Berkas XLSX tidak berisi lembar kerja."))
        yield from _sheet_rows(reader, 1 + max_rows + MAX_BLANK_ROWS if max_rows is not None else None)
    except FileError:
        raise
    except Exception as error:
        raise _unreadable_xlsx() from error
    finally:
        reader.archive.close()


def _last_row(reference: str) -> int | None:
    """The last row of a declared dimension ("A1:D200"), or None when it does not say (or is no range)."""
    try:
        return range_boundaries(reference.upper())[3]
    except ValueError:
        return None


class _FirstSheetReader(ExcelReader):
    """openpyxl's workbook reader (shared strings, styles, date formats) that only finds where the first worksheet
    is: openpyxl's read-only worksheet reads its whole sheet once to size it when the sheet declares no dimension,
    and its rows are parsed whole (every cell of a row, however many) before a caller sees them."""

    sheet_path: str | None = None

    def read_worksheets(self) -> None:
        for _sheet, relation in self.parser.find_sheets():
            if relation.target in self.valid_files and "chartsheet" not in relation.Type:
                self.sheet_path = relation.target
                return


def _sheet_rows(reader: _FirstSheetReader, limit: int | None) -> Iterator[tuple[int, list[Any]]]:
    """The rows of the first sheet, parsed cell by cell, each cell read by openpyxl's sheet parser (shared strings,
    dates, booleans, errors: as its read-only rows read them) and dropped from memory once read. A declared
    dimension ending below row ``limit`` refuses the file before its first row."""
    workbook = reader.wb
    parser = WorkSheetParser(None, reader.shared_strings, data_only=True, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    number, values, cells = 0, [], 0
    open_elements: list[Any] = []  # the element being parsed and its ancestors
    inside_cell = 0  # open <c> elements: their content is kept until the cell is read
    with reader.archive.open(reader.sheet_path) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                if element.tag == CELL_TAG:
                    inside_cell += 1
                elif element.tag == ROW_TAG:
                    written = element.get("r")
                    start = number
                    number = int(written) if written is not None else number + 1
                    for missing in range(start + 1, number):  # rows the sheet leaves out are empty rows
                        yield missing, []
                    parser.row_counter, parser.col_counter = number, 0
                    values, cells = [], 0
                elif element.tag == _DIMENSION_TAG and limit is not None:
                    declared = _last_row(element.get("ref", ""))
                    if declared is not None and declared > limit:
                        raise FileError(_("Lembar kerja pertama berkas ini menyatakan %(rows)s baris, lebih dari "
                                          "yang dapat dibaca (%(limit)s). Hapus baris kosong di bawah data, atau "
                                          "bagi data menjadi beberapa berkas.", rows=declared, limit=limit))
                continue
            open_elements.pop()
            parent = open_elements[-1] if open_elements else None
            if element.tag == CELL_TAG:
                inside_cell -= 1
                cells += 1
                if cells > MAX_CELLS_PER_ROW:
                    raise FileError(_("Baris %(row)s berisi lebih dari %(limit)s sel; berkas ini bukan lembar kerja "
                                      "yang wajar. Simpan ulang dari Excel.", row=number, limit=MAX_CELLS_PER_ROW))
                cell = parser.parse_cell(element)
                column, value = cell["column"], cell["value"]
                if column > MAX_COLUMNS:
                    if not is_blank((value,)):
                        raise too_wide(number, column)
                elif column >= 1:
                    values.extend([None] * (column - len(values)))
                    values[column - 1] = value
            elif element.tag == ROW_TAG:
                yield number, values
            elif element.tag == _SHEET_DATA_TAG:
                return  # what follows the cells (merged ranges, formatting) does not matter here
            if parent is not None and not inside_cell:
                parent.remove(element)  # read: nothing of it is kept
