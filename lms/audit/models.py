from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db, utcnow

ACTION_LABELS = {
    "create": _l("Tambah"),
    "update": _l("Ubah"),
    "delete": _l("Hapus"),
    "restore": _l("Pulihkan"),
    "import": _l("Impor"),
    "reset_password": _l("Atur ulang kata sandi"),
    "change_password": _l("Ganti kata sandi"),
}
ENTITY_LABELS = {
    "employee": _l("Pegawai"),
    "position": _l("Jabatan"),
    "org_unit": _l("Unit organisasi"),
    "user": _l("Pengguna"),
    "roster_import": _l("Impor pegawai"),
    "framework": _l("Kamus kompetensi"),
    "competency": _l("Kompetensi"),
    "requirement": _l("Standar kompetensi jabatan"),
    "prerequisite": _l("Prasyarat kompetensi"),
    "course": _l("Pelatihan"),
    "workshop": _l("Kelas pelatihan"),
    "enrolment": _l("Pendaftaran peserta"),
    "course_demand": _l("Permintaan kelas"),
    "attendance": _l("Kehadiran"),
    "test_score": _l("Nilai tes"),
    "material": _l("Bahan ajar"),
    "certificate": _l("Sertifikat"),
    "training_record": _l("Riwayat diklat"),
    "appraisal_cycle": _l("Periode penilaian"),
    "appraisal": _l("Penilaian pegawai"),
    "appraisal_form": _l("Formulir penilaian"),
    "work_target": _l("Rencana hasil kerja (SKP)"),
    "objection": _l("Keberatan penilaian"),
}
ACTIONS = tuple(ACTION_LABELS)
ENTITY_TYPES = tuple(ENTITY_LABELS)


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(30), index=True)
    entity_type: Mapped[str] = mapped_column(String(30), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    entity_label: Mapped[str] = mapped_column(String(250), default="")
    # {"field": [old, new]} for updates, {"field": new} for creates.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
