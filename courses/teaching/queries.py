"""Reads of the trainer screens. Lists load their rows in one query per kind of row, so a page costs the same
number of queries for 3 participants as for 300."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload, undefer

from courses.catalogue.queries import UNCLOSED_STATUSES, status_counts, to_close
from courses.certificates.services import by_enrolment
from courses.models import (
    Certificate,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Material,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
    course_trainers,
    workshop_trainers,
)
from lms.extensions import db
from lms.people.models import Employee

# Holds a seat (or did, once closed).
PARTICIPANT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED,
                        EnrolmentStatus.NO_SHOW)
PENDING_STATUSES = (EnrolmentStatus.REQUESTED, EnrolmentStatus.AWAITING_APPROVAL)
FINISHED_STATUSES = (WorkshopStatus.COMPLETED, WorkshopStatus.CANCELLED)


@dataclass(frozen=True)
class Seats:
    enrolled: int = 0
    waitlisted: int = 0


@dataclass
class MyWorkshops:
    upcoming: list[Workshop]
    past: list[Workshop]
    seats: dict[int, Seats]
    to_close: list[Workshop] = field(default_factory=list)  # past, not closed: also in ``past``
    proposed: list[Workshop] = field(default_factory=list)  # the user's proposals HR has not decided: in ``upcoming``


def _waits_for_closing(workshop: Workshop, today: date) -> bool:
    """In Python, the condition of :func:`courses.catalogue.queries.to_close`."""
    return workshop.status in UNCLOSED_STATUSES and workshop.ends_on is not None and workshop.ends_on < today


def my_workshops(user_id: int, today: date) -> MyWorkshops:
    """The workshops the user trains: upcoming ones (soonest first), then past or finished ones (latest first)."""
    workshops = list(db.session.scalars(
        select(Workshop).join(workshop_trainers, workshop_trainers.c.workshop_id == Workshop.id)
        .where(workshop_trainers.c.user_id == user_id).options(joinedload(Workshop.course))))
    upcoming = [w for w in workshops if w.status not in FINISHED_STATUSES and (w.ends_on is None or w.ends_on >= today)]
    past = [w for w in workshops if w not in upcoming]
    upcoming.sort(key=lambda w: (w.starts_on or date.max, w.id))
    past.sort(key=lambda w: (w.starts_on or date.min, w.id), reverse=True)
    return MyWorkshops(upcoming, past, seat_counts([w.id for w in workshops]),
                       [w for w in past if _waits_for_closing(w, today)],
                       [w for w in upcoming if w.status == WorkshopStatus.PROPOSED and w.proposed_by_id == user_id])


def trainer_counts(user_id: int, today: date) -> tuple[int, int]:
    """(classes the user trains waiting to be closed, the user's proposals HR has not decided): one query."""
    row = db.session.execute(
        select(func.coalesce(func.sum(case((to_close(today), 1), else_=0)), 0),
               func.coalesce(func.sum(case(((Workshop.status == WorkshopStatus.PROPOSED)
                                            & (Workshop.proposed_by_id == user_id), 1), else_=0)), 0))
        .join(workshop_trainers, workshop_trainers.c.workshop_id == Workshop.id)
        .where(workshop_trainers.c.user_id == user_id)).one()
    return int(row[0]), int(row[1])


def sessions_on(user_id: int, day: date) -> list[WorkshopSession]:
    """The sessions on ``day`` of the classes the user trains that take attendance, by time, with their class and
    course (one query)."""
    return list(db.session.scalars(
        select(WorkshopSession).join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(workshop_trainers, workshop_trainers.c.workshop_id == Workshop.id)
        .options(joinedload(WorkshopSession.workshop).joinedload(Workshop.course))
        .where(workshop_trainers.c.user_id == user_id, WorkshopSession.session_date == day,
               Workshop.status.in_(UNCLOSED_STATUSES))
        .order_by(WorkshopSession.starts_at, WorkshopSession.id)))


def seat_counts(workshop_ids: list[int]) -> dict[int, Seats]:
    """Enrolled (or, once closed, having held a seat) and waitlisted participants per workshop, in one query."""
    return {workshop_id: Seats(sum(counts.get(status, 0) for status in PARTICIPANT_STATUSES),
                               counts.get(EnrolmentStatus.WAITLISTED, 0))
            for workshop_id, counts in status_counts(workshop_ids).items()}


def taught_courses(user_id: int) -> list[Course]:
    """Published courses the user teaches (they may propose workshops of them)."""
    return list(db.session.scalars(
        select(Course).join(course_trainers, course_trainers.c.course_id == Course.id)
        .where(course_trainers.c.user_id == user_id, Course.status == CourseStatus.PUBLISHED).order_by(Course.title)))


def workshop_with_details(workshop_id: int) -> Workshop | None:
    return db.session.scalar(select(Workshop).where(Workshop.id == workshop_id).options(
        joinedload(Workshop.course), selectinload(Workshop.trainers), selectinload(Workshop.sessions)))


def _with_employee(query):
    return query.join(Employee, Enrolment.employee_id == Employee.id).options(
        joinedload(Enrolment.employee).joinedload(Employee.position),
        joinedload(Enrolment.employee).joinedload(Employee.unit))


@dataclass
class Roster:
    participants: list[Enrolment] = field(default_factory=list)
    waitlist: list[Enrolment] = field(default_factory=list)  # in arrival order: position = index + 1
    pending: list[Enrolment] = field(default_factory=list)  # waiting for the supervisor


def roster(workshop_id: int) -> Roster:
    """Participants by name, then the waitlist in arrival order, then requests awaiting approval."""
    statuses = (*PARTICIPANT_STATUSES, EnrolmentStatus.WAITLISTED, *PENDING_STATUSES)
    rows = db.session.scalars(_with_employee(select(Enrolment)).where(
        Enrolment.workshop_id == workshop_id, Enrolment.status.in_(statuses))
        .order_by(Employee.name, Enrolment.id))
    result = Roster()
    for enrolment in rows:
        if enrolment.status in PARTICIPANT_STATUSES:
            result.participants.append(enrolment)
        elif enrolment.status == EnrolmentStatus.WAITLISTED:
            result.waitlist.append(enrolment)
        else:
            result.pending.append(enrolment)
    result.waitlist.sort(key=lambda enrolment: (enrolment.queued_at is None, enrolment.queued_at, enrolment.id))
    return result


def enrolled_participants(workshop_id: int) -> list[Enrolment]:
    """Enrolled participants by name, with their position and unit (for attendance, scores and the sheet)."""
    return list(db.session.scalars(_with_employee(select(Enrolment)).where(
        Enrolment.workshop_id == workshop_id, Enrolment.status == EnrolmentStatus.ENROLLED)
        .order_by(Employee.name, Enrolment.id)))


def session_of(workshop_id: int, session_id: int) -> WorkshopSession | None:
    return db.session.scalar(select(WorkshopSession).where(WorkshopSession.id == session_id,
                                                           WorkshopSession.workshop_id == workshop_id))


def current_session(sessions: list[WorkshopSession], today: date) -> WorkshopSession | None:
    """Today's session, else the latest past one, else the first: the one attendance is usually taken for."""
    past = [session for session in sessions if session.session_date <= today]
    return past[-1] if past else (sessions[0] if sessions else None)


def materials(workshop_id: int) -> list[Material]:
    return list(db.session.scalars(select(Material).where(Material.workshop_id == workshop_id)
                                   .order_by(Material.created_at, Material.id)))


def material_of(workshop_id: int, material_id: int, with_content: bool = False) -> Material | None:
    query = select(Material).where(Material.id == material_id, Material.workshop_id == workshop_id)
    if with_content:
        query = query.options(undefer(Material.content))
    return db.session.scalar(query)



@dataclass
class ClosingResult:
    enrolment: Enrolment
    certificate: Certificate | None


def closing_results(workshop_id: int) -> list[ClosingResult]:
    """The outcome of each participant of a closed workshop with their live certificate, else their latest revoked
    one (two queries)."""
    rows = db.session.scalars(_with_employee(select(Enrolment)).where(
        Enrolment.workshop_id == workshop_id,
        Enrolment.status.in_((EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW)))
        .order_by(Employee.name, Enrolment.id)).all()
    certificates = by_enrolment(row.id for row in rows)
    return [ClosingResult(row, certificates.get(row.id)) for row in rows]
