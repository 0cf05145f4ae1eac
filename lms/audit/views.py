from datetime import date, datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from lms.access import access, hr_or_admin
from lms.audit.models import ACTION_LABELS, ACTIONS, ENTITY_LABELS, ENTITY_TYPES, AuditEntry
from lms.extensions import db

bp = Blueprint("audit", __name__)



def _date_arg(name: str) -> date | None:
    """The date of a ``from`` / ``to`` argument; none when it is not one, or is the first or last date Python has
    (the shift from Jakarta time to UTC would go past it)."""
    try:
        value = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return value if date.min < value < date.max else None


@bp.get("/audit")
@access(hr_or_admin)
def audit_log():
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    action, entity = request.args.get("action", ""), request.args.get("entity", "")
    actor, search = request.args.get("actor", "").strip(), request.args.get("q", "").strip()
    since, until = _date_arg("from"), _date_arg("to")
    if action in ACTIONS:
        query = query.where(AuditEntry.action == action)
    if entity in ENTITY_TYPES:
        query = query.where(AuditEntry.entity_type == entity)
    if actor:
        query = query.where(AuditEntry.actor_label.ilike(f"%{actor}%"))
    if search:
        query = query.where(AuditEntry.entity_label.ilike(f"%{search}%"))
    # Dates are chosen in Jakarta time (UTC+7); timestamps are stored in UTC.
    if since:
        query = query.where(AuditEntry.created_at >= datetime.combine(since, time()) - timedelta(hours=7))
    if until:
        query = query.where(AuditEntry.created_at < datetime.combine(until, time()) + timedelta(hours=17))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"])
    return render_template("audit/log.html", page=page, action_labels=ACTION_LABELS,
                           entity_labels=ENTITY_LABELS, args=request.args)
