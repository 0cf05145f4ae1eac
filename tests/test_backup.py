"""``lms backup`` and ``lms restore``: a demo city backed up and restored into a new database is the same city,
on the suite's database (SQLite, or PostgreSQL with LMS_TEST_DATABASE_URL); SQLite-only tests cover a backup
from an older release (migrated after loading) and the refusals."""

import os
import secrets
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from kompeten.app import create_app
from lms.auth.models import User
from lms.extensions import db
from lms.imports.models import Upload
from tests.demo_city import demo_city

SAMPLE = 12  # rows compared field by field in every table, spread over its primary key order


def _postgres_environment(url: str) -> dict[str, str]:
    server = make_url(url)
    return {**os.environ, "PGHOST": server.host or "127.0.0.1", "PGPORT": str(server.port or 5432),
            "PGUSER": server.username or "postgres", "PGPASSWORD": server.password or ""}


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                   env=_postgres_environment(url), capture_output=True, text=True, check=True)


@contextmanager
def new_database(source_url: str, directory: Path):
    """The URL of a new, empty database of the same kind as ``source_url`` (dropped afterwards)."""
    if not source_url.startswith("postgresql"):
        yield f"sqlite:///{directory / 'restored.sqlite3'}"
        return
    url = make_url(source_url)
    name = f"{url.database}_restored"
    _psql(source_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(source_url, f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _psql(source_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _app_on(test_config: dict, url: str) -> Flask:
    return create_app({**test_config, "DATABASE_URL": url})


def _invoke(app: Flask, *arguments: str, answer: str | None = None):
    """Run ``flask lms ...`` on ``app`` (in its own context: the CLI uses whichever app's context is current)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["lms", *arguments], input=answer)


def _snapshot() -> dict[str, tuple[int, list[dict]]]:
    """Per table of the current app's database: its row count and a sample of its rows."""
    snapshot = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            step = max(1, count // SAMPLE)
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
            snapshot[table.name] = (count, [dict(row) for row in rows[::step]])
    return snapshot


def test_a_backup_of_the_demo_city_restores_into_a_new_database(app, runner, _test_config, tmp_path):
    demo_city(300, 7)
    hr = db.session.scalar(select(User).where(User.email.is_not(None)).order_by(User.id))
    scan = secrets.token_bytes(300_000)  # a stored file: every upload and PDF lives in the database
    db.session.add(Upload(token=secrets.token_urlsafe(32), kind="roster", filename="pegawai.xlsx", content=scan,
                          uploaded_by_id=hr.id))
    db.session.commit()
    before = _snapshot()
    assert before["employees"][0] == 300 and before["roster_uploads"][0] == 1

    file = tmp_path / "kompeten.backup"
    result = runner.invoke(args=["lms", "backup", "--output", str(file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cadangan ditulis: {file}")
    assert not list(tmp_path.glob("*.partial"))

    with new_database(_test_config["DATABASE_URL"], tmp_path) as url:
        restored = _app_on(_test_config, url)
        result = _invoke(restored, "restore", str(file))
        assert result.exit_code == 0, result.output
        assert "Revisi skema sesuai dengan kode." in result.output
        with restored.app_context():
            after = _snapshot()
            assert db.session.scalar(select(Upload.content)) == scan
            _dispose()
        # Again, over the restored city: refused without --force; with it, dropped and loaded once more.
        assert _invoke(restored, "restore", str(file)).exit_code == 1
        result = _invoke(restored, "restore", "--force", str(file), answer="y\n")
        assert result.exit_code == 0, result.output
        with restored.app_context():
            again = _snapshot()
            _dispose()
        assert again.pop("cache_versions")[0] == before["cache_versions"][0]
        assert again == {name: value for name, value in after.items() if name != "cache_versions"}

    assert before.pop("cache_versions")[0] == after.pop("cache_versions")[0]  # the counters moved on: see below
    assert {name: count for name, (count, _) in after.items()} == {name: count for name, (count, _) in
                                                                    before.items()}
    for name, (_, rows) in before.items():
        assert after[name][1] == rows, name


def test_a_restore_moves_the_cache_counters_past_the_replaced_database(app, _test_config, tmp_path):
    from lms.cache import CacheVersion, invalidate_graph

    source = _migrated_sqlite(_test_config, tmp_path / "source.sqlite3")
    with source.app_context():
        invalidate_graph()
        db.session.commit()
        _backup(source, tmp_path / "one.sqlite3")
    target = _migrated_sqlite(_test_config, tmp_path / "target.sqlite3")
    with target.app_context():
        for _ in range(5):
            invalidate_graph()
        db.session.commit()
        result = _invoke(target, "restore", "--force", str(tmp_path / "one.sqlite3"), answer="y\n")
        assert result.exit_code == 0, result.output
        assert db.session.scalar(select(CacheVersion.version)) == 6  # past the 5 a running process may hold
        _dispose()


def _migrated_sqlite(test_config: dict, path: Path, revision: str = "head") -> Flask:
    app = _app_on(test_config, f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision=revision)
        _dispose()
    return app


def _backup(app: Flask, path: Path) -> None:
    result = _invoke(app, "backup", "--output", str(path))
    assert result.exit_code == 0, result.output


def _dispose() -> None:
    db.session.remove()
    db.engine.dispose()


def test_a_backup_of_an_older_release_is_migrated_after_restoring(app, _test_config, tmp_path):
    script = ScriptDirectory(app.extensions["migrate"].directory)
    [head] = script.get_heads()
    previous = script.get_revision(head).down_revision
    old = _migrated_sqlite(_test_config, tmp_path / "old.sqlite3", revision=previous)
    _backup(old, tmp_path / "old-backup.sqlite3")

    restored = _app_on(_test_config, f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    result = _invoke(restored, "restore", str(tmp_path / "old-backup.sqlite3"))
    assert result.exit_code == 0, result.output
    assert "1 migrasi dijalankan; skema kini sesuai dengan kode." in result.output
    with sqlite3.connect(tmp_path / "restored.sqlite3") as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]


def test_a_database_with_data_is_replaced_only_with_force_and_confirmation(app, _test_config, tmp_path):
    from lms.people import services
    from lms.people.models import OrgUnit

    _backup(_migrated_sqlite(_test_config, tmp_path / "empty.sqlite3"), tmp_path / "empty-backup.sqlite3")
    target = _migrated_sqlite(_test_config, tmp_path / "target.sqlite3")
    arguments = ["restore", str(tmp_path / "empty-backup.sqlite3")]
    with target.app_context():
        services.create_unit(None, code="U1", name="Dinas Yang Tidak Boleh Hilang", kind="opd", parent=None)
        db.session.commit()

        def units() -> int:
            db.session.rollback()
            return db.session.scalar(select(func.count()).select_from(OrgUnit))

        result = _invoke(target, *arguments)
        assert result.exit_code == 1
        assert "tidak kosong" in result.output and "--force" in result.output
        result = _invoke(target, *arguments, "--force", answer="n\n")
        assert result.exit_code == 1 and "Aborted" in result.output
        assert units() == 1

        result = _invoke(target, *arguments, "--force", answer="y\n")
        assert result.exit_code == 0, result.output
        assert units() == 0
        _dispose()


def test_files_that_are_not_backups_of_this_release_are_refused_before_anything_changes(app, _test_config,
                                                                                         tmp_path):
    target = _migrated_sqlite(_test_config, tmp_path / "target.sqlite3")
    (tmp_path / "notes.txt").write_text("bukan cadangan")
    result = _invoke(target, "restore", str(tmp_path / "notes.txt"))
    assert result.exit_code == 1
    assert "bukan cadangan Kompeten" in result.output

    _backup(target, tmp_path / "future.sqlite3")
    with sqlite3.connect(tmp_path / "future.sqlite3") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00000000000'")
    connection.close()
    result = _invoke(target, "restore", str(tmp_path / "future.sqlite3"))
    assert result.exit_code == 1
    assert "revisi f00000000000 yang tidak dikenal" in result.output

    result = _invoke(target, "backup", "--output", str(tmp_path / "future.sqlite3"))
    assert result.exit_code == 1
    assert "sudah ada" in result.output
