"""PDF rendering (lms.pdf) and the attendance sheet (daftar hadir) a trainer prints."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from courses.teaching.queries import enrolled_participants
from lms.pdf import DEFAULT_BASE_URL, pdf_response, render_pdf, static_only_fetcher

LEAK_CSS = b"body::after { content: 'BOCOR'; }"


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def leaky_server():
    """A local web server whose stylesheet would print BOCOR; records the paths asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(LEAK_CSS)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()
    thread.join()


def test_html_becomes_a_pdf_with_its_text():
    data = render_pdf("<h1>Daftar Hadir</h1><p>Peserta: Ani Lubis</p>")
    assert data.startswith(b"%PDF-")
    assert "Peserta: Ani Lubis" in pdf_text(data)[0]


def test_local_files_are_never_read(tmp_path):
    stylesheet = tmp_path / "leak.css"
    stylesheet.write_bytes(LEAK_CSS)
    html = f'<link rel="stylesheet" href="{stylesheet.as_uri()}"><p>Isi</p>'
    assert "BOCOR" not in pdf_text(render_pdf(html))[0]
    assert "BOCOR" not in pdf_text(render_pdf('<link rel="stylesheet" href="leak.css"><p>Isi</p>',
                                              base_url=tmp_path.as_uri() + "/"))[0]


def test_remote_urls_are_never_fetched(leaky_server):
    origin, asked = leaky_server
    html = f'<link rel="stylesheet" href="{origin}/static/app.css"><img src="{origin}/logo.png"><p>Isi</p>'
    assert "BOCOR" not in pdf_text(render_pdf(html))[0]
    assert asked == []


def test_the_fetcher_serves_data_urls_and_static_files_only(app):
    fetcher = static_only_fetcher(app.static_folder, app.static_url_path, DEFAULT_BASE_URL)
    assert fetcher.fetch("data:text/css,p%7Bcolor:red%7D").read() == b"p{color:red}"
    css = fetcher.fetch(DEFAULT_BASE_URL + "static/app.css")
    assert b".nip" in css.read() and css.content_type == "text/css"
    for url in ("file:///etc/passwd", "http://127.0.0.1/static/app.css", "https://example.org/x.css",
                DEFAULT_BASE_URL + "static/../kompeten/config.py", DEFAULT_BASE_URL + "static/%2e%2e/wsgi.py",
                DEFAULT_BASE_URL + "kompeten/config.py", DEFAULT_BASE_URL + "static/missing.css", "ftp://host/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_static_stylesheets_apply():
    data = render_pdf('<link rel="stylesheet" href="/static/app.css"><p class="nip">199005172015031001</p>')
    assert "199005172015031001" in pdf_text(data)[0]


def test_pdf_response_headers(app):
    with app.test_request_context():
        inline = pdf_response(b"%PDF-1.7", "daftar-hadir.pdf")
        attachment = pdf_response(b"%PDF-1.7", "daftar hadir ümum.pdf", as_attachment=True)
    assert inline.mimetype == "application/pdf"
    assert inline.headers["Content-Disposition"] == "inline; filename=daftar-hadir.pdf"
    assert inline.headers["X-Content-Type-Options"] == "nosniff"
    assert attachment.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''daftar%20hadir%20%C3%BCmum.pdf" in attachment.headers["Content-Disposition"]


# --- the attendance sheet ---------------------------------------------------------------------------------------

@pytest.fixture
def trainer(make_user, make_employee):
    return make_user("trainer", employee=make_employee("Sari Widyaiswara"))


@pytest.fixture
def workshop(db, trainer, make_employee, make_position, make_unit, make_course, make_enrolment, make_workshop):
    workshop = make_workshop(course=make_course(title="Manajemen Kearsipan Digital"), trainers=[trainer],
                             sessions=3, batch="Angkatan II Tahun 2026", venue="Aula Rahmat Shah")
    unit = make_unit("Dinas Komunikasi dan Informatika")
    for name in ("Ani Lubis", "Budi Sitorus"):
        make_enrolment(workshop, make_employee(name, position=make_position("Pranata Komputer", unit=unit)))
    make_enrolment(workshop, make_employee("Citra Waitlist"), status="waitlisted")
    return workshop


def test_the_attendance_sheet_has_a_page_per_session_with_every_participant(client, login, trainer, workshop):
    login(trainer)
    response = client.get(f"/pengajar/kelas/{workshop.id}/daftar-hadir.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_text(response.data)
    assert len(pages) == 3
    first = " ".join(pages[0].split())
    for expected in ("PEMERINTAH KOTA MEDAN", "DAFTAR HADIR PESERTA", "Manajemen Kearsipan Digital",
                     "Angkatan II Tahun 2026", "Aula Rahmat Shah", "Sari Widyaiswara", "Ani Lubis", "Budi Sitorus",
                     "Dinas Komunikasi dan Informatika", "Pranata Komputer", "Tanda Tangan", "08.00–12.00 WIB"):
        assert expected in first, expected
    for participant in enrolled_participants(workshop.id):
        assert participant.employee.nip in first
    assert "Citra Waitlist" not in first


def test_the_attendance_sheet_of_one_session(client, login, trainer, workshop):
    login(trainer)
    session = workshop.sessions[1]
    pages = pdf_text(client.get(f"/pengajar/kelas/{workshop.id}/daftar-hadir.pdf?sesi={session.id}").data)
    assert len(pages) == 1 and "Sesi 2" in pages[0]


def test_the_attendance_sheet_is_refused_to_another_trainer(client, login, make_user, workshop):
    login(make_user("trainer"))
    assert client.get(f"/pengajar/kelas/{workshop.id}/daftar-hadir.pdf").status_code == 403
