"""Fixtures: one migrated database per test session (SQLite, or PostgreSQL when LMS_TEST_DATABASE_URL is
set), emptied after every test so that no test depends on another's data.

Two app objects share that database: ``app`` serves the test client and the CLI runner, and a second one
holds the application context the test body runs in. So a request never sees the test's session or ``g``,
as with a real server; factories commit what they create.
"""

import functools
import os
import tempfile
from collections.abc import Callable

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from kompeten.app import create_app
from lms.auth.models import User, UserRole
from lms.cache import invalidate_graph
from lms.extensions import db as _db
from lms.people.models import Employee, OrgUnit, Position
from tests.helpers import make_nip

PASSWORD = "rahasia-uji-123"


def _database_url(tmp_dir: str) -> str:
    return os.environ.get("LMS_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.sqlite3"


@pytest.fixture(scope="session")
def _test_config():
    with tempfile.TemporaryDirectory() as tmp_dir:
        yield {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": _database_url(tmp_dir),
            "WTF_CSRF_ENABLED": False,
        }


@pytest.fixture(scope="session")
def app(_test_config):
    app = create_app(_test_config)
    with app.app_context():
        _drop_everything()
        upgrade()
    yield app
    with app.app_context():
        _db.session.remove()
        _drop_everything()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def _harness_app(app, _test_config):
    harness = create_app(_test_config)
    yield harness
    with harness.app_context():
        _db.engine.dispose()


def _drop_everything() -> None:
    """Start from an empty schema (a PostgreSQL test database may hold a previous run's tables)."""
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            _db.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _app_context(_harness_app):
    with _harness_app.app_context():
        yield
        _db.session.rollback()
        _db.session.remove()
        _empty_tables()
        invalidate_graph()  # emptying the tables is a change like any other: cached graphs must go
        _db.session.commit()


def _empty_tables() -> None:
    """Every table but the cache version counters, which must only ever grow."""
    tables = [table for table in reversed(_db.metadata.sorted_tables) if table.name != "cache_versions"]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- factories ---------------------------------------------------------------------------------------------

@pytest.fixture
def make_unit(db) -> Callable[..., OrgUnit]:
    from lms.people import services

    counter = iter(range(1, 10_000))

    def factory(name: str = "Dinas Uji", kind: str = "opd", parent: OrgUnit | None = None,
                code: str | None = None) -> OrgUnit:
        unit = services.create_unit(None, code=code or f"U{next(counter)}", name=name, kind=kind, parent=parent)
        db.session.commit()
        return unit

    return factory


@pytest.fixture
def make_position(db, make_unit) -> Callable[..., Position]:
    counter = iter(range(1, 10_000))

    def factory(name: str = "Pengadministrasi Umum", kind: str = "pelaksana", grade: str | None = None,
                unit: OrgUnit | None = None, code: str | None = None) -> Position:
        position = Position(code=code or f"P{next(counter)}", name=name, kind=kind, grade=grade,
                            unit=unit or make_unit())
        db.session.add(position)
        invalidate_graph()
        db.session.commit()
        return position

    return factory


@pytest.fixture
def make_employee(db, make_position) -> Callable[..., Employee]:
    counter = iter(range(1, 1000))

    def factory(name: str = "Budi Santoso", position: Position | None = None, supervisor=None,
                nip: str | None = None, employment_type: str = "pns", rank_code: str = "III/a",
                **extra) -> Employee:
        position = position or make_position()
        employee = Employee(nip=nip or make_nip(sequence=next(counter)), name=name,
                            employment_type=employment_type, rank_code=rank_code, position=position,
                            unit=extra.pop("unit", position.unit), supervisor=supervisor, **extra)
        db.session.add(employee)
        db.session.commit()
        return employee

    return factory


@functools.cache
def _quick_hash(password: str) -> str:
    """Test users' hashes: one salted PBKDF2 round, computed once per password. scrypt, which the app uses (and
    its own account and password tests exercise), would cost about 50 ms per user and per log-in."""
    return generate_password_hash(password, method="pbkdf2:sha256:1")


@pytest.fixture
def make_user(db, make_employee) -> Callable[..., User]:
    def factory(*roles: str, employee: Employee | None = None, email: str | None = None,
                with_employee: bool = True, password: str = PASSWORD) -> User:
        if employee is None and with_employee:
            employee = make_employee()
        user = User(email=email, employee=employee, password_hash=_quick_hash(password),
                    role_rows=[UserRole(role=role) for role in roles or ("employee",)])
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login(client) -> Callable[..., object]:
    def do_login(user: User, password: str = PASSWORD):
        response = client.post("/masuk", data={"identifier": user.login_name, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture
def count_queries(app):
    """``with count_queries() as queries: ...`` counts the SQL statements the app (client requests) runs."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements: list[str] = []

        def before_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        with app.app_context():
            engine = _db.engine
        event.listen(engine, "before_cursor_execute", before_execute)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before_execute)

    return counting
