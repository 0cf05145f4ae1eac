from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.access import access, hr_or_admin, signed_in
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.input_rules import id_arg
from lms.people import queries, reference, services
from lms.people.access import can_view_employee, is_supervisor
from lms.people.forms import EmployeeForm, PositionForm, UnitForm
from lms.people.models import EMPLOYMENT_TYPES, Employee, OrgUnit, Position
from lms.people.names import titles_in_name

bp = Blueprint("people", __name__)


def _int_arg(name: str) -> int | None:
    return id_arg(name)


# --- employees ---------------------------------------------------------------------------------------------

@bp.get("/pegawai")
@access(hr_or_admin)
def employee_list():
    status = request.args.get("status", "active")
    filters = queries.EmployeeFilters(
        search=request.args.get("q", "").strip(),
        unit_id=_int_arg("unit"),
        position_id=_int_arg("position"),
        position_name=request.args.get("jabatan", "").strip(),
        rank_code=request.args.get("rank", ""),
        employment_type=request.args.get("type", "") if request.args.get("type") in EMPLOYMENT_TYPES else "",
        status=status if status in ("active", "inactive", "all") else "active",
    )
    page = db.paginate(queries.employee_list_query(filters), per_page=current_app.config["PAGE_SIZE"],
                       max_per_page=100)
    position = db.session.get(Position, filters.position_id) if filters.position_id else None
    return render_template(
        "people/employee_list.html", page=page, filters=filters, units=queries.unit_choices(),
        agencies=queries.agency_names([employee.unit for employee in page.items]),
        ranks=list(reference.pns_ranks()) + list(reference.PPPK_RANKS), position=position,
    )


@bp.get("/pegawai/<int:employee_id>")
@access(can_view_employee)
def employee_detail(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    return render_template(
        "people/employee_detail.html", employee=employee, reports=queries.direct_reports(employee.id),
        rank_title=reference.rank_title(employee.employment_type, employee.rank_code),
        can_edit=(can_edit := current_user.has_role("hr", "admin")),
        has_history=can_edit and not employee.is_active and services.referenced(employee),
    )


@bp.get("/tim-saya")
@access(signed_in)
def my_team():
    if not is_supervisor(current_user):
        flash(_("Anda tidak memiliki bawahan langsung."), "info")
        return redirect(url_for("home.index"))
    return render_template("people/team.html", reports=queries.direct_reports(current_user.employee_id))


def _save_employee(form: EmployeeForm, employee: Employee | None):
    saved = run_or_attach(form, "nip", lambda: services.save_employee(current_user, employee, form.values()))
    if saved is None:
        return None
    flash(_("Data pegawai %(name)s disimpan.", name=saved.full_name), "success")
    if titles := titles_in_name(saved.name):
        flash(_("Nama memuat gelar (%(titles)s): pindahkan ke Gelar depan dan Gelar belakang agar nama tertulis "
                "benar di sertifikat dan daftar.", titles=", ".join(titles)), "warning")
    return redirect(url_for("people.employee_detail", employee_id=saved.id))


@bp.route("/pegawai/baru", methods=["GET", "POST"])
@access(hr_or_admin)
def employee_new():
    form = EmployeeForm()
    if form.validate_on_submit() and (response := _save_employee(form, None)):
        return response
    return render_template("people/employee_form.html", form=form, employee=None), form_status(form)


@bp.route("/pegawai/<int:employee_id>/ubah", methods=["GET", "POST"])
@access(hr_or_admin)
def employee_edit(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    form = EmployeeForm(obj=employee, employee=employee,
                        data={"supervisor_nip": employee.supervisor.nip if employee.supervisor else ""})
    if form.validate_on_submit() and (response := _save_employee(form, employee)):
        return response
    return render_template("people/employee_form.html", form=form, employee=employee), form_status(form)


@bp.post("/pegawai/<int:employee_id>/hapus")
@access(hr_or_admin)
def employee_delete(employee_id: int):
    employee = db.get_or_404(Employee, employee_id)
    name = employee.full_name
    if services.delete_employee(current_user, employee):
        flash(_("Pegawai %(name)s dihapus.", name=name), "success")
        return redirect(url_for("people.employee_list"))
    flash(_("%(name)s memiliki riwayat (akun, pelatihan, sertifikat, kompetensi atau penilaian), sehingga tidak "
            "dihapus melainkan dinonaktifkan; riwayatnya tetap utuh dan pegawai dapat diaktifkan kembali.",
            name=name), "info")
    return redirect(url_for("people.employee_detail", employee_id=employee.id))


@bp.get("/jabatan/pilihan")
@access(hr_or_admin)
def position_options():
    """Positions selectable for an employee of a unit (used by the employee form when the unit changes)."""
    unit_id = _int_arg("unit") or 0
    return jsonify([{"id": p.id, "label": f"{p.name} ({p.unit.name})"}
                    for p in queries.positions_for_unit(unit_id)])


# --- units -------------------------------------------------------------------------------------------------

@bp.get("/unit-kerja")
@access(hr_or_admin)
def unit_tree():
    search = request.args.get("q", "").strip()
    if request.args.get("status") == "deleted":
        return render_template("people/unit_tree.html", deleted=queries.deleted_units(), search="")
    roots, children, counts = queries.unit_tree(search)
    return render_template("people/unit_tree.html", roots=roots, children=children, counts=counts, search=search,
                           deleted=None)


def _save_unit(form: UnitForm, unit: OrgUnit | None):
    parent = db.session.get(OrgUnit, form.parent_id.data) if form.parent_id.data else None
    values = {"code": form.code.data.strip(), "name": form.name.data.strip(), "kind": form.kind.data,
              "parent": parent}
    saved = run_or_attach(form, "code", lambda: services.update_unit(current_user, unit, **values) if unit
                           else services.create_unit(current_user, **values))
    if saved is None:
        return None
    flash(_("Unit %(name)s disimpan.", name=saved.name), "success")
    return redirect(url_for("people.unit_tree"))


@bp.route("/unit-kerja/baru", methods=["GET", "POST"])
@access(hr_or_admin)
def unit_new():
    form = UnitForm(data={"parent_id": _int_arg("parent") or 0})
    if form.validate_on_submit() and (response := _save_unit(form, None)):
        return response
    return render_template("people/unit_form.html", form=form, unit=None), form_status(form)


@bp.route("/unit-kerja/<int:unit_id>/ubah", methods=["GET", "POST"])
@access(hr_or_admin)
def unit_edit(unit_id: int):
    unit = db.get_or_404(OrgUnit, unit_id)
    form = UnitForm(obj=unit, unit=unit, data={"parent_id": unit.parent_id or 0})
    if request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit() and (response := _save_unit(form, unit)):
        return response
    return render_template("people/unit_form.html", form=form, unit=unit), form_status(form)


@bp.post("/unit-kerja/<int:unit_id>/hapus")
@access(hr_or_admin)
def unit_delete(unit_id: int):
    unit = db.get_or_404(OrgUnit, unit_id)
    name = unit.name
    if services.delete_unit(current_user, unit):
        flash(_("Unit %(name)s dihapus.", name=name), "success")
    else:
        flash(_("Unit %(name)s dihapus dari daftar; riwayat yang menyebutnya tetap utuh dan unit dapat "
                "dipulihkan.", name=name), "success")
    return redirect(url_for("people.unit_tree"))


@bp.post("/unit-kerja/<int:unit_id>/pulihkan")
@access(hr_or_admin)
def unit_restore(unit_id: int):
    unit = db.get_or_404(OrgUnit, unit_id)
    services.restore_unit(current_user, unit)
    flash(_("Unit %(name)s dipulihkan.", name=unit.name), "success")
    return redirect(url_for("people.unit_tree", status="deleted"))


# --- positions ---------------------------------------------------------------------------------------------

@bp.get("/jabatan")
@access(hr_or_admin)
def position_list():
    search, kind = request.args.get("q", "").strip(), request.args.get("kind", "")
    kind = kind if kind in reference.POSITION_KIND_LABELS else ""
    deleted = request.args.get("status") == "deleted"
    page = db.paginate(queries.position_list_query(search, kind, _int_arg("unit"), deleted=deleted),
                       per_page=current_app.config["PAGE_SIZE"])
    counts = queries.headcount_by_position([p.id for p in page.items])
    return render_template("people/position_list.html", page=page, search=search, kind=kind,
                           unit_id=_int_arg("unit"), units=queries.unit_choices(), counts=counts, deleted=deleted)


@bp.get("/jabatan/<int:position_id>")
@access(hr_or_admin)
def position_detail(position_id: int):
    position = db.get_or_404(Position, position_id)
    holders = db.session.scalars(select(Employee).where(Employee.position_id == position.id)
                                 .order_by(Employee.name).limit(200)).all()
    return render_template("people/position_detail.html", position=position, holders=holders)


def _save_position(form: PositionForm, position: Position | None):
    unit = db.session.get(OrgUnit, form.unit_id.data)
    leads_to = list(db.session.scalars(select(Position).where(Position.id.in_(form.leads_to.data or []))))
    saved = run_or_attach(form, "code", lambda: services.save_position(
        current_user, position, code=form.code.data.strip(), name=form.name.data.strip(), kind=form.kind.data,
        grade=form.grade.data, unit=unit, leads_to=leads_to))
    if saved is None:
        return None
    flash(_("Jabatan %(name)s disimpan.", name=saved.name), "success")
    return redirect(url_for("people.position_detail", position_id=saved.id))


@bp.route("/jabatan/baru", methods=["GET", "POST"])
@access(hr_or_admin)
def position_new():
    form = PositionForm()
    if form.validate_on_submit() and (response := _save_position(form, None)):
        return response
    return render_template("people/position_form.html", form=form, position=None), form_status(form)


@bp.route("/jabatan/<int:position_id>/ubah", methods=["GET", "POST"])
@access(hr_or_admin)
def position_edit(position_id: int):
    position = db.get_or_404(Position, position_id)
    form = PositionForm(obj=position, position=position)
    if request.method == "GET":
        form.leads_to.data = [p.id for p in position.leads_to]
        form.grade.data = position.grade or ""
    if form.validate_on_submit() and (response := _save_position(form, position)):
        return response
    return render_template("people/position_form.html", form=form, position=position), form_status(form)


@bp.post("/jabatan/<int:position_id>/hapus")
@access(hr_or_admin)
def position_delete(position_id: int):
    position = db.get_or_404(Position, position_id)
    name = position.name
    if services.delete_position(current_user, position):
        flash(_("Jabatan %(name)s dihapus.", name=name), "success")
        return redirect(url_for("people.position_list"))
    flash(_("Jabatan %(name)s dihapus dari daftar; riwayat yang menyebutnya (pemegang terdahulu, penilaian) tetap "
            "utuh dan jabatan dapat dipulihkan.", name=name), "success")
    return redirect(url_for("people.position_detail", position_id=position.id))


@bp.post("/jabatan/<int:position_id>/pulihkan")
@access(hr_or_admin)
def position_restore(position_id: int):
    position = db.get_or_404(Position, position_id)
    services.restore_position(current_user, position)
    flash(_("Jabatan %(name)s dipulihkan.", name=position.name), "success")
    return redirect(url_for("people.position_detail", position_id=position.id))
