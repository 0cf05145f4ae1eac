"""Header-mapped rows: a file's columns matched to an import's columns, its data rows counted as they come."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from lms.tabular.cells import is_blank
from lms.tabular.csv_reading import iter_csv_rows
from lms.tabular.limits import MAX_BLANK_ROWS, FileError, file_size
from lms.tabular.xlsx_reading import iter_xlsx_rows


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
