"""Attendance per session and pre-/post-test scores: the services and the trainer's pages."""

import math
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from courses.models import Attendance, Enrolment
from courses.teaching import attendance
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from tests.helpers import page_text


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def workshop(db, trainer, make_workshop):
    return make_workshop(trainers=[trainer], sessions=2)


@pytest.fixture
def enrolments(db, workshop, make_employee, make_enrolment):
    names = ("Ani Lubis", "Budi Sitorus", "Citra Ginting")
    return [make_enrolment(workshop, make_employee(name)) for name in names]


def _recorded(db, session) -> dict[int, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(Attendance.enrolment_id, Attendance.status)
                                   .where(Attendance.session_id == session.id)).all())


# --- services --------------------------------------------------------------------------------------------------

def test_attendance_is_recorded_changed_and_audited(db, trainer, workshop, enrolments):
    session = workshop.sessions[0]
    ani, budi, _citra = enrolments
    assert attendance.record_attendance(trainer, session, {ani.id: "present", budi.id: "excused"}) == 2
    db.session.commit()
    assert attendance.record_attendance(trainer, session, {ani.id: "present", budi.id: "late"}) == 1
    db.session.commit()
    assert _recorded(db, session) == {ani.id: "present", budi.id: "late"}
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "attendance")
                                 .order_by(AuditEntry.id)).all()
    assert entries[-1].changes == {budi.employee.nip: ["excused", "late"]}


@pytest.mark.parametrize("status", ["hadir", "", "sick"])
def test_an_unknown_attendance_status_is_refused(trainer, workshop, enrolments, status):
    with pytest.raises(DomainError, match="Status kehadiran tidak dikenal"):
        attendance.record_attendance(trainer, workshop.sessions[0], {enrolments[0].id: status})


@pytest.mark.parametrize("status", ["waitlisted", "withdrawn", "awaiting_approval"])
def test_attendance_is_only_for_enrolled_participants(db, trainer, workshop, make_employee, status, make_enrolment):
    other = make_enrolment(workshop, make_employee("Dedi"), status=status)
    with pytest.raises(DomainError, match="hanya dapat dicatat untuk peserta yang terdaftar"):
        attendance.record_attendance(trainer, workshop.sessions[0], {other.id: "present"})


def test_attendance_of_another_workshops_participant_is_refused(db, trainer, workshop, make_employee, make_enrolment,
                                                                make_workshop):
    elsewhere = make_enrolment(make_workshop(trainers=[trainer]), make_employee("Eka"))
    with pytest.raises(DomainError):
        attendance.record_attendance(trainer, workshop.sessions[0], {elsewhere.id: "present"})


@pytest.mark.parametrize("status", ["completed", "cancelled", "proposed", "draft"])
def test_attendance_and_scores_are_frozen_outside_a_running_class(db, trainer, workshop, enrolments, status):
    workshop.status = status
    db.session.commit()
    with pytest.raises(DomainError, match="tidak dapat dicatat"):
        attendance.record_attendance(trainer, workshop.sessions[0], {enrolments[0].id: "present"})
    with pytest.raises(DomainError, match="tidak dapat dicatat"):
        attendance.set_test_scores(trainer, workshop, {enrolments[0].id: {"post_score": 80}})


def test_mark_all_present_keeps_what_is_already_recorded(db, trainer, workshop, enrolments):
    session = workshop.sessions[0]
    ani, budi, citra = enrolments
    attendance.record_attendance(trainer, session, {budi.id: "excused"})
    assert attendance.mark_all_present(trainer, session) == 2
    db.session.commit()
    assert _recorded(db, session) == {ani.id: "present", budi.id: "excused", citra.id: "present"}
    assert attendance.mark_all_present(trainer, session) == 0


def test_attendance_of_a_session_still_to_come_is_refused(db, trainer, workshop, enrolments):
    tomorrow = workshop.sessions[1]
    assert tomorrow.session_date == date.today() + timedelta(days=1)
    with pytest.raises(DomainError, match="belum dapat dicatat: sesi itu belum berlangsung"):
        attendance.record_attendance(trainer, tomorrow, {enrolments[0].id: "present"})
    with pytest.raises(DomainError, match="belum berlangsung"):
        attendance.mark_all_present(trainer, tomorrow)
    assert _recorded(db, tomorrow) == {}
    # On the session's day it is recorded as usual.
    assert attendance.mark_all_present(trainer, tomorrow, today=tomorrow.session_date) == 3


def test_scores_are_set_cleared_and_audited(db, trainer, workshop, enrolments):
    ani, budi, _citra = enrolments
    changed = attendance.set_test_scores(trainer, workshop, {
        ani.id: {"pre_score": 55, "post_score": 85.5}, budi.id: {"post_score": 70}})
    db.session.commit()
    assert changed == 2
    assert attendance.set_test_scores(trainer, workshop, {ani.id: {"pre_score": None}}) == 1
    db.session.commit()
    db.session.expire_all()
    assert (db.session.get(Enrolment, ani.id).pre_score, db.session.get(Enrolment, ani.id).post_score) \
        == (None, 85.5)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "test_score")
                                 .order_by(AuditEntry.id)).all()
    assert [entry.entity_id for entry in entries] == [ani.id, budi.id, ani.id]
    assert entries[-1].changes == {"pre_score": [55.0, None]}


@pytest.mark.parametrize(("value", "message"), [
    (-1, "antara 0 dan 100"), (100.5, "antara 0 dan 100"), (math.nan, "berupa angka"), (True, "berupa angka"),
    ("80", "berupa angka"),
])
def test_a_score_out_of_range_or_not_a_number_is_refused(db, trainer, workshop, enrolments, value, message):
    with pytest.raises(DomainError, match=message):
        attendance.set_test_scores(trainer, workshop, {enrolments[0].id: {"post_score": value}})


def test_scores_are_only_for_enrolled_participants(db, trainer, workshop, make_employee, make_enrolment):
    waiting = make_enrolment(workshop, make_employee("Fajar"), status="waitlisted")
    with pytest.raises(DomainError, match="hanya dapat dicatat untuk peserta yang terdaftar"):
        attendance.set_test_scores(trainer, workshop, {waiting.id: {"pre_score": 50}})


# --- pages -----------------------------------------------------------------------------------------------------

def test_the_trainer_takes_attendance_on_the_grid(db, client, login, trainer, workshop, enrolments):
    session = workshop.sessions[0]
    ani, budi, citra = enrolments
    login(trainer)
    page = client.get(f"/pengajar/kelas/{workshop.id}/presensi", follow_redirects=True)
    text = page_text(page)
    assert "Ani Lubis" in text and "Tandai semua hadir" in text and "0 dari 3 peserta sudah dicatat" in text
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi/{session.id}/presensi",
                           data={f"e{ani.id}": "present", f"e{budi.id}": "absent"})
    assert response.status_code == 302
    assert _recorded(db, session) == {ani.id: "present", budi.id: "absent"}
    assert "Presensi disimpan (2 perubahan)." in page_text(client.get(response.location))
    client.post(f"/pengajar/kelas/{workshop.id}/sesi/{session.id}/presensi/semua-hadir")
    assert _recorded(db, session) == {ani.id: "present", budi.id: "absent", citra.id: "present"}


def test_an_unknown_status_on_the_grid_is_shown_beside_the_participant(client, login, trainer, workshop, enrolments):
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi/{workshop.sessions[0].id}/presensi",
                           data={f"e{enrolments[0].id}": "pulang"})
    assert response.status_code == 422
    assert "Pilihan tidak valid." in page_text(response)


def test_a_completed_class_shows_attendance_read_only(db, client, login, trainer, workshop, enrolments):
    workshop.status = "completed"
    db.session.commit()
    login(trainer)
    url = f"/pengajar/kelas/{workshop.id}/sesi/{workshop.sessions[0].id}/presensi"
    assert "Presensi kelas ini tidak dapat diubah lagi." in page_text(client.get(url))
    response = client.post(url + "/semua-hadir", follow_redirects=True)
    assert "tidak dapat dicatat untuk kelas berstatus selesai" in page_text(response)
    assert _recorded(db, workshop.sessions[0]) == {}


def test_a_session_still_to_come_offers_no_attendance_and_refuses_it(db, client, login, trainer, workshop,
                                                                   enrolments):
    tomorrow = workshop.sessions[1]
    login(trainer)
    url = f"/pengajar/kelas/{workshop.id}/sesi/{tomorrow.id}/presensi"
    page = client.get(url)
    text = page_text(page)
    assert "Sesi ini belum berlangsung. Presensinya dapat dicatat mulai" in text
    assert "Tandai semua hadir" not in text and "Simpan presensi" not in text
    assert "semua-hadir" not in page.get_data(as_text=True)
    response = client.post(url, data={f"e{enrolments[0].id}": "present"}, follow_redirects=True)
    assert "belum dapat dicatat: sesi itu belum berlangsung" in page_text(response)
    response = client.post(url + "/semua-hadir", follow_redirects=True)
    assert "belum dapat dicatat: sesi itu belum berlangsung" in page_text(response)
    assert _recorded(db, tomorrow) == {}
    # Today's session still offers it.
    assert "Tandai semua hadir" in page_text(client.get(
        f"/pengajar/kelas/{workshop.id}/sesi/{workshop.sessions[0].id}/presensi"))


def test_scores_are_typed_in_with_a_decimal_comma(db, client, login, trainer, workshop, enrolments):
    ani, budi, _citra = enrolments
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/nilai", data={
        f"pre{ani.id}": "60", f"post{ani.id}": "87,5", f"post{budi.id}": "90"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Enrolment, ani.id).post_score == 87.5
    assert db.session.get(Enrolment, budi.id).pre_score is None
    assert "87.5" in client.get(f"/pengajar/kelas/{workshop.id}/nilai").get_data(as_text=True)


@pytest.mark.parametrize(("value", "message"), [
    ("101", "Nilai harus antara 0 dan 100."), ("-5", "Nilai harus antara 0 dan 100."),
    ("delapan puluh", "Bukan angka yang valid."),
])
def test_a_typed_score_out_of_range_is_refused_beside_the_field(db, client, login, trainer, workshop, enrolments,
                                                                 value, message):
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/nilai", data={f"post{enrolments[0].id}": value})
    assert response.status_code == 422
    assert message in page_text(response)
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolments[0].id).post_score is None
