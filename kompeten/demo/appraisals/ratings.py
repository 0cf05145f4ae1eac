"""The ratings of the demo cycle: each employee's true levels, the status and dates of every form, and one
rating per competency of every started form (the true level shifted by the rater's kind, tilt or bias)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import select

from competencies.appraisals.models import RATER_KINDS, Appraisal, AppraisalForm, AppraisalFormStatus, RaterKind, Rating
from competencies.appraisals.rules import suggested_level
from kompeten.demo.appraisals.raters import PLANTED_SHIFTS
from kompeten.demo.appraisals.world import World
from kompeten.demo.bulk import bulk_insert, update_by_ids
from lms.extensions import db

DRAFT_SHARE = 0.05
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
EVIDENCE_NOTES = (
    "Diamati saat memimpin rapat koordinasi unit kerja pada {month} {year}.",
    "Menyelesaikan laporan triwulan {quarter} {year} tanpa revisi dan membantu rekan menyusun laporannya.",
    "Membimbing rekan kerja menangani kasus layanan yang tidak rutin pada {month} {year}.",
    "Mengusulkan perbaikan prosedur yang diterapkan unit kerja sejak {month} {year}.",
    "Menjadi narasumber internal dalam kegiatan berbagi pengetahuan unit kerja pada {month} {year}.",
)
JUSTIFICATION = "Level ditetapkan dari pengamatan langsung selama periode penilaian."


class FormRow(NamedTuple):
    id: int
    appraisal_id: int
    kind: RaterKind
    rater_id: int


@dataclass
class FormPlan:
    status: AppraisalFormStatus
    started_at: datetime | None
    submitted_at: datetime | None
    rated: int  # how many of the form's competencies have a rating


# The demo accounts' people and the teams of supervisors with an account (the demo supervisor's, the demo
# employee among them) show a level less than their position requires on average, so that the demo accounts'
# gap pages and team matrix have gaps to close.
ACCOUNT_TEAM_SHIFT = -1.0


def _account_teams(world: World) -> set[int]:
    team = {appraisal_id for supervisor_id in world.accounts for appraisal_id in world.staff.get(supervisor_id, ())}
    return team | {appraisal_id for appraisal_id, snapshot in world.appraisals.items()
                   if snapshot.employee_id in world.accounts}


def true_levels(world: World, rng: random.Random) -> dict[int, dict[int, int]]:
    """{appraisal id: {competency id: the level the employee really shows}}."""
    truth = {}
    account_teams = _account_teams(world)
    for appraisal_id in world.order:
        shifted = appraisal_id in account_teams
        tendency = rng.gauss(0, 0.45) + (ACCOUNT_TEAM_SHIFT if shifted else 0.0)
        truth[appraisal_id] = {competency_id: _true_level(current or required, world.top[competency_id], tendency, rng,
                                                          floor=1 if shifted else 2)
                               for competency_id, required, current in world.items.get(appraisal_id, ())}
    return truth


def _true_level(base: int, top: int, tendency: float, rng: random.Random, floor: int = 2) -> int:
    """``base`` (at least ``floor``, 2 by default: a level-1 requirement is a floor most people pass) + an offset
    of -2..+2 around the person's tendency, drawn again when it falls off the scale (a clamp would give the people
    at either end of the scale much the same level everywhere)."""
    base = max(base, min(floor, top))
    for _attempt in range(6):
        level = base + max(-2, min(2, round(tendency + rng.gauss(0, 0.85))))
        if 1 <= level <= top:
            return level
    return _clamp(level, top)


def _clamp(level: int, top: int) -> int:
    return max(1, min(top, level))


def cycle_forms(world: World, cycle_id: int) -> list[FormRow]:
    """The cycle's forms by appraised employee, rater kind and rater (NIPs: ids depend on the database)."""
    forms = [FormRow(*row) for row in db.session.execute(
        select(AppraisalForm.id, AppraisalForm.appraisal_id, AppraisalForm.rater_kind, AppraisalForm.rater_id)
        .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id).where(Appraisal.cycle_id == cycle_id)).all()]
    position = {appraisal_id: number for number, appraisal_id in enumerate(world.order)}
    return sorted(forms, key=lambda form: (position[form.appraisal_id], RATER_KINDS.index(form.kind),
                                           world.people[form.rater_id].nip))


def plan_forms(world: World, forms: list[FormRow], planted: set[int], year: int,
               rng: random.Random) -> dict[int, FormPlan]:
    """Status and dates of each form: submitted between mid-November and the end of the year, except about 5%
    of the honest ones (half of those never started). The planted supervisors' forms, and every form about their
    staff, are submitted."""
    first = date(year, 11, 10)
    plans = {}
    for form in forms:
        items = len(world.items.get(form.appraisal_id, ()))
        supervisor = world.appraisals[form.appraisal_id].supervisor_id
        day = first + timedelta(days=rng.randrange((date(year, 12, 31) - first).days + 1))
        started = datetime.combine(day - timedelta(days=rng.randrange(4)), time(9, 30))
        if form.rater_id in planted or supervisor in planted or rng.random() >= DRAFT_SHARE:
            plans[form.id] = FormPlan(AppraisalFormStatus.SUBMITTED, started, datetime.combine(day, time(15, 0)), items)
        elif rng.random() < 0.5 and items > 1:
            plans[form.id] = FormPlan(AppraisalFormStatus.DRAFT, started, None, rng.randrange(1, items))
        else:
            plans[form.id] = FormPlan(AppraisalFormStatus.DRAFT, None, None, 0)
    return plans


def _shift(form: FormRow, bias: dict[int, int], tilts: dict[int, float], self_tilt: float,
           rng: random.Random) -> int:
    draw = rng.random()
    if form.kind == RaterKind.SELF:
        return 1 if draw < self_tilt else (-1 if draw > 0.95 else 0)
    if form.kind == RaterKind.SUPERVISOR and form.rater_id in bias:
        return bias[form.rater_id] * rng.choice(PLANTED_SHIFTS)
    tilt = tilts.setdefault(form.rater_id, max(-0.15, min(0.15, rng.gauss(0, 0.08))))
    return 1 if draw < 0.15 + tilt / 2 else (-1 if draw > 0.85 + tilt / 2 else 0)


def insert_ratings(world: World, truth: dict[int, dict[int, int]], forms: list[FormRow],
                   plans: dict[int, FormPlan], bias: dict[int, int], year: int, rng: random.Random) -> int:
    """One rating per competency of every started form: true level + the rater's shift, the indicators of
    levels 1..level ticked."""
    ticked: dict[tuple[int, int], tuple[str, int | None]] = {}  # the observed indicators (JSON), suggested level
    tilts: dict[int, float] = {}
    self_tilts: dict[int, float] = {}
    notes = [template.format(month=month, year=year, quarter=number // 3 + 1)
             for template in EVIDENCE_NOTES for number, month in enumerate(MONTHS)]
    rows = []
    for form in forms:
        plan = plans[form.id]
        if not plan.rated:
            continue
        self_tilt = self_tilts.setdefault(form.appraisal_id, rng.uniform(0.25, 0.55))
        levels = truth[form.appraisal_id]
        for competency_id, required, _current in world.items[form.appraisal_id][:plan.rated]:
            level = _clamp(levels[competency_id] + _shift(form, bias, tilts, self_tilt, rng),
                           world.top[competency_id])
            key = (competency_id, level)
            if key not in ticked:
                by_level = world.indicators.get(competency_id, {})
                observed = [i for lvl in sorted(by_level) if lvl <= level for i in by_level[lvl]]
                ticked[key] = (json.dumps(observed), suggested_level(by_level, observed))
            observed, suggested = ticked[key]
            rows.append((form.id, competency_id, level, suggested, observed,
                         "" if suggested == level else JUSTIFICATION, rng.choice(notes) if level > required else "",
                         plan.submitted_at or plan.started_at))
    bulk_insert(Rating.__table__, ("form_id", "competency_id", "level", "suggested_level", "observed",
                                   "justification", "evidence_note", "updated_at"), rows, json_columns=frozenset({4}))
    return len(rows)


def update_forms(plans: dict[int, FormPlan]) -> None:
    """Status and dates, one UPDATE per distinct (status, started, submitted) and batch of ids."""
    groups: dict[tuple[str, datetime | None, datetime | None], list[int]] = {}
    for form_id, plan in plans.items():
        if plan.status == AppraisalFormStatus.SUBMITTED or plan.started_at is not None:
            groups.setdefault((plan.status, plan.started_at, plan.submitted_at), []).append(form_id)
    for (status, started_at, submitted_at), ids in groups.items():
        update_by_ids(AppraisalForm, ids, status=status, started_at=started_at, submitted_at=submitted_at)
