"""Hostile spreadsheets: a small file that unpacks into millions of rows or cells is refused as soon as it goes
past a limit, by every import that reads spreadsheets (roster, requirements, scores), in about the time a tiny
normal file takes; times are compared as ratios, never as seconds."""

import contextlib
import io
import random
import time
import zipfile
from collections.abc import Callable, Iterable

import openpyxl
import pytest

from competencies.requirement_import import read_requirements
from courses.teaching.scores import read_scores
from lms import tabular
from lms.roster.columns import read_roster
from lms.tabular import MAX_BLANK_ROWS, MAX_COLUMNS, FileError, iter_csv_rows, xlsx_rows

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

IMPORTS: dict[str, Callable[[str, bytes], object]] = {
    "roster": read_roster, "requirements": read_requirements, "scores": read_scores}
# A header and a data row that every one of them reads (each ignores the columns of the others).
HEADER = ["NIP", "Nama", "Golongan", "Kode Jabatan", "Kode Kompetensi", "Level", "Pre-test", "Post-test"]
ROW = ["198503172010011002", "Budi", "III/a", "J-01", "K-01", "3", "60", "80"]


def _cells(number: int, values: list[str]) -> bytes:
    return b"".join(f'<c r="{openpyxl.utils.get_column_letter(column)}{number}" t="inlineStr"><is><t>{value}</t>'
                    f"</is></c>".encode() for column, value in enumerate(values, start=1))


def workbook(header: list[str], body: Iterable[bytes] = (), dimension: str | None = None) -> bytes:
    """A workbook openpyxl wrote, whose sheet is replaced by ``header`` in row 1 and the ``body`` XML after it
    (streamed into the archive, so that a bomb is never whole in memory)."""
    base = openpyxl.Workbook()
    base.active.append(header)
    buffer = io.BytesIO()
    base.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != SHEET:
                target.writestr(member, source.read(member))
        with target.open(SHEET, "w") as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b'<sheetData><row r="1">' + _cells(1, header) + b"</row>")
            for chunk in body:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def data_rows(values: list[str], first: int = 2, count: int = 1) -> Iterable[bytes]:
    for number in range(first, first + count):
        yield f'<row r="{number}">'.encode() + _cells(number, values) + b"</row>"


def empty_rows(count: int, first: int = 2, noisy: bool = False) -> Iterable[bytes]:
    """``count`` empty rows, in chunks: without a row number (each follows the one before), packed about a thousand
    times, or ``noisy``, numbered and each of a random height, packed about 10 times (below the unpacking limit)."""
    if not noisy:
        yield from [b"<row/>" * 10_000] * (count // 10_000)
        yield b"<row/>" * (count % 10_000)
        return
    noise = random.Random(7)
    for start in range(first, first + count, 10_000):
        yield b"".join(f'<row r="{number}" ht="{noise.randint(10, 99)}.{noise.randint(0, 99)}" customHeight="1"/>'
                       .encode() for number in range(start, min(first + count, start + 10_000)))


def unpacked_ratio(data: bytes) -> float:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = archive.getinfo(SHEET)
        return member.file_size / member.compress_size


def fastest(read: Callable[[], object], runs: int = 3) -> float:
    """The shortest of a few runs (the least disturbed by the other work of the machine)."""
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(FileError):
            read()
        times.append(time.perf_counter() - start)
    return min(times)


def refusal(read: Callable[[], object]) -> str:
    with pytest.raises(FileError) as refused:
        read()
    return refused.value.message


@pytest.fixture(scope="module")
def issue_bomb() -> bytes:
    """Like the file of the report (254 KB holding 4 million empty rows, which took 57 s and 2.9 GB to refuse)."""
    return workbook(HEADER, empty_rows(4_000_000))


@pytest.fixture(scope="module")
def blank_row_bomb() -> bytes:
    """200,000 empty rows packed about 30 times: below the unpacking limits, so only the reading stops it."""
    data = workbook(HEADER, empty_rows(200_000, noisy=True))
    assert unpacked_ratio(data) < tabular.MAX_UNPACK_RATIO
    return data


def test_the_reported_row_bomb_is_refused_before_anything_is_unpacked(app, issue_bomb):
    assert len(issue_bomb) < 256 * 1024 and unpacked_ratio(issue_bomb) > tabular.MAX_UNPACK_RATIO
    assert "terlalu besar setelah dibuka" in refusal(lambda: xlsx_rows(issue_bomb))


@pytest.mark.parametrize("kind", IMPORTS)
def test_every_import_refuses_the_bombs_about_as_fast_as_it_reads_a_tiny_file(app, kind, issue_bomb,
                                                                            blank_row_bomb):
    read = IMPORTS[kind]
    tiny = workbook(HEADER, data_rows(ROW))
    read("tiny.xlsx", tiny)  # a normal file is read
    bombs = {"issue": issue_bomb, "blank rows": blank_row_bomb}
    assert "terlalu besar setelah dibuka" in refusal(lambda: read("bom.xlsx", bombs["issue"]))
    assert f"lebih dari {MAX_BLANK_ROWS} baris kosong" in refusal(lambda: read("bom.xlsx", bombs["blank rows"]))
    baseline = fastest(lambda: read("tiny.xlsx", tiny))
    for name, bomb in bombs.items():
        # Reading all of the blank-row bomb took about 150 times the tiny file, the reported one thousands of times.
        ratio = fastest(lambda bomb=bomb: read("bom.xlsx", bomb)) / baseline
        assert ratio < 40, (kind, name, ratio)


def test_rows_a_sheet_leaves_out_count_as_blank_rows_without_being_made_one_by_one(app):
    header, row = HEADER, ROW
    data = workbook(header, data_rows(row, first=1_048_576))  # one data row at the bottom of the sheet
    start = time.perf_counter()
    assert "baris kosong" in refusal(lambda: read_roster("jauh.xlsx", data))
    assert time.perf_counter() - start < 100 * fastest(lambda: read_roster("jauh.xlsx", workbook(header)))


def test_a_sheet_that_declares_more_rows_than_can_be_read_is_refused_before_reading(app):
    header, row = HEADER, ROW
    data = workbook(header, data_rows(row), dimension="A1:D4000000")
    assert "menyatakan 4000000 baris" in refusal(lambda: read_scores("nilai.xlsx", data))
    truthful = workbook(header, data_rows(row), dimension="A1:D2")
    assert len(read_scores("nilai.xlsx", truthful).records) == 1


def test_content_past_the_column_limit_is_refused_and_empty_formatted_cells_are_skipped(app):
    header, row = HEADER, ROW
    past = openpyxl.utils.get_column_letter(MAX_COLUMNS + 1)
    wide = workbook(header, [b'<row r="2">' + _cells(2, row) + f'<c r="{past}2"><v>1</v></c></row>'.encode()])
    assert f"Baris 2 berisi data di kolom ke-{MAX_COLUMNS + 1}" in refusal(lambda: read_requirements("a.xlsx", wide))
    formatted = workbook(header, [b'<row r="2">' + _cells(2, row) + f'<c r="{past}2" s="0"/><c r="XFD2" s="0"/>'
                                  f"</row>".encode()])
    assert read_requirements("a.xlsx", formatted).records[0][1]["level"] == "3"


def test_a_row_of_more_cells_than_excel_has_columns_is_refused_as_soon_as_it_has_them(app):
    header = HEADER
    # Empty cells without references; more of them (millions, gigabytes as openpyxl's rows) pack too well to be
    # unpacked at all (test_the_reported_row_bomb_...).
    bomb = workbook(header, [b'<row r="2">', b"<c/>" * 20_000, b"</row>"])
    assert "lebih dari 16384 sel" in refusal(lambda: read_roster("a.xlsx", bomb))


def test_csv_stops_at_the_blank_row_limit_and_at_content_past_the_column_limit(app):
    header, row = HEADER, ROW
    tiny = (";".join(header) + "\n" + ";".join(row) + "\n").encode()
    newlines = (";".join(header) + "\n").encode() + b"\n" * 4_000_000 + (";".join(row) + "\n").encode()
    baseline = fastest(lambda: read_roster("tiny.csv", tiny))
    assert f"lebih dari {MAX_BLANK_ROWS} baris kosong" in refusal(lambda: read_roster("bom.csv", newlines))
    # About 600 times a two-line file (30 µs); reading it all took 200,000 times as long, and it was accepted.
    assert fastest(lambda: read_roster("bom.csv", newlines), runs=1) / baseline < 5_000
    wide = (";".join(header) + "\n" + ";".join(row) + ";" * 100 + "x\n").encode()
    assert f"kolom ke-{len(row) + 100}" in refusal(lambda: read_roster("lebar.csv", wide))
    trailing = (";".join(header) + ";" * 200 + "\n" + ";".join(row) + ";" * 200 + "\n").encode()
    assert len(read_roster("lebar.csv", trailing).records) == 1  # empty cells Excel keeps at the right
    assert [cells for _number, cells in iter_csv_rows(trailing)][1] == row + [""] * (MAX_COLUMNS - len(row))


def test_the_upload_form_shows_the_refusal(app, db, client, login, make_user):
    login(make_user("employee", "hr"))
    header, row = HEADER, ROW
    bomb = workbook(header, data_rows(row, first=1_048_576))
    response = client.post("/impor-pegawai", data={"file": (io.BytesIO(bomb), "pegawai.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "baris kosong" in response.get_data(as_text=True)


def test_the_moodle_import_stops_at_the_blank_row_limit_too(app):
    from competencies import moodle

    data = ",".join(moodle.HEADERS).encode() + b"\n" * 4_000_000
    preview = moodle.parse_moodle_csv(data)
    assert [issue.message for issue in preview.errors] == [
        f"Berkas berisi lebih dari {MAX_BLANK_ROWS} baris kosong. Hapus baris kosong (misalnya baris berformat di "
        "bawah data) lalu unggah ulang."]
