"""The standar kompetensi jabatan as a spreadsheet: every requirement of every position (or of one unit's
positions, or of one kind of position), in the columns the requirement import reads back
(:mod:`competencies.requirement_import`), so that HR can edit it in Excel and import it again."""

from sqlalchemy import select

from competencies.models import Competency, Framework, Requirement
from competencies.requirement_import import HEADERS, WEIGHT_LABELS
from lms.extensions import db
from lms.people.models import OrgUnit, Position
from lms.tabular import csv_bytes, xlsx_bytes


def export_rows(unit_id: int | None = None, kind: str = "") -> list[tuple[str, str, str, str, str, int, str]]:
    """(Kode Jabatan, Nama Jabatan, Kode Kamus, Kode Kompetensi, Nama Kompetensi, Level, Bobot) per requirement,
    for every position, the positions of one unit and its sub-units, or the positions of one kind."""
    query = (select(Position.code, Position.name, Framework.code, Competency.code, Competency.name,
                    Requirement.level, Requirement.weight)
             .join(Position, Requirement.position_id == Position.id)
             .join(Competency, Requirement.competency_id == Competency.id)
             .join(Framework, Competency.framework_id == Framework.id))
    if unit_id:
        path = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
        query = query.where(Position.unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.startswith(path))))
    if kind:
        query = query.where(Position.kind == kind)
    query = query.order_by(Position.code, Requirement.weight, Framework.code, Competency.code)
    labels = {weight: str(label) for weight, label in WEIGHT_LABELS.items()}  # translated once
    return [(position_code, position_name, framework_code, code, name, level, labels[weight])
            for position_code, position_name, framework_code, code, name, level, weight in db.session.execute(query)]


def export_csv(rows: list[tuple]) -> bytes:
    return csv_bytes(HEADERS, rows)


def export_xlsx(rows: list[tuple]) -> bytes:
    return xlsx_bytes("Standar Kompetensi", HEADERS, rows, (16, 40, 14, 16, 40, 8, 10))
