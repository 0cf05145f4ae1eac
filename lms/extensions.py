"""Unbound Flask extensions and the declarative base shared by every model."""

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def utcnow() -> datetime:
    """Naive UTC timestamp, the form every DateTime column stores (shown in Asia/Jakarta by Babel)."""
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_class: type[StrEnum], length: int) -> Enum:
    """The column type of a closed set of strings (a status, a kind): stored as VARCHAR(length) with no database
    enum type and no CHECK of its own (the model declares one with :func:`one_of`), read back as members of
    ``enum_class``; plain strings are accepted where members are expected, since a member equals its value."""
    return Enum(enum_class, native_enum=False, create_constraint=False, length=length,
                values_callable=lambda members: [member.value for member in members])


def one_of(column: str, values: Iterable[str]) -> str:
    """The SQL of a CHECK that ``column`` holds one of ``values``: ``status IN ('open', 'closed')``."""
    return f"{column} IN {tuple(str(value) for value in values)!r}"
