"""Statement and lock timeouts (PostgreSQL): a request stuck behind another connection's lock is cancelled by the
database within its timeout and answered with a "try again" page (503), with nothing of it kept; background jobs
and the command line get their own limits (none by default). Skipped on SQLite: set LMS_TEST_DATABASE_URL."""

import time
from datetime import date, timedelta
from datetime import time as clock

import pytest
from flask import current_app, g
from sqlalchemy import func, select, text

from courses.catalogue import services as catalogue
from courses.models import Enrolment
from tests.helpers import page_text

TODAY = date.today()

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL: set LMS_TEST_DATABASE_URL")


@pytest.fixture
def open_workshop(db, make_user):
    hr = make_user("hr", with_employee=False, email="sdm@example.go.id")
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    course = catalogue.create_course(hr, code="PP-01", title="Pelayanan Prima", hours_jp=24, modality="pelatihan",
                                     status="published")
    workshop = catalogue.create_workshop(hr, course, trainers=[trainer], batch="Angkatan I", capacity=10,
                                         enrol_opens_on=TODAY, enrol_closes_on=TODAY + timedelta(days=7))
    catalogue.add_session(hr, workshop, TODAY + timedelta(days=14), clock(8), clock(16))
    catalogue.set_workshop_status(hr, workshop, "open")
    db.session.commit()
    return workshop


def _enrolments(db) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Enrolment))


@pytest.mark.parametrize(("statement_timeout", "lock_timeout"), [(10, 1), (1, 0)],
                         ids=["lock timeout", "statement timeout"])
def test_a_request_behind_a_table_lock_gets_a_try_again_page_within_the_timeout(
        app, db, client, login, make_user, open_workshop, monkeypatch, statement_timeout, lock_timeout):
    monkeypatch.setitem(app.config, "REQUEST_STATEMENT_TIMEOUT", statement_timeout)
    monkeypatch.setitem(app.config, "REQUEST_LOCK_TIMEOUT", lock_timeout)
    login(make_user())
    with db.engine.connect() as other:  # e.g. a migration or a long maintenance statement
        # Without limits the request would wait for this lock forever: the server ends it after 10 s instead.
        other.execute(text("SET idle_in_transaction_session_timeout = '10s'"))
        other.execute(text("LOCK TABLE audit_entries IN ACCESS EXCLUSIVE MODE"))
        started = time.monotonic()
        # The enrolment is written first; its audit entry then waits for the lock.
        response = client.post(f"/katalog/kelas/{open_workshop.id}/daftar")
        waited = time.monotonic() - started
        other.invalidate()  # its session may have been ended by the server
    assert response.status_code == 503
    assert 0.9 < waited < 5
    assert response.headers["Retry-After"] == "30"
    text_ = page_text(response)
    assert "Server sedang sibuk" in text_ and "Tidak ada yang disimpan. Tunggu sebentar, lalu coba lagi." in text_
    assert _enrolments(db) == 0  # rolled back

    again = client.post(f"/katalog/kelas/{open_workshop.id}/daftar")  # the lock is gone: the same request works
    assert again.status_code == 302
    assert _enrolments(db) == 1


def _limits_in_effect(db) -> tuple[str, str]:
    db.session.rollback()  # the limits are set when a transaction begins
    values = db.session.execute(text("SELECT current_setting('statement_timeout'), "
                                     "current_setting('lock_timeout')")).one()
    db.session.rollback()
    return tuple(values)


def test_requests_jobs_and_the_command_line_have_their_own_limits(db, monkeypatch):
    monkeypatch.setitem(current_app.config, "JOBS_LOCK_TIMEOUT", 120)
    assert _limits_in_effect(db) == ("0", "0")  # the command line (and this test): none
    with current_app.test_request_context("/"):
        assert _limits_in_effect(db) == ("15s", "5s")
    g.background_job = 1  # what the job runner sets
    try:
        assert _limits_in_effect(db) == ("0", "2min")
    finally:
        g.pop("background_job")
    assert _limits_in_effect(db) == ("0", "0")  # a limit ends with its transaction
