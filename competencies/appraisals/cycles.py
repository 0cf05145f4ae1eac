"""Opening a cycle (set-based: a handful of INSERT ... SELECT statements whatever the city's size), assigning
peers and assessors, publishing the results and reminding raters. Nothing here commits."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import to_utc
from sqlalchemy import and_, exists, func, insert, literal, literal_column, or_, select, update
from sqlalchemy.orm import aliased

from competencies.appraisals.models import (
    ASSIGNED_KINDS,
    PERIODS,
    RATER_KIND_LABELS,
    RATER_KINDS,
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalItem,
    AppraisalResult,
    AppraisalStatus,
    RaterKind,
    cycle_units,
)
from competencies.models import Requirement
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.i18n import long_date
from lms.notifications.services import app_path, notify_employees
from lms.people.models import Employee, OrgUnit
from lms.people.names import ending_sentence

logger = logging.getLogger(__name__)

# Weights are small integers (the default ones add up to 100): consolidation's exact rounding relies on it.
MAX_WEIGHT = 100


def _check_cycle_values(name: str, period: str, starts_on: date, ends_on: date, due_on: date,
                        objection_days: int, weights: dict[str, int]) -> None:
    if not name.strip():
        raise DomainError(_("Tuliskan nama periode penilaian."), "name")
    if period not in PERIODS:
        raise DomainError(_("Jenis periode tidak dikenal."), "period")
    if ends_on < starts_on:
        raise DomainError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "ends_on")
    if not starts_on <= due_on:
        raise DomainError(_("Batas pengisian tidak boleh sebelum tanggal mulai."), "due_on")
    if objection_days < 0:
        raise DomainError(_("Masa keberatan tidak boleh negatif."), "objection_days")
    if not weights:
        raise DomainError(_("Pilih paling sedikit satu jenis penilai."), "kinds")
    for kind, weight in weights.items():
        if kind not in RATER_KINDS:
            raise DomainError(_("Jenis penilai tidak dikenal."), "kinds")
        if not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
            raise DomainError(_("Bobot %(kind)s harus bilangan bulat 1 sampai %(max)d.", kind=RATER_KIND_LABELS[kind],
                                max=MAX_WEIGHT), "kinds")


def _scope(unit_ids: list[int]):
    """Condition on Employee: active, and in one of the units' sub-trees (all units when none are given)."""
    condition = Employee.is_active.is_(True)
    if not unit_ids:
        return condition
    paths = db.session.scalars(select(OrgUnit.path).where(OrgUnit.id.in_(unit_ids))).all()
    if len(paths) != len(set(unit_ids)):
        raise DomainError(_("Unit yang dipilih tidak ditemukan."), "unit_ids")
    subtree = select(OrgUnit.id).where(or_(*(OrgUnit.path.startswith(path, autoescape=True) for path in paths)))
    return and_(condition, Employee.unit_id.in_(subtree))


def _clashing_cycle(year: int, period: str, scope) -> str | None:
    """The name of an unfinished cycle of the same year and period that already covers someone in scope."""
    return db.session.scalar(
        select(AppraisalCycle.name).join(Appraisal, Appraisal.cycle_id == AppraisalCycle.id)
        .join(Employee, Employee.id == Appraisal.employee_id)
        .where(AppraisalCycle.year == year, AppraisalCycle.period == period,
               AppraisalCycle.status != AppraisalCycleStatus.FINAL, scope)
        .limit(1))


def open_cycle(actor: Actor | None, *, name: str, period: str, year: int, starts_on: date, ends_on: date, due_on: date,
               objection_days: int, weights: dict[str, int], unit_ids: list[int]) -> AppraisalCycle:
    """Open a cycle: one appraisal per active employee in scope with a snapshot of their position, unit,
    supervisor and required competencies, a self form and a supervisor form (when those kinds take part)."""
    scope, _people = _checked_scope(name=name, period=period, year=year, starts_on=starts_on, ends_on=ends_on,
                                    due_on=due_on, objection_days=objection_days, weights=weights, unit_ids=unit_ids)
    cycle = AppraisalCycle(name=name.strip(), period=period, year=year, starts_on=starts_on, ends_on=ends_on,
                           due_on=due_on, objection_days=objection_days, weights=dict(weights),
                           status=AppraisalCycleStatus.OPEN, opened_by_id=getattr(actor, "id", None),
                           opened_at=utcnow())
    db.session.add(cycle)
    db.session.flush()
    if unit_ids:
        db.session.execute(insert(cycle_units), [{"cycle_id": cycle.id, "unit_id": unit_id}
                                                 for unit_id in sorted(set(unit_ids))])
    counts = _create_appraisals(cycle, scope)
    audit.record(actor, "create", "appraisal_cycle", cycle, cycle.name, counts)
    _notify_raters(cycle, select(AppraisalForm.rater_id).join(Appraisal).where(Appraisal.cycle_id == cycle.id),
                   _("Periode penilaian \"%(name)s\" dibuka. Isi formulir penilaian Anda sebelum %(due)s.",
                     name=cycle.name, due=long_date(cycle.due_on)))
    logger.info("appraisal cycle %s opened: %s", cycle.name, counts)
    return cycle


def _checked_scope(*, name: str, period: str, year: int, starts_on: date, ends_on: date, due_on: date,
                   objection_days: int, weights: dict[str, int], unit_ids: list[int]):
    """The scope of a cycle that may be opened with these values and how many it appraises, or the DomainError
    saying why not."""
    _check_cycle_values(name, period, starts_on, ends_on, due_on, objection_days, weights)
    scope = _scope(unit_ids)
    clash = _clashing_cycle(year, period, scope)
    if clash:
        raise DomainError(_("Sebagian pegawai sudah dinilai dalam periode \"%(name)s\" yang belum final untuk "
                            "tahun dan periode yang sama.", name=clash), "period")
    people = db.session.scalar(select(func.count()).select_from(Employee).where(scope)) or 0
    if not people:
        raise DomainError(_("Tidak ada pegawai aktif dalam cakupan periode ini."), "unit_ids")
    return scope, people


def people_in_scope(**values: Any) -> int:
    """How many employees a cycle with these values would appraise; DomainError when it cannot be opened."""
    return _checked_scope(**values)[1]


def _create_appraisals(cycle: AppraisalCycle, scope) -> dict[str, int]:
    supervisor = aliased(Employee)
    active_supervisor = select(supervisor.id).where(supervisor.id == Employee.supervisor_id,
                                                    supervisor.is_active.is_(True)).scalar_subquery()
    db.session.execute(insert(Appraisal).from_select(
        ["cycle_id", "employee_id", "position_id", "unit_id", "supervisor_id", "status", "core_values",
         "core_values_note"],
        select(literal(cycle.id), Employee.id, Employee.position_id, Employee.unit_id, active_supervisor,
               literal(AppraisalStatus.OPEN), literal_column("'{}'"), literal("")).where(scope)))
    in_cycle = Appraisal.cycle_id == cycle.id
    db.session.execute(insert(AppraisalItem).from_select(
        ["appraisal_id", "competency_id", "required_level", "weight"],
        select(Appraisal.id, Requirement.competency_id, Requirement.level, Requirement.weight)
        .join(Requirement, Requirement.position_id == Appraisal.position_id).where(in_cycle)))
    form_columns = ["appraisal_id", "rater_kind", "rater_id", "status"]
    if RaterKind.SELF in cycle.weights:
        db.session.execute(insert(AppraisalForm).from_select(
            form_columns, select(Appraisal.id, literal(RaterKind.SELF), Appraisal.employee_id,
                                 literal(AppraisalFormStatus.DRAFT)).where(in_cycle)))
    if RaterKind.SUPERVISOR in cycle.weights:
        db.session.execute(insert(AppraisalForm).from_select(
            form_columns, select(Appraisal.id, literal(RaterKind.SUPERVISOR), Appraisal.supervisor_id,
                                 literal(AppraisalFormStatus.DRAFT))
            .where(in_cycle, Appraisal.supervisor_id.is_not(None))))
    appraisals = db.session.scalar(select(func.count()).where(in_cycle)) or 0
    items = db.session.scalar(select(func.count()).select_from(AppraisalItem).join(Appraisal).where(in_cycle)) or 0
    forms = db.session.scalar(select(func.count()).select_from(AppraisalForm).join(Appraisal).where(in_cycle)) or 0
    return {"appraisals": appraisals, "items": items, "forms": forms}


def _notify_raters(cycle: AppraisalCycle, rater_ids, message: str) -> None:
    notify_employees(db.session.scalars(rater_ids.distinct()).all(), message, app_path("appraisals.my_forms"))


def _check_open(cycle: AppraisalCycle) -> None:
    if cycle.status != AppraisalCycleStatus.OPEN:
        raise DomainError(_("Periode penilaian \"%(name)s\" sudah tidak menerima perubahan.", name=cycle.name))


def assign_rater(actor: Actor | None, appraisal: Appraisal, kind: str, rater: Employee) -> AppraisalForm:
    """HR adds a peer or an assessor to one employee's appraisal."""
    cycle = appraisal.cycle
    _check_open(cycle)
    if kind not in ASSIGNED_KINDS or kind not in cycle.weights:
        raise DomainError(_("Jenis penilai ini tidak ikut dalam periode penilaian ini."), "kind")
    if rater.id == appraisal.employee_id:
        raise DomainError(_("Pegawai tidak dapat ditugaskan menilai dirinya sendiri sebagai %(kind)s.",
                            kind=RATER_KIND_LABELS[kind]), "nip")
    if not rater.is_active:
        raise DomainError(_("%(name)s tidak aktif.", name=rater.full_name), "nip")
    if db.session.scalar(select(exists().where(AppraisalForm.appraisal_id == appraisal.id,
                                               AppraisalForm.rater_id == rater.id,
                                               AppraisalForm.rater_kind == kind))):
        raise DomainError(_("%(name)s sudah ditugaskan sebagai %(kind)s untuk pegawai ini.", name=rater.full_name,
                            kind=RATER_KIND_LABELS[kind]), "nip")
    form = AppraisalForm(appraisal_id=appraisal.id, rater_kind=kind, rater_id=rater.id,
                         status=AppraisalFormStatus.DRAFT, assigned_by_id=getattr(actor, "id", None))
    db.session.add(form)
    db.session.flush()
    audit.record(actor, "create", "appraisal_form", form, f"{appraisal.employee.nip} – {rater.nip}",
                 {"rater_kind": kind, "cycle": cycle.name})
    notify_employees([rater.id], _("Anda ditugaskan menilai %(name)s sebagai %(kind)s dalam periode \"%(cycle)s\".",
                                   name=appraisal.employee.full_name, kind=RATER_KIND_LABELS[kind],
                                   cycle=cycle.name), app_path("appraisals.rating_form", form_id=form.id))
    return form


def assign_assessor_to_unit(actor: Actor | None, cycle: AppraisalCycle, unit: OrgUnit, rater: Employee) -> int:
    """HR makes one assessor rate everyone in a unit's sub-tree (except the assessor and those already
    assigned to them). Returns the number of forms created."""
    _check_open(cycle)
    if RaterKind.ASSESSOR not in cycle.weights:
        raise DomainError(_("Asesor tidak ikut dalam periode penilaian ini."), "nip")
    if not rater.is_active:
        raise DomainError(_("%(name)s tidak aktif.", name=rater.full_name), "nip")
    subtree = select(OrgUnit.id).where(OrgUnit.path.startswith(unit.path, autoescape=True))
    already = exists().where(AppraisalForm.appraisal_id == Appraisal.id, AppraisalForm.rater_id == rater.id,
                             AppraisalForm.rater_kind == RaterKind.ASSESSOR)
    chosen = select(Appraisal.id, literal(RaterKind.ASSESSOR), literal(rater.id), literal(AppraisalFormStatus.DRAFT),
                    literal(getattr(actor, "id", None))).where(
        Appraisal.cycle_id == cycle.id, Appraisal.unit_id.in_(subtree), Appraisal.employee_id != rater.id, ~already)
    created = db.session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    if not created:
        raise DomainError(_("Tidak ada pegawai %(unit)s dalam periode ini yang belum dinilai oleh %(name)s.",
                            unit=unit.name, name=ending_sentence(rater.full_name)), "unit_id")
    db.session.execute(insert(AppraisalForm).from_select(
        ["appraisal_id", "rater_kind", "rater_id", "status", "assigned_by_id"], chosen))
    audit.record(actor, "create", "appraisal_cycle", cycle, cycle.name,
                 {"assessor": rater.nip, "unit": unit.name, "forms": created})
    notify_employees([rater.id], _("Anda ditugaskan sebagai asesor untuk %(count)d pegawai %(unit)s dalam "
                                   "periode \"%(cycle)s\".", count=created, unit=unit.name, cycle=cycle.name),
                     app_path("appraisals.my_forms"))
    return created


def remove_rater(actor: Actor | None, form: AppraisalForm) -> None:
    """HR withdraws a peer or assessor assignment that has not been submitted."""
    _check_open(form.appraisal.cycle)
    if form.rater_kind not in ASSIGNED_KINDS:
        raise DomainError(_("Formulir diri sendiri dan atasan langsung tidak dapat dihapus."))
    if form.status == AppraisalFormStatus.SUBMITTED:
        raise DomainError(_("Formulir yang sudah dikirim tidak dapat dihapus."))
    audit.record(actor, "delete", "appraisal_form", form, f"{form.appraisal.employee.nip} – {form.rater.nip}",
                 {"rater_kind": form.rater_kind})
    db.session.delete(form)
    db.session.flush()


def finalise_cycle(actor: Actor | None, cycle: AppraisalCycle) -> int:
    """Publish a consolidated cycle: employees see their results and may acknowledge or object."""
    if cycle.status != AppraisalCycleStatus.CONSOLIDATED:
        raise DomainError(_("Hanya periode yang sudah dikonsolidasi yang dapat difinalkan."))
    cycle.status, cycle.finalised_at = AppraisalCycleStatus.FINAL, utcnow()
    # Employees nobody rated keep "consolidated": there is no result to acknowledge or object to.
    rated = exists().where(AppraisalResult.appraisal_id == Appraisal.id)
    published = db.session.execute(update(Appraisal).where(Appraisal.cycle_id == cycle.id,
                                                           Appraisal.status == AppraisalStatus.CONSOLIDATED, rated)
                                   .values(status=AppraisalStatus.FINAL)).rowcount
    audit.record(actor, "update", "appraisal_cycle", cycle, cycle.name,
                 {"status": [AppraisalCycleStatus.CONSOLIDATED, AppraisalCycleStatus.FINAL]})
    deadline = date.today() + timedelta(days=cycle.objection_days)
    notify_employees(db.session.scalars(select(Appraisal.employee_id).where(
                         Appraisal.cycle_id == cycle.id, Appraisal.status == AppraisalStatus.FINAL)).all(),
                     _("Hasil penilaian \"%(name)s\" sudah final. Terima hasilnya atau ajukan keberatan sebelum "
                       "%(deadline)s.", name=cycle.name, deadline=long_date(deadline)),
                     app_path("appraisals.my_results"))
    logger.info("appraisal cycle %s finalised: %d appraisals published", cycle.name, published)
    return published


def send_reminders(actor: Actor | None, today: date, days: int, cycle: AppraisalCycle | None = None) -> int:
    """Remind raters of unsubmitted forms of the open cycles (or of one, which must be open) due within ``days``
    days (or overdue), at most once a day per form. One notification per rater and cycle; returns the number of
    raters reminded."""
    if cycle is not None:
        _check_open(cycle)
    start_of_day = to_utc(datetime.combine(today, time.min))  # the city's midnight, as the column stores it
    due = (select(AppraisalForm.id, AppraisalForm.rater_id, AppraisalCycle.id.label("cycle_id"))
           .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
           .join(AppraisalCycle, AppraisalCycle.id == Appraisal.cycle_id)
           .where(AppraisalCycle.status == AppraisalCycleStatus.OPEN, AppraisalForm.status == AppraisalFormStatus.DRAFT,
                  AppraisalCycle.due_on <= today + timedelta(days=days),
                  or_(AppraisalForm.reminded_at.is_(None), AppraisalForm.reminded_at < start_of_day)))
    if cycle is not None:
        due = due.where(AppraisalCycle.id == cycle.id)
    rows = db.session.execute(due).all()
    if not rows:
        return 0
    raters_by_cycle: dict[int, set[int]] = {}
    for _form_id, rater_id, cycle_id in rows:
        raters_by_cycle.setdefault(cycle_id, set()).add(rater_id)
    for reminded_cycle in db.session.scalars(select(AppraisalCycle).where(AppraisalCycle.id.in_(raters_by_cycle))):
        notify_employees(raters_by_cycle[reminded_cycle.id],
                         _("Pengingat: formulir penilaian \"%(name)s\" Anda belum dikirim. Batas pengisian "
                           "%(due)s.", name=reminded_cycle.name, due=long_date(reminded_cycle.due_on)),
                         app_path("appraisals.my_forms"))
    db.session.execute(update(AppraisalForm).where(AppraisalForm.id.in_(due.with_only_columns(AppraisalForm.id)
                                                                          .scalar_subquery()))
                       .values(reminded_at=utcnow()), execution_options={"synchronize_session": False})
    reminded = sum(len(raters) for raters in raters_by_cycle.values())
    logger.info("appraisal reminders sent to %d raters by %s", reminded, getattr(actor, "id", None))
    return reminded
