"""Accounts: authentication with throttling, passwords and roles. Nothing here commits."""

import functools
import hashlib
import hmac
import logging
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from lms.audit import services as audit
from lms.auth.models import ROLES, LoginThrottle, User, UserRole
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.people.models import Employee
from lms.people.nip import compact_nip

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt"


@functools.cache
def _dummy_hash() -> str:
    """Checked against when no account matches, so that an unknown login takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(8), method="scrypt")


def hash_password(password: str) -> str:
    """scrypt (Werkzeug's default KDF), salted."""
    return generate_password_hash(password, method="scrypt")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords (lms/data/common-passwords.txt says where it comes from)."""
    with COMMON_PASSWORDS.open(encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def check_password_rules(password: str, *, nip: str | None = None, email: str | None = None) -> None:
    """Long enough, not only letters or only digits, not a common password (alone or with digits and symbols
    around it, as "Bismillah123!"), and not holding the account's own NIP or e-mail name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD_LENGTH), "password")
    if password.isdigit() or password.isalpha():
        raise DomainError(_("Kata sandi harus memuat huruf dan angka atau simbol."), "password")
    lowered = password.lower()
    core = lowered.strip(string.digits + string.punctuation + string.whitespace)
    if lowered in common_passwords() or core in common_passwords():
        raise DomainError(_("Kata sandi ini termasuk yang paling umum dipakai dan mudah ditebak. Pilih yang lain."),
                          "password")
    own = [nip or "", (email or "").partition("@")[0].lower()]
    if any(len(part) >= 4 and part in lowered for part in own):
        raise DomainError(_("Kata sandi tidak boleh memuat NIP atau nama e-mail Anda."), "password")


def find_user(identifier: str) -> User | None:
    """The account for a NIP (18 digits, also as printed: "19850317 201001 1 002") or an e-mail address."""
    identifier = compact_nip(identifier)
    if identifier.isdigit():
        query = select(User).join(User.employee).where(Employee.nip == identifier)
    else:
        query = select(User).where(User.email == identifier.lower())
    return db.session.scalar(query)


# --- throttling --------------------------------------------------------------------------------------------
#
# Failed log-ins are counted in the database, so every app process and server sees them, under two keys:
#
#   "pair:<address>|<account>"  one client address trying one account: after LOGIN_SLOWDOWN_AFTER failures each
#                               further attempt waits LOGIN_DELAY_SECONDS, doubled with every failure;
#   "address:<address>"         one client address, whatever the account: the same, only after the much higher
#                               LOGIN_ADDRESS_SLOWDOWN_AFTER (an office's employees share its NAT address).
#
# No wait is longer than LOGIN_MAX_DELAY_SECONDS, and failures are forgotten LOGIN_FAILURE_WINDOW_MINUTES after the
# last one. There is no key of an account alone: failures from one address never stop the owner, from another
# address, from logging in with the right password. The account of a pair is the user id for an existing account and
# a keyed hash of the name typed for an unknown one, which is throttled the same way (no NIP is stored or logged).


@dataclass(frozen=True)
class Backoff:
    free: int             # failures before any wait
    delay_seconds: int    # the first wait, doubled with every further failure
    max_delay_seconds: int

    def wait_until(self, failures: int, last_failure_at: datetime) -> datetime | None:
        if failures < self.free:
            return None
        seconds = min(self.max_delay_seconds, self.delay_seconds * 2 ** min(failures - self.free, 32))
        return last_failure_at + timedelta(seconds=seconds)


@dataclass(frozen=True)
class LoginLimits:
    pair: Backoff
    address: Backoff
    window: timedelta

    @classmethod
    def from_config(cls, config: Any) -> "LoginLimits":
        delay, longest = config["LOGIN_DELAY_SECONDS"], config["LOGIN_MAX_DELAY_SECONDS"]
        return cls(Backoff(config["LOGIN_SLOWDOWN_AFTER"], delay, longest),
                   Backoff(config["LOGIN_ADDRESS_SLOWDOWN_AFTER"], delay, longest),
                   timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]))


class LoginRefused(DomainError):
    pass


def _refuse_until(until: datetime, now: datetime) -> LoginRefused:
    seconds = int((until - now).total_seconds()) + 1
    if seconds <= 120:
        return LoginRefused(_("Terlalu banyak percobaan yang gagal. Tunggu %(seconds)d detik sebelum mencoba "
                              "lagi.", seconds=seconds))
    return LoginRefused(_("Terlalu banyak percobaan yang gagal. Coba lagi dalam %(minutes)d menit.",
                          minutes=(seconds + 59) // 60))


def _account_part(user: User | None, identifier: str, secret: str | bytes) -> str:
    if user is not None:
        return f"user:{user.id}"
    key = secret if isinstance(secret, bytes) else secret.encode()
    return "name:" + hmac.new(key, compact_nip(identifier).lower().encode(), hashlib.sha256).hexdigest()[:32]


def _ensure_row(key: str, now: datetime) -> None:
    """Create the key's row (no failures yet) unless it exists, also when another process creates it meanwhile."""
    if db.session.scalar(select(LoginThrottle.key).where(LoginThrottle.key == key)) is not None:
        return
    values = {"key": key, "failures": 0, "first_failure_at": now, "last_failure_at": now}
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        db.session.execute(insert(LoginThrottle).values(**values).on_conflict_do_nothing(index_elements=["key"]))
        return
    try:
        with db.session.begin_nested():
            db.session.execute(LoginThrottle.__table__.insert().values(**values))
    except IntegrityError:
        pass


def _blocked_until(key: str, now: datetime) -> datetime | None:
    until = db.session.scalar(select(LoginThrottle.locked_until).where(LoginThrottle.key == key))
    return until if until is not None and until > now else None


def _charge(key: str, backoff: Backoff, limits: LoginLimits, now: datetime) -> tuple[datetime | None, int]:
    """Count a failure under the key before the password is checked, so that parallel attempts see each other.

    Returns (when the key allows its next attempt, None if it allows this one, which is then counted; failures).
    The count is taken back when the password is right. Compare-and-set: a concurrent attempt makes this retry.
    """
    _ensure_row(key, now)
    for _attempt in range(5):
        row = db.session.execute(select(LoginThrottle.failures, LoginThrottle.last_failure_at,
                                        LoginThrottle.locked_until).where(LoginThrottle.key == key)).one()
        if row.locked_until is not None and row.locked_until > now:
            return row.locked_until, row.failures
        forgotten = row.last_failure_at < now - limits.window
        failures = 1 if forgotten else row.failures + 1
        changed = db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == key, LoginThrottle.failures == row.failures,
                   LoginThrottle.last_failure_at == row.last_failure_at)
            .values(failures=failures, last_failure_at=now, locked_until=backoff.wait_until(failures, now),
                    **({"first_failure_at": now} if forgotten else {}))
            .execution_options(synchronize_session=False))
        if changed.rowcount == 1:
            return None, failures
    return now + timedelta(seconds=1), 0


def _forget_old_failures(limits: LoginLimits, now: datetime) -> None:
    db.session.execute(delete(LoginThrottle).where(
        LoginThrottle.last_failure_at < now - limits.window,
        or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now)))


def authenticate(identifier: str, password: str, address: str, config: Any) -> User:
    """Return the user for valid credentials; raise LoginRefused (throttled or wrong) otherwise.

    An unknown account name gets the same message after the same work (a password hash is checked either way).
    The caller commits either way: a refusal keeps its counted failure.
    """
    limits, now = LoginLimits.from_config(config), utcnow()
    address = address[:100]
    user = find_user(identifier)
    who = f"user {user.id}" if user is not None else "an unknown account"
    address_key = f"address:{address}"
    pair_key = f"pair:{address}|{_account_part(user, identifier, config['SECRET_KEY'] or '')}"
    until = _blocked_until(address_key, now)
    if until is not None:
        raise _refuse_until(until, now)
    until, pair_failures = _charge(pair_key, limits.pair, limits, now)
    if until is not None:
        raise _refuse_until(until, now)
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if valid and user is not None and user.is_active:
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == pair_key))
        user.last_login_at = now
        return user
    if pair_failures == limits.pair.free:
        logger.warning("log-in attempts from %s for %s slowed down after %d failures", address, who, pair_failures)
    failures = _count_failure(address_key, limits.address, limits, now)
    if failures == limits.address.free:
        logger.warning("log-in attempts from %s (any account) slowed down after %d failures", address, failures)
    _forget_old_failures(limits, now)
    raise LoginRefused(_("NIP/e-mail atau kata sandi salah, atau akun tidak aktif."))


def _count_failure(key: str, backoff: Backoff, limits: LoginLimits, now: datetime) -> int:
    """Add a failure under the key by an atomic increment (concurrent failures are all counted); return the count.

    Unlike the pair's, the address's count is taken after the password check, so that the logins of a whole office
    behind one address do not queue for its row; a burst of parallel attempts on many accounts may pass its
    threshold by the burst's size, each of them still limited by its own pair."""
    failures, _first = _count(key, now, restart_after=limits.window, since=LoginThrottle.last_failure_at)
    db.session.execute(update(LoginThrottle).where(LoginThrottle.key == key)
                       .values(locked_until=backoff.wait_until(failures, now))
                       .execution_options(synchronize_session=False))
    return failures


def _count(key: str, now: datetime, *, restart_after: timedelta, since: Any) -> tuple[int, datetime]:
    """Count one event under the key by an atomic increment; return (the count, when counting started).

    The count starts again from this event once ``restart_after`` has passed since ``since`` (the last event for
    failed log-ins, the first one for a rate per window) and no wait is pending."""
    _ensure_row(key, now)
    db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == key, since < now - restart_after,
               or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now))
        .values(failures=0, first_failure_at=now).execution_options(synchronize_session=False))
    row = db.session.execute(
        update(LoginThrottle).where(LoginThrottle.key == key)
        .values(failures=LoginThrottle.failures + 1, last_failure_at=now)
        .returning(LoginThrottle.failures, LoginThrottle.first_failure_at)
        .execution_options(synchronize_session=False)).one()
    return row.failures, row.first_failure_at


# --- request rates -----------------------------------------------------------------------------------------
#
# The same table limits how often one client address may use a public page (the certificate verification):
# "<name>:<address>" counts the requests of a window that starts with the first of them; past the limit the key
# is locked until the window ends, and refused requests are not counted.


def count_request(name: str, address: str, limit: int, window: timedelta) -> datetime | None:
    """Count a request of the address under the name; return None when it is allowed, else when the next one is.

    The caller commits even when it refuses or answers with an error, so that every request counts."""
    now, key = utcnow(), f"{name}:{address[:100]}"
    until = _blocked_until(key, now)
    if until is not None:
        return until
    requests, first = _count(key, now, restart_after=window, since=LoginThrottle.first_failure_at)
    if requests == 1:  # a new window: drop the keys whose windows ended long ago (of this or any other address)
        db.session.execute(delete(LoginThrottle).where(
            LoginThrottle.key.startswith(f"{name}:", autoescape=True), LoginThrottle.first_failure_at < now - window,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now)))
    if requests < limit:
        return None
    until = first + window
    db.session.execute(update(LoginThrottle).where(LoginThrottle.key == key).values(locked_until=until)
                       .execution_options(synchronize_session=False))
    return None if requests == limit else until


# --- accounts ----------------------------------------------------------------------------------------------

def create_user(actor: Actor | None, *, email: str | None, employee: Employee | None, roles: set[str],
                password: str) -> User:
    if email is None and employee is None:
        raise DomainError(_("Akun membutuhkan e-mail atau pegawai yang terhubung."), "email")
    check_password_rules(password, nip=employee.nip if employee else None, email=email)
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
    end_sessions(user)
    audit.record(actor, "reset_password", "user", user, user.login_name)
    logger.info("password of user %s reset by user %s", user.id, actor.id if actor else None)
    return temporary


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise DomainError(_("Kata sandi saat ini salah."), "current_password")
    if current == new:
        raise DomainError(_("Kata sandi baru harus berbeda dari yang lama."), "password")
    check_password_rules(new, nip=user.employee.nip if user.employee else None, email=user.email)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_sessions(user)
    audit.record(user, "change_password", "user", user, user.login_name)


def end_sessions(user: User) -> None:
    """End every session of the account: a session cookie names the session version it was issued for."""
    user.session_version += 1
