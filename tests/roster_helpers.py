"""The roster test data: a small organisation, roster rows and files, and lookups (shared by the roster tests)."""

import codecs
import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from lms.people.models import Employee
from lms.roster.preview import RosterPreview, preview_roster
from tests.helpers import make_ni_pppk, make_nip

HEADER = ["NIP", "Nama", "Gelar Depan", "Gelar Belakang", "Jenis Pegawai", "Golongan", "Kode Jabatan",
          "Kode Unit", "NIP Atasan", "Email", "Aktif"]
KEYS = ["nip", "name", "front_title", "back_title", "employment_type", "rank_code", "position_code",
        "unit_code", "supervisor_nip", "email", "is_active"]

NIP_HEAD = make_nip(birth=date(1975, 2, 1), tmt=(2000, 3), sequence=1)
NIP_A = make_nip(sequence=11)
NIP_B = make_nip(sequence=12)
NIP_C = make_nip(birth=date(1992, 8, 30), tmt=(2019, 1), gender=2, sequence=13)
NI_PPPK_A = make_ni_pppk(sequence=14)
NI_PPPK_B = make_ni_pppk(birth=date(1994, 6, 2), year=2021, gender=1, sequence=15)


@pytest.fixture
def org(db, make_unit, make_position):
    """Dinas (DINAS) with a division (BIDANG) below it, and another agency (LAIN)."""
    dinas = make_unit("Dinas Komunikasi dan Informatika", code="DINAS")
    bidang = make_unit("Bidang Aplikasi Informatika", kind="bidang", parent=dinas, code="BIDANG")
    lain = make_unit("Dinas Pendidikan", code="LAIN")
    return SimpleNamespace(
        dinas=dinas, bidang=bidang, lain=lain,
        kadis=make_position("Kepala Dinas", kind="jpt", unit=dinas, code="KADIS"),
        kabid=make_position("Kepala Bidang Aplikasi", kind="administrator", unit=bidang, code="KABID"),
        staf=make_position("Pengelola Aplikasi", unit=bidang, code="STAF"),
        umum=make_position("Pengadministrasi Umum", unit=dinas, code="UMUM"),
        guru=make_position("Guru", kind="fungsional_keahlian", grade="Ahli Pertama", unit=lain, code="GURU"),
    )


def row(**values) -> dict[str, str]:
    base = {"nip": NIP_A, "name": "Budi Santoso", "front_title": "", "back_title": "S.Kom.",
            "employment_type": "PNS", "rank_code": "III/a", "position_code": "STAF", "unit_code": "",
            "supervisor_nip": "", "email": "", "is_active": "ya"}
    base.update(values)
    return base


def csv_bytes(rows: list[dict[str, str]], header: list[str] = HEADER, keys: list[str] = KEYS,
              delimiter: str = ",", bom: bool = False, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(key, "") for key in keys])
    return (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode(encoding)


def preview(rows: list[dict[str, str]], **options) -> RosterPreview:
    return preview_roster("pegawai.csv", csv_bytes(rows, **options))


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def employee(db, nip: str) -> Employee:
    return db.session.scalar(select(Employee).where(Employee.nip == nip))


def a_team() -> list[dict[str, str]]:
    """Staff first, their head of division after them, the head of agency last."""
    return [
        row(nip=NIP_B, name="Siti Aminah", supervisor_nip=NIP_A, email="siti@pemkomedan.go.id"),
        row(nip=NIP_A, name="Budi Santoso", position_code="KABID", rank_code="III/d", supervisor_nip=NIP_HEAD),
        row(nip=NIP_HEAD, name="Rahmat Hidayat", front_title="Dr.", back_title="S.E., M.Si.",
            position_code="KADIS", rank_code="IV/c"),
    ]

