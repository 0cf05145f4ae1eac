"""Background jobs: progress while they run, the result to download, the reason when they fail, retry, access;
in-process (threads of the app) and through a real Celery worker on Redis."""

import logging
import os
import threading
import time
from collections.abc import Iterator

import pytest
from flask import current_app
from sqlalchemy import func, select

from lms.domain import DomainError
from lms.extensions import db as _db
from lms.jobs import services
from lms.jobs.models import ACTIVE_JOB_STATUSES, Job
from lms.jobs.tasks import JobContext, JobResult, task
from lms.notifications.models import Notification
from tests.helpers import page_text
from tests.test_browser import CHROMIUM, browser, live_url, log_in_with_keyboard, page  # noqa: F401 - fixtures

CSV = b"nip;nama\n199005172015031001;Budi Santoso\n"

# Test-only tasks. With `hold`, the CSV task waits after step 1 and after step 2 until the test opens the gate
# of that step, so that a test sees it running; `broken` is the cause of the flaky task's failure, which a test
# fixes before retrying.
gates = (threading.Event(), threading.Event())
broken = {"flaky": True}


@task("test.csv")
def _csv_task(context: JobContext, rows: int, hold: bool = False) -> JobResult:
    for done in range(1, rows + 1):
        context.progress(done, rows, f"Baris {done}")
        if hold and done <= len(gates):
            gates[done - 1].wait(timeout=10)
    return JobResult(CSV, f"pegawai-{context.actor.id}.csv", "text/csv")


@task("test.incomplete")
def _incomplete_task(context: JobContext) -> None:
    raise DomainError("Data tidak lengkap")


@task("test.flaky")
def _flaky_task(context: JobContext) -> JobResult:
    if broken["flaky"]:
        raise ValueError("kolom kosong")
    return JobResult(b"ok", "hasil.txt", "text/plain")


@task("test.writes")
def _writing_task(context: JobContext, fail: bool) -> None:
    _db.session.add(Notification(user_id=context.actor.id, message="Ditulis oleh tugas"))
    _db.session.flush()
    context.progress(1, 2, "Setengah jalan")
    if fail:
        raise DomainError("Gagal setelah menulis")


@pytest.fixture(autouse=True)
def _reset_test_tasks() -> Iterator[None]:
    for gate in gates:
        gate.clear()
    broken["flaky"] = True
    yield
    _open_gates()  # never leave a job thread waiting
    _wait_until_no_job_is_active()  # before the tables are emptied under it


def _open_gates() -> None:
    for gate in gates:
        gate.set()


def _wait_until_no_job_is_active(seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _db.session.rollback()
        if not _db.session.scalar(select(func.count()).where(Job.status.in_(ACTIVE_JOB_STATUSES))):
            return
        time.sleep(0.02)


def _submit(user, name: str, label: str = "Daftar pegawai (CSV)", **params) -> Job:
    job = services.submit(user, name, params, label)
    _db.session.commit()
    return job


def _wait_for(job_id: int, *statuses: str, seconds: float = 15.0) -> Job:
    deadline = time.monotonic() + seconds
    while True:
        _db.session.rollback()  # a fresh look (and no transaction left open while the job writes)
        job = _db.session.get(Job, job_id)
        if job.status in statuses:
            return job
        assert time.monotonic() < deadline, f"job {job_id} is still {job.status}"
        time.sleep(0.02)


def _wait_for_status(client, job_id: int, condition, seconds: float = 15.0) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = client.get(f"/tugas/{job_id}/status").get_json()
        if condition(state):
            return state
        assert time.monotonic() < deadline, f"job {job_id}: {state}"
        time.sleep(0.02)


# --- in-process --------------------------------------------------------------------------------------------

def test_a_job_shows_its_progress_while_it_runs_and_then_offers_its_file(client, make_user, login):
    user = make_user()
    login(user)
    job = _submit(user, "test.csv", rows=3, hold=True)
    try:
        running = _wait_for_status(client, job.id, lambda state: state["done"] == 1)
        assert running == {"status": "running", "status_label": "Berjalan", "done": 1, "total": 3, "percent": 33,
                           "message": "Baris 1", "error": None, "download_url": None, "result_url": None}
        page = client.get(f"/tugas/{job.id}")
        html = page.get_data(as_text=True)
        assert 'role="progressbar"' in html and 'aria-valuenow="33"' in html and "job_progress.js" in html
        assert "1 / 3 · Baris 1" in page_text(page)
    finally:
        _open_gates()

    done = _wait_for_status(client, job.id, lambda state: state["status"] == "done")
    assert done["percent"] == 100 and done["done"] == 3 and done["message"] == "Baris 3"
    assert done["download_url"] == f"/tugas/{job.id}/unduh"
    download = client.get(done["download_url"])
    assert download.status_code == 200 and download.data == CSV
    assert download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"] == f"attachment; filename=pegawai-{user.id}.csv"
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    page = client.get(f"/tugas/{job.id}")
    assert f"Unduh pegawai-{user.id}.csv" in page_text(page)
    assert "job_progress.js" not in page.get_data(as_text=True)
    job = _wait_for(job.id, "done")
    assert job.attempts == 1 and job.started_at and job.finished_at and job.error == ""
    listing = page_text(client.get("/tugas/"))
    assert "Daftar pegawai (CSV) Selesai" in listing


def test_a_domain_error_is_the_reason_shown_to_the_user(client, make_user, login):
    user = make_user()
    login(user)
    job = _submit(user, "test.incomplete", label="Laporan kesenjangan kompetensi – Dinas Uji (PDF)")
    state = _wait_for_status(client, job.id, lambda state: state["status"] == "failed")
    assert state["error"] == "Data tidak lengkap" and state["download_url"] is None
    text = page_text(client.get(f"/tugas/{job.id}"))
    assert "Gagal" in text and "Tugas gagal. Data tidak lengkap" in text and "Coba lagi" in text
    assert client.get(f"/tugas/{job.id}/unduh").status_code == 404


def test_an_unexpected_error_is_logged_and_a_retry_after_the_fix_succeeds(client, make_user, login, caplog):
    user = make_user()
    login(user)
    with caplog.at_level(logging.ERROR, logger="lms.jobs.runner"):
        job = _submit(user, "test.flaky", label="Rekap")
        failed = _wait_for(job.id, "failed")
    assert "kesalahan tak terduga (ValueError)" in failed.error
    assert "kolom kosong" not in failed.error  # the details are for the log, not the user
    record = next(record for record in caplog.records if record.message == f"job {job.id} (test.flaky) failed")
    assert record.exc_info[0] is ValueError

    broken["flaky"] = False
    response = client.post(f"/tugas/{job.id}/ulang")
    assert response.status_code == 302 and response.location == f"/tugas/{job.id}"
    job = _wait_for(job.id, "done")
    assert job.attempts == 2 and job.error == "" and job.result == b"ok"
    assert client.get(f"/tugas/{job.id}/unduh").data == b"ok"


def test_only_a_failed_job_can_be_retried(client, make_user, login):
    user = make_user()
    login(user)
    job = _submit(user, "test.csv", rows=1)
    _wait_for(job.id, "done")
    response = client.post(f"/tugas/{job.id}/ulang", follow_redirects=True)
    assert "Hanya tugas yang gagal atau terhenti yang dapat diulang." in page_text(response)
    assert _wait_for(job.id, "done").attempts == 1


def test_a_job_belongs_to_its_submitter_and_the_admins(client, make_user, login):
    owner, other, admin = make_user(), make_user(), make_user("admin")
    job = _wait_for(_submit(owner, "test.incomplete").id, "failed")
    urls = [f"/tugas/{job.id}", f"/tugas/{job.id}/status", f"/tugas/{job.id}/unduh"]

    for url in urls:
        assert client.get(url).status_code == 302 and "/masuk" in client.get(url).location
    login(other)
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    assert client.post(f"/tugas/{job.id}/ulang").status_code == 403
    assert "Daftar pegawai" not in page_text(client.get("/tugas/"))
    client.post("/keluar")
    login(admin)
    assert [client.get(url).status_code for url in urls] == [200, 200, 404]  # 404: a failed job has no file
    assert client.get("/tugas/999999").status_code == 404
    with pytest.raises(DomainError):
        services.retry(other, job)


def test_a_failed_task_leaves_none_of_its_writes_behind(make_user):
    user = make_user()
    failed = _wait_for(_submit(user, "test.writes", fail=True).id, "failed")
    assert failed.error == "Gagal setelah menulis"
    assert _db.session.scalar(select(func.count()).select_from(Notification)) == 0

    _wait_for(_submit(user, "test.writes", fail=False).id, "done")
    assert _db.session.scalars(select(Notification.message)).all() == ["Ditulis oleh tugas"]


def test_a_job_starts_only_when_its_submission_commits(make_user, caplog):
    user = make_user()
    with caplog.at_level(logging.INFO, logger="lms.jobs"):
        services.submit(user, "test.csv", {"rows": 1}, "Dibatalkan")
        _db.session.rollback()
        job = _wait_for(_submit(user, "test.csv", rows=1).id, "done")
    assert _db.session.scalar(select(func.count()).select_from(Job)) == 1
    assert [record.message for record in caplog.records if "running" in record.message or "not run" in record.message] \
        == [f"job {job.id} (test.csv) running, attempt 1"]
    with pytest.raises(LookupError):
        services.submit(user, "test.unknown", {}, "Tidak ada")


def test_the_job_list_is_the_users_own_newest_first(client, make_user, login):
    user, other = make_user(), make_user()
    for label in ("Pertama", "Kedua"):
        _wait_for(_submit(user, "test.incomplete", label=label).id, "failed")
    _wait_for(_submit(other, "test.incomplete", label="Milik orang lain").id, "failed")
    login(user)
    text = page_text(client.get("/tugas/"))
    assert text.index("Kedua") < text.index("Pertama") and "Milik orang lain" not in text


# --- Celery with Redis -------------------------------------------------------------------------------------

def _redis_url() -> str:
    return os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def broker(app, monkeypatch) -> Iterator[str]:
    """Both app objects publish to the test Redis database; each gets its Celery app anew."""
    import redis

    url = _redis_url()
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1) as connection:
            connection.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {url} (set LMS_TEST_REDIS_URL): {error}")
    flask_apps = (app, current_app._get_current_object())
    for flask_app in flask_apps:
        monkeypatch.setitem(flask_app.config, "BROKER_URL", url)
        # A queue of this test run's own: CI runs the suite on SQLite and PostgreSQL at once on one Redis.
        monkeypatch.setitem(flask_app.config, "JOBS_QUEUE", f"kompeten-test-{os.getpid()}")
    yield url
    for flask_app in flask_apps:
        if celery := flask_app.extensions.pop("kompeten_celery", None):
            celery.close()


@pytest.fixture
def celery_worker(broker) -> Iterator[None]:
    """A real worker, in a thread of this process (so it uses the test database), for the test body's app."""
    from celery.contrib.testing.worker import start_worker

    from lms.jobs.celery import celery_app

    celery = celery_app(current_app._get_current_object())
    celery.conf.worker_hijack_root_logger = False
    celery.control.purge()  # nothing left over from an interrupted run
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield


def test_a_celery_worker_runs_the_jobs(client, make_user, login, celery_worker):
    user = make_user()
    login(user)
    job = _submit(user, "test.csv", rows=3, hold=True)
    try:
        running = _wait_for_status(client, job.id, lambda state: state["done"] == 1)
        assert running["status"] == "running" and running["message"] == "Baris 1"
    finally:
        _open_gates()
    done = _wait_for_status(client, job.id, lambda state: state["status"] == "done")
    assert client.get(done["download_url"]).data == CSV

    failing = _submit(user, "test.incomplete")
    state = _wait_for_status(client, failing.id, lambda state: state["status"] == "failed")
    assert state["error"] == "Data tidak lengkap"
    assert "Data tidak lengkap" in page_text(client.get(f"/tugas/{failing.id}"))


def test_a_retry_goes_through_the_broker_too(client, make_user, login, celery_worker):
    user = make_user()
    login(user)
    job = _wait_for(_submit(user, "test.flaky").id, "failed")
    broken["flaky"] = False
    client.post(f"/tugas/{job.id}/ulang")
    assert _wait_for(job.id, "done").attempts == 2


def test_a_job_that_cannot_reach_the_broker_fails_with_a_reason(make_user, monkeypatch, caplog):
    monkeypatch.setitem(current_app.config, "BROKER_URL", "redis://127.0.0.1:9/0")  # nothing listens there
    try:
        with caplog.at_level(logging.ERROR, logger="lms.jobs.services"):
            job = _submit(make_user(), "test.csv", rows=1)
    finally:
        current_app.extensions.pop("kompeten_celery").close()
    job = _wait_for(job.id, "failed")
    assert job.error.startswith("Antrean tugas latar belakang tidak dapat dihubungi")
    assert f"job {job.id} could not be sent to the broker" in caplog.messages


# --- the progress page in a browser ------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_page_follows_the_progress_and_offers_the_download_when_done(page, make_user):  # noqa: F811
    user = make_user()
    job = _submit(user, "test.csv", rows=3, hold=True)
    try:
        log_in_with_keyboard(page, user.employee.nip)
        page.goto(f"/tugas/{job.id}")
        bar = page.get_by_role("progressbar", name="Kemajuan tugas")
        page.wait_for_selector("[role=progressbar][aria-valuenow='33']")  # (the page's CSP forbids eval)
        page.evaluate("window.notReloaded = true")
        gates[0].set()
        page.wait_for_selector("[role=progressbar][aria-valuenow='66']")  # (the page's CSP forbids eval)
        assert page.inner_text("#job-progress-message") == "2 / 3 · Baris 2"
        assert bar.inner_text() == "66%" and page.inner_text("#job-status-badge") == "Berjalan"
        assert page.evaluate("window.notReloaded") is True  # moved without reloading
    finally:
        _open_gates()
    download = page.get_by_role("link", name=f"Unduh pegawai-{user.id}.csv")
    download.wait_for()  # the page reloaded itself once the job was done
    assert page.inner_text("#job-status-badge") == "Selesai"
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == f"pegawai-{user.id}.csv"
