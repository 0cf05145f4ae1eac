from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db, utcnow
from lms.people.models import Position

COMPETENCY_TYPES = ("teknis", "manajerial", "sosial_kultural")
WEIGHTS = ("critical", "normal")


def level_text(scale: list[str] | tuple[str, ...], level: int) -> str:
    """How a level reads: "3 – Cakap", or just "3" when the label only repeats the number ("3", "Level 3")."""
    label = scale[level - 1] if 1 <= level <= len(scale) else ""
    return str(level) if label in ("", str(level), f"Level {level}") else f"{level} – {label}"


class Framework(db.Model):
    """A competency dictionary (kamus kompetensi) with its proficiency scale.

    ``scale`` lists the level labels in ascending order: level n is ``scale[n - 1]``; level 0 means "no
    evidence yet". A competency counts as proficient from ``proficient_level`` on.
    """

    __tablename__ = "frameworks"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    version: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(250), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    scale: Mapped[list[str]] = mapped_column(JSON)
    default_level: Mapped[int] = mapped_column(Integer, default=1)
    proficient_level: Mapped[int] = mapped_column(Integer)
    # Data kept from other systems (e.g. Moodle's taxonomy) so that an export gives back what was imported.
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    competencies: Mapped[list[Competency]] = relationship(back_populates="framework",
                                                          order_by="Competency.sort_order, Competency.code")

    @property
    def max_level(self) -> int:
        return len(self.scale)

    def __repr__(self) -> str:
        return f"<Framework {self.code}>"


class Competency(db.Model):
    __tablename__ = "competencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(250))
    description: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    type: Mapped[str] = mapped_column(String(20), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Moodle rule type/outcome/config, related ID numbers and a competency's own scale, kept as data.
    extra: Mapped[dict] = mapped_column(JSON, default=dict)

    framework: Mapped[Framework] = relationship(back_populates="competencies")
    parent: Mapped[Competency | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Competency]] = relationship(back_populates="parent",
                                                     order_by="Competency.sort_order, Competency.code")
    levels: Mapped[list[CompetencyLevel]] = relationship(back_populates="competency", order_by="CompetencyLevel.level",
                                                         cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("framework_id", "code", name="uq_competencies_framework_code"),
        CheckConstraint(f"type IN {COMPETENCY_TYPES!r}", name="type"),
    )

    def __repr__(self) -> str:
        return f"<Competency {self.code}>"


class CompetencyLevel(db.Model):
    """What one level of a competency looks like in behaviour."""

    __tablename__ = "competency_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")

    competency: Mapped[Competency] = relationship(back_populates="levels")
    indicators: Mapped[list[Indicator]] = relationship(back_populates="competency_level", order_by="Indicator.position",
                                                       cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("competency_id", "level", name="uq_competency_levels_competency_level"),
        CheckConstraint("level >= 1", name="level_positive"),
    )


def indicator_number(level: int, position: int) -> str:
    """An indicator's number as a kamus kompetensi gives it: its level, a dot, its place in the level ("2.3")."""
    return f"{level}.{position}"


class Indicator(db.Model):
    """A behavioural indicator (indikator perilaku) of one level; ``position`` is its place in the level."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_level_id: Mapped[int] = mapped_column(ForeignKey("competency_levels.id", ondelete="CASCADE"),
                                                     index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    competency_level: Mapped[CompetencyLevel] = relationship(back_populates="indicators")

    @property
    def number(self) -> str:
        return indicator_number(self.competency_level.level, self.position)


class Requirement(db.Model):
    """Standar kompetensi jabatan: a position needs a competency at a level."""

    __tablename__ = "requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    weight: Mapped[str] = mapped_column(String(10), default="normal")

    position: Mapped[Position] = relationship()
    competency: Mapped[Competency] = relationship()

    __table_args__ = (
        UniqueConstraint("position_id", "competency_id", name="uq_requirements_position_competency"),
        CheckConstraint(f"weight IN {WEIGHTS!r}", name="weight"),
        CheckConstraint("level >= 1", name="level_positive"),
    )


class Prerequisite(db.Model):
    """``competency`` can only be developed once ``required`` is held at ``level``."""

    __tablename__ = "prerequisites"

    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True)
    required_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)
    level: Mapped[int] = mapped_column(Integer)

    competency: Mapped[Competency] = relationship(foreign_keys=[competency_id])
    required: Mapped[Competency] = relationship(foreign_keys=[required_id])

    __table_args__ = (
        CheckConstraint("competency_id <> required_id", name="not_self"),
        CheckConstraint("level >= 1", name="level_positive"),
    )


EVIDENCE_SOURCES = ("appraisal", "course", "assessment", "hr_override")
# Sources whose level replaces the current one; a course completion only ever raises it.
SETTING_SOURCES = ("appraisal", "assessment", "hr_override")


class Evidence(db.Model):
    """One entry of an employee's competency record (the ledger): who showed which level, how we know, when.

    Rows are never edited or deleted; an entry issued by a workshop closing that HR reopens is revoked
    (``revoked_at``) and stops counting. ``source_id`` links to what caused it (an enrolment for a course
    completion, an appraisal for a consolidated appraisal result; none for a correction after an objection, which
    its note explains); at most one live entry per source row and competency.
    """

    __tablename__ = "competency_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="RESTRICT"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(Integer)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    competency: Mapped[Competency] = relationship()

    __table_args__ = (
        CheckConstraint(f"source IN {EVIDENCE_SOURCES!r}", name="source"),
        CheckConstraint("level >= 0", name="level_not_negative"),
        Index("ix_competency_evidence_employee_competency", "employee_id", "competency_id", "recorded_at"),
        Index("uq_competency_evidence_live_source", "source", "source_id", "competency_id", unique=True,
              postgresql_where=text("revoked_at IS NULL AND source_id IS NOT NULL"),
              sqlite_where=text("revoked_at IS NULL AND source_id IS NOT NULL")),
    )


class CurrentLevel(db.Model):
    """The level the ledger gives today, per employee and competency: written only by the ledger service
    (``competencies.ledger``) so that reports read it without replaying the ledger."""

    __tablename__ = "current_levels"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True,
                                               index=True)
    level: Mapped[int] = mapped_column(Integer)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("competency_evidence.id", ondelete="CASCADE"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
