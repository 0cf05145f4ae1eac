"""The Kepatuhan 20 JP report on a small city, its numbers worked out by hand for 2025 (target 20 JP):

    Pemerintah Kota Medan (root)          "=1+2 Fitri" 5 JP (March)                          -> 5, below
      Dinas Kesehatan                     Ani 12 (March) + 10 (July)                         -> 22, met
                                          Citra 30 ending 2024-12-31, 20 ending 2026-01-05    -> 0, below
        Bidang Pelayanan Kesehatan        Budi 16 (March); 8 revoked (May), 6 pending (June) -> 16, below
      Dinas Pendidikan                    Dedi 20 (December 31st)                            -> 20, met
                                          Gita 40 rejected                                   -> 0, below
                                          Eko 25 (April) but no longer active              -> not counted

    per unit   Dinas Pendidikan 2 people, 1 met (50%), average 10 | Dinas Kesehatan 3, 1 (33%), 38 / 3 |
               Pemerintah Kota Medan (langsung) 1, 0 (0%), 5
    total      6 active, 2 met (33%), 63 JP -> average 10,5
    per month  March 12 + 16 + 5 = 33 JP by 3 people, July 10 by 1, December 20 by 1 (sum 63)

The same numbers are also computed by a plain loop over RECORDS, so the rule is written down twice.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import event

from courses.models import TrainingRecord
from kompeten.reports.hours_report import build_hours_report, hours_report
from kompeten.reports.rendering import render
from tests.helpers import page_text

YEAR = 2025
TARGET = 20
# (employee key, JP, ends on, status, revoked)
RECORDS = [
    ("ani", 12, date(2025, 3, 10), "approved", False),
    ("ani", 10, date(2025, 7, 1), "approved", False),
    ("budi", 16, date(2025, 3, 20), "approved", False),
    ("budi", 8, date(2025, 5, 5), "approved", True),
    ("budi", 6, date(2025, 6, 1), "pending", False),
    ("citra", 30, date(2024, 12, 31), "approved", False),
    ("citra", 20, date(2026, 1, 5), "approved", False),
    ("dedi", 20, date(2025, 12, 31), "approved", False),
    ("gita", 40, date(2025, 2, 1), "rejected", False),
    ("eko", 25, date(2025, 4, 1), "approved", False),
    ("fitri", 5, date(2025, 3, 15), "approved", False),
]
INACTIVE = {"eko"}


@dataclass
class City:
    root: object
    health: object
    health_service: object
    education: object
    people: dict
    hr: object


@pytest.fixture
def city(db, make_unit, make_position, make_employee, make_user) -> City:
    root = make_unit("Pemerintah Kota Medan", "pemkot")
    health = make_unit("Dinas Kesehatan", "opd", root)
    service = make_unit("Bidang Pelayanan Kesehatan", "bidang", health)
    education = make_unit("Dinas Pendidikan", "opd", root)
    staff = make_position("Pengadministrasi Umum", unit=root)
    nurse = make_position("Perawat Terampil", "fungsional_keterampilan", unit=health)
    teacher = make_position("Analis Pendidikan", unit=education)
    placement = {"ani": (health, nurse), "citra": (health, nurse), "budi": (service, nurse),
                 "dedi": (education, teacher), "gita": (education, teacher), "eko": (education, teacher),
                 "fitri": (root, staff)}
    names = {"fitri": "=1+2 Fitri"}
    people = {key: make_employee(names.get(key, key.capitalize()), position, unit=unit,
                                 is_active=key not in INACTIVE)
              for key, (unit, position) in placement.items()}
    for key, jp, ends_on, status, revoked in RECORDS:
        db.session.add(TrainingRecord(
            employee_id=people[key].id, source="external", status=status, title=f"Pelatihan {jp} JP",
            siasn_kind_id=3, starts_on=ends_on, ends_on=ends_on, hours_jp=jp,
            revoked_at=datetime(2025, 6, 1) if revoked else None))
    db.session.commit()
    hr = make_user("hr", with_employee=False, email="bkpsdm@pemkomedan.go.id")
    return City(root, health, service, education, people, hr)


def _table(report, title: str) -> list[list]:
    return next(table.rows for table in report.tables() if table.title == title)


def _expected_jp(keys) -> dict[str, int]:
    """JP per active employee by the rule: approved, not revoked, ending in YEAR."""
    totals = dict.fromkeys(keys, 0)
    for key, jp, ends_on, status, revoked in RECORDS:
        if key in totals and status == "approved" and not revoked and ends_on.year == YEAR:
            totals[key] += jp
    return totals


def test_the_city_report_has_the_hand_computed_numbers(city):
    report = hours_report(YEAR, None)
    assert report.title == "Laporan Kepatuhan 20 JP Tahun 2025"
    assert report.filters == [("Tahun", "2025"), ("Cakupan", "Seluruh kota"),
                              ("Target", "20 JP per pegawai per tahun")]
    assert report.figures == [("Pegawai aktif", "6"), ("Mencapai 20 JP atau lebih", "2"),
                              ("Persentase mencapai target", "33%"), ("Rata-rata JP per pegawai", "10,5")]
    assert _table(report, "Kepatuhan 20 JP per unit") == [
        ["Dinas Pendidikan", 2, 1, 0.5, 10.0, 1],
        ["Dinas Kesehatan", 3, 1, pytest.approx(1 / 3), pytest.approx(38 / 3), 2],
        ["Pemerintah Kota Medan (langsung)", 1, 0, 0.0, 5.0, 1]]
    assert _table(report, "Pegawai di bawah target") == [
        [city.people["citra"].nip, "Citra", "Dinas Kesehatan", "Dinas Kesehatan", "Perawat Terampil", 0, 20],
        [city.people["budi"].nip, "Budi", "Dinas Kesehatan", "Bidang Pelayanan Kesehatan", "Perawat Terampil", 16, 4],
        [city.people["gita"].nip, "Gita", "Dinas Pendidikan", "Dinas Pendidikan", "Analis Pendidikan", 0, 20],
        [city.people["fitri"].nip, "=1+2 Fitri", "Pemerintah Kota Medan (langsung)", "Pemerintah Kota Medan",
         "Pengadministrasi Umum", 5, 15]]
    months = _table(report, "JP per bulan")
    assert [row[0] for row in months][:3] == ["Januari 2025", "Februari 2025", "Maret 2025"]
    assert [(row[1], row[2]) for row in months] == [
        (0, 0), (0, 0), (33, 3), (0, 0), (0, 0), (0, 0), (10, 1), (0, 0), (0, 0), (0, 0), (0, 0), (20, 1)]
    assert months[-1][3:] == [63, 10.5]


def test_the_numbers_match_a_plain_loop_over_the_records(city):
    active = [key for key in city.people if key not in INACTIVE]
    jp = _expected_jp(active)
    report = hours_report(YEAR, None)
    below = {row[0]: row[5] for row in _table(report, "Pegawai di bawah target")}
    assert below == {city.people[key].nip: hours for key, hours in jp.items() if hours < TARGET}
    met = sum(hours >= TARGET for hours in jp.values())
    assert dict(report.figures)["Mencapai 20 JP atau lebih"] == str(met)
    per_month = [0] * 12
    for key, hours, ends_on, status, revoked in RECORDS:
        if key in active and status == "approved" and not revoked and ends_on.year == YEAR:
            per_month[ends_on.month - 1] += hours
    assert [row[1] for row in _table(report, "JP per bulan")] == per_month
    assert sum(per_month) == sum(jp.values())


def test_a_unit_scope_shows_its_sub_units_and_its_own_people(city):
    report = build_hours_report({"year": YEAR, "unit_id": city.health.id})
    assert ("Cakupan", "Unit Dinas Kesehatan (beserta sub-unit)") in report.filters
    assert _table(report, "Kepatuhan 20 JP per unit") == [
        ["Dinas Kesehatan (langsung)", 2, 1, 0.5, 11.0, 1], ["Bidang Pelayanan Kesehatan", 1, 0, 0.0, 16.0, 1]]
    assert dict(report.figures)["Pegawai aktif"] == "3"
    assert [row[1] for row in _table(report, "JP per bulan")][2] == 28  # Ani 12 + Budi 16; Fitri is outside
    leaf = build_hours_report({"year": YEAR, "unit_id": city.education.id})
    assert _table(leaf, "Kepatuhan 20 JP per unit") == [["Dinas Pendidikan", 2, 1, 0.5, 10.0, 1]]


def test_an_empty_year_and_the_default_year(city):
    report = build_hours_report({"year": 2021, "unit_id": None})
    assert dict(report.figures)["Persentase mencapai target"] == "0%"
    assert len(_table(report, "Pegawai di bawah target")) == 6
    assert build_hours_report({}).filters[0] == ("Tahun", str(date.today().year))


def test_the_queries_do_not_grow_with_the_people(db, city, make_employee):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            hours_report(YEAR, None)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    before = queries()
    for number in range(5):
        employee = make_employee(f"Pegawai {number}", city.people["dedi"].position, unit=city.education)
        db.session.add(TrainingRecord(employee_id=employee.id, source="external", status="approved", title="X",
                                      siasn_kind_id=3, starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1),
                                      hours_jp=3))
    db.session.commit()
    assert queries() == before <= 4


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_pdf_xlsx_and_csv(city):
    report = hours_report(YEAR, None)
    text = _pdf_text(render(report, "pdf"))
    assert "Laporan Kepatuhan 20 JP Tahun 2025" in text and "Seluruh kota" in text and "2025" in text
    assert "33%" in text and "10,5" in text and "12,67" in text and "Bidang Pelayanan Kesehatan" in text
    assert "Maret 2025" in text and "=1+2 Fitri" in text

    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames == ["Laporan", "Kepatuhan 20 JP per unit", "JP per bulan", "Pegawai di bawah target"]
    units = [[cell.value for cell in row] for row in workbook["Kepatuhan 20 JP per unit"].iter_rows()]
    assert units[0] == ["Unit", "Pegawai aktif", "Mencapai target", "Persentase", "Rata-rata JP", "Di bawah target"]
    assert units[1] == ["Dinas Pendidikan", 2, 1, 0.5, 10, 1]
    below = [[cell.value for cell in row] for row in workbook["Pegawai di bawah target"].iter_rows(min_row=2)]
    assert below[-1][1] == "'=1+2 Fitri" and below[-1][5:] == [5, 15]

    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["NIP", "Nama", "Unit", "Unit kerja", "Jabatan", "JP", "Kekurangan JP"]
    assert rows[1][:2] == [city.people["citra"].nip, "Citra"] and rows[1][5:] == ["0", "20"]
    assert rows[-1][1] == "'=1+2 Fitri"


def test_the_report_page_and_its_access(client, login, city, make_user):
    login(make_user("employee", employee=city.people["ani"]))
    assert client.get(f"/laporan/kepatuhan-jp?tampilkan=1&year={YEAR}").status_code == 403
    client.post("/keluar")
    login(city.hr)
    assert "Laporan kepatuhan 20 JP" in page_text(client.get("/laporan"))
    response = client.get(f"/laporan/kepatuhan-jp?tampilkan=1&year={YEAR}")
    text = page_text(response)
    assert response.status_code == 200
    assert "33%" in text and "10,5" in text and "Dinas Kesehatan" in text and "=1+2 Fitri" in text
    unit = client.get(f"/laporan/kepatuhan-jp?tampilkan=1&year={YEAR}&unit_id={city.health.id}")
    assert unit.status_code == 200 and "Dinas Kesehatan (langsung)" in page_text(unit)
    assert client.get("/laporan/kepatuhan-jp?tampilkan=1").status_code == 200  # this year by default
    form_only = client.get("/laporan/kepatuhan-jp")
    assert form_only.status_code == 200 and str(date.today().year) in form_only.get_data(as_text=True)


@pytest.mark.parametrize(("query", "message"), [
    ("year=1999", "Tahun harus antara 2000 dan"),
    (f"year={date.today().year + 2}", "Tahun harus antara 2000 dan"),
    ("year=dua", "Isi tahun dengan angka"),
    ("year=", "Isi tahun dengan angka"),
    ("year=2025&unit_id=987654", "Pilihan tidak valid."),
    ("year=2025&unit_id=abc", "Pilihan tidak valid."),
])
def test_bad_filters_re_render_with_a_message(client, login, city, query, message):
    login(city.hr)
    response = client.get(f"/laporan/kepatuhan-jp?tampilkan=1&{query}")
    assert response.status_code == 422
    assert message in page_text(response)
