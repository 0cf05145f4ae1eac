"""The plain data of the demo city's plan (units, positions, employees) and the bounds of its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ROOT_CODE = "PEMKOT-MEDAN"
ROOT_NAME = "Pemerintah Kota Medan"
MIN_EMPLOYEES = 100
MAX_EMPLOYEES = 100_000


@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    agency: str  # code of the OPD the unit belongs to
    head: str | None = None  # code of the head position
    staff_weight: float = 0.0


@dataclass
class PositionPlan:
    code: str
    name: str
    kind: str
    grade: str | None
    unit: str
    agency: str
    # 0 Sekda, 1 JPT Pratama, 2 administrator, 3 pengawas, 4 pengawas under a pengawas (Subbagian Tata Usaha
    # of a UPT); None for staff. A post reports to a post of a lower level.
    level: int | None = None
    reports_to: str | None = None
    family: str | None = None
    female: float = 0.5
    leads_to: list[str] = field(default_factory=list)
    weight: int = 0  # share of the unit's staff


@dataclass
class EmployeePlan:
    nip: str
    name: str
    front_title: str
    back_title: str
    employment_type: str
    rank_code: str
    gender: str
    birth_date: date
    position: str
    unit: str
    supervisor: str | None  # NIP
    email: str | None
    level: int  # of the post (STAFF_LEVEL for staff): inserting by level writes supervisors first


@dataclass
class CityPlan:
    units: list[UnitPlan]
    positions: dict[str, PositionPlan]
    employees: list[EmployeePlan]
    accounts: dict[str, str | None]  # role label -> NIP (None for the admin)
