"""Reads for the organisation and people screens."""

from collections.abc import Container
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from lms.extensions import db
from lms.input_rules import MAX_ID
from lms.people.models import Employee, OrgUnit, Position
from lms.people.nip import compact_nip


@dataclass
class EmployeeFilters:
    search: str = ""
    unit_id: int | None = None
    position_id: int | None = None
    position_name: str = ""
    rank_code: str = ""
    employment_type: str = ""
    status: str = "active"  # active / inactive / all


def unit_subtree_condition(unit_id: int):
    """Employees in the unit or any of its sub-units."""
    path = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
    subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(path))
    return Employee.unit_id.in_(subtree)


def employee_search(text: str) -> list[ColumnElement[bool]]:
    """Conditions for a search box: the start of a NIP (digits, also with the spaces, dots or dashes of its
    printed form), or every word somewhere in the name."""
    text = compact_nip(text)
    if text.isdigit():
        return [Employee.nip.startswith(text)]
    return [func.lower(Employee.name).contains(word.lower(), autoescape=True) for word in text.split()]


def employee_list_query(filters: EmployeeFilters) -> Select:
    # selectinload, not joinedload: the list is sorted by name without an index, and joined rows would make
    # the sort carry every position and unit column (a deep page took ~90 ms instead of ~50 on 15,000 rows).
    query = select(Employee).options(selectinload(Employee.position), selectinload(Employee.unit))
    if filters.search:
        query = query.where(*employee_search(filters.search))
    if filters.unit_id:
        query = query.where(unit_subtree_condition(filters.unit_id))
    if filters.position_id:
        query = query.where(Employee.position_id == filters.position_id)
    if filters.position_name:
        query = query.where(Employee.position_id.in_(select(Position.id).where(
            func.lower(Position.name).contains(filters.position_name.lower(), autoescape=True))))
    if filters.rank_code:
        query = query.where(Employee.rank_code == filters.rank_code)
    if filters.employment_type:
        query = query.where(Employee.employment_type == filters.employment_type)
    if filters.status != "all":
        query = query.where(Employee.is_active.is_(filters.status == "active"))
    return query.order_by(Employee.name, Employee.id)


def unit_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """Every unit in tree order, indented by depth, for select boxes: the deleted ones left out, except ``keep``
    (the unit a record being edited is in)."""
    units = db.session.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(
        or_(OrgUnit.deleted_at.is_(None), OrgUnit.id == (keep or 0)))).all()
    names = {unit.id: unit.name for unit in units}

    def sort_key(unit) -> list[str]:
        return [names.get(int(part), "").lower() for part in unit.path.strip("/").split("/") if part]

    return [(unit.id, "\u00a0\u00a0" * (unit.path.count("/") - 2) + unit.name)
            for unit in sorted(units, key=sort_key)]


def positions_for_unit(unit_id: int, keep: int | None = None) -> list[Position]:
    """Positions an employee of this unit may hold: those of the unit and of the units above it, not deleted
    (except ``keep``, the position of the employee being edited); none for a number no unit id can be, such as a
    posted one out of the database's range."""
    if not 0 < unit_id <= MAX_ID:
        return []
    path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.id == unit_id)) or ""
    ancestor_ids = [int(part) for part in path.strip("/").split("/") if part]
    return list(db.session.scalars(
        select(Position).where(Position.unit_id.in_(ancestor_ids),
                               or_(Position.deleted_at.is_(None), Position.id == (keep or 0)))
        .order_by(Position.name)))


def unit_tree(search: str = "") -> tuple[list[OrgUnit], dict[int | None, list[OrgUnit]], dict[int, int]]:
    """All units not deleted, grouped by parent, with active head counts per unit including its sub-units (two
    queries).

    With a search (name or code), only the matching units and the units above them are kept in the tree.
    """
    units = list(db.session.scalars(select(OrgUnit).where(OrgUnit.deleted_at.is_(None)).order_by(OrgUnit.name)))
    shown = _matches_with_ancestors(units, search) if search else None
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        if shown is None or unit.id in shown:
            children.setdefault(unit.parent_id, []).append(unit)
    direct = dict(db.session.execute(
        select(Employee.unit_id, func.count()).where(Employee.is_active.is_(True)).group_by(Employee.unit_id)
    ).all())
    totals: dict[int, int] = {}
    below: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        below.setdefault(unit.parent_id, []).append(unit)
    for unit in sorted(units, key=lambda unit: -unit.path.count("/")):  # deepest first
        totals[unit.id] = direct.get(unit.id, 0) + sum(totals[child.id] for child in below.get(unit.id, []))
    return children.get(None, []), children, totals


def _matches_with_ancestors(units: list[OrgUnit], search: str) -> set[int]:
    needle = search.lower()
    shown: set[int] = set()
    for unit in units:
        if needle in unit.name.lower() or needle in unit.code.lower():
            shown.update(int(part) for part in unit.path.strip("/").split("/") if part)
    return shown


def path_ids(path: str) -> list[int]:
    """The unit ids of a materialised path, root first: "/1/4/9/" -> [1, 4, 9]."""
    return [int(part) for part in path.strip("/").split("/") if part]


def agency_id(path: str, opd_ids: Container[int]) -> int:
    """The agency a unit belongs to: the first OPD on its path, or the top of its tree outside any OPD."""
    chain = path_ids(path)
    return next((unit_id for unit_id in chain if unit_id in opd_ids), chain[0])


def agency_names(units: list[OrgUnit]) -> dict[int, str]:
    """Unit id -> name of the agency (the OPD above or at it; "" outside any), in one query."""
    ancestry = {unit.id: path_ids(unit.path) for unit in units}
    wanted = {unit_id for chain in ancestry.values() for unit_id in chain}
    agencies = dict(db.session.execute(
        select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(wanted), OrgUnit.kind == "opd")).all())
    return {unit_id: next((agencies[i] for i in chain if i in agencies), "") for unit_id, chain in ancestry.items()}


def deleted_units() -> list[OrgUnit]:
    """The units marked deleted, most recent first (HR restores them from this list)."""
    return list(db.session.scalars(select(OrgUnit).options(joinedload(OrgUnit.parent))
                                   .where(OrgUnit.deleted_at.is_not(None))
                                   .order_by(OrgUnit.deleted_at.desc(), OrgUnit.id)))


def position_list_query(search: str = "", kind: str = "", unit_id: int | None = None,
                        deleted: bool = False) -> Select:
    """Positions not deleted (with ``deleted``: only the deleted ones)."""
    query = select(Position).options(joinedload(Position.unit)).where(
        Position.deleted_at.is_not(None) if deleted else Position.deleted_at.is_(None))
    if search:
        query = query.where(or_(func.lower(Position.name).contains(search.lower(), autoescape=True),
                                Position.code.ilike(f"{search}%")))
    if kind:
        query = query.where(Position.kind == kind)
    if unit_id:
        path = select(OrgUnit.path).where(OrgUnit.id == unit_id).scalar_subquery()
        query = query.where(Position.unit_id.in_(select(OrgUnit.id).where(OrgUnit.path.startswith(path))))
    return query.order_by(Position.name, Position.id)


def direct_reports(employee_id: int) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).options(joinedload(Employee.position))
        .where(Employee.supervisor_id == employee_id, Employee.is_active.is_(True))
        .order_by(Employee.name)))


def headcount_by_position(position_ids: list[int]) -> dict[int, int]:
    return dict(db.session.execute(
        select(Employee.position_id, func.count()).where(Employee.position_id.in_(position_ids))
        .group_by(Employee.position_id)).all())
