"""Enrolment: every way in, every refusal with its message, the waitlist and its promotions, approvals,
nominations and cancellation (services and the HR/supervisor screens)."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select, text

from competencies import ledger
from courses.catalogue import services
from courses.enrolment import services as enrolments
from courses.models import Course, Enrolment, EnrolmentStatus, Workshop
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
def make_course(db, hr):
    counter = iter(range(1, 1000))

    def factory(title: str = "Pelayanan Prima", code: str | None = None, status: str = "published") -> Course:
        course = services.create_course(hr, code=code or f"DIKLAT-{next(counter)}", title=title,
                                        hours_jp=24, modality="pelatihan", provider="BKPSDM Kota Medan",
                                        status=status)
        db.session.commit()
        return course

    return factory


@pytest.fixture
def make_workshop(db, hr, trainer, make_course):
    def factory(course: Course | None = None, capacity: int = 2, requires_approval: bool = False,
                day: date = TODAY + timedelta(days=30), hours: tuple[int, int] = (8, 16), status: str = "open",
                **fields) -> Workshop:
        workshop = services.create_workshop(
            hr, course or make_course(), trainers=[trainer], batch=fields.pop("batch", "Angkatan I"),
            capacity=capacity, enrol_opens_on=TODAY - timedelta(days=5), enrol_closes_on=TODAY + timedelta(days=10),
            requires_approval=requires_approval, venue="Aula BKPSDM", **fields)
        services.add_session(hr, workshop, day, time(hours[0]), time(hours[1]))
        if status != "draft":
            services.set_workshop_status(hr, workshop, "open")
        if status == "closed":
            services.set_workshop_status(hr, workshop, "closed")
        db.session.commit()
        return workshop

    return factory


def statuses(db, workshop: Workshop) -> dict[str, str]:
    rows = db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id))
    return {row.employee.name: row.status for row in rows}


def enrol(db, actor, workshop, employee, **kwargs) -> Enrolment:
    enrolment = enrolments.enrol(actor, workshop, employee, **kwargs)
    db.session.commit()
    return enrolment


def refusal(db, actor, workshop, employee, **kwargs) -> str:
    with pytest.raises(DomainError) as raised:
        enrolments.enrol(actor, workshop, employee, **kwargs)
    db.session.rollback()
    return raised.value.message


# --- seats and waitlist ------------------------------------------------------------------------------------

def test_seats_fill_then_the_waitlist_keeps_arrival_order(db, make_workshop, make_employee):
    workshop = make_workshop(capacity=2)
    people = [make_employee(name=f"Peserta {n}") for n in range(5)]
    rows = [enrol(db, None, workshop, person) for person in people]
    assert [row.status for row in rows] == ["enrolled", "enrolled", "waitlisted", "waitlisted", "waitlisted"]
    assert [enrolments.waitlist_position(row) for row in rows] == [None, None, 1, 2, 3]
    assert enrolments.waitlist_positions([workshop.id]) == {rows[2].id: 1, rows[3].id: 2, rows[4].id: 3}


def test_a_status_is_stored_as_its_string_and_read_back_as_the_enum_member(db, make_workshop, make_employee):
    enrolment = enrol(db, None, make_workshop(capacity=1), make_employee())
    stored = db.session.execute(text("SELECT status FROM enrolments WHERE id = :id"), {"id": enrolment.id}).scalar()
    db.session.expire_all()
    read = db.session.get(Enrolment, enrolment.id).status
    assert (type(stored), stored) == (str, "enrolled")
    assert read is EnrolmentStatus.ENROLLED and read == "enrolled"


def test_a_withdrawal_promotes_the_first_on_the_waitlist_and_tells_them(db, make_workshop, make_employee,
                                                                        make_user):
    workshop = make_workshop(capacity=1)
    first, second, third = (make_employee(name=name) for name in ("Ani", "Budi", "Citra"))
    make_user(employee=second)
    seat, queued, last = (enrol(db, None, workshop, person) for person in (first, second, third))
    enrolments.withdraw(None, seat, "Tugas dinas luar kota")
    db.session.commit()
    assert (seat.status, queued.status, last.status) == ("withdrawn", "enrolled", "waitlisted")
    assert enrolments.waitlist_position(last) == 1
    message = db.session.scalar(select(Notification.message))
    assert "Anda kini terdaftar" in message and workshop.course.title in message


def test_withdrawing_from_the_waitlist_frees_no_seat(db, make_workshop, make_employee):
    workshop = make_workshop(capacity=1)
    seat, first, second = (enrol(db, None, workshop, make_employee(name=n)) for n in ("A", "B", "C"))
    enrolments.withdraw(None, first)
    db.session.commit()
    assert (seat.status, first.status, second.status) == ("enrolled", "withdrawn", "waitlisted")
    assert enrolments.waitlist_position(second) == 1


def test_raising_the_capacity_promotes_the_waitlist_in_order(db, hr, make_workshop, make_employee):
    workshop = make_workshop(capacity=1)
    rows = [enrol(db, None, workshop, make_employee(name=f"P{n}")) for n in range(4)]
    services.update_workshop(hr, workshop, capacity=3)
    db.session.commit()
    assert [row.status for row in rows] == ["enrolled", "enrolled", "enrolled", "waitlisted"]


def test_the_capacity_cannot_drop_below_the_enrolled_count(db, hr, make_workshop, make_employee):
    workshop = make_workshop(capacity=3)
    for n in range(3):
        enrol(db, None, workshop, make_employee(name=f"P{n}"))
    with pytest.raises(DomainError, match="tidak boleh kurang dari jumlah peserta terdaftar \\(3\\)"):
        services.update_workshop(hr, workshop, capacity=2)


def test_enrolling_again_after_withdrawing_goes_to_the_back_of_the_queue(db, make_workshop, make_employee):
    workshop = make_workshop(capacity=1)
    ani, budi = make_employee(name="Ani"), make_employee(name="Budi")
    first = enrol(db, None, workshop, ani)
    enrol(db, None, workshop, budi)
    enrolments.withdraw(None, first)
    db.session.commit()
    again = enrol(db, None, workshop, ani)
    assert again.id == first.id and again.status == "waitlisted"
    assert enrolments.waitlist_position(again) == 1


# --- refusals ----------------------------------------------------------------------------------------------

def test_enrolment_outside_the_window_is_refused(db, hr, make_workshop, make_employee):
    workshop = make_workshop()
    services.update_workshop(hr, workshop, enrol_opens_on=TODAY + timedelta(days=1),
                             enrol_closes_on=TODAY + timedelta(days=5))
    db.session.commit()
    assert "Pendaftaran kelas ini ditutup" in refusal(db, None, workshop, make_employee())


def test_enrolment_in_a_closed_or_draft_workshop_is_refused(db, make_workshop, make_employee):
    assert "ditutup" in refusal(db, None, make_workshop(status="closed"), make_employee(name="A"))
    assert "ditutup" in refusal(db, None, make_workshop(status="draft", batch="Angkatan II"), make_employee(name="B"))


def test_enrolling_twice_is_refused_with_the_current_status(db, make_workshop, make_employee):
    workshop = make_workshop(capacity=1)
    employee = make_employee()
    enrol(db, None, workshop, employee)
    assert refusal(db, None, workshop, employee) == "Sudah terdaftar di kelas ini (status: Terdaftar)."


def test_a_missing_prerequisite_course_is_named(db, hr, make_course, make_workshop, make_employee):
    basic = make_course("Administrasi Kependudukan Dasar")
    advanced = make_course("Administrasi Kependudukan Lanjutan")
    services.set_course_prerequisite(hr, advanced, basic)
    db.session.commit()
    employee = make_employee()
    message = refusal(db, None, make_workshop(course=advanced), employee)
    assert message == ("Prasyarat belum dipenuhi: selesaikan dahulu pelatihan Administrasi Kependudukan Dasar.")

    past = make_workshop(course=basic, day=TODAY + timedelta(days=40))
    done = enrol(db, None, past, employee)
    done.status = "completed"  # the outcome a closed workshop gives
    db.session.commit()
    assert enrol(db, None, make_workshop(course=advanced, batch="Angkatan II",
                                         day=TODAY + timedelta(days=50)), employee).status == "enrolled"


def test_an_entry_level_not_reached_is_refused_for_requests_and_nominations_alike(
        db, hr, make_course, make_workshop, make_employee, make_framework, client, login, make_user):
    first, second, _third = make_framework().competencies
    course = make_course("Arsip Lanjutan")
    services.set_course_competency(hr, course, first, 2, 3)
    db.session.commit()
    workshop, employee = make_workshop(course=course), make_employee()
    ledger.override_level(hr, employee, first, 1, "uji kompetensi")
    db.session.commit()
    expected = ("Level awal belum tercapai: pelatihan ini untuk pegawai yang telah mencapai Kompetensi Uji 1 level 2 "
                "(level Anda 1).")
    assert refusal(db, None, workshop, employee) == expected
    assert refusal(db, hr, workshop, employee, nominated=True) == expected  # HR nominations follow the same rule
    assert enrolments.enrolment_refusal(workshop, employee) == expected  # what the course page shows
    login(make_user(employee=employee))
    response = client.get(f"/katalog/{course.id}")
    assert expected in page_text(response) and f"/katalog/kelas/{workshop.id}/daftar" not in response.text
    # A course raises someone through any competency whose entry level they hold: one is enough.
    services.set_course_competency(hr, course, second, 0, 2)
    db.session.commit()
    assert enrolments.enrolment_refusal(workshop, employee) is None
    assert enrol(db, None, workshop, employee).status == "enrolled"


def test_an_overlapping_schedule_names_the_other_workshop(db, make_course, make_workshop, make_employee):
    employee = make_employee()
    day = TODAY + timedelta(days=20)
    morning = make_workshop(course=make_course("Literasi Digital"), day=day, hours=(8, 12))
    enrol(db, None, morning, employee)
    clash = make_workshop(course=make_course("Penyusunan SKP"), day=day, hours=(11, 15))
    assert refusal(db, None, clash, employee) == \
        "Jadwal bentrok dengan kelas lain yang sudah diikuti: Literasi Digital – Angkatan I."
    afternoon = make_workshop(course=make_course("Etika ASN"), day=day, hours=(13, 16))
    assert enrol(db, None, afternoon, employee).status == "enrolled"


def test_a_workshop_for_some_position_kinds_refuses_others(db, make_workshop, make_employee, make_position):
    workshop = make_workshop(eligible_position_kinds=["pengawas"])
    staff = make_employee(position=make_position(kind="pelaksana"))
    assert refusal(db, None, workshop, staff) == "Tidak memenuhi syarat: kelas ini khusus untuk jabatan Pengawas."
    head = make_employee(name="Kepala Seksi", position=make_position(name="Kepala Seksi", kind="pengawas"))
    assert enrol(db, None, workshop, head).status == "enrolled"


def test_an_inactive_employee_is_not_eligible(db, make_workshop, make_employee):
    employee = make_employee(is_active=False)
    assert "tidak aktif" in refusal(db, None, make_workshop(), employee)


def test_a_refused_request_writes_nothing(db, make_workshop, make_employee):
    workshop = make_workshop(eligible_position_kinds=["jpt"])
    refusal(db, None, workshop, make_employee())
    assert db.session.scalar(select(Enrolment.id)) is None


# --- approvals ---------------------------------------------------------------------------------------------

def test_with_approval_the_request_waits_and_the_supervisor_is_told(db, make_workshop, make_employee, make_user):
    boss = make_employee(name="Kepala Seksi")
    boss_user = make_user(employee=boss)
    staff = make_employee(name="Staf", supervisor=boss)
    enrolment = enrol(db, None, make_workshop(requires_approval=True), staff)
    assert enrolment.status == "awaiting_approval"
    note = db.session.scalar(select(Notification).where(Notification.user_id == boss_user.id))
    assert "Staf mengajukan diri" in note.message and note.link == "/diklat/persetujuan"


def test_approval_takes_a_seat_or_the_waitlist_in_order_of_approval(db, make_workshop, make_employee, make_user):
    boss = make_employee(name="Kepala Seksi")
    boss_user = make_user(employee=boss)
    workshop = make_workshop(capacity=1, requires_approval=True)
    first, second = (enrol(db, None, workshop, make_employee(name=n, supervisor=boss)) for n in ("A", "B"))
    enrolments.approve(boss_user, second)
    enrolments.approve(boss_user, first)
    db.session.commit()
    assert (second.status, first.status) == ("enrolled", "waitlisted")
    assert second.decided_by_id == boss_user.id


def test_only_the_direct_supervisor_or_hr_decides(db, hr, make_workshop, make_employee, make_user):
    boss = make_employee(name="Kepala Seksi")
    other_boss = make_user(employee=make_employee(name="Kepala Seksi Lain"))
    workshop = make_workshop(requires_approval=True)
    enrolment = enrol(db, None, workshop, make_employee(name="Staf", supervisor=boss))
    with pytest.raises(DomainError, match="Hanya atasan langsung"):
        enrolments.approve(other_boss, enrolment)
    db.session.rollback()
    enrolments.reject(hr, enrolment, "Kuota unit sudah terpenuhi")
    db.session.commit()
    assert enrolment.status == "rejected" and enrolment.reason == "Kuota unit sudah terpenuhi"


def test_a_rejection_needs_a_reason(db, hr, make_workshop, make_employee):
    enrolment = enrol(db, None, make_workshop(requires_approval=True), make_employee())
    with pytest.raises(DomainError, match="alasan"):
        enrolments.reject(hr, enrolment, "  ")


def test_hr_nominations_skip_approval_and_report_each_refusal(db, hr, make_workshop, make_employee, make_position):
    workshop = make_workshop(capacity=1, requires_approval=True, eligible_position_kinds=["pelaksana"])
    staff = [make_employee(name=f"Staf {n}") for n in range(2)]
    head = make_employee(name="Kepala", position=make_position(kind="pengawas"))
    results = enrolments.nominate(hr, workshop, [*staff, head])
    db.session.commit()
    assert [r.enrolment.status if r.enrolment else r.refusal for r in results] == [
        "enrolled", "waitlisted", "Tidak memenuhi syarat: kelas ini khusus untuk jabatan Pelaksana."]
    assert all(r.enrolment.nominated for r in results[:2])


# --- cancellation and the audit trail ----------------------------------------------------------------------

def test_cancelling_a_workshop_cancels_everyone_and_tells_them(db, hr, make_workshop, make_employee, make_user):
    workshop = make_workshop(capacity=1)
    people = [make_employee(name=n) for n in ("A", "B")]
    users = [make_user(employee=person) for person in people]
    for person in people:
        enrol(db, None, workshop, person)
    assert services.cancel_workshop(hr, workshop, "Narasumber berhalangan") == 2
    db.session.commit()
    assert set(statuses(db, workshop).values()) == {"cancelled"}
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.message.contains("dibatalkan"))))
    assert {user.id for user in users} <= told
    assert "Pendaftaran kelas ini ditutup" in refusal(db, None, workshop, make_employee(name="C"))


def test_every_transition_is_audited(db, make_workshop, make_employee):
    workshop = make_workshop(capacity=1)
    enrolment = enrol(db, None, workshop, make_employee())
    enrolments.withdraw(None, enrolment, "Sakit")
    db.session.commit()
    changes = [entry.changes for entry in db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "enrolment").order_by(AuditEntry.id))]
    assert changes == [{"status": "requested"}, {"status": ["requested", "enrolled"]},
                       {"status": ["enrolled", "withdrawn"], "reason": "Sakit"}]


def test_withdrawal_is_refused_once_the_workshop_runs(db, hr, make_workshop, make_employee):
    workshop = make_workshop(status="closed", day=date.today())  # a class starts on its first day
    enrolment = enrol(db, hr, workshop, make_employee(), nominated=True)
    services.set_workshop_status(hr, workshop, "running")
    db.session.commit()
    with pytest.raises(DomainError, match="sudah berlangsung"):
        enrolments.withdraw(None, enrolment)


def test_a_forbidden_transition_is_refused(db, make_workshop, make_employee):
    enrolment = enrol(db, None, make_workshop(), make_employee())
    with pytest.raises(DomainError, match="tidak dapat diubah dari Terdaftar menjadi Daftar tunggu"):
        enrolments.move(None, enrolment, "waitlisted")


# --- screens -----------------------------------------------------------------------------------------------

def test_the_supervisor_approves_from_the_queue(client, login, db, make_workshop, make_employee, make_user):
    boss = make_employee(name="Kepala Seksi")
    boss_user = make_user(employee=boss)
    workshop = make_workshop(requires_approval=True)
    mine = enrol(db, None, workshop, make_employee(name="Staf Saya", supervisor=boss))
    other = enrol(db, None, workshop, make_employee(name="Staf Lain", supervisor=make_employee(name="Boss Lain")))
    login(boss_user)
    text = page_text(client.get("/diklat/persetujuan"))
    assert "Staf Saya" in text and "Staf Lain" not in text
    assert client.post(f"/diklat/persetujuan/{other.id}/setujui").status_code == 403
    response = client.post(f"/diklat/persetujuan/{mine.id}/setujui", follow_redirects=True)
    assert "disetujui (status: Terdaftar)" in page_text(response)
    db.session.refresh(mine)
    assert mine.status == "enrolled"


def test_a_rejection_without_reason_is_refused_on_the_screen(client, login, db, hr, make_workshop, make_employee):
    enrolment = enrol(db, None, make_workshop(requires_approval=True), make_employee())
    login(hr)
    response = client.post(f"/diklat/persetujuan/{enrolment.id}/tolak", data={"reason": ""}, follow_redirects=True)
    assert "Tuliskan alasan penolakan." in page_text(response)
    db.session.refresh(enrolment)
    assert enrolment.status == "awaiting_approval"


def test_an_employee_without_a_team_cannot_open_the_queue(client, login, make_user):
    login(make_user("employee"))
    assert client.get("/diklat/persetujuan").status_code == 403


def test_hr_nominates_by_nip_and_sees_each_result(client, login, db, hr, make_workshop, make_employee):
    workshop = make_workshop(capacity=1)
    first, second = make_employee(name="Ani"), make_employee(name="Budi")
    login(hr)
    response = client.post(f"/diklat/kelas/{workshop.id}/usulkan-peserta",
                           data={"nips": f"{first.nip}\n{second.nip}, {first.nip}"})
    text = page_text(response)
    assert "2 dari 2 pegawai diusulkan." in text
    assert "Ani" in text and "Terdaftar" in text and "Daftar tunggu" in text


def test_nominating_unknown_or_malformed_nips_changes_nothing(client, login, db, hr, make_workshop):
    workshop = make_workshop()
    login(hr)
    response = client.post(f"/diklat/kelas/{workshop.id}/usulkan-peserta", data={"nips": "12345 abc"})
    assert response.status_code == 422
    assert "Bukan NIP 18 digit: 12345, abc" in page_text(response)
    response = client.post(f"/diklat/kelas/{workshop.id}/usulkan-peserta", data={"nips": "199001012015031001"})
    assert "NIP tidak terdaftar: 199001012015031001" in page_text(response)
    assert db.session.scalar(select(Enrolment.id)) is None


def test_hr_cancels_a_workshop_only_with_a_reason(client, login, db, hr, make_workshop, make_employee):
    workshop = make_workshop()
    enrol(db, None, workshop, make_employee())
    login(hr)
    response = client.post(f"/diklat/kelas/{workshop.id}/batal", data={"reason": ""})
    assert response.status_code == 422
    response = client.post(f"/diklat/kelas/{workshop.id}/batal", data={"reason": "Anggaran dialihkan"},
                           follow_redirects=True)
    assert "1 pendaftaran dibatalkan" in page_text(response)
    db.session.refresh(workshop)
    assert workshop.status == "cancelled" and workshop.note == "Anggaran dialihkan"


def test_employees_and_trainers_cannot_manage_workshops(client, login, make_user, make_workshop):
    workshop = make_workshop()
    for role in ("employee", "trainer"):
        client.post("/keluar")
        login(make_user(role))
        assert client.get(f"/diklat/kelas/{workshop.id}").status_code == 403
        assert client.post(f"/diklat/kelas/{workshop.id}/batal", data={"reason": "x"}).status_code == 403


def test_hr_takes_one_participant_out_with_a_reason_and_the_waitlist_moves_up(client, login, db, hr, make_workshop,
                                                                             make_employee, make_user):
    workshop = make_workshop(capacity=1)
    ani, budi = make_employee("Ani"), make_employee("Budi")
    ani_user, trainer_user = make_user(employee=ani), workshop.trainers[0]
    enrolment = enrol(db, None, workshop, ani)
    enrol(db, None, workshop, budi)
    roster = f"/pengajar/kelas/{workshop.id}/peserta"
    action = f"/diklat/pendaftaran/{enrolment.id}/keluarkan"
    login(trainer_user)
    assert action not in client.get(roster).get_data(as_text=True)  # trainers do not take people out
    assert client.post(action, data={"reason": "x"}).status_code == 403
    client.post("/keluar")
    login(hr)
    html = client.get(roster).get_data(as_text=True)
    at = html.index(f'action="{action}"')
    assert "data-confirm=" in html[html.rindex("<form", 0, at):html.index(">", at)]
    client.post(action, data={"reason": "  "}, headers={"Referer": f"http://localhost{roster}"})
    assert statuses(db, workshop) == {"Ani": "enrolled", "Budi": "waitlisted"}  # no reason, no change
    response = client.post(action, data={"reason": "Mutasi ke instansi lain"},
                           headers={"Referer": f"http://localhost{roster}"})
    assert response.headers["Location"] == roster
    db.session.expire_all()
    assert statuses(db, workshop) == {"Ani": "withdrawn", "Budi": "enrolled"}
    assert db.session.get(Enrolment, enrolment.id).reason == "Mutasi ke instansi lain"
    [told] = db.session.scalars(select(Notification.message).where(Notification.user_id == ani_user.id)).all()
    assert "BKPSDM mengeluarkan Anda" in told and "Mutasi ke instansi lain" in told
    changes = db.session.scalars(select(AuditEntry.changes).where(AuditEntry.entity_type == "enrolment",
                                                                  AuditEntry.entity_id == enrolment.id)).all()
    assert {"status": ["enrolled", "withdrawn"], "reason": "Mutasi ke instansi lain"} in changes
