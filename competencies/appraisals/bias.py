"""Rater bias and fairness of a consolidated cycle, for HR.

- **Lenient / severe raters**: per rater (supervisor, peer or assessor; grouped by the rater's employee), the
  mean difference between their levels and the consolidated levels of the same people and competencies.
- **Halo effect**: per rater, the mean over the people they rated (on at least :data:`HALO_MIN_COMPETENCIES`
  competencies) of the population standard deviation of their levels for that person; a small spread means
  the rater gave each person much the same level everywhere.
- **Self versus others**: per employee, the self level minus the mean level of the other raters, averaged over
  the competencies both rated.
- **Predikat kinerja per agency** (the OPD a unit belongs to), against the largest shares HR allows
  (:class:`RatingLimit` rows of the cycle for the agency, else the configured defaults).

Only raters with at least ``min_ratings`` ratings of at least ``min_people`` people are measured. The analyses
are pure functions over plain rows (:class:`FormSummary`, :class:`SelfGap`, :class:`RatingCount`); the loaders
below read those rows with a few grouped queries, so a 15,000-employee cycle is summed by the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Float, and_, case, cast, func, select

from competencies.appraisals.models import (
    PERFORMANCE_RATINGS,
    Appraisal,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalItem,
    AppraisalResult,
    RaterKind,
    Rating,
    RatingLimit,
)
from competencies.models import Competency
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position
from lms.people.queries import agency_id

# The kinds measured for bias (self is compared separately).
OTHER_KINDS = (RaterKind.SUPERVISOR, RaterKind.PEER, RaterKind.ASSESSOR)
HALO_MIN_COMPETENCIES = 3  # a person counts towards a rater's halo spread from this many rated competencies


@dataclass(frozen=True)
class Thresholds:
    min_ratings: int
    min_people: int
    leniency: float  # |mean difference| from this flags lenient (+) or severe (-)
    halo_spread: float  # a mean spread below this flags a halo effect
    self_gap: float  # |self - others| from this lists the employee

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Thresholds:
        return cls(min_ratings=int(config["APPRAISAL_BIAS_MIN_RATINGS"]),
                   min_people=int(config["APPRAISAL_BIAS_MIN_PEOPLE"]),
                   leniency=float(config["APPRAISAL_BIAS_LENIENCY"]),
                   halo_spread=float(config["APPRAISAL_BIAS_HALO_SPREAD"]),
                   self_gap=float(config["APPRAISAL_SELF_GAP"]))


# --- raters --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormSummary:
    """One rater's submitted ratings of one person: how many, the sum and the sum of squares of their levels,
    and the sum of (their level - the consolidated level)."""

    rater_id: int
    kind: str
    appraisal_id: int
    count: int
    total: int
    squares: int
    difference: int

    @classmethod
    def of(cls, rater_id: int, kind: str, appraisal_id: int, pairs: Iterable[tuple[int, int]]) -> FormSummary:
        """From (rater's level, consolidated level) pairs."""
        levels = list(pairs)
        return cls(rater_id, kind, appraisal_id, len(levels), sum(level for level, _c in levels),
                   sum(level * level for level, _c in levels), sum(level - result for level, result in levels))

    @property
    def mean_difference(self) -> float:
        return self.difference / self.count

    @property
    def spread(self) -> float:
        """Population standard deviation of the rater's levels for this person."""
        mean = self.total / self.count
        return math.sqrt(max(0.0, self.squares / self.count - mean * mean))


@dataclass(frozen=True)
class RaterBias:
    rater_id: int
    kinds: tuple[str, ...]
    ratings: int
    people: int
    mean_difference: float
    halo_spread: float | None  # None when nobody was rated on enough competencies
    lenient: bool
    severe: bool
    halo: bool

    @property
    def flagged(self) -> bool:
        return self.lenient or self.severe or self.halo


@dataclass(frozen=True)
class RaterReport:
    flagged: list[RaterBias]  # strongest evidence first
    unflagged: list[RaterBias]  # largest mean difference first
    too_small: int  # raters with too few ratings or people to judge


def measure_rater(rater_id: int, forms: list[FormSummary], thresholds: Thresholds) -> RaterBias | None:
    """One rater's bias from their forms; None when they rated too few people or competencies to judge."""
    ratings = sum(form.count for form in forms)
    people = len({form.appraisal_id for form in forms})
    if ratings < thresholds.min_ratings or people < thresholds.min_people:
        return None
    mean_difference = sum(form.difference for form in forms) / ratings
    spreads = [form.spread for form in forms if form.count >= HALO_MIN_COMPETENCIES]
    halo_spread = sum(spreads) / len(spreads) if spreads else None
    kinds = tuple(kind for kind in OTHER_KINDS if any(form.kind == kind for form in forms))
    return RaterBias(rater_id, kinds, ratings, people, mean_difference, halo_spread,
                     lenient=mean_difference >= thresholds.leniency, severe=mean_difference <= -thresholds.leniency,
                     halo=halo_spread is not None and halo_spread < thresholds.halo_spread)


def rater_report(forms: Iterable[FormSummary], thresholds: Thresholds) -> RaterReport:
    """Every rater measured, split into flagged and unflagged."""
    by_rater: dict[int, list[FormSummary]] = {}
    for form in forms:
        by_rater.setdefault(form.rater_id, []).append(form)
    measured, too_small = [], 0
    for rater_id, rater_forms in by_rater.items():
        bias = measure_rater(rater_id, rater_forms, thresholds)
        if bias is None:
            too_small += 1
        else:
            measured.append(bias)
    measured.sort(key=lambda bias: (-abs(bias.mean_difference), bias.rater_id))
    flagged = sorted((bias for bias in measured if bias.flagged),
                     key=lambda bias: (not (bias.lenient or bias.severe), -abs(bias.mean_difference),
                                       bias.halo_spread if bias.halo_spread is not None else math.inf,
                                       bias.rater_id))
    return RaterReport(flagged, [bias for bias in measured if not bias.flagged], too_small)


# --- self versus others --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SelfGap:
    """An employee's self level minus the others' mean level, averaged over ``competencies``."""

    appraisal_id: int
    gap: float
    competencies: int


@dataclass(frozen=True)
class SelfGapReport:
    compared: int  # employees with a self rating and another rating of the same competency
    mean_gap: float | None
    listed: list[SelfGap]  # |gap| from the threshold on, largest first


def self_gap_report(gaps: Iterable[SelfGap], threshold: float) -> SelfGapReport:
    every = list(gaps)
    listed = sorted((gap for gap in every if abs(gap.gap) >= threshold),
                    key=lambda gap: (-abs(gap.gap), gap.appraisal_id))
    mean = sum(gap.gap for gap in every) / len(every) if every else None
    return SelfGapReport(len(every), mean, listed)


# --- predikat kinerja per agency -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RatingCount:
    unit_path: str
    rating: str | None  # None: no predikat (no supervisor, or the SKP was not completed)
    count: int


@dataclass(frozen=True)
class RatingShare:
    rating: str
    count: int
    percent: float
    limit: int | None
    over: bool


@dataclass(frozen=True)
class AgencyDistribution:
    unit_id: int
    name: str
    rated: int  # appraisals with a predikat: the shares are of these
    unrated: int
    shares: list[RatingShare]  # in the order of PERFORMANCE_RATINGS

    @property
    def over(self) -> bool:
        return any(share.over for share in self.shares)


class UnitInfo(NamedTuple):
    kind: str
    name: str


def over_limit(count: int, total: int, max_percent: int | None) -> bool:
    """More than ``max_percent`` % of ``total`` (exact: no rounding of the share)."""
    return max_percent is not None and count * 100 > max_percent * total


def rating_distribution(counts: Iterable[RatingCount], units: Mapping[int, UnitInfo],
                        limits: Mapping[int, Mapping[str, int]],
                        defaults: Mapping[str, int]) -> list[AgencyDistribution]:
    """Counts and shares per agency and predikat, each against the agency's limit (``limits[agency]``, else
    ``defaults``); agencies over a limit first, then by name."""
    opd_ids = {unit_id for unit_id, unit in units.items() if unit.kind == "opd"}
    by_agency: dict[int, dict[str | None, int]] = {}
    for row in counts:
        agency = by_agency.setdefault(agency_id(row.unit_path, opd_ids), {})
        agency[row.rating] = agency.get(row.rating, 0) + row.count
    distributions = []
    for unit_id, agency in by_agency.items():
        rated = sum(count for rating, count in agency.items() if rating is not None)
        own = {**defaults, **limits.get(unit_id, {})}
        shares = [RatingShare(rating, agency.get(rating, 0), 100 * agency.get(rating, 0) / rated if rated else 0.0,
                              own.get(rating), over_limit(agency.get(rating, 0), rated, own.get(rating)))
                  for rating in PERFORMANCE_RATINGS]
        name = units[unit_id].name if unit_id in units else str(unit_id)
        distributions.append(AgencyDistribution(unit_id, name, rated, agency.get(None, 0), shares))
    return sorted(distributions, key=lambda agency: (not agency.over, agency.name.lower(), agency.unit_id))


# --- loaders ---------------------------------------------------------------------------------------------------

def _submitted_ratings(cycle_id: int):
    """Submitted, non-empty ratings of the cycle joined with their consolidated result."""
    return (select().select_from(AppraisalForm)
            .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
            .join(Rating, Rating.form_id == AppraisalForm.id)
            .join(AppraisalResult, and_(AppraisalResult.appraisal_id == AppraisalForm.appraisal_id,
                                        AppraisalResult.competency_id == Rating.competency_id))
            .where(Appraisal.cycle_id == cycle_id, AppraisalForm.status == AppraisalFormStatus.SUBMITTED,
                  AppraisalForm.rater_kind.in_(OTHER_KINDS), Rating.level.is_not(None)))


def form_summaries(cycle_id: int, rater_id: int | None = None) -> list[FormSummary]:
    """One :class:`FormSummary` per submitted supervisor, peer and assessor form of the cycle (of one rater
    when ``rater_id`` is given), summed by the database."""
    query = _submitted_ratings(cycle_id).add_columns(
        AppraisalForm.rater_id, AppraisalForm.rater_kind, AppraisalForm.appraisal_id, func.count(),
        func.sum(Rating.level), func.sum(Rating.level * Rating.level), func.sum(Rating.level - AppraisalResult.level),
    ).group_by(AppraisalForm.id, AppraisalForm.rater_id, AppraisalForm.rater_kind, AppraisalForm.appraisal_id)
    if rater_id is not None:
        query = query.where(AppraisalForm.rater_id == rater_id)
    return [FormSummary(rater, kind, appraisal, int(count), int(total), int(squares), int(difference))
            for rater, kind, appraisal, count, total, squares, difference in db.session.execute(query).all()]


def self_gaps(cycle_id: int) -> list[SelfGap]:
    """Per employee of the cycle, the mean over competencies of (self level - mean of the other submitted
    raters' levels): two nested groupings in one query."""
    is_self = AppraisalForm.rater_kind == RaterKind.SELF
    per_competency = (
        select(AppraisalForm.appraisal_id.label("appraisal_id"),
               func.max(case((is_self, Rating.level))).label("self_level"),
               func.avg(cast(case((~is_self, Rating.level)), Float)).label("others"))
        .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id)
        .join(Rating, Rating.form_id == AppraisalForm.id)
        .where(Appraisal.cycle_id == cycle_id, AppraisalForm.status == AppraisalFormStatus.SUBMITTED,
               Rating.level.is_not(None))
        .group_by(AppraisalForm.appraisal_id, Rating.competency_id)
        .subquery())
    both = and_(per_competency.c.self_level.is_not(None), per_competency.c.others.is_not(None))
    rows = db.session.execute(
        select(per_competency.c.appraisal_id, func.avg(per_competency.c.self_level - per_competency.c.others),
               func.count()).where(both).group_by(per_competency.c.appraisal_id)).all()
    return [SelfGap(appraisal_id, float(gap), int(count)) for appraisal_id, gap, count in rows]


def rating_counts(cycle_id: int) -> list[RatingCount]:
    rows = db.session.execute(
        select(OrgUnit.path, Appraisal.performance_rating, func.count())
        .join(OrgUnit, OrgUnit.id == Appraisal.unit_id).where(Appraisal.cycle_id == cycle_id)
        .group_by(OrgUnit.path, Appraisal.performance_rating)).all()
    return [RatingCount(path, rating, int(count)) for path, rating, count in rows]


def rating_limits(cycle_id: int) -> dict[int, dict[str, int]]:
    """{unit id: {predikat: max percent}} HR set for the cycle."""
    limits: dict[int, dict[str, int]] = {}
    for unit_id, rating, max_percent in db.session.execute(
            select(RatingLimit.unit_id, RatingLimit.performance_rating, RatingLimit.max_percent)
            .where(RatingLimit.cycle_id == cycle_id)).all():
        limits.setdefault(unit_id, {})[rating] = max_percent
    return limits


def agency_distribution(cycle_id: int, defaults: Mapping[str, int]) -> list[AgencyDistribution]:
    """The cycle's predikat per agency against the limits: three queries."""
    counts = rating_counts(cycle_id)
    wanted = {int(part) for row in counts for part in row.unit_path.strip("/").split("/")}
    units = {unit_id: UnitInfo(kind, name) for unit_id, kind, name in db.session.execute(
        select(OrgUnit.id, OrgUnit.kind, OrgUnit.name).where(OrgUnit.id.in_(wanted))).all()} if wanted else {}
    return rating_distribution(counts, units, rating_limits(cycle_id), defaults)


@dataclass(frozen=True)
class PersonInfo:
    employee_id: int
    name: str
    nip: str
    position: str
    unit: str


def people(employee_ids: Iterable[int]) -> dict[int, PersonInfo]:
    """Name, NIP, position and unit of some employees (a page's worth), in one query."""
    ids = sorted(set(employee_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Employee, Position.name, OrgUnit.name).join(Position, Position.id == Employee.position_id)
        .join(OrgUnit, OrgUnit.id == Employee.unit_id).where(Employee.id.in_(ids))).all()
    return {employee.id: PersonInfo(employee.id, employee.full_name, employee.nip, position, unit)
            for employee, position, unit in rows}


def appraisal_employees(appraisal_ids: Iterable[int]) -> dict[int, PersonInfo]:
    """:func:`people` keyed by appraisal id: who each appraisal is about."""
    ids = sorted(set(appraisal_ids))
    if not ids:
        return {}
    owners = dict(db.session.execute(select(Appraisal.id, Appraisal.employee_id)
                                     .where(Appraisal.id.in_(ids))).all())
    found = people(owners.values())
    return {appraisal_id: found[employee_id] for appraisal_id, employee_id in owners.items()}


@dataclass(frozen=True)
class RatedCompetency:
    competency_code: str
    competency_name: str
    required_level: int | None
    level: int
    result_level: int

    @property
    def difference(self) -> int:
        return self.level - self.result_level


def rater_evidence(form_ids: Iterable[int]) -> dict[int, list[RatedCompetency]]:
    """{form id: its levels against the consolidated ones, per competency} for some submitted forms (a page),
    in one query."""
    ids = sorted(set(form_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(AppraisalForm.id, Competency.code, Competency.name, AppraisalItem.required_level, Rating.level,
               AppraisalResult.level)
        .join(Rating, Rating.form_id == AppraisalForm.id)
        .join(AppraisalResult, and_(AppraisalResult.appraisal_id == AppraisalForm.appraisal_id,
                                    AppraisalResult.competency_id == Rating.competency_id))
        .join(Competency, Competency.id == Rating.competency_id)
        .outerjoin(AppraisalItem, and_(AppraisalItem.appraisal_id == AppraisalForm.appraisal_id,
                                       AppraisalItem.competency_id == Rating.competency_id))
        .where(AppraisalForm.id.in_(ids), AppraisalForm.status == AppraisalFormStatus.SUBMITTED,
               Rating.level.is_not(None))
        .order_by(AppraisalForm.id, Competency.sort_order, Competency.code)).all()
    evidence: dict[int, list[RatedCompetency]] = {}
    for form_id, code, name, required, level, result in rows:
        evidence.setdefault(form_id, []).append(RatedCompetency(code, name, required, level, result))
    return evidence
