"""The certificate register and the workshop summary for 2025, on a few classes worked out by hand.

Workshops (period 2025-01-01..2025-12-31):
    W1 Pelayanan Publik Prima, Angkatan I, from 2025-03-03, completed (2 sessions), capacity 30:
       Ani completed (pre 50, post 80, attendance 100%), Budi completed (60, 90, 100%),
       Citra failed (40, 55, 60%), Dedi no-show (0%); Eko waitlisted and Fitri withdrawn do not count
       -> 4 participants, 2/1/1, pre (50 + 60 + 40) / 3 = 50, post (80 + 90 + 55) / 3 = 75, gain 25,
          attendance (1 + 1 + 0.6 + 0) / 4 = 65%; feedback Ani 5/4/5, Budi 4/4/3 -> 4.5, 4.0, 4.0 from 2
    W2 Manajemen Arsip Digital, Angkatan I, from 2025-06-10, running (4 sessions, attendance taken in 2):
       Gita present + present, Hadi present + late, Indra absent + excused; Joko present once then withdrew
       -> 3 participants, attendance (2/2 + 2/2 + 0/2) / 3 = 67%, pre (70 + 50) / 2 = 60, no post-test
    W3 Webinar Literasi Digital, Angkatan II, from 2025-09-01, closed for enrolment, capacity 1,200:
       Ani enrolled -> 1 participant, no attendance yet
    left out: cancelled, draft and proposed classes in 2025, and a completed class that started in 2024.
    figures: 3 classes, 8 participants, 2 passed of the 4 judged (50%), attendance (2.6 + 2) / 7 = 66%

Certificates issued in 2025 (expiry judged on 2025-12-31):
    0001/SERT/BKPSDM/2025 Eko  2025-01-02 (class of 2024), expired 2025-06-30
    0002/SERT/BKPSDM/2025 "=1+2 Sari" (Ani's NIP) 2025-03-05, valid until 2027-03-05
    0003/SERT/BKPSDM/2025 Budi 2025-03-05, revoked 2025-04-01 20:00 UTC = 2 April 2025 in Medan
    0004/SERT/BKPSDM/2025 Budi 2025-04-10, valid
    and 0009/SERT/BKPSDM/2024 Hadi 2024-12-28: before the period.
    -> 4 issued, 1 revoked, 1 expired, 2 valid; per month Jan 1, Mar 2 (1 revoked), Apr 1.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import event

from courses.models import Attendance, Certificate, Feedback
from kompeten.reports.rendering import render
from kompeten.reports.training_report import (
    Period,
    build_certificate_report,
    build_workshop_report,
    certificate_report,
    workshop_report,
    workshop_summaries,
)
from tests.helpers import page_text

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))
# workshop -> [(employee, status, pre, post, attendance_pct)]
ENROLMENTS = {
    "w1": [("ani", "completed", 50, 80, 100.0), ("budi", "completed", 60, 90, 100.0),
           ("citra", "failed", 40, 55, 60.0), ("dedi", "no_show", None, None, 0.0),
           ("eko", "waitlisted", None, None, None), ("fitri", "withdrawn", None, None, None)],
    "w2": [("gita", "enrolled", 70, None, None), ("hadi", "enrolled", 50, None, None),
           ("indra", "enrolled", None, None, None), ("joko", "withdrawn", None, None, None)],
    "w3": [("ani", "enrolled", None, None, None)],
}
# W2's attendance: employee -> statuses in sessions 1 and 2 (3 and 4 not taken yet)
W2_ATTENDANCE = {"gita": ("present", "present"), "hadi": ("present", "late"), "indra": ("absent", "excused"),
                 "joko": ("present", None)}
FEEDBACK = {"ani": (5, 4, 5), "budi": (4, 4, 3)}


@dataclass
class Classes:
    courses: dict
    workshops: dict
    enrolments: dict
    people: dict
    hr: object


def _certificate(db, enrolment, year, sequence, issued_on, expires_on=None, revoked_at=None):
    certificate = Certificate(enrolment_id=enrolment.id, year=year, sequence=sequence,
                              number=f"{sequence:04d}/SERT/BKPSDM/{year}",
                              verification_code=f"KODE{year}{sequence:04d}", issued_on=issued_on,
                              expires_on=expires_on, revoked_at=revoked_at)
    db.session.add(certificate)
    return certificate


@pytest.fixture
def classes(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment,
            make_workshop) -> Classes:
    unit = make_unit("Dinas Komunikasi dan Informatika")
    position = make_position("Pranata Komputer", unit=unit)
    names = {"ani": "=1+2 Sari"}
    people = {key: make_employee(names.get(key, key.capitalize()), position)
              for key in ("ani", "budi", "citra", "dedi", "eko", "fitri", "gita", "hadi", "indra", "joko")}
    service = make_course(title="Pelayanan Publik Prima", hours_jp=16, certificate_validity_years=2)
    archive = make_course(title="Manajemen Arsip Digital", hours_jp=24)
    webinar = make_course(title="Webinar Literasi Digital", hours_jp=4, modality="seminar")
    workshops = {
        "w1": make_workshop(service, sessions=2, status="completed", first_day=date(2025, 3, 3)),
        "w2": make_workshop(archive, sessions=4, status="running", first_day=date(2025, 6, 10)),
        "w3": make_workshop(webinar, capacity=1200, sessions=1, status="closed", batch="Angkatan II",
                            first_day=date(2025, 9, 1)),
        "cancelled": make_workshop(service, status="cancelled", batch="Batal", first_day=date(2025, 5, 5)),
        "draft": make_workshop(service, status="draft", batch="Draf", first_day=date(2025, 10, 1)),
        "proposed": make_workshop(archive, status="proposed", batch="Usulan", first_day=date(2025, 11, 1)),
        "old": make_workshop(archive, status="completed", batch="Angkatan Khusus", first_day=date(2024, 12, 20)),
    }
    enrolments = {}
    for workshop_key, rows in ENROLMENTS.items():
        for key, status, pre, post, pct in rows:
            enrolments[(workshop_key, key)] = make_enrolment(
                workshops[workshop_key], people[key], status, pre_score=pre, post_score=post,
                attendance_pct=pct)
    for key in ("eko", "hadi"):
        enrolments[("old", key)] = make_enrolment(workshops["old"], people[key], "completed", attendance_pct=100.0)
    sessions = workshops["w2"].sessions
    for key, statuses in W2_ATTENDANCE.items():
        for session, status in zip(sessions, statuses, strict=False):
            if status:
                db.session.add(Attendance(session_id=session.id, enrolment_id=enrolments[("w2", key)].id,
                                          status=status))
    for key, (content, trainer, relevance) in FEEDBACK.items():
        db.session.add(Feedback(enrolment_id=enrolments[("w1", key)].id, content_score=content,
                                trainer_score=trainer, relevance_score=relevance))
    _certificate(db, enrolments[("old", "hadi")], 2024, 9, date(2024, 12, 28))
    _certificate(db, enrolments[("old", "eko")], 2025, 1, date(2025, 1, 2), expires_on=date(2025, 6, 30))
    _certificate(db, enrolments[("w1", "ani")], 2025, 2, date(2025, 3, 5), expires_on=date(2027, 3, 5))
    _certificate(db, enrolments[("w1", "budi")], 2025, 3, date(2025, 3, 5), revoked_at=datetime(2025, 4, 1, 20, 0))
    _certificate(db, enrolments[("w1", "budi")], 2025, 4, date(2025, 4, 10))
    db.session.commit()
    return Classes({"service": service, "archive": archive, "webinar": webinar}, workshops, enrolments, people,
                   make_user("hr", with_employee=False, email="bkpsdm@pemkomedan.go.id"))


def _table(report, title: str) -> list[list]:
    return next(table.rows for table in report.tables() if table.title == title)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


# --- Rekap kelas -------------------------------------------------------------------------------------------

def test_the_workshop_summary_has_the_hand_computed_numbers(classes):
    report = workshop_report(PERIOD)
    assert report.title == "Rekap Kelas Pelatihan"
    assert report.filters == [("Periode", "1 Januari 2025 – 31 Desember 2025"), ("Pelatihan", "Semua pelatihan")]
    assert report.figures == [("Kelas", "3"), ("Peserta", "8"), ("Lulus", "2 (50%)"), ("Rata-rata kehadiran", "66%")]
    assert _table(report, "Rekap kelas") == [
        ["Pelayanan Publik Prima", "Angkatan I", date(2025, 3, 3), date(2025, 3, 4), "Selesai", 30, 4,
         pytest.approx(0.65), 2, 1, 1],
        ["Manajemen Arsip Digital", "Angkatan I", date(2025, 6, 10), date(2025, 6, 13), "Berlangsung", 30, 3,
         pytest.approx(2 / 3), 0, 0, 0],
        ["Webinar Literasi Digital", "Angkatan II", date(2025, 9, 1), date(2025, 9, 1), "Pendaftaran ditutup", 1200,
         1, None, 0, 0, 0]]
    assert _table(report, "Nilai dan umpan balik") == [
        ["Pelayanan Publik Prima", "Angkatan I", 50.0, 75.0, 25.0, 2, 4.5, 4.0, 4.0],
        ["Manajemen Arsip Digital", "Angkatan I", 60.0, None, None, 0, None, None, None],
        ["Webinar Literasi Digital", "Angkatan II", None, None, None, 0, None, None, None]]
    chart = next(item for section in report.sections for item in section.items if hasattr(item, "svg"))
    assert [row[0] for row in chart.table.rows] == ["Pelayanan Publik Prima – Angkatan I",
                                                   "Manajemen Arsip Digital – Angkatan I",
                                                   "Webinar Literasi Digital – Angkatan II"]
    assert "Pelayanan Publik Prima" in chart.svg and "Lulus" in chart.svg


def test_the_workshop_numbers_match_a_plain_loop_over_the_enrolments(classes):
    summaries = {s.workshop.id: s for s in workshop_summaries(PERIOD)}
    for key in ("w1", "w2", "w3"):
        seated = [row for row in ENROLMENTS[key] if row[1] in ("enrolled", "completed", "failed", "no_show")]
        summary = summaries[classes.workshops[key].id]
        assert summary.participants == len(seated)
        assert [summary.completed, summary.failed, summary.no_show] == [
            sum(row[1] == outcome for row in seated) for outcome in ("completed", "failed", "no_show")]
        assert summary.pre_score == _mean([row[2] for row in seated])
        assert summary.post_score == _mean([row[3] for row in seated])
        shares = []
        for employee, _status, _pre, _post, pct in seated:
            if pct is not None:
                shares.append(pct / 100)
            elif key == "w2":  # from the sheets: sessions whose attendance was taken
                taken = {i for statuses in W2_ATTENDANCE.values() for i, s in enumerate(statuses) if s}
                shares.append(sum(s in ("present", "late") for s in W2_ATTENDANCE[employee]) / len(taken))
        assert summary.attendance == pytest.approx(_mean(shares)) if shares else summary.attendance is None
    assert set(summaries) == {classes.workshops[key].id for key in ("w1", "w2", "w3")}


def test_a_course_narrows_the_summary_and_queries_stay_few(db, classes):
    report = build_workshop_report({"date_from": "2025-01-01", "date_to": "2025-12-31",
                                    "course_id": classes.courses["archive"].id})
    assert report.filters[1] == ("Pelatihan", f"{classes.courses['archive'].code} – Manajemen Arsip Digital")
    assert [row[0] for row in _table(report, "Rekap kelas")] == ["Manajemen Arsip Digital"]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        workshop_report(PERIOD)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 4  # workshops with courses, enrolments, attendance, feedback


def test_an_empty_period(classes):
    report = build_workshop_report({"date_from": "2023-01-01", "date_to": "2023-03-31", "course_id": None})
    assert report.figures == [("Kelas", "0"), ("Peserta", "0"), ("Lulus", "0 (—)"), ("Rata-rata kehadiran", "—")]
    assert "Tidak ada data" in _pdf_text(render(report, "pdf"))


def test_the_workshop_summary_exports(classes):
    report = workshop_report(PERIOD)
    text = _pdf_text(render(report, "pdf"))
    assert "Rekap Kelas Pelatihan" in text and "1 Januari 2025 – 31 Desember 2025" in text
    assert "1.200" in text and "65%" in text and "67%" in text and "4,50" in text and "3 Maret 2025" in text
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    # The chart's table is not exported.
    assert workbook.sheetnames == ["Laporan", "Rekap kelas", "Nilai dan umpan balik"]
    rows = [[cell.value for cell in row] for row in workbook["Rekap kelas"].iter_rows()]
    assert rows[0][:3] == ["Pelatihan", "Angkatan", "Mulai"]
    assert rows[1][2] == datetime(2025, 3, 3) and rows[3][5] == 1200 and rows[1][7] == pytest.approx(0.65)
    csv_rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[1][:4] == ["Pelayanan Publik Prima", "Angkatan I", "2025-03-03", "2025-03-04"]


# --- Register sertifikat -----------------------------------------------------------------------------------

def test_the_register_has_the_hand_computed_numbers(classes):
    report = certificate_report(PERIOD, today=date(2025, 12, 31))
    assert report.title == "Register Sertifikat Pelatihan"
    assert report.figures == [("Sertifikat diterbitkan", "4"), ("Berlaku", "2"), ("Dicabut", "1"),
                              ("Kedaluwarsa", "1")]
    people = classes.people
    assert _table(report, "Register sertifikat") == [
        ["0001/SERT/BKPSDM/2025", date(2025, 1, 2), people["eko"].nip, "Eko", "Manajemen Arsip Digital",
         "Angkatan Khusus", 24, "Kedaluwarsa", None, date(2025, 6, 30)],
        ["0002/SERT/BKPSDM/2025", date(2025, 3, 5), people["ani"].nip, "=1+2 Sari", "Pelayanan Publik Prima",
         "Angkatan I", 16, "Berlaku", None, date(2027, 3, 5)],
        ["0003/SERT/BKPSDM/2025", date(2025, 3, 5), people["budi"].nip, "Budi", "Pelayanan Publik Prima",
         "Angkatan I", 16, "Dicabut", date(2025, 4, 2), None],
        ["0004/SERT/BKPSDM/2025", date(2025, 4, 10), people["budi"].nip, "Budi", "Pelayanan Publik Prima",
         "Angkatan I", 16, "Berlaku", None, None]]
    months = _table(report, "Sertifikat per bulan")
    assert len(months) == 12 and months[0] == ["Januari 2025", 1, 0]
    assert [row[1:] for row in months[1:4]] == [[0, 0], [2, 1], [1, 0]]


def test_the_register_narrows_to_a_course_and_a_short_period(classes):
    report = build_certificate_report({"date_from": "2024-12-01", "date_to": "2025-01-31",
                                       "course_id": classes.courses["archive"].id})
    assert [row[0] for row in _table(report, "Register sertifikat")] == ["0009/SERT/BKPSDM/2024",
                                                                        "0001/SERT/BKPSDM/2025"]
    assert [row[0] for row in _table(report, "Sertifikat per bulan")] == ["Desember 2024", "Januari 2025"]
    long = build_certificate_report({"date_from": "2020-01-01", "date_to": "2025-12-31", "course_id": None})
    assert _table(long, "Sertifikat per tahun") == [  # more than 36 months: per year
        ["2020", 0, 0], ["2021", 0, 0], ["2022", 0, 0], ["2023", 0, 0], ["2024", 1, 0], ["2025", 4, 1]]
    default = build_certificate_report({})
    assert default.filters[0][1].endswith(str(date.today().year))


def test_the_register_exports(classes):
    report = certificate_report(PERIOD, today=date(2025, 12, 31))
    text = _pdf_text(render(report, "pdf"))
    assert "Register Sertifikat Pelatihan" in text and "1 Januari 2025 – 31 Desember 2025" in text
    assert "0003/SERT/BKPSDM/2025" in text.replace(" ", "")  # a long number wraps in its cell
    assert "2 April 2025" in text and "Dicabut" in text
    assert "Kedaluwarsa" in text and "5 Maret 2025" in text
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames == ["Laporan", "Sertifikat per bulan", "Register sertifikat"]
    rows = [[cell.value for cell in row] for row in workbook["Register sertifikat"].iter_rows()]
    assert rows[0] == ["Nomor sertifikat", "Tanggal terbit", "NIP", "Nama", "Pelatihan", "Angkatan", "JP", "Status",
                       "Tanggal dicabut", "Berlaku sampai"]
    assert rows[2][1] == datetime(2025, 3, 5) and rows[2][3] == "'=1+2 Sari" and rows[2][6] == 16
    assert rows[3][8] == datetime(2025, 4, 2)
    csv_rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0][:2] == ["Nomor sertifikat", "Tanggal terbit"]
    assert csv_rows[2][:4] == ["0002/SERT/BKPSDM/2025", "2025-03-05", classes.people["ani"].nip, "'=1+2 Sari"]
    assert csv_rows[3][8] == "2025-04-02" and csv_rows[4][8:] == ["", ""]


# --- pages -------------------------------------------------------------------------------------------------

def test_the_report_pages_and_their_access(client, login, classes, make_user):
    login(make_user("employee", employee=classes.people["ani"]))
    for key in ("register-sertifikat", "rekap-kelas"):
        assert client.get(f"/laporan/{key}?tampilkan=1").status_code == 403
    client.post("/keluar")
    login(classes.hr)
    listing = page_text(client.get("/laporan"))
    assert "Register sertifikat" in listing and "Rekap kelas pelatihan" in listing
    response = client.get("/laporan/register-sertifikat?tampilkan=1&date_from=2025-01-01&date_to=2025-12-31")
    text = page_text(response)
    assert response.status_code == 200
    assert "0003/SERT/BKPSDM/2025" in text and "2 April 2025" in text and "=1+2 Sari" in text
    response = client.get("/laporan/rekap-kelas?tampilkan=1&date_from=2025-01-01&date_to=2025-12-31")
    text = page_text(response)
    assert response.status_code == 200 and "2 (50%)" in text and "66%" in text and "1.200" in text
    assert client.get("/laporan/rekap-kelas?tampilkan=1").status_code == 200  # this year by default
    course = client.get(f"/laporan/rekap-kelas?tampilkan=1&date_from=2025-01-01&date_to=2025-12-31"
                        f"&course_id={classes.courses['webinar'].id}")
    assert course.status_code == 200 and "Webinar Literasi Digital" in page_text(course)


@pytest.mark.parametrize("key", ["register-sertifikat", "rekap-kelas"])
@pytest.mark.parametrize(("query", "message"), [
    ("date_from=2025-06-01&date_to=2025-05-31", "Tanggal akhir tidak boleh sebelum tanggal awal."),
    ("date_from=2025-13-01&date_to=2025-12-31", "Isi tanggal yang valid."),
    ("date_from=&date_to=2025-12-31", "Isi tanggal yang valid."),
    ("date_from=1999-12-31&date_to=2025-12-31", "Tanggal harus antara tahun 2000 dan 2100."),
    ("date_from=2025-01-01&date_to=2025-12-31&course_id=987654", "Pilihan tidak valid."),
])
def test_bad_filters_re_render_with_a_message(client, login, classes, key, query, message):
    login(classes.hr)
    response = client.get(f"/laporan/{key}?tampilkan=1&{query}")
    assert response.status_code == 422
    assert message in page_text(response)
