"""Roster import: reading files, previewing rows, applying them."""

import codecs
import io
import re
from datetime import date
from types import SimpleNamespace

import openpyxl
import pytest
from sqlalchemy import event, select

from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.people.models import Employee
from lms.roster.columns import COLUMNS, RosterFileError, read_roster, template_csv, template_xlsx
from lms.roster.preview import format_preview, preview_roster
from lms.roster.services import apply_roster
from tests import roster_helpers
from tests.helpers import make_nip
from tests.roster_helpers import (
    HEADER,
    NI_PPPK_A,
    NI_PPPK_B,
    NIP_A,
    NIP_B,
    NIP_C,
    NIP_HEAD,
    a_team,
    count,
    csv_bytes,
    employee,
    preview,
    row,
)

org = roster_helpers.org  # the fixture, found by pytest in this module

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
    make_employee("Budi Santoso", position=org.staf, nip=NI_PPPK_A, supervisor=head, employment_type="pppk",
                  rank_code="IX", email="budi@pemkomedan.go.id", front_title="Ir.", is_active=False)
    db.session.commit()
    header, keys = ["NIP", "Nama", "Golongan", "Kode Jabatan"], ["nip", "name", "rank_code", "position_code"]
    result = preview([row(nip=NI_PPPK_A, rank_code="IX")], header=header, keys=keys)
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
        "Jabatan ini tidak berada di unit pegawai atau unit di atasnya (jabatan STAF berada di unit BIDANG; "
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
    "supervisor nip too short": (lambda ctx: [row(supervisor_nip="12345")],
                                 "NIP Atasan 12345 tidak valid: NIP harus terdiri dari tepat 18 angka."),
    "self supervision": (lambda ctx: [row(supervisor_nip=NIP_A)],
                         f"atasan bagi dirinya sendiri, langsung maupun melalui rantai atasan "
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


@pytest.mark.parametrize(("typed", "employment_type", "stored"), [
    ("3a", "PNS", "III/a"), ("3/a", "PNS", "III/a"), ("III a", "PNS", "III/a"), ("IIIa", "PNS", "III/a"),
    ("4-e", "PNS", "IV/e"), ("ii.b", "PNS", "II/b"), ("9", "PPPK", "IX"), ("17", "PPPK", "XVII"),
    ("ix", "PPPK", "IX"),
])
def test_common_spellings_of_a_golongan_are_accepted(db, org, typed, employment_type, stored):
    result = preview([row(nip=NI_PPPK_A if employment_type == "PPPK" else NIP_A, rank_code=typed,
                          employment_type=employment_type)])
    assert result.rows[0].outcome == "new", result.rows[0].reasons
    assert result.rows[0].values["rank_code"] == stored


@pytest.mark.parametrize(("typed", "employment_type", "message"), [
    ("3", "PNS", "Golongan 3 tidak berlaku untuk pegawai PNS: isi golongan I/a sampai IV/e, mis. III/a."),
    ("5a", "PNS", "Golongan 5A tidak berlaku untuk pegawai PNS: isi golongan I/a sampai IV/e, mis. III/a."),
    ("18", "PPPK", "Golongan 18 tidak berlaku untuk pegawai PPPK: isi angka Romawi I sampai XVII, mis. IX."),
])
def test_a_golongan_that_is_none_says_what_is_accepted(db, org, typed, employment_type, message):
    nip = NI_PPPK_A if employment_type == "PPPK" else NIP_A
    assert preview([row(nip=nip, rank_code=typed, employment_type=employment_type)]).rows[0].reasons == [message]


def test_a_row_reads_as_sentences_each_reason_once(db, org):
    """Reasons end as sentences and are joined as sentences (not "ditemukan.; "); a NIP that cannot be one is
    not reported again as a duplicate."""
    result = preview([row(nip="1.99005E+17", position_code="NOPE", unit_code="NOPE"),
                      row(nip="1.99005E+17", name="Budi Lain"), row(nip=NIP_B, supervisor_nip=NIP_B)])
    first, second, third = (row.detail for row in result.rows)
    assert first == ('NIP 1.99005E+17 tersimpan sebagai angka sehingga digit terakhirnya hilang. Format kolom NIP '
                     'sebagai Teks di Excel lalu ketik ulang NIP-nya. Kode jabatan "NOPE" tidak ditemukan. Kode unit '
                     '"NOPE" tidak ditemukan.')
    assert "lebih dari sekali" not in second and ".;" not in first + second + third
    assert third.endswith(f"rantai atasan (rantai atasan: {NIP_B} → {NIP_B}).")
    result.rows[0].reasons.append(result.rows[0].reasons[0])  # the same reason found twice reads once
    assert result.rows[0].detail == first


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
                          is_active="1", email=" Budi@PemkoMedan.go.id ", supervisor_nip=f"'{NI_PPPK_B}"),
                      row(nip=f"{NI_PPPK_B[:8]}.{NI_PPPK_B[8:]}", name="Siti", employment_type="p3k", rank_code="ix",
                          is_active="FALSE")])
    budi, siti = result.rows
    assert (budi.outcome, siti.outcome) == ("new", "new"), (budi.reasons, siti.reasons)
    assert budi.nip == NIP_A and budi.name == "Budi Santoso"
    assert budi.values["rank_code"] == "III/a" and budi.values["email"] == "budi@pemkomedan.go.id"
    assert budi.supervisor_nip == NI_PPPK_B
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


def test_a_pppk_paruh_waktu_is_its_own_type_with_the_pppk_rules(db, org):
    result = preview([row(nip=NI_PPPK_A, employment_type="PPPK Paruh Waktu", rank_code="9")])
    assert result.rows[0].outcome == "new", result.rows[0].reasons
    assert (result.rows[0].values["employment_type"], result.rows[0].values["rank_code"]) == ("pppk_pw", "IX")
    # the NI PPPK rules: a PNS-style number (TMT 2015) is no NI PPPK
    result = preview([row(nip=NIP_A, employment_type="paruh waktu", rank_code="IX")])
    assert "Digit 9-12 NI PPPK (tahun pengangkatan)" in result.rows[0].detail
