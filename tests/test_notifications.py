"""Notifications: the in-app list with its unread count, and e-mail through the outbox (a real SMTP server on a
local port receives what the app sends)."""

import socketserver
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import select

from courses.catalogue import services
from lms.notifications import services as notifications
from lms.notifications.models import Notification, OutboxMail
from tests.helpers import page_text


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib's send_message: greets, accepts one message per MAIL..DATA."""

    def handle(self) -> None:
        time.sleep(self.server.greeting_delay)
        self._reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 end with .")
                self.server.messages.append(self._read_message())
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")

    def _read_message(self) -> str:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line.decode())
        return "".join(lines)

    def _reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())


@pytest.fixture
def smtp_server() -> Iterator[socketserver.ThreadingTCPServer]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages, server.greeting_delay = [], 0.0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def mail_config(app, smtp_server, monkeypatch):
    """Point both app objects (the client's and the test body's) at the local SMTP server."""
    from flask import current_app

    for config in (app.config, current_app.config):
        monkeypatch.setitem(config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(config, "MAIL_PORT", smtp_server.server_address[1])
    return smtp_server


def _wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_header_counts_unread_notifications_and_the_list_marks_them_read(client, login, db, make_user):
    user = make_user()
    notifications.notify_users([user.id], "Kelas Literasi Digital dibatalkan.", "/pelatihan-saya")
    notifications.notify_users([user.id], "Anda terdaftar sebagai peserta Etika ASN.")
    db.session.commit()
    login(user)
    home = page_text(client.get("/"))
    assert "Notifikasi 2" in home
    listing = page_text(client.get("/notifikasi/"))
    assert "Kelas Literasi Digital dibatalkan." in listing and "Baru" in listing
    first = db.session.scalar(select(Notification).where(Notification.link != ""))
    response = client.post(f"/notifikasi/{first.id}/buka")
    assert response.headers["Location"] == "/pelatihan-saya"
    assert "Notifikasi 1" in page_text(client.get("/"))
    marked = client.post("/notifikasi/baca-semua", headers={"Referer": "http://evil.example/"})
    assert marked.headers["Location"] == "/notifikasi/"  # back to a page of this site only
    assert "Notifikasi 1" not in page_text(client.get("/"))


def test_nobody_opens_another_users_notification(client, login, db, make_user):
    owner, other = make_user(), make_user(email="lain@example.go.id")
    notifications.notify_users([owner.id], "Pesan pribadi", "/pelatihan-saya")
    db.session.commit()
    login(other)
    note = db.session.scalar(select(Notification))
    client.post(f"/notifikasi/{note.id}/buka")
    assert "Pesan pribadi" not in page_text(client.get("/notifikasi/"))
    db.session.refresh(note)
    assert note.read_at is None


def test_without_smtp_no_mail_is_queued_and_nothing_fails(db, make_user):
    user = make_user(email="pegawai@example.go.id")
    notifications.notify_users([user.id], "Halo")
    db.session.commit()
    assert db.session.scalar(select(OutboxMail.id)) is None
    assert notifications.send_outbox() == 0


def test_with_smtp_the_mail_goes_out_after_commit(db, make_user, mail_config):
    user = make_user(email="pegawai@example.go.id")
    notifications.notify_users([user.id], "Permohonan Anda disetujui.", "/pelatihan-saya")
    assert mail_config.messages == []  # nothing before the commit
    db.session.commit()
    assert _wait_for(lambda: mail_config.messages)
    message = mail_config.messages[0]
    assert "To: pegawai@example.go.id" in message and "Permohonan Anda disetujui." in message
    assert _wait_for(lambda: _marked_sent(db))


def _marked_sent(db) -> bool:
    db.session.rollback()  # a new transaction sees the background sender's update
    return db.session.scalar(select(OutboxMail.sent_at)) is not None


def test_a_rolled_back_change_mails_nothing(db, make_user, mail_config):
    user = make_user(email="pegawai@example.go.id")
    notifications.notify_users([user.id], "Tidak jadi")
    db.session.rollback()
    assert db.session.scalar(select(OutboxMail.id)) is None
    time.sleep(0.3)
    assert mail_config.messages == []


def test_a_slow_mail_server_does_not_slow_the_request(client, login, db, make_user, make_employee, mail_config):
    mail_config.greeting_delay = 2.0
    hr = make_user("hr", with_employee=False, email="sdm@example.go.id")
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    participant = make_user(employee=make_employee(email="peserta@example.go.id"))
    course = services.create_course(hr, code="LD-01", title="Literasi Digital", hours_jp=16, modality="workshop",
                                    status="published")
    workshop = services.create_workshop(hr, course, trainers=[trainer], batch="Angkatan I", capacity=10,
                                        enrol_opens_on=date.today(), enrol_closes_on=date.today() + timedelta(days=5))
    services.add_session(hr, workshop, date.today() + timedelta(days=9), clock(8), clock(12))
    services.set_workshop_status(hr, workshop, "open")
    db.session.commit()
    login(hr)
    started = time.monotonic()
    response = client.post(f"/diklat/kelas/{workshop.id}/usulkan-peserta",
                           data={"nips": participant.employee.nip})
    elapsed = time.monotonic() - started
    assert "1 dari 1 pegawai diusulkan." in page_text(response)
    assert elapsed < 1.5
    assert _wait_for(lambda: any("peserta@example.go.id" in m for m in mail_config.messages))


def test_an_unreachable_mail_server_keeps_the_mail_queued(db, make_user, monkeypatch, app):
    from flask import current_app

    monkeypatch.setitem(current_app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(current_app.config, "MAIL_PORT", 9)  # discard port: nothing listens
    monkeypatch.setitem(current_app.config, "MAIL_SEND_IN_BACKGROUND", False)
    user = make_user(email="pegawai@example.go.id")
    notifications.notify_users([user.id], "Halo")
    db.session.commit()
    assert notifications.send_outbox() == 0
    mail = db.session.scalar(select(OutboxMail))
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error


def test_the_send_mail_command_delivers_what_is_queued(runner, db, make_user, mail_config, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SEND_IN_BACKGROUND", False)
    from flask import current_app

    monkeypatch.setitem(current_app.config, "MAIL_SEND_IN_BACKGROUND", False)
    user = make_user(email="pegawai@example.go.id")
    notifications.notify_users([user.id], "Pengingat kelas besok")
    db.session.commit()
    result = runner.invoke(args=["lms", "send-mail"])
    assert result.output.strip() == "1 e-mail(s) sent."
    assert "Pengingat kelas besok" in mail_config.messages[0]


def test_many_employees_are_notified_in_batches(db, make_user, monkeypatch):
    monkeypatch.setattr(notifications, "ID_BATCH", 2)
    users = [make_user() for _ in range(5)]
    notifications.notify_employees([user.employee_id for user in users], "Periode penilaian dibuka.")
    db.session.commit()
    assert sorted(db.session.scalars(select(Notification.user_id))) == sorted(user.id for user in users)
