"""Roster import: HR uploads the list of employees (CSV or XLSX) and the app creates and updates them.

The file has one header row and one row per employee. Headers are matched case-insensitively, ignoring
surrounding spaces, underscores, a trailing ``*`` and text in brackets, so "NIP", "nip", "Kode_Jabatan" and
"Golongan (III/a)" are all recognised; Indonesian and English names are accepted (every alias is listed in
:data:`COLUMNS`). Other columns (a row number, the rank title...) are ignored and listed in the preview.

============== ======== ===============================================================================
Column         Required Meaning
============== ======== ===============================================================================
NIP            yes      18 digits; spaces, dots and dashes between the digits are dropped. A NIP that Excel
                        turned into a number (1.98503E+17) has lost digits and is refused.
Nama           yes      name without academic titles
Gelar Depan    no       front title (Dr., Ir.); empty: none
Gelar Belakang no       back titles (S.E., M.M.); empty: none
Jenis Pegawai  no       PNS or PPPK; empty: PNS (an existing employee keeps their type)
Golongan       yes      PNS I/a..IV/e, PPPK I..XVII (``lms.people.reference``)
Kode Jabatan   yes      ``Position.code``
Kode Unit      no       ``OrgUnit.code``: the position's unit or a unit below it; empty: the employee's
                        current unit when it still fits the position, else the position's unit
NIP Atasan     no       the direct supervisor: a registered employee or another row of the file (any
                        order); empty: no supervisor
Email          no       unique per employee; empty: an existing employee keeps their e-mail
Aktif          no       ya/tidak, 1/0, true/false; empty: ya
============== ======== ===============================================================================

An optional column missing from the file leaves that field of existing employees unchanged.

The import's steps are :func:`read_roster` here (the file: type, size, encoding, headers; raises
:class:`RosterFileError`), :func:`lms.roster.preview.preview_roster` (every row checked against the database)
and :func:`lms.roster.services.apply_roster` (the preview written, audited). This module holds the file's
format: its columns, how a cell is read, and the templates offered for download.
"""

import re
from types import SimpleNamespace
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.people.models import PPPK_TYPES, Employee
from lms.people.reference import PPPK_RANKS  # I to XVII: the PPPK ranks, and the PNS rank groups' numerals
from lms.tabular import TEXT, Column, FileError, TabularFile, cell_text, csv_bytes, read_table, xlsx_bytes

MAX_ROWS = 50_000  # data rows per file (config ROSTER_MAX_ROWS may lower it)
UPLOAD_KIND = "roster"  # of its stored uploads (lms.imports.store)
RosterFileError = FileError  # the file as a whole cannot be read (raised by the shared reader)


# --- columns ---------------------------------------------------------------------------------------------

COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", True,
           ("nip", "nip baru", "nomor induk pegawai", "ni pppk", "nip/ni pppk", "employee number"),
           _l("18 angka. Spasi, titik dan tanda hubung di antara angka diabaikan. Di Excel, format "
              "kolom ini sebagai Teks: NIP yang tersimpan sebagai angka (1,98503E+17) kehilangan "
              "digit dan ditolak."),
           "198503172010011002"),
    Column("name", "Nama", True,
           ("nama", "nama lengkap", "nama pegawai", "nama tanpa gelar", "name", "full name"),
           _l("Nama lengkap tanpa gelar."), "Budi Santoso"),
    Column("front_title", "Gelar Depan", False,
           ("gelar depan", "gelar dpn", "front title", "title before"),
           _l("Mis. Dr., Ir., drg. Kosong: tanpa gelar depan."), "Dr."),
    Column("back_title", "Gelar Belakang", False,
           ("gelar belakang", "gelar blkg", "back title", "title after"),
           _l("Mis. S.E., M.M. Kosong: tanpa gelar belakang."), "S.E., M.M."),
    Column("employment_type", "Jenis Pegawai", False,
           ("jenis pegawai", "jenis asn", "jenis", "status kepegawaian", "employment type", "type"),
           _l("PNS, PPPK atau PPPK Paruh Waktu. Kosong: PNS (pegawai yang sudah terdaftar tetap pada jenisnya)."),
           "PNS"),
    Column("rank_code", "Golongan", True,
           ("golongan", "golongan/ruang", "gol/ruang", "gol. ruang", "gol.", "gol",
            "pangkat/golongan", "rank code", "rank"),
           _l("PNS: I/a sampai IV/e (3c, 3/c dan III c juga dibaca III/c). PPPK: I sampai XVII (9 dibaca IX)."),
           "III/c"),
    Column("position_code", "Kode Jabatan", True,
           ("kode jabatan", "kd jabatan", "position code", "jabatan", "position"),
           _l("Kode jabatan seperti tercatat di menu Jabatan."), "P-0001"),
    Column("unit_code", "Kode Unit", False,
           ("kode unit", "kode unit kerja", "kd unit", "unit code", "unit kerja", "unit"),
           _l("Kode unit kerja: unit jabatan itu atau sub-unitnya. Kosong: unit pegawai saat ini "
              "bila masih sesuai dengan jabatannya, selain itu unit jabatan."), "U-0001"),
    Column("supervisor_nip", "NIP Atasan", False,
           ("nip atasan", "nip atasan langsung", "supervisor nip", "atasan langsung", "atasan",
            "supervisor"),
           _l("NIP atasan langsung: pegawai yang sudah terdaftar atau baris lain di berkas ini "
              "(urutan bebas). Kosong: tanpa atasan."), "197601012000031001"),
    Column("email", "Email", False,
           ("email", "e-mail", "e mail", "alamat email", "alamat e-mail", "surel"),
           _l("E-mail dinas, unik per pegawai. Kosong: e-mail yang sudah tercatat tidak diubah."),
           "budi.santoso@pemkomedan.go.id"),
    Column("is_active", "Aktif", False,
           ("aktif", "status aktif", "active", "is active", "status"),
           _l("ya/tidak (juga 1/0, true/false). Kosong: ya."), "ya"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}

EMPLOYMENT_TYPES = {"pns": "pns", "pppk": "pppk", "p3k": "pppk", "pppk paruh waktu": "pppk_pw",
                    "p3k paruh waktu": "pppk_pw", "pppk pw": "pppk_pw", "paruh waktu": "pppk_pw"}
TRUE_WORDS = {"ya", "y", "1", "true", "aktif", "yes"}
FALSE_WORDS = {"tidak", "t", "0", "false", "nonaktif", "non aktif", "tidak aktif", "no"}
_NIP_SEPARATED = re.compile(r"^[0-9][0-9 .\-]*[0-9]$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")
_PNS_RANK = re.compile(r"^(IV|III|II|I|[1-4])\s*[/.\-]?\s*([A-E])$", re.IGNORECASE)
LENGTH_LIMITS = {"name": 150, "front_title": 40, "back_title": 80, "email": 254}


# --- reading the file ------------------------------------------------------------------------------------

def read_roster(filename: str, data: bytes, max_bytes: int | None = None) -> TabularFile:
    """Read a CSV or XLSX roster, or raise :class:`RosterFileError` saying why it cannot be read."""
    if max_bytes is None:
        max_bytes = current_app.config["ROSTER_MAX_BYTES"]
    max_rows = min(MAX_ROWS, current_app.config.get("ROSTER_MAX_ROWS", MAX_ROWS))
    return read_table(filename, data, COLUMNS, max_bytes, max_rows)



# --- cell values -----------------------------------------------------------------------------------------

def nip_value(value: Any, column: str) -> tuple[str, str | None]:
    """(NIP, reason it cannot be used). Separators are dropped only when 18 digits remain."""
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 2**53:
            shown = format(value, ".15g")
            return shown, _precision_lost(column, shown)
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    text = cell_text(value).lstrip("'").strip()
    if _SCIENTIFIC.match(text):
        return text, _precision_lost(column, text)
    if _NIP_SEPARATED.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 18:
            return digits, None
    return text, None


def _precision_lost(column: str, shown: str) -> str:
    return _("%(column)s %(value)s tersimpan sebagai angka sehingga digit terakhirnya hilang. Format kolom "
             "%(column)s sebagai Teks di Excel lalu ketik ulang NIP-nya.", column=column, value=shown)


def rank_value(text: str, employment_type: str | None = None) -> str:
    """The golongan as the rank tables spell it, from the common ways of typing it: a PNS rank as III/a from
    "3a", "3/a", "III a", "IIIa" or "iii-a"; a PPPK rank as IX from "9" (only when the row is a PPPK's, since a
    number alone is no PNS rank). Anything else comes back upper-cased without spaces, for the rules to refuse."""
    text = text.strip()
    match = _PNS_RANK.match(text)
    if match:
        group = PPPK_RANKS[int(match[1]) - 1] if match[1].isdigit() else match[1].upper()
        return f"{group}/{match[2].lower()}"
    if employment_type in PPPK_TYPES and text.isascii() and text.isdigit() and 1 <= int(text) <= len(PPPK_RANKS):
        return PPPK_RANKS[int(text) - 1]
    return text.replace(" ", "").upper()


def full_name(values: dict[str, Any]) -> str:
    return Employee.full_name.fget(SimpleNamespace(**values))  # the same formatting as the model


# --- templates -------------------------------------------------------------------------------------------

def template_csv() -> bytes:
    """An empty roster with every column and one example row, ";"-separated for Excel in Indonesian."""
    return csv_bytes([column.header for column in COLUMNS], [[column.example for column in COLUMNS]])


def template_xlsx() -> bytes:
    """The same template as XLSX, with the NIP and golongan columns formatted as text so that Excel keeps every
    digit (and does not read III/a as a date)."""
    text = {index: TEXT for index, column in enumerate(COLUMNS) if column.key in ("nip", "supervisor_nip", "rank_code")}
    return xlsx_bytes("Pegawai", [column.header for column in COLUMNS], [[column.example for column in COLUMNS]],
                      [max(14, len(column.example) + 2) for column in COLUMNS], text)

