"""Profil Kompetensi: an employee's current and required levels and how they changed; HR overrides."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from competencies import ledger
from competencies.forms import competency_options
from competencies.models import Competency
from competencies.profile_forms import OverrideForm
from competencies.profile_queries import employee_profile
from lms.access import access, hr_or_admin
from lms.extensions import db
from lms.formtools import run_or_attach
from lms.input_rules import database_int
from lms.people.access import can_view_employee
from lms.people.models import Employee

bp = Blueprint("profile", __name__)

def _page(employee: Employee, form: OverrideForm | None, status: int = 200):
    return render_template("competencies/profile.html", employee=employee, profile=employee_profile(employee),
                           form=form, source_labels=ledger.EVIDENCE_SOURCE_LABELS), status


@bp.get("/pegawai/<int:employee_id>/profil-kompetensi")
@access(can_view_employee)
def competency_profile(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    form = None
    if current_user.has_role("hr", "admin"):
        chosen = request.args.get("kompetensi", type=database_int) or 0
        form = OverrideForm(formdata=None, competencies=competency_options(), data={"competency_id": chosen})
    return _page(employee, form)


@bp.post("/pegawai/<int:employee_id>/profil-kompetensi/penetapan")
@access(hr_or_admin)
def level_override(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    form = OverrideForm(competencies=competency_options())
    if form.validate_on_submit():
        competency = db.get_or_404(Competency, form.competency_id.data)
        if run_or_attach(form, "reason", lambda: ledger.override_level(
                current_user, employee, competency, form.level.data, form.reason.data)):
            flash(_("Level %(competency)s untuk %(name)s ditetapkan.", competency=competency.name,
                    name=employee.full_name), "success")
            return redirect(url_for(".competency_profile", employee_id=employee_id))
    return _page(employee, form, 422)
