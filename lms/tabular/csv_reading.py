"""CSV files read one row at a time, in the encodings and separators Excel writes."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from itertools import islice
from typing import Any

from flask_babel import gettext as _

from lms.tabular.cells import is_blank
from lms.tabular.limits import MAX_BLANK_ROWS, MAX_COLUMNS, FileError, NotUtf8Error, too_wide


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError:
            raise FileError(_("Berkas bertanda UTF-8 tetapi berisi karakter yang tidak valid. Simpan "
                              "ulang dari Excel sebagai \"CSV UTF-8\".")) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileError(_("Berkas UTF-16 ini rusak. Simpan ulang dari Excel sebagai "
                              "\"CSV UTF-8\".")) from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _decode_utf8(data: bytes) -> str:
    """UTF-8 with or without a byte order mark, nothing else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileError(_("Berkas berenkode UTF-16, bukan UTF-8. Simpan ulang sebagai \"CSV UTF-8\"."))
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotUtf8Error(body[error.start], body[:error.start].count(b"\n") + 1) from None


def csv_rows(data: bytes, utf8_only: bool = False, lines: bool = False) -> list[tuple[int, list[Any]]]:
    """Every row of :func:`iter_csv_rows` (for a small file; the imports read the stream)."""
    return list(iter_csv_rows(data, utf8_only, lines))


def iter_csv_rows(data: bytes, utf8_only: bool = False, lines: bool = False) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of a CSV file separated by ",", ";" or tabs, in any usual encoding or, with
    ``utf8_only``, in UTF-8 only, one row at a time. A row's number is its position among the rows or, with
    ``lines``, the line of the file where it starts (a quoted cell may span lines). Cells past
    :data:`MAX_COLUMNS` are dropped when empty and refuse the file otherwise."""
    text = _decode_utf8(data) if utf8_only else _decode(data)
    if "\x00" in text:  # a binary file; only the imports that take XLSX too may suggest it
        raise FileError(_("Berkas ini bukan teks CSV.") if utf8_only else _(
            "Berkas ini bukan teks CSV. Simpan dari Excel sebagai \"CSV UTF-8\" atau unggah berkas .xlsx."))
    first_line = next((line for line in islice(io.StringIO(text), MAX_BLANK_ROWS + 1) if line.strip()), "")
    # Excel in Indonesian uses ";" as the list separator (the comma is the decimal mark).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _numbered(reader, lines)
    while True:
        try:
            number, cells = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileError(_("CSV tidak dapat dibaca di baris %(row)s: %(error)s",
                              row=reader.line_num, error=str(error))) from None
        yield number, _within_columns(number, cells)


def _within_columns(number: int, cells: list[Any]) -> list[Any]:
    """The row's first :data:`MAX_COLUMNS` cells, or :class:`FileError` when a cell past them is not empty."""
    if len(cells) <= MAX_COLUMNS:
        return cells
    for index in range(MAX_COLUMNS, len(cells)):
        if not is_blank((cells[index],)):
            raise too_wide(number, index + 1)
    return cells[:MAX_COLUMNS]


def _numbered(reader: Any, lines: bool) -> Iterator[tuple[int, list[str]]]:
    start = 1  # the line where the next row starts
    for number, cells in enumerate(reader, start=1):
        yield (start if lines else number), cells
        start = reader.line_num + 1
