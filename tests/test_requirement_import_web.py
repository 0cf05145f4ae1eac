"""Requirement import in the browser: export, upload, preview, confirm, report, discard and access."""

import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from competencies.models import Requirement
from lms.imports import store
from lms.imports.models import Upload
from tests import requirement_import_helpers
from tests.helpers import page_text
from tests.requirement_import_helpers import HEADER, count, csv_bytes, line, stored

org = requirement_import_helpers.org  # the fixture, found by pytest in this module


def _upload(client, data: bytes, filename: str = "standar.csv"):
    return client.post("/standar-kompetensi/impor", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _token(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def _fingerprint(page) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]


def test_hr_exports_uploads_previews_and_confirms(db, org, client, make_user, login):
    hr = make_user("hr")
    login(hr)
    page = page_text(client.get("/standar-kompetensi/impor"))
    assert "Kode Kompetensi" in page and "Unduh XLSX" in page
    exported = client.get("/standar-kompetensi/ekspor.csv")
    assert exported.mimetype == "text/csv"
    assert 'filename="standar-kompetensi.csv"' in exported.headers["Content-Disposition"]
    edited = exported.data.decode("utf-8-sig").replace("STAF;Arsiparis;ARSIP;AR.1;Arsip Dinamis;2;kritis",
                                                       "STAF;Arsiparis;ARSIP;AR.1;Arsip Dinamis;3;kritis")
    edited += "STAF;;ARSIP;AR.2;;1;normal\r\n"
    token = _token(_upload(client, edited.encode("utf-8")))
    upload = db.session.scalar(select(Upload).where(Upload.token == token))
    assert (upload.uploaded_by_id, upload.kind, upload.filename) == (hr.id, "requirements", "standar.csv")

    preview_page = client.get(f"/impor/standar-kompetensi/{token}")
    text = page_text(preview_page)
    assert "5 baris: 1 ditambahkan, 1 diperbarui, 3 tidak berubah, 0 salah." in text
    assert "Level: 2 – Cakap → 3 – Mahir" in text and "Impor semua" in text
    done = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi",
                       data={"fingerprint": _fingerprint(preview_page)}, follow_redirects=True)
    assert done.request.path == "/standar-kompetensi/impor"
    assert ("Impor standar.csv selesai: 1 ditambahkan, 1 diperbarui, 3 tidak berubah, 0 dihapus, 0 dilewati."
            in page_text(done))
    assert stored(db)[("STAF", "ARSIP", "AR.1")] == (3, "critical")
    assert count(db, Upload) == 0
    assert client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={}).status_code == 404


def test_xlsx_export_and_upload(db, org, client, make_user, login):
    login(make_user("hr"))
    exported = client.get(f"/standar-kompetensi/ekspor.xlsx?unit={org.dinas.id}&kind=jpt")
    assert exported.data.startswith(b"PK")
    assert 'filename="standar-kompetensi-DINAS-jpt.xlsx"' in exported.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER, ["KADIS", "Kepala Dinas", "ASN", "M.01", "Integritas", 4, "kritis"]]
    token = _token(_upload(client, exported.data, "standar.xlsx"))
    assert "1 baris: 0 ditambahkan, 0 diperbarui, 1 tidak berubah, 0 salah." in page_text(
        client.get(f"/impor/standar-kompetensi/{token}"))


def test_with_errors_the_user_must_choose_valid_only(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.2", 2), line("STAF", "ARSIP", "AR.2", 3),
                                              line("GURU", "ASN", "M.01", 7), line("KADIS", "ASN", "M.02", 1)])))
    page = client.get(f"/impor/standar-kompetensi/{token}")
    text = page_text(page)
    assert "3 baris berisi kesalahan" in text
    assert "muncul lebih dari sekali (baris 2 dan 3)" in text
    assert "Level 7 di luar skala Manajerial ASN" in text
    assert re.search(r"<button[^>]*disabled[^>]*>\s*Impor semua", page.get_data(as_text=True))
    refused = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={"fingerprint": _fingerprint(page)})
    assert refused.status_code == 422 and "centang pilihan ini" in page_text(refused)
    assert ("KADIS", "ASN", "M.02") not in stored(db)
    done = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi",
                       data={"fingerprint": _fingerprint(page), "valid_only": "y"}, follow_redirects=True)
    assert "1 ditambahkan, 0 diperbarui, 0 tidak berubah, 0 dihapus, 3 dilewati" in page_text(done)
    assert stored(db)[("KADIS", "ASN", "M.02")] == (1, "normal")


def test_the_deletion_option_is_shown_with_its_count_and_honoured(db, org, client, make_user, login):
    login(make_user("hr"))
    data = csv_bytes([line("STAF", "ARSIP", "AR.2", 1)])
    token = _token(_upload(client, data))
    page = client.get(f"/impor/standar-kompetensi/{token}")
    text = page_text(page)
    assert "Tidak ada di berkas: 2" in text
    assert "Hapus persyaratan yang tidak ada di berkas untuk jabatan di berkas" in text
    assert "2 persyaratan akan dihapus bila pilihan ini dicentang" in text
    assert 'name="delete_missing"' in page.get_data(as_text=True)
    client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={"fingerprint": _fingerprint(page)})
    assert ("STAF", "ASN", "M.01") in stored(db)  # not ticked: kept

    token = _token(_upload(client, data))
    page = client.get(f"/impor/standar-kompetensi/{token}")
    done = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi",
                       data={"fingerprint": _fingerprint(page), "delete_missing": "y"}, follow_redirects=True)
    assert "0 ditambahkan, 0 diperbarui, 1 tidak berubah, 2 dihapus" in page_text(done)
    assert [key for key in stored(db) if key[0] == "STAF"] == [("STAF", "ARSIP", "AR.2")]


def test_a_stale_preview_is_not_confirmed(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.1", 3)])))
    fingerprint = _fingerprint(client.get(f"/impor/standar-kompetensi/{token}"))
    db.session.execute(Requirement.__table__.update().where(Requirement.level == 2).values(level=1))
    db.session.commit()  # meanwhile, someone else edits
    response = client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={"fingerprint": fingerprint})
    assert response.status_code == 422
    assert "Standar kompetensi berubah sejak pratinjau ditampilkan" in page_text(response)
    assert "Level: 1 – Dasar → 3 – Mahir" in page_text(response)


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("standar.pdf", b"%PDF", "Hanya berkas .csv atau .xlsx yang diterima"),
    ("standar.csv", b"Kode Jabatan;Level\nSTAF;2\n", "Kolom wajib tidak ditemukan: Kode Kompetensi."),
])
def test_a_bad_upload_is_refused_on_the_form(db, client, make_user, login, filename, data, message):
    login(make_user("hr"))
    response = _upload(client, data, filename)
    assert response.status_code == 422 and message in page_text(response)
    assert count(db, Upload) == 0


def test_report_and_discard(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.2", 1), line("NOPE", "ASN", "M.01", 1)])))
    report = client.get(f"/impor/standar-kompetensi/{token}/laporan.csv")
    lines = report.data.decode("utf-8-sig").splitlines()
    assert lines[2] == '3;NOPE;ASN;M.01;salah;"Kode jabatan ""NOPE"" tidak ditemukan."'
    response = client.post(f"/impor/standar-kompetensi/{token}/batal", follow_redirects=True)
    assert "Unggahan standar.csv dibatalkan" in page_text(response)
    assert count(db, Upload) == 0
    assert client.get(f"/impor/standar-kompetensi/{token}").status_code == 404


def test_access_to_the_import_pages(db, org, client, make_user, login):
    owner, other_hr, plain = make_user("hr"), make_user("hr", email="hr2@pemkomedan.go.id"), make_user()
    login(owner)
    token = _token(_upload(client, csv_bytes([line("STAF", "ARSIP", "AR.2", 1)])))
    roster_token = store.store_upload(owner, "pegawai.csv", b"NIP;Nama\n", "roster").token
    db.session.commit()
    assert client.get(f"/impor/standar-kompetensi/{roster_token}").status_code == 404  # not a requirement file
    assert client.get(f"/impor/no-such-kind/{token}").status_code == 404
    client.post("/keluar")
    login(plain)
    assert client.get("/standar-kompetensi/impor").status_code == 403
    assert client.get(f"/impor/standar-kompetensi/{token}").status_code == 403
    client.post("/keluar")
    login(other_hr)
    assert client.get(f"/impor/standar-kompetensi/{token}").status_code == 403
    assert client.post(f"/impor/standar-kompetensi/{token}/konfirmasi", data={}).status_code == 403
    assert client.get("/impor/standar-kompetensi/no-such-token").status_code == 404


def test_a_requirement_upload_cannot_be_opened_as_a_roster_upload(client, db, make_user, login):
    hr = make_user("employee", "hr")
    upload = store.store_upload(hr, "standar.csv", b"Kode Jabatan\n", "requirements")
    db.session.commit()
    login(hr)
    assert client.get(f"/impor/pegawai/{upload.token}").status_code == 404
