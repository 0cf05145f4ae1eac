"""The raters of the demo cycle besides self and supervisor: the planted lenient and severe supervisors, the BKPSDM
assessors (of the planted supervisors' teams and of some units) and peers from the employee's own team."""

from __future__ import annotations

import logging
import random
from itertools import zip_longest
from typing import NamedTuple

from sqlalchemy import insert

from competencies.appraisals import cycles
from competencies.appraisals.bias import Thresholds
from competencies.appraisals.models import AppraisalCycle, AppraisalForm, AppraisalFormStatus, RaterKind
from kompeten.demo.appraisals.world import World, agency
from lms.domain import Actor
from lms.extensions import db
from lms.people.models import Employee, OrgUnit

logger = logging.getLogger(__name__)

PLANTED = 2  # lenient supervisors, and as many severe ones
PLANTED_SHIFTS = (1, 2, 2, 2, 3)  # levels a planted supervisor adds (lenient) or takes away (severe)
HEADROOM = 1.6  # mean shift (of the 2 intended) the scale must leave room for among a planted supervisor's staff
PLANTED_STAFF = 30  # at most: a planted supervisor leads a team, not a whole hospital ward
PEER_SHARE = 0.25
EXTRA_ASSESSED_UNITS = 0.05  # share of the agencies' direct sub-units assessed besides the planted ones
ASSESSOR_TITLES = ("Asesor SDM Aparatur", "Analis SDM Aparatur", "Widyaiswara", "Pranata SDM Aparatur")


class Candidate(NamedTuple):
    staff: int
    nip: str
    employee_id: int
    agency: str
    room_up: float
    room_down: float


def choose_planted(world: World, truth: dict[int, dict[int, int]],
                   thresholds: Thresholds) -> tuple[list[int], list[int]]:
    """The lenient and the severe supervisors: most staff first (then NIP), staff all in the supervisor's own
    unit, enough ratings to be measured, and room on the scale for the shift."""
    candidates = []
    for supervisor_id, appraisal_ids in world.staff.items():
        person = world.people.get(supervisor_id)
        if (person is None or supervisor_id in world.accounts
                or not thresholds.min_people <= len(appraisal_ids) <= PLANTED_STAFF):
            continue
        home = world.paths[person.unit_id]
        if not all(world.paths[world.appraisals[a].unit_id].startswith(home) for a in appraisal_ids):
            continue
        levels = [(level, world.top[competency]) for a in appraisal_ids for competency, level in truth[a].items()]
        if len(levels) < thresholds.min_ratings:
            continue
        candidates.append(Candidate(len(appraisal_ids), person.nip, supervisor_id, agency(home),
                                    _room([top - level for level, top in levels]),
                                    _room([level - 1 for level, _top in levels])))
    candidates.sort(key=lambda candidate: (-candidate.staff, candidate.nip))
    agencies: set[str] = set()
    lenient = _pick(candidates, lambda c: c.room_up >= HEADROOM, agencies, set())
    severe = _pick(candidates, lambda c: c.room_down >= HEADROOM, agencies, set(lenient))
    return lenient, severe


def _room(space: list[int]) -> float:
    """The mean shift a planted supervisor achieves when the scale leaves ``space`` levels above (or below) each
    true level."""
    return sum(min(shift, room) for room in space for shift in PLANTED_SHIFTS) / (len(space) * len(PLANTED_SHIFTS))


def _pick(candidates: list[Candidate], fits, agencies: set[str], taken: set[int]) -> list[int]:
    """The first fitting candidates, in agencies not chosen yet when possible."""
    chosen: list[int] = []
    for distinct_agency in (True, False):
        for candidate in candidates:
            if len(chosen) == PLANTED:
                return chosen
            if candidate.employee_id in taken or candidate.employee_id in chosen or not fits(candidate):
                continue
            if distinct_agency and candidate.agency in agencies:
                continue
            chosen.append(candidate.employee_id)
            agencies.add(candidate.agency)
    return chosen


def assign_assessors(actor: Actor | None, cycle: AppraisalCycle, world: World, lenient: list[int], severe: list[int],
                     rng: random.Random) -> None:
    """BKPSDM assessors rate the planted supervisors' staff (as a team they were asked to assess) and some units
    (direct sub-units of the agencies). One assessor takes the teams of a lenient and a severe supervisor and
    enough units that those teams are at most a third of the people they rate: the consolidated levels of those
    staff are pushed by their supervisor, and an honest assessor who rated mostly them would look biased."""
    by_unit: dict[int, list[int]] = {}
    for appraisal_id, snapshot in world.appraisals.items():
        by_unit.setdefault(snapshot.unit_id, []).append(appraisal_id)

    def covered(unit_id: int) -> set[int]:
        path = world.paths[unit_id]
        return {a for unit, other in world.paths.items() if other.startswith(path) for a in by_unit.get(unit, ())}

    rank = {title: number for number, title in enumerate(ASSESSOR_TITLES)}
    pool = sorted((employee_id for employee_id in world.people if employee_id not in world.staff),
                  key=lambda employee_id: (next((rank[t] for t in ASSESSOR_TITLES
                                                 if world.people[employee_id].position.startswith(t)), len(rank)),
                                           world.people[employee_id].nip))
    sub_units = sorted(unit_id for unit_id, path in world.paths.items() if path.count("/") == 4 and covered(unit_id))
    rng.shuffle(sub_units)
    taken: list[str] = []  # paths of the units given to an assessor

    def units_for(assessor: int, cover: set[int], exposed: int) -> list[int]:
        """Free units (not overlapping those given already, not the assessor's own) until ``cover`` is 3 x
        ``exposed``, or just the next free unit when nothing is exposed."""
        home = world.paths[world.people[assessor].unit_id]
        units = []
        for unit_id in sub_units:
            if (exposed and len(cover) >= 3 * exposed) or (not exposed and units):
                break
            path = world.paths[unit_id]
            people = covered(unit_id) - cover  # the service refuses a unit with nobody new to rate
            if (not people or home.startswith(path)
                    or any(path.startswith(other) or other.startswith(path) for other in taken)):
                continue
            units.append(unit_id)
            taken.append(path)
            cover |= people
        return units

    assignments: list[tuple[int, list[int]]] = []  # (assessor, units)
    team_forms = []
    planted_pairs = [[rater for rater in pair if rater is not None] for pair in zip_longest(lenient, severe)]
    extra = max(2, round(EXTRA_ASSESSED_UNITS * len(sub_units)))
    for number in range(min(len(pool), len(planted_pairs) + extra)):
        assessor = pool[number]
        pair = planted_pairs[number] if number < len(planted_pairs) else []
        team = {a for rater in pair for a in world.staff[rater] if world.appraisals[a].employee_id != assessor}
        team_forms += [{"appraisal_id": appraisal_id, "rater_kind": RaterKind.ASSESSOR, "rater_id": assessor,
                        "status": AppraisalFormStatus.DRAFT, "assigned_by_id": getattr(actor, "id", None)}
                       for appraisal_id in sorted(team)]
        assignments.append((assessor, units_for(assessor, set(team), len(team))))
    if team_forms:
        db.session.execute(insert(AppraisalForm.__table__), team_forms)
    for assessor, units in assignments:
        rater = db.session.get(Employee, assessor)
        for unit_id in units:
            cycles.assign_assessor_to_unit(actor, cycle, db.session.get(OrgUnit, unit_id), rater)


def assign_peers(actor: Actor | None, cycle_id: int, world: World, planted: set[int], rng: random.Random) -> None:
    """One or two teammates (same supervisor) as peers for about a quarter of the employees; none in the planted
    supervisors' teams (their consolidated levels are pushed by the supervisor: an honest peer rating mostly
    them would look biased), and the planted supervisors rate only as supervisors."""
    rows = []
    for supervisor_id, appraisal_ids in world.staff.items():
        if len(appraisal_ids) < 3 or supervisor_id in planted:
            continue
        for appraisal_id in appraisal_ids:
            if rng.random() >= PEER_SHARE:
                continue
            mates = [world.appraisals[a].employee_id for a in appraisal_ids
                     if a != appraisal_id and world.appraisals[a].employee_id not in planted]
            for rater_id in rng.sample(mates, min(len(mates), rng.choice((1, 1, 2)))):
                rows.append({"appraisal_id": appraisal_id, "rater_kind": RaterKind.PEER, "rater_id": rater_id,
                             "status": AppraisalFormStatus.DRAFT, "assigned_by_id": getattr(actor, "id", None)})
    if rows:
        db.session.execute(insert(AppraisalForm.__table__), rows)
    logger.info("demo cycle %s: %d peer forms", cycle_id, len(rows))
