"""Jobs whose worker is killed for real: each task runs in a worker process of its own (forked, with an app and
database connections of its own, on the test database), which stops at a point inside the task and gets SIGKILL
there, as the operating system or an operator would kill it. Nothing of the worker runs after that: its lease is
not ended, its transaction is not rolled back by it. The job then shows as stopped once its lease has run out
(HR's /tugas/terhenti), is run again through the retry button, and its work is there exactly once: no second
certificate, appraisal or employee, a complete report file.

tests/test_job_recovery.py covers the rest of the lease (renewal, fencing of a run taken for dead, the stop of an
interrupted run) with workers simulated inside the test process."""

import csv
import io
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import func, select

from competencies.appraisals import cycles
from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalForm
from competencies.appraisals.tasks import job_params
from courses.certificates import tasks as certificate_tasks
from courses.certificates.services import issue_certificates
from courses.models import Certificate, CertificateCounter
from kompeten.app import create_app
from kompeten.reports import tasks as report_tasks
from lms.audit.models import AuditEntry
from lms.auth.models import User
from lms.extensions import db as _db
from lms.extensions import utcnow
from lms.imports import store
from lms.imports.models import Upload
from lms.jobs import runner
from lms.jobs.models import Job, JobStatus
from lms.notifications.models import Notification
from lms.people.models import Employee
from lms.roster import tasks as roster_tasks
from lms.roster.columns import UPLOAD_KIND
from lms.roster.preview import preview_roster
from tests import roster_helpers
from tests.factories import DEFAULT_WEIGHTS
from tests.helpers import page_text
from tests.roster_helpers import NIP_A, NIP_B, NIP_HEAD, a_team, csv_bytes

org = roster_helpers.org  # the fixture, found by pytest in this module

LEASE_SECONDS = 0.5  # the killed worker's lease: the job shows as stopped at most this long after the kill
FORK = multiprocessing.get_context("fork")  # the worker shares nothing with the test but the database


@dataclass(frozen=True)
class StopPoint:
    """Where the worker stops to be killed: at the ``call``-th call of ``module.attribute`` (a function the task
    calls), before the call or once it has returned (its writes made, not committed)."""

    module: ModuleType
    attribute: str
    call: int = 1
    after: bool = False


def _worker(config: dict[str, Any], job_id: int, stop: StopPoint, stopped: Any) -> None:
    """The worker process: run the job as a Celery worker does (:func:`lms.jobs.runner.run` in an app of its
    own), stopping at ``stop`` until it is killed."""
    real = getattr(stop.module, stop.attribute)
    calls = []

    def stopping(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) != stop.call:
            return real(*args, **kwargs)
        result = real(*args, **kwargs) if stop.after else None
        stopped.send(True)
        time.sleep(60)  # the test kills the process meanwhile
        return result

    setattr(stop.module, stop.attribute, stopping)
    try:
        app = create_app(config)  # a new engine: the connections of the test's process are never used here
        with app.app_context():
            runner.run(job_id)
    finally:
        stopped.send(False)  # the stop point was never reached: the job ended or failed before it


def _kill_while_running(config: dict[str, Any], job: Job, stop: StopPoint) -> None:
    """Run ``job`` in a worker process and SIGKILL it at ``stop``."""
    stopped, report = FORK.Pipe(duplex=False)
    process = FORK.Process(target=_worker, args=({**config, "JOBS_LEASE_SECONDS": LEASE_SECONDS}, job.id, stop,
                                                 report), daemon=True)
    process.start()
    try:
        assert stopped.poll(30) and stopped.recv(), "the worker did not reach its stop point"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)
    assert process.exitcode == -signal.SIGKILL


@pytest.fixture
def kill_while_running(_test_config) -> Callable[[Job, StopPoint], None]:
    return lambda job, stop: _kill_while_running(_test_config, job, stop)


@pytest.fixture(autouse=True)
def _no_job_left_running():
    yield
    deadline = time.monotonic() + 15  # the retried job's thread, before the tables are emptied under it
    while any(thread.name.endswith("-heartbeat") for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "a job is still running"
        time.sleep(0.02)


def _queued(user, task: str, label: str, params: dict[str, Any]) -> Job:
    """A queued job whose message is on its way to a worker (the worker process of the test)."""
    job = Job(name=task, label=label, params=params, status=JobStatus.QUEUED, created_by_id=user.id,
              lease_expires_at=utcnow() + timedelta(hours=1))
    _db.session.add(job)
    _db.session.commit()
    return job


def _reload(job_id: int) -> Job:
    _db.session.rollback()
    return _db.session.get(Job, job_id)


def _count(model, *conditions) -> int:
    _db.session.rollback()
    return _db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def _stopped_then_retried(client, login, hr, job_id: int, label: str) -> Job:
    """The killed job: running with its first attempt, stopped once its lease ends, listed for HR, who runs it
    again; the retried job once it has ended."""
    job = _reload(job_id)
    assert job.status == JobStatus.RUNNING and job.attempts == 1
    deadline = time.monotonic() + LEASE_SECONDS + 10
    while not (job := _reload(job_id)).is_stopped:
        assert time.monotonic() < deadline, "the job of the killed worker never showed as stopped"
        time.sleep(0.05)
    login(hr)
    assert "Tugas terhenti (semua pengguna) 1" in page_text(client.get("/"))  # HR's home counts it
    stopped = client.get("/tugas/terhenti")
    assert label in page_text(stopped) and f'action="/tugas/{job_id}/ulang"' in stopped.get_data(as_text=True)
    assert client.post(f"/tugas/{job_id}/ulang").status_code == 302
    deadline = time.monotonic() + 30
    while (job := _reload(job_id)).status not in (JobStatus.DONE, JobStatus.FAILED):
        assert time.monotonic() < deadline, f"the retried job is still {job.status}"
        time.sleep(0.05)
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts == 2
    assert "Tidak ada tugas yang terhenti." in page_text(client.get("/tugas/terhenti"))
    return job


@pytest.fixture
def closed_class(db, make_user, make_employee, make_course, make_workshop, make_enrolment):
    """A closed class of five whose certificates are issued, their PDFs left to the job (a large class)."""
    trainer = make_user("trainer", employee=make_employee("Sari Widyaiswara"))
    workshop = make_workshop(course=make_course(title="Manajemen Kearsipan Digital"), trainers=[trainer],
                             status="completed", first_day=date(2026, 11, 2))
    enrolments = [make_enrolment(workshop, make_employee(f"Peserta {index}"), status="completed")
                  for index in range(1, 6)]
    issue_certificates(trainer, enrolments, date(2026, 11, 28), render=False)
    db.session.commit()
    return trainer, workshop


def test_closing_a_class_killed_between_certificate_batches_renders_the_rest_once(
        client, login, make_user, closed_class, kill_while_running, monkeypatch):
    trainer, workshop = closed_class
    monkeypatch.setattr(certificate_tasks, "BATCH", 2)  # the worker inherits it
    job = _queued(trainer, certificate_tasks.RENDER_TASK, "Berkas PDF sertifikat", {"workshop_id": workshop.id})
    kill_while_running(job, StopPoint(certificate_tasks, "render_certificate_pdfs", call=2))
    with_pdf = Certificate.pdf.is_not(None)
    assert _count(Certificate, with_pdf) == 2  # the first batch was committed, the second not yet made
    assert (_reload(job.id).progress_done, _reload(job.id).progress_total) == (2, 5)

    rendered: list[int] = []
    real_render = certificate_tasks.render_certificate_pdfs
    monkeypatch.setattr(certificate_tasks, "render_certificate_pdfs",
                        lambda batch: rendered.append(len(batch)) or real_render(batch))
    job = _stopped_then_retried(client, login, make_user("hr"), job.id, "Berkas PDF sertifikat")
    assert rendered == [2, 1] and job.result_url == f"/pengajar/kelas/{workshop.id}/penutupan"  # the three left
    certificates = _db.session.scalars(select(Certificate).order_by(Certificate.sequence)).all()
    assert [c.sequence for c in certificates] == [1, 2, 3, 4, 5]
    assert len({c.enrolment_id for c in certificates}) == 5 and all(c.pdf is not None for c in certificates)
    assert _db.session.get(CertificateCounter, 2026).last == 5
    assert all(c.pdf.startswith(b"%PDF") and c.pdf.rstrip().endswith(b"%%EOF") for c in certificates)  # whole


def test_a_report_killed_while_its_file_is_written_is_made_whole_on_retry(client, login, make_user, closed_class,
                                                                         kill_while_running):
    hr = make_user("hr")
    job = _queued(hr, "report", "Register sertifikat (CSV)", {
        "kind": "register-sertifikat", "filters": {"date_from": "2026-01-01", "date_to": "2026-12-31"},
        "file_format": "csv"})
    kill_while_running(job, StopPoint(report_tasks, "render"))
    killed = _reload(job.id)
    assert (killed.progress_done, killed.progress_total) == (1, 2) and killed.result is None

    job = _stopped_then_retried(client, login, hr, job.id, "Register sertifikat (CSV)")
    download = client.get(f"/tugas/{job.id}/unduh")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    text = download.get_data(as_text=True)
    holders = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";") if "Peserta" in
               ";".join(row)]
    assert sorted(cell for row in holders for cell in row if cell.startswith("Peserta")) == [
        f"Peserta {index}" for index in range(1, 6)]


def test_a_roster_import_killed_with_its_rows_written_imports_everyone_once_on_retry(
        client, login, org, make_user, kill_while_running):
    hr = make_user("hr")
    stored = store.store_upload(hr, "pegawai.csv", csv_bytes(a_team()), UPLOAD_KIND)
    _db.session.commit()
    fingerprint = preview_roster(stored.filename, stored.content).fingerprint
    employees_before = _count(Employee)
    job = _queued(hr, roster_tasks.TASK_NAME, "Impor pegawai: pegawai.csv",
                  {"token": stored.token, "valid_only": False, "fingerprint": fingerprint})
    kill_while_running(job, StopPoint(roster_tasks, "apply_roster", after=True))
    assert _count(Employee) == employees_before and _count(Upload) == 1  # the killed run's rows went with it

    job = _stopped_then_retried(client, login, hr, job.id, "Impor pegawai: pegawai.csv")
    assert job.result_filename == "laporan-impor-pegawai.csv"
    assert _count(Employee) == employees_before + 3
    assert _count(Employee, Employee.nip.in_([NIP_A, NIP_B, NIP_HEAD])) == 3
    assert _count(Upload) == 0
    assert _count(AuditEntry, AuditEntry.entity_type == "roster_import") == 1


def test_opening_a_cycle_killed_before_its_commit_opens_it_once_on_retry(client, login, make_user, make_world,
                                                                         kill_while_running):
    hr = make_user("hr")
    world = make_world(staff=3)
    head = make_user(employee=world.supervisor)  # rates the staff, and is told so once
    today = date.today()
    values = {"name": "Penilaian Tahunan Uji", "period": "annual", "year": today.year,
              "starts_on": today - timedelta(days=5), "ends_on": today + timedelta(days=30),
              "due_on": today + timedelta(days=10), "objection_days": 14, "weights": dict(DEFAULT_WEIGHTS),
              "unit_ids": []}
    job = _queued(hr, "appraisal.open_cycle", "Membuka periode Penilaian Tahunan Uji", job_params(values))
    kill_while_running(job, StopPoint(cycles, "open_cycle", after=True))
    assert _count(AppraisalCycle) == 0 and _count(Appraisal) == 0

    job = _stopped_then_retried(client, login, hr, job.id, "Membuka periode Penilaian Tahunan Uji")
    cycle = _db.session.scalars(select(AppraisalCycle)).one()
    assert job.result_url == f"/penilaian/siklus/{cycle.id}"
    appraised = _db.session.scalars(select(Appraisal.employee_id)).all()
    assert sorted(appraised) == sorted(_db.session.scalars(select(Employee.id)))  # everyone, once
    assert {world.supervisor.id, *(person.id for person in world.staff)} <= set(appraised)
    assert _count(AppraisalForm, AppraisalForm.rater_kind == "self") == len(appraised)
    raters = set(_db.session.scalars(select(AppraisalForm.rater_id)))
    told = sorted(_db.session.scalars(select(Notification.user_id)))
    assert head.id in told and told == sorted(  # each rater with an account told once
        _db.session.scalars(select(User.id).where(User.employee_id.in_(raters))))
