"""Reads of the objection pages: the queue of the objections a user decides (PP 30/2019 Pasal 59: the atasan
pejabat penilai; BKPSDM where the objection names nobody) and how many of them wait."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, false, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from competencies.appraisals.models import Appraisal, Objection, ObjectionStatus
from lms.extensions import db


def _decided_by(user: Any):
    """The condition: ``user`` is the objection's designated decider."""
    conditions = []
    if user.employee_id is not None:
        conditions.append(Objection.decider_id == user.employee_id)
    if user.has_role("hr", "admin"):
        conditions.append(Objection.decider_id.is_(None))
    return or_(*conditions) if conditions else false()


def queue_query(user: Any) -> Select:
    """The objections ``user`` decides, with the employee, the position snapshot and the cycle: pending ones
    first (oldest filed first), then the decided ones (latest decision first)."""
    return (select(Objection).join(Objection.appraisal).join(Appraisal.cycle)
            .where(_decided_by(user))
            .options(contains_eager(Objection.appraisal).contains_eager(Appraisal.cycle),
                     contains_eager(Objection.appraisal).joinedload(Appraisal.employee),
                     contains_eager(Objection.appraisal).joinedload(Appraisal.position),
                     contains_eager(Objection.appraisal).joinedload(Appraisal.supervisor))
            .order_by(case((Objection.status == ObjectionStatus.PENDING, 0), else_=1),
                      case((Objection.status == ObjectionStatus.PENDING, Objection.filed_at), else_=None),
                      Objection.resolved_at.desc(), Objection.id))


def pending_count(user: Any) -> int:
    """How many objections wait for ``user``'s decision."""
    return db.session.scalar(select(func.count()).select_from(Objection)
                             .where(_decided_by(user), Objection.status == ObjectionStatus.PENDING)) or 0


def objection_for_page(objection_id: int) -> Objection | None:
    """An objection with its appraisal's snapshot (employee, position, unit, supervisor), cycle and decider."""
    return db.session.scalar(select(Objection).where(Objection.id == objection_id).options(
        joinedload(Objection.decider),
        joinedload(Objection.appraisal).options(
            joinedload(Appraisal.employee), joinedload(Appraisal.position), joinedload(Appraisal.unit),
            joinedload(Appraisal.supervisor), joinedload(Appraisal.cycle))))

