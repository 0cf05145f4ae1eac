"""Workshop recommendations: the courses that close an employee's competency gaps, in the order to take them.

The choice itself is :func:`courses.planning.planner.plan_courses` (pure); this module loads what it needs in a bounded
number of queries: the published catalogue with its competencies and prerequisites, the courses the employee
has completed, the next open workshop of each planned course and the employee's own enrolments in it.
Courses whose every class is reserved for other position kinds are left out for the employee.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select

from competencies import graph
from competencies.gaps import GapRow, PositionGaps, current_levels_of, position_gaps, requirement_weight
from competencies.queries import current_graph
from courses.catalogue.queries import Seats, seat_counts
from courses.enrolment.demand import active_demands
from courses.enrolment.models import CourseDemand
from courses.enrolment.queries import admits, announced_classes, open_classes
from courses.enrolment.services import enrolment_refusal
from courses.models import (
    ACTIVE_ENROLMENT_STATUSES,
    Course,
    CourseCompetency,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Workshop,
    WorkshopStatus,
    course_prerequisites,
)
from courses.planning.planner import Catalogue, CourseOption, Gap, Grant, Plan, Step, plan_courses
from lms.extensions import db
from lms.people.models import Employee, Position


def load_options() -> tuple[list[CourseOption], dict[int, frozenset[str] | None]]:
    """The published courses as planning options (three queries), and the position kinds each is open to
    (None: every kind) from the kinds of its classes."""
    courses = db.session.execute(select(Course.id, Course.code, Course.hours_jp)
                                 .where(Course.status == CourseStatus.PUBLISHED))
    grants: dict[int, list[Grant]] = defaultdict(list)
    for row in db.session.execute(select(CourseCompetency.course_id, CourseCompetency.competency_id,
                                         CourseCompetency.entry_level, CourseCompetency.granted_level)):
        grants[row.course_id].append(Grant(row.competency_id, row.entry_level, row.granted_level))
    prerequisites: dict[int, list[int]] = defaultdict(list)
    for course_id, required_id in db.session.execute(select(course_prerequisites.c.course_id,
                                                            course_prerequisites.c.required_course_id)):
        prerequisites[course_id].append(required_id)
    options = [CourseOption(row.id, row.code, row.hours_jp, tuple(grants[row.id]), tuple(prerequisites[row.id]))
               for row in courses]
    return options, _open_to_kinds()


def _open_to_kinds() -> dict[int, frozenset[str] | None]:
    kinds: dict[int, set[str] | None] = {}
    for course_id, eligible in db.session.execute(select(Workshop.course_id, Workshop.eligible_position_kinds)
                                                  .where(Workshop.status != WorkshopStatus.CANCELLED)):
        if not eligible or kinds.get(course_id, set()) is None:
            kinds[course_id] = None
        else:
            kinds.setdefault(course_id, set()).update(eligible)
    return {course_id: None if value is None else frozenset(value) for course_id, value in kinds.items()}


def catalogue_for(options: list[CourseOption], kinds: dict[int, frozenset[str] | None], kind: str) -> Catalogue:
    """The catalogue of a position kind: without the courses reserved for other kinds."""
    return Catalogue(option for option in options if kinds.get(option.id) is None or kind in kinds[option.id])


def completed_courses(which_employees: ColumnElement[bool]) -> dict[int, set[int]]:
    """Employee id -> ids of the courses they completed, for the enrolments matching ``which_employees`` (a
    condition on ``Enrolment.employee_id``): one query."""
    done: dict[int, set[int]] = defaultdict(set)
    for employee_id, course_id in db.session.execute(
            select(Enrolment.employee_id, Workshop.course_id).join(Workshop, Workshop.id == Enrolment.workshop_id)
            .where(which_employees, Enrolment.status == EnrolmentStatus.COMPLETED)):
        done[employee_id].add(course_id)
    return done


def planning_gaps(rows: Iterable[GapRow]) -> list[Gap]:
    return [Gap(row.competency_id, row.required, requirement_weight(row.weight)) for row in rows if row.gap]


# --- one employee's page -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NextClass:
    workshop: Workshop
    seats: Seats


@dataclass(frozen=True)
class Recommendation:
    course: Course
    step: Step
    reasons: list[str]
    next_class: NextClass | None
    enrolment: Enrolment | None  # the employee's active enrolment in one of the course's classes
    refusal: str | None = None  # why the employee cannot enrol in the next class (the enrolment rule's message)
    demand: CourseDemand | None = None  # the employee's request for a class, when none is open to them
    announced: Workshop | None = None  # with no class open yet, one whose enrolment opens later


@dataclass(frozen=True)
class Recommendations:
    gaps: PositionGaps  # against the current position, or the target one in career mode
    target: Position | None
    items: list[Recommendation]
    uncloseable: list[tuple[GapRow, int]]  # a gap no course can close, with the level the plan reaches
    total_jp: int


def career_targets(position_id: int) -> list[Position]:
    """Positions the career paths lead to from this one (directly or further), by name."""
    ids = graph.career_targets(current_graph(), position_id)
    if not ids:
        return []
    return list(db.session.scalars(select(Position).where(Position.id.in_(ids)).order_by(Position.name)))


def recommend(employee: Employee, today: date, target: Position | None = None) -> Recommendations:
    """The plan for the employee's gaps against their position (or ``target``), with the next class of each
    course and why it is there."""
    levels = current_levels_of([employee.id]).get(employee.id, {})
    gaps = position_gaps(target.id if target else employee.position_id, levels)
    options, kinds = load_options()
    plan = plan_courses(catalogue_for(options, kinds, employee.position.kind), planning_gaps(gaps.rows), levels,
                        frozenset(completed_courses(Enrolment.employee_id == employee.id)[employee.id]))
    return Recommendations(gaps, target, _items(employee, plan, gaps, today, target is not None),
                           _uncloseable(plan, gaps), plan.total_jp)


def _uncloseable(plan: Plan, gaps: PositionGaps) -> list[tuple[GapRow, int]]:
    rows = {row.competency_id: row for row in gaps.rows}
    return [(rows[competency_id], reached) for competency_id, reached, _required in plan.open_gaps]


def _items(employee: Employee, plan: Plan, gaps: PositionGaps, today: date, career: bool) -> list[Recommendation]:
    course_ids = [step.course_id for step in plan.steps]
    if not course_ids:
        return []
    courses = {course.id: course for course in db.session.scalars(select(Course).where(Course.id.in_(course_ids)))}
    classes = next_classes(course_ids, employee.position.kind, today)
    enrolments = _active_enrolments(employee.id, course_ids)
    demands = active_demands(employee.id, course_ids)
    later = announced_classes([course_id for course_id in course_ids if course_id not in classes],
                              employee.position.kind, today)
    rows = {row.competency_id: row for row in gaps.rows}
    items = []
    for step in plan.steps:
        next_class, enrolment = classes.get(step.course_id), enrolments.get(step.course_id)
        refusal = (enrolment_refusal(next_class.workshop, employee, today)
                   if next_class is not None and enrolment is None else None)
        items.append(Recommendation(courses[step.course_id], step, _reasons(step, rows, courses, career), next_class,
                                    enrolment, refusal, demands.get(step.course_id), later.get(step.course_id)))
    return items


def _reasons(step: Step, rows: dict[int, GapRow], courses: dict[int, Course], career: bool) -> list[str]:
    reasons = []
    for change in step.raises:
        row = rows[change.competency_id]
        if career:
            why = _("wajib untuk jabatan tujuan")
        elif row.critical:
            why = _("kritis untuk jabatan Anda")
        else:
            why = _("wajib untuk jabatan Anda")
        reasons.append(_("%(competency)s %(before)d → %(after)d, %(why)s (level %(required)d)",
                         competency=row.name, before=change.before, after=change.after, why=why,
                         required=row.required))
    if step.prerequisite_for:
        titles = ", ".join(courses[course_id].title for course_id in step.prerequisite_for)
        reasons.append(_("Prasyarat untuk %(courses)s", courses=titles))
    return reasons


def open_seats(course_ids: list[int], today: date) -> list[NextClass]:
    """The classes of these courses open for enrolment today, soonest first, with their seats: the one count of
    open seats, for an employee's recommendations and the training-needs analysis alike (two queries)."""
    workshops = open_classes(course_ids, today)
    seats = seat_counts(workshops)
    return [NextClass(workshop, seats[workshop.id]) for workshop in workshops]


def next_classes(course_ids: list[int], position_kind: str, today: date) -> dict[int, NextClass]:
    """Course id -> its first class open for enrolment today that admits the position kind."""
    first: dict[int, NextClass] = {}
    for open_class in open_seats(course_ids, today):
        if open_class.workshop.course_id not in first and admits(open_class.workshop, position_kind):
            first[open_class.workshop.course_id] = open_class
    return first


def _active_enrolments(employee_id: int, course_ids: list[int]) -> dict[int, Enrolment]:
    return {enrolment.workshop.course_id: enrolment for enrolment in db.session.scalars(
        select(Enrolment).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .where(Enrolment.employee_id == employee_id, Workshop.course_id.in_(course_ids),
               Enrolment.status.in_(ACTIVE_ENROLMENT_STATUSES)))}
