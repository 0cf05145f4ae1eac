"""Analisis kebutuhan pelatihan (training-needs analysis) of a unit with its sub-units, or of the whole city.

Every active employee of the scope gets the plan of :mod:`courses.planning.recommendations` (same rule, same catalogue);
then, per course:

- demand: the people whose plan contains it, and its severity, the weighted gap it closes for them (a critical
  requirement counts double; a course planned only as a prerequisite carries the severity of the courses it
  opens);
- placed: those of them already holding or awaiting a place in a class of it that has not started;
- seats: free seats in its classes open for enrolment today (:func:`courses.planning.recommendations.open_seats`,
  the count an employee's page shows);
- requested: the people in scope who asked for a class of it (:mod:`courses.enrolment.demand`), beside the need
  computed from gaps; a course asked for but in nobody's plan is listed too;
- mandatory: the people in scope who owe the mandatory programme the course is and lack it
  (:mod:`courses.records.mandatory`), counted among its people (once) and first in the ranking, as the
  regulation requires the programme whatever the gaps;
- shortfall: people neither placed nor covered by the free seats, as "open N more classes of M seats", M being
  the course's usual class size (the median capacity of its classes, ``TNA_CLASS_SIZE`` when it has none).

A fixed number of queries for any scope; the plans are computed in memory, people with the same position,
levels and completed courses sharing one computation.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from competencies.gaps import in_unit, requirement_weight
from competencies.models import Competency, CurrentLevel, Requirement
from courses.enrolment.demand import demand_counts
from courses.models import ACTIVE_ENROLMENT_STATUSES, Course, Enrolment, Workshop, WorkshopStatus
from courses.planning.planner import Catalogue, Gap, Plan, plan_courses
from courses.planning.recommendations import catalogue_for, completed_courses, load_options, open_seats
from courses.records.mandatory import lacking_ids, programme_courses
from lms.extensions import db
from lms.people.models import Employee, Position

NOT_STARTED = (WorkshopStatus.DRAFT, WorkshopStatus.OPEN, WorkshopStatus.CLOSED)


@dataclass
class CourseNeed:
    course: Course
    people: int = 0
    severity: int = 0
    placed: int = 0
    seats_left: int = 0
    classes: int = 0  # classes open for enrolment
    class_size: int = 0
    requested: int = 0  # active requests for a class (permintaan kelas) from people in scope
    mandatory: int = 0  # people in scope who owe the mandatory programme this course is and lack it

    @property
    def unplaced(self) -> int:
        return self.people - self.placed

    @property
    def shortfall(self) -> int:
        return max(0, self.unplaced - self.seats_left)

    @property
    def extra_classes(self) -> int:
        return math.ceil(self.shortfall / self.class_size) if self.shortfall else 0


@dataclass
class TrainingNeeds:
    people: int  # active employees in scope
    people_with_gap: int
    needs: list[CourseNeed]  # most severe first
    uncloseable: list[tuple[Competency, int]]  # competencies with gaps no course closes, and how many people
    # course id -> (employee id, severity) of the unplaced people who need it, most severe first
    candidates: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Person:
    id: int
    position_id: int
    kind: str


def _people(unit_id: int | None) -> list[_Person]:
    return [_Person(*row) for row in db.session.execute(
        select(Employee.id, Employee.position_id, Position.kind).join(Position, Position.id == Employee.position_id)
        .where(Employee.is_active.is_(True), in_unit(unit_id)))]


def _requirements(unit_id: int | None) -> dict[int, list[tuple[int, int, int]]]:
    """Position id -> (competency id, required level, weight) of the positions held in scope."""
    held = select(Employee.position_id).where(Employee.is_active.is_(True), in_unit(unit_id)).distinct()
    requirements: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for row in db.session.execute(select(Requirement.position_id, Requirement.competency_id, Requirement.level,
                                         Requirement.weight).where(Requirement.position_id.in_(held))):
        requirements[row.position_id].append((row.competency_id, row.level, requirement_weight(row.weight)))
    return requirements


def _levels(unit_id: int | None) -> dict[int, dict[int, int]]:
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for employee_id, competency_id, level in db.session.execute(
            select(CurrentLevel.employee_id, CurrentLevel.competency_id, CurrentLevel.level)
            .join(Employee, Employee.id == CurrentLevel.employee_id)
            .where(Employee.is_active.is_(True), in_unit(unit_id))):
        levels[employee_id][competency_id] = level
    return levels


def _completed(unit_id: int | None) -> dict[int, set[int]]:
    return completed_courses(Enrolment.employee_id.in_(
        select(Employee.id).where(Employee.is_active.is_(True), in_unit(unit_id))))


def _placed(unit_id: int | None) -> set[tuple[int, int]]:
    """(employee id, course id) of the active enrolments in classes not started."""
    return set(db.session.execute(
        select(Enrolment.employee_id, Workshop.course_id).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .join(Employee, Employee.id == Enrolment.employee_id)
        .where(Enrolment.status.in_(ACTIVE_ENROLMENT_STATUSES), Workshop.status.in_(NOT_STARTED),
               Employee.is_active.is_(True), in_unit(unit_id))).all())


def _seats(course_ids: list[int], today: date, default_size: int) -> dict[int, tuple[int, int, int]]:
    """Course id -> (free seats in its classes open for enrolment, number of such classes, usual class size)."""
    free: dict[int, int] = defaultdict(int)
    classes: dict[int, int] = defaultdict(int)
    for open_class in open_seats(course_ids, today):
        free[open_class.workshop.course_id] += open_class.seats.left
        classes[open_class.workshop.course_id] += 1
    capacities: dict[int, list[int]] = defaultdict(list)
    for course_id, capacity in db.session.execute(select(Workshop.course_id, Workshop.capacity).where(
            Workshop.course_id.in_(course_ids), Workshop.status != WorkshopStatus.CANCELLED)):
        capacities[course_id].append(capacity)
    return {course_id: (free[course_id], classes[course_id],
                        round(statistics.median(capacities[course_id])) if capacities[course_id] else default_size)
            for course_id in course_ids}


def step_severities(plan: Plan, gaps: list[Gap], levels: dict[int, int]) -> dict[int, int]:
    """Course id -> the weighted gap its step closes; a prerequisite-only step gets that of the steps it opens."""
    by_competency = {gap.competency_id: gap for gap in gaps}
    own = {}
    for step in plan.steps:
        own[step.course_id] = sum(
            by_competency[change.competency_id].weight
            * (min(change.after, by_competency[change.competency_id].required)
               - min(change.before, by_competency[change.competency_id].required))
            for change in step.raises if change.competency_id in by_competency)
    return {step.course_id: own[step.course_id] + sum(own.get(opened, 0) for opened in step.prerequisite_for)
            for step in plan.steps}


def training_needs(unit_id: int | None, today: date, default_class_size: int) -> TrainingNeeds:
    options, kinds = load_options()
    catalogues: dict[str, Catalogue] = {}
    requirements, levels, completed = _requirements(unit_id), _levels(unit_id), _completed(unit_id)
    placed = _placed(unit_id)
    demand: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # course id -> people, severity, placed
    candidates: dict[int, list[tuple[int, int]]] = defaultdict(list)
    uncloseable: dict[int, int] = defaultdict(int)
    memo: dict[tuple, tuple[Plan, dict[int, int]]] = {}
    people = _people(unit_id)
    with_gap = 0
    for person in people:
        mine = levels.get(person.id, {})
        gaps = [Gap(competency_id, required, weight) for competency_id, required, weight
                in requirements.get(person.position_id, ()) if mine.get(competency_id, 0) < required]
        if not gaps:
            continue
        with_gap += 1
        done = frozenset(completed.get(person.id, ()))
        key = (person.kind, tuple(sorted(gaps, key=lambda gap: gap.competency_id)), tuple(sorted(mine.items())), done)
        if key not in memo:
            if person.kind not in catalogues:
                catalogues[person.kind] = catalogue_for(options, kinds, person.kind)
            plan = plan_courses(catalogues[person.kind], gaps, mine, done)
            memo[key] = (plan, step_severities(plan, gaps, mine))
        plan, severities = memo[key]
        for competency_id, _reached, _required in plan.open_gaps:
            uncloseable[competency_id] += 1
        for step in plan.steps:
            counts = demand[step.course_id]
            counts[0] += 1
            counts[1] += severities[step.course_id]
            if (person.id, step.course_id) in placed:
                counts[2] += 1
            else:
                candidates[step.course_id].append((person.id, severities[step.course_id]))
    mandatory = _add_mandatory(unit_id, today, demand, placed, candidates)
    return TrainingNeeds(len(people), with_gap,
                         _needs(demand, demand_counts(unit_id), mandatory, today, default_class_size),
                         _uncloseable(uncloseable),
                         {course_id: sorted(rows, key=lambda row: (-row[1], row[0]))
                          for course_id, rows in candidates.items()})


def _add_mandatory(unit_id: int | None, today: date, demand: dict[int, list[int]], placed: set[tuple[int, int]],
                   candidates: dict[int, list[tuple[int, int]]]) -> dict[int, int]:
    """Count the people who lack their mandatory programme as needing the (first published) course that is it,
    unless their plan has it already; course id -> how many lack it."""
    courses = {programme: course.id for programme, course in programme_courses().items()}
    planned = {(employee_id, course_id) for course_id, rows in candidates.items() for employee_id, _s in rows}
    lacking: dict[int, int] = defaultdict(int)
    for employee_id, programme in db.session.execute(lacking_ids(today, unit_id)):
        course_id = courses.get(programme)
        if course_id is None:
            continue
        lacking[course_id] += 1
        if (employee_id, course_id) in planned:
            continue
        demand[course_id][0] += 1
        if (employee_id, course_id) in placed:
            demand[course_id][2] += 1
        else:
            candidates[course_id].append((employee_id, 0))
    return lacking


def _needs(demand: dict[int, list[int]], requested: dict[int, int], mandatory: dict[int, int], today: date,
           default_class_size: int) -> list[CourseNeed]:
    course_ids = list(demand.keys() | requested.keys())
    if not course_ids:
        return []
    courses = {course.id: course for course in db.session.scalars(select(Course).where(Course.id.in_(course_ids)))}
    seats = _seats(course_ids, today, default_class_size)
    needs = [CourseNeed(courses[course_id], *demand.get(course_id, (0, 0, 0)), *seats[course_id],
                        requested=requested.get(course_id, 0), mandatory=mandatory.get(course_id, 0))
             for course_id in course_ids]
    return sorted(needs, key=lambda need: (not need.mandatory, -need.severity, -need.people, -need.requested,
                                           need.course.code))


def _uncloseable(counts: dict[int, int]) -> list[tuple[Competency, int]]:
    if not counts:
        return []
    competencies = db.session.scalars(select(Competency).where(Competency.id.in_(list(counts))))
    return sorted(((competency, counts[competency.id]) for competency in competencies),
                  key=lambda item: (-item[1], item[0].code))


def nomination_classes(course_id: int, today: date) -> list[Workshop]:
    """Classes of the course HR can still nominate people to (open or closed for enrolment, not started)."""
    return list(db.session.scalars(
        select(Workshop).where(Workshop.course_id == course_id,
                               Workshop.status.in_((WorkshopStatus.OPEN, WorkshopStatus.CLOSED)),
                               or_(Workshop.starts_on.is_(None), Workshop.starts_on >= today))
        .order_by(Workshop.starts_on.is_(None), Workshop.starts_on, Workshop.id)))


def employees_by_id(ids: list[int]) -> dict[int, Employee]:
    return {employee.id: employee for employee in db.session.scalars(
        select(Employee).options(joinedload(Employee.position)).where(Employee.id.in_(ids)))}


def plan_inputs(unit_id: int | None) -> tuple[dict[int, list[tuple[int, int, int]]], dict[int, dict[int, int]],
                                              dict[int, set[int]]]:
    """What the plans of the active employees in scope are computed from, each loaded in one query: position id ->
    (competency id, required level, weight), employee id -> competency id -> level, employee id -> completed
    course ids (for the AKPK, :mod:`courses.planning.akpk`)."""
    return _requirements(unit_id), _levels(unit_id), _completed(unit_id)
