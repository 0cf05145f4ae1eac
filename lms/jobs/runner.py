"""Running a job: the same function in a worker thread of the app (no broker) and in a Celery worker.

:func:`run` needs an app context of its own. It claims the job (queued -> running), so a job started twice
(a retried start, a message delivered twice) runs once.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import update

from lms.domain import DomainError
from lms.extensions import db, utcnow
from lms.jobs.models import Job, JobStatus
from lms.jobs.tasks import JobContext, JobResult, get_task

logger = logging.getLogger(__name__)

_executor_lock = threading.Lock()


def run(job_id: int) -> None:
    """Execute a queued job and store its result, or the reason it failed."""
    job = _claim(job_id)
    if job is None:
        return
    name = job.name
    try:
        result = get_task(name)(JobContext(job), **job.params)
        _finish(job, result)
        db.session.commit()
    except Exception as error:  # whatever the task raises, the job must end as failed with a reason
        db.session.rollback()
        _fail(job_id, name, error)
        return
    logger.info("job %s (%s) done", job_id, name)


def _claim(job_id: int) -> Job | None:
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=utcnow(), finished_at=None)
    ).rowcount == 1
    db.session.commit()
    if not claimed:
        logger.warning("job %s is not queued (gone, or started already): not run", job_id)
        return None
    job = db.session.get(Job, job_id)
    logger.info("job %s (%s) running, attempt %s", job_id, job.name, job.attempts)
    return job


def _finish(job: Job, result: JobResult | None) -> None:
    job.status, job.finished_at = JobStatus.DONE, utcnow()
    if result is not None:
        if result.filename:
            job.result, job.result_filename, job.result_mimetype = result.data, result.filename, result.mimetype
        job.result_url = result.url


def _fail(job_id: int, name: str, error: Exception) -> None:
    """Record the reason (called while handling ``error``, after the rollback of the task's work)."""
    if isinstance(error, DomainError):
        reason = error.message
        logger.info("job %s (%s) failed: %s", job_id, name, reason)
    else:
        reason = _("Tugas gagal karena kesalahan tak terduga (%(kind)s). Tim teknis telah dicatat; coba lagi "
                   "nanti.", kind=type(error).__name__)
        logger.exception("job %s (%s) failed", job_id, name)
    db.session.execute(update(Job).where(Job.id == job_id)
                       .values(status=JobStatus.FAILED, error=reason, finished_at=utcnow()))
    db.session.commit()


# --- in-process runner --------------------------------------------------------------------------------------

def run_in_thread(app: Flask, job_id: int) -> None:
    """Run the job in the app's thread pool (``JOBS_THREADS`` threads, created on first use)."""
    _executor(app).submit(_run_in_app_context, app, job_id)


def _executor(app: Flask) -> ThreadPoolExecutor:
    with _executor_lock:
        executor = app.extensions.get("kompeten_jobs_executor")
        if executor is None:
            executor = ThreadPoolExecutor(max_workers=app.config["JOBS_THREADS"], thread_name_prefix="job")
            app.extensions["kompeten_jobs_executor"] = executor
        return executor


def _run_in_app_context(app: Flask, job_id: int) -> None:
    # A new app context has a session of its own: the job never shares the submitting request's session.
    with app.app_context():
        try:
            run(job_id)
        except Exception:  # only if the database itself failed; there is no caller to tell
            logger.exception("job %s could not be run", job_id)
