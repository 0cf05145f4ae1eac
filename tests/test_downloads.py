"""Every file download names its type once: a CSV is "text/csv; charset=utf-8", never with the charset twice
(Werkzeug appends one to a text type even when the type names it already)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CSV = "text/csv; charset=utf-8"


def _mimetype_arguments():
    """(file:line, the mimetype expression) of every Response(...) and send_file(...) call in the app."""
    for package in ("lms", "courses", "competencies", "kompeten"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Response", "send_file"):
                    for keyword in node.keywords:
                        if keyword.arg in ("mimetype", "content_type"):
                            yield f"{path.relative_to(ROOT)}:{node.lineno}", keyword.value


def test_no_file_response_hands_werkzeug_a_type_with_parameters():
    """A literal type without parameters, or one passed through lms.downloads.file_mimetype (download() does)."""
    wrong = [where for where, value in _mimetype_arguments()
             if not (isinstance(value, ast.Constant) and ";" not in value.value)
             and not (isinstance(value, ast.Call) and getattr(value.func, "id", None) == "file_mimetype")]
    assert not wrong, "pass the type through lms.downloads.file_mimetype (or use download()): " + ", ".join(wrong)


@pytest.fixture
def hr(make_user, login):
    user = make_user("employee", "hr")
    login(user)
    return user


def test_csv_downloads_send_the_charset_once(client, hr, make_user, make_workshop):
    workshop = make_workshop(trainers=[make_user("trainer")])
    for url in ("/impor-pegawai/templat.csv", f"/pengajar/kelas/{workshop.id}/nilai/templat.csv",
                "/analisis-kebutuhan-pelatihan?format=csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == CSV, url


def test_a_job_result_in_csv_is_sent_with_one_charset(client, hr, db):
    from lms.jobs.models import Job, JobStatus

    job = Job(name="roster.import", label="Impor pegawai", params={}, created_by_id=hr.id, status=JobStatus.DONE,
              result=b"NIP;Nama\n", result_filename="laporan.csv", result_mimetype=CSV)
    db.session.add(job)
    db.session.commit()
    response = client.get(f"/tugas/{job.id}/unduh")
    assert response.status_code == 200 and response.headers["Content-Type"] == CSV
