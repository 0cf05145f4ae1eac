"""Moodle competency-framework CSV files read and checked: what is accepted, what is refused and how the problems
name their rows (line numbers of the file), in the preview and on the command line."""

import codecs
import csv
import io

import pytest

from competencies import moodle
from competencies.models import Competency, Framework
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from tests.test_moodle import CONFIG, count, csv_bytes, framework_row, good_rows, imported, row

# --- files that are accepted --------------------------------------------------------------------------------

def test_a_file_with_a_byte_order_mark_semicolons_and_rows_out_of_order(db):
    rows = [row("B", "C", "Gamma"), row("A", "B", "Beta"), framework_row(), row("", "A", "Alpha")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(moodle.HEADERS)
    writer.writerows(rows)
    preview = moodle.parse_moodle_csv(codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"))
    assert preview.ok, moodle.format_report(preview)
    assert preview.framework.number == 4
    assert {row.id_number: row.depth for row in preview.competencies} == {"A": 1, "B": 2, "C": 3}


def test_headers_are_matched_whatever_their_case_spacing_and_optional_mark(db):
    header = ["  parent id number ", "IDNUMBER", "short_name", "Description", "Description format",
              "Scale values", "Scale configuration", "Rule type (Optional)", "Rule outcome", "Rule config",
              "Cross referenced competency id numbers (optional)", "Exported id (optional)", "Is Framework",
              "Taxonomy", "Remarks"]
    rows = [[*cells, "ignored"] for cells in good_rows()]
    preview = moodle.parse_moodle_csv(csv_bytes(rows, header=header))
    assert preview.ok, moodle.format_report(preview)
    assert set(preview.columns) == set(moodle.KEYS)
    assert preview.ignored_columns == ["Remarks"]


# --- files that are refused ---------------------------------------------------------------------------------

def _no_framework() -> list[list[str]]:
    return good_rows()[1:]


def _two_frameworks() -> list[list[str]]:
    rows = good_rows()
    rows.insert(3, framework_row("G"))
    return rows


def _duplicate() -> list[list[str]]:
    rows = good_rows()
    rows[3] = row("", "A", "Alpha lagi")
    return rows


def _missing_parent() -> list[list[str]]:
    rows = good_rows()
    rows[2] = row("Z", "B", "Beta")
    return rows


def _cycle() -> list[list[str]]:
    return [framework_row(), row("C", "A", "Alpha"), row("A", "B", "Beta"), row("B", "C", "Gamma"),
            row("C", "D", "Delta")]


def _own_parent() -> list[list[str]]:
    rows = good_rows()
    rows[1] = row("A", "A", "Alpha")
    return rows


def _malformed_configuration() -> list[list[str]]:
    rows = good_rows()
    rows[0] = row("", "F", "Kerangka uji", scale_values="Dasar,Cakap,Mahir", is_framework="1",
                  scale_configuration='[{"scaleid":"1"},{"id":2,"scaledefault":1,')
    return rows


def _id_outside_the_values() -> list[list[str]]:
    rows = good_rows()
    rows[0] = framework_row(scale_configuration=CONFIG.replace('"id":3', '"id":4'))
    return rows


def _competency_scale_id_outside() -> list[list[str]]:
    rows = good_rows()
    rows[2] = row("A", "B", "Beta", scale_values="Tidak,Ya",
                  scale_configuration='[{"scaleid":"3"},{"id":3,"scaledefault":1,"proficient":1}]')
    return rows


def _after_a_multiline_description() -> list[list[str]]:
    rows = good_rows()
    rows[1] = row("", "A", "Alpha", description="<p>satu</p>\n<p>dua</p>\n<p>tiga</p>")  # lines 3 to 5
    rows.append(row("", "B", "Beta lagi"))
    return rows


@pytest.mark.parametrize(("rows", "expected"), [
    (_no_framework, "Tidak ada baris kerangka (kolom Is framework = 1)"),
    (_two_frameworks, "Baris 2 dan 5: 2 baris kerangka (Is framework = 1)"),
    (_duplicate, "Baris 3 dan 5: ID number \"A\" dipakai lebih dari sekali."),
    (_missing_parent, "Baris 4: Parent ID number \"Z\" tidak ada di berkas."),
    (_cycle, "Baris 3, 4 dan 5: Parent ID number membentuk siklus: A -> C -> B -> A."),
    (_own_parent, "Baris 3: Parent ID number membentuk siklus: A -> A."),
    (_malformed_configuration, "Baris 2: Scale configuration bukan JSON yang valid"),
    (_id_outside_the_values, "Baris 2: Scale configuration menyebut id 4 di luar 3 nilai skala"),
    (_competency_scale_id_outside, "Baris 4: Scale configuration menyebut id 3 di luar 2 nilai skala"),
    (_after_a_multiline_description, "Baris 6 dan 8: ID number \"B\" dipakai lebih dari sekali."),
], ids=lambda value: getattr(value, "__name__", "")[1:])
def test_a_bad_file_is_refused_with_the_rows_named_and_nothing_saved(db, rows, expected):
    preview = moodle.parse_moodle_csv(csv_bytes(rows()))
    texts = [issue.text for issue in preview.errors]
    assert any(text.startswith(expected) for text in texts), texts
    assert not preview.ok
    assert expected in moodle.format_report(preview)
    with pytest.raises(DomainError, match="Tidak ada yang diimpor"):
        moodle.import_framework(None, preview)
    db.session.commit()
    assert count(db, Framework) == count(db, Competency) == count(db, AuditEntry) == 0


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(db):
    data = csv_bytes([framework_row(), row("", "A", "Alpha"), row("", "B", "Pelayanan prima é")],
                     encoding="latin-1")
    preview = moodle.parse_moodle_csv(data)
    assert [issue.text for issue in preview.errors] == [
        "Baris 4: berkas tidak berenkode UTF-8 (byte 0xE9 tidak valid). Ekspor ulang dari Moodle atau simpan "
        "ulang sebagai \"CSV UTF-8\"."]
    utf16 = moodle.parse_moodle_csv(csv_bytes(good_rows()).decode("utf-8").encode("utf-16"))
    assert "UTF-16, bukan UTF-8" in utf16.errors[0].text


def test_a_binary_file_is_refused_without_suggesting_a_spreadsheet(db):
    preview = moodle.parse_moodle_csv(csv_bytes(good_rows()) + b"\x00\x01")
    assert [issue.text for issue in preview.errors] == ["Berkas ini bukan teks CSV."]  # the form takes CSV only


@pytest.mark.parametrize("missing", ["Parent ID number", "ID number", "Short name", "Is framework"])
def test_a_file_without_a_required_column_is_refused(db, missing):
    index = moodle.HEADERS.index(missing)
    header = [name for name in moodle.HEADERS if name != missing]
    rows = [cells[:index] + cells[index + 1:] for cells in good_rows()]
    preview = moodle.parse_moodle_csv(csv_bytes(rows, header=header))
    assert [issue.text for issue in preview.errors] == [
        f"Baris 1: kolom wajib tidak ditemukan: {missing}. Baris pertama berkas harus berisi judul kolom ekspor "
        "Moodle."]


@pytest.mark.parametrize("data", [b"", b"\n \n", codecs.BOM_UTF8])
def test_an_empty_file_is_refused(db, data):
    preview = moodle.parse_moodle_csv(data)
    assert [issue.text for issue in preview.errors] == ["Berkas kosong."]
    assert "Tidak ada yang dapat diimpor" in moodle.format_report(preview)


def test_a_header_without_rows_has_no_framework(db):
    preview = moodle.parse_moodle_csv(csv_bytes([]))
    assert [issue.text for issue in preview.errors] == [
        "Tidak ada baris kerangka (kolom Is framework = 1): berkas harus berisi tepat satu."]


def test_warnings_do_not_stop_an_import(db):
    rows = good_rows()
    rows[0] = framework_row(parent="Z")
    rows[2] = row("A", "B", "Beta", related="A,NOPE", taxonomy="skill")
    preview = moodle.parse_moodle_csv(csv_bytes(rows))
    assert preview.ok, moodle.format_report(preview)
    assert [issue.text for issue in preview.warnings] == [
        "Baris 2: Parent ID number baris kerangka diabaikan.",
        "Baris 4: Taxonomy hanya berlaku pada baris kerangka; diabaikan.",
        "Baris 4: kompetensi terkait \"NOPE\" tidak ada di berkas (disimpan sebagai data, Moodle mengabaikannya).",
    ]
    framework = imported(db, csv_bytes(rows))
    beta = next(competency for competency in framework.competencies if competency.code == "B")
    assert beta.extra["moodle"]["related"] == ["A", "NOPE"]


def test_empty_codes_names_and_bad_numbers_are_errors(db):
    rows = [*good_rows(), row("", "", "Tanpa kode"), row("", "E", ""), row("", "G", "Gamma", rule_outcome="x"),
            row("", "H" * 101, "Panjang")]
    texts = [issue.text for issue in moodle.parse_moodle_csv(csv_bytes(rows)).errors]
    assert texts == ["Baris 6: ID number kosong.", "Baris 7: Short name kosong.",
                     "Baris 8: Rule outcome \"x\" bukan angka.", "Baris 9: ID number lebih dari 100 karakter."]


# --- HTML --------------------------------------------------------------------------------------------------

def test_descriptions_are_sanitised(db):
    html = ('<p onclick="steal()">Melayani <strong>prima</strong><script>alert(1)</script>'
            '<a href="javascript:alert(2)">x</a> <a href="https://jdih.pemkomedan.go.id">JDIH</a>'
            '<img src="x" onerror="alert(3)"><style>p{}</style></p>')
    clean = moodle.sanitise_html(html)
    assert clean == ('<p>Melayani <strong>prima</strong><a rel="noopener noreferrer nofollow">x</a> '
                     '<a href="https://jdih.pemkomedan.go.id" rel="noopener noreferrer nofollow">JDIH</a></p>')
    assert moodle.sanitise_html(clean) == clean

    rows = good_rows()
    rows[1] = row("", "A", "Alpha", description=html)
    framework = imported(db, csv_bytes(rows))
    description = next(c.description for c in framework.competencies if c.code == "A")
    assert "<script" not in description and "alert" not in description and "onclick" not in description
    assert "<strong>prima</strong>" in description


# --- command line ------------------------------------------------------------------------------------------

def test_cli_reports_a_bad_file_and_writes_nothing_even_with_commit(db, runner, tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_bytes(csv_bytes(_duplicate()))
    result = runner.invoke(args=["lms", "import-framework", str(path)])
    assert result.exit_code == 1
    assert "Baris 3 dan 5: ID number \"A\" dipakai lebih dari sekali." in result.output
    result = runner.invoke(args=["lms", "import-framework", str(path), "--commit"])
    assert result.exit_code == 1 and "Tidak ada yang ditulis" in result.output
    db.session.expire_all()
    assert count(db, Framework) == count(db, Competency) == 0
