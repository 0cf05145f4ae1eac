"""Moodle competency-framework CSV: importing, exporting, round trips and the command line (files read and
checked: test_moodle_reading.py), and the helpers that build files for both."""

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, event, func, select

from competencies import moodle
from competencies.models import Competency, CompetencyLevel, Framework
from lms import cache
from lms.audit.models import AuditEntry
from lms.domain import DomainError

DATA = Path(__file__).parent / "data"
FOURTEEN = DATA / "moodle-framework-14-columns.csv"
TWELVE = DATA / "moodle-framework-12-columns.csv"
PHARMACY = Path(__file__).parents[2] / "shared/data/interop/moodle-competency-framework-pharmacy.csv"

CONFIG = ('[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1},'
          '{"id":3,"scaledefault":0,"proficient":1}]')


@pytest.fixture
def pharmacy() -> bytes:
    if not PHARMACY.exists():
        pytest.skip(f"the real Moodle export is not there: {PHARMACY} (shared/data/interop of the project)")
    return PHARMACY.read_bytes()


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def framework_by_code(db, code: str) -> Framework | None:
    return db.session.scalar(select(Framework).where(Framework.code == code))


def snapshot(db, framework: Framework) -> dict:
    """Everything a Moodle round trip must give back."""
    competencies = db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)).all()
    code_by_id = {competency.id: competency.code for competency in competencies}
    return {
        "framework": (framework.code, framework.name, framework.description, framework.scale,
                      framework.default_level, framework.proficient_level, framework.extra),
        "competencies": {competency.code: (competency.name, competency.description,
                                           code_by_id.get(competency.parent_id), competency.type, competency.extra)
                         for competency in competencies},
    }


def remove_framework(db, framework: Framework) -> None:
    ids = select(Competency.id).where(Competency.framework_id == framework.id)
    db.session.execute(delete(CompetencyLevel).where(CompetencyLevel.competency_id.in_(ids)))
    db.session.execute(delete(Competency).where(Competency.framework_id == framework.id))
    db.session.execute(delete(Framework).where(Framework.id == framework.id))
    db.session.commit()


def imported(db, data: bytes) -> Framework:
    preview = moodle.parse_moodle_csv(data)
    assert preview.ok, moodle.format_report(preview)
    framework = moodle.import_framework(None, preview)
    db.session.commit()
    return framework


def row(parent: str, code: str, name: str, **values: str) -> list[str]:
    """A competency row of the 14-column format."""
    cells = dict.fromkeys(moodle.KEYS, "")
    cells.update(parent=parent, id_number=code, short_name=name, description_format="1", rule_outcome="0")
    cells.update(values)
    return [cells[key] for key in moodle.KEYS]


def framework_row(code: str = "F", **values: str) -> list[str]:
    cells = {"scale_values": "Dasar,Cakap,Mahir", "scale_configuration": CONFIG, "is_framework": "1",
             "taxonomy": "domain,competency", "rule_outcome": "", **values}
    return row(cells.pop("parent", ""), code, "Kerangka uji", **cells)


def csv_bytes(rows: list[list[str]], header: tuple[str, ...] | list[str] = moodle.HEADERS,
              encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def good_rows() -> list[list[str]]:
    """Framework at row 2, then A (row 3), B below A (row 4), C below B (row 5)."""
    return [framework_row(), row("", "A", "Alpha"), row("A", "B", "Beta"), row("B", "C", "Gamma")]


# --- the real pharmacy export (12 columns, rows not in tree order) -------------------------------------------

def test_the_real_pharmacy_export_imports_completely(db, pharmacy):
    preview = moodle.parse_moodle_csv(pharmacy)
    assert preview.ok, moodle.format_report(preview)
    # 210 data rows: the framework and 209 competencies.
    assert preview.framework.number == 2
    assert preview.counts["competencies"] == 209
    assert preview.depth == 3
    assert preview.count_by_depth == {1: 6, 2: 25, 3: 178}

    framework = moodle.import_framework(None, preview)
    db.session.commit()
    db.session.expire_all()
    framework = framework_by_code(db, "Pharmacy")
    assert framework.name == "Pharmacy" and framework.source == "Moodle"
    assert framework.scale == ["Mostly separate knowing", "Separate and connected", "Mostly connected knowing"]
    assert framework.default_level == 2 and framework.proficient_level == 2
    kept = framework.extra["moodle"]
    assert kept["scale_configuration"] == [{"scaleid": "1"}, {"id": 2, "scaledefault": 1, "proficient": 1}]
    assert kept["taxonomy"] == ["domain", "competency", "behaviour", "competency", "competency", "competency"]

    competencies = {competency.code: competency for competency in db.session.scalars(
        select(Competency).where(Competency.framework_id == framework.id))}
    assert len(competencies) == 209
    assert all(competency.type == "teknis" for competency in competencies.values())

    def parent(code: str) -> str | None:
        competency = competencies[code].parent
        return competency.code if competency else None

    # 1.1.1 comes before its parent 1.1 in the file, and 1.1 before its parent 1.
    assert parent("1.1.1") == "1.1" and parent("1.1") == "1" and parent("1") is None
    assert parent("1.3.1") == "1.3" and parent("1.2.5") == "1.2"
    assert parent("6.5") == "6" and parent("6") is None
    assert {code for code in competencies if parent(code) is None} == {"1", "2", "3", "4", "5", "6"}
    assert competencies["1"].name == "Professional practice"
    assert competencies["1.1.5"].description.startswith("Monitors the medicines and other healthcare needs")
    assert competencies["1.1.5"].extra == {"moodle": {"description_format": 1}}
    assert [level.description for level in competencies["1.1.5"].levels] == framework.scale
    assert count(db, CompetencyLevel) == 209 * 3


def test_the_pharmacy_report_shows_counts_depth_and_the_proficiency_reading(db, pharmacy):
    report = moodle.format_report(moodle.parse_moodle_csv(pharmacy))
    assert "Kerangka: Pharmacy (ID number Pharmacy), baris 2" in report
    assert "Kompetensi: 209, kedalaman 3 (tingkat 1: 6, tingkat 2: 25, tingkat 3: 178)" in report
    assert "2 Separate and connected [bawaan, mahir]" in report
    # Moodle marks only value 2 proficient; Kompeten counts every level from 2 on: said as a warning.
    assert "Baris 2: Moodle menandai nilai 2 sebagai mahir" in report
    assert "Siap diimpor: 1 kerangka, 209 kompetensi." in report


def test_the_pharmacy_framework_survives_an_export_and_import(db, pharmacy):
    first = imported(db, pharmacy)
    before = snapshot(db, first)
    exported = moodle.export_framework(first)
    remove_framework(db, first)
    second = imported(db, exported)
    assert snapshot(db, second) == before
    assert moodle.export_framework(second) == exported


def test_an_import_writes_in_a_handful_of_statements(db, pharmacy):
    preview = moodle.parse_moodle_csv(pharmacy)
    statements: list[str] = []

    def remember(connection, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        moodle.import_framework(None, preview)
        db.session.flush()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert len(statements) <= 12, statements


# --- a current 14-column file ---------------------------------------------------------------------------------

def test_a_14_column_file_keeps_rules_related_exported_ids_scales_and_taxonomy(db):
    preview = moodle.parse_moodle_csv(FOURTEEN.read_bytes())
    assert preview.ok, moodle.format_report(preview)
    assert preview.framework.number == 3
    assert preview.counts == {"competencies": 7, "levels": 28, "depth": 3, "rules": 2, "related": 2,
                              "own_scales": 1}
    framework = moodle.import_framework(None, preview)
    db.session.commit()
    db.session.expire_all()
    framework = framework_by_code(db, "KOM-DIG")
    assert framework.name == "Kompetensi Digital ASN"
    assert framework.description == "<p>Kerangka <em>uji</em> kompetensi digital.</p>"
    assert framework.scale == ["Belum tampak", "Dasar", "Cakap", "Mahir"]
    assert framework.default_level == 1
    assert framework.proficient_level == 3  # the lowest of the proficient values 3 and 4
    assert framework.extra["moodle"]["scale_configuration"][0] == {"scaleid": "7"}
    assert framework.extra["moodle"]["taxonomy"] == ["domain", "competency", "skill"]

    by_code = {competency.code: competency for competency in framework.competencies}
    assert set(by_code) == {"C", "C.1", "C.1.1", "C.1.2", "C.2", "X,Y", "D"}
    assert by_code["C.1.1"].parent.code == "C.1" and by_code["C.1"].parent.code == "C"
    assert by_code["C"].parent is None and by_code["X,Y"].parent is None
    assert by_code["C.1.1"].extra["moodle"] == {
        "description_format": 1, "exported_id": "111",
        "rule": {"type": "core_competency\\competency_rule_all", "outcome": 2, "config": None}}
    rule = by_code["D"].extra["moodle"]["rule"]
    assert rule["outcome"] == 1 and json.loads(rule["config"])["competencies"][0]["id"] == 102
    assert by_code["C.1"].extra["moodle"]["related"] == ["C.2", "X,Y"]  # %2C is a comma inside an ID number
    assert by_code["C.2"].extra["moodle"]["scale"] == {
        "values": ["Tidak", "Ya"], "configuration": [{"scaleid": "3"}, {"id": 2, "scaledefault": 1, "proficient": 1}]}
    assert by_code["X,Y"].extra["moodle"]["description_format"] == 2
    assert by_code["X,Y"].description == "a &lt; b &amp; c"
    assert by_code["C.1.2"].description == "Baris pertama\nbaris kedua"
    assert [level.description for level in by_code["C.2"].levels] == framework.scale  # the framework scale


def test_the_14_column_file_survives_an_export_and_import(db):
    first = imported(db, FOURTEEN.read_bytes())
    before = snapshot(db, first)
    exported = moodle.export_framework(first)
    records = list(csv.reader(io.StringIO(exported.decode("utf-8"))))
    assert records[0] == list(moodle.HEADERS)
    assert records[1][1] == "KOM-DIG" and records[1][12] == "1"
    codes = [record[1] for record in records[2:]]
    assert all(codes.index(record[0]) < codes.index(record[1]) for record in records[2:] if record[0])
    by_code = {record[1]: record for record in records[2:]}
    assert by_code["C.1"][10] == "C.2,X%2CY" and by_code["C.1"][11] == "102"
    assert by_code["C.1.1"][7:10] == ["core_competency\\competency_rule_all", "2", "null"]

    remove_framework(db, first)
    second = imported(db, exported)
    assert snapshot(db, second) == before
    assert moodle.export_framework(second) == exported


def test_an_older_12_column_file_with_a_json_taxonomy(db):
    preview = moodle.parse_moodle_csv(TWELVE.read_bytes())
    assert preview.ok, moodle.format_report(preview)
    assert preview.columns["short_name"] == "Shortname"
    assert preview.columns["rule_type"] == "Rule type (optional)"
    framework = imported(db, TWELVE.read_bytes())
    assert framework.extra["moodle"]["taxonomy"] == ["domain", "competency"]
    assert (framework.default_level, framework.proficient_level) == (2, 2)
    exported = moodle.export_framework(framework)
    assert next(csv.reader(io.StringIO(exported.decode("utf-8")))) == list(moodle.HEADERS)
    before = snapshot(db, framework)
    remove_framework(db, framework)
    assert snapshot(db, imported(db, exported)) == before


def test_a_native_framework_exports_a_scale_configuration_built_from_its_levels(db):
    framework = Framework(code="ASN-TEKNIS", name="Kompetensi Teknis", scale=["1", "2", "3", "4", "5"],
                          default_level=1, proficient_level=3, extra={})
    db.session.add(framework)
    db.session.flush()
    top = Competency(framework=framework, code="T.01", name="Pengelolaan arsip", type="teknis", extra={})
    db.session.add_all([top, Competency(framework=framework, code="T.01.1", name="Arsip dinamis", type="teknis",
                                        parent=top, extra={})])
    db.session.commit()
    exported = moodle.export_framework(framework)
    records = list(csv.reader(io.StringIO(exported.decode("utf-8"))))
    assert [record[1] for record in records[1:]] == ["ASN-TEKNIS", "T.01", "T.01.1"]
    assert json.loads(records[1][6]) == [
        {"scaleid": "1"}, {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 3, "scaledefault": 0, "proficient": 1}, {"id": 4, "scaledefault": 0, "proficient": 1},
        {"id": 5, "scaledefault": 0, "proficient": 1}]
    # Importing it back is refused: the framework exists (an import never updates one).
    preview = moodle.parse_moodle_csv(exported)
    assert [issue.text for issue in preview.errors] == [
        "Baris 2: kerangka dengan ID number \"ASN-TEKNIS\" sudah ada. Impor tidak memperbarui kerangka yang ada: "
        "hapus kerangka itu lebih dahulu, atau beri kerangka di berkas ini ID number lain."]
    assert (preview.framework.scale.default, preview.framework.scale.proficient_level) == (1, 3)
    with pytest.raises(DomainError):
        moodle.import_framework(None, preview)


def test_a_kept_configuration_that_no_longer_agrees_is_rebuilt(db):
    framework = imported(db, FOURTEEN.read_bytes())
    framework.proficient_level = 2
    db.session.commit()
    records = list(csv.reader(io.StringIO(moodle.export_framework(framework).decode("utf-8"))))
    defaults, proficient, outside = moodle.read_configuration(json.loads(records[1][6]), 4)
    assert (defaults, proficient, outside) == ([1], [2, 3, 4], [])


# --- what an import records -------------------------------------------------------------------------------

def test_an_import_is_audited_once_and_invalidates_the_graph(db):
    version = cache.current_version(cache.GRAPH)
    framework = imported(db, FOURTEEN.read_bytes())
    entries = db.session.scalars(select(AuditEntry)).all()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.entity_type, entry.entity_id, entry.entity_label) == (
        "import", "framework", framework.id, "Kompetensi Digital ASN")
    assert entry.changes["competencies"] == 7 and entry.changes["levels"] == 28
    assert entry.actor_label == "sistem"
    assert cache.current_version(cache.GRAPH) == version + 1


def test_a_framework_already_in_the_database_is_refused(db):
    imported(db, csv_bytes(good_rows()))
    preview = moodle.parse_moodle_csv(csv_bytes(good_rows()))
    assert len(preview.errors) == 1 and preview.errors[0].text.startswith(
        "Baris 2: kerangka dengan ID number \"F\" sudah ada.")
    with pytest.raises(DomainError):
        moodle.import_framework(None, preview)
    db.session.rollback()
    assert count(db, Framework) == 1 and count(db, Competency) == 3


def test_a_framework_imported_after_the_preview_is_not_imported_twice(db):
    preview = moodle.parse_moodle_csv(csv_bytes(good_rows()))
    imported(db, csv_bytes(good_rows()))
    with pytest.raises(DomainError, match="sudah ada"):
        moodle.import_framework(None, preview)
    db.session.rollback()
    assert count(db, Framework) == 1


# --- command line ------------------------------------------------------------------------------------------

def test_cli_previews_a_good_file_without_writing(db, runner):
    result = runner.invoke(args=["lms", "import-framework", str(FOURTEEN)])
    assert result.exit_code == 0, result.output
    assert "Kerangka: Kompetensi Digital ASN (ID number KOM-DIG), baris 3" in result.output
    assert "Kompetensi: 7, kedalaman 3 (tingkat 1: 3, tingkat 2: 2, tingkat 3: 2)" in result.output
    assert "Siap diimpor" in result.output
    assert count(db, Framework) == 0


def test_cli_commit_writes_and_export_writes_a_file_that_imports_again(db, runner, tmp_path):
    result = runner.invoke(args=["lms", "import-framework", str(FOURTEEN), "--commit"])
    assert result.exit_code == 0, result.output
    assert "Kerangka KOM-DIG diimpor: 7 kompetensi." in result.output
    db.session.expire_all()
    framework = framework_by_code(db, "KOM-DIG")
    assert framework is not None and len(framework.competencies) == 7
    before = snapshot(db, framework)

    again = runner.invoke(args=["lms", "import-framework", str(FOURTEEN), "--commit"])
    assert again.exit_code == 1 and "sudah ada" in again.output

    target = tmp_path / "kom-dig.csv"
    result = runner.invoke(args=["lms", "export-framework", "KOM-DIG", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert target.read_bytes() == moodle.export_framework(framework)

    remove_framework(db, framework)
    result = runner.invoke(args=["lms", "import-framework", str(target), "--commit"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert snapshot(db, framework_by_code(db, "KOM-DIG")) == before


def test_cli_export_of_an_unknown_code_fails(db, runner, tmp_path):
    target = tmp_path / "tidak-ada.csv"
    result = runner.invoke(args=["lms", "export-framework", "TIDAK-ADA", str(target)])
    assert result.exit_code == 1
    assert "Kerangka dengan kode TIDAK-ADA tidak ditemukan." in result.output
    assert not target.exists()
