"""Roster import in the browser (upload, preview, confirm as a background job, discard, access) and on the
command line."""

import codecs
import io
import re
import time
from datetime import datetime

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEntry
from lms.imports import store
from lms.imports.models import Upload
from lms.jobs import services as jobs
from lms.jobs.models import Job
from lms.people.models import Employee
from lms.roster import tasks as roster_tasks
from lms.roster.columns import UPLOAD_KIND
from lms.roster.preview import preview_roster
from lms.roster.services import apply_roster
from tests import roster_helpers
from tests.helpers import page_text
from tests.roster_helpers import (
    NIP_A,
    NIP_B,
    NIP_HEAD,
    a_team,
    count,
    csv_bytes,
    employee,
    row,
)

org = roster_helpers.org  # the fixture, found by pytest in this module


def _upload(client, data: bytes, filename: str = "pegawai.csv"):
    return client.post("/impor-pegawai", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _wait_for(db, job_id: int, *statuses: str, seconds: float = 15.0) -> Job:
    """The job once it has one of ``statuses`` (it runs in a thread of the app: no broker in the tests)."""
    deadline = time.monotonic() + seconds
    while True:
        db.session.rollback()  # a fresh look (and no transaction left open while the job writes)
        job = db.session.get(Job, job_id)
        if job.status in statuses:
            return job
        assert time.monotonic() < deadline, f"job {job_id} is still {job.status}"
        time.sleep(0.02)


def _confirm(db, client, token: str, **data) -> Job:
    """Confirm the upload, follow the redirect to the job's page and wait until the job has ended."""
    response = client.post(f"/impor/pegawai/{token}/konfirmasi", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    job_id = int(re.fullmatch(r"/tugas/(\d+)", response.headers["Location"])[1])
    assert client.get(response.headers["Location"]).status_code == 200
    return _wait_for(db, job_id, "done", "failed")


def _fingerprint(page) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]


def test_hr_uploads_previews_and_confirms(db, org, client, make_user, login):
    hr = make_user("hr")
    login(hr)
    page = client.get("/impor-pegawai")
    assert page.status_code == 200
    text = page_text(page)
    assert "Kode Jabatan" in text and "NIP Atasan" in text and "nama lengkap" in text

    response = _upload(client, csv_bytes(a_team()))
    assert response.status_code == 302
    token = response.headers["Location"].rsplit("/", 1)[-1]
    stored = db.session.scalar(select(Upload).where(Upload.token == token))
    assert stored.uploaded_by_id == hr.id and stored.filename == "pegawai.csv"

    preview_page = client.get(f"/impor/pegawai/{token}")
    assert preview_page.status_code == 200
    text = page_text(preview_page)
    assert "3 baris: 3 baru, 0 diperbarui, 0 tidak berubah, 0 salah." in text
    assert "Impor semua" in text and NIP_HEAD in text
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"',
                            preview_page.get_data(as_text=True))[1]

    job = _confirm(db, client, token, fingerprint=fingerprint)
    assert job.status == "done", job.error
    assert job.name == "roster.import" and job.label == "Impor pegawai: pegawai.csv" and job.created_by_id == hr.id
    assert employee(db, NIP_A) is not None and employee(db, NIP_B).supervisor_id == employee(db, NIP_A).id
    assert count(db, Upload) == 0
    assert client.post(f"/impor/pegawai/{token}/konfirmasi", data={"fingerprint": fingerprint}).status_code == 404
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import"))
    assert entry.actor_id == hr.id

    page = client.get(f"/tugas/{job.id}")
    assert "Unduh laporan-impor-pegawai.csv" in page_text(page)
    # the last progress, also on SQLite where it cannot be written while the import holds the write lock
    assert "Impor pegawai.csv selesai: 3 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati." in page_text(page)
    report = client.get(f"/tugas/{job.id}/unduh")
    assert report.status_code == 200 and report.mimetype == "text/csv"
    assert report.headers["Content-Disposition"] == "attachment; filename=laporan-impor-pegawai.csv"
    lines = report.data.decode("utf-8-sig").splitlines()
    assert lines[:7] == ["Hasil impor pegawai.csv;Jumlah", "Baru;3", "Diperbarui;0", "Tidak berubah;0",
                         "Dilewati;0", "", "Baris;NIP;Nama;Hasil;Keterangan"]
    assert lines[7] == f"2;{NIP_B};Siti Aminah;baru;" and len(lines) == 10


def test_with_errors_the_user_must_choose_valid_only(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _upload(client, csv_bytes([row(), row(nip=NIP_B, position_code="NOPE")])).headers["Location"]
    token = token.rsplit("/", 1)[-1]
    page = client.get(f"/impor/pegawai/{token}")
    text = page_text(page)
    assert "1 baris berisi kesalahan" in text and 'Kode jabatan "NOPE" tidak ditemukan' in text
    assert re.search(r"<button[^>]*disabled[^>]*>\s*Impor semua", page.get_data(as_text=True))
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]

    refused = client.post(f"/impor/pegawai/{token}/konfirmasi", data={"fingerprint": fingerprint})
    assert refused.status_code == 422
    assert "centang pilihan ini" in page_text(refused)
    assert employee(db, NIP_A) is None

    job = _confirm(db, client, token, fingerprint=fingerprint, valid_only="y")
    assert job.status == "done", job.error
    assert job.params == {"token": token, "valid_only": True, "fingerprint": fingerprint}
    assert employee(db, NIP_A) is not None and employee(db, NIP_B) is None
    lines = client.get(f"/tugas/{job.id}/unduh").data.decode("utf-8-sig").splitlines()
    assert lines[1:5] == ["Baru;1", "Diperbarui;0", "Tidak berubah;0", "Dilewati;1"]
    assert lines[-1] == f'3;{NIP_B};Budi Santoso;salah;"Kode jabatan ""NOPE"" tidak ditemukan."'
    assert count(db, Upload) == 0


def _submit_import(db, user, token: str, fingerprint: str, valid_only: bool = False) -> Job:
    job = jobs.submit(user, roster_tasks.TASK_NAME, {"token": token, "valid_only": valid_only,
                                                     "fingerprint": fingerprint}, "Impor pegawai: pegawai.csv")
    db.session.commit()
    return _wait_for(db, job.id, "done", "failed")


def test_the_job_refuses_a_preview_that_changed_since_it_was_confirmed(db, org, make_user):
    hr = make_user("hr")
    stored = store.store_upload(hr, "pegawai.csv", csv_bytes(a_team()), UPLOAD_KIND)
    db.session.commit()
    token, confirmed = stored.token, preview_roster(stored.filename, stored.content).fingerprint

    job = _submit_import(db, hr, token, "0" * 64)  # as if the data changed after the confirmation
    assert job.status == "failed" and job.result is None
    assert job.error == "Data pegawai berubah sejak pratinjau dikonfirmasi; unggah atau buka pratinjau lagi."
    assert count(db, Employee) == 1  # the HR user's own employee
    assert count(db, Upload) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import")) is None

    assert _submit_import(db, hr, token, confirmed).status == "done"
    assert employee(db, NIP_HEAD) is not None and count(db, Upload) == 0
    again = _submit_import(db, hr, token, confirmed)  # a second job for the same upload
    assert again.status == "failed"
    assert again.error == "Unggahan ini sudah diimpor atau dibatalkan; tidak ada data yang diubah."


def test_an_import_colliding_with_another_write_fails_with_a_reason(db, org, make_user, monkeypatch):
    hr = make_user("hr")
    stored = store.store_upload(hr, "pegawai.csv", csv_bytes([row()]), UPLOAD_KIND)
    db.session.commit()
    fingerprint = preview_roster(stored.filename, stored.content).fingerprint
    # Read here: the job runs in another thread, which must not load attributes through this test's session.
    position_id, unit_id = org.staf.id, org.bidang.id

    def apply_after_someone_else(actor, preview, *args, **kwargs):
        # Between the job's preview and its insert, another transaction registers the same NIP.
        with db.engine.begin() as connection:
            connection.execute(Employee.__table__.insert().values(
                nip=NIP_A, name="Budi Santoso", employment_type="pns", rank_code="III/a",
                position_id=position_id, unit_id=unit_id, is_active=True))
        return apply_roster(actor, preview, *args, **kwargs)

    monkeypatch.setattr(roster_tasks, "apply_roster", apply_after_someone_else)
    job = _submit_import(db, hr, stored.token, fingerprint)
    assert job.status == "failed"
    assert job.error == ("Data pegawai berubah selama impor berlangsung; tidak ada yang disimpan. Periksa pratinjau "
                         "lalu konfirmasi lagi.")
    assert count(db, Upload) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import")) is None


def test_a_stale_preview_is_not_confirmed(db, org, client, make_user, make_employee, login):
    login(make_user("hr"))
    token = _upload(client, csv_bytes([row()])).headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/impor/pegawai/{token}")
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page.get_data(as_text=True))[1]
    make_employee("Budi Santoso", position=org.staf, nip=NIP_A, rank_code="II/a")  # meanwhile, by someone
    db.session.commit()

    response = client.post(f"/impor/pegawai/{token}/konfirmasi", data={"fingerprint": fingerprint})
    assert response.status_code == 422
    assert "Data pegawai berubah sejak pratinjau ditampilkan" in page_text(response)
    assert "Golongan: II/a → III/a" in page_text(response)
    assert employee(db, NIP_A).rank_code == "II/a"


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("pegawai.pdf", b"%PDF", "Hanya berkas .csv atau .xlsx yang diterima"),
    ("pegawai.csv", b"NIP,Nama\n1,2\n", "Kolom wajib tidak ditemukan: Golongan, Kode Jabatan."),
    ("pegawai.xlsx", b"garbage", "Berkas XLSX rusak"),
])
def test_a_bad_upload_is_refused_on_the_form(db, client, make_user, login, filename, data, message):
    login(make_user("hr"))
    response = _upload(client, data, filename)
    assert response.status_code == 422
    assert message in page_text(response)
    assert count(db, Upload) == 0


def test_an_oversized_upload_is_refused_on_the_form(app, db, client, make_user, login, monkeypatch):
    login(make_user("hr"))
    monkeypatch.setitem(app.config, "ROSTER_MAX_BYTES", 100)
    response = _upload(client, csv_bytes([row()] * 5))
    assert response.status_code == 422
    assert "Berkas terlalu besar" in page_text(response)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    assert _upload(client, csv_bytes([row()] * 50)).status_code == 413


def test_no_file_is_a_field_error(db, client, make_user, login):
    login(make_user("hr"))
    response = client.post("/impor-pegawai", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Pilih berkas yang akan diunggah" in page_text(response)


def test_templates_and_report_download(db, org, client, make_user, login):
    login(make_user("admin"))
    csv_template = client.get("/impor-pegawai/templat.csv")
    assert csv_template.status_code == 200 and csv_template.mimetype == "text/csv"
    assert csv_template.data.startswith(codecs.BOM_UTF8 + b"NIP;Nama;")
    xlsx_template = client.get("/impor-pegawai/templat.xlsx")
    assert xlsx_template.status_code == 200 and xlsx_template.data.startswith(b"PK")

    token = _upload(client, csv_bytes([row(), row(nip="1")])).headers["Location"].rsplit("/", 1)[-1]
    report = client.get(f"/impor/pegawai/{token}/laporan.csv")
    lines = report.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Baris;NIP;Nama;Hasil;Keterangan"
    assert lines[2].startswith("3;1;Budi Santoso;salah;")


def test_discard_deletes_the_upload(db, org, client, make_user, login):
    login(make_user("hr"))
    token = _upload(client, csv_bytes([row()])).headers["Location"].rsplit("/", 1)[-1]
    response = client.post(f"/impor/pegawai/{token}/batal", follow_redirects=True)
    assert "dibatalkan" in page_text(response)
    assert count(db, Upload) == 0 and employee(db, NIP_A) is None
    assert client.get(f"/impor/pegawai/{token}").status_code == 404


def test_old_uploads_are_purged(db, org, make_user):
    user = make_user("hr")
    old = store.store_upload(user, "lama.csv", b"x", UPLOAD_KIND)
    old.created_at = datetime(2020, 1, 1)
    db.session.flush()
    store.store_upload(user, "baru.csv", b"y", UPLOAD_KIND)
    assert db.session.scalars(select(Upload.filename)).all() == ["baru.csv"]


def test_access_to_the_roster_pages(db, org, client, make_user, login):
    assert client.get("/impor-pegawai").headers["Location"].startswith("/masuk")
    owner, other_hr = make_user("hr"), make_user("hr", email="hr2@pemkomedan.go.id")
    admin, plain = make_user("admin", with_employee=False, email="admin@pemkomedan.go.id"), make_user()
    login(owner)
    token = _upload(client, csv_bytes([row()])).headers["Location"].rsplit("/", 1)[-1]
    client.post("/keluar")

    login(plain)
    assert client.get("/impor-pegawai").status_code == 403
    assert _upload(client, csv_bytes([row()])).status_code == 403
    assert client.get(f"/impor/pegawai/{token}").status_code == 403
    client.post("/keluar")

    login(other_hr)
    assert client.get("/impor-pegawai").status_code == 200
    assert client.get(f"/impor/pegawai/{token}").status_code == 403
    assert client.post(f"/impor/pegawai/{token}/konfirmasi", data={}).status_code == 403
    assert client.get("/impor/pegawai/no-such-token").status_code == 404
    client.post("/keluar")

    login(admin)
    assert client.get(f"/impor/pegawai/{token}").status_code == 200
    client.post("/keluar")
    assert client.get(f"/impor/pegawai/{token}").headers["Location"].startswith("/masuk")

    login(owner)
    job = _confirm(db, client, token, fingerprint=_fingerprint(client.get(f"/impor/pegawai/{token}")))
    assert job.status == "done", job.error
    client.post("/keluar")
    login(other_hr)
    for url in (f"/tugas/{job.id}", f"/tugas/{job.id}/status", f"/tugas/{job.id}/unduh"):
        assert client.get(url).status_code == 403


# --- command line --------------------------------------------------------------------------------------------

@pytest.fixture
def roster_file(tmp_path):
    def write(rows: list[dict[str, str]], name: str = "pegawai.csv") -> str:
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return str(path)

    return write


def test_cli_previews_and_exits_non_zero_on_bad_rows(db, org, runner, roster_file):
    db.session.commit()
    path = roster_file([row(), row(nip=NIP_B, rank_code="III/z")])
    result = runner.invoke(args=["lms", "import-roster", path])
    assert result.exit_code == 1
    assert "Golongan III/Z tidak berlaku untuk pegawai PNS" in result.output
    assert "2 baris: 1 baru, 0 diperbarui, 0 tidak berubah, 1 salah." in result.output

    result = runner.invoke(args=["lms", "import-roster", path, "--commit"])
    assert result.exit_code == 1 and "Tidak ada yang ditulis" in result.output
    assert employee(db, NIP_A) is None


def test_cli_commit_writes_a_clean_file(db, org, runner, roster_file):
    db.session.commit()
    path = roster_file(a_team())
    assert runner.invoke(args=["lms", "import-roster", path]).exit_code == 0
    assert employee(db, NIP_A) is None  # a preview writes nothing
    result = runner.invoke(args=["lms", "import-roster", path, "--commit"])
    assert result.exit_code == 0, result.output
    assert "Diimpor: 3 baru, 0 diperbarui, 0 tidak berubah, 0 dilewati." in result.output
    assert employee(db, NIP_B).supervisor.nip == NIP_A
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "roster_import"))
    assert entry.actor_id is None and entry.actor_label == "sistem"


def test_cli_valid_only_writes_the_valid_rows(db, org, runner, roster_file):
    db.session.commit()
    path = roster_file([row(), row(nip=NIP_B, position_code="NOPE")])
    result = runner.invoke(args=["lms", "import-roster", path, "--valid-only"])
    assert result.exit_code == 0, result.output
    assert "Diimpor: 1 baru, 0 diperbarui, 0 tidak berubah, 1 dilewati." in result.output
    assert employee(db, NIP_A) is not None and employee(db, NIP_B) is None


def test_cli_refuses_an_unreadable_file(db, runner, tmp_path):
    path = tmp_path / "pegawai.txt"
    path.write_text("hello")
    result = runner.invoke(args=["lms", "import-roster", str(path)])
    assert result.exit_code == 2 and "Berkas ditolak: Hanya berkas .csv atau .xlsx" in result.output


