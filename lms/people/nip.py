"""NIP (Nomor Induk Pegawai) validation.

A PNS NIP has 18 digits: 1-8 birth date YYYYMMDD, 9-14 TMT CPNS YYYYMM, 15 gender (1 male, 2 female),
16-18 a sequence number. A PPPK number is also 18 digits, with another layout, so only its length and digits
are checked.
"""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

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


def parse_nip(nip: str, employment_type: str = "pns", today: date | None = None) -> NipFacts:
    """Return the facts encoded in a NIP, or raise InvalidNip with the first reason it is not valid."""
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise InvalidNip(_l("NIP harus terdiri dari tepat 18 angka."))
    if employment_type != "pns":
        return NipFacts(None, None, None, None)
    today = today or date.today()
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


def _birth_date(nip: str) -> date:
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip(_l("Digit 1-8 NIP bukan tanggal lahir yang valid.")) from None
    if birth.year < 1900:
        raise InvalidNip(_l("Digit 1-8 NIP bukan tanggal lahir yang valid."))
    return birth


def nip_error(nip: str, employment_type: str = "pns", today: date | None = None) -> str | None:
    """The reason a NIP is invalid, or None."""
    try:
        parse_nip(nip, employment_type, today)
    except InvalidNip as error:
        return str(error)
    return None
