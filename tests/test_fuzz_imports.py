"""Random files through every import (roster, requirements, test scores, Moodle frameworks): random bytes, CSV in
any encoding and separator with the import's own headers among random ones and odd cells, and XLSX workbooks of
odd cells. Uploading, previewing, downloading the preview's report and confirming never answer a 5xx.

Bounded and derandomized (as tests/test_fuzz.py), so it runs in seconds and fails the same way every time."""

import codecs
import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competencies.moodle.columns import HEADERS as MOODLE_HEADERS
from competencies.requirement_import import HEADERS as REQUIREMENT_HEADERS
from courses.teaching.scores import HEADERS as SCORE_HEADERS
from lms.roster.columns import COLUMNS as ROSTER_COLUMNS
from tests.helpers import make_nip
from tests.test_fuzz import ODD, SETTINGS

CELL = st.one_of(ODD, st.sampled_from([make_nip(), "III/a", "IX", "PNS", "PPPK", "ya", "tidak", "85", "70,5", "1.5e3",
                                       "=HYPERLINK(\"x\")", "@SUM(A1)", "0", "Kritis", "Normal"]))
XLSX_CELL = st.one_of(st.text(max_size=30).map(lambda text: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)),
                      st.integers(min_value=-(10**12), max_value=10**12),
                      st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none(),
                      st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
                      st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))


def _headers(known: list[str]):
    return st.lists(st.one_of(st.sampled_from(known), ODD), min_size=1, max_size=len(known) + 2)


def _csv(known: list[str]):
    @st.composite
    def build(draw) -> bytes:
        header = draw(_headers(known))
        rows = draw(st.lists(st.lists(CELL, max_size=len(header) + 2), max_size=6))
        separator = draw(st.sampled_from([",", ";", "\t"]))
        text = "\r\n".join(separator.join(str(cell) for cell in row) for row in [header, *rows])
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
        return text.encode(encoding, errors="replace")
    return build()


def _xlsx(known: list[str]):
    @st.composite
    def build(draw) -> bytes:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append([re.sub(r"[\x00-\x1f]", "", str(cell)) for cell in draw(_headers(known))])
        for row in draw(st.lists(st.lists(XLSX_CELL, max_size=8), max_size=6)):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    return build()


def files(known: list[str], xlsx: bool = True):
    """(file name, content) of one odd file for an import whose columns are ``known``."""
    kinds = [st.tuples(st.just("data.csv"), _csv(known)),
             st.tuples(st.sampled_from(["data.csv", "data.xlsx", "data.xls", "data"]), st.binary(max_size=300)),
             st.tuples(st.just("data.csv"), st.just(codecs.BOM_UTF8 + b"\x00" * 20))]
    if xlsx:
        kinds.append(st.tuples(st.sampled_from(["data.xlsx", "data.csv"]), _xlsx(known)))
    return st.one_of(kinds)


def _through_the_import(client, upload_url: str, upload: tuple[str, bytes]) -> None:
    """Upload; on a preview, open it, its report and confirm it as sent: each answer below 500."""
    filename, content = upload
    response = client.post(upload_url, data={"file": (io.BytesIO(content), filename)},
                           content_type="multipart/form-data")
    assert response.status_code < 500, (upload_url, filename, content[:200], response.status_code)
    preview = response.headers.get("Location", "")
    if "/impor/" not in preview:
        return
    for url in (preview, f"{preview}/laporan.csv"):
        answer = client.get(url)
        assert answer.status_code < 500, (url, filename, content[:200], answer.status_code)
    answer = client.post(f"{preview}/konfirmasi", data={"valid_only": "y"})
    assert answer.status_code < 500, (preview, filename, content[:200], answer.status_code)


@pytest.fixture
def as_hr(client, login, make_user):
    login(make_user("employee", "hr"))
    return client


@settings(SETTINGS, max_examples=40)
@given(upload=files([column.header for column in ROSTER_COLUMNS]))
def test_odd_roster_files_never_answer_5xx(as_hr, upload):
    _through_the_import(as_hr, "/impor-pegawai", upload)


@settings(SETTINGS, max_examples=40)
@given(upload=files(list(REQUIREMENT_HEADERS)))
def test_odd_requirement_files_never_answer_5xx(as_hr, upload):
    _through_the_import(as_hr, "/standar-kompetensi/impor", upload)


@settings(SETTINGS, max_examples=30)
@given(upload=files(list(MOODLE_HEADERS), xlsx=False))
def test_odd_moodle_files_never_answer_5xx(as_hr, upload):
    _through_the_import(as_hr, "/kamus-kompetensi/impor-moodle", upload)


@pytest.fixture
def trainer_class(client, login, make_user, make_workshop, make_employee, make_enrolment):
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    workshop = make_workshop(trainers=[trainer], status="running")
    make_enrolment(workshop, make_employee("Peserta Satu", nip=make_nip()))
    login(trainer)
    return client, workshop


@settings(SETTINGS, max_examples=30)
@given(upload=files(list(SCORE_HEADERS)))
def test_odd_score_files_never_answer_5xx(trainer_class, upload):
    client, workshop = trainer_class
    _through_the_import(client, f"/pengajar/kelas/{workshop.id}/nilai/unggah", upload)
