from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db, utcnow

UNIT_KINDS = ("pemkot", "opd", "sekretariat", "bagian", "bidang", "subbagian", "seksi", "upt")
POSITION_KINDS = (
    "jpt",
    "administrator",
    "pengawas",
    "fungsional_keahlian",
    "fungsional_keterampilan",
    "pelaksana",
)
# PPPK Paruh Waktu (part-time PPPK, KepmenPANRB 16/2025) are PPPK with the same numbers, ranks and JP rule, counted
# apart in reports (data/reference/pppk.md).
EMPLOYMENT_TYPE_LABELS = {"pns": "PNS", "pppk": "PPPK", "pppk_pw": "PPPK Paruh Waktu"}
EMPLOYMENT_TYPES = tuple(EMPLOYMENT_TYPE_LABELS)
PPPK_TYPES = ("pppk", "pppk_pw")


class SoftDeleted:
    """Units and positions that history still names (an appraisal's snapshot, a retired holder, a cycle's scope)
    are not deleted but marked: ``deleted_at`` hides them from lists, pickers and new assignments, and HR can
    restore them (lms.people.services). Rows nothing refers to are deleted for good."""

    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # use_alter: users refer to employees, which refer to units and positions; the constraint is added last.
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL", use_alter=True))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

def full_name(name: str, front_title: str, back_title: str) -> str:
    """Name with academic titles as written on official documents: "Dr. Budi Santoso, S.E., M.M." (for rows
    read without loading the employee)."""
    text = f"{front_title} {name}".strip() if front_title else name
    return f"{text}, {back_title}" if back_title else text


position_career_paths = Table(
    "position_career_paths",
    db.metadata,
    Column("position_id", ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True),
    Column("next_position_id", ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True),
)


class OrgUnit(SoftDeleted, db.Model):
    """A node of the organisation tree. ``path`` ("/1/4/9/") makes sub-tree filters one indexed LIKE."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), default="", index=True)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", order_by="OrgUnit.name")

    __table_args__ = (CheckConstraint(f"kind IN {UNIT_KINDS!r}", name="kind"),)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code}>"


class Position(SoftDeleted, db.Model):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    grade: Mapped[str | None] = mapped_column(String(30))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)

    unit: Mapped[OrgUnit] = relationship()
    leads_to: Mapped[list[Position]] = relationship(
        secondary=position_career_paths,
        primaryjoin=lambda: Position.id == position_career_paths.c.position_id,
        # a deleted position is no career step; its paths stay for when it is restored
        secondaryjoin=lambda: (Position.id == position_career_paths.c.next_position_id)
        & Position.deleted_at.is_(None),
        order_by=lambda: Position.name,
    )

    __table_args__ = (CheckConstraint(f"kind IN {POSITION_KINDS!r}", name="kind"),)

    def __repr__(self) -> str:
        return f"<Position {self.code}>"


class Employee(db.Model):
    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    front_title: Mapped[str] = mapped_column(String(40), default="")
    back_title: Mapped[str] = mapped_column(String(80), default="")
    employment_type: Mapped[str] = mapped_column(String(10), index=True)
    rank_code: Mapped[str] = mapped_column(String(6), index=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    position: Mapped[Position] = relationship()
    unit: Mapped[OrgUnit] = relationship()
    supervisor: Mapped[Employee | None] = relationship(remote_side=[id])

    __table_args__ = (
        CheckConstraint(f"employment_type IN {EMPLOYMENT_TYPES!r}", name="employment_type"),
        CheckConstraint("gender IN ('L', 'P')", name="gender"),
        Index("ix_employees_name_id", "name", "id"),  # the employee list is sorted by name
    )

    @property
    def full_name(self) -> str:
        return full_name(self.name, self.front_title, self.back_title)

    def __repr__(self) -> str:
        return f"<Employee {self.id}>"  # not the NIP: reprs end up in log lines
