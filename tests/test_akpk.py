"""The AKPK (analisis kebutuhan pengembangan kompetensi, PP 11/2017 Pasal 205-207): each employee's needs with their
reason, proposal, SIASN kind, JP and cost; totals per OPD; the XLSX in the AKPK layout; the page."""

import io

import openpyxl
import pytest
from flask import current_app
from sqlalchemy import select

from courses.planning.akpk import akpk, need_row
from courses.planning.akpk_plans import AkpkPlan
from tests import browser_helpers
from tests.helpers import page_text
from tests.recommendation_helpers import TODAY, build_world

RATE = 150_000  # rupiah per JP
browser, live_url, page = browser_helpers.browser, browser_helpers.live_url, browser_helpers.page  # the fixtures


@pytest.fixture
def world(db, app, monkeypatch, make_unit, make_position, make_employee, make_user, make_course, make_enrolment,
          make_workshop):
    """The recommendation world (its docstring has the plans), with a PKP course for the pengawas who lacks it."""
    for config in (app.config, current_app.config):  # the client's app, and the one of the direct calls
        monkeypatch.setitem(config, "AKPK_COST_PER_JP", RATE)
    world = build_world(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment,
                        make_workshop)
    world.pkp = make_course(code="PKP-2026", title="Pelatihan Kepemimpinan Pengawas", hours_jp=120,
                            mandatory_programme="pkp", siasn_kind_id=1, structural_kind_id=2)
    return world


def _rows(db, world, unit_id=None) -> dict[tuple[str, str], tuple]:
    """(name, proposal) -> the AKPK sheet row."""
    result = akpk(unit_id, TODAY.year, TODAY)
    return {(need.person.name, need.proposal): need_row(need) for need in result.needs}


def test_a_gap_closed_by_a_course_carries_its_siasn_kind_jp_and_cost(db, world):
    rows = _rows(db, world, world.unit.id)
    assert rows[("Siti Aminah", "Pelatihan DATA-1")] == (
        world.siti.nip, "Siti Aminah", "Pengadministrasi", "Bidang Pelayanan", "Dinas Kependudukan", "Teknis",
        "Pengolahan Data", 2, 0, 2, "Kesenjangan kompetensi", "Pelatihan DATA-1", "Diklat Teknis", 8, 8 * RATE)
    # a course planned only as the prerequisite of another is there for the gap the other closes
    prerequisite = rows[("Rudi Hartono", "Pelatihan PP-DASAR")]
    assert prerequisite[6:11] == ("Pelayanan Publik", 3, 2, 1, "Prasyarat untuk Pelatihan PP-LANJUT")


def test_a_gap_no_course_closes_proposes_the_kind_of_development_without_jp_or_cost(db, world):
    rows = _rows(db, world, world.unit.id)
    # Kearsipan 1 of 4: ARS-1 takes Siti to 3, no course further
    assert rows[("Siti Aminah", "Pelatihan ARS-1")][7:10] == (4, 1, 3)
    assert rows[("Siti Aminah", "Pelatihan teknis (belum ada di katalog)")][5:] == (
        "Teknis", "Kearsipan", 4, 1, 3, "Kesenjangan kompetensi; pelatihan di katalog hanya sampai level 3",
        "Pelatihan teknis (belum ada di katalog)", "Diklat Teknis", None, None)


def test_the_mandatory_programme_owed_is_a_need_met_by_its_course(db, world):
    rows = _rows(db, world, world.unit.id)
    assert rows[("Kepala Seksi", "Pelatihan Kepemimpinan Pengawas")][5:] == (
        "", "", None, None, None, "Pelatihan wajib jabatan: PKP (Pelatihan Kepemimpinan Pengawas)",
        "Pelatihan Kepemimpinan Pengawas", "Diklat Struktural – SEPALA/ADUM/DIKLAT PIM TK.IV", 120, 120 * RATE)
    world.pkp.status = "draft"  # no published course is the programme: the programme itself, with no JP
    db.session.commit()
    rows = _rows(db, world, world.unit.id)
    assert rows[("Kepala Seksi", "PKP (Pelatihan Kepemimpinan Pengawas) (belum ada di katalog)")][12:] == (
        "Diklat Struktural – SEPALA/ADUM/DIKLAT PIM TK.IV", None, None)


def test_totals_per_opd_add_up_people_needs_jp_and_cost(db, world, make_unit, make_position, make_employee):
    other = make_unit("Dinas Pendidikan")
    make_employee("Sari Pengawas", position=make_position("Kepala Seksi Kurikulum", kind="pengawas", unit=other))
    result = akpk(None, TODAY.year, TODAY)
    totals = {total.agency: total for total in result.totals}
    # Dinas Pendidikan: one PKP of 120 JP
    assert (totals["Dinas Pendidikan"].people, totals["Dinas Pendidikan"].needs, totals["Dinas Pendidikan"].jp,
            totals["Dinas Pendidikan"].cost) == (1, 1, 120, 120 * RATE)
    own = [need for need in result.needs if need.person.agency == "Dinas Kependudukan"]
    kependudukan = totals["Dinas Kependudukan"]
    assert kependudukan.people == 3 and kependudukan.needs == len(own)
    assert kependudukan.jp == sum(need.jp or 0 for need in own) and kependudukan.cost == kependudukan.jp * RATE
    assert totals["Jumlah"] == result.totals[-1]
    assert totals["Jumlah"].jp == sum(total.jp for total in result.totals[:-1])


def test_without_a_rate_the_cost_is_unknown(db, world, monkeypatch):
    monkeypatch.setitem(current_app.config, "AKPK_COST_PER_JP", 0)
    result = akpk(world.unit.id, TODAY.year, TODAY)
    assert {need.cost for need in result.needs} == {None}
    assert result.totals[0].cost is None and result.totals[0].jp > 0


def test_hr_downloads_the_akpk_workbook_with_the_nip_as_text(db, client, login, world):
    login(world.hr)
    response = client.get(f"/analisis-kebutuhan-pelatihan/akpk?unit={world.unit.id}&format=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    needs, totals = book.worksheets
    header = [cell.value for cell in needs[1]]
    assert header[:3] == ["NIP", "Nama", "Jabatan"] and header[-3:] == ["Jenis diklat SIASN", "JP", "Biaya (Rp)"]
    siti = next(row for row in needs.iter_rows(min_row=2) if row[11].value == "Pelatihan DATA-1")
    assert siti[0].value == world.siti.nip and siti[0].number_format == "@"
    assert [cell.value for cell in siti[13:]] == [8, 8 * RATE]
    assert [cell.value for cell in totals[2]][:3] == ["Dinas Kependudukan", 3, needs.max_row - 1]
    assert totals[3][0].value == "Jumlah"


def test_the_page_shows_totals_and_needs_to_hr_only(db, client, login, world):
    login(world.siti_user)
    assert client.get("/analisis-kebutuhan-pelatihan/akpk").status_code == 403
    client.post("/keluar")
    login(world.hr)
    response = client.get(f"/analisis-kebutuhan-pelatihan/akpk?unit={world.unit.id}&year={TODAY.year + 1}")
    text = page_text(response)
    assert response.status_code == 200
    assert f"(AKPK) {TODAY.year + 1}" in text
    assert "Dinas Kependudukan" in text and "Pelatihan DATA-1" in text and "Rp1.200.000" in text
    assert "Pelatihan teknis (belum ada di katalog)" in text
    # the totals: 3 people, Dinas Kependudukan and the city, each 264 JP at the rate
    assert text.count(f"264 Rp{264 * RATE:,}".replace(",", ".")) == 2


def test_the_page_runs_as_many_statements_for_many_people_as_for_few(db, client, login, world, make_employee,
                                                                     count_queries):
    login(world.hr)
    url = "/analisis-kebutuhan-pelatihan/akpk"
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        make_employee(f"Staf Baru {number}", position=world.position)
        make_employee(f"Pengawas Baru {number}", position=world.chief_position)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.browser
@pytest.mark.skipif(browser_helpers.CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_page_fits_a_phone_as_cards_and_stays_a_table_on_a_desktop(page, world):
    browser_helpers.log_in_with_keyboard(page, world.hr.employee.nip)
    page.set_viewport_size(browser_helpers.PHONE)
    page.goto(f"/analisis-kebutuhan-pelatihan/akpk?unit={world.unit.id}")
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= browser_helpers.PHONE["width"]
    for table in page.locator("main table.table-cards").all():
        assert table.evaluate("table => getComputedStyle(table.tBodies[0].rows[0]).display") == "block"
        assert table.locator("thead").is_hidden()
    assert page.locator("#akpk-needs td[data-label=Biaya]").first.is_visible()
    blocking = [violation["id"] for violation in browser_helpers.axe_violations(page)
                if violation["impact"] in browser_helpers.BLOCKING]
    assert not blocking
    page.set_viewport_size(browser_helpers.DESKTOP)
    assert page.evaluate("document.documentElement.scrollWidth") <= browser_helpers.DESKTOP["width"]
    for table in page.locator("main table").all():
        assert table.evaluate("table => getComputedStyle(table.tBodies[0].rows[0]).display") == "table-row"


def test_a_shortfall_line_of_the_analysis_leads_to_a_new_class_of_its_course(db, client, login, world):
    login(world.hr)
    text = client.get(f"/analisis-kebutuhan-pelatihan?unit={world.unit.id}").get_data(as_text=True)
    # DATA-1 has no class: Siti and the head of section are not placed; ARS-1's open class has seats for them
    assert f'href="/diklat/pelatihan/{world.courses["DATA-1"].id}/kelas/baru"' in text
    assert f'href="/diklat/pelatihan/{world.courses["ARS-1"].id}/kelas/baru"' not in text
    assert client.get(f"/diklat/pelatihan/{world.courses['DATA-1'].id}/kelas/baru").status_code == 200


def test_hr_saves_the_akpk_as_the_years_plan_which_keeps_what_was_saved(db, client, login, world):
    login(world.hr)
    url = f"/analisis-kebutuhan-pelatihan/akpk?unit={world.unit.id}&year={TODAY.year + 1}"
    response = client.post(url)
    assert response.status_code == 302
    plan = db.session.scalars(select(AkpkPlan)).one()
    assert (plan.year, plan.unit_id, plan.scope, plan.saved_by_id) == (TODAY.year + 1, world.unit.id,
                                                                      "Dinas Kependudukan", world.hr.id)
    expected = [need_row(need) for need in akpk(world.unit.id, TODAY.year + 1, TODAY).needs]
    assert [line.row() for line in plan.lines] == expected
    assert response.headers["Location"].endswith(f"/analisis-kebutuhan-pelatihan/akpk/rencana/{plan.id}")

    world.courses["DATA-1"].title = "Pengolahan Data Lanjutan"  # the catalogue changes after saving
    db.session.commit()
    text = page_text(client.get(f"/analisis-kebutuhan-pelatihan/akpk/rencana/{plan.id}"))
    assert "Pelatihan DATA-1" in text and "Pengolahan Data Lanjutan" not in text
    assert text.count(f"264 Rp{264 * RATE:,}".replace(",", ".")) == 2
    book = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/analisis-kebutuhan-pelatihan/akpk/rencana/{plan.id}?format=xlsx").data))
    blank_as_none = [tuple(None if value == "" else value for value in row) for row in expected]  # as XLSX reads
    assert [tuple(row) for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)] == blank_as_none

    # saving again replaces the year's plan of the scope; the page offers it, asking first
    page = client.get(url).get_data(as_text=True)
    assert f'/analisis-kebutuhan-pelatihan/akpk/rencana/{plan.id}"' in page and "data-confirm" in page
    client.post(url)
    db.session.expire_all()
    saved = db.session.scalars(select(AkpkPlan)).one()
    assert "Pengolahan Data Lanjutan" in {line.proposal for line in saved.lines}
