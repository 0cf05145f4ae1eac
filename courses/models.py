"""The tables of training (courses, classes and their sessions, enrolments, attendance, materials, training
records, certificates, feedback) with the statuses and labels their columns take, shared by every feature of
``courses``. One module on purpose, although it is a little over 500 lines: the feature subpackages all read
several of these tables, and splitting the tables by feature would make them import one another's models.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from competencies.models import Competency
from courses.siasn_kinds import TECHNICAL, kind_constraints
from lms.auth.models import User
from lms.extensions import db, one_of, str_enum, utcnow
from lms.people.models import Employee

MINUTES_PER_JP = 45
SIASN_KIND_CHECKS = kind_constraints("siasn_kind_id", "structural_kind_id")

MODALITY_LABELS = {
    "pelatihan": _l("Pelatihan"),
    "workshop": _l("Workshop"),
    "seminar": _l("Seminar"),
    "e_learning": _l("E-learning"),
    "coaching": _l("Coaching"),
    "mentoring": _l("Mentoring"),
    "magang": _l("Magang"),
}
# Mandatory training by position (pelatihan wajib): see courses/records/mandatory.py.
MANDATORY_PROGRAMME_LABELS = {
    "latsar": _l("Latsar CPNS"),
    "pkp": _l("PKP (Pelatihan Kepemimpinan Pengawas)"),
    "pka": _l("PKA (Pelatihan Kepemimpinan Administrator)"),
    "pkn2": _l("PKN Tingkat II"),
    "pkn1": _l("PKN Tingkat I"),
}
MANDATORY_PROGRAMMES = tuple(MANDATORY_PROGRAMME_LABELS)
CLASSICAL_MODALITIES = ("pelatihan", "workshop", "seminar")  # klasikal; the others are nonklasikal
MODALITIES = tuple(MODALITY_LABELS)


class CourseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


COURSE_STATUS_LABELS = {CourseStatus.DRAFT: _l("Draf"), CourseStatus.PUBLISHED: _l("Terbit"),
                        CourseStatus.ARCHIVED: _l("Arsip")}
COURSE_STATUSES = tuple(CourseStatus)


class WorkshopStatus(StrEnum):
    """Proposed: suggested by a trainer, waiting for HR; the rest is the life of a scheduled class."""

    PROPOSED = "proposed"
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


WORKSHOP_STATUS_LABELS = {
    WorkshopStatus.PROPOSED: _l("Diusulkan"),
    WorkshopStatus.DRAFT: _l("Draf"),
    WorkshopStatus.OPEN: _l("Pendaftaran dibuka"),
    WorkshopStatus.CLOSED: _l("Pendaftaran ditutup"),
    WorkshopStatus.RUNNING: _l("Berlangsung"),
    WorkshopStatus.COMPLETED: _l("Selesai"),
    WorkshopStatus.CANCELLED: _l("Dibatalkan"),
}
WORKSHOP_STATUSES = tuple(WorkshopStatus)


class EnrolmentStatus(StrEnum):
    REQUESTED = "requested"
    AWAITING_APPROVAL = "awaiting_approval"
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    # Outcomes of a closed workshop (set by completion).
    COMPLETED = "completed"
    FAILED = "failed"
    NO_SHOW = "no_show"


ENROLMENT_STATUS_LABELS = {
    EnrolmentStatus.REQUESTED: _l("Diajukan"),
    EnrolmentStatus.AWAITING_APPROVAL: _l("Menunggu persetujuan atasan"),
    EnrolmentStatus.ENROLLED: _l("Terdaftar"),
    EnrolmentStatus.WAITLISTED: _l("Daftar tunggu"),
    EnrolmentStatus.WITHDRAWN: _l("Mengundurkan diri"),
    EnrolmentStatus.REJECTED: _l("Ditolak"),
    EnrolmentStatus.CANCELLED: _l("Dibatalkan"),
    EnrolmentStatus.COMPLETED: _l("Lulus"),
    EnrolmentStatus.FAILED: _l("Tidak lulus"),
    EnrolmentStatus.NO_SHOW: _l("Tidak hadir"),
}
ENROLMENT_STATUSES = tuple(EnrolmentStatus)
# An enrolment in one of these holds (or waits for) a place in the workshop.
ACTIVE_ENROLMENT_STATUSES = (EnrolmentStatus.REQUESTED, EnrolmentStatus.AWAITING_APPROVAL, EnrolmentStatus.ENROLLED,
                             EnrolmentStatus.WAITLISTED)


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


ATTENDANCE_LABELS = {
    AttendanceStatus.PRESENT: _l("Hadir"),
    AttendanceStatus.LATE: _l("Terlambat"),
    AttendanceStatus.EXCUSED: _l("Izin"),
    AttendanceStatus.ABSENT: _l("Tidak hadir"),
}
ATTENDANCE_STATUSES = tuple(AttendanceStatus)
ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)  # count towards the attendance share

MATERIAL_KIND_LABELS = {
    "slides": _l("Bahan tayang"),
    "module": _l("Modul"),
    "assignment": _l("Tugas"),
    "other": _l("Lainnya"),
}
MATERIAL_KINDS = tuple(MATERIAL_KIND_LABELS)

course_trainers = Table(
    "course_trainers",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

workshop_trainers = Table(
    "workshop_trainers",
    db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Course(db.Model):
    """A course of the catalogue (hours in JP: 1 JP = 45 minutes)."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    hours_jp: Mapped[int] = mapped_column(Integer)
    modality: Mapped[str] = mapped_column(String(20), index=True)
    provider: Mapped[str] = mapped_column(String(200), default="", index=True)
    # Completion criteria: share of sessions attended (present or late), and a post-test pass mark (0-100).
    min_attendance_pct: Mapped[int] = mapped_column(Integer, default=80)
    pass_mark: Mapped[float | None] = mapped_column(Float)
    # The post-test is an uji kompetensi: passing it is evidence of the granted levels (BKN sets levels by
    # assessment; attendance alone is no test, so a course without one adds JP and a certificate, never a level).
    competency_test: Mapped[bool] = mapped_column(Boolean, default=False)
    # How SIASN files the training (courses/siasn_kinds.py); copied to each training record at closing.
    siasn_kind_id: Mapped[int] = mapped_column(Integer, default=TECHNICAL)
    structural_kind_id: Mapped[int | None] = mapped_column(Integer)
    mandatory_programme: Mapped[str | None] = mapped_column(String(10), index=True)  # the programme it is
    certificate_validity_years: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[CourseStatus] = mapped_column(str_enum(CourseStatus, 20), default=CourseStatus.DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    competencies: Mapped[list[CourseCompetency]] = relationship(back_populates="course",
                                                                cascade="all, delete-orphan",
                                                                order_by="CourseCompetency.id")
    prerequisites: Mapped[list[Course]] = relationship(
        secondary=lambda: course_prerequisites,
        primaryjoin=lambda: Course.id == course_prerequisites.c.course_id,
        secondaryjoin=lambda: Course.id == course_prerequisites.c.required_course_id,
        order_by=lambda: Course.title,
    )
    trainers: Mapped[list[User]] = relationship(secondary=course_trainers)

    __table_args__ = (
        CheckConstraint(f"modality IN {MODALITIES!r}", name="modality"),
        CheckConstraint(one_of("status", CourseStatus), name="status"),
        CheckConstraint("hours_jp > 0", name="hours_positive"),
        CheckConstraint("min_attendance_pct BETWEEN 0 AND 100", name="attendance_pct"),
        CheckConstraint("pass_mark IS NULL OR pass_mark BETWEEN 0 AND 100", name="pass_mark"),
        CheckConstraint("NOT competency_test OR pass_mark IS NOT NULL", name="competency_test_pass_mark"),
        CheckConstraint(SIASN_KIND_CHECKS[0], name="siasn_kind"),
        CheckConstraint(SIASN_KIND_CHECKS[1], name="structural_kind"),
        CheckConstraint(f"mandatory_programme IS NULL OR mandatory_programme IN {MANDATORY_PROGRAMMES!r}",
                        name="mandatory_programme"),
        CheckConstraint("certificate_validity_years IS NULL OR certificate_validity_years > 0", name="validity"),
    )

    @property
    def is_classical(self) -> bool:
        return self.modality in CLASSICAL_MODALITIES

    def __repr__(self) -> str:
        return f"<Course {self.code}>"


course_prerequisites = Table(
    "course_prerequisites",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("required_course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True, index=True),
    CheckConstraint("course_id <> required_course_id", name="not_self"),
)


class CourseCompetency(db.Model):
    """A competency the course develops: for holders of ``entry_level`` (0: anyone), up to ``granted_level``."""

    __tablename__ = "course_competencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), index=True)
    entry_level: Mapped[int] = mapped_column(Integer, default=0)
    granted_level: Mapped[int] = mapped_column(Integer)

    course: Mapped[Course] = relationship(back_populates="competencies")
    competency: Mapped[Competency] = relationship()

    __table_args__ = (
        UniqueConstraint("course_id", "competency_id", name="uq_course_competencies_course_competency"),
        CheckConstraint("entry_level >= 0", name="entry_level"),
        CheckConstraint("granted_level > entry_level", name="granted_above_entry"),
    )


class Workshop(db.Model):
    """A scheduled class (angkatan) of a course. ``starts_on``/``ends_on`` are kept equal to the first and
    last session dates so that lists filter by month without reading the sessions."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    batch: Mapped[str] = mapped_column(String(100))
    status: Mapped[WorkshopStatus] = mapped_column(str_enum(WorkshopStatus, 20), default=WorkshopStatus.DRAFT,
                                                   index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    enrol_opens_on: Mapped[date] = mapped_column(Date)
    enrol_closes_on: Mapped[date] = mapped_column(Date)
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    venue: Mapped[str] = mapped_column(String(250), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    # Position kinds admitted (empty: every employee).
    eligible_position_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")  # proposal note, rejection or cancellation reason
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)  # when the trainer closed it (completed)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    course: Mapped[Course] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary=workshop_trainers)
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan",
        order_by="WorkshopSession.session_date, WorkshopSession.starts_at")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])

    __table_args__ = (
        CheckConstraint(one_of("status", WorkshopStatus), name="status"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("enrol_closes_on >= enrol_opens_on", name="window"),
    )

    @property
    def title(self) -> str:
        return f"{self.course.title} – {self.batch}"

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.batch}>"


class WorkshopSession(db.Model):
    __tablename__ = "workshop_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    session_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    topic: Mapped[str] = mapped_column(String(250), default="")
    venue: Mapped[str] = mapped_column(String(250), default="")  # empty: the workshop's venue
    online_link: Mapped[str] = mapped_column(String(500), default="")

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_workshop_sessions_workshop_date", "workshop_id", "session_date"),
        Index("ix_workshop_sessions_date", "session_date"),
    )

    @property
    def minutes(self) -> int:
        return (self.ends_at.hour * 60 + self.ends_at.minute) - (self.starts_at.hour * 60 + self.starts_at.minute)


class Enrolment(db.Model):
    """One employee in one workshop. The status follows :data:`courses.enrolment.services.TRANSITIONS`; the waitlist
    is ordered by ``queued_at`` then ``id`` (arrival order), and at most ``capacity`` rows are enrolled."""

    __tablename__ = "enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="RESTRICT"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(str_enum(EnrolmentStatus, 20))
    nominated: Mapped[bool] = mapped_column(Boolean, default=False)  # by HR rather than by the employee
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(DateTime)  # when it took a seat or joined the waitlist
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")  # of a rejection, withdrawal or cancellation
    pre_score: Mapped[float | None] = mapped_column(Float)  # pre-test, 0-100
    post_score: Mapped[float | None] = mapped_column(Float)  # post-test, 0-100
    attendance_pct: Mapped[float | None] = mapped_column(Float)  # share of sessions attended, at closing
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship()
    employee: Mapped[Employee] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        UniqueConstraint("workshop_id", "employee_id", name="uq_enrolments_workshop_employee"),
        CheckConstraint(one_of("status", EnrolmentStatus), name="status"),
        CheckConstraint("pre_score IS NULL OR pre_score BETWEEN 0 AND 100", name="pre_score"),
        CheckConstraint("post_score IS NULL OR post_score BETWEEN 0 AND 100", name="post_score"),
        Index("ix_enrolments_workshop_status_queue", "workshop_id", "status", "queued_at", "id"),
        Index("ix_enrolments_employee_status", "employee_id", "status"),
    )

    def __repr__(self) -> str:
        return f"<Enrolment {self.workshop_id}/{self.employee_id} {self.status}>"


class Attendance(db.Model):
    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(str_enum(AttendanceStatus, 10))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("session_id", "enrolment_id", name="uq_attendances_session_enrolment"),
        CheckConstraint(one_of("status", AttendanceStatus), name="status"),
    )


class Material(db.Model):
    """A file or a link for the participants of a workshop. The file's bytes live in the database (stateless
    app servers) and are loaded only when downloaded."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(f"kind IN {MATERIAL_KINDS!r}", name="kind"),
        CheckConstraint("(url <> '') <> (content IS NOT NULL)", name="file_or_link"),
    )



class TrainingSource(StrEnum):
    COURSE = "course"  # a workshop of the catalogue, recorded when it closed
    EXTERNAL = "external"  # submitted by the employee with a scanned certificate


TRAINING_SOURCES = tuple(TrainingSource)


class TrainingRecordStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


TRAINING_RECORD_STATUS_LABELS = {
    TrainingRecordStatus.APPROVED: _l("Diakui"),
    TrainingRecordStatus.PENDING: _l("Menunggu verifikasi BKPSDM"),
    TrainingRecordStatus.REJECTED: _l("Ditolak"),
}
TRAINING_RECORD_STATUSES = tuple(TrainingRecordStatus)
class TrainingRecord(db.Model):
    """Riwayat diklat: one completed training of an employee, with what SIASN needs to report it.

    From a workshop closing (``enrolment_id``; at most one live record per enrolment) or submitted by the
    employee for external training with a scanned certificate, counted once HR approves it.
    """

    __tablename__ = "training_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="RESTRICT"))
    source: Mapped[TrainingSource] = mapped_column(str_enum(TrainingSource, 10))
    status: Mapped[TrainingRecordStatus] = mapped_column(str_enum(TrainingRecordStatus, 10),
                                                         default=TrainingRecordStatus.APPROVED)
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolments.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(250))
    provider: Mapped[str] = mapped_column(String(200), default="")
    # SIASN's kind of training (courses/siasn_kinds.py): the course's for a workshop, the employee's choice for
    # external training.
    siasn_kind_id: Mapped[int] = mapped_column(Integer)
    structural_kind_id: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    hours_jp: Mapped[int] = mapped_column(Integer)
    certificate_number: Mapped[str] = mapped_column(String(100), default="")
    scan_filename: Mapped[str] = mapped_column(String(255), default="")
    scan_content_type: Mapped[str] = mapped_column(String(100), default="")
    scan: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")  # of a rejection or revocation
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    employee: Mapped[Employee] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("source", TrainingSource), name="source"),
        CheckConstraint(one_of("status", TrainingRecordStatus), name="status"),
        CheckConstraint(SIASN_KIND_CHECKS[0], name="siasn_kind"),
        CheckConstraint(SIASN_KIND_CHECKS[1], name="structural_kind"),
        CheckConstraint("hours_jp > 0", name="hours_positive"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("(source = 'course') = (enrolment_id IS NOT NULL)", name="course_has_enrolment"),
        Index("ix_training_records_employee_ends", "employee_id", "ends_on"),
        Index("ix_training_records_status", "status"),
        Index("uq_training_records_live_enrolment", "enrolment_id", unique=True,
              postgresql_where=text("revoked_at IS NULL"), sqlite_where=text("revoked_at IS NULL")),
    )

    @property
    def year(self) -> int:
        return self.ends_on.year

    @classmethod
    def counted(cls) -> ColumnElement[bool]:
        """The records that count (SQL): approved and not revoked."""
        return (cls.status == TrainingRecordStatus.APPROVED) & cls.revoked_at.is_(None)


class CertificateCounter(db.Model):
    """The last certificate sequence number of a year; locked while a number is taken, so numbers have no gaps."""

    __tablename__ = "certificate_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Certificate(db.Model):
    """A completion certificate: a unique number, an unguessable verification code, the stored PDF.

    At most one live certificate per enrolment; a revoked one keeps its number (the register has no gaps).
    """

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    verification_code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    enrolment: Mapped[Enrolment] = relationship()

    __table_args__ = (
        UniqueConstraint("year", "sequence", name="uq_certificates_year_sequence"),
        Index("uq_certificates_live_enrolment", "enrolment_id", unique=True,
              postgresql_where=text("revoked_at IS NULL"), sqlite_where=text("revoked_at IS NULL")),
    )


class Feedback(db.Model):
    """A participant's rating of a completed workshop (1-5 each), once per enrolment."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True)
    content_score: Mapped[int] = mapped_column(Integer)
    trainer_score: Mapped[int] = mapped_column(Integer)
    relevance_score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = tuple(CheckConstraint(f"{name} BETWEEN 1 AND 5", name=name)
                           for name in ("content_score", "trainer_score", "relevance_score"))
