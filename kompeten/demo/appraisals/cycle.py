"""Last year's demo appraisal cycle, from opening to the employees' responses (see the package's description)."""

from __future__ import annotations

import logging
import random
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import exists, func, insert, select, update

from competencies.appraisals import consolidation, cycles, objections
from competencies.appraisals.bias import Thresholds
from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalStatus,
    Objection,
    ObjectionStatus,
    RaterKind,
)
from kompeten.demo.appraisals.performance import fill_performance
from kompeten.demo.appraisals.raters import assign_assessors, assign_peers, choose_planted
from kompeten.demo.appraisals.ratings import cycle_forms, insert_ratings, plan_forms, true_levels, update_forms
from kompeten.demo.appraisals.world import World, load_world
from kompeten.demo.bulk import update_by_ids
from lms.audit import services as audit
from lms.auth.models import User
from lms.domain import Actor
from lms.extensions import db, utcnow
from lms.people.models import OrgUnit

logger = logging.getLogger(__name__)

CYCLE_NAME = "Penilaian Kompetensi Tahunan {year}"
OBJECTION_SHARE = 0.015
OBJECTION_SHARE_SEVERE = 0.35  # of the staff of a severe supervisor
OBJECTION_REASONS = (
    "Saya keberatan atas level kompetensi yang diberikan atasan: tidak sesuai dengan tugas yang saya selesaikan "
    "selama {year}.",
    "Penilaian atasan tidak mempertimbangkan penugasan tambahan yang saya laksanakan pada {year}.",
    "Saya mohon peninjauan ulang: bukti kinerja saya (laporan dan dokumen kegiatan {year}) tidak dinilai.",
)


def appraisal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Appraisal)) or 0


def build_demo_appraisals(seed: int, root_code: str, hr_actor: Actor | None = None,
                          today: date | None = None) -> dict[str, Any]:
    """Write last year's final cycle for the city under ``root_code`` (nothing when that cycle exists or the city
    does not). Returns counts and the NIPs of the planted lenient and severe supervisors."""
    today = today or date.today()
    year = today.year - 1
    name = CYCLE_NAME.format(year=year)
    root = db.session.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.code == root_code)).first()
    counts: dict[str, Any] = {"appraisals": 0, "forms": 0, "ratings": 0, "objections": 0, "lenient": [],
                              "severe": []}
    if root is None or db.session.scalar(select(exists().where(AppraisalCycle.name == name))):
        return counts
    config = current_app.config
    rng = random.Random(f"kompeten-demo-appraisals-{seed}")
    cycle = cycles.open_cycle(hr_actor, name=name, period="annual", year=year, starts_on=date(year, 1, 1),
                              ends_on=date(year, 12, 31), due_on=date(year, 12, 31),
                              objection_days=config["APPRAISAL_OBJECTION_DAYS"],
                              weights=dict(config["APPRAISAL_WEIGHTS"]), unit_ids=[root.id])
    cycle.opened_at = datetime(year, 11, 1, 8, 0)
    world = load_world(cycle.id, root.path)
    truth = true_levels(world, rng)
    lenient, severe = choose_planted(world, truth, Thresholds.from_config(config))
    assign_assessors(hr_actor, cycle, world, lenient, severe, rng)
    assign_peers(hr_actor, cycle.id, world, set(lenient + severe), rng)
    forms = cycle_forms(world, cycle.id)
    bias = {**dict.fromkeys(lenient, 1), **dict.fromkeys(severe, -1)}
    plans = plan_forms(world, forms, set(bias), year, rng)
    counts["ratings"] = insert_ratings(world, truth, forms, plans, bias, year, rng)
    update_forms(plans)
    supervisor_forms = {form.appraisal_id: plans[form.id] for form in forms if form.kind == RaterKind.SUPERVISOR}
    fill_performance(world, supervisor_forms, bias, rng)
    consolidation.consolidate_cycle(hr_actor, cycle)
    cycles.finalise_cycle(hr_actor, cycle)
    counts["objections"] = _respond(world, cycle.id, set(severe), year, rng)
    counts.update(appraisals=len(world.appraisals), forms=len(forms),
                  lenient=[world.people[rater].nip for rater in lenient],
                  severe=[world.people[rater].nip for rater in severe])
    audit.record(hr_actor, "import", "appraisal_cycle", cycle, cycle.name, counts,
                 note=f"Penilaian kota demo (seed {seed}). Atasan yang sengaja dibuat longgar: "
                      f"{', '.join(counts['lenient']) or '-'}; yang sengaja dibuat ketat: "
                      f"{', '.join(counts['severe']) or '-'}.")
    db.session.flush()
    logger.info("demo appraisals: %s", counts)
    return counts


def _respond(world: World, cycle_id: int, severe: set[int], year: int, rng: random.Random) -> int:
    """Employees without an account respond: a few object (the staff of severe supervisors more often), the
    others acknowledge. Returns the number of objections."""
    now = utcnow()
    objected = [appraisal_id for appraisal_id in world.order
                if world.appraisals[appraisal_id].employee_id not in world.accounts
                and rng.random() < (OBJECTION_SHARE_SEVERE if world.appraisals[appraisal_id].supervisor_id in severe
                                    else OBJECTION_SHARE)]
    if objected:
        deciders = objections.designate_deciders(objected)  # the atasan pejabat penilai, or why BKPSDM decides
        db.session.execute(insert(Objection.__table__), [
            {"appraisal_id": appraisal_id, "reason": rng.choice(OBJECTION_REASONS).format(year=year),
             "filed_at": now, "status": ObjectionStatus.PENDING, "resolution": "",
             "decider_id": deciders[appraisal_id][0], "hr_decides_because": deciders[appraisal_id][1]}
            for appraisal_id in objected])
        update_by_ids(Appraisal, objected, status=AppraisalStatus.OBJECTED)
    with_account = select(User.employee_id).where(User.employee_id.is_not(None))
    db.session.execute(update(Appraisal).where(Appraisal.cycle_id == cycle_id,
                                               Appraisal.status == AppraisalStatus.FINAL,
                                               Appraisal.employee_id.not_in(with_account))
                       .values(status=AppraisalStatus.ACKNOWLEDGED, acknowledged_at=now),
                       execution_options={"synchronize_session": False})
    return len(objected)
