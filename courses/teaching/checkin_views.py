"""Attendance by QR code (courses.teaching.checkin): the trainer's page that shows the session's code, and the page
a participant's phone opens when it scans it."""

from typing import Any

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from courses.access import trains_workshop
from courses.certificates.services import public_base_url
from courses.models import ATTENDANCE_LABELS, WorkshopSession
from courses.teaching import attendance, checkin, queries
from lms.access import access, signed_in
from lms.domain import DomainError
from lms.extensions import db
from lms.i18n import long_date

bp = Blueprint("checkin", __name__)

QR_SCALE = 10  # px per module of the code on the trainer's screen (scaled down to fit a phone's)


def _found(value: Any) -> Any:
    if value is None:
        abort(404)
    return value


@bp.get("/pengajar/kelas/<int:workshop_id>/sesi/<int:session_id>/presensi/kode-qr")
@access(trains_workshop)
def show_code(workshop_id: int, session_id: int):
    """The session's current code, renewed by the page (static/js/qr_refresh.js) while the time box is open."""
    session = _found(queries.session_of(workshop_id, session_id))
    now = checkin.local_now()
    try:
        token, refusal = checkin.make_token(session, now), None
    except DomainError as error:
        token, refusal = None, error.message
    address = public_base_url() + url_for(".scan", token=token) if token else None
    participants = queries.enrolled_participants(workshop_id)
    return render_template(
        "courses/trainer/attendance_qr.html", workshop=session.workshop, session=session, refusal=refusal,
        address=address, qr=segno.make(address, error="m").svg_data_uri(scale=QR_SCALE, border=2) if address else None,
        box=checkin.time_box(session), recorded=len(attendance.session_attendance(session.id)),
        participants=len(participants), refresh=current_app.config["ATTENDANCE_QR_ROTATE_SECONDS"])


def _scan_page(session: WorkshopSession | None, refusal: DomainError | None, status: int = 200, will_be=None):
    return render_template("courses/checkin.html", session=session, refusal=refusal.message if refusal else None,
                           will_be=ATTENDANCE_LABELS[will_be] if will_be else None), status


def _refusal_status(error: DomainError) -> int:
    if isinstance(error, checkin.InvalidCode):
        return 400
    return 403 if isinstance(error, checkin.NotEnrolled) else 409


@bp.get("/presensi/<token>")
@access(signed_in)
def scan(token: str):
    """What scanning the code leads to: the session and one button to record oneself, or why one cannot."""
    now = checkin.local_now()
    session = None
    try:
        session = checkin.read_token(token, now)
        found = checkin.check(current_user, session, now)
    except DomainError as error:
        return _scan_page(session, error, _refusal_status(error))
    return _scan_page(session, None, will_be=found.status)


@bp.post("/presensi/<token>")
@access(signed_in)
def scan_confirm(token: str):
    now = checkin.local_now()
    session = None
    try:
        session = checkin.read_token(token, now)
        status = checkin.check_in(current_user, session, now)
    except DomainError as error:
        db.session.rollback()
        return _scan_page(session, error, _refusal_status(error))
    flash(_recorded_message(session, ATTENDANCE_LABELS[status]), "success")
    return redirect(url_for("catalogue.my_enrolments"))


def _recorded_message(session: WorkshopSession, label: Any) -> str:
    return _("Kehadiran Anda tercatat: %(status)s, %(title)s, %(date)s %(time)s.", status=label,
             title=session.workshop.title, date=long_date(session.session_date), time=f"{session.starts_at:%H:%M}")
