"""HR's appraisal cycle pages: opening a cycle, access, following its progress, reminders, participants."""

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalForm, AppraisalItem
from competencies.models import Requirement
from lms.notifications.models import Notification
from tests import appraisal_hr_helpers
from tests.appraisal_hr_helpers import TODAY
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text

hr = appraisal_hr_helpers.hr  # the fixture, found by pytest in this module
world = appraisal_hr_helpers.world  # the fixture, found by pytest in this module


def cycle_data(**overrides) -> dict:
    data = {"name": "Penilaian Kompetensi Uji", "period": "annual", "year": str(TODAY.year),
            "starts_on": TODAY.isoformat(), "ends_on": (TODAY + timedelta(days=60)).isoformat(),
            "due_on": (TODAY + timedelta(days=30)).isoformat(), "objection_days": "14",
            "kinds": ["self", "supervisor", "peer"], "weight_self": "15", "weight_supervisor": "30",
            "weight_peer": "15", "weight_assessor": "40"}
    data.update(overrides)
    return data


# --- opening a cycle ---------------------------------------------------------------------------------------

def test_the_new_cycle_form_has_sensible_defaults(client, login, hr, world):
    login(hr)
    response = client.get("/penilaian/siklus/baru")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'value="{TODAY.isoformat()}"' in html and f'value="{TODAY.year}-12-31"' in html
    assert 'value="40"' in html and 'value="14"' in html
    assert "dinormalkan ulang" in page_text(response)


def test_hr_opens_a_cycle_through_the_web_with_a_snapshot(client, login, db, hr, world):
    login(hr)
    response = client.post("/penilaian/siklus/baru", data=cycle_data(), follow_redirects=True)
    assert response.status_code == 200
    assert "3 pegawai dinilai, 5 formulir penilaian dibuat" in page_text(response)
    cycle = db.session.scalar(select(AppraisalCycle))
    assert cycle.weights == {"self": 15, "supervisor": 30, "peer": 15}
    kinds = db.session.execute(select(AppraisalForm.rater_kind, func.count()).group_by(AppraisalForm.rater_kind))
    assert dict(kinds.all()) == {"self": 3, "supervisor": 2}
    staff_form = form_of(db, cycle, world.staff[0], "supervisor")
    assert staff_form.rater_id == world.supervisor.id

    db.session.execute(update(Requirement).values(level=3))
    db.session.commit()
    levels = db.session.scalars(select(AppraisalItem.required_level)).all()
    assert levels and set(levels) == {2}


def test_a_large_cycle_is_opened_by_a_background_job_that_links_to_it(app, client, login, db, hr, world,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "APPRAISAL_OPEN_AS_JOB_FROM", 3)  # the world has 3 employees
    login(hr)
    response = client.post("/penilaian/siklus/baru", data=cycle_data())
    assert response.status_code == 302 and "/tugas/" in response.headers["Location"]
    status_url = response.headers["Location"].rstrip("/") + "/status"
    deadline = time.monotonic() + 30
    while (state := client.get(status_url).get_json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    db.session.rollback()
    cycle = db.session.scalar(select(AppraisalCycle))
    assert state["status"] == "done" and state["result_url"] == f"/penilaian/siklus/{cycle.id}"
    assert db.session.scalar(select(func.count()).select_from(Appraisal)) == 3
    assert "Buka hasilnya" in page_text(client.get(response.headers["Location"]))
    # The same values again: refused at once, next to the field, before any job.
    again = client.post("/penilaian/siklus/baru", data=cycle_data())
    assert again.status_code == 422 and "yang belum final" in page_text(again)


def test_a_cycle_can_be_limited_to_some_agencies(client, login, db, hr, world, make_unit, make_employee):
    other = make_unit("Dinas Lain")
    make_employee("Pegawai Dinas Lain", position=None, unit=other)
    unit_id = world.supervisor.unit_id
    login(hr)
    response = client.post("/penilaian/siklus/baru", data=cycle_data(unit_ids=[str(unit_id)]))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Appraisal)) == 3
    assert "Dinas Penilaian Uji" in page_text(client.get(response.headers["Location"]))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ends_on": (TODAY - timedelta(days=1)).isoformat()}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ({"due_on": (TODAY - timedelta(days=1)).isoformat()}, "Batas pengisian tidak boleh sebelum tanggal mulai."),
    ({"kinds": []}, "Pilih paling sedikit satu jenis penilai."),
    ({"weight_supervisor": "0"}, "Bobot jenis penilai yang ikut harus bilangan bulat 1 sampai 100."),
    ({"weight_supervisor": "101"}, "Bobot jenis penilai yang ikut harus bilangan bulat 1 sampai 100."),
    ({"name": ""}, "Tuliskan nama periode penilaian."),
    ({"objection_days": "-1"}, "Masa keberatan"),
])
def test_invalid_cycles_are_refused_beside_the_field(client, login, db, hr, world, overrides, message):
    login(hr)
    response = client.post("/penilaian/siklus/baru", data=cycle_data(**overrides))
    assert response.status_code == 422
    assert message in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(AppraisalCycle)) == 0
    assert db.session.scalar(select(func.count()).select_from(Appraisal)) == 0


def test_a_weight_of_a_kind_that_does_not_take_part_is_ignored(client, login, db, hr, world):
    login(hr)
    response = client.post("/penilaian/siklus/baru", data=cycle_data(weight_assessor="0"))
    assert response.status_code == 302


def test_a_clashing_cycle_is_refused_by_the_service_with_its_message(client, login, db, hr, world, open_cycle):
    open_cycle(name="Periode Pertama")
    login(hr)
    response = client.post("/penilaian/siklus/baru", data=cycle_data())
    assert response.status_code == 422
    assert "Periode Pertama" in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(AppraisalCycle)) == 1


# --- access ------------------------------------------------------------------------------------------------

HR_ENDPOINTS = [
    ("get", "/penilaian/siklus"),
    ("get", "/penilaian/siklus/baru"),
    ("post", "/penilaian/siklus/baru"),
    ("get", "/penilaian/siklus/1"),
    ("post", "/penilaian/siklus/1/pengingat"),
    ("post", "/penilaian/siklus/1/konsolidasi"),
    ("post", "/penilaian/siklus/1/finalkan"),
    ("post", "/penilaian/siklus/1/asesor"),
    ("get", "/penilaian/siklus/1/pegawai"),
    ("get", "/penilaian/1"),
    ("post", "/penilaian/1/penilai"),
    ("post", "/penilaian/formulir/1/hapus"),
    ("get", "/penilaian/siklus/1/keberatan"),
    ("get", "/penilaian/keberatan/1"),
    ("post", "/penilaian/keberatan/1"),
]


@pytest.mark.parametrize(("method", "url"), HR_ENDPOINTS)
def test_only_hr_opens_the_hr_appraisal_pages(client, login, make_user, world, method, url):
    login(make_user("employee", employee=world.supervisor))
    assert getattr(client, method)(url).status_code == 403


def test_admins_open_the_hr_appraisal_pages(client, login, db, make_user, world, open_cycle):
    cycle = open_cycle()
    login(make_user("admin", with_employee=False, email="admin@medan.go.id"))
    assert client.get(f"/penilaian/siklus/{cycle.id}/pegawai").status_code == 200


# --- following a cycle -------------------------------------------------------------------------------------

def test_cycle_list_shows_counts(client, login, db, hr, world, open_cycle):
    cycle = open_cycle()
    rate_all(db, form_of(db, cycle, world.staff[0], "self"), 2)
    login(hr)
    text = page_text(client.get("/penilaian/siklus"))
    assert "Penilaian Tahunan 2026" in text and "Tahunan" in text and "Berjalan" in text
    assert re.search(r"Berjalan 3 1 / 5", text)


def test_progress_per_agency_counts_not_started_draft_and_submitted(client, login, db, hr, world, make_unit,
                                                                     make_position, make_employee, open_cycle):
    agency = make_unit("Dinas Kedua")
    section = make_unit("Seksi Dinas Kedua", kind="seksi", parent=agency)
    head = make_employee("Kepala Kedua", position=make_position("Kepala Dinas Kedua", kind="administrator",
                                                                unit=agency))
    member = make_employee("Staf Kedua", position=make_position("Staf Seksi", unit=section), supervisor=head)
    cycle = open_cycle()
    rate_all(db, form_of(db, cycle, world.staff[0], "self"), 2)
    rate_all(db, form_of(db, cycle, world.staff[1], "self"), 2, submit=False)
    rate_all(db, form_of(db, cycle, member, "self"), 2)
    login(hr)
    response = client.get(f"/penilaian/siklus/{cycle.id}")
    text = page_text(response)
    progress = text[text.index("Kemajuan per perangkat daerah"):]
    assert "Dinas Kedua 2 2 0 1 33% Dinas Penilaian Uji 3 3 1 1 20%" in progress
    assert "Seksi Dinas Kedua" not in progress
    assert f"/penilaian/siklus/{cycle.id}/pegawai?unit={agency.id}" in response.get_data(as_text=True)
    assert "6 formulir belum dikirim dan tidak akan dihitung" in text


# --- reminders ---------------------------------------------------------------------------------------------

def reminders_of(db, user) -> int:
    return db.session.scalar(select(func.count()).where(Notification.user_id == user.id,
                                                        Notification.message.startswith("Pengingat")))


def test_reminders_go_to_raters_of_unsubmitted_forms_once_a_day(client, login, db, hr, world, make_user, open_cycle):
    cycle = open_cycle(due_in_days=2)
    rate_all(db, form_of(db, cycle, world.staff[0], "self"), 2)
    head, done, late = (make_user("employee", employee=employee)
                        for employee in (world.supervisor, world.staff[0], world.staff[1]))
    login(hr)
    response = client.post(f"/penilaian/siklus/{cycle.id}/pengingat", follow_redirects=True)
    assert "2 penilai diingatkan" in page_text(response)
    assert (reminders_of(db, head), reminders_of(db, done), reminders_of(db, late)) == (1, 0, 1)

    response = client.post(f"/penilaian/siklus/{cycle.id}/pengingat", follow_redirects=True)
    assert "Tidak ada penilai yang perlu diingatkan" in page_text(response)
    assert (reminders_of(db, head), reminders_of(db, late)) == (1, 1)


def test_no_reminder_while_the_deadline_is_far(client, login, db, hr, world, make_user, open_cycle):
    cycle = open_cycle(due_in_days=20)
    head = make_user("employee", employee=world.supervisor)
    login(hr)
    client.post(f"/penilaian/siklus/{cycle.id}/pengingat")
    assert reminders_of(db, head) == 0


def test_the_reminder_command_reminds_and_says_how_many(runner, db, world, make_user, open_cycle):
    open_cycle(due_in_days=1)
    head = make_user("employee", employee=world.supervisor)
    result = runner.invoke(args=["lms", "appraisal-reminders"])
    assert result.exit_code == 0 and "3 penilai diingatkan." in result.output
    assert reminders_of(db, head) == 1
    assert "0 penilai diingatkan." in runner.invoke(args=["lms", "appraisal-reminders"]).output


# --- participants ------------------------------------------------------------------------------------------

def test_participants_search_filter_and_pages(app, client, login, db, hr, world, make_unit, make_position,
                                              make_employee, monkeypatch, open_cycle):
    other = make_unit("Dinas Kedua")
    outsider = make_employee("Zulkifli Lubis", position=make_position("Staf Kedua", unit=other))
    cycle = open_cycle()
    rate_all(db, form_of(db, cycle, world.staff[0], "self"), 2)
    fill_performance(db, appraisal_of(db, cycle, world.staff[0]))
    rate_all(db, form_of(db, cycle, world.staff[0], "supervisor"), 2)
    login(hr)
    url = f"/penilaian/siklus/{cycle.id}/pegawai"

    def names(**params) -> list[str]:
        text = page_text(client.get(url, query_string=params))
        return [name for name in ("Kepala Uji", "Staf Uji 1", "Staf Uji 2", "Zulkifli Lubis") if name in text]

    assert names() == ["Kepala Uji", "Staf Uji 1", "Staf Uji 2", "Zulkifli Lubis"]
    assert names(q="staf uji") == ["Staf Uji 1", "Staf Uji 2"]
    assert names(q=outsider.nip) == ["Zulkifli Lubis"]
    assert names(unit=str(other.id)) == ["Zulkifli Lubis"]
    assert names(belum="1") == ["Kepala Uji", "Staf Uji 2", "Zulkifli Lubis"]
    assert names(status="open") == names() and names(status="final") == []
    assert "2 / 2" in page_text(client.get(url, query_string={"q": "Staf Uji 1"}))

    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    assert names() == ["Kepala Uji", "Staf Uji 1", "Staf Uji 2"]
    assert names(page="2") == ["Zulkifli Lubis"]


# --- no query per row --------------------------------------------------------------------------------------

def test_cycle_list_queries_do_not_grow_with_cycles(client, login, db, hr, world, count_queries, open_cycle):
    open_cycle(period="q1", name="Triwulan I")
    login(hr)
    with count_queries() as few:
        assert client.get("/penilaian/siklus").status_code == 200
    for period in ("q2", "q3", "q4"):
        open_cycle(period=period, name=f"Periode {period}")
    with count_queries() as many:
        assert client.get("/penilaian/siklus").status_code == 200
    assert len(many) == len(few)


def test_participants_and_progress_queries_do_not_grow_with_rows(client, login, db, hr, make_unit, make_position,
                                                                make_employee, count_queries, make_world, open_cycle):
    small = make_world(staff=2)
    cycle = open_cycle(unit_ids=[small.supervisor.unit_id], name="Kecil")
    login(hr)
    urls = [f"/penilaian/siklus/{cycle.id}/pegawai", f"/penilaian/siklus/{cycle.id}"]
    with count_queries() as few:
        for url in urls:
            assert client.get(url).status_code == 200
    agency = make_unit("Dinas Besar")
    position = make_position("Staf Besar", unit=agency)
    for number in range(8):
        section = make_unit(f"Seksi Besar {number}", kind="seksi", parent=agency)
        make_employee(f"Pegawai Besar {number}", position=position, unit=section, supervisor=small.supervisor)
    big = open_cycle(unit_ids=[agency.id], period="q1", name="Besar")
    with count_queries() as many:
        for url in (f"/penilaian/siklus/{big.id}/pegawai", f"/penilaian/siklus/{big.id}"):
            assert client.get(url).status_code == 200
    assert len(many) == len(few)
