"""Writing the demo catalogue: the courses, the planned workshops with their trainers, sessions, enrolments
and attendance, then closing the past workshops as their trainers would have."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from courses.completion import services as completion
from courses.models import (
    Attendance,
    Course,
    Enrolment,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
    course_trainers,
    workshop_trainers,
)
from kompeten.demo.catalogue.courses import catalogue_specs, insert_courses
from kompeten.demo.catalogue.history import insert_leadership_history
from kompeten.demo.catalogue.participants import choose_participants
from kompeten.demo.catalogue.schedule import WorkshopPlan, plan_workshops
from lms.auth.models import User, UserRole
from lms.extensions import db

logger = logging.getLogger(__name__)

CLOSE_AFTER_DAYS = 7  # workshops that ended longer ago than this are closed in the demo


def build_demo_catalogue(seed: int, accounts: Mapping[str, str], root_code: str, today: date | None = None,
                         close_past: bool = True) -> dict[str, int]:
    """Write the demo catalogue, workshops and enrolments once (nothing when the demo courses exist).

    ``accounts`` maps the demo roles "trainer" and "employee" to the accounts' e-mails.
    Returns the counts of what is in the database. Flush, never commit.
    """
    specs = catalogue_specs()
    if db.session.scalar(select(func.count()).where(Course.code.in_([spec.code for spec in specs]))):
        return catalogue_counts()
    today = today or date.today()
    course_ids = insert_courses(specs)
    insert_leadership_history(seed, today)
    plans = plan_workshops(seed, today)
    users = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(list(accounts.values())))).all())
    trainer_id = users.get(accounts.get("trainer", ""))
    employee_id = db.session.scalar(select(User.employee_id).where(User.email == accounts.get("employee")))
    choose_participants(seed, plans, root_code, employee_id, _account_employees(accounts), today)
    colleague_ids = _colleague_trainers(trainer_id)
    _assign_colleagues(plans, len(colleague_ids))
    workshop_ids = _insert_workshops(plans, course_ids, trainer_id, colleague_ids)
    _insert_enrolments_and_attendance(plans, workshop_ids, trainer_id, today, seed)
    db.session.flush()
    if close_past:
        close_past_workshops(trainer_id, today)
    counts = catalogue_counts()
    logger.info("demo catalogue: %s", counts)
    return counts


def close_past_workshops(trainer_id: int | None, today: date) -> int:
    """Close, as their trainers would have, the workshops that ended more than a week ago, a few days after
    their last session; the demo trainer's latest one stays open for closing in the demo. Certificates are
    numbered now and their PDFs rendered on first download. Returns how many were closed."""
    past = db.session.scalars(select(Workshop).where(Workshop.status == WorkshopStatus.RUNNING,
                                                     Workshop.ends_on < today - timedelta(days=CLOSE_AFTER_DAYS))
                              .order_by(Workshop.ends_on, Workshop.id)).all()
    taught = {workshop_id for (workshop_id,) in db.session.execute(
        select(workshop_trainers.c.workshop_id).where(workshop_trainers.c.user_id == (trainer_id or 0))).all()}
    keep = next((workshop for workshop in reversed(past) if workshop.id in taught), None)
    closed = [workshop for workshop in past if workshop is not keep]
    for workshop in closed:
        completion.close_workshop(workshop.trainers[0] if workshop.trainers else None, workshop,
                                  today=workshop.ends_on + timedelta(days=2), render_certificates=False)
    return len(closed)


def catalogue_counts() -> dict[str, int]:
    codes = [spec.code for spec in catalogue_specs()]
    demo_workshops = select(Workshop.id).join(Course, Course.id == Workshop.course_id).where(Course.code.in_(codes))
    return {
        "courses": db.session.scalar(select(func.count()).where(Course.code.in_(codes))) or 0,
        "workshops": db.session.scalar(select(func.count()).select_from(demo_workshops.subquery())) or 0,
        "enrolments": db.session.scalar(select(func.count()).where(Enrolment.workshop_id.in_(demo_workshops))) or 0,
    }


def _account_employees(accounts: Mapping[str, str]) -> set[int]:
    return set(db.session.scalars(select(User.employee_id).where(User.email.in_(list(accounts.values())),
                                                                 User.employee_id.is_not(None))))


def _colleague_trainers(trainer_id: int | None) -> list[int]:
    """The trainer accounts other than the demo trainer's, in a stable order."""
    return list(db.session.scalars(select(UserRole.user_id).where(UserRole.role == "trainer",
                                                                  UserRole.user_id != (trainer_id or 0))
                                   .order_by(UserRole.user_id)))


def _assign_colleagues(plans: list[WorkshopPlan], count: int) -> None:
    """Give every workshop the demo trainer does not teach to the first colleague free on all its days."""
    busy: list[set[date]] = [set() for _ in range(count)]
    for plan in plans:
        if plan.by_trainer or plan.status == "proposed":
            continue
        free = next((index for index in range(count) if not plan.days & busy[index]), None)
        if free is not None:
            plan.colleague = free
            busy[free] |= plan.days


def _insert_workshops(plans: list[WorkshopPlan], course_ids: dict[str, int], trainer_id: int | None,
                      colleague_ids: list[int]) -> dict[tuple[str, str], int]:
    table = Workshop.__table__
    rows = [{"course_id": course_ids[plan.course.code], "batch": plan.batch, "status": plan.status,
             "capacity": plan.capacity, "enrol_opens_on": plan.opens, "enrol_closes_on": plan.closes,
             "requires_approval": plan.requires_approval, "venue": plan.venue, "online_link": plan.online_link,
             "eligible_position_kinds": list(plan.course.eligible_position_kinds), "starts_on": plan.starts_on,
             "ends_on": plan.sessions[-1].day, "note": plan.note,
             "proposed_by_id": trainer_id if plan.status == "proposed" else None} for plan in plans]
    by_course = {course_id: code for code, course_id in course_ids.items()}
    ids = {(by_course[course_id], batch): workshop_id for course_id, batch, workshop_id in db.session.execute(
        insert(table).returning(table.c.course_id, table.c.batch, table.c.id), rows)}
    # A workshop no colleague is free for goes to the demo trainer too (small cities have few colleagues).
    teachers = {(plan.course.code, plan.batch): trainer_id if plan.colleague is None else colleague_ids[plan.colleague]
                for plan in plans if trainer_id is not None or plan.colleague is not None}
    if teachers:
        db.session.execute(insert(workshop_trainers), [
            {"workshop_id": ids[key], "user_id": user_id} for key, user_id in teachers.items()])
        db.session.execute(insert(course_trainers), [
            {"course_id": course_ids[code], "user_id": user_id}
            for code, user_id in sorted({(key[0], user_id) for key, user_id in teachers.items()})])
    return ids


def _insert_enrolments_and_attendance(plans: list[WorkshopPlan], workshop_ids: dict[tuple[str, str], int],
                                      trainer_id: int | None, today: date, seed: int) -> None:
    rng = random.Random(f"kompeten-demo-enrolments-{seed}")
    session_table, enrolment_table = WorkshopSession.__table__, Enrolment.__table__
    session_rows = [{"workshop_id": workshop_ids[(plan.course.code, plan.batch)], "session_date": s.day,
                     "starts_at": s.starts_at, "ends_at": s.ends_at, "topic": s.topic}
                    for plan in plans for s in plan.sessions]
    session_ids = {(workshop_id, day): session_id for workshop_id, day, session_id in db.session.execute(
        insert(session_table).returning(session_table.c.workshop_id, session_table.c.session_date,
                                        session_table.c.id), session_rows)}
    enrolment_rows = []
    for plan in plans:
        workshop_id = workshop_ids[(plan.course.code, plan.batch)]
        for index, (employee_id, status) in enumerate(plan.participants):
            enrolment_rows.append(_enrolment_row(plan, workshop_id, employee_id, status, index, today, rng))
    if not enrolment_rows:
        return
    enrolment_ids = {(workshop_id, employee_id): enrolment_id for workshop_id, employee_id, enrolment_id in
                     db.session.execute(insert(enrolment_table).returning(
                         enrolment_table.c.workshop_id, enrolment_table.c.employee_id, enrolment_table.c.id),
                         enrolment_rows)}
    attendance = []
    for plan in plans:
        if plan.status != "running":
            continue
        workshop_id = workshop_ids[(plan.course.code, plan.batch)]
        for employee_id, status in plan.participants:
            if status == "enrolled":
                attendance += _attendance_rows(plan, session_ids, workshop_id,
                                               enrolment_ids[(workshop_id, employee_id)], trainer_id, today, rng)
    if attendance:
        db.session.execute(insert(Attendance.__table__), attendance)


def _enrolment_row(plan: WorkshopPlan, workshop_id: int, employee_id: int, status: str, index: int, today: date,
                   rng: random.Random) -> dict:
    last_day = min(plan.closes, today - timedelta(days=1))
    span = max(0, (last_day - plan.opens).days)
    # Arrival order follows the list (seats first, then the waitlist): spread over the window, in order.
    requested = datetime.combine(plan.opens + timedelta(days=span * index // max(1, len(plan.participants))),
                                 time(8)) + timedelta(minutes=rng.randint(0, 480))
    ended = plan.status == "running" and plan.sessions[-1].day < today
    pre = post = None
    if plan.status == "running" and plan.course.pass_mark is not None and status == "enrolled":
        pre = round(min(95.0, max(20.0, rng.gauss(58, 12))), 1)
        post = round(min(100.0, max(30.0, pre + rng.gauss(18, 9))), 1) if ended else None
    return {"workshop_id": workshop_id, "employee_id": employee_id, "status": status, "nominated": False,
            "requested_at": requested, "queued_at": None if status == "awaiting_approval" else requested,
            "reason": "Tugas kedinasan bersamaan dengan jadwal kelas." if status == "withdrawn" else "",
            "pre_score": pre, "post_score": post, "updated_at": requested}


def _attendance_rows(plan: WorkshopPlan, session_ids: dict[tuple[int, date], int], workshop_id: int,
                     enrolment_id: int, trainer_id: int | None, today: date, rng: random.Random) -> list[dict]:
    """Mostly present; some late, excused or absent, and a few participants who miss much of the class."""
    absent_share = 0.35 if rng.random() < 0.06 else 0.04
    rows = []
    for session in plan.sessions:
        if session.day > today:
            break
        draw = rng.random()
        status = ("absent" if draw < absent_share else "excused" if draw < absent_share + 0.02
                  else "late" if draw < absent_share + 0.1 else "present")
        rows.append({"session_id": session_ids[(workshop_id, session.day)], "enrolment_id": enrolment_id,
                     "status": status, "recorded_by_id": trainer_id if plan.by_trainer else None,
                     "recorded_at": datetime.combine(session.day, session.ends_at)})
    return rows
