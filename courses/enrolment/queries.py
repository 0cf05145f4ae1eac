"""Which classes are open for enrolment: the one definition behind every count of "open seats" (the training-needs
analysis, an employee's recommendations, demand for a class); and which are announced, open with an enrolment
window still to come (nobody needs to ask for a class of that course)."""

from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select

from courses.models import Workshop, WorkshopStatus
from lms.extensions import db


def announced(today: date) -> ColumnElement[bool]:
    """A class published for enrolment (not a draft, nor closed to it) whose enrolment dates are not over, not
    started."""
    return and_(Workshop.status == WorkshopStatus.OPEN, Workshop.enrol_closes_on >= today,
                or_(Workshop.starts_on.is_(None), Workshop.starts_on >= today))


def open_for_enrolment(today: date) -> ColumnElement[bool]:
    """A class an employee can ask a place in today: announced, and within its enrolment dates."""
    return and_(announced(today), Workshop.enrol_opens_on <= today)


def admits(workshop: Workshop, position_kind: str) -> bool:
    """Whether the class is open to holders of that kind of position (no list: to every kind)."""
    kinds = workshop.eligible_position_kinds or []
    return not kinds or position_kind in kinds


def _classes(condition: ColumnElement[bool], course_ids: list[int]) -> list[Workshop]:
    if not course_ids:
        return []
    return list(db.session.scalars(
        select(Workshop).where(Workshop.course_id.in_(course_ids), condition)
        .order_by(Workshop.starts_on.is_(None), Workshop.starts_on, Workshop.id)))


def open_classes(course_ids: list[int], today: date) -> list[Workshop]:
    """The classes of these courses open for enrolment today, soonest first (one query)."""
    return _classes(open_for_enrolment(today), course_ids)


def announced_classes(course_ids: list[int], position_kind: str, today: date) -> dict[int, Workshop]:
    """Course id -> its first announced class that admits the position kind (one query)."""
    first: dict[int, Workshop] = {}
    for workshop in _classes(announced(today), course_ids):
        if workshop.course_id not in first and admits(workshop, position_kind):
            first[workshop.course_id] = workshop
    return first
