"""Background jobs: one row per submitted run of a task, which is also where its progress and result live.

A queued or running job holds a lease (``lease_expires_at``): the worker running it renews it while the task runs
(:mod:`lms.jobs.runner`), and a queued job must have started before it ends. A job whose lease has ended is
*stopped* (terhenti): its worker died (a killed process, a lost message), it will not end by itself, and its
owner or HR may run it again. Stopped is not stored: it is read from the lease, so it needs no sweeper.

A done job's result file expires ``JOB_FILES_DAYS`` after the job finished (reports and import outcomes hold
personal data): from then on it is not served, whether or not it has been deleted yet, and the job's page says so.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lms.extensions import db, one_of, str_enum, utcnow

if TYPE_CHECKING:
    from lms.auth.models import User


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


JOB_STATUS_LABELS = {
    JobStatus.QUEUED: _l("Menunggu"),
    JobStatus.RUNNING: _l("Berjalan"),
    JobStatus.DONE: _l("Selesai"),
    JobStatus.FAILED: _l("Gagal"),
}
JOB_STATUSES = tuple(JobStatus)
ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
# What the pages show of a job: its status, or this when it is active but its lease has ended.
STOPPED = "stopped"
JOB_STATE_LABELS: dict[str, Any] = {**JOB_STATUS_LABELS, STOPPED: _l("Terhenti")}


def files_expire_before() -> datetime:
    """Result files of jobs that finished before this moment have expired (``JOB_FILES_DAYS``)."""
    return utcnow() - timedelta(days=current_app.config["JOB_FILES_DAYS"])


class Job(db.Model):
    """A task run for a user. The result (a file) is stored here too: there is no other result backend, so
    whichever app server answers the download finds it."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(300))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus, 10), default=JobStatus.QUEUED)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    progress_message: Mapped[str] = mapped_column(String(500), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    result_filename: Mapped[str] = mapped_column(String(255), default="")
    result_mimetype: Mapped[str] = mapped_column(String(100), default="")
    result_url: Mapped[str] = mapped_column(String(500), default="")  # a page showing what the job made
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Until when a queued job may wait to start, or a running job's worker is known to be alive (see above).
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __table_args__ = (
        CheckConstraint(one_of("status", JobStatus), name="status"),
        CheckConstraint("progress_done >= 0 AND progress_total >= 0", name="progress"),
        Index("ix_jobs_created_by_created_at", "created_by_id", "created_at"),
        Index("ix_jobs_status_lease_expires_at", "status", "lease_expires_at"),
    )

    @property
    def is_stopped(self) -> bool:
        """Queued or running, but its lease has ended: no worker will finish it (a job from before leases too)."""
        return self.status in ACTIVE_JOB_STATUSES and (self.lease_expires_at is None
                                                       or self.lease_expires_at <= utcnow())

    @property
    def is_active(self) -> bool:
        """Queued or running, with a worker that is alive (or will pick it up)."""
        return self.status in ACTIVE_JOB_STATUSES and not self.is_stopped

    @property
    def state(self) -> str:
        """The status, or :data:`STOPPED` (what the pages and the status URL show)."""
        return STOPPED if self.is_stopped else str(self.status)

    @property
    def file_expired(self) -> bool:
        """Done with a result file, finished more than ``JOB_FILES_DAYS`` ago: the file is (or is about to be)
        deleted by :func:`lms.jobs.services.purge_expired_files` and is no longer served."""
        return (self.status == JobStatus.DONE and bool(self.result_filename) and self.finished_at is not None
                and self.finished_at <= files_expire_before())

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, 100 * self.progress_done // self.progress_total)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.name} {self.status}>"
