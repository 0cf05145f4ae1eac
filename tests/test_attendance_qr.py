"""Attendance by QR code: the signed, short-lived codes of a session's time box, a participant recording themselves
present or late once, every refusal, and the trainer's and the participant's pages."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from courses.models import Attendance
from courses.teaching import attendance, checkin
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from tests import browser_helpers
from tests.helpers import PASSWORD, page_text

CITY = ZoneInfo("Asia/Jakarta")
browser, live_url = browser_helpers.browser, browser_helpers.live_url  # the fixtures, for the phone test


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CITY)


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def workshop(db, trainer, make_workshop):
    """Today's session runs 08:00-12:00 (the factory's), tomorrow's too."""
    return make_workshop(trainers=[trainer], sessions=2, first_day=date.today())


@pytest.fixture
def participant(make_user, make_employee, make_enrolment, workshop):
    user = make_user(employee=make_employee("Ani Lubis"))
    user.enrolment = make_enrolment(workshop, user.employee)
    return user


def recorded(db, session) -> dict[int, tuple[str, int]]:
    db.session.expire_all()
    return {row.enrolment_id: (row.status, row.recorded_by_id) for row in db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}


# --- codes and their time box ----------------------------------------------------------------------------------

def test_a_code_names_its_session_and_is_accepted_only_briefly(workshop):
    session, today = workshop.sessions[0], workshop.sessions[0].session_date
    shown = at(today, 8, 5)
    token = checkin.make_token(session, shown)
    assert checkin.read_token(token, shown + timedelta(seconds=120)) == session  # LMS_ATTENDANCE_QR_VALID_SECONDS
    with pytest.raises(DomainError, match="sudah kedaluwarsa"):
        checkin.read_token(token, shown + timedelta(seconds=121))
    other = workshop.sessions[1]
    session_id, moment, signature = token.split(".")
    for forged in (f"{other.id}.{moment}.{signature}", f"{session_id}.{int(moment) + 600}.{signature}",
                   token[:-1] + ("A" if token[-1] != "A" else "B"), "token-akses-matrix", ""):
        with pytest.raises(checkin.InvalidCode, match="tidak dikenal"):
            checkin.read_token(forged, shown)
    with pytest.raises(checkin.InvalidCode):  # shown "later" than now by more than a clock's drift
        checkin.read_token(checkin.make_token(session, shown + timedelta(minutes=5)), shown)


def test_codes_exist_only_from_half_an_hour_before_the_start_to_the_end(workshop):
    session, today = workshop.sessions[0], workshop.sessions[0].session_date
    assert checkin.make_token(session, at(today, 7, 30))
    assert checkin.make_token(session, at(today, 12, 0))
    with pytest.raises(DomainError, match="dibuka pukul 07:30"):
        checkin.make_token(session, at(today, 7, 29, 59))
    with pytest.raises(DomainError, match="sudah ditutup pukul 12:00"):
        checkin.make_token(session, at(today, 12, 0, 1))
    with pytest.raises(DomainError, match="tidak berlangsung hari ini"):
        checkin.make_token(workshop.sessions[1], at(today, 8, 30))


# --- recording oneself -------------------------------------------------------------------------------------------

def test_a_participant_records_themselves_present_once_and_it_is_audited(db, workshop, participant):
    session, today = workshop.sessions[0], workshop.sessions[0].session_date
    assert checkin.check_in(participant, session, at(today, 8, 15)) == "present"  # within the 15 minutes' grace
    db.session.commit()
    assert recorded(db, session) == {participant.enrolment.id: ("present", participant.id)}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "attendance")).one()
    assert entry.actor_id == participant.id and entry.note == "kode QR"
    assert entry.changes == {participant.employee.nip: [None, "present"]}
    with pytest.raises(DomainError, match="sudah tercatat: Hadir"):
        checkin.check_in(participant, session, at(today, 8, 20))


def test_after_the_grace_period_a_scan_records_late(db, workshop, participant):
    session, today = workshop.sessions[0], workshop.sessions[0].session_date
    assert checkin.check(participant, session, at(today, 8, 15).astimezone(UTC)).status == "present"  # 01:15 UTC
    assert checkin.check_in(participant, session, at(today, 8, 15, 1)) == "late"
    db.session.commit()
    assert recorded(db, session)[participant.enrolment.id][0] == "late"


@pytest.mark.parametrize("status", [None, "waitlisted", "withdrawn", "awaiting_approval"])
def test_only_enrolled_participants_of_the_class_record_themselves(db, workshop, make_user, make_employee,
                                                                   make_enrolment, status):
    user = make_user(employee=make_employee("Budi Sitorus"))
    if status:
        make_enrolment(workshop, user.employee, status=status)
    session = workshop.sessions[0]
    with pytest.raises(checkin.NotEnrolled, match="tidak terdaftar sebagai peserta kelas"):
        checkin.check_in(user, session, at(session.session_date, 8, 5))
    assert recorded(db, session) == {}


def test_what_the_trainer_recorded_stays_and_the_trainer_still_corrects_by_hand(db, trainer, workshop, participant):
    session, today = workshop.sessions[0], workshop.sessions[0].session_date
    attendance.record_attendance(trainer, session, {participant.enrolment.id: "excused"}, today)
    db.session.commit()
    with pytest.raises(DomainError, match="sudah tercatat: Izin"):
        checkin.check_in(participant, session, at(today, 8, 5))
    assert recorded(db, session) == {participant.enrolment.id: ("excused", trainer.id)}
    checkin.check_in(participant, workshop.sessions[1], at(workshop.sessions[1].session_date, 8, 0))
    attendance.record_attendance(trainer, workshop.sessions[1], {participant.enrolment.id: "absent"}, today
                                 + timedelta(days=1))
    db.session.commit()
    assert recorded(db, workshop.sessions[1]) == {participant.enrolment.id: ("absent", trainer.id)}


def test_nothing_is_recorded_outside_the_time_box_or_once_the_class_is_closed(db, workshop, participant):
    session, today = workshop.sessions[0], workshop.sessions[0].session_date
    with pytest.raises(DomainError, match="dibuka pukul 07:30"):
        checkin.check_in(participant, session, at(today, 7, 0))
    with pytest.raises(DomainError, match="sudah ditutup"):
        checkin.check_in(participant, session, at(today, 12, 30))
    with pytest.raises(DomainError, match="tidak berlangsung hari ini"):
        checkin.check_in(participant, session, at(today + timedelta(days=1), 8, 5))
    workshop.status = "completed"
    db.session.commit()
    with pytest.raises(DomainError, match="tidak dapat dicatat untuk kelas berstatus selesai"):
        checkin.check_in(participant, session, at(today, 8, 5))
    assert recorded(db, session) == {}


# --- the pages (at the real time of day: a session around now) -------------------------------------------------------

@pytest.fixture
def running(db, workshop):
    """Today's session moved to run from five minutes ago to the end of the day, in the city's time (the server's
    date may differ), and the other one to the city's tomorrow."""
    now = datetime.now(CITY)
    session = workshop.sessions[0]
    session.session_date = now.date()
    session.starts_at = (now - timedelta(minutes=5)).time().replace(microsecond=0) if now.hour or now.minute >= 5 \
        else time(0)
    session.ends_at = time(23, 59, 59)
    workshop.sessions[1].session_date = now.date() + timedelta(days=1)
    db.session.commit()
    return session


def test_the_trainer_shows_a_code_that_renews_itself(client, login, trainer, workshop, running, participant):
    login(trainer)
    take = client.get(f"/pengajar/kelas/{workshop.id}/sesi/{running.id}/presensi")
    assert f'href="/pengajar/kelas/{workshop.id}/sesi/{running.id}/presensi/kode-qr"' in take.get_data(as_text=True)
    response = client.get(f"/pengajar/kelas/{workshop.id}/sesi/{running.id}/presensi/kode-qr")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<img class="attendance-qr[^"]*" src="data:image/svg\+xml', html)
    assert 'data-refresh-seconds="30"' in html and "/static/js/qr_refresh.js" in html and "<script>" not in html
    assert "0 dari 1 peserta sudah dicatat." in page_text(response)
    tomorrow = client.get(f"/pengajar/kelas/{workshop.id}/sesi/{workshop.sessions[1].id}/presensi/kode-qr")
    assert "tidak berlangsung hari ini" in page_text(tomorrow) and "attendance-qr" not in tomorrow.get_data(
        as_text=True)


def test_a_participant_scans_confirms_and_the_trainer_sees_it(db, client, login, trainer, workshop, running,
                                                             participant):
    token = checkin.make_token(running, datetime.now(CITY))
    login(participant)
    page = client.get(f"/presensi/{token}")
    assert page.status_code == 200
    assert "Kehadiran Anda akan dicatat sebagai: Hadir." in page_text(page) and workshop.title in page_text(page)
    response = client.post(f"/presensi/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/pelatihan-saya")
    assert "Kehadiran Anda tercatat: Hadir" in page_text(client.get(response.headers["Location"]))
    assert recorded(db, running) == {participant.enrolment.id: ("present", participant.id)}
    again = client.post(f"/presensi/{token}")
    assert again.status_code == 409 and "sudah tercatat: Hadir" in page_text(again)
    client.post("/keluar")
    login(trainer)
    html = client.get(f"/pengajar/kelas/{workshop.id}/sesi/{running.id}/presensi").get_data(as_text=True)
    radio = re.search(rf'<input[^>]*name="e{participant.enrolment.id}"[^>]*value="present"[^>]*>', html).group()
    assert "checked" in radio
    row = html[html.index(f'id="name-{participant.enrolment.id}"'):]
    assert "dicatat sendiri (kode QR)" in row[:row.index("</th>")]
    # The trainer corrects by hand (the page's service, on the session's day); the record is then the trainer's.
    attendance.record_attendance(trainer, running, {participant.enrolment.id: "late"}, running.session_date)
    db.session.commit()
    assert recorded(db, running) == {participant.enrolment.id: ("late", trainer.id)}
    html = client.get(f"/pengajar/kelas/{workshop.id}/sesi/{running.id}/presensi").get_data(as_text=True)
    assert "dicatat sendiri" not in html


def test_every_refusal_says_why(db, client, login, workshop, running, participant, make_user, make_employee):
    now = datetime.now(CITY)
    fresh = checkin.make_token(running, now)
    assert client.get(f"/presensi/{fresh}").headers["Location"].startswith("/masuk")  # log in first
    outsider = make_user(employee=make_employee("Citra Ginting"))
    login(outsider)
    refused = client.post(f"/presensi/{fresh}")
    assert refused.status_code == 403 and "tidak terdaftar sebagai peserta kelas" in page_text(refused)
    client.post("/keluar")
    login(participant)
    forged = client.get(f"/presensi/{fresh[:-2]}xx")
    assert forged.status_code == 400 and "Kode QR ini tidak dikenal" in page_text(forged)
    stale = checkin.make_token(running, now - timedelta(seconds=121))
    expired = client.post(f"/presensi/{stale}")
    assert expired.status_code == 409 and "sudah kedaluwarsa" in page_text(expired)
    running.session_date = now.date() - timedelta(days=1)
    db.session.commit()
    yesterday = client.post(f"/presensi/{fresh}")
    assert yesterday.status_code == 409 and "tidak berlangsung hari ini" in page_text(yesterday)
    assert recorded(db, running) == {}


@pytest.mark.browser
@pytest.mark.skipif(browser_helpers.CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_on_a_phone_the_scanned_address_logs_in_and_records_in_one_tap(db, browser, live_url, workshop, running,
                                                                      participant):
    context = browser.new_context(base_url=live_url, locale="id-ID", viewport=browser_helpers.PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"/presensi/{checkin.make_token(running, datetime.now(CITY))}")  # what the camera app opens
        page.fill("#identifier", participant.employee.nip)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Kehadiran Anda akan dicatat sebagai: Hadir." in page.inner_text("main")  # back at the code's page
        button = page.get_by_role("button", name="Catat kehadiran saya")
        assert button.bounding_box()["height"] >= 44 and button.bounding_box()["width"] <= 390
        with page.expect_navigation():
            button.click()
        assert "Kehadiran Anda tercatat: Hadir" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
    assert recorded(db, running) == {participant.enrolment.id: ("present", participant.id)}
