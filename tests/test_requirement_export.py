"""Requirement export: its rows and columns, its filters, and a round trip through the import."""

import codecs

import pytest
from sqlalchemy import select

from competencies import requirement_export
from competencies import requirement_import as ri
from lms.audit.models import AuditEntry
from lms.cache import GRAPH, current_version
from tests import requirement_import_helpers
from tests.requirement_import_helpers import stored

org = requirement_import_helpers.org  # the fixture, found by pytest in this module


def test_export_lists_every_requirement_with_the_documented_columns(db, org):
    rows = requirement_export.export_rows()
    assert rows == [
        ("GURU", "Guru", "ASN", "M.02", "Kerja Sama", 3, "normal"),
        ("KADIS", "Kepala Dinas", "ASN", "M.01", "Integritas", 4, "kritis"),
        ("STAF", "Arsiparis", "ARSIP", "AR.1", "Arsip Dinamis", 2, "kritis"),
        ("STAF", "Arsiparis", "ASN", "M.01", "Integritas", 2, "normal"),
    ]
    data = requirement_export.export_csv(rows)
    assert data.startswith(codecs.BOM_UTF8 + b"Kode Jabatan;Nama Jabatan;Kode Kamus;Kode Kompetensi;Nama Kompetensi;"
                                             b"Level;Bobot\r\n")


def test_export_filters_by_unit_with_sub_units_and_by_position_kind(db, org):
    assert {row[0] for row in requirement_export.export_rows(unit_id=org.dinas.id)} == {"KADIS", "STAF"}
    assert {row[0] for row in requirement_export.export_rows(unit_id=org.seksi.id)} == {"STAF"}
    assert {row[0] for row in requirement_export.export_rows(kind="jpt")} == {"KADIS"}
    assert requirement_export.export_rows(unit_id=org.seksi.id, kind="jpt") == []


@pytest.mark.parametrize("file_type", ["csv", "xlsx"])
def test_export_then_import_round_trip_changes_nothing(db, org, make_user, file_type):
    rows = requirement_export.export_rows()
    data = requirement_export.export_csv(rows) if file_type == "csv" else requirement_export.export_xlsx(rows)
    before = stored(db)
    result = ri.preview_requirements(f"standar.{file_type}", data)
    assert result.counts == {"new": 0, "updated": 0, "unchanged": 4, "error": 0}
    assert result.removals == []
    hr = make_user("hr")
    version = current_version(GRAPH)
    summary = ri.apply_requirements(hr, result, f"standar.{file_type}", valid_only=False, delete_missing=True)
    db.session.commit()
    assert (summary.created, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 4)
    assert stored(db) == before
    assert current_version(GRAPH) == version  # nothing changed: the graph cache stays valid
    assert db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "requirement")).all() == [
        "import"]
