"""Roster import: reading files, previewing rows, applying them, the web flow and the command line."""

import codecs
import csv
import io
import re
import time
from datetime import date, datetime
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import event, func, select

from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.imports import store
from lms.imports.models import Upload
from lms.jobs import services as jobs
from lms.jobs.models import Job
from lms.people.models import Employee
from lms.roster import tasks as roster_tasks
from lms.roster.columns import COLUMNS, UPLOAD_KIND, RosterFileError, read_roster, template_csv, template_xlsx
from lms.roster.preview import RosterPreview, format_preview, preview_roster
from lms.roster.services import apply_roster
from tests.helpers import make_nip, page_text

HEADER = ["NIP", "Nama", "Gelar Depan", "Gelar Belakang", "Jenis Pegawai", "Golongan", "Kode Jabatan",
          "Kode Unit", "NIP Atasan", "Email", "Aktif"]
KEYS = ["nip", "name", "front_title", "back_title", "employment_type", "rank_code", "position_code",
        "unit_code", "supervisor_nip", "email", "is_active"]

NIP_HEAD = make_nip(birth=date(1975, 2, 1), tmt=(2000, 3), sequence=1)
NIP_A = make_nip(sequence=11)
NIP_B = make_nip(sequence=12)
NIP_C = make_nip(birth=date(1992, 8, 30), tmt=(2019, 1), gender=2, sequence=13)


@pytest.fixture
def org(db, make_unit, make_position):
    """Dinas (DINAS) with a division (BIDANG) below it, and another agency (LAIN)."""
    dinas = make_unit("Dinas Komunikasi dan Informatika", code="DINAS")
    bidang = make_unit("Bidang Aplikasi Informatika", kind="bidang", parent=dinas, code="BIDANG")
    lain = make_unit("Dinas Pendidikan", code="LAIN")
    return SimpleNamespace(
        dinas=dinas, bidang=bidang, lain=lain,
        kadis=make_position("Kepala Dinas", kind="jpt", unit=dinas, code="KADIS"),
        kabid=make_position("Kepala Bidang Aplikasi", kind="administrator", unit=bidang, code="KABID"),
        staf=make_position("Pengelola Aplikasi", unit=bidang, code="STAF"),
        umum=make_position("Pengadministrasi Umum", unit=dinas, code="UMUM"),
        guru=make_position("Guru", kind="fungsional_keahlian", grade="Ahli Pertama", unit=lain, code="GURU"),
    )


def row(**values) -> dict[str, str]:
    base = {"nip": NIP_A, "name": "Budi Santoso", "front_title": "", "back_title": "S.Kom.",
            "employment_type": "PNS", "rank_code": "III/a", "position_code": "STAF", "unit_code": "",
            "supervisor_nip": "", "email": "", "is_active": "ya"}
    base.update(values)
    return base


def csv_bytes(rows: list[dict[str, str]], header: list[str] = HEADER, keys: list[str] = KEYS,
              delimiter: str = ",", bom: bool = False, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(key, "") for key in keys])
    return (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode(encoding)


def preview(rows: list[dict[str, str]], **options) -> RosterPreview:
    return preview_roster("pegawai.csv", csv_bytes(rows, **options))


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def employee(db, nip: str) -> Employee:
    return db.session.scalar(select(Employee).where(Employee.nip == nip))


def a_team() -> list[dict[str, str]]:
    """Staff first, their head of division after them, the head of agency last."""
    return [
        row(nip=NIP_B, name="Siti Aminah", supervisor_nip=NIP_A, email="siti@pemkomedan.go.id"),
        row(nip=NIP_A, name="Budi Santoso", position_code="KABID", rank_code="III/d", supervisor_nip=NIP_HEAD),
        row(nip=NIP_HEAD, name="Rahmat Hidayat", front_title="Dr.", back_title="S.E., M.Si.",
            position_code="KADIS", rank_code="IV/c"),
    ]


# --- preview and apply -------------------------------------------------------------------------------------

def test_new_rows_are_created_with_supervisors_defined_later_in_the_file(db, org):
    audit_before = count(db, AuditEntry)
    result = preview(a_team())
    assert [(r.number, r.outcome) for r in result.rows] == [(2, "new"), (3, "new"), (4, "new")]
    assert result.counts == {"new": 3, "updated": 0, "unchanged": 0, "error": 0}

    summary = apply_roster(None, result, filename="pegawai.csv", valid_only=False)
    db.session.commit()

    assert (summary.created, summary.updated, summary.unchanged, summary.skipped) == (3, 0, 0, 0)
    head, budi, siti = employee(db, NIP_HEAD), employee(db, NIP_A), employee(db, NIP_B)
    assert siti.supervisor_id == budi.id and budi.supervisor_id == head.id and head.supervisor_id is None
    assert head.full_name == "Dr. Rahmat Hidayat, S.E., M.Si."
    assert (siti.unit_id, budi.unit_id, head.unit_id) == (org.bidang.id, org.bidang.id, org.dinas.id)
    assert siti.email == "siti@pemkomedan.go.id" and siti.is_active
    assert (head.birth_date, head.gender) == (date(1975, 2, 1), "L")
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.id > 0).order_by(AuditEntry.id)).all()
    created = [e for e in entries[audit_before:] if e.entity_type == "employee"]
    assert sorted(e.entity_id for e in created) == sorted([head.id, budi.id, siti.id])
    assert all(e.action == "create" and "baris" in e.note for e in created)
    siti_entry = next(e for e in created if e.entity_id == siti.id)
    assert siti_entry.changes["supervisor_id"] == [None, budi.id]
    imports = [e for e in entries if e.entity_type == "roster_import"]
    assert len(imports) == 1 and imports[0].action == "import" and imports[0].entity_label == "pegawai.csv"
    assert imports[0].changes == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "skipped": 0,
                                  "valid_only": False}


def test_existing_employees_are_updated_or_left_unchanged(db, org, make_employee):
    head = make_employee("Rahmat Hidayat", position=org.kadis, nip=NIP_HEAD, rank_code="IV/c",
                         front_title="Dr.", back_title="S.E., M.Si.")
    budi = make_employee("Budi Santoso", position=org.kabid, nip=NIP_A, rank_code="III/c", supervisor=head,
                         back_title="S.Kom.")
    db.session.commit()
    rows = a_team()
    result = preview(rows)

    by_nip = {r.nip: r for r in result.rows}
    assert by_nip[NIP_HEAD].outcome == "unchanged"
    assert by_nip[NIP_A].outcome == "updated"
    assert by_nip[NIP_A].changes == {"Golongan": ("III/c", "III/d")}
    assert by_nip[NIP_B].outcome == "new"

    summary = apply_roster(None, result, filename="pegawai.csv", valid_only=False)
    db.session.commit()
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 1)
    assert budi.rank_code == "III/d"  # the session's object was refreshed after the bulk update
    assert (budi.birth_date, budi.gender) == (date(1990, 5, 17), "L")
    update_entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    assert update_entry.entity_id == budi.id and update_entry.changes == {"rank_code": ["III/c", "III/d"]}


def test_importing_the_same_file_twice_writes_nothing_the_second_time(db, org):
    data = csv_bytes(a_team())
    apply_roster(None, preview_roster("a.csv", data), filename="a.csv", valid_only=False)
    db.session.commit()
    stamps = dict(db.session.execute(select(Employee.nip, Employee.updated_at)).all())
    audit_before = count(db, AuditEntry)

    second = preview_roster("a.csv", data)
    assert {r.outcome for r in second.rows} == {"unchanged"}
    summary = apply_roster(None, second, filename="a.csv", valid_only=False)
    db.session.commit()

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert dict(db.session.execute(select(Employee.nip, Employee.updated_at)).all()) == stamps
    # Only the record of who imported what is added.
    new_entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id).offset(audit_before)).all()
    assert [(e.action, e.entity_type) for e in new_entries] == [("import", "roster_import")]


def test_changes_name_the_supervisor_position_and_unit_by_code(db, org, make_employee):
    head = make_employee("Rahmat Hidayat", position=org.kadis, nip=NIP_HEAD, rank_code="IV/c")
    make_employee("Budi Santoso", position=org.umum, nip=NIP_A, back_title="S.Kom.", email="budi@x.go.id")
    db.session.commit()
    result = preview([row(nip=NIP_A, position_code="STAF", supervisor_nip=head.nip, is_active="tidak",
                          email="BUDI@x.go.id")])
    assert result.rows[0].changes == {
        "Kode Jabatan": ("UMUM", "STAF"), "Kode Unit": ("DINAS", "BIDANG"),
        "NIP Atasan": ("—", NIP_HEAD), "Aktif": ("ya", "tidak"),
    }


def test_optional_columns_missing_from_the_file_leave_fields_unchanged(db, org, make_employee):
    head = make_employee("Rahmat Hidayat", position=org.kadis, nip=NIP_HEAD, rank_code="IV/c")
    make_employee("Budi Santoso", position=org.staf, nip=NIP_A, supervisor=head, employment_type="pppk",
                  rank_code="IX", email="budi@pemkomedan.go.id", front_title="Ir.", is_active=False)
    db.session.commit()
    header, keys = ["NIP", "Nama", "Golongan", "Kode Jabatan"], ["nip", "name", "rank_code", "position_code"]
    result = preview([row(rank_code="IX")], header=header, keys=keys)
    assert result.rows[0].outcome == "unchanged", result.rows[0].detail


def test_an_empty_unit_keeps_the_current_sub_unit_when_it_still_fits(db, org, make_employee):
    make_employee("Budi Santoso", position=org.umum, nip=NIP_A, unit=org.bidang, back_title="S.Kom.")
    db.session.commit()
    result = preview([row(position_code="UMUM", unit_code="")])
    assert result.rows[0].outcome == "unchanged"
    assert result.rows[0].unit_label == "BIDANG – Bidang Aplikasi Informatika"
    moved = preview([row(position_code="GURU", rank_code="III/b", unit_code="")])
    assert moved.rows[0].changes["Kode Unit"] == ("BIDANG", "LAIN")


def _email_taken(ctx):
    ctx.make_employee("Orang Lain", position=ctx.org.staf, nip=NIP_C, email="budi@pemkomedan.go.id")
    return [row(email="Budi@pemkomedan.go.id")]


def _cycle_with_database(ctx):
    a = ctx.make_employee("Budi Santoso", position=ctx.org.staf, nip=NIP_A)
    ctx.make_employee("Siti Aminah", position=ctx.org.staf, nip=NIP_B, supervisor=a)
    return [row(supervisor_nip=NIP_B)]


BAD_ROWS = {
    "nip too short": (lambda ctx: [row(nip=NIP_A[:17])], "NIP harus terdiri dari tepat 18 angka"),
    "nip gender digit": (lambda ctx: [row(nip=NIP_A[:14] + "3" + NIP_A[15:])], "jenis kelamin"),
    "nip birth date": (lambda ctx: [row(nip="19901332" + NIP_A[8:])], "tanggal lahir"),
    "nip lost by excel": (lambda ctx: [row(nip="1.99005E+17")],
                          "tersimpan sebagai angka sehingga digit terakhirnya hilang"),
    "nip missing": (lambda ctx: [row(nip="")], "NIP wajib diisi"),
    "name missing": (lambda ctx: [row(name=" ")], "Nama wajib diisi"),
    "name too long": (lambda ctx: [row(name="A" * 151)], "Nama terlalu panjang"),
    "unknown position": (lambda ctx: [row(position_code="NOPE")], 'Kode jabatan "NOPE" tidak ditemukan'),
    "position missing": (lambda ctx: [row(position_code="")], "Kode jabatan wajib diisi"),
    "unknown unit": (lambda ctx: [row(unit_code="NOPE")], 'Kode unit "NOPE" tidak ditemukan'),
    "unit outside the position's unit": (
        lambda ctx: [row(unit_code="LAIN")],
        "Jabatan ini tidak berada di unit pegawai atau unit di atasnya. (jabatan STAF berada di unit BIDANG; "
        "unit pegawai LAIN)"),
    "unit above the position's unit": (lambda ctx: [row(unit_code="DINAS")], "jabatan STAF berada di unit"),
    "pns rank for pppk": (lambda ctx: [row(employment_type="PPPK", rank_code="III/a")],
                          "Golongan III/a tidak berlaku untuk pegawai PPPK"),
    "pppk rank for pns": (lambda ctx: [row(rank_code="XVII")], "Golongan XVII tidak berlaku untuk pegawai PNS"),
    "rank missing": (lambda ctx: [row(rank_code="")], "Golongan wajib diisi"),
    "unknown type": (lambda ctx: [row(employment_type="Honorer")], 'Jenis pegawai "Honorer" tidak dikenal'),
    "unknown active": (lambda ctx: [row(is_active="mungkin")], 'Aktif "mungkin" tidak dikenal'),
    "duplicate nip": (lambda ctx: [row(), row(name="Budi Lain")],
                      f"NIP {NIP_A} muncul lebih dari sekali di berkas ini (baris 2 dan 3)"),
    "supervisor not found": (lambda ctx: [row(supervisor_nip=NIP_C)],
                             f"Atasan dengan NIP {NIP_C} tidak ditemukan"),
    "supervisor nip lost by excel": (lambda ctx: [row(supervisor_nip="1.99005E+17")],
                                     "NIP Atasan 1.99005E+17 tersimpan sebagai angka"),
    "self supervision": (lambda ctx: [row(supervisor_nip=NIP_A)],
                         f"atasan bagi dirinya sendiri, langsung maupun melalui rantai atasan. "
                         f"(rantai atasan: {NIP_A} → {NIP_A})"),
    "cycle in the file": (lambda ctx: [row(supervisor_nip=NIP_B), row(nip=NIP_B, supervisor_nip=NIP_A)],
                          f"(rantai atasan: {NIP_A} → {NIP_B} → {NIP_A})"),
    "cycle across file and database": (_cycle_with_database, f"(rantai atasan: {NIP_A} → {NIP_B} → {NIP_A})"),
    "supervisor row has errors": (lambda ctx: [row(supervisor_nip=NIP_B), row(nip=NIP_B, rank_code="X/z")],
                                  f"Atasan (NIP {NIP_B}, baris 3) tidak dapat diimpor"),
    "invalid email": (lambda ctx: [row(email="budi@")], 'E-mail "budi@" tidak valid'),
    "email of another employee": (_email_taken, "sudah dipakai pegawai lain"),
    "email twice in the file": (lambda ctx: [row(email="a@b.go.id"), row(nip=NIP_B, email="A@b.go.id")],
                                "dipakai lebih dari satu baris (baris 2 dan 3)"),
}


@pytest.mark.parametrize(("build", "reason"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_refused_with_its_reason_and_nothing_is_written(db, org, make_employee, build, reason):
    rows = build(SimpleNamespace(org=org, make_employee=make_employee))
    db.session.commit()
    employees, entries = count(db, Employee), count(db, AuditEntry)

    result = preview(rows)

    assert result.error_count >= 1
    assert result.rows[0].outcome == "error"
    assert any(reason in text for text in result.rows[0].reasons), result.rows[0].reasons
    with pytest.raises(DomainError, match="baris berisi kesalahan"):
        apply_roster(None, result, filename="pegawai.csv", valid_only=False)
    db.session.commit()
    assert (count(db, Employee), count(db, AuditEntry)) == (employees, entries)


def test_a_file_with_only_bad_rows_imports_nothing_even_when_valid_only(db, org):
    employees = count(db, Employee)
    result = preview([row(nip="123")])
    summary = apply_roster(None, result, filename="x.csv", valid_only=True)
    assert (summary.created, summary.skipped) == (0, 1)
    assert count(db, Employee) == employees


def test_valid_only_imports_the_valid_rows_and_skips_the_rest(db, org):
    rows = [*a_team(), row(nip=NIP_C, name="Rina", rank_code="Z"),
            row(nip=make_nip(sequence=20), name="Bawahan Rina", supervisor_nip=NIP_C)]
    result = preview(rows)
    assert result.counts == {"new": 3, "updated": 0, "unchanged": 0, "error": 2}
    assert "tidak dapat diimpor karena barisnya berisi kesalahan" in result.rows[4].detail

    summary = apply_roster(None, result, filename="pegawai.csv", valid_only=True)
    db.session.commit()
    assert (summary.created, summary.skipped) == (3, 2)
    assert employee(db, NIP_C) is None and employee(db, NIP_B) is not None
    note = db.session.scalar(select(AuditEntry.changes).where(AuditEntry.entity_type == "roster_import"))
    assert note["skipped"] == 2 and note["valid_only"] is True


def test_a_cycle_is_judged_on_the_rows_that_would_be_written(db, org, make_employee):
    """B's row is refused, so B keeps its supervisor in the database (A): A may not report to B."""
    a = make_employee("Budi Santoso", position=org.staf, nip=NIP_A, back_title="S.Kom.")
    make_employee("Siti Aminah", position=org.staf, nip=NIP_B, supervisor=a)
    db.session.commit()
    result = preview([row(supervisor_nip=NIP_B), row(nip=NIP_B, name="Siti Aminah", rank_code="?")])
    assert [r.outcome for r in result.rows] == ["error", "error"]
    assert "rantai atasan" in result.rows[0].detail


def test_values_are_normalised(db, org):
    spaced = f"{NIP_A[:8]} {NIP_A[8:14]} {NIP_A[14]} {NIP_A[14 + 1:]}"
    result = preview([row(nip=spaced, name="  Budi   Santoso ", rank_code="iii a", employment_type="pns",
                          is_active="1", email=" Budi@PemkoMedan.go.id ", supervisor_nip=f"'{NIP_B}"),
                      row(nip=f"{NIP_B[:8]}.{NIP_B[8:]}", name="Siti", employment_type="p3k", rank_code="ix",
                          is_active="FALSE")])
    budi, siti = result.rows
    assert (budi.outcome, siti.outcome) == ("new", "new"), (budi.reasons, siti.reasons)
    assert budi.nip == NIP_A and budi.name == "Budi Santoso"
    assert budi.values["rank_code"] == "III/a" and budi.values["email"] == "budi@pemkomedan.go.id"
    assert budi.supervisor_nip == NIP_B
    assert siti.values["employment_type"] == "pppk" and siti.values["rank_code"] == "IX"
    assert siti.values["is_active"] is False


def test_headers_are_matched_by_alias_case_and_spacing(db, org):
    header = ["No", " nip ", "NAMA LENGKAP", "gelar_depan", "Jenis", "Gol", "Jabatan", "Kode Jabatan",
              "unit kerja", "atasan", "E-Mail", "Status", "Golongan/Ruang"]
    keys = ["number", "nip", "name", "front_title", "employment_type", "rank_code", "position_name",
            "position_code", "unit_code", "supervisor_nip", "email", "is_active", "rank_code"]
    data = row(number="1", position_name="Pengelola Aplikasi", unit_code="BIDANG")
    result = preview([data], header=header, keys=keys)
    assert result.rows[0].outcome == "new", result.rows[0].reasons
    assert result.columns["position_code"] == "Kode Jabatan"
    assert result.columns["rank_code"] == "Golongan/Ruang"
    assert result.ignored_columns == ["No", "Gol", "Jabatan"]


def test_semicolon_csv_with_bom_from_excel(db, org):
    data = csv_bytes([row(name="Budi Santoso", back_title="S.E., M.M.")], delimiter=";", bom=True)
    assert data.startswith(codecs.BOM_UTF8)
    result = preview_roster("Daftar Pegawai.CSV", data)
    assert result.rows[0].outcome == "new", result.rows[0].reasons
    assert result.rows[0].values["back_title"] == "S.E., M.M."


def test_csv_in_windows_encoding_is_read(db, org):
    data = csv_bytes([row(name="Andi Mu’in")], delimiter=";", encoding="cp1252")
    result = preview_roster("pegawai.csv", data)
    assert result.rows[0].name == "Andi Mu’in"


def test_row_numbers_count_blank_lines(db, org):
    data = csv_bytes([row()]).replace(b"\r\n", b"\r\n\r\n", 1)
    result = preview_roster("pegawai.csv", data)
    assert [r.number for r in result.rows] == [3]


def _xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_round_trip(db, org):
    data = _xlsx([
        HEADER,
        [NIP_A, "Budi Santoso", None, "S.Kom.", "PNS", "III/a", "STAF", None, None, None, True],
        [],
        [f"{NIP_B[:8]} {NIP_B[8:14]} {NIP_B[14]} {NIP_B[15:]}", "Siti Aminah", None, None, "PNS", "III/b",
         "STAF", "BIDANG", NIP_A, "siti@pemkomedan.go.id", 0],
        # A NIP typed into a number cell: Excel keeps 15 significant digits.
        [int(NIP_C), "Rina", None, None, "PNS", "III/a", "STAF", None, None, None, None],
    ])
    result = preview_roster("pegawai.xlsx", data)
    assert [(r.number, r.outcome) for r in result.rows] == [(2, "new"), (4, "new"), (5, "error")]
    assert result.rows[1].nip == NIP_B and result.rows[1].values["is_active"] is False
    assert result.rows[2].reasons == [
        "NIP 1.99208302019012e+17 tersimpan sebagai angka sehingga digit terakhirnya hilang. Format kolom NIP "
        "sebagai Teks di Excel lalu ketik ulang NIP-nya."]

    apply_roster(None, result, filename="pegawai.xlsx", valid_only=True)
    db.session.commit()
    assert employee(db, NIP_B).supervisor_id == employee(db, NIP_A).id


def test_the_xlsx_template_keeps_nips_as_text_and_reads_back(db, org):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    assert sheet["A2"].number_format == "@"
    workbook.close()
    parsed = read_roster("t.xlsx", template_xlsx())
    assert set(parsed.columns) == {column.key for column in COLUMNS} and not parsed.ignored_columns


def test_the_csv_template_has_every_column(app):
    parsed = read_roster("t.csv", template_csv())
    assert set(parsed.columns) == {column.key for column in COLUMNS}
    assert len(parsed.records) == 1


BAD_FILES = {
    "wrong type": ("pegawai.txt", b"NIP,Nama\n", "Hanya berkas .csv atau .xlsx"),
    "old excel": ("pegawai.xls", b"\xd0\xcf\x11\xe0", "Format .xls (Excel 97-2003) tidak didukung"),
    "empty": ("pegawai.csv", b"", "Berkas kosong"),
    "missing columns": ("pegawai.csv", b"NIP;Nama;Kode Unit\n1;2;3\n",
                        "Kolom wajib tidak ditemukan: Golongan, Kode Jabatan."),
    "header only": ("pegawai.csv", ",".join(HEADER).encode() + b"\n\n", "tidak berisi baris data"),
    "blank": ("pegawai.csv", b"\n ;\n", "tidak berisi baris judul"),
    "corrupt xlsx": ("pegawai.xlsx", b"PK\x03\x04 not really a zip", "Berkas XLSX rusak"),
    "xlsx named csv": ("pegawai.csv", b"PK\x03\x04rest", "ganti ekstensinya menjadi .xlsx"),
    "binary": ("pegawai.csv", "NIP,Nama".encode("utf-16-le"), "bukan teks CSV"),
    "column twice": ("pegawai.csv", b"NIP,Nama,nip,Golongan,Kode Jabatan\n", "Kolom nip muncul lebih dari sekali"),
}


@pytest.mark.parametrize(("filename", "data", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_unreadable_files_are_refused_with_the_reason(app, filename, data, message):
    with pytest.raises(RosterFileError, match=re.escape(message)):
        preview_roster(filename, data)


def test_a_file_over_the_size_limit_is_refused(app):
    data = csv_bytes([row()] * 50)
    with pytest.raises(RosterFileError, match=r"Berkas terlalu besar \(\d KB\); batasnya 1 KB\."):
        preview_roster("pegawai.csv", data, max_bytes=1000)


def test_format_preview_lists_rows_reasons_and_a_summary(db, org):
    text = format_preview(preview([row(), row(nip=NIP_B, position_code="NOPE")]))
    lines = text.splitlines()
    assert lines[0].split() == ["Baris", "NIP", "Nama", "Hasil", "Keterangan"]
    assert re.match(rf"\s+2\s+{NIP_A}\s+Budi Santoso\s+baru$", lines[1])
    assert re.match(rf"\s+3\s+{NIP_B}\s+Budi Santoso\s+salah\s+Kode jabatan \"NOPE\" tidak ditemukan", lines[2])
    assert lines[-1] == "2 baris: 1 baru, 0 diperbarui, 0 tidak berubah, 1 salah."


# --- web -----------------------------------------------------------------------------------------------------

def _upload(client, data: bytes, filename: str = "pegawai.csv"):
    return client.post("/impor-pegawai", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _wait_for(db, job_id: int, *statuses: str, seconds: float = 15.0) -> Job:
    """The job once it has one of ``statuses`` (it runs in a thread of the app: no broker in the tests)."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # a fresh look (and no transaction left open while the job writes)
        job = db.session.get(Job, job_id)
        if job.status in statuses:
            return job
        assert time.monotonic() < deadline, f"job {job_id} is still {job.status}"
        time.sleep(0.02)


def _confirm(db, client, token: str, **data) -> Job:
    """Confirm the upload, follow the redirect to the job's page and wait until the job has ended."""
    response = client.post(f"/impor/pegawai/{token}/konfirmasi", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    job_id = int(re.fullmatch(r"/tugas/(\d+)", response.headers["Location"])[1])
    assert client.get(response.headers["Location"]).status_code == 200
    return _wait_for(db, job_id, "done", "failed")


def _fingerprint(page) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]


def test_hr_uploads_previews_and_confirms(db, org, client, make_user, login):
    hr = make_user("hr")
    login(hr)
    page = client.get("/impor-pegawai")
    assert page.status_code == 200
    text = page_text(page)
    assert "Kode Jabatan" in text and "NIP Atasan" in text and "nama lengkap" in text

    response = _upload(client, csv_bytes(a_team()))
    assert response.status_code == 302
    token = response.headers["Location"].rsplit("/", 1)[-1]
    stored = db.session.scalar(select(Upload).where(Upload.token == token))
    assert stored.uploaded_by_id == hr.id and stored.filename == "pegawai.csv"

    preview_page = client.get(f"/impor/pegawai/{token}")
    assert preview_page.status_code == 200
    text = page_text(preview_page)
    assert "3 baris: 3 baru, 0 diperbarui, 0 tidak berubah, 0 salah." in text
    assert "Impor semua" in text and NIP_HEAD in text
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"',
                            preview_page.get_data(as_text=True))[1]

    job = _confirm(db, client, token, fingerprint=fingerprint)
    assert job.status == "done", job.error
    assert job.name == "roster.import" and job.label == "Impor pegawai: pegawai.csv" and job.created_by_id == hr.id
    assert employee(db, NIP_A) is not None and employee(db, NIP_B).supervisor_id == employee(db, NIP_A).id
    assert count(db, Upload) == 0
    assert client.post(f"/impor/pegawai/{token}/konfirmasi", data={"fingerprint": fingerprint}).status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import"))
    assert entry.actor_id == hr.id

    page = client.get(f"/tugas/{job.id}")
    assert "Unduh laporan-impor-pegawai.csv" in page_text(page)
    report = client.get(f"/tugas/{job.id}/unduh")
    assert report.status_code == 200 and report.mimetype == "text/csv"
    assert report.headers["Content-Disposition"] == "attachment; filename=laporan-impor-pegawai.csv"
    lines = report.data.decode("utf-8-sig").splitlines()
    assert lines[:7] == ["Hasil impor pegawai.csv;Jumlah", "Baru;3", "Diperbarui;0", "Tidak berubah;0",
                         "Dilewati;0", "", "Baris;NIP;Nama;Hasil;Keterangan"]
    assert lines[7] == f"2;{NIP_B};Siti Aminah;baru;" and len(lines) == 10


def test_with_errors_the_user_must_choose_valid_only(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _upload(client, csv_bytes([row(), row(nip=NIP_B, position_code="NOPE")])).headers["Location"]
    token = token.rsplit("/", 1)[-1]
    page = client.get(f"/impor/pegawai/{token}")
    text = page_text(page)
    assert "1 baris berisi kesalahan" in text and 'Kode jabatan "NOPE" tidak ditemukan' in text
    assert re.search(r"<button[^>]*disabled[^>]*>\s*Impor semua", page.get_data(as_text=True))
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]

    refused = client.post(f"/impor/pegawai/{token}/konfirmasi", data={"fingerprint": fingerprint})
    assert refused.status_code == 422
    assert "centang pilihan ini" in page_text(refused)
    assert employee(db, NIP_A) is None

    job = _confirm(db, client, token, fingerprint=fingerprint, valid_only="y")
    assert job.status == "done", job.error
    assert job.params == {"token": token, "valid_only": True, "fingerprint": fingerprint}
    assert employee(db, NIP_A) is not None and employee(db, NIP_B) is None
    lines = client.get(f"/tugas/{job.id}/unduh").data.decode("utf-8-sig").splitlines()
    assert lines[1:5] == ["Baru;1", "Diperbarui;0", "Tidak berubah;0", "Dilewati;1"]
    assert lines[-1] == f'3;{NIP_B};Budi Santoso;salah;"Kode jabatan ""NOPE"" tidak ditemukan."'
    assert count(db, Upload) == 0


def _submit_import(db, user, token: str, fingerprint: str, valid_only: bool = False) -> Job:
    job = jobs.submit(user, roster_tasks.TASK_NAME, {"token": token, "valid_only": valid_only,
                                                     "fingerprint": fingerprint}, "Impor pegawai: pegawai.csv")
    db.session.commit()
    return _wait_for(db, job.id, "done", "failed")


def test_the_job_refuses_a_preview_that_changed_since_it_was_confirmed(db, org, make_user):
    hr = make_user("hr")
    stored = store.store_upload(hr, "pegawai.csv", csv_bytes(a_team()), UPLOAD_KIND)
    db.session.commit()
    token, confirmed = stored.token, preview_roster(stored.filename, stored.content).fingerprint

    job = _submit_import(db, hr, token, "0" * 64)  # as if the data changed after the confirmation
    assert job.status == "failed" and job.result is None
    assert job.error == "Data pegawai berubah sejak pratinjau dikonfirmasi; unggah atau buka pratinjau lagi."
    assert count(db, Employee) == 1  # the HR user's own employee
    assert count(db, Upload) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import")) is None

    assert _submit_import(db, hr, token, confirmed).status == "done"
    assert employee(db, NIP_HEAD) is not None and count(db, Upload) == 0
    again = _submit_import(db, hr, token, confirmed)  # a second job for the same upload
    assert again.status == "failed"
    assert again.error == "Unggahan ini sudah diimpor atau dibatalkan; tidak ada data yang diubah."


def test_an_import_colliding_with_another_write_fails_with_a_reason(db, org, make_user, monkeypatch):
    hr = make_user("hr")
    stored = store.store_upload(hr, "pegawai.csv", csv_bytes([row()]), UPLOAD_KIND)
    db.session.commit()
    fingerprint = preview_roster(stored.filename, stored.content).fingerprint
    # Read here: the job runs in another thread, which must not load attributes through this test's session.
    position_id, unit_id = org.staf.id, org.bidang.id

    def apply_after_someone_else(actor, preview, *args, **kwargs):
        # Between the job's preview and its insert, another transaction registers the same NIP.
        with db.engine.begin() as connection:
            connection.execute(Employee.__table__.insert().values(
                nip=NIP_A, name="Budi Santoso", employment_type="pns", rank_code="III/a",
                position_id=position_id, unit_id=unit_id, is_active=True))
        return apply_roster(actor, preview, *args, **kwargs)

    monkeypatch.setattr(roster_tasks, "apply_roster", apply_after_someone_else)
    job = _submit_import(db, hr, stored.token, fingerprint)
    assert job.status == "failed"
    assert job.error == ("Data pegawai berubah selama impor berlangsung; tidak ada yang disimpan. Periksa pratinjau "
                         "lalu konfirmasi lagi.")
    assert count(db, Upload) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import")) is None


def test_a_stale_preview_is_not_confirmed(db, org, client, make_user, make_employee, login):
    login(make_user("hr"))
    token = _upload(client, csv_bytes([row()])).headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/impor/pegawai/{token}")
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]
    make_employee("Budi Santoso", position=org.staf, nip=NIP_A, rank_code="II/a")  # meanwhile, by someone
    db.session.commit()

    response = client.post(f"/impor/pegawai/{token}/konfirmasi", data={"fingerprint": fingerprint})
    assert response.status_code == 422
    assert "Data pegawai berubah sejak pratinjau ditampilkan" in page_text(response)
    assert "Golongan: II/a → III/a" in page_text(response)
    assert employee(db, NIP_A).rank_code == "II/a"


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("pegawai.pdf", b"%PDF", "Hanya berkas .csv atau .xlsx yang diterima"),
    ("pegawai.csv", b"NIP,Nama\n1,2\n", "Kolom wajib tidak ditemukan: Golongan, Kode Jabatan."),
    ("pegawai.xlsx", b"garbage", "Berkas XLSX rusak"),
])
def test_a_bad_upload_is_refused_on_the_form(db, client, make_user, login, filename, data, message):
    login(make_user("hr"))
    response = _upload(client, data, filename)
    assert response.status_code == 422
    assert message in page_text(response)
    assert count(db, Upload) == 0


def test_an_oversized_upload_is_refused_on_the_form(app, db, client, make_user, login, monkeypatch):
    login(make_user("hr"))
    monkeypatch.setitem(app.config, "ROSTER_MAX_BYTES", 100)
    response = _upload(client, csv_bytes([row()] * 5))
    assert response.status_code == 422
    assert "Berkas terlalu besar" in page_text(response)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    assert _upload(client, csv_bytes([row()] * 50)).status_code == 413


def test_no_file_is_a_field_error(db, client, make_user, login):
    login(make_user("hr"))
    response = client.post("/impor-pegawai", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Pilih berkas yang akan diunggah" in page_text(response)


def test_templates_and_report_download(db, org, client, make_user, login):
    login(make_user("admin"))
    csv_template = client.get("/impor-pegawai/templat.csv")
    assert csv_template.status_code == 200 and csv_template.mimetype == "text/csv"
    assert csv_template.data.startswith(codecs.BOM_UTF8 + b"NIP;Nama;")
    xlsx_template = client.get("/impor-pegawai/templat.xlsx")
    assert xlsx_template.status_code == 200 and xlsx_template.data.startswith(b"PK")

    token = _upload(client, csv_bytes([row(), row(nip="1")])).headers["Location"].rsplit("/", 1)[-1]
    report = client.get(f"/impor/pegawai/{token}/laporan.csv")
    lines = report.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Baris;NIP;Nama;Hasil;Keterangan"
    assert lines[2].startswith("3;1;Budi Santoso;salah;")


def test_discard_deletes_the_upload(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _upload(client, csv_bytes([row()])).headers["Location"].rsplit("/", 1)[-1]
    response = client.post(f"/impor/pegawai/{token}/batal", follow_redirects=True)
    assert "dibatalkan" in page_text(response)
    assert count(db, Upload) == 0 and employee(db, NIP_A) is None
    assert client.get(f"/impor/pegawai/{token}").status_code == 404


def test_old_uploads_are_purged(db, org, make_user):
    user = make_user("hr")
    old = store.store_upload(user, "lama.csv", b"x", UPLOAD_KIND)
    old.created_at = datetime(2020, 1, 1)
    db.session.flush()
    store.store_upload(user, "baru.csv", b"y", UPLOAD_KIND)
    assert db.session.scalars(select(Upload.filename)).all() == ["baru.csv"]


def test_access_to_the_roster_pages(db, org, client, make_user, login):
    assert client.get("/impor-pegawai").headers["Location"].startswith("/masuk")
    owner, other_hr = make_user("hr"), make_user("hr", email="hr2@pemkomedan.go.id")
    admin, plain = make_user("admin", with_employee=False, email="admin@pemkomedan.go.id"), make_user()
    login(owner)
    token = _upload(client, csv_bytes([row()])).headers["Location"].rsplit("/", 1)[-1]
    client.post("/keluar")

    login(plain)
    assert client.get("/impor-pegawai").status_code == 403
    assert _upload(client, csv_bytes([row()])).status_code == 403
    assert client.get(f"/impor/pegawai/{token}").status_code == 403
    client.post("/keluar")

    login(other_hr)
    assert client.get("/impor-pegawai").status_code == 200
    assert client.get(f"/impor/pegawai/{token}").status_code == 403
    assert client.post(f"/impor/pegawai/{token}/konfirmasi", data={}).status_code == 403
    assert client.get("/impor/pegawai/no-such-token").status_code == 404
    client.post("/keluar")

    login(admin)
    assert client.get(f"/impor/pegawai/{token}").status_code == 200
    client.post("/keluar")
    assert client.get(f"/impor/pegawai/{token}").headers["Location"].startswith("/masuk")

    login(owner)
    job = _confirm(db, client, token, fingerprint=_fingerprint(client.get(f"/impor/pegawai/{token}")))
    assert job.status == "done", job.error
    client.post("/keluar")
    login(other_hr)
    for url in (f"/tugas/{job.id}", f"/tugas/{job.id}/status", f"/tugas/{job.id}/unduh"):
        assert client.get(url).status_code == 403


# --- command line --------------------------------------------------------------------------------------------

@pytest.fixture
def roster_file(tmp_path):
    def write(rows: list[dict[str, str]], name: str = "pegawai.csv") -> str:
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return str(path)

    return write


def test_cli_previews_and_exits_non_zero_on_bad_rows(db, org, runner, roster_file):
    db.session.commit()
    path = roster_file([row(), row(nip=NIP_B, rank_code="III/z")])
    result = runner.invoke(args=["lms", "import-roster", path])
    assert result.exit_code == 1
    assert "Golongan III/Z tidak berlaku untuk pegawai PNS" in result.output
    assert "2 baris: 1 baru, 0 diperbarui, 0 tidak berubah, 1 salah." in result.output

    result = runner.invoke(args=["lms", "import-roster", path, "--commit"])
    assert result.exit_code == 1 and "Tidak ada yang ditulis" in result.output
    assert employee(db, NIP_A) is None


def test_cli_commit_writes_a_clean_file(db, org, runner, roster_file):
    db.session.commit()
    path = roster_file(a_team())
    assert runner.invoke(args=["lms", "import-roster", path]).exit_code == 0
    assert employee(db, NIP_A) is None  # a preview writes nothing
    result = runner.invoke(args=["lms", "import-roster", path, "--commit"])
    assert result.exit_code == 0, result.output
    assert "Diimpor: 3 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati." in result.output
    assert employee(db, NIP_B).supervisor.nip == NIP_A
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import"))
    assert entry.actor_id is None and entry.actor_label == "sistem"


def test_cli_valid_only_writes_the_valid_rows(db, org, runner, roster_file):
    db.session.commit()
    path = roster_file([row(), row(nip=NIP_B, position_code="NOPE")])
    result = runner.invoke(args=["lms", "import-roster", path, "--valid-only"])
    assert result.exit_code == 0, result.output
    assert "Diimpor: 1 baru, 0 diperbarui, 0 tidak berubah, 1 dilewati." in result.output
    assert employee(db, NIP_A) is not None and employee(db, NIP_B) is None


def test_cli_refuses_an_unreadable_file(db, runner, tmp_path):
    path = tmp_path / "pegawai.txt"
    path.write_text("hello")
    result = runner.invoke(args=["lms", "import-roster", str(path)])
    assert result.exit_code == 2 and "Berkas ditolak: Hanya berkas .csv atau .xlsx" in result.output


def test_a_preview_runs_a_handful_of_queries_whatever_the_number_of_rows(db, org):
    statements: list[str] = []

    def remember(connection, cursor, statement, *args):
        statements.append(statement)

    data = csv_bytes([row(nip=make_nip(sequence=n), name=f"Pegawai {n}") for n in range(1, 200)])
    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        result = preview_roster("pegawai.csv", data)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert result.new_count == 199
    assert len(statements) <= 4, statements
