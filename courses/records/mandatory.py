"""Mandatory training by position (pelatihan wajib): who owes which programme and has not completed it.

Latsar for CPNS (Peraturan LAN 1/2021), PKP for pengawas (Peraturan LAN 15/2019), PKA for administrators, PKN
Tingkat II for JPT pratama and PKN Tingkat I for JPT madya and utama (programme names in current use; the PKA and
PKN regulation numbers are unverified: data/reference/talenta-dan-pengembangan.md). PPPK owe none of them.

A programme is completed by a counted training record from a course HR marked as that programme, or by one filed
under the latihanStrukturalId that ``MANDATORY_STRUCTURAL_IDS`` maps to it (for training taken elsewhere).
Everything is one query over the employees in scope, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select

from courses.models import MANDATORY_PROGRAMMES, Course, CourseStatus, Enrolment, TrainingRecord, Workshop
from courses.records.services import counted
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position
from lms.people.queries import unit_subtree_condition


@dataclass(frozen=True)
class ProgrammeCount:
    programme: str
    owed: int  # employees in scope who owe it
    lacking: int  # of them, without it


@dataclass(frozen=True)
class Owed:
    """The programme one employee owes, whether they completed it, and for a CPNS the end of probation."""

    programme: str
    completed: bool
    probation_ends: date | None


def _months_later(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def probation_ends(nip: str) -> date:
    """The first day after a CPNS's probation: ``CPNS_PROBATION_MONTHS`` from the TMT CPNS in the NIP."""
    return date(*_months_later(int(nip[8:12]), int(nip[12:14]), current_app.config["CPNS_PROBATION_MONTHS"]), 1)


def owed_by(employee: Employee, today: date) -> Owed | None:
    """The programme the employee owes (None: none), for their page."""
    owing = _owing(today, None).where(Employee.id == employee.id).subquery()
    row = db.session.execute(select(owing.c.programme, owing.c.completed)).first()
    if row is None:
        return None
    ends = probation_ends(employee.nip) if row.programme == "latsar" else None
    return Owed(row.programme, bool(row.completed), ends)


def cpns_since(today: date) -> str:
    """The earliest TMT CPNS (YYYYMM, as in a NIP) of someone still a CPNS today."""
    year, month = _months_later(today.year, today.month, -current_app.config["CPNS_PROBATION_MONTHS"])
    return f"{year:04d}{month:02d}"


def owed_programme(today: date) -> ColumnElement:
    """The programme an employee owes (NULL: none), over Employee joined with their Position."""
    pns = Employee.employment_type == "pns"
    return case(
        (and_(pns, func.substr(Employee.nip, 9, 6) >= cpns_since(today)), literal("latsar")),
        (~pns, None),
        (Position.kind == "pengawas", literal("pkp")),
        (Position.kind == "administrator", literal("pka")),
        (and_(Position.kind == "jpt", Position.grade == "Pratama"), literal("pkn2")),
        (and_(Position.kind == "jpt", Position.grade.in_(("Madya", "Utama"))), literal("pkn1")),
        else_=None)


def programme_courses() -> dict[str, Course]:
    """Programme -> the course that is it: the first published one by code, when HR marked several."""
    courses: dict[str, Course] = {}
    for course in db.session.scalars(select(Course).where(Course.mandatory_programme.is_not(None),
                                                          Course.status == CourseStatus.PUBLISHED)
                                     .order_by(Course.code)):
        courses.setdefault(course.mandatory_programme, course)
    return courses


def _completed(programme: ColumnElement) -> ColumnElement[bool]:
    """Whether the employee of the row holds a counted record of ``programme``."""
    from_course = exists(select(TrainingRecord.id)
                         .join(Enrolment, Enrolment.id == TrainingRecord.enrolment_id)
                         .join(Workshop, Workshop.id == Enrolment.workshop_id)
                         .join(Course, Course.id == Workshop.course_id)
                         .where(TrainingRecord.employee_id == Employee.id, counted(),
                                Course.mandatory_programme == programme))
    mapped = {name: structural_id for name, structural_id in current_app.config["MANDATORY_STRUCTURAL_IDS"].items()
              if name in MANDATORY_PROGRAMMES}
    if not mapped:
        return from_course
    structural_id = case(*((programme == name, structural_id) for name, structural_id in mapped.items()),
                         else_=None)
    filed = exists(select(TrainingRecord.id).where(TrainingRecord.employee_id == Employee.id, counted(),
                                                   TrainingRecord.structural_kind_id == structural_id))
    return or_(from_course, filed)


def _owing(today: date, unit_id: int | None) -> Select:
    """(employee id, programme owed, completed) of the active employees in scope who owe a programme."""
    programme = owed_programme(today)
    query = (select(Employee.id.label("employee_id"), programme.label("programme"),
                    _completed(programme).label("completed"))
             .join(Position, Position.id == Employee.position_id)
             .where(Employee.is_active.is_(True), programme.is_not(None)))
    if unit_id is not None:
        query = query.where(unit_subtree_condition(unit_id))
    return query


def programme_counts(today: date, unit_id: int | None = None) -> list[ProgrammeCount]:
    """Per programme, in the regulation's order: how many owe it and how many of them lack it."""
    owing = _owing(today, unit_id).subquery()
    rows = {programme: (owed, lacking) for programme, owed, lacking in db.session.execute(
        select(owing.c.programme, func.count(), func.sum(case((owing.c.completed, 0), else_=1)))
        .group_by(owing.c.programme))}
    return [ProgrammeCount(name, *(int(value or 0) for value in rows.get(name, (0, 0))))
            for name in MANDATORY_PROGRAMMES]


def lacking_ids(today: date, unit_id: int | None = None) -> Select:
    """(employee id, programme) of those in scope who lack the programme they owe."""
    owing = _owing(today, unit_id).subquery()
    return select(owing.c.employee_id, owing.c.programme).where(~owing.c.completed)


def lacking_query(today: date, unit_id: int | None = None, programme: str | None = None) -> Select:
    """(Employee, programme, position name, unit name) of those who lack the programme they owe, by unit and
    name (for a page of rows and the export)."""
    owing = _owing(today, unit_id).subquery()
    query = (select(Employee, owing.c.programme, Position.name, OrgUnit.name)
             .join(owing, owing.c.employee_id == Employee.id)
             .join(Position, Position.id == Employee.position_id)
             .join(OrgUnit, OrgUnit.id == Employee.unit_id)
             .where(~owing.c.completed))
    if programme in MANDATORY_PROGRAMMES:
        query = query.where(owing.c.programme == programme)
    return query.order_by(OrgUnit.name, Employee.name, Employee.id)
