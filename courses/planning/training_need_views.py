"""Analisis kebutuhan pelatihan (HR): courses ranked by the gaps they close in a unit or the whole city, the
seats already scheduled, the classes still to open, the nomination of the people who need a course, and the
exports (CSV, XLSX)."""

from datetime import date

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from competencies.gap_views import ListPagination
from courses.enrolment import services as enrolments
from courses.models import Course, EnrolmentStatus, Workshop
from courses.planning.akpk import akpk, need_row, workbook
from courses.planning.akpk_plans import AkpkPlan, plan_totals, save_plan, saved_plan
from courses.planning.training_needs import (
    TrainingNeeds,
    employees_by_id,
    nomination_classes,
    training_needs,
)
from lms.access import access, hr_or_admin
from lms.downloads import download
from lms.extensions import db
from lms.input_rules import database_int
from lms.people.models import OrgUnit
from lms.people.queries import unit_choices
from lms.tabular import csv_bytes, xlsx_bytes

bp = Blueprint("training_needs", __name__)

PREVIEW_ROWS = 50  # people listed on the nomination page
AKPK_PAGE_SIZE = 50  # needs per page of the AKPK
REFUSALS_SHOWN = 10


def _scope() -> OrgUnit | None:
    """The unit of ``?unit=`` (None: the whole city); an unknown unit is a 404."""
    unit_id = request.args.get("unit", type=database_int)
    return None if unit_id is None else db.get_or_404(OrgUnit, unit_id)


def _analysis(unit: OrgUnit | None) -> TrainingNeeds:
    return training_needs(unit.id if unit else None, date.today(), current_app.config["TNA_CLASS_SIZE"])


EXPORT_HEADER = ("Peringkat", "Kode", "Pelatihan", "JP", "Pegawai membutuhkan", "Bobot kesenjangan",
                 "Sudah terdaftar", "Kursi tersedia", "Kelas dibuka", "Kekurangan peserta", "Kelas tambahan",
                 "Kapasitas per kelas", "Permintaan kelas", "Belum pelatihan wajib")
EXPORT_WIDTHS = (10, 22, 50, 6, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12)


def _export_rows(analysis: TrainingNeeds) -> list[tuple]:
    return [(rank, need.course.code, need.course.title, need.course.hours_jp, need.people, need.severity,
             need.placed, need.seats_left, need.classes, need.shortfall, need.extra_classes, need.class_size,
             need.requested, need.mandatory)
            for rank, need in enumerate(analysis.needs, start=1)]


def _export(analysis: TrainingNeeds, unit: OrgUnit | None, kind: str) -> Response:
    name = f"analisis-kebutuhan-pelatihan-{unit.code if unit else 'kota'}-{date.today():%Y%m%d}"
    if kind == "xlsx":
        data = xlsx_bytes("Kebutuhan Pelatihan", EXPORT_HEADER, _export_rows(analysis), EXPORT_WIDTHS)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = csv_bytes(EXPORT_HEADER, _export_rows(analysis))
        mimetype = "text/csv; charset=utf-8"
    return download(data, f"{name}.{kind}", mimetype)


@bp.get("/analisis-kebutuhan-pelatihan")
@access(hr_or_admin)
def analysis():
    unit = _scope()
    result = _analysis(unit)
    export = request.args.get("format", "")
    if export in ("csv", "xlsx"):
        return _export(result, unit, export)
    return render_template("courses/training_needs.html", result=result, unit=unit, units=unit_choices())


def _plan_year(today: date) -> int:
    """The ``?year=`` asked for: this year or the next (default: this year)."""
    year = request.args.get("year", type=int)
    return year if year in (today.year, today.year + 1) else today.year


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/analisis-kebutuhan-pelatihan/akpk")
@access(hr_or_admin)
def akpk_page():
    """The AKPK of the scope for a plan year (this year or the next), its totals per OPD and the XLSX export."""
    unit, today = _scope(), date.today()
    result = akpk(unit.id if unit else None, _plan_year(today), today)
    rows = [need_row(need) for need in result.needs]
    if request.args.get("format") == "xlsx":
        return download(workbook(result.year, rows, result.totals),
                        f"akpk-{result.year}-{unit.code if unit else 'kota'}.xlsx", XLSX)
    page = ListPagination(per_page=AKPK_PAGE_SIZE, max_per_page=AKPK_PAGE_SIZE, items=rows)
    return render_template("courses/akpk.html", result=result, page=page, unit=unit, units=unit_choices(),
                           years=(today.year, today.year + 1), saved=saved_plan(result.year, unit))


@bp.post("/analisis-kebutuhan-pelatihan/akpk")
@access(hr_or_admin)
def akpk_save():
    """Save the AKPK of the scope as the plan of the year (in place of the one saved before)."""
    unit, today = _scope(), date.today()
    plan = save_plan(current_user, unit, akpk(unit.id if unit else None, _plan_year(today), today))
    flash(_("AKPK disimpan sebagai rencana pengembangan kompetensi %(year)s (%(n)s kebutuhan).", year=plan.year,
            n=len(plan.lines)), "success")
    return redirect(url_for(".akpk_plan", plan_id=plan.id))


@bp.get("/analisis-kebutuhan-pelatihan/akpk/rencana/<int:plan_id>")
@access(hr_or_admin)
def akpk_plan(plan_id: int):
    """A saved plan as it was saved, and its XLSX."""
    plan = db.get_or_404(AkpkPlan, plan_id)
    rows, totals = [line.row() for line in plan.lines], plan_totals(plan)
    if request.args.get("format") == "xlsx":
        return download(workbook(plan.year, rows, totals), f"rencana-akpk-{plan.year}-{plan.id}.xlsx", XLSX)
    page = ListPagination(per_page=AKPK_PAGE_SIZE, max_per_page=AKPK_PAGE_SIZE, items=rows)
    return render_template("courses/akpk_plan.html", plan=plan, totals=totals, page=page)


@bp.route("/analisis-kebutuhan-pelatihan/pelatihan/<int:course_id>/usulan", methods=["GET", "POST"])
@access(hr_or_admin)
def nominate(course_id: int):
    """Put forward, for one class of the course, the people of the scope whose plan contains it, most severe
    gaps first (as many as the class has free seats, unless HR asks for another number)."""
    course = db.get_or_404(Course, course_id)
    unit = _scope()
    classes = nomination_classes(course.id, date.today())
    candidates = _analysis(unit).candidates.get(course.id, [])
    if request.method == "POST":
        return _nominate(course, unit, classes, candidates)
    people = employees_by_id([employee_id for employee_id, _severity in candidates[:PREVIEW_ROWS]])
    return render_template("courses/training_needs_nominate.html", course=course, unit=unit, classes=classes,
                           candidates=candidates, people=people, preview_rows=PREVIEW_ROWS)


def _nominate(course: Course, unit: OrgUnit | None, classes: list[Workshop], candidates: list[tuple[int, int]]):
    back = url_for(".nominate", course_id=course.id, unit=unit.id if unit else None)
    workshop = next((w for w in classes if w.id == request.form.get("workshop_id", type=int)), None)
    count = request.form.get("count", type=int)
    if workshop is None or count is None or not 1 <= count <= len(candidates):
        flash(_("Pilih kelas dan jumlah peserta antara 1 dan %(n)s.", n=len(candidates)), "danger")
        return redirect(back)
    chosen = employees_by_id([employee_id for employee_id, _severity in candidates[:count]])
    results = enrolments.nominate(current_user, workshop,
                                  [chosen[employee_id] for employee_id, _severity in candidates[:count]])
    placed = [result for result in results if result.enrolment is not None]
    waitlisted = sum(1 for result in placed if result.enrolment.status == EnrolmentStatus.WAITLISTED)
    flash(_("%(n)s pegawai diusulkan ke %(title)s (%(waitlisted)s di daftar tunggu).", n=len(placed),
            title=workshop.title, waitlisted=waitlisted), "success" if placed else "warning")
    refused = [result for result in results if result.enrolment is None]
    for result in refused[:REFUSALS_SHOWN]:
        flash(_("%(name)s tidak diusulkan: %(reason)s", name=result.employee.full_name, reason=result.refusal),
              "warning")
    if len(refused) > REFUSALS_SHOWN:
        flash(_("%(n)s pegawai lain juga tidak diusulkan.", n=len(refused) - REFUSALS_SHOWN), "warning")
    return redirect(url_for(".analysis", unit=unit.id if unit else None))
