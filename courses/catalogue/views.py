"""HR screens: courses, workshops, trainers, proposals and nominations; the approval queue of supervisors.

HR and admins manage the catalogue and workshops; supervisors decide on their direct subordinates' requests in
the approval queue, where HR can act for an absent supervisor.
"""

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from competencies.forms import competency_options
from competencies.models import Competency, Framework
from courses.access import can_decide_enrolment, can_open_approvals
from courses.catalogue import queries, services
from courses.catalogue.forms import (
    CourseCompetencyForm,
    CourseForm,
    NewWorkshopForm,
    NominationForm,
    PrerequisiteCourseForm,
    ReasonForm,
    TrainersForm,
    WorkshopForm,
    users_by_id,
)
from courses.completion import services as completion
from courses.enrolment import services as enrolments
from courses.models import (
    COURSE_STATUS_LABELS,
    ENROLMENT_STATUS_LABELS,
    MANDATORY_PROGRAMME_LABELS,
    WORKSHOP_STATUS_LABELS,
    Course,
    CourseCompetency,
    Enrolment,
    EnrolmentStatus,
    Workshop,
    WorkshopStatus,
)
from courses.siasn_kinds import kind_label
from lms.access import access, hr_or_admin
from lms.auth.targets import local_referrer
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.people.models import Employee

bp = Blueprint("courses", __name__, url_prefix="/diklat")


@bp.context_processor
def transitions() -> dict[str, Any]:
    return {"workshop_transitions": services.WORKSHOP_TRANSITIONS}


def _max_level() -> int:
    return max((len(scale) for scale in db.session.scalars(select(Framework.scale))), default=5)


# --- courses -----------------------------------------------------------------------------------------------

@bp.get("/pelatihan")
@access(hr_or_admin)
def course_list():
    query = select(Course).order_by(Course.title, Course.id)
    search = request.args.get("q", "").strip()
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(or_(func.lower(Course.title).like(pattern), func.lower(Course.code).like(pattern)))
    status = request.args.get("status", "")
    if status in COURSE_STATUS_LABELS:
        query = query.where(Course.status == status)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    counts = dict(db.session.execute(
        select(Workshop.course_id, func.count()).where(Workshop.course_id.in_([c.id for c in page.items]))
        .group_by(Workshop.course_id)).all()) if page.items else {}
    return render_template("courses/course_list.html", page=page, search=search, status=status,
                           workshop_counts=counts)


@bp.route("/pelatihan/baru", methods=["GET", "POST"])
@access(hr_or_admin)
def course_new():
    form = CourseForm()
    if form.validate_on_submit():
        course = run_or_attach(form, "code", lambda: services.create_course(current_user, **form.values()))
        if course is not None:
            flash(_("Pelatihan %(title)s ditambahkan. Tambahkan kompetensi yang dikembangkannya.",
                    title=course.title), "success")
            return redirect(url_for(".course_detail", course_id=course.id))
    return render_template("courses/course_form.html", form=form, course=None), form_status(form)


@bp.route("/pelatihan/<int:course_id>/ubah", methods=["GET", "POST"])
@access(hr_or_admin)
def course_edit(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = CourseForm(obj=course, course=course)
    if form.validate_on_submit() and run_or_attach(
            form, "code", lambda: services.update_course(current_user, course, **form.values())):
        flash(_("Perubahan pelatihan disimpan."), "success")
        return redirect(url_for(".course_detail", course_id=course.id))
    return render_template("courses/course_form.html", form=form, course=course), form_status(form)


def _course_page(course: Course, status: int = 200, **forms: Any):
    competency_form = forms.get("competency_form") or CourseCompetencyForm(
        competencies=competency_options(), max_level=_max_level(), formdata=None)
    prerequisite_form = forms.get("prerequisite_form") or PrerequisiteCourseForm(course=course, formdata=None)
    trainers_form = forms.get("trainers_form") or TrainersForm(formdata=None,
                                                               data={"trainers": [u.id for u in course.trainers]})
    workshops = db.session.scalars(select(Workshop).where(Workshop.course_id == course.id)
                                   .order_by(Workshop.starts_on.desc().nulls_first(), Workshop.id.desc())).all()
    counts = queries.status_counts([workshop.id for workshop in workshops])
    rows = db.session.scalars(select(CourseCompetency).where(CourseCompetency.course_id == course.id)
                              .options(joinedload(CourseCompetency.competency).joinedload(Competency.framework))
                              .order_by(CourseCompetency.id)).all()
    return render_template("courses/course_detail.html", course=course, competency_rows=rows, workshops=workshops,
                           enrolled_counts=counts, competency_form=competency_form,
                           prerequisite_form=prerequisite_form, trainers_form=trainers_form,
                           siasn_kind=kind_label, mandatory_labels=MANDATORY_PROGRAMME_LABELS), status


@bp.get("/pelatihan/<int:course_id>")
@access(hr_or_admin)
def course_detail(course_id: int):
    return _course_page(db.get_or_404(Course, course_id))


@bp.post("/pelatihan/<int:course_id>/kompetensi")
@access(hr_or_admin)
def course_competency_save(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = CourseCompetencyForm(competencies=competency_options(), max_level=_max_level())
    if form.validate_on_submit():
        competency = db.get_or_404(Competency, form.competency_id.data)
        if run_or_attach(form, "granted_level", lambda: services.set_course_competency(
                current_user, course, competency, form.entry_level.data, form.granted_level.data)):
            flash(_("Kompetensi %(name)s disimpan.", name=competency.name), "success")
            return redirect(url_for(".course_detail", course_id=course.id))
    return _course_page(course, 422, competency_form=form)


@bp.post("/pelatihan/<int:course_id>/kompetensi/<int:row_id>/hapus")
@access(hr_or_admin)
def course_competency_delete(course_id: int, row_id: int):
    row = db.get_or_404(CourseCompetency, row_id)
    if row.course_id != course_id:
        abort(404)
    services.remove_course_competency(current_user, row)
    flash(_("Kompetensi dihapus dari pelatihan."), "success")
    return redirect(url_for(".course_detail", course_id=course_id))


@bp.post("/pelatihan/<int:course_id>/prasyarat")
@access(hr_or_admin)
def course_prerequisite_add(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = PrerequisiteCourseForm(course=course)
    if form.validate_on_submit():
        required = db.get_or_404(Course, form.required_course_id.data)
        if run_or_attach(form, "required_course_id",
                         lambda: services.set_course_prerequisite(current_user, course, required)):
            flash(_("Prasyarat %(title)s ditambahkan.", title=required.title), "success")
            return redirect(url_for(".course_detail", course_id=course.id))
    return _course_page(course, 422, prerequisite_form=form)


@bp.post("/pelatihan/<int:course_id>/prasyarat/<int:required_id>/hapus")
@access(hr_or_admin)
def course_prerequisite_delete(course_id: int, required_id: int):
    course = db.get_or_404(Course, course_id)
    required = db.get_or_404(Course, required_id)
    services.remove_course_prerequisite(current_user, course, required)
    flash(_("Prasyarat dihapus."), "success")
    return redirect(url_for(".course_detail", course_id=course.id))


@bp.post("/pelatihan/<int:course_id>/pengajar")
@access(hr_or_admin)
def course_trainers(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = TrainersForm()
    if form.validate_on_submit() and run_or_attach(
            form, "trainers", lambda: services.set_course_trainers(current_user, course, form.selected_users())):
        flash(_("Daftar pengajar pelatihan disimpan."), "success")
        return redirect(url_for(".course_detail", course_id=course.id))
    return _course_page(course, 422, trainers_form=form)


# --- workshops ---------------------------------------------------------------------------------------------

@bp.route("/pelatihan/<int:course_id>/kelas/baru", methods=["GET", "POST"])
@access(hr_or_admin)
def workshop_new(course_id: int):
    course = db.get_or_404(Course, course_id)
    form = NewWorkshopForm()
    if form.validate_on_submit():
        trainers = users_by_id(form.trainers.data)
        workshop = run_or_attach(form, "batch", lambda: services.create_workshop(
            current_user, course, trainers=trainers, **form.values()))
        if workshop is not None:
            flash(_("Kelas dibuat sebagai draf. Tambahkan sesinya, lalu buka pendaftaran."), "success")
            return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return render_template("courses/workshop_form.html", form=form, course=course, workshop=None), \
        form_status(form)


@bp.get("/kelas")
@access(hr_or_admin)
def workshop_list():
    """Every class across courses, by status and start month, soonest first."""
    query = (select(Workshop).join(Course, Workshop.course_id == Course.id).options(joinedload(Workshop.course))
             .order_by(Workshop.starts_on.desc().nulls_first(), Workshop.id.desc()))
    status = request.args.get("status", "")
    if status in WORKSHOP_STATUS_LABELS:
        query = query.where(Workshop.status == status)
    search = request.args.get("q", "").strip()
    if search:
        query = query.where(func.lower(Course.title).like(f"%{search.lower()}%"))
    month = queries.parse_month(request.args.get("month", ""))
    if month:
        query = query.where(Workshop.starts_on >= month[0], Workshop.starts_on < month[1])
    to_close = request.args.get("perlu") == "penutupan"  # the home page's "classes to close"
    if to_close:
        query = query.where(queries.to_close(date.today()))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("courses/workshop_list.html", page=page, status=status, search=search,
                           month=request.args.get("month", ""), to_close=to_close,
                           counts=queries.status_counts([workshop.id for workshop in page.items]))


@bp.route("/kelas/<int:workshop_id>/ubah", methods=["GET", "POST"])
@access(hr_or_admin)
def workshop_edit(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    form = WorkshopForm(obj=workshop)
    if form.validate_on_submit() and run_or_attach(
            form, "batch", lambda: services.update_workshop(current_user, workshop, **form.values())):
        flash(_("Perubahan kelas disimpan."), "success")
        return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return render_template("courses/workshop_form.html", form=form, course=workshop.course, workshop=workshop), \
        form_status(form)


def _workshop_page(workshop: Workshop, status: int = 200, **forms: Any):
    counts = queries.status_counts([workshop.id])[workshop.id]
    return render_template(
        "courses/workshop_detail.html", workshop=workshop, counts=counts,
        trainers_form=forms.get("trainers_form") or TrainersForm(
            formdata=None, data={"trainers": [user.id for user in workshop.trainers]}),
        cancel_form=forms.get("cancel_form") or ReasonForm(formdata=None),
        reopen_form=forms.get("reopen_form") or ReasonForm(formdata=None),
        nomination_form=forms.get("nomination_form") or NominationForm(formdata=None),
        nominations=forms.get("nominations")), status


@bp.get("/kelas/<int:workshop_id>")
@access(hr_or_admin)
def workshop_detail(workshop_id: int):
    return _workshop_page(db.get_or_404(Workshop, workshop_id))


@bp.post("/kelas/<int:workshop_id>/status")
@access(hr_or_admin)
def workshop_status(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    status = request.form.get("status", "")
    if status not in WORKSHOP_STATUS_LABELS:
        abort(400)
    services.set_workshop_status(current_user, workshop, WorkshopStatus(status))
    flash(_("Status kelas kini: %(status)s.", status=WORKSHOP_STATUS_LABELS[status]), "success")
    return redirect(url_for(".workshop_detail", workshop_id=workshop.id))


@bp.post("/kelas/<int:workshop_id>/pengajar")
@access(hr_or_admin)
def workshop_trainers(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    form = TrainersForm()
    if form.validate_on_submit() and run_or_attach(
            form, "trainers", lambda: services.set_workshop_trainers(current_user, workshop, form.selected_users())):
        flash(_("Pengajar kelas disimpan."), "success")
        return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return _workshop_page(workshop, 422, trainers_form=form)


@bp.post("/kelas/<int:workshop_id>/batal")
@access(hr_or_admin)
def workshop_cancel(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    form = ReasonForm()
    if form.validate_on_submit():
        count = run_or_attach(form, "reason", lambda: services.cancel_workshop(current_user, workshop,
                                                                               form.reason.data))
        if count is not None:
            flash(_("Kelas dibatalkan; %(count)d pendaftaran dibatalkan dan pesertanya diberi tahu.", count=count),
                  "success")
            return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return _workshop_page(workshop, 422, cancel_form=form)


@bp.post("/kelas/<int:workshop_id>/buka-kembali")
@access(hr_or_admin)
def workshop_reopen(workshop_id: int):
    """Reopen a closed workshop (within the configured days): what its closing issued is revoked."""
    workshop = db.get_or_404(Workshop, workshop_id)
    form = ReasonForm()
    if form.validate_on_submit():
        count = run_or_attach(form, "reason", lambda: completion.reopen_workshop(current_user, workshop,
                                                                                 form.reason.data))
        if count is not None:
            flash(_("Kelas dibuka kembali; hasil, sertifikat dan riwayat diklat %(count)d peserta dicabut.",
                    count=count), "success")
            return redirect(url_for(".workshop_detail", workshop_id=workshop.id))
    return _workshop_page(workshop, 422, reopen_form=form)


@bp.post("/kelas/<int:workshop_id>/usulkan-peserta")
@access(hr_or_admin)
def workshop_nominate(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    form = NominationForm()
    if not form.validate_on_submit():
        return _workshop_page(workshop, 422, nomination_form=form)
    results = enrolments.nominate(current_user, workshop, form.employees())
    added = sum(1 for result in results if result.enrolment is not None)
    flash(_("%(added)d dari %(total)d pegawai diusulkan.", added=added, total=len(results)),
          "success" if added == len(results) else "warning")
    return _workshop_page(workshop, nomination_form=NominationForm(formdata=None), nominations=results)


@bp.post("/pendaftaran/<int:enrolment_id>/keluarkan")
@access(hr_or_admin)
def enrolment_remove(enrolment_id: int):
    """HR takes one participant (or a waiting request) out of a class before it starts, with a reason the
    participant is told; the seat goes to the first on the waitlist."""
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan pengeluaran peserta."), "danger")
    else:
        enrolments.remove_participant(current_user, enrolment, form.reason.data)
        flash(_("%(name)s dikeluarkan dari %(title)s dan diberi tahu.", name=enrolment.employee.full_name,
                title=enrolment.workshop.title), "success")
    return redirect(local_referrer() or url_for("trainer.roster_list", workshop_id=enrolment.workshop_id))


# --- proposals by trainers ---------------------------------------------------------------------------------

@bp.get("/usulan")
@access(hr_or_admin)
def proposal_list():
    proposals = db.session.scalars(select(Workshop).where(Workshop.status == WorkshopStatus.PROPOSED)
                                   .options(joinedload(Workshop.course), selectinload(Workshop.sessions),
                                            joinedload(Workshop.proposed_by))
                                   .order_by(Workshop.created_at)).unique().all()
    return render_template("courses/proposal_list.html", proposals=proposals, form=ReasonForm(formdata=None))


@bp.post("/usulan/<int:workshop_id>/setujui")
@access(hr_or_admin)
def proposal_approve(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    services.approve_proposal(current_user, workshop)
    flash(_("Usulan %(title)s disetujui; kelasnya kini berstatus draf.", title=workshop.title), "success")
    return redirect(url_for(".proposal_list"))


@bp.post("/usulan/<int:workshop_id>/tolak")
@access(hr_or_admin)
def proposal_reject(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan penolakan."), "danger")
        return redirect(url_for(".proposal_list"))
    services.reject_proposal(current_user, workshop, form.reason.data)
    flash(_("Usulan %(title)s ditolak.", title=workshop.title), "success")
    return redirect(url_for(".proposal_list"))


# --- approvals by supervisors ------------------------------------------------------------------------------

@bp.get("/persetujuan")
@access(can_open_approvals)
def approval_queue():
    """Requests waiting for a decision: a supervisor sees their direct subordinates'; HR sees all (or, with
    ``?semua=0``, only their own team's)."""
    query = (select(Enrolment).join(Employee, Enrolment.employee_id == Employee.id)
             .where(Enrolment.status == EnrolmentStatus.AWAITING_APPROVAL)
             .options(joinedload(Enrolment.employee).joinedload(Employee.position),
                      joinedload(Enrolment.employee).joinedload(Employee.unit),
                      joinedload(Enrolment.employee).joinedload(Employee.supervisor),
                      joinedload(Enrolment.workshop).joinedload(Workshop.course))
             .order_by(Enrolment.requested_at, Enrolment.id))
    show_all = current_user.has_role("hr", "admin") and request.args.get("semua", "1") != "0"
    if not show_all:
        query = query.where(Employee.supervisor_id == current_user.employee_id)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    year = date.today().year
    return render_template("courses/approval_queue.html", page=page, show_all=show_all,
                           form=ReasonForm(formdata=None), year=year,
                           contexts=queries.approval_contexts(page.items, year),
                           target_jp=current_app.config["TRAINING_HOURS_TARGET_JP"])


@bp.post("/persetujuan/<int:enrolment_id>/setujui")
@access(can_decide_enrolment)
def approval_approve(enrolment_id: int):
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    enrolments.approve(current_user, enrolment)
    flash(_("Permohonan %(name)s disetujui (status: %(status)s).", name=enrolment.employee.full_name,
            status=ENROLMENT_STATUS_LABELS[enrolment.status]), "success")
    return redirect(url_for(".approval_queue"))


@bp.post("/persetujuan/<int:enrolment_id>/tolak")
@access(can_decide_enrolment)
def approval_reject(enrolment_id: int):
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan penolakan."), "danger")
        return redirect(url_for(".approval_queue"))
    enrolments.reject(current_user, enrolment, form.reason.data)
    flash(_("Permohonan %(name)s ditolak.", name=enrolment.employee.full_name), "success")
    return redirect(url_for(".approval_queue"))
