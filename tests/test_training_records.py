"""Riwayat diklat: counted training and JP per year, external training submitted and verified, scans, SIASN export."""

import codecs
import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from courses.models import Certificate, TrainingRecord
from courses.records import services as records
from lms.audit.models import AuditEntry
from lms.notifications.models import Notification
from tests.helpers import page_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 64
THIS_YEAR = date.today().year


@pytest.fixture
def kit(make_employee, make_user):
    chief = make_employee("Kepala Seksi", rank_code="III/d")
    staff = make_employee("Staf Arsip", supervisor=chief)
    return SimpleNamespace(staff_employee=staff, staff=make_user(employee=staff), chief=make_user(employee=chief),
                           colleague=make_user(employee=make_employee("Rekan Kerja")),
                           hr=make_user("employee", "hr"),
                           admin=make_user("admin", with_employee=False, email="admin@pemkomedan.go.id"))


def external(db, employee, *, status: str = "approved", ends_on: date = date(2026, 3, 6), hours_jp: int = 8,
             title: str = "Pelatihan Arsip Elektronik", scan: bytes | None = PDF, **fields) -> TrainingRecord:
    record = TrainingRecord(employee_id=employee.id, source="external", status=status, title=title,
                            provider=fields.pop("provider", "ANRI"),
                            siasn_kind_id=fields.pop("siasn_kind_id", 3),
                            starts_on=fields.pop("starts_on", ends_on), ends_on=ends_on, hours_jp=hours_jp,
                            certificate_number=fields.pop("certificate_number", "ANRI/2026/001"),
                            scan_filename="sertifikat.pdf" if scan else "",
                            scan_content_type="application/pdf" if scan else "", scan=scan, **fields)
    db.session.add(record)
    db.session.commit()
    return record


@pytest.fixture
def from_course(db, make_course, make_enrolment, make_workshop) -> Callable[..., TrainingRecord]:
    """The record a completed class gives ``employee``."""
    def build(employee, *, ends_on: date = date(2026, 5, 8), hours_jp: int = 16, title: str = "Pelayanan Publik Prima",
              **fields) -> TrainingRecord:
        workshop = make_workshop(course=make_course(title=title, hours_jp=hours_jp), first_day=ends_on,
                                 status="completed")
        enrolment = make_enrolment(workshop, employee, status="completed")
        record = TrainingRecord(employee_id=employee.id, source="course", status="approved",
                                enrolment_id=enrolment.id, title=title, provider="BKPSDM Kota Medan", siasn_kind_id=3,
                                starts_on=ends_on, ends_on=ends_on, hours_jp=hours_jp, **fields)
        db.session.add(record)
        db.session.commit()
        return record

    return build


def certificate(db, record: TrainingRecord, number: str, revoked: bool = False) -> Certificate:
    sequence = int(number.split("/")[0])
    item = Certificate(enrolment_id=record.enrolment_id, year=2026, sequence=sequence, number=number,
                       verification_code=f"CODE{sequence:012d}", issued_on=record.ends_on,
                       revoked_at=datetime(2026, 6, 1) if revoked else None)
    db.session.add(item)
    db.session.commit()
    return item


# --- JP per year -------------------------------------------------------------------------------------------

def test_jp_per_year_sums_only_approved_live_records(db, kit, make_employee, from_course):
    employee = kit.staff_employee
    from_course(employee, ends_on=date(2026, 5, 8), hours_jp=16)
    external(db, employee, ends_on=date(2026, 3, 6), hours_jp=8)
    external(db, employee, status="pending", hours_jp=10)
    external(db, employee, status="rejected", hours_jp=5, reason="Sertifikat tidak terbaca")
    from_course(employee, ends_on=date(2026, 9, 1), hours_jp=12, revoked_at=datetime(2026, 9, 5))
    external(db, employee, ends_on=date(2025, 12, 31), starts_on=date(2025, 12, 29), hours_jp=6)
    external(db, make_employee("Pegawai Lain"), hours_jp=30)
    assert records.jp_by_year(employee.id, [2024, 2025, 2026]) == {2024: 0, 2025: 6, 2026: 24}
    assert records.jp_by_year(employee.id, []) == {}


def test_a_training_counts_in_the_year_it_ends(db, kit):
    external(db, kit.staff_employee, starts_on=date(2025, 12, 29), ends_on=date(2026, 1, 2), hours_jp=20)
    assert records.jp_by_year(kit.staff_employee.id, [2025, 2026]) == {2025: 0, 2026: 20}


# --- riwayat diklat page -----------------------------------------------------------------------------------

def test_the_history_lists_counted_training_with_certificates_hours_and_submissions(db, client, login, kit,
                                                                                    from_course):
    employee = kit.staff_employee
    older = from_course(employee, ends_on=date(THIS_YEAR, 1, 20), hours_jp=16, title="Pelayanan Publik Prima",
                        certificate_number="0001/SERT/BKPSDM")
    newer = from_course(employee, ends_on=date(THIS_YEAR, 2, 10), hours_jp=8, title="Manajemen Kearsipan",
                        certificate_number="0002/SERT/BKPSDM")
    live = certificate(db, older, "0001/SERT/BKPSDM")
    revoked = certificate(db, newer, "0002/SERT/BKPSDM", revoked=True)
    external(db, employee, ends_on=date(THIS_YEAR - 1, 6, 1), hours_jp=24, title="Diklat Teknis ANRI",
             siasn_kind_id=2)
    external(db, employee, status="pending", title="Seminar Kearsipan Nasional", hours_jp=4)
    external(db, employee, status="rejected", title="Webinar Tanpa Sertifikat", reason="Bukan pelatihan terstruktur")
    from_course(employee, title="Kelas Yang Dibuka Kembali", revoked_at=datetime(2026, 9, 5))
    login(kit.staff)
    response = client.get(f"/pegawai/{employee.id}/riwayat-diklat")
    assert response.status_code == 200
    text = page_text(response)
    assert "Jam pelatihan tahun ini: 24 / 20 JP" in text
    assert f"{THIS_YEAR - 1} 24 / 20" in text and f"{THIS_YEAR - 2} 0 / 20" in text
    assert text.index("Manajemen Kearsipan") < text.index("Pelayanan Publik Prima") < text.index("Diklat Teknis ANRI")
    assert "Diklat Fungsional" in text and "Kelas Yang Dibuka Kembali" not in text
    html = response.get_data(as_text=True)
    assert f'href="/sertifikat/{live.id}.pdf"' in html and html.count('href="/sertifikat/') == 2
    # A revoked certificate keeps its number and links to the copy marked DICABUT, with its badge.
    assert f'href="/sertifikat/{revoked.id}.pdf"' in html and "0002/SERT/BKPSDM Dicabut" in text
    submissions = text.split("Pengajuan pelatihan eksternal")[1]
    assert "Seminar Kearsipan Nasional" in submissions and "Menunggu verifikasi BKPSDM" in submissions
    assert "Webinar Tanpa Sertifikat" in submissions and "Alasan: Bukan pelatihan terstruktur" in submissions
    assert "Laporkan pelatihan eksternal" in text


@pytest.mark.parametrize(("who", "status"), [("staff", 200), ("chief", 200), ("hr", 200), ("admin", 200),
                                             ("colleague", 403)])
def test_the_history_is_for_the_employee_their_supervisors_and_hr(client, login, kit, who, status):
    login(getattr(kit, who))
    assert client.get(f"/pegawai/{kit.staff_employee.id}/riwayat-diklat").status_code == status


def test_the_employee_page_links_to_the_profile_and_the_history(client, login, kit):
    login(kit.staff)
    html = client.get(f"/pegawai/{kit.staff_employee.id}").get_data(as_text=True)
    assert f'href="/pegawai/{kit.staff_employee.id}/riwayat-diklat"' in html
    assert f'href="/pegawai/{kit.staff_employee.id}/profil-kompetensi"' in html


# --- external training -------------------------------------------------------------------------------------

def _submit(client, content: bytes = PDF, filename: str = "sertifikat.pdf", **overrides):
    data = {"title": "Pelatihan Arsip Elektronik", "provider": "Arsip Nasional RI", "siasn_kind_id": "3",
            "starts_on": "2026-03-02", "ends_on": "2026-03-06", "hours_jp": "32",
            "certificate_number": "ANRI/2026/0042", **overrides}
    data["scan"] = (io.BytesIO(content), filename)
    return client.post("/pelatihan-saya/eksternal", data=data, content_type="multipart/form-data")


def field_error(response, field_id: str) -> str:
    import html as html_lib
    import re

    match = re.search(rf'<div id="{field_id}-error"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", match[1]).strip()) if match else ""


def test_an_employee_submits_external_training_waiting_for_hr(db, client, login, kit):
    login(kit.staff)
    assert client.get("/pelatihan-saya/eksternal").status_code == 200
    response = _submit(client, content=JPG, filename="scan sertifikat.JPG")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pegawai/{kit.staff_employee.id}/riwayat-diklat")
    record = db.session.scalar(select(TrainingRecord))
    assert (record.source, record.status, record.title, record.hours_jp, record.starts_on, record.ends_on) == (
        "external", "pending", "Pelatihan Arsip Elektronik", 32, date(2026, 3, 2), date(2026, 3, 6))
    assert (record.scan, record.scan_content_type, record.scan_filename) == (JPG, "image/jpeg",
                                                                             "scan sertifikat.jpg")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "training_record")).action == "create"
    assert records.jp_by_year(kit.staff_employee.id, [2026]) == {2026: 0}  # not counted before HR approves


@pytest.mark.parametrize(("content", "filename", "message"), [
    (DOCX, "sertifikat.docx", "harus berupa berkas PDF, JPG atau PNG"),
    (b"MZ\x90\x00", "sertifikat.exe", "harus berupa berkas PDF, JPG atau PNG"),
    (PNG, "sertifikat.pdf", "Isi berkas tidak sesuai dengan ekstensinya .pdf"),
    (b"<html><script>alert(1)</script>", "sertifikat.png", "Isi berkas tidak sesuai dengan ekstensinya .png"),
    (PDF + b"\x00" * 2000, "sertifikat.pdf", "Berkas terlalu besar"),
])
def test_a_scan_of_the_wrong_type_or_size_is_refused(db, app, client, login, kit, monkeypatch, content, filename,
                                                     message):
    monkeypatch.setitem(app.config, "EXTERNAL_CERTIFICATE_MAX_BYTES", 2000)
    login(kit.staff)
    response = _submit(client, content=content, filename=filename)
    assert response.status_code == 422
    assert message in field_error(response, "scan")
    assert db.session.scalar(select(func.count()).select_from(TrainingRecord)) == 0


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"ends_on": "2026-03-01"}, "ends_on", "Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ({"starts_on": f"{THIS_YEAR + 1}-01-05", "ends_on": f"{THIS_YEAR + 1}-01-06"}, "ends_on",
     "Pelatihan yang belum selesai belum dapat dicatat."),
    ({"hours_jp": "0"}, "hours_jp", ""),
    ({"title": "  "}, "title", "Isi nama pelatihan."),
    ({"siasn_kind_id": "99"}, "siasn_kind_id", ""),
    ({"siasn_kind_id": "1"}, "structural_kind_id", "Pilih jenis latihan struktural untuk Diklat Struktural."),
    ({"structural_kind_id": "2"}, "structural_kind_id", "Jenis latihan struktural hanya untuk Diklat Struktural."),
])
def test_invalid_external_training_is_refused_next_to_the_field(db, client, login, kit, overrides, field, message):
    login(kit.staff)
    response = _submit(client, **overrides)
    assert response.status_code == 422
    assert message in field_error(response, field) and field_error(response, field)
    assert db.session.scalar(select(func.count()).select_from(TrainingRecord)) == 0


def test_only_employees_submit_external_training(client, login, kit):
    login(kit.admin)
    assert client.get("/pelatihan-saya/eksternal").status_code == 403


# --- HR verification ---------------------------------------------------------------------------------------

def test_hr_approves_a_submission_which_then_counts_and_the_employee_is_told(db, client, login, kit):
    record = external(db, kit.staff_employee, status="pending", hours_jp=12, title="Diklat Arsip Statis")
    login(kit.hr)
    queue = page_text(client.get("/diklat/verifikasi-eksternal"))
    assert "Diklat Arsip Statis" in queue and "Staf Arsip" in queue
    response = client.post(f"/diklat/verifikasi-eksternal/{record.id}/setujui")
    assert response.status_code == 302
    db.session.expire_all()
    assert (record.status, record.decided_by_id) == ("approved", kit.hr.id) and record.decided_at is not None
    assert records.jp_by_year(kit.staff_employee.id, [2026]) == {2026: 12}
    notification = db.session.scalar(select(Notification).where(Notification.user_id == kit.staff.id))
    assert "Diklat Arsip Statis" in notification.message and "diakui" in notification.message
    assert notification.link == f"/pegawai/{kit.staff_employee.id}/riwayat-diklat"
    assert "Tidak ada pengajuan" in page_text(client.get("/diklat/verifikasi-eksternal"))
    # A second decision is refused: nothing changes, no second audit entry.
    again = client.post(f"/diklat/verifikasi-eksternal/{record.id}/tolak", data={"reason": "Salah"},
                        follow_redirects=True)
    assert "sudah diverifikasi sebelumnya" in page_text(again)
    db.session.expire_all()
    assert record.status == "approved"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.entity_type == "training_record")) == 1


def test_hr_rejects_with_a_reason_only(db, client, login, kit):
    record = external(db, kit.staff_employee, status="pending", title="Webinar Umum")
    login(kit.hr)
    response = client.post(f"/diklat/verifikasi-eksternal/{record.id}/tolak", data={"reason": " "})
    assert response.status_code == 422
    assert "Tuliskan alasan penolakan." in field_error(response, f"reason-{record.id}")
    db.session.expire_all()
    assert record.status == "pending"
    client.post(f"/diklat/verifikasi-eksternal/{record.id}/tolak", data={"reason": "Sertifikat tidak terbaca"})
    db.session.expire_all()
    assert (record.status, record.reason) == ("rejected", "Sertifikat tidak terbaca")
    notification = db.session.scalar(select(Notification).where(Notification.user_id == kit.staff.id))
    assert "Sertifikat tidak terbaca" in notification.message
    assert records.jp_by_year(kit.staff_employee.id, [2026]) == {2026: 0}


def test_employees_and_supervisors_do_not_verify_or_export(db, client, login, kit):
    record = external(db, kit.staff_employee, status="pending")
    login(kit.chief)
    assert client.get("/diklat/verifikasi-eksternal").status_code == 403
    assert client.post(f"/diklat/verifikasi-eksternal/{record.id}/setujui").status_code == 403
    assert client.post(f"/diklat/verifikasi-eksternal/{record.id}/tolak", data={"reason": "x"}).status_code == 403
    assert client.get("/diklat/ekspor-siasn.csv?tahun=2026").status_code == 403
    db.session.expire_all()
    assert record.status == "pending"


# --- scans -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [("staff", 200), ("chief", 200), ("hr", 200), ("colleague", 403)])
def test_the_scan_is_for_the_owner_their_supervisors_and_hr(db, client, login, kit, who, status):
    record = external(db, kit.staff_employee, status="pending")
    login(getattr(kit, who))
    response = client.get(f"/riwayat-diklat/{record.id}/pindaian")
    assert response.status_code == status
    if status == 200:
        assert response.data == PDF and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_record_without_scan_or_unknown_is_404(db, client, login, kit, from_course):
    record = from_course(kit.staff_employee)
    login(kit.hr)
    assert client.get(f"/riwayat-diklat/{record.id}/pindaian").status_code == 404
    assert client.get("/riwayat-diklat/999999/pindaian").status_code == 404


# --- SIASN export ------------------------------------------------------------------------------------------

def _csv(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert response.data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_the_siasn_export_has_one_row_per_counted_record_of_the_year(db, client, login, kit, make_employee,
                                                                     from_course):
    employee = kit.staff_employee
    from_course(employee, ends_on=date(2026, 5, 8), hours_jp=16, certificate_number="0001/SERT/BKPSDM/2026")
    external(db, make_employee("Ani", front_title="Dr.", back_title="M.Si."), ends_on=date(2026, 3, 6),
             starts_on=date(2026, 3, 2), siasn_kind_id=1, structural_kind_id=2, title="=HYPERLINK(\"http://x\")",
             provider="LAN RI")
    external(db, employee, status="pending", title="Menunggu")
    external(db, employee, status="rejected", title="Ditolak")
    from_course(employee, title="Dicabut", revoked_at=datetime(2026, 9, 5))
    external(db, employee, ends_on=date(2025, 12, 31), title="Tahun Lalu")
    login(kit.hr)
    response = client.get("/diklat/ekspor-siasn.csv?tahun=2026")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="riwayat-diklat-siasn-2026.csv"' in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["NIP", "Nama", "Nama Diklat/Kursus", "Penyelenggara", "jenisDiklatId", "Jenis Diklat",
                       "jenisKursusSertipikat", "latihanStrukturalId", "Tanggal Mulai", "Tanggal Selesai", "Tahun",
                       "Jumlah Jam (JP)", "Nomor Sertifikat"]
    assert len(rows) == 3
    ani = next(row for row in rows if row[1] == "Dr. Ani, M.Si.")
    assert ani[2] == "'=HYPERLINK(\"http://x\")"  # neutralised: stays text in a spreadsheet
    # SIASN's own ids: structural leadership training with its latihanStrukturalId (PKP is filed as DIKLAT PIM IV)
    assert ani[3:] == ["LAN RI", "1", "Diklat Struktural – SEPALA/ADUM/DIKLAT PIM TK.IV", "T", "2", "02-03-2026",
                       "06-03-2026", "2026", "8", "ANRI/2026/001"]
    staff = next(row for row in rows if row[0] == employee.nip)
    assert staff[1:] == ["Staf Arsip", "Pelayanan Publik Prima", "BKPSDM Kota Medan", "3", "Diklat Teknis", "T", "",
                         "08-05-2026", "08-05-2026", "2026", "16", "0001/SERT/BKPSDM/2026"]
    assert [row[2] for row in _csv(client.get("/diklat/ekspor-siasn.csv?tahun=2025"))[1:]] == ["Tahun Lalu"]


def test_the_siasn_export_is_in_indonesian_and_runs_one_query(db, client, login, kit, make_employee, count_queries):
    login(kit.hr)
    client.post("/bahasa", data={"language": "en", "next": "/"})
    external(db, kit.staff_employee, siasn_kind_id=6)
    client.get("/diklat/ekspor-siasn.csv?tahun=2026")
    with count_queries() as few:
        client.get("/diklat/ekspor-siasn.csv?tahun=2026")
    for number in range(10):
        external(db, make_employee(f"Pegawai {number}"), title=f"Diklat {number}")
    with count_queries() as many:
        response = client.get("/diklat/ekspor-siasn.csv?tahun=2026")
    assert len(few) == len(many)
    rows = _csv(response)
    assert len(rows) == 12 and "Pelatihan Sosial Kultural" in [row[5] for row in rows]


def test_the_employee_page_shows_this_years_training_hours_against_the_target(client, login, db, make_user):
    from datetime import date as day

    from courses.models import TrainingRecord

    user = make_user()
    db.session.add(TrainingRecord(employee_id=user.employee_id, source="external", status="approved",
                                  title="Literasi Digital", siasn_kind_id=16, starts_on=day.today(),
                                  ends_on=day.today(), hours_jp=12))
    db.session.commit()
    login(user)
    text = page_text(client.get(f"/pegawai/{user.employee_id}"))
    assert "Jam pelatihan tahun ini: 12 dari target 20 JP" in text and "kurang 8 JP" in text
