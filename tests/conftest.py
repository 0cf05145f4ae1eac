"""Fixtures: one migrated database per test session (SQLite, or PostgreSQL when LMS_TEST_DATABASE_URL is
set), emptied after every test so that no test depends on another's data.

Two app objects share that database: ``app`` serves the test client and the CLI runner, and a second one
holds the application context the test body runs in. So a request never sees the test's session or ``g``,
as with a real server; factories commit what they create.
"""

import os
import tempfile
from collections.abc import Callable

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from kompeten.app import create_app, use_city_time_zone
from kompeten.config import DefaultConfig
from lms.auth.models import User
from lms.cache import invalidate_graph
from lms.extensions import db as _db
from tests.helpers import PASSWORD

pytest_plugins = ["tests.factories"]  # the factories, as fixtures

# The app runs on the city's clock (kompeten.app.use_city_time_zone); so do the dates test modules compute when
# they are imported, before any app exists.
use_city_time_zone(DefaultConfig.BABEL_DEFAULT_TIMEZONE)



def _database_url(tmp_dir: str) -> str:
    return os.environ.get("LMS_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.sqlite3"


@pytest.fixture(scope="session")
def _test_config():
    with tempfile.TemporaryDirectory() as tmp_dir:
        yield {
            "TESTING": True,
            "SECRET_KEY": "test-secret-of-the-suite-never-used-in-production",
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
