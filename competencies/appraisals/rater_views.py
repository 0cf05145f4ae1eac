"""The pages of raters and appraised employees: my forms to fill in, a rater's form, the SKP (performance plan)
and the employee's results with acknowledgement and objection.

A rater opens only their own forms (HR reads any form); an employee sees their consolidated result once it is
final, never an individual rater's ratings; the supervisor of the snapshot keeps the SKP.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from competencies.appraisals import objections, performance, rating
from competencies.appraisals import rater_queries as queries
from competencies.appraisals.access import (
    can_view_form,
    can_view_performance_plan,
    keeps_performance_plan,
    owns_appraisal,
    rates_form,
)
from competencies.appraisals.blueprint import bp
from competencies.appraisals.models import (
    Appraisal,
    AppraisalForm,
    AppraisalStatus,
    WorkTarget,
)
from competencies.appraisals.rater_forms import ObjectionForm, RatingForm, WorkTargetForm, core_values_form
from competencies.appraisals.rules import (
    achievement_ratio,
    core_value_names,
    performance_matrix,
    renormalised_weights,
    suggested_level,
)
from lms.access import access
from lms.domain import DomainError
from lms.extensions import db
from lms.formtools import form_status, run_or_attach

# --- policies of these pages -------------------------------------------------------------------------------

def has_employee_record(user: Any, **_: Any) -> bool:
    return user.employee_id is not None


def reads_or_rates_form(user: Any, form_id: int, **_: Any) -> bool:
    """Whoever may read the form opens it (HR: read-only); only its rater posts it."""
    return rates_form(user, form_id) if request.method == "POST" else can_view_form(user, form_id)


def is_appraised_employee(user: Any, appraisal_id: int, **_: Any) -> bool:
    """Only the appraised employee answers their result (HR, who may read it, does not)."""
    return user.employee_id is not None and db.session.scalar(
        select(Appraisal.employee_id).where(Appraisal.id == appraisal_id)) == user.employee_id


def keeps_plan_of_target(user: Any, target_id: int, **_: Any) -> bool:
    appraisal_id = queries.target_appraisal_id(target_id)
    return appraisal_id is not None and keeps_performance_plan(user, appraisal_id)


# --- helpers -----------------------------------------------------------------------------------------------

def _found(value: Any) -> Any:
    if value is None:
        abort(404)
    return value


# --- my forms ----------------------------------------------------------------------------------------------

@bp.get("/penilaian/tugas")
@access(has_employee_record)
def my_forms():
    filters = queries.MyFormFilters(search=request.args.get("q", "").strip(),
                                    progress=request.args.get("status", ""), kind=request.args.get("jenis", ""),
                                    due=request.args.get("belum") == "1")
    page = db.paginate(queries.my_forms_query(current_user.employee_id, filters),
                       per_page=current_app.config["PAGE_SIZE"], max_per_page=100)
    return render_template("competencies/appraisals/rater_my_forms.html", page=page, filters=filters,
                           progress=queries.form_progress)


# --- a rater's form ----------------------------------------------------------------------------------------

def _rating_page(appraisal_form: AppraisalForm, items: list[rating.ItemView], form: RatingForm, status: int = 200,
                 error: str | None = None):
    locked = rating.is_locked(appraisal_form)
    if locked and request.method == "POST":  # show what is stored, not what was posted
        form = RatingForm(formdata=None, items=items)
    if appraisal_form.started_at and not locked:
        for item in items:
            item.problems = rating.problems_of(item)
    suggestions = [suggested_level(item.indicators_by_level, entry.form.observed.data or [])
                   for item, entry in zip(items, form.ratings, strict=False)]
    return render_template(
        "competencies/appraisals/rater_form.html", appraisal_form=appraisal_form,
        appraisal=appraisal_form.appraisal, form=form, rows=list(zip(items, form.ratings, suggestions, strict=False)),
        editable=not locked and current_user.employee_id == appraisal_form.rater_id, locked=locked, error=error), status


@bp.route("/penilaian/formulir/<int:form_id>", methods=["GET", "POST"])
@access(reads_or_rates_form)
def rating_form(form_id: int):
    appraisal_form = _found(queries.form_for_page(form_id))
    items = rating.form_items(appraisal_form)
    form = RatingForm(items=items)
    if not form.validate_on_submit():
        return _rating_page(appraisal_form, items, form, form_status(form))
    try:
        items = rating.save_ratings(current_user, appraisal_form, form.inputs())
    except DomainError as error:
        db.session.rollback()
        return _rating_page(appraisal_form, rating.form_items(appraisal_form), form, 422, error.message)
    if form.send.data:
        try:
            rating.submit_form(current_user, appraisal_form)
        except DomainError as error:
            db.session.commit()  # submitting changed nothing; the answers are kept as a draft
            return _rating_page(appraisal_form, items, form, 422,
                                _("Jawaban disimpan sebagai draf. %(reason)s", reason=error.message))
        flash(_("Formulir penilaian %(name)s dikirim.", name=appraisal_form.appraisal.employee.full_name), "success")
        return redirect(url_for(".my_forms"))
    flash(_("Draf disimpan."), "success")
    return redirect(url_for(".rating_form", form_id=form_id))


# --- the SKP -----------------------------------------------------------------------------------------------

def _plan_lock(appraisal: Appraisal) -> str | None:
    """Why the current user cannot change the SKP (None when they can)."""
    if not keeps_performance_plan(current_user, appraisal.id):
        return _("SKP diisi oleh atasan langsung; Anda dapat melihatnya.")
    try:
        performance.check_editable(appraisal)
    except DomainError as error:
        return error.message
    return None


def _plan_page(appraisal: Appraisal, status: int = 200, add_form: WorkTargetForm | None = None,
               edit_forms: dict[int, WorkTargetForm] | None = None, values_form=None):
    targets = queries.work_targets(appraisal.id)
    edit_forms = edit_forms or {}
    for target in targets:
        edit_forms.setdefault(target.id, WorkTargetForm(formdata=None, obj=target, prefix=f"t{target.id}"))
    config = current_app.config
    return render_template(
        "competencies/appraisals/rater_performance_plan.html", appraisal=appraisal, targets=targets,
        ratio=achievement_ratio((target.target, target.actual) for target in targets),
        lock=_plan_lock(appraisal), add_form=add_form or WorkTargetForm(formdata=None, prefix="new"),
        edit_forms=edit_forms, values_form=values_form or core_values_form(appraisal, formdata=None),
        core_values=core_value_names(), matrix=performance_matrix(),
        below=config["APPRAISAL_RESULT_BELOW"], above=config["APPRAISAL_RESULT_ABOVE"]), status


def _plan_redirect(appraisal_id: int, anchor: str = "targets"):
    return redirect(url_for(".performance_plan", appraisal_id=appraisal_id, _anchor=anchor))


@bp.get("/penilaian/<int:appraisal_id>/skp")
@access(can_view_performance_plan)
def performance_plan(appraisal_id: int):
    return _plan_page(_found(queries.appraisal_for_page(appraisal_id)))


@bp.post("/penilaian/<int:appraisal_id>/skp/target")
@access(keeps_performance_plan)
def work_target_add(appraisal_id: int):
    appraisal = _found(queries.appraisal_for_page(appraisal_id))
    form = WorkTargetForm(prefix="new")
    if form.validate_on_submit() and run_or_attach(
            form, "description", lambda: performance.add_target(current_user, appraisal, **form.values())):
        flash(_("Rencana hasil kerja ditambahkan."), "success")
        return _plan_redirect(appraisal_id)
    return _plan_page(_found(queries.appraisal_for_page(appraisal_id)), 422, add_form=form)


@bp.post("/penilaian/skp/target/<int:target_id>")
@access(keeps_plan_of_target)
def work_target_update(target_id: int):
    target = db.get_or_404(WorkTarget, target_id)
    appraisal_id = target.appraisal_id
    form = WorkTargetForm(prefix=f"t{target_id}")
    if form.validate_on_submit() and run_or_attach(
            form, "description", lambda: performance.update_target(current_user, target, **form.values())):
        flash(_("Rencana hasil kerja disimpan."), "success")
        return _plan_redirect(appraisal_id)
    return _plan_page(_found(queries.appraisal_for_page(appraisal_id)), 422, edit_forms={target_id: form})


@bp.post("/penilaian/skp/target/<int:target_id>/hapus")
@access(keeps_plan_of_target)
def work_target_delete(target_id: int):
    target = db.get_or_404(WorkTarget, target_id)
    appraisal_id = target.appraisal_id
    performance.delete_target(current_user, target)
    flash(_("Rencana hasil kerja dihapus."), "success")
    return _plan_redirect(appraisal_id)


@bp.post("/penilaian/<int:appraisal_id>/skp/berakhlak")
@access(keeps_performance_plan)
def core_values_save(appraisal_id: int):
    appraisal = _found(queries.appraisal_for_page(appraisal_id))
    form = core_values_form(appraisal)
    if form.validate_on_submit() and run_or_attach(form, "note", lambda: performance.rate_core_values(
            current_user, appraisal, form.ratings(), form.note.data or "")):
        flash(_("Penilaian perilaku kerja (BerAKHLAK) disimpan."), "success")
        return _plan_redirect(appraisal_id, "core-values")
    return _plan_page(_found(queries.appraisal_for_page(appraisal_id)), 422, values_form=form)


# --- my results --------------------------------------------------------------------------------------------

@bp.get("/penilaian/hasil")
@access(has_employee_record)
def my_results():
    appraisals = queries.my_appraisals(current_user.employee_id)
    to_answer = request.args.get("perlu") == "tanggapan"  # only the final results waiting for a response
    if to_answer:
        appraisals = [appraisal for appraisal in appraisals if appraisal.status == AppraisalStatus.FINAL]
    return render_template(
        "competencies/appraisals/result_list.html", to_answer=to_answer,
        finished=[appraisal for appraisal in appraisals if appraisal.status in queries.RESULT_STATUSES],
        running=[appraisal for appraisal in appraisals if appraisal.status not in queries.RESULT_STATUSES])


def _results_visible(appraisal: Appraisal) -> bool:
    """The employee sees the result once final; HR once consolidated."""
    if appraisal.status in queries.RESULT_STATUSES:
        return True
    return appraisal.status == AppraisalStatus.CONSOLIDATED and current_user.has_role("hr", "admin")


def _result_page(appraisal: Appraisal, objection_form: ObjectionForm | None = None, status: int = 200):
    visible = _results_visible(appraisal)
    is_employee = current_user.employee_id == appraisal.employee_id
    kinds = queries.submitted_kinds(appraisal.id) if visible else []
    deadline = objections.objection_deadline(appraisal)
    return render_template(
        "competencies/appraisals/result_detail.html", appraisal=appraisal, visible=visible,
        rows=queries.result_rows(appraisal.id) if visible else [],
        shares=renormalised_weights(appraisal.cycle.weights, kinds), is_employee=is_employee,
        self_form_id=queries.self_form_id(appraisal.id, appraisal.employee_id) if is_employee else None,
        objection=queries.objection_of(appraisal.id), deadline=deadline,
        may_object=deadline is not None and date.today() <= deadline,
        objection_form=objection_form or ObjectionForm(formdata=None)), status


@bp.get("/penilaian/hasil/<int:appraisal_id>")
@access(owns_appraisal)
def result_detail(appraisal_id: int):
    return _result_page(_found(queries.appraisal_for_page(appraisal_id)))


@bp.post("/penilaian/hasil/<int:appraisal_id>/terima")
@access(is_appraised_employee)
def result_acknowledge(appraisal_id: int):
    appraisal = _found(queries.appraisal_for_page(appraisal_id))
    objections.acknowledge(current_user, appraisal)
    flash(_("Anda menerima hasil penilaian %(cycle)s.", cycle=appraisal.cycle.name), "success")
    return redirect(url_for(".result_detail", appraisal_id=appraisal_id))


@bp.post("/penilaian/hasil/<int:appraisal_id>/keberatan")
@access(is_appraised_employee)
def result_object(appraisal_id: int):
    appraisal = _found(queries.appraisal_for_page(appraisal_id))
    form = ObjectionForm()
    objection = form.validate_on_submit() and run_or_attach(form, "reason", lambda: objections.file_objection(
        current_user, appraisal, form.reason.data, date.today()))
    if objection:
        flash(_("Keberatan Anda diajukan kepada %(name)s (atasan pejabat penilai), yang memutusnya.",
                name=objection.decider.full_name) if objection.decider
              else _("Keberatan Anda diajukan kepada BKPSDM."), "success")
        return redirect(url_for(".result_detail", appraisal_id=appraisal_id))
    return _result_page(_found(queries.appraisal_for_page(appraisal_id)), form, 422)
