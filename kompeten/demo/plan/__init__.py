"""The plan of the demo city: pure (plain data in, plain data out, no session), deterministic for a seed
(only ``random.Random(seed)``, ages counted from the fixed :data:`REFERENCE_DATE`). :mod:`kompeten.demo.city`
writes it.

Modules: ``model`` (the plain data), ``structure`` (units, positions, career paths) and ``staffing`` (the
employees who fill the posts).
"""

from kompeten.demo.plan.model import MAX_EMPLOYEES, MIN_EMPLOYEES, ROOT_CODE, ROOT_NAME, CityPlan, UnitPlan
from kompeten.demo.plan.staffing import REFERENCE_DATE, Staffing
from kompeten.demo.plan.structure import Structure

__all__ = ["MAX_EMPLOYEES", "MIN_EMPLOYEES", "REFERENCE_DATE", "ROOT_CODE", "ROOT_NAME", "CityPlan", "UnitPlan",
           "plan_city"]


def plan_city(employees: int, seed: int, taken_nips: set[str] | None = None,
              taken_emails: set[str] | None = None) -> CityPlan:
    """The whole demo city as plain data (no database access). Deterministic for a seed and the taken sets."""
    structure = Structure()
    structure.organisation()
    people, accounts = Staffing(structure, employees, seed, taken_nips or set(), taken_emails or set()).fill()
    return CityPlan(structure.units, structure.positions, people, accounts)
