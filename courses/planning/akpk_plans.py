"""The year's development plan (rencana pengembangan kompetensi, PP 11/2017 Pasal 205: one year, funded in the
annual budget): the AKPK of a scope saved as it stood, one plan per plan year and scope (saving again replaces it).

The lines keep the text of the sheet (names, positions, units, proposals), so the plan reads as it was saved
whatever changes later in the organisation or the catalogue.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courses.planning.akpk import AgencyTotal, Akpk, need_row, sheet_totals
from lms.auth.models import User
from lms.extensions import db, utcnow
from lms.people.models import OrgUnit


class AkpkPlan(db.Model):
    __tablename__ = "akpk_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="CASCADE"))  # None: the city
    scope: Mapped[str] = mapped_column(String(250))  # the unit's name (or the city) when saved
    people: Mapped[int] = mapped_column(Integer)  # active employees in scope
    cost_per_jp: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    saved_by: Mapped[User | None] = relationship()
    lines: Mapped[list[AkpkPlanLine]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                     passive_deletes=True, order_by="AkpkPlanLine.number")


class AkpkPlanLine(db.Model):
    """A row of the AKPK sheet, as saved."""

    __tablename__ = "akpk_plan_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("akpk_plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    nip: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(250))
    unit: Mapped[str] = mapped_column(String(250))
    agency: Mapped[str] = mapped_column(String(250))
    competency_type: Mapped[str] = mapped_column(String(40))
    competency: Mapped[str] = mapped_column(String(250))
    standard: Mapped[int | None] = mapped_column(Integer)
    current: Mapped[int | None] = mapped_column(Integer)
    gap: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    proposal: Mapped[str] = mapped_column(String(300))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    siasn_kind: Mapped[str] = mapped_column(String(200))
    jp: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[int | None] = mapped_column(BigInteger)

    plan: Mapped[AkpkPlan] = relationship(back_populates="lines")

    def row(self) -> tuple:
        """The line as :func:`courses.planning.akpk.need_row` writes it."""
        return (self.nip, self.name, self.position, self.unit, self.agency, self.competency_type, self.competency,
                self.standard, self.current, self.gap, self.reason, self.proposal, self.siasn_kind, self.jp, self.cost)


COLUMNS = ("nip", "name", "position", "unit", "agency", "competency_type", "competency", "standard", "current", "gap",
           "reason", "proposal", "siasn_kind", "jp", "cost")


def _same_scope(year: int, unit: OrgUnit | None):
    return (AkpkPlan.year == year,
            AkpkPlan.unit_id.is_(None) if unit is None else AkpkPlan.unit_id == unit.id)


def saved_plan(year: int, unit: OrgUnit | None) -> AkpkPlan | None:
    return db.session.scalar(select(AkpkPlan).where(*_same_scope(year, unit)))


def save_plan(actor: User, unit: OrgUnit | None, result: Akpk) -> AkpkPlan:
    """Save the AKPK as the year's plan of the scope, in place of the one saved before."""
    db.session.execute(delete(AkpkPlan).where(*_same_scope(result.year, unit)))
    plan = AkpkPlan(year=result.year, unit_id=unit.id if unit else None,
                    scope=unit.name if unit else _("Seluruh kota"), people=result.people,
                    cost_per_jp=result.cost_per_jp, saved_by_id=actor.id)
    plan.lines = [AkpkPlanLine(number=number, employee_id=need.person.id,
                               course_id=need.course.id if need.course else None,
                               **dict(zip(COLUMNS, need_row(need), strict=True)))
                  for number, need in enumerate(result.needs, start=1)]
    db.session.add(plan)
    db.session.commit()
    return plan


def plan_totals(plan: AkpkPlan) -> list[AgencyTotal]:
    return sheet_totals([line.row() for line in plan.lines], plan.cost_per_jp)
