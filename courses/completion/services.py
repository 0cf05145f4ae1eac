"""Closing a workshop: outcomes from the course's criteria, then, for who completed it, the competency evidence,
the training record and the certificate; and HR's reopening, which revokes what the closing issued.

A closing is one transaction: if anything fails (a certificate that cannot be rendered, say) nothing of it is
kept, and trying again issues everything exactly once. Closing a completed workshop again is refused, and
partial unique indexes (one live evidence entry, training record and certificate per enrolment) back this in
the database. Nothing here commits.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager

from competencies import ledger
from courses.certificates import services as certificates
from courses.enrolment import services as enrolments
from courses.models import (
    ATTENDED_STATUSES,
    ENROLMENT_STATUS_LABELS,
    Attendance,
    CourseCompetency,
    Enrolment,
    EnrolmentStatus,
    TrainingRecord,
    TrainingRecordStatus,
    TrainingSource,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, local_date, utcnow
from lms.i18n import long_date
from lms.notifications.services import app_path, notify_employees
from lms.people.models import Employee
from lms.people.names import ending_sentence

logger = logging.getLogger(__name__)

OUTCOMES = (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW)


@dataclass
class Outcome:
    enrolment: Enrolment
    attended: int  # sessions present or late
    sessions: int
    computed: EnrolmentStatus  # from the course's criteria
    explanation: str

    @property
    def attendance_pct(self) -> float:
        return round(100 * self.attended / self.sessions, 1) if self.sessions else 0.0


def compute_outcomes(workshop: Workshop) -> list[Outcome]:
    """What the course's criteria give each enrolled participant (three queries whatever the class size)."""
    course = workshop.course
    sessions = db.session.scalar(select(func.count()).where(WorkshopSession.workshop_id == workshop.id)) or 0
    participants = db.session.scalars(
        select(Enrolment).join(Enrolment.employee).options(contains_eager(Enrolment.employee))
        .where(Enrolment.workshop_id == workshop.id, Enrolment.status == EnrolmentStatus.ENROLLED)
        .order_by(func.lower(Employee.name), Employee.id)).all()
    attended = dict(db.session.execute(
        select(Attendance.enrolment_id, func.count()).join(WorkshopSession, Attendance.session_id == WorkshopSession.id)
        .where(WorkshopSession.workshop_id == workshop.id, Attendance.status.in_(ATTENDED_STATUSES))
        .group_by(Attendance.enrolment_id)).all())
    outcomes = []
    for enrolment in participants:
        count = attended.get(enrolment.id, 0)
        status, explanation = _judge(count, sessions, course.min_attendance_pct, course.pass_mark,
                                     enrolment.post_score)
        outcomes.append(Outcome(enrolment, count, sessions, status, explanation))
    return outcomes


def _judge(attended: int, sessions: int, min_pct: int, pass_mark: float | None,
           post_score: float | None) -> tuple[EnrolmentStatus, str]:
    if attended == 0:
        return EnrolmentStatus.NO_SHOW, _("Tidak pernah hadir.")
    pct = 100 * attended / sessions if sessions else 0.0
    if pct < min_pct:
        shown = format(pct, ".0f")
        return EnrolmentStatus.FAILED, _("Kehadiran %(pct)s%% di bawah syarat %(min)d%%.", pct=shown, min=min_pct)
    if pass_mark is not None and post_score is None:
        return EnrolmentStatus.FAILED, _("Nilai post-test belum diisi.")
    if pass_mark is not None and post_score < pass_mark:
        score, mark = format(post_score, "g"), format(pass_mark, "g")
        return EnrolmentStatus.FAILED, _("Nilai post-test %(score)s di bawah nilai lulus %(mark)s.", score=score,
                                         mark=mark)
    return EnrolmentStatus.COMPLETED, _("Memenuhi kriteria kelulusan.")


def close_workshop(actor: Actor | None, workshop: Workshop, overrides: dict[int, tuple[str, str]] | None = None,
                   today: date | None = None, render_certificates: bool = True) -> list[Outcome]:
    """Close a running workshop. ``overrides`` maps an enrolment id to (outcome, written reason). Without
    ``render_certificates`` (the demo's year of history) the PDFs are rendered on first download."""
    today = today or date.today()
    enrolments.lock_workshop(workshop)
    _check_can_close(workshop, today)
    outcomes = compute_outcomes(workshop)
    final = _apply_overrides(actor, outcomes, overrides or {})
    completed = [outcome.enrolment for outcome in outcomes
                 if final[outcome.enrolment.id] == EnrolmentStatus.COMPLETED]
    for outcome in outcomes:
        outcome.enrolment.attendance_pct = outcome.attendance_pct
    enrolments.move_all(actor, [(outcome.enrolment, final[outcome.enrolment.id]) for outcome in outcomes])
    issued = {certificate.enrolment_id: certificate
              for certificate in certificates.issue_certificates(actor, completed, today, render=render_certificates)}
    _record_competencies(actor, workshop, completed)
    _record_training(workshop, completed, issued)
    workshop.status, workshop.closed_at = WorkshopStatus.COMPLETED, utcnow()
    workshop.closed_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title,
                 {"status": [WorkshopStatus.RUNNING, WorkshopStatus.COMPLETED], "completed": len(completed),
                  "not_completed": len(outcomes) - len(completed)})
    _tell_participants(workshop, outcomes, final)
    logger.info("workshop %s closed: %d of %d completed", workshop.id, len(completed), len(outcomes))
    return outcomes


def _check_can_close(workshop: Workshop, today: date) -> None:
    if workshop.status == WorkshopStatus.COMPLETED:
        raise DomainError(_("Kelas ini sudah ditutup."))
    if workshop.status != WorkshopStatus.RUNNING:
        raise DomainError(_("Hanya kelas yang sedang berlangsung yang dapat ditutup."))
    if workshop.ends_on is None or workshop.ends_on > today:
        raise DomainError(_("Kelas dapat ditutup setelah sesi terakhirnya (%(day)s).",
                            day=long_date(workshop.ends_on) if workshop.ends_on else "—"))


def _apply_overrides(actor: Actor | None, outcomes: list[Outcome],
                     overrides: dict[int, tuple[str, str]]) -> dict[int, str]:
    """The outcome of each enrolment: the computed one, or the trainer's with its reason (audited)."""
    final = {}
    for outcome in outcomes:
        enrolment = outcome.enrolment
        chosen, reason = overrides.get(enrolment.id, (outcome.computed, ""))
        if chosen not in OUTCOMES:
            raise DomainError(_("Hasil tidak dikenal untuk %(name)s.",
                                name=ending_sentence(enrolment.employee.full_name)))
        if chosen != outcome.computed:
            if not reason.strip():
                raise DomainError(_("Tuliskan alasan mengubah hasil %(name)s.",
                                    name=ending_sentence(enrolment.employee.full_name)),
                                  f"reason-{enrolment.id}")
            enrolment.reason = reason.strip()
            audit.record(actor, "update", "enrolment", enrolment, f"{enrolment.employee.nip} – outcome",
                         {"outcome": [outcome.computed, chosen]}, note=reason.strip())
        final[enrolment.id] = chosen
    return final


def _record_competencies(actor: Actor | None, workshop: Workshop, completed: list[Enrolment]) -> None:
    """Each completion raises the employee's level of every competency the course develops, when the course's
    post-test is a competency test (completion then means it was passed); otherwise no level changes."""
    if not workshop.course.competency_test:
        return
    developed = db.session.execute(select(CourseCompetency.competency_id, CourseCompetency.granted_level)
                                   .where(CourseCompetency.course_id == workshop.course_id)).all()
    ledger.record_completions(actor, [(enrolment.employee_id, competency_id, level, enrolment.id)
                                      for enrolment in completed for competency_id, level in developed],
                              note=f"{workshop.course.title} – {workshop.batch}")


def _record_training(workshop: Workshop, completed: list[Enrolment], issued: dict[int, Any]) -> None:
    course = workshop.course
    starts, ends = workshop.starts_on or date.today(), workshop.ends_on or date.today()
    db.session.add_all([TrainingRecord(
        employee_id=enrolment.employee_id, source=TrainingSource.COURSE, status=TrainingRecordStatus.APPROVED,
        enrolment_id=enrolment.id,
        title=course.title, provider=course.provider, siasn_kind_id=course.siasn_kind_id,
        structural_kind_id=course.structural_kind_id, starts_on=starts, ends_on=ends,
        hours_jp=course.hours_jp, certificate_number=issued[enrolment.id].number if enrolment.id in issued else "")
        for enrolment in completed])
    db.session.flush()


def _tell_participants(workshop: Workshop, outcomes: list[Outcome], final: dict[int, str]) -> None:
    """One notification per outcome (all who share it are told at once)."""
    for status in OUTCOMES:
        employee_ids = [o.enrolment.employee_id for o in outcomes if final[o.enrolment.id] == status]
        if status == EnrolmentStatus.COMPLETED:
            message = _("Selamat, Anda lulus %(title)s (%(jp)d JP); sertifikatnya dapat diunduh di Pelatihan Saya.",
                        title=workshop.title, jp=workshop.course.hours_jp)
        else:
            message = _("Hasil %(title)s: %(status)s.", title=workshop.title, status=ENROLMENT_STATUS_LABELS[status])
        notify_employees(employee_ids, message, app_path("catalogue.my_enrolments"))


def reopen_workshop(actor: Actor | None, workshop: Workshop, reason: str, today: date | None = None) -> int:
    """HR reopens a closed workshop within REOPEN_DAYS: everything its closing issued is revoked and the
    participants are enrolled again, ready for a new closing. Returns how many enrolments were reopened."""
    today = today or date.today()
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan membuka kembali kelas."), "reason")
    if workshop.status != WorkshopStatus.COMPLETED or workshop.closed_at is None:
        raise DomainError(_("Hanya kelas yang sudah ditutup yang dapat dibuka kembali."))
    limit = current_app.config["REOPEN_DAYS"]
    if local_date(workshop.closed_at) + timedelta(days=limit) < today:
        raise DomainError(_("Kelas hanya dapat dibuka kembali paling lambat %(days)d hari setelah ditutup.",
                            days=limit))
    enrolments.lock_workshop(workshop)
    closed = db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id,
                                                        Enrolment.status.in_(OUTCOMES))).all()
    ids = [enrolment.id for enrolment in closed]
    note = _("kelas dibuka kembali: %(reason)s", reason=reason.strip())
    ledger.revoke_evidence(actor, "course", ids, note)
    db.session.execute(update(TrainingRecord).where(TrainingRecord.enrolment_id.in_(ids),
                                                    TrainingRecord.revoked_at.is_(None))
                       .values(revoked_at=utcnow(), reason=note))
    certificates.revoke_for_enrolments(actor, ids, note)
    for enrolment in closed:
        enrolments.move(actor, enrolment, EnrolmentStatus.ENROLLED, reason.strip())
    workshop.status, workshop.closed_at, workshop.closed_by_id = WorkshopStatus.RUNNING, None, None
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title,
                 {"status": [WorkshopStatus.COMPLETED, WorkshopStatus.RUNNING], "reason": reason.strip()})
    notify_employees([enrolment.employee_id for enrolment in closed],
                     _("Kelas %(title)s dibuka kembali oleh BKPSDM; hasil dan sertifikatnya dicabut sampai kelas "
                       "ditutup lagi. Alasan: %(reason)s", title=workshop.title, reason=reason.strip()),
                     app_path("catalogue.my_enrolments"))
    return len(closed)
