"""Appraisal cycles: who rates whom against which competencies, the ratings, the results and objections.

A cycle snapshots, when it opens, each employee's position, unit, supervisor and required competencies
(``AppraisalItem``), so that later changes to the organisation or the standar kompetensi jabatan do not alter a
running cycle.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from competencies.models import Competency
from lms.extensions import db, one_of, str_enum, utcnow
from lms.people.models import Employee, OrgUnit, Position


class RaterKind(StrEnum):
    SELF = "self"
    SUPERVISOR = "supervisor"
    PEER = "peer"
    ASSESSOR = "assessor"


RATER_KINDS = tuple(RaterKind)
RATER_KIND_LABELS = {
    RaterKind.SELF: _l("Diri sendiri"),
    RaterKind.SUPERVISOR: _l("Atasan langsung"),
    RaterKind.PEER: _l("Rekan kerja"),
    RaterKind.ASSESSOR: _l("Asesor"),
}
# Kinds HR assigns by hand; self and supervisor forms are created when the cycle opens.
ASSIGNED_KINDS = (RaterKind.PEER, RaterKind.ASSESSOR)

PERIODS = ("annual", "q1", "q2", "q3", "q4")
PERIOD_LABELS = {
    "annual": _l("Tahunan"),
    "q1": _l("Triwulan I"),
    "q2": _l("Triwulan II"),
    "q3": _l("Triwulan III"),
    "q4": _l("Triwulan IV"),
}


class AppraisalCycleStatus(StrEnum):
    OPEN = "open"
    CONSOLIDATED = "consolidated"
    FINAL = "final"


CYCLE_STATUSES = tuple(AppraisalCycleStatus)
CYCLE_STATUS_LABELS = {
    AppraisalCycleStatus.OPEN: _l("Berjalan"),
    AppraisalCycleStatus.CONSOLIDATED: _l("Dikonsolidasi"),
    AppraisalCycleStatus.FINAL: _l("Final"),
}


class AppraisalStatus(StrEnum):
    """One appraisal per employee and cycle: open -> consolidated -> final -> acknowledged | objected -> resolved."""

    OPEN = "open"
    CONSOLIDATED = "consolidated"
    FINAL = "final"
    ACKNOWLEDGED = "acknowledged"
    OBJECTED = "objected"
    RESOLVED = "resolved"


APPRAISAL_STATUSES = tuple(AppraisalStatus)
APPRAISAL_STATUS_LABELS = {
    AppraisalStatus.OPEN: _l("Sedang dinilai"),
    AppraisalStatus.CONSOLIDATED: _l("Dikonsolidasi"),
    AppraisalStatus.FINAL: _l("Final, menunggu tanggapan"),
    AppraisalStatus.ACKNOWLEDGED: _l("Diterima pegawai"),
    AppraisalStatus.OBJECTED: _l("Keberatan diajukan"),
    AppraisalStatus.RESOLVED: _l("Keberatan diputus"),
}


class AppraisalFormStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


FORM_STATUSES = tuple(AppraisalFormStatus)
FORM_STATUS_LABELS = {AppraisalFormStatus.DRAFT: _l("Draf"), AppraisalFormStatus.SUBMITTED: _l("Dikirim")}

# Hasil kerja and perilaku kerja share one three-step scale (PermenPANRB 6/2022).
EXPECTATIONS = ("di_bawah_ekspektasi", "sesuai_ekspektasi", "di_atas_ekspektasi")
EXPECTATION_LABELS = {
    "di_bawah_ekspektasi": _l("Di bawah ekspektasi"),
    "sesuai_ekspektasi": _l("Sesuai ekspektasi"),
    "di_atas_ekspektasi": _l("Di atas ekspektasi"),
}

PERFORMANCE_RATINGS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
PERFORMANCE_RATING_LABELS = {
    "sangat_baik": _l("Sangat Baik"),
    "baik": _l("Baik"),
    "butuh_perbaikan": _l("Butuh Perbaikan"),
    "kurang": _l("Kurang/Misconduct"),
    "sangat_kurang": _l("Sangat Kurang"),
}


class ObjectionStatus(StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    REJECTED = "rejected"


OBJECTION_STATUSES = tuple(ObjectionStatus)
OBJECTION_STATUS_LABELS = {
    ObjectionStatus.PENDING: _l("Menunggu keputusan"),
    ObjectionStatus.UPHELD: _l("Dikabulkan"),
    ObjectionStatus.REJECTED: _l("Ditolak"),
}


class HrDecidesBecause(StrEnum):
    """Why BKPSDM decides an objection instead of the atasan pejabat penilai (PP 30/2019 Pasal 59 names no
    one else; this fallback is the application's, see ``objections.designate_deciders``)."""

    NO_RATER = "no_rater"
    NO_SUPERIOR = "no_superior"
    SUPERIOR_INACTIVE = "superior_inactive"
    LEGACY = "legacy"


HR_DECIDES_LABELS = {
    HrDecidesBecause.NO_RATER: _l("Pegawai tidak memiliki pejabat penilai (atasan langsung) dalam penilaian ini."),
    HrDecidesBecause.NO_SUPERIOR: _l("Pejabat penilai tidak memiliki atasan dalam struktur organisasi."),
    HrDecidesBecause.SUPERIOR_INACTIVE: _l("Atasan pejabat penilai tidak aktif ketika keberatan diajukan."),
    HrDecidesBecause.LEGACY: _l("Keberatan diajukan sebelum keberatan diputus oleh atasan pejabat penilai."),
}

cycle_units = Table(
    "appraisal_cycle_units",
    db.metadata,
    Column("cycle_id", ForeignKey("appraisal_cycles.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("org_units.id", ondelete="RESTRICT"), primary_key=True),
)


class AppraisalCycle(db.Model):
    """A periode penilaian. ``weights`` maps each participating rater kind to its weight (integers); the kinds
    absent from it take no part. ``units`` limits the cycle to those units' sub-trees (none: the whole city)."""

    __tablename__ = "appraisal_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    objection_days: Mapped[int] = mapped_column(Integer)
    weights: Mapped[dict] = mapped_column(JSON)
    status: Mapped[AppraisalCycleStatus] = mapped_column(str_enum(AppraisalCycleStatus, 20),
                                                         default=AppraisalCycleStatus.OPEN, index=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    consolidated_at: Mapped[datetime | None] = mapped_column(DateTime)
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)

    units: Mapped[list[OrgUnit]] = relationship(secondary=cycle_units, order_by=lambda: OrgUnit.name)

    __table_args__ = (
        CheckConstraint(f"period IN {PERIODS!r}", name="period"),
        CheckConstraint(one_of("status", AppraisalCycleStatus), name="status"),
        CheckConstraint("starts_on <= ends_on", name="dates"),
        CheckConstraint("objection_days >= 0", name="objection_days"),
    )

    @property
    def kinds(self) -> list[RaterKind]:
        """Participating rater kinds, in the usual order."""
        return [kind for kind in RATER_KINDS if kind in self.weights]

    def __repr__(self) -> str:
        return f"<AppraisalCycle {self.name}>"


class Appraisal(db.Model):
    """One employee in one cycle: the snapshot taken at opening, the performance (SKP) ratings and the status.

    ``core_values`` holds the supervisor's BerAKHLAK ratings ({value key: expectation}); ``result_rating``,
    ``behaviour_rating`` and ``performance_rating`` follow from the work targets and those ratings.
    """

    __tablename__ = "appraisals"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("appraisal_cycles.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    status: Mapped[AppraisalStatus] = mapped_column(str_enum(AppraisalStatus, 20), default=AppraisalStatus.OPEN)
    core_values: Mapped[dict] = mapped_column(JSON, default=dict)
    core_values_note: Mapped[str] = mapped_column(Text, default="")
    result_rating: Mapped[str | None] = mapped_column(String(30))
    behaviour_rating: Mapped[str | None] = mapped_column(String(30))
    performance_rating: Mapped[str | None] = mapped_column(String(20))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)

    cycle: Mapped[AppraisalCycle] = relationship()
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    position: Mapped[Position] = relationship()
    unit: Mapped[OrgUnit] = relationship()
    supervisor: Mapped[Employee | None] = relationship(foreign_keys=[supervisor_id])

    __table_args__ = (
        UniqueConstraint("cycle_id", "employee_id", name="uq_appraisals_cycle_employee"),
        CheckConstraint(one_of("status", AppraisalStatus), name="status"),
        CheckConstraint(f"performance_rating IN {PERFORMANCE_RATINGS!r}", name="performance_rating"),
        Index("ix_appraisals_cycle_unit", "cycle_id", "unit_id"),
        Index("ix_appraisals_cycle_status", "cycle_id", "status"),
    )

    def __repr__(self) -> str:
        return f"<Appraisal {self.cycle_id}:{self.employee_id}>"


class AppraisalItem(db.Model):
    """A competency the employee's position required when the cycle opened, at that level."""

    __tablename__ = "appraisal_items"

    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True)
    required_level: Mapped[int] = mapped_column(Integer)
    weight: Mapped[str] = mapped_column(String(10))

    competency: Mapped[Competency] = relationship()


class AppraisalResult(db.Model):
    """The consolidated level of one competency: ``score`` is the weighted mean, ``level`` its rounding
    (half up); ``corrected_level`` is set when an objection about it is upheld."""

    __tablename__ = "appraisal_results"

    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[int] = mapped_column(Integer)
    corrected_level: Mapped[int | None] = mapped_column(Integer)

    competency: Mapped[Competency] = relationship()

    @property
    def final_level(self) -> int:
        return self.level if self.corrected_level is None else self.corrected_level


class AppraisalForm(db.Model):
    """One rater's form for one employee. Not started = a draft never saved (``started_at`` empty)."""

    __tablename__ = "appraisal_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"))
    rater_kind: Mapped[RaterKind] = mapped_column(str_enum(RaterKind, 20))
    rater_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    status: Mapped[AppraisalFormStatus] = mapped_column(str_enum(AppraisalFormStatus, 20),
                                                        default=AppraisalFormStatus.DRAFT)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    appraisal: Mapped[Appraisal] = relationship()
    rater: Mapped[Employee] = relationship()
    ratings: Mapped[list[Rating]] = relationship(back_populates="form", cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("appraisal_id", "rater_kind", "rater_id", name="uq_appraisal_forms_appraisal_rater"),
        CheckConstraint(one_of("rater_kind", RaterKind), name="rater_kind"),
        CheckConstraint(one_of("status", AppraisalFormStatus), name="status"),
        Index("ix_appraisal_forms_appraisal_status", "appraisal_id", "status"),
        Index("ix_appraisal_forms_rater_status", "rater_id", "status"),
    )


class Rating(db.Model):
    """A rater's level for one competency, with the indicators they observed (``observed``: indicator ids),
    the level those support (``suggested_level``), and the written reasons the rules ask for."""

    __tablename__ = "appraisal_ratings"

    form_id: Mapped[int] = mapped_column(ForeignKey("appraisal_forms.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[int | None] = mapped_column(Integer)
    suggested_level: Mapped[int | None] = mapped_column(Integer)
    observed: Mapped[list] = mapped_column(JSON, default=list)
    justification: Mapped[str] = mapped_column(Text, default="")
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    form: Mapped[AppraisalForm] = relationship(back_populates="ratings")

    __table_args__ = (CheckConstraint("level >= 0", name="level_not_negative"),)


class WorkTarget(db.Model):
    """A rencana hasil kerja of the employee's SKP: indicator, target and realisation (``actual``)."""

    __tablename__ = "appraisal_work_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(Text)
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40), default="")
    actual: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (CheckConstraint("target > 0", name="target_positive"),
                      CheckConstraint("actual >= 0", name="actual_not_negative"))


class Objection(db.Model):
    """A keberatan against a final appraisal (PP 30/2019 Pasal 59), one per appraisal, decided once and finally.

    ``decider_id`` is the atasan pejabat penilai (the superior of the appraisal's supervisor) as the organisation
    stood when the objection was filed, so a later reorganisation does not move it. When it is empty BKPSDM
    decides, and ``hr_decides_because`` says why."""

    __tablename__ = "appraisal_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[ObjectionStatus] = mapped_column(str_enum(ObjectionStatus, 20), default=ObjectionStatus.PENDING,
                                                    index=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    decider_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    hr_decides_because: Mapped[HrDecidesBecause | None] = mapped_column(str_enum(HrDecidesBecause, 20))

    appraisal: Mapped[Appraisal] = relationship()
    decider: Mapped[Employee | None] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("status", ObjectionStatus), name="status"),
        CheckConstraint(one_of("hr_decides_because", HrDecidesBecause), name="hr_decides_because"),
        CheckConstraint("(decider_id IS NULL) <> (hr_decides_because IS NULL)", name="one_decider"),
    )

    @property
    def decided_by_hr(self) -> bool:
        return self.decider_id is None


class RatingLimit(db.Model):
    """The largest share (percent) of a unit's employees HR allows in one performance rating in a cycle."""

    __tablename__ = "appraisal_rating_limits"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("appraisal_cycles.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="RESTRICT"), primary_key=True)
    performance_rating: Mapped[str] = mapped_column(String(20), primary_key=True)
    max_percent: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("max_percent BETWEEN 0 AND 100", name="max_percent"),)
