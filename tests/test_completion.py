"""Closing a workshop: outcomes from the course's criteria, trainer overrides with reasons, what a completion
issues (evidence, training record, certificate, JP), idempotency and a failure half-way, and HR's reopening."""

import time
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from competencies import ledger
from competencies.models import Competency, CompetencyLevel, CurrentLevel, Evidence, Framework
from courses.certificates import services as certificates
from courses.completion import services as completion
from courses.models import Attendance, Certificate, CourseCompetency, Enrolment, TrainingRecord, WorkshopSession
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from tests.helpers import page_text

TODAY = date.today()


@pytest.fixture
def trainer(make_user):
    return make_user("trainer", with_employee=False, email="pengajar@example.go.id")


@pytest.fixture
def hr(make_user):
    return make_user("hr", with_employee=False, email="sdm@example.go.id")


@pytest.fixture
def competency(db):
    framework = Framework(code="TEKNIS", name="Kompetensi Teknis", scale=["1", "2", "3", "4", "5"],
                          proficient_level=3)
    competency = Competency(framework=framework, code="ADMDUK", name="Administrasi Kependudukan", type="teknis",
                            levels=[CompetencyLevel(level=n) for n in range(1, 6)])
    db.session.add(competency)
    db.session.commit()
    return competency


@pytest.fixture
def running(db, trainer, competency, make_course, make_workshop):
    """A finished two-session class (pass: 80% attendance and post-test 70) that develops ADMDUK up to 3."""
    def factory(capacity: int = 40):
        course = make_course(title="Administrasi Kependudukan Dasar", hours_jp=24, pass_mark=70,
                             min_attendance_pct=80, certificate_validity_years=3)
        db.session.add(CourseCompetency(course=course, competency=competency, entry_level=0, granted_level=3))
        workshop = make_workshop(course=course, trainers=[trainer], sessions=2, status="running",
                                 capacity=capacity, first_day=TODAY - timedelta(days=3))
        return workshop

    return factory


def attend(db, enrolment, statuses: list[str], post_score: float | None) -> None:
    sessions = db.session.scalars(select(WorkshopSession).where(
        WorkshopSession.workshop_id == enrolment.workshop_id).order_by(WorkshopSession.session_date)).all()
    for session, status in zip(sessions, statuses, strict=False):
        db.session.add(Attendance(session_id=session.id, enrolment_id=enrolment.id, status=status))
    enrolment.post_score = post_score
    db.session.commit()


@pytest.fixture
def class_of_four(db, running, make_employee, make_enrolment):
    workshop = running()
    people = {name: make_enrolment(workshop, make_employee(name=name))
              for name in ("Ani", "Budi", "Citra", "Dedi")}
    attend(db, people["Ani"], ["present", "late"], 85)          # completed
    attend(db, people["Budi"], ["present", "absent"], 90)       # 50% attendance: failed
    attend(db, people["Citra"], ["present", "present"], 60)     # post-test below 70: failed
    attend(db, people["Dedi"], ["absent", "excused"], None)     # never there: no-show
    return workshop, people


def test_outcomes_follow_the_course_criteria(db, class_of_four):
    workshop, _people = class_of_four
    outcomes = {o.enrolment.employee.name: (o.computed, o.attendance_pct, o.explanation)
                for o in completion.compute_outcomes(workshop)}
    assert outcomes == {
        "Ani": ("completed", 100.0, "Memenuhi kriteria kelulusan."),
        "Budi": ("failed", 50.0, "Kehadiran 50% di bawah syarat 80%."),
        "Citra": ("failed", 100.0, "Nilai post-test 60 di bawah nilai lulus 70."),
        "Dedi": ("no_show", 0.0, "Tidak pernah hadir."),
    }


def test_closing_issues_evidence_record_and_certificate_to_who_completed(db, trainer, class_of_four, competency):
    workshop, people = class_of_four
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    assert {name: e.status for name, e in people.items()} == {
        "Ani": "completed", "Budi": "failed", "Citra": "failed", "Dedi": "no_show"}
    ani = people["Ani"]
    assert ledger.current_levels(ani.employee_id) == {competency.id: 3}
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.source, evidence.source_id, evidence.level) == ("course", ani.id, 3)
    record = db.session.scalar(select(TrainingRecord))
    certificate = db.session.scalar(select(Certificate))
    assert (record.employee_id, record.hours_jp, record.siasn_kind_id, record.certificate_number) == (
        ani.employee_id, 24, 3, certificate.number)  # the course's SIASN kind: Diklat Teknis
    assert certificate.enrolment_id == ani.id and certificate.pdf.startswith(b"%PDF")
    assert certificate.expires_on == TODAY.replace(year=TODAY.year + 3)
    assert workshop.status == "completed" and workshop.closed_by_id == trainer.id


def test_a_course_without_a_competency_test_adds_jp_and_a_certificate_but_no_level(db, trainer, class_of_four,
                                                                                  competency):
    workshop, people = class_of_four
    workshop.course.competency_test = False  # the post-test checks learning, it is no uji kompetensi
    db.session.commit()
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    ani = people["Ani"]
    assert ani.status == "completed" and ledger.current_levels(ani.employee_id) == {}
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert db.session.scalar(select(TrainingRecord.hours_jp)) == 24
    assert db.session.scalar(select(Certificate.enrolment_id)) == ani.id


def test_a_competency_test_needs_a_pass_mark(db, make_course):
    from sqlalchemy.exc import IntegrityError
    with pytest.raises(IntegrityError):
        make_course(competency_test=True, pass_mark=None)
    db.session.rollback()


def test_a_completion_raises_a_level_and_never_lowers_it(db, trainer, class_of_four, competency):
    workshop, people = class_of_four
    ledger.record_evidence(None, people["Ani"].employee_id, competency.id, 4, "appraisal")
    db.session.commit()
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    assert ledger.current_levels(people["Ani"].employee_id) == {competency.id: 4}


def test_an_override_needs_a_reason_and_is_audited(db, trainer, class_of_four):
    workshop, people = class_of_four
    budi = people["Budi"].id
    with pytest.raises(DomainError, match="Tuliskan alasan mengubah hasil Budi"):
        completion.close_workshop(trainer, workshop, {budi: ("completed", " ")})
    db.session.rollback()
    completion.close_workshop(trainer, workshop, {budi: ("completed", "Sakit dengan surat dokter; tugas susulan")})
    db.session.commit()
    assert people["Budi"].status == "completed"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "enrolment",
                                                       AuditEntry.note != ""))
    assert entry.changes == {"outcome": ["failed", "completed"]}
    assert entry.note == "Sakit dengan surat dokter; tugas susulan"
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2


def test_closing_twice_is_refused_and_issues_nothing_more(db, trainer, class_of_four):
    workshop, _people = class_of_four
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    with pytest.raises(DomainError, match="sudah ditutup"):
        completion.close_workshop(trainer, workshop)
    db.session.rollback()
    counts = [db.session.scalar(select(func.count()).select_from(model))
              for model in (Certificate, TrainingRecord, Evidence)]
    assert counts == [1, 1, 1]


def test_a_class_cannot_be_closed_before_its_last_session(db, trainer, running):
    workshop = running()
    workshop.ends_on = TODAY + timedelta(days=1)
    db.session.commit()
    with pytest.raises(DomainError, match="setelah sesi terakhirnya"):
        completion.close_workshop(trainer, workshop)


def test_a_renderer_failing_half_way_leaves_nothing_and_a_retry_issues_everything_once(
        db, trainer, running, make_employee, monkeypatch, make_enrolment):
    workshop = running()
    people = [make_enrolment(workshop, make_employee(name=f"Peserta {n}")) for n in range(5)]
    for enrolment in people:
        attend(db, enrolment, ["present", "present"], 80)
    real_render = certificates.render_certificate_pdfs

    def failing_render(issued):
        real_render(issued[:3])  # the first certificates render, then the renderer dies
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(certificates, "render_certificate_pdfs", failing_render)
    with pytest.raises(RuntimeError):
        completion.close_workshop(trainer, workshop)
    db.session.rollback()
    assert [db.session.scalar(select(func.count()).select_from(model))
            for model in (Certificate, TrainingRecord, Evidence)] == [0, 0, 0]
    db.session.refresh(workshop)
    assert workshop.status == "running"

    monkeypatch.setattr(certificates, "render_certificate_pdfs", real_render)
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    assert [db.session.scalar(select(func.count()).select_from(model))
            for model in (Certificate, TrainingRecord, Evidence)] == [5, 5, 5]
    numbers = sorted(db.session.scalars(select(Certificate.sequence)))
    assert numbers == [1, 2, 3, 4, 5]  # the failed attempt used no numbers: no gaps


def test_the_database_refuses_a_second_live_record_for_one_enrolment(db, trainer, class_of_four):
    workshop, people = class_of_four
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    ani = people["Ani"]
    db.session.add(TrainingRecord(employee_id=ani.employee_id, source="course", enrolment_id=ani.id, title="x",
                                  siasn_kind_id=3, starts_on=TODAY, ends_on=TODAY, hours_jp=1))
    with pytest.raises(Exception, match=r"(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_hr_reopens_within_the_period_and_everything_issued_is_revoked(db, hr, trainer, class_of_four,
                                                                        competency):
    workshop, people = class_of_four
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    assert completion.reopen_workshop(hr, workshop, "Nilai post-test salah input") == 4
    db.session.commit()
    assert workshop.status == "running" and {e.status for e in people.values()} == {"enrolled"}
    assert db.session.scalar(select(Certificate.revoked_at)) is not None
    assert db.session.scalar(select(TrainingRecord.revoked_at)) is not None
    assert db.session.scalar(select(CurrentLevel.level)) is None  # back to no evidence
    # Closing again issues a fresh set, with a new certificate number.
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    live = db.session.scalars(select(Certificate).where(Certificate.revoked_at.is_(None))).all()
    assert [certificate.sequence for certificate in live] == [2]
    assert ledger.current_levels(people["Ani"].employee_id) == {competency.id: 3}


def test_reopening_is_refused_after_the_period(db, hr, trainer, class_of_four, app):
    workshop, _people = class_of_four
    completion.close_workshop(trainer, workshop)
    workshop.closed_at = datetime(2020, 1, 1)
    db.session.commit()
    with pytest.raises(DomainError, match="paling lambat 30 hari"):
        completion.reopen_workshop(hr, workshop, "terlambat")


def test_the_trainer_closes_from_the_closing_page(client, login, db, trainer, class_of_four):
    workshop, people = class_of_four
    login(trainer)
    page = page_text(client.get(f"/pengajar/kelas/{workshop.id}/penutupan"))
    assert "Kehadiran 50% di bawah syarat 80%." in page and "Tidak pernah hadir." in page
    budi = people["Budi"].id
    response = client.post(f"/pengajar/kelas/{workshop.id}/penutupan", data={f"outcome-{budi}": "completed"})
    assert response.status_code == 422
    assert "Tuliskan alasan mengubah hasil Budi" in page_text(response)
    response = client.post(f"/pengajar/kelas/{workshop.id}/penutupan",
                           data={f"outcome-{budi}": "completed", f"reason-{budi}": "Tugas pengganti diterima"},
                           follow_redirects=True)
    assert "Kelas ditutup: 2 dari 4 peserta lulus" in page_text(response)
    assert "/SERT/BKPSDM/" in page_text(response)


def test_the_closing_page_gives_the_totals_before_the_confirmation(client, login, db, trainer, class_of_four):
    workshop, _people = class_of_four
    login(trainer)
    page = page_text(client.get(f"/pengajar/kelas/{workshop.id}/penutupan"))
    totals = page.split("Bila dikonfirmasi dengan hasil yang dihitung", 1)[1].split("Nama NIP", 1)[0]
    assert totals.split() == ["Lulus", "1", "Tidak", "lulus", "2", "Tidak", "hadir", "1", "JP", "yang",
                              "dikreditkan", "24", "JP", "(1", "×", "24", "JP)", "Sertifikat", "yang",
                              "diterbitkan", "1"]


def test_another_trainer_cannot_close_the_class(client, login, db, make_user, class_of_four):
    workshop, _people = class_of_four
    login(make_user("trainer"))
    assert client.post(f"/pengajar/kelas/{workshop.id}/penutupan").status_code == 403
    db.session.refresh(workshop)
    assert workshop.status == "running"


def test_hr_reopens_from_the_workshop_page_with_a_reason(client, login, db, hr, trainer, class_of_four):
    workshop, _people = class_of_four
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    login(hr)
    assert client.post(f"/diklat/kelas/{workshop.id}/buka-kembali", data={"reason": ""}).status_code == 422
    response = client.post(f"/diklat/kelas/{workshop.id}/buka-kembali", data={"reason": "Salah input nilai"},
                           follow_redirects=True)
    assert "4 peserta dicabut" in page_text(response)


def test_the_closing_page_reads_a_bounded_number_of_queries(client, login, db, trainer, running, make_employee,
                                                            count_queries, make_enrolment):
    workshop = running()
    login(trainer)
    make_enrolment(workshop, make_employee(name="Satu"))
    with count_queries() as few:
        client.get(f"/pengajar/kelas/{workshop.id}/penutupan")
    for number in range(12):
        make_enrolment(workshop, make_employee(name=f"Peserta {number}"))
    with count_queries() as many:
        client.get(f"/pengajar/kelas/{workshop.id}/penutupan")
    assert len(many) == len(few)
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 13


def test_a_large_class_gets_its_certificate_pdfs_from_a_background_job(app, client, login, db, trainer,
                                                                        class_of_four, monkeypatch):
    workshop, _people = class_of_four
    monkeypatch.setitem(app.config, "CERTIFICATES_INLINE_MAX", 3)  # four participants: "large"
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/penutupan")
    assert response.status_code == 302 and "/tugas/" in response.headers["Location"]
    status_url = response.headers["Location"].rstrip("/") + "/status"
    deadline = time.monotonic() + 30
    while (state := client.get(status_url).get_json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    assert state["status"] == "done" and state["result_url"] == f"/pengajar/kelas/{workshop.id}/penutupan"
    db.session.rollback()
    certificates = db.session.scalars(select(Certificate)).all()
    assert certificates and all(certificate.pdf.startswith(b"%PDF") for certificate in certificates)
    assert "/SERT/BKPSDM/" in page_text(client.get(state["result_url"]))
