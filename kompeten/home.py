"""Home page per role and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalStatus,
)
from competencies.appraisals.objection_queries import pending_count as objections_to_decide
from competencies.gaps import employee_gaps
from courses.models import (
    ACTIVE_ENROLMENT_STATUSES,
    Enrolment,
    EnrolmentStatus,
    Workshop,
    WorkshopStatus,
    workshop_trainers,
)
from lms.access import access, public, signed_in
from lms.audit.models import AuditEntry
from lms.auth.targets import local_referrer, local_target
from lms.extensions import db
from lms.people import queries
from lms.people.access import is_supervisor
from lms.people.models import Employee, OrgUnit, Position

bp = Blueprint("home", __name__)


def _organisation_counts() -> dict[str, int]:
    return {
        "employees": db.session.scalar(select(func.count()).where(Employee.is_active.is_(True))) or 0,
        "units": db.session.scalar(select(func.count()).select_from(OrgUnit)) or 0,
        "positions": db.session.scalar(select(func.count()).select_from(Position)) or 0,
    }


def _my_active_enrolments(employee_id: int) -> list[Enrolment]:
    """The employee's requests and places in workshops that have not ended, soonest first."""
    return list(db.session.scalars(
        select(Enrolment).join(Workshop, Enrolment.workshop_id == Workshop.id)
        .where(Enrolment.employee_id == employee_id, Enrolment.status.in_(ACTIVE_ENROLMENT_STATUSES))
        .order_by(Workshop.starts_on.nulls_last(), Workshop.id).limit(4)))


def _pending_approvals(employee_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment)
                             .join(Employee, Enrolment.employee_id == Employee.id)
                             .where(Employee.supervisor_id == employee_id,
                                    Enrolment.status == EnrolmentStatus.AWAITING_APPROVAL)) or 0


def _workshops_to_teach(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(workshop_trainers)
                             .join(Workshop, Workshop.id == workshop_trainers.c.workshop_id)
                             .where(workshop_trainers.c.user_id == user_id,
                                    Workshop.status.in_((WorkshopStatus.DRAFT, WorkshopStatus.OPEN,
                                                         WorkshopStatus.CLOSED, WorkshopStatus.RUNNING)))) or 0


def _appraisal_tasks(employee_id: int) -> dict[str, int]:
    """Forms the employee still has to submit in open cycles, and final results awaiting their response."""
    forms = db.session.scalar(select(func.count()).select_from(AppraisalForm)
                              .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
                              .join(AppraisalCycle, AppraisalCycle.id == Appraisal.cycle_id)
                              .where(AppraisalForm.rater_id == employee_id,
                                     AppraisalForm.status == AppraisalFormStatus.DRAFT,
                                     AppraisalCycle.status == AppraisalCycleStatus.OPEN)) or 0
    results = db.session.scalar(select(func.count()).where(Appraisal.employee_id == employee_id,
                                                           Appraisal.status == AppraisalStatus.FINAL)) or 0
    return {"forms": forms, "results": results}


@bp.get("/")
@access(signed_in)
def index():
    employee = current_user.employee
    supervisor = employee is not None and is_supervisor(current_user)
    context = {
        "employee": employee,
        "reports": queries.direct_reports(employee.id) if supervisor else [],
        "my_enrolments": _my_active_enrolments(employee.id) if employee else [],
        "appraisal_tasks": _appraisal_tasks(employee.id) if employee else None,
        "objections_to_decide": objections_to_decide(current_user) if employee else 0,
        "pending_approvals": _pending_approvals(employee.id) if supervisor else 0,
        "workshops_to_teach": _workshops_to_teach(current_user.id) if current_user.has_role("trainer") else None,
        "my_gaps": employee_gaps(employee) if employee else None,
    }
    if current_user.has_role("hr", "admin"):
        context["counts"] = _organisation_counts()
        context["recent_audit"] = db.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(8)).all()
    return render_template("home/index.html", **context)


@bp.post("/bahasa")
@access(public)
def set_language():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
    # Back to the page the switch was on: the form's "next", else the referring page, if either is of this site.
    return redirect(local_target(request.form.get("next")) or local_referrer() or url_for("home.index"))
