"""Training records (riwayat diklat) and hours, external training for HR to approve, SIASN export, feedback."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from courses.access import has_employee_record, owns_enrolment, trains_workshop
from courses.certificates import services as certificates
from courses.completion import feedback
from courses.models import TRAINING_RECORD_STATUS_LABELS, Enrolment, TrainingRecord, Workshop
from courses.records import services as records
from courses.records.forms import ExternalTrainingForm, FeedbackForm, RejectForm
from courses.siasn_kinds import kind_label
from lms.access import access, hr_or_admin
from lms.domain import DomainError
from lms.downloads import download, file_mimetype
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.people.access import can_view_employee
from lms.people.models import Employee
from lms.tabular import csv_bytes, file_size

bp = Blueprint("records", __name__)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"training_kind": kind_label,
            "training_record_status_labels": TRAINING_RECORD_STATUS_LABELS,
            "hours_target": current_app.config["TRAINING_HOURS_TARGET_JP"], "format_decimal": format_decimal}


def can_view_record(user: Any, record_id: int, **_: Any) -> bool:
    """Whoever may see the employee's page (a missing record passes, for the view to answer 404)."""
    employee_id = db.session.scalar(select(TrainingRecord.employee_id).where(TrainingRecord.id == record_id))
    return employee_id is None or can_view_employee(user, employee_id)


def _run(change: Callable[[], Any]) -> bool:
    """Run a service call without a form; when it is refused, roll back and flash why."""
    try:
        change()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return False
    return True


# --- riwayat diklat ----------------------------------------------------------------------------------------

@bp.get("/pegawai/<int:employee_id>/riwayat-diklat")
@access(can_view_employee)
def history(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    counted = records.live_records(employee_id)
    enrolment_ids = [record.enrolment_id for record in counted if record.enrolment_id is not None]
    own = current_user.employee_id == employee_id
    today = date.today()
    return render_template(
        "courses/records/history.html", employee=employee, records=counted, own=own,
        certificates={enrolment_id: (certificate, certificates.certificate_status(certificate, today))
                      for enrolment_id, certificate in certificates.by_enrolment(enrolment_ids).items()},
        feedback_due=feedback.awaiting(enrolment_ids) if own else set(),
        submissions=records.submissions(employee_id), hours=records.hours_summary(employee_id, date.today().year))


@bp.get("/riwayat-diklat/<int:record_id>/pindaian")
@access(can_view_record)
def scan(record_id: int):
    """The scanned certificate as an attachment (never shown inline, never sniffed)."""
    record = records.with_scan(record_id)
    if record is None or record.scan is None:
        abort(404)
    response = send_file(io.BytesIO(record.scan), mimetype=file_mimetype(record.scan_content_type),
                         as_attachment=True, download_name=record.scan_filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- external training -------------------------------------------------------------------------------------

@bp.route("/pelatihan-saya/eksternal", methods=["GET", "POST"])
@access(has_employee_record)
def external_submit():
    form = ExternalTrainingForm()
    if form.validate_on_submit():
        content = form.scan.data.read(records.scan_max_bytes() + 1)  # one byte more than allowed is enough to refuse
        if run_or_attach(form, "scan", lambda: records.submit_external(
                current_user, current_user.employee_id, form.values(), form.scan.data.filename or "", content,
                date.today())):
            flash(_("Pelatihan %(title)s dikirim ke BKPSDM untuk diverifikasi.", title=form.title.data), "success")
            return redirect(url_for(".history", employee_id=current_user.employee_id))
    return render_template("courses/records/external_form.html", form=form,
                           max_size=file_size(records.scan_max_bytes())), form_status(form)


def _queue_page(reject_form: RejectForm | None = None, rejecting: int | None = None, status: int = 200):
    page = db.paginate(records.pending_query(), per_page=current_app.config["PAGE_SIZE"])
    return render_template("courses/records/queue.html", page=page, reject_form=reject_form, rejecting=rejecting,
                           this_year=date.today().year), status


@bp.get("/diklat/verifikasi-eksternal")
@access(hr_or_admin)
def external_queue():
    return _queue_page()


@bp.post("/diklat/verifikasi-eksternal/<int:record_id>/setujui")
@access(hr_or_admin)
def external_approve(record_id: int):
    record = db.get_or_404(TrainingRecord, record_id)
    if _run(lambda: records.approve_external(current_user, record)):
        flash(_("Pelatihan %(title)s diakui; %(name)s diberi tahu.", title=record.title,
                name=record.employee.full_name), "success")
    return redirect(url_for(".external_queue"))


@bp.post("/diklat/verifikasi-eksternal/<int:record_id>/tolak")
@access(hr_or_admin)
def external_reject(record_id: int):
    record = db.get_or_404(TrainingRecord, record_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _queue_page(form, record_id, 422)
    if _run(lambda: records.reject_external(current_user, record, form.reason.data)):
        flash(_("Pengajuan %(title)s ditolak; %(name)s diberi tahu.", title=record.title,
                name=record.employee.full_name), "success")
    return redirect(url_for(".external_queue"))


@bp.get("/diklat/ekspor-siasn.csv")
@access(hr_or_admin)
def siasn_export():
    """Riwayat diklat/kursus of one year (``?tahun=``, this year by default) for upload to SIASN."""
    year = request.args.get("tahun", type=int) or date.today().year
    if not 1900 <= year <= 9999:
        abort(400)
    with force_locale("id"):  # SIASN is in Indonesian whatever the user's language
        data = csv_bytes(records.SIASN_HEADER, records.siasn_rows(year))
    return download(data, f"riwayat-diklat-siasn-{year}.csv", "text/csv; charset=utf-8")


# --- feedback ----------------------------------------------------------------------------------------------

@bp.route("/pelatihan-saya/<int:enrolment_id>/umpan-balik", methods=["GET", "POST"])
@access(owns_enrolment)
def feedback_form(enrolment_id: int):
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    if refusal := feedback.refusal(enrolment):
        flash(refusal, "info")
        return redirect(url_for(".history", employee_id=enrolment.employee_id))
    form = FeedbackForm()
    if form.validate_on_submit() and run_or_attach(form, "comment", lambda: feedback.submit_feedback(
            enrolment, content_score=form.content_score.data, trainer_score=form.trainer_score.data,
            relevance_score=form.relevance_score.data, comment=form.comment.data or "")):
        flash(_("Terima kasih atas umpan balik Anda."), "success")
        return redirect(url_for(".history", employee_id=enrolment.employee_id))
    return render_template("courses/records/feedback_form.html", form=form, enrolment=enrolment), form_status(form)


@bp.get("/pengajar/kelas/<int:workshop_id>/umpan-balik")
@access(trains_workshop)
def feedback_summary(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    return render_template("courses/records/feedback_summary.html", workshop=workshop,
                           summary=feedback.summary(workshop_id))
