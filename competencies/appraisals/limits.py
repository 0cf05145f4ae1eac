"""The largest share of a unit's employees HR allows in one predikat kinerja in a cycle (the bias page compares
each agency's distribution with it). Nothing here commits."""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from competencies.appraisals.models import PERFORMANCE_RATINGS, AppraisalCycle, RatingLimit
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.people.models import OrgUnit

logger = logging.getLogger(__name__)


def set_rating_limit(actor: Actor | None, cycle: AppraisalCycle, unit: OrgUnit, rating: str,
                     max_percent: int) -> RatingLimit:
    """Set (or change) the unit's limit for ``rating`` in the cycle, audited on the cycle."""
    if rating not in PERFORMANCE_RATINGS:
        raise DomainError(_("Predikat kinerja tidak dikenal."), "performance_rating")
    if not 0 <= max_percent <= 100:
        raise DomainError(_("Batas harus antara 0 dan 100 persen."), "max_percent")
    limit = db.session.get(RatingLimit, (cycle.id, unit.id, rating))
    before = None if limit is None else limit.max_percent
    if limit is None:
        limit = RatingLimit(cycle_id=cycle.id, unit_id=unit.id, performance_rating=rating, max_percent=max_percent)
        db.session.add(limit)
    else:
        limit.max_percent = max_percent
    db.session.flush()
    if before != max_percent:
        audit.record(actor, "update", "appraisal_cycle", cycle, cycle.name,
                     {f"rating_limit.{unit.code}.{rating}": [before, max_percent]},
                     note=_("Batas predikat %(unit)s", unit=unit.name))
        logger.info("rating limit of %s in cycle %s: %s %s%%", unit.code, cycle.id, rating, max_percent)
    return limit
