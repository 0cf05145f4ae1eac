"""After a cycle is final: the employee acknowledges the result or files an objection (keberatan) within the
cycle's objection period; HR upholds it (corrected levels become new ledger evidence) or rejects it with a
reason."""

from __future__ import annotations

import logging
from datetime import UTC, date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from competencies import ledger
from competencies.appraisals.models import (
    PERFORMANCE_RATINGS,
    Appraisal,
    AppraisalResult,
    AppraisalStatus,
    Objection,
    ObjectionStatus,
)
from lms.audit import services as audit
from lms.auth.models import User, UserRole
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.notifications.services import app_path, notify_employees, notify_users

logger = logging.getLogger(__name__)


def objection_deadline(appraisal: Appraisal) -> date | None:
    """The last day an objection may be filed (None before the cycle is final). Counted from the server's local
    date of finalisation (stored in UTC), as ``date.today()`` is what it is compared with."""
    cycle = appraisal.cycle
    if cycle.finalised_at is None:
        return None
    finalised_on = cycle.finalised_at.replace(tzinfo=UTC).astimezone().date()
    return finalised_on + timedelta(days=cycle.objection_days)


def _check_awaiting_response(appraisal: Appraisal) -> None:
    if appraisal.status != AppraisalStatus.FINAL:
        raise DomainError(_("Hasil penilaian ini tidak sedang menunggu tanggapan Anda."))


def acknowledge(actor: Actor | None, appraisal: Appraisal) -> None:
    _check_awaiting_response(appraisal)
    appraisal.status, appraisal.acknowledged_at = AppraisalStatus.ACKNOWLEDGED, utcnow()
    audit.record(actor, "update", "appraisal", appraisal, f"{appraisal.employee.nip} – {appraisal.cycle.name}",
                 {"status": [AppraisalStatus.FINAL, AppraisalStatus.ACKNOWLEDGED]})


def file_objection(actor: Actor | None, appraisal: Appraisal, reason: str, today: date) -> Objection:
    _check_awaiting_response(appraisal)
    deadline = objection_deadline(appraisal)
    if deadline is None or today > deadline:
        raise DomainError(_("Masa keberatan berakhir pada %(date)s.", date=deadline.strftime("%d-%m-%Y")
                            if deadline else "-"), "reason")
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan keberatan."), "reason")
    objection = Objection(appraisal_id=appraisal.id, reason=reason.strip(), filed_by_id=getattr(actor, "id", None),
                          filed_at=utcnow(), status=ObjectionStatus.PENDING)
    db.session.add(objection)
    appraisal.status = AppraisalStatus.OBJECTED
    db.session.flush()
    audit.record(actor, "create", "objection", objection, f"{appraisal.employee.nip} – {appraisal.cycle.name}",
                 {"reason": objection.reason})
    hr_users = db.session.scalars(select(UserRole.user_id).join(User).where(UserRole.role == "hr",
                                                                              User.is_enabled.is_(True))).all()
    notify_users(hr_users, _("Keberatan baru atas penilaian \"%(cycle)s\" dari %(name)s.", cycle=appraisal.cycle.name,
                             name=appraisal.employee.full_name),
                 app_path("appraisals.objection_list", cycle_id=appraisal.cycle_id))
    return objection


def resolve_objection(actor: Actor | None, objection: Objection, *, upheld: bool, resolution: str,
                      corrected_levels: dict[int, int], corrected_rating: str | None) -> None:
    """Decide an objection. Upheld: at least one correction (a competency level or the predikat kinerja);
    each corrected level is recorded in the ledger as new appraisal evidence."""
    if objection.status != ObjectionStatus.PENDING:
        raise DomainError(_("Keberatan ini sudah diputus."))
    if not resolution.strip():
        raise DomainError(_("Tuliskan pertimbangan keputusan."), "resolution")
    appraisal = objection.appraisal
    changes: dict[str, Any] = {}
    if upheld:
        changes = _apply_corrections(actor, appraisal, corrected_levels, corrected_rating, resolution.strip())
        if not changes:
            raise DomainError(_("Keberatan yang dikabulkan harus mengubah paling sedikit satu level atau predikat "
                                "kinerja."), "resolution")
    elif corrected_levels or corrected_rating:
        raise DomainError(_("Keberatan yang ditolak tidak mengubah hasil: kosongkan koreksi."), "resolution")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.resolution, objection.resolved_at = resolution.strip(), utcnow()
    objection.resolved_by_id = getattr(actor, "id", None)
    appraisal.status = AppraisalStatus.RESOLVED
    audit.record(actor, "update", "objection", objection, f"{appraisal.employee.nip} – {appraisal.cycle.name}",
                 {"status": [ObjectionStatus.PENDING, objection.status], **changes}, note=objection.resolution)
    message = (_("Keberatan Anda atas penilaian \"%(cycle)s\" dikabulkan.", cycle=appraisal.cycle.name) if upheld
               else _("Keberatan Anda atas penilaian \"%(cycle)s\" ditolak.", cycle=appraisal.cycle.name))
    notify_employees([appraisal.employee_id], message, app_path("appraisals.result_detail", appraisal_id=appraisal.id))
    logger.info("objection %s %s", objection.id, objection.status)


def _apply_corrections(actor: Actor | None, appraisal: Appraisal, corrected_levels: dict[int, int],
                       corrected_rating: str | None, resolution: str) -> dict[str, Any]:
    results = {result.competency_id: result for result in db.session.scalars(
        select(AppraisalResult).where(AppraisalResult.appraisal_id == appraisal.id))}
    changes: dict[str, Any] = {}
    for competency_id, level in sorted(corrected_levels.items()):
        result = results.get(competency_id)
        if result is None:
            raise DomainError(_("Kompetensi itu tidak memiliki hasil dalam penilaian ini."), "resolution")
        if not 0 <= level <= result.competency.framework.max_level:
            raise DomainError(_("Level %(competency)s harus antara 0 dan %(max)d.", competency=result.competency.name,
                                max=result.competency.framework.max_level), "resolution")
        if level == result.final_level:
            continue
        changes[result.competency.code] = [result.final_level, level]
        result.corrected_level = level
        ledger.record_evidence(actor, appraisal.employee_id, competency_id, level, "appraisal",
                               note=_("Koreksi atas keberatan (%(cycle)s): %(resolution)s",
                                      cycle=appraisal.cycle.name, resolution=resolution))
    if corrected_rating:
        if corrected_rating not in PERFORMANCE_RATINGS:
            raise DomainError(_("Predikat kinerja tidak dikenal."), "resolution")
        if corrected_rating != appraisal.performance_rating:
            changes["performance_rating"] = [appraisal.performance_rating, corrected_rating]
            appraisal.performance_rating = corrected_rating
    return changes
