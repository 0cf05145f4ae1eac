"""Spreadsheet files (CSV or XLSX) read into header-mapped rows, shared by the imports (roster, requirements,
scores, Moodle frameworks).

An import describes its columns with a table of :class:`Column`; :func:`read_table` checks the file as a whole
(type, size, encoding, headers, row count) and raises :class:`FileError` saying why it cannot be read, else
returns the data rows keyed by column. Headers are matched case-insensitively, ignoring surrounding spaces,
underscores, a trailing ``*`` and text in brackets (:func:`normalise_header`); the most specific alias wins.

Files are read as a stream, row by row (an XLSX sheet cell by cell), and refused as soon as they go past a limit,
never after everything was read: more data rows than the import takes, more than :data:`MAX_BLANK_ROWS` empty
rows, content past column :data:`MAX_COLUMNS`, a sheet that declares more rows than could be read, or an XLSX
archive that unpacks to more than :data:`MAX_UNPACKED_BYTES` or more than :data:`MAX_UNPACK_RATIO` times its
packed size (a zip bomb). So a small hostile file costs no more than a small file.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any, ClassVar

import openpyxl
from flask_babel import format_decimal
from flask_babel import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from lms.domain import DomainError

MAX_COLUMNS = 60  # columns read per row: content past them refuses the file, empty (formatted) cells are skipped
MAX_BLANK_ROWS = 10_000  # empty rows in a file (Excel keeps formatted empty rows below the data)
MAX_CELLS_PER_ROW = 16_384  # Excel's own number of columns: a row with more cells is not a spreadsheet
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # an XLSX archive unpacked (a 100,000-row file is about a third of it)
MAX_UNPACK_RATIO = 100  # unpacked / packed size of one member of an XLSX archive (Apache POI's zip-bomb limit)
_RATIO_GRACE_BYTES = 1024 * 1024  # members smaller than this unpacked are not held to the ratio
_SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
_DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"


class FileError(DomainError):
    """The file as a whole cannot be read (type, size, encoding, headers): no row is looked at."""


class NotUtf8Error(FileError):
    """A file read as UTF-8 only is not: ``byte`` is its first invalid byte, on ``line`` of the file."""

    def __init__(self, byte: int, line: int):
        super().__init__(_("Berkas tidak berenkode UTF-8: byte 0x%(byte)02X di baris %(line)s tidak valid. Simpan "
                           "ulang sebagai \"CSV UTF-8\".", byte=byte, line=line))
        self.byte = byte
        self.line = line


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    aliases: tuple[str, ...]  # normalised (see normalise_header), most specific first
    description: Any = ""  # lazy string
    example: str = ""


@dataclass
class TabularFile:
    """The file read into records; no database access yet."""

    filename: str
    columns: dict[str, str]  # key -> header as written in the file
    ignored_columns: list[str]
    records: list[tuple[int, dict[str, Any]]]  # (row number in the file, key -> cell value)


def normalise_header(value: Any) -> str:
    text = re.sub(r"\(.*?\)", " ", str(value or "").replace("\ufeff", "")).lower().replace("_", " ")
    return " ".join(text.split()).rstrip("*: ").strip()


def read_table(filename: str, data: bytes, columns: tuple[Column, ...], max_bytes: int,
               max_rows: int) -> TabularFile:
    """Read a CSV or XLSX file with these columns, or raise :class:`FileError` saying why it cannot be read."""
    extension = os.path.splitext(filename.lower())[1]
    if extension == ".xls":
        raise FileError(_("Format .xls (Excel 97-2003) tidak didukung. Simpan ulang berkas sebagai "
                          ".xlsx atau CSV."))
    if extension not in (".csv", ".xlsx"):
        raise FileError(_("Hanya berkas .csv atau .xlsx yang diterima."))
    if not data:
        raise FileError(_("Berkas kosong."))
    if len(data) > max_bytes:
        raise FileError(_("Berkas terlalu besar (%(size)s); batasnya %(limit)s.",
                          size=file_size(len(data)), limit=file_size(max_bytes)))
    if extension == ".csv":
        if data.startswith(b"PK\x03\x04"):
            raise FileError(_("Berkas ini berformat XLSX tetapi bernama .csv; ganti ekstensinya menjadi "
                              ".xlsx."))
        rows = iter_csv_rows(data)
    else:
        rows = iter_xlsx_rows(data, max_rows)
    with closing(rows):
        return _records(filename, rows, columns, max_rows)


def file_size(size: int) -> str:
    """"4,2 MB", "900 KB" (in the user's locale)."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(size / 1024, 1), '#,##0')} KB"
    return f"{format_decimal(size / 1048576, '#,##0.#')} MB"


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
            raise _too_wide(number, index + 1)
    return cells[:MAX_COLUMNS]


def _too_wide(row: int, column: int) -> FileError:
    return FileError(_("Baris %(row)s berisi data di kolom ke-%(column)s, padahal berkas hanya boleh memakai "
                       "%(limit)s kolom. Hapus kolom yang tidak diperlukan lalu unggah ulang.",
                       row=row, column=column, limit=MAX_COLUMNS))


def _numbered(reader: Any, lines: bool) -> Iterator[tuple[int, list[str]]]:
    start = 1  # the line where the next row starts
    for number, cells in enumerate(reader, start=1):
        yield (start if lines else number), cells
        start = reader.line_num + 1


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
    inflated = any(member.file_size > _RATIO_GRACE_BYTES
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
                        raise _too_wide(number, column)
                elif column >= 1:
                    values.extend([None] * (column - len(values)))
                    values[column - 1] = value
            elif element.tag == ROW_TAG:
                yield number, values
            elif element.tag == _SHEET_DATA_TAG:
                return  # what follows the cells (merged ranges, formatting) does not matter here
            if parent is not None and not inside_cell:
                parent.remove(element)  # read: nothing of it is kept


def is_blank(values: Iterable[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def non_blank_rows(rows: Iterable[tuple[int, list[Any]]], max_rows: int) -> Iterator[tuple[int, list[Any]]]:
    """The rows that are not blank, the first one (the header) and at most ``max_rows`` more: a file with more
    rows, or with more than :data:`MAX_BLANK_ROWS` blank ones, is refused as soon as it has them."""
    blank = taken = 0
    for number, values in rows:
        if is_blank(values):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                raise FileError(_("Berkas berisi lebih dari %(limit)s baris kosong. Hapus baris kosong (misalnya "
                                  "baris berformat di bawah data) lalu unggah ulang.", limit=MAX_BLANK_ROWS))
            continue
        taken += 1
        if taken > max_rows + 1:
            raise FileError(_("Berkas berisi lebih dari %(limit)s baris data; bagi menjadi beberapa berkas.",
                              limit=max_rows))
        yield number, values


def _records(filename: str, rows: Iterable[tuple[int, list[Any]]], columns: tuple[Column, ...],
             max_rows: int) -> TabularFile:
    rows = non_blank_rows(rows, max_rows)
    header: list[Any] | None = None
    for _number, values in rows:
        header = list(values)
        break
    if header is None:
        raise FileError(_("Berkas tidak berisi baris judul kolom maupun data."))
    positions, ignored = map_headers(header, columns)
    missing = missing_columns(positions, columns)
    if missing:
        raise FileError(_("Kolom wajib tidak ditemukan: %(columns)s. Baris pertama berkas harus berisi "
                          "judul kolom.", columns=", ".join(missing)))
    records: list[tuple[int, dict[str, Any]]] = []
    for number, values in rows:
        records.append((number, {key: values[index] if index < len(values) else None
                                 for key, index in positions.items()}))
    if not records:
        raise FileError(_("Berkas tidak berisi baris data di bawah judul kolom."))
    return TabularFile(os.path.basename(filename), {key: str(header[index]).strip()
                                                    for key, index in positions.items()}, ignored, records)


def map_headers(header: list[Any], columns: tuple[Column, ...], normalise: Callable[[Any], str] = normalise_header,
                ) -> tuple[dict[str, int], list[str]]:
    """Column key -> index in the row, and the headers ignored; the most specific alias wins ("Kode Jabatan"
    over "Jabatan"). ``normalise`` gives a header cell the form of the columns' aliases."""
    aliases = {alias: (column.key, rank) for column in columns for rank, alias in enumerate(column.aliases)}
    best: dict[str, tuple[int, int]] = {}  # key -> (alias rank, index)
    ignored: list[int] = []
    for index, cell in enumerate(header):
        name = normalise(cell)
        if not name:
            continue
        if name not in aliases:
            ignored.append(index)
            continue
        key, rank = aliases[name]
        if key in best and best[key][0] == rank:
            raise FileError(_("Kolom %(column)s muncul lebih dari sekali.", column=str(cell).strip()))
        if key in best and best[key][0] < rank:
            ignored.append(index)
            continue
        if key in best:
            ignored.append(best[key][1])
        best[key] = (rank, index)
    return ({key: index for key, (_rank, index) in best.items()},
            [str(header[index]).strip() for index in sorted(ignored)])


def missing_columns(positions: dict[str, int], columns: tuple[Column, ...]) -> list[str]:
    """The headers of the required columns that :func:`map_headers` did not find."""
    return [column.header for column in columns if column.required and column.key not in positions]


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole floats without ".0", booleans as ya/tidak, dates in ISO format, and
    text that :func:`neutralised` protected given back as it was."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unneutralised(str(value).replace("\xa0", " ").strip())


def unneutralised(text: str) -> str:
    """Text that :func:`neutralised` protected, as it was before ("'=1+2" gives "=1+2"); any other text as it is.
    So a cell that really begins with an apostrophe and a formula character loses its apostrophe on import."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


# Text beginning with one of these is run as a formula by spreadsheet programs (formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A value for a spreadsheet cell: formula-like text gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def join_numbers(numbers: Sequence[int]) -> str:
    """"3", "3, 5 dan 8": row numbers for a message."""
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else _("%(first)s dan %(last)s", first=", ".join(words[:-1]),
                                                last=words[-1])


OUTCOMES = ("new", "updated", "unchanged", "error")


class PreviewRowText:
    """How a preview row reads: the label of its outcome (from the row class's ``outcome_labels``) and one line
    of detail: the reasons of an error row, or the changes of an updated one. Mixed into each import's row."""

    outcome_labels: ClassVar[dict[str, Any]]
    outcome: str
    reasons: list[str]
    changes: dict[str, tuple[Any, Any]]

    @property
    def outcome_label(self) -> str:
        return str(self.outcome_labels[self.outcome])

    @property
    def detail(self) -> str:
        if self.reasons:
            return "; ".join(self.reasons)
        return "; ".join(f"{column}: {old} → {new}" for column, (old, new) in self.changes.items())


@dataclass
class ImportSummary:
    """What an import wrote (the same for every kind of import)."""

    created: int
    updated: int
    unchanged: int
    skipped: int
    removed: int = 0  # rows the file no longer lists, for an import that may remove them (requirements)


@dataclass
class ImportPreview:
    """What an import would do, row by row (each row has an ``outcome`` from :data:`OUTCOMES`, whose words are
    the ``outcome_labels`` of the import)."""

    outcome_labels: ClassVar[dict[str, Any]]
    filename: str
    rows: list[Any]
    columns: dict[str, str]  # column key -> header as written in the file
    ignored_columns: list[str]

    def rows_with(self, outcome: str) -> list[Any]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def error_count(self) -> int:
        return self.counts["error"]

    @property
    def summary(self) -> str:
        """One line: the rows, and how many of each outcome ("5 baris: 4 baru, 0 diperbarui, …")."""
        counts = self.counts
        outcomes = ", ".join(f"{counts[outcome]} {self.outcome_labels[outcome]}" for outcome in OUTCOMES)
        return _("%(total)s baris: %(outcomes)s.", total=len(self.rows), outcomes=outcomes)

    @property
    def has_changes(self) -> bool:
        """Whether confirming would write anything."""
        counts = self.counts
        return bool(counts["new"] or counts["updated"])
