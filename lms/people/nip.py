"""NIP (Nomor Induk Pegawai) validation.

A PNS NIP has 18 digits: 1-8 birth date YYYYMMDD, 9-14 TMT CPNS YYYYMM, 15 gender (1 male, 2 female),
16-18 a sequence number. A PPPK number is also 18 digits, with another layout, so only its length and digits
are checked.
"""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from lms.people.models import PPPK_TYPES

_PRINTED_SEPARATORS = re.compile(r"[\s.\-]+")


def compact_nip(text: str | None) -> str:
    """A NIP typed as it is printed on ID cards and decrees ("19850317 201001 1 002", with dots or dashes)
    becomes its digits; any other text (a name, an e-mail address) comes back only stripped."""
    stripped = (text or "").strip()
    digits = _PRINTED_SEPARATORS.sub("", stripped)
    return digits if digits.isascii() and digits.isdigit() else stripped


class InvalidNip(ValueError):
    """The reason is a user-facing (translatable) message."""


@dataclass(frozen=True)
class NipFacts:
    birth_date: date | None
    tmt_year: int | None
    tmt_month: int | None
    gender: str | None  # "L" or "P"


def number_format_error(nip: str) -> str | None:
    """Why a number is neither a NIP nor an NI PPPK by its form alone (18 digits), or None: for a number whose
    holder's employment type is not known (a supervisor named in a file)."""
    return None if _eighteen_digits(nip) else str(_l("NIP harus terdiri dari tepat 18 angka."))


def _eighteen_digits(nip: str) -> bool:
    return len(nip) == 18 and nip.isascii() and nip.isdigit()


def parse_nip(nip: str, employment_type: str = "pns", today: date | None = None) -> NipFacts:
    """Return the facts encoded in a NIP (or NI PPPK), or raise InvalidNip with the first reason it is not valid."""
    if not _eighteen_digits(nip):
        raise InvalidNip(_l("NI PPPK harus terdiri dari tepat 18 angka.") if employment_type in PPPK_TYPES
                         else _l("NIP harus terdiri dari tepat 18 angka."))
    today = today or date.today()
    if employment_type in PPPK_TYPES:
        return _parse_ni_pppk(nip, today)
    birth = _birth_date(nip)
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise InvalidNip(_l("Digit 9-14 NIP (TMT CPNS) bukan bulan yang valid."))
    if (tmt_year, tmt_month) < (birth.year + 18, birth.month):
        raise InvalidNip(_l("TMT CPNS pada NIP lebih awal dari ulang tahun ke-18 pegawai."))
    if (tmt_year, tmt_month) > (today.year, today.month):
        raise InvalidNip(_l("TMT CPNS pada NIP berada di masa depan."))
    if nip[14] not in "12":
        raise InvalidNip(_l("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    return NipFacts(birth, tmt_year, tmt_month, "L" if nip[14] == "1" else "P")


FIRST_PPPK_YEAR = 2019  # the first PPPK were appointed in 2019


def _parse_ni_pppk(nip: str, today: date) -> NipFacts:
    """An NI PPPK checked only as far as its layout is agreed (data/reference/pppk.md): digits 1-8 the birth date,
    9-12 the year of first appointment, 15 the gender; digits 13-14 (a contract code read differently by different
    sources) are not interpreted."""
    birth = _birth_date(nip, _l("Digit 1-8 NI PPPK bukan tanggal lahir yang valid."))
    year = int(nip[8:12])
    if not FIRST_PPPK_YEAR <= year <= today.year:
        raise InvalidNip(_l("Digit 9-12 NI PPPK (tahun pengangkatan) harus antara %(first)s dan %(last)s.",
                            first=FIRST_PPPK_YEAR, last=today.year))
    if year < birth.year + 18:
        raise InvalidNip(_l("Tahun pengangkatan pada NI PPPK lebih awal dari ulang tahun ke-18 pegawai."))
    if nip[14] not in "12":
        raise InvalidNip(_l("Digit ke-15 NI PPPK (jenis kelamin) harus 1 atau 2."))
    return NipFacts(birth, year, None, "L" if nip[14] == "1" else "P")


def _birth_date(nip: str, message: str = _l("Digit 1-8 NIP bukan tanggal lahir yang valid.")) -> date:
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip(message) from None
    if birth.year < 1900:
        raise InvalidNip(message)
    return birth


def nip_error(nip: str, employment_type: str = "pns", today: date | None = None) -> str | None:
    """The reason a NIP is invalid, or None."""
    try:
        parse_nip(nip, employment_type, today)
    except InvalidNip as error:
        return str(error)
    return None
