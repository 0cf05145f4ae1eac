"""Odd and hostile input gets a 4xx answer with a reason, never a 500 (lms.input_rules): ids beyond the database's
integer, NUL and line breaks in addresses and forms, absurd page numbers, numbers in forms no column can hold;
and formula-like text in the Moodle export stays text but imports back as it was.

Run on PostgreSQL too (LMS_TEST_DATABASE_URL): it refuses what SQLite stores (NUL, integers beyond 32 bits)."""

import csv
import io
import re

import pytest

from competencies import moodle
from lms.input_rules import MAX_ID, IdConverter, database_int, requested_page
from tests.helpers import page_text
from tests.test_moodle import csv_bytes as moodle_csv
from tests.test_moodle import framework_row, imported, remove_framework, row, snapshot
from tests.test_people import employee_form

HUGE = "99999999999999999999"  # beyond 64 bits: SQLite refuses it as well
PAST_INT = str(MAX_ID + 1)  # 2147483648: PostgreSQL's integer refuses it


@pytest.fixture
def hr(make_user):
    return make_user("employee", "hr")


def _int_routes(app) -> list[str]:
    """Every GET rule with an ``<int:...>`` part, each such part replaced by ``{}``."""
    return [re.sub(r"<int:\w+>", "{}", rule.rule) for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and any(isinstance(converter, IdConverter)
                                             for converter in rule._converters.values())]


def test_every_int_rule_stops_at_the_largest_id_the_database_holds(app):
    routes = _int_routes(app)
    assert len(routes) > 50 and "/pegawai/{}" in routes
    adapter = app.url_map.bind("localhost")
    assert adapter.match(f"/pegawai/{MAX_ID}")[1] == {"employee_id": MAX_ID}
    for value in (PAST_INT, HUGE):
        with pytest.raises(Exception) as refused:
            adapter.match(f"/pegawai/{value}")
        assert getattr(refused.value, "code", None) == 404


@pytest.mark.parametrize("role", ["hr", "employee"])
def test_ids_past_the_database_integer_are_404_on_every_page(app, client, login, make_user, role):
    login(make_user("employee", "hr") if role == "hr" else make_user())
    for route in _int_routes(app):
        for value in (PAST_INT, HUGE):
            url = route.replace("{}", value)
            assert client.get(url).status_code == 404, url


def test_nul_in_a_form_or_an_address_is_refused_with_a_message(db, client, login, hr):
    response = client.post("/masuk", data={"identifier": "admin\x00", "password": "x"})
    assert response.status_code == 400
    assert "karakter NUL" in page_text(response)
    login(hr)
    for url in ("/pegawai?q=Budi%00", "/katalog?provider=%00", "/kamus-kompetensi?q=a%00b", "/audit?actor=%00",
                "/verifikasi/ABC%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "karakter kendali" in page_text(response)
    response = client.post("/unit-kerja/baru", data={"code": "U\x00", "name": "Dinas", "kind": "opd"})
    assert response.status_code == 400


def test_a_line_break_in_an_address_is_refused_but_a_textarea_may_hold_one(db, client, login, hr, make_unit):
    for query in ("next=/%0d%0aSet-Cookie:%20x=1", "next=/pegawai%0a"):
        assert client.get(f"/masuk?{query}").status_code == 400
        response = client.post(f"/masuk?{query}", data={"identifier": hr.login_name, "password": "x"})
        assert response.status_code == 400
    login(hr)
    assert client.get("/pegawai?q=%09Budi").status_code == 200  # a tab pasted into a search box
    response = client.post("/diklat/pelatihan/baru", data={"title": "Uji", "description": "Baris satu\r\nbaris dua"})
    assert response.status_code != 400


@pytest.mark.parametrize("url", ["/pegawai", "/audit", "/notifikasi/", "/tugas/", "/diklat/pelatihan",
                                 "/penilaian/siklus"])
def test_page_numbers_are_clamped(db, client, login, hr, make_employee, url):
    make_employee("Budi Santoso")
    login(hr)
    first = client.get(url)
    assert first.status_code == 200
    for page in ("-5", "0", "abc", "²", "1e3"):
        response = client.get(url, query_string={"page": page})
        assert response.status_code == 200, (url, page)
    for page in (HUGE, "9" * 5000, PAST_INT):  # past the last page: an empty page or 404, as for page 3 of 2
        assert client.get(url, query_string={"page": page, "per_page": HUGE}).status_code in (200, 404), (url, page)


def test_page_and_number_helpers(app):
    cases = {"": 1, "3": 3, "-5": 1, "0": 1, "abc": 1, "²": 1, "٣": 1, HUGE: 100_000, "9" * 5000: 100_000}
    for value, page in cases.items():
        with app.test_request_context(query_string={"page": value}):
            assert requested_page() == page, value
    assert database_int("-42") == -42 and database_int(str(MAX_ID)) == MAX_ID
    for value in (PAST_INT, HUGE, "²", "٣", "1e3", "9" * 5000):
        with pytest.raises(ValueError):
            database_int(value)


def test_the_position_options_of_an_impossible_unit_are_none(db, client, login, hr, make_position):
    position = make_position("Pengolah Data")
    login(hr)
    assert client.get(f"/jabatan/pilihan?unit={position.unit_id}").json[0]["id"] == position.id
    for unit in (PAST_INT, HUGE, "²", "-1", "9" * 5000):
        response = client.get("/jabatan/pilihan", query_string={"unit": unit})
        assert (response.status_code, response.json) == (200, []), unit


@pytest.mark.parametrize("url", [
    "/pegawai?unit={v}&position={v}", "/jabatan?unit={v}", "/unit-kerja/baru?parent={v}", "/katalog?competency={v}",
    "/analisis-kebutuhan-pelatihan?unit={v}", "/kesenjangan-kompetensi?unit={v}",
    "/standar-kompetensi/ekspor.csv?unit={v}", "/audit?from=0001-01-01&to=9999-12-31",
])
def test_ids_and_dates_in_query_strings_that_no_row_can_have_are_ignored_or_refused(db, client, login, hr, url):
    login(hr)
    for value in (PAST_INT, HUGE, "²", "9" * 5000):
        response = client.get(url.format(v=value))
        assert response.status_code < 500 and response.status_code in (200, 400, 404), (url, value)


def test_a_number_no_column_can_hold_is_a_field_error(db, client, login, hr, make_position):
    position = make_position("Pengolah Data")
    login(hr)
    for value in (PAST_INT, HUGE, "-" + HUGE):
        response = client.post("/pegawai/baru", data=employee_form(position, unit_id=value))
        assert response.status_code == 422, value
        assert "Angka ini di luar batas yang dapat disimpan." in page_text(response)


def test_a_posted_rater_kind_that_does_not_exist_is_a_field_error(db, client, login, make_user):
    from tests.test_appraisal_hr_views import cycle_data

    login(make_user("hr", with_employee=False, email="bkpsdm@medan.go.id"))
    response = client.post("/penilaian/siklus/baru", data=cycle_data(kinds=["self", "bos"]))
    assert response.status_code == 422


# --- formula-like text in the Moodle export ------------------------------------------------------------------

FORMULAS = {"code": "-P1", "name": "=HYPERLINK(\"http://x.example\",\"klik\")", "child": "+K2",
            "child_name": "@SUM(A1:A9)", "description": "-1 poin, =2 poin"}


def test_the_moodle_export_neutralises_formulas_and_imports_back_the_same_framework(db):
    data = moodle_csv([framework_row("=KERANGKA"),
                       row("", FORMULAS["code"], FORMULAS["name"], description=FORMULAS["description"],
                           related=FORMULAS["child"]),
                       row(FORMULAS["code"], FORMULAS["child"], FORMULAS["child_name"])])
    first = imported(db, data)
    before = snapshot(db, first)
    assert set(before["competencies"]) == {"-P1", "+K2"}

    exported = moodle.export_framework(first)
    records = list(csv.reader(io.StringIO(exported.decode("utf-8"))))
    assert records[1][1] == "'=KERANGKA"
    by_code = {record[1]: record for record in records[2:]}
    assert by_code["'-P1"][2:4] == ["'=HYPERLINK(\"http://x.example\",\"klik\")", "'-1 poin, =2 poin"]
    assert by_code["'-P1"][10] == "'+K2"  # related
    assert by_code["'+K2"][:3] == ["'-P1", "'+K2", "'@SUM(A1:A9)"]  # parent, code, name
    assert not any(cell.startswith(("=", "+", "-", "@")) for record in records for cell in record)

    remove_framework(db, first)
    second = imported(db, exported)
    assert snapshot(db, second) == before
    assert moodle.export_framework(second) == exported
