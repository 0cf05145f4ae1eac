"""Home page per role and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from lms.access import access, is_supervisor, public, signed_in
from lms.audit.models import AuditEntry
from lms.extensions import db
from lms.people import queries
from lms.people.models import Employee, OrgUnit, Position

bp = Blueprint("home", __name__)


def _organisation_counts() -> dict[str, int]:
    return {
        "employees": db.session.scalar(select(func.count()).where(Employee.is_active.is_(True))) or 0,
        "units": db.session.scalar(select(func.count()).select_from(OrgUnit)) or 0,
        "positions": db.session.scalar(select(func.count()).select_from(Position)) or 0,
    }


@bp.get("/")
@access(signed_in)
def index():
    employee = current_user.employee
    context = {
        "employee": employee,
        "reports": queries.direct_reports(employee.id) if employee and is_supervisor(current_user) else [],
    }
    if current_user.has_role("hr", "admin"):
        context["counts"] = _organisation_counts()
        context["recent_audit"] = db.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(8)).all()
    return render_template("home/index.html", **context)


@bp.post("/language")
@access(public)
def set_language():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("home.index")
    return redirect(target)
