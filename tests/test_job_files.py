"""Result files of background jobs (reports, an import's row-by-row outcome: names and NIPs) are kept
LMS_JOB_FILES_DAYS after the job finished, then deleted; the job's page says so instead of failing."""

import time
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from lms.extensions import db as _db
from lms.extensions import utcnow
from lms.jobs import services
from lms.jobs.models import Job, JobStatus
from lms.jobs.tasks import JobContext, JobResult, task
from tests.helpers import page_text

REPORT = b"NIP;Nama\n199005172015031001;Budi Santoso\n"


@task("test.small_report")
def _small_report(context: JobContext) -> JobResult:
    return JobResult(REPORT, "laporan-baru.csv", "text/csv")


def _done_job(user, days_ago: float, filename: str = "laporan-lama.csv") -> Job:
    finished = utcnow() - timedelta(days=days_ago)
    job = Job(name="test.small_report", label="Laporan kesenjangan", params={}, status=JobStatus.DONE,
              created_by_id=user.id, created_at=finished - timedelta(minutes=1), started_at=finished,
              finished_at=finished, attempts=1, progress_done=1, progress_total=1, result=REPORT,
              result_filename=filename, result_mimetype="text/csv")
    _db.session.add(job)
    _db.session.commit()
    return job


def _stored_file(job_id: int) -> bytes | None:
    _db.session.rollback()
    return _db.session.scalar(select(Job.result).where(Job.id == job_id))


def _wait_until_done(job_id: int) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        _db.session.rollback()
        if _db.session.get(Job, job_id).status == JobStatus.DONE:
            return
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


def test_a_file_past_its_days_is_not_served_and_the_page_says_why(client, make_user, login):
    user = make_user()
    login(user)
    job = _done_job(user, days_ago=14.01)
    page = client.get(f"/tugas/{job.id}")
    assert page.status_code == 200
    text = page_text(page)
    assert "Berkas laporan-lama.csv sudah dihapus" in text and "14 hari setelah selesai" in text
    assert f"/tugas/{job.id}/unduh" not in page.get_data(as_text=True)
    assert client.get(f"/tugas/{job.id}/status").get_json()["download_url"] is None
    download = client.get(f"/tugas/{job.id}/unduh")  # a bookmarked link: back to the page, with the reason
    assert download.status_code == 302 and download.headers["Location"] == f"/tugas/{job.id}"
    assert "Berkas laporan-lama.csv sudah dihapus." in page_text(client.get(download.headers["Location"]))


def test_a_file_within_its_days_is_still_served(client, make_user, login):
    user = make_user()
    login(user)
    job = _done_job(user, days_ago=13.9)
    assert "Unduh laporan-lama.csv" in page_text(client.get(f"/tugas/{job.id}"))
    download = client.get(f"/tugas/{job.id}/unduh")
    assert download.status_code == 200 and download.data == REPORT


def test_submitting_a_job_deletes_the_expired_files_and_keeps_the_rest(client, make_user, login):
    user, other = make_user(), make_user()
    old, recent = _done_job(other, days_ago=20), _done_job(other, days_ago=2)
    login(user)
    new = services.submit(user, "test.small_report", {}, "Laporan baru")
    _db.session.commit()
    _wait_until_done(new.id)
    assert _stored_file(old.id) is None
    assert _stored_file(recent.id) == REPORT and _stored_file(new.id) == REPORT
    kept = _db.session.get(Job, old.id)
    assert kept.status == JobStatus.DONE and kept.result_filename == "laporan-lama.csv"  # the page can say so


def test_the_days_are_a_setting(app, client, make_user, login, monkeypatch):
    for config in (app.config, current_app.config):  # the pages' app, and the tests' own app context
        monkeypatch.setitem(config, "JOB_FILES_DAYS", 3)
    user = make_user()
    login(user)
    job = _done_job(user, days_ago=4)
    assert "3 hari setelah selesai" in page_text(client.get(f"/tugas/{job.id}"))
    assert services.purge_expired_files() == 1


def test_the_command_line_purges_too(runner, make_user):
    user = make_user()
    old, recent = _done_job(user, days_ago=30), _done_job(user, days_ago=1)
    result = runner.invoke(args=["lms", "purge-job-files"])
    assert result.exit_code == 0 and "1 berkas hasil tugas dihapus" in result.output
    assert _stored_file(old.id) is None and _stored_file(recent.id) == REPORT


@pytest.mark.parametrize("status", [JobStatus.FAILED, JobStatus.RUNNING])
def test_only_finished_jobs_lose_their_files(make_user, status):
    user = make_user()
    job = _done_job(user, days_ago=30)
    job.status = status
    _db.session.commit()
    assert services.purge_expired_files() == 0
    assert _stored_file(job.id) == REPORT
