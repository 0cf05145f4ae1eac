"""Riwayat diklat: training records and hours (JP), external training submitted by employees and verified by HR,
and the SIASN export.

Only approved, live (not revoked) records count toward the yearly JP target; a record counts in the year it ends.
A scanned certificate is accepted as PDF, JPG or PNG whose first bytes match its extension (as materials are).
Nothing here commits.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import extract, func, select, update
from sqlalchemy.orm import contains_eager, undefer

from courses.models import TrainingRecord, TrainingRecordStatus, TrainingSource
from courses.siasn_kinds import JENIS_DIKLAT, LATIHAN_STRUKTURAL, STRUCTURAL, kind_label
from courses.teaching import materials
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.notifications.services import app_path, notify_employees
from lms.people.models import PPPK_TYPES, Employee
from lms.tabular import file_size

logger = logging.getLogger(__name__)

SCAN_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
# The fields SIASN's diklat/kursus forms ask for, with the ids of its reference lists (courses/siasn_kinds.py).
SIASN_HEADER = ("NIP", "Nama", "Nama Diklat/Kursus", "Penyelenggara", "jenisDiklatId", "Jenis Diklat",
                "jenisKursusSertipikat", "latihanStrukturalId", "Tanggal Mulai", "Tanggal Selesai", "Tahun",
                "Jumlah Jam (JP)", "Nomor Sertifikat")
MAX_HOURS_JP = 1000


@dataclass(frozen=True)
class ExternalTraining:
    """What an employee tells about a training taken outside the city's catalogue."""

    title: str
    provider: str
    siasn_kind_id: int
    structural_kind_id: int | None
    starts_on: date
    ends_on: date
    hours_jp: int
    certificate_number: str


@dataclass(frozen=True)
class YearHours:
    year: int
    jp: int
    target: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.jp / self.target)) if self.target else 100

    @property
    def met(self) -> bool:
        return self.jp >= self.target


# --- scanned certificates ----------------------------------------------------------------------------------

def scan_max_bytes() -> int:
    return current_app.config["EXTERNAL_CERTIFICATE_MAX_BYTES"]


def check_scan(filename: str, content: bytes) -> tuple[str, str]:
    """(safe file name, content type) of an acceptable scan, or DomainError saying why it is refused."""
    name = materials.safe_filename(filename)
    extension = name.rpartition(".")[2] if "." in name else ""
    if extension not in SCAN_EXTENSIONS:
        raise DomainError(_("Pindaian sertifikat harus berupa berkas PDF, JPG atau PNG."), "scan")
    if not content:
        raise DomainError(_("Berkas kosong."), "scan")
    if len(content) > scan_max_bytes():
        raise DomainError(_("Berkas terlalu besar (%(size)s); batasnya %(limit)s.",
                            size=file_size(len(content)), limit=file_size(scan_max_bytes())), "scan")
    content_type, signatures = materials.EXTENSIONS[extension]
    if not content.startswith(signatures or ()):
        raise DomainError(_("Isi berkas tidak sesuai dengan ekstensinya .%(extension)s. Simpan ulang berkas "
                            "dalam format yang benar.", extension=extension), "scan")
    return name, content_type


# --- external training: submission and verification --------------------------------------------------------

def _check_training(training: ExternalTraining, today: date) -> None:
    if not training.title.strip():
        raise DomainError(_("Isi nama pelatihan."), "title")
    if training.siasn_kind_id not in JENIS_DIKLAT:
        raise DomainError(_("Jenis diklat tidak dikenal."), "siasn_kind_id")
    if (training.siasn_kind_id == STRUCTURAL) != (training.structural_kind_id in LATIHAN_STRUKTURAL):
        raise DomainError(_("Jenis latihan struktural diisi untuk Diklat Struktural saja, dan wajib untuknya."),
                          "structural_kind_id")
    if training.ends_on < training.starts_on:
        raise DomainError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), "ends_on")
    if training.ends_on > today:
        raise DomainError(_("Pelatihan yang belum selesai belum dapat dicatat."), "ends_on")
    if not 1 <= training.hours_jp <= MAX_HOURS_JP:
        raise DomainError(_("Jumlah JP harus antara 1 dan %(max)d.", max=MAX_HOURS_JP), "hours_jp")


def _label(record: TrainingRecord) -> str:
    return f"{record.title} ({record.starts_on.isoformat()})"


def submit_external(actor: Actor | None, employee_id: int, training: ExternalTraining, filename: str, content: bytes,
                    today: date) -> TrainingRecord:
    """Record an external training with its scanned certificate, waiting for HR to verify it."""
    _check_training(training, today)
    scan_filename, content_type = check_scan(filename, content)
    record = TrainingRecord(
        employee_id=employee_id, source=TrainingSource.EXTERNAL, status=TrainingRecordStatus.PENDING,
        title=training.title.strip(),
        provider=training.provider.strip(), siasn_kind_id=training.siasn_kind_id,
        structural_kind_id=training.structural_kind_id, starts_on=training.starts_on,
        ends_on=training.ends_on, hours_jp=training.hours_jp, certificate_number=training.certificate_number.strip(),
        scan_filename=scan_filename, scan_content_type=content_type, scan=content)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "create", "training_record", record, _label(record), {
        "title": record.title, "provider": record.provider,
        "kind": kind_label(record.siasn_kind_id, record.structural_kind_id),
        "starts_on": record.starts_on.isoformat(), "ends_on": record.ends_on.isoformat(),
        "hours_jp": record.hours_jp, "certificate_number": record.certificate_number, "scan": scan_filename})
    return record


def _decide(actor: Actor | None, record: TrainingRecord, status: TrainingRecordStatus, reason: str = "") -> None:
    """Move a pending submission to ``status``, unless someone decided it first."""
    result = db.session.execute(
        update(TrainingRecord).where(TrainingRecord.id == record.id, TrainingRecord.source == TrainingSource.EXTERNAL,
                                     TrainingRecord.status == TrainingRecordStatus.PENDING,
                                     TrainingRecord.revoked_at.is_(None))
        .values(status=status, reason=reason, decided_by_id=getattr(actor, "id", None), decided_at=utcnow()))
    if result.rowcount != 1:
        raise DomainError(_("Pengajuan ini sudah diverifikasi sebelumnya."))
    db.session.refresh(record)
    audit.record(actor, "update", "training_record", record, _label(record),
                 {"status": [TrainingRecordStatus.PENDING, status]}, note=reason)
    logger.info("external training record %s %s by %s", record.id, status, getattr(actor, "id", None))


def approve_external(actor: Actor | None, record: TrainingRecord) -> None:
    """HR recognises the training: it counts toward the employee's JP from now on."""
    _decide(actor, record, TrainingRecordStatus.APPROVED)
    notify_employees([record.employee_id],
                     _("Pelatihan eksternal %(title)s diakui BKPSDM; %(jp)d JP dihitung dalam riwayat diklat Anda.",
                       title=record.title, jp=record.hours_jp), _history_link(record.employee_id))


def reject_external(actor: Actor | None, record: TrainingRecord, reason: str) -> None:
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan penolakan."), "reason")
    _decide(actor, record, TrainingRecordStatus.REJECTED, reason.strip())
    notify_employees([record.employee_id],
                     _("Pelatihan eksternal %(title)s tidak diakui BKPSDM. Alasan: %(reason)s",
                       title=record.title, reason=reason.strip()), _history_link(record.employee_id))


def _history_link(employee_id: int) -> str:
    return app_path("records.history", employee_id=employee_id)


# --- reads -------------------------------------------------------------------------------------------------

def counted():
    """The records that count: approved and not revoked."""
    return TrainingRecord.counted()


def counted_in_year(year: int) -> list[Any]:
    """The records whose JP count in ``year``: counted, and ended in that year."""
    return [counted(), TrainingRecord.ends_on.between(date(year, 1, 1), date(year, 12, 31))]


def live_records(employee_id: int) -> list[TrainingRecord]:
    """The employee's counted training, newest first."""
    return list(db.session.scalars(select(TrainingRecord).where(TrainingRecord.employee_id == employee_id, counted())
                                   .order_by(TrainingRecord.ends_on.desc(), TrainingRecord.id.desc())))


def submissions(employee_id: int) -> list[TrainingRecord]:
    """The employee's external submissions still pending or rejected, newest first."""
    return list(db.session.scalars(select(TrainingRecord).where(
        TrainingRecord.employee_id == employee_id, TrainingRecord.source == TrainingSource.EXTERNAL,
        TrainingRecord.status.in_((TrainingRecordStatus.PENDING, TrainingRecordStatus.REJECTED)),
        TrainingRecord.revoked_at.is_(None))
        .order_by(TrainingRecord.created_at.desc(), TrainingRecord.id.desc())))


@dataclass
class Hours:
    """JP counted this year (the rule of the riwayat diklat): a PNS against the yearly target, a PPPK against the
    most a contract year allows (data/reference/pppk.md)."""

    year: int
    jp: int
    target: int | None  # PNS: the yearly minimum
    pppk_max: int | None  # PPPK: the most per contract year

    @property
    def needed(self) -> int:
        return max(0, self.target - self.jp) if self.target else 0


def training_hours(employee: Employee, year: int) -> Hours:
    """The employee's JP of ``year`` with the rule that applies to them."""
    jp = jp_by_year(employee.id, [year])[year]
    if employee.employment_type in PPPK_TYPES:
        return Hours(year, jp, None, current_app.config["TRAINING_HOURS_PPPK_MAX_JP"])
    return Hours(year, jp, current_app.config["TRAINING_HOURS_TARGET_JP"], None)


def jp_by_year(employee_id: int, years: Iterable[int]) -> dict[int, int]:
    """{year: JP of the counted training that ended in it}, every year asked for present (0 when none)."""
    totals = dict.fromkeys(sorted(set(years)), 0)
    if not totals:
        return totals
    year = extract("year", TrainingRecord.ends_on)
    rows = db.session.execute(
        select(year, func.sum(TrainingRecord.hours_jp)).where(
            TrainingRecord.employee_id == employee_id, counted(),
            TrainingRecord.ends_on.between(date(min(totals), 1, 1), date(max(totals), 12, 31)))
        .group_by(year)).all()
    for row_year, hours in rows:
        if int(row_year) in totals:
            totals[int(row_year)] = int(hours)
    return totals


def hours_summary(employee_id: int, this_year: int, years: int = 3) -> list[YearHours]:
    """JP against the yearly target for this year and the ones before it, newest first."""
    target = current_app.config["TRAINING_HOURS_TARGET_JP"]
    totals = jp_by_year(employee_id, range(this_year - years + 1, this_year + 1))
    return [YearHours(year, jp, target) for year, jp in sorted(totals.items(), reverse=True)]


def with_scan(record_id: int) -> TrainingRecord | None:
    return db.session.scalar(select(TrainingRecord).options(undefer(TrainingRecord.scan))
                             .where(TrainingRecord.id == record_id))


def pending_query():
    """External submissions waiting for HR, oldest first (for ``db.paginate``)."""
    return (select(TrainingRecord).join(TrainingRecord.employee).options(contains_eager(TrainingRecord.employee))
            .where(TrainingRecord.source == TrainingSource.EXTERNAL,
                   TrainingRecord.status == TrainingRecordStatus.PENDING, TrainingRecord.revoked_at.is_(None))
            .order_by(TrainingRecord.created_at, TrainingRecord.id))


def siasn_rows(year: int) -> list[list[Any]]:
    """Rows of the SIASN riwayat diklat/kursus upload for the counted training that ended in ``year``."""
    records = db.session.scalars(
        select(TrainingRecord).join(TrainingRecord.employee).options(contains_eager(TrainingRecord.employee))
        .where(*counted_in_year(year))
        .order_by(Employee.name, Employee.nip, TrainingRecord.ends_on, TrainingRecord.id))
    return [[record.employee.nip, record.employee.full_name, record.title, record.provider,
             record.siasn_kind_id, kind_label(record.siasn_kind_id, record.structural_kind_id),
             JENIS_DIKLAT[record.siasn_kind_id].certificate_code, record.structural_kind_id or "",
             f"{record.starts_on:%d-%m-%Y}", f"{record.ends_on:%d-%m-%Y}",
             record.ends_on.year, record.hours_jp, record.certificate_number] for record in records]
