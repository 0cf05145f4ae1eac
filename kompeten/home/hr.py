"""HR's queue: running appraisal cycles (those closing soon marked), classes to approve or close, requests
waiting for a supervisor, external training to verify, imports that went wrong (uploads not confirmed, failed and
stopped jobs), the agencies furthest below JPM and the employees short of the yearly JP target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import case, func, select

from competencies.appraisals.models import AppraisalCycle
from competencies.appraisals.queries import running_cycles
from courses.catalogue.queries import to_close
from courses.models import (
    Enrolment,
    EnrolmentStatus,
    TrainingRecord,
    TrainingRecordStatus,
    TrainingSource,
    Workshop,
    WorkshopStatus,
)
from kompeten.home.units import UnitJpm, lowest_jpm_units
from kompeten.reports.hours_report import below_target_count
from lms.extensions import db, utcnow
from lms.imports.models import Upload
from lms.imports.registry import kind_named
from lms.imports.store import UPLOAD_TTL
from lms.jobs.services import failed_lately, stopped_jobs

CLOSING_SOON_DAYS = 14  # a cycle due within this many days is "closing soon"
UNITS_SHOWN = 5
UPLOADS_SHOWN = 5


@dataclass(frozen=True)
class PendingUpload:
    slug: str
    token: str
    filename: str
    created_at: datetime


@dataclass
class HrQueue:
    cycles: list[tuple[AppraisalCycle, int]]  # running cycles, each with its appraisals still waiting for a form
    closing_soon_by: date
    proposals: int
    to_close: int
    approvals: int
    external: int
    uploads: list[PendingUpload]
    failed_jobs: int
    stopped_jobs: int
    units: list[UnitJpm]
    year: int
    target: int
    below_target: int  # active PNS below the target this year


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def _pending_uploads(user_id: int) -> list[PendingUpload]:
    """The user's uploads still waiting for a confirmation (not the file's bytes)."""
    rows = db.session.execute(
        select(Upload.kind, Upload.token, Upload.filename, Upload.created_at)
        .where(Upload.uploaded_by_id == user_id, Upload.created_at >= utcnow() - UPLOAD_TTL)
        .order_by(Upload.created_at.desc(), Upload.id.desc()).limit(UPLOADS_SHOWN)).all()
    return [PendingUpload(kind.slug, token, filename, created_at)
            for name, token, filename, created_at in rows if (kind := kind_named(name)) is not None]


def hr_queue(user_id: int, today: date) -> HrQueue:
    proposals, closing = db.session.execute(select(
        func.coalesce(func.sum(case((Workshop.status == WorkshopStatus.PROPOSED, 1), else_=0)), 0),
        func.coalesce(func.sum(case((to_close(today), 1), else_=0)), 0))).one()
    approvals = db.session.scalar(select(func.count()).select_from(Enrolment)
                                  .where(Enrolment.status == EnrolmentStatus.AWAITING_APPROVAL)) or 0
    external = db.session.scalar(select(func.count()).select_from(TrainingRecord).where(
        TrainingRecord.source == TrainingSource.EXTERNAL, TrainingRecord.status == TrainingRecordStatus.PENDING,
        TrainingRecord.revoked_at.is_(None))) or 0
    return HrQueue(
        cycles=running_cycles(), closing_soon_by=today + timedelta(days=CLOSING_SOON_DAYS),
        proposals=int(proposals), to_close=int(closing), approvals=approvals, external=external,
        uploads=_pending_uploads(user_id), failed_jobs=_count(failed_lately(user_id)),
        stopped_jobs=_count(stopped_jobs()), units=lowest_jpm_units(UNITS_SHOWN), year=today.year,
        target=current_app.config["TRAINING_HOURS_TARGET_JP"], below_target=below_target_count(today.year, "pns"))
