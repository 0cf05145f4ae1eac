"""Permintaan kelas: an employee asks for a class of a course none is open in (and may withdraw the request); HR
lists the requests per course for a unit, with the people who asked, and exports them (CSV, XLSX)."""

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from courses.access import has_employee_record
from courses.enrolment import demand
from courses.models import Course
from lms.access import access, hr_or_admin
from lms.auth.targets import local_referrer
from lms.domain import DomainError
from lms.downloads import download
from lms.extensions import db, local_date
from lms.input_rules import database_int
from lms.people.models import OrgUnit
from lms.people.queries import unit_choices
from lms.tabular import DATE, TEXT, csv_bytes, xlsx_bytes

bp = Blueprint("demand", __name__)


def _back(course: Course) -> str:
    """The page the request came from (the recommendations, in career mode or not; the course page)."""
    return local_referrer() or url_for("catalogue.course_detail", course_id=course.id)


@bp.post("/katalog/<int:course_id>/permintaan-kelas")
@access(has_employee_record)
def request_class(course_id: int):
    course = db.get_or_404(Course, course_id)
    try:
        demand.request_class(current_user, current_user.employee, course)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(_("Permintaan kelas %(title)s tercatat: BKPSDM melihatnya, dan Anda diberi tahu saat kelasnya "
                "dibuka.", title=course.title), "success")
    return redirect(_back(course))


@bp.post("/katalog/<int:course_id>/permintaan-kelas/batal")
@access(has_employee_record)
def withdraw_request(course_id: int):
    course = db.get_or_404(Course, course_id)
    mine = demand.active_demands(current_user.employee_id, [course.id]).get(course.id)
    if mine is None:
        abort(404)
    demand.withdraw_demand(current_user, mine)
    flash(_("Permintaan kelas %(title)s dibatalkan.", title=course.title), "success")
    return redirect(_back(course))


EXPORT_HEADER = ("Kode pelatihan", "Pelatihan", "NIP", "Nama", "Jabatan", "Unit", "Diminta pada")
EXPORT_WIDTHS = (22, 44, 22, 36, 36, 40, 14)


def _export(unit: OrgUnit | None, kind: str) -> Response:
    rows = [(row.course.code, row.course.title, row.employee.nip, row.employee.full_name, row.employee.position.name,
             row.employee.unit.name, local_date(row.created_at))
            for row in demand.demand_people(unit.id if unit else None)]
    name = f"permintaan-kelas-{unit.code if unit else 'kota'}-{date.today():%Y%m%d}"
    if kind == "xlsx":
        data = xlsx_bytes("Permintaan kelas", EXPORT_HEADER, rows, EXPORT_WIDTHS, {2: TEXT, 6: DATE})
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = csv_bytes(EXPORT_HEADER, rows)
        mimetype = "text/csv; charset=utf-8"
    return download(data, f"{name}.{kind}", mimetype)


@bp.get("/analisis-kebutuhan-pelatihan/permintaan-kelas")
@access(hr_or_admin)
def demand_list():
    """The courses people of the unit (and its sub-units; the city without ``?unit=``) asked a class of, most asked
    first, with who asked; ``?format=csv`` or ``xlsx`` gives everyone who asked."""
    unit_id = request.args.get("unit", type=database_int)
    unit = None if unit_id is None else db.get_or_404(OrgUnit, unit_id)
    export = request.args.get("format", "")
    if export in ("csv", "xlsx"):
        return _export(unit, export)
    scope = unit.id if unit else None
    people: dict[int, list] = {}
    for row in demand.demand_people(scope):
        people.setdefault(row.course_id, []).append(row)
    return render_template("courses/demand_list.html", rows=demand.demand_by_course(scope), people=people, unit=unit,
                           units=unit_choices())
