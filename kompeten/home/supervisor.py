"""The supervisor's queue (an employee with active direct reports): requests to approve, appraisal forms to rate
as supervisor, objections to decide, and the team's gaps."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from competencies.appraisals.models import RaterKind
from competencies.gaps import people_gaps
from courses.models import Enrolment, EnrolmentStatus
from lms.extensions import db
from lms.people.models import Employee


@dataclass
class SupervisorQueue:
    approvals: int
    forms_to_rate: int
    team: int  # active direct reports
    team_with_gaps: int  # of them, below a requirement of their position
    team_open_gaps: int  # requirements below the required level, over the team


def supervisor_queue(employee: Employee, forms_due: dict[str, int]) -> SupervisorQueue:
    approvals = db.session.scalar(
        select(func.count()).select_from(Enrolment).join(Employee, Enrolment.employee_id == Employee.id)
        .where(Employee.supervisor_id == employee.id, Enrolment.status == EnrolmentStatus.AWAITING_APPROVAL)) or 0
    team = people_gaps(None, Employee.supervisor_id == employee.id)  # one grouped query over the team
    return SupervisorQueue(approvals, forms_due.get(RaterKind.SUPERVISOR, 0), len(team),
                           sum(1 for person in team if person.gap_count), sum(person.gap_count for person in team))
