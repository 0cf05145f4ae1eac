import pytest
from sqlalchemy import func, insert, select

from competencies import services
from competencies.graph import requirements_of
from competencies.models import Competency, Framework, Prerequisite, Requirement
from competencies.queries import current_graph
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.extensions import db as _db


@pytest.fixture
def framework(db):
    framework = Framework(code="TEKNIS", name="Kompetensi Teknis", scale=["1", "2", "3", "4", "5"],
                          proficient_level=3)
    short = Framework(code="TIGA", name="Skala Tiga", scale=["Dasar", "Cakap", "Mahir"], proficient_level=2)
    db.session.add_all([framework, short])
    for code, name, owner in [("ADM", "Administrasi Kependudukan", framework), ("KTP", "Pelayanan KTP-el", framework),
                              ("DATA", "Pengelolaan Data", framework), ("ARSIP", "Pengelolaan Arsip", short)]:
        db.session.add(Competency(framework=owner, code=code, name=name, type="teknis"))
    db.session.commit()
    return framework


def competency(db, code) -> Competency:
    return db.session.scalar(select(Competency).where(Competency.code == code))


@pytest.mark.parametrize(("code", "level", "accepted"), [
    ("ADM", 0, False), ("ADM", 1, True), ("ADM", 5, True), ("ADM", 6, False),
    ("ARSIP", 3, True), ("ARSIP", 4, False),
])
def test_required_levels_must_lie_on_the_frameworks_scale(db, framework, make_position, code, level, accepted):
    position = make_position()
    if accepted:
        services.save_requirement(None, position, competency(db, code), level)
        return
    with pytest.raises(DomainError, match="Level harus antara 1 dan"):
        services.save_requirement(None, position, competency(db, code), level)


def test_saving_a_requirement_twice_updates_it_and_is_audited(db, framework, make_position, make_user):
    hr = make_user("employee", "hr")
    position = make_position()
    services.save_requirement(hr, position, competency(db, "ADM"), 2)
    services.save_requirement(hr, position, competency(db, "ADM"), 3, "critical")
    db.session.commit()
    rows = db.session.scalars(select(Requirement)).all()
    assert [(r.level, r.weight) for r in rows] == [(3, "critical")]
    changes = db.session.scalars(select(AuditEntry.changes).where(AuditEntry.entity_type == "requirement")
                                 .order_by(AuditEntry.id)).all()
    assert changes == [{"level": [None, 2], "weight": [None, "normal"]},
                       {"level": [2, 3], "weight": ["normal", "critical"]}]


def test_a_prerequisite_cycle_is_refused_and_the_message_names_it(db, framework):
    adm, ktp, data = competency(db, "ADM"), competency(db, "KTP"), competency(db, "DATA")
    services.save_prerequisite(None, ktp, adm, 2)     # KTP needs ADM
    services.save_prerequisite(None, data, ktp, 3)    # DATA needs KTP
    with pytest.raises(DomainError) as refused:
        services.save_prerequisite(None, adm, data, 1)   # ADM needs DATA: closes the loop
    assert refused.value.message == ("Prasyarat ini membuat lingkaran: Pengelolaan Data -> Administrasi "
                                     "Kependudukan -> Pelayanan KTP-el -> Pengelolaan Data.")
    assert db.session.scalar(select(func.count()).select_from(Prerequisite)) == 2
    with pytest.raises(DomainError, match="lingkaran"):
        services.save_prerequisite(None, adm, adm, 1)


def test_prerequisite_level_must_lie_on_the_required_competencys_scale(db, framework):
    with pytest.raises(DomainError, match="antara 1 dan 3"):
        services.save_prerequisite(None, competency(db, "ADM"), competency(db, "ARSIP"), 4)


def test_the_cached_graph_follows_changes_made_by_another_process(app, db, framework, make_position):
    position = make_position()
    assert requirements_of(current_graph(), position.id) == []
    assert current_graph() is current_graph()  # cached while nothing changes

    with app.app_context():  # another process: its own session, same database
        other_position = _db.session.get(type(position), position.id)
        other_competency = _db.session.scalar(select(Competency).where(Competency.code == "KTP"))
        services.save_requirement(None, other_position, other_competency, 4, "critical")
        _db.session.commit()
    assert [(r.level, r.weight) for r in requirements_of(current_graph(), position.id)] == [(4, "critical")]


def test_rows_written_without_invalidation_are_not_seen_until_the_next_invalidation(db, framework, make_position):
    """Proves the cache is real, and that invalidate_graph() is the one way to refresh it."""
    position = make_position()
    current_graph()
    db.session.execute(insert(Requirement).values(position_id=position.id, competency_id=competency(db, "ADM").id,
                                                  level=2, weight="normal"))
    db.session.commit()
    assert requirements_of(current_graph(), position.id) == []
    from lms.cache import invalidate_graph

    invalidate_graph()
    db.session.commit()
    assert len(requirements_of(current_graph(), position.id)) == 1
