"""Bulk edit of requirements: export, reading files, preview outcomes and errors, applying, the web flow."""

import codecs
import csv
import io
import re
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import event, func, select

from competencies import requirement_export
from competencies import requirement_import as ri
from competencies.models import Competency, Framework, Requirement
from lms.audit.models import AuditEntry
from lms.cache import GRAPH, current_version
from lms.domain import DomainError
from lms.extensions import db as _db
from lms.imports import store
from lms.imports.models import Upload
from lms.people.models import Position
from tests.helpers import page_text

HEADER = ["Kode Jabatan", "Nama Jabatan", "Kode Kamus", "Kode Kompetensi", "Nama Kompetensi", "Level", "Bobot"]


@pytest.fixture
def org(db, make_unit, make_position):
    """Two frameworks (1..5 and Dasar/Cakap/Mahir) sharing one competency code, positions in a unit with a
    sub-unit and in another unit, and a few requirements."""
    asn = Framework(code="ASN", name="Manajerial ASN", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    arsip = Framework(code="ARSIP", name="Teknis Kearsipan", scale=["Dasar", "Cakap", "Mahir"], proficient_level=2)
    competencies = {
        "M.01": Competency(framework=asn, code="M.01", name="Integritas", type="manajerial"),
        "M.02": Competency(framework=asn, code="M.02", name="Kerja Sama", type="manajerial"),
        "AR.1": Competency(framework=arsip, code="AR.1", name="Arsip Dinamis", type="teknis"),
        "AR.2": Competency(framework=arsip, code="AR.2", name="Penyusutan Arsip", type="teknis"),
        "ARSIP.M.01": Competency(framework=arsip, code="M.01", name="Manajemen Arsip", type="teknis"),
    }
    db.session.add_all([asn, arsip, *competencies.values()])
    db.session.commit()
    dinas = make_unit("Dinas Kearsipan", code="DINAS")
    seksi = make_unit("Seksi Arsip", kind="seksi", parent=dinas, code="SEKSI")
    lain = make_unit("Dinas Pendidikan", code="LAIN")
    positions = {
        "KADIS": make_position("Kepala Dinas", kind="jpt", unit=dinas, code="KADIS"),
        "STAF": make_position("Arsiparis", kind="fungsional_keterampilan", unit=seksi, code="STAF"),
        "GURU": make_position("Guru", kind="fungsional_keahlian", unit=lain, code="GURU"),
    }
    db.session.add_all([
        Requirement(position=positions["KADIS"], competency=competencies["M.01"], level=4, weight="critical"),
        Requirement(position=positions["STAF"], competency=competencies["M.01"], level=2, weight="normal"),
        Requirement(position=positions["STAF"], competency=competencies["AR.1"], level=2, weight="critical"),
        Requirement(position=positions["GURU"], competency=competencies["M.02"], level=3, weight="normal"),
    ])
    db.session.commit()
    return SimpleNamespace(asn=asn, arsip=arsip, c=competencies, p=positions, dinas=dinas, seksi=seksi)


def csv_bytes(rows: list[list], header: list[str] = HEADER, delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def line(position: str, framework: str, code: str, level, weight: str = "normal") -> list:
    return [position, "", framework, code, "", level, weight]


def preview(rows: list[list], **options) -> ri.RequirementPreview:
    return ri.preview_requirements("standar.csv", csv_bytes(rows, **options))


def stored(db) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(position code, framework code, competency code) -> (level, weight), as in the database now."""
    db.session.expire_all()
    return {(p, f, c): (level, weight) for p, f, c, level, weight in db.session.execute(
        select(Position.code, Framework.code, Competency.code, Requirement.level,
               Requirement.weight)
        .select_from(Requirement).join(Requirement.position).join(Requirement.competency)
        .join(Competency.framework))}


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- export ------------------------------------------------------------------------------------------------

def test_export_lists_every_requirement_with_the_documented_columns(db, org):
    rows = requirement_export.export_rows()
    assert rows == [
        ("GURU", "Guru", "ASN", "M.02", "Kerja Sama", 3, "normal"),
        ("KADIS", "Kepala Dinas", "ASN", "M.01", "Integritas", 4, "kritis"),
        ("STAF", "Arsiparis", "ARSIP", "AR.1", "Arsip Dinamis", 2, "kritis"),
        ("STAF", "Arsiparis", "ASN", "M.01", "Integritas", 2, "normal"),
    ]
    data = requirement_export.export_csv(rows)
    assert data.startswith(codecs.BOM_UTF8 + b"Kode Jabatan;Nama Jabatan;Kode Kamus;Kode Kompetensi;Nama Kompetensi;"
                                             b"Level;Bobot\r\n")


def test_export_filters_by_unit_with_sub_units_and_by_position_kind(db, org):
    assert {row[0] for row in requirement_export.export_rows(unit_id=org.dinas.id)} == {"KADIS", "STAF"}
    assert {row[0] for row in requirement_export.export_rows(unit_id=org.seksi.id)} == {"STAF"}
    assert {row[0] for row in requirement_export.export_rows(kind="jpt")} == {"KADIS"}
    assert requirement_export.export_rows(unit_id=org.seksi.id, kind="jpt") == []


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_export_then_import_round_trip_changes_nothing(db, org, make_user, file_type):
    rows = requirement_export.export_rows()
    data = requirement_export.export_csv(rows) if file_type == "csv" else requirement_export.export_xlsx(rows)
    before = stored(db)
    result = ri.preview_requirements(f"standar.{file_type}", data)
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 4, "error": 0}
    assert result.removals == []
    hr = make_user("hr")
    version = current_version(GRAPH)
    summary = ri.apply_requirements(hr, result, f"standar.{file_type}", valid_only=False, delete_missing=True)
    db.session.commit()
    assert (summary.created, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 4)
    assert stored(db) == before
    assert current_version(GRAPH) == version  # nothing changed: the graph cache stays valid
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "requirement")).all() == [
        "import"]


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


# --- web ---------------------------------------------------------------------------------------------------

def _upload(client, data: bytes, filename: str = "standar.csv"):
    return client.post("/standar-kompetensi/impor", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _token(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def _fingerprint(page) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]


def test_hr_exports_uploads_previews_and_confirms(db, org, client, make_user, login):
    hr = make_user("hr")
    login(hr)
    page = page_text(client.get("/standar-kompetensi/impor"))
    assert "Kode Kompetensi" in page and "Unduh XLSX" in page
    exported = client.get("/standar-kompetensi/ekspor.csv")
    assert exported.mimetype == "text/csv"
    assert 'filename="standar-kompetensi.csv"' in exported.headers["Content-Disposition"]
    edited = exported.data.decode("utf-8-sig").replace("STAF;Arsiparis;ARSIP;AR.1;Arsip Dinamis;2;kritis",
                                                       "STAF;Arsiparis;ARSIP;AR.1;Arsip Dinamis;3;kritis")
    edited += "STAF;;ARSIP;AR.2;;1;normal\r\n"
    token = _token(_upload(client, edited.encode("utf-8")))
    upload = db.session.scalar(select(Upload).where(Upload.token == token))
    assert (upload.uploaded_by_id, upload.kind, upload.filename) == (hr.id, "requirements", "standar.csv")

    preview_page = client.get(f"/impor/standar-kompetensi/{token}")
    text = page_text(preview_page)
    assert "5 baris: 1 ditambahkan, 1 diperbarui, 3 tidak berubah, 0 salah." in text
    assert "Level: 2 – Cakap → 3 – Mahir" in text and "Impor semua" in text
    done = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi",
                       data={"fingerprint": _fingerprint(preview_page)}, follow_redirects=True)
    assert done.request.path == "/standar-kompetensi/impor"
    assert ("Impor standar.csv selesai: 1 ditambahkan, 1 diperbarui, 3 tidak berubah, 0 dihapus, 0 dilewati."
            in page_text(done))
    assert stored(db)[("STAF", "ARSIP", "AR.1")] == (3, "critical")
    assert count(db, Upload) == 0
    assert client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={}).status_code == 404


def test_xlsx_export_and_upload(db, org, client, make_user, login):
    login(make_user("hr"))
    exported = client.get(f"/standar-kompetensi/ekspor.xlsx?unit={org.dinas.id}&kind=jpt")
    assert exported.data.startswith(b"PK")
    assert 'filename="standar-kompetensi-DINAS-jpt.xlsx"' in exported.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER, ["KADIS", "Kepala Dinas", "ASN", "M.01", "Integritas", 4, "kritis"]]
    token = _token(_upload(client, exported.data, "standar.xlsx"))
    assert "1 baris: 0 ditambahkan, 0 diperbarui, 1 tidak berubah, 0 salah." in page_text(
        client.get(f"/impor/standar-kompetensi/{token}"))


def test_with_errors_the_user_must_choose_valid_only(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.2", 2), line("STAF", "ARSIP", "AR.2", 3),
                                              line("GURU", "ASN", "M.01", 7), line("KADIS", "ASN", "M.02", 1)])))
    page = client.get(f"/impor/standar-kompetensi/{token}")
    text = page_text(page)
    assert "3 baris berisi kesalahan" in text
    assert "muncul lebih dari sekali (baris 2 dan 3)" in text
    assert "Level 7 di luar skala Manajerial ASN" in text
    assert re.search(r"<button[^>]*disabled[^>]*>\s*Impor semua", page.get_data(as_text=True))
    refused = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={"fingerprint": _fingerprint(page)})
    assert refused.status_code == 422 and "centang pilihan ini" in page_text(refused)
    assert ("KADIS", "ASN", "M.02") not in stored(db)
    done = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi",
                       data={"fingerprint": _fingerprint(page), "valid_only": "y"}, follow_redirects=True)
    assert "1 ditambahkan, 0 diperbarui, 0 tidak berubah, 0 dihapus, 3 dilewati" in page_text(done)
    assert stored(db)[("KADIS", "ASN", "M.02")] == (1, "normal")


def test_the_deletion_option_is_shown_with_its_count_and_honoured(db, org, client, make_user, login):
    login(make_user("hr"))
    data = csv_bytes([line("STAF", "ARSIP", "AR.2", 1)])
    token = _token(_upload(client, data))
    page = client.get(f"/impor/standar-kompetensi/{token}")
    text = page_text(page)
    assert "Tidak ada di berkas: 2" in text
    assert "Hapus persyaratan yang tidak ada di berkas untuk jabatan di berkas" in text
    assert "2 persyaratan akan dihapus bila pilihan ini dicentang" in text
    assert 'name="delete_missing"' in page.get_data(as_text=True)
    client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={"fingerprint": _fingerprint(page)})
    assert ("STAF", "ASN", "M.01") in stored(db)  # not ticked: kept

    token = _token(_upload(client, data))
    page = client.get(f"/impor/standar-kompetensi/{token}")
    done = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi",
                       data={"fingerprint": _fingerprint(page), "delete_missing": "y"}, follow_redirects=True)
    assert "0 ditambahkan, 0 diperbarui, 1 tidak berubah, 2 dihapus" in page_text(done)
    assert [key for key in stored(db) if key[0] == "STAF"] == [("STAF", "ARSIP", "AR.2")]


def test_a_stale_preview_is_not_confirmed(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.1", 3)])))
    fingerprint = _fingerprint(client.get(f"/impor/standar-kompetensi/{token}"))
    db.session.execute(Requirement.__table__.update().where(Requirement.level == 2).values(level=1))
    db.session.commit()  # meanwhile, someone else edits
    response = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={"fingerprint": fingerprint})
    assert response.status_code == 422
    assert "Standar kompetensi berubah sejak pratinjau ditampilkan" in page_text(response)
    assert "Level: 1 – Dasar → 3 – Mahir" in page_text(response)


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("standar.pdf", b"%PDF", "Hanya berkas .csv atau .xlsx yang diterima"),
    ("standar.csv", b"Kode Jabatan;Level\nSTAF;2\n", "Kolom wajib tidak ditemukan: Kode Kompetensi."),
])
def test_a_bad_upload_is_refused_on_the_form(db, client, make_user, login, filename, data, message):
    login(make_user("hr"))
    response = _upload(client, data, filename)
    assert response.status_code == 422 and message in page_text(response)
    assert count(db, Upload) == 0


def test_report_and_discard(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.2", 1), line("NOPE", "ASN", "M.01", 1)])))
    report = client.get(f"/impor/standar-kompetensi/{token}/laporan.csv")
    lines = report.data.decode("utf-8-sig").splitlines()
    assert lines[2] == '3;NOPE;ASN;M.01;salah;"Kode jabatan ""NOPE"" tidak ditemukan."'
    response = client.post(f"/impor/standar-kompetensi/{token}/batal", follow_redirects=True)
    assert "Unggahan standar.csv dibatalkan" in page_text(response)
    assert count(db, Upload) == 0
    assert client.get(f"/impor/standar-kompetensi/{token}").status_code == 404


def test_access_to_the_import_pages(db, org, client, make_user, login):
    owner, other_hr, plain = make_user("hr"), make_user("hr", email="hr2@pemkomedan.go.id"), make_user()
    login(owner)
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.2", 1)])))
    roster_token = store.store_upload(owner, "pegawai.csv", b"NIP;Nama\n", "roster").token
    db.session.commit()
    assert client.get(f"/impor/standar-kompetensi/{roster_token}").status_code == 404  # not a requirement file
    assert client.get(f"/impor/no-such-kind/{token}").status_code == 404
    client.post("/keluar")
    login(plain)
    assert client.get("/standar-kompetensi/impor").status_code == 403
    assert client.get(f"/impor/standar-kompetensi/{token}").status_code == 403
    client.post("/keluar")
    login(other_hr)
    assert client.get(f"/impor/standar-kompetensi/{token}").status_code == 403
    assert client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={}).status_code == 403
    assert client.get("/impor/standar-kompetensi/no-such-token").status_code == 404


def test_a_requirement_upload_cannot_be_opened_as_a_roster_upload(client, db, make_user, login):
    hr = make_user("employee", "hr")
    upload = store.store_upload(hr, "standar.csv", b"Kode Jabatan\n", "requirements")
    db.session.commit()
    login(hr)
    assert client.get(f"/impor/pegawai/{upload.token}").status_code == 404
