"""The employee's and the supervisor's home page as a work queue: each number counts what waits for them and links
to the list behind it, filtered to exactly those rows."""

from datetime import date, timedelta

from sqlalchemy import select

from competencies import ledger
from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalStatus,
)
from courses.models import Certificate, TrainingRecord
from tests.helpers import page_text
from tests.home_helpers import has_line, queue_line


def _training(db, employee, jp: int, ends_on: date) -> None:
    db.session.add(TrainingRecord(employee_id=employee.id, source="external", status="approved", title="Diklat Uji",
                                  provider="BKPSDM", siasn_kind_id=3, starts_on=ends_on, ends_on=ends_on, hours_jp=jp))
    db.session.commit()


def test_employee_sees_jp_still_needed_forms_due_and_gaps(db, client, login, make_world, make_user, open_cycle):
    world = make_world()  # three competencies required at level 2, no evidence: three gaps
    open_cycle()
    employee = world.staff[0]
    _training(db, employee, 12, date.today())
    _training(db, employee, 30, date(date.today().year - 1, 6, 1))  # last year's JP do not count
    login(make_user(employee=employee))
    home = client.get("/")
    text = page_text(home)
    assert "Masih perlu 8 JP untuk mencapai 20 JP tahun" in text
    assert "3 dari 3 kompetensi jabatan di bawah level yang dipersyaratkan" in text
    assert "Kompetensi Uji 1: level 0 dari 2" in text
    assert not has_line(home, "home-approvals")  # no subordinates: no team section

    href, count = queue_line(home, "home-forms-self")
    assert count == 1 and href == "/penilaian/tugas?jenis=self&belum=1"
    forms = client.get(href)
    assert page_text(forms).count("Diri sendiri") >= 1 and "1 formulir" in page_text(forms)
    assert queue_line(home, "home-certificates") == ("/pelatihan-saya?status=sertifikat", 0)
    assert queue_line(home, "home-results") == ("/penilaian/hasil?perlu=tanggapan", 0)


def test_employee_sees_results_to_answer(db, client, login, make_world, make_user, open_cycle):
    world = make_world()
    open_cycle(name="Penilaian Lama", year=date.today().year - 1)
    open_cycle(name="Penilaian Baru")
    employee = world.staff[0]
    first = db.session.scalars(select(Appraisal).where(Appraisal.employee_id == employee.id)
                               .order_by(Appraisal.id)).first()
    first.status = AppraisalStatus.FINAL
    db.session.commit()
    login(make_user(employee=employee))
    href, count = queue_line(client.get("/"), "home-results")
    assert (href, count) == ("/penilaian/hasil?perlu=tanggapan", 1)
    listed = page_text(client.get(href))
    assert "Penilaian Lama" in listed and "Penilaian Baru" not in listed


def test_a_pppk_employee_sees_the_pppk_limit_not_the_pns_target(db, client, login, make_employee, make_user):
    employee = make_employee("Rina PPPK", employment_type="pppk", rank_code="IX")
    _training(db, employee, 6, date.today())
    login(make_user(employee=employee))
    text = page_text(client.get("/"))
    assert "6 JP pelatihan tahun" in text and "paling lama 24 JP per tahun perjanjian kerja" in text
    assert "Masih perlu" not in text


def test_employee_sees_the_next_sessions_of_their_classes_and_certificates(db, client, login, make_employee, make_user,
                                                                           make_workshop, make_enrolment, make_course):
    employee = make_employee()
    soon = make_workshop(sessions=2, first_day=date.today() + timedelta(days=3), status="closed")
    past = make_workshop(sessions=1, first_day=date.today() - timedelta(days=3), status="running", batch="Lalu")
    make_enrolment(soon, employee)
    make_enrolment(past, employee)
    waiting = make_workshop(course=make_course(title="Kearsipan Digital"), first_day=date.today() + timedelta(days=9))
    make_enrolment(waiting, employee, status="waitlisted")
    done = make_workshop(course=make_course(title="Etika Pelayanan"), status="completed",
                         first_day=date.today() - timedelta(days=60))
    db.session.add(Certificate(enrolment=make_enrolment(done, employee, status="completed"), year=2026, sequence=1,
                               number="0001/SERT", verification_code="KODEHOMEUJI00001", issued_on=done.ends_on))
    db.session.commit()
    login(make_user(employee=employee))
    home = client.get("/")
    text = page_text(home)
    assert text.count("Pelayanan Publik Prima – Angkatan I") == 2  # its two sessions, not the past class
    assert "Pelayanan Publik Prima – Lalu" not in text
    href, count = queue_line(home, "home-enrolled")
    assert (href, count) == ("/pelatihan-saya?status=terdaftar", 2)
    listed = page_text(client.get(href))
    assert "Lalu" in listed and "Kearsipan Digital" not in listed and "Etika Pelayanan" not in listed
    href, count = queue_line(home, "home-waiting")
    assert count == 1 and "Kearsipan Digital" in page_text(client.get(href))
    assert "Lalu" not in page_text(client.get(href))
    href, count = queue_line(home, "home-certificates")
    assert (href, count) == ("/pelatihan-saya?status=sertifikat", 1)
    listed = page_text(client.get(href))
    assert "Etika Pelayanan" in listed and "Kearsipan Digital" not in listed
    assert "Terbaru: Etika Pelayanan" in text


def test_supervisor_sees_approvals_forms_to_rate_and_team_gaps(db, client, login, make_world, make_user, open_cycle,
                                                              make_workshop, make_enrolment):
    world = make_world(staff=3)
    open_cycle()
    workshop = make_workshop(first_day=date.today() + timedelta(days=20), requires_approval=True)
    make_enrolment(workshop, world.staff[0], status="awaiting_approval")
    login(make_user(employee=world.supervisor))
    home = client.get("/")

    href, count = queue_line(home, "home-approvals")
    assert (href, count) == ("/diklat/persetujuan", 1)
    assert "Staf Uji 1" in page_text(client.get(href))
    href, count = queue_line(home, "home-forms-supervisor")
    assert (href, count) == ("/penilaian/tugas?jenis=supervisor&belum=1", 3)
    listed = page_text(client.get(href))
    assert "3 formulir" in listed and all(f"Staf Uji {n}" in listed for n in (1, 2, 3))
    href, count = queue_line(home, "home-team-gaps")
    assert (href, count) == ("/tim-saya/kesenjangan-kompetensi?hanya=kesenjangan", 3)
    assert "dari 3 bawahan langsung; 9 kompetensi di bawah level" in page_text(home)


def test_submitted_forms_and_closed_cycles_leave_the_queue(db, client, login, make_world, make_user, open_cycle):
    world = make_world(staff=2)
    cycle = open_cycle()
    form = db.session.scalars(select(AppraisalForm).where(AppraisalForm.rater_id == world.supervisor.id,
                                                          AppraisalForm.rater_kind == "supervisor")).first()
    form.status = AppraisalFormStatus.SUBMITTED
    db.session.commit()
    login(make_user(employee=world.supervisor))
    href, count = queue_line(client.get("/"), "home-forms-supervisor")
    assert count == 1 and "1 formulir" in page_text(client.get(href))
    cycle.status = AppraisalCycleStatus.CONSOLIDATED
    db.session.commit()
    assert queue_line(client.get("/"), "home-forms-supervisor")[1] == 0
    assert "0 formulir" in page_text(client.get(href))


def test_supervisor_team_gaps_link_lists_only_those_with_gaps(db, client, login, make_world, make_user):
    world = make_world(staff=2)
    for competency in world.framework.competencies:  # the first reaches every required level
        ledger.record_evidence(None, world.staff[0].id, competency.id, 2, "hr_override", note="uji")
    db.session.commit()
    login(make_user(employee=world.supervisor))
    href, count = queue_line(client.get("/"), "home-team-gaps")
    assert count == 1
    listed = page_text(client.get(href))
    assert "Staf Uji 2" in listed and "Staf Uji 1" not in listed
    assert "Staf Uji 1" in page_text(client.get("/tim-saya/kesenjangan-kompetensi"))
