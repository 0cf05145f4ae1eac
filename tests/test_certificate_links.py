"""The verification URL printed and QR-encoded on certificates is the configured public address, never the Host
header of the request that closed the class, and the same whether the closing request or a background job renders
the PDF; outside debug and tests a server does not start, and a certificate is not rendered, without it."""

import io
import time
from datetime import date, timedelta

import pytest
import segno
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import select

from courses.certificates import services as certificates
from courses.models import Attendance, Certificate, WorkshopSession
from kompeten.app import create_app
from kompeten.startup import public_base_url_problem
from lms.domain import DomainError
from lms.extensions import db as _db

PUBLIC = "https://kompeten.pemkomedan.go.id"
HOSTILE = "http://evil.example"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def qr_matches(data: bytes, url: str) -> bool:
    picture = PdfReader(io.BytesIO(data)).pages[0].images[0].image.convert("L")
    rows = [list(row) for row in segno.make(url, error="m").matrix_iter(scale=1, border=certificates.QR_BORDER)]
    step = picture.width / len(rows)
    scanned = [[picture.getpixel((int((x + .5) * step), int((y + .5) * step))) < 128 for x in range(len(row))]
               for y, row in enumerate(rows)]
    return scanned == [[bool(cell) for cell in row] for row in rows]


@pytest.fixture
def finished_class(db, make_user, make_employee, make_course, make_workshop, make_enrolment):
    """A running class whose only session is over, with two participants who attended it; and its trainer."""
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    workshop = make_workshop(course=make_course(title="Etika Pelayanan Publik"), trainers=[trainer], sessions=1,
                             status="running", first_day=date.today() - timedelta(days=3))
    session = db.session.scalar(select(WorkshopSession).where(WorkshopSession.workshop_id == workshop.id))
    for name in ("Ani Lubis", "Budi Nasution"):
        enrolment = make_enrolment(workshop, make_employee(name))
        db.session.add(Attendance(session_id=session.id, enrolment_id=enrolment.id, status="present"))
    db.session.commit()
    return trainer, workshop


def _hostile_client(app, trainer):
    """A client signed in as the trainer whose every request names the hostile host (Host: evil.example)."""
    client = app.test_client()
    with client.session_transaction(base_url=HOSTILE) as session:
        session["_user_id"] = f"{trainer.id}:{trainer.session_version}"
        session["_fresh"] = True
    return client


def _close_from(client, workshop) -> None:
    response = client.post(f"/pengajar/kelas/{workshop.id}/penutupan", base_url=HOSTILE)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "/masuk" not in response.location
    if "/tugas/" in response.location:  # a large class: the PDFs come from a background job
        status = response.location.removeprefix(HOSTILE) + "/status"
        deadline = time.monotonic() + 30
        while (state := client.get(status, base_url=HOSTILE).get_json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, state
            time.sleep(0.05)
        assert state["status"] == "done", state


def _issued(db) -> list[Certificate]:
    db.session.rollback()
    issued = db.session.scalars(select(Certificate).order_by(Certificate.sequence)).all()
    assert len(issued) == 2 and all(certificate.pdf for certificate in issued)
    return issued


@pytest.mark.parametrize("inline_max", [60, 0], ids=["rendered by the closing", "rendered by the job"])
def test_a_hostile_host_header_never_reaches_the_certificate(app, db, finished_class, monkeypatch, inline_max):
    trainer, workshop = finished_class
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", PUBLIC + "/")
    monkeypatch.setitem(app.config, "CERTIFICATES_INLINE_MAX", inline_max)
    _close_from(_hostile_client(app, trainer), workshop)
    for certificate in _issued(db):
        text = pdf_text(certificate.pdf)
        assert f"{PUBLIC}/verifikasi/{certificate.verification_code}" in text
        assert "evil.example" not in text
        assert qr_matches(certificate.pdf, f"{PUBLIC}/verifikasi/{certificate.verification_code}")


@pytest.mark.parametrize("inline_max", [60, 0], ids=["rendered by the closing", "rendered by the job"])
def test_in_tests_and_debug_an_unset_address_is_localhost_not_the_requests_host(app, db, finished_class, monkeypatch,
                                                                                inline_max):
    trainer, workshop = finished_class
    assert not app.config["PUBLIC_BASE_URL"]
    monkeypatch.setitem(app.config, "CERTIFICATES_INLINE_MAX", inline_max)
    _close_from(_hostile_client(app, trainer), workshop)
    for certificate in _issued(db):
        text = pdf_text(certificate.pdf)
        assert f"http://localhost/verifikasi/{certificate.verification_code}" in text and "evil.example" not in text


def test_outside_debug_and_tests_a_certificate_is_not_rendered_without_the_address(monkeypatch):
    monkeypatch.setitem(current_app.config, "TESTING", False)
    monkeypatch.setitem(current_app.config, "PUBLIC_BASE_URL", "")
    with pytest.raises(DomainError, match="LMS_PUBLIC_BASE_URL"):
        certificates.verification_url("ABCDEFGHJKMN")
    monkeypatch.setitem(current_app.config, "PUBLIC_BASE_URL", PUBLIC)
    assert certificates.verification_url("ABCDEFGHJKMN") == f"{PUBLIC}/verifikasi/ABCDEFGHJKMN"


@pytest.mark.parametrize(("config", "problem"), [
    ({}, "LMS_PUBLIC_BASE_URL belum diatur / is not set"),
    ({"DEBUG": True}, None),
    ({"TESTING": True}, None),
    ({"PUBLIC_BASE_URL": PUBLIC}, None),
    ({"PUBLIC_BASE_URL": "http://10.1.2.3:8000/kompeten/"}, None),
    ({"PUBLIC_BASE_URL": "kompeten.pemkomedan.go.id"}, "bukan alamat http(s) yang lengkap"),
    ({"PUBLIC_BASE_URL": "javascript:alert(1)"}, "bukan alamat http(s) yang lengkap"),
    ({"PUBLIC_BASE_URL": "https://kompeten.pemkomedan.go.id/?next=x"}, "bukan alamat http(s) yang lengkap"),
    ({"PUBLIC_BASE_URL": "https://kompeten.pemkomedan.go.id/?next=x", "DEBUG": True}, "bukan alamat"),
])
def test_a_server_needs_a_full_public_address_outside_debug_and_tests(app, config, problem):
    server = create_app({"SECRET_KEY": "k", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], **config})
    server.debug = bool(config.get("DEBUG"))
    found = public_base_url_problem(server)
    with server.app_context():
        _db.engine.dispose()
    assert (found is None) if problem is None else (problem in found)
