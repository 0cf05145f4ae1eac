"""The signed-in user's notifications."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from lms.access import access, signed_in
from lms.auth.targets import local_referrer
from lms.extensions import db
from lms.notifications import services
from lms.notifications.models import Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifikasi")


@bp.get("/")
@access(signed_in)
def notification_list():
    page = db.paginate(select(Notification).where(Notification.user_id == current_user.id)
                       .order_by(Notification.id.desc()),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("notifications/list.html", page=page)


@bp.post("/<int:notification_id>/buka")
@access(signed_in)
def open_notification(notification_id: int):
    """Mark one notification read and follow its link (only a link inside the app)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        return redirect(url_for(".notification_list"))
    services.mark_read(current_user.id, [notification.id])
    link = notification.link
    return redirect(link if link.startswith("/") and not link.startswith("//") else url_for(".notification_list"))


@bp.post("/baca-semua")
@access(signed_in)
def mark_all_read():
    services.mark_read(current_user.id)
    return redirect(local_referrer() or url_for(".notification_list"))
