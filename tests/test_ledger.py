"""The competency record is a ledger: appraisals, assessments and HR overrides set the level, course
completions only raise it, revoked entries stop counting, and the current level is always the replay."""

import pytest
from sqlalchemy import select

from competencies import ledger
from competencies.models import Competency, CompetencyLevel, CurrentLevel, Evidence, Framework
from lms.audit.models import AuditEntry
from lms.domain import DomainError


@pytest.fixture
def competency(db):
    framework = Framework(code="ASN", name="Kamus ASN", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    competency = Competency(framework=framework, code="M.01", name="Integritas", type="manajerial",
                            levels=[CompetencyLevel(level=n) for n in range(1, 6)])
    db.session.add(competency)
    db.session.commit()
    return competency


@pytest.mark.parametrize(("entries", "expected"), [
    ([("course", 3)], 3),
    ([("course", 3), ("course", 2)], 3),            # a course never lowers
    ([("appraisal", 4), ("course", 2)], 4),
    ([("course", 4), ("appraisal", 2)], 2),         # an appraisal sets the level, even lower
    ([("appraisal", 2), ("course", 3), ("assessment", 1)], 1),
    ([("hr_override", 5), ("course", 3)], 5),
])
def test_the_current_level_replays_the_rules(db, make_employee, competency, entries, expected):
    employee = make_employee()
    for source, level in entries:
        ledger.record_evidence(None, employee.id, competency.id, level, source)
    db.session.commit()
    assert ledger.current_levels(employee.id) == {competency.id: expected}


def test_revoking_a_completion_recomputes_from_what_is_left(db, make_employee, competency):
    employee = make_employee()
    ledger.record_evidence(None, employee.id, competency.id, 2, "appraisal")
    ledger.record_evidence(None, employee.id, competency.id, 4, "course", source_id=77)
    assert ledger.current_levels(employee.id) == {competency.id: 4}
    assert ledger.revoke_evidence(None, "course", [77], "kelas dibuka kembali") == 1
    db.session.commit()
    assert ledger.current_levels(employee.id) == {competency.id: 2}
    entries = ledger.timeline(employee.id)[competency.id]
    assert [(e.level, e.revoked_at is not None) for e in entries] == [(2, False), (4, True)]
    assert entries[1].note.endswith("[kelas dibuka kembali]")


def test_revoking_every_entry_leaves_no_current_level(db, make_employee, competency):
    employee = make_employee()
    ledger.record_evidence(None, employee.id, competency.id, 3, "course", source_id=5)
    ledger.revoke_evidence(None, "course", [5])
    db.session.commit()
    assert db.session.scalar(select(CurrentLevel)) is None


def test_one_live_entry_per_source_row_and_competency(db, make_employee, competency):
    employee = make_employee()
    ledger.record_evidence(None, employee.id, competency.id, 3, "course", source_id=9)
    with pytest.raises(Exception, match=r"(?i)unique"):
        ledger.record_evidence(None, employee.id, competency.id, 3, "course", source_id=9)
    db.session.rollback()
    ledger.record_evidence(None, employee.id, competency.id, 3, "course", source_id=9)
    ledger.revoke_evidence(None, "course", [9])
    ledger.record_evidence(None, employee.id, competency.id, 3, "course", source_id=9)  # after a revocation
    db.session.commit()
    assert len(db.session.scalars(select(Evidence)).all()) == 2


def test_an_hr_override_needs_a_reason_and_a_level_on_the_scale(db, make_employee, make_user, competency):
    hr = make_user("hr", with_employee=False, email="sdm@example.go.id")
    employee = make_employee()
    with pytest.raises(DomainError, match="alasan"):
        ledger.override_level(hr, employee, competency, 3, " ")
    with pytest.raises(DomainError, match="antara 0 dan 5"):
        ledger.override_level(hr, employee, competency, 6, "hasil asesmen ulang")
    ledger.override_level(hr, employee, competency, 4, "Hasil uji kompetensi BKN 2026")
    db.session.commit()
    assert ledger.current_levels(employee.id) == {competency.id: 4}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "employee"))
    assert entry.note == "Hasil uji kompetensi BKN 2026" and entry.actor_id == hr.id
