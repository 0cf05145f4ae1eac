"""Kesenjangan Kompetensi: an employee's gaps against their position (or a position on their career path),
the radar chart, and the workshops that close the gaps, with one-click enrolment (or HR's nomination); HR's
candidates for a position (Calon jabatan), by JPM against its standard, with their XLSX export."""

import re
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from competencies import jpm
from competencies.gap_views import ListPagination
from competencies.models import level_text
from courses.enrolment import services as enrolments
from courses.enrolment.services import BEFORE_START
from courses.models import ENROLMENT_STATUS_LABELS, MODALITY_LABELS, Workshop
from courses.planning.candidates import Candidates, position_candidates
from courses.planning.recommendations import Recommendations, career_targets, recommend
from lms import charts
from lms.access import access, hr_or_admin
from lms.extensions import db
from lms.input_rules import database_int
from lms.people.access import can_view_employee
from lms.people.models import Employee, Position
from lms.tabular import DECIMAL, TEXT, xlsx_bytes

bp = Blueprint("recommendations", __name__)


def _target(employee: Employee) -> tuple[Position | None, list[Position]]:
    """The career-mode target chosen in ``?tujuan=`` (None: the current position) and the possible targets."""
    targets = career_targets(employee.position_id)
    chosen = request.args.get("tujuan", type=database_int)
    if chosen is None:
        return None, targets
    target = next((position for position in targets if position.id == chosen), None)
    if target is None:
        abort(404)
    return target, targets


CHART_WIDTH = 280  # pt: about as wide as a phone and the page's chart column, so its text is never scaled down


def _chart(result: Recommendations) -> Markup:
    """Required against current level as pairs of bars across the page, one pair per requirement with the
    competency's full name, in the table's order (the table beside it has the same numbers). Bars rather than a
    radar: the names of a dozen competencies fit down the left in full, and each pair compares two lengths on one
    scale, where a radar's spokes leave room only for codes and compare areas."""
    rows = result.gaps.rows
    return charts.grouped_bar_chart([row.name for row in rows],
                                    {_("Level dipersyaratkan"): [row.required for row in rows],
                                     _("Level saat ini"): [row.current for row in rows]},
                                    title=_("Level dipersyaratkan dan level saat ini"),
                                    max_value=max((len(row.scale) for row in rows), default=5), show_title=False,
                                    width=CHART_WIDTH)


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


CANDIDATES_PAGE_SIZE = 50
CANDIDATE_HEADER = ("NIP", "Nama", "Jabatan saat ini", "Unit", "JPM (%)", "Kategori JPM (seleksi)",
                    "Kompetensi di bawah standar", "Jumlah kesenjangan (level)")
CANDIDATE_WIDTHS = (22, 36, 40, 40, 10, 24, 14, 14)


def _candidates_xlsx(result: Candidates) -> Response:
    rows = [(c.employee.nip, c.employee.full_name, c.employee.position.name, c.employee.unit.name, c.jpm,
             str(c.category.label), c.below, c.total_gap) for c in result.people]
    data = xlsx_bytes("Calon jabatan", CANDIDATE_HEADER, rows, CANDIDATE_WIDTHS, {0: TEXT, 4: DECIMAL})
    code = re.sub(r"[^A-Za-z0-9]+", "-", result.position.code).strip("-").lower() or "jabatan"
    name = f"calon-jabatan-{code}-{date.today():%Y%m%d}.xlsx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/jabatan/<int:position_id>/calon")
@access(hr_or_admin)
def position_candidates_page(position_id: int):
    """The employees whose positions lead to this one on a career path, best JPM against its standard first,
    with the selection category; ``?format=xlsx`` gives all of them as a spreadsheet."""
    position = db.get_or_404(Position, position_id)
    result = position_candidates(position)
    if request.args.get("format") == "xlsx":
        return _candidates_xlsx(result)
    page = ListPagination(per_page=CANDIDATES_PAGE_SIZE, max_per_page=CANDIDATES_PAGE_SIZE, items=result.people)
    counts = {category.key: 0 for category in jpm.CATEGORIES[jpm.SELECTION]}
    for candidate in result.people:
        counts[candidate.category.key] += 1
    return render_template("courses/position_candidates.html", result=result, page=page, counts=counts,
                           ranges=jpm.range_labels(jpm.SELECTION))
