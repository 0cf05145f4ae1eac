"""Start-up checks: what a server or worker says, in one line, when it cannot work; and make run's own start."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kompeten.app import create_app
from kompeten.startup import readiness
from lms.extensions import db

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MIGRATIONS = len(list((ROOT / "migrations" / "versions").glob("*.py")))
NOWHERE = "redis://127.0.0.1:9/0"  # nothing listens on port 9


@pytest.fixture(autouse=True)
def _own_instance_folder(tmp_path, monkeypatch):
    """No secret key file of a developer's make run in ./instance may count here."""
    monkeypatch.setenv("LMS_INSTANCE_PATH", str(tmp_path))


KEY = "5e" * 32  # a key of the length make run makes


def _readiness(role: str, **config):
    app = create_app({"SECRET_KEY": KEY, "PUBLIC_BASE_URL": "https://kompeten.pemkomedan.go.id", **config})
    with app.app_context():
        try:
            return readiness(app, role)
        finally:
            db.engine.dispose()


def test_a_migrated_database_with_a_key_is_ready(app):
    result = readiness(app, "web")
    assert (result.problems, result.warnings) == ([], [])


def test_an_unreachable_database_is_named_without_its_password():
    result = _readiness("web", DATABASE_URL="postgresql+psycopg://kompeten:rahasia@127.0.0.1:9/kompeten")
    [problem] = result.problems
    assert problem.startswith("Basis data tidak dapat dihubungi / the database cannot be reached "
                              "(postgresql+psycopg://kompeten:***@127.0.0.1:9/kompeten): ")
    assert "rahasia" not in problem and "LMS_DATABASE_URL" in problem


def test_pending_migrations_are_counted_with_the_command_that_applies_them(tmp_path):
    [problem] = _readiness("web", DATABASE_URL=f"sqlite:///{tmp_path}/empty.sqlite3").problems
    assert f"{MIGRATIONS} migrasi belum dijalankan / {MIGRATIONS} migration(s) pending" in problem
    assert problem.endswith("flask --app wsgi db upgrade")


def test_a_database_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0123456789ab')")
    [problem] = _readiness("web", DATABASE_URL=f"sqlite:///{path}").problems
    assert "revisi 0123456789ab yang tidak dikenal" in problem


def test_a_web_server_needs_the_secret_key_and_a_worker_does_not(app):
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    [problem] = _readiness("web", DATABASE_URL=database, SECRET_KEY=None).problems
    assert problem.startswith("LMS_SECRET_KEY belum diatur / is not set")
    assert _readiness("worker", DATABASE_URL=database, SECRET_KEY=None, BROKER_URL=NOWHERE).problems != []
    assert "LMS_SECRET_KEY" not in " ".join(_readiness("worker", DATABASE_URL=database, SECRET_KEY=None,
                                                       BROKER_URL=NOWHERE).problems)


@pytest.mark.parametrize("key", ["change-me", "CHANGE-ME ", "secret", "k" * 31])
def test_a_web_server_refuses_a_placeholder_or_short_secret_key(app, key):
    [problem] = _readiness("web", DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY=key).problems
    assert problem.startswith("LMS_SECRET_KEY adalah contoh atau lebih pendek dari 32 karakter")


def test_a_broker_that_is_down_is_a_warning_for_the_web_app_and_stops_the_worker(app):
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    web = _readiness("web", DATABASE_URL=database, BROKER_URL=NOWHERE)
    assert web.problems == []
    [warning] = web.warnings
    assert warning.startswith(f"LMS_BROKER_URL {NOWHERE} tidak dapat dihubungi / cannot be reached")
    assert "background jobs fail, with a message, until it is up" in warning
    [problem] = _readiness("worker", DATABASE_URL=database, BROKER_URL=NOWHERE).problems
    assert problem.startswith(f"LMS_BROKER_URL {NOWHERE} tidak dapat dihubungi")


def test_a_worker_without_a_broker_says_it_has_nothing_to_read(app):
    [problem] = _readiness("worker", DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"]).problems
    assert problem.startswith("LMS_BROKER_URL belum diatur / is not set")


# --- the real commands, each in a process of its own ----------------------------------------------------------

def _environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("LMS_") and not key.startswith("FLASK_")}
    return {**environment, "LMS_INSTANCE_PATH": str(tmp_path), "PYTHONPATH": str(ROOT), **settings}


@pytest.mark.parametrize("command", [
    ["flask", "--app", "wsgi", "run", "--port", "9"],
    ["gunicorn", "--bind", "127.0.0.1:9", "wsgi:app"],
    ["celery", "-A", "kompeten.worker", "worker", "--concurrency", "1"],
], ids=["flask run", "gunicorn", "celery worker"])
def test_servers_and_the_worker_stop_with_one_line_per_problem_and_no_traceback(tmp_path, command):
    environment = _environment(tmp_path, LMS_DATABASE_URL=f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3",
                               LMS_BROKER_URL=NOWHERE)
    result = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, env=environment, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line.removeprefix("kompeten: ") for line in result.stderr.splitlines()
             if line.startswith("kompeten: ")]
    database = next(line for line in lines if line.startswith("Basis data tidak dapat dihubungi / the database"))
    assert database.endswith("check LMS_DATABASE_URL and the server.")
    assert lines[-1].startswith("LMS_PUBLIC_BASE_URL belum diatur / is not set")  # both print certificates
    if command[0] == "celery":  # the worker signs nothing, but has no broker to read
        assert len(lines) == 3 and lines[1].startswith(f"LMS_BROKER_URL {NOWHERE} tidak dapat dihubungi")
    else:  # a web server without its secret key; a broker that is down is only a warning for it
        assert len(lines) == 4 and lines[2].startswith("LMS_SECRET_KEY belum diatur")
        assert lines[0].startswith(f"peringatan / warning: LMS_BROKER_URL {NOWHERE} tidak dapat dihubungi")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_until_first_page(tmp_path: Path) -> str:
    """Start ``lms serve`` (what make run runs) and return what it printed once /masuk answered."""
    port = _free_port()
    log = tmp_path / f"serve-{port}.log"
    started = time.perf_counter()
    with log.open("w") as output:
        server = subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "lms", "serve", "--port", str(port),
                                   "--demo-employees", "100"], cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                                  env=_environment(tmp_path, LMS_DATABASE_URL=f"sqlite:///{tmp_path}/kompeten.db"))
        try:
            while True:
                assert server.poll() is None, log.read_text()
                assert time.perf_counter() - started < 120, log.read_text()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk", timeout=5) as response:
                        assert response.status == 200
                        break
                except OSError:
                    time.sleep(0.1)
            return log.read_text()
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_make_run_prepares_an_empty_database_then_starts_again_without_rebuilding(tmp_path):
    first = _serve_until_first_page(tmp_path)
    assert "Kota demo dibuat: 100 pegawai" in first
    assert "Kompeten siap / ready: http://127.0.0.1:" in first
    assert "pegawai@kompeten.medan.go.id" in first and "kata sandi: kompeten-demo-2026" in first
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text()
    assert len(key) == 64

    second = _serve_until_first_page(tmp_path)
    assert "Kota demo dibuat" not in second and "Running upgrade" not in second
    assert "pegawai@kompeten.medan.go.id" in second
    assert key_file.read_text() == key  # the same key: sessions survive a restart


def test_the_app_runs_on_the_citys_clock_whatever_the_servers_time_zone(monkeypatch):
    import time
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        create_app({"SECRET_KEY": KEY, "BABEL_DEFAULT_TIMEZONE": "Asia/Jayapura"})
        assert date.today() == datetime.now(ZoneInfo("Asia/Jayapura")).date()
        assert datetime.now().astimezone().utcoffset() == datetime.now(ZoneInfo("Asia/Jayapura")).utcoffset()
        with pytest.raises(KeyError):  # ZoneInfoNotFoundError: an unknown zone is named, not taken as UTC
            create_app({"SECRET_KEY": KEY, "BABEL_DEFAULT_TIMEZONE": "Asia/Medan"})
    finally:
        monkeypatch.undo()
        time.tzset()
        create_app({"SECRET_KEY": KEY})  # back on the suite's clock (Asia/Jakarta)
