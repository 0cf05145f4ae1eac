"""Analisis kebutuhan pengembangan kompetensi (AKPK) in the shape of PP 11/2017 Pasal 205-207 and Peraturan LAN
10/2018: per employee of a unit with its sub-units (or of the whole city) and a plan year, each need with its reason,
the proposed development, its SIASN kind, JP and estimated cost; totals per OPD for the budget.

Needs, per active employee in scope:

- mandatory training (pelatihan wajib) owed and lacking (:mod:`courses.records.mandatory`, as of the plan year: today
  for the current year, 1 January for a later one), met by the first published course that is the programme;
- competency gaps against the current position, one need per course of the employee's plan
  (:mod:`courses.planning.planner`, the same plan the employee's page shows), described by the gap it closes most
  (the other gaps it closes named in the reason; a course planned only as a prerequisite names the course it opens);
- a gap no course of the catalogue closes (fully): the kind of development by the competency's type ("Pelatihan
  teknis", "Pelatihan manajerial", "Pelatihan sosial kultural"), with no JP or cost.

The career path (the gaps against the positions an employee's position leads to) is not part of it: it takes a
plan per employee and target position, more than an analysis of the whole city can afford on each request.

Cost: JP x ``AKPK_COST_PER_JP`` (a city-wide rate, in rupiah; 0 = unknown, shown as "—"). A rate per course would
need HR to enter it on every course; one rate is what a budget estimate at this stage uses, and a setting needs no
change to the course records.

A fixed number of queries for any scope: everything is loaded in bulk, the plans computed in memory (people with
the same position kind, gaps, levels and completed courses share one computation).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from competencies.gaps import in_unit
from competencies.models import Competency
from competencies.views import TYPE_LABELS
from courses.models import MANDATORY_PROGRAMME_LABELS, Course
from courses.planning.planner import Catalogue, Gap, Plan, Step, plan_courses
from courses.planning.recommendations import catalogue_for, load_options
from courses.planning.training_needs import plan_inputs
from courses.records.mandatory import lacking_ids, programme_courses
from courses.siasn_kinds import STRUCTURAL, TECHNICAL, kind_label
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position
from lms.people.queries import agency_names
from lms.tabular import INTEGER, TEXT, Sheet, xlsx_workbook_bytes

# The SIASN kind of a development no course of the catalogue offers, by the competency's type.
KIND_BY_TYPE = {"teknis": TECHNICAL, "manajerial": 5, "sosial_kultural": 6}


def development_label(competency_type: str) -> str:
    return {"teknis": _("Pelatihan teknis"), "manajerial": _("Pelatihan manajerial"),
            "sosial_kultural": _("Pelatihan sosial kultural")}[competency_type]


@dataclass(frozen=True)
class Person:
    id: int
    nip: str
    name: str
    position_id: int
    position_kind: str
    position: str
    unit_id: int
    unit: str
    agency: str = ""


@dataclass(frozen=True)
class Need:
    person: Person
    reason: str
    competency: Competency | None  # None for mandatory training
    standard: int | None
    current: int | None
    course: Course | None  # None: no course of the catalogue meets it
    proposal: str  # the course's title, or the kind of development
    siasn_kind: str
    jp: int | None
    cost: int | None  # None: unknown

    @property
    def gap(self) -> int | None:
        return None if self.standard is None else self.standard - (self.current or 0)


@dataclass(frozen=True)
class AgencyTotal:
    agency: str
    people: int  # employees with at least one need
    needs: int
    jp: int
    cost: int | None


@dataclass(frozen=True)
class Akpk:
    year: int
    people: int  # active employees in scope
    needs: list[Need]  # by OPD, unit, name
    totals: list[AgencyTotal]  # by OPD name, then their sum
    cost_per_jp: int


def reference_date(year: int, today: date) -> date:
    return today if year <= today.year else date(year, 1, 1)


def akpk(unit_id: int | None, year: int, today: date) -> Akpk:
    cost_per_jp = current_app.config["AKPK_COST_PER_JP"]
    people = _people(unit_id)
    requirements, levels, completed = plan_inputs(unit_id)
    options, kinds = load_options()
    catalogues: dict[str, Catalogue] = {}
    memo: dict[tuple, Plan] = {}
    plans: dict[int, tuple[list[Gap], Plan]] = {}
    for person in people:
        mine = levels.get(person.id, {})
        gaps = [Gap(competency_id, required, weight) for competency_id, required, weight
                in requirements.get(person.position_id, ()) if mine.get(competency_id, 0) < required]
        if not gaps:
            continue
        done = frozenset(completed.get(person.id, ()))
        key = (person.position_kind, tuple(sorted(gaps, key=lambda gap: gap.competency_id)),
               tuple(sorted(mine.items())), done)
        if key not in memo:
            if person.position_kind not in catalogues:
                catalogues[person.position_kind] = catalogue_for(options, kinds, person.position_kind)
            memo[key] = plan_courses(catalogues[person.position_kind], gaps, mine, done)
        plans[person.id] = (gaps, memo[key])
    owed = dict(db.session.execute(lacking_ids(reference_date(year, today), unit_id)).all())
    mandatory_courses = programme_courses()
    courses = _courses({step.course_id for _gaps, plan in plans.values() for step in plan.steps}
                       | {course.id for course in mandatory_courses.values()})
    competencies = _competencies({gap.competency_id for gaps, _plan in plans.values() for gap in gaps})
    builder = _Builder(courses, competencies, cost_per_jp)
    needs: list[Need] = []
    for person in people:
        programme = owed.get(person.id)
        course = mandatory_courses.get(programme) if programme else None
        if programme:
            needs.append(builder.mandatory(person, programme, course))
        if person.id in plans:
            gaps, plan = plans[person.id]
            needs.extend(builder.from_plan(person, gaps, levels.get(person.id, {}), plan,
                                           skip=course.id if course else None))
    return Akpk(year, len(people), needs, sheet_totals([need_row(need) for need in needs], cost_per_jp), cost_per_jp)


class _Builder:
    def __init__(self, courses: dict[int, Course], competencies: dict[int, Competency], cost_per_jp: int) -> None:
        self.courses, self.competencies, self.cost_per_jp = courses, competencies, cost_per_jp

    def _course_need(self, person: Person, reason: str, competency: Competency | None, standard: int | None,
                     current: int | None, course: Course) -> Need:
        return Need(person, reason, competency, standard, current, course, course.title,
                    kind_label(course.siasn_kind_id, course.structural_kind_id), course.hours_jp,
                    course.hours_jp * self.cost_per_jp if self.cost_per_jp else None)

    def mandatory(self, person: Person, programme: str, course: Course | None) -> Need:
        label = str(MANDATORY_PROGRAMME_LABELS[programme])
        reason = _("Pelatihan wajib jabatan: %(programme)s", programme=label)
        if course is not None:
            return self._course_need(person, reason, None, None, None, course)
        structural_id = current_app.config["MANDATORY_STRUCTURAL_IDS"].get(programme)
        return Need(person, reason, None, None, None, None, _("%(programme)s (belum ada di katalog)", programme=label),
                    kind_label(STRUCTURAL, structural_id) if structural_id else "", None, None)

    def from_plan(self, person: Person, gaps: list[Gap], levels: dict[int, int], plan: Plan,
                  skip: int | None) -> list[Need]:
        by_competency = {gap.competency_id: gap for gap in gaps}
        steps = {step.course_id: step for step in plan.steps}
        needs = []
        for step in plan.steps:
            if step.course_id == skip:
                continue
            course = self.courses[step.course_id]
            main, others = self._closes(step, steps, by_competency)
            if step.raises:
                reason = _("Kesenjangan kompetensi")
            else:
                reason = _("Prasyarat untuk %(courses)s",
                           courses=", ".join(self.courses[opened].title for opened in step.prerequisite_for))
            if others:
                reason += "; " + _("juga menutup: %(names)s",
                                   names=", ".join(self.competencies[other].name for other in others))
            gap = by_competency.get(main) if main is not None else None
            needs.append(self._course_need(person, reason, self.competencies.get(main) if main is not None else None,
                                           gap.required if gap else None, levels.get(main, 0) if gap else None,
                                           course))
        for competency_id, reached, required in plan.open_gaps:
            competency = self.competencies[competency_id]
            current = levels.get(competency_id, 0)
            reason = _("Kesenjangan kompetensi; tidak ada pelatihan di katalog yang menutupnya")
            if reached > current:
                reason = _("Kesenjangan kompetensi; pelatihan di katalog hanya sampai level %(level)s", level=reached)
            needs.append(Need(person, reason, competency, required, current, None,
                              _("%(kind)s (belum ada di katalog)", kind=development_label(competency.type)),
                              kind_label(KIND_BY_TYPE[competency.type]), None, None))
        return needs

    def _closes(self, step: Step, steps: dict[int, Step],
                by_competency: dict[int, Gap]) -> tuple[int | None, list[int]]:
        """The gap competency the step closes most (weighted levels; a prerequisite: that of the courses it opens),
        and the others it closes."""
        raises = step.raises or tuple(change for opened in step.prerequisite_for if opened in steps
                                      for change in steps[opened].raises)
        closed: dict[int, int] = defaultdict(int)
        for change in raises:
            gap = by_competency.get(change.competency_id)
            if gap is not None:
                closed[change.competency_id] += gap.weight * (min(change.after, gap.required)
                                                              - min(change.before, gap.required))
        closed = {competency_id: value for competency_id, value in closed.items() if value > 0}
        if not closed:
            return None, []
        ordered = sorted(closed, key=lambda competency_id: (-closed[competency_id],
                                                            self.competencies[competency_id].code))
        return ordered[0], ordered[1:]


def _people(unit_id: int | None) -> list[Person]:
    rows = db.session.execute(
        select(Employee.id, Employee.nip, Employee.name, Employee.position_id, Position.kind, Position.name,
               Employee.unit_id, OrgUnit.name)
        .join(Position, Position.id == Employee.position_id).join(OrgUnit, OrgUnit.id == Employee.unit_id)
        .where(Employee.is_active.is_(True), in_unit(unit_id))).all()
    units = list(db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_({row[6] for row in rows})))) if rows else []
    agencies = agency_names(units) if units else {}
    people = [Person(*row, agency=agencies.get(row[6], "")) for row in rows]
    return sorted(people, key=lambda person: (person.agency, person.unit, person.name, person.id))


def _courses(ids: set[int]) -> dict[int, Course]:
    return {course.id: course for course in db.session.scalars(select(Course).where(Course.id.in_(ids)))} if ids else {}


def _competencies(ids: set[int]) -> dict[int, Competency]:
    if not ids:
        return {}
    return {competency.id: competency
            for competency in db.session.scalars(select(Competency).where(Competency.id.in_(ids)))}


def sheet_totals(rows: list[tuple], cost_per_jp: int) -> list[AgencyTotal]:
    """Per OPD (by name), then their sum: people (by NIP), needs, JP and cost of AKPK sheet rows
    (:func:`need_row`; the cost is unknown without a rate)."""
    by_agency: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_agency[row[4]].append(row)
    groups = [(agency or _("(di luar OPD)"), group) for agency, group in sorted(by_agency.items())]
    return [AgencyTotal(name, len({row[0] for row in group}), len(group), sum(row[13] or 0 for row in group),
                        sum(row[14] or 0 for row in group) if cost_per_jp else None)
            for name, group in [*groups, (_("Jumlah"), rows)]]


def type_label(competency: Competency | None) -> str:
    return str(TYPE_LABELS[competency.type]) if competency is not None else ""


NEEDS_HEADER = ("NIP", "Nama", "Jabatan", "Unit", "OPD", "Jenis kompetensi", "Kompetensi", "Standar", "Saat ini",
                "Kesenjangan", "Alasan", "Usulan pelatihan", "Jenis diklat SIASN", "JP", "Biaya (Rp)")
NEEDS_FORMATS = {0: TEXT, 7: INTEGER, 8: INTEGER, 9: INTEGER, 13: INTEGER, 14: INTEGER}
TOTALS_HEADER = ("OPD", "Pegawai", "Kebutuhan", "JP", "Biaya (Rp)")
TOTALS_FORMATS = {1: INTEGER, 2: INTEGER, 3: INTEGER, 4: INTEGER}


def need_row(need: Need) -> tuple:
    """A row of the AKPK sheet (a blank cell where a value does not apply or is unknown)."""
    return (need.person.nip, need.person.name, need.person.position, need.person.unit, need.person.agency,
            type_label(need.competency), need.competency.name if need.competency else "", need.standard,
            need.current, need.gap, need.reason, need.proposal, need.siasn_kind, need.jp, need.cost)


def total_row(total: AgencyTotal) -> tuple:
    return (total.agency, total.people, total.needs, total.jp, total.cost)


def workbook(year: int, rows: list[tuple], totals: list[AgencyTotal]) -> bytes:
    """The AKPK in two sheets: the needs per employee (:func:`need_row`), and the totals per OPD for the budget."""
    return xlsx_workbook_bytes([
        Sheet(_("AKPK %(year)s", year=year), NEEDS_HEADER, rows, formats=NEEDS_FORMATS),
        Sheet(_("Rekap per OPD"), TOTALS_HEADER, map(total_row, totals), formats=TOTALS_FORMATS),
    ])
