"""Demand for a class (permintaan kelas): an employee asks to be told when a class of a course opens.

One active request per employee and course (a partial unique index); a request ends withdrawn by its owner or
fulfilled when HR opens a class of the course that admits them (``workshop_id`` names it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courses.models import Course, Workshop
from lms.extensions import db, one_of, str_enum, utcnow
from lms.people.models import Employee


class DemandStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"
    FULFILLED = "fulfilled"


DEMAND_STATUS_LABELS = {
    DemandStatus.ACTIVE: _l("Menunggu kelas"),
    DemandStatus.WITHDRAWN: _l("Dibatalkan"),
    DemandStatus.FULFILLED: _l("Kelas dibuka"),
}


class CourseDemand(db.Model):
    __tablename__ = "course_demands"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    status: Mapped[DemandStatus] = mapped_column(str_enum(DemandStatus, 20), default=DemandStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)  # withdrawn or fulfilled
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"))

    employee: Mapped[Employee] = relationship()
    course: Mapped[Course] = relationship()
    workshop: Mapped[Workshop | None] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("status", DemandStatus), name="status"),
        Index("uq_course_demands_active_employee_course", "employee_id", "course_id", unique=True,
              postgresql_where=text("status = 'active'"), sqlite_where=text("status = 'active'")),
        Index("ix_course_demands_employee_status", "employee_id", "status"),
    )

    def __repr__(self) -> str:
        return f"<CourseDemand {self.employee_id}/{self.course_id} {self.status}>"
