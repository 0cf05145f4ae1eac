"""The requirement export and import tests' data: frameworks, positions and requirements, file rows, lookups."""

import csv
import io
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from competencies.models import Competency, Framework, Requirement
from lms.people.models import Position

HEADER = ["Kode Jabatan", "Nama Jabatan", "Kode Kamus", "Kode Kompetensi", "Nama Kompetensi", "Level", "Bobot"]


@pytest.fixture
def org(db, make_unit, make_position):
    """Two frameworks (1..5 and Dasar/Cakap/Mahir) sharing one competency code, positions in a unit with a
    sub-unit and in another unit, and a few requirements."""
    asn = Framework(code="ASN", name="Manajerial ASN", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    arsip = Framework(code="ARSIP", name="Teknis Kearsipan", scale=["Dasar", "Cakap", "Mahir"], proficient_level=2)
    competencies = {
        "M.01": Competency(framework=asn, code="M.01", name="Integritas", type="manajerial"),
        "M.02": Competency(framework=asn, code="M.02", name="Kerja Sama", type="manajerial"),
        "AR.1": Competency(framework=arsip, code="AR.1", name="Arsip Dinamis", type="teknis"),
        "AR.2": Competency(framework=arsip, code="AR.2", name="Penyusutan Arsip", type="teknis"),
        "ARSIP.M.01": Competency(framework=arsip, code="M.01", name="Manajemen Arsip", type="teknis"),
    }
    db.session.add_all([asn, arsip, *competencies.values()])
    db.session.commit()
    dinas = make_unit("Dinas Kearsipan", code="DINAS")
    seksi = make_unit("Seksi Arsip", kind="seksi", parent=dinas, code="SEKSI")
    lain = make_unit("Dinas Pendidikan", code="LAIN")
    positions = {
        "KADIS": make_position("Kepala Dinas", kind="jpt", unit=dinas, code="KADIS"),
        "STAF": make_position("Arsiparis", kind="fungsional_keterampilan", unit=seksi, code="STAF"),
        "GURU": make_position("Guru", kind="fungsional_keahlian", unit=lain, code="GURU"),
    }
    db.session.add_all([
        Requirement(position=positions["KADIS"], competency=competencies["M.01"], level=4, weight="critical"),
        Requirement(position=positions["STAF"], competency=competencies["M.01"], level=2, weight="normal"),
        Requirement(position=positions["STAF"], competency=competencies["AR.1"], level=2, weight="critical"),
        Requirement(position=positions["GURU"], competency=competencies["M.02"], level=3, weight="normal"),
    ])
    db.session.commit()
    return SimpleNamespace(asn=asn, arsip=arsip, c=competencies, p=positions, dinas=dinas, seksi=seksi)


def csv_bytes(rows: list[list], header: list[str] = HEADER, delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def line(position: str, framework: str, code: str, level, weight: str = "normal") -> list:
    return [position, "", framework, code, "", level, weight]


def stored(db) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(position code, framework code, competency code) -> (level, weight), as in the database now."""
    db.session.expire_all()
    return {(p, f, c): (level, weight) for p, f, c, level, weight in db.session.execute(
        select(Position.code, Framework.code, Competency.code, Requirement.level,
               Requirement.weight)
        .select_from(Requirement).join(Requirement.position).join(Requirement.competency)
        .join(Competency.framework))}


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))
