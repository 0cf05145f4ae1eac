"""The competency-gap report on the small city of tests/test_gaps.py, its numbers worked out there by hand:

    people (active)   Ani, Budi, Citra, Fitri, Dedi = 5; with a gap: Ani, Budi, Fitri = 3 (60%)
    requirements      Ani 3, Budi 3, Citra 2, Fitri 2, Dedi 0 = 10; unmet 2 + 2 + 0 + 2 = 6, so 4 met
    JPM (BKN)         Ani 44.44, Budi 77.78, Citra 100, Fitri 40 (Dedi: no standard) -> mean 65.56% Kurang
                      Optimal; Optimal 1 (Citra), Cukup Optimal 0, Kurang Optimal 3
    per competency    T.01 Kearsipan 2 people, 2 with a gap, total 5 | M.01 Integritas 4, 2, total 2 |
                      SK.01 Perekat Bangsa 2, 1, total 2 | M.02 Kerja Sama 2, 1, total 1
    critical gaps     only Analis requires a critical one (M.01 at 3): Budi holds 2
"""

import csv
import io
import time

import openpyxl
import pytest
from pypdf import PdfReader

from kompeten.reports.document import Column
from kompeten.reports.gap_report import GapScope, build_gap_report, gap_report
from kompeten.reports.rendering import cell_text, render
from tests.helpers import page_text
from tests.test_gaps import build_city


@pytest.fixture
def town(db, make_unit, make_position, make_employee, make_user):
    return build_city(db, make_unit, make_position, make_employee, make_user)


def _table(report, title: str) -> list[list]:
    return next(table.rows for table in report.tables() if table.title == title)


def test_the_whole_city_report_has_the_hand_computed_numbers(town):
    report = gap_report(GapScope())
    assert report.filters == [("Cakupan", "Seluruh kota")]
    assert dict(report.figures) == {"Pegawai": "5", "Pegawai dengan kesenjangan": "3 (60%)",
                                    "Persyaratan terpenuhi": "4 / 10", "Rata-rata JPM": "65,56% (Kurang Optimal)"}
    assert [row[:4] + row[5:] for row in _table(report, "Kesenjangan per kompetensi")] == [
        ["T.01", "Kearsipan", 2, 2, 2.5, 5], ["M.01", "Integritas", 4, 2, 0.5, 2],
        ["SK.01", "Perekat Bangsa", 2, 1, 1.0, 2], ["M.02", "Kerja Sama", 2, 1, 0.5, 1]]
    assert _table(report, "Pegawai per kategori JPM") == [
        ["Optimal", "≥ 90%", 1, 0.25], ["Cukup Optimal", "78% – < 90%", 0, 0.0], ["Kurang Optimal", "< 78%", 3, 0.75]]
    assert _table(report, "Kesenjangan per unit") == [["Badan Uji", 1, 0, 0.0, None, ""],
                                                       ["Dinas Uji", 4, 3, 0.75, 65.56, "Kurang Optimal"]]
    assert [row[1:] for row in _table(report, "Pegawai dengan kesenjangan kritis")] == [
        ["Budi", "Analis", "Bidang Uji", "M.01", "Integritas", 3, 2, 1]]


def test_the_unit_heat_map_names_each_units_size_and_greys_out_cells_of_few_people(town, monkeypatch):
    from flask import current_app

    from lms.charts.heat import MUTED_FILL

    def heat_svg() -> str:
        section = next(section for section in gap_report(GapScope()).sections if section.title == "Per unit")
        return str(next(item.svg for item in section.items if hasattr(item, "svg")))

    svg = heat_svg()
    assert "Dinas Uji (n=4)" in svg and "Badan Uji (n=1)" in svg
    assert MUTED_FILL in svg  # every cell of Dinas Uji is of fewer than 5 people
    monkeypatch.setitem(current_app.config, "HEATMAP_MIN_PEOPLE", 2)
    assert MUTED_FILL not in heat_svg()


def test_a_position_or_a_competency_narrows_the_report(town):
    analis = gap_report(GapScope(position=town.analis))
    assert dict(analis.figures)["Persyaratan terpenuhi"] == "2 / 6"
    assert not any(section.title == "Per unit" for section in analis.sections)
    archives = build_gap_report({"unit_id": None, "position_code": "", "competency_id": town.c.id})
    assert archives.filters == [("Cakupan", "Kompetensi T.01 Kearsipan")]
    assert dict(archives.figures)["Pegawai"] == "2"
    assert dict(archives.figures)["Pegawai dengan kesenjangan"] == "2 (100%)"
    unit = build_gap_report({"unit_id": town.dinas.id, "position_code": "", "competency_id": None})
    assert dict(unit.figures)["Pegawai"] == "4"


def test_cells_read_in_indonesian_on_the_page_and_in_the_pdf(app):
    assert cell_text(Column("x", "integer"), 1234567) == "1.234.567"
    assert cell_text(Column("x", "decimal"), 2.5) == "2,50"
    assert cell_text(Column("x", "percent"), 0.4375) == "44%"
    assert cell_text(Column("x", "percent"), None) == "—"


def test_the_pdf_xlsx_and_csv_carry_the_same_numbers(town):
    report = gap_report(GapScope())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render(report, "pdf"))).pages)
    assert "Laporan Kesenjangan Kompetensi" in text and "Seluruh kota" in text and "Halaman 1 dari" in text
    assert "65,56% (Kurang Optimal)" in text and "Kearsipan" in text and "Budi" in text
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert workbook.sheetnames[:2] == ["Laporan", "Kesenjangan per kompetensi"]
    assert [cell.value for cell in workbook["Kesenjangan per kompetensi"][2]] == [
        "T.01", "Kearsipan", 2, 2, 1, 2.5, 5]
    assert "Pegawai dengan kesenjangan krit" in workbook.sheetnames  # 31 characters at most
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Kode", "Kompetensi"] and rows[1][:4] == ["T.01", "Kearsipan", "2", "2"]


def test_formula_like_names_are_neutralised_in_the_exports(db, town):
    town.budi.name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    report = gap_report(GapScope())
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    names = [row[1].value for row in workbook["Pegawai dengan kesenjangan krit"].iter_rows(min_row=2)]
    assert names == ["'=HYPERLINK(\"http://x\")"]


def test_the_report_page_filters_and_access(client, login, town, make_user):
    login(make_user("employee"))
    assert client.get("/laporan/kesenjangan?tampilkan=1").status_code == 403
    client.post("/keluar")
    login(town.hr)
    assert "Laporan kesenjangan kompetensi" in page_text(client.get("/laporan"))
    text = page_text(client.get("/laporan/kesenjangan?tampilkan=1"))
    assert "3 (50%)" in text and "Kearsipan" in text and "Budi" in text  # the employee above counts too
    response = client.get(f"/laporan/kesenjangan?tampilkan=1&unit_id={town.dinas.id}&position_code=XYZ")
    assert response.status_code == 422 and "Tidak ada jabatan dengan kode ini." in page_text(response)
    response = client.get(f"/laporan/kesenjangan?tampilkan=1&unit_id={town.dinas.id}&competency_id={town.a.id}")
    assert response.status_code == 422 and "Pilih satu cakupan saja" in page_text(response)
    assert client.get("/laporan/tidak-ada").status_code == 404


def test_an_export_runs_as_a_background_job_and_offers_the_pdf(db, client, login, town):
    login(town.hr)
    response = client.post("/laporan/kesenjangan/ekspor?tampilkan=1", data={"format": "pdf"})
    assert response.status_code == 302 and "/tugas/" in response.headers["Location"]
    job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    deadline = time.monotonic() + 30
    while (state := client.get(f"/tugas/{job_id}/status").get_json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    assert state["status"] == "done", state
    download = client.get(state["download_url"])
    assert download.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(download.data)).pages)
    assert "Laporan Kesenjangan Kompetensi" in text and "65,56%" in text
    assert client.post("/laporan/kesenjangan/ekspor", data={"format": "docx"}).status_code == 400
