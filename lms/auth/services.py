"""Accounts: authentication with throttling, passwords and roles. Nothing here commits."""

import functools
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from lms.audit import services as audit
from lms.auth.models import ROLES, LoginThrottle, User, UserRole
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.people.models import Employee

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
# Compared against when the account does not exist, so that timing does not reveal which names exist.


@functools.cache
def _dummy_hash() -> str:
    """Checked against when no account matches, so that an unknown login takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(8))


def hash_password(password: str) -> str:
    """scrypt (Werkzeug's default KDF), salted."""
    return generate_password_hash(password, method="scrypt")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH), "password")
    if password.isdigit() or password.isalpha():
        raise DomainError(_("Kata sandi harus memuat huruf dan angka atau simbol."), "password")


def find_user(identifier: str) -> User | None:
    """The account for a NIP (18 digits) or an e-mail address."""
    identifier = identifier.strip()
    if identifier.isdigit():
        query = select(User).join(User.employee).where(Employee.nip == identifier)
    else:
        query = select(User).where(User.email == identifier.lower())
    return db.session.scalar(query)


# --- throttling --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThrottlePolicy:
    slowdown_after: int
    delay_seconds: int
    lock_after: int
    lock_minutes: int
    window_minutes: int

    @classmethod
    def from_config(cls, config: Any, factor: int = 1) -> "ThrottlePolicy":
        return cls(config["LOGIN_SLOWDOWN_AFTER"] * factor, config["LOGIN_DELAY_SECONDS"],
                   config["LOGIN_LOCK_AFTER"] * factor, config["LOGIN_LOCK_MINUTES"],
                   config["LOGIN_FAILURE_WINDOW_MINUTES"])

    def wait_until(self, row: LoginThrottle) -> datetime | None:
        """When the next attempt is allowed, or None when it is allowed now."""
        if row.locked_until:
            return row.locked_until
        if row.failures >= self.slowdown_after:
            extra = row.failures - self.slowdown_after
            return row.last_failure_at + timedelta(seconds=self.delay_seconds * 2 ** extra)
        return None


class LoginRefused(DomainError):
    pass


def _throttle_rows(keys: list[str]) -> dict[str, LoginThrottle]:
    rows = db.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys))).all()
    now = utcnow()
    live = {}
    for row in rows:
        expired = (row.locked_until and row.locked_until <= now) or (
            not row.locked_until and row.last_failure_at < now - timedelta(hours=24))
        if expired:
            db.session.delete(row)
        else:
            live[row.key] = row
    return live


def _check_throttle(policies: dict[str, ThrottlePolicy]) -> None:
    now = utcnow()
    for key, row in _throttle_rows(list(policies)).items():
        until = policies[key].wait_until(row)
        if until is None or until <= now:
            continue
        seconds = int((until - now).total_seconds()) + 1
        if row.locked_until:
            raise LoginRefused(_("Terlalu banyak percobaan masuk yang gagal. Akun atau alamat ini dikunci "
                                 "sementara; coba lagi dalam %(minutes)d menit.", minutes=seconds // 60 + 1))
        raise LoginRefused(_("Terlalu banyak percobaan yang gagal. Tunggu %(seconds)d detik sebelum mencoba "
                             "lagi.", seconds=seconds))


def _record_failure(policies: dict[str, ThrottlePolicy]) -> None:
    now = utcnow()
    rows = _throttle_rows(list(policies))
    for key, policy in policies.items():
        row = rows.get(key)
        if row is None or row.first_failure_at < now - timedelta(minutes=policy.window_minutes):
            if row is not None:
                db.session.delete(row)
                db.session.flush()
            row = LoginThrottle(key=key, failures=0, first_failure_at=now, last_failure_at=now)
            db.session.add(row)
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= policy.lock_after:
            row.locked_until = now + timedelta(minutes=policy.lock_minutes)
            logger.warning("login locked for %s after %d failures", key, row.failures)


def authenticate(identifier: str, password: str, address: str, config: Any) -> User:
    """Return the user for valid credentials; raise LoginRefused (throttled or wrong) otherwise.

    Failures are counted per account name and per client address; the caller commits either way.
    """
    policies = {
        f"account:{identifier.strip().lower()}": ThrottlePolicy.from_config(config),
        f"ip:{address}": ThrottlePolicy.from_config(config, factor=config["LOGIN_IP_FACTOR"]),
    }
    _check_throttle(policies)
    user = find_user(identifier)
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if not valid or user is None or not user.is_active:
        _record_failure(policies)
        raise LoginRefused(_("NIP/e-mail atau kata sandi salah, atau akun tidak aktif."))
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == next(iter(policies))))
    user.last_login_at = utcnow()
    return user


# --- accounts ----------------------------------------------------------------------------------------------

def create_user(actor: Actor | None, *, email: str | None, employee: Employee | None, roles: set[str],
                password: str) -> User:
    if email is None and employee is None:
        raise DomainError(_("Akun membutuhkan e-mail atau pegawai yang terhubung."), "email")
    check_password_rules(password)
    user = User(email=email.lower() if email else None, employee=employee, password_hash=hash_password(password),
                must_change_password=True)
    db.session.add(user)
    _apply_roles(user, roles)
    db.session.flush()
    audit.record(actor, "create", "user", user, user.login_name,
                 {"email": user.email, "employee": employee.nip if employee else None, "roles": sorted(roles)})
    return user


def _apply_roles(user: User, roles: set[str]) -> None:
    unknown = roles - set(ROLES)
    if unknown:
        raise DomainError(_("Peran tidak dikenal: %(roles)s", roles=", ".join(sorted(unknown))), "roles")
    user.role_rows = [row for row in user.role_rows if row.role in roles] + [
        UserRole(role=role) for role in sorted(roles - user.roles)]


def update_user(actor: Actor, user: User, *, email: str | None, roles: set[str], enabled: bool) -> User:
    if actor is not None and actor.id == user.id and ("admin" not in roles or not enabled):
        raise DomainError(_("Anda tidak dapat mencabut peran admin atau menonaktifkan akun Anda sendiri."),
                          "roles")
    before = {"email": user.email, "roles": sorted(user.roles), "enabled": user.is_enabled}
    user.email = email.lower() if email else None
    user.is_enabled = enabled
    _apply_roles(user, roles)
    db.session.flush()
    after = {"email": user.email, "roles": sorted(roles), "enabled": enabled}
    audit.record(actor, "update", "user", user, user.login_name, audit.diff(before, after))
    return user


def reset_password(actor: Actor | None, user: User) -> str:
    """Set a random temporary password that must be changed at next log-in; return it to show once."""
    temporary = secrets.token_urlsafe(9)
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.session_version += 1
    audit.record(actor, "reset_password", "user", user, user.login_name)
    return temporary


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise DomainError(_("Kata sandi saat ini salah."), "current_password")
    if current == new:
        raise DomainError(_("Kata sandi baru harus berbeda dari yang lama."), "password")
    check_password_rules(new)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.session_version += 1
    audit.record(user, "change_password", "user", user, user.login_name)
