"""Telling people what happened to them: an in-app notification, and an e-mail when SMTP is configured.

E-mails go through the outbox table in the caller's transaction (a rolled-back change mails nothing); after a
commit a background thread delivers them, so a slow or absent mail server never slows a request. With no
``MAIL_SERVER`` configured no mail is queued at all.
"""

import logging
import smtplib
import threading
from collections.abc import Iterable
from email.message import EmailMessage

from flask import Flask, current_app
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from lms.auth.models import User
from lms.extensions import db, utcnow
from lms.notifications.models import Notification, OutboxMail
from lms.people.models import Employee

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
ID_BATCH = 10_000


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def notify_users(user_ids: Iterable[int], message: str, link: str = "") -> None:
    """In-app notification (and e-mail to the account's address) for each user."""
    ids = sorted(set(user_ids))
    if not ids:
        return
    rows = db.session.execute(
        select(User.id, User.email, Employee.email).outerjoin(Employee, User.employee_id == Employee.id)
        .where(User.id.in_(ids))).all()
    _store(rows, message, link)


def notify_employees(employee_ids: Iterable[int], message: str, link: str = "") -> None:
    """Notify employees: in the app when they have an account, by e-mail to the account's or their own address."""
    ids = sorted(set(employee_ids))
    for start in range(0, len(ids), ID_BATCH):  # a whole city at once would exceed the bound-parameter limits
        rows = db.session.execute(
            select(User.id, User.email, Employee.email).select_from(Employee)
            .outerjoin(User, User.employee_id == Employee.id)
            .where(Employee.id.in_(ids[start:start + ID_BATCH]))).all()
        _store(rows, message, link)


def _store(rows, message: str, link: str) -> None:
    now = utcnow()
    notifications = [{"user_id": user_id, "message": message[:500], "link": link, "created_at": now}
                     for user_id, _account_email, _employee_email in rows if user_id is not None]
    if notifications:
        db.session.execute(Notification.__table__.insert(), notifications)
    if not mail_enabled():
        return
    body = message + (f"\n\n{_absolute(link)}" if link else "")
    mails = [{"recipient": account_email or employee_email, "subject": _subject(message), "body": body,
              "created_at": now, "attempts": 0, "last_error": ""}
             for _user_id, account_email, employee_email in rows if account_email or employee_email]
    if mails:
        db.session.execute(OutboxMail.__table__.insert(), mails)
        _mark_outbox_dirty(db.session())


def _subject(message: str) -> str:
    first = message.split(". ")[0]
    return "Kompeten: " + (first if len(first) <= 150 else first[:147] + "...")


def _absolute(link: str) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return base + link if base and link.startswith("/") else link


def app_path(endpoint: str, **values) -> str:
    """The path of a page, for a notification's link (works outside requests too, e.g. in the CLI)."""
    return current_app.url_map.bind("localhost", script_name="/").build(endpoint, values)


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Notification.user_id == user_id,
                                                        Notification.read_at.is_(None))) or 0


def mark_read(user_id: int, notification_ids: Iterable[int] | None = None) -> None:
    """Mark the user's notifications as read (all of them, or the ones named)."""
    statement = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_ids is not None:
        statement = statement.where(Notification.id.in_(list(notification_ids)))
    db.session.execute(statement.values(read_at=utcnow()))


# --- delivery ----------------------------------------------------------------------------------------------

def _mark_outbox_dirty(session: Session) -> None:
    session.info["outbox_dirty"] = True


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    if not session.info.pop("outbox_dirty", False):
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("MAIL_SEND_IN_BACKGROUND", True):
        threading.Thread(target=_deliver_in_thread, args=(app,), daemon=True, name="outbox").start()


@event.listens_for(Session, "after_rollback")
def _forget_outbox(session: Session) -> None:
    session.info.pop("outbox_dirty", None)


def _deliver_in_thread(app: Flask) -> None:
    with app.app_context():
        try:
            send_outbox()
        except Exception:  # a background sender must never die loudly; the rows stay queued
            logger.exception("sending the e-mail outbox failed")
        finally:
            db.session.remove()


def send_outbox(limit: int = 200) -> int:
    """Send queued e-mails (oldest first); return how many went out. Safe to run from several processes:
    each mail is claimed by one of them before it is sent."""
    if not mail_enabled():
        return 0
    config = current_app.config
    pending = db.session.scalars(select(OutboxMail.id).where(OutboxMail.sent_at.is_(None),
                                                             OutboxMail.attempts < MAX_ATTEMPTS)
                                 .order_by(OutboxMail.id).limit(limit)).all()
    sent = 0
    for mail_id in pending:
        if not _claim(mail_id):
            continue
        mail = db.session.get(OutboxMail, mail_id)
        try:
            _smtp_send(config, mail)
        except (OSError, smtplib.SMTPException) as error:
            logger.warning("e-mail %s failed: %s", mail.id, type(error).__name__)
            mail.sent_at, mail.last_error = None, str(error)[:1000]
        else:
            sent += 1
        db.session.commit()
    return sent


def _claim(mail_id: int) -> bool:
    """Take one mail for sending: mark it sent (and count the attempt) unless another sender did already."""
    result = db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None))
                                .values(sent_at=utcnow(), attempts=OutboxMail.attempts + 1))
    db.session.commit()
    return result.rowcount == 1


def _smtp_send(config, mail: OutboxMail) -> None:
    message = EmailMessage()
    message["From"] = config.get("MAIL_SENDER", "kompeten@localhost")
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 25)),
                    timeout=config.get("MAIL_TIMEOUT", 10)) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
