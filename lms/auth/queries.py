from collections.abc import Callable

from sqlalchemy import ColumnElement, Select, String, case, cast, exists, func, literal, or_, select

from lms.auth.models import LoginThrottle, User, UserRole
from lms.extensions import db, utcnow
from lms.people.models import Employee
from lms.people.nip import compact_nip


def _locked() -> ColumnElement[bool]:
    """Log-ins to the account wait after failed attempts from some address (a "pair:<address>|user:<id>" key of
    :mod:`lms.auth.services` locked until later)."""
    return exists().where(LoginThrottle.key.like(literal("pair:%|user:", String) + cast(User.id, String)),
                          LoginThrottle.locked_until > utcnow())


# Account states an admin looks for (``?status=`` of the user list), with the condition of each.
ACCOUNT_STATES: dict[str, Callable[[], ColumnElement[bool]]] = {
    "terkunci": _locked,
    "nonaktif": lambda: User.is_enabled.is_(False),
    "sandi-sementara": lambda: User.is_enabled.is_(True) & User.must_change_password.is_(True),
}


def account_state_counts() -> dict[str, int]:
    """{state of :data:`ACCOUNT_STATES`: how many accounts are in it}: one aggregate query."""
    row = db.session.execute(select(*(func.coalesce(func.sum(case((condition(), 1), else_=0)), 0)
                                      for condition in ACCOUNT_STATES.values())).select_from(User)).one()
    return {state: int(count) for state, count in zip(ACCOUNT_STATES, row, strict=True)}


def user_list_query(search: str = "", role: str = "", state: str = "") -> Select:
    query = select(User).outerjoin(User.employee).order_by(User.id)
    if search:
        pattern = f"%{compact_nip(search).lower()}%"
        query = query.where(or_(User.email.ilike(pattern), Employee.nip.like(pattern),
                                Employee.name.ilike(pattern)))
    if role:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if state in ACCOUNT_STATES:
        query = query.where(ACCOUNT_STATES[state]())
    return query
