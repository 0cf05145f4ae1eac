"""The task registry, and what a task function receives and returns.

A task is a plain function registered under a name::

    @task("gap_report")
    def gap_report(context: JobContext, unit_id: int) -> JobResult:
        ...
        context.progress(done, total, _("Menghitung %(unit)s", unit=name))
        return JobResult(pdf_bytes, "kesenjangan.pdf", "application/pdf")

It runs in an app context of its own (a worker thread or a Celery worker), never in the request that submitted
it, with the keyword parameters given to :func:`lms.jobs.services.submit` (JSON values). Register tasks in a
module that the app imports when it is created (the package's views import it), so that a Celery worker,
which runs ``create_app()``, knows them too.

The rule for tasks: the run is one transaction, committed by the runner together with the result, and rolled
back whole if the task raises (or its worker dies). :meth:`JobContext.progress` writes in a short transaction of
its own and never commits the task's work. So a task is either read-only (reports) or makes its writes in that
one transaction; anything it does outside the database (mail, files) must be safe to repeat, because a failed or
stopped job may be run again with the same parameters. A task whose work is a series of steps, each complete in
itself and recognisable as done (a certificate with its PDF), may commit after each with
:meth:`JobContext.checkpoint`: a rerun then finds what is done and does the rest.

A run is fenced by its attempt number: once a job has been run again (its lease had ended, so its worker was
taken for dead), nothing of the earlier run is committed any more, neither progress nor a checkpoint nor its
result (:class:`LeaseLost`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Update

from lms.auth.models import User
from lms.extensions import db, utcnow
from lms.jobs.models import Job, JobStatus


class LeaseLost(Exception):
    """This run of the job no longer owns it: its lease ended and the job was run again (or its row is gone)."""


@dataclass(frozen=True)
class JobResult:
    """What a job produced: a file offered for download, and/or the path of a page that shows it (e.g. the
    appraisal cycle a job opened)."""

    data: bytes = b""
    filename: str = ""
    mimetype: str = ""
    url: str = ""


TaskFunction = Callable[..., JobResult | None]
_registry: dict[str, TaskFunction] = {}


def task(name: str) -> Callable[[TaskFunction], TaskFunction]:
    """Register ``fn(context, **params) -> JobResult | None`` as the task ``name``."""

    def register(fn: TaskFunction) -> TaskFunction:
        existing = _registry.get(name)
        if existing is not None and _qualified_name(existing) != _qualified_name(fn):
            raise ValueError(f"the task name {name!r} is taken by {_qualified_name(existing)}")
        _registry[name] = fn
        return fn

    return register


def _qualified_name(fn: TaskFunction) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def is_registered(name: str) -> bool:
    return name in _registry


def get_task(name: str) -> TaskFunction:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"no task is registered as {name!r}") from None


class JobContext:
    """What a running task knows of its job: who asked for it, and where to report progress."""

    def __init__(self, job: Job):
        self.job_id = job.id
        self.attempt = job.attempts
        self._actor_id = job.created_by_id
        # Progress that could not be written while the task ran (SQLite); the runner writes it with the result.
        self.unwritten_progress: dict[str, Any] = {}

    @cached_property
    def actor(self) -> User | None:
        """The user who submitted the job (None if the account has been deleted since)."""
        return db.session.get(User, self._actor_id) if self._actor_id is not None else None

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Record that ``done`` of ``total`` steps are finished (renewing the lease); the job's page shows it at
        once."""
        values = {"progress_done": max(0, done), "progress_total": max(0, total), "progress_message": message[:500]}
        if _holds_sqlite_write_lock(db.session()):
            # SQLite has one writer: a second connection would wait for this very transaction. The job's
            # page shows the last progress it could record until the task ends, and then this one.
            self.unwritten_progress = values
            return
        self.unwritten_progress = {}
        with db.engine.begin() as connection:
            connection.execute(self.owned(**values))

    def checkpoint(self) -> None:
        """Commit the task's work so far (and renew the lease in the same transaction). Only for a task whose
        steps are each complete and which a rerun skips when done; raises :class:`LeaseLost`, with nothing
        committed, if this run no longer owns the job."""
        if db.session.execute(self.owned()).rowcount != 1:
            db.session.rollback()
            raise LeaseLost(f"job {self.job_id}: attempt {self.attempt} no longer owns it")
        db.session.commit()

    def owned(self, **values: Any) -> Update:
        """An UPDATE of the job's row, with a renewed lease, that changes nothing once this run does not own it."""
        return owned_update(self.job_id, self.attempt, **values)


def lease_end(now: datetime | None = None) -> datetime:
    """When a lease renewed now ends (``JOBS_LEASE_SECONDS``)."""
    return (now or utcnow()) + timedelta(seconds=current_app.config["JOBS_LEASE_SECONDS"])


def owned_update(job_id: int, attempt: int, **values: Any) -> Update:
    """UPDATE the job's row while attempt ``attempt`` runs it, renewing the lease unless ``values`` set it."""
    values.setdefault("lease_expires_at", lease_end())
    return (update(Job).where(Job.id == job_id, Job.attempts == attempt, Job.status == JobStatus.RUNNING)
            .values(**values).execution_options(synchronize_session=False))


def _holds_sqlite_write_lock(session: Session) -> bool:
    """Whether the task's own transaction has written to a SQLite database (pysqlite opens the database
    transaction at the first write only)."""
    if not session.in_transaction() or session.get_bind().dialect.name != "sqlite":
        return False
    return session.connection().connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
