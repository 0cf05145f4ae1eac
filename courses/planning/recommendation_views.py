"""Kesenjangan Kompetensi: an employee's gaps against their position (or a position on their career path),
the radar chart, and the workshops that close the gaps, with one-click enrolment (or HR's nomination)."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from competencies.models import level_text
from courses.enrolment import services as enrolments
from courses.enrolment.services import BEFORE_START
from courses.models import ENROLMENT_STATUS_LABELS, MODALITY_LABELS, Workshop
from courses.planning.recommendations import Recommendations, career_targets, recommend
from lms import charts
from lms.access import access, hr_or_admin
from lms.extensions import db
from lms.people.access import can_view_employee
from lms.people.models import Employee, Position

bp = Blueprint("recommendations", __name__)


def _target(employee: Employee) -> tuple[Position | None, list[Position]]:
    """The career-mode target chosen in ``?tujuan=`` (None: the current position) and the possible targets."""
    targets = career_targets(employee.position_id)
    chosen = request.args.get("tujuan", type=int)
    if chosen is None:
        return None, targets
    target = next((position for position in targets if position.id == chosen), None)
    if target is None:
        abort(404)
    return target, targets


def _chart(result: Recommendations) -> Markup:
    """The radar of required against current level, one spoke per requirement (the table beside it has the
    same numbers)."""
    rows = sorted(result.gaps.rows, key=lambda row: row.code)
    return charts.radar_chart([row.code for row in rows],
                              {_("Level dipersyaratkan"): [row.required for row in rows],
                               _("Level saat ini"): [row.current for row in rows]},
                              title=_("Level dipersyaratkan dan level saat ini"),
                              max_value=max((len(row.scale) for row in rows), default=5), show_title=False)


@bp.get("/pegawai/<int:employee_id>/kesenjangan-kompetensi")
@access(can_view_employee)
def employee_gaps(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    target, targets = _target(employee)
    result = recommend(employee, date.today(), target)
    return render_template(
        "courses/employee_gaps.html", employee=employee, result=result, targets=targets, chart=_chart(result),
        own_page=current_user.employee_id == employee.id, may_nominate=current_user.has_role("hr", "admin"),
        level_text=level_text, modality_labels=MODALITY_LABELS, enrolment_status_labels=ENROLMENT_STATUS_LABELS)


@bp.post("/pegawai/<int:employee_id>/kesenjangan-kompetensi/usulkan/<int:workshop_id>")
@access(hr_or_admin)
def nominate_employee(employee_id: int, workshop_id: int):
    """HR puts the employee forward for a recommended class (the nomination of the course pages)."""
    employee = db.get_or_404(Employee, employee_id)
    workshop = db.get_or_404(Workshop, workshop_id)
    if workshop.status not in BEFORE_START:
        abort(404)
    [result] = enrolments.nominate(current_user, workshop, [employee])
    if result.enrolment is None:
        db.session.rollback()
        flash(_("%(name)s tidak dapat diusulkan: %(reason)s", name=employee.full_name, reason=result.refusal),
              "danger")
    else:
        flash(_("%(name)s diusulkan sebagai peserta %(title)s (status: %(status)s).", name=employee.full_name,
                title=workshop.title, status=ENROLMENT_STATUS_LABELS[result.enrolment.status]), "success")
    return redirect(url_for(".employee_gaps", employee_id=employee.id, **request.args))
