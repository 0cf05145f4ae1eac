"""Moodle framework CSV in the browser: export for anyone signed in, import with a preview for HR."""

import io

from sqlalchemy import func, select

from competencies.models import Competency, Framework
from tests.helpers import page_text
from tests.test_moodle import csv_bytes, good_rows


def upload(client, data: bytes, name: str = "moodle.csv"):
    return client.post("/kamus-kompetensi/impor-moodle", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_hr_previews_then_imports_a_moodle_file(client, db, make_user, login):
    login(make_user("employee", "hr"))
    response = upload(client, csv_bytes(good_rows()))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    assert preview.status_code == 200 and "Kompetensi:" in page_text(preview)
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 0  # nothing before confirming
    token = response.headers["Location"].rsplit("/", 1)[1]
    confirmed = client.post(f"/impor/moodle/{token}/konfirmasi", follow_redirects=True)
    assert "diimpor" in page_text(confirmed)
    db.session.expire_all()
    framework = db.session.scalar(select(Framework))
    assert db.session.scalar(select(func.count()).where(Competency.framework_id == framework.id)) == len(
        good_rows()) - 1
    export = client.get(f"/kamus-kompetensi/{framework.id}/moodle.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert framework.code.encode() in export.data


def test_a_bad_file_shows_its_errors_and_cannot_be_imported(client, db, make_user, login):
    login(make_user("employee", "hr"))
    rows = good_rows()
    rows.append(list(rows[-1]))  # the same ID number twice
    response = upload(client, csv_bytes(rows))
    token = response.headers["Location"].rsplit("/", 1)[1]
    text = page_text(client.get(response.headers["Location"]))
    assert "Baris" in text and "kesalahan" in text
    assert client.post(f"/impor/moodle/{token}/konfirmasi").status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 0


def test_only_csv_files_are_accepted(client, make_user, login):
    login(make_user("employee", "hr"))
    response = upload(client, b"PK\x03\x04", name="moodle.xlsx")
    assert response.status_code == 422 and "Hanya berkas .csv" in page_text(response)


def test_employees_cannot_import_but_may_export(client, db, make_user, login):
    framework = Framework(code="F1", name="Kerangka", scale=["1", "2"], proficient_level=1)
    db.session.add(framework)
    db.session.commit()
    login(make_user("employee"))
    assert client.get("/kamus-kompetensi/impor-moodle").status_code == 403
    assert upload(client, csv_bytes(good_rows())).status_code == 403
    assert client.get(f"/kamus-kompetensi/{framework.id}/moodle.csv").status_code == 200
