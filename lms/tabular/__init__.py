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

from lms.tabular.cells import FORMULA_STARTS, cell_text, is_blank, neutralised, unneutralised
from lms.tabular.csv_reading import csv_rows, iter_csv_rows
from lms.tabular.limits import (
    MAX_BLANK_ROWS,
    MAX_CELLS_PER_ROW,
    MAX_COLUMNS,
    MAX_UNPACK_RATIO,
    MAX_UNPACKED_BYTES,
    FileError,
    NotUtf8Error,
    file_size,
)
from lms.tabular.preview import OUTCOMES, ImportPreview, ImportSummary, PreviewRowText, join_numbers
from lms.tabular.tables import (
    Column,
    TabularFile,
    map_headers,
    missing_columns,
    non_blank_rows,
    normalise_header,
    read_table,
)
from lms.tabular.writing import (
    DATE,
    DECIMAL,
    INTEGER,
    PERCENT,
    TEXT,
    Sheet,
    csv_bytes,
    sheet_title,
    xlsx_bytes,
    xlsx_workbook_bytes,
)
from lms.tabular.xlsx_reading import check_xlsx_archive, iter_xlsx_rows, xlsx_rows

__all__ = [
    "DATE",
    "DECIMAL",
    "FORMULA_STARTS",
    "INTEGER",
    "MAX_BLANK_ROWS",
    "MAX_CELLS_PER_ROW",
    "MAX_COLUMNS",
    "MAX_UNPACKED_BYTES",
    "MAX_UNPACK_RATIO",
    "OUTCOMES",
    "PERCENT",
    "TEXT",
    "Column",
    "FileError",
    "ImportPreview",
    "ImportSummary",
    "NotUtf8Error",
    "PreviewRowText",
    "Sheet",
    "TabularFile",
    "cell_text",
    "check_xlsx_archive",
    "csv_bytes",
    "csv_rows",
    "file_size",
    "is_blank",
    "iter_csv_rows",
    "iter_xlsx_rows",
    "join_numbers",
    "map_headers",
    "missing_columns",
    "neutralised",
    "non_blank_rows",
    "normalise_header",
    "read_table",
    "sheet_title",
    "unneutralised",
    "xlsx_bytes",
    "xlsx_rows",
    "xlsx_workbook_bytes",
]
