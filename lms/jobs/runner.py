"""Running a job: the same function in a worker thread of the app (no broker) and in a Celery worker.

:func:`run` needs an app context of its own. It claims the job (queued -> running, the next attempt), so a job
started twice (a retried start, a message delivered twice) runs once. While the task runs, a heartbeat thread
renews the job's lease every quarter of ``JOBS_LEASE_SECONDS``, so a job whose worker was killed (no heartbeat)
shows as stopped once its lease ends, and may be run again. Everything the run writes to the job's row, its
result included, is conditional on the job still being this attempt's (:func:`lms.jobs.tasks.owned_update`).
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, g
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import Update

from lms.domain import DomainError
from lms.extensions import db, utcnow
from lms.jobs.models import Job, JobStatus
from lms.jobs.tasks import JobContext, JobResult, LeaseLost, get_task, lease_end, owned_update

logger = logging.getLogger(__name__)

_executor_lock = threading.Lock()


def run(job_id: int) -> None:
    """Execute a queued job and store its result, or the reason it failed."""
    job = _claim(job_id)
    if job is None:
        return
    name, attempt = job.name, job.attempts
    g.background_job = job_id  # the database limits of a job, not a request's (lms.db_limits)
    heartbeat = Heartbeat(db.engine, job_id, attempt, current_app.config["JOBS_LEASE_SECONDS"])
    heartbeat.start()
    try:
        context = JobContext(job)
        result = get_task(name)(context, **job.params)
        if db.session.execute(_finish(job_id, attempt, result, context.unwritten_progress)).rowcount != 1:
            raise LeaseLost(f"job {job_id}: attempt {attempt} no longer owns it")
        db.session.commit()
    except LeaseLost:
        db.session.rollback()
        logger.warning("job %s (%s) attempt %s was run again meanwhile: its work is discarded", job_id, name,
                       attempt)
        return
    except Exception as error:  # whatever the task raises, the job must end as failed with a reason
        db.session.rollback()
        _fail(job_id, attempt, name, error)
        return
    except BaseException:  # the worker is stopping (SystemExit, KeyboardInterrupt): the job stops with it
        db.session.rollback()
        _abandon(job_id, attempt, name)
        raise
    finally:
        heartbeat.stop()
        g.pop("background_job", None)
    logger.info("job %s (%s) done", job_id, name)


def _claim(job_id: int) -> Job | None:
    now = utcnow()
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1, started_at=now, finished_at=None,
                lease_expires_at=lease_end(now))
    ).rowcount == 1
    db.session.commit()
    if not claimed:
        logger.warning("job %s is not queued (gone, or started already): not run", job_id)
        return None
    job = db.session.get(Job, job_id)
    logger.info("job %s (%s) running, attempt %s", job_id, job.name, job.attempts)
    return job


def _finish(job_id: int, attempt: int, result: JobResult | None, progress: dict[str, Any]) -> Update:
    """The job's row once done, with the last ``progress`` the task could not write while it ran (SQLite)."""
    values: dict[str, Any] = {"status": JobStatus.DONE, "finished_at": utcnow(), "lease_expires_at": None,
                              **progress}
    if result is not None:
        if result.filename:
            values.update(result=result.data, result_filename=result.filename, result_mimetype=result.mimetype)
        values["result_url"] = result.url
    return owned_update(job_id, attempt, **values)


def _fail(job_id: int, attempt: int, name: str, error: Exception) -> None:
    """Record the reason (called while handling ``error``, after the rollback of the task's work)."""
    if isinstance(error, DomainError):
        reason = error.message
        logger.info("job %s (%s) refused: the reason is on the job, for its owner", job_id, name)
    else:
        reason = _("Tugas gagal karena kesalahan tak terduga (%(kind)s). Tim teknis telah dicatat; coba lagi "
                   "nanti.", kind=type(error).__name__)
        logger.exception("job %s (%s) failed", job_id, name)
    db.session.execute(owned_update(job_id, attempt, status=JobStatus.FAILED, error=reason, finished_at=utcnow(),
                                    lease_expires_at=None))
    db.session.commit()


def _abandon(job_id: int, attempt: int, name: str) -> None:
    """End the lease at once, so that the job shows as stopped now rather than when the lease would have ended."""
    logger.warning("job %s (%s) interrupted: it stops with its worker", job_id, name)
    try:
        db.session.execute(owned_update(job_id, attempt, lease_expires_at=utcnow()))
        db.session.commit()
    except Exception:  # the database may be what is going away; the lease then ends by itself
        db.session.rollback()
        logger.exception("job %s: its lease could not be ended", job_id)


class Heartbeat:
    """A thread renewing a running job's lease, on connections of its own, until :meth:`stop`.

    A beat that fails (the database busy or away) is logged and the next one tries again; a beat that finds the
    job no longer this attempt's ends the thread. On SQLite a beat waits while the task holds the write lock,
    so there a task should not keep it for longer than the lease.
    """

    def __init__(self, engine: Engine, job_id: int, attempt: int, lease_seconds: float):
        self.engine, self.job_id, self.attempt, self.lease_seconds = engine, job_id, attempt, lease_seconds
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._stopped.wait(self.lease_seconds / 4):
            try:
                renewed = self.renew()
            except Exception:
                logger.warning("job %s: lease not renewed", self.job_id, exc_info=True)
                continue
            if not renewed:
                return

    def renew(self) -> bool:
        """Push the lease's end ``lease_seconds`` on; False if the job is no longer this attempt's run."""
        with self.engine.begin() as connection:
            return connection.execute(
                update(Job).where(Job.id == self.job_id, Job.attempts == self.attempt,
                                  Job.status == JobStatus.RUNNING)
                .values(lease_expires_at=utcnow() + timedelta(seconds=self.lease_seconds))).rowcount == 1


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
