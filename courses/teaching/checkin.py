"""Attendance by QR code: the trainer shows a code for a session, each participant scans it with their phone and
records themselves present (or late).

The code is the address ``/presensi/<token>``. A token names the session and the moment it was shown, signed with
the app's secret key (itsdangerous), so it cannot be guessed or made for another session. The trainer's page shows a
new one every ``ATTENDANCE_QR_ROTATE_SECONDS`` and a token is accepted for ``ATTENDANCE_QR_VALID_SECONDS`` after it
was shown (time to scan just before it changes and to log in on a phone). Codes are shown and accepted only within
the session's time box: from ``ATTENDANCE_QR_OPENS_MINUTES`` before it starts until it ends. Scanning up to
``ATTENDANCE_LATE_MINUTES`` after the start records *Hadir*, later *Terlambat*.

A participant records themselves once per session, only when enrolled in the class and while its attendance is
kept (:func:`courses.teaching.attendance.check_recording`); anything already recorded for them, by the trainer or
an earlier scan, stays (the trainer corrects by hand on the attendance page). Every record is audited. Times are
the city's (``BABEL_DEFAULT_TIMEZONE``), like the sessions'. Nothing here commits.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, Signer
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from courses.models import ATTENDANCE_LABELS, Attendance, AttendanceStatus, Enrolment, EnrolmentStatus, WorkshopSession
from courses.teaching.attendance import check_recording, session_label
from lms.audit import services as audit
from lms.auth.models import User
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.i18n import long_date

logger = logging.getLogger(__name__)

SALT = "kompeten.attendance-qr"
CLOCK_SKEW = timedelta(seconds=30)  # a token "from the future" by less than this is another server's clock


class InvalidCode(DomainError):
    """Not a code this app made (mistyped, cut short, forged, or for a session that no longer exists)."""


class NotEnrolled(DomainError):
    """The one who scanned is not an enrolled participant of the session's class."""


def local_now() -> datetime:
    """Now in the city's time zone, the one the sessions' dates and times are in."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


@dataclass(frozen=True)
class TimeBox:
    """When codes of a session are shown and accepted, and from when a scan counts as late."""

    opens: datetime
    late_from: datetime
    closes: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.opens <= moment <= self.closes


def time_box(session: WorkshopSession) -> TimeBox:
    """The session's time box, in the city's time."""
    config = current_app.config
    zone = ZoneInfo(config["BABEL_DEFAULT_TIMEZONE"])
    starts = datetime.combine(session.session_date, session.starts_at, zone)
    return TimeBox(starts - timedelta(minutes=config["ATTENDANCE_QR_OPENS_MINUTES"]),
                   starts + timedelta(minutes=config["ATTENDANCE_LATE_MINUTES"]),
                   datetime.combine(session.session_date, session.ends_at, zone))


def _signer() -> Signer:
    return Signer(current_app.secret_key, salt=SALT)


def make_token(session: WorkshopSession, now: datetime) -> str:
    """The token of the code shown at ``now`` (refused outside the session's time box)."""
    check_time_box(session, now)
    return _signer().sign(f"{session.id}.{int(now.timestamp())}").decode()


def read_token(token: str, now: datetime) -> WorkshopSession:
    """The session of a code scanned at ``now``; refused when the code is not ours or no longer valid."""
    try:
        session_id, shown = (int(part) for part in _signer().unsign(token).decode().split("."))
    except (BadSignature, ValueError, UnicodeDecodeError):
        raise InvalidCode(_("Kode QR ini tidak dikenal. Pindai kode yang ditampilkan pengajar di kelas.")) from None
    session = db.session.get(WorkshopSession, session_id)
    age = now.timestamp() - shown
    if session is None or age < -CLOCK_SKEW.total_seconds():
        raise InvalidCode(_("Kode QR ini tidak dikenal. Pindai kode yang ditampilkan pengajar di kelas."))
    if age > current_app.config["ATTENDANCE_QR_VALID_SECONDS"]:
        raise DomainError(_("Kode QR ini sudah kedaluwarsa. Pindai kode terbaru yang ditampilkan pengajar."))
    return session


def check_time_box(session: WorkshopSession, now: datetime) -> TimeBox:
    """The session's time box when ``now`` (aware) lies in it; else why not."""
    box = time_box(session)
    now = now.astimezone(box.opens.tzinfo)
    if now in box:
        return box
    if now.date() != session.session_date:
        raise DomainError(_("Sesi ini tidak berlangsung hari ini, tetapi %(date)s.",
                            date=long_date(session.session_date)))
    if now < box.opens:
        raise DomainError(_("Presensi dengan kode QR untuk sesi ini dibuka pukul %(time)s.",
                            time=f"{box.opens:%H:%M}"))
    raise DomainError(_("Presensi dengan kode QR untuk sesi ini sudah ditutup pukul %(time)s. Hubungi pengajar.",
                        time=f"{box.closes:%H:%M}"))


@dataclass(frozen=True)
class CheckIn:
    enrolment: Enrolment
    status: AttendanceStatus


def check(actor: Actor, session: WorkshopSession, now: datetime) -> CheckIn:
    """What a scan by ``actor`` at ``now`` would record, or the reason it would be refused."""
    check_recording(session.workshop)
    box = check_time_box(session, now)
    enrolment = db.session.scalar(select(Enrolment).where(
        Enrolment.workshop_id == session.workshop_id, Enrolment.employee_id == actor.employee_id,
        Enrolment.status == EnrolmentStatus.ENROLLED)) if actor.employee_id is not None else None
    if enrolment is None:
        raise NotEnrolled(_("Anda tidak terdaftar sebagai peserta kelas %(title)s, sehingga kehadiran Anda tidak "
                            "dapat dicatat di sini.", title=session.workshop.title))
    recorded = db.session.scalar(select(Attendance.status).where(Attendance.session_id == session.id,
                                                                 Attendance.enrolment_id == enrolment.id))
    if recorded is not None:
        raise DomainError(_("Kehadiran Anda di sesi ini sudah tercatat: %(status)s.",
                            status=ATTENDANCE_LABELS[recorded]))
    return CheckIn(enrolment, AttendanceStatus.PRESENT if now <= box.late_from else AttendanceStatus.LATE)


def check_in(actor: Actor, session: WorkshopSession, now: datetime) -> AttendanceStatus:
    """Record ``actor`` present (or late) in ``session`` at ``now``, once; returns the status recorded."""
    found = check(actor, session, now)
    try:
        with db.session.begin_nested():
            db.session.add(Attendance(session_id=session.id, enrolment_id=found.enrolment.id, status=found.status,
                                      recorded_by_id=actor.id))
    except IntegrityError:  # a second scan at the same moment: the first one counts
        raise DomainError(_("Kehadiran Anda di sesi ini sudah tercatat.")) from None
    audit.record(actor, "update", "attendance", session, session_label(session),
                 {found.enrolment.employee.nip: [None, found.status.value]}, note="kode QR")
    logger.info("attendance of session %s: enrolment %s checked in by QR code as %s", session.id,
                found.enrolment.id, found.status.value)
    return found.status


def self_recorded(session_id: int) -> dict[int, datetime]:
    """{enrolment id: when (UTC)} of the participants whose attendance in a session is their own record, made by
    scanning its code (a correction by the trainer makes it the trainer's)."""
    return dict(db.session.execute(
        select(Attendance.enrolment_id, Attendance.recorded_at)
        .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
        .join(User, and_(User.employee_id == Enrolment.employee_id, User.id == Attendance.recorded_by_id))
        .where(Attendance.session_id == session_id)).all())
