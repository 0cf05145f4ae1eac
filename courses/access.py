"""Access policies of the course screens (used with ``lms.access.access``)."""

from typing import Any

from sqlalchemy import exists, select

from courses.models import Enrolment, EnrolmentStatus, course_trainers, workshop_trainers
from lms.extensions import db
from lms.people.access import is_supervisor
from lms.people.models import Employee

# Enrolments whose holder may open the workshop's materials.
MATERIAL_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED,
                     EnrolmentStatus.NO_SHOW)


def is_workshop_trainer(user: Any, workshop_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(workshop_trainers.c.workshop_id == workshop_id,
                                                        workshop_trainers.c.user_id == user.id))))


def trains_workshop(user: Any, workshop_id: int, **_: Any) -> bool:
    """One of the workshop's trainers, or HR and admins."""
    return user.has_role("hr", "admin") or (user.has_role("trainer") and is_workshop_trainer(user, workshop_id))


def teaches_course(user: Any, course_id: int, **_: Any) -> bool:
    """A trainer listed as teaching the course (they may propose workshops of it)."""
    return user.has_role("trainer") and bool(db.session.scalar(select(exists().where(
        course_trainers.c.course_id == course_id, course_trainers.c.user_id == user.id))))


def can_see_materials(user: Any, workshop_id: int, **_: Any) -> bool:
    if trains_workshop(user, workshop_id):
        return True
    if user.employee_id is None:
        return False
    return bool(db.session.scalar(select(exists().where(
        Enrolment.workshop_id == workshop_id, Enrolment.employee_id == user.employee_id,
        Enrolment.status.in_(MATERIAL_STATUSES)))))


def can_decide(user: Any, enrolment: Enrolment) -> bool:
    """The employee's direct supervisor decides on an approval; HR may act for an absent supervisor."""
    if user.has_role("hr", "admin"):
        return True
    if user.employee_id is None:
        return False
    supervisor_id = db.session.scalar(select(Employee.supervisor_id).where(Employee.id == enrolment.employee_id))
    return supervisor_id == user.employee_id


def can_open_approvals(user: Any, **_: Any) -> bool:
    """The approval queue: supervisors (their subordinates' requests) and HR."""
    return user.has_role("hr", "admin") or is_supervisor(user)


def can_decide_enrolment(user: Any, enrolment_id: int, **_: Any) -> bool:
    enrolment = db.session.get(Enrolment, enrolment_id)
    return enrolment is not None and can_decide(user, enrolment)


def has_employee_record(user: Any, **_: Any) -> bool:
    """Only a user who is an employee enrols (for themself)."""
    return user.employee_id is not None


def owns_enrolment(user: Any, enrolment_id: int, **_: Any) -> bool:
    """The employee's own enrolment (a missing one passes, for the view to answer 404)."""
    if user.employee_id is None:
        return False
    enrolment = db.session.get(Enrolment, enrolment_id)
    return enrolment is None or enrolment.employee_id == user.employee_id
