"""Factories of courses, workshops with sessions, and enrolments for the course tests. Plain functions that take
the ``db`` fixture, build the rows directly (any status, no service rules) and commit."""

from datetime import date, datetime, time, timedelta
from itertools import count

from courses.models import Course, Enrolment, Workshop, WorkshopSession

_codes = count(1)
_arrivals = count(1)


def make_course(db, *, title: str = "Pelayanan Publik Prima", code: str | None = None, hours_jp: int = 16,
                modality: str = "pelatihan", status: str = "published", trainers=(), **fields) -> Course:
    course = Course(code=code or f"DIK-{next(_codes):04d}", title=title, hours_jp=hours_jp, modality=modality,
                    status=status, **fields)
    course.trainers = list(trainers)
    db.session.add(course)
    db.session.commit()
    return course


def make_workshop(db, course: Course | None = None, capacity: int = 30, trainers=(), sessions: int = 1,
                  status: str = "open", batch: str = "Angkatan I", first_day: date | None = None,
                  **fields) -> Workshop:
    """A workshop with ``sessions`` sessions (08:00-12:00) on consecutive days from ``first_day`` (today)."""
    course = course or make_course(db, trainers=trainers)
    first_day = first_day or date.today()
    fields.setdefault("enrol_opens_on", first_day - timedelta(days=30))
    fields.setdefault("enrol_closes_on", first_day - timedelta(days=1))
    fields.setdefault("venue", "Aula BKPSDM Kota Medan")
    workshop = Workshop(course=course, capacity=capacity, status=status, batch=batch, **fields)
    workshop.trainers = list(trainers)
    for trainer in trainers:
        if trainer not in course.trainers:
            course.trainers.append(trainer)
    for day in range(sessions):
        workshop.sessions.append(WorkshopSession(session_date=first_day + timedelta(days=day),
                                                 starts_at=time(8), ends_at=time(12), topic=f"Sesi {day + 1}"))
    if sessions:
        workshop.starts_on, workshop.ends_on = first_day, first_day + timedelta(days=sessions - 1)
    db.session.add(workshop)
    db.session.commit()
    return workshop


def make_enrolment(db, workshop: Workshop, employee, status: str = "enrolled", **fields) -> Enrolment:
    fields.setdefault("queued_at", datetime(2026, 1, 1) + timedelta(seconds=next(_arrivals)))  # creation order
    enrolment = Enrolment(workshop=workshop, employee=employee, status=status, **fields)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment
