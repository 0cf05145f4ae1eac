"""Reads for HR's appraisal pages: counts per cycle and per agency, the participants list and one appraisal in
full. Aggregates and a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from competencies.appraisals.models import (
    RATER_KINDS,
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalItem,
    AppraisalResult,
    Objection,
    ObjectionStatus,
    Rating,
    WorkTarget,
)
from competencies.models import Competency
from lms.extensions import db
from lms.people.models import Employee, OrgUnit
from lms.people.queries import agency_id, employee_search, path_ids


@dataclass
class FormCounts:
    """Forms of a cycle, an agency or an appraisal, by state."""

    appraisals: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0

    @property
    def total(self) -> int:
        return self.not_started + self.draft + self.submitted

    @property
    def unsubmitted(self) -> int:
        return self.not_started + self.draft

    @property
    def submitted_share(self) -> float:
        return self.submitted / self.total if self.total else 0.0

    def add(self, other: FormCounts) -> None:
        self.appraisals += other.appraisals
        self.not_started += other.not_started
        self.draft += other.draft
        self.submitted += other.submitted


@dataclass
class AgencyProgress:
    unit_id: int
    name: str
    counts: FormCounts = field(default_factory=FormCounts)


def _count_columns() -> list:
    """Appraisals, then forms not started, started drafts and submitted (with forms outer-joined)."""
    draft = AppraisalForm.status == AppraisalFormStatus.DRAFT
    return [func.count(Appraisal.id.distinct()),
            func.coalesce(func.sum(case((and_(draft, AppraisalForm.started_at.is_(None)), 1), else_=0)), 0),
            func.coalesce(func.sum(case((and_(draft, AppraisalForm.started_at.is_not(None)), 1), else_=0)), 0),
            func.coalesce(func.sum(case((AppraisalForm.status == AppraisalFormStatus.SUBMITTED, 1), else_=0)), 0)]


def _counted(group_by, where) -> Select:
    return (select(group_by, *_count_columns()).select_from(Appraisal)
            .outerjoin(AppraisalForm, AppraisalForm.appraisal_id == Appraisal.id).where(where).group_by(group_by))


def cycle_counts(cycle_ids: list[int]) -> dict[int, FormCounts]:
    """{cycle id: counts} in one query (cycles without appraisals are absent)."""
    if not cycle_ids:
        return {}
    rows = db.session.execute(_counted(Appraisal.cycle_id, Appraisal.cycle_id.in_(cycle_ids))).all()
    return {cycle_id: FormCounts(*map(int, numbers)) for cycle_id, *numbers in rows}


def appraisal_counts(appraisal_ids: list[int]) -> dict[int, FormCounts]:
    """{appraisal id: counts of its forms} in one query."""
    if not appraisal_ids:
        return {}
    rows = db.session.execute(_counted(Appraisal.id, Appraisal.id.in_(appraisal_ids))).all()
    return {appraisal_id: FormCounts(*map(int, numbers)) for appraisal_id, *numbers in rows}


def progress_by_agency(cycle_id: int) -> list[AgencyProgress]:
    """The cycle's counts per agency (the OPD above or at each snapshot unit; the top-level unit outside any
    OPD), by agency name: one aggregate query per unit, one query for the names, grouped here."""
    rows = db.session.execute(
        select(OrgUnit.path, *_count_columns()).select_from(Appraisal)
        .join(OrgUnit, OrgUnit.id == Appraisal.unit_id)
        .outerjoin(AppraisalForm, AppraisalForm.appraisal_id == Appraisal.id)
        .where(Appraisal.cycle_id == cycle_id).group_by(Appraisal.unit_id, OrgUnit.path)).all()
    wanted = {unit_id for path, *_numbers in rows for unit_id in path_ids(path)}
    units = {unit_id: (name, kind) for unit_id, name, kind in db.session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.kind).where(OrgUnit.id.in_(wanted)))} if wanted else {}
    opd_ids = {unit_id for unit_id, (_name, kind) in units.items() if kind == "opd"}
    agencies: dict[int, AgencyProgress] = {}
    for path, *numbers in rows:
        agency = agency_id(path, opd_ids)
        progress = agencies.setdefault(agency, AgencyProgress(agency, units[agency][0]))
        progress.counts.add(FormCounts(*map(int, numbers)))
    return sorted(agencies.values(), key=lambda progress: progress.name.lower())


def running_cycles() -> list[tuple[AppraisalCycle, int]]:
    """The running (open) cycles, the earliest due first, each with how many of its appraisals still wait for a
    form (what the participants list shows with ``unsubmitted``): two queries."""
    cycles = db.session.scalars(select(AppraisalCycle).where(AppraisalCycle.status == AppraisalCycleStatus.OPEN)
                                .order_by(AppraisalCycle.due_on, AppraisalCycle.id)).all()
    if not cycles:
        return []
    waiting = dict(db.session.execute(
        select(Appraisal.cycle_id, func.count(Appraisal.id.distinct())).join(
            AppraisalForm, AppraisalForm.appraisal_id == Appraisal.id)
        .where(Appraisal.cycle_id.in_([cycle.id for cycle in cycles]),
               AppraisalForm.status == AppraisalFormStatus.DRAFT)
        .group_by(Appraisal.cycle_id)).all())
    return [(cycle, int(waiting.get(cycle.id, 0))) for cycle in cycles]


@dataclass
class ParticipantFilters:
    search: str = ""
    unit_id: int | None = None
    status: str = ""
    unsubmitted: bool = False


def participants_query(cycle_id: int, filters: ParticipantFilters) -> Select:
    """The cycle's appraisals with employee, snapshot position and unit, by employee name."""
    query = (select(Appraisal).join(Employee, Employee.id == Appraisal.employee_id)
             .where(Appraisal.cycle_id == cycle_id)
             .options(joinedload(Appraisal.employee), joinedload(Appraisal.position), joinedload(Appraisal.unit)))
    query = query.where(*employee_search(filters.search))
    if filters.unit_id:
        path = select(OrgUnit.path).where(OrgUnit.id == filters.unit_id).scalar_subquery()
        query = query.where(Appraisal.unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.startswith(path))))
    if filters.status:
        query = query.where(Appraisal.status == filters.status)
    if filters.unsubmitted:
        query = query.where(exists().where(AppraisalForm.appraisal_id == Appraisal.id,
                                           AppraisalForm.status == AppraisalFormStatus.DRAFT))
    return query.order_by(Employee.name, Employee.id)


@dataclass
class AppraisalDetail:
    """Everything HR sees of one appraisal."""

    items: list[AppraisalItem]
    forms: list[AppraisalForm]
    ratings: dict[int, dict[int, Rating]]  # form id -> competency id -> rating
    results: list[AppraisalResult]
    targets: list[WorkTarget]
    objection: Objection | None


def appraisal_detail(appraisal: Appraisal) -> AppraisalDetail:
    """The snapshot's items, every form with its rater and ratings, the results, the SKP targets and the
    objection, in six queries."""
    items = db.session.scalars(
        select(AppraisalItem).join(Competency, Competency.id == AppraisalItem.competency_id)
        .where(AppraisalItem.appraisal_id == appraisal.id)
        .options(joinedload(AppraisalItem.competency).joinedload(Competency.framework))
        .order_by(Competency.framework_id, Competency.sort_order, Competency.code)).all()
    forms = db.session.scalars(
        select(AppraisalForm).where(AppraisalForm.appraisal_id == appraisal.id)
        .options(joinedload(AppraisalForm.rater), selectinload(AppraisalForm.ratings))
        .order_by(case({kind: order for order, kind in enumerate(RATER_KINDS)}, value=AppraisalForm.rater_kind),
                  AppraisalForm.id)).unique().all()
    targets = db.session.scalars(select(WorkTarget).where(WorkTarget.appraisal_id == appraisal.id)
                                 .order_by(WorkTarget.position, WorkTarget.id)).all()
    objection = db.session.scalar(select(Objection).where(Objection.appraisal_id == appraisal.id))
    ratings = {form.id: {rating.competency_id: rating for rating in form.ratings} for form in forms}
    return AppraisalDetail(list(items), list(forms), ratings, appraisal_results(appraisal.id), list(targets),
                           objection)


def appraisal_results(appraisal_id: int) -> list[AppraisalResult]:
    """The consolidated results of one appraisal with their competency and framework, in framework order."""
    return list(db.session.scalars(
        select(AppraisalResult).join(Competency, Competency.id == AppraisalResult.competency_id)
        .where(AppraisalResult.appraisal_id == appraisal_id)
        .options(joinedload(AppraisalResult.competency).joinedload(Competency.framework))
        .order_by(Competency.framework_id, Competency.sort_order, Competency.code)))


def objections_query(cycle_id: int) -> Select:
    """The cycle's objections with their employee and decider, pending first, then by filing date."""
    return (select(Objection).join(Appraisal, Appraisal.id == Objection.appraisal_id)
            .where(Appraisal.cycle_id == cycle_id)
            .options(joinedload(Objection.appraisal).joinedload(Appraisal.employee), joinedload(Objection.decider))
            .order_by(case((Objection.status == ObjectionStatus.PENDING, 0), else_=1), Objection.filed_at,
                      Objection.id))
