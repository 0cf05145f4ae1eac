"""Consolidation: every submitted rating of a cycle combined into one level per employee and competency, stored
as results and written to the competency ledger as appraisal evidence, all in SQL (INSERT ... SELECT with
GROUP BY), so that a 15,000-employee cycle takes a few statements.

The rule: per competency, the mean level of each rater kind that rated it (several peers count as one kind);
then the mean of those, weighted by the cycle's weights renormalised over the kinds present; the level is that
score rounded half up (2.5 -> 3, 2.49 -> 2).
"""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import Float, Integer, case, cast, func, insert, select, update

from competencies import ledger
from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalResult,
    AppraisalStatus,
    Rating,
)
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow

logger = logging.getLogger(__name__)

# Scores are fractions whose denominator divides (sum of weights) x (lcm of the raters per kind): with weights
# of at most 100 and a dozen peers, a score truly below n + 0.5 is at least 4e-8 below it, while floating point
# may put an exact n + 0.5 a hair (1e-15) below. This slack rounds exact halves up and nothing else.
ROUNDING_SLACK = 1e-9


def _round_half_up(score):
    """SQL for floor(score + 0.5) of a non-negative score, robust to floating-point error."""
    shifted = score + 0.5 + ROUNDING_SLACK
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(shifted), Integer)
    return cast(shifted, Integer)  # SQLite's CAST truncates, which is floor for non-negative values


def scores_query(cycle: AppraisalCycle):
    """(appraisal id, competency id, score, level) of every rated competency of the cycle's submitted forms."""
    per_kind = (select(AppraisalForm.appraisal_id, Rating.competency_id, AppraisalForm.rater_kind.label("kind"),
                       cast(func.avg(Rating.level), Float).label("mean"))
                .join(Rating, Rating.form_id == AppraisalForm.id)
                .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
                .where(Appraisal.cycle_id == cycle.id, AppraisalForm.status == AppraisalFormStatus.SUBMITTED,
                       AppraisalForm.rater_kind.in_(list(cycle.weights)), Rating.level.is_not(None))
                .group_by(AppraisalForm.appraisal_id, Rating.competency_id, AppraisalForm.rater_kind)).subquery()
    weight = case(dict(cycle.weights), value=per_kind.c.kind)
    score = (func.sum(weight * per_kind.c.mean) / func.sum(weight)).label("score")
    scores = (select(per_kind.c.appraisal_id, per_kind.c.competency_id, score)
              .group_by(per_kind.c.appraisal_id, per_kind.c.competency_id)).subquery()
    return select(scores.c.appraisal_id, scores.c.competency_id, scores.c.score,
                  _round_half_up(scores.c.score).label("level"))


def consolidate_cycle(actor: Actor | None, cycle: AppraisalCycle) -> dict[str, int]:
    """Close rating and compute the results. Unsubmitted forms stay drafts and do not count."""
    if cycle.status != AppraisalCycleStatus.OPEN:
        raise DomainError(_("Periode penilaian \"%(name)s\" sudah dikonsolidasi.", name=cycle.name))
    db.session.execute(insert(AppraisalResult).from_select(["appraisal_id", "competency_id", "score", "level"],
                                                           scores_query(cycle)))
    results = db.session.scalar(select(func.count()).select_from(AppraisalResult).join(Appraisal)
                                .where(Appraisal.cycle_id == cycle.id)) or 0
    evidence = ledger.record_appraisal_levels(
        actor,
        select(Appraisal.employee_id, AppraisalResult.competency_id, AppraisalResult.level, Appraisal.id)
        .join(AppraisalResult, AppraisalResult.appraisal_id == Appraisal.id).where(Appraisal.cycle_id == cycle.id),
        note=_("Hasil penilaian \"%(name)s\"", name=cycle.name))
    appraisals = db.session.execute(update(Appraisal).where(Appraisal.cycle_id == cycle.id)
                                    .values(status=AppraisalStatus.CONSOLIDATED)).rowcount
    cycle.status, cycle.consolidated_at = AppraisalCycleStatus.CONSOLIDATED, utcnow()
    counts = {"appraisals": appraisals, "results": results, "evidence": evidence}
    audit.record(actor, "update", "appraisal_cycle", cycle, cycle.name,
                 {"status": [AppraisalCycleStatus.OPEN, AppraisalCycleStatus.CONSOLIDATED], **counts})
    logger.info("appraisal cycle %s consolidated: %s", cycle.name, counts)
    return counts
