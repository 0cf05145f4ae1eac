"""Performance (SKP) of one appraisal: work targets with realisation, the supervisor's BerAKHLAK ratings, and the
hasil kerja / perilaku kerja / predikat kinerja that follow. Editable while the cycle is open and the
supervisor's form is not submitted."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from competencies.appraisals.models import (
    EXPECTATIONS,
    Appraisal,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    RaterKind,
    WorkTarget,
)
from competencies.appraisals.rules import (
    achievement_ratio,
    behaviour_rating,
    core_value_names,
    performance_rating,
    result_rating,
)
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db


def check_editable(appraisal: Appraisal) -> None:
    if appraisal.cycle.status != AppraisalCycleStatus.OPEN:
        raise DomainError(_("Periode penilaian ini sudah ditutup."))
    if db.session.scalar(select(exists().where(AppraisalForm.appraisal_id == appraisal.id,
                                               AppraisalForm.rater_kind == RaterKind.SUPERVISOR,
                                               AppraisalForm.status == AppraisalFormStatus.SUBMITTED))):
        raise DomainError(_("Penilaian atasan sudah dikirim: SKP terkunci."))


def _check_numbers(target: float, actual: float | None) -> None:
    if target <= 0:
        raise DomainError(_("Target harus lebih dari 0."), "target")
    if actual is not None and actual < 0:
        raise DomainError(_("Realisasi tidak boleh negatif."), "actual")


def add_target(actor: Actor | None, appraisal: Appraisal, *, description: str, indicator: str, target: float, unit: str,
               actual: float | None) -> WorkTarget:
    check_editable(appraisal)
    if not description.strip() or not indicator.strip():
        raise DomainError(_("Tuliskan rencana hasil kerja dan indikatornya."), "description")
    _check_numbers(target, actual)
    position = db.session.scalar(select(func.coalesce(func.max(WorkTarget.position), 0))
                                 .where(WorkTarget.appraisal_id == appraisal.id)) + 1
    work_target = WorkTarget(appraisal_id=appraisal.id, position=position, description=description.strip(),
                             indicator=indicator.strip(), target=target, unit=unit.strip(), actual=actual)
    db.session.add(work_target)
    db.session.flush()
    audit.record(actor, "create", "work_target", work_target, f"{appraisal.employee.nip} – {description[:80]}",
                 {"target": target, "actual": actual})
    refresh_ratings(appraisal)
    return work_target


def update_target(actor: Actor | None, work_target: WorkTarget, *, description: str, indicator: str, target: float,
                  unit: str, actual: float | None) -> WorkTarget:
    appraisal = db.session.get(Appraisal, work_target.appraisal_id)
    check_editable(appraisal)
    if not description.strip() or not indicator.strip():
        raise DomainError(_("Tuliskan rencana hasil kerja dan indikatornya."), "description")
    _check_numbers(target, actual)
    before = audit.snapshot(work_target, ("description", "indicator", "target", "unit", "actual"))
    work_target.description, work_target.indicator = description.strip(), indicator.strip()
    work_target.target, work_target.unit, work_target.actual = target, unit.strip(), actual
    audit.record(actor, "update", "work_target", work_target, f"{appraisal.employee.nip} – {description[:80]}",
                 audit.diff(before, audit.snapshot(work_target, before)))
    refresh_ratings(appraisal)
    return work_target


def delete_target(actor: Actor | None, work_target: WorkTarget) -> None:
    appraisal = db.session.get(Appraisal, work_target.appraisal_id)
    check_editable(appraisal)
    audit.record(actor, "delete", "work_target", work_target, f"{appraisal.employee.nip} – "
                 f"{work_target.description[:80]}")
    db.session.delete(work_target)
    db.session.flush()
    refresh_ratings(appraisal)


def rate_core_values(actor: Actor | None, appraisal: Appraisal, ratings: dict[str, str], note: str) -> Appraisal:
    """The supervisor's perilaku kerja: each BerAKHLAK value di bawah / sesuai / di atas ekspektasi."""
    check_editable(appraisal)
    keys = core_value_names()
    if set(ratings) - set(keys) or any(value not in EXPECTATIONS for value in ratings.values()):
        raise DomainError(_("Penilaian nilai dasar BerAKHLAK tidak dikenal."), "core_values")
    before = dict(appraisal.core_values or {})
    appraisal.core_values = {key: ratings[key] for key in keys if key in ratings}
    appraisal.core_values_note = note.strip()
    audit.record(actor, "update", "appraisal", appraisal, appraisal.employee.nip,
                 {"core_values": [before, appraisal.core_values]})
    refresh_ratings(appraisal)
    return appraisal


def refresh_ratings(appraisal: Appraisal) -> None:
    """Hasil kerja, perilaku kerja and predikat from the current targets and BerAKHLAK ratings."""
    config = current_app.config
    targets = db.session.execute(select(WorkTarget.target, WorkTarget.actual)
                                 .where(WorkTarget.appraisal_id == appraisal.id)).all()
    appraisal.result_rating = result_rating(achievement_ratio(targets), config["APPRAISAL_RESULT_BELOW"],
                                            config["APPRAISAL_RESULT_ABOVE"])
    appraisal.behaviour_rating = behaviour_rating(appraisal.core_values or {}, core_value_names())
    appraisal.performance_rating = performance_rating(appraisal.result_rating, appraisal.behaviour_rating)
    db.session.flush()
