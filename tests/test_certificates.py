"""Certificates: gapless numbers, codes, issuing with the PDFs (one shared layout), revocation, downloads."""

import io
import threading
import zipfile
from datetime import date

import pytest
import segno
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import func, select

from courses.certificates import services as certificates
from courses.certificates.services import (
    CODE_ALPHABET,
    certificate_status,
    issue_certificates,
    new_code,
    next_number,
    reserve_numbers,
    revoke_certificate,
    revoke_for_enrolments,
)
from courses.models import Certificate, CertificateCounter
from lms.audit.models import AuditEntry
from lms.domain import DomainError

ISSUED_ON = date(2026, 11, 28)


def pdf_pages(data: bytes) -> list:
    return PdfReader(io.BytesIO(data)).pages


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pdf_pages(data)).split())


@pytest.fixture
def trainer(make_user, make_employee):
    return make_user("trainer", employee=make_employee("Sari Widyaiswara"))


@pytest.fixture
def hr(make_user):
    return make_user("employee", "hr")


@pytest.fixture
def workshop(db, trainer, make_course, make_workshop):
    course = make_course(title="Manajemen Kearsipan Digital", hours_jp=24)
    return make_workshop(course=course, trainers=[trainer], sessions=3, batch="Angkatan II Tahun 2026",
                         first_day=date(2026, 11, 2), status="completed")


@pytest.fixture
def completed(db, workshop, make_employee, make_enrolment):
    """Returns a factory: n completed enrolments of the workshop."""
    def factory(count: int = 1, **employee_fields):
        return [make_enrolment(workshop, make_employee(employee_fields.pop("name", f"Peserta {index + 1}"),
                                                           **employee_fields), status="completed")
                for index in range(count)]
    return factory


@pytest.fixture
def config():
    """The configuration the test body's code reads (the harness app's), restored afterwards."""
    saved = dict(current_app.config)
    yield current_app.config
    current_app.config.clear()
    current_app.config.update(saved)


def issue(db, actor, enrolments, issued_on=ISSUED_ON):
    issued = issue_certificates(actor, enrolments, issued_on)
    db.session.commit()
    return issued


# --- numbers and codes ---------------------------------------------------------------------------------------

def test_numbers_follow_a_sequence_per_year(db):
    assert next_number(2026) == (1, "0001/SERT/BKPSDM/2026")
    assert next_number(2026) == (2, "0002/SERT/BKPSDM/2026")
    assert next_number(2027) == (1, "0001/SERT/BKPSDM/2027")
    assert reserve_numbers(2026, 3) == [(3, "0003/SERT/BKPSDM/2026"), (4, "0004/SERT/BKPSDM/2026"),
                                        (5, "0005/SERT/BKPSDM/2026")]
    db.session.commit()
    assert db.session.get(CertificateCounter, 2026).last == 5


def test_the_number_template_is_configurable(db, config):
    config["CERTIFICATE_NUMBER_TEMPLATE"] = "SERT-{year}-{seq:05d}"
    assert next_number(2026) == (1, "SERT-2026-00001")


@pytest.mark.parametrize("template", ["SERT/BKPSDM/{year}", "{seq:04d}/SERT/BKPSDM", "{seq}/{year}/{unit}"])
def test_a_template_that_would_repeat_numbers_is_refused(db, config, template):
    config["CERTIFICATE_NUMBER_TEMPLATE"] = template
    with pytest.raises(ValueError, match="CERTIFICATE_NUMBER_TEMPLATE"):
        next_number(2026)


def test_a_rolled_back_number_is_given_again(db):
    assert next_number(2026)[0] == 1
    db.session.commit()
    assert next_number(2026)[0] == 2
    db.session.rollback()
    assert next_number(2026)[0] == 2


def _take_numbers(harness_app, year: int, per_thread: int, results: list, errors: list, start: threading.Barrier):
    from lms.extensions import db

    with harness_app.app_context():
        try:
            start.wait()
            for _ in range(per_thread):
                results.append(next_number(year)[0])
                db.session.commit()
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            db.session.remove()


@pytest.mark.parametrize("threads", [20])
def test_concurrent_numbers_have_no_gaps_and_no_repeats(db, _harness_app, threads):
    """Each thread has its own session and transaction; on SQLite they queue for the write lock, on PostgreSQL
    they wait for the counter row's lock (the first call of a year also races to create the row)."""
    results, errors = [], []
    start = threading.Barrier(threads)
    workers = [threading.Thread(target=_take_numbers, args=(_harness_app, 2031, 2, results, errors, start))
               for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(results) == list(range(1, 2 * threads + 1))
    assert db.session.get(CertificateCounter, 2031).last == 2 * threads


def test_codes_are_long_random_and_unambiguous():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 12 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    assert len(set("".join(codes))) == len(CODE_ALPHABET)  # every symbol is used


@pytest.mark.parametrize(("typed", "expected"), [
    (" 7kq2-mxr9-tpwd ", "7KQ2MXR9TPWD"), ("7KQ2 MXR9 TPWD", "7KQ2MXR9TPWD"),
    ("7KQ2MXR9TPW", None), ("7KQ2MXR9TPWDX", None), ("7KQ2MXR9TPW0", None), ("", None), ("' OR 1=1 --", None)])
def test_typed_codes_are_normalised(typed, expected):
    assert certificates.normalise_code(typed) == expected


def test_masked_nip_shows_the_first_and_last_four_digits():
    assert certificates.masked_nip("197505172000032001") == "1975**********2001"


# --- issuing -------------------------------------------------------------------------------------------------

def test_issuing_numbers_each_completed_enrolment_and_stores_its_pdf(db, trainer, completed):
    enrolments = completed(3)
    issued = issue(db, trainer, enrolments)
    assert [certificate.number for certificate in issued] == [f"000{n}/SERT/BKPSDM/2026" for n in (1, 2, 3)]
    for certificate, enrolment in zip(issued, enrolments, strict=True):
        assert certificate.enrolment_id == enrolment.id and certificate.issued_on == ISSUED_ON
        assert certificate.expires_on is None and certificate.year == 2026
        assert certificate.pdf.startswith(b"%PDF-") and len(pdf_pages(certificate.pdf)) == 1
        assert enrolment.employee.full_name in pdf_text(certificate.pdf)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "certificate")).all()
    assert sorted(entry.entity_id for entry in entries) == sorted(certificate.id for certificate in issued)
    assert {entry.action for entry in entries} == {"create"} and entries[0].actor_id == trainer.id


def test_issuing_again_gives_no_second_certificate(db, trainer, completed):
    enrolments = completed(2)
    issue(db, trainer, enrolments[:1])
    again = issue(db, trainer, enrolments)
    assert [certificate.enrolment_id for certificate in again] == [enrolments[1].id]
    assert issue(db, trainer, enrolments) == []
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2
    assert db.session.get(CertificateCounter, 2026).last == 2


def test_only_completed_enrolments_get_a_certificate(db, trainer, workshop, make_employee, make_enrolment):
    failed = make_enrolment(workshop, make_employee(), status="failed")
    with pytest.raises(ValueError, match="completed"):
        issue_certificates(trainer, [failed], ISSUED_ON)


def test_pdfs_may_be_left_for_the_first_download(db, trainer, completed, monkeypatch):
    monkeypatch.setattr(certificates, "render_certificate_pdfs", lambda rows: pytest.fail("rendered"))
    issued = issue_certificates(trainer, completed(2), ISSUED_ON, render=False)
    assert [certificate.pdf for certificate in issued] == [None, None]
    assert [certificate.sequence for certificate in issued] == [1, 2]


def test_validity_years_set_the_expiry(db, trainer, workshop, completed):
    workshop.course.certificate_validity_years = 3
    db.session.commit()
    leap = issue(db, trainer, completed(1), issued_on=date(2028, 2, 29))[0]
    assert leap.expires_on == date(2031, 2, 28)
    assert "Berlaku sampai dengan 28 Februari 2031" in pdf_text(leap.pdf)


def test_the_pdf_says_who_completed_what(db, config, trainer, completed):
    config.update(CERTIFICATE_SIGNATORY_NIP="197001012000031001", PUBLIC_BASE_URL="https://kompeten.pemkomedan.go.id/")
    enrolment = completed(1, front_title="Dr.", back_title="S.E., M.M.")[0]
    certificate = issue(db, trainer, [enrolment])[0]
    text = pdf_text(certificate.pdf)
    url = f"https://kompeten.pemkomedan.go.id/verifikasi/{certificate.verification_code}"
    for expected in ("PEMERINTAH KOTA MEDAN", "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", "SERTIFIKAT",
                     "Nomor: 0001/SERT/BKPSDM/2026", "diberikan kepada", "Dr. Peserta 1, S.E., M.M.",
                     f"NIP {enrolment.employee.nip}", "telah mengikuti", "Manajemen Kearsipan Digital",
                     "Angkatan II Tahun 2026, sebanyak 24 JP, pada tanggal 2 November 2026 s.d. 4 November 2026",
                     "Medan, 28 November 2026", "Kepala BKPSDM Kota Medan", "NIP 197001012000031001",
                     certificate.verification_code, url):
        assert expected in text, expected


def test_the_pdf_names_the_holders_rank_position_and_agency_and_what_the_course_develops(
        db, config, trainer, workshop, completed, make_unit, make_position):
    from competencies.models import Competency, Framework
    from courses.models import CourseCompetency

    config.update(CERTIFICATE_GOVERNMENT="PEMERINTAH KOTA BINJAI", CERTIFICATE_AGENCY="BADAN KEPEGAWAIAN DAERAH")
    agency = make_unit("Dinas Perpustakaan dan Kearsipan")
    position = make_position("Arsiparis Ahli Pertama", kind="fungsional_keahlian",
                             unit=make_unit("Bidang Kearsipan", kind="bidang", parent=agency))
    framework = Framework(code="ARSIP", name="Kearsipan", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    for number, name in enumerate(("Arsip Dinamis", "Arsip Statis", "Akuisisi Arsip", "Alih Media", "Layanan"),
                                  start=1):
        competency = Competency(framework=framework, code=f"AR.{number}", name=name, type="teknis")
        db.session.add(CourseCompetency(course=workshop.course, competency=competency, entry_level=0,
                                        granted_level=number % 3 + 1))
    workshop.course.pass_mark, workshop.course.competency_test = 70, True
    db.session.commit()
    pns = completed(1, position=position, rank_code="III/b")[0]
    pppk = completed(1, name="Putri", position=position, employment_type="pppk", rank_code="IX",
                     nip="199203152023212001")[0]
    pns_certificate, pppk_certificate = issue(db, trainer, [pns, pppk])
    text = pdf_text(pns_certificate.pdf)
    for expected in ("PEMERINTAH KOTA BINJAI", "BADAN KEPEGAWAIAN DAERAH", f"NIP {pns.employee.nip}",
                     "Penata Muda Tingkat I, III/b · Arsiparis Ahli Pertama · Dinas Perpustakaan dan Kearsipan",
                     "Kompetensi yang dikembangkan: Arsip Dinamis (level 2), Arsip Statis (level 3), Akuisisi Arsip "
                     "(level 1), Alih Media (level 2), dan 1 kompetensi lainnya"):
        assert expected in text, expected
    text = pdf_text(pppk_certificate.pdf)
    assert f"NI PPPK {pppk.employee.nip}" in text and "Golongan PPPK IX · Arsiparis Ahli Pertama" in text
    assert "NIP 1992" not in text


def test_the_letterhead_carries_the_configured_emblem_and_a_bad_file_is_named(db, config, trainer, completed,
                                                                              tmp_path):
    from PIL import Image

    from lms.domain import DomainError

    logo = tmp_path / "lambang.png"
    Image.new("RGB", (40, 48), (200, 30, 30)).save(logo)
    config.update(CERTIFICATE_LOGO=str(logo))
    certificate = issue(db, trainer, completed(1))[0]
    assert len(pdf_pages(certificate.pdf)[0].images) == 2  # the emblem and the QR code
    (tmp_path / "lambang.gif").write_bytes(b"GIF89a" + b"\x00" * 20)
    config.update(CERTIFICATE_LOGO=str(tmp_path / "lambang.gif"))
    with pytest.raises(DomainError, match="harus berkas PNG atau JPEG"):
        issue(db, trainer, completed(1, name="Peserta Lain"))


def test_the_pdf_carries_a_qr_code_of_the_verification_url(db, trainer, completed):
    certificate = issue(db, trainer, completed(1))[0]
    images = pdf_pages(certificate.pdf)[0].images
    assert len(images) == 1
    picture = images[0].image.convert("L")
    expected = segno.make(f"http://localhost/verifikasi/{certificate.verification_code}", error="m")
    rows = [list(row) for row in expected.matrix_iter(scale=1, border=certificates.QR_BORDER)]
    step = picture.width / len(rows)
    scanned = [[picture.getpixel((int((x + .5) * step), int((y + .5) * step))) < 128 for x in range(len(row))]
               for y, row in enumerate(rows)]
    assert scanned == [[bool(cell) for cell in row] for row in rows]


def test_user_text_is_escaped_in_the_pdf(db, trainer, completed):
    enrolment = completed(1, name="<b>Ani</b> & <img src='file:///etc/passwd'>")[0]
    text = pdf_text(issue(db, trainer, [enrolment])[0].pdf)
    assert "<b>Ani</b> & <img src='file:///etc/passwd'>" in text


def test_long_names_and_titles_still_fit_one_page(db, trainer, workshop, completed):
    workshop.course.title = "Pengelolaan " + "Arsip Dinamis dan Statis Berbasis Elektronik " * 4
    db.session.commit()
    enrolment = completed(1, name="Nurhayati Siregar " * 6, front_title="Prof. Dr. Ir. Hj.",
                          back_title="S.E., M.M., M.Si., M.Kom., Ph.D.")[0]
    certificate = issue(db, trainer, [enrolment])[0]
    assert len(pdf_pages(certificate.pdf)) == 1 and certificate.verification_code in pdf_text(certificate.pdf)


def test_many_certificates_share_one_layout(db, trainer, completed, monkeypatch):
    from lms import pdf

    layouts = []
    original = pdf.render_document
    monkeypatch.setattr(certificates, "render_document", lambda html: layouts.append(1) or original(html))
    issued = issue(db, trainer, completed(5))
    assert len(layouts) == 1
    for index, certificate in enumerate(issued):
        assert f"Peserta {index + 1}" in pdf_text(certificate.pdf) and certificate.number in pdf_text(certificate.pdf)


def test_a_failed_rendering_leaves_nothing_issued_and_no_gap(db, trainer, completed, monkeypatch):
    """Closing renders in the same transaction: when rendering fails part-way, the rollback undoes every
    certificate and the counter, and the retry issues the same numbers."""
    enrolments = completed(4)
    issue(db, trainer, enrolments[:1])
    original = certificates.render_certificate_pdfs

    def fails_after_two(rows):
        original(rows[:2])
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(certificates, "render_certificate_pdfs", fails_after_two)
    with pytest.raises(RuntimeError):
        issue_certificates(trainer, enrolments, ISSUED_ON)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert db.session.get(CertificateCounter, 2026).last == 1
    monkeypatch.undo()
    retried = issue(db, trainer, enrolments)
    assert [certificate.sequence for certificate in retried] == [2, 3, 4]


# --- revocation and status -----------------------------------------------------------------------------------

def test_revoking_needs_a_reason_and_keeps_the_number(db, hr, trainer, completed):
    certificate = issue(db, trainer, completed(1))[0]
    with pytest.raises(DomainError):
        revoke_certificate(hr, certificate, "   ")
    revoke_certificate(hr, certificate, "Data kehadiran keliru")
    db.session.commit()
    assert certificate.revoked_at is not None and certificate.revoked_by_id == hr.id
    assert certificate_status(certificate, ISSUED_ON) == "revoked"
    with pytest.raises(DomainError):
        revoke_certificate(hr, certificate, "lagi")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update",
                                                       AuditEntry.entity_type == "certificate"))
    assert entry.note == "Data kehadiran keliru" and entry.actor_id == hr.id


def test_reopening_revokes_and_a_new_certificate_can_be_issued(db, hr, trainer, completed):
    enrolments = completed(2)
    first = issue(db, trainer, enrolments)
    revoked = revoke_for_enrolments(hr, [enrolment.id for enrolment in enrolments], "Kelas dibuka kembali")
    db.session.commit()
    assert {certificate.id for certificate in revoked} == {certificate.id for certificate in first}
    assert revoke_for_enrolments(hr, [enrolments[0].id], "lagi") == []
    second = issue(db, trainer, enrolments)
    assert [certificate.sequence for certificate in second] == [3, 4]


def test_status_follows_revocation_and_expiry(db, trainer, workshop, completed):
    workshop.course.certificate_validity_years = 2
    db.session.commit()
    certificate = issue(db, trainer, completed(1))[0]
    assert certificate_status(certificate, date(2028, 11, 28)) == "valid"
    assert certificate_status(certificate, date(2028, 11, 29)) == "expired"


# --- downloads -----------------------------------------------------------------------------------------------

@pytest.fixture
def office(make_employee, make_user):
    """A head, their section chief, a staff member with a certificate and a colleague."""
    head = make_employee("Kepala Dinas")
    chief = make_employee("Kepala Seksi", supervisor=head)
    staff = make_employee("Ani Lubis", supervisor=chief)
    colleague = make_employee("Budi Sitorus", supervisor=chief)
    return {name: make_user("employee", employee=employee)
            for name, employee in (("head", head), ("chief", chief), ("staff", staff), ("colleague", colleague))}


@pytest.fixture
def staff_certificate(db, trainer, workshop, office, make_enrolment):
    enrolment = make_enrolment(workshop, office["staff"].employee, status="completed")
    return issue(db, trainer, [enrolment])[0]


@pytest.mark.parametrize("who", ["staff", "chief", "head", "hr"])
def test_the_holder_their_supervisors_and_hr_download_the_pdf(client, login, office, hr, staff_certificate, who):
    login(hr if who == "hr" else office[who])
    response = client.get(f"/sertifikat/{staff_certificate.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == staff_certificate.pdf
    assert "sertifikat-0001-SERT-BKPSDM-2026.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("who", ["colleague", "trainer"])
def test_anyone_else_is_told_the_certificate_does_not_exist(client, login, office, trainer, staff_certificate, who):
    login(trainer if who == "trainer" else office[who])
    assert client.get(f"/sertifikat/{staff_certificate.id}.pdf").status_code == 404
    assert client.get(f"/sertifikat/{staff_certificate.id + 1}.pdf").status_code == 404


def test_anonymous_visitors_must_log_in_to_download(client, staff_certificate):
    response = client.get(f"/sertifikat/{staff_certificate.id}.pdf")
    assert response.status_code == 302 and response.headers["Location"].startswith("/masuk")


def test_a_certificate_without_a_stored_pdf_is_rendered_once(db, client, login, office, staff_certificate):
    staff_certificate.pdf = None
    db.session.commit()
    login(office["staff"])
    first = client.get(f"/sertifikat/{staff_certificate.id}.pdf")
    assert first.status_code == 200 and "Ani Lubis" in pdf_text(first.data)
    db.session.expire_all()
    assert db.session.get(Certificate, staff_certificate.id).pdf == first.data
    assert client.get(f"/sertifikat/{staff_certificate.id}.pdf").data == first.data


def test_the_workshop_zip_holds_every_live_certificate(db, client, login, hr, trainer, completed):
    issued = issue(db, trainer, completed(3))
    revoke_certificate(hr, issued[1], "Salah peserta")
    db.session.commit()
    login(trainer)
    workshop_id = issued[0].enrolment.workshop_id
    response = client.get(f"/pengajar/kelas/{workshop_id}/sertifikat.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    expected = {f"{c.number.replace('/', '-')}_{c.enrolment.employee.nip}.pdf": c.pdf for c in (issued[0], issued[2])}
    assert sorted(archive.namelist()) == sorted(expected)
    for name, data in expected.items():
        assert archive.read(name) == data


def test_the_workshop_certificates_page_and_zip_are_for_its_trainers_and_hr(db, client, login, make_user, hr,
                                                                           trainer, completed):
    issued = issue(db, trainer, completed(1))
    workshop_id = issued[0].enrolment.workshop_id
    login(make_user("trainer"))
    assert client.get(f"/pengajar/kelas/{workshop_id}/sertifikat.zip").status_code == 403
    assert client.get(f"/pengajar/kelas/{workshop_id}/sertifikat").status_code == 403
    client.post("/keluar")
    login(hr)
    page = client.get(f"/pengajar/kelas/{workshop_id}/sertifikat")
    assert page.status_code == 200 and issued[0].number in page.get_data(as_text=True)
    assert client.get(f"/pengajar/kelas/{workshop_id}/sertifikat.zip").status_code == 200


def test_an_empty_workshop_has_no_zip(client, login, trainer, workshop):
    login(trainer)
    response = client.get(f"/pengajar/kelas/{workshop.id}/sertifikat.zip")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sertifikat")


# --- revocation screen ---------------------------------------------------------------------------------------

def test_hr_revokes_with_a_reason(db, client, login, hr, staff_certificate):
    login(hr)
    url = f"/sertifikat/{staff_certificate.id}/cabut"
    assert client.get(url).status_code == 200
    missing = client.post(url, data={"reason": "  "})
    assert missing.status_code == 422 and "Isi alasan pencabutan sertifikat." in missing.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Certificate, staff_certificate.id).revoked_at is None
    response = client.post(url, data={"reason": "Nilai post-test salah input"})
    assert response.status_code == 302
    db.session.expire_all()
    revoked = db.session.get(Certificate, staff_certificate.id)
    assert revoked.revoked_at is not None and revoked.revoke_reason == "Nilai post-test salah input"
    assert client.post(url, data={"reason": "lagi"}).status_code == 422


@pytest.mark.parametrize("who", ["staff", "chief", "trainer"])
def test_only_hr_revokes(db, client, login, office, trainer, staff_certificate, who):
    login(trainer if who == "trainer" else office[who])
    assert client.post(f"/sertifikat/{staff_certificate.id}/cabut", data={"reason": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Certificate, staff_certificate.id).revoked_at is None
