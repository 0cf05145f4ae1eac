"""A revoked certificate: its PDF comes marked DICABUT, the class ZIP leaves it out and says why, and HR revokes
from the pages where it meets the certificate (the holder's training history, the verification page)."""

import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from courses.certificates.services import issue_certificates, revoke_certificate
from courses.models import Certificate, TrainingRecord
from tests.helpers import page_text

ISSUED_ON = date(2026, 11, 28)
REVOKED_AT = datetime(2026, 12, 3, 2, 30)  # UTC: 3 December 2026 in Medan too
REASON = "Nilai post-test salah input"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture
def hr(make_user):
    return make_user("employee", "hr")


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def workshop(db, trainer, make_course, make_workshop):
    course = make_course(title="Manajemen Kearsipan Digital", hours_jp=24)
    return make_workshop(course=course, trainers=[trainer], sessions=3, first_day=date(2026, 11, 2),
                         status="completed")


@pytest.fixture
def holder(make_user, make_employee):
    chief = make_employee("Kepala Seksi")
    return make_user("employee", employee=make_employee("Ani Lubis", supervisor=chief))


@pytest.fixture
def certificate(db, trainer, workshop, holder, make_enrolment):
    """Ani's certificate, with the training record a closing writes."""
    enrolment = make_enrolment(workshop, holder.employee, status="completed")
    issued = issue_certificates(trainer, [enrolment], ISSUED_ON)[0]
    db.session.add(TrainingRecord(employee_id=holder.employee_id, source="course", enrolment_id=enrolment.id,
                                  title=workshop.course.title, siasn_kind_id=3, starts_on=workshop.starts_on,
                                  ends_on=workshop.ends_on, hours_jp=24, certificate_number=issued.number))
    db.session.commit()
    return issued


def revoke(db, hr, certificate, reason=REASON):
    revoke_certificate(hr, certificate, reason)
    certificate.revoked_at = REVOKED_AT
    db.session.commit()


# --- the PDF -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["holder", "hr"])
def test_a_revoked_certificate_downloads_marked_with_date_and_reason(db, client, login, hr, holder, certificate,
                                                                     who):
    stored = certificate.pdf
    revoke(db, hr, certificate)
    login(hr if who == "hr" else holder)
    response = client.get(f"/sertifikat/{certificate.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data != stored
    assert "sertifikat-0001-SERT-BKPSDM-2026-DICABUT.pdf" in response.headers["Content-Disposition"]
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1
    text = pdf_text(response.data)
    for expected in ("DICABUT – SERTIFIKAT INI TIDAK BERLAKU.", "Dicabut oleh BKPSDM Kota Medan pada 3 Desember 2026",
                     f"Alasan pencabutan: {REASON}", "Ani Lubis", certificate.number, certificate.verification_code):
        assert expected in text, expected


def _reddish_share(pdf: bytes, tmp_path) -> float:
    """The share of the first page's pixels that are clearly red, as the page looks (pdftoppm renders it)."""
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "c.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("RGB")
    pixels = list(image.get_flattened_data())
    return sum(red > green + 40 and red > blue + 40 for red, green, blue in pixels) / len(pixels)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed (make system-deps-tests)")
def test_the_revocation_stamp_is_visible_across_the_page(db, client, login, hr, certificate, tmp_path):
    login(hr)
    live = _reddish_share(client.get(f"/sertifikat/{certificate.id}.pdf").data, tmp_path)
    revoke(db, hr, certificate)
    revoked = _reddish_share(client.get(f"/sertifikat/{certificate.id}.pdf").data, tmp_path)
    assert live < 0.005 and revoked > 0.02  # the stamp covers a good part of the sheet, not a line of small print


def test_a_live_certificate_has_no_revocation_mark(client, login, holder, certificate):
    login(holder)
    response = client.get(f"/sertifikat/{certificate.id}.pdf")
    assert response.data == certificate.pdf
    assert "DICABUT" not in pdf_text(response.data)


def test_the_reason_is_printed_as_text_not_markup(db, client, login, hr, certificate):
    revoke(db, hr, certificate, 'Salah peserta <b>"Budi"</b> & <img src=x>')
    login(hr)
    text = pdf_text(client.get(f"/sertifikat/{certificate.id}.pdf").data)
    assert 'Alasan pencabutan: Salah peserta <b>"Budi"</b> & <img src=x>' in text


def test_the_stored_pdf_of_a_revoked_certificate_is_never_handed_out(db, client, login, hr, certificate):
    """Even a certificate revoked before the mark existed (its stored PDF unmarked) downloads marked."""
    revoke(db, hr, certificate)
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).pdf is not None
    login(hr)
    assert "DICABUT" in pdf_text(client.get(f"/sertifikat/{certificate.id}.pdf").data)


# --- the class ZIP -------------------------------------------------------------------------------------------

def test_the_zip_leaves_revoked_certificates_out_and_the_list_says_so(db, client, login, hr, trainer, workshop,
                                                                      certificate, make_employee, make_enrolment):
    other = issue_certificates(trainer, [make_enrolment(workshop, make_employee("Budi Sitorus"),
                                                         status="completed")], ISSUED_ON)[0]
    db.session.commit()
    revoke(db, hr, certificate)
    login(trainer)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/pengajar/kelas/{workshop.id}/sertifikat.zip").data))
    assert archive.namelist() == [f"0002-SERT-BKPSDM-2026_{other.enrolment.employee.nip}.pdf"]
    assert "DICABUT" not in pdf_text(archive.read(archive.namelist()[0]))
    text = page_text(client.get(f"/pengajar/kelas/{workshop.id}/sertifikat"))
    assert "Unduh semua sertifikat yang berlaku (ZIP)" in text
    assert "Sertifikat yang dicabut (1) tidak disertakan dalam ZIP" in text


def test_a_class_whose_certificates_are_all_revoked_has_no_zip_and_says_why(db, client, login, hr, trainer,
                                                                           workshop, certificate):
    revoke(db, hr, certificate)
    login(trainer)
    response = client.get(f"/pengajar/kelas/{workshop.id}/sertifikat.zip")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sertifikat")
    text = page_text(client.get(response.headers["Location"]))
    assert "Semua sertifikat kelas ini telah dicabut; tidak ada sertifikat berlaku yang dapat diunduh." in text
    assert "belum memiliki sertifikat" not in text
    assert "Unduh semua sertifikat yang berlaku (ZIP)" not in text


# --- revoking where HR meets the certificate -----------------------------------------------------------------

def test_hr_revokes_from_the_training_history_and_returns_to_it(db, client, login, hr, holder, certificate):
    login(hr)
    history = f"/pegawai/{holder.employee_id}/riwayat-diklat"
    revoke_url = f"/sertifikat/{certificate.id}/cabut?kembali=riwayat"
    assert f'href="{revoke_url}"' in client.get(history).get_data(as_text=True)
    form = client.get(revoke_url).get_data(as_text=True)
    assert ('data-confirm="Cabut sertifikat 0001/SERT/BKPSDM/2026 atas nama Ani Lubis? '
            'Pencabutan tidak dapat dibatalkan."') in form
    response = client.post(revoke_url, data={"reason": REASON})
    assert response.status_code == 302 and response.headers["Location"] == history
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoke_reason == REASON
    page = client.get(history)
    text = page_text(page)
    assert "Sertifikat 0001/SERT/BKPSDM/2026 dicabut." in text
    assert "Dicabut" in text and f'href="/sertifikat/{certificate.id}.pdf"' in page.get_data(as_text=True)
    assert "/cabut" not in page.get_data(as_text=True)


def test_hr_revokes_from_the_verification_page_and_returns_to_it(db, client, login, hr, certificate):
    login(hr)
    verification = f"/verifikasi/{certificate.verification_code}"
    revoke_url = f"/sertifikat/{certificate.id}/cabut?kembali=verifikasi"
    assert f'href="{revoke_url}"' in client.get(verification).get_data(as_text=True)
    response = client.post(revoke_url, data={"reason": REASON})
    assert response.headers["Location"] == verification
    page = client.get(verification)
    assert "telah dicabut" in page_text(page) and "/cabut" not in page.get_data(as_text=True)


@pytest.mark.parametrize("back", ["", "https://evil.example/", "//evil.example"])
def test_an_unknown_return_leads_to_the_class_certificates(db, client, login, hr, workshop, certificate, back):
    login(hr)
    response = client.post(f"/sertifikat/{certificate.id}/cabut", query_string={"kembali": back},
                           data={"reason": REASON})
    assert response.headers["Location"] == f"/pengajar/kelas/{workshop.id}/sertifikat"


def test_the_holder_and_their_supervisor_are_not_offered_revocation(db, client, login, holder, make_user,
                                                                    certificate):
    chief = make_user("employee", employee=holder.employee.supervisor)
    for user in (holder, chief):
        login(user)
        history = client.get(f"/pegawai/{holder.employee_id}/riwayat-diklat").get_data(as_text=True)
        assert f'href="/sertifikat/{certificate.id}.pdf"' in history and "/cabut" not in history
        assert "/cabut" not in client.get(f"/verifikasi/{certificate.verification_code}").get_data(as_text=True)
        client.post("/keluar")
    assert "/cabut" not in client.get(f"/verifikasi/{certificate.verification_code}").get_data(as_text=True)


def test_the_holder_keeps_a_marked_copy_of_a_revoked_certificate(db, client, login, hr, holder, certificate):
    revoke(db, hr, certificate)
    login(holder)
    page = client.get(f"/pegawai/{holder.employee_id}/riwayat-diklat")
    assert "Dicabut" in page_text(page)
    assert "DICABUT" in pdf_text(client.get(f"/sertifikat/{certificate.id}.pdf").data)


def test_a_long_reason_is_cut_on_the_pdf_and_points_to_the_verification_page(db, client, login, hr, certificate):
    revoke(db, hr, certificate, "Data presensi dan nilai dikoreksi. " * 28)
    login(hr)
    data = client.get(f"/sertifikat/{certificate.id}.pdf").data
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_text(data)
    assert "Alasan pencabutan: Data presensi dan nilai dikoreksi." in text
    assert "… (selengkapnya di halaman verifikasi)" in text
    assert certificate.verification_code in text


def test_the_closing_page_marks_a_revoked_certificate_and_offers_the_zip_of_live_ones(
        db, client, login, hr, trainer, workshop, certificate, make_employee, make_enrolment):
    other = make_enrolment(workshop, make_employee("Budi Nasution"), status="completed")
    issue_certificates(trainer, [other], ISSUED_ON)
    db.session.commit()
    revoke(db, hr, certificate)
    login(trainer)
    text = page_text(client.get(f"/pengajar/kelas/{workshop.id}/penutupan"))
    assert f"{certificate.number} Dicabut" in text
    assert "Unduh semua sertifikat yang berlaku (ZIP)" in text and "Sertifikat yang dicabut (1)" in text


def test_the_closing_page_offers_no_zip_when_every_certificate_is_revoked(db, client, login, hr, trainer,
                                                                         workshop, certificate):
    revoke(db, hr, certificate)
    login(trainer)
    text = page_text(client.get(f"/pengajar/kelas/{workshop.id}/penutupan"))
    assert "(ZIP)" not in text and "Semua sertifikat kelas ini telah dicabut" in text
