"""Start-up checks: a server or worker that cannot do its work says why in one line, not in a traceback later.

``flask run`` and gunicorn (``gunicorn.conf.py``) check as a web server, ``make run`` (``lms serve``) prepares the
database first and then checks likewise, and the Celery worker (``kompeten/worker.py``) checks as a worker. Messages
are in Indonesian with the English after a slash; each names the setting or the command that mends it.
"""

import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from lms.extensions import db

Role = Literal["web", "worker"]
KEY_FILENAME = "secret_key"  # in the instance folder
UPGRADE_COMMAND = "flask --app wsgi db upgrade"


@dataclass
class Readiness:
    problems: list[str] = field(default_factory=list)  # the process must not start
    warnings: list[str] = field(default_factory=list)  # it starts, with less than it could do


@dataclass(frozen=True)
class SchemaState:
    current: frozenset[str]  # the revisions the database is at
    pending: int  # migrations to apply; -1: the database is at a revision this code does not know


class DatabaseUnreachable(Exception):
    pass


# --- the secret key --------------------------------------------------------------------------------------------

def load_secret_key_file(app: Flask) -> None:
    """Without LMS_SECRET_KEY, the key ``make run`` keeps in the instance folder (if it made one)."""
    path = Path(app.instance_path, KEY_FILENAME)
    if not app.config.get("SECRET_KEY") and path.is_file():
        app.config["SECRET_KEY"] = path.read_text().strip()


def create_secret_key_file(app: Flask) -> None:
    """For ``make run`` and debug servers on one machine: a random key, kept (mode 600) so sessions survive."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path, KEY_FILENAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)  # before the key is written into it
    key = secrets.token_hex(32)
    path.write_text(key)
    app.config["SECRET_KEY"] = key


MIN_KEY_LENGTH = 32
# Keys that are not secret: the placeholder of deploy/kompeten.env.example and the usual stand-ins.
PLACEHOLDER_KEYS = frozenset({"change-me", "changeme", "secret", "secret-key", "dev", "development", "kompeten"})
MAKE_A_KEY = ("Buat satu kunci acak yang tetap untuk semua server / set one stable random key for every server, e.g. "
              "export LMS_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"")


def secret_key_problem(app: Flask) -> str | None:
    """Why a web server must not sign sessions with its key (none, a placeholder, or a short one), or None."""
    key = app.config.get("SECRET_KEY")
    if not key:
        return ("LMS_SECRET_KEY belum diatur / is not set: sesi dan formulir tidak dapat ditandatangani dengan aman / "
                f"sessions and forms cannot be signed safely. {MAKE_A_KEY}")
    if str(key).strip().lower() in PLACEHOLDER_KEYS or len(str(key)) < MIN_KEY_LENGTH:
        return (f"LMS_SECRET_KEY adalah contoh atau lebih pendek dari {MIN_KEY_LENGTH} karakter / is a placeholder or "
                f"shorter than {MIN_KEY_LENGTH} characters: siapa pun yang menebaknya dapat memalsukan sesi / anyone "
                f"who guesses it can forge a session. {MAKE_A_KEY}")
    return None


# --- the database ----------------------------------------------------------------------------------------------

def database_label() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def schema_state(app: Flask) -> SchemaState:
    """The revisions the database is at against the migrations shipped with the code."""
    try:
        with db.engine.connect() as connection:
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        raise DatabaseUnreachable(_first_line(error)) from error
    script = ScriptDirectory(app.extensions["migrate"].directory)
    known = {revision.revision for revision in script.walk_revisions()}
    if current - known:
        return SchemaState(current, -1)
    return SchemaState(current, sum(1 for _ in script.iterate_revisions(tuple(script.get_heads()), tuple(current))))


def database_problem(app: Flask) -> str | None:
    try:
        state = schema_state(app)
    except DatabaseUnreachable as error:
        return (f"Basis data tidak dapat dihubungi / the database cannot be reached ({database_label()}): "
                f"{error}. Periksa LMS_DATABASE_URL dan server basis data / check LMS_DATABASE_URL and the server.")
    if state.pending == 0:
        return None
    if state.pending < 0:
        return (f"Basis data ({database_label()}) berada pada revisi {', '.join(sorted(state.current))} yang "
                f"tidak dikenal kode ini / the database is at a revision this code does not know: pasang versi "
                f"aplikasi yang sesuai / deploy the matching release.")
    return (f"Basis data ({database_label()}) belum mutakhir: {state.pending} migrasi belum dijalankan / "
            f"{state.pending} migration(s) pending. Jalankan / run: {UPGRADE_COMMAND}")


# --- the public address ---------------------------------------------------------------------------------------

def public_base_url_problem(app: Flask) -> str | None:
    """Certificates print and QR-encode ``PUBLIC_BASE_URL`` + their verification path (the web app when a class
    closes, the worker when it renders a large class's PDFs): required outside debug and tests, where it would
    otherwise be a placeholder; never guessed from a request, whose Host header the client chooses."""
    url = app.config.get("PUBLIC_BASE_URL") or ""
    if not url:
        if app.debug or app.testing:
            return None
        return ("LMS_PUBLIC_BASE_URL belum diatur / is not set: sertifikat mencetak alamat verifikasi dan kode QR "
                "dari alamat publik ini / certificates print their verification URL and QR code from this address. "
                "Atur alamat yang dibuka pengguna / set the address users open, the same for the web app and the "
                "worker, e.g. export LMS_PUBLIC_BASE_URL=https://kompeten.pemkomedan.go.id")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return (f"LMS_PUBLIC_BASE_URL {url!r} bukan alamat http(s) yang lengkap / is not a full http(s) address, "
                f"e.g. https://kompeten.pemkomedan.go.id")
    return None


def use_local_public_base_url(app: Flask, url: str) -> None:
    """For ``make run`` (one machine, not in debug mode): without LMS_PUBLIC_BASE_URL, the address it serves."""
    if not app.config.get("PUBLIC_BASE_URL"):
        app.config["PUBLIC_BASE_URL"] = url


# --- the broker ------------------------------------------------------------------------------------------------

def broker_problem(app: Flask) -> str | None:
    from kombu import Connection
    from kombu.utils.url import maybe_sanitize_url

    url = app.config["BROKER_URL"]
    try:
        with Connection(url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=0)  # one attempt: kombu would otherwise wait and retry
    except Exception as error:  # kombu raises its own, OSError or a transport's errors: all mean "down"
        return (f"LMS_BROKER_URL {maybe_sanitize_url(url)} tidak dapat dihubungi / cannot be reached: "
                f"{_first_line(error)}")
    return None


# --- all together ----------------------------------------------------------------------------------------------

def readiness(app: Flask, role: Role) -> Readiness:
    """What stands in the way of serving requests (``web``) or running background jobs (``worker``)."""
    result = Readiness()
    if problem := database_problem(app):
        result.problems.append(problem)
    if role == "web" and (problem := secret_key_problem(app)):
        result.problems.append(problem)
    if role == "worker" and not app.config.get("BROKER_URL"):
        result.problems.append("LMS_BROKER_URL belum diatur / is not set: worker tidak punya antrean untuk dibaca / "
                               "the worker has no queue to read (e.g. redis://127.0.0.1:6379/0, the web app's too).")
    elif app.config.get("BROKER_URL") and (problem := broker_problem(app)):
        if role == "worker":
            result.problems.append(problem)
        else:
            result.warnings.append(f"{problem}. Laporan dan tugas latar belakang lain akan gagal dengan pesan "
                                   f"sampai broker tersedia / background jobs fail, with a message, until it is up.")
    if problem := public_base_url_problem(app):
        result.problems.append(problem)
    return result


def exit_unless_ready(app: Flask, role: Role) -> None:
    """Print each warning and problem on a line of its own; exit with status 1 if there is a problem."""
    with app.app_context():
        result = readiness(app, role)
        db.engine.dispose()  # a forking server (gunicorn) must not hand these connections to its workers
    for line in result.warnings:
        print(f"kompeten: peringatan / warning: {line}", file=sys.stderr, flush=True)
    for line in result.problems:
        print(f"kompeten: {line}", file=sys.stderr, flush=True)
    if result.problems:
        raise SystemExit(1)


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0].rstrip(".") if text else type(error).__name__
