"""The appraisal-results report on a small consolidated and finalised cycle, its numbers worked out by hand:

    Pemerintah Kota Medan
      Dinas Kesehatan (OPD)     Kepala Kesehatan (KH, no predikat), Ani SB, Budi SB       limit Sangat Baik 40%
        Bidang Pelayanan        Citra B, Dewi BP                                          (HR's, for the cycle)
      Dinas Pendidikan (OPD)    Kepala Pendidikan (KP, no predikat), Eko B, Fajar K, Gita B   limit Kurang 10%

    predikat   Kesehatan 4 rated: SB 2 (50% > 40%), B 1, BP 1; 1 without | Pendidikan 3 rated: B 2, K 1 (33% > 10%);
               1 without | city 7 rated: SB 2 (29% > the default 20%), B 3, BP 1, K 1; 2 without
    ratings    (weights supervisor 30, self 15; three competencies required at 2)
               KH rates his four 3 everywhere; Ani, Budi, Citra rate themselves 1 -> (90 + 15) / 45 = 2.33 -> 2,
               Dewi rates herself 3 -> 3. KH: +1 on 9 ratings, 0 on 3 -> +0.75, lenient; spread 0: halo
               KP rates his three 1; they rate themselves 3 -> (30 + 45) / 45 = 1.67 -> 2. KP: -1.00, severe; halo
    self gaps  Ani, Budi, Citra 1 - 3 = -2; Dewi 0; Eko, Fajar, Gita +2: 7 compared, mean 0, 6 from ±1
    levels     Ani's first competency corrected to 3 after her objection: level 2: 17 results, level 3: 4
    figures    9 appraisals, 7 final (Ani's objected counts), Sangat Baik 2 of 7 = 29%, 2 raters flagged

Raters are measured from 6 ratings of 2 people here (the configured 20 of 3 suits a city).
"""

import csv
import io
from dataclasses import dataclass

import openpyxl
import pytest
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import event, select, update

from competencies.appraisals import consolidation, cycles, limits
from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalResult
from competencies.models import Requirement
from kompeten.demo import plan
from kompeten.reports.appraisal_report import AppraisalReportFilters, build_appraisal_report, default_cycle_id
from kompeten.reports.rendering import render
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text

# person: (unit, supervisor's level, self level, SKP realisation, BerAKHLAK, predikat)
PLAN = {
    "ani": ("health", 3, 1, 120.0, "di_atas_ekspektasi", "sangat_baik"),
    "budi": ("health", 3, 1, 120.0, "di_atas_ekspektasi", "sangat_baik"),
    "citra": ("service", 3, 1, 100.0, "sesuai_ekspektasi", "baik"),
    "dewi": ("service", 3, 3, 80.0, "sesuai_ekspektasi", "butuh_perbaikan"),
    "eko": ("education", 1, 3, 100.0, "sesuai_ekspektasi", "baik"),
    "fajar": ("education", 1, 3, 100.0, "di_bawah_ekspektasi", "kurang"),
    "gita": ("education", 1, 3, 120.0, "sesuai_ekspektasi", "baik"),
}
AGENCY_OF = {"health": "health", "service": "health", "education": "education"}
RATINGS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")


@dataclass
class Town:
    units: dict
    people: dict
    heads: dict
    cycle: AppraisalCycle
    hr: object


@pytest.fixture
def small_thresholds(app, monkeypatch):
    for config in (app.config, current_app.config):
        monkeypatch.setitem(config, "APPRAISAL_BIAS_MIN_RATINGS", 6)
        monkeypatch.setitem(config, "APPRAISAL_BIAS_MIN_PEOPLE", 2)


def _build(db, make_unit, make_position, make_employee, make_framework) -> tuple[dict, dict, dict]:
    root = make_unit("Pemerintah Kota Medan", "pemkot")
    health = make_unit("Dinas Kesehatan", "opd", root)
    units = {"root": root, "health": health, "service": make_unit("Bidang Pelayanan", "bidang", health),
             "education": make_unit("Dinas Pendidikan", "opd", root)}
    framework = make_framework()
    heads = {key: make_employee(f"Kepala {units[key].name.split()[-1]}",
                                make_position(f"Kepala {units[key].name}", "administrator", unit=units[key]))
             for key in ("health", "education")}
    positions = {key: make_position(f"Staf {units[key].name}", unit=units[key]) for key in ("health", "education")}
    for position in positions.values():
        for competency in framework.competencies:
            db.session.add(Requirement(position_id=position.id, competency_id=competency.id, level=2,
                                       weight="normal"))
    db.session.commit()
    people = {key: make_employee(key.capitalize(), positions[AGENCY_OF[unit]], unit=units[unit],
                                 supervisor=heads[AGENCY_OF[unit]])
              for key, (unit, *_rest) in PLAN.items()}
    return units, people, heads


@pytest.fixture
def town(db, make_unit, make_position, make_employee, make_user, small_thresholds, open_cycle, make_framework) -> Town:
    units, people, heads = _build(db, make_unit, make_position, make_employee, make_framework)
    cycle = open_cycle()
    for key, (_unit, supervisor_level, self_level, actual, core_value, _predikat) in PLAN.items():
        fill_performance(db, appraisal_of(db, cycle, people[key]), actual=actual, core_value=core_value)
        rate_all(db, form_of(db, cycle, people[key], "supervisor"), supervisor_level)
        rate_all(db, form_of(db, cycle, people[key], "self"), self_level)
    limits.set_rating_limit(None, cycle, units["health"], "sangat_baik", 40)
    limits.set_rating_limit(None, cycle, units["education"], "kurang", 10)
    consolidation.consolidate_cycle(None, cycle)
    cycles.finalise_cycle(None, cycle)
    ani = appraisal_of(db, cycle, people["ani"])
    ani.status = "objected"
    first = db.session.scalar(select(AppraisalResult).where(AppraisalResult.appraisal_id == ani.id)
                              .order_by(AppraisalResult.competency_id).limit(1))
    first.corrected_level = 3
    db.session.commit()
    return Town(units, people, heads, cycle, make_user("hr", with_employee=False, email="bkpsdm@pemkomedan.go.id"))


def _table(report, title: str) -> list[list]:
    return next(table.rows for table in report.tables() if table.title == title)


def _distribution(counts: dict[str, int], unrated: int, over: str) -> list:
    return [sum(counts.values()), *(counts.get(rating, 0) for rating in RATINGS), unrated, over]


def _shares(counts: dict[str, int]) -> list:
    return [pytest.approx(counts.get(rating, 0) / sum(counts.values())) for rating in RATINGS]


def test_the_city_report_has_the_hand_computed_numbers(town):
    report = build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": None})
    assert report.title == "Laporan Hasil Penilaian"
    assert report.filters == [("Periode penilaian", "Penilaian Tahunan 2026 (Final)"), ("Cakupan", "Seluruh kota")]
    assert report.figures == [("Penilaian", "9"), ("Hasil final", "7"), ("Predikat Sangat Baik", "29% (2 dari 7)"),
                              ("Penilai ditandai", "2")]
    assert _table(report, "Predikat kinerja per unit") == [
        ["Dinas Kesehatan", *_distribution({"sangat_baik": 2, "baik": 1, "butuh_perbaikan": 1}, 1,
                                           "Sangat Baik (maks. 40%)")],
        ["Dinas Pendidikan", *_distribution({"baik": 2, "kurang": 1}, 1, "Kurang/Misconduct (maks. 10%)")],
        ["Jumlah", *_distribution({"sangat_baik": 2, "baik": 3, "butuh_perbaikan": 1, "kurang": 1}, 2,
                                  "Sangat Baik (maks. 20%)")]]
    assert _table(report, "Persentase predikat kinerja per unit") == [
        ["Dinas Kesehatan", *_shares({"sangat_baik": 2, "baik": 1, "butuh_perbaikan": 1})],
        ["Dinas Pendidikan", *_shares({"baik": 2, "kurang": 1})],
        ["Jumlah", *_shares({"sangat_baik": 2, "baik": 3, "butuh_perbaikan": 1, "kurang": 1})]]
    assert _table(report, "Ringkasan penilai") == [[2, 2, 1, 1, 2, 0]]
    kp, kh = town.heads["education"], town.heads["health"]
    assert _table(report, "Penilai yang ditandai") == [
        [kp.nip, "Kepala Pendidikan", "Kepala Dinas Pendidikan", "Dinas Pendidikan", "Atasan langsung", 9, 3,
         pytest.approx(-1.0), 0.0, "Ketat, Efek halo"],
        [kh.nip, "Kepala Kesehatan", "Kepala Dinas Kesehatan", "Dinas Kesehatan", "Atasan langsung", 12, 4,
         pytest.approx(0.75), 0.0, "Longgar, Efek halo"]]
    assert _table(report, "Penilaian diri dibandingkan penilai lain") == [[7, pytest.approx(0.0), 6]]
    assert _table(report, "Sebaran level kompetensi hasil akhir") == [
        [2, 17, pytest.approx(17 / 21)], [3, 4, pytest.approx(4 / 21)]]


def test_the_distribution_matches_a_plain_count_of_the_plan(db, town):
    report = build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": None})
    rows = {row[0]: row for row in _table(report, "Predikat kinerja per unit")}
    names = {"health": "Dinas Kesehatan", "education": "Dinas Pendidikan"}
    for agency, name in names.items():
        planned = [predikat for unit, *_r, predikat in PLAN.values() if AGENCY_OF[unit] == agency]
        assert rows[name][1] == len(planned)
        assert rows[name][2:7] == [planned.count(rating) for rating in RATINGS]
    predikat = dict(db.session.execute(select(Appraisal.employee_id, Appraisal.performance_rating)
                                       .where(Appraisal.cycle_id == town.cycle.id)).all())
    assert {key: predikat[person.id] for key, person in town.people.items()} == {
        key: plan[-1] for key, plan in PLAN.items()}


def test_a_unit_shows_its_sub_units_under_its_agency_limit(town):
    report = build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": town.units["health"].id})
    assert report.filters[1] == ("Cakupan", "Unit Dinas Kesehatan (beserta sub-unit)")
    assert report.figures == [("Penilaian", "5"), ("Hasil final", "4"), ("Predikat Sangat Baik", "50% (2 dari 4)"),
                              ("Penilai ditandai", "1")]
    assert _table(report, "Predikat kinerja per unit") == [
        ["Dinas Kesehatan (langsung)", *_distribution({"sangat_baik": 2}, 1, "Sangat Baik (maks. 40%)")],
        ["Bidang Pelayanan", *_distribution({"baik": 1, "butuh_perbaikan": 1}, 0, "")],
        ["Jumlah", *_distribution({"sangat_baik": 2, "baik": 1, "butuh_perbaikan": 1}, 1,
                                  "Sangat Baik (maks. 40%)")]]
    assert _table(report, "Ringkasan penilai") == [[1, 1, 1, 0, 1, 0]]
    assert [row[0] for row in _table(report, "Penilai yang ditandai")] == [town.heads["health"].nip]
    assert _table(report, "Penilaian diri dibandingkan penilai lain") == [[4, pytest.approx(-1.5), 3]]
    assert _table(report, "Sebaran level kompetensi hasil akhir") == [
        [2, 8, pytest.approx(8 / 12)], [3, 4, pytest.approx(4 / 12)]]
    leaf = build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": town.units["service"].id})
    assert [row[0] for row in _table(leaf, "Predikat kinerja per unit")] == ["Bidang Pelayanan", "Jumlah"]
    # KH on its two people (6 ratings): +0.50, not lenient, but the same level everywhere: a halo
    assert _table(leaf, "Ringkasan penilai") == [[1, 1, 0, 0, 1, 0]]


def test_a_unit_without_appraisals_gives_zeros_not_errors(town, make_unit):
    new = make_unit("Dinas Baru", "opd", town.units["root"])
    report = build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": new.id})
    assert report.figures == [("Penilaian", "0"), ("Hasil final", "0"), ("Predikat Sangat Baik", "—"),
                              ("Penilai ditandai", "0")]
    assert _table(report, "Predikat kinerja per unit") == [["Jumlah", 0, 0, 0, 0, 0, 0, 0, ""]]
    assert _table(report, "Persentase predikat kinerja per unit") == []
    assert _table(report, "Penilaian diri dibandingkan penilai lain") == [[0, None, 0]]
    assert _table(report, "Sebaran level kompetensi hasil akhir") == []
    assert render(report, "pdf").startswith(b"%PDF-")


def test_an_open_cycle_says_so_instead_of_numbers(db, make_unit, make_position, make_employee, open_cycle,
                                                  make_framework):
    _units, _people, _heads = _build(db, make_unit, make_position, make_employee, make_framework)
    cycle = open_cycle()
    report = build_appraisal_report({"cycle_id": cycle.id, "unit_id": None})
    assert report.filters[0] == ("Periode penilaian", "Penilaian Tahunan 2026 (Berjalan)")
    assert report.figures == [] and report.tables() == []
    assert [section.title for section in report.sections] == ["Hasil belum tersedia"]
    text = _pdf_text(render(report, "pdf"))
    assert "baru tersedia setelah periode dikonsolidasi" in text
    assert render(report, "csv").decode("utf-8-sig").splitlines() == ["Laporan", "Laporan Hasil Penilaian"]


def _cycle(db, name: str, status: str, year: int) -> AppraisalCycle:
    day = plan.REFERENCE_DATE.replace(year=year)
    cycle = AppraisalCycle(name=name, period="annual", year=year, starts_on=day, ends_on=day, due_on=day,
                           objection_days=14, weights={"self": 1}, status=status)
    db.session.add(cycle)
    db.session.commit()
    return cycle


def test_the_default_cycle_is_the_latest_final_one(db):
    assert default_cycle_id() is None
    opened = _cycle(db, "Berjalan 2027", "open", 2027)
    assert default_cycle_id() == opened.id
    older = _cycle(db, "Final 2024", "final", 2024)
    newer = _cycle(db, "Final 2025", "final", 2025)
    _cycle(db, "Konsolidasi 2026", "consolidated", 2026)
    assert default_cycle_id() == newer.id != older.id
    form = AppraisalReportFilters(formdata=None)
    assert form.params() == {"cycle_id": newer.id, "unit_id": None}
    assert [label for _value, label in form.cycle_id.choices][:2] == ["Berjalan 2027 (Berjalan)",
                                                                       "Konsolidasi 2026 (Dikonsolidasi)"]


def test_the_queries_do_not_grow_with_the_people(db, town):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def queries(unit_id) -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": unit_id})
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    before = queries(None), queries(town.units["health"].id)
    db.session.execute(update(Appraisal).where(Appraisal.cycle_id == town.cycle.id).values(status="acknowledged"))
    db.session.commit()
    assert (queries(None), queries(town.units["health"].id)) == before
    assert max(before) <= 12


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_pdf_xlsx_and_csv(town):
    report = build_appraisal_report({"cycle_id": town.cycle.id, "unit_id": None})
    text = _pdf_text(render(report, "pdf"))
    assert "Laporan Hasil Penilaian" in text and "Penilaian Tahunan 2026 (Final)" in text
    assert "29% (2 dari 7)" in text and "Sangat Baik (maks. 40%)" in text
    assert "Misconduct (maks. 10%)" in text  # "Kurang/" ends a line of its narrow column
    assert town.heads["health"].nip in text and "Longgar, Efek halo" in text and "-1,00" in text and "0,75" in text
    assert "Halaman 1 dari" in text

    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames == ["Laporan"] + [title[:31].rstrip() for title in (
        "Predikat kinerja per unit", "Persentase predikat kinerja per unit", "Ringkasan penilai",
        "Penilai yang ditandai",
        "Penilaian diri dibandingkan penilai lain", "Sebaran level kompetensi hasil akhir")]
    rows = [[cell.value for cell in row] for row in workbook["Predikat kinerja per unit"].iter_rows()]
    assert rows[0][:4] == ["Perangkat daerah", "Berpredikat", "Sangat Baik", "Baik"]
    assert rows[1] == ["Dinas Kesehatan", 4, 2, 1, 1, 0, 0, 1, "Sangat Baik (maks. 40%)"]
    shares = [[cell.value for cell in row] for row in workbook["Persentase predikat kinerja per"].iter_rows()]
    assert shares[1][:3] == ["Dinas Kesehatan", 0.5, 0.25]
    assert workbook["Persentase predikat kinerja per"]["B2"].number_format == "0%"  # Excel shows 50%, not 0.5
    flagged = [[cell.value for cell in row] for row in workbook["Penilai yang ditandai"].iter_rows(min_row=2)]
    assert [row[0] for row in flagged] == [town.heads["education"].nip, town.heads["health"].nip]
    assert flagged[0][5:8] == [9, 3, -1]

    lines = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Perangkat daerah", "Berpredikat", "Sangat Baik"]
    assert [line[0] for line in lines[1:]] == ["Dinas Kesehatan", "Dinas Pendidikan", "Jumlah"]
    assert lines[3][1:3] == ["7", "2"]


def test_the_report_page_filters_and_access(client, login, town, make_user):
    login(make_user("employee"))
    assert client.get("/laporan/hasil-penilaian?tampilkan=1").status_code == 403
    client.post("/keluar")
    login(town.hr)
    assert "Laporan hasil penilaian" in page_text(client.get("/laporan"))
    response = client.get("/laporan/hasil-penilaian?tampilkan=1")  # the latest final cycle by default
    assert response.status_code == 200
    text = page_text(response)
    assert "29% (2 dari 7)" in text and "Sangat Baik (maks. 40%)" in text and town.heads["health"].nip in text
    unit = client.get(f"/laporan/hasil-penilaian?tampilkan=1&cycle_id={town.cycle.id}"
                      f"&unit_id={town.units['health'].id}")
    assert unit.status_code == 200 and "50% (2 dari 4)" in page_text(unit)
    for query, message in (("cycle_id=987654", "Periode penilaian tidak ditemukan."),
                           ("cycle_id=", "Pilih periode penilaian."),
                           ("cycle_id=abc", "Pilihan tidak valid"),
                           (f"cycle_id={town.cycle.id}&unit_id=987654", "Pilihan tidak valid.")):
        response = client.get(f"/laporan/hasil-penilaian?tampilkan=1&{query}")
        assert response.status_code == 422, query
        assert message in page_text(response), query
