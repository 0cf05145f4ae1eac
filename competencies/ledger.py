"""The employee competency record: an append-only ledger of evidence, and the current level it gives.

Rules: an appraisal, an assessment or an HR override sets the level; a course completion raises it to the
course's granted level and never lowers it. ``current_levels`` (the materialised result) is written here only,
replaying the live evidence of one employee and competency whenever it changes. Nothing here commits.
"""

import logging
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, delete, exists, func, insert, literal, select, update

from competencies.models import SETTING_SOURCES, Competency, CurrentLevel, Evidence
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.people.models import Employee

logger = logging.getLogger(__name__)

# How each entry's level was established (its method), as the profile and the JPM notes name it.
EVIDENCE_SOURCE_LABELS = {
    "assessment": _l("Asesmen (penilaian kompetensi)"),
    "appraisal": _l("Penilaian kompetensi oleh penilai"),
    "course": _l("Uji kompetensi dalam pelatihan"),
    "hr_override": _l("Penetapan BKPSDM"),
}


def level_after(current: int, source: str, level: int) -> int:
    """The level once ``level`` from ``source`` is added to a record at ``current``."""
    return level if source in SETTING_SOURCES else max(current, level)


def basis(entries: Iterable[Evidence]) -> Evidence | None:
    """The entry the current level rests on (its method and date): the last live entry, oldest first, that set
    the level or raised it."""
    level, found = 0, None
    for entry in entries:
        if entry.revoked_at is None and (entry.source in SETTING_SOURCES or entry.level > level):
            level, found = level_after(level, entry.source, entry.level), entry
    return found


def record_evidence(actor: Actor | None, employee_id: int, competency_id: int, level: int, source: str,
                    source_id: int | None = None, note: str = "") -> Evidence:
    """Add one entry and bring the current level up to date."""
    evidence = Evidence(employee_id=employee_id, competency_id=competency_id, level=level, source=source,
                        source_id=source_id, note=note, recorded_by_id=getattr(actor, "id", None),
                        recorded_at=utcnow())
    db.session.add(evidence)
    db.session.flush()
    _refresh_current(employee_id, competency_id)
    return evidence


def record_completions(actor: Actor | None, entries: list[tuple[int, int, int, int]], note: str) -> None:
    """Course completions in bulk: (employee id, competency id, granted level, enrolment id) each. As they are
    the newest entries and a completion only raises, the current level becomes max(current, granted): no
    replay needed, a handful of statements whatever the number of entries."""
    if not entries:
        return
    now, actor_id = utcnow(), getattr(actor, "id", None)
    rows = db.session.execute(insert(Evidence).returning(Evidence.id, Evidence.employee_id, Evidence.competency_id,
                                                         sort_by_parameter_order=True),
                              [{"employee_id": employee_id, "competency_id": competency_id, "level": level,
                                "source": "course", "source_id": enrolment_id, "note": note,
                                "recorded_by_id": actor_id, "recorded_at": now}
                               for employee_id, competency_id, level, enrolment_id in entries]).all()
    employee_ids = {employee_id for employee_id, _c, _l, _e in entries}
    competency_ids = {competency_id for _e, competency_id, _l, _s in entries}
    current = {(row.employee_id, row.competency_id): row for row in db.session.scalars(
        select(CurrentLevel).where(CurrentLevel.employee_id.in_(employee_ids),
                                   CurrentLevel.competency_id.in_(competency_ids)))}
    for (evidence_id, employee_id, competency_id), (_e, _c, level, _s) in zip(rows, entries, strict=True):
        row = current.get((employee_id, competency_id))
        if row is None:
            row = current[(employee_id, competency_id)] = CurrentLevel(
                employee_id=employee_id, competency_id=competency_id, level=level, evidence_id=evidence_id)
            db.session.add(row)
        else:
            row.level, row.evidence_id = level_after(row.level, "course", level), evidence_id
    db.session.flush()


def record_appraisal_levels(actor: Actor | None, rows: Select, note: str) -> int:
    """Consolidated appraisal levels in bulk. ``rows`` selects (employee id, competency id, level, appraisal id);
    each becomes an "appraisal" entry with the appraisal as its source. Being the newest entries and setting
    ones, they become the current levels as they are: set-based, whatever the number of rows."""
    now, actor_id = utcnow(), getattr(actor, "id", None)
    chosen = rows.subquery()
    columns = list(chosen.c)
    db.session.execute(insert(Evidence).from_select(
        ["employee_id", "competency_id", "level", "source_id", "source", "note", "recorded_by_id", "recorded_at"],
        select(*columns, literal("appraisal"), literal(note), literal(actor_id), literal(now))))
    new_entries = and_(Evidence.source == "appraisal", Evidence.revoked_at.is_(None),
                       Evidence.source_id.in_(select(columns[3])))
    replaced = select(Evidence.id).where(new_entries, Evidence.employee_id == CurrentLevel.employee_id,
                                         Evidence.competency_id == CurrentLevel.competency_id)
    db.session.execute(delete(CurrentLevel).where(exists(replaced)), execution_options={"synchronize_session": False})
    db.session.execute(insert(CurrentLevel).from_select(
        ["evidence_id", "employee_id", "competency_id", "level", "updated_at"],
        select(Evidence.id, Evidence.employee_id, Evidence.competency_id, Evidence.level, literal(now))
        .where(new_entries)))
    # Counted, not taken from rowcount: the ORM reports none for INSERT ... SELECT on PostgreSQL.
    created = db.session.scalar(select(func.count()).where(new_entries, Evidence.recorded_at == now)) or 0
    logger.info("%d appraisal evidence entries recorded by %s", created, actor_id)
    return created


def override_level(actor: Actor | None, employee: Employee, competency: Competency, level: int,
                   reason: str) -> Evidence:
    """HR sets a level by hand, always with the reason written down (audited)."""
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan perubahan level."), "reason")
    if not 0 <= level <= competency.framework.max_level:
        raise DomainError(_("Level harus antara 0 dan %(max)d.", max=competency.framework.max_level), "level")
    evidence = record_evidence(actor, employee.id, competency.id, level, "hr_override", note=reason.strip())
    audit.record(actor, "update", "employee", employee, f"{employee.nip} – {competency.name}",
                 {"level": level}, note=reason.strip())
    return evidence


def revoke_evidence(actor: Actor | None, source: str, source_ids: Iterable[int], note: str = "") -> int:
    """Stop counting the live entries caused by these source rows (e.g. a reopened workshop's completions)."""
    ids = list(source_ids)
    if not ids:
        return 0
    rows = db.session.execute(select(Evidence.id, Evidence.employee_id, Evidence.competency_id).where(
        Evidence.source == source, Evidence.source_id.in_(ids), Evidence.revoked_at.is_(None))).all()
    if not rows:
        return 0
    db.session.execute(update(Evidence).where(Evidence.id.in_([row.id for row in rows]))
                       .values(revoked_at=utcnow(), note=Evidence.note + (f" [{note}]" if note else "")))
    for employee_id, competency_id in {(row.employee_id, row.competency_id) for row in rows}:
        _refresh_current(employee_id, competency_id)
    logger.info("%d %s evidence entries revoked by %s", len(rows), source, getattr(actor, "id", None))
    return len(rows)


def _refresh_current(employee_id: int, competency_id: int) -> None:
    """Replay the live entries of one employee and competency into ``current_levels``."""
    entries = db.session.execute(select(Evidence.id, Evidence.source, Evidence.level).where(
        Evidence.employee_id == employee_id, Evidence.competency_id == competency_id, Evidence.revoked_at.is_(None))
        .order_by(Evidence.recorded_at, Evidence.id)).all()
    key = (CurrentLevel.employee_id == employee_id) & (CurrentLevel.competency_id == competency_id)
    if not entries:
        db.session.execute(delete(CurrentLevel).where(key))
        return
    level, last_id = 0, entries[-1].id
    for _entry_id, source, value in entries:
        level = level_after(level, source, value)
    current = db.session.get(CurrentLevel, (employee_id, competency_id))
    if current is None:
        db.session.add(CurrentLevel(employee_id=employee_id, competency_id=competency_id, level=level,
                                    evidence_id=last_id))
    else:
        current.level, current.evidence_id = level, last_id
    db.session.flush()


def current_levels(employee_id: int) -> dict[int, int]:
    """{competency id: level} of an employee (competencies without evidence are absent: level 0)."""
    return dict(db.session.execute(select(CurrentLevel.competency_id, CurrentLevel.level)
                                   .where(CurrentLevel.employee_id == employee_id)).all())


def timeline(employee_id: int, competency_ids: Iterable[int] | None = None) -> dict[int, list[Evidence]]:
    """Every entry (revoked ones too, for the record) per competency, oldest first, in one query."""
    query = select(Evidence).where(Evidence.employee_id == employee_id).order_by(Evidence.recorded_at, Evidence.id)
    if competency_ids is not None:
        query = query.where(Evidence.competency_id.in_(list(competency_ids)))
    result: dict[int, list[Evidence]] = {}
    for evidence in db.session.scalars(query):
        result.setdefault(evidence.competency_id, []).append(evidence)
    return result
