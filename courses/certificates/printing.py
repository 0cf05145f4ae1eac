"""What a certificate page shows of its holder and its training, read for a whole batch of certificates at once:
the holder's pangkat/golongan, jabatan and instansi, and the competencies the course develops (with the level
granted when its post-test is a competency test). A bounded number of queries whatever the batch's size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from competencies.models import Competency
from courses.models import Certificate, CourseCompetency
from lms.extensions import db
from lms.people.models import Employee
from lms.people.queries import agency_names
from lms.people.reference import rank_title

COMPETENCIES_SHOWN = 4  # the sheet has room for this many; the others are counted


@dataclass(frozen=True)
class Holder:
    number_label: str  # "NIP", or "NI PPPK"
    rank: str  # "Penata Muda, III/a", or "Golongan PPPK IX"
    position: str
    agency: str


def holders(certificates: Sequence[Certificate]) -> dict[int, Holder]:
    """Certificate id -> what the sheet says of its holder."""
    employee_ids = {certificate.enrolment.employee_id for certificate in certificates}
    employees = {employee.id: employee for employee in db.session.scalars(
        select(Employee).where(Employee.id.in_(employee_ids))
        .options(selectinload(Employee.position), selectinload(Employee.unit)))}
    agencies = agency_names([employee.unit for employee in employees.values()])
    return {certificate.id: _holder(employees[certificate.enrolment.employee_id], agencies)
            for certificate in certificates}


def _holder(employee: Employee, agencies: dict[int, str]) -> Holder:
    title = rank_title(employee.employment_type, employee.rank_code)
    if employee.employment_type == "pns":
        return Holder("NIP", f"{title}, {employee.rank_code}" if title else employee.rank_code,
                      employee.position.name, agencies.get(employee.unit_id, ""))
    return Holder("NI PPPK", title, employee.position.name, agencies.get(employee.unit_id, ""))


def developed(course_ids: set[int]) -> dict[int, list[tuple[str, int]]]:
    """Course id -> (competency name, granted level) of each competency it develops, in the course's order."""
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for course_id, name, level in db.session.execute(
            select(CourseCompetency.course_id, Competency.name, CourseCompetency.granted_level)
            .join(Competency, Competency.id == CourseCompetency.competency_id)
            .where(CourseCompetency.course_id.in_(course_ids)).order_by(CourseCompetency.id)):
        found[course_id].append((name, level))
    return found
