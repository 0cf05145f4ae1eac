"""Workshop materials: trainers upload files and links; participants and trainers download them, nobody else."""

import io

import pytest
from sqlalchemy import select

from courses.models import Material
from courses.teaching import materials
from lms.domain import DomainError
from tests.helpers import page_text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 64
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def workshop(db, trainer, make_workshop):
    return make_workshop(trainers=[trainer])


def _upload(client, workshop, data: bytes, filename: str, title: str = "Modul 1", kind: str = "module"):
    return client.post(f"/pengajar/kelas/{workshop.id}/materi/berkas", content_type="multipart/form-data",
                       data={"file-title": title, "file-kind": kind, "file-file": (io.BytesIO(data), filename)})


def test_a_trainer_uploads_a_file_and_a_participant_downloads_it(db, client, login, trainer, workshop, make_user,
                                                                 make_enrolment):
    login(trainer)
    response = _upload(client, workshop, PDF, "Modul Pelayanan.pdf", title="Modul Pelayanan Publik")
    assert response.status_code == 302
    assert "Modul Pelayanan Publik" in page_text(client.get(f"/pengajar/kelas/{workshop.id}/materi"))
    material = db.session.scalar(select(Material))
    assert (material.content_type, material.size, material.filename) == ("application/pdf", len(PDF),
                                                                          "Modul Pelayanan.pdf")
    client.post("/keluar")
    participant = make_user()
    make_enrolment(workshop, participant.employee)
    login(participant)
    download = client.get(f"/pengajar/kelas/{workshop.id}/materi/{material.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("status", "code"), [("enrolled", 200), ("completed", 200), ("failed", 200),
                                              ("no_show", 200), ("waitlisted", 403), ("awaiting_approval", 403),
                                              ("withdrawn", 403)])
def test_only_participants_download(db, client, login, trainer, workshop, make_user, status, code, make_enrolment):
    material = materials.add_file(trainer, workshop, title="Modul", kind="module", filename="m.pdf", content=PDF)
    db.session.commit()
    user = make_user()
    make_enrolment(workshop, user.employee, status=status)
    login(user)
    assert client.get(f"/pengajar/kelas/{workshop.id}/materi/{material.id}").status_code == code


def test_another_trainer_neither_downloads_nor_deletes(db, client, login, trainer, workshop, make_user):
    material = materials.add_file(trainer, workshop, title="Modul", kind="module", filename="m.pdf", content=PDF)
    db.session.commit()
    login(make_user("trainer"))
    assert client.get(f"/pengajar/kelas/{workshop.id}/materi/{material.id}").status_code == 403
    assert client.post(f"/pengajar/kelas/{workshop.id}/materi/{material.id}/hapus").status_code == 403
    assert _upload(client, workshop, PDF, "x.pdf").status_code == 403
    assert db.session.scalar(select(Material.id)) == material.id


def test_a_material_of_another_workshop_is_not_found(db, client, login, trainer, workshop, make_workshop):
    other = make_workshop(trainers=[trainer])
    material = materials.add_file(trainer, other, title="Modul", kind="module", filename="m.pdf", content=PDF)
    db.session.commit()
    login(trainer)
    assert client.get(f"/pengajar/kelas/{workshop.id}/materi/{material.id}").status_code == 404


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("program.exe", b"MZ\x90\x00", "Jenis berkas .exe tidak diterima"),
    ("halaman.html", b"<script>alert(1)</script>", "Jenis berkas .html tidak diterima"),
    ("tanpa-ekstensi", PDF, "Jenis berkas .? tidak diterima"),
    ("modul.pdf", PNG, "Isi berkas tidak sesuai dengan ekstensinya .pdf"),
    ("modul.pdf", b"<html>%PDF-1.4</html>", "Isi berkas tidak sesuai dengan ekstensinya .pdf"),
    ("tugas.docx", b"plain text pretending", "Isi berkas tidak sesuai dengan ekstensinya .docx"),
    ("tugas.doc", DOCX, "Isi berkas tidak sesuai dengan ekstensinya .doc"),
    ("foto.png", b"\xff\xd8\xff\xe0JFIF", "Isi berkas tidak sesuai dengan ekstensinya .png"),
    ("catatan.txt", "catatan".encode("utf-16"), "Berkas .txt harus berupa teks UTF-8."),
    ("kosong.pdf", b"", "Berkas kosong."),
])
def test_a_bad_file_is_refused_with_a_clear_message(db, client, login, trainer, workshop, filename, data, message):
    login(trainer)
    response = _upload(client, workshop, data, filename)
    assert response.status_code == 422
    assert message in page_text(response)
    assert db.session.scalar(select(Material.id)) is None


@pytest.mark.parametrize(("filename", "data"), [
    ("slide.pptx", DOCX), ("lembar.xlsx", DOCX), ("modul.odt", DOCX), ("arsip.zip", DOCX), ("lama.ppt", DOC),
    ("lama.xls", DOC), ("foto.JPG", b"\xff\xd8\xff\xe0JFIF"), ("foto.png", PNG), ("catatan.txt", "Catatan ✓".encode()),
])
def test_accepted_kinds_of_file(trainer, workshop, filename, data):
    material = materials.add_file(trainer, workshop, title="Materi", kind="other", filename=filename, content=data)
    assert material.size == len(data)


def test_an_oversized_file_is_refused(app, db, client, login, trainer, workshop, monkeypatch):
    monkeypatch.setitem(app.config, "MATERIAL_MAX_BYTES", 1024)
    login(trainer)
    response = _upload(client, workshop, PDF + b"\x00" * 2000, "besar.pdf")
    assert response.status_code == 422
    assert "Berkas terlalu besar" in page_text(response) and "batasnya 1 KB" in page_text(response)


def test_a_dangerous_file_name_is_made_safe_for_the_download(db, client, login, trainer, workshop):
    material = materials.add_file(trainer, workshop, title="Modul", kind="module",
                                  filename='..\\..\\etc/"evil"\r\nX-Injected: 1.PDF', content=PDF)
    db.session.commit()
    assert "/" not in material.filename and '"' not in material.filename and "\n" not in material.filename
    login(trainer)
    response = client.get(f"/pengajar/kelas/{workshop.id}/materi/{material.id}")
    assert "X-Injected" not in response.headers
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_links_must_be_web_addresses(db, client, login, trainer, workshop):
    login(trainer)
    for url in ("javascript:alert(1)", "ftp://files.example/modul.pdf", "file:///etc/passwd", "www.example.org"):
        response = client.post(f"/pengajar/kelas/{workshop.id}/materi/tautan",
                               data={"link-title": "Video", "link-kind": "other", "link-url": url})
        assert response.status_code == 422
        assert "Tautan harus diawali https:// atau http://." in page_text(response)
    response = client.post(f"/pengajar/kelas/{workshop.id}/materi/tautan", data={
        "link-title": "Rekaman sesi 1", "link-kind": "other", "link-url": "https://video.pemkomedan.go.id/sesi-1"})
    assert response.status_code == 302
    material = db.session.scalar(select(Material))
    assert client.get(f"/pengajar/kelas/{workshop.id}/materi/{material.id}").location \
        == "https://video.pemkomedan.go.id/sesi-1"


def test_a_material_is_deleted(db, client, login, trainer, workshop):
    material = materials.add_link(trainer, workshop, title="Video", kind="other", url="https://example.org/v")
    db.session.commit()
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/materi/{material.id}/hapus", follow_redirects=True)
    assert "Materi Video dihapus." in page_text(response)
    assert db.session.scalar(select(Material.id)) is None


def test_a_cancelled_workshop_takes_no_material(db, trainer, workshop):
    workshop.status = "cancelled"
    db.session.commit()
    with pytest.raises(DomainError, match="dibatalkan"):
        materials.add_link(trainer, workshop, title="Video", kind="other", url="https://example.org/v")
