"""Demand for a class (permintaan kelas): an employee whose recommended course has no class open asks for one; the
training-needs analysis counts the requests, HR lists them, and opening a class of the course tells the people who
asked and marks their requests fulfilled. Writes flush, never commit; every change is audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from competencies.gaps import in_unit
from courses.enrolment.models import CourseDemand, DemandStatus
from courses.enrolment.queries import admits, announced_classes
from courses.models import Course, CourseStatus, Workshop
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.i18n import long_date
from lms.notifications.services import app_path, notify_employees
from lms.people.models import Employee

logger = logging.getLogger(__name__)


def _label(demand: CourseDemand) -> str:
    return f"{demand.employee.nip} – {demand.course.title}"


def active_demands(employee_id: int, course_ids: list[int]) -> dict[int, CourseDemand]:
    """Course id -> the employee's active request for a class of it (one query)."""
    if not course_ids:
        return {}
    return {demand.course_id: demand for demand in db.session.scalars(
        select(CourseDemand).where(CourseDemand.employee_id == employee_id, CourseDemand.course_id.in_(course_ids),
                                   CourseDemand.status == DemandStatus.ACTIVE))}


def request_class(actor: Actor | None, employee: Employee, course: Course, today: date | None = None) -> CourseDemand:
    """Record that the employee wants a class of the course (refused when one is announced for them already, open
    for enrolment or soon to be, or when they asked already)."""
    if course.status != CourseStatus.PUBLISHED:
        raise DomainError(_("Pelatihan ini tidak ada di katalog."))
    today = today or date.today()
    workshop = announced_classes([course.id], employee.position.kind, today).get(course.id)
    if workshop is not None and workshop.enrol_opens_on <= today:
        raise DomainError(_("Kelas %(title)s sudah dibuka untuk pendaftaran: silakan mendaftar.",
                            title=workshop.title))
    if workshop is not None:
        raise DomainError(_("Kelas %(title)s sudah dijadwalkan: pendaftarannya dibuka %(start)s.",
                            title=workshop.title, start=long_date(workshop.enrol_opens_on)))
    if active_demands(employee.id, [course.id]):
        raise DomainError(_("Permintaan kelas %(title)s sudah tercatat.", title=course.title))
    demand = CourseDemand(employee=employee, course=course, created_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():  # a concurrent request for the same pair meets the unique index
            db.session.add(demand)
            db.session.flush()
    except IntegrityError:
        raise DomainError(_("Permintaan kelas %(title)s sudah tercatat.", title=course.title)) from None
    audit.record(actor, "create", "course_demand", demand, _label(demand), {"status": DemandStatus.ACTIVE})
    logger.info("course demand %s: employee %s asks for course %s", demand.id, employee.id, course.id)
    return demand


def withdraw_demand(actor: Actor | None, demand: CourseDemand) -> None:
    if demand.status != DemandStatus.ACTIVE:
        raise DomainError(_("Permintaan ini sudah tidak aktif."))
    demand.status, demand.ended_at = DemandStatus.WITHDRAWN, utcnow()
    db.session.flush()
    audit.record(actor, "update", "course_demand", demand, _label(demand),
                 {"status": [DemandStatus.ACTIVE, DemandStatus.WITHDRAWN]})


def fulfil(actor: Actor | None, workshop: Workshop) -> int:
    """The class was opened for enrolment: the active requests for its course from people it admits are fulfilled
    by it, and those people are told. Returns how many."""
    demands = list(db.session.scalars(
        select(CourseDemand).options(joinedload(CourseDemand.employee).joinedload(Employee.position),
                                     joinedload(CourseDemand.course))
        .where(CourseDemand.course_id == workshop.course_id, CourseDemand.status == DemandStatus.ACTIVE)))
    demands = [demand for demand in demands if admits(workshop, demand.employee.position.kind)]
    if not demands:
        return 0
    now = utcnow()
    entries = [audit.entry_values(actor, "update", "course_demand", demand.id, _label(demand),
                                  {"status": [DemandStatus.ACTIVE, DemandStatus.FULFILLED], "workshop": workshop.id})
               for demand in demands]
    for demand in demands:
        demand.status, demand.ended_at, demand.workshop_id = DemandStatus.FULFILLED, now, workshop.id
    db.session.flush()
    audit.record_many(entries)
    notify_employees([demand.employee_id for demand in demands],
                     _("Kelas %(title)s yang Anda minta kini dibuka: pendaftaran %(start)s s.d. %(end)s.",
                       title=workshop.title, start=long_date(workshop.enrol_opens_on),
                       end=long_date(workshop.enrol_closes_on)),
                     app_path("catalogue.course_detail", course_id=workshop.course_id))
    logger.info("workshop %s opened: %d requests for course %s fulfilled", workshop.id, len(demands),
                workshop.course_id)
    return len(demands)


# --- HR's reads ------------------------------------------------------------------------------------------------

def demand_counts(unit_id: int | None) -> dict[int, int]:
    """Course id -> active requests from active employees of the unit and its sub-units (None: the city)."""
    return dict(db.session.execute(
        select(CourseDemand.course_id, func.count()).join(Employee, Employee.id == CourseDemand.employee_id)
        .where(CourseDemand.status == DemandStatus.ACTIVE, Employee.is_active.is_(True), in_unit(unit_id))
        .group_by(CourseDemand.course_id)).all())


@dataclass(frozen=True)
class DemandRow:
    course: Course
    people: int
    since: date  # the oldest request


def demand_by_course(unit_id: int | None) -> list[DemandRow]:
    """Courses with active requests in scope, most requested first (two queries)."""
    counts = db.session.execute(
        select(CourseDemand.course_id, func.count(), func.min(CourseDemand.created_at))
        .join(Employee, Employee.id == CourseDemand.employee_id)
        .where(CourseDemand.status == DemandStatus.ACTIVE, Employee.is_active.is_(True), in_unit(unit_id))
        .group_by(CourseDemand.course_id)).all()
    if not counts:
        return []
    courses = {course.id: course for course in db.session.scalars(
        select(Course).where(Course.id.in_([row[0] for row in counts])))}
    rows = [DemandRow(courses[course_id], people, since.date()) for course_id, people, since in counts]
    return sorted(rows, key=lambda row: (-row.people, row.course.code))


def demand_people(unit_id: int | None) -> list[CourseDemand]:
    """Every active request in scope with its employee (position, unit) and course, by course then name."""
    return list(db.session.scalars(
        select(CourseDemand).join(Employee, Employee.id == CourseDemand.employee_id)
        .join(Course, Course.id == CourseDemand.course_id)
        .options(joinedload(CourseDemand.employee).joinedload(Employee.position),
                 joinedload(CourseDemand.employee).joinedload(Employee.unit), joinedload(CourseDemand.course))
        .where(CourseDemand.status == DemandStatus.ACTIVE, Employee.is_active.is_(True), in_unit(unit_id))
        .order_by(Course.code, Employee.name, CourseDemand.id)))
