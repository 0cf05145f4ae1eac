"""How much of a file is read, and the error that refuses a file as a whole."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _

from lms.domain import DomainError

MAX_COLUMNS = 60  # columns read per row: content past them refuses the file, empty (formatted) cells are skipped
MAX_BLANK_ROWS = 10_000  # empty rows in a file (Excel keeps formatted empty rows below the data)
MAX_CELLS_PER_ROW = 16_384  # Excel's own number of columns: a row with more cells is not a spreadsheet
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # an XLSX archive unpacked (a 100,000-row file is about a third of it)
MAX_UNPACK_RATIO = 100  # unpacked / packed size of one member of an XLSX archive (Apache POI's zip-bomb limit)
RATIO_GRACE_BYTES = 1024 * 1024  # members smaller than this unpacked are not held to the ratio


class FileError(DomainError):
    """The file as a whole cannot be read (type, size, encoding, headers): no row is looked at."""


class NotUtf8Error(FileError):
    """A file read as UTF-8 only is not: ``byte`` is its first invalid byte, on ``line`` of the file."""

    def __init__(self, byte: int, line: int):
        super().__init__(_("Berkas tidak berenkode UTF-8: byte 0x%(byte)02X di baris %(line)s tidak valid. Simpan "
                           "ulang sebagai \"CSV UTF-8\".", byte=byte, line=line))
        self.byte = byte
        self.line = line


def file_size(size: int) -> str:
    """"4,2 MB", "900 KB" (in the user's locale)."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(size / 1024, 1), '#,##0')} KB"
    return f"{format_decimal(size / 1048576, '#,##0.#')} MB"


def too_wide(row: int, column: int) -> FileError:
    return FileError(_("Baris %(row)s berisi data di kolom ke-%(column)s, padahal berkas hanya boleh memakai "
                       "%(limit)s kolom. Hapus kolom yang tidak diperlukan lalu unggah ulang.",
                       row=row, column=column, limit=MAX_COLUMNS))
