"""After a cycle is final: the employee acknowledges the result or files an objection (keberatan); the atasan
pejabat penilai decides it, once and finally.

The rule is PP 30/2019 Pasal 59 (data/reference/skp-penilaian-kinerja.md, VERIFIED):

- the PNS may object, with reasons, at most 14 days after receiving the result (ayat 1-2): the cycle's
  ``objection_days``, whose default is the setting ``LMS_APPRAISAL_OBJECTION_DAYS`` (14), counted in calendar
  days from publication (calendar or working days is not stated in the sources: hence a setting);
- the objection goes to the superior of the Pejabat Penilai Kinerja (ayat 1). The Pejabat Penilai Kinerja is the
  atasan langsung, here the supervisor of the appraisal's snapshot; their superior is read from the organisation
  when the objection is filed and stored on it (``Objection.decider_id``), so a later reorganisation does not
  move it;
- the atasan examines it, may change the result, and the decision is final (ayat 3-4): one objection per result,
  decided once, with no further level (the PP 10/1979 hierarchy is superseded).

Where there is no such superior (no supervisor in the snapshot, a supervisor at the top of the organisation, or
a superior who is no longer active) the regulation names nobody; BKPSDM then decides, and the objection records
why (``hr_decides_because``). BKPSDM otherwise sees every objection but does not decide it; it is told when the
designated atasan has no account yet (and gives them one: the decision stays theirs).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import aliased

from competencies import ledger
from competencies.appraisals.models import (
    PERFORMANCE_RATINGS,
    Appraisal,
    AppraisalResult,
    AppraisalStatus,
    HrDecidesBecause,
    Objection,
    ObjectionStatus,
)
from lms.audit import services as audit
from lms.auth.models import User, UserRole
from lms.domain import Actor, DomainError
from lms.extensions import db, local_date, utcnow
from lms.i18n import long_date
from lms.notifications.services import app_path, notify_employees, notify_users
from lms.people.models import Employee

logger = logging.getLogger(__name__)


def objection_deadline(appraisal: Appraisal) -> date | None:
    """The last day an objection may be filed (None before the cycle is final). Counted from the city's date of
    finalisation (stored in UTC; the app runs on the city's clock), as ``date.today()`` is what it is compared
    with."""
    cycle = appraisal.cycle
    if cycle.finalised_at is None:
        return None
    finalised_on = local_date(cycle.finalised_at)
    return finalised_on + timedelta(days=cycle.objection_days)


def _check_awaiting_response(appraisal: Appraisal) -> None:
    if appraisal.status != AppraisalStatus.FINAL:
        raise DomainError(_("Hasil penilaian ini tidak sedang menunggu tanggapan Anda."))


def acknowledge(actor: Actor | None, appraisal: Appraisal) -> None:
    _check_awaiting_response(appraisal)
    appraisal.status, appraisal.acknowledged_at = AppraisalStatus.ACKNOWLEDGED, utcnow()
    audit.record(actor, "update", "appraisal", appraisal, f"{appraisal.employee.nip} – {appraisal.cycle.name}",
                 {"status": [AppraisalStatus.FINAL, AppraisalStatus.ACKNOWLEDGED]})


# Appraisal ids per query of ``designate_deciders`` (a whole city at once would exceed the bound-parameter limits).
ID_BATCH = 5_000


def designate_deciders(appraisal_ids: list[int]) -> dict[int, tuple[int | None, HrDecidesBecause | None]]:
    """Who decides an objection to each appraisal (PP 30/2019 Pasal 59(1)): ``(decider id, None)`` for the
    superior, in today's organisation, of the appraisal's supervisor (the Pejabat Penilai Kinerja) if they are
    active; otherwise ``(None, why BKPSDM decides)``. One query per batch."""
    rater, superior = aliased(Employee), aliased(Employee)
    deciders: dict[int, tuple[int | None, HrDecidesBecause | None]] = {}
    ids = sorted(set(appraisal_ids))
    for start in range(0, len(ids), ID_BATCH):
        rows = db.session.execute(
            select(Appraisal.id, Appraisal.employee_id, Appraisal.supervisor_id, superior.id, superior.is_active)
            .outerjoin(rater, rater.id == Appraisal.supervisor_id)
            .outerjoin(superior, superior.id == rater.supervisor_id)
            .where(Appraisal.id.in_(ids[start:start + ID_BATCH])))
        for appraisal_id, employee_id, rater_id, superior_id, active in rows:
            if rater_id is None:
                deciders[appraisal_id] = None, HrDecidesBecause.NO_RATER
            elif superior_id is None or superior_id == employee_id:
                deciders[appraisal_id] = None, HrDecidesBecause.NO_SUPERIOR
            elif not active:
                deciders[appraisal_id] = None, HrDecidesBecause.SUPERIOR_INACTIVE
            else:
                deciders[appraisal_id] = superior_id, None
    return deciders


def without_account(employee_ids: list[int]) -> set[int]:
    """The employees among ``employee_ids`` with no enabled account: a decider among them cannot decide until
    BKPSDM gives them one."""
    ids = set(employee_ids)
    if not ids:
        return set()
    return ids - set(db.session.scalars(select(User.employee_id).where(User.employee_id.in_(ids),
                                                                       User.is_enabled.is_(True))))


def _hr_user_ids() -> list[int]:
    return list(db.session.scalars(select(UserRole.user_id).join(User).where(UserRole.role == "hr",
                                                                             User.is_enabled.is_(True))))


def may_decide(user: Any, objection: Objection) -> bool:
    """Only the designated decider: the atasan pejabat penilai stored on the objection, or BKPSDM (HR and
    administrators) where the objection names none."""
    if objection.decider_id is None:
        return user.has_role("hr", "admin")
    return user.employee_id is not None and user.employee_id == objection.decider_id


def file_objection(actor: Actor | None, appraisal: Appraisal, reason: str, today: date) -> Objection:
    """File the employee's objection within the period and send it to its decider (Pasal 59(1-2))."""
    _check_awaiting_response(appraisal)
    deadline = objection_deadline(appraisal)
    if deadline is None or today > deadline:
        raise DomainError(_("Masa keberatan berakhir pada %(date)s.", date=long_date(deadline)
                            if deadline else "-"), "reason")
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan keberatan."), "reason")
    decider_id, hr_decides_because = designate_deciders([appraisal.id])[appraisal.id]
    objection = Objection(appraisal_id=appraisal.id, reason=reason.strip(), filed_by_id=getattr(actor, "id", None),
                          filed_at=utcnow(), status=ObjectionStatus.PENDING, decider_id=decider_id,
                          hr_decides_because=hr_decides_because)
    db.session.add(objection)
    appraisal.status = AppraisalStatus.OBJECTED
    db.session.flush()
    decider = objection.decider
    audit.record(actor, "create", "objection", objection, f"{appraisal.employee.nip} – {appraisal.cycle.name}",
                 {"reason": objection.reason, "decider": decider.nip if decider else None,
                  "hr_decides_because": hr_decides_because})
    message = _("Keberatan baru atas penilaian \"%(cycle)s\" dari %(name)s menunggu keputusan Anda.",
                cycle=appraisal.cycle.name, name=appraisal.employee.full_name)
    link = app_path("appraisals.objection_resolve", objection_id=objection.id)
    if decider is None:
        notify_users(_hr_user_ids(), message, link)
    else:
        notify_employees([decider.id], message, link)
        if without_account([decider.id]):  # BKPSDM administers: the decider needs an account to decide
            notify_users(_hr_user_ids(), _(
                "Keberatan %(name)s atas penilaian \"%(cycle)s\" menunggu keputusan %(decider)s (atasan pejabat "
                "penilai), yang belum memiliki akun aktif. Buatkan akun agar keberatan dapat diputus.",
                name=appraisal.employee.full_name, cycle=appraisal.cycle.name, decider=decider.full_name),
                app_path("appraisals.objection_list", cycle_id=appraisal.cycle_id))
    logger.info("objection %s filed, decided by employee %s", objection.id, decider.id if decider else "BKPSDM")
    return objection


def resolve_objection(actor: Actor | None, objection: Objection, *, upheld: bool, resolution: str,
                      corrected_levels: dict[int, int], corrected_rating: str | None) -> None:
    """Decide an objection, finally (PP 30/2019 Pasal 59(3-4)): only its designated decider, only once. Upheld:
    at least one correction (a competency level or the predikat kinerja); each corrected level is recorded in the
    ledger as new appraisal evidence. Rejected: a reason and no correction."""
    if objection.status != ObjectionStatus.PENDING:
        raise DomainError(_("Keberatan ini sudah diputus; keputusannya final."))
    if actor is None or not may_decide(actor, objection):
        raise DomainError(_("Keberatan ini diputus oleh atasan pejabat penilai yang ditetapkan ketika keberatan "
                            "diajukan."))
    if not resolution.strip():
        raise DomainError(_("Tuliskan pertimbangan keputusan."), "resolution")
    if not upheld and (corrected_levels or corrected_rating):
        raise DomainError(_("Keberatan yang ditolak tidak mengubah hasil: kosongkan koreksi."), "resolution")
    appraisal = objection.appraisal
    status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    # Claimed with a conditional update, so two decisions sent at once cannot both pass the check above.
    claimed = db.session.execute(update(Objection).where(Objection.id == objection.id,
                                                         Objection.status == ObjectionStatus.PENDING)
                                 .values(status=status).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise DomainError(_("Keberatan ini sudah diputus; keputusannya final."))
    changes: dict[str, Any] = {}
    if upheld:
        changes = _apply_corrections(actor, appraisal, corrected_levels, corrected_rating, resolution.strip())
        if not changes:
            raise DomainError(_("Keberatan yang dikabulkan harus mengubah paling sedikit satu level atau predikat "
                                "kinerja."), "resolution")
    objection.status = status
    objection.resolution, objection.resolved_at = resolution.strip(), utcnow()
    objection.resolved_by_id = getattr(actor, "id", None)
    appraisal.status = AppraisalStatus.RESOLVED
    audit.record(actor, "update", "objection", objection, f"{appraisal.employee.nip} – {appraisal.cycle.name}",
                 {"status": [ObjectionStatus.PENDING, objection.status], **changes}, note=objection.resolution)
    message = (_("Keberatan Anda atas penilaian \"%(cycle)s\" dikabulkan.", cycle=appraisal.cycle.name) if upheld
               else _("Keberatan Anda atas penilaian \"%(cycle)s\" ditolak.", cycle=appraisal.cycle.name))
    notify_employees([appraisal.employee_id], message, app_path("appraisals.result_detail", appraisal_id=appraisal.id))
    if appraisal.supervisor_id is not None:  # the Pejabat Penilai Kinerja learns the outcome too
        notify_employees([appraisal.supervisor_id], _(
            "Keberatan %(name)s atas penilaian \"%(cycle)s\" telah diputus: %(outcome)s.",
            name=appraisal.employee.full_name, cycle=appraisal.cycle.name,
            outcome=_("dikabulkan") if upheld else _("ditolak")))
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
