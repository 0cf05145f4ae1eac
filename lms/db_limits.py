"""How long a statement may run and wait for a lock, on PostgreSQL: a request that would hang behind a table lock
until the server kills its worker is cancelled by the database instead, and the user gets a page asking to try
again (503) with everything of the request rolled back.

The limits are set with ``SET LOCAL`` semantics at the start of every transaction, so they never outlive it on a
pooled connection that a background job or the command line uses next: a web request gets
``REQUEST_STATEMENT_TIMEOUT`` and ``REQUEST_LOCK_TIMEOUT``, a background job (the runner sets
``g.background_job``) ``JOBS_STATEMENT_TIMEOUT`` and ``JOBS_LOCK_TIMEOUT``, anything else (the command line,
migrations) none. Seconds; 0 means no limit. SQLite has no such limits (it waits for its write lock up to the
connection's timeout).
"""

import logging

from flask import Flask, current_app, g, has_app_context, has_request_context, render_template, request
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from lms.extensions import db

logger = logging.getLogger(__name__)

# PostgreSQL's codes for a statement cancelled by statement_timeout and for a lock not granted in lock_timeout.
QUERY_CANCELED, LOCK_NOT_AVAILABLE = "57014", "55P03"
RETRY_AFTER_SECONDS = 30


def install(app: Flask) -> None:
    """Set the limits on the app's PostgreSQL connections, and answer a request they cancel with a 503 page."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _set_limits)
    app.register_error_handler(OperationalError, _cancelled)


def limits() -> tuple[float, float] | None:
    """(statement timeout, lock timeout) in seconds for the work of the current context, or None: no limits."""
    if not has_app_context():
        return None
    config = current_app.config
    if has_request_context():
        return config["REQUEST_STATEMENT_TIMEOUT"], config["REQUEST_LOCK_TIMEOUT"]
    if g.get("background_job") is not None:
        return config["JOBS_STATEMENT_TIMEOUT"], config["JOBS_LOCK_TIMEOUT"]
    return None


def _set_limits(connection: Connection) -> None:
    chosen = limits()
    if chosen is None or not any(chosen):
        return
    statement, lock = (str(round(float(seconds or 0) * 1000)) for seconds in chosen)
    # is_local: for this transaction only, like SET LOCAL (which takes no parameters).
    connection.exec_driver_sql("SELECT set_config('statement_timeout', %s, true), set_config('lock_timeout', %s, true)",
                               (statement, lock))


def is_timeout(error: BaseException) -> bool:
    return getattr(getattr(error, "orig", None), "sqlstate", None) in (QUERY_CANCELED, LOCK_NOT_AVAILABLE)


def _cancelled(error: OperationalError):
    if not is_timeout(error):
        raise error  # any other database failure is a server error (logged, the 500 page)
    db.session.rollback()
    kind = "lock" if error.orig.sqlstate == LOCK_NOT_AVAILABLE else "statement"  # type: ignore[union-attr]
    logger.warning("%s %s cancelled: %s timeout", request.method, request.path, kind)
    response = current_app.make_response((render_template(
        "errors/error.html", code=503, title=_("Server sedang sibuk"),
        message=_("Permintaan Anda dihentikan karena data yang dibutuhkan sedang dipakai proses lain terlalu lama. "
                  "Tidak ada yang disimpan. Tunggu sebentar, lalu coba lagi.")), 503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response
