"""Requirement import: reading files, preview outcomes and errors, applying the changes."""

import io
import re

import openpyxl
import pytest
from sqlalchemy import event, select

from competencies import requirement_import as ri
from lms.audit.models import AuditEntry
from lms.cache import GRAPH, current_version
from lms.domain import DomainError
from lms.extensions import db as _db
from tests import requirement_import_helpers
from tests.requirement_import_helpers import HEADER, count, csv_bytes, line, stored

org = requirement_import_helpers.org  # the fixture, found by pytest in this module


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(rows: list[list], **options) -> ri.RequirementPreview:
    return ri.preview_requirements("standar.csv", csv_bytes(rows, **options))


# --- reading -----------------------------------------------------------------------------------------------

def test_headers_are_matched_loosely_and_unknown_columns_ignored(db, org):
    header = ["kode_jabatan", "KODE KOMPETENSI", "Kamus", "level (1-5)", "Catatan"]
    result = preview([["STAF", "AR.2", "ARSIP", "2", "x"]], header=header, delimiter=",")
    assert result.counts["new"] == 1
    assert result.ignored_columns == ["Catatan"]


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("standar.pdf", b"%PDF", "Hanya berkas .csv atau .xlsx yang diterima"),
    ("standar.xls", b"x", "Format .xls"),
    ("standar.csv", b"", "Berkas kosong"),
    ("standar.csv", b"Kode Jabatan;Level\nSTAF;2\n", "Kolom wajib tidak ditemukan: Kode Kompetensi."),
    ("standar.csv", csv_bytes([]), "Berkas tidak berisi baris data"),
    ("standar.xlsx", b"garbage", "Berkas XLSX rusak"),
])
def test_unreadable_files_are_refused_as_a_whole(db, filename, data, message):
    with pytest.raises(ri.FileError, match=re.escape(message)):
        ri.preview_requirements(filename, data)


# --- preview -----------------------------------------------------------------------------------------------

def test_preview_outcomes_new_updated_unchanged(db, org):
    result = preview([
        line("STAF", "ASN", "M.01", 2, "normal"),      # unchanged
        line("STAF", "ARSIP", "AR.1", 3, "normal"),    # level and weight change
        line("STAF", "ARSIP", "AR.2", "Cakap", ""),    # new, level by its label, weight defaults to normal
        line("KADIS", "ASN", "M.01", "4", ""),         # blank weight keeps the existing one (kritis)
    ])
    outcomes = [(row.number, row.outcome) for row in result.rows]
    assert outcomes == [(2, "unchanged"), (3, "updated"), (4, "new"), (5, "unchanged")]
    updated = result.rows[1]
    assert updated.changes == {"Level": ("2 – Cakap", "3 – Mahir"), "Bobot": ("kritis", "normal")}
    assert "Level: 2 – Cakap → 3 – Mahir" in updated.detail
    new = result.rows[2]
    assert (new.level, new.weight, new.level_label) == (2, "normal", "2 – Cakap")
    assert result.rows[3].weight == "critical"
    assert result.summary == "4 baris: 1 ditambahkan, 1 diperbarui, 2 tidak berubah, 0 salah."


def test_without_a_weight_column_existing_weights_are_kept(db, org):
    header = ["Kode Jabatan", "Kode Kamus", "Kode Kompetensi", "Level"]
    result = preview([["STAF", "ARSIP", "AR.1", 2]], header=header)
    assert result.rows[0].outcome == "unchanged" and result.rows[0].weight == "critical"


def test_the_framework_may_be_left_out_when_the_code_is_unique(db, org):
    result = preview([line("STAF", "", "AR.2", 1), line("STAF", "", "M.01", 1)])
    assert result.rows[0].outcome == "new" and result.rows[0].framework_code == "ARSIP"
    assert result.rows[1].outcome == "error"
    assert result.rows[1].reasons == ["Kode kompetensi \"M.01\" ada di beberapa kamus (ARSIP, ASN); isi Kode Kamus."]


@pytest.mark.parametrize(("row", "reason"), [
    (line("NOPE", "ASN", "M.01", 2), "Kode jabatan \"NOPE\" tidak ditemukan."),
    (line("", "ASN", "M.01", 2), "Kode jabatan wajib diisi."),
    (line("STAF", "XYZ", "M.01", 2), "Kode kamus \"XYZ\" tidak ditemukan."),
    (line("STAF", "ASN", "M.99", 2), "Kode kompetensi \"M.99\" tidak ditemukan di kamus ASN."),
    (line("STAF", "", "Z.1", 2), "Kode kompetensi \"Z.1\" tidak ditemukan."),
    (line("STAF", "ASN", "", 2), "Kode kompetensi wajib diisi."),
    (line("STAF", "ARSIP", "AR.2", 4),
     "Level 4 di luar skala Teknis Kearsipan (1–3: 1 Dasar, 2 Cakap, 3 Mahir)."),
    (line("STAF", "ASN", "M.02", 0), "Level 0 di luar skala Manajerial ASN (1–5: 1, 2, 3, 4, 5)."),
    (line("STAF", "ARSIP", "AR.2", "Ahli"),
     "Level \"Ahli\" tidak dikenal pada skala Teknis Kearsipan (1 Dasar, 2 Cakap, 3 Mahir)."),
    (line("STAF", "ARSIP", "AR.2", ""), "Level wajib diisi."),
    (line("STAF", "ARSIP", "AR.2", 2, "sedang"), "Bobot \"sedang\" tidak dikenal; isi kritis atau normal."),
])
def test_each_error_is_reported_with_its_row_number_and_reason(db, org, row, reason):
    result = preview([line("GURU", "ASN", "M.02", 3), row])
    assert result.rows[0].outcome == "unchanged"
    error = result.rows[1]
    assert (error.number, error.outcome, error.reasons) == (3, "error", [reason])


def test_a_duplicate_position_and_competency_names_both_rows(db, org):
    result = preview([line("STAF", "ARSIP", "AR.2", 1), line("GURU", "ASN", "M.02", 3),
                      line("STAF", "ARSIP", "AR.2", 2)])
    message = "Jabatan STAF dengan kompetensi AR.2 muncul lebih dari sekali (baris 2 dan 4)."
    assert [row.reasons for row in result.rows] == [[message], [], [message]]
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 1, "error": 2}


def test_xlsx_numbers_and_labels_are_read(db, org):
    data = xlsx_bytes([["STAF", "Arsiparis", "ARSIP", "AR.1", "Arsip Dinamis", 3.0, "Kritis"],
                       ["STAF", "Arsiparis", "ARSIP", "AR.2", "", "mahir", "NORMAL"]])
    result = ri.preview_requirements("standar.xlsx", data)
    assert [(row.outcome, row.level, row.weight) for row in result.rows] == [("updated", 3, "critical"),
                                                                            ("new", 3, "normal")]


def test_removals_are_listed_for_positions_in_the_file_only(db, org):
    result = preview([line("STAF", "ARSIP", "AR.2", 1)])
    assert [(r.position_code, r.framework_code, r.competency_code, r.level_label) for r in result.removals] == [
        ("STAF", "ARSIP", "AR.1", "2 – Cakap"), ("STAF", "ASN", "M.01", "2")]
    report = ri.report_csv(result).decode("utf-8-sig").splitlines()
    assert report[0] == "Baris;Kode Jabatan;Kode Kamus;Kode Kompetensi;Hasil;Keterangan"
    assert report[1] == "2;STAF;ARSIP;AR.2;ditambahkan;"
    assert report[2].startswith(";STAF;ARSIP;AR.1;tidak ada di berkas;Dihapus bila")


def test_a_position_with_a_refused_row_is_never_pruned(db, org):
    result = preview([line("STAF", "ARSIP", "AR.2", 9), line("KADIS", "ASN", "M.02", 3)])
    assert [removal.position_code for removal in result.removals] == ["KADIS"]
    assert result.kept_positions == ["STAF"]


# --- applying ----------------------------------------------------------------------------------------------

def test_nothing_is_written_with_errors_unless_valid_only(db, org, make_user):
    hr = make_user("hr")
    result = preview([line("STAF", "ARSIP", "AR.2", 3, "kritis"), line("NOPE", "ASN", "M.01", 2)])
    before = stored(db)
    with pytest.raises(DomainError, match="1 baris berisi kesalahan"):
        ri.apply_requirements(hr, result, "standar.csv", valid_only=False)
    assert stored(db) == before
    summary = ri.apply_requirements(hr, result, "standar.csv", valid_only=True)
    db.session.commit()
    assert (summary.created, summary.skipped) == (1, 1)
    assert stored(db)[("STAF", "ARSIP", "AR.2")] == (3, "critical")


def test_apply_writes_audits_each_change_and_invalidates_the_graph(db, org, make_user):
    hr = make_user("hr")
    result = preview([line("STAF", "ARSIP", "AR.1", 3, "normal"), line("STAF", "ARSIP", "AR.2", 1),
                      line("STAF", "ASN", "M.01", 2)])
    version = current_version(GRAPH)
    summary = ri.apply_requirements(hr, result, "standar.csv", valid_only=False)
    db.session.commit()
    assert (summary.created, summary.updated, summary.unchanged, summary.removed) == (1, 1, 1, 0)
    assert stored(db)[("STAF", "ARSIP", "AR.1")] == (3, "normal")
    assert current_version(GRAPH) == version + 1
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "requirement")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.entity_type, e.entity_label) for e in entries] == [
        ("create", "requirement", "Arsiparis – Penyusutan Arsip"),
        ("update", "requirement", "Arsiparis – Arsip Dinamis"),
        ("import", "requirement", "standar.csv"),
    ]
    assert entries[0].changes == {"level": [None, 1], "weight": [None, "normal"]}
    assert entries[1].changes == {"level": [2, 3], "weight": ["critical", "normal"]}
    assert entries[1].note == "Impor standar kompetensi standar.csv, baris 2"
    assert entries[2].changes["created"] == 1 and entries[2].actor_id == hr.id


def test_requirements_missing_from_the_file_are_deleted_only_when_asked(db, org, make_user):
    hr = make_user("hr")
    rows = [line("STAF", "ARSIP", "AR.2", 1)]
    ri.apply_requirements(hr, preview(rows), "standar.csv", valid_only=False)
    db.session.commit()
    assert ("STAF", "ASN", "M.01") in stored(db) and ("STAF", "ARSIP", "AR.1") in stored(db)

    summary = ri.apply_requirements(hr, preview(rows), "standar.csv", valid_only=False, delete_missing=True)
    db.session.commit()
    assert summary.removed == 2
    now = stored(db)
    assert [key for key in now if key[0] == "STAF"] == [("STAF", "ARSIP", "AR.2")]
    assert ("KADIS", "ASN", "M.01") in now and ("GURU", "ASN", "M.02") in now  # not in the file: untouched
    deletions = db.session.scalars(select(AuditEntry.changes).where(AuditEntry.action == "delete")).all()
    assert sorted(deletions, key=str) == [{"level": 2, "weight": "critical"}, {"level": 2, "weight": "normal"}]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db, org, make_user):
    hr = make_user("hr")
    data = csv_bytes([line("STAF", "ARSIP", "AR.1", 3), line("GURU", "ARSIP", "AR.2", "Mahir", "kritis")])
    ri.apply_requirements(hr, ri.preview_requirements("standar.csv", data), "standar.csv", valid_only=False,
                          delete_missing=True)
    db.session.commit()
    after_first, version, entries = stored(db), current_version(GRAPH), count(db, AuditEntry)
    second = ri.preview_requirements("standar.csv", data)
    assert second.counts == {"new": 0, "updated": 0, "unchanged": 2, "error": 0} and second.removals == []
    ri.apply_requirements(hr, second, "standar.csv", valid_only=False, delete_missing=True)
    db.session.commit()
    assert stored(db) == after_first
    assert current_version(GRAPH) == version
    assert count(db, AuditEntry) == entries + 1  # the import entry only


def test_preview_and_apply_are_set_based(db, org, make_user, make_position):
    """The number of statements does not grow with the number of rows."""
    hr = make_user("hr")
    extra = [make_position(f"Jabatan {n}", code=f"J{n:03d}") for n in range(40)]

    def statements(rows: list[list]) -> int:
        seen: list[str] = []

        def listen(conn, cursor, statement, *args):
            seen.append(statement)

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", listen)
        try:
            result = preview(rows)
            ri.apply_requirements(hr, result, "standar.csv", valid_only=False, delete_missing=True)
            _db.session.flush()
        finally:
            event.remove(engine, "before_cursor_execute", listen)
        _db.session.rollback()
        return len(seen)

    few = [line(p.code, "ARSIP", "AR.2", 1) for p in extra[:2]] + [line("STAF", "ASN", "M.01", 3)]
    many = [line(p.code, code_framework, code, 1) for p in extra
            for code_framework, code in (("ARSIP", "AR.2"), ("ASN", "M.02"))] + [line("STAF", "ASN", "M.01", 3)]
    assert statements(few) == statements(many)
