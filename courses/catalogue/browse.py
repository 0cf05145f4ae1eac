"""Employee screens: the catalogue, a course's page, my enrolments."""

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from courses.access import MATERIAL_STATUSES, has_employee_record, owns_enrolment
from courses.catalogue import queries
from courses.enrolment import demand
from courses.enrolment import services as enrolments
from courses.enrolment.queries import announced_classes
from courses.models import (
    ACTIVE_ENROLMENT_STATUSES,
    COURSE_STATUS_LABELS,
    ENROLMENT_STATUS_LABELS,
    MODALITY_LABELS,
    WORKSHOP_STATUS_LABELS,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Workshop,
    WorkshopStatus,
)
from lms.access import access, signed_in
from lms.auth.targets import local_referrer
from lms.domain import DomainError
from lms.extensions import db
from lms.input_rules import id_arg

bp = Blueprint("catalogue", __name__)

# Workshops an employee may open or enrol in from the catalogue (the others are hidden from them).
SHOWN_WORKSHOP_STATUSES = (WorkshopStatus.OPEN, WorkshopStatus.CLOSED, WorkshopStatus.RUNNING, WorkshopStatus.COMPLETED)


def _int_arg(name: str) -> int | None:
    return id_arg(name)


def _may_see_drafts() -> bool:
    return current_user.has_role("hr", "admin")


@bp.get("/katalog")
@access(signed_in)
def catalogue():
    today = date.today()
    filters = queries.CatalogueFilters(
        search=request.args.get("q", "").strip(), competency_id=_int_arg("competency"),
        modality=request.args.get("modality", ""), month=request.args.get("month", ""),
        provider=request.args.get("provider", ""))
    page = db.paginate(queries.catalogue_query(filters, today), per_page=current_app.config["PAGE_SIZE"],
                       max_per_page=100)
    course_ids = [course.id for course in page.items]
    return render_template(
        "courses/catalogue/catalogue.html", page=page, filters=filters,
        competencies=queries.course_competencies(course_ids), next_workshops=queries.next_workshops(course_ids, today),
        competency_choices=queries.competency_choices(), provider_choices=queries.provider_choices(),
        month_choices=[(first.strftime("%Y-%m"), format_date(first, "MMMM y"))
                       for first in queries.month_choices(today)], modality_labels=MODALITY_LABELS,
        modality_groups=queries.MODALITY_GROUPS)


@bp.get("/katalog/<int:course_id>")
@access(signed_in)
def course_detail(course_id: int):
    course = queries.course_for_page(course_id)
    if course is None or (course.status != CourseStatus.PUBLISHED and not _may_see_drafts()):
        abort(404)
    today = date.today()
    workshops = queries.upcoming_workshops(course.id, today)
    workshop_ids = [workshop.id for workshop in workshops]
    employee = current_user.employee if current_user.employee_id else None
    mine = queries.enrolments_by_workshop(employee.id, workshop_ids) if employee else {}
    # Why the employee cannot ask a place in a class (the enrolment rule itself), shown instead of the button.
    refusals = {workshop.id: enrolments.enrolment_refusal(workshop, employee, today) for workshop in workshops
                if employee and not (workshop.id in mine and mine[workshop.id].status in ACTIVE_ENROLMENT_STATUSES)}
    may_request = (employee is not None and course.status == CourseStatus.PUBLISHED
                   and not announced_classes([course.id], employee.position.kind, today))
    return render_template(
        "courses/catalogue/course.html", course=course, workshops=workshops, today=today,
        seats=queries.seat_counts(workshops), mine=mine, refusals=refusals, may_request=may_request,
        my_demand=demand.active_demands(employee.id, [course.id]).get(course.id) if may_request else None,
        waitlist=enrolments.waitlist_positions([w for w, e in mine.items() if e.status == EnrolmentStatus.WAITLISTED]),
        active_statuses=ACTIVE_ENROLMENT_STATUSES, status_labels=ENROLMENT_STATUS_LABELS,
        workshop_status_labels=WORKSHOP_STATUS_LABELS, modality_labels=MODALITY_LABELS,
        course_status_labels=COURSE_STATUS_LABELS, can_enrol=current_user.employee_id is not None)


@bp.post("/katalog/kelas/<int:workshop_id>/daftar")
@access(has_employee_record)
def enrol(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    if workshop.status not in SHOWN_WORKSHOP_STATUSES or workshop.course.status != CourseStatus.PUBLISHED:
        abort(404)
    # Back to the page the request came from (the course page, or the gap page in the mode it was in).
    back = local_referrer() or url_for("catalogue.course_detail", course_id=workshop.course_id)
    try:
        enrolment = enrolments.enrol(current_user, workshop, current_user.employee)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(back)
    position = enrolments.waitlist_position(enrolment)
    flash(_enrolment_message(enrolment, position),
          "success" if enrolment.status == EnrolmentStatus.ENROLLED else "info")
    return redirect(back)


def _enrolment_message(enrolment: Enrolment, position: int | None) -> str:
    title = enrolment.workshop.title
    if enrolment.status == EnrolmentStatus.AWAITING_APPROVAL:
        return _("Pendaftaran Anda di %(title)s menunggu persetujuan atasan langsung.", title=title)
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return _("Kelas %(title)s penuh: Anda masuk daftar tunggu nomor %(position)d.", title=title,
                 position=position or 0)
    return _("Anda terdaftar sebagai peserta %(title)s.", title=title)


@bp.get("/pelatihan-saya")
@access(signed_in)
def my_enrolments():
    if current_user.employee_id is None:
        flash(_("Akun Anda tidak terhubung dengan data pegawai, sehingga tidak dapat mengikuti pelatihan."), "info")
        return redirect(url_for("catalogue.catalogue"))
    rows = queries.my_enrolments(current_user.employee_id)
    certificates = queries.live_certificates([row.id for row in rows if row.status == EnrolmentStatus.COMPLETED])
    shown = request.args.get("status", "")  # a group of the home page's numbers, or those with a certificate
    if shown == "sertifikat":
        rows = [row for row in rows if row.id in certificates]
    elif shown in queries.ENROLMENT_GROUPS:
        rows = [row for row in rows if row.status in queries.ENROLMENT_GROUPS[shown]]
    else:
        shown = ""
    waiting = [row.workshop_id for row in rows if row.status == EnrolmentStatus.WAITLISTED]
    with_materials = [row.workshop_id for row in rows if row.status in MATERIAL_STATUSES]
    completed = [row.id for row in rows if row.status == EnrolmentStatus.COMPLETED]
    return render_template(
        "courses/catalogue/my_enrolments.html", rows=rows, waitlist=enrolments.waitlist_positions(waiting),
        shown=shown, certificates=certificates, rated=queries.feedback_given(completed),
        materials=queries.materials_by_workshop(with_materials), active_statuses=ACTIVE_ENROLMENT_STATUSES,
        status_labels=ENROLMENT_STATUS_LABELS, withdrawable=enrolments.BEFORE_START)


@bp.post("/pelatihan-saya/<int:enrolment_id>/mundur")
@access(owns_enrolment)
def withdraw(enrolment_id: int):
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    title = enrolment.workshop.title
    try:
        enrolments.withdraw(current_user, enrolment)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(_("Anda mengundurkan diri dari %(title)s.", title=title), "success")
    if request.args.get("back") == "course":
        return redirect(url_for("catalogue.course_detail", course_id=enrolment.workshop.course_id))
    return redirect(url_for("catalogue.my_enrolments"))
