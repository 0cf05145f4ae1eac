"""Competency screens: frameworks as a searchable tree, a competency's levels, indicators and prerequisites,
a position's requirements (standar kompetensi jabatan) with their editor and graph, and the bulk edit of
requirements by exporting and re-importing a CSV/XLSX file (the roster import's upload/preview/confirm flow).

Everyone signed in reads frameworks and competencies; HR and admins edit. A position's requirements are read
by HR and admins, by whoever holds the position and by the holders' supervisors (anywhere up the chain).
"""

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from competencies import requirement_import, services
from competencies.drawing import requirement_drawing
from competencies.forms import (
    PrerequisiteForm,
    RequirementConfirmForm,
    RequirementForm,
    RequirementUploadForm,
    competency_options,
    scales,
)
from competencies.models import Competency, CompetencyLevel, Framework, Prerequisite, Requirement, level_text
from competencies.queries import employee_counts
from competencies.requirement_export import export_csv, export_rows, export_xlsx
from lms.access import access, hr_or_admin, signed_in
from lms.domain import Actor
from lms.downloads import download
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.imports import registry
from lms.imports import views as imports
from lms.imports.models import Upload
from lms.imports.registry import Confirmed, ImportKind
from lms.input_rules import id_arg
from lms.people import reference
from lms.people.models import Employee, OrgUnit, Position
from lms.people.queries import unit_choices
from lms.tabular import file_size

bp = Blueprint("competencies", __name__)

TYPE_LABELS = {
    "teknis": _l("Teknis"),
    "manajerial": _l("Manajerial"),
    "sosial_kultural": _l("Sosial kultural"),
}
WEIGHT_LABELS = {"critical": _l("Kritis"), "normal": _l("Normal")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- access ------------------------------------------------------------------------------------------------

def can_read_position_requirements(user: Any, position_id: int, **_: Any) -> bool:
    """HR and admins; the holders of the position; anyone above a holder in the supervisor chain."""
    if user.has_role("hr", "admin"):
        return True
    if user.employee_id is None:
        return False
    own = db.session.scalar(select(Employee.position_id).where(Employee.id == user.employee_id))
    if own == position_id:
        return True
    # Everyone below the user (recursive; UNION stops at a supervisor cycle), then: does one hold it?
    below = select(Employee.id).where(Employee.supervisor_id == user.employee_id).cte("below", recursive=True)
    below = below.union(select(Employee.id).join(below, Employee.supervisor_id == below.c.id))
    return bool(db.session.scalar(select(exists().where(Employee.id.in_(select(below.c.id)),
                                                        Employee.position_id == position_id))))


# --- helpers -----------------------------------------------------------------------------------------------

def _level_label(framework: Framework, level: int) -> str:
    return level_text(framework.scale, level)


def _int_arg(name: str) -> int | None:
    return id_arg(name)


@bp.app_context_processor
def _competency_template_globals() -> dict[str, Any]:
    return {"competency_type_labels": TYPE_LABELS, "competency_weight_labels": WEIGHT_LABELS,
            "level_label": _level_label}


# --- frameworks --------------------------------------------------------------------------------------------

@bp.get("/kamus-kompetensi")
@access(signed_in)
def framework_list():
    search = request.args.get("q", "").strip()
    query = select(Framework).order_by(Framework.name, Framework.id)
    if search:
        needle = search.lower()
        query = query.where(or_(func.lower(Framework.name).contains(needle, autoescape=True),
                                func.lower(Framework.code).contains(needle, autoescape=True)))
    frameworks = db.session.scalars(query).all()
    counts = dict(db.session.execute(select(Competency.framework_id, func.count()).group_by(Competency.framework_id))
                  .all())
    return render_template("competencies/framework_list.html", frameworks=frameworks, counts=counts, search=search)


@dataclass
class _Tree:
    roots: list[Any]
    children: dict[int, list[Any]]
    matches: set[int] = field(default_factory=set)
    total: int = 0


def _framework_tree(framework_id: int, search: str) -> _Tree:
    """The framework's competencies by parent; with a search, only the matches and their ancestors."""
    rows = db.session.execute(
        select(Competency.id, Competency.code, Competency.name, Competency.type, Competency.parent_id)
        .where(Competency.framework_id == framework_id).order_by(Competency.sort_order, Competency.code)).all()
    by_id = {row.id: row for row in rows}
    shown = set(by_id)
    matches: set[int] = set()
    if search:
        needle = search.lower()
        matches = {row.id for row in rows if needle in row.code.lower() or needle in row.name.lower()}
        shown = set()
        for competency_id in matches:
            current: int | None = competency_id
            while current is not None and current in by_id and current not in shown:
                shown.add(current)
                current = by_id[current].parent_id
    roots, children = [], {}
    for row in rows:
        if row.id not in shown:
            continue
        if row.parent_id is None or row.parent_id not in by_id:
            roots.append(row)
        else:
            children.setdefault(row.parent_id, []).append(row)
    return _Tree(roots, children, matches, len(rows))


@bp.get("/kamus-kompetensi/<int:framework_id>")
@access(signed_in)
def framework_detail(framework_id: int):
    framework = db.get_or_404(Framework, framework_id)
    search = request.args.get("q", "").strip()
    tree = _framework_tree(framework.id, search)
    return render_template("competencies/framework_detail.html", framework=framework, tree=tree, search=search)


# --- competencies ------------------------------------------------------------------------------------------

def _ancestors(competency: Competency) -> list[Competency]:
    chain: list[Competency] = []
    current = competency.parent
    while current is not None and current not in chain and len(chain) < 20:
        chain.insert(0, current)
        current = current.parent
    return chain


def _render_competency(competency: Competency, form: PrerequisiteForm | None, status: int = 200):
    framework = competency.framework
    levels = {row.level: row for row in db.session.scalars(
        select(CompetencyLevel).options(selectinload(CompetencyLevel.indicators))
        .where(CompetencyLevel.competency_id == competency.id))}
    numbers = sorted(set(range(1, framework.max_level + 1)) | set(levels))
    prerequisites = db.session.scalars(
        select(Prerequisite).options(joinedload(Prerequisite.required).joinedload(Competency.framework))
        .where(Prerequisite.competency_id == competency.id)).all()
    dependents = db.session.scalars(
        select(Prerequisite).options(joinedload(Prerequisite.competency).joinedload(Competency.framework))
        .where(Prerequisite.required_id == competency.id)).all()
    page, counts = None, {}
    if current_user.has_role("hr", "admin"):
        page = db.paginate(
            select(Requirement).join(Position, Requirement.position_id == Position.id)
            .options(joinedload(Requirement.position).joinedload(Position.unit))
            .where(Requirement.competency_id == competency.id)
            .order_by(Requirement.weight, Position.name, Position.id),
            per_page=current_app.config["PAGE_SIZE"])
        counts = employee_counts([requirement.position_id for requirement in page.items])
    return render_template(
        "competencies/competency_detail.html", competency=competency, framework=framework,
        ancestors=_ancestors(competency), levels=[(number, levels.get(number)) for number in numbers],
        prerequisites=sorted(prerequisites, key=lambda p: (p.required.framework.code, p.required.code)),
        dependents=sorted(dependents, key=lambda p: (p.competency.framework.code, p.competency.code)),
        page=page, counts=counts, form=form,
        scales=scales() if form else {},
    ), status


def _prerequisite_form(competency: Competency, **kwargs) -> PrerequisiteForm:
    return PrerequisiteForm(competency=competency, competencies=competency_options(),
                            scale_by_framework=scales(), **kwargs)


@bp.get("/kompetensi/<int:competency_id>")
@access(signed_in)
def competency_detail(competency_id: int):
    competency = db.get_or_404(Competency, competency_id)
    form = _prerequisite_form(competency) if current_user.has_role("hr", "admin") else None
    return _render_competency(competency, form)


@bp.post("/kompetensi/<int:competency_id>/prasyarat")
@access(hr_or_admin)
def prerequisite_add(competency_id: int):
    competency = db.get_or_404(Competency, competency_id)
    form = _prerequisite_form(competency)
    if form.validate_on_submit():
        required = db.get_or_404(Competency, form.required_id.data)
        if run_or_attach(form, "required_id", lambda: services.save_prerequisite(
                current_user, competency, required, form.level.data)):
            flash(_("Prasyarat %(required)s (level %(level)s) disimpan untuk %(competency)s.",
                    required=required.name, level=form.level.data, competency=competency.name), "success")
            return redirect(url_for("competencies.competency_detail", competency_id=competency.id))
    return _render_competency(competency, form, 422)


@bp.post("/kompetensi/<int:competency_id>/prasyarat/<int:required_id>/hapus")
@access(hr_or_admin)
def prerequisite_delete(competency_id: int, required_id: int):
    prerequisite = db.get_or_404(Prerequisite, (competency_id, required_id))
    name = prerequisite.required.name
    services.delete_prerequisite(current_user, prerequisite)
    flash(_("Prasyarat %(required)s dihapus.", required=name), "success")
    return redirect(url_for("competencies.competency_detail", competency_id=competency_id))


# --- position requirements ---------------------------------------------------------------------------------

def _requirement_form(**kwargs) -> RequirementForm:
    return RequirementForm(competencies=competency_options(), scale_by_framework=scales(), **kwargs)


def _render_requirements(position: Position, form: RequirementForm | None, status: int = 200):
    requirements = db.session.scalars(
        select(Requirement).options(joinedload(Requirement.competency).joinedload(Competency.framework))
        .where(Requirement.position_id == position.id)).all()
    requirements = sorted(requirements, key=lambda r: (r.weight != "critical", r.competency.framework.code,
                                                       r.competency.sort_order, r.competency.code))
    drawing = requirement_drawing(position, requirements)
    holders = employee_counts([position.id]).get(position.id, 0)
    return render_template(
        "competencies/position_requirements.html", position=position, requirements=requirements,
        drawing=drawing, graph_data={"nodes": drawing.nodes, "edges": drawing.edges}, holders=holders,
        form=form, scales=scales() if form else {},
        can_edit=current_user.has_role("hr", "admin"),
    ), status


@bp.get("/jabatan/<int:position_id>/standar-kompetensi")
@access(can_read_position_requirements)
def position_requirements(position_id: int):
    position = db.get_or_404(Position, position_id)
    form = None
    if current_user.has_role("hr", "admin"):
        data = {}
        chosen = _int_arg("competency")
        existing = db.session.scalar(select(Requirement).where(
            Requirement.position_id == position.id, Requirement.competency_id == chosen)) if chosen else None
        if existing is not None:
            data = {"competency_id": existing.competency_id, "level": existing.level, "weight": existing.weight}
        form = _requirement_form(data=data)
    return _render_requirements(position, form)


@bp.post("/jabatan/<int:position_id>/standar-kompetensi")
@access(hr_or_admin)
def requirement_save(position_id: int):
    position = db.get_or_404(Position, position_id)
    form = _requirement_form()
    if form.validate_on_submit():
        competency = db.get_or_404(Competency, form.competency_id.data)
        existed = db.session.scalar(select(exists().where(Requirement.position_id == position.id,
                                                          Requirement.competency_id == competency.id)))
        if run_or_attach(form, "competency_id", lambda: services.save_requirement(
                current_user, position, competency, form.level.data, form.weight.data)):
            if existed:
                flash(_("Persyaratan %(competency)s diperbarui.", competency=competency.name), "success")
            else:
                flash(_("Persyaratan %(competency)s ditambahkan.", competency=competency.name), "success")
            return redirect(url_for("competencies.position_requirements", position_id=position.id))
    return _render_requirements(position, form, 422)


@bp.post("/jabatan/<int:position_id>/standar-kompetensi/<int:requirement_id>/hapus")
@access(hr_or_admin)
def requirement_delete(position_id: int, requirement_id: int):
    requirement = db.get_or_404(Requirement, requirement_id)
    if requirement.position_id != position_id:
        abort(404)
    name = requirement.competency.name
    services.delete_requirement(current_user, requirement)
    flash(_("Persyaratan %(competency)s dihapus.", competency=name), "success")
    return redirect(url_for("competencies.position_requirements", position_id=position_id))


# --- bulk edit: export and import --------------------------------------------------------------------------

@bp.get("/standar-kompetensi/ekspor.<any(csv, xlsx):file_type>")
@access(hr_or_admin)
def requirement_export(file_type: str):
    unit_id = _int_arg("unit")
    kind = request.args.get("kind", "")
    kind = kind if kind in reference.POSITION_KIND_LABELS else ""
    name = "standar-kompetensi"
    if unit_id:
        unit = db.get_or_404(OrgUnit, unit_id)
        name += f"-{unit.code}"
    if kind:
        name += f"-{kind}"
    rows = export_rows(unit_id, kind)
    if file_type == "csv":
        return download(export_csv(rows), f"{name}.csv", "text/csv; charset=utf-8")
    return download(export_xlsx(rows), f"{name}.xlsx", XLSX)


@bp.route("/standar-kompetensi/impor", methods=["GET", "POST"])
@access(hr_or_admin)
def requirement_upload():
    form = RequirementUploadForm()
    if form.validate_on_submit():
        return imports.start(REQUIREMENTS, current_user, form.file.data.filename, form.content)
    return render_template(
        "competencies/requirement_upload.html", form=form, columns=requirement_import.COLUMNS,
        max_size=file_size(requirement_import.max_bytes_allowed()), units=unit_choices(),
        kinds=reference.POSITION_KIND_LABELS,
    ), form_status(form)


def _confirm_requirements(actor: Actor, stored: Upload, preview: requirement_import.RequirementPreview,
                          form: RequirementConfirmForm) -> Confirmed:
    summary = requirement_import.apply_requirements(actor, preview, stored.filename, valid_only=form.valid_only.data,
                                                    delete_missing=form.delete_missing.data)
    return Confirmed(url_for("competencies.requirement_upload"), _(
        "Impor %(file)s selesai: %(created)s ditambahkan, %(updated)s diperbarui, %(unchanged)s tidak berubah, "
        "%(removed)s dihapus, %(skipped)s dilewati.", file=stored.filename, created=summary.created,
        updated=summary.updated, unchanged=summary.unchanged, removed=summary.removed, skipped=summary.skipped))


REQUIREMENTS = registry.register(ImportKind(
    name=requirement_import.UPLOAD_KIND,
    slug="standar-kompetensi",
    preview=lambda stored: requirement_import.preview_requirements(stored.filename, stored.content),
    confirm=_confirm_requirements,
    may_import=lambda user, _scope: hr_or_admin(user),
    upload_url=lambda _scope: url_for("competencies.requirement_upload"),
    parts="competencies/requirement_import.html",
    confirm_form=RequirementConfirmForm,
    report=requirement_import.report_csv,
    report_filename="laporan-impor-standar-kompetensi.csv",
    conflict_message=_l("Standar kompetensi berubah selama impor berlangsung; tidak ada yang disimpan. Periksa "
                        "pratinjau lalu konfirmasi lagi."),
))
