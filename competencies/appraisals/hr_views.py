"""HR's appraisal pages: cycles (open, follow, remind, consolidate, publish), participants, one appraisal in full
with its raters, and the objections of a cycle with their state and decider (read-only: the atasan pejabat
penilai decides them, PP 30/2019 Pasal 59; see objection_views)."""

from datetime import date

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from competencies.appraisals import consolidation, cycles, objections, queries
from competencies.appraisals.blueprint import bp
from competencies.appraisals.hr_forms import CycleForm, RaterForm, UnitAssessorForm, cycle_defaults
from competencies.appraisals.models import (
    APPRAISAL_STATUS_LABELS,
    RATER_KIND_LABELS,
    Appraisal,
    AppraisalCycle,
    AppraisalForm,
    AppraisalFormStatus,
)
from competencies.appraisals.rules import core_value_names, renormalised_weights
from competencies.appraisals.tasks import job_params
from lms.access import access, hr_or_admin
from lms.extensions import db
from lms.formtools import form_status, run_or_attach
from lms.input_rules import id_arg
from lms.jobs import services as jobs
from lms.people.models import OrgUnit
from lms.people.queries import agency_names, unit_choices


def _int_arg(name: str) -> int | None:
    return id_arg(name)


# --- cycles ------------------------------------------------------------------------------------------------

@bp.get("/penilaian/siklus")
@access(hr_or_admin)
def cycle_list():
    page = db.paginate(select(AppraisalCycle).order_by(AppraisalCycle.opened_at.desc(), AppraisalCycle.id.desc()),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("competencies/appraisals/cycle_list.html", page=page,
                           counts=queries.cycle_counts([cycle.id for cycle in page.items]))


@bp.route("/penilaian/siklus/baru", methods=["GET", "POST"])
@access(hr_or_admin)
def cycle_new():
    config = current_app.config
    form = CycleForm(data=cycle_defaults(date.today(), config["APPRAISAL_WEIGHTS"], config["APPRAISAL_OBJECTION_DAYS"])
                     if request.method == "GET" else None)
    # The values are checked (and the people counted) first, so that a refusal shows next to its field even when
    # a background job would open the cycle.
    people = form.validate_on_submit() and run_or_attach(
        form, "name", lambda: cycles.people_in_scope(**form.values()))
    if people and people >= config["APPRAISAL_OPEN_AS_JOB_FROM"]:
        return _open_as_job(form.values())
    if people:
        cycle = run_or_attach(form, "name", lambda: cycles.open_cycle(current_user, **form.values()))
        if cycle is not None:
            counts = queries.cycle_counts([cycle.id])[cycle.id]
            flash(_("Periode %(name)s dibuka: %(appraisals)d pegawai dinilai, %(forms)d formulir penilaian dibuat.",
                    name=cycle.name, appraisals=counts.appraisals, forms=counts.total), "success")
            return redirect(url_for(".cycle_detail", cycle_id=cycle.id))
    return render_template("competencies/appraisals/cycle_form.html", form=form), form_status(form)


def _open_as_job(values: dict) -> Response:
    """A large cycle is opened by a background job; its page links to the cycle when done."""
    job = jobs.submit(current_user, "appraisal.open_cycle", job_params(values),
                      _("Buka periode penilaian: %(name)s", name=values["name"]))
    return redirect(url_for("jobs.job_detail", job_id=job.id))


def _cycle_page(cycle: AppraisalCycle, status: int = 200, assessor_form: UnitAssessorForm | None = None):
    return render_template(
        "competencies/appraisals/cycle_detail.html", cycle=cycle,
        counts=queries.cycle_counts([cycle.id]).get(cycle.id, queries.FormCounts()),
        progress=queries.progress_by_agency(cycle.id),
        assessor_form=assessor_form or UnitAssessorForm(formdata=None),
        reminder_days=current_app.config["APPRAISAL_REMINDER_DAYS"]), status


@bp.get("/penilaian/siklus/<int:cycle_id>")
@access(hr_or_admin)
def cycle_detail(cycle_id: int):
    return _cycle_page(db.get_or_404(AppraisalCycle, cycle_id))


@bp.post("/penilaian/siklus/<int:cycle_id>/pengingat")
@access(hr_or_admin)
def cycle_remind(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    days = current_app.config["APPRAISAL_REMINDER_DAYS"]
    reminded = cycles.send_reminders(current_user, date.today(), days, cycle)
    if reminded:
        flash(_("%(count)d penilai diingatkan untuk mengirim formulirnya.", count=reminded), "success")
    else:
        flash(_("Tidak ada penilai yang perlu diingatkan: pengingat dikirim mulai %(days)d hari sebelum batas "
                "pengisian, paling banyak sekali sehari untuk setiap formulir.", days=days), "info")
    return redirect(url_for(".cycle_detail", cycle_id=cycle.id))


@bp.post("/penilaian/siklus/<int:cycle_id>/konsolidasi")
@access(hr_or_admin)
def cycle_consolidate(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    counts = consolidation.consolidate_cycle(current_user, cycle)
    flash(_("Periode dikonsolidasi: %(appraisals)d penilaian, %(results)d hasil kompetensi; level kompetensi "
            "pegawai diperbarui (%(evidence)d catatan).", **counts), "success")
    return redirect(url_for(".cycle_detail", cycle_id=cycle.id))


@bp.post("/penilaian/siklus/<int:cycle_id>/finalkan")
@access(hr_or_admin)
def cycle_finalise(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    published = cycles.finalise_cycle(current_user, cycle)
    flash(_("Hasil %(count)d penilaian diumumkan; pegawai dapat menerimanya atau mengajukan keberatan dalam "
            "%(days)d hari.", count=published, days=cycle.objection_days), "success")
    return redirect(url_for(".cycle_detail", cycle_id=cycle.id))


@bp.post("/penilaian/siklus/<int:cycle_id>/asesor")
@access(hr_or_admin)
def cycle_assign_assessor(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    form = UnitAssessorForm()
    if form.validate_on_submit():
        unit = db.get_or_404(OrgUnit, form.unit_id.data)
        created = run_or_attach(form, "nip", lambda: cycles.assign_assessor_to_unit(current_user, cycle, unit,
                                                                                    form.employee))
        if created is not None:
            flash(_("%(name)s ditugaskan sebagai asesor untuk %(count)d pegawai %(unit)s.",
                    name=form.employee.full_name, count=created, unit=unit.name), "success")
            return redirect(url_for(".cycle_detail", cycle_id=cycle.id))
    return _cycle_page(cycle, 422, assessor_form=form)


@bp.get("/penilaian/siklus/<int:cycle_id>/pegawai")
@access(hr_or_admin)
def cycle_participants(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    status = request.args.get("status", "")
    filters = queries.ParticipantFilters(search=request.args.get("q", "").strip(), unit_id=_int_arg("unit"),
                                         status=status if status in APPRAISAL_STATUS_LABELS else "",
                                         unsubmitted=request.args.get("belum") == "1")
    page = db.paginate(queries.participants_query(cycle.id, filters), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("competencies/appraisals/cycle_participants.html", cycle=cycle, page=page,
                           filters=filters, units=unit_choices(),
                           counts=queries.appraisal_counts([appraisal.id for appraisal in page.items]),
                           agencies=agency_names([appraisal.unit for appraisal in page.items]))


# --- one appraisal -----------------------------------------------------------------------------------------

def _appraisal_page(appraisal: Appraisal, status: int = 200, rater_form: RaterForm | None = None):
    detail = queries.appraisal_detail(appraisal)
    submitted_kinds = {form.rater_kind for form in detail.forms if form.status == AppraisalFormStatus.SUBMITTED}
    return render_template(
        "competencies/appraisals/appraisal_detail.html", appraisal=appraisal, cycle=appraisal.cycle, detail=detail,
        shares=renormalised_weights(appraisal.cycle.weights, submitted_kinds), core_values=core_value_names(),
        rater_form=rater_form or RaterForm(formdata=None, cycle=appraisal.cycle)), status


@bp.get("/penilaian/<int:appraisal_id>")
@access(hr_or_admin)
def appraisal_detail(appraisal_id: int):
    return _appraisal_page(db.get_or_404(Appraisal, appraisal_id))


@bp.post("/penilaian/<int:appraisal_id>/penilai")
@access(hr_or_admin)
def rater_assign(appraisal_id: int):
    appraisal = db.get_or_404(Appraisal, appraisal_id)
    form = RaterForm(cycle=appraisal.cycle)
    if form.validate_on_submit() and run_or_attach(
            form, "nip", lambda: cycles.assign_rater(current_user, appraisal, form.kind.data, form.employee)):
        flash(_("%(name)s ditugaskan sebagai %(kind)s.", name=form.employee.full_name,
                kind=RATER_KIND_LABELS[form.kind.data]), "success")
        return redirect(url_for(".appraisal_detail", appraisal_id=appraisal.id))
    return _appraisal_page(appraisal, 422, rater_form=form)


@bp.post("/penilaian/formulir/<int:form_id>/hapus")
@access(hr_or_admin)
def rater_remove(form_id: int):
    form = db.get_or_404(AppraisalForm, form_id)
    appraisal_id, name = form.appraisal_id, form.rater.full_name
    cycles.remove_rater(current_user, form)
    flash(_("Penugasan %(name)s sebagai penilai dihapus.", name=name), "success")
    return redirect(url_for(".appraisal_detail", appraisal_id=appraisal_id))


# --- objections --------------------------------------------------------------------------------------------

@bp.get("/penilaian/siklus/<int:cycle_id>/keberatan")
@access(hr_or_admin)
def objection_list(cycle_id: int):
    cycle = db.get_or_404(AppraisalCycle, cycle_id)
    page = db.paginate(queries.objections_query(cycle.id), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("competencies/appraisals/objection_list.html", cycle=cycle, page=page,
                           without_account=objections.without_account(
                               [objection.decider_id for objection in page.items if objection.decider_id]))
