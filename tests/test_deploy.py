"""The deployment examples in deploy/: settings that exist, commands that run, limits that agree, and a backup
that restores."""

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from kompeten.config import DefaultConfig

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def test_the_settings_example_names_only_settings_the_app_has():
    names = re.findall(r"^#?(LMS_[A-Z_]+)=", (DEPLOY / "kompeten.env.example").read_text(), re.MULTILINE)
    assert "LMS_SECRET_KEY" in names and "LMS_DATABASE_URL" in names
    assert [name for name in names if not hasattr(DefaultConfig, name.removeprefix("LMS_"))] == []


def test_nginx_accepts_what_the_app_accepts():
    size = re.search(r"client_max_body_size (\d+)m;", (DEPLOY / "nginx-kompeten.conf").read_text())
    assert int(size[1]) * 1024 * 1024 == DefaultConfig.MAX_CONTENT_LENGTH


@pytest.mark.parametrize("unit", sorted(path.name for path in DEPLOY.glob("*.service")))
def test_each_service_runs_a_program_of_the_release_with_a_valid_entry_point(unit, runner):
    commands = [shlex.split(line.split("=", 1)[1].replace("\\\n", " "))
                for line in re.findall(r"^Exec(?:Start|StartPre)=(?:.*\\\n)*.*", (DEPLOY / unit).read_text(),
                                       re.MULTILINE)]
    assert commands
    for program, *arguments in commands:
        assert program.startswith("/opt/kompeten/")
        local = ROOT / program.removeprefix("/opt/kompeten/")
        assert local.exists(), program
        if local.name == "gunicorn":
            assert arguments[-1] == "wsgi:app"
        if local.name == "celery":
            assert arguments[:2] == ["-A", "kompeten.worker"]
        if local.name == "flask":
            assert arguments[:2] == ["--app", "wsgi"]
            result = runner.invoke(args=[*arguments[2:], "--help"])
            assert result.exit_code == 0, result.output


@pytest.mark.postgres
def test_the_backup_script_writes_a_dump_that_restores_and_keeps_only_recent_ones(tmp_path):
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if not url:
        pytest.skip("needs PostgreSQL: set LMS_TEST_DATABASE_URL")
    server = make_url(url)
    environment = {**os.environ, "PGHOST": server.host or "127.0.0.1", "PGPORT": str(server.port or 5432),
                   "PGUSER": server.username or "postgres", "PGPASSWORD": server.password or ""}
    source, restored = f"{server.database}_backup_src", f"{server.database}_backup_dst"

    def psql(database: str, sql: str) -> str:
        return subprocess.run(["psql", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                              env=environment, capture_output=True, text=True, check=True).stdout.strip()

    for name in (source, restored):
        psql("postgres", f'DROP DATABASE IF EXISTS "{name}"')
        psql("postgres", f'CREATE DATABASE "{name}"')
    try:
        psql(source, "CREATE TABLE certificates (code text PRIMARY KEY, pdf bytea);"
                     "INSERT INTO certificates SELECT 'K' || n, decode(repeat('ab', 500), 'hex') "
                     "FROM generate_series(1, 300) AS n")
        stale = tmp_path / f"{source}-20200101-000000.dump"
        stale.write_bytes(b"old")
        os.utime(stale, (time.time() - 20 * 86400,) * 2)

        result = subprocess.run([str(DEPLOY / "backup.sh"), source, str(tmp_path), "14"], env=environment,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        [dump] = list(tmp_path.glob(f"{source}-*.dump"))  # the stale one is gone, no .partial is left
        assert result.stdout.startswith(f"backup: {dump}")

        subprocess.run(["pg_restore", "--no-owner", "-d", restored, str(dump)], env=environment, check=True)
        assert psql(restored, "SELECT count(*), sum(length(pdf)) FROM certificates") == "300|150000"
    finally:
        for name in (source, restored):
            psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_each_gunicorn_worker_builds_the_competency_graph_before_its_first_request(app, monkeypatch):
    import runpy
    from types import SimpleNamespace

    from competencies import queries

    monkeypatch.setattr(queries, "_cache", queries._GraphCache())
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    hooks["post_worker_init"](SimpleNamespace(wsgi=app))
    assert queries._cache._graph is not None
