"""Trainer screens: my workshops, a workshop's sessions and settings, roster, attendance, test scores (typed in or
imported from a file), materials, the attendance sheet PDF, and proposals of new workshops.

A trainer opens only the workshops they train (``trains_workshop``; HR and admins open every one). Participants
download materials through :func:`material_download` (``can_see_materials``).
"""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from courses.access import can_see_materials, teaches_course, trains_workshop
from courses.catalogue import services
from courses.certificates.tasks import RENDER_TASK
from courses.completion import services as completion
from courses.enrolment import services as enrolments
from courses.models import (
    Course,
    EnrolmentStatus,
    Workshop,
    WorkshopStatus,
)
from courses.teaching import attendance, checkin, materials, queries
from courses.teaching import scores as score_import
from courses.teaching.forms import (
    MaterialFileForm,
    MaterialLinkForm,
    ProposalForm,
    ScoreConfirmForm,
    ScoreUploadForm,
    SessionForm,
    WorkshopSettingsForm,
    attendance_form,
    scores_form,
)
from lms.access import access, roles
from lms.domain import Actor, DomainError
from lms.downloads import download, file_mimetype
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.imports import registry
from lms.imports import views as imports
from lms.imports.models import Upload
from lms.imports.registry import Confirmed, ImportKind
from lms.input_rules import database_int
from lms.jobs import services as jobs
from lms.pdf import pdf_response, render_pdf
from lms.tabular import file_size

bp = Blueprint("trainer", __name__, url_prefix="/pengajar")

trainer_or_hr = roles("trainer", "hr", "admin")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {"file_size": file_size}


def _found(value: Any) -> Any:
    if value is None:
        abort(404)
    return value


def _workshop(workshop_id: int) -> Workshop:
    return _found(queries.workshop_with_details(workshop_id))


def _run(change: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a service call without a form: (True, its result), or (False, None) after rolling back and flashing
    why it was refused. A write that collides with someone else's is answered by the app (lms.transaction)."""
    try:
        return True, change()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return False, None


# --- my workshops and proposals ----------------------------------------------------------------------------

@bp.get("/")
@access(trainer_or_hr)
def my_workshops():
    return render_template("courses/trainer/my_workshops.html",
                           workshops=queries.my_workshops(current_user.id, date.today()),
                           courses=queries.taught_courses(current_user.id))


@bp.route("/pelatihan/<int:course_id>/usulkan", methods=["GET", "POST"])
@access(teaches_course)
def propose(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = ProposalForm()
    if form.validate_on_submit():
        workshop = run_or_attach(form, "batch", lambda: services.propose_workshop(
            current_user, course, **form.values()))
        if workshop is not None:
            flash(_("Usulan kelas %(batch)s dikirim ke BKPSDM untuk disetujui.", batch=workshop.batch), "success")
            return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return render_template("courses/trainer/propose.html", form=form, course=course), form_status(form)


# --- a workshop: details, settings, sessions ---------------------------------------------------------------

def _start_refusal(workshop: Workshop) -> str | None:
    """What the start panel of a trainer page says (only for a workshop not yet started)."""
    return services.start_refusal(workshop, date.today()) if workshop.status in services.START_STATUSES else None


def _workshop_page(workshop: Workshop, status: int = 200, settings_form=None, session_form=None):
    seats = queries.seat_counts([workshop.id]).get(workshop.id, queries.Seats())
    return render_template(
        "courses/trainer/workshop.html", workshop=workshop, seats=seats, start_refusal=_start_refusal(workshop),
        settings_form=settings_form or WorkshopSettingsForm(formdata=None, obj=workshop),
        session_form=session_form or SessionForm(formdata=None)), status


@bp.get("/kelas/<int:workshop_id>")
@access(trains_workshop)
def workshop_detail(workshop_id: int):
    return _workshop_page(_workshop(workshop_id))


@bp.post("/kelas/<int:workshop_id>/mulai")
@access(trains_workshop)
def workshop_start(workshop_id: int):
    """The workshop's trainer (or HR) starts the class; a refusal says who may start it, and when."""
    workshop = _workshop(workshop_id)
    done, _result = _run(lambda: services.start_workshop(current_user, workshop))
    if done:
        flash(_("Kelas dimulai: presensi dan nilai dicatat di kelas ini, dan kelas dapat ditutup setelah sesi "
                "terakhirnya."), "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop.id))


@bp.post("/kelas/<int:workshop_id>/pengaturan")
@access(trains_workshop)
def workshop_settings(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = WorkshopSettingsForm()
    if form.validate_on_submit() and run_or_attach(
            form, "capacity", lambda: services.update_workshop(current_user, workshop, **form.values())):
        flash(_("Pengaturan kelas disimpan."), "success")
        return redirect(url_for(".workshop_detail", workshop_id=workshop_id))
    return _workshop_page(_workshop(workshop_id), 422, settings_form=form)


@bp.post("/kelas/<int:workshop_id>/sesi")
@access(trains_workshop)
def session_add(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = SessionForm()
    if form.validate_on_submit() and run_or_attach(
            form, "session_date", lambda: services.add_session(current_user, workshop, **form.values())):
        flash(_("Sesi ditambahkan."), "success")
        return redirect(url_for(".workshop_detail", workshop_id=workshop_id))
    return _workshop_page(_workshop(workshop_id), 422, session_form=form)


@bp.route("/kelas/<int:workshop_id>/sesi/<int:session_id>/ubah", methods=["GET", "POST"])
@access(trains_workshop)
def session_edit(workshop_id: int, session_id: int):
    session = _found(queries.session_of(workshop_id, session_id))
    form = SessionForm(obj=session)
    if form.validate_on_submit() and run_or_attach(
            form, "session_date", lambda: services.update_session(current_user, session, **form.values())):
        flash(_("Sesi disimpan."), "success")
        return redirect(url_for(".workshop_detail", workshop_id=workshop_id))
    return render_template("courses/trainer/session_form.html", form=form, workshop=session.workshop,
                           session=session), form_status(form)


@bp.post("/kelas/<int:workshop_id>/sesi/<int:session_id>/hapus")
@access(trains_workshop)
def session_delete(workshop_id: int, session_id: int):
    session = _found(queries.session_of(workshop_id, session_id))
    if _run(lambda: services.delete_session(current_user, session))[0]:
        flash(_("Sesi dihapus."), "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop_id))


# --- roster and attendance ---------------------------------------------------------------------------------

@bp.get("/kelas/<int:workshop_id>/peserta")
@access(trains_workshop)
def roster_list(workshop_id: int):
    workshop = _workshop(workshop_id)
    return render_template("courses/trainer/roster.html", workshop=workshop, roster=queries.roster(workshop_id))


@bp.get("/kelas/<int:workshop_id>/presensi")
@access(trains_workshop)
def attendance_start(workshop_id: int):
    """The attendance of the session that is usually meant: today's, else the latest past, else the first."""
    workshop = _workshop(workshop_id)
    session = queries.current_session(workshop.sessions, date.today())
    if session is None:
        flash(_("Kelas ini belum memiliki sesi. Tambahkan sesi terlebih dahulu."), "info")
        return redirect(url_for(".workshop_detail", workshop_id=workshop_id))
    return redirect(url_for(".attendance_take", workshop_id=workshop_id, session_id=session.id))


@bp.route("/kelas/<int:workshop_id>/sesi/<int:session_id>/presensi", methods=["GET", "POST"])
@access(trains_workshop)
def attendance_take(workshop_id: int, session_id: int):
    workshop = _workshop(workshop_id)
    session = _found(next((item for item in workshop.sessions if item.id == session_id), None))
    participants = queries.enrolled_participants(workshop_id)
    recorded = attendance.session_attendance(session_id)
    form = attendance_form(participants, recorded)
    today = date.today()
    if form.validate_on_submit():
        done, count = _run(lambda: attendance.record_attendance(current_user, session, form.statuses(), today))
        if done:
            flash(_("Presensi disimpan (%(count)s perubahan).", count=count), "success")
        return redirect(url_for(".attendance_take", workshop_id=workshop_id, session_id=session_id))
    started = attendance.session_started(session, today)
    return render_template("courses/trainer/attendance.html", workshop=workshop, session=session, form=form,
                           participants=participants, recorded=recorded, started=started,
                           self_recorded=checkin.self_recorded(session_id),
                           editable=workshop.status in attendance.RECORDING_STATUSES and started), form_status(form)


@bp.post("/kelas/<int:workshop_id>/sesi/<int:session_id>/presensi/semua-hadir")
@access(trains_workshop)
def attendance_all_present(workshop_id: int, session_id: int):
    session = _found(queries.session_of(workshop_id, session_id))
    done, count = _run(lambda: attendance.mark_all_present(current_user, session, date.today()))
    if done:
        flash(_("%(count)s peserta ditandai hadir; kehadiran yang sudah dicatat tidak diubah.", count=count),
              "success")
    return redirect(url_for(".attendance_take", workshop_id=workshop_id, session_id=session_id))


@bp.get("/kelas/<int:workshop_id>/daftar-hadir.pdf")
@access(trains_workshop)
def attendance_sheet(workshop_id: int):
    """Daftar hadir to print and sign: one A4 page per session, or only the session asked for (``?sesi=``)."""
    workshop = _workshop(workshop_id)
    sessions = workshop.sessions
    chosen = request.args.get("sesi", type=database_int)
    if chosen is not None:
        sessions = [session for session in sessions if session.id == chosen]
    if not sessions:
        flash(_("Tidak ada sesi untuk dicetak daftar hadirnya."), "info")
        return redirect(url_for(".workshop_detail", workshop_id=workshop_id))
    with force_locale("id"):  # an official form of the city government: always in Indonesian
        html = render_template("pdf/attendance_sheet.html", workshop=workshop, sessions=sessions,
                               participants=queries.enrolled_participants(workshop_id),
                               full_date=lambda day: format_date(day, "EEEE, d MMMM y"))
    suffix = f"-sesi-{chosen}" if chosen is not None else ""
    return pdf_response(render_pdf(html), f"daftar-hadir-kelas-{workshop.id}{suffix}.pdf")


# --- test scores -------------------------------------------------------------------------------------------

def _scores_page(workshop: Workshop, form=None, upload_form=None, status: int = 200):
    participants = queries.enrolled_participants(workshop.id)
    return render_template(
        "courses/trainer/scores.html", workshop=workshop, participants=participants,
        form=form or scores_form(participants, formdata=None),
        upload_form=upload_form or ScoreUploadForm(formdata=None), columns=score_import.COLUMNS,
        max_size=file_size(score_import.MAX_BYTES),
        editable=workshop.status in attendance.RECORDING_STATUSES), status


@bp.route("/kelas/<int:workshop_id>/nilai", methods=["GET", "POST"])
@access(trains_workshop)
def scores(workshop_id: int):
    workshop = _workshop(workshop_id)
    if request.method == "GET":
        return _scores_page(workshop)
    form = scores_form(queries.enrolled_participants(workshop_id))
    if form.validate_on_submit():
        done, count = _run(lambda: attendance.set_test_scores(current_user, workshop, form.scores()))
        if done:
            flash(_("Nilai disimpan (%(count)s peserta berubah).", count=count), "success")
        return redirect(url_for(".scores", workshop_id=workshop_id))
    return _scores_page(workshop, form=form, status=422)


@bp.post("/kelas/<int:workshop_id>/nilai/unggah")
@access(trains_workshop)
def score_upload(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = ScoreUploadForm()
    if not form.validate_on_submit():
        return _scores_page(workshop, upload_form=form, status=422)
    return imports.start(SCORES, current_user, form.file.data.filename, form.content, scope_id=workshop_id)


@bp.get("/kelas/<int:workshop_id>/nilai/templat.<any(csv, xlsx):kind>")
@access(trains_workshop)
def score_template(workshop_id: int, kind: str):
    workshop = _workshop(workshop_id)
    name = f"nilai-kelas-{workshop.id}.{kind}"
    if kind == "csv":
        return download(score_import.template_csv(workshop.id), name, "text/csv; charset=utf-8")
    return download(score_import.template_xlsx(workshop.id), name, XLSX_TYPE)


def _confirm_scores(actor: Actor, stored: Upload, preview: score_import.ScorePreview,
                    form: ScoreConfirmForm) -> Confirmed:
    workshop = _workshop(stored.scope_id)
    summary = score_import.apply_scores(actor, workshop, preview, stored.filename, valid_only=form.valid_only.data)
    return Confirmed(url_for("trainer.scores", workshop_id=workshop.id), _(
        "Impor %(file)s selesai: %(created)s nilai baru, %(updated)s diperbarui, %(unchanged)s tidak berubah, "
        "%(skipped)s dilewati.", file=stored.filename, created=summary.created, updated=summary.updated,
        unchanged=summary.unchanged, skipped=summary.skipped))


SCORES = registry.register(ImportKind(
    name=score_import.UPLOAD_KIND,
    slug="nilai",
    preview=lambda stored: score_import.preview_scores(stored.scope_id, stored.filename, stored.content),
    confirm=_confirm_scores,
    may_import=lambda user, workshop_id: workshop_id is not None and trains_workshop(user, workshop_id),
    upload_url=lambda workshop_id: url_for("trainer.scores", workshop_id=workshop_id),
    parts="courses/trainer/score_import.html",
    confirm_form=ScoreConfirmForm,
    report=score_import.report_csv,
    report_filename="laporan-impor-nilai.csv",
    context=lambda stored, _preview: {"workshop": _workshop(stored.scope_id)},
    conflict_message=_l("Nilai berubah selama impor berlangsung; tidak ada yang disimpan."),
))


# --- materials ---------------------------------------------------------------------------------------------

def _materials_page(workshop: Workshop, file_form=None, link_form=None, status: int = 200):
    return render_template(
        "courses/trainer/materials.html", workshop=workshop, materials=queries.materials(workshop.id),
        file_form=file_form or MaterialFileForm(formdata=None, prefix="file"),
        link_form=link_form or MaterialLinkForm(formdata=None, prefix="link"),
        max_size=file_size(materials.max_bytes()), extensions=materials.EXTENSIONS), status


@bp.get("/kelas/<int:workshop_id>/materi")
@access(trains_workshop)
def material_list(workshop_id: int):
    return _materials_page(_workshop(workshop_id))


@bp.post("/kelas/<int:workshop_id>/materi/berkas")
@access(trains_workshop)
def material_add_file(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = MaterialFileForm(prefix="file")
    if form.validate_on_submit():
        content = form.file.data.read(materials.max_bytes() + 1)  # one byte more than allowed is enough to refuse
        if run_or_attach(form, "file", lambda: materials.add_file(
                current_user, workshop, title=form.title.data, kind=form.kind.data,
                filename=form.file.data.filename or "", content=content)):
            flash(_("Materi %(title)s ditambahkan.", title=form.title.data), "success")
            return redirect(url_for(".material_list", workshop_id=workshop_id))
    return _materials_page(workshop, file_form=form, status=422)


@bp.post("/kelas/<int:workshop_id>/materi/tautan")
@access(trains_workshop)
def material_add_link(workshop_id: int):
    workshop = _workshop(workshop_id)
    form = MaterialLinkForm(prefix="link")
    if form.validate_on_submit() and run_or_attach(form, "url", lambda: materials.add_link(
            current_user, workshop, title=form.title.data, kind=form.kind.data, url=form.url.data)):
        flash(_("Materi %(title)s ditambahkan.", title=form.title.data), "success")
        return redirect(url_for(".material_list", workshop_id=workshop_id))
    return _materials_page(workshop, link_form=form, status=422)


@bp.post("/kelas/<int:workshop_id>/materi/<int:material_id>/hapus")
@access(trains_workshop)
def material_delete(workshop_id: int, material_id: int):
    workshop = _workshop(workshop_id)
    material = _found(queries.material_of(workshop_id, material_id))
    title = material.title
    if _run(lambda: materials.delete_material(current_user, material, workshop))[0]:
        flash(_("Materi %(title)s dihapus.", title=title), "success")
    return redirect(url_for(".material_list", workshop_id=workshop_id))


@bp.get("/kelas/<int:workshop_id>/materi/<int:material_id>")
@access(can_see_materials)
def material_download(workshop_id: int, material_id: int):
    """A file material as an attachment (never shown inline, never sniffed), or the link of a link material."""
    material = _found(queries.material_of(workshop_id, material_id, with_content=True))
    if material.url:
        return redirect(material.url)
    response = send_file(io.BytesIO(material.content), mimetype=file_mimetype(material.content_type),
                         as_attachment=True, download_name=material.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- closing ------------------------------------------------------------------------------------------------

@bp.get("/kelas/<int:workshop_id>/penutupan")
@access(trains_workshop)
def closing(workshop_id: int):
    """Before closing: the outcomes the course's criteria give, to confirm or override; after: the results."""
    workshop = _workshop(workshop_id)
    return _closing_page(workshop, {}, {})


def _closing_page(workshop: Workshop, chosen: dict[int, str], errors: dict[int, str], status: int = 200):
    outcomes = completion.compute_outcomes(workshop) if workshop.status == WorkshopStatus.RUNNING else []
    results = queries.closing_results(workshop.id) if workshop.status == WorkshopStatus.COMPLETED else []
    return render_template("courses/trainer/closing.html", workshop=workshop, outcomes=outcomes, chosen=chosen,
                           errors=errors, results=results, today=date.today(), start_refusal=_start_refusal(workshop),
                           outcome_choices=completion.OUTCOMES), status


@bp.post("/kelas/<int:workshop_id>/penutupan")
@access(trains_workshop)
def close(workshop_id: int):
    workshop = _workshop(workshop_id)
    chosen = {int(key.removeprefix("outcome-")): value for key, value in request.form.items()
              if key.startswith("outcome-") and key.removeprefix("outcome-").isdigit()}
    overrides = {enrolment_id: (value, request.form.get(f"reason-{enrolment_id}", ""))
                 for enrolment_id, value in chosen.items()}
    # A large class gets its certificate numbers now and their PDFs from a background job.
    inline = enrolments.enrolled_count(workshop.id) <= current_app.config["CERTIFICATES_INLINE_MAX"]
    try:
        outcomes = completion.close_workshop(current_user, workshop, overrides, render_certificates=inline)
    except DomainError as error:
        db.session.rollback()
        field_id = int(error.field.removeprefix("reason-")) if (error.field or "").startswith("reason-") else None
        if field_id is None:
            flash(error.message, "danger")
        return _closing_page(db.get_or_404(Workshop, workshop_id), chosen,
                             {field_id: error.message} if field_id else {}, 422)
    passed = sum(1 for outcome in outcomes if outcome.enrolment.status == EnrolmentStatus.COMPLETED)
    flash(_("Kelas ditutup: %(passed)d dari %(total)d peserta lulus; sertifikat dan riwayat diklat telah dibuat.",
            passed=passed, total=len(outcomes)), "success")
    if not inline and passed:
        job = jobs.submit(current_user, RENDER_TASK, {"workshop_id": workshop.id},
                          _("Berkas PDF sertifikat: %(title)s", title=workshop.title))
        return redirect(url_for("jobs.job_detail", job_id=job.id))
    return redirect(url_for(".closing", workshop_id=workshop.id))
