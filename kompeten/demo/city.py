"""The deterministic demo city: a realistic Pemerintah Kota Medan for demonstrations, manual testing and benchmarks.

``build_demo_city(employees, seed)`` writes (flushes, never commits) one organisation tree of about 650 units
(every OPD of ``lms/data/opd-kota-medan.csv`` with its sekretariat, bidang, seksi and UPTs such as the 41
puskesmas), about 4,000 positions of every kind with career paths, exactly ``employees`` employees with valid
NIPs and a supervisor tree, five demo accounts and one audit entry. The same seed gives the same city: the
planner uses only ``random.Random(seed)`` and counts ages from the fixed :data:`REFERENCE_DATE`.

The work is split in two: :func:`kompeten.demo.plan.plan_city` is pure (plain data in, plain data out, no
session; it reads the organisation of :mod:`kompeten.demo.organisation`, the positions of
:mod:`kompeten.demo.positions` and the names, ages and ranks of :mod:`kompeten.demo.people`) and
:func:`build_demo_city` writes the plan with a handful of bulk inserts, so 15,000 employees take seconds.

With fewer than about 1,100 employees the city cannot fill every structural post: the Sekretaris Daerah, the
heads of the OPDs and the posts behind the demo accounts are always filled, the remaining posts are filled
from the top down as far as 60% of the employees allow, and the staff of a vacant post report to the next
filled post above it (as a Plt. arrangement would in practice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from competencies.models import Requirement
from kompeten.demo.appraisals import appraisal_count, build_demo_appraisals
from kompeten.demo.catalogue import build_demo_catalogue, catalogue_counts
from kompeten.demo.competencies import build_demo_competencies, requirable_competency_count
from kompeten.demo.plan import MAX_EMPLOYEES, MIN_EMPLOYEES, ROOT_CODE, ROOT_NAME, CityPlan, UnitPlan, plan_city
from lms.audit import services as audit
from lms.auth.models import User, UserRole
from lms.auth.services import hash_password
from lms.cache import invalidate_graph
from lms.domain import DomainError
from lms.extensions import db, utcnow
from lms.people.models import Employee, OrgUnit, Position, position_career_paths

logger = logging.getLogger(__name__)


DEMO_PASSWORD = "kompeten-demo-2026"  # noqa: S105 - a public, documented demo password
COLLEAGUE_TRAINERS = 12  # trainer accounts besides the demo trainer's

# role label -> (e-mail of the account, roles)
DEMO_ACCOUNTS = {
    "admin": ("admin@kompeten.medan.go.id", ("admin",)),
    "hr": ("sdm@kompeten.medan.go.id", ("employee", "hr")),
    "trainer": ("pengajar@kompeten.medan.go.id", ("employee", "trainer")),
    "supervisor": ("atasan@kompeten.medan.go.id", ("employee",)),
    "employee": ("pegawai@kompeten.medan.go.id", ("employee",)),
}


@dataclass(frozen=True)
class DemoAccount:
    role: str
    login: str  # the NIP, or the e-mail for an account without employee
    email: str
    password: str


@dataclass
class DemoResult:
    created: bool
    employee_count: int
    unit_count: int
    position_count: int
    accounts: list[DemoAccount]
    requirement_count: int = 0  # standar kompetensi jabatan rows of the city's positions
    competency_count: int = 0  # ASN and technical competencies that positions can require
    course_count: int = 0  # demo training catalogue (kompeten.demo.catalogue)
    workshop_count: int = 0
    enrolment_count: int = 0
    appraisal_count: int = 0  # last year's demo appraisal cycle (kompeten.demo.appraisals)


# --- writing the plan ----------------------------------------------------------------------------------------------

def build_demo_city(employees: int, seed: int, close_past: bool = True) -> DemoResult:
    """Write the demo city (flush, no commit); when it already exists, change nothing and return its accounts.
    ``close_past=False`` leaves every past workshop waiting to be closed (faster: used by most tests)."""
    root = db.session.scalar(select(OrgUnit).where(OrgUnit.code == ROOT_CODE))
    if root is not None:
        return _existing_city(root)
    if not MIN_EMPLOYEES <= employees <= MAX_EMPLOYEES:
        raise DomainError(_("Jumlah pegawai kota demo harus antara %(low)d dan %(high)d.",
                            low=MIN_EMPLOYEES, high=MAX_EMPLOYEES), "employees")
    taken_nips = set(db.session.scalars(select(Employee.nip)))
    taken_emails = set(db.session.scalars(select(Employee.email).where(Employee.email.is_not(None))))
    plan = plan_city(employees, seed, taken_nips, taken_emails)
    _check_free(plan)
    password_hash = hash_password(DEMO_PASSWORD)  # once: scrypt is slow on purpose

    unit_ids = _insert_units(plan.units)
    position_ids = _insert_positions(plan, unit_ids)
    links = [{"position_id": position_ids[position.code], "next_position_id": position_ids[target]}
             for position in plan.positions.values() for target in position.leads_to]
    db.session.execute(insert(position_career_paths), links)
    invalidate_graph()
    employee_ids = _insert_employees(plan, unit_ids, position_ids)
    accounts = _insert_accounts(plan, employee_ids, password_hash)
    colleagues = _insert_colleague_trainers(plan, employee_ids, password_hash)
    # ASN and technical frameworks (installed when missing) and the requirements of every position.
    competency_counts = build_demo_competencies(seed, ROOT_CODE)
    competency_count = competency_counts["asn_competencies"] + competency_counts["technical_competencies"]
    # Last year's appraisal cycle before the catalogue: the ledger then shows this year's course completions
    # raising the levels that appraisal set, in the order they would have happened.
    hr_user = db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS["hr"][0]))
    appraisals = build_demo_appraisals(seed, ROOT_CODE, hr_actor=hr_user)
    catalogue = build_demo_catalogue(seed, {role: DEMO_ACCOUNTS[role][0] for role in ("trainer", "employee")},
                                     ROOT_CODE, close_past=close_past)

    pppk = sum(1 for person in plan.employees if person.employment_type == "pppk")
    counts = {"units": len(plan.units), "positions": len(plan.positions), "career_paths": len(links),
              "employees": len(plan.employees), "pns": len(plan.employees) - pppk, "pppk": pppk,
              "accounts": len(accounts) + colleagues, "competencies": competency_count,
              "prerequisites": competency_counts["prerequisites"],
              "requirements": competency_counts["requirements"], "appraisals": appraisals["appraisals"], "seed": seed}
    audit.record_many([audit.entry_values(
        None, "import", "org_unit", unit_ids[ROOT_CODE], f"{ROOT_NAME} (kota demo)", counts,
        note=f"Kota demo dibuat: {len(plan.employees)} pegawai, {len(plan.units)} unit, "
             f"{len(plan.positions)} jabatan, {competency_counts['requirements']} standar kompetensi jabatan "
             f"(seed {seed}).")])
    db.session.flush()
    logger.info("demo city created: %(employees)d employees, %(units)d units, %(positions)d positions, "
                "%(requirements)d requirements", counts)
    return DemoResult(True, len(plan.employees), len(plan.units), len(plan.positions), accounts,
                      competency_counts["requirements"], competency_count, catalogue["courses"],
                      catalogue["workshops"], catalogue["enrolments"], appraisals["appraisals"])


def _existing_city(root: OrgUnit) -> DemoResult:
    subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(root.path, autoescape=True))
    units = db.session.scalar(select(func.count()).where(OrgUnit.path.startswith(root.path, autoescape=True)))
    positions = db.session.scalar(select(func.count()).where(Position.unit_id.in_(subtree)))
    employees = db.session.scalar(select(func.count()).where(Employee.unit_id.in_(subtree)))
    emails = [email for email, _roles in DEMO_ACCOUNTS.values()]
    logins = dict(db.session.execute(
        select(User.email, Employee.nip).outerjoin(Employee, User.employee_id == Employee.id)
        .where(User.email.in_(emails))).all())
    accounts = [DemoAccount(role, logins[email] or email, email, DEMO_PASSWORD)
                for role, (email, _roles) in DEMO_ACCOUNTS.items() if email in logins]
    requirements = db.session.scalar(select(func.count()).select_from(Requirement).where(
        Requirement.position_id.in_(select(Position.id).where(Position.unit_id.in_(subtree)))))
    catalogue = catalogue_counts()
    return DemoResult(False, employees or 0, units or 0, positions or 0, accounts, requirements or 0,
                      requirable_competency_count(), catalogue["courses"], catalogue["workshops"],
                      catalogue["enrolments"], appraisal_count())


def _check_free(plan: CityPlan) -> None:
    """Refuse, before writing anything, when codes or account e-mails of the plan are already in use."""
    clashes = list(db.session.scalars(select(OrgUnit.code).where(OrgUnit.code.in_([u.code for u in plan.units]))))
    clashes += db.session.scalars(select(Position.code).where(Position.code.in_(list(plan.positions))))
    clashes += db.session.scalars(select(User.email).where(
        User.email.in_([email for email, _roles in DEMO_ACCOUNTS.values()])))
    if clashes:
        raise DomainError(_("Kota demo tidak dapat dibuat: kode atau e-mail berikut sudah dipakai: %(items)s.",
                            items=", ".join(sorted(clashes)[:5])))


def _insert_returning_keys(model: type, key: str, rows: list[dict]) -> dict[str, int]:
    """Bulk-insert ``rows`` and return {natural key: id}, in multi-row statements.

    A Core insert into the table, RETURNING the key with the id: the ORM's bulk insert asks for the ids in
    parameter order, which makes SQLite fall back to one row per statement (minutes for 15,000 employees).
    """
    table = model.__table__  # type: ignore[attr-defined]
    ids = dict(db.session.execute(insert(table).returning(table.c[key], table.c.id), rows).all())
    if len(ids) != len(rows):
        raise RuntimeError(f"bulk insert into {table.name} returned {len(ids)} ids for {len(rows)} rows")
    return ids


def _insert_units(units: list[UnitPlan]) -> dict[str, int]:
    """Insert the tree level by level (parents first, ids read back by RETURNING), then set every path."""
    depth: dict[str, int] = {}
    for unit in units:
        depth[unit.code] = 0 if unit.parent is None else depth[unit.parent] + 1
    ids: dict[str, int] = {}
    for level in range(max(depth.values()) + 1):
        batch = [unit for unit in units if depth[unit.code] == level]
        rows = [{"code": unit.code, "name": unit.name, "kind": unit.kind, "path": "",
                 "parent_id": ids[unit.parent] if unit.parent else None} for unit in batch]
        ids.update(_insert_returning_keys(OrgUnit, "code", rows))
    paths: dict[str, str] = {}
    for unit in units:
        paths[unit.code] = f"{paths[unit.parent] if unit.parent else '/'}{ids[unit.code]}/"
    db.session.execute(update(OrgUnit), [{"id": ids[code], "path": path} for code, path in paths.items()])
    return ids


def _insert_positions(plan: CityPlan, unit_ids: dict[str, int]) -> dict[str, int]:
    positions = list(plan.positions.values())
    rows = [{"code": p.code, "name": p.name, "kind": p.kind, "grade": p.grade, "unit_id": unit_ids[p.unit]}
            for p in positions]
    return _insert_returning_keys(Position, "code", rows)


def _insert_employees(plan: CityPlan, unit_ids: dict[str, int], position_ids: dict[str, int]) -> dict[str, int]:
    """Insert supervisors before their staff (one statement per level), so supervisor ids are known."""
    now = utcnow()
    ids: dict[str, int] = {}
    for level in sorted({person.level for person in plan.employees}):
        batch = [person for person in plan.employees if person.level == level]
        rows = [{"nip": e.nip, "name": e.name, "front_title": e.front_title, "back_title": e.back_title,
                 "employment_type": e.employment_type, "rank_code": e.rank_code, "gender": e.gender,
                 "birth_date": e.birth_date, "position_id": position_ids[e.position], "unit_id": unit_ids[e.unit],
                 "supervisor_id": ids[e.supervisor] if e.supervisor else None, "email": e.email,
                 "is_active": True, "created_at": now, "updated_at": now} for e in batch]
        ids.update(_insert_returning_keys(Employee, "nip", rows))
    return ids


def _insert_colleague_trainers(plan: CityPlan, employee_ids: dict[str, int], password_hash: str) -> int:
    """Trainer accounts (log-in by NIP, the demo password) for the other widyaiswara and experts (fungsional
    keahlian) of BKPSDM, who teach the demo classes the demo trainer does not."""
    codes = {code for code, position in plan.positions.items()
             if position.agency == "BKPSDM" and position.kind == "fungsional_keahlian"}
    taken = set(plan.accounts.values())
    nips = [person.nip for person in plan.employees if person.position in codes and person.nip not in taken]
    nips = nips[:COLLEAGUE_TRAINERS]
    db.session.add_all([User(employee_id=employee_ids[nip], password_hash=password_hash, is_enabled=True,
                             must_change_password=False, session_version=1,
                             role_rows=[UserRole(role="employee"), UserRole(role="trainer")]) for nip in nips])
    db.session.flush()
    return len(nips)


def _insert_accounts(plan: CityPlan, employee_ids: dict[str, int], password_hash: str) -> list[DemoAccount]:
    accounts = []
    for role, (email, roles) in DEMO_ACCOUNTS.items():
        nip = plan.accounts[role]
        db.session.add(User(email=email, employee_id=employee_ids[nip] if nip else None, password_hash=password_hash,
                            is_enabled=True, must_change_password=False, session_version=1,
                            role_rows=[UserRole(role=name) for name in roles]))
        accounts.append(DemoAccount(role, nip or email, email, DEMO_PASSWORD))
    db.session.flush()
    return accounts
