"""The employee's catalogue: search and filters, a course's page, enrolling and withdrawing, my enrolments."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from competencies.models import Competency, Framework
from courses.catalogue import services
from courses.enrolment import services as enrolments
from courses.models import Course, Enrolment, Material, Workshop
from tests.helpers import page_text

TODAY = date.today()


@pytest.fixture
def framework(db):
    framework = Framework(code="UJI", name="Kerangka Uji", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    db.session.add(framework)
    db.session.commit()
    return framework


@pytest.fixture
def make_competency(db, framework):
    def factory(code: str = "K.01", name: str = "Pengelolaan Arsip") -> Competency:
        competency = Competency(framework=framework, code=code, name=name, type="teknis")
        db.session.add(competency)
        db.session.commit()
        return competency

    return factory


@pytest.fixture
def make_course(db):
    counter = iter(range(1, 10_000))

    def factory(title: str = "Manajemen Arsip Dinamis", status: str = "published", **fields) -> Course:
        values = {"code": f"PLT-{next(counter):03d}", "title": title, "hours_jp": 24, "modality": "pelatihan",
                  "provider": "BKPSDM Kota Medan", "description": "Pelatihan untuk pengelola arsip.",
                  "min_attendance_pct": 80, "pass_mark": 70.0, "status": status, **fields}
        course = services.create_course(None, **values)
        db.session.commit()
        return course

    return factory


@pytest.fixture
def make_workshop(db):
    counter = iter(range(1, 10_000))

    def factory(course: Course, status: str = "open", starts_in: int = 30, days: int = 2, capacity: int = 25,
                **fields) -> Workshop:
        values = {"batch": f"Angkatan {next(counter)}", "capacity": capacity,
                  "enrol_opens_on": TODAY - timedelta(days=10), "enrol_closes_on": TODAY + timedelta(days=10),
                  "venue": "Aula BKPSDM Kota Medan", **fields}
        workshop = services.create_workshop(None, course, status=status, **values)
        for day in range(days):
            services.add_session(None, workshop, TODAY + timedelta(days=starts_in + day), time(8), time(16),
                                 topic=f"Hari {day + 1}")
        db.session.commit()
        return workshop

    return factory


@pytest.fixture
def employee_user(make_user, make_employee):
    supervisor = make_employee("Kepala Seksi Uji", nip="198001012005011001")
    return make_user("employee", employee=make_employee("Ani Lubis", supervisor=supervisor))


def enrol(db, workshop: Workshop, employee, status: str | None = None) -> Enrolment:
    enrolment = enrolments.enrol(None, workshop, employee, nominated=True)
    if status:
        enrolment.status = status
    db.session.commit()
    return enrolment


# --- catalogue ---------------------------------------------------------------------------------------------

def test_the_catalogue_lists_published_courses_with_their_facts(client, login, employee_user, make_course,
                                                                make_workshop, make_competency, db):
    course = make_course("Manajemen Arsip Dinamis", provider="ANRI", hours_jp=32, modality="workshop")
    workshop = make_workshop(course, starts_in=20, capacity=20)
    for number in range(3):
        enrol(db, workshop, employee_user.employee if number == 0 else _colleague(db, number))
    services.set_course_competency(None, course, make_competency(), 1, 3)  # after the enrolments: none holds level 1
    make_course("Draf Rahasia", status="draft")
    make_course("Pelatihan Lama", status="archived")
    login(employee_user)
    text = page_text(client.get("/katalog"))
    assert "Manajemen Arsip Dinamis" in text and "32 JP" in text and "ANRI" in text and "Workshop" in text
    assert "Pengelolaan Arsip" in text and "level 1 → 3" in text
    assert workshop.starts_on.strftime("%Y") in text and "sisa 17 kursi dari 20" in text
    assert "Draf Rahasia" not in text and "Pelatihan Lama" not in text


def _colleague(db, number):
    from lms.people.models import Employee, Position
    position = db.session.scalars(select(Position)).first()
    employee = Employee(nip=f"19900101201501100{number}", name=f"Rekan {number}", employment_type="pns",
                        rank_code="III/a", position=position, unit=position.unit)
    db.session.add(employee)
    db.session.commit()
    return employee


@pytest.mark.parametrize(("query", "expected"), [
    ("arsip", {"Manajemen Arsip Dinamis"}),
    ("ARSIP dinamis", {"Manajemen Arsip Dinamis"}),
    ("PLT-002", {"Penyusunan SKP"}),
    ("kinerja", {"Penyusunan SKP"}),  # in the description
    ("arsip skp", set()),
])
def test_search_matches_every_word_in_title_code_or_description(client, login, employee_user, make_course, query,
                                                                 expected):
    make_course("Manajemen Arsip Dinamis")
    make_course("Penyusunan SKP", description="Sasaran kinerja pegawai.")
    login(employee_user)
    text = page_text(client.get("/katalog", query_string={"q": query}))
    assert {title for title in ("Manajemen Arsip Dinamis", "Penyusunan SKP") if title in text} == expected


def test_filters_by_competency_modality_provider_and_month(client, login, employee_user, make_course,
                                                          make_workshop, make_competency):
    archive, skp = make_competency("K.01", "Pengelolaan Arsip"), make_competency("K.02", "Penyusunan SKP")
    classroom = make_course("Arsip Klasikal", modality="pelatihan", provider="ANRI")
    online = make_course("Arsip Daring", modality="e_learning", provider="BKPSDM Kota Medan")
    coaching = make_course("Coaching SKP", modality="coaching", provider="BKPSDM Kota Medan")
    services.set_course_competency(None, classroom, archive, 0, 2)
    services.set_course_competency(None, online, archive, 0, 2)
    services.set_course_competency(None, coaching, skp, 1, 3)
    make_workshop(classroom, starts_in=5)
    make_workshop(online, starts_in=70)
    login(employee_user)

    def titles(**params) -> set[str]:
        text = page_text(client.get("/katalog", query_string=params))
        return {title for title in ("Arsip Klasikal", "Arsip Daring", "Coaching SKP") if title in text}

    assert titles(competency=archive.id) == {"Arsip Klasikal", "Arsip Daring"}
    assert titles(modality="klasikal") == {"Arsip Klasikal"}
    assert titles(modality="nonklasikal") == {"Arsip Daring", "Coaching SKP"}
    assert titles(modality="coaching") == {"Coaching SKP"}
    assert titles(provider="ANRI") == {"Arsip Klasikal"}
    assert titles(month=f"{TODAY + timedelta(days=70):%Y-%m}") == {"Arsip Daring"}  # 65 days apart: other months
    assert titles(month=f"{TODAY + timedelta(days=5):%Y-%m}") == {"Arsip Klasikal"}
    assert titles(month="bukan-bulan") == {"Arsip Klasikal", "Arsip Daring", "Coaching SKP"}


def test_the_catalogue_is_paginated(client, login, employee_user, make_course):
    for number in range(30):
        make_course(f"Pelatihan {number:02d}")
    login(employee_user)
    first, second = page_text(client.get("/katalog")), page_text(client.get("/katalog?page=2"))
    assert "Pelatihan 00" in first and "Pelatihan 24" in first and "Pelatihan 25" not in first
    assert "Pelatihan 25" in second and "Pelatihan 29" in second and "30 pelatihan" in second


def test_the_catalogue_runs_the_same_number_of_queries_for_3_or_30_courses(client, login, employee_user, make_course,
                                                                          make_workshop, make_competency,
                                                                          count_queries):
    competencies = [make_competency(f"K.{n:02d}", f"Kompetensi {n}") for n in range(3)]

    def add_courses(count: int) -> None:
        for _ in range(count):
            course = make_course()
            for competency in competencies:
                services.set_course_competency(None, course, competency, 0, 2)
            make_workshop(course)

    login(employee_user)
    add_courses(3)
    with count_queries() as few:
        assert client.get("/katalog").status_code == 200
    add_courses(27)
    with count_queries() as many:
        assert client.get("/katalog").status_code == 200
    assert len(many) == len(few) <= 15


# --- a course's page ---------------------------------------------------------------------------------------

def test_the_course_page_shows_criteria_competencies_prerequisites_and_open_workshops(
        client, login, employee_user, make_course, make_workshop, make_competency, db):
    basic = make_course("Arsip Dasar")
    course = make_course("Manajemen Arsip Dinamis", description="Mengelola arsip aktif dan inaktif.", pass_mark=75.0,
                         min_attendance_pct=90, certificate_validity_years=3)
    services.set_course_competency(None, course, make_competency(), 2, 3)
    services.set_course_prerequisite(None, course, basic)
    open_workshop = make_workshop(course, starts_in=15, days=3, capacity=2, requires_approval=True,
                                  venue="Aula BKPSDM Kota Medan, Jl. Kapten Maraden Panjaitan No. 1")
    make_workshop(course, status="draft", batch="Angkatan Draf")
    make_workshop(course, status="proposed", batch="Angkatan Usulan")
    services.cancel_workshop(None, make_workshop(course, batch="Angkatan Batal"), "Narasumber berhalangan")
    db.session.commit()
    login(employee_user)
    text = page_text(client.get(f"/katalog/{course.id}"))
    assert "Mengelola arsip aktif dan inaktif." in text
    assert "Kehadiran paling sedikit 90% sesi" in text and "Nilai post-test paling sedikit 75" in text
    assert "Berlaku 3 tahun" in text
    assert "Pengelolaan Arsip" in text and "level 2 → 3" in text
    assert "Arsip Dasar" in text
    assert open_workshop.batch in text and "Jl. Kapten Maraden Panjaitan No. 1" in text and "3 sesi" in text
    assert "sisa 2 kursi dari 2" in text and "perlu persetujuan atasan langsung" in text
    # No button that would fail after the click: the enrolment rule's own reason instead.
    assert "Belum dapat mendaftar: Prasyarat belum dipenuhi: selesaikan dahulu pelatihan Arsip Dasar." in text
    assert f"/katalog/kelas/{open_workshop.id}/daftar" not in client.get(f"/katalog/{course.id}").get_data(as_text=True)
    assert "Angkatan Draf" not in text and "Angkatan Usulan" not in text and "Angkatan Batal" not in text


def test_a_draft_course_is_hidden_from_employees_but_not_from_hr(client, login, employee_user, make_user,
                                                                 make_course):
    draft = make_course("Draf", status="draft")
    login(employee_user)
    assert client.get(f"/katalog/{draft.id}").status_code == 404
    assert client.get("/katalog/999999").status_code == 404
    client.post("/keluar")
    login(make_user("employee", "hr"))
    assert client.get(f"/katalog/{draft.id}").status_code == 200


def test_a_user_without_employee_record_sees_the_catalogue_but_cannot_enrol(client, login, make_user, make_course,
                                                                            make_workshop):
    workshop = make_workshop(make_course())
    admin = make_user("admin", with_employee=False, email="admin@medan.go.id")
    login(admin)
    assert client.get("/katalog").status_code == 200
    text = page_text(client.get(f"/katalog/{workshop.course_id}"))
    assert "tidak dapat mendaftar" in text and "Daftar " not in text.replace("Daftar tunggu", "")
    assert client.post(f"/katalog/kelas/{workshop.id}/daftar").status_code == 403
    assert client.get("/pelatihan-saya").status_code == 302


# --- enrolling and withdrawing -----------------------------------------------------------------------------

def test_enrolling_takes_a_seat_and_shows_the_status_and_a_withdraw_button(client, login, employee_user, make_course,
                                                                           make_workshop, db):
    workshop = make_workshop(make_course())
    login(employee_user)
    response = client.post(f"/katalog/kelas/{workshop.id}/daftar")
    assert response.status_code == 302 and response.headers["Location"] == f"/katalog/{workshop.course_id}"
    enrolment = db.session.scalar(select(Enrolment))
    assert (enrolment.employee_id, enrolment.status) == (employee_user.employee_id, "enrolled")
    page = client.get(f"/katalog/{workshop.course_id}")
    text = page_text(page)
    assert "Anda terdaftar sebagai peserta" in text and "Status Anda: Terdaftar" in text
    html = page.get_data(as_text=True)
    assert f"/pelatihan-saya/{enrolment.id}/mundur" in html and "data-confirm=" in html


def test_a_full_workshop_puts_the_employee_on_the_waitlist_with_a_position(client, login, employee_user, make_course,
                                                                           make_workshop, db):
    workshop = make_workshop(make_course(), capacity=1)
    enrol(db, workshop, _colleague(db, 1))
    enrol(db, workshop, _colleague(db, 2))
    login(employee_user)
    client.post(f"/katalog/kelas/{workshop.id}/daftar")
    text = page_text(client.get(f"/katalog/{workshop.course_id}"))
    assert "daftar tunggu nomor 2" in text and "Daftar tunggu nomor 2" in text
    assert "penuh" in text and "daftar tunggu 2 orang" in text
    assert "Daftar tunggu nomor 2" in page_text(client.get("/pelatihan-saya"))


def test_a_workshop_needing_approval_waits_for_the_supervisor(client, login, employee_user, make_course,
                                                             make_workshop, db):
    workshop = make_workshop(make_course(), requires_approval=True)
    login(employee_user)
    client.post(f"/katalog/kelas/{workshop.id}/daftar")
    assert db.session.scalar(select(Enrolment.status)) == "awaiting_approval"
    assert "Menunggu persetujuan atasan" in page_text(client.get("/pelatihan-saya"))


def test_a_refused_enrolment_shows_why(client, login, employee_user, make_course, make_workshop, db):
    workshop = make_workshop(make_course(), enrol_opens_on=TODAY - timedelta(days=20),
                             enrol_closes_on=TODAY - timedelta(days=1))
    login(employee_user)
    response = client.post(f"/katalog/kelas/{workshop.id}/daftar", follow_redirects=True)
    assert "Pendaftaran kelas ini ditutup" in page_text(response)
    assert db.session.scalar(select(Enrolment)) is None
    assert "Belum dapat mendaftar: Pendaftaran kelas ini ditutup" in page_text(response)  # the page says why


@pytest.mark.parametrize("status", ["draft", "proposed"])
def test_hidden_workshops_cannot_be_enrolled_in(client, login, employee_user, make_course, make_workshop, status):
    workshop = make_workshop(make_course(), status=status)
    login(employee_user)
    assert client.post(f"/katalog/kelas/{workshop.id}/daftar").status_code == 404


def test_withdrawing_frees_the_seat_after_confirmation(client, login, employee_user, make_course, make_workshop, db):
    workshop = make_workshop(make_course(), capacity=1)
    mine = enrol(db, workshop, employee_user.employee)
    waiting = enrol(db, workshop, _colleague(db, 1))
    login(employee_user)
    html = client.get("/pelatihan-saya").get_data(as_text=True)
    assert f'action="/pelatihan-saya/{mine.id}/mundur"' in html and "data-confirm=" in html
    response = client.post(f"/pelatihan-saya/{mine.id}/mundur", follow_redirects=True)
    assert "Anda mengundurkan diri dari" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Enrolment, mine.id).status == "withdrawn"
    assert db.session.get(Enrolment, waiting.id).status == "enrolled"
    text = page_text(client.get("/pelatihan-saya"))
    assert "Mengundurkan diri" in text and f"/pelatihan-saya/{mine.id}/mundur" not in client.get(
        "/pelatihan-saya").get_data(as_text=True)


def test_nobody_withdraws_someone_elses_enrolment(client, login, employee_user, make_course, make_workshop, db):
    workshop = make_workshop(make_course())
    other = enrol(db, workshop, _colleague(db, 1))
    login(employee_user)
    assert client.post(f"/pelatihan-saya/{other.id}/mundur").status_code == 403
    assert client.post("/pelatihan-saya/999999/mundur").status_code == 404
    db.session.expire_all()
    assert db.session.get(Enrolment, other.id).status == "enrolled"


def test_my_enrolments_list_states_dates_and_materials(client, login, employee_user, make_course, make_workshop, db):
    taken = make_workshop(make_course("Penyusunan SKP"), starts_in=40)
    waiting = make_workshop(make_course("Literasi Digital"), starts_in=60)
    mine = enrol(db, taken, employee_user.employee)
    enrol(db, waiting, employee_user.employee, status="rejected")
    db.session.add_all([Material(workshop_id=taken.id, title="Modul SKP", kind="module",
                                 url="https://contoh.medan.go.id/modul-skp.pdf"),
                        Material(workshop_id=taken.id, title="Bahan Tayang Hari 1", kind="slides",
                                 filename="hari-1.pdf", content_type="application/pdf", content=b"%PDF-1.4", size=8),
                        Material(workshop_id=waiting.id, title="Modul Rahasia", kind="module",
                                 url="https://contoh.medan.go.id/rahasia.pdf")])
    db.session.commit()
    login(employee_user)
    response = client.get("/pelatihan-saya")
    text = page_text(response)
    assert "Penyusunan SKP" in text and "Terdaftar" in text and "Literasi Digital" in text and "Ditolak" in text
    assert taken.starts_on.strftime("%Y") in text
    assert "Modul SKP" in text and "Modul Rahasia" not in text
    html = response.get_data(as_text=True)
    assert f"/pelatihan-saya/{mine.id}/mundur" in html and html.count("/mundur") == 1
    slides = db.session.scalar(select(Material.id).where(Material.title == "Bahan Tayang Hari 1"))
    assert f"/pengajar/kelas/{taken.id}/materi/{slides}" in html
