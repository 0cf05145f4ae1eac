"""The employee's queue: the next training to take with the JP still needed this year, my classes' next
sessions, my certificates, appraisal forms to send, results to respond to, and my largest gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from competencies.appraisals.models import Appraisal, AppraisalStatus
from competencies.gaps import GapRow
from courses.catalogue.queries import (
    ENROLMENT_GROUPS,
    enrolment_counts,
    live_certificate_summary,
    upcoming_sessions,
)
from courses.models import Certificate, WorkshopSession
from courses.planning.recommendations import Recommendation, recommend
from courses.records.services import Hours, training_hours
from lms.extensions import db
from lms.people.models import Employee

SESSIONS_SHOWN = 3
GAPS_SHOWN = 3


@dataclass
class EmployeeQueue:
    hours: Hours
    next_step: Recommendation | None  # the first recommended course the employee is not enrolled in yet
    planned_jp: int  # JP of every course the plan recommends
    recommended: int
    jpm: float | None
    open_gaps: int
    requirements: int
    top_gaps: list[GapRow]
    sessions: list[WorkshopSession]
    enrolled: int
    waiting: int  # requests, approvals and waitlist places
    certificates: int
    latest_certificate: Certificate | None
    results_to_answer: int
    forms_due: dict[str, int] = field(default_factory=dict)  # rater kind -> forms still to send


def employee_queue(employee: Employee, today: date, forms_due: dict[str, int]) -> EmployeeQueue:
    plan = recommend(employee, today)
    counts = enrolment_counts(employee.id)
    certificates, latest = live_certificate_summary(employee.id)
    results = db.session.scalar(select(func.count()).where(Appraisal.employee_id == employee.id,
                                                           Appraisal.status == AppraisalStatus.FINAL)) or 0
    return EmployeeQueue(
        hours=training_hours(employee, today.year),
        next_step=next((item for item in plan.items if item.enrolment is None), None),
        planned_jp=plan.total_jp, recommended=len(plan.items), jpm=plan.gaps.jpm,
        open_gaps=len(plan.gaps.open_rows), requirements=len(plan.gaps.rows), top_gaps=plan.gaps.open_rows[:GAPS_SHOWN],
        sessions=upcoming_sessions(employee.id, today, SESSIONS_SHOWN),
        enrolled=sum(counts.get(status, 0) for status in ENROLMENT_GROUPS["terdaftar"]),
        waiting=sum(counts.get(status, 0) for status in ENROLMENT_GROUPS["menunggu"]),
        certificates=certificates, latest_certificate=latest, results_to_answer=results, forms_due=forms_due)
