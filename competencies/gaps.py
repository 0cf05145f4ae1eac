"""Gap analysis: what a position requires against what an employee's competency record gives.

- gap of a requirement = max(0, required level − current level), the current level coming from the ledger
  (``current_levels``; 0 when there is no evidence);
- job person match (JPM) as BKN computes it (sum of achieved over sum of required levels, with its categories):
  :mod:`competencies.jpm`, here fed by the same rows; none when the position has no requirements;
- aggregates (by unit with its sub-units, position, competency, golongan, position kind) count the people with
  at least one gap, and give the total gap and the average gap per requirement, with the mean JPM and the
  people per JPM mapping category.

Everything city-wide is set-based: one grouped query for the whole city, then one pass in memory.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, case, func, select, true

from competencies import jpm
from competencies.models import Competency, CurrentLevel, Framework, Requirement
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position
from lms.people.queries import path_ids, unit_subtree_condition

# The weight of a requirement in the gap ordering and the training plan (this application's own rule, not part
# of JPM).
REQUIREMENT_WEIGHTS = {"critical": 2, "normal": 1}


def requirement_weight(weight: str) -> int:
    return REQUIREMENT_WEIGHTS.get(weight, 1)


@dataclass(frozen=True)
class GapRow:
    """One requirement of a position against the employee's current level."""

    competency_id: int
    code: str
    name: str
    scale: tuple[str, ...]
    required: int
    current: int
    weight: str
    competency_type: str = ""

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)

    @property
    def critical(self) -> bool:
        return self.weight == "critical"

    @property
    def weighted_gap(self) -> int:
        return self.gap * requirement_weight(self.weight)


@dataclass(frozen=True)
class PositionGaps:
    position_id: int
    rows: list[GapRow]  # gaps first (critical first, then the largest), then the requirements met, by code

    @property
    def jpm(self) -> float | None:
        """JPM against the position, by the application's rule (:mod:`competencies.jpm`)."""
        return jpm.of_requirements((row.required, row.current, row.competency_type) for row in self.rows)

    @property
    def open_rows(self) -> list[GapRow]:
        return [row for row in self.rows if row.gap]

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if not row.gap)

    @property
    def total_gap(self) -> int:
        return sum(row.gap for row in self.rows)


def _gap_order(row: GapRow) -> tuple:
    return (row.gap == 0, not row.critical, -row.gap, row.code)


def position_gaps(position_id: int, levels: dict[int, int]) -> PositionGaps:
    """The requirements of a position against ``levels`` (competency id -> current level): one query."""
    rows = db.session.execute(
        select(Requirement.competency_id, Competency.code, Competency.name, Framework.scale, Requirement.level,
               Requirement.weight, Competency.type)
        .join(Competency, Competency.id == Requirement.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .where(Requirement.position_id == position_id))
    gaps = [GapRow(row.competency_id, row.code, row.name, tuple(row.scale), row.level,
                   levels.get(row.competency_id, 0), row.weight, row.type) for row in rows]
    return PositionGaps(position_id, sorted(gaps, key=_gap_order))


def current_levels_of(employee_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """Employee id -> competency id -> current level, for a list of employees (one query)."""
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    ids = list(employee_ids)
    if ids:
        for employee_id, competency_id, level in db.session.execute(
                select(CurrentLevel.employee_id, CurrentLevel.competency_id, CurrentLevel.level)
                .where(CurrentLevel.employee_id.in_(ids))):
            levels[employee_id][competency_id] = level
    return levels


def employee_gaps(employee: Employee) -> PositionGaps:
    """The employee's current position against their record: two queries."""
    return position_gaps(employee.position_id, current_levels_of([employee.id]).get(employee.id, {}))


# --- requirement rows of many employees ---------------------------------------------------------------------

def current_level_column():
    """The current level of a requirement row (0 without evidence), for queries joining ``current_levels``."""
    return func.coalesce(CurrentLevel.level, 0)


def requirement_rows(*conditions) -> Select:
    """(employee, competency, required, current, weight) for every requirement of active employees' positions."""
    return (select(Employee.id.label("employee_id"), Requirement.competency_id, Requirement.level.label("required"),
                   current_level_column().label("current"), Requirement.weight)
            .join(Requirement, Requirement.position_id == Employee.position_id)
            .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Employee.id,
                                          CurrentLevel.competency_id == Requirement.competency_id))
            .where(Employee.is_active.is_(True), *conditions))


def in_unit(unit_id: int | None) -> ColumnElement[bool]:
    """Employees of a unit and its sub-units (every one when ``unit_id`` is None)."""
    return true() if unit_id is None else unit_subtree_condition(unit_id)


# --- aggregates ---------------------------------------------------------------------------------------------

@dataclass
class GapSummary:
    """People of one group (a unit, a position, a competency, ...) and their gaps."""

    key: object
    people: int = 0
    people_with_gap: int = 0
    requirement_count: int = 0
    gap_count: int = 0
    total_gap: int = 0
    jpm_sum: float = 0.0
    jpm_people: int = 0
    # people per JPM mapping category (competencies.jpm), most optimal first
    jpm_categories: dict[str, int] = field(
        default_factory=lambda: {category.key: 0 for category in jpm.CATEGORIES[jpm.MAPPING]})

    @property
    def average_gap(self) -> float:
        """Mean gap per requirement of the group's people (0 for requirements met)."""
        return self.total_gap / self.requirement_count if self.requirement_count else 0.0

    @property
    def gap_share(self) -> float:
        return self.people_with_gap / self.people if self.people else 0.0

    @property
    def average_jpm(self) -> float | None:
        """Mean JPM of the group's people with requirements (two decimals, as each figure)."""
        return round(self.jpm_sum / self.jpm_people, 2) if self.jpm_people else None

    def add_person(self, person: "PersonGaps") -> None:
        self.people += 1
        self.requirement_count += person.requirement_count
        self.gap_count += person.gap_count
        self.total_gap += person.total_gap
        self.people_with_gap += 1 if person.gap_count else 0
        if person.jpm is not None and person.jpm_category is not None:
            self.jpm_sum += person.jpm
            self.jpm_people += 1
            self.jpm_categories[person.jpm_category] += 1


@dataclass(frozen=True)
class PersonGaps:
    """One employee's requirements summed up (the row of the city-wide pass)."""

    employee_id: int
    unit_id: int
    unit_path: str
    position_id: int
    position_kind: str
    employment_type: str
    rank_code: str
    requirement_count: int
    gap_count: int
    total_gap: int
    jpm: float | None
    jpm_category: str | None = None  # key of the JPM mapping category


def people_gaps(unit_id: int | None = None, *conditions: ColumnElement[bool]) -> list[PersonGaps]:
    """Every active employee of the scope with their requirement count, gaps and JPM: one grouped query.
    ``conditions`` narrow it further (a position: ``Employee.position_id == ...``; one competency:
    ``Requirement.competency_id == ...``, which leaves out whoever does not need it)."""
    rule = jpm.current_rule()
    unmet = current_level_column() < Requirement.level
    per_person = (
        select(Employee.id, func.count(Requirement.id).label("requirements"),
               func.sum(case((unmet, 1), else_=0)).label("gaps"),
               func.sum(case((unmet, Requirement.level - current_level_column()), else_=0)).label("total_gap"),
               *jpm.sum_columns(Requirement.level, current_level_column(), Competency.type, rule))
        .outerjoin(Requirement, Requirement.position_id == Employee.position_id)
        .outerjoin(Competency, Competency.id == Requirement.competency_id)
        .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Employee.id,
                                      CurrentLevel.competency_id == Requirement.competency_id))
        .where(Employee.is_active.is_(True), in_unit(unit_id), *conditions)
        .group_by(Employee.id).subquery())
    rows = db.session.execute(
        select(per_person, Employee.unit_id, OrgUnit.path, Employee.position_id, Position.kind,
               Employee.employment_type, Employee.rank_code)
        .join(Employee, Employee.id == per_person.c.id)
        .join(OrgUnit, OrgUnit.id == Employee.unit_id)
        .join(Position, Position.id == Employee.position_id))
    people = []
    for row in rows:
        figure = jpm.value(jpm.sums_from_row(row), rule)
        people.append(PersonGaps(row.id, row.unit_id, row.path, row.position_id, row.kind, row.employment_type,
                                 row.rank_code, row.requirements, row.gaps or 0, row.total_gap or 0, figure,
                                 jpm.category_key(figure, rule)))
    return people


def _keys(person: PersonGaps, dimension: str) -> Iterable[object]:
    if dimension == "unit":
        return path_ids(person.unit_path)  # a person counts in their unit and every unit above it
    if dimension == "position":
        return (person.position_id,)
    if dimension == "rank":
        return ((person.employment_type, person.rank_code),)
    if dimension == "position_kind":
        return (person.position_kind,)
    raise ValueError(f"no such dimension: {dimension}")  # per competency: competency_summaries


def summarise(people: Iterable[PersonGaps], dimension: str) -> dict[object, GapSummary]:
    """People grouped by unit (with sub-units), position, rank ((employment type, rank code)) or position kind."""
    summaries: dict[object, GapSummary] = {}
    for person in people:
        for key in _keys(person, dimension):
            summary = summaries.get(key)
            if summary is None:
                summary = summaries[key] = GapSummary(key)
            summary.add_person(person)
    return summaries


def competency_summaries(unit_id: int | None = None, *conditions: ColumnElement[bool]) -> dict[int, GapSummary]:
    """Competency id -> people of the scope requiring it, those below the required level, total gap: one query."""
    gap = case((current_level_column() < Requirement.level, Requirement.level - current_level_column()), else_=0)
    rows = db.session.execute(
        select(Requirement.competency_id, func.count().label("people"),
               func.sum(case((gap > 0, 1), else_=0)).label("with_gap"), func.sum(gap).label("total_gap"))
        .select_from(Employee)
        .join(Requirement, Requirement.position_id == Employee.position_id)
        .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Employee.id,
                                      CurrentLevel.competency_id == Requirement.competency_id))
        .where(Employee.is_active.is_(True), in_unit(unit_id), *conditions)
        .group_by(Requirement.competency_id))
    return {row.competency_id: GapSummary(row.competency_id, people=row.people, people_with_gap=row.with_gap,
                                          requirement_count=row.people, gap_count=row.with_gap,
                                          total_gap=row.total_gap)
            for row in rows}


# --- heat map: units x competencies -------------------------------------------------------------------------

@dataclass(frozen=True)
class HeatCell:
    people: int  # requiring the competency
    with_gap: int
    total_gap: int

    @property
    def share(self) -> float:
        return self.with_gap / self.people if self.people else 0.0

    @property
    def average_gap(self) -> float:
        return self.total_gap / self.people if self.people else 0.0


HEAT_MAP_COLUMNS = 30


@dataclass
class HeatMap:
    units: list[OrgUnit]  # the rows: the children of the chosen unit (or the roots for the whole city)
    competencies: list[Competency]  # the columns, by framework and code
    cells: dict[tuple[int, int], HeatCell]  # (unit id, competency id)
    hidden: int = 0  # competencies required in scope but left out (fewest people with a gap)
    people: dict[int, int] = field(default_factory=dict)  # unit id -> active employees (with its sub-units)

    def average_gap(self, unit_id: int) -> float | None:
        """A row's average gap (levels) per requirement over the competencies shown; None without any."""
        cells = [self.cells[(unit_id, c.id)] for c in self.competencies if (unit_id, c.id) in self.cells]
        required = sum(cell.people for cell in cells)
        return sum(cell.total_gap for cell in cells) / required if required else None


def heat_map(parent_id: int | None, competency_type: str = "", max_columns: int = HEAT_MAP_COLUMNS) -> HeatMap:
    """Share with a gap and average gap per child unit (with its sub-units) and competency: two queries and a
    pass over (unit, competency) groups. The columns are the ``max_columns`` competencies with the most people
    with a gap in scope (ties by code)."""
    units = list(db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id.is_(None) if parent_id is None
                                                          else OrgUnit.parent_id == parent_id)
                                    .order_by(OrgUnit.name)))
    gap = case((current_level_column() < Requirement.level, Requirement.level - current_level_column()), else_=0)
    query = (select(Employee.unit_id, OrgUnit.path, Requirement.competency_id, func.count().label("people"),
                    func.sum(case((gap > 0, 1), else_=0)).label("with_gap"), func.sum(gap).label("total_gap"))
             .select_from(Employee)
             .join(OrgUnit, OrgUnit.id == Employee.unit_id)
             .join(Requirement, Requirement.position_id == Employee.position_id)
             .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Employee.id,
                                           CurrentLevel.competency_id == Requirement.competency_id))
             .where(Employee.is_active.is_(True), in_unit(parent_id))
             .group_by(Employee.unit_id, OrgUnit.path, Requirement.competency_id))
    if competency_type:
        query = query.join(Competency, Competency.id == Requirement.competency_id).where(
            Competency.type == competency_type)
    row_ids = {unit.id for unit in units}
    people: dict[int, int] = defaultdict(int)
    for path, count in db.session.execute(
            select(OrgUnit.path, func.count()).select_from(Employee).join(OrgUnit, OrgUnit.id == Employee.unit_id)
            .where(Employee.is_active.is_(True), in_unit(parent_id)).group_by(OrgUnit.path)):
        unit_id = next((i for i in path_ids(path) if i in row_ids), None)
        if unit_id is not None:
            people[unit_id] += count
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in db.session.execute(query):
        unit_id = next((i for i in path_ids(row.path) if i in row_ids), None)
        if unit_id is None:
            continue  # someone placed in the chosen unit itself, not in one of its children
        cell = sums[(unit_id, row.competency_id)]
        cell[0] += row.people
        cell[1] += row.with_gap
        cell[2] += row.total_gap
    with_gap: dict[int, int] = defaultdict(int)
    for (_unit, competency_id), values in sums.items():
        with_gap[competency_id] += values[1]
    competencies = list(db.session.scalars(
        select(Competency).join(Framework, Framework.id == Competency.framework_id)
        .where(Competency.id.in_(list(with_gap))).order_by(Framework.code, Competency.sort_order, Competency.code)))
    shown = {c.id for c in sorted(competencies, key=lambda c: (-with_gap[c.id], c.code))[:max_columns]}
    return HeatMap(units, [c for c in competencies if c.id in shown],
                   {key: HeatCell(*values) for key, values in sums.items() if key[1] in shown},
                   len(competencies) - len(shown), dict(people))


def people_with_gap(unit_id: int | None, competency_id: int) -> Select:
    """Drill-down: (employee, required, current) of the scope below the required level, largest gap first."""
    current = current_level_column().label("current")
    return (select(Employee, Requirement.level.label("required"), current)
            .join(Requirement, and_(Requirement.position_id == Employee.position_id,
                                    Requirement.competency_id == competency_id))
            .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Employee.id,
                                          CurrentLevel.competency_id == competency_id))
            .where(Employee.is_active.is_(True), in_unit(unit_id), current_level_column() < Requirement.level)
            .order_by((Requirement.level - current_level_column()).desc(), Employee.name, Employee.id))


# --- a supervisor's team -------------------------------------------------------------------------------------

@dataclass
class TeamMatrix:
    employees: list[Employee]
    competencies: list[Competency]  # required of someone in the team, the most gaps first
    cells: dict[tuple[int, int], tuple[int, int]]  # (employee id, competency id) -> (required, current)
    jpm: dict[int, float | None]  # employee id -> JPM (competencies.jpm)

    def gap(self, employee_id: int, competency_id: int) -> int | None:
        cell = self.cells.get((employee_id, competency_id))
        return None if cell is None else max(0, cell[0] - cell[1])


def team_matrix(employees: list[Employee]) -> TeamMatrix:
    """The people x competencies matrix of a team (one query for the requirements and levels, one for names)."""
    ids = [employee.id for employee in employees]
    cells: dict[tuple[int, int], tuple[int, int]] = {}
    requirements: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    gaps_per_competency: dict[int, int] = defaultdict(int)
    if ids:
        for row in db.session.execute(requirement_rows(Employee.id.in_(ids))
                                      .join(Competency, Competency.id == Requirement.competency_id)
                                      .add_columns(Competency.type.label("competency_type"))):
            cells[(row.employee_id, row.competency_id)] = (row.required, row.current)
            requirements[row.employee_id].append((row.required, row.current, row.competency_type))
            gaps_per_competency[row.competency_id] += 1 if row.current < row.required else 0
    competencies = sorted(
        db.session.scalars(select(Competency).where(Competency.id.in_(set(gaps_per_competency)))),
        key=lambda competency: (-gaps_per_competency[competency.id], competency.code))
    rule = jpm.current_rule()
    return TeamMatrix(employees, competencies, cells, {i: jpm.of_requirements(requirements[i], rule) for i in ids})
