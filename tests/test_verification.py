"""The public verification page: status, the little it shows, and nothing that helps list certificates."""

from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date

from courses.certificates.services import issue_certificates, revoke_certificate
from tests.helpers import page_text

NIP = "197505172000032001"


@pytest.fixture
def certificate(db, make_user, make_employee, make_unit, make_position, make_course, make_enrolment, make_workshop):
    unit = make_unit("Dinas Komunikasi dan Informatika")
    holder = make_employee("Nurhayati Siregar", nip=NIP, front_title="Dr.", back_title="S.E., M.M.",
                           position=make_position("Pranata Komputer", unit=unit), email="nurhayati@medan.go.id")
    workshop = make_workshop(course=make_course(title="Manajemen Kearsipan Digital", hours_jp=24),
                             status="completed", first_day=date(2026, 11, 2))
    enrolment = make_enrolment(workshop, holder, status="completed")
    issued = issue_certificates(make_user("trainer"), [enrolment], date.today() - timedelta(days=3))[0]
    db.session.commit()
    return issued


def test_a_valid_certificate_shows_status_holder_course_and_masked_nip(client, certificate):
    response = client.get(f"/verifikasi/{certificate.verification_code}")
    assert response.status_code == 200
    text = page_text(response)
    for expected in ("Sertifikat ini sah", "Dr. Nurhayati Siregar, S.E., M.M.", "1975**********2001",
                     "Manajemen Kearsipan Digital", "24 JP", certificate.number):
        assert expected in text, expected
    for private in (NIP, "Dinas Komunikasi dan Informatika", "Pranata Komputer", "nurhayati@medan.go.id",
                    "Angkatan"):
        assert private not in response.get_data(as_text=True), private


def test_the_page_is_public_and_kept_out_of_caches_and_search_engines(client, certificate):
    response = client.get(f"/verifikasi/{certificate.verification_code}")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_codes_are_read_as_typed_on_paper(client, certificate):
    code = certificate.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]}-{code[8:]} "
    assert client.get(f"/verifikasi/{typed}").status_code == 200
    response = client.get("/verifikasi", query_string={"kode": typed})
    assert response.status_code == 302 and response.headers["Location"] == f"/verifikasi/{code}"


def test_a_revoked_certificate_says_so_with_the_date_and_reason(db, client, make_user, certificate):
    revoke_certificate(make_user("hr"), certificate, "Data kehadiran keliru")
    certificate.revoked_at = datetime(2026, 12, 3, 2, 30)  # UTC: 3 December in Medan too
    db.session.commit()
    text = page_text(client.get(f"/verifikasi/{certificate.verification_code}"))
    assert "Sertifikat ini telah dicabut pada 3 Desember 2026 dan tidak berlaku." in text
    assert "Alasan pencabutan: Data kehadiran keliru" in text
    assert "Berlaku sampai Tidak berlaku sejak dicabut pada 3 Desember 2026" in text
    assert "Dicabut" in text and "Sertifikat ini sah" not in text and "Tanpa batas waktu" not in text


def test_the_revocation_reason_is_shown_as_text(db, client, make_user, certificate):
    revoke_certificate(make_user("hr"), certificate, '<script>alert("x")</script> & salah')
    db.session.commit()
    response = client.get(f"/verifikasi/{certificate.verification_code}")
    assert '<script>alert("x")</script>' not in response.get_data(as_text=True)
    assert 'Alasan pencabutan: <script>alert("x")</script> & salah' in page_text(response)


def test_a_valid_certificate_shows_the_class_dates_validity_and_issuer(db, client, certificate):
    workshop = certificate.enrolment.workshop
    workshop.ends_on = date(2026, 11, 4)
    db.session.commit()
    text = page_text(client.get(f"/verifikasi/{certificate.verification_code}"))
    for expected in ("Dilaksanakan 2 November 2026 – 4 November 2026", "Jam pelajaran 24 JP",
                     f"Tanggal terbit {format_date(certificate.issued_on, 'd MMMM y', locale='id')} ",
                     "Berlaku sampai Tanpa batas waktu", "Penerbit BKPSDM Kota Medan",
                     "Sertifikat ini sah dan tercatat di BKPSDM Kota Medan."):
        assert expected in text, expected
    certificate.expires_on = date(2029, 12, 2)
    db.session.commit()
    assert "Berlaku sampai 2 Desember 2029" in page_text(client.get(f"/verifikasi/{certificate.verification_code}"))


def test_the_issuer_is_the_configured_one(app, client, certificate, monkeypatch):
    monkeypatch.setitem(app.config, "CERTIFICATE_ISSUER", "BPSDM Provinsi Sumatera Utara")
    text = page_text(client.get(f"/verifikasi/{certificate.verification_code}"))
    assert "Penerbit BPSDM Provinsi Sumatera Utara" in text
    assert "tercatat di BPSDM Provinsi Sumatera Utara" in text and "BKPSDM" not in text.replace(certificate.number, "")


def test_an_expired_certificate_says_since_when(db, client, certificate):
    certificate.expires_on = date.today() - timedelta(days=1)
    db.session.commit()
    text = page_text(client.get(f"/verifikasi/{certificate.verification_code}"))
    assert "Masa berlaku sertifikat ini telah berakhir" in text and "Kedaluwarsa" in text


@pytest.mark.parametrize("code", ["23456789ABCD", "12", "x" * 200, "0OIL1OIL0OIL", "%27%20OR%201%3D1"])
def test_unknown_and_malformed_codes_get_the_same_answer(client, certificate, code):
    unknown = client.get("/verifikasi/23456789ABCD")
    response = client.get(f"/verifikasi/{code}")
    assert response.status_code == 404
    assert "Sertifikat tidak ditemukan" in page_text(response)
    assert page_text(response) == page_text(unknown)  # the pages differ only in the language switch's return path
    assert "Nurhayati" not in page_text(response)


def test_the_form_checks_a_typed_code(client, certificate):
    assert "Kode verifikasi" in page_text(client.get("/verifikasi"))
    assert client.get("/verifikasi", query_string={"kode": ""}).status_code == 422
    assert client.get("/verifikasi", query_string={"kode": "TIDAKADA"}).status_code == 404


def test_nothing_leads_from_ids_or_names_to_a_certificate(client, certificate):
    for url in (f"/verifikasi/{certificate.id}", "/verifikasi?kode=Nurhayati", "/verifikasi?nama=Nurhayati",
                f"/verifikasi?kode={certificate.number}"):
        assert "Nurhayati" not in page_text(client.get(url)), url


def test_the_verification_page_works_in_english_too(client, certificate):
    client.post("/bahasa", data={"language": "en"})
    response = client.get(f"/verifikasi/{certificate.verification_code}")
    assert response.status_code == 200 and "1975**********2001" in page_text(response)
