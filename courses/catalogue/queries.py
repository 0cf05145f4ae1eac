"""Reads for the catalogue screens: the course list with its filters, a course's page, my enrolments.

Every function reads a bounded number of rows per call (lists are loaded in one query per kind of row, never
one per course or per workshop), so the pages cost the same number of queries whatever their length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from competencies.gaps import current_levels_of
from competencies.models import Competency, Framework, Requirement
from courses.models import (
    CLASSICAL_MODALITIES,
    MODALITIES,
    Certificate,
    Course,
    CourseCompetency,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Feedback,
    Material,
    TrainingRecord,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from lms.extensions import db

# Workshops employees see on the catalogue (the others are being prepared, proposed or cancelled).
UPCOMING_STATUSES = (WorkshopStatus.OPEN, WorkshopStatus.CLOSED)
# The employee's enrolments by group, as "Pelatihan Saya" filters them (``?status=``) and the home page counts them.
ENROLMENT_GROUPS = {
    "terdaftar": (EnrolmentStatus.ENROLLED,),
    "menunggu": (EnrolmentStatus.REQUESTED, EnrolmentStatus.AWAITING_APPROVAL, EnrolmentStatus.WAITLISTED),
}
# A scheduled class that has not been closed (nor cancelled).
UNCLOSED_STATUSES = (WorkshopStatus.OPEN, WorkshopStatus.CLOSED, WorkshopStatus.RUNNING)
MODALITY_GROUPS = ("klasikal", "nonklasikal")


@dataclass
class CatalogueFilters:
    search: str = ""
    competency_id: int | None = None
    modality: str = ""  # a group of MODALITY_GROUPS or one modality
    month: str = ""  # "YYYY-MM" of an upcoming workshop
    provider: str = ""


@dataclass(frozen=True)
class Seats:
    capacity: int
    enrolled: int = 0
    waitlisted: int = 0

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.enrolled)


@dataclass(frozen=True)
class NextWorkshop:
    id: int
    starts_on: date | None
    status: WorkshopStatus
    seats: Seats


def parse_month(value: str) -> tuple[date, date] | None:
    """First day of the month "YYYY-MM" and first day of the next one; None when not a month."""
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    return first, date(year + month // 12, month % 12 + 1, 1)


def _upcoming(today: date):
    return and_(Workshop.status.in_(UPCOMING_STATUSES),
                or_(Workshop.starts_on >= today, Workshop.starts_on.is_(None)))


def catalogue_query(filters: CatalogueFilters, today: date) -> Select:
    """Published courses matching the filters, by title."""
    query = select(Course).where(Course.status == CourseStatus.PUBLISHED)
    for word in filters.search.lower().split():
        query = query.where(or_(func.lower(Course.title).contains(word, autoescape=True),
                                func.lower(Course.code).contains(word, autoescape=True),
                                func.lower(Course.description).contains(word, autoescape=True)))
    if filters.competency_id:
        query = query.where(Course.id.in_(select(CourseCompetency.course_id)
                                          .where(CourseCompetency.competency_id == filters.competency_id)))
    if filters.modality == "klasikal":
        query = query.where(Course.modality.in_(CLASSICAL_MODALITIES))
    elif filters.modality == "nonklasikal":
        query = query.where(Course.modality.not_in(CLASSICAL_MODALITIES))
    elif filters.modality in MODALITIES:
        query = query.where(Course.modality == filters.modality)
    if filters.provider:
        query = query.where(Course.provider == filters.provider)
    month = parse_month(filters.month) if filters.month else None
    if month:
        query = query.where(Course.id.in_(select(Workshop.course_id).where(
            _upcoming(today), Workshop.starts_on >= month[0], Workshop.starts_on < month[1])))
    return query.order_by(Course.title, Course.id)


def to_close(today: date) -> ColumnElement[bool]:
    """Classes waiting to be closed: their last session is past and they are neither closed nor cancelled."""
    return and_(Workshop.status.in_(UNCLOSED_STATUSES), Workshop.ends_on < today)


def upcoming_sessions(employee_id: int, today: date, limit: int) -> list[WorkshopSession]:
    """The next sessions (from today) of the classes the employee holds a seat in, soonest first, with their
    class and course (one query)."""
    return list(db.session.scalars(
        select(WorkshopSession).join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Enrolment, Enrolment.workshop_id == Workshop.id)
        .options(joinedload(WorkshopSession.workshop).joinedload(Workshop.course))
        .where(Enrolment.employee_id == employee_id, Enrolment.status == EnrolmentStatus.ENROLLED,
               Workshop.status.in_(UNCLOSED_STATUSES), WorkshopSession.session_date >= today)
        .order_by(WorkshopSession.session_date, WorkshopSession.starts_at, WorkshopSession.id).limit(limit)))


def enrolment_counts(employee_id: int) -> dict[str, int]:
    """{enrolment status: how many of the employee's enrolments have it} (one grouped query)."""
    return {str(status): int(count) for status, count in db.session.execute(
        select(Enrolment.status, func.count()).where(Enrolment.employee_id == employee_id)
        .group_by(Enrolment.status))}


def live_certificate_summary(employee_id: int) -> tuple[int, Certificate | None]:
    """(how many live certificates the employee holds, the latest one with its class and course): two queries."""
    mine = (select(Certificate).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
            .where(Enrolment.employee_id == employee_id, Certificate.revoked_at.is_(None)))
    count = db.session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    if not count:
        return 0, None
    return count, db.session.scalar(
        mine.options(joinedload(Certificate.enrolment).joinedload(Enrolment.workshop).joinedload(Workshop.course))
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc()).limit(1))


def course_competencies(course_ids: list[int]) -> dict[int, list[CourseCompetency]]:
    """Course id -> the competencies it develops, with their framework (one query)."""
    rows = db.session.scalars(
        select(CourseCompetency).options(joinedload(CourseCompetency.competency).joinedload(Competency.framework))
        .where(CourseCompetency.course_id.in_(course_ids)).order_by(CourseCompetency.id))
    result: dict[int, list[CourseCompetency]] = {}
    for row in rows:
        result.setdefault(row.course_id, []).append(row)
    return result


def status_counts(workshop_ids: list[int]) -> dict[int, dict[str, int]]:
    """Workshop id -> {enrolment status: count} (every id present, statuses without rows absent), one query."""
    counts: dict[int, dict[str, int]] = {workshop_id: {} for workshop_id in workshop_ids}
    if counts:
        for workshop_id, status, count in db.session.execute(
                select(Enrolment.workshop_id, Enrolment.status, func.count())
                .where(Enrolment.workshop_id.in_(list(counts))).group_by(Enrolment.workshop_id, Enrolment.status)):
            counts[workshop_id][status] = count
    return counts


def seat_counts(workshops: list[Workshop]) -> dict[int, Seats]:
    """Workshop id -> enrolled and waitlisted counts against its capacity (one query)."""
    counts = status_counts([workshop.id for workshop in workshops])
    return {workshop.id: Seats(workshop.capacity, counts[workshop.id].get(EnrolmentStatus.ENROLLED, 0),
                               counts[workshop.id].get(EnrolmentStatus.WAITLISTED, 0)) for workshop in workshops}


def next_workshops(course_ids: list[int], today: date) -> dict[int, NextWorkshop]:
    """Course id -> its first upcoming workshop with its seats (two queries)."""
    rank = func.row_number().over(partition_by=Workshop.course_id,
                                  order_by=(Workshop.starts_on.is_(None), Workshop.starts_on, Workshop.id))
    ranked = (select(Workshop.id, rank.label("rank"))
              .where(Workshop.course_id.in_(course_ids), _upcoming(today)).subquery())
    workshops = list(db.session.scalars(select(Workshop).join(ranked, ranked.c.id == Workshop.id)
                                        .where(ranked.c.rank == 1)))
    seats = seat_counts(workshops)
    return {w.course_id: NextWorkshop(w.id, w.starts_on, w.status, seats[w.id]) for w in workshops}


def provider_choices() -> list[str]:
    return list(db.session.scalars(select(Course.provider).distinct()
                                   .where(Course.status == CourseStatus.PUBLISHED, Course.provider != "")
                                   .order_by(Course.provider)))


def competency_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Competencies developed by published courses, grouped by framework name: [(framework, [(id, label)])]."""
    rows = db.session.execute(
        select(Framework.name, Competency.id, Competency.code, Competency.name).distinct()
        .join(Competency, Competency.framework_id == Framework.id)
        .join(CourseCompetency, CourseCompetency.competency_id == Competency.id)
        .join(Course, Course.id == CourseCompetency.course_id)
        .where(Course.status == CourseStatus.PUBLISHED).order_by(Framework.name, Competency.code))
    groups: dict[str, list[tuple[int, str]]] = {}
    for framework, competency_id, code, name in rows:
        groups.setdefault(framework, []).append((competency_id, f"{code} {name}"))
    return list(groups.items())


def month_choices(today: date) -> list[date]:
    """First days of the months that have an upcoming workshop of a published course."""
    starts = db.session.scalars(
        select(Workshop.starts_on).distinct().join(Course, Course.id == Workshop.course_id)
        .where(Course.status == CourseStatus.PUBLISHED, _upcoming(today), Workshop.starts_on.is_not(None)))
    return sorted({start.replace(day=1) for start in starts})


def course_for_page(course_id: int) -> Course | None:
    return db.session.scalar(
        select(Course).options(
            selectinload(Course.competencies).joinedload(CourseCompetency.competency).joinedload(Competency.framework),
            selectinload(Course.prerequisites))
        .where(Course.id == course_id))


def upcoming_workshops(course_id: int, today: date) -> list[Workshop]:
    """The course's open and closed workshops still to come, with their sessions and trainers."""
    return list(db.session.scalars(
        select(Workshop).options(selectinload(Workshop.sessions), selectinload(Workshop.trainers))
        .where(Workshop.course_id == course_id, _upcoming(today))
        .order_by(Workshop.starts_on.is_(None), Workshop.starts_on, Workshop.id)))


def enrolments_by_workshop(employee_id: int, workshop_ids: list[int]) -> dict[int, Enrolment]:
    return {enrolment.workshop_id: enrolment for enrolment in db.session.scalars(
        select(Enrolment).where(Enrolment.employee_id == employee_id, Enrolment.workshop_id.in_(workshop_ids)))}


def my_enrolments(employee_id: int) -> list[Enrolment]:
    """Every enrolment of the employee with its workshop and course, the latest workshops first."""
    return list(db.session.scalars(
        select(Enrolment).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .options(joinedload(Enrolment.workshop).joinedload(Workshop.course))
        .where(Enrolment.employee_id == employee_id)
        .order_by(Workshop.starts_on.is_(None).desc(), Workshop.starts_on.desc(), Enrolment.id.desc())))


def materials_by_workshop(workshop_ids: list[int]) -> dict[int, list[Material]]:
    """Workshop id -> its materials (without the files' bytes), in one query."""
    result: dict[int, list[Material]] = {}
    if not workshop_ids:
        return result
    for material in db.session.scalars(select(Material).where(Material.workshop_id.in_(workshop_ids))
                                       .order_by(Material.created_at, Material.id)):
        result.setdefault(material.workshop_id, []).append(material)
    return result


def live_certificates(enrolment_ids: list[int]) -> dict[int, Certificate]:
    """Enrolment id -> its live certificate (without the PDF), in one query."""
    if not enrolment_ids:
        return {}
    return {certificate.enrolment_id: certificate for certificate in db.session.scalars(
        select(Certificate).where(Certificate.enrolment_id.in_(enrolment_ids), Certificate.revoked_at.is_(None)))}


def feedback_given(enrolment_ids: list[int]) -> set[int]:
    """The enrolments whose participant has already rated the workshop."""
    if not enrolment_ids:
        return set()
    return set(db.session.scalars(select(Feedback.enrolment_id).where(Feedback.enrolment_id.in_(enrolment_ids))))


# --- the approval queue's context ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CompetencyNeed:
    """A competency a course develops, against one employee: their current level, the level their position
    requires (None when it requires none), and the level the course grants."""

    name: str
    current: int
    required: int | None
    granted: int

    @property
    def gap(self) -> int:
        return max(0, (self.required or 0) - self.current)


@dataclass(frozen=True)
class ApprovalContext:
    needs: list[CompetencyNeed]
    jp_this_year: int


def approval_contexts(enrolments: list[Enrolment], year: int) -> dict[int, ApprovalContext]:
    """{enrolment id: what a supervisor weighs}: the competencies the course develops with the employee's current
    and required levels (gaps first), and the JP the employee has this year. Four queries for any number of rows."""
    if not enrolments:
        return {}
    employees = {enrolment.employee_id: enrolment.employee.position_id for enrolment in enrolments}
    developed: dict[int, list] = {}
    for row in db.session.execute(
            select(CourseCompetency.course_id, CourseCompetency.competency_id, CourseCompetency.granted_level,
                   Competency.name).join(Competency, Competency.id == CourseCompetency.competency_id)
            .where(CourseCompetency.course_id.in_({enrolment.workshop.course_id for enrolment in enrolments}))
            .order_by(Competency.name)):
        developed.setdefault(row.course_id, []).append(row)
    competency_ids = {row.competency_id for rows in developed.values() for row in rows}
    levels = current_levels_of(employees) if competency_ids else {}
    required = {(row.position_id, row.competency_id): row.level for row in db.session.execute(
        select(Requirement.position_id, Requirement.competency_id, Requirement.level)
        .where(Requirement.position_id.in_(set(employees.values())), Requirement.competency_id.in_(competency_ids)))
    } if competency_ids else {}
    jp = dict(db.session.execute(
        select(TrainingRecord.employee_id, func.sum(TrainingRecord.hours_jp))
        .where(TrainingRecord.employee_id.in_(employees), TrainingRecord.counted(),
               TrainingRecord.ends_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(TrainingRecord.employee_id)).all())
    contexts = {}
    for enrolment in enrolments:
        employee_id, position_id = enrolment.employee_id, employees[enrolment.employee_id]
        needs = [CompetencyNeed(row.name, levels.get(employee_id, {}).get(row.competency_id, 0),
                                required.get((position_id, row.competency_id)), row.granted_level)
                 for row in developed.get(enrolment.workshop.course_id, [])]
        contexts[enrolment.id] = ApprovalContext(sorted(needs, key=lambda need: (-need.gap, need.name)),
                                                 int(jp.get(employee_id) or 0))
    return contexts
