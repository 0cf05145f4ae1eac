"""Spreadsheet files the imports read and the reports and exports write."""

import codecs
import io

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from competencies.requirement_export import export_xlsx
from lms.tabular import (
    Column,
    FileError,
    NotUtf8Error,
    cell_text,
    csv_bytes,
    csv_rows,
    map_headers,
    missing_columns,
    neutralised,
    normalise_header,
)


def test_formula_like_text_in_csv_exports_stays_text():
    data = csv_bytes(["Nama", "Nilai"], [["=HYPERLINK(\"http://x\")", -2], ["+62 812", "@SUM(A1)"], ["Budi", 3]])
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"")";-2'  # numbers are left alone
    assert lines[2] == "'+62 812;'@SUM(A1)"
    assert lines[3] == "Budi;3"


def test_formula_like_text_in_xlsx_exports_is_a_string_cell_not_a_formula():
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx([("-P1", "=cmd|' /C calc'!A0", "ASN", "M.01",
                                                                 "Integritas", 2, "normal")])))
    code, name = (workbook.active.cell(row=2, column=column) for column in (1, 2))
    assert (code.data_type, name.data_type) == ("s", "s")
    assert cell_text(code.value) == "-P1"  # and reads back as it was written


@given(st.text(min_size=1).map(str.strip))
def test_what_is_neutralised_reads_back_unchanged(text):
    assume(text and not text.startswith("'"))
    assert cell_text(neutralised(text)) == text.replace("\xa0", " ").strip()


def test_every_sheet_keeps_its_header_in_view_and_its_nip_columns_as_text():
    from lms.roster.columns import template_xlsx
    from lms.tabular import TEXT, Sheet, xlsx_workbook_bytes

    data = xlsx_workbook_bytes([Sheet("Rekap per unit: Dinas Kependudukan dan Pencatatan Sipil [2026]", ["NIP", "JP"],
                                      [["198503172010011002", 24], ["=1+1", 3.5]], formats={0: TEXT})])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Rekap per unit Dinas Kependuduk"  # Excel's 31 characters, no ":" or "["
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert [sheet["A2"].value, sheet["A2"].number_format, sheet["B2"].value] == ["198503172010011002", "@", 24]
    assert sheet["A3"].value == "'=1+1" and sheet["B3"].value == 3.5
    assert sheet.column_dimensions["A"].number_format == "@"  # rows a user types in later stay text too

    roster = openpyxl.load_workbook(io.BytesIO(template_xlsx())).worksheets[0]
    nip_columns = [cell.column_letter for cell in roster[1] if "NIP" in str(cell.value)]
    assert nip_columns and all(roster.column_dimensions[letter].number_format == "@" for letter in nip_columns)
    assert roster.freeze_panes == "A2"


def test_csv_rows_may_be_numbered_by_the_line_where_each_starts():
    data = b'Kode;Uraian\nA;"satu\ndua\ntiga"\n\nB;empat\n'
    assert csv_rows(data) == [(1, ["Kode", "Uraian"]), (2, ["A", "satu\ndua\ntiga"]), (3, []), (4, ["B", "empat"])]
    assert [number for number, _cells in csv_rows(data, lines=True)] == [1, 2, 5, 6]


def test_csv_rows_may_accept_utf8_only_and_then_name_the_first_invalid_byte_and_its_line():
    text = "Nama,Unit\nBudi,Bagian Umum\nRené,Dinas Pendidikan\n"
    for encoding in ("cp1252", "utf-16"):  # any usual encoding by default
        assert list(csv_rows(text.encode(encoding)))[2] == (3, ["René", "Dinas Pendidikan"])
    for data in (text.encode("utf-8"), codecs.BOM_UTF8 + text.encode("utf-8")):
        assert list(csv_rows(data, utf8_only=True))[2] == (3, ["René", "Dinas Pendidikan"])
    for data in (text.encode("cp1252"), codecs.BOM_UTF8 + text.encode("cp1252")):
        with pytest.raises(NotUtf8Error) as refused:
            csv_rows(data, utf8_only=True)
        assert (refused.value.byte, refused.value.line) == (0xE9, 3)
        assert str(refused.value) == ('Berkas tidak berenkode UTF-8: byte 0xE9 di baris 3 tidak valid. Simpan ulang '
                                      'sebagai "CSV UTF-8".')
    with pytest.raises(FileError, match="UTF-16, bukan UTF-8"):
        csv_rows(text.encode("utf-16"), utf8_only=True)


def test_headers_may_be_compared_in_another_form_and_the_missing_required_ones_are_named():
    columns = (Column("code", "ID number", True, ("idnumber",)), Column("name", "Short name", True, ("shortname",)))

    def compact(cell):
        return normalise_header(cell).replace(" ", "")

    positions, ignored = map_headers([" Id Number ", "Catatan"], columns, compact)
    assert (positions, ignored) == ({"code": 0}, ["Catatan"])
    assert missing_columns(positions, columns) == ["Short name"]
