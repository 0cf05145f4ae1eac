"""Submitting and retrying jobs. Like every service these only flush; the job starts when the caller's
transaction commits (an ``after_commit`` hook), so a worker never looks for a row it cannot see yet, and a
rolled-back submission starts nothing. A view does::

    job = jobs.submit(current_user, "gap_report", {"unit_id": unit.id}, label)
    db.session.commit()
    return redirect(url_for("jobs.job_detail", job_id=job.id))

Where a job runs: with ``BROKER_URL`` set, a message to the Celery workers; otherwise a thread of this app
process (``JOBS_THREADS``). In-process jobs end with the process: that runner is meant for one-server setups.

A job that was killed with its worker, or never started (a lost message, a restarted process), is *stopped* once
its lease ends (:mod:`lms.jobs.models`): its owner, an admin or HR may run it again like a failed one.
"""

import logging
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import and_, event, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from lms.auth.models import User
from lms.domain import DomainError
from lms.extensions import db, utcnow
from lms.jobs.celery import RUN_JOB, celery_app
from lms.jobs.models import ACTIVE_JOB_STATUSES, Job, JobStatus, files_expire_before
from lms.jobs.runner import run_in_thread
from lms.jobs.tasks import is_registered

logger = logging.getLogger(__name__)

_TO_START = "jobs_to_start"  # key of Session.info: ids of the jobs to start after commit


def can_access(user: Any, job: Job) -> bool:
    """A job (its progress, result and retry) belongs to whoever submitted it; admins see every job."""
    return job.created_by_id == user.id or user.has_role("admin")


def can_retry(user: Any, job: Job) -> bool:
    """Its owner and admins; HR too once it has stopped (HR sees every stopped job: :func:`stopped_jobs`)."""
    return can_access(user, job) or (user.has_role("hr") and job.is_stopped)


def stopped_jobs() -> Select:
    """Jobs whose lease has ended while queued or running, most recently stopped first."""
    return (select(Job).where(Job.status.in_(ACTIVE_JOB_STATUSES), _lease_ended())
            .options(selectinload(Job.created_by)).order_by(Job.lease_expires_at.desc().nulls_last(), Job.id.desc()))


RECENT_FAILURE_DAYS = 7  # what "failed lately" means on the home page and the job list's filter


def failed_lately(user_id: int):
    """The user's jobs that failed within the last :data:`RECENT_FAILURE_DAYS` days, newest first."""
    return (select(Job).where(Job.created_by_id == user_id, Job.status == JobStatus.FAILED,
                              Job.created_at >= utcnow() - timedelta(days=RECENT_FAILURE_DAYS))
            .order_by(Job.created_at.desc(), Job.id.desc()))


def _lease_ended():
    return or_(Job.lease_expires_at.is_(None), Job.lease_expires_at <= utcnow())


def _start_lease():
    """When a queued job must have started (``JOBS_START_SECONDS``), or it is stopped."""
    return utcnow() + timedelta(seconds=current_app.config["JOBS_START_SECONDS"])


def submit(actor: User, name: str, params: dict[str, Any], label: str) -> Job:
    """Queue the task ``name`` with keyword parameters ``params`` (JSON values); it starts after commit."""
    if not is_registered(name):
        raise LookupError(f"no task is registered as {name!r}")
    job = Job(name=name, label=label[:300], params=params, status=JobStatus.QUEUED, created_by_id=actor.id,
              lease_expires_at=_start_lease())
    db.session.add(job)
    db.session.flush()
    purge_expired_files()
    _start_after_commit(job.id)
    logger.info("job %s (%s) submitted by user %s", job.id, name, actor.id)
    return job


def purge_expired_files() -> int:
    """Delete the result files of the jobs that finished more than ``JOB_FILES_DAYS`` ago (their names stay, so
    their pages say the file has expired); return how many. Run whenever a job is submitted, which needs no cron,
    and by ``lms purge-job-files``."""
    purged = db.session.execute(
        update(Job).where(Job.status == JobStatus.DONE, Job.finished_at <= files_expire_before(),
                          Job.result.is_not(None))
        .values(result=None).execution_options(synchronize_session=False)).rowcount
    if purged:
        logger.info("result files of %s jobs deleted (older than %s days)", purged,
                    current_app.config["JOB_FILES_DAYS"])
    return purged


def retry(actor: User, job: Job) -> Job:
    """Queue a failed or stopped job again with the same parameters; it starts after commit. The task runs again
    from the start (what a stopped run committed stays: tasks are written to be run again, see
    :mod:`lms.jobs.tasks`), as its owner, whoever asked for the retry."""
    if not can_retry(actor, job):
        raise DomainError(_("Anda tidak berhak mengulang tugas ini."))
    retryable = or_(Job.status == JobStatus.FAILED, and_(Job.status.in_(ACTIVE_JOB_STATUSES), _lease_ended()))
    requeued = db.session.execute(
        update(Job).where(Job.id == job.id, retryable)
        .values(status=JobStatus.QUEUED, error="", progress_done=0, progress_total=0, progress_message="",
                started_at=None, finished_at=None, lease_expires_at=_start_lease())
        .execution_options(synchronize_session="fetch")
    ).rowcount == 1
    if not requeued:
        raise DomainError(_("Hanya tugas yang gagal atau terhenti yang dapat diulang."))
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
                           .values(status=JobStatus.FAILED, error=reason, finished_at=utcnow(),
                                   lease_expires_at=None))
