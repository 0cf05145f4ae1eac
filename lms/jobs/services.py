"""Submitting and retrying jobs. Like every service these only flush; the job starts when the caller's
transaction commits (an ``after_commit`` hook), so a worker never looks for a row it cannot see yet, and a
rolled-back submission starts nothing. A view does::

    job = jobs.submit(current_user, "gap_report", {"unit_id": unit.id}, label)
    db.session.commit()
    return redirect(url_for("jobs.job_detail", job_id=job.id))

Where a job runs: with ``BROKER_URL`` set, a message to the Celery workers; otherwise a thread of this app
process (``JOBS_THREADS``). In-process jobs end with the process: that runner is meant for one-server setups.
"""

import logging
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from lms.auth.models import User
from lms.domain import DomainError
from lms.extensions import db, utcnow
from lms.jobs.celery import RUN_JOB, celery_app
from lms.jobs.models import Job, JobStatus
from lms.jobs.runner import run_in_thread
from lms.jobs.tasks import is_registered

logger = logging.getLogger(__name__)

_TO_START = "jobs_to_start"  # key of Session.info: ids of the jobs to start after commit


def can_access(user: Any, job: Job) -> bool:
    """A job (its progress, result and retry) belongs to whoever submitted it; admins see every job."""
    return job.created_by_id == user.id or user.has_role("admin")


def submit(actor: User, name: str, params: dict[str, Any], label: str) -> Job:
    """Queue the task ``name`` with keyword parameters ``params`` (JSON values); it starts after commit."""
    if not is_registered(name):
        raise LookupError(f"no task is registered as {name!r}")
    job = Job(name=name, label=label[:300], params=params, status=JobStatus.QUEUED, created_by_id=actor.id)
    db.session.add(job)
    db.session.flush()
    _start_after_commit(job.id)
    logger.info("job %s (%s) submitted by user %s", job.id, name, actor.id)
    return job


def retry(actor: User, job: Job) -> Job:
    """Queue a failed job again with the same parameters; it starts after commit."""
    if not can_access(actor, job):
        raise DomainError(_("Anda tidak berhak mengulang tugas ini."))
    requeued = db.session.execute(
        update(Job).where(Job.id == job.id, Job.status == JobStatus.FAILED)
        .values(status=JobStatus.QUEUED, error="", progress_done=0, progress_total=0, progress_message="",
                started_at=None, finished_at=None)
    ).rowcount == 1
    if not requeued:
        raise DomainError(_("Hanya tugas yang gagal yang dapat diulang."))
    _start_after_commit(job.id)
    logger.info("job %s (%s) retried by user %s", job.id, job.name, actor.id)
    return job


# --- starting after commit ---------------------------------------------------------------------------------

def _start_after_commit(job_id: int) -> None:
    db.session.info.setdefault(_TO_START, []).append(job_id)


@event.listens_for(Session, "after_commit")
def _start_committed_jobs(session: Session) -> None:
    job_ids = session.info.pop(_TO_START, None)
    if job_ids:
        _start(current_app._get_current_object(), job_ids)  # type: ignore[attr-defined]


@event.listens_for(Session, "after_rollback")
def _forget_jobs(session: Session) -> None:
    session.info.pop(_TO_START, None)


def _start(app: Flask, job_ids: list[int]) -> None:
    if not app.config.get("BROKER_URL"):
        for job_id in job_ids:
            run_in_thread(app, job_id)
        return
    celery = celery_app(app)
    for job_id in job_ids:
        try:
            celery.send_task(RUN_JOB, args=[job_id])
        except Exception as error:  # the broker is down: say so on the job rather than leave it queued forever
            logger.exception("job %s could not be sent to the broker", job_id)
            _mark_unsent(job_id, error)


def _mark_unsent(job_id: int, error: Exception) -> None:
    # The committed session cannot run SQL inside after_commit: a short transaction of its own.
    reason = _("Antrean tugas latar belakang tidak dapat dihubungi (%(kind)s). Coba lagi nanti.",
               kind=type(error).__name__)
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
                           .values(status=JobStatus.FAILED, error=reason, finished_at=utcnow()))
