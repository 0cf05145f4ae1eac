"""Reads of the rater and employee pages of appraisals. Lists load their rows with what each row shows in one
query, so a page costs the same number of queries for 3 rows as for 300."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import contains_eager, joinedload

from competencies.appraisals.models import (
    RATER_KINDS,
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalItem,
    AppraisalResult,
    AppraisalStatus,
    Objection,
    RaterKind,
    WorkTarget,
)
from competencies.models import Competency, Framework
from lms.extensions import db
from lms.people.models import Employee
from lms.people.queries import employee_search

# Appraisal statuses from which the employee sees the consolidated result.
RESULT_STATUSES = (AppraisalStatus.FINAL, AppraisalStatus.ACKNOWLEDGED, AppraisalStatus.OBJECTED,
                   AppraisalStatus.RESOLVED)
# A rater's progress on a form: "not_started" is a draft never saved.
FORM_PROGRESSES = ("not_started", "draft", "submitted")


@dataclass
class MyFormFilters:
    search: str = ""
    progress: str = ""
    kind: str = ""  # a rater kind: only the forms filled in as that kind
    due: bool = False  # only the forms still to send in running cycles (what the home page counts)


def form_progress(form: AppraisalForm) -> str:
    if form.status == AppraisalFormStatus.SUBMITTED:
        return "submitted"
    return "draft" if form.started_at else "not_started"


def _progress_condition(progress: str):
    if progress == "submitted":
        return AppraisalForm.status == AppraisalFormStatus.SUBMITTED
    started = AppraisalForm.started_at.is_not(None) if progress == "draft" else AppraisalForm.started_at.is_(None)
    return and_(AppraisalForm.status == AppraisalFormStatus.DRAFT, started)


def _due():
    """A form still to send: a draft (saved or not) in a running cycle."""
    return and_(AppraisalForm.status == AppraisalFormStatus.DRAFT, AppraisalCycle.status == AppraisalCycleStatus.OPEN)


def due_form_counts(rater_id: int) -> dict[str, int]:
    """{rater kind: forms the rater still has to send in running cycles} (one grouped query; kinds without any
    are absent)."""
    rows = db.session.execute(
        select(AppraisalForm.rater_kind, func.count()).join(AppraisalForm.appraisal).join(Appraisal.cycle)
        .where(AppraisalForm.rater_id == rater_id, _due()).group_by(AppraisalForm.rater_kind))
    return {str(kind): int(count) for kind, count in rows}


def my_forms_query(rater_id: int, filters: MyFormFilters) -> Select:
    """The rater's forms with the employee, the position snapshot and the cycle; newest cycle first."""
    query = (select(AppraisalForm).join(AppraisalForm.appraisal).join(Appraisal.cycle)
             .join(Employee, Employee.id == Appraisal.employee_id)
             .options(contains_eager(AppraisalForm.appraisal).contains_eager(Appraisal.cycle),
                      contains_eager(AppraisalForm.appraisal).contains_eager(Appraisal.employee),
                      contains_eager(AppraisalForm.appraisal).joinedload(Appraisal.position))
             .where(AppraisalForm.rater_id == rater_id))
    query = query.where(*employee_search(filters.search))
    if filters.progress in FORM_PROGRESSES:
        query = query.where(_progress_condition(filters.progress))
    if filters.kind in RATER_KINDS:
        query = query.where(AppraisalForm.rater_kind == filters.kind)
    if filters.due:
        query = query.where(_due())
    return query.order_by(AppraisalCycle.opened_at.desc(), AppraisalCycle.id.desc(), Employee.name,
                          AppraisalForm.id)


def form_for_page(form_id: int) -> AppraisalForm | None:
    """A form with its appraisal's snapshot (employee, position, unit) and cycle."""
    return db.session.scalar(select(AppraisalForm).where(AppraisalForm.id == form_id).options(
        joinedload(AppraisalForm.appraisal).options(joinedload(Appraisal.employee), joinedload(Appraisal.position),
                                                    joinedload(Appraisal.unit), joinedload(Appraisal.cycle))))


def appraisal_for_page(appraisal_id: int) -> Appraisal | None:
    return db.session.scalar(select(Appraisal).where(Appraisal.id == appraisal_id).options(
        joinedload(Appraisal.employee), joinedload(Appraisal.position), joinedload(Appraisal.unit),
        joinedload(Appraisal.cycle), joinedload(Appraisal.supervisor)))


def work_targets(appraisal_id: int) -> list[WorkTarget]:
    return list(db.session.scalars(select(WorkTarget).where(WorkTarget.appraisal_id == appraisal_id)
                                   .order_by(WorkTarget.position, WorkTarget.id)))


def my_appraisals(employee_id: int) -> list[Appraisal]:
    """The employee's appraisals with their cycle and position snapshot, newest cycle first."""
    return list(db.session.scalars(
        select(Appraisal).join(Appraisal.cycle).where(Appraisal.employee_id == employee_id)
        .options(contains_eager(Appraisal.cycle), joinedload(Appraisal.position))
        .order_by(AppraisalCycle.opened_at.desc(), AppraisalCycle.id.desc())))


@dataclass
class ResultRow:
    """One competency of an appraisal: the required level of the snapshot and the consolidated result."""

    competency: Competency
    framework: Framework
    required: int
    result: AppraisalResult | None

    @property
    def gap(self) -> int | None:
        return None if self.result is None else max(0, self.required - self.result.final_level)


def result_rows(appraisal_id: int) -> list[ResultRow]:
    """The appraisal's competencies in framework order, each with its result (if any), in one query."""
    rows = db.session.execute(
        select(AppraisalItem.required_level, Competency, Framework, AppraisalResult)
        .join(Competency, Competency.id == AppraisalItem.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .outerjoin(AppraisalResult, and_(AppraisalResult.appraisal_id == AppraisalItem.appraisal_id,
                                         AppraisalResult.competency_id == AppraisalItem.competency_id))
        .where(AppraisalItem.appraisal_id == appraisal_id)
        .order_by(Framework.code, Competency.sort_order, Competency.code)).all()
    return [ResultRow(competency, framework, required, result) for required, competency, framework, result in rows]


def submitted_kinds(appraisal_id: int) -> list[str]:
    """The rater kinds with at least one submitted form for the appraisal, in the usual order."""
    kinds = set(db.session.scalars(select(AppraisalForm.rater_kind).distinct().where(
        AppraisalForm.appraisal_id == appraisal_id, AppraisalForm.status == AppraisalFormStatus.SUBMITTED)))
    return [kind for kind in RATER_KINDS if kind in kinds]


def objection_of(appraisal_id: int) -> Objection | None:
    return db.session.scalar(select(Objection).where(Objection.appraisal_id == appraisal_id))


def self_form_id(appraisal_id: int, employee_id: int) -> int | None:
    """The employee's own self-assessment form of the appraisal."""
    return db.session.scalar(select(AppraisalForm.id).where(
        AppraisalForm.appraisal_id == appraisal_id, AppraisalForm.rater_kind == RaterKind.SELF,
        AppraisalForm.rater_id == employee_id))


def target_appraisal_id(target_id: int) -> int | None:
    return db.session.scalar(select(WorkTarget.appraisal_id).where(WorkTarget.id == target_id))
