"""Attendance per session and pre-/post-test scores, recorded by a workshop's trainers.

Only participants whose enrolment is ``enrolled`` are recorded, and only while the workshop is open, closed
for enrolment or running: once it is completed, the outcomes computed from these records must not move.
Attendance of a session is recorded from the session's day on, never in advance.
Every change is audited; nothing here commits.
"""

import logging
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from courses.models import (
    ATTENDANCE_STATUSES,
    WORKSHOP_STATUS_LABELS,
    Attendance,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.i18n import long_date
from lms.people.models import Employee

logger = logging.getLogger(__name__)

# Workshop states in which attendance and scores are kept.
RECORDING_STATUSES = (WorkshopStatus.OPEN, WorkshopStatus.CLOSED, WorkshopStatus.RUNNING)
SCORE_FIELDS = ("pre_score", "post_score")
MIN_SCORE, MAX_SCORE = 0, 100


def check_recording(workshop: Workshop) -> None:
    if workshop.status not in RECORDING_STATUSES:
        raise DomainError(_("Presensi dan nilai tidak dapat dicatat untuk kelas berstatus %(status)s.",
                            status=WORKSHOP_STATUS_LABELS[workshop.status].lower()))


def session_started(session: WorkshopSession, today: date) -> bool:
    """Whether the session's day has come (attendance is never recorded in advance)."""
    return session.session_date <= today


def check_session_date(session: WorkshopSession, today: date) -> None:
    if not session_started(session, today):
        raise DomainError(_("Presensi sesi %(date)s belum dapat dicatat: sesi itu belum berlangsung.",
                            date=long_date(session.session_date)))


def enrolled_nips(workshop_id: int) -> dict[int, str]:
    """{enrolment id: NIP} of the workshop's enrolled participants."""
    return dict(db.session.execute(
        select(Enrolment.id, Employee.nip).join(Employee, Enrolment.employee_id == Employee.id)
        .where(Enrolment.workshop_id == workshop_id, Enrolment.status == EnrolmentStatus.ENROLLED)).all())


def session_label(session: WorkshopSession) -> str:
    return f"{session.workshop.title}, {session.session_date.isoformat()} {session.starts_at:%H:%M}"


def session_attendance(session_id: int) -> dict[int, str]:
    """{enrolment id: attendance status} recorded for one session."""
    return dict(db.session.execute(select(Attendance.enrolment_id, Attendance.status)
                                   .where(Attendance.session_id == session_id)).all())


def record_attendance(actor: Actor, session: WorkshopSession, statuses: Mapping[int, str],
                      today: date | None = None) -> int:
    """Set the attendance of enrolled participants (enrolment id -> status) in one session that has begun by
    ``today`` (the server's date when not given); returns how many records changed."""
    check_recording(session.workshop)
    check_session_date(session, today or date.today())
    if not set(statuses.values()) <= set(ATTENDANCE_STATUSES):
        raise DomainError(_("Status kehadiran tidak dikenal."))
    nips = enrolled_nips(session.workshop_id)
    if not set(statuses) <= set(nips):
        raise DomainError(_("Kehadiran hanya dapat dicatat untuk peserta yang terdaftar di kelas ini."))
    existing = {row.enrolment_id: row for row in db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}
    changes: dict[str, list[str | None]] = {}
    for enrolment_id, status in statuses.items():
        row = existing.get(enrolment_id)
        if row is not None and row.status == status:
            continue
        changes[nips[enrolment_id]] = [row.status if row else None, status]
        if row is None:
            db.session.add(Attendance(session_id=session.id, enrolment_id=enrolment_id, status=status,
                                      recorded_by_id=actor.id))
        else:
            row.status, row.recorded_by_id = status, actor.id
    db.session.flush()
    if changes:
        audit.record(actor, "update", "attendance", session, session_label(session), changes)
        logger.info("attendance of session %s: %d changed", session.id, len(changes))
    return len(changes)


def mark_all_present(actor: Actor | None, session: WorkshopSession, today: date | None = None) -> int:
    """Mark every enrolled participant with no record yet as present (a status already recorded, such as
    excused, is kept); returns how many were marked."""
    today = today or date.today()
    check_recording(session.workshop)
    check_session_date(session, today)
    recorded = session_attendance(session.id)
    missing = [enrolment_id for enrolment_id in enrolled_nips(session.workshop_id) if enrolment_id not in recorded]
    return record_attendance(actor, session, dict.fromkeys(missing, AttendanceStatus.PRESENT), today)


def check_score(value: Any) -> float | None:
    """A score as stored: None (no score) or a number from 0 to 100."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DomainError(_("Nilai harus berupa angka."))
    if not MIN_SCORE <= value <= MAX_SCORE:
        raise DomainError(_("Nilai harus antara %(min)s dan %(max)s.", min=MIN_SCORE, max=MAX_SCORE))
    return float(value)


def set_test_scores(actor: Actor | None, workshop: Workshop, scores: Mapping[int, Mapping[str, Any]],
                    note: str = "") -> int:
    """Set pre-/post-test scores: enrolment id -> {field: score or None}, fields among SCORE_FIELDS (a field
    left out is kept). Returns how many enrolments changed."""
    check_recording(workshop)
    checked = {enrolment_id: {field: check_score(value) for field, value in values.items()}
               for enrolment_id, values in scores.items()}
    if any(set(values) - set(SCORE_FIELDS) for values in checked.values()):
        raise DomainError(_("Jenis nilai tidak dikenal."))
    nips = enrolled_nips(workshop.id)
    if not set(checked) <= set(nips):
        raise DomainError(_("Nilai hanya dapat dicatat untuk peserta yang terdaftar di kelas ini."))
    rows = {row.id: row for row in db.session.scalars(select(Enrolment).where(Enrolment.id.in_(list(checked))))}
    entries = []
    for enrolment_id, values in checked.items():
        enrolment = rows[enrolment_id]
        changes = audit.diff(audit.snapshot(enrolment, values), values)
        if not changes:
            continue
        for field, value in values.items():
            setattr(enrolment, field, value)
        entries.append(audit.entry_values(actor, "update", "test_score", enrolment_id,
                                          f"{nips[enrolment_id]} – {workshop.title}", changes, note))
    db.session.flush()
    audit.record_many(entries)
    if entries:
        logger.info("test scores of workshop %s: %d changed", workshop.id, len(entries))
    return len(entries)
