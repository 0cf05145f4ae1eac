"""The trainer's, HR's and the administrator's home page as a work queue, several roles' sections on one page,
and the cost of every role's home page in SQL statements, which must not grow with the data."""

import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from courses.models import TrainingRecord
from lms.auth.models import LoginThrottle
from lms.imports.models import Upload
from lms.jobs.models import Job
from tests.helpers import page_text
from tests.home_helpers import has_line, queue_line


def test_trainer_sees_todays_sessions_classes_to_close_and_proposals(db, client, login, make_user, make_workshop):
    trainer = make_user("trainer")
    today = make_workshop(trainers=[trainer], status="running", batch="Hari Ini")
    ended = make_workshop(trainers=[trainer], status="running", batch="Sudah Lewat",
                          first_day=date.today() - timedelta(days=5), sessions=2)
    make_workshop(trainers=[trainer], status="completed", batch="Ditutup", first_day=date.today() - timedelta(days=9))
    proposal = make_workshop(trainers=[trainer], status="proposed", batch="Usulan",
                             first_day=date.today() + timedelta(days=40))
    proposal.proposed_by_id = trainer.id
    db.session.commit()
    login(trainer)
    home = client.get("/")
    session = today.sessions[0]
    assert f'href="/pengajar/kelas/{today.id}/sesi/{session.id}/presensi"' in home.get_data(as_text=True)
    href, count = queue_line(home, "home-trainer-to-close")
    assert (href, count) == ("/pengajar/#penutupan", 1)
    page = client.get("/pengajar/").get_data(as_text=True)
    to_close = page[page.index('id="penutupan"'):page.index('id="upcoming"')]
    assert "Sudah Lewat" in to_close and "Ditutup" not in to_close and "Hari Ini" not in to_close
    assert f"/pengajar/kelas/{ended.id}" in to_close
    assert queue_line(home, "home-trainer-proposals") == ("/pengajar/#usulan", 1)
    assert not has_line(home, "home-proposals")  # not HR


def test_hr_sees_classes_to_close_proposals_shortfall_and_imports(db, client, login, make_user, make_employee,
                                                                 make_workshop):
    hr = make_user("hr")
    make_workshop(status="running", batch="Belum Ditutup", first_day=date.today() - timedelta(days=3))
    make_workshop(status="open", batch="Akan Datang", first_day=date.today() + timedelta(days=3))
    make_workshop(status="proposed", batch="Usulan Baru", first_day=date.today() + timedelta(days=30))
    make_employee("Pns Kurang")
    done = make_employee("Pns Cukup")
    make_employee("Pppk Kurang", employment_type="pppk", rank_code="IX")
    db.session.add(TrainingRecord(employee_id=done.id, source="external", status="approved", title="Diklat",
                                  provider="BKPSDM", siasn_kind_id=3, starts_on=date.today(), ends_on=date.today(),
                                  hours_jp=20))
    upload = Upload(token=secrets.token_urlsafe(8), kind="roster", filename="pegawai-baru.csv", content=b"x",
                    uploaded_by_id=hr.id)
    db.session.add_all([upload, Job(name="report", label="Laporan", status="failed", created_by_id=hr.id)])
    db.session.commit()
    login(hr)
    home = client.get("/")

    href, count = queue_line(home, "home-to-close")
    assert (href, count) == ("/diklat/kelas?perlu=penutupan", 1)
    listed = page_text(client.get(href))
    assert "Belum Ditutup" in listed and "Akan Datang" not in listed
    assert queue_line(home, "home-proposals") == ("/diklat/usulan", 1)
    href, count = queue_line(home, "home-below-target")
    assert count == 2  # the HR account's own employee and "Pns Kurang"; not the PPPK, not the one who reached 20
    assert f"year={date.today().year}" in href and "employment_type=pns" in href
    report = page_text(client.get(href))
    assert "Pns Kurang" in report and "Pppk Kurang" not in report
    assert f"/impor/pegawai/{upload.token}" in home.get_data(as_text=True)
    href, count = queue_line(home, "home-failed-jobs")
    assert (href, count) == ("/tugas/?status=gagal", 1) and "Laporan" in page_text(client.get(href))
    text = page_text(home)
    assert "Buka log audit" in text and "Perubahan terakhir" not in text  # a link to the audit log, not its lines


def test_hr_sees_the_agencies_lowest_in_jpm_and_the_figures_follow_the_levels(db, client, login, make_user,
                                                                                make_world):
    from competencies.ledger import record_evidence

    world = make_world()  # a unit whose two staff need three competencies at level 2 and have none: JPM 0
    login(make_user("hr"))
    home = client.get("/")
    unit_id = world.staff[0].unit_id
    assert f'/kesenjangan-kompetensi?unit={unit_id}&amp;tampilan=unit' in home.get_data(as_text=True)
    assert "Dinas Penilaian Uji" in page_text(home) and "0,00%" in page_text(home)
    for employee in world.staff:  # both reach the required level everywhere: JPM 100
        for competency in world.framework.competencies:
            record_evidence(None, employee.id, competency.id, 2, "hr_override", note="uji")
    db.session.commit()
    assert "100,00%" in page_text(client.get("/"))


def test_admin_sees_accounts_stopped_jobs_and_setting_warnings(app, db, client, login, make_user, monkeypatch):
    admin = make_user("admin", with_employee=False, email="admin@pemkomedan.go.id")
    temporary = make_user(email="baru@pemkomedan.go.id", with_employee=False)
    temporary.must_change_password = True
    disabled = make_user(email="keluar@pemkomedan.go.id", with_employee=False)
    disabled.is_enabled = False
    locked = make_user(email="lupa@pemkomedan.go.id", with_employee=False)
    now = datetime.now(UTC).replace(tzinfo=None)
    db.session.add_all([LoginThrottle(key=f"pair:10.0.0.7|user:{locked.id}", failures=9, first_failure_at=now,
                                      last_failure_at=now, locked_until=now + timedelta(minutes=5)),
                        LoginThrottle(key=f"pair:10.0.0.8|user:{disabled.id}", failures=9, first_failure_at=now,
                                      last_failure_at=now, locked_until=now - timedelta(minutes=1))])
    db.session.commit()
    login(admin)
    home = client.get("/")
    href, count = queue_line(home, "home-locked-accounts")
    assert (href, count) == ("/admin/pengguna?status=terkunci", 1)
    listed = page_text(client.get(href))
    assert "lupa@pemkomedan.go.id" in listed and "keluar@pemkomedan.go.id" not in listed
    href, count = queue_line(home, "home-temporary-passwords")
    assert (href, count) == ("/admin/pengguna?status=sandi-sementara", 1)
    listed = page_text(client.get(href))
    assert "baru@pemkomedan.go.id" in listed and "keluar@pemkomedan.go.id" not in listed
    href, count = queue_line(home, "home-disabled-accounts")
    assert count == 1 and "keluar@pemkomedan.go.id" in page_text(client.get(href))
    assert queue_line(home, "home-admin-stopped-jobs") == ("/tugas/terhenti", 0)
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "http://localhost")
    monkeypatch.setitem(app.config, "BROKER_URL", None)
    text = page_text(client.get("/"))
    assert "LMS_PUBLIC_BASE_URL menunjuk ke komputer server sendiri" in text and "LMS_BROKER_URL belum diatur" in text
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://kompeten.pemkomedan.go.id")
    monkeypatch.setitem(app.config, "BROKER_URL", "redis://127.0.0.1:6379/0")
    assert "LMS_" not in page_text(client.get("/"))
    assert not has_line(home, "home-forms-self")  # no employee record: no employee section


def test_a_user_with_several_roles_sees_each_section(db, client, login, make_user):
    login(make_user("hr", "trainer"))
    home = client.get("/")
    assert all(has_line(home, line) for line in ("home-forms-self", "home-trainer-to-close", "home-to-close"))
    assert not has_line(home, "home-temporary-passwords")


@pytest.mark.parametrize("roles", [("employee",), ("trainer",), ("hr",), ("admin",), ()],
                         ids=["employee", "trainer", "hr", "admin", "supervisor"])
def test_home_pages_cost_the_same_statements_whatever_the_data(db, client, login, make_user, make_world, open_cycle,
                                                               make_workshop, make_enrolment, make_employee,
                                                               count_queries, roles):
    world = make_world(staff=2)
    open_cycle()
    user = make_user(*roles, employee=world.staff[0] if roles else world.supervisor)
    login(user)

    def statements() -> int:
        with count_queries() as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    before = statements()
    for number in range(4):  # more classes, enrolments, subordinates, training
        workshop = make_workshop(trainers=[user], status="running", batch=f"Angkatan {number}",
                                 first_day=date.today() - timedelta(days=number))
        for employee in (world.staff[0], make_employee(f"Tambahan {number}", supervisor=world.supervisor)):
            make_enrolment(workshop, employee, status="awaiting_approval" if number % 2 else "enrolled")
    after = statements()
    assert after <= before  # (the first request may also fill a per-process cache)
    assert after <= 40


def test_hr_sees_running_cycles_with_the_appraisals_still_waiting(db, client, login, make_user, make_world,
                                                                  open_cycle):
    from competencies.appraisals.models import AppraisalForm

    world = make_world(staff=2)  # the head and two staff: three appraisals
    soon = open_cycle(name="Penilaian Triwulan", due_in_days=3)
    later = open_cycle(name="Penilaian Tahunan", due_in_days=40, period="q4")
    for form in db.session.scalars(select(AppraisalForm).join(AppraisalForm.appraisal).where(
            AppraisalForm.appraisal.has(cycle_id=soon.id, employee_id=world.staff[0].id))):
        form.status = "submitted"
    db.session.commit()
    login(make_user("hr", employee=world.staff[1]))
    home = client.get("/")
    href, count = queue_line(home, f"home-cycle-{soon.id}")
    assert (href, count) == (f"/penilaian/siklus/{soon.id}/pegawai?belum=1", 2)
    listed = page_text(client.get(href))
    assert "Staf Uji 2" in listed and "Staf Uji 1" not in listed
    assert queue_line(home, f"home-cycle-{later.id}")[1] == 3
    text = page_text(home)
    assert text.index("Penilaian Triwulan") < text.index("Penilaian Tahunan")  # the earliest due first
    assert text.count("segera berakhir") == 1
