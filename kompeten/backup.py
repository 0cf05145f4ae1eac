"""Backups of the whole installation and their restore (``flask --app wsgi lms backup`` / ``lms restore``).

Everything Kompeten keeps lives in the database: uploads waiting for confirmation, course materials, scans of
external certificates, certificate PDFs and the files of finished jobs are ``LargeBinary`` columns. The instance
folder holds only the SQLite file of an embedded installation (that is the database) and the secret key that
``make run`` creates, which signs sessions and forms and nothing stored: it is not copied (a secret does not
travel with the data; without it everyone simply logs in again). So a backup is one file:

- SQLite: a copy of the live database made with SQLite's online backup API (consistent while the app writes),
  checked with ``PRAGMA quick_check``;
- PostgreSQL: ``pg_dump``'s custom format (one snapshot), checked with ``pg_restore --list``; the format
  ``deploy/backup.sh`` writes, so a restore reads either.

A restore goes into the configured database of the same kind, which must be empty unless the caller decided
otherwise: it replaces the whole database in one step (SQLite's backup API; on PostgreSQL one ``psql``
transaction that drops what is there and loads the dump), then brings the schema up to the code's revision.
The code's messages are for the command line, in Indonesian.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from alembic.script import ScriptDirectory
from flask import Flask
from psycopg.conninfo import make_conninfo
from sqlalchemy import inspect, select, text, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from kompeten import startup
from lms.cache import CacheVersion
from lms.extensions import db

Kind = Literal["sqlite", "postgresql"]
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SUFFIXES: dict[Kind, str] = {"sqlite": ".sqlite3", "postgresql": ".dump"}
# Tables that may hold rows in a database that counts as empty: the migration revision and the cache counters.
BOOKKEEPING_TABLES = frozenset({"alembic_version", "cache_versions"})
# Dropped in the restore's transaction before the dump is loaded: whatever the schema holds (tables of a later
# migration included), so that the dump's CREATE statements meet nothing.
PG_DROP_EVERYTHING = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT viewname FROM pg_views WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP VIEW IF EXISTS public.%I CASCADE', item.viewname);
  END LOOP;
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', item.tablename);
  END LOOP;
  FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', item.sequencename);
  END LOOP;
END $$;
"""


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: Kind
    revisions: frozenset[str]  # the schema revision the backed-up database was at
    pending: int  # migrations the code would still apply after restoring it


@dataclass(frozen=True)
class RestoreResult:
    migrated: int  # migrations applied after loading
    tables: int
    rows: int


# --- backup ------------------------------------------------------------------------------------------------------

def database_kind() -> Kind:
    name = db.engine.url.get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Basis data {name} tidak didukung; hanya SQLite dan PostgreSQL.")
    return name  # type: ignore[return-value]


def default_path(now: datetime) -> Path:
    """DATABASE-YYYYmmdd-HHMMSS.sqlite3 / .dump in the current folder (the name deploy/backup.sh gives)."""
    url, kind = db.engine.url, database_kind()
    name = Path(url.database or "kompeten").stem if kind == "sqlite" else url.database or "kompeten"
    return Path(f"{name}-{now:%Y%m%d-%H%M%S}{SUFFIXES[kind]}")


def write_backup(app: Flask, path: Path) -> BackupFile:
    """Write a consistent copy of the configured database to ``path`` (written aside, checked, then renamed)."""
    if path.exists():
        raise BackupError(f"Berkas {path} sudah ada; pilih nama lain.")
    partial = path.with_name(path.name + ".partial")
    kind = database_kind()
    try:
        if kind == "sqlite":
            _sqlite_backup(Path(_sqlite_path()), partial)
        else:
            _pg_dump(partial)
        backup = inspect_backup(app, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(path)
    return BackupFile(path, backup.kind, backup.revisions, backup.pending)


def _sqlite_path() -> str:
    database = db.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("Basis data SQLite yang dikonfigurasi bukan berkas; tidak ada yang dapat dicadangkan.")
    return database


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"Berkas basis data {source} tidak ada.")
    target.parent.mkdir(parents=True, exist_ok=True)
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)  # one step: a snapshot under one read lock, whatever the app writes meanwhile
        if writing.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"Salinan {target} rusak menurut PRAGMA quick_check.")
    finally:
        writing.close()
        reading.close()


def _pg_dump(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    conninfo, environment = _libpq(db.engine.url)
    _run(["pg_dump", "--format=custom", f"--file={target}", f"--dbname={conninfo}"], environment)
    _run(["pg_restore", "--list", str(target)], environment)


# --- what a backup holds ----------------------------------------------------------------------------------------

def inspect_backup(app: Flask, path: Path) -> BackupFile:
    """The kind and schema revision of a backup file; refused when this code cannot restore it."""
    kind = backup_kind(path)
    revisions = _sqlite_revisions(path) if kind == "sqlite" else _pg_dump_revisions(path)
    if not revisions:
        raise BackupError(f"{path} bukan cadangan Kompeten: tidak ada revisi skema (tabel alembic_version).")
    pending = pending_migrations(app, revisions)
    if pending < 0:
        raise BackupError(f"Cadangan {path} berada pada revisi {', '.join(sorted(revisions))} yang tidak dikenal "
                          f"kode ini (dibuat oleh versi aplikasi yang lebih baru?); pasang versi yang sesuai.")
    return BackupFile(path, kind, revisions, pending)


def backup_kind(path: Path) -> Kind:
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} bukan cadangan Kompeten (bukan berkas SQLite maupun pg_dump format custom).")


def _sqlite_revisions(path: Path) -> frozenset[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return frozenset(row[0] for row in connection.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.DatabaseError:
        return frozenset()
    finally:
        connection.close()


def _pg_dump_revisions(path: Path) -> frozenset[str]:
    """The rows of alembic_version in a custom-format dump, read without restoring it."""
    script = _run(["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(path)], dict(os.environ))
    revisions, copying = set(), False
    for line in script.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying and line:
            revisions.add(line.strip())
    return frozenset(revisions)


def pending_migrations(app: Flask, revisions: frozenset[str]) -> int:
    """How many migrations lead from ``revisions`` to the code's head; -1 when the code does not know them."""
    script = ScriptDirectory(app.extensions["migrate"].directory)
    if revisions - {revision.revision for revision in script.walk_revisions()}:
        return -1
    return sum(1 for _ in script.iterate_revisions(tuple(script.get_heads()), tuple(revisions)))


# --- restore -----------------------------------------------------------------------------------------------------

def tables_with_rows() -> list[str]:
    """The tables of the configured database that hold rows (the bookkeeping ones aside): empty when it is empty."""
    try:
        with db.engine.connect() as connection:
            names = sorted(set(inspect(connection).get_table_names()) - BOOKKEEPING_TABLES)
            quote = connection.dialect.identifier_preparer.quote
            return [name for name in names
                    if connection.execute(text(f"SELECT 1 FROM {quote(name)} LIMIT 1")).first()]  # noqa: S608
    except SQLAlchemyError as error:
        raise BackupError(f"Basis data tujuan ({startup.database_label()}) tidak dapat dibuka: "
                          f"{str(getattr(error, 'orig', None) or error).strip().splitlines()[0]}") from error


def restore_backup(app: Flask, backup: BackupFile) -> RestoreResult:
    """Replace the configured database by the backup's, then migrate it to the code's revision."""
    kind = database_kind()
    if kind != backup.kind:
        raise BackupError(f"Cadangan ini dari {backup.kind}, sedangkan basis data yang dikonfigurasi {kind}; "
                          f"pulihkan ke basis data jenis yang sama.")
    seen = _cache_versions()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may outlive the database it was opened on
    if kind == "sqlite":
        _sqlite_restore(backup.path, Path(_sqlite_path()))
    else:
        _pg_restore(backup.path)
    db.engine.dispose()
    migrated = 0
    if (state := startup.schema_state(app)).pending > 0:
        from flask_migrate import upgrade

        upgrade()
        migrated = state.pending
    if startup.schema_state(app).pending != 0:
        raise BackupError("Setelah pemulihan, revisi skema basis data tidak sesuai dengan kode.")
    _move_cache_versions_past(seen)
    counts = row_counts()
    return RestoreResult(migrated, len(counts), sum(counts.values()))


def _sqlite_restore(source: Path, target: Path) -> None:
    if source.resolve() == target.resolve():
        raise BackupError("Berkas cadangan adalah basis data yang dikonfigurasi itu sendiri.")
    target.parent.mkdir(parents=True, exist_ok=True)
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writing = sqlite3.connect(target, timeout=30)
    try:
        reading.backup(writing)  # replaces every page of the target in one write transaction
    finally:
        writing.close()
        reading.close()


def _pg_restore(path: Path) -> None:
    """Drop what the database holds and load the dump, in one psql transaction: a failure changes nothing."""
    conninfo, environment = _libpq(db.engine.url)
    for program in ("pg_restore", "psql"):
        if shutil.which(program) is None:
            raise BackupError(f"Program {program} tidak ditemukan; pasang postgresql-client.")
    with tempfile.TemporaryFile() as restore_errors:  # a file, not a pipe: nobody reads it while psql loads
        restore = subprocess.Popen(["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path)],  # noqa: S603, S607
                                   stdout=subprocess.PIPE, stderr=restore_errors, env=environment)
        assert restore.stdout is not None
        with restore.stdout:
            loading = subprocess.run(["psql", "--no-psqlrc", "--quiet", "--single-transaction",  # noqa: S603, S607
                                      "-v", "ON_ERROR_STOP=1", "-c", PG_DROP_EVERYTHING, "-f", "-",
                                      f"--dbname={conninfo}"],
                                     stdin=restore.stdout, capture_output=True, text=True, env=environment,
                                     check=False)
        restore.wait()
        restore_errors.seek(0)
        reading_error = restore_errors.read().decode(errors="replace")
    if loading.returncode != 0:  # (pg_restore then fails too, on a closed pipe)
        raise BackupError(f"psql gagal (basis data tidak berubah): {_last_line(loading.stderr)}")
    if restore.returncode != 0:
        raise BackupError(f"pg_restore gagal (basis data tidak berubah): {_last_line(reading_error)}")


def _cache_versions() -> dict[str, int]:
    with db.engine.connect() as connection:
        if not inspect(connection).has_table(CacheVersion.__tablename__):
            return {}  # a new database: no process has cached anything from it
        return dict(connection.execute(select(CacheVersion.name, CacheVersion.version)).all())


def _move_cache_versions_past(seen: dict[str, int]) -> None:
    """A process still running on the replaced data (it should have been stopped) must rebuild its caches: every
    counter moves past both the value it had before the restore and the one the backup brought."""
    restored = _cache_versions()
    with db.engine.begin() as connection:
        for name in restored.keys() | seen.keys():
            version = max(restored.get(name, 0), seen.get(name, 0)) + 1
            if name in restored:
                connection.execute(update(CacheVersion.__table__).where(CacheVersion.name == name)
                                   .values(version=version))
            else:
                connection.execute(CacheVersion.__table__.insert().values(name=name, version=version))


def row_counts() -> dict[str, int]:
    """Rows per table of the configured database."""
    with db.engine.connect() as connection:
        quote = connection.dialect.identifier_preparer.quote
        return {name: connection.execute(text(f"SELECT count(*) FROM {quote(name)}")).scalar_one()  # noqa: S608
                for name in sorted(inspect(connection).get_table_names())}


# --- programs ----------------------------------------------------------------------------------------------------

def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the programs (password in the environment: argv is visible to everyone)."""
    options = {key: value for key, value in url.query.items() if isinstance(value, str)}
    conninfo = make_conninfo("", **options, dbname=url.database, host=url.host, port=url.port, user=url.username)
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return conninfo, environment


def _run(command: list[str], environment: dict[str, str]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Program {command[0]} tidak ditemukan; pasang postgresql-client (versi server atau lebih "
                          f"baru).")
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {_last_line(result.stderr)}")
    return result.stdout


def _last_line(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "tanpa pesan"
