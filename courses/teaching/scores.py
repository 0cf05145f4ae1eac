"""Import of pre-/post-test scores of one workshop from a CSV or XLSX file, with the preview and confirmation
of the other imports (:mod:`lms.tabular`, :mod:`lms.imports`).

=========== ======== ==================================================================================
Column      Required Meaning
=========== ======== ==================================================================================
NIP         yes      an enrolled participant of the workshop (spaces, dots and dashes are dropped)
Nama        no       for reading only (ignored on import)
Pre-test    no       0..100, decimal comma or point; empty: the score is kept
Post-test   no       0..100, as above; at least one of the two score columns must be in the file
=========== ======== ==================================================================================

The template to download lists the enrolled participants with their current scores. Nothing here commits.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from courses.models import ENROLMENT_STATUS_LABELS, Enrolment, EnrolmentStatus, Workshop
from courses.teaching.attendance import MAX_SCORE, MIN_SCORE, set_test_scores
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.people.models import Employee
from lms.tabular import (
    TEXT,
    Column,
    FileError,
    ImportPreview,
    ImportSummary,
    PreviewRowText,
    TabularFile,
    cell_text,
    csv_bytes,
    join_numbers,
    read_table,
    xlsx_bytes,
)

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
UPLOAD_KIND = "scores"  # of its stored uploads (lms.imports)
OUTCOME_LABELS = {
    "new": _l("nilai baru"),
    "updated": _l("diperbarui"),
    "unchanged": _l("tidak berubah"),
    "error": _l("salah"),
}
COLUMNS: tuple[Column, ...] = (
    Column("nip", "NIP", True, ("nip", "nip peserta", "nip pegawai"),
           _l("NIP peserta yang terdaftar di kelas ini (18 angka)."), "199005172015031001"),
    Column("name", "Nama", False, ("nama", "nama peserta", "nama pegawai", "name"),
           _l("Hanya untuk dibaca; diabaikan saat impor."), "Budi Santoso"),
    Column("pre_score", "Pre-test", False,
           ("pre-test", "pre test", "pretest", "nilai pre-test", "nilai pre test", "nilai pretest", "nilai awal"),
           _l("Nilai pre-test 0–100 (koma atau titik desimal). Kosong: nilai yang ada tidak diubah."), "65"),
    Column("post_score", "Post-test", False,
           ("post-test", "post test", "posttest", "nilai post-test", "nilai post test", "nilai posttest",
            "nilai akhir"),
           _l("Nilai post-test 0–100 (koma atau titik desimal). Kosong: nilai yang ada tidak diubah."), "82,5"),
)
HEADERS = [column.header for column in COLUMNS]
SCORE_LABELS = {"pre_score": "Pre-test", "post_score": "Post-test"}
_NIP_SEPARATED = re.compile(r"^[0-9][0-9 .\-]*[0-9]$")


# --- reading the file ------------------------------------------------------------------------------------

def read_scores(filename: str, data: bytes) -> TabularFile:
    """Read a score file, or raise :class:`FileError` saying why it cannot be read."""
    table = read_table(filename, data, COLUMNS, MAX_BYTES, MAX_ROWS)
    if not set(SCORE_LABELS) & set(table.columns):
        raise FileError(_("Berkas tidak berisi kolom Pre-test maupun Post-test."))
    return table


def _nip(value: Any) -> tuple[str, str | None]:
    """(NIP, reason it cannot be used)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = format(value, ".15g")
        return shown, _("NIP %(value)s tersimpan sebagai angka sehingga digitnya bisa hilang. Format kolom NIP "
                        "sebagai Teks di Excel lalu ketik ulang NIP-nya.", value=shown)
    text = cell_text(value)
    if _NIP_SEPARATED.match(text):
        text = re.sub(r"\D", "", text)
    return text, None


def _score(value: Any, header: str) -> tuple[float | None, str | None]:
    """(score, reason it cannot be used); an empty cell gives (None, None)."""
    if isinstance(value, bool):
        return None, _("Nilai %(column)s \"%(value)s\" bukan angka.", column=header, value=cell_text(value))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = cell_text(value)
        if not text:
            return None, None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None, _("Nilai %(column)s \"%(value)s\" bukan angka.", column=header, value=text)
    if not math.isfinite(number) or not MIN_SCORE <= number <= MAX_SCORE:
        return None, _("Nilai %(column)s %(value)s di luar rentang %(min)s–%(max)s.", column=header,
                       value=cell_text(value), min=MIN_SCORE, max=MAX_SCORE)
    return number, None


# --- preview ---------------------------------------------------------------------------------------------

@dataclass
class ScoreRow(PreviewRowText):
    outcome_labels = OUTCOME_LABELS
    number: int
    nip: str
    name: str = ""
    outcome: str = ""
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (old, new), for display
    enrolment_id: int | None = field(default=None, repr=False)
    values: dict[str, float] = field(default_factory=dict, repr=False)  # score field -> new score
    before: dict[str, float | None] = field(default_factory=dict, repr=False)



@dataclass
class ScorePreview(ImportPreview):
    outcome_labels = OUTCOME_LABELS
    rows: list[ScoreRow]

    @property
    def fingerprint(self) -> str:
        """Changes whenever what the import would write changes (to detect a stale confirmation)."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(repr((row.number, row.outcome, row.enrolment_id, sorted(row.values.items()),
                                sorted(row.before.items()))).encode())
        return digest.hexdigest()


def score_text(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")


def participants(workshop_id: int) -> dict[str, Any]:
    """NIP -> (enrolment id, status, name, scores) of every enrolment of the workshop, in one query."""
    return {row.nip: row for row in db.session.execute(
        select(Employee.nip, Employee.name, Enrolment.id, Enrolment.status, Enrolment.pre_score,
               Enrolment.post_score)
        .join(Employee, Enrolment.employee_id == Employee.id).where(Enrolment.workshop_id == workshop_id))}


def preview_scores(workshop_id: int, filename: str, data: bytes) -> ScorePreview:
    """Read the file and check every row against the workshop's enrolments (nothing is written)."""
    table = read_scores(filename, data)
    known = participants(workshop_id)
    rows = [_row(number, raw, table.columns, known) for number, raw in table.records]
    by_nip: dict[str, list[ScoreRow]] = defaultdict(list)
    for row in rows:
        if row.nip:
            by_nip[row.nip].append(row)
    for nip, group in by_nip.items():
        if len(group) > 1:
            numbers = join_numbers([row.number for row in group])
            for row in group:
                row.reasons.append(_("NIP %(nip)s muncul lebih dari sekali (baris %(rows)s).", nip=nip, rows=numbers))
    for row in rows:
        _outcome(row)
    return ScorePreview(table.filename, rows, table.columns, table.ignored_columns)


def _row(number: int, raw: dict[str, Any], columns: dict[str, str], known: dict[str, Any]) -> ScoreRow:
    nip, problem = _nip(raw.get("nip"))
    row = ScoreRow(number=number, nip=nip, name=cell_text(raw.get("name")))
    if problem:
        row.reasons.append(problem)
    elif not nip:
        row.reasons.append(_("NIP wajib diisi."))
    elif nip not in known:
        row.reasons.append(_("NIP %(nip)s tidak terdaftar sebagai peserta kelas ini.", nip=nip))
    else:
        participant = known[nip]
        row.name, row.enrolment_id = participant.name, participant.id
        row.before = {"pre_score": participant.pre_score, "post_score": participant.post_score}
        if participant.status != EnrolmentStatus.ENROLLED:
            row.reasons.append(_("Pendaftaran %(nip)s berstatus %(status)s; nilai hanya dicatat untuk peserta "
                                 "terdaftar.", nip=nip, status=ENROLMENT_STATUS_LABELS[participant.status]))
    for key, header in SCORE_LABELS.items():
        if key not in columns:
            continue
        score, reason = _score(raw.get(key), header)
        if reason:
            row.reasons.append(reason)
        elif score is not None:
            row.values[key] = score
    if not row.values and not row.reasons:
        row.reasons.append(_("Isi nilai pre-test atau post-test."))
    return row


def _outcome(row: ScoreRow) -> None:
    if row.reasons:
        row.outcome = "error"
        return
    for key, value in row.values.items():
        if row.before[key] != value:
            row.changes[SCORE_LABELS[key]] = (score_text(row.before[key]), score_text(value))
    if not row.changes:
        row.outcome = "unchanged"
    elif all(row.before[key] is None for key in row.values if row.before[key] != row.values[key]):
        row.outcome = "new"
    else:
        row.outcome = "updated"


def report_csv(preview: ScorePreview) -> bytes:
    return csv_bytes(["Baris", "NIP", "Nama", "Hasil", "Keterangan"],
                     ([row.number, row.nip, row.name, row.outcome_label, row.detail] for row in preview.rows))


# --- templates: the enrolled participants with their current scores -----------------------------------------

def template_rows(workshop_id: int) -> list[list[Any]]:
    enrolled = sorted((row for row in participants(workshop_id).values() if row.status == EnrolmentStatus.ENROLLED),
                      key=lambda row: (row.name, row.nip))
    return [[row.nip, row.name, row.pre_score, row.post_score] for row in enrolled]


def template_csv(workshop_id: int) -> bytes:
    def cell(score: float | None) -> str:
        return "" if score is None else score_text(score)

    rows = template_rows(workshop_id)
    return csv_bytes(HEADERS, ([nip, name, cell(pre), cell(post)] for nip, name, pre, post in rows))


def template_xlsx(workshop_id: int) -> bytes:
    """The same list as XLSX, the NIP column formatted as text so that Excel keeps every digit."""
    return xlsx_bytes("Nilai", HEADERS, template_rows(workshop_id), (22, 40, 12, 12), {0: TEXT})


# --- applying --------------------------------------------------------------------------------------------

def apply_scores(actor: Actor | None, workshop: Workshop, preview: ScorePreview, filename: str,
                 valid_only: bool) -> ImportSummary:
    """Write the preview's new and updated scores (audited). With errors in the preview, ``valid_only`` False
    refuses and True skips the error rows. Apply a preview computed in the same transaction. Flushes only."""
    errors = preview.error_count
    if errors and not valid_only:
        raise DomainError(_("Tidak ada yang diimpor: %(count)s baris berisi kesalahan. Perbaiki berkasnya, "
                            "atau pilih impor hanya baris yang valid.", count=errors))
    writes = [row for row in preview.rows if row.outcome in ("new", "updated")]
    note = _("Impor nilai %(file)s", file=filename)
    set_test_scores(actor, workshop, {row.enrolment_id: row.values for row in writes}, note)
    summary = ImportSummary(created=len(preview.rows_with("new")), updated=len(preview.rows_with("updated")),
                            unchanged=len(preview.rows_with("unchanged")), skipped=errors)
    audit.record_many([audit.entry_values(
        actor, "import", "test_score", workshop.id, f"{workshop.title}: {filename}",
        {"rows": len(preview.rows), "created": summary.created, "updated": summary.updated,
         "unchanged": summary.unchanged, "skipped": summary.skipped, "valid_only": valid_only}, note)])
    logger.info("scores %s imported into workshop %s by user %s: %s", filename, workshop.id,
                getattr(actor, "id", None), summary)
    return summary
