"""Bulk edit of the standar kompetensi jabatan: export the requirements to CSV/XLSX, edit them in a
spreadsheet, import the file back with a per-row preview (the same flow as the roster import).

The file has one header row and one row per requirement (position x competency):

=============== ======== ==============================================================================
Column          Required Meaning
=============== ======== ==============================================================================
Kode Jabatan    yes      ``Position.code``
Nama Jabatan    no       for reading only (ignored on import)
Kode Kamus      no       ``Framework.code``; may be left empty when the competency code is unique
Kode Kompetensi yes      ``Competency.code`` within the framework
Nama Kompetensi no       for reading only (ignored on import)
Level           yes      required level on the framework's scale: a number 1..n or the level's label
Bobot           no       kritis / normal; empty (or no column): an existing requirement keeps its weight,
                         a new one is normal
=============== ======== ==============================================================================

Reading the bytes (CSV with any usual delimiter and encoding, or the first sheet of an XLSX) is shared with
every import (:mod:`lms.tabular`), and so are the stored upload and the preview and confirmation pages
(:mod:`lms.imports`); the columns, the checks and the writes are this module's (the export that the file
usually starts from is :mod:`competencies.requirement_export`). Requirements that exist
for a position named in the file but are not in the file are listed by the preview and deleted only when the
caller asks for it (``delete_missing``), and never for a position that has a refused row (its intended content
is unknown).

:func:`read_requirements` -> :func:`preview_requirements` (every row checked against data preloaded in a few
queries; nothing written) -> :func:`apply_requirements` (bulk insert/update/delete, audited, graph cache
invalidated). Nothing here commits.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select, update

from competencies.models import Competency, Framework, Requirement, level_text
from lms.audit import services as audit
from lms.cache import invalidate_graph
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.people.models import Position
from lms.tabular import (
    Column,
    ImportPreview,
    ImportSummary,
    PreviewRowText,
    TabularFile,
    cell_text,
    csv_bytes,
    join_numbers,
    read_table,
)
from lms.tabular import FileError as FileError  # re-exported: the file as a whole cannot be read

logger = logging.getLogger(__name__)

MAX_ROWS = 100_000  # data rows per file
UPLOAD_KIND = "requirements"  # of its stored uploads (lms.imports)
OUTCOME_LABELS = {
    "new": _l("ditambahkan"),
    "updated": _l("diperbarui"),
    "unchanged": _l("tidak berubah"),
    "error": _l("salah"),
}
WEIGHT_LABELS = {"critical": _l("kritis"), "normal": _l("normal")}
_WEIGHTS = {"kritis": "critical", "critical": "critical", "k": "critical", "ya": "critical",
            "normal": "normal", "biasa": "normal", "n": "normal", "tidak": "normal"}

COLUMNS: tuple[Column, ...] = (
    Column("position_code", "Kode Jabatan", True, ("kode jabatan", "kd jabatan", "position code"),
           _l("Kode jabatan seperti tercatat di menu Jabatan."), "P-0001"),
    Column("position_name", "Nama Jabatan", False,
           ("nama jabatan", "jabatan", "position name", "position"),
           _l("Hanya untuk dibaca; diabaikan saat impor."), "Pengadministrasi Umum"),
    Column("framework_code", "Kode Kamus", False,
           ("kode kamus", "kode kamus kompetensi", "kamus", "kamus kompetensi", "framework code",
            "framework"),
           _l("Kode kamus kompetensi. Boleh kosong bila kode kompetensinya hanya ada di satu kamus."),
           "ASN-MSK"),
    Column("competency_code", "Kode Kompetensi", True,
           ("kode kompetensi", "kd kompetensi", "competency code"),
           _l("Kode kompetensi di kamus tersebut."), "M.01"),
    Column("competency_name", "Nama Kompetensi", False,
           ("nama kompetensi", "kompetensi", "competency name", "competency"),
           _l("Hanya untuk dibaca; diabaikan saat impor."), "Integritas"),
    Column("level", "Level", True,
           ("level", "level dipersyaratkan", "level minimal", "level standar", "tingkat", "required level"),
           _l("Level yang dipersyaratkan: angka pada skala kamus (1 sampai jumlah level) atau nama "
              "levelnya."), "3"),
    Column("weight", "Bobot", False, ("bobot", "weight", "bobot kompetensi"),
           _l("kritis atau normal. Kosong: persyaratan yang sudah ada tetap pada bobotnya, yang baru "
              "normal."), "kritis"),
)
HEADERS = [column.header for column in COLUMNS]


# --- reading the file ------------------------------------------------------------------------------------

def max_bytes_allowed() -> int:
    return current_app.config["REQUIREMENTS_MAX_BYTES"]


def read_requirements(filename: str, data: bytes, max_bytes: int | None = None) -> TabularFile:
    """Read a CSV or XLSX requirement file, or raise :class:`FileError` saying why it cannot be read."""
    if max_bytes is None:
        max_bytes = max_bytes_allowed()
    return read_table(filename, data, COLUMNS, max_bytes, MAX_ROWS)



# --- preview ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _FrameworkInfo:
    id: int
    code: str
    name: str
    scale: tuple[str, ...]

    def level_label(self, level: int | None) -> str:
        return "—" if level is None else level_text(self.scale, level)

    def scale_text(self) -> str:
        return ", ".join(f"{number} {label}" if label != str(number) else str(number)
                         for number, label in enumerate(self.scale, start=1))


@dataclass
class RequirementRow(PreviewRowText):
    """One data row of the file and what importing it would do."""

    outcome_labels = OUTCOME_LABELS
    number: int
    position_code: str
    framework_code: str
    competency_code: str
    position_name: str = ""
    competency_name: str = ""
    outcome: str = ""
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (old, new), for display
    level_label: str = ""
    weight_label: str = ""
    # For apply_requirements.
    position_id: int | None = field(default=None, repr=False)
    competency_id: int | None = field(default=None, repr=False)
    requirement_id: int | None = field(default=None, repr=False)
    level: int | None = field(default=None, repr=False)
    weight: str | None = field(default=None, repr=False)
    before: dict[str, Any] = field(default_factory=dict, repr=False)



@dataclass(frozen=True)
class Removal:
    """A requirement of a position in the file that the file does not mention."""

    requirement_id: int
    position_id: int
    competency_id: int
    position_code: str
    position_name: str
    framework_code: str
    competency_code: str
    competency_name: str
    level: int
    weight: str
    level_label: str

    @property
    def label(self) -> str:
        return f"{self.position_name} – {self.competency_name}"


@dataclass
class RequirementPreview(ImportPreview):
    outcome_labels = OUTCOME_LABELS
    rows: list[RequirementRow]
    removals: list[Removal]  # deleted only with delete_missing
    kept_positions: list[str]  # codes of positions with refused rows: never pruned

    @property
    def has_changes(self) -> bool:
        return super().has_changes or bool(self.removals)

    @property
    def fingerprint(self) -> str:
        """Changes whenever what the import would write changes (to detect a stale confirmation)."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(repr((row.number, row.outcome, row.position_id, row.competency_id, row.requirement_id,
                                row.level, row.weight, sorted(row.before.items()))).encode())
        for removal in self.removals:
            digest.update(repr(("-", removal.requirement_id, removal.level, removal.weight)).encode())
        return digest.hexdigest()


def preview_requirements(filename: str, data: bytes, max_bytes: int | None = None) -> RequirementPreview:
    """Read the file and check every row against the database (nothing is written)."""
    return _Check(read_requirements(filename, data, max_bytes)).run()


class _Check:
    """Checks the rows of one file against the database, preloaded in four queries."""

    def __init__(self, requirement_file: TabularFile):
        self.file = requirement_file
        self.has_weight = "weight" in requirement_file.columns
        self.weight_labels = {weight: str(label) for weight, label in WEIGHT_LABELS.items()}  # translated once
        self.positions = {row.code: row for row in db.session.execute(
            select(Position.id, Position.code, Position.name))}
        self.position_by_id = {row.id: row for row in self.positions.values()}
        self.frameworks = {row.id: _FrameworkInfo(row.id, row.code, row.name, tuple(row.scale or ()))
                           for row in db.session.execute(
                               select(Framework.id, Framework.code, Framework.name, Framework.scale))}
        self.framework_by_code = {info.code: info for info in self.frameworks.values()}
        self.competencies = {(row.framework_id, row.code): row for row in db.session.execute(
            select(Competency.id, Competency.framework_id, Competency.code, Competency.name))}
        self.competency_by_id = {row.id: row for row in self.competencies.values()}
        self.competencies_by_code: dict[str, list[Any]] = defaultdict(list)
        for row in self.competencies.values():
            self.competencies_by_code[row.code].append(row)
        self.existing = {(row.position_id, row.competency_id): row for row in db.session.execute(
            select(Requirement.id, Requirement.position_id, Requirement.competency_id, Requirement.level,
                   Requirement.weight))}

    def run(self) -> RequirementPreview:
        rows = [self._row(number, raw) for number, raw in self.file.records]
        self._check_duplicates(rows)
        for row in rows:
            self._outcome(row)
        removals, kept = self._removals(rows)
        return RequirementPreview(self.file.filename, rows, self.file.columns, self.file.ignored_columns,
                                  removals, kept)

    def _row(self, number: int, raw: dict[str, Any]) -> RequirementRow:
        row = RequirementRow(number=number, position_code=cell_text(raw.get("position_code")),
                             framework_code=cell_text(raw.get("framework_code")),
                             competency_code=cell_text(raw.get("competency_code")),
                             position_name=cell_text(raw.get("position_name")),
                             competency_name=cell_text(raw.get("competency_name")))
        position = self.positions.get(row.position_code) if row.position_code else None
        if not row.position_code:
            row.reasons.append(_("Kode jabatan wajib diisi."))
        elif position is None:
            row.reasons.append(_("Kode jabatan \"%(code)s\" tidak ditemukan.", code=row.position_code))
        else:
            row.position_id, row.position_name = position.id, position.name
        competency, framework = self._competency(row)
        if competency is not None:
            row.competency_id, row.competency_name = competency.id, competency.name
            row.framework_code = framework.code
        row.level = self._level(raw.get("level"), framework, row.reasons)
        row.weight = self._weight(raw.get("weight"), row.reasons)
        if framework is not None and row.level is not None:
            row.level_label = framework.level_label(row.level)
        return row

    def _competency(self, row: RequirementRow) -> tuple[Any, _FrameworkInfo | None]:
        code, framework_code = row.competency_code, row.framework_code
        framework = self.framework_by_code.get(framework_code) if framework_code else None
        if framework_code and framework is None:
            row.reasons.append(_("Kode kamus \"%(code)s\" tidak ditemukan.", code=framework_code))
            return None, None
        if not code:
            row.reasons.append(_("Kode kompetensi wajib diisi."))
            return None, framework
        if framework is not None:
            competency = self.competencies.get((framework.id, code))
            if competency is None:
                row.reasons.append(_("Kode kompetensi \"%(code)s\" tidak ditemukan di kamus %(framework)s.",
                                     code=code, framework=framework.code))
                return None, framework
            return competency, framework
        candidates = self.competencies_by_code.get(code, [])
        if not candidates:
            row.reasons.append(_("Kode kompetensi \"%(code)s\" tidak ditemukan.", code=code))
            return None, None
        if len(candidates) > 1:
            codes = sorted(self.frameworks[candidate.framework_id].code for candidate in candidates)
            row.reasons.append(_("Kode kompetensi \"%(code)s\" ada di beberapa kamus (%(frameworks)s); isi "
                                 "Kode Kamus.", code=code, frameworks=", ".join(codes)))
            return None, None
        return candidates[0], self.frameworks[candidates[0].framework_id]

    def _level(self, value: Any, framework: _FrameworkInfo | None, reasons: list[str]) -> int | None:
        text = cell_text(value)
        if not text:
            reasons.append(_("Level wajib diisi."))
            return None
        level = _integer(value, text)
        if level is None and framework is not None:
            labels = {label.strip().lower(): number for number, label in enumerate(framework.scale, start=1)}
            level = labels.get(text.lower())
        if level is None:
            if framework is None:
                reasons.append(_("Level \"%(value)s\" bukan angka.", value=text))
            else:
                reasons.append(_("Level \"%(value)s\" tidak dikenal pada skala %(framework)s (%(scale)s).",
                                 value=text, framework=framework.name, scale=framework.scale_text()))
            return None
        if framework is not None and not 1 <= level <= len(framework.scale):
            reasons.append(_("Level %(level)s di luar skala %(framework)s (1–%(max)s: %(scale)s).",
                             level=level, framework=framework.name, max=len(framework.scale),
                             scale=framework.scale_text()))
            return None
        return level

    def _weight(self, value: Any, reasons: list[str]) -> str | None:
        """"critical"/"normal", or None: keep the existing weight (normal for a new requirement)."""
        text = cell_text(value)
        if not self.has_weight or not text:
            return None
        weight = _WEIGHTS.get(text.lower())
        if weight is None:
            reasons.append(_("Bobot \"%(value)s\" tidak dikenal; isi kritis atau normal.", value=text))
        return weight

    def _check_duplicates(self, rows: list[RequirementRow]) -> None:
        by_pair: dict[tuple[int, int], list[RequirementRow]] = defaultdict(list)
        for row in rows:
            if row.position_id is not None and row.competency_id is not None:
                by_pair[(row.position_id, row.competency_id)].append(row)
        for group in by_pair.values():
            if len(group) < 2:
                continue
            numbers = join_numbers([row.number for row in group])
            for row in group:
                row.reasons.append(_("Jabatan %(position)s dengan kompetensi %(competency)s muncul lebih dari "
                                     "sekali (baris %(rows)s).", position=row.position_code,
                                     competency=row.competency_code, rows=numbers))

    def _outcome(self, row: RequirementRow) -> None:
        framework = self._framework_of(row.competency_id)
        existing = self.existing.get((row.position_id, row.competency_id))
        if existing is not None:
            row.requirement_id = existing.id
        if row.reasons:
            row.outcome = "error"
            return
        if row.weight is None:
            row.weight = existing.weight if existing is not None else "normal"
        row.weight_label = self.weight_labels[row.weight]
        if existing is None:
            row.outcome = "new"
            return
        row.before = {"level": existing.level, "weight": existing.weight}
        if existing.level != row.level:
            row.changes["Level"] = (framework.level_label(existing.level), framework.level_label(row.level))
        if existing.weight != row.weight:
            row.changes["Bobot"] = (self.weight_labels.get(existing.weight, existing.weight), row.weight_label)
        row.outcome = "updated" if row.changes else "unchanged"

    def _framework_of(self, competency_id: int | None) -> _FrameworkInfo | None:
        if competency_id is None:
            return None
        return self.frameworks[self.competency_by_id[competency_id].framework_id]

    def _removals(self, rows: list[RequirementRow]) -> tuple[list[Removal], list[str]]:
        in_file = {row.position_id for row in rows if row.position_id is not None}
        refused = {row.position_id for row in rows if row.position_id is not None and row.outcome == "error"}
        mentioned = {(row.position_id, row.competency_id) for row in rows if row.competency_id is not None}
        removals = []
        for (position_id, competency_id), existing in self.existing.items():
            if position_id not in in_file or position_id in refused or (position_id, competency_id) in mentioned:
                continue
            position, competency = self.position_by_id[position_id], self.competency_by_id[competency_id]
            framework = self.frameworks[competency.framework_id]
            removals.append(Removal(existing.id, position_id, competency_id, position.code, position.name,
                                    framework.code, competency.code, competency.name, existing.level,
                                    existing.weight, framework.level_label(existing.level)))
        removals.sort(key=lambda item: (item.position_code, item.framework_code, item.competency_code))
        kept = sorted(self.position_by_id[position_id].code for position_id in refused)
        return removals, kept


def _integer(value: Any, text: str) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    normalised = text.replace(",", ".")
    try:
        number = float(normalised)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def report_csv(preview: RequirementPreview) -> bytes:
    """Every row with its outcome and reasons, then the requirements the file does not mention."""
    rows = [[row.number, row.position_code, row.framework_code, row.competency_code, row.outcome_label, row.detail]
            for row in preview.rows]
    rows += [["", removal.position_code, removal.framework_code, removal.competency_code,
              _("tidak ada di berkas"),
              _("Dihapus bila pilihan hapus dicentang (level %(level)s, %(weight)s)",
                level=removal.level_label, weight=WEIGHT_LABELS[removal.weight])]
             for removal in preview.removals]
    return csv_bytes(["Baris", "Kode Jabatan", "Kode Kamus", "Kode Kompetensi", "Hasil", "Keterangan"], rows)


# --- applying --------------------------------------------------------------------------------------------



def apply_requirements(actor: Actor | None, preview: RequirementPreview, filename: str, valid_only: bool,
                       delete_missing: bool = False) -> ImportSummary:
    """Write the preview's new and updated rows and, with ``delete_missing``, delete its removals (bulk
    statements), audit every change and invalidate the graph cache.

    With errors in the preview, ``valid_only`` False refuses (DomainError, nothing written) and True skips the
    error rows. The preview must come from :func:`preview_requirements` in the same transaction. Flushes, never
    commits.
    """
    errors = preview.error_count
    if errors and not valid_only:
        raise DomainError(_("Tidak ada yang diimpor: %(count)s baris berisi kesalahan. Perbaiki berkasnya, "
                            "atau pilih impor hanya baris yang valid.", count=errors))
    new_rows, updated_rows = preview.rows_with("new"), preview.rows_with("updated")
    removals = preview.removals if delete_missing else []
    new_ids: list[int] = []
    if new_rows:
        # Without RETURNING: with it SQLite inserts row by row (sort_by_parameter_order). The new ids are read
        # back by (position, competency), among the ids above the largest one before the insert.
        highest = db.session.scalar(select(func.max(Requirement.id))) or 0
        db.session.execute(insert(Requirement), [
            {"position_id": row.position_id, "competency_id": row.competency_id, "level": row.level,
             "weight": row.weight} for row in new_rows])
        inserted = {(position_id, competency_id): requirement_id
                    for requirement_id, position_id, competency_id in db.session.execute(
                        select(Requirement.id, Requirement.position_id, Requirement.competency_id)
                        .where(Requirement.id > highest))}
        new_ids = [inserted[(row.position_id, row.competency_id)] for row in new_rows]
    if updated_rows:
        db.session.execute(update(Requirement), [
            {"id": row.requirement_id, "level": row.level, "weight": row.weight} for row in updated_rows])
    removal_ids = [removal.requirement_id for removal in removals]
    for start in range(0, len(removal_ids), 5000):
        db.session.execute(delete(Requirement).where(Requirement.id.in_(removal_ids[start:start + 5000])))

    summary = ImportSummary(created=len(new_rows), updated=len(updated_rows),
                            unchanged=len(preview.rows_with("unchanged")), removed=len(removals), skipped=errors)
    note = _("Impor standar kompetensi %(file)s", file=filename)
    entries = []
    for row, requirement_id in zip(new_rows, new_ids, strict=True):
        entries.append(audit.entry_values(actor, "create", "requirement", requirement_id, _label(row),
                                          audit.diff({}, {"level": row.level, "weight": row.weight}),
                                          _("%(note)s, baris %(row)s", note=note, row=row.number)))
    for row in updated_rows:
        entries.append(audit.entry_values(actor, "update", "requirement", row.requirement_id, _label(row),
                                          audit.diff(row.before, {"level": row.level, "weight": row.weight}),
                                          _("%(note)s, baris %(row)s", note=note, row=row.number)))
    for removal in removals:
        entries.append(audit.entry_values(actor, "delete", "requirement", removal.requirement_id, removal.label,
                                          {"level": removal.level, "weight": removal.weight},
                                          _("%(note)s: tidak ada di berkas", note=note)))
    entries.append(audit.entry_values(
        actor, "import", "requirement", None, filename,
        {"rows": len(preview.rows), "created": summary.created, "updated": summary.updated,
         "unchanged": summary.unchanged, "removed": summary.removed, "skipped": summary.skipped,
         "valid_only": valid_only, "delete_missing": delete_missing},
        _("%(file)s: %(created)s ditambahkan, %(updated)s diperbarui, %(unchanged)s tidak berubah, %(removed)s "
          "dihapus, %(skipped)s dilewati.", file=filename, created=summary.created, updated=summary.updated,
          unchanged=summary.unchanged, removed=summary.removed, skipped=summary.skipped)))
    audit.record_many(entries)
    if summary.created or summary.updated or summary.removed:
        invalidate_graph()
    db.session.flush()
    # The bulk statements bypass the identity map: reload any requirement object the session holds.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Requirement):
            db.session.expire(obj)
    logger.info("requirements %s imported by user %s: %s", filename, getattr(actor, "id", None), summary)
    return summary


def _label(row: RequirementRow) -> str:
    return f"{row.position_name} – {row.competency_name}"  # as competencies.services labels requirements
