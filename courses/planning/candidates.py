"""Calon jabatan: the employees who could move to a position, by their JPM against its standard.

The candidates are the active employees of the positions whose career paths lead to it, directly or further on
(:func:`competencies.graph.career_sources`). Each is compared with the position's standar kompetensi jabatan as an
assessment for promotion compares them: JPM (:mod:`competencies.jpm`) with its *selection* category (Memenuhi
Syarat, Masih Memenuhi Syarat, Kurang Memenuhi Syarat), the competencies below the required level and the total
gap. Three queries whatever the number of candidates (the requirements, the candidates, their levels on the
required competencies) and one pass in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from competencies import graph, jpm
from competencies.models import Competency, CurrentLevel, Requirement
from competencies.queries import current_graph
from lms.extensions import db
from lms.people.models import Employee, Position


@dataclass(frozen=True)
class Candidate:
    employee: Employee
    jpm: float
    category: jpm.Category  # selection category
    below: int  # required competencies below the required level
    total_gap: int  # levels still missing


@dataclass(frozen=True)
class Candidates:
    position: Position
    requirement_count: int
    source_positions: int  # positions whose career paths lead here
    people: list[Candidate]  # best JPM first, then the smallest total gap, then by name


def position_candidates(position: Position) -> Candidates:
    """The candidates for ``position``, best match first (none without requirements or career paths to it)."""
    requirements = db.session.execute(
        select(Requirement.competency_id, Requirement.level, Competency.type)
        .join(Competency, Competency.id == Requirement.competency_id)
        .where(Requirement.position_id == position.id)).all()
    sources = [source for source in graph.career_sources(current_graph(), position.id) if source != position.id]
    if not requirements or not sources:
        return Candidates(position, len(requirements), len(sources), [])
    employees = db.session.scalars(
        select(Employee).options(joinedload(Employee.position), joinedload(Employee.unit))
        .where(Employee.position_id.in_(sources), Employee.is_active.is_(True))).all()
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    if employees:
        for employee_id, competency_id, level in db.session.execute(
                select(CurrentLevel.employee_id, CurrentLevel.competency_id, CurrentLevel.level)
                .join(Employee, Employee.id == CurrentLevel.employee_id)
                .where(Employee.position_id.in_(sources), Employee.is_active.is_(True),
                       CurrentLevel.competency_id.in_([row.competency_id for row in requirements]))):
            levels[employee_id][competency_id] = level
    rule = jpm.current_rule()
    people = []
    for employee in employees:
        held = levels.get(employee.id, {})
        rows = [(row.level, held.get(row.competency_id, 0), row.type) for row in requirements]
        figure = jpm.of_requirements(rows, rule)
        if figure is None:  # never: a required level is at least 1 (models.Requirement)
            continue
        people.append(Candidate(employee, figure, jpm.category(figure, jpm.SELECTION, rule),
                                sum(1 for required, current, _type in rows if current < required),
                                sum(max(0, required - current) for required, current, _type in rows)))
    people.sort(key=lambda c: (-c.jpm, c.total_gap, c.employee.name.lower(), c.employee.id))
    return Candidates(position, len(requirements), len(sources), people)
