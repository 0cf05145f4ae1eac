"""The one access-control mechanism: every view is wrapped in ``@access(policy)``.

A policy is a function ``(user, **view_args) -> bool``. ``public`` views skip the log-in check; for every
other view an anonymous visitor is sent to the log-in page, a signed-in user that the policy refuses gets 403,
and a user who must change their password is sent to that page first. Policies about people (supervisors, who
may see an employee) are in :mod:`lms.people.access`, so that this module depends on nothing of the domain.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.extensions import login_manager

Policy = Callable[..., bool]

# Views a user who must change their password may still open.
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout", "home.set_language"}


def access(policy: Policy) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(**view_args: Any) -> Any:
            if policy is not public:
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
                    flash(_("Silakan ganti kata sandi Anda sebelum melanjutkan."), "warning")
                    return redirect(url_for("auth.change_password"))
                if not policy(current_user, **view_args):
                    abort(403)
            return view(**view_args)

        wrapped.access_policy = policy  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(user: Any, **_: Any) -> bool:
    return True


def signed_in(user: Any, **_: Any) -> bool:
    return True


def roles(*names: str) -> Policy:
    def policy(user: Any, **_: Any) -> bool:
        return user.has_role(*names)

    policy.__name__ = f"roles({', '.join(names)})"
    return policy


hr_or_admin = roles("hr", "admin")
admin_only = roles("admin")
