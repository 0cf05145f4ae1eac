"""Trainer screens: my workshops, a workshop's sessions and settings, the roster, proposals, and who may open them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from courses.models import Enrolment, Workshop, WorkshopSession
from tests.helpers import page_text


@pytest.fixture
def trainer(make_user, make_employee):
    return make_user("trainer", employee=make_employee("Dr. Sari Widyaiswara"))


@pytest.fixture
def workshop(db, trainer, make_course, make_workshop):
    return make_workshop(course=make_course(title="Pelayanan Publik Prima"), trainers=[trainer],
                         capacity=2, sessions=2, batch="Angkatan III")


def _urls(workshop) -> list[tuple[str, str]]:
    session = workshop.sessions[0]
    base = f"/pengajar/kelas/{workshop.id}"
    return [("get", base), ("get", f"{base}/peserta"), ("get", f"{base}/presensi"),
            ("get", f"{base}/sesi/{session.id}/presensi"), ("get", f"{base}/nilai"), ("get", f"{base}/materi"),
            ("get", f"{base}/daftar-hadir.pdf"), ("get", f"{base}/nilai/templat.csv"),
            ("get", f"{base}/sesi/{session.id}/ubah"), ("post", f"{base}/pengaturan"), ("post", f"{base}/sesi"),
            ("post", f"{base}/sesi/{session.id}/hapus"), ("post", f"{base}/sesi/{session.id}/presensi/semua-hadir"),
            ("post", f"{base}/nilai"), ("post", f"{base}/materi/tautan")]


def test_another_trainer_cannot_open_or_change_the_workshop(db, client, login, make_user, workshop):
    login(make_user("trainer"))
    for method, url in _urls(workshop):
        assert getattr(client, method)(url).status_code == 403, url
    assert db.session.scalar(select(WorkshopSession.id).where(WorkshopSession.workshop_id == workshop.id)) is not None


def test_an_employee_cannot_open_the_trainer_screens(client, login, make_user, workshop):
    login(make_user("employee"))
    assert client.get("/pengajar/").status_code == 403
    assert client.get(f"/pengajar/kelas/{workshop.id}").status_code == 403


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admins_open_any_workshop(client, login, make_user, workshop, role):
    login(make_user(role))
    for method, url in _urls(workshop):
        if method == "get":
            assert client.get(url).status_code in (200, 302), url


def test_my_workshops_lists_upcoming_first_then_past(db, client, login, trainer, make_user, make_course,
                                                     make_enrolment, make_workshop):
    course = make_course(title="Manajemen Arsip Digital")
    make_workshop(course=course, trainers=[trainer], batch="Angkatan Lalu", status="completed",
                  first_day=date.today() - timedelta(days=40))
    later = make_workshop(course=course, trainers=[trainer], batch="Angkatan Depan", capacity=25,
                          first_day=date.today() + timedelta(days=20))
    make_workshop(course=course, trainers=[trainer], batch="Angkatan Besok",
                  first_day=date.today() + timedelta(days=1))
    make_workshop(course=course, trainers=[make_user("trainer")], batch="Angkatan Orang Lain")
    make_enrolment(later, make_user().employee)
    login(trainer)
    text = page_text(client.get("/pengajar/"))
    assert text.index("Angkatan Besok") < text.index("Angkatan Depan") < text.index("Angkatan Lalu")
    assert "Angkatan Orang Lain" not in text
    assert "1 / 25" in text


def test_the_workshop_page_shows_sessions_and_adds_one(db, client, login, trainer, workshop):
    login(trainer)
    assert "Sesi 2" in page_text(client.get(f"/pengajar/kelas/{workshop.id}"))
    day = date.today() + timedelta(days=5)
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi", data={
        "session_date": day.isoformat(), "starts_at": "13:00", "ends_at": "15:30", "topic": "Studi kasus"})
    assert response.status_code == 302
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert [session.topic for session in workshop.sessions][-1] == "Studi kasus"
    assert workshop.ends_on == day


@pytest.mark.parametrize(("data", "message"), [
    ({"session_date": "", "starts_at": "08:00", "ends_at": "10:00"}, "Isi tanggal sesi."),
    ({"session_date": "2026-12-01", "starts_at": "10:00", "ends_at": "09:00"}, "Jam selesai harus setelah jam mulai."),
    ({"session_date": "2026-12-01", "starts_at": "08:00", "ends_at": "09:00", "online_link": "zoom"},
     "Tautan tidak valid."),
])
def test_an_invalid_session_is_refused_beside_its_field(client, login, trainer, workshop, data, message):
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi", data=data)
    assert response.status_code == 422
    assert message in page_text(response)


def test_an_overlapping_session_is_refused_by_the_service(client, login, trainer, workshop):
    login(trainer)
    first = workshop.sessions[0]
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi", data={
        "session_date": first.session_date.isoformat(), "starts_at": "09:00", "ends_at": "10:00"})
    assert response.status_code == 422
    assert "bertumpuk" in page_text(response)


def test_a_session_is_edited_and_deleted(db, client, login, trainer, workshop):
    login(trainer)
    session = workshop.sessions[1]
    session_id = session.id
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi/{session_id}/ubah", data={
        "session_date": session.session_date.isoformat(), "starts_at": "13:00", "ends_at": "16:00",
        "topic": "Evaluasi", "venue": "Ruang Rapat II"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkshopSession, session_id).venue == "Ruang Rapat II"
    assert client.post(f"/pengajar/kelas/{workshop.id}/sesi/{session_id}/hapus").status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkshopSession, session_id) is None


def test_a_session_of_another_workshop_is_not_found(db, client, login, trainer, workshop, make_workshop):
    other = make_workshop(trainers=[trainer])
    login(trainer)
    assert client.get(f"/pengajar/kelas/{workshop.id}/sesi/{other.sessions[0].id}/ubah").status_code == 404


def test_raising_the_capacity_promotes_the_waitlist(db, client, login, trainer, workshop, make_employee,
                                                    make_enrolment):
    for name in ("Ani", "Budi"):
        make_enrolment(workshop, make_employee(name))
    waiting = make_enrolment(workshop, make_employee("Citra"), status="waitlisted")
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/pengaturan", data={
        "capacity": "3", "enrol_opens_on": workshop.enrol_opens_on.isoformat(),
        "enrol_closes_on": workshop.enrol_closes_on.isoformat(), "venue": "Aula Lantai 3", "online_link": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Enrolment, waiting.id).status == "enrolled"
    assert db.session.get(Workshop, workshop.id).venue == "Aula Lantai 3"


def test_capacity_below_the_enrolled_count_is_refused(db, client, login, trainer, workshop, make_employee,
                                                      make_enrolment):
    for name in ("Ani", "Budi"):
        make_enrolment(workshop, make_employee(name))
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/pengaturan", data={
        "capacity": "1", "enrol_opens_on": workshop.enrol_opens_on.isoformat(),
        "enrol_closes_on": workshop.enrol_closes_on.isoformat()})
    assert response.status_code == 422
    assert "Kapasitas tidak boleh kurang dari jumlah peserta terdaftar" in page_text(response)


def test_the_roster_lists_participants_then_the_waitlist_in_order(db, client, login, trainer, workshop,
                                                                  make_employee, make_enrolment):
    make_enrolment(workshop, make_employee("Zulkifli Nasution"))
    make_enrolment(workshop, make_employee("Ani Lubis"))
    make_enrolment(workshop, make_employee("Yusuf Harahap"), status="waitlisted")
    make_enrolment(workshop, make_employee("Bima Sitorus"), status="waitlisted")
    make_enrolment(workshop, make_employee("Dedi Ginting"), status="withdrawn")
    login(trainer)
    text = page_text(client.get(f"/pengajar/kelas/{workshop.id}/peserta"))
    assert text.index("Ani Lubis") < text.index("Zulkifli Nasution") < text.index("Yusuf Harahap") \
        < text.index("Bima Sitorus")
    assert "Daftar tunggu #1" in text and "Daftar tunggu #2" in text
    assert "Dedi Ginting" not in text


def test_roster_and_attendance_pages_cost_the_same_queries_for_3_and_30(db, client, login, trainer, make_unit,
                                                                       make_position, make_employee,
                                                                       count_queries, make_enrolment, make_workshop):
    def queries_for(size: int) -> tuple[int, int]:
        workshop = make_workshop(trainers=[trainer], capacity=size)
        for number in range(size):
            unit = make_unit(f"Unit {size}-{number}")
            employee = make_employee(f"Peserta {number}", position=make_position(f"Jabatan {number}", unit=unit))
            make_enrolment(workshop, employee)
        counts = []
        for url in (f"/pengajar/kelas/{workshop.id}/peserta",
                    f"/pengajar/kelas/{workshop.id}/sesi/{workshop.sessions[0].id}/presensi"):
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return tuple(counts)

    login(trainer)
    assert queries_for(3) == queries_for(30)


def test_a_trainer_proposes_a_workshop_of_a_course_they_teach(db, client, login, trainer, make_course):
    course = make_course(title="Etika Pelayanan", trainers=[trainer])
    login(trainer)
    assert "Etika Pelayanan" in page_text(client.get("/pengajar/"))
    opens = date.today() + timedelta(days=10)
    response = client.post(f"/pengajar/pelatihan/{course.id}/usulkan", data={
        "batch": "Angkatan Usulan", "capacity": "20", "enrol_opens_on": opens.isoformat(),
        "enrol_closes_on": (opens + timedelta(days=7)).isoformat(), "venue": "Aula", "note": "Permintaan OPD"})
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop).where(Workshop.batch == "Angkatan Usulan"))
    assert (workshop.status, workshop.note, workshop.proposed_by_id) == ("proposed", "Permintaan OPD", trainer.id)
    assert "Diusulkan" in page_text(client.get("/pengajar/"))


def test_an_invalid_proposal_is_shown_again_with_errors(db, client, login, trainer, make_course):
    course = make_course(trainers=[trainer])
    login(trainer)
    response = client.post(f"/pengajar/pelatihan/{course.id}/usulkan", data={
        "batch": "", "capacity": "0", "enrol_opens_on": "2026-05-10", "enrol_closes_on": "2026-05-01"})
    assert response.status_code == 422
    text = page_text(response)
    assert "Isi nama angkatan." in text
    assert "Tanggal tutup pendaftaran tidak boleh sebelum tanggal buka." in text


def test_a_trainer_cannot_propose_for_a_course_they_do_not_teach(db, client, login, trainer, make_course):
    course = make_course(trainers=[])
    login(trainer)
    assert client.get(f"/pengajar/pelatihan/{course.id}/usulkan").status_code == 403
