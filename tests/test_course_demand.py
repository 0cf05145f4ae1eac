"""Demand for a class (permintaan kelas): asked from a recommendation with no open class, withdrawn, counted in
the training-needs analysis, listed and exported for HR, fulfilled (and told) when HR opens a class; and the one
count of open seats that the analysis and the employee's page share."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from courses.enrolment.models import CourseDemand
from courses.planning.recommendations import recommend
from courses.planning.training_needs import training_needs
from lms.audit.models import AuditEntry
from lms.i18n import long_date
from lms.notifications.models import Notification
from tests.helpers import page_text
from tests.recommendation_helpers import TODAY, build_world


@pytest.fixture
def world(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment, make_workshop):
    return build_world(db, make_unit, make_position, make_employee, make_user, make_course, make_enrolment,
                       make_workshop)


def _gaps(world) -> str:
    return f"/pegawai/{world.siti.id}/kesenjangan-kompetensi"


def _ask(client, world, code: str, referer: str):
    return client.post(f"/katalog/{world.courses[code].id}/permintaan-kelas", headers={"Referer": referer})


def _demands(db, **where) -> list[CourseDemand]:
    return list(db.session.scalars(select(CourseDemand).filter_by(**where).order_by(CourseDemand.id)))


def test_the_employee_asks_for_a_class_once_and_may_withdraw(db, client, login, world):
    """DATA-1 is in Siti's plan with no class open: the page offers the request instead of a dead end."""
    login(world.siti_user)
    html = client.get(_gaps(world)).get_data(as_text=True)
    assert f'action="/katalog/{world.courses["DATA-1"].id}/permintaan-kelas"' in html
    assert f'action="/katalog/{world.courses["ARS-1"].id}/permintaan-kelas"' not in html  # ARS-1 has a class

    career = f"http://localhost{_gaps(world)}?tujuan={world.chief_position.id}"
    response = _ask(client, world, "DATA-1", career)
    assert response.status_code == 302 and response.headers["Location"] == career.removeprefix("http://localhost")
    [demand] = _demands(db, employee_id=world.siti.id)
    assert demand.status == "active" and demand.created_by_id == world.siti_user.id
    text = page_text(client.get(_gaps(world)))
    assert "Permintaan kelas tercatat" in text and "Batalkan permintaan" in text

    assert "sudah tercatat" in page_text(client.get(_ask(client, world, "DATA-1", career).headers["Location"]))
    assert len(_demands(db, employee_id=world.siti.id)) == 1  # one active request per person and course

    html = client.get(_gaps(world)).get_data(as_text=True)
    withdraw = f'/katalog/{world.courses["DATA-1"].id}/permintaan-kelas/batal'
    at = html.index(f'action="{withdraw}"')
    assert "data-confirm=" in html[html.rindex("<form", 0, at):html.index(">", at)]  # asks before withdrawing
    client.post(withdraw, headers={"Referer": f"http://localhost{_gaps(world)}"})
    db.session.expire_all()
    assert [d.status for d in _demands(db, employee_id=world.siti.id)] == ["withdrawn"]
    assert client.post(withdraw).status_code == 404  # nothing active to withdraw
    _ask(client, world, "DATA-1", career)  # asking again after withdrawing is a new request
    assert [d.status for d in _demands(db, employee_id=world.siti.id)] == ["withdrawn", "active"]
    changes = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "course_demand")
                                 .order_by(AuditEntry.id)).all()
    assert changes == ["create", "update", "create"]


def test_a_request_is_refused_when_a_class_is_open_and_an_outside_referrer_is_not_followed(db, client, login,
                                                                                           world):
    login(world.siti_user)
    response = _ask(client, world, "ARS-1", "http://evil.example/phish")
    assert response.headers["Location"] == f"/katalog/{world.courses['ARS-1'].id}"
    assert "sudah dibuka untuk pendaftaran" in page_text(client.get(response.headers["Location"]))
    assert _demands(db) == []
    response = _ask(client, world, "DATA-1", "http://evil.example/phish")
    assert response.headers["Location"] == f"/katalog/{world.courses['DATA-1'].id}"
    assert "Permintaan kelas Anda tercatat" in page_text(client.get(response.headers["Location"]))


def test_no_request_while_a_class_is_announced_with_its_enrolment_to_come(db, client, login, world, make_workshop):
    later = make_workshop(world.courses["DATA-1"], first_day=TODAY + timedelta(days=45), batch="Angkatan Mendatang",
                          enrol_opens_on=TODAY + timedelta(days=5))
    login(world.siti_user)
    response = client.get(_gaps(world))
    assert "Angkatan Mendatang" in page_text(response) and "pendaftaran dibuka" in page_text(response)
    assert f'/katalog/{world.courses["DATA-1"].id}/permintaan-kelas"' not in response.text
    refused = client.get(_ask(client, world, "DATA-1", f"http://localhost{_gaps(world)}").headers["Location"])
    start = long_date(later.enrol_opens_on)
    assert f"Kelas {later.title} sudah dijadwalkan: pendaftarannya dibuka {start}." in page_text(refused)
    assert _demands(db) == []


def test_the_analysis_counts_requests_beside_the_need_and_hr_lists_and_exports_them(
        db, client, login, world, make_unit, make_employee, make_user):
    login(world.siti_user)
    _ask(client, world, "DATA-1", f"http://localhost{_gaps(world)}")
    client.post("/keluar")
    stranger = make_employee("Pegawai Dinas Lain", position=world.position, unit=make_unit("Dinas Lain"))
    login(make_user(employee=stranger))
    _ask(client, world, "DATA-1", "http://localhost/katalog")
    client.post("/keluar")

    needs = {need.course.code: need for need in training_needs(world.unit.id, TODAY, 25).needs}
    assert (needs["DATA-1"].people, needs["DATA-1"].requested) == (1, 1)  # Siti: in her plan and asked
    assert needs["ARS-1"].requested == 0
    assert {need.course.code: need.requested for need in training_needs(None, TODAY, 25).needs}["DATA-1"] == 2

    login(world.hr)
    assert "Permintaan kelas" in page_text(client.get(f"/analisis-kebutuhan-pelatihan?unit={world.unit.id}"))
    text = page_text(client.get(f"/analisis-kebutuhan-pelatihan/permintaan-kelas?unit={world.unit.id}"))
    assert "Pelatihan DATA-1" in text and "Siti Aminah" in text and "Pegawai Dinas Lain" not in text
    text = page_text(client.get("/analisis-kebutuhan-pelatihan/permintaan-kelas"))
    assert "Siti Aminah" in text and "Pegawai Dinas Lain" in text
    response = client.get(f"/analisis-kebutuhan-pelatihan/permintaan-kelas?unit={world.unit.id}&format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Kode pelatihan", "Pelatihan", "NIP", "Nama"]
    assert [(row[0], row[2], row[3]) for row in rows[1:]] == [("DATA-1", world.siti.nip, "Siti Aminah")]
    response = client.get("/analisis-kebutuhan-pelatihan/permintaan-kelas?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2" and sheet.max_row == 3
    export = client.get(f"/analisis-kebutuhan-pelatihan?unit={world.unit.id}&format=csv").get_data(as_text=True)
    header, *lines = list(csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";"))
    assert header[-2:] == ["Permintaan kelas", "Belum pelatihan wajib"]
    assert next(line for line in lines if line[1] == "DATA-1")[-2:] == ["1", "0"]


def test_opening_a_class_tells_the_people_who_asked_and_fulfils_their_requests(
        db, client, login, world, make_workshop, make_user, make_employee):
    login(world.siti_user)
    _ask(client, world, "DATA-1", "http://localhost/katalog")
    client.post("/keluar")
    trainer = make_user("employee", "trainer")
    first_day = TODAY + timedelta(days=40)
    reserved = make_workshop(world.courses["DATA-1"], status="draft", trainers=[trainer], first_day=first_day,
                             batch="Khusus Pengawas", eligible_position_kinds=["pengawas"])
    for_all = make_workshop(world.courses["DATA-1"], status="draft", trainers=[trainer], first_day=first_day,
                            batch="Angkatan Umum", enrol_opens_on=TODAY)
    login(world.hr)
    client.post(f"/diklat/kelas/{reserved.id}/status", data={"status": "open"})
    db.session.expire_all()
    [demand] = _demands(db, employee_id=world.siti.id)
    assert demand.status == "active"  # a class reserved for another position kind does not answer her request
    assert not db.session.scalars(select(Notification).where(Notification.user_id == world.siti_user.id)).all()

    client.post(f"/diklat/kelas/{for_all.id}/status", data={"status": "open"})
    db.session.expire_all()
    [demand] = _demands(db, employee_id=world.siti.id)
    assert demand.status == "fulfilled" and demand.workshop_id == for_all.id and demand.ended_at is not None
    [note] = db.session.scalars(select(Notification).where(Notification.user_id == world.siti_user.id)).all()
    assert "Pelatihan DATA-1" in note.message and "kini dibuka" in note.message
    assert note.link == f"/katalog/{world.courses['DATA-1'].id}"
    client.post("/keluar")
    login(world.siti_user)
    text = page_text(client.get(_gaps(world)))
    assert "Permintaan kelas tercatat" not in text and "Angkatan Umum" in text


def test_the_analysis_and_the_employee_page_count_open_seats_alike(db, client, login, world, make_workshop,
                                                                   make_enrolment, make_employee):
    """ARS-1 has an open class of 20 seats; a draft class of 30 and a class closed for enrolment are not open."""
    make_workshop(world.courses["ARS-1"], status="draft", capacity=30, first_day=TODAY + timedelta(days=60),
                  batch="Angkatan Draf")
    make_workshop(world.courses["ARS-1"], status="closed", capacity=15, first_day=TODAY + timedelta(days=5),
                  batch="Angkatan Tutup")
    make_enrolment(world.ars, make_employee("Peserta Lain"))
    page = {item.course.code: item for item in recommend(world.siti, TODAY).items}["ARS-1"].next_class.seats.left
    need = {need.course.code: need for need in training_needs(world.unit.id, TODAY, 25).needs}["ARS-1"]
    assert page == need.seats_left == 19 and need.classes == 1
    login(world.siti_user)
    assert "19 kursi tersisa" in page_text(client.get(_gaps(world)))
