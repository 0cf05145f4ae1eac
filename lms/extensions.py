"""Unbound Flask extensions and the declarative base shared by every model."""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from flask import has_request_context, request
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

from lms.input_rules import MAX_PER_PAGE, requested_page

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy whose ``paginate`` takes the page number (and a ``per_page`` the view does not set) from
    the query string clamped to what any database accepts (:func:`lms.input_rules.requested_page`), instead of
    passing ``?page=99999999999999999999`` on to an OFFSET the database refuses."""

    def paginate(self, select: Any, *, page: int | None = None, per_page: int | None = None,
                 max_per_page: int | None = None, error_out: bool = True, count: bool = True) -> Any:
        if has_request_context():
            if page is None:
                page = requested_page()
            if per_page is None:
                per_page = requested_page("per_page", MAX_PER_PAGE) if "per_page" in request.args else 20
        return super().paginate(select, page=page, per_page=per_page, max_per_page=max_per_page,
                                error_out=error_out, count=count)


db = Database(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def utcnow() -> datetime:
    """Naive UTC timestamp, the form every DateTime column stores (shown in Asia/Jakarta by Babel)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_date(stored: datetime) -> date:
    """The city's date of a stored (naive UTC) timestamp: the app runs on the city's clock, so this is the date
    ``date.today()`` gave at that moment."""
    return stored.replace(tzinfo=UTC).astimezone().date()


def str_enum(enum_class: type[StrEnum], length: int) -> Enum:
    """The column type of a closed set of strings (a status, a kind): stored as VARCHAR(length) with no database
    enum type and no CHECK of its own (the model declares one with :func:`one_of`), read back as members of
    ``enum_class``; plain strings are accepted where members are expected, since a member equals its value."""
    return Enum(enum_class, native_enum=False, create_constraint=False, length=length,
                values_callable=lambda members: [member.value for member in members])


def one_of(column: str, values: Iterable[str]) -> str:
    """The SQL of a CHECK that ``column`` holds one of ``values``: ``status IN ('open', 'closed')``."""
    return f"{column} IN {tuple(str(value) for value in values)!r}"
