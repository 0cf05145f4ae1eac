"""The one transaction boundary of a request: the view's changes are committed when its response is a success
(below 400, redirects included) and rolled back otherwise, or when it raises.

So a view calls services and returns; it never commits. A form re-rendered with its errors (422) leaves nothing
half-saved, and so does a refusal (``DomainError``, turned into a message by the app's handler). The one kind of
view that must keep a change while answering with an error (a refused log-in still counts as a failure) commits
that change itself before it answers. CLI commands and background jobs are transactions of their own.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, flash, make_response, redirect
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from lms.auth.targets import local_referrer
from lms.extensions import db


def install(app: Flask) -> None:
    """Wrap every view of the app (call after the blueprints are registered)."""
    for endpoint, view in app.view_functions.items():
        if endpoint != "static":
            app.view_functions[endpoint] = transactional(view)
    app.register_error_handler(IntegrityError, lambda _error: conflict())


def transactional(view: Callable[..., Any]) -> Callable[..., Response]:
    @wraps(view)
    def run(**view_args: Any) -> Response:
        try:
            response = make_response(view(**view_args))
        except BaseException:
            db.session.rollback()
            raise
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except IntegrityError:
            return conflict()
        return response

    run.in_transaction = True  # type: ignore[attr-defined]
    return run


def conflict() -> Response:
    """Two requests wrote the same record at the same moment (a unique index said no): nothing of this one is
    kept, and the user is asked to look again."""
    db.session.rollback()
    flash(_("Data ini diubah orang lain pada saat yang sama; muat ulang halaman lalu coba lagi."), "warning")
    return redirect(local_referrer() or "/")
