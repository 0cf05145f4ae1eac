"""Consolidation: every submitted rating of a cycle combined into one level per employee and competency
(:func:`competencies.appraisals.rules.consolidate`), stored as results and written to the competency ledger as
appraisal evidence. One read of the ratings, one bulk insert of results, set-based ledger writes."""

from __future__ import annotations

import logging
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from competencies import ledger
from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalForm, AppraisalResult, Rating
from competencies.appraisals.rules import consolidate
from lms.audit import services as audit
from lms.domain import DomainError
from lms.extensions import db, utcnow

logger = logging.getLogger(__name__)

BATCH = 5000


def submitted_ratings(cycle_id: int) -> dict[tuple[int, int], dict[str, list[int]]]:
    """{(appraisal id, competency id): {rater kind: [levels]}} over the cycle's submitted forms."""
    rows = db.session.execute(
        select(AppraisalForm.appraisal_id, Rating.competency_id, AppraisalForm.rater_kind, Rating.level)
        .join(Rating, Rating.form_id == AppraisalForm.id)
        .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
        .where(Appraisal.cycle_id == cycle_id, AppraisalForm.status == "submitted", Rating.level.is_not(None)))
    grouped: dict[tuple[int, int], dict[str, list[int]]] = {}
    for appraisal_id, competency_id, kind, level in rows:
        grouped.setdefault((appraisal_id, competency_id), {}).setdefault(kind, []).append(level)
    return grouped


def consolidate_cycle(actor: Any, cycle: AppraisalCycle) -> dict[str, int]:
    """Close rating and compute the results. Unsubmitted forms stay drafts and do not count."""
    if cycle.status != "open":
        raise DomainError(_("Periode penilaian \"%(name)s\" sudah dikonsolidasi.", name=cycle.name))
    results = []
    for (appraisal_id, competency_id), levels_by_kind in submitted_ratings(cycle.id).items():
        combined = consolidate(levels_by_kind, cycle.weights)
        if combined is not None:
            score, level = combined
            results.append({"appraisal_id": appraisal_id, "competency_id": competency_id, "score": float(score),
                            "level": level})
    for start in range(0, len(results), BATCH):
        db.session.execute(insert(AppraisalResult), results[start:start + BATCH])
    evidence = ledger.record_appraisal_levels(
        actor,
        select(Appraisal.employee_id, AppraisalResult.competency_id, AppraisalResult.level, Appraisal.id)
        .join(AppraisalResult, AppraisalResult.appraisal_id == Appraisal.id).where(Appraisal.cycle_id == cycle.id),
        note=_("Hasil penilaian \"%(name)s\"", name=cycle.name))
    appraisals = db.session.execute(update(Appraisal).where(Appraisal.cycle_id == cycle.id)
                                    .values(status="consolidated")).rowcount
    cycle.status, cycle.consolidated_at = "consolidated", utcnow()
    counts = {"appraisals": appraisals, "results": len(results), "evidence": evidence}
    audit.record(actor, "update", "appraisal_cycle", cycle, cycle.name, {"status": ["open", "consolidated"], **counts})
    logger.info("appraisal cycle %s consolidated: %s", cycle.name, counts)
    return counts
