"""Jobs whose worker died: the lease a running job's worker renews, the stopped state ("terhenti") its owner and
HR see once the lease has ended, the retry, and tasks that are safe to run again (no second certificate, no
employee imported twice). A killed worker is simulated in two ways: the task raises SystemExit mid-way (the
runner gives up the lease at once), or the worker leaves the job running and its lease runs out."""

import threading
import time
from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select, update

from courses.certificates import tasks as certificate_tasks
from courses.certificates.services import issue_certificates
from courses.models import Certificate, CertificateCounter
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.extensions import db as _db
from lms.extensions import utcnow
from lms.imports import store
from lms.imports.models import Upload
from lms.jobs import runner, services
from lms.jobs.models import Job, JobStatus
from lms.jobs.tasks import JobContext, JobResult, task
from lms.notifications.models import Notification
from lms.people.models import Employee
from lms.roster import tasks as roster_tasks
from lms.roster.columns import UPLOAD_KIND
from lms.roster.preview import preview_roster
from tests import roster_helpers
from tests.helpers import page_text
from tests.roster_helpers import NIP_A, NIP_B, NIP_HEAD, a_team, csv_bytes

org = roster_helpers.org  # the fixture, found by pytest in this module

gate = threading.Event()
takeover = {"at": ""}  # where the zombie task finds its job taken over: "result" or "checkpoint"


@task("test.recovery.wait")
def _waiting_task(context: JobContext) -> JobResult:
    gate.wait(timeout=10)
    return JobResult(b"ok", "hasil.txt", "text/plain")


@task("test.recovery.zombie")
def _zombie_task(context: JobContext) -> JobResult:
    """Its job is run again meanwhile (its worker had been taken for dead); it writes, and would commit."""
    with _db.engine.begin() as connection:  # the retry and the new worker's claim, elsewhere
        connection.execute(update(Job).where(Job.id == context.job_id).values(attempts=Job.attempts + 1))
    _db.session.add(Notification(user_id=context.actor.id, message="Ditulis oleh proses lama"))
    _db.session.flush()
    if takeover["at"] == "checkpoint":
        context.checkpoint()
    return JobResult(b"lama", "lama.txt", "text/plain")


@pytest.fixture(autouse=True)
def _open_gate():
    gate.clear()
    yield
    gate.set()
    _wait_until_no_job_runs()


def _wait_until_no_job_runs(seconds: float = 15.0) -> None:
    """Before the tables are emptied under them (the rows of jobs no worker runs are left as they are)."""
    deadline = time.monotonic() + seconds
    while any(thread.name.endswith("-heartbeat") for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "a job is still running"
        time.sleep(0.02)


def _queued(user, name: str, label: str = "Tugas uji", **params) -> Job:
    """A queued job that no worker has been told of (as if its message were still on its way)."""
    job = Job(name=name, label=label, params=params, status=JobStatus.QUEUED, created_by_id=user.id,
              lease_expires_at=utcnow() + timedelta(hours=1))
    _db.session.add(job)
    _db.session.commit()
    return job


def _reload(job_id: int) -> Job:
    _db.session.rollback()
    return _db.session.get(Job, job_id)


def _wait_for(job_id: int, *statuses: str, seconds: float = 20.0) -> Job:
    deadline = time.monotonic() + seconds
    while True:
        job = _reload(job_id)
        if job.status in statuses:
            return job
        assert time.monotonic() < deadline, f"job {job_id} is still {job.status}"
        time.sleep(0.02)


def _let_the_lease_run_out(job_id: int) -> None:
    """What time does to the lease of a job whose worker died (the heartbeat stopped with it)."""
    _db.session.execute(update(Job).where(Job.id == job_id).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
    _db.session.commit()


# --- the lease ---------------------------------------------------------------------------------------------

def test_a_running_jobs_worker_renews_its_lease_until_the_job_ends(app, make_user, monkeypatch):
    monkeypatch.setitem(current_app.config, "JOBS_LEASE_SECONDS", 1.0)  # a beat every quarter of a second
    job = services.submit(make_user(), "test.recovery.wait", {}, "Menunggu")
    _db.session.commit()
    first = _wait_for(job.id, "running").lease_expires_at
    deadline = time.monotonic() + 10
    while (job := _reload(job.id)).lease_expires_at <= first + timedelta(seconds=0.5):
        assert time.monotonic() < deadline, "the lease was not renewed"
        time.sleep(0.05)
    assert job.status == "running" and job.state == "running"
    gate.set()
    done = _wait_for(job.id, "done")
    assert done.lease_expires_at is None and done.state == "done"


def test_a_job_whose_lease_ran_out_is_stopped_for_its_owner_and_hr(client, login, make_user):
    owner, other, hr = make_user("hr"), make_user(), make_user("hr")
    running = _queued(owner, "test.recovery.wait", label="Laporan JP tahunan")
    _db.session.execute(update(Job).where(Job.id == running.id).values(status=JobStatus.RUNNING, attempts=1,
                                                                         started_at=utcnow()))
    _db.session.commit()
    never_started = _queued(owner, "test.recovery.wait", label="Laporan yang tidak pernah dimulai")
    alive = _queued(owner, "test.recovery.wait", label="Laporan yang masih menunggu")
    for job in (running, never_started):
        _let_the_lease_run_out(job.id)

    login(owner)
    listing = page_text(client.get("/tugas/"))
    assert "Laporan JP tahunan Terhenti" in listing and "Laporan yang tidak pernah dimulai Terhenti" in listing
    assert "Laporan yang masih menunggu Menunggu" in listing
    detail = page_text(client.get(f"/tugas/{running.id}"))
    assert "Tugas terhenti." in detail and "Coba lagi" in detail
    assert "job_progress.js" not in client.get(f"/tugas/{running.id}").get_data(as_text=True)
    state = client.get(f"/tugas/{running.id}/status").get_json()
    assert (state["status"], state["status_label"]) == ("stopped", "Terhenti")
    client.post("/keluar")

    login(other)  # an employee sees neither the job nor HR's list, and may not retry it
    assert client.get("/tugas/terhenti").status_code == 403
    assert client.post(f"/tugas/{running.id}/ulang").status_code == 403
    client.post("/keluar")

    login(hr)  # HR sees every stopped job, with who submitted it, and runs it again (as its owner)
    stopped = client.get("/tugas/terhenti")
    text = page_text(stopped)
    assert "Laporan JP tahunan" in text and "Laporan yang tidak pernah dimulai" in text
    assert "Laporan yang masih menunggu" not in text and owner.display_name in text
    assert f'action="/tugas/{running.id}/ulang"' in stopped.get_data(as_text=True)
    assert client.get(f"/tugas/{running.id}").status_code == 403  # the job's page and file stay its owner's
    response = client.post(f"/tugas/{running.id}/ulang")
    assert response.status_code == 302 and response.location == "/tugas/terhenti"
    gate.set()
    done = _wait_for(running.id, "done")
    assert done.attempts == 2 and done.created_by_id == owner.id
    with pytest.raises(DomainError, match="Anda tidak berhak mengulang tugas ini"):
        services.retry(hr, alive)  # HR may retry another's job only once it has stopped


def test_a_job_still_holding_its_lease_is_not_run_a_second_time(make_user):
    owner = make_user()
    job = _queued(owner, "test.recovery.wait")
    _db.session.execute(update(Job).where(Job.id == job.id).values(status=JobStatus.RUNNING, attempts=1,
                                                                     lease_expires_at=utcnow() + timedelta(minutes=2)))
    _db.session.commit()
    with pytest.raises(DomainError, match="Hanya tugas yang gagal atau terhenti yang dapat diulang"):
        services.retry(owner, _reload(job.id))


@pytest.mark.parametrize("at", ["result", "checkpoint"])
def test_a_run_taken_for_dead_commits_nothing_once_the_job_was_run_again(make_user, at):
    takeover["at"] = at
    job = _queued(make_user(), "test.recovery.zombie")
    runner.run(job.id)
    job = _reload(job.id)
    assert job.status == "running" and job.attempts == 2 and job.result is None  # the new run's, untouched
    assert _db.session.scalar(select(func.count()).select_from(Notification)) == 0


# --- tasks run again: certificates -------------------------------------------------------------------------

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


def test_certificate_rendering_killed_mid_way_resumes_on_retry_without_a_second_certificate(
        client, login, closed_class, monkeypatch):
    trainer, workshop = closed_class
    monkeypatch.setattr(certificate_tasks, "BATCH", 2)
    rendered: list[int] = []
    real_render = certificate_tasks.render_certificate_pdfs

    def render(certificates):
        if len(rendered) == 1 and not rendered_once_more:
            raise SystemExit(1)  # the worker is stopped while it lays out the second batch
        rendered.append(len(certificates))
        return real_render(certificates)

    rendered_once_more = False
    monkeypatch.setattr(certificate_tasks, "render_certificate_pdfs", render)
    job = _queued(trainer, certificate_tasks.RENDER_TASK, label="Berkas PDF sertifikat", workshop_id=workshop.id)
    with pytest.raises(SystemExit):
        runner.run(job.id)

    job = _reload(job.id)
    assert job.status == "running" and job.is_stopped and job.attempts == 1  # stopped at once, not in minutes
    with_pdf = select(func.count()).select_from(Certificate).where(Certificate.pdf.is_not(None))
    assert _db.session.scalar(with_pdf) == 2  # the first batch was committed; the second was lost

    rendered_once_more = True
    login(trainer)
    assert "Tugas terhenti." in page_text(client.get(f"/tugas/{job.id}"))
    response = client.post(f"/tugas/{job.id}/ulang")
    assert response.status_code == 302 and response.location == f"/tugas/{job.id}"
    job = _wait_for(job.id, "done", "failed")
    assert job.status == "done", job.error
    assert job.attempts == 2 and job.result_url == f"/pengajar/kelas/{workshop.id}/penutupan"
    assert rendered == [2, 2, 1]  # the retry rendered the three that were left, nothing twice

    certificates = _db.session.scalars(select(Certificate).order_by(Certificate.sequence)).all()
    assert len(certificates) == 5 and len({c.enrolment_id for c in certificates}) == 5
    assert [c.sequence for c in certificates] == [1, 2, 3, 4, 5]
    assert _db.session.get(CertificateCounter, 2026).last == 5
    assert all(c.pdf is not None for c in certificates)


# --- tasks run again: the roster import --------------------------------------------------------------------

def test_a_roster_import_whose_worker_died_imports_everyone_once_on_retry(client, login, org, make_user,
                                                                        monkeypatch):
    hr, colleague = make_user("hr"), make_user("hr")
    stored = store.store_upload(hr, "pegawai.csv", csv_bytes(a_team()), UPLOAD_KIND)
    _db.session.commit()
    fingerprint = preview_roster(stored.filename, stored.content).fingerprint
    employees_before = _db.session.scalar(select(func.count()).select_from(Employee))
    real_apply = roster_tasks.apply_roster

    def apply_then_die(*args, **kwargs):
        real_apply(*args, **kwargs)  # every row written in the job's transaction, not committed
        raise SystemExit(1)

    monkeypatch.setattr(roster_tasks, "apply_roster", apply_then_die)
    monkeypatch.setattr(runner, "_abandon", lambda *args: None)  # killed: nothing of the worker runs after this
    job = _queued(hr, roster_tasks.TASK_NAME, label="Impor pegawai: pegawai.csv", token=stored.token,
                  valid_only=False, fingerprint=fingerprint)
    with pytest.raises(SystemExit):
        runner.run(job.id)
    monkeypatch.setattr(roster_tasks, "apply_roster", real_apply)

    job = _reload(job.id)
    assert job.status == "running" and not job.is_stopped  # its lease still runs: it may yet be alive
    assert _db.session.scalar(select(func.count()).select_from(Employee)) == employees_before
    with pytest.raises(DomainError):
        services.retry(hr, job)

    _let_the_lease_run_out(job.id)
    login(colleague)  # another HR officer finds it among the stopped jobs and runs it again
    assert "Impor pegawai: pegawai.csv" in page_text(client.get("/tugas/terhenti"))
    assert client.post(f"/tugas/{job.id}/ulang").status_code == 302
    job = _wait_for(job.id, "done", "failed")
    assert job.status == "done", job.error
    assert job.attempts == 2 and job.result_filename == "laporan-impor-pegawai.csv"

    nips = _db.session.scalars(select(Employee.nip).where(Employee.nip.in_([NIP_A, NIP_B, NIP_HEAD]))).all()
    assert sorted(nips) == sorted([NIP_A, NIP_B, NIP_HEAD])
    assert _db.session.scalar(select(func.count()).select_from(Employee)) == employees_before + 3
    assert _db.session.scalar(select(func.count()).select_from(Upload)) == 0
    imports = _db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "roster_import")).all()
    assert [entry.actor_id for entry in imports] == [hr.id]  # once, as the HR officer who confirmed it
    assert "Tidak ada tugas yang terhenti." in page_text(client.get("/tugas/terhenti"))
