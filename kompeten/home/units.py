"""The agencies furthest below JPM, for HR's home page: the mean JPM of each agency's active employees, as the
gap overview's unit view shows it (:func:`competencies.gaps.people_gaps`, summarised per unit).

Working that out reads every active employee's requirements (about a second for 15,000 employees), so the
figures per unit are kept in this process together with a fingerprint of everything they are computed from:
the current levels, the employees, the organisation tree, the competency graph's version (requirements) and the
JPM rule. The fingerprint is one aggregate query; whenever anything it covers changes, the figures are worked
out again on the next request. No time limit, nothing to invalidate by hand.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from competencies import jpm
from competencies.gaps import people_gaps, summarise
from competencies.models import CurrentLevel
from lms.cache import GRAPH, current_version
from lms.extensions import db
from lms.people.models import Employee, OrgUnit


@dataclass(frozen=True)
class UnitJpm:
    unit: OrgUnit
    people: int  # active employees with requirements
    average_jpm: float


_lock = threading.Lock()
_figures: dict[str, Any] = {"key": None, "units": {}}


def _fingerprint() -> tuple:
    def one(column: Any, table: Any) -> Any:
        return select(column).select_from(table).scalar_subquery()

    row = db.session.execute(select(
        # a level set or replaced moves the latest update; one removed (an entry revoked) changes the count
        one(func.count(), CurrentLevel), one(func.max(CurrentLevel.updated_at), CurrentLevel),
        one(func.count(), Employee), one(func.sum(case((Employee.is_active.is_(True), 1), else_=0)), Employee),
        one(func.max(Employee.updated_at), Employee),
        one(func.count(), OrgUnit), one(func.max(OrgUnit.id), OrgUnit),
        one(func.sum(func.length(OrgUnit.path)), OrgUnit),
    )).one()
    return (*row, current_version(GRAPH), jpm.current_rule())


def _unit_figures() -> dict[int, tuple[int, float]]:
    """{unit id: (people with requirements, mean JPM)} for every unit (with its sub-units) that has any."""
    key = _fingerprint()
    with _lock:
        if _figures["key"] == key:
            return _figures["units"]
    summaries = summarise(people_gaps(None), "unit")
    units = {unit_id: (summary.jpm_people, summary.average_jpm) for unit_id, summary in summaries.items()
             if summary.average_jpm is not None}
    with _lock:
        _figures.update(key=key, units=units)
    return units


def forget_figures() -> None:
    """Drop the figures kept in this process: the next request works them out again (as after a restart)."""
    with _lock:
        _figures.update(key=None, units={})


def _row_units() -> list[OrgUnit]:
    """The units the gap overview shows as rows for the whole city: the agencies under the single root (or the
    roots, when there are several)."""
    roots = db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id.is_(None)).limit(2)).all()
    condition = OrgUnit.parent_id == roots[0].id if len(roots) == 1 else OrgUnit.parent_id.is_(None)
    return list(db.session.scalars(select(OrgUnit).where(condition)))


def lowest_jpm_units(limit: int) -> list[UnitJpm]:
    """The ``limit`` agencies with the lowest mean JPM, lowest first."""
    figures = _unit_figures()
    rows = [UnitJpm(unit, *figures[unit.id]) for unit in _row_units() if unit.id in figures]
    return sorted(rows, key=lambda row: (row.average_jpm, row.unit.name))[:limit]
