"""The home page (each of the user's roles adds its section) and the language switch."""

from datetime import date

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from competencies.appraisals.models import RATER_KIND_LABELS
from competencies.appraisals.objection_queries import pending_count as objections_to_decide
from competencies.appraisals.rater_queries import due_form_counts
from kompeten.home.admin import admin_queue
from kompeten.home.employee import employee_queue
from kompeten.home.hr import CLOSING_SOON_DAYS, hr_queue
from kompeten.home.supervisor import supervisor_queue
from kompeten.home.trainer import trainer_queue
from lms.access import access, public, signed_in
from lms.auth.targets import local_referrer, local_target
from lms.people.access import is_supervisor

bp = Blueprint("home", __name__)


@bp.get("/")
@access(signed_in)
def index():
    today = date.today()
    employee = current_user.employee
    context = {"today": today, "employee": employee, "closing_soon_days": CLOSING_SOON_DAYS,
               "rater_kind_labels": RATER_KIND_LABELS}
    if employee is not None:
        forms_due = due_form_counts(employee.id)
        context["mine"] = employee_queue(employee, today, forms_due)
        context["objections_to_decide"] = objections_to_decide(current_user)
        if is_supervisor(current_user):
            context["team"] = supervisor_queue(employee, forms_due)
    if current_user.has_role("trainer"):
        context["teaching"] = trainer_queue(current_user.id, today)
    if current_user.has_role("hr"):
        context["hr"] = hr_queue(current_user.id, today)
    if current_user.has_role("admin"):
        context["admin"] = admin_queue(current_app._get_current_object())
    return render_template("home/index.html", **context)


@bp.post("/bahasa")
@access(public)
def set_language():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
    # Back to the page the switch was on: the form's "next", else the referring page, if either is of this site.
    return redirect(local_target(request.form.get("next")) or local_referrer() or url_for("home.index"))
