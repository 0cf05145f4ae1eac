"""Writing a previewed Moodle framework: the framework, its competencies and their levels, in a few statements."""

import logging
from collections import defaultdict
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select

from competencies.models import Competency, CompetencyLevel, Framework
from competencies.moodle.preview import MoodlePreview, MoodleRow, MoodleScale
from lms import cache
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db

logger = logging.getLogger(__name__)

COMPETENCY_TYPE = "teknis"
SOURCE = "Moodle"


def framework_extra(row: MoodleRow) -> dict[str, Any]:
    """What ``Framework.extra`` keeps of the framework row."""
    assert row.scale is not None
    return {"moodle": {"scale_configuration": row.scale.configuration, "taxonomy": row.taxonomy,
                       "description_format": row.description_format}}


def competency_extra(row: MoodleRow) -> dict[str, Any]:
    """What ``Competency.extra`` keeps of a competency row (keys only for what the row has)."""
    kept: dict[str, Any] = {"description_format": row.description_format}
    if row.has_rule:
        kept["rule"] = {"type": row.rule_type, "outcome": row.rule_outcome, "config": row.rule_config}
    if row.related:
        kept["related"] = row.related
    if row.exported_id:
        kept["exported_id"] = row.exported_id
    if row.scale is not None:
        kept["scale"] = {"values": row.scale.values, "configuration": row.scale.configuration}
    return {"moodle": kept}


def import_framework(actor: Actor | None, preview: MoodlePreview) -> Framework:
    """Write the previewed framework, its competencies and their levels; audit it. Flushes, never commits.

    Refuses (DomainError, nothing written) a preview with errors, or a framework whose ID number exists.
    """
    if preview.errors or preview.framework is None or preview.framework.scale is None:
        raise DomainError(_("Tidak ada yang diimpor: berkas berisi %(count)s kesalahan.",
                            count=max(len(preview.errors), 1)))
    row = preview.framework
    scale = row.scale
    assert scale is not None
    if db.session.scalar(select(Framework.id).where(Framework.code == row.id_number)) is not None:
        raise DomainError(_("Kerangka dengan ID number \"%(code)s\" sudah ada; tidak ada yang diimpor.",
                            code=row.id_number))
    framework = Framework(code=row.id_number, name=row.short_name, version="", source=SOURCE,
                          description=row.description, scale=list(scale.values), default_level=scale.default,
                          proficient_level=scale.proficient_level, extra=framework_extra(row), is_builtin=False)
    db.session.add(framework)
    db.session.flush()
    _insert_levels(_insert_competencies(framework, preview.competencies), scale)
    counts = preview.counts
    audit.record(actor, "import", "framework", framework, framework.name,
                 {"code": framework.code, **counts},
                 _("Impor kerangka kompetensi Moodle: %(count)s kompetensi.", count=counts["competencies"]))
    cache.invalidate_graph()
    db.session.flush()
    db.session.expire(framework, ["competencies"])
    logger.info("Moodle framework %s imported by user %s: %s", framework.code, getattr(actor, "id", None), counts)
    return framework


def _insert_competencies(framework: Framework, competencies: list[MoodleRow]) -> list[int]:
    """Parents before children: one INSERT .. RETURNING per depth (batched by SQLAlchemy's insertmanyvalues).
    Returns the new ids."""
    order = {competency.number: index for index, competency in enumerate(competencies)}
    by_depth: dict[int, list[MoodleRow]] = defaultdict(list)
    for competency in competencies:
        by_depth[competency.depth].append(competency)
    ids: dict[str, int] = {}
    for depth in sorted(by_depth):
        values = [{"framework_id": framework.id, "code": competency.id_number, "name": competency.short_name,
                   "description": competency.description, "type": COMPETENCY_TYPE,
                   "parent_id": ids[competency.parent.id_number] if competency.parent else None,
                   "sort_order": order[competency.number], "extra": competency_extra(competency)}
                  for competency in by_depth[depth]]
        # Codes are unique in the framework: map by code, so that the RETURNING order does not matter (asking
        # for parameter order makes SQLite insert row by row).
        ids.update((code, new_id) for new_id, code in db.session.execute(
            insert(Competency).returning(Competency.id, Competency.code), values))
    return list(ids.values())


def _insert_levels(competency_ids: list[int], scale: MoodleScale) -> None:
    """One level per value of the framework scale, described by its label (see the package's documentation)."""
    levels = [{"competency_id": competency_id, "level": level, "description": label}
              for competency_id in competency_ids for level, label in enumerate(scale.values, start=1)]
    if levels:
        db.session.execute(insert(CompetencyLevel), levels)
