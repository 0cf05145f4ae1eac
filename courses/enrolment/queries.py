"""Which classes are open for enrolment: the one definition behind every count of "open seats" (the training-needs
analysis, an employee's recommendations, demand for a class)."""

from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select

from courses.models import Workshop, WorkshopStatus
from lms.extensions import db


def open_for_enrolment(today: date) -> ColumnElement[bool]:
    """A class an employee can ask a place in today: published for enrolment (not a draft, nor closed to it), within
    its enrolment dates, not started."""
    return and_(Workshop.status == WorkshopStatus.OPEN, Workshop.enrol_opens_on <= today,
                Workshop.enrol_closes_on >= today, or_(Workshop.starts_on.is_(None), Workshop.starts_on >= today))


def admits(workshop: Workshop, position_kind: str) -> bool:
    """Whether the class is open to holders of that kind of position (no list: to every kind)."""
    kinds = workshop.eligible_position_kinds or []
    return not kinds or position_kind in kinds


def open_classes(course_ids: list[int], today: date) -> list[Workshop]:
    """The classes of these courses open for enrolment today, soonest first (one query)."""
    if not course_ids:
        return []
    return list(db.session.scalars(
        select(Workshop).where(Workshop.course_id.in_(course_ids), open_for_enrolment(today))
        .order_by(Workshop.starts_on.is_(None), Workshop.starts_on, Workshop.id)))
