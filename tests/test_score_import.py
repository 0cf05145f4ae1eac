"""Import of pre-/post-test scores from CSV or XLSX: preview per row, confirmation, error report, template."""

import io

import openpyxl
import pytest
from sqlalchemy import select

from courses.models import Enrolment
from courses.teaching import scores as score_import
from lms.audit.models import AuditEntry
from lms.imports.models import Upload
from lms.tabular import FileError
from tests.helpers import make_nip, page_text

NIP_ANI, NIP_BUDI, NIP_CITRA, NIP_DEDI, NIP_LAIN = (make_nip(sequence=n) for n in (101, 102, 103, 104, 105))


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def workshop(db, trainer, make_workshop):
    return make_workshop(trainers=[trainer])


@pytest.fixture
def people(db, workshop, make_employee, make_enrolment):
    """Ani (no scores), Budi (pre 50, post 70), Citra (waitlisted); Dedi works elsewhere."""
    ani = make_enrolment(workshop, make_employee("Ani Lubis", nip=NIP_ANI))
    budi = make_enrolment(workshop, make_employee("Budi Sitorus", nip=NIP_BUDI), pre_score=50.0,
                          post_score=70.0)
    citra = make_enrolment(workshop, make_employee("Citra Ginting", nip=NIP_CITRA), status="waitlisted")
    make_employee("Dedi Harahap", nip=NIP_DEDI)
    return ani, budi, citra


def csv_file(*rows: str, header: str = "NIP;Nama;Pre-test;Post-test") -> bytes:
    return "\n".join([header, *rows]).encode()


def xlsx_file(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in [["NIP", "Nama", "Nilai Pre Test", "Nilai Post Test"], *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- preview ---------------------------------------------------------------------------------------------------

def test_the_preview_says_what_each_row_would_do(workshop, people):
    preview = score_import.preview_scores(workshop.id, "nilai.csv", csv_file(
        f"{NIP_ANI};Ani;60;85,5",
        f"{NIP_BUDI};Budi;50;75",
        f"{NIP_BUDI[:8]} {NIP_BUDI[8:14]} {NIP_BUDI[14]} {NIP_BUDI[15:]};Budi lagi;;",
    ))
    ani, budi, duplicate = preview.rows
    assert (ani.outcome, ani.values) == ("new", {"pre_score": 60.0, "post_score": 85.5})
    assert (budi.outcome, budi.changes) == ("error", {}) and duplicate.outcome == "error"
    assert f"NIP {NIP_BUDI} muncul lebih dari sekali (baris 3 dan 4)." in budi.reasons


def test_changed_and_unchanged_scores(workshop, people):
    preview = score_import.preview_scores(workshop.id, "nilai.csv", csv_file(
        f"{NIP_ANI};Ani;;", f"{NIP_BUDI};Budi;50;75", header="NIP;Nama;Pre-test;Post-test"))
    assert preview.rows[0].reasons == ["Isi nilai pre-test atau post-test."]
    assert (preview.rows[1].outcome, preview.rows[1].changes) == ("updated", {"Post-test": ("70", "75")})
    unchanged = score_import.preview_scores(workshop.id, "nilai.csv",
                                            csv_file(f"{NIP_BUDI};Budi;50", header="NIP;Nama;Pre-test"))
    assert unchanged.rows[0].outcome == "unchanged"


@pytest.mark.parametrize(("cells", "reason"), [
    (f"{NIP_DEDI};Dedi;50;60", f"NIP {NIP_DEDI} tidak terdaftar sebagai peserta kelas ini."),
    (f"{NIP_LAIN};Siapa;50;60", f"NIP {NIP_LAIN} tidak terdaftar sebagai peserta kelas ini."),
    (f"{NIP_CITRA};Citra;50;60", f"Pendaftaran {NIP_CITRA} berstatus Daftar tunggu"),
    (";Tanpa NIP;50;60", "NIP wajib diisi."),
    (f"{NIP_ANI};Ani;101;60", "Nilai Pre-test 101 di luar rentang 0–100."),
    (f"{NIP_ANI};Ani;50;-1", "Nilai Post-test -1 di luar rentang 0–100."),
    (f"{NIP_ANI};Ani;lulus;60", "Nilai Pre-test \"lulus\" bukan angka."),
])
def test_rows_that_cannot_be_imported_say_why(workshop, people, cells, reason):
    row = score_import.preview_scores(workshop.id, "nilai.csv", csv_file(cells)).rows[0]
    assert row.outcome == "error"
    assert any(text.startswith(reason) for text in row.reasons), row.reasons


def test_a_nip_excel_turned_into_a_number_is_refused(workshop, people):
    row = score_import.preview_scores(workshop.id, "nilai.xlsx", xlsx_file([[float(NIP_ANI), "Ani", 50, 60]])).rows[0]
    assert row.outcome == "error" and "Format kolom NIP sebagai Teks" in row.reasons[0]


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("nilai.csv", b"NIP;Nama\n199005172015031101;Ani\n", "tidak berisi kolom Pre-test maupun Post-test"),
    ("nilai.csv", b"Nama;Post-test\nAni;80\n", "Kolom wajib tidak ditemukan: NIP"),
    ("nilai.pdf", b"%PDF-1.4", "Hanya berkas .csv atau .xlsx"),
])
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(filename, data, message):
    with pytest.raises(FileError, match=message):
        score_import.read_scores(filename, data)


# --- applying and the web flow ---------------------------------------------------------------------------------

def _upload(client, workshop, data: bytes, filename: str = "nilai.csv"):
    return client.post(f"/pengajar/kelas/{workshop.id}/nilai/unggah",
                       data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def test_upload_preview_and_confirm_an_xlsx_file(db, client, login, trainer, workshop, people):
    ani, _budi, _citra = people
    login(trainer)
    response = _upload(client, workshop, xlsx_file([[NIP_ANI, "Ani", 62, "88,5"], [NIP_BUDI, "Budi", 50, 70]]),
                       "nilai.xlsx")
    assert response.status_code == 302
    preview = client.get(response.location)
    text = page_text(preview)
    assert "2 baris: 1 nilai baru, 0 diperbarui, 1 tidak berubah, 0 salah." in text
    token = response.location.rstrip("/").split("/")[-1]
    fingerprint = score_import.preview_scores(workshop.id, "nilai.xlsx", db.session.scalar(
        select(Upload.content).where(Upload.token == token))).fingerprint
    confirmed = client.post(f"{response.location}/konfirmasi", data={"fingerprint": fingerprint})
    assert confirmed.status_code == 302
    assert "1 nilai baru, 0 diperbarui, 1 tidak berubah, 0 dilewati" in page_text(client.get(confirmed.location))
    db.session.expire_all()
    assert (db.session.get(Enrolment, ani.id).pre_score, db.session.get(Enrolment, ani.id).post_score) \
        == (62.0, 88.5)
    assert db.session.scalar(select(Upload).where(Upload.token == token)) is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "test_score",
                                                      AuditEntry.action == "import")) is not None


def test_errors_need_an_explicit_choice_and_are_reported(db, client, login, trainer, workshop, people):
    ani, _budi, _citra = people
    login(trainer)
    location = _upload(client, workshop, csv_file(f"{NIP_ANI};Ani;70;80", f"{NIP_DEDI};Dedi;70;120")).location
    text = page_text(client.get(location))
    assert f"NIP {NIP_DEDI} tidak terdaftar sebagai peserta kelas ini." in text
    assert "Nilai Post-test 120 di luar rentang 0–100." in text
    report = client.get(f"{location}/laporan.csv")
    assert report.mimetype == "text/csv" and NIP_DEDI in report.get_data(as_text=True)
    token = location.split("/")[-1]
    content = db.session.scalar(select(Upload.content).where(Upload.token == token))
    fingerprint = score_import.preview_scores(workshop.id, "nilai.csv", content).fingerprint
    refused = client.post(f"{location}/konfirmasi", data={"fingerprint": fingerprint})
    assert refused.status_code == 422 and "Ada baris yang salah" in page_text(refused)
    accepted = client.post(f"{location}/konfirmasi", data={"fingerprint": fingerprint, "valid_only": "y"})
    assert accepted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Enrolment, ani.id).post_score == 80.0


def test_a_stale_preview_is_not_applied(db, client, login, trainer, workshop, people):
    ani, _budi, _citra = people
    login(trainer)
    location = _upload(client, workshop, csv_file(f"{NIP_ANI};Ani;70;80")).location
    response = client.post(f"{location}/konfirmasi", data={"fingerprint": "old"})
    assert response.status_code == 422 and "Nilai peserta berubah sejak pratinjau ditampilkan" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Enrolment, ani.id).post_score is None


def test_a_bad_upload_is_shown_beside_the_file_field(client, login, trainer, workshop, people):
    login(trainer)
    response = _upload(client, workshop, b"NIP;Nama\n1;Ani\n")
    assert response.status_code == 422
    assert "Berkas tidak berisi kolom Pre-test maupun Post-test." in page_text(response)


def test_the_upload_is_discarded(db, client, login, trainer, workshop, people):
    login(trainer)
    location = _upload(client, workshop, csv_file(f"{NIP_ANI};Ani;70;80")).location
    assert client.post(f"{location}/batal").status_code == 302
    assert db.session.scalar(select(Upload.id)) is None


def test_only_the_uploader_opens_the_preview(db, client, login, trainer, workshop, people, make_user):
    login(trainer)
    location = _upload(client, workshop, csv_file(f"{NIP_ANI};Ani;70;80")).location
    client.post("/keluar")
    co_trainer = make_user("trainer")
    workshop.trainers.append(co_trainer)
    db.session.commit()
    login(co_trainer)
    assert client.get(location).status_code == 403
    client.post("/keluar")
    login(make_user("trainer"))
    assert client.get(location).status_code == 403


def test_the_template_lists_the_enrolled_participants_with_their_scores(client, login, trainer, workshop, people):
    login(trainer)
    text = client.get(f"/pengajar/kelas/{workshop.id}/nilai/templat.csv").get_data(as_text=True)
    assert NIP_ANI in text and f"{NIP_BUDI};Budi Sitorus;50;70" in text and NIP_CITRA not in text
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/pengajar/kelas/{workshop.id}/nilai/templat.xlsx").data))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("NIP", "Nama", "Pre-test", "Post-test")
    assert (NIP_BUDI, "Budi Sitorus", 50, 70) in rows


def test_a_class_completed_before_the_confirmation_keeps_its_scores(db, client, login, trainer, workshop, people):
    ani, _budi, _citra = people
    login(trainer)
    location = _upload(client, workshop, csv_file(f"{NIP_ANI};Ani;70;80")).location
    token = location.split("/")[-1]
    content = db.session.scalar(select(Upload.content).where(Upload.token == token))
    fingerprint = score_import.preview_scores(workshop.id, "nilai.csv", content).fingerprint
    workshop.status = "completed"
    db.session.commit()
    response = client.post(f"{location}/konfirmasi", data={"fingerprint": fingerprint}, follow_redirects=True)
    assert "tidak dapat dicatat untuk kelas berstatus selesai" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Enrolment, ani.id).post_score is None
