"""The decision on objections (keberatan), PP 30/2019 Pasal 59: the atasan pejabat penilai stored on each
objection sees a queue of the objections to decide and decides each one on a page that puts the employee's
result, the raters' ratings and the employee's reasons beside the decision form. The decision is final.

Only the designated decider decides (``objections.may_decide``); BKPSDM reads every objection (and decides the
ones that name no atasan, with the reason recorded on the objection). The employee reads the decision on their
result page.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from competencies.appraisals import objection_queries, objections, queries
from competencies.appraisals.blueprint import bp
from competencies.appraisals.models import Objection, ObjectionStatus
from competencies.appraisals.objection_forms import objection_form
from competencies.appraisals.rules import core_value_names
from lms.access import access
from lms.extensions import db
from lms.formtools import form_status, run_or_attach

# --- policies of these pages -------------------------------------------------------------------------------


def _is_hr(user: Any) -> bool:
    return user.has_role("hr", "admin")


def decides_objection(user: Any, objection_id: int, **_: Any) -> bool:
    """The objection's designated decider, and nobody else (not BKPSDM, the rater or the employee)."""
    objection = db.session.get(Objection, objection_id)
    return objection is not None and objections.may_decide(user, objection)


def reads_or_decides_objection(user: Any, objection_id: int, **_: Any) -> bool:
    """BKPSDM reads any objection; only its decider posts the decision."""
    if request.method != "POST" and _is_hr(user):
        return True
    return decides_objection(user, objection_id)


def may_have_objections_to_decide(user: Any, **_: Any) -> bool:
    return user.employee_id is not None or _is_hr(user)


# --- the queue ---------------------------------------------------------------------------------------------

@bp.get("/penilaian/keberatan")
@access(may_have_objections_to_decide)
def objection_queue():
    page = db.paginate(objection_queries.queue_query(current_user), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("competencies/appraisals/objection_queue.html", page=page,
                           pending=objection_queries.pending_count(current_user))


# --- one objection -----------------------------------------------------------------------------------------

@bp.route("/penilaian/keberatan/<int:objection_id>", methods=["GET", "POST"])
@access(reads_or_decides_objection)
def objection_resolve(objection_id: int):
    objection = objection_queries.objection_for_page(objection_id)
    if objection is None:  # the policy found it: only a concurrent delete gets here
        return redirect(url_for(".objection_queue"))
    appraisal = objection.appraisal
    detail = queries.appraisal_detail(appraisal)
    form = objection_form(detail.results)

    def decide() -> Objection:
        objections.resolve_objection(current_user, objection, upheld=form.decision.data == ObjectionStatus.UPHELD,
                                     resolution=form.resolution.data, corrected_levels=form.corrected_levels(),
                                     corrected_rating=form.corrected_rating.data or None)
        return objection

    if form.validate_on_submit() and run_or_attach(form, "resolution", decide):
        name = appraisal.employee.full_name
        flash(_("Keberatan %(name)s dikabulkan.", name=name) if objection.status == ObjectionStatus.UPHELD
              else _("Keberatan %(name)s ditolak.", name=name), "success")
        return redirect(url_for(".objection_queue"))
    page = render_template(
        "competencies/appraisals/objection_decision.html", objection=objection, appraisal=appraisal, detail=detail,
        results=detail.results, required={item.competency_id: item.required_level for item in detail.items},
        form=form, may_decide=objections.may_decide(current_user, objection), core_values=core_value_names())
    return page, form_status(form)
