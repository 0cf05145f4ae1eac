"""Kesenjangan Kompetensi pages: BKPSDM's overview (heat map and tables), the drill-down with its CSV export, and
a supervisor's team matrix. The numbers are those worked out in tests/test_gaps.py."""

import codecs
import csv
import io
import re

import pytest

from competencies import gap_views
from lms.people.models import Employee
from tests.helpers import make_nip, page_text
from tests.test_gaps import build_city


@pytest.fixture
def town(db, make_unit, make_position, make_employee, make_user):
    town = build_city(db, make_unit, make_position, make_employee, make_user)
    town.citra_user = make_user(employee=town.citra)  # supervises Ani and Budi
    town.ani_user = make_user(employee=town.ani)
    return town


def row_text(response, label: str) -> str:
    """The visible text of the table row whose header cell starts with ``label``."""
    html = response.get_data(as_text=True)
    for row in re.findall(r"<tr\b.*?</tr>", html, re.S):
        text = page_text_of(row)
        if text.startswith(label):
            return text
    raise AssertionError(f"no row {label!r}")


def page_text_of(html: str) -> str:
    class Fake:
        def get_data(self, as_text=True):
            return html

    return page_text(Fake())


# --- access ----------------------------------------------------------------------------------------------------

def urls(town) -> list[str]:
    return ["/kesenjangan-kompetensi", f"/kesenjangan-kompetensi/unit/{town.city.id}/kompetensi/{town.a.id}",
            f"/kesenjangan-kompetensi/kompetensi/{town.a.id}", "/tim-saya/kesenjangan-kompetensi"]


def test_anonymous_visitors_are_sent_to_login(client, town):
    for url in urls(town):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk" in response.headers["Location"], url


def test_employees_and_supervisors_cannot_open_the_hr_pages(client, login, town):
    for user in (town.ani_user, town.citra_user):
        login(user)
        for url in urls(town)[:3]:
            assert client.get(url).status_code == 403, url
        client.post("/keluar")


def test_hr_opens_the_hr_pages_but_has_no_team_page_without_reports(client, login, town):
    login(town.hr)
    for url in urls(town)[:3]:
        assert client.get(url).status_code == 200, url
    assert client.get("/tim-saya/kesenjangan-kompetensi").status_code == 403


def test_an_employee_without_reports_has_no_team_matrix(client, login, town):
    login(town.ani_user)
    assert client.get("/tim-saya/kesenjangan-kompetensi").status_code == 403


# --- overview --------------------------------------------------------------------------------------------------

def test_the_overview_sums_up_the_whole_city_and_shows_the_heat_map(app, client, login, town, monkeypatch):
    monkeypatch.setitem(app.config, "HEATMAP_MIN_PEOPLE", 1)  # no cell greyed out for its size
    login(town.hr)
    response = client.get("/kesenjangan-kompetensi")
    text = page_text(response)
    assert "Kesenjangan Kompetensi (BKPSDM)" in text
    assert "Pegawai aktif 5" in text and "Pegawai dengan kesenjangan 3 (60%)" in text
    assert "Rata-rata kesenjangan per persyaratan 1,00" in text and (
        "Rata-rata job person match (JPM) 65,56% Kurang Optimal" in text)  # BKN's JPM (competencies.jpm)
    # Rows: the children of the single root; Badan Uji has no requirement at all.
    assert row_text(response, "Badan Uji") == "Badan Uji n = 1" + " · tidak dipersyaratkan" * 4
    assert row_text(response, "Dinas Uji") == "Dinas Uji n = 4 50% 0,50 50% 0,50 50% 1,00 100% 2,50"
    html = response.get_data(as_text=True)
    for code, name in (("M.01", "Integritas"), ("T.01", "Kearsipan")):
        assert f'<abbr title="{name}">{code}</abbr>' in html
    assert f'href="/kesenjangan-kompetensi/unit/{town.dinas.id}/kompetensi/{town.c.id}"' in html
    assert f'href="/kesenjangan-kompetensi?unit={town.dinas.id}"' in html  # drill further down
    assert gap_views.heat_colour(1.0) == "hsl(0, 70%, 65%)" and gap_views.heat_colour(0) == "hsl(120, 70%, 90%)"
    assert f"background-color: {gap_views.heat_colour(1.0)}" in html
    assert "1 pegawai menduduki jabatan yang belum memiliki standar kompetensi" in text
    assert "tidak ditampilkan" not in text


def test_the_heat_map_filters_by_type_hides_columns_beyond_the_limit_and_drills_into_a_unit(
        app, client, login, town, monkeypatch):
    monkeypatch.setitem(app.config, "HEATMAP_MIN_PEOPLE", 1)
    login(town.hr)
    teknis = client.get("/kesenjangan-kompetensi?tipe=teknis")
    assert row_text(teknis, "Dinas Uji") == "Dinas Uji n = 4 100% 2,50"
    inner = client.get(f"/kesenjangan-kompetensi?unit={town.dinas.id}")
    assert row_text(inner, "Bidang Uji") == "Bidang Uji n = 2 50% 0,50 50% 0,50 100% 2,50"
    assert "2 pegawai ditempatkan langsung di Dinas Uji" in page_text(inner)
    leaf = page_text(client.get(f"/kesenjangan-kompetensi?unit={town.bidang.id}"))
    assert "Unit ini tidak memiliki sub-unit untuk dipetakan." in leaf and "Pegawai aktif 2" in leaf
    monkeypatch.setattr(gap_views, "HEAT_MAP_COLUMNS", 2)
    limited = client.get("/kesenjangan-kompetensi")
    assert "2 kompetensi lain dengan kesenjangan lebih sedikit tidak ditampilkan." in page_text(limited)
    assert row_text(limited, "Dinas Uji") == "Dinas Uji n = 4 50% 0,50 100% 2,50"  # A and C: two people with a gap


def test_cells_of_few_people_are_greyed_out_with_their_number(app, client, login, town, monkeypatch):
    """A unit of one person no longer shows 100 % red: below HEATMAP_MIN_PEOPLE (5 by default) a cell is grey and
    says how many people its share is of; the rows say how many people each unit has."""
    login(town.hr)
    response = client.get("/kesenjangan-kompetensi")
    assert row_text(response, "Dinas Uji") == ("Dinas Uji n = 4 · unit kecil 50% 0,50 n=4 50% 0,50 n=2 50% 1,00 n=2 "
                                               "100% 2,50 n=2")
    assert row_text(response, "Badan Uji") == "Badan Uji n = 1 · unit kecil" + " · tidak dipersyaratkan" * 4
    html = response.get_data(as_text=True)
    table = html[html.index("heat-table"):html.index("</table>", html.index("heat-table"))]
    assert table.count('class="heat-small"') == 4 and "background-color" not in table
    assert "Sel dengan kurang dari 5 pegawai yang dipersyaratkan berwarna abu-abu" in page_text(response)
    monkeypatch.setitem(app.config, "HEATMAP_MIN_PEOPLE", 3)  # the 4 people requiring M.01 now count
    html = client.get("/kesenjangan-kompetensi").get_data(as_text=True)
    assert html.count('class="heat-small"') == 3 and f"background-color: {gap_views.heat_colour(0.5)}" in html


def test_the_heat_map_scrolls_in_its_own_box_and_sorts_its_rows_on_the_server(client, login, town):
    login(town.hr)
    html = client.get("/kesenjangan-kompetensi").get_data(as_text=True)
    region = re.search(r'<div class="heat-scroll"[^>]*>', html).group()
    assert 'tabindex="0"' in region and 'role="region"' in region and 'aria-label="Peta kesenjangan' in region
    assert '<table class="table table-sm table-bordered small text-center align-middle heat-table' in html

    def rows(query: str) -> list[str]:
        page = client.get(f"/kesenjangan-kompetensi{query}").get_data(as_text=True)
        table = page[page.index("heat-table"):]
        return sorted(("Badan Uji", "Dinas Uji"), key=table.index)

    assert rows("") == rows("?urut=nama") == rows("?urut=tidak-ada") == ["Badan Uji", "Dinas Uji"]
    # Dinas Uji: 10 levels missing over 10 requirements; Badan Uji requires nothing, so it comes last.
    assert rows("?urut=kesenjangan") == ["Dinas Uji", "Badan Uji"]
    assert rows("?urut=pegawai") == ["Dinas Uji", "Badan Uji"]  # 4 people against 1
    sorted_page = client.get(f"/kesenjangan-kompetensi?unit={town.city.id}&urut=kesenjangan&tipe=teknis")
    html = sorted_page.get_data(as_text=True)
    assert 'aria-current="true"' in re.search(r'<a [^>]*aria-current="true"[^>]*>[^<]*<', html).group()
    assert "Rata-rata kesenjangan terbesar<" in re.search(r'<a [^>]*aria-current="true"[^>]*>[^<]*<', html).group()
    assert '<input type="hidden" name="urut" value="kesenjangan">' in html  # kept when the filters change


def test_the_unit_table_rolls_sub_units_up(client, login, town):
    login(town.hr)
    response = client.get("/kesenjangan-kompetensi?tampilan=unit")
    dinas = row_text(response, "Dinas Uji")
    # BKN's JPM and its mapping categories (competencies.jpm): Ani 44.44, Budi 77.78, Citra 100, Fitri 40
    assert dinas.startswith("Dinas Uji Perangkat Daerah (OPD) 4 3 (75%) 1,00 10 65,56% Kurang Optimal")
    assert dinas.endswith("Optimal: 1 Cukup Optimal: 0 Kurang Optimal: 3")
    assert row_text(response, "Badan Uji") == "Badan Uji Perangkat Daerah (OPD) 1 0 (0%) 0,00 0 — —"
    assert row_text(response, "Seluruh cakupan").startswith("Seluruh cakupan 5 3 (60%) 1,00 10 65,56%")
    bidang = client.get(f"/kesenjangan-kompetensi?unit={town.dinas.id}&tampilan=unit")
    assert row_text(bidang, "Bidang Uji").startswith("Bidang Uji Bidang 2 2 (100%) 1,17 7 61,11%")


def test_positions_are_sorted_by_total_gap(client, login, town):
    login(town.hr)
    response = client.get("/kesenjangan-kompetensi?tampilan=jabatan")
    rows = [row for row in re.findall(r"<tr\b.*?</tr>", response.get_data(as_text=True), re.S)
            if "<th scope=\"row\"" in row]
    assert [page_text_of(row).split(" ")[0] for row in rows] == ["Analis", "Kepala", "Pengadministrasi"]
    assert row_text(response, "Analis").startswith("Analis Bidang Uji 2 2 (100%) 1,17 7 61,11%")
    assert f'href="/jabatan/{town.analis.id}/standar-kompetensi"' in response.get_data(as_text=True)


def test_competencies_are_sorted_by_people_with_a_gap_and_link_to_the_drill_down(client, login, town):
    login(town.hr)
    response = client.get("/kesenjangan-kompetensi?tampilan=kompetensi")
    names = re.findall(r'<th scope="row" class="fw-normal">([^<]+?) <span', response.get_data(as_text=True))
    assert names == ["Kearsipan", "Integritas", "Perekat Bangsa", "Kerja Sama"]
    assert row_text(response, "Kearsipan").startswith("Kearsipan T.01 Kamus Kompetensi Uji Teknis 2 2 (100%) 2,50 5")
    assert row_text(response, "Integritas").startswith(
        "Integritas M.01 Kamus Kompetensi Uji Manajerial 4 2 (50%) 0,50 2")
    assert f'href="/kesenjangan-kompetensi/unit/{town.city.id}/kompetensi/{town.a.id}"' in response.get_data(
        as_text=True)
    manajerial = client.get("/kesenjangan-kompetensi?tampilan=kompetensi&tipe=manajerial").get_data(as_text=True)
    assert re.findall(r'<th scope="row" class="fw-normal">([^<]+?) <span', manajerial) == ["Integritas", "Kerja Sama"]


def test_ranks_follow_the_rank_order_and_position_kinds_the_kind_order(client, login, town):
    login(town.hr)
    ranks = client.get("/kesenjangan-kompetensi?tampilan=golongan")
    text = page_text(ranks)
    assert text.index("III/a Penata Muda") < text.index("III/b Penata Muda Tingkat I") < text.index(
        "IV/a Pembina") < text.index("PPPK IX")
    assert row_text(ranks, "PPPK IX").startswith("PPPK IX 2 1 (50%) 1,50 3 40,00%")
    kinds = client.get("/kesenjangan-kompetensi?tampilan=jenis")
    assert page_text(kinds).index("Administrator 2") < page_text(kinds).index("Pelaksana 3")
    assert row_text(kinds, "Pelaksana").startswith("Pelaksana 3 2 (67%) 1,17 7 61,11%")


@pytest.mark.parametrize(("query", "status"), [
    ("unit=abc", 400), ("unit=-1", 400), ("unit=%C2%B2", 400),
    ("unit=999999", 404), ("unit=99999999999999999999999", 404),
    ("tampilan=jabatan&page=abc", 404), ("tampilan=jabatan&page=0", 404), ("tampilan=jabatan&page=9", 404),
    ("tampilan=bogus", 200), ("tipe=bogus", 200), ("unit=&tampilan=golongan&tipe=", 200),
])
def test_bad_scope_and_filter_values_give_a_clear_answer(client, login, town, query, status):
    login(town.hr)
    response = client.get(f"/kesenjangan-kompetensi?{query}")
    assert response.status_code == status
    if query == "unit=abc":
        assert "Unit tidak valid" in page_text(response)
    if query == "tampilan=bogus":
        assert "Peta kesenjangan" in page_text(response) and "Dinas Uji n = 4 · unit kecil 50%" in page_text(response)


# --- drill-down ------------------------------------------------------------------------------------------------

def test_the_drill_down_lists_the_people_below_the_required_level(client, login, town):
    login(town.hr)
    response = client.get(f"/kesenjangan-kompetensi/unit/{town.city.id}/kompetensi/{town.c.id}")
    text = page_text(response)
    assert "Kearsipan" in text and "Pemerintah Kota Uji" in text
    assert "2 dari 2 pegawai aktif yang jabatannya mempersyaratkan kompetensi ini" in text
    assert row_text(response, town.ani.nip) == f"{town.ani.nip} Ani Analis Bidang Uji 4 0 (belum ada bukti) 4"
    assert row_text(response, town.budi.nip) == f"{town.budi.nip} Budi Analis Bidang Uji 4 3 1"
    assert text.index("Ani") < text.index("Budi")  # largest gap first
    html = response.get_data(as_text=True)
    assert f'href="/pegawai/{town.ani.id}/kesenjangan-kompetensi"' in html
    city = page_text(client.get(f"/kesenjangan-kompetensi/kompetensi/{town.a.id}"))
    assert "Seluruh kota" in city and "2 dari 4 pegawai aktif" in city and "Budi" in city and "Fitri" in city
    inner = page_text(client.get(f"/kesenjangan-kompetensi/unit/{town.bidang.id}/kompetensi/{town.a.id}"))
    assert "1 dari 2 pegawai aktif" in inner and "Budi" in inner and "Fitri" not in inner


@pytest.fixture
def crowd(db, town):
    """53 more Analis without evidence: each below the required level of A, B and C."""
    db.session.add_all([Employee(nip=make_nip(sequence=100 + n), name=f"Pegawai {n:02d}", employment_type="pns",
                                 rank_code="II/c", position_id=town.analis.id, unit_id=town.bidang.id)
                        for n in range(53)])
    db.session.commit()
    return town


def test_the_drill_down_pages_by_50_and_searches_by_name_or_nip(client, login, crowd):
    town = crowd
    login(town.hr)
    url = f"/kesenjangan-kompetensi/unit/{town.bidang.id}/kompetensi/{town.b.id}"  # Ani and the 53
    first = client.get(url)
    assert first.get_data(as_text=True).count('<td class="nip">') == 50
    assert "54 data, halaman 1 dari 2" in page_text(first)
    second = client.get(f"{url}?page=2")
    assert second.get_data(as_text=True).count('<td class="nip">') == 4
    assert client.get(f"{url}?page=3").status_code == 404
    assert client.get(f"{url}?page=x").status_code == 404
    found = client.get(f"{url}?q=pegawai+07")
    assert found.get_data(as_text=True).count('<td class="nip">') == 1 and "Pegawai 07" in page_text(found)
    assert "54 dari 55 pegawai aktif" in page_text(found)  # the count is of the whole scope, not the search
    by_nip = client.get(f"{url}?q={town.ani.nip[:17]}")  # also Budi's and Eko's start, but they have no gap
    assert re.findall(r'<td class="nip">(\d+)</td>', by_nip.get_data(as_text=True)) == [town.ani.nip]
    nobody = client.get(f"{url}?q=zzz")
    assert "Tidak ada pegawai yang cocok dengan pencarian." in page_text(nobody)


def test_the_csv_export_has_every_row_not_only_a_page(client, login, crowd):
    town = crowd
    login(town.hr)
    response = client.get(f"/kesenjangan-kompetensi/unit/{town.bidang.id}/kompetensi/{town.b.id}?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"kesenjangan-m-02-{town.bidang.code.lower()}.csv" in response.headers["Content-Disposition"]
    assert response.data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["NIP", "Nama", "Jabatan", "Unit", "Level dipersyaratkan", "Level saat ini", "Kesenjangan"]
    assert len(rows) == 1 + 54
    assert rows[1][1:] == ["Pegawai 00", "Analis", "Bidang Uji", "2", "0", "2"]  # largest gap first, then by name
    assert rows[-1] == [town.ani.nip, "Ani", "Analis", "Bidang Uji", "2", "1", "1"]
    searched = client.get(f"/kesenjangan-kompetensi/unit/{town.bidang.id}/kompetensi/{town.b.id}?format=csv&q=Ani")
    assert len(list(csv.reader(io.StringIO(searched.data.decode("utf-8-sig")), delimiter=";"))) == 2


@pytest.mark.parametrize("path", [
    "/kesenjangan-kompetensi/unit/{city}/kompetensi/999999", "/kesenjangan-kompetensi/unit/999999/kompetensi/{a}",
    "/kesenjangan-kompetensi/kompetensi/99999999999999999999999",
    "/kesenjangan-kompetensi/unit/99999999999999999999999/kompetensi/{a}",
])
def test_the_drill_down_of_an_unknown_unit_or_competency_is_404(client, login, town, path):
    login(town.hr)
    assert client.get(path.format(city=town.city.id, a=town.a.id)).status_code == 404


# --- team ------------------------------------------------------------------------------------------------------

def test_a_supervisor_sees_the_matrix_of_their_direct_reports(client, login, town):
    login(town.citra_user)
    response = client.get("/tim-saya/kesenjangan-kompetensi")
    assert response.status_code == 200
    text = page_text(response)
    assert "Kesenjangan Kompetensi Tim" in text and "Fitri" not in text and "Eko" not in text
    html = response.get_data(as_text=True)
    assert re.findall(r"<abbr title=\"[^\"]+\">([^<]+)</abbr>", html) == ["T.01", "M.01", "M.02"]
    assert row_text(response, "Ani") == ("Ani Analis 44,44% Kurang Optimal 5 0/4 −4 kurang 4 level 3/3 ✓ memenuhi "
                                         "1/2 −1 kurang 1 level")
    assert row_text(response, "Budi") == ("Budi Analis 77,78% Kurang Optimal 2 3/4 −1 kurang 1 level "
                                          "2/3 −1 kurang 1 level 2/2 ✓ memenuhi")
    assert row_text(response, "Pegawai dengan kesenjangan") == "Pegawai dengan kesenjangan 2 1 1"
    assert 'class="bg-danger-subtle"' in html and 'class="bg-warning-subtle"' in html
    assert 'class="bg-success-subtle"' in html and "kurang 2 level atau lebih" in text  # the legend
    assert f'href="/pegawai/{town.ani.id}/kesenjangan-kompetensi"' in html
