from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db, utcnow
from lms.people.models import Employee

ROLES = ("employee", "trainer", "hr", "admin")
ROLE_LABELS = {
    "employee": _l("Pegawai"),
    "trainer": _l("Pengajar"),
    "hr": _l("BKPSDM (SDM)"),
    "admin": _l("Administrator"),
}


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role"),)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of the id in the session cookie; bumped at log-out, password change and reset, which ends every session.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    employee: Mapped[Employee | None] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_active(self) -> bool:
        return self.is_enabled and (self.employee is None or self.employee.is_active)

    @property
    def display_name(self) -> str:
        return self.employee.full_name if self.employee else (self.email or f"#{self.id}")

    @property
    def login_name(self) -> str:
        return self.employee.nip if self.employee else (self.email or "")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"  # not the NIP: reprs end up in log lines


class LoginThrottle(db.Model):
    """Failed log-ins per key ("pair:<address>|<account>" or "address:<address>", lms.auth.services), and the
    requests of a window on a rate-limited public page ("verify:<address>", ``count_request``: ``failures`` counts
    them, ``first_failure_at`` starts the window), shared by every app process. ``locked_until``: no attempt under
    the key before then (the growing wait after failures, or the end of a full window)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failure_at: Mapped[datetime] = mapped_column(DateTime)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
