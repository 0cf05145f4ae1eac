"""Changes to units, positions and employees. Every change is audited; nothing here commits."""

import logging
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, literal, select, update

from lms.audit import services as audit
from lms.cache import invalidate_graph
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.people import reference
from lms.people.models import Employee, OrgUnit, Position
from lms.people.nip import nip_error, parse_nip

logger = logging.getLogger(__name__)

EMPLOYEE_FIELDS = (
    "nip", "front_title", "name", "back_title", "employment_type", "rank_code",
    "position_id", "unit_id", "supervisor_id", "email", "is_active",
)
POSITION_FIELDS = ("code", "name", "kind", "grade", "unit_id")
UNIT_FIELDS = ("code", "name", "kind", "parent_id")


# --- org units -------------------------------------------------------------------------------------------

def _unit_path(parent: OrgUnit | None, unit_id: int) -> str:
    return f"{parent.path if parent else '/'}{unit_id}/"


def create_unit(actor: Actor | None, *, code: str, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    _check_parent(parent)
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, path="")
    db.session.add(unit)
    db.session.flush()
    unit.path = _unit_path(parent, unit.id)
    audit.record(actor, "create", "org_unit", unit, unit.name, audit.snapshot(unit, UNIT_FIELDS))
    return unit


def update_unit(actor: Actor | None, unit: OrgUnit, *, code: str, name: str, kind: str,
                parent: OrgUnit | None) -> OrgUnit:
    before = audit.snapshot(unit, UNIT_FIELDS)
    if parent is not None and parent.path.startswith(unit.path):
        raise DomainError(_("Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau sub-unitnya."),
                          "parent_id")
    if parent is not unit.parent:
        _check_parent(parent)
    unit.code, unit.name, unit.kind = code, name, kind
    if parent is not unit.parent:
        _move_subtree(unit, parent)
    audit.record(actor, "update", "org_unit", unit, unit.name,
                 audit.diff(before, audit.snapshot(unit, UNIT_FIELDS)))
    return unit


def _move_subtree(unit: OrgUnit, parent: OrgUnit | None) -> None:
    old_path, new_path = unit.path, _unit_path(parent, unit.id)
    db.session.execute(
        update(OrgUnit)
        .where(OrgUnit.path.startswith(old_path, autoescape=True))
        .values(path=literal(new_path) + func.substr(OrgUnit.path, len(old_path) + 1))
        .execution_options(synchronize_session=False)
    )
    unit.parent = parent
    db.session.flush()
    db.session.expire_all()


def _check_parent(parent: OrgUnit | None) -> None:
    if parent is not None and parent.is_deleted:
        raise DomainError(_("Unit induk %(name)s sudah dihapus; pulihkan terlebih dahulu.", name=parent.name),
                          "parent_id")


def delete_unit(actor: Actor | None, unit: OrgUnit) -> bool:
    """Delete a unit nothing refers to; mark one that history names as deleted (True: gone for good)."""
    if db.session.scalar(select(func.count()).where(OrgUnit.parent_id == unit.id, OrgUnit.deleted_at.is_(None))):
        raise DomainError(_("Unit masih memiliki sub-unit; pindahkan atau hapus sub-unit terlebih dahulu."))
    if db.session.scalar(select(func.count()).where(Position.unit_id == unit.id, Position.deleted_at.is_(None))):
        raise DomainError(_("Unit masih memiliki jabatan; pindahkan atau hapus jabatannya terlebih dahulu."))
    if db.session.scalar(select(func.count()).where(Employee.unit_id == unit.id, Employee.is_active.is_(True))):
        raise DomainError(_("Unit masih memiliki pegawai aktif."))
    return _delete_or_mark(actor, unit, "org_unit", unit.name, UNIT_FIELDS)


def restore_unit(actor: Actor | None, unit: OrgUnit) -> None:
    if not unit.is_deleted:
        raise DomainError(_("Unit %(name)s tidak dihapus.", name=unit.name))
    _check_parent(unit.parent)
    _restore(actor, unit, "org_unit", unit.name)


# --- positions -------------------------------------------------------------------------------------------

def _check_grade(kind: str, grade: str | None) -> None:
    grades = reference.position_grades().get(kind, ())
    if grades and grade not in grades:
        raise DomainError(_("Jenjang harus salah satu dari: %(grades)s.", grades=", ".join(grades)), "grade")
    if not grades and grade:
        raise DomainError(_("Jenis jabatan ini tidak memiliki jenjang."), "grade")


def save_position(actor: Actor | None, position: Position | None, *, code: str, name: str, kind: str,
                  grade: str | None, unit: OrgUnit, leads_to: list[Position]) -> Position:
    """Create (position None) or update a position and its career path."""
    _check_grade(kind, grade or None)
    if unit.is_deleted and (position is None or position.unit_id != unit.id):
        raise DomainError(_("Unit %(name)s sudah dihapus.", name=unit.name), "unit_id")
    if any(step.is_deleted for step in leads_to):
        raise DomainError(_("Jenjang karier tidak dapat menuju jabatan yang sudah dihapus."), "leads_to")
    if position is not None and position in leads_to:
        raise DomainError(_("Jabatan tidak dapat menjadi jenjang karier bagi dirinya sendiri."), "leads_to")
    creating = position is None
    if creating:
        position = Position()
        db.session.add(position)
        before: dict[str, Any] = {}
        before_paths: list[str] = []
    else:
        before = audit.snapshot(position, POSITION_FIELDS)
        before_paths = sorted(p.code for p in position.leads_to)
    position.code, position.name, position.kind, position.grade = code, name, kind, grade or None
    position.unit = unit
    position.leads_to = leads_to
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(position, POSITION_FIELDS))
    after_paths = sorted(p.code for p in leads_to)
    if after_paths != before_paths:
        changes["leads_to"] = [before_paths, after_paths]
    audit.record(actor, "create" if creating else "update", "position", position, position.name, changes)
    invalidate_graph()
    return position


def delete_position(actor: Actor | None, position: Position) -> bool:
    """Delete a position nothing refers to; mark one that history names as deleted (True: gone for good)."""
    if db.session.scalar(select(func.count()).where(Employee.position_id == position.id,
                                                    Employee.is_active.is_(True))):
        raise DomainError(_("Jabatan masih dipegang oleh pegawai aktif; pindahkan pegawainya terlebih dahulu."))
    gone = _delete_or_mark(actor, position, "position", position.name, POSITION_FIELDS)
    invalidate_graph()
    return gone


def restore_position(actor: Actor | None, position: Position) -> None:
    if not position.is_deleted:
        raise DomainError(_("Jabatan %(name)s tidak dihapus.", name=position.name))
    if position.unit.is_deleted:
        raise DomainError(_("Unit %(name)s sudah dihapus; pulihkan unitnya terlebih dahulu.",
                            name=position.unit.name))
    _restore(actor, position, "position", position.name)
    invalidate_graph()


# --- employees -------------------------------------------------------------------------------------------

def employee_rule_errors(values: dict[str, Any], employee_id: int | None,
                         unit_path: str, position_unit_path: str,
                         supervisor_chain: list[int]) -> dict[str, str]:
    """Field -> message for the rules an employee's values break.

    ``supervisor_chain`` lists the ids from the proposed supervisor upwards, so a cycle is visible without
    a query here; the form and the roster import both use this function.
    """
    errors: dict[str, str] = {}
    if problem := nip_error(values["nip"], values["employment_type"]):
        errors["nip"] = problem
    if values["rank_code"] not in reference.ranks_for(values["employment_type"]):
        errors["rank_code"] = (
            _("Golongan %(rank)s tidak berlaku untuk pegawai PNS: isi golongan I/a sampai IV/e, mis. III/a.",
              rank=values["rank_code"]) if values["employment_type"] == "pns" else
            _("Golongan %(rank)s tidak berlaku untuk pegawai PPPK: isi angka Romawi I sampai XVII, mis. IX.",
              rank=values["rank_code"]))
    if not unit_path.startswith(position_unit_path):
        errors["position_id"] = _("Jabatan ini tidak berada di unit pegawai atau unit di atasnya.")
    if employee_id is not None and employee_id in supervisor_chain:
        errors["supervisor_id"] = _("Pegawai tidak dapat menjadi atasan bagi dirinya sendiri, "
                                    "langsung maupun melalui rantai atasan.")
    return errors


def supervisor_chain(supervisor_id: int | None, limit: int = 50) -> list[int]:
    """Ids from ``supervisor_id`` up the chain of supervisors (stops at a cycle or the limit)."""
    chain: list[int] = []
    current = supervisor_id
    while current is not None and current not in chain and len(chain) < limit:
        chain.append(current)
        current = db.session.scalar(select(Employee.supervisor_id).where(Employee.id == current))
    return chain


def _apply_nip_facts(employee: Employee) -> None:
    facts = parse_nip(employee.nip, employee.employment_type)
    employee.birth_date, employee.gender = facts.birth_date, facts.gender


def save_employee(actor: Actor | None, employee: Employee | None, values: dict[str, Any]) -> Employee:
    """Create (employee None) or update an employee after checking the domain rules."""
    unit = db.session.get(OrgUnit, values["unit_id"])
    position = db.session.get(Position, values["position_id"])
    if unit is None or position is None:
        raise DomainError(_("Unit atau jabatan tidak ditemukan."))
    if employee is None or (employee.unit_id, employee.position_id) != (unit.id, position.id):
        if unit.is_deleted:
            raise DomainError(_("Unit %(name)s sudah dihapus.", name=unit.name), "unit_id")
        if position.is_deleted:
            raise DomainError(_("Jabatan %(name)s sudah dihapus.", name=position.name), "position_id")
    errors = employee_rule_errors(values, employee.id if employee else None, unit.path,
                                  position.unit.path, supervisor_chain(values.get("supervisor_id")))
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field)
    creating = employee is None
    before = {} if creating else audit.snapshot(employee, EMPLOYEE_FIELDS)
    if creating:
        employee = Employee()
        db.session.add(employee)
    for field in EMPLOYEE_FIELDS:
        setattr(employee, field, values.get(field))
    _apply_nip_facts(employee)
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(employee, EMPLOYEE_FIELDS))
    audit.record(actor, "create" if creating else "update", "employee", employee,
                 f"{employee.full_name} ({employee.nip})", changes)
    return employee


def delete_employee(actor: Actor | None, employee: Employee) -> bool:
    """Delete an employee nothing refers to (True). One whom history names (an account, enrolments, training
    records, the competency ledger, appraisals) is deactivated instead, the status the product already has for
    those who retire or leave: the records stay whole and HR can reactivate them (False)."""
    if db.session.scalar(select(func.count()).where(Employee.supervisor_id == employee.id,
                                                    Employee.is_active.is_(True))):
        raise DomainError(_("Pegawai masih menjadi atasan langsung pegawai lain; tetapkan atasan baru "
                            "bagi bawahannya terlebih dahulu."))
    if not referenced(employee):
        audit.record(actor, "delete", "employee", employee, f"{employee.full_name} ({employee.nip})",
                     audit.snapshot(employee, EMPLOYEE_FIELDS))
        db.session.delete(employee)
        db.session.flush()
        return True
    if employee.is_active:
        employee.is_active = False
        audit.record(actor, "update", "employee", employee, f"{employee.full_name} ({employee.nip})",
                     {"is_active": [True, False]}, note=KEPT_NOTE)
    return False


# --- deleting what history names -------------------------------------------------------------------------

KEPT_NOTE = "memiliki riwayat: disimpan, tidak dihapus"


def referenced(row: Employee | OrgUnit | Position) -> bool:
    """Whether any other row of any table refers to ``row`` (found from the foreign keys of every table, so a
    table added later counts without a change here)."""
    target = type(row).__table__
    for table in db.metadata.tables.values():
        for key in table.foreign_keys:
            if key.column.table is not target:
                continue
            condition = key.parent == row.id
            if table is target:
                condition = condition & (table.c.id != row.id)
            if db.session.scalar(select(literal(1)).select_from(table).where(condition).limit(1)) is not None:
                return True
    return False


def _delete_or_mark(actor: Actor | None, row: OrgUnit | Position, entity_type: str, label: str,
                    fields: tuple[str, ...]) -> bool:
    if row.is_deleted:
        return False
    if referenced(row):
        row.deleted_at, row.deleted_by_id = utcnow(), getattr(actor, "id", None)
        audit.record(actor, "delete", entity_type, row, label, audit.snapshot(row, fields), note=KEPT_NOTE)
        return False
    audit.record(actor, "delete", entity_type, row, label, audit.snapshot(row, fields))
    db.session.delete(row)
    db.session.flush()
    return True


def _restore(actor: Actor | None, row: OrgUnit | Position, entity_type: str, label: str) -> None:
    row.deleted_at, row.deleted_by_id = None, None
    audit.record(actor, "restore", entity_type, row, label)
