"""Random text (NUL and other control characters, numbers no column holds, long strings, odd dates) in the query
strings and forms of a representative set of pages, as HR, as an employee and before logging in: never a 5xx.

Bounded (up to a hundred examples per role, no deadline) so that it runs in seconds; each example fills some fields of
one page with odd values and the others with valid ones, so that the odd value also reaches the code behind the
form's validation. On PostgreSQL (LMS_TEST_DATABASE_URL) it also covers what only PostgreSQL refuses."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import make_nip

ODD = st.one_of(
    st.text(max_size=40),  # any character but surrogates: NUL, controls, right-to-left marks, emoji
    st.text(min_size=300, max_size=3000),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(["", " ", "0", "-1", "2147483647", "2147483648", "-2147483649", "99999999999999999999",
                     "9" * 5000, "1e309", "nan", "-0", "²", "٣", "\x00", "a\x00b", "a\r\nb", "\t", "%00", "0001-01-01",
                     "9999-12-31", "2024-02-30", "99999-01-01", "<script>alert(1)</script>", "'=1+1", "../../etc",
                     "//evil.example", "/\r\nSet-Cookie: x=1", "on", "y", "pns", "opd"]),
)

SETTINGS = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


def _page(page: str = "1") -> dict[str, str]:
    return {"page": page}


def hr_targets(world, course) -> list[tuple[str, str, dict[str, str]]]:
    """(method, url, fields with valid values) of pages HR uses."""
    unit_id, position = str(world.supervisor.unit_id), world.staff[0].position
    today = date.today()
    return [
        ("GET", "/pegawai", {"q": "Staf", "unit": unit_id, "position": str(position.id), "jabatan": "Analis",
                             "rank": "III/a", "type": "pns", "status": "active", **_page()}),
        ("GET", "/jabatan", {"q": "Analis", "kind": "pelaksana", "unit": unit_id, **_page()}),
        ("GET", "/jabatan/pilihan", {"unit": unit_id}),
        ("GET", "/unit-kerja", {"q": "Dinas"}),
        ("GET", "/audit", {"action": "create", "entity": "employee", "actor": "a", "q": "b",
                           "from": today.isoformat(), "to": today.isoformat(), **_page()}),
        ("GET", "/katalog", {"q": "Uji", "competency": "1", "modality": "klasikal", "month": "2026-01",
                             "provider": "BKPSDM"}),
        ("GET", "/diklat/kelas", {"q": "Uji", "status": "open", "month": "2026-01", **_page()}),
        ("GET", "/diklat/pelatihan", {"q": "Uji", "status": "active", **_page()}),
        ("GET", "/kamus-kompetensi", {"q": "Integritas"}),
        ("GET", "/kesenjangan-kompetensi", {"unit": unit_id, "tampilan": "unit", "tipe": "teknis"}),
        ("GET", "/analisis-kebutuhan-pelatihan", {"unit": unit_id, "format": "csv"}),
        ("GET", f"/pegawai/{world.staff[0].id}/profil-kompetensi", {"kompetensi": "1"}),
        ("GET", f"/pegawai/{world.staff[0].id}/kesenjangan-kompetensi", {"tujuan": str(position.id)}),
        ("POST", "/unit-kerja/baru", {"code": "UJI-9", "name": "Bidang Uji", "kind": "bidang",
                                      "parent_id": unit_id}),
        ("POST", "/jabatan/baru", {"code": "JAB-9", "name": "Pengolah Uji", "kind": "pelaksana", "grade": "",
                                   "unit_id": unit_id, "leads_to": str(position.id)}),
        ("POST", "/pegawai/baru", {"employment_type": "pns", "nip": make_nip(date(1991, 2, 3), (2016, 4), 2, 7),
                                   "front_title": "", "name": "Rina Siregar", "back_title": "S.Kom.",
                                   "rank_code": "III/a", "unit_id": unit_id, "position_id": str(position.id),
                                   "supervisor_nip": "", "email": "rina@medan.go.id", "is_active": "y"}),
        ("POST", "/diklat/pelatihan/baru", {"code": "PLT-9", "title": "Pelatihan Uji", "description": "Uraian",
                                            "hours_jp": "8", "modality": "klasikal", "provider": "BKPSDM",
                                            "min_attendance_pct": "80", "pass_mark": "70",
                                            "certificate_validity_years": "", "status": "active"}),
        ("POST", f"/diklat/pelatihan/{course.id}/kelas/baru", {
            "batch": "Angkatan 9", "capacity": "30", "enrol_opens_on": today.isoformat(),
            "enrol_closes_on": (today + timedelta(days=5)).isoformat(), "requires_approval": "y",
            "venue": "Aula", "online_link": "", "eligible_position_kinds": "pelaksana"}),
        ("POST", "/penilaian/siklus/baru", {"name": "Penilaian Uji", "period": "annual", "year": str(today.year),
                                            "starts_on": today.isoformat(),
                                            "ends_on": (today + timedelta(days=60)).isoformat(),
                                            "due_on": (today + timedelta(days=30)).isoformat(),
                                            "objection_days": "14", "kinds": "self", "weight_self": "100"}),
    ]


def employee_targets(world) -> list[tuple[str, str, dict[str, str]]]:
    me = world.staff[0]
    today = date.today()
    return [
        ("GET", "/katalog", {"q": "Uji", "competency": "1", "modality": "daring", "month": "2026-13",
                             "provider": "x"}),
        ("GET", "/pelatihan-saya", {}),
        ("GET", "/penilaian/tugas", {"q": "Staf", "status": "draft", **_page()}),
        ("GET", "/notifikasi/", _page()),
        ("GET", f"/pegawai/{me.id}/profil-kompetensi", {"kompetensi": "1"}),
        ("GET", f"/pegawai/{me.id}/kesenjangan-kompetensi", {"tujuan": "1", "format": "xlsx"}),
        ("GET", f"/pegawai/{me.id}/riwayat-diklat", {"tahun": str(today.year)}),
        ("GET", "/verifikasi", {"kode": "ABCD-1234"}),
        ("POST", "/pelatihan-saya/eksternal", {"title": "Seminar Uji", "provider": "LAN", "kind": "seminar",
                                               "starts_on": today.isoformat(), "ends_on": today.isoformat(),
                                               "hours_jp": "4", "certificate_number": "123/2026"}),
    ]


def anonymous_targets() -> list[tuple[str, str, dict[str, str]]]:
    return [("POST", "/masuk", {"identifier": "198503172010011002", "password": "salah"}),
            ("GET", "/masuk", {"next": "/pegawai"}),
            ("GET", "/verifikasi", {"kode": "ABCD-1234"})]


def _send(client, target: tuple[str, str, dict[str, str]], odd: dict[str, str]):
    method, url, fields = target
    values = {**fields, **odd}
    if method == "GET":
        return client.get(url, query_string=values)
    return client.post(url, data=values)


def _fuzz(client, targets, data) -> None:
    target = data.draw(st.sampled_from(targets), label="page")
    names = sorted(set(target[2]) | {"page", "q", "next", "x\x00"})  # and arguments the page does not expect
    odd = data.draw(st.dictionaries(st.sampled_from(names), ODD, min_size=1, max_size=4), label="odd values")
    response = _send(client, target, odd)
    assert response.status_code < 500, (target[0], target[1], odd, response.status_code)


@pytest.fixture
def scene(db, make_world, make_course):
    return make_world(), make_course()


# Fixtures are set up once per test, not once per example: each test logs in once.

@pytest.fixture
def as_hr(client, login, make_user, scene):
    login(make_user("employee", "hr"))
    return client


@pytest.fixture
def as_employee(client, login, make_user, scene):
    login(make_user("employee", employee=scene[0].staff[0]))
    return client


@SETTINGS
@given(data=st.data())
def test_hr_pages_never_answer_5xx(as_hr, scene, data):
    _fuzz(as_hr, hr_targets(*scene), data)


@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_employee_pages_never_answer_5xx(as_employee, scene, data):
    _fuzz(as_employee, employee_targets(scene[0]), data)


@settings(SETTINGS, max_examples=30)
@given(data=st.data())
def test_pages_before_logging_in_never_answer_5xx(client, scene, data):
    _fuzz(client, anonymous_targets(), data)
