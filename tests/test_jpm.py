"""Job person match as BKN computes it (competencies.jpm): the worked example of data/reference/jpm-bkn.md, its
capping variant, the category boundaries, the settings, and the figure and its category on the pages and in the
exports.

The worked example (pemetaan, an Administrator position, standard level 3 on all nine ASN competencies):

    Integritas 3, Kerja Sama 3, Komunikasi 2, Orientasi pada Hasil 3, Pelayanan Publik 3,
    Pengembangan Diri dan Orang Lain 2, Mengelola Perubahan 3, Pengambilan Keputusan 2, Perekat Bangsa 3
    -> 24 / 27 = 88.89%: Cukup Optimal (mapping), Memenuhi Syarat (selection).
    With Integritas 4: 25 / 27 = 92.59% (Optimal) uncapped, 24 / 27 = 88.89% capped per competency.
"""

import io
from types import SimpleNamespace

import openpyxl
import pytest
from flask import current_app

from competencies import gaps, jpm, ledger
from competencies.models import Competency, Framework, Requirement
from kompeten.config import DefaultConfig
from kompeten.reports.gap_report import GapScope, gap_report
from kompeten.reports.rendering import render
from lms.people.models import position_career_paths
from tests.helpers import page_text
from tests.test_gaps import build_city

NAMES = ("Integritas", "Kerja Sama", "Komunikasi", "Orientasi pada Hasil", "Pelayanan Publik",
         "Pengembangan Diri dan Orang Lain", "Mengelola Perubahan", "Pengambilan Keputusan", "Perekat Bangsa")
ACHIEVED = (3, 3, 2, 3, 3, 2, 3, 2, 3)
EXAMPLE = [(3, level, "manajerial" if name != "Perekat Bangsa" else "sosial_kultural")
           for name, level in zip(NAMES, ACHIEVED, strict=True)]
WITH_INTEGRITAS_4 = [(3, 4, EXAMPLE[0][2]), *EXAMPLE[1:]]
DEFAULT = jpm.Rule()
CAPPED = jpm.Rule(cap_per_competency=True)


@pytest.fixture
def settings(app, monkeypatch):
    """Set JPM settings for the pages (``app``) and for the test body's own application alike."""
    def setting(**values):
        for key, value in values.items():
            monkeypatch.setitem(app.config, key, value)
            monkeypatch.setitem(current_app.config, key, value)

    return setting


# --- the figure ------------------------------------------------------------------------------------------------

def test_the_worked_example_is_24_of_27():
    assert jpm.sums_of(EXAMPLE, DEFAULT) == jpm.Sums(0, 0, 27, 24)
    assert jpm.of_requirements(EXAMPLE, DEFAULT) == 88.89
    assert jpm.category(88.89, jpm.MAPPING, DEFAULT) is jpm.FAIRLY_OPTIMAL
    assert jpm.category(88.89, jpm.SELECTION, DEFAULT) is jpm.QUALIFIED


def test_capping_per_competency_is_a_setting_off_by_default():
    assert jpm.of_requirements(WITH_INTEGRITAS_4, DEFAULT) == 92.59  # 25 / 27
    assert jpm.category(92.59, jpm.MAPPING, DEFAULT) is jpm.OPTIMAL
    assert jpm.of_requirements(WITH_INTEGRITAS_4, CAPPED) == 88.89  # 24 / 27
    assert jpm.category(88.89, jpm.MAPPING, CAPPED) is jpm.FAIRLY_OPTIMAL


def test_the_total_is_shown_at_100_at_most_unless_told_otherwise():
    above = [(1, 5, "teknis"), (2, 2, "manajerial")]  # 7 / 3
    assert jpm.of_requirements(above, DEFAULT) == 100.0
    assert jpm.of_requirements(above, jpm.Rule(cap_at_100=False)) == 233.33
    assert jpm.of_requirements(above, CAPPED) == 100.0  # 3 / 3
    assert jpm.of_requirements([], DEFAULT) is None


def test_the_technical_weight_mixes_the_two_ratios_when_set():
    rows = [(2, 1, "teknis"), (2, 1, "teknis"), (3, 3, "manajerial")]  # technical 2 / 4, the others 3 / 3
    assert jpm.of_requirements(rows, DEFAULT) == 71.43  # 5 / 7: every competency alike
    assert jpm.of_requirements(rows, jpm.Rule(technical_weight=40)) == 80.0  # 0.4 x 50 + 0.6 x 100
    assert jpm.of_requirements(rows[:2], jpm.Rule(technical_weight=40)) == 50.0  # one group: its own ratio


@pytest.mark.parametrize(("figure", "mapping", "selection"), [
    (100, jpm.OPTIMAL, jpm.QUALIFIED), (90, jpm.OPTIMAL, jpm.QUALIFIED),
    (89.99, jpm.FAIRLY_OPTIMAL, jpm.QUALIFIED), (80, jpm.FAIRLY_OPTIMAL, jpm.QUALIFIED),
    (79.99, jpm.FAIRLY_OPTIMAL, jpm.STILL_QUALIFIED), (78, jpm.FAIRLY_OPTIMAL, jpm.STILL_QUALIFIED),
    (77.99, jpm.BELOW_OPTIMAL, jpm.STILL_QUALIFIED), (68, jpm.BELOW_OPTIMAL, jpm.STILL_QUALIFIED),
    (67.99, jpm.BELOW_OPTIMAL, jpm.NOT_QUALIFIED), (0, jpm.BELOW_OPTIMAL, jpm.NOT_QUALIFIED)])
def test_lower_bounds_are_inclusive(figure, mapping, selection):
    assert jpm.category(figure, jpm.MAPPING, DEFAULT) is mapping
    assert jpm.category(figure, jpm.SELECTION, DEFAULT) is selection


def test_the_category_is_read_from_the_rounded_figure():
    assert jpm.of_requirements([(9, 7, "teknis")], DEFAULT) == 77.78  # 77.777...: still Kurang Optimal
    assert jpm.category(77.78, jpm.MAPPING, DEFAULT) is jpm.BELOW_OPTIMAL
    figure = jpm.value(jpm.Sums(0, 0, 10_000, 7_800 - 1), DEFAULT)  # 77.99
    assert (figure, jpm.category(figure, rule=DEFAULT)) == (77.99, jpm.BELOW_OPTIMAL)
    figure = jpm.value(jpm.Sums(0, 0, 100_000, 77_996), DEFAULT)  # 77.996 is shown 78.00: Cukup Optimal
    assert (figure, jpm.category(figure, rule=DEFAULT)) == (78.0, jpm.FAIRLY_OPTIMAL)


def test_the_defaults_are_the_settings_and_bad_settings_are_refused():
    assert jpm.Rule.from_config(vars(DefaultConfig)) == DEFAULT
    assert (DEFAULT.optimal_from, DEFAULT.fairly_optimal_from, DEFAULT.qualified_from,
            DEFAULT.still_qualified_from) == (90, 78, 80, 68)
    with pytest.raises(ValueError, match="JPM_OPTIMAL_FROM"):
        jpm.Rule(optimal_from=70)
    with pytest.raises(ValueError, match="JPM_QUALIFIED_FROM"):
        jpm.Rule(still_qualified_from=0)
    with pytest.raises(ValueError, match="JPM_TECHNICAL_WEIGHT"):
        jpm.Rule(technical_weight=140)


def test_the_thresholds_are_settings(settings):
    """Permen KKP 39/2023 Pasal 52 (other positions): 85 / 75."""
    settings(JPM_OPTIMAL_FROM=85, JPM_FAIRLY_OPTIMAL_FROM=75)
    assert jpm.category(88.89) is jpm.OPTIMAL and jpm.category(74.99) is jpm.BELOW_OPTIMAL
    assert [span for _category, span in jpm.range_labels(jpm.MAPPING)] == ["≥ 85%", "75% – < 85%", "< 75%"]


def test_the_method_text_says_how_and_which_settings_are_in_force(settings):
    text = jpm.method_text()
    assert "jumlah level kompetensi yang dicapai ÷ jumlah level standar kompetensi jabatan × 100" in text
    assert "Optimal ≥ 90%; Cukup Optimal 78% – < 90%; Kurang Optimal < 78%" in text
    assert "pengaturan instansi" in text and "level di atas standar dihitung penuh" in text
    assert "Memenuhi Syarat ≥ 80%; Masih Memenuhi Syarat 68% – < 80%" in jpm.method_text(jpm.SELECTION)
    settings(JPM_CAP_PER_COMPETENCY=True, JPM_TECHNICAL_WEIGHT=40)
    text = jpm.method_text()
    assert "level di atas standar dihitung sebatas standar" in text
    assert "rasio kompetensi teknis berbobot 40%, manajerial dan sosial kultural 60%" in text


# --- the same rule in SQL and in memory -------------------------------------------------------------------------

@pytest.fixture
def town(db, make_unit, make_position, make_employee, make_user):
    """tests/test_gaps.py's city: Ani 4 / 9, Budi 7 / 9, Citra 5 / 5, Fitri 2 / 5, Dedi no requirement."""
    return build_city(db, make_unit, make_position, make_employee, make_user)


def test_the_grouped_query_and_the_rows_in_memory_agree(town, settings, db):
    expected = {town.ani.id: 44.44, town.budi.id: 77.78, town.citra.id: 100.0, town.fitri.id: 40.0,
                town.dedi.id: None}
    people = {person.employee_id: person for person in gaps.people_gaps()}
    assert {i: p.jpm for i, p in people.items()} == expected
    assert people[town.budi.id].jpm_category == "below_optimal" and people[town.dedi.id].jpm_category is None
    assert gaps.team_matrix([town.ani, town.budi, town.dedi]).jpm == {
        town.ani.id: 44.44, town.budi.id: 77.78, town.dedi.id: None}
    assert gaps.employee_gaps(town.budi).jpm == 77.78
    # Budi holds Kearsipan 3 of 4; with Kerja Sama 4 of 2 he has 9 / 9 uncapped, 7 / 9 capped per competency.
    ledger.record_evidence(None, town.budi.id, town.b.id, 4, "appraisal")
    db.session.commit()
    assert gaps.employee_gaps(town.budi).jpm == 100.0
    settings(JPM_CAP_PER_COMPETENCY=True)
    for figures in ({p.employee_id: p.jpm for p in gaps.people_gaps()},
                    gaps.team_matrix([town.budi]).jpm, {town.budi.id: gaps.employee_gaps(town.budi).jpm}):
        assert figures[town.budi.id] == 77.78


# --- pages and exports -----------------------------------------------------------------------------------------

@pytest.fixture
def example(db, make_unit, make_position, make_employee, make_user):
    """The worked example: a Kepala Bagian (administrator) holding the example's levels, whose career path leads
    to a Kepala Biro that requires the same nine competencies at level 3."""
    framework = Framework(code="ASN", name="Kamus Kompetensi ASN", scale=["1", "2", "3", "4", "5"],
                          proficient_level=3)
    competencies = [Competency(framework=framework, code=f"M.{n:02d}", name=name, sort_order=n,
                               type="sosial_kultural" if name == "Perekat Bangsa" else "manajerial")
                    for n, name in enumerate(NAMES, start=1)]
    db.session.add_all([framework, *competencies])
    unit = make_unit("Sekretariat Daerah")
    kabag = make_position("Kepala Bagian Organisasi", kind="administrator", unit=unit)
    karo = make_position("Asisten Administrasi Umum", kind="jpt", unit=unit)
    for position in (kabag, karo):
        db.session.add_all(Requirement(position=position, competency=competency, level=3)
                           for competency in competencies)
    db.session.execute(position_career_paths.insert().values(position_id=kabag.id, next_position_id=karo.id))
    db.session.commit()
    employee = make_employee("Rina Marpaung", position=kabag)
    for competency, level in zip(competencies, ACHIEVED, strict=True):
        ledger.record_evidence(None, employee.id, competency.id, level, "assessment", note="Asesmen 2025")
    db.session.commit()
    return SimpleNamespace(employee=employee, kabag=kabag, karo=karo, user=make_user(employee=employee),
                           hr=make_user("hr", with_employee=False, email="bkpsdm@medan.go.id"))


def test_the_gap_page_shows_the_figure_with_its_category_and_the_method(client, login, example):
    login(example.user)
    text = page_text(client.get(f"/pegawai/{example.employee.id}/kesenjangan-kompetensi"))
    assert "Job person match (JPM) 88,89% Cukup Optimal" in text
    assert "dihitung seperti BKN" in text and "Kategori pemetaan: Optimal ≥ 90%" in text
    career = page_text(client.get(f"/pegawai/{example.employee.id}/kesenjangan-kompetensi?tujuan={example.karo.id}"))
    assert "Job person match (JPM) 88,89% Memenuhi Syarat" in career  # compared with a position: selection
    assert "Kategori seleksi/promosi: Memenuhi Syarat ≥ 80%" in career


def test_the_profile_and_the_home_page_show_the_category(client, login, example):
    login(example.user)
    profile = page_text(client.get(f"/pegawai/{example.employee.id}/profil-kompetensi"))
    assert "6 dari 9 kompetensi memenuhi standar jabatan. Job person match (JPM): 88,89% Cukup Optimal" in profile
    assert "Job person match (JPM): 88,89% Cukup Optimal" in page_text(client.get("/"))


def test_the_candidates_of_a_position_and_their_export_use_the_selection_category(client, login, example):
    login(example.hr)
    response = client.get(f"/jabatan/{example.karo.id}/calon")
    text = page_text(response)
    assert "Rina Marpaung" in text and "88,89% Memenuhi Syarat" in text and "3 / 9" in text
    assert "Memenuhi Syarat ≥ 80%: 1" in text
    assert f'href="/pegawai/{example.employee.id}/kesenjangan-kompetensi?tujuan={example.karo.id}"' in (
        response.get_data(as_text=True))
    export = client.get(f"/jabatan/{example.karo.id}/calon?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][4:6] == ["JPM (%)", "Kategori JPM (seleksi)"]
    assert rows[1][1:] == ["Rina Marpaung", "Kepala Bagian Organisasi", "Sekretariat Daerah", 88.89,
                           "Memenuhi Syarat", 3, 3]
    assert "Belum ada jabatan yang jalur kariernya menuju jabatan ini." in page_text(
        client.get(f"/jabatan/{example.kabag.id}/calon"))


def test_candidates_are_for_hr_only(client, login, example):
    login(example.user)
    assert client.get(f"/jabatan/{example.karo.id}/calon").status_code == 403


def test_the_gap_report_and_its_spreadsheet_carry_the_figure_and_its_category(example):
    report = gap_report(GapScope())
    assert dict(report.figures)["Rata-rata JPM"] == "88,89% (Cukup Optimal)"
    table = next(table for table in report.tables() if table.title == "Pegawai per kategori JPM")
    assert table.rows == [["Optimal", "≥ 90%", 0, 0.0], ["Cukup Optimal", "78% – < 90%", 1, 1.0],
                          ["Kurang Optimal", "< 78%", 0, 0.0]]
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = workbook["Pegawai per kategori JPM"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)][1] == [
        "Cukup Optimal", "78% – < 90%", 1, 1]
