"""The employee's queue: the next training to take with the JP still needed this year, my classes' next
sessions, my certificates, appraisal forms to send, results to respond to, and my largest gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
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
from courses.records.services import jp_by_year
from lms.extensions import db
from lms.people.models import PPPK_TYPES, Employee

SESSIONS_SHOWN = 3
GAPS_SHOWN = 3


@dataclass
class Hours:
    """JP counted this year (the rule of the riwayat diklat): a PNS against the yearly target, a PPPK against the
    most a contract year allows (data/reference/pppk.md)."""

    year: int
    jp: int
    target: int | None  # PNS: the yearly minimum
    pppk_max: int | None  # PPPK: the most per contract year

    @property
    def needed(self) -> int:
        return max(0, self.target - self.jp) if self.target else 0


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


def _hours(employee: Employee, year: int) -> Hours:
    jp = jp_by_year(employee.id, [year])[year]
    if employee.employment_type in PPPK_TYPES:
        return Hours(year, jp, None, current_app.config["TRAINING_HOURS_PPPK_MAX_JP"])
    return Hours(year, jp, current_app.config["TRAINING_HOURS_TARGET_JP"], None)


def employee_queue(employee: Employee, today: date, forms_due: dict[str, int]) -> EmployeeQueue:
    plan = recommend(employee, today)
    counts = enrolment_counts(employee.id)
    certificates, latest = live_certificate_summary(employee.id)
    results = db.session.scalar(select(func.count()).where(Appraisal.employee_id == employee.id,
                                                           Appraisal.status == AppraisalStatus.FINAL)) or 0
    return EmployeeQueue(
        hours=_hours(employee, today.year),
        next_step=next((item for item in plan.items if item.enrolment is None), None),
        planned_jp=plan.total_jp, recommended=len(plan.items), jpm=plan.gaps.jpm,
        open_gaps=len(plan.gaps.open_rows), requirements=len(plan.gaps.rows), top_gaps=plan.gaps.open_rows[:GAPS_SHOWN],
        sessions=upcoming_sessions(employee.id, today, SESSIONS_SHOWN),
        enrolled=sum(counts.get(status, 0) for status in ENROLMENT_GROUPS["terdaftar"]),
        waiting=sum(counts.get(status, 0) for status in ENROLMENT_GROUPS["menunggu"]),
        certificates=certificates, latest_certificate=latest, results_to_answer=results, forms_due=forms_due)
