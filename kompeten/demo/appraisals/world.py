"""What the fabrication of the demo appraisals reads of the city and of the opened cycle: the appraisals with
their competencies, the scales and indicators, the units, the people and who has an account."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import and_, select

from competencies.appraisals.models import Appraisal, AppraisalItem
from competencies.models import Competency, CompetencyLevel, CurrentLevel, Framework, Indicator
from lms.auth.models import User
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position


class Person(NamedTuple):
    nip: str
    unit_id: int
    position: str


class Snapshot(NamedTuple):
    employee_id: int
    unit_id: int
    supervisor_id: int | None


@dataclass
class World:
    """What the fabrication needs to know of the city and the opened cycle."""

    appraisals: dict[int, Snapshot]
    items: dict[int, list[tuple[int, int, int | None]]]  # appraisal id -> (competency, required, current level)
    top: dict[int, int]  # competency id -> the top of its framework's scale
    indicators: dict[int, dict[int, list[int]]]  # competency id -> {level: indicator ids}
    paths: dict[int, str]  # unit id -> path
    people: dict[int, Person]
    accounts: set[int]  # employees with an account
    order: list[int] = field(default_factory=list)  # appraisal ids by NIP: ids depend on the database's row order
    staff: dict[int, list[int]] = field(default_factory=dict)  # supervisor id -> appraisal ids


def load_world(cycle_id: int, root_path: str) -> World:
    in_cycle = Appraisal.cycle_id == cycle_id
    appraisals = {row[0]: Snapshot(*row[1:]) for row in db.session.execute(
        select(Appraisal.id, Appraisal.employee_id, Appraisal.unit_id, Appraisal.supervisor_id).where(in_cycle))}
    items: dict[int, list[tuple[int, int, int | None]]] = {}
    for appraisal_id, competency_id, required, current in db.session.execute(
            select(AppraisalItem.appraisal_id, AppraisalItem.competency_id, AppraisalItem.required_level,
                   CurrentLevel.level)
            .join(Appraisal, Appraisal.id == AppraisalItem.appraisal_id)
            .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Appraisal.employee_id,
                                          CurrentLevel.competency_id == AppraisalItem.competency_id))
            .where(in_cycle).order_by(AppraisalItem.appraisal_id, AppraisalItem.competency_id)):
        items.setdefault(appraisal_id, []).append((competency_id, required, current))
    used = (select(AppraisalItem.competency_id).join(Appraisal, Appraisal.id == AppraisalItem.appraisal_id)
            .where(in_cycle).distinct())
    top = {competency_id: len(scale) for competency_id, scale in db.session.execute(
        select(Competency.id, Framework.scale).join(Framework, Framework.id == Competency.framework_id)
        .where(Competency.id.in_(used)))}
    indicators: dict[int, dict[int, list[int]]] = {}
    for competency_id, level, indicator_id in db.session.execute(
            select(CompetencyLevel.competency_id, CompetencyLevel.level, Indicator.id)
            .outerjoin(Indicator, Indicator.competency_level_id == CompetencyLevel.id)
            .where(CompetencyLevel.competency_id.in_(used)).order_by(Indicator.position, Indicator.id)):
        ids = indicators.setdefault(competency_id, {}).setdefault(level, [])
        if indicator_id is not None:
            ids.append(indicator_id)
    subtree = OrgUnit.path.startswith(root_path, autoescape=True)
    paths = dict(db.session.execute(select(OrgUnit.id, OrgUnit.path).where(subtree)).all())
    people = {row[0]: Person(*row[1:]) for row in db.session.execute(
        select(Employee.id, Employee.nip, Employee.unit_id, Position.name)
        .join(Position, Position.id == Employee.position_id)
        .where(Employee.unit_id.in_(list(paths)), Employee.is_active.is_(True)))}
    accounts = set(db.session.scalars(select(User.employee_id).where(User.employee_id.is_not(None))))
    world = World(appraisals, items, top, indicators, paths, people, accounts)
    world.order = sorted(appraisals, key=lambda appraisal_id: people[appraisals[appraisal_id].employee_id].nip)
    for appraisal_id in world.order:
        supervisor_id = appraisals[appraisal_id].supervisor_id
        if supervisor_id is not None:
            world.staff.setdefault(supervisor_id, []).append(appraisal_id)
    return world


def agency(path: str) -> str:
    """The path of the agency (OPD) a unit's ``path`` lies in."""
    return "/".join(path.split("/")[:3])
