"""HR manages the catalogue and workshops: courses with their competencies and prerequisite courses (no cycles),
workshops with trainers and a status life, and trainers' proposals."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from competencies.models import Competency, CompetencyLevel, Framework
from courses.catalogue import services
from courses.models import Course, CourseCompetency, Workshop
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.notifications.models import Notification
from tests.helpers import page_text

TODAY = date.today()


@pytest.fixture
def hr(make_user):
    return make_user("hr", with_employee=False, email="sdm@example.go.id")


@pytest.fixture
def trainer(make_user):
    return make_user("trainer", with_employee=False, email="pengajar@example.go.id")


@pytest.fixture
def competency(db):
    framework = Framework(code="TEKNIS", name="Kompetensi Teknis", scale=["1", "2", "3"], proficient_level=2)
    competency = Competency(framework=framework, code="ADMDUK", name="Administrasi Kependudukan", type="teknis",
                            levels=[CompetencyLevel(level=n) for n in (1, 2, 3)])
    db.session.add(competency)
    db.session.commit()
    return competency


COURSE_FORM = {"code": "PP-01", "title": "Pelayanan Prima", "description": "Standar pelayanan publik",
               "hours_jp": "24", "modality": "pelatihan", "provider": "BKPSDM Kota Medan",
               "min_attendance_pct": "80", "pass_mark": "70", "certificate_validity_years": "", "status": "published"}


def test_hr_creates_a_course_and_finds_it_in_the_list(client, login, db, hr):
    login(hr)
    response = client.post("/diklat/pelatihan/baru", data=COURSE_FORM, follow_redirects=True)
    assert "Pelatihan Pelayanan Prima ditambahkan." in page_text(response)
    course = db.session.scalar(select(Course))
    assert (course.hours_jp, course.pass_mark, course.certificate_validity_years) == (24, 70, None)
    assert "PP-01" in page_text(client.get("/diklat/pelatihan?q=prima"))
    assert "PP-01" not in page_text(client.get("/diklat/pelatihan?q=prima&status=draft"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("hours_jp", "0", "Angka harus antara 1 dan 1000."),
    ("min_attendance_pct", "120", "100"),
    ("pass_mark", "101", "100"),
    ("title", "", "Isi judul pelatihan."),
])
def test_a_bad_course_form_is_refused_beside_the_field(client, login, db, hr, field, value, message):
    login(hr)
    response = client.post("/diklat/pelatihan/baru", data={**COURSE_FORM, field: value})
    assert response.status_code == 422
    assert message in page_text(response)
    assert db.session.scalar(select(Course.id)) is None


def test_hr_marks_the_post_test_as_a_competency_test_which_needs_a_pass_mark(client, login, db, hr):
    login(hr)
    response = client.post("/diklat/pelatihan/baru", data={**COURSE_FORM, "pass_mark": "", "competency_test": "y"})
    assert response.status_code == 422
    assert "Uji kompetensi memerlukan nilai lulus post-test." in page_text(response)
    response = client.post("/diklat/pelatihan/baru", data={**COURSE_FORM, "competency_test": "y"},
                           follow_redirects=True)
    assert "Post-test adalah uji kompetensi: peserta yang lulus naik ke level yang diberikan." in page_text(response)
    assert db.session.scalar(select(Course.competency_test)) is True
    course_id = db.session.scalar(select(Course.id))
    client.post(f"/diklat/pelatihan/{course_id}/ubah", data=COURSE_FORM)  # the box left unticked
    db.session.expire_all()
    assert db.session.scalar(select(Course.competency_test)) is False
    assert "Tanpa uji kompetensi: pelatihan ini menambah JP dan sertifikat" in page_text(
        client.get(f"/diklat/pelatihan/{course_id}"))


def test_hr_files_a_course_under_a_siasn_kind_and_structural_training_needs_its_latihan(client, login, db, hr):
    login(hr)
    response = client.post("/diklat/pelatihan/baru", data={**COURSE_FORM, "siasn_kind_id": "1"})
    assert response.status_code == 422
    assert "Pilih jenis latihan struktural untuk Diklat Struktural." in page_text(response)
    response = client.post("/diklat/pelatihan/baru", data={**COURSE_FORM, "siasn_kind_id": "1",
                                                            "structural_kind_id": "3"}, follow_redirects=True)
    assert "Jenis diklat SIASN: Diklat Struktural – SEPADYA/SPAMA/DIKLAT PIM TK. III." in page_text(response)
    assert db.session.execute(select(Course.siasn_kind_id, Course.structural_kind_id)).one() == (1, 3)


def test_a_duplicate_course_code_is_refused(client, login, db, hr, make_course):
    make_course(code="PP-01")
    login(hr)
    response = client.post("/diklat/pelatihan/baru", data={**COURSE_FORM, "code": "pp-01"})
    assert response.status_code == 422 and "Kode ini sudah dipakai" in page_text(response)


def test_course_competency_levels_follow_the_framework_scale(db, hr, competency, make_course):
    course = make_course()
    with pytest.raises(DomainError, match="antara 1 dan 3"):
        services.set_course_competency(hr, course, competency, 0, 4)
    with pytest.raises(DomainError, match="Level awal harus lebih rendah"):
        services.set_course_competency(hr, course, competency, 2, 2)
    services.set_course_competency(hr, course, competency, 1, 3)
    db.session.commit()
    row = db.session.scalar(select(CourseCompetency))
    assert (row.entry_level, row.granted_level) == (1, 3)


def test_hr_adds_a_competency_on_the_course_page(client, login, db, hr, competency, make_course):
    course = make_course()
    login(hr)
    response = client.post(f"/diklat/pelatihan/{course.id}/kompetensi",
                           data={"competency_id": competency.id, "entry_level": "0", "granted_level": "2"},
                           follow_redirects=True)
    assert "Kompetensi Administrasi Kependudukan disimpan." in page_text(response)
    response = client.post(f"/diklat/pelatihan/{course.id}/kompetensi",
                           data={"competency_id": competency.id, "entry_level": "2", "granted_level": "1"})
    assert response.status_code == 422 and "Level awal harus lebih rendah" in page_text(response)


def test_a_prerequisite_cycle_is_refused_and_named(client, login, db, hr, make_course):
    basic, advanced, expert = (make_course(title=title) for title in ("Dasar", "Lanjutan", "Mahir"))
    services.set_course_prerequisite(hr, advanced, basic)
    services.set_course_prerequisite(hr, expert, advanced)
    db.session.commit()
    login(hr)
    response = client.post(f"/diklat/pelatihan/{basic.id}/prasyarat", data={"required_course_id": expert.id})
    assert response.status_code == 422
    assert "Prasyarat ini membentuk siklus: Dasar -> Mahir -> Lanjutan -> Dasar." in page_text(response)
    with pytest.raises(DomainError, match="dirinya sendiri"):
        services.set_course_prerequisite(hr, basic, basic)


def test_a_workshop_opens_only_with_a_published_course_a_session_and_a_trainer(db, hr, trainer, make_course):
    course = make_course(status="draft")
    workshop = services.create_workshop(hr, course, batch="Angkatan I", capacity=25, enrol_opens_on=TODAY,
                                        enrol_closes_on=TODAY + timedelta(days=7))
    with pytest.raises(DomainError, match="Terbitkan pelatihan"):
        services.set_workshop_status(hr, workshop, "open")
    course.status = "published"
    with pytest.raises(DomainError, match="paling sedikit satu sesi"):
        services.set_workshop_status(hr, workshop, "open")
    services.add_session(hr, workshop, TODAY + timedelta(days=10), time(8), time(12))
    with pytest.raises(DomainError, match="paling sedikit satu pengajar"):
        services.set_workshop_status(hr, workshop, "open")
    services.set_workshop_trainers(hr, workshop, [trainer])
    services.set_workshop_status(hr, workshop, "open")
    assert workshop.status == "open" and trainer in course.trainers
    with pytest.raises(DomainError, match="dari Pendaftaran dibuka menjadi Selesai"):
        services.set_workshop_status(hr, workshop, "completed")


def test_sessions_keep_the_workshop_dates_and_refuse_overlaps(db, hr, make_workshop):
    workshop = make_workshop(sessions=0, status="draft")
    first = services.add_session(hr, workshop, TODAY + timedelta(days=3), time(8), time(12))
    services.add_session(hr, workshop, TODAY + timedelta(days=5), time(8), time(12))
    assert (workshop.starts_on, workshop.ends_on) == (TODAY + timedelta(days=3), TODAY + timedelta(days=5))
    with pytest.raises(DomainError, match="bertumpuk"):
        services.add_session(hr, workshop, TODAY + timedelta(days=3), time(11), time(14))
    with pytest.raises(DomainError, match="Jam selesai harus setelah jam mulai"):
        services.add_session(hr, workshop, TODAY + timedelta(days=4), time(12), time(8))
    services.delete_session(hr, first)
    assert workshop.starts_on == TODAY + timedelta(days=5)


def test_only_trainers_can_be_assigned(db, hr, make_user, make_workshop):
    workshop = make_workshop(status="draft")
    with pytest.raises(DomainError, match="tidak memiliki peran pengajar"):
        services.set_workshop_trainers(hr, workshop, [make_user("employee")])


def test_an_assigned_trainer_is_told(db, hr, trainer, make_workshop):
    workshop = make_workshop(status="draft")
    services.set_workshop_trainers(hr, workshop, [trainer])
    db.session.commit()
    note = db.session.scalar(select(Notification).where(Notification.user_id == trainer.id))
    assert "Anda ditugaskan sebagai pengajar" in note.message
    assert note.link == f"/pengajar/kelas/{workshop.id}"


def test_hr_opens_enrolment_from_the_workshop_page(client, login, db, hr, trainer, make_workshop):
    workshop = make_workshop(status="draft", trainers=[trainer], first_day=TODAY + timedelta(days=20))
    login(hr)
    page = page_text(client.get(f"/diklat/kelas/{workshop.id}"))
    assert "Buka pendaftaran" in page
    response = client.post(f"/diklat/kelas/{workshop.id}/status", data={"status": "open"}, follow_redirects=True)
    assert "Status kelas kini: Pendaftaran dibuka." in page_text(response)
    response = client.post(f"/diklat/kelas/{workshop.id}/status", data={"status": "completed"},
                           follow_redirects=True)
    assert "tidak dapat diubah" in page_text(response)
    db.session.refresh(workshop)
    assert workshop.status == "open"


def test_a_trainer_proposal_is_approved_by_hr(client, login, db, hr, trainer, make_course):
    course = make_course(trainers=[trainer])
    workshop = services.propose_workshop(trainer, course, batch="Angkatan Khusus", capacity=20,
                                         enrol_opens_on=TODAY, enrol_closes_on=TODAY + timedelta(days=10),
                                         note="Permintaan Dinas Kesehatan")
    db.session.commit()
    login(hr)
    assert "Permintaan Dinas Kesehatan" in page_text(client.get("/diklat/usulan"))
    client.post(f"/diklat/usulan/{workshop.id}/setujui")
    db.session.refresh(workshop)
    assert workshop.status == "draft" and workshop.trainers == [trainer]
    assert db.session.scalar(select(Notification.message).where(Notification.user_id == trainer.id)) \
        .startswith("Usulan kelas Pelayanan Publik Prima – Angkatan Khusus disetujui")


def test_a_rejected_proposal_needs_a_reason(client, login, db, hr, trainer, make_course):
    course = make_course(trainers=[trainer])
    workshop = services.propose_workshop(trainer, course, batch="Angkatan Khusus", capacity=20,
                                         enrol_opens_on=TODAY, enrol_closes_on=TODAY + timedelta(days=10))
    db.session.commit()
    login(hr)
    client.post(f"/diklat/usulan/{workshop.id}/tolak", data={"reason": ""})
    db.session.refresh(workshop)
    assert workshop.status == "proposed"
    client.post(f"/diklat/usulan/{workshop.id}/tolak", data={"reason": "Anggaran tidak tersedia"})
    db.session.refresh(workshop)
    assert (workshop.status, workshop.note) == ("cancelled", "Anggaran tidak tersedia")


def test_only_a_trainer_of_the_course_may_propose(db, make_user, make_course):
    course = make_course()
    with pytest.raises(DomainError, match="Hanya pengajar pelatihan ini"):
        services.propose_workshop(make_user("trainer"), course, batch="X", capacity=10, enrol_opens_on=TODAY,
                                  enrol_closes_on=TODAY)


def test_course_and_workshop_changes_are_audited(db, hr, make_course):
    course = make_course()
    services.update_course(hr, course, hours_jp=32)
    workshop = services.create_workshop(hr, course, batch="Angkatan I", capacity=30, enrol_opens_on=TODAY,
                                        enrol_closes_on=TODAY)
    services.update_workshop(hr, workshop, venue="Aula Kantor Wali Kota Medan")
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(entry.entity_type, entry.action) for entry in entries] == [
        ("course", "update"), ("workshop", "create"), ("workshop", "update")]
    assert entries[0].changes == {"hours_jp": [16, 32]}
    assert db.session.scalar(select(Workshop.venue)) == "Aula Kantor Wali Kota Medan"


def test_hr_lists_every_class_by_status_and_month(client, login, db, hr, count_queries, make_workshop):
    for number in range(3):
        make_workshop(batch=f"Angkatan {number + 1}", status="open", first_day=date(2027, 3, 1 + number))
    make_workshop(batch="Angkatan April", status="draft", first_day=date(2027, 4, 2))
    login(hr)
    text = page_text(client.get("/diklat/kelas?month=2027-03"))
    assert "Angkatan 3" in text and "Angkatan April" not in text
    text = page_text(client.get("/diklat/kelas?status=draft"))
    assert "Angkatan April" in text and "Angkatan 1" not in text
    with count_queries() as few:
        client.get("/diklat/kelas")
    for number in range(10):
        make_workshop(batch=f"Tambahan {number}")
    with count_queries() as many:
        client.get("/diklat/kelas")
    assert len(many) == len(few)
