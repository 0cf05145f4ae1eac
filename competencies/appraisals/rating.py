"""A rater's form: what it lists (the snapshot's competencies with their levels and indicators), saving
ratings as a draft and submitting them. A submitted form, or a form of a cycle no longer open, is locked."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from competencies.appraisals.models import (
    AppraisalCycleStatus,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalItem,
    RaterKind,
    Rating,
    WorkTarget,
)
from competencies.appraisals.rules import (
    RatingCheck,
    behaviour_rating,
    core_value_names,
    rating_problems,
    suggested_level,
)
from competencies.models import Competency, CompetencyLevel, Framework, Indicator, indicator_number
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow

logger = logging.getLogger(__name__)


@dataclass
class LevelView:
    level: int
    label: str
    description: str
    indicators: list[tuple[int, str]]  # (id, "number text"), the number as the kamus gives it ("2.1")


@dataclass
class ItemView:
    """One competency of a form: what the rater sees and what they answered."""

    competency: Competency
    required_level: int
    weight: str
    max_level: int
    levels: list[LevelView]
    rating: Rating | None
    problems: list[str] = field(default_factory=list)

    @property
    def indicators_by_level(self) -> dict[int, list[int]]:
        return {view.level: [indicator_id for indicator_id, _text in view.indicators] for view in self.levels}


@dataclass(frozen=True)
class RatingInput:
    level: int | None
    observed: list[int]
    justification: str = ""
    evidence_note: str = ""


def form_items(form: AppraisalForm) -> list[ItemView]:
    """The form's competencies in framework order, in three queries."""
    rows = db.session.execute(
        select(AppraisalItem, Competency, Framework).join(Competency, Competency.id == AppraisalItem.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .where(AppraisalItem.appraisal_id == form.appraisal_id)
        .order_by(Framework.code, Competency.sort_order, Competency.code)).all()
    competency_ids = [competency.id for _item, competency, _framework in rows]
    levels: dict[int, dict[int, LevelView]] = {}
    level_rows = db.session.execute(
        select(CompetencyLevel.competency_id, CompetencyLevel.level, CompetencyLevel.description, Indicator.id,
               Indicator.position, Indicator.text)
        .outerjoin(Indicator, Indicator.competency_level_id == CompetencyLevel.id)
        .where(CompetencyLevel.competency_id.in_(competency_ids))
        .order_by(CompetencyLevel.level, Indicator.position, Indicator.id))
    scales = {competency.id: framework.scale for _item, competency, framework in rows}
    for competency_id, level, description, indicator_id, position, text in level_rows:
        scale = scales[competency_id]
        view = levels.setdefault(competency_id, {}).setdefault(level, LevelView(
            level, scale[level - 1] if level <= len(scale) else str(level), description, []))
        if indicator_id is not None:
            view.indicators.append((indicator_id, f"{indicator_number(level, position)} {text}"))
    ratings = {rating.competency_id: rating for rating in db.session.scalars(
        select(Rating).where(Rating.form_id == form.id))}
    return [ItemView(competency, item.required_level, item.weight, framework.max_level,
                     list(levels.get(competency.id, {}).values()), ratings.get(competency.id))
            for item, competency, framework in rows]


def is_locked(form: AppraisalForm) -> bool:
    return form.status == AppraisalFormStatus.SUBMITTED or form.appraisal.cycle.status != AppraisalCycleStatus.OPEN


def _check_editable(form: AppraisalForm) -> None:
    if form.status == AppraisalFormStatus.SUBMITTED:
        raise DomainError(_("Formulir ini sudah dikirim dan terkunci."))
    if form.appraisal.cycle.status != AppraisalCycleStatus.OPEN:
        raise DomainError(_("Periode penilaian ini sudah ditutup."))


def save_ratings(actor: Actor | None, form: AppraisalForm, entries: dict[int, RatingInput]) -> list[ItemView]:
    """Store the ratings as a draft (incomplete ones too) and return the items with what each still needs."""
    _check_editable(form)
    items = form_items(form)
    by_competency = {item.competency.id: item for item in items}
    unknown = set(entries) - set(by_competency)
    if unknown:
        raise DomainError(_("Formulir memuat kompetensi yang tidak dinilai dalam penilaian ini."))
    for competency_id, entry in entries.items():
        item = by_competency[competency_id]
        if entry.level is not None and not 0 <= entry.level <= item.max_level:
            raise DomainError(_("Level %(competency)s harus antara 0 dan %(max)d.", competency=item.competency.name,
                                max=item.max_level))
        known = {indicator_id for ids in item.indicators_by_level.values() for indicator_id in ids}
        observed = sorted(set(entry.observed) & known)
        values = {"level": entry.level, "observed": observed,
                  "suggested_level": suggested_level(item.indicators_by_level, observed),
                  "justification": entry.justification.strip(), "evidence_note": entry.evidence_note.strip()}
        if item.rating is None:
            item.rating = Rating(form_id=form.id, competency_id=competency_id, **values)
            db.session.add(item.rating)
        else:
            for key, value in values.items():
                setattr(item.rating, key, value)
    form.started_at = form.started_at or utcnow()
    db.session.flush()
    for item in items:
        item.problems = problems_of(item)
    return items


def problems_of(item: ItemView) -> list[str]:
    rating = item.rating
    if rating is None:
        return [_("Belum dinilai.")]
    return rating_problems(RatingCheck(rating.level, rating.suggested_level, item.required_level,
                                       rating.justification, rating.evidence_note))


def submission_problems(form: AppraisalForm, items: list[ItemView]) -> list[str]:
    """Everything that keeps the form from being submitted, one line each."""
    problems = [f"{item.competency.name}: {problem}" for item in items for problem in problems_of(item)]
    if form.rater_kind == RaterKind.SUPERVISOR:
        appraisal = form.appraisal
        targets = db.session.scalars(select(WorkTarget.actual).where(WorkTarget.appraisal_id == appraisal.id)).all()
        if not targets:
            problems.append(_("Kinerja (SKP): tambahkan paling sedikit satu rencana hasil kerja."))
        elif any(actual is None for actual in targets):
            problems.append(_("Kinerja (SKP): isi realisasi setiap rencana hasil kerja."))
        if behaviour_rating(appraisal.core_values or {}, core_value_names()) is None:
            problems.append(_("Kinerja (SKP): nilai ketujuh nilai dasar BerAKHLAK."))
    return problems


def submit_form(actor: Actor | None, form: AppraisalForm) -> None:
    """Lock the form once every competency (and, for the supervisor, the SKP) is complete."""
    _check_editable(form)
    problems = submission_problems(form, form_items(form))
    if problems:
        raise DomainError(_("Formulir belum dapat dikirim: %(problems)s", problems="; ".join(problems[:5])
                            + (" …" if len(problems) > 5 else "")))
    form.status, form.submitted_at = AppraisalFormStatus.SUBMITTED, utcnow()
    form.started_at = form.started_at or form.submitted_at
    audit.record(actor, "update", "appraisal_form", form,
                 f"{form.appraisal.employee.nip} – {form.rater_kind} {form.rater.nip}",
                 {"status": [AppraisalFormStatus.DRAFT, AppraisalFormStatus.SUBMITTED]})
    logger.info("appraisal form %s submitted", form.id)

