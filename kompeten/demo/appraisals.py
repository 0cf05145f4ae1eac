"""The demo city's appraisal history: one final annual competency appraisal of last year, with realistic results
and four deliberately biased supervisors for the bias page to find.

``build_demo_appraisals(seed, root_code, hr_actor)`` (called by ``kompeten.demo.city.build_demo_city`` after the
catalogue) opens the cycle for the whole demo city with :func:`cycles.open_cycle`, lets BKPSDM assessors rate
some units (:func:`cycles.assign_assessor_to_unit`) and the teams of the planted supervisors, gives a quarter
of the employees one or two peers from their own team, then fabricates the ratings:

- every employee has a "true" level per competency: their current level (the required level when their record
  has none, at least 2) plus an offset, mostly -1, 0 or +1, drawn around a personal tendency, on the scale 1..top;
  the demo accounts' people and the teams of supervisors with an account tend a level lower (from their required
  level, not from 2), so that the demo accounts see gaps to close;
- honest raters give the true level, about 30% of the time one level off, each with a small tilt of their own;
  employees rate themselves about 0.35 level higher on average;
- two supervisors are lenient (about +2 levels) and two severe (about -2): among the supervisors of at most 30
  people whose staff all work in their own unit, those with the most staff (then by NIP) whose true levels leave
  room on the scale for the shift, in different agencies where possible. Small cities have fewer such
  supervisors: all four are planted from about 300 employees. Their teams get an assessor, so that independent
  ratings exist to compare with; the assessor also rates enough other units, and their teams get no peers, so
  that no honest rater is measured mostly on the levels a biased supervisor pushed;
- each rating ticks the indicators of levels 1..level (its suggested level is its level) and carries an
  evidence note above the required level; about 5% of the honest forms stay drafts.

Supervisors also fill in the SKP: two or three work targets with their realisation and the seven BerAKHLAK
ratings, from which :mod:`competencies.appraisals.rules` computes hasil kerja, perilaku kerja and predikat
kinerja: mostly Baik; about one agency in ten is generous (over the default limit for Sangat Baik), and the
lenient supervisors give mostly Sangat Baik. The cycle is then consolidated and finalised through the services;
most employees acknowledge their result and a few object. Employees with an account keep their result waiting
for their response, so that the demo accounts can acknowledge or object.

Deterministic for a seed (whatever the database's row order) and set-based (bulk inserts, COPY on PostgreSQL,
grouped updates): 15,000 employees take seconds. The planted raters are named in the audit entry of the import.
Flush, never commit.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import zip_longest
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import and_, exists, func, insert, select, update

from competencies.appraisals import consolidation, cycles
from competencies.appraisals.bias import Thresholds
from competencies.appraisals.models import (
    RATER_KINDS,
    Appraisal,
    AppraisalCycle,
    AppraisalForm,
    AppraisalFormStatus,
    AppraisalItem,
    AppraisalStatus,
    Objection,
    ObjectionStatus,
    RaterKind,
    Rating,
    WorkTarget,
)
from competencies.appraisals.rules import (
    achievement_ratio,
    behaviour_rating,
    core_value_names,
    performance_rating,
    result_rating,
    suggested_level,
)
from competencies.models import Competency, CompetencyLevel, CurrentLevel, Framework, Indicator
from lms.audit import services as audit
from lms.auth.models import User
from lms.domain import Actor
from lms.extensions import db, utcnow
from lms.people.models import Employee, OrgUnit, Position

logger = logging.getLogger(__name__)

CYCLE_NAME = "Penilaian Kompetensi Tahunan {year}"
PLANTED = 2  # lenient supervisors, and as many severe ones
PLANTED_SHIFTS = (1, 2, 2, 2, 3)  # levels a planted supervisor adds (lenient) or takes away (severe)
HEADROOM = 1.6  # mean shift (of the 2 intended) the scale must leave room for among a planted supervisor's staff
PLANTED_STAFF = 30  # at most: a planted supervisor leads a team, not a whole hospital ward
PEER_SHARE = 0.25
DRAFT_SHARE = 0.05
EXTRA_ASSESSED_UNITS = 0.05  # share of the agencies' direct sub-units assessed besides the planted ones
GENEROUS_SHARE = 0.1  # agencies whose supervisors give about a quarter Sangat Baik: over the default 20% limit
GENEROUS = (1.9, 2.3)
OBJECTION_SHARE = 0.015
OBJECTION_SHARE_SEVERE = 0.35  # of the staff of a severe supervisor
ASSESSOR_TITLES = ("Asesor SDM Aparatur", "Analis SDM Aparatur", "Widyaiswara", "Pranata SDM Aparatur")
BATCH = 5000

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
TARGETS = (
    ("Tersusunnya laporan kinerja bulanan unit kerja", "Jumlah laporan kinerja yang disampaikan tepat waktu", 12,
     "laporan"),
    ("Terselesaikannya permohonan layanan masyarakat sesuai SOP", "Jumlah permohonan yang diselesaikan", 240,
     "permohonan"),
    ("Tertatanya arsip dinamis unit kerja", "Jumlah berkas arsip yang ditata dan didaftar", 400, "berkas"),
    ("Terlaksananya sosialisasi program kepada masyarakat", "Jumlah kegiatan sosialisasi yang dilaksanakan", 8,
     "kegiatan"),
    ("Terverifikasinya dokumen usulan kegiatan", "Jumlah dokumen yang diverifikasi", 60, "dokumen"),
    ("Termutakhirkannya data pada sistem informasi unit kerja", "Jumlah data yang dimutakhirkan", 1200, "data"),
    ("Tersusunnya telaahan staf sebagai bahan kebijakan pimpinan", "Jumlah telaahan staf yang diselesaikan", 10,
     "telaahan"),
    ("Terlaksananya pemantauan lapangan", "Jumlah kunjungan pemantauan yang dilaksanakan", 24, "kunjungan"),
)
LEAD_TARGET = ("Tercapainya sasaran kinerja unit kerja yang dipimpin", "Jumlah indikator kinerja unit yang tercapai",
               6, "indikator")
CORE_VALUE_NOTES = {
    "di_atas_ekspektasi": "Menjadi teladan rekan kerja dalam pelayanan dan kerja sama sepanjang tahun.",
    "di_bawah_ekspektasi": "Beberapa kali terlambat menyelesaikan tugas dan perlu pembinaan perilaku kerja.",
}
OBJECTION_REASONS = (
    "Saya keberatan atas level kompetensi yang diberikan atasan: tidak sesuai dengan tugas yang saya selesaikan "
    "selama {year}.",
    "Penilaian atasan tidak mempertimbangkan penugasan tambahan yang saya laksanakan pada {year}.",
    "Saya mohon peninjauan ulang: bukti kinerja saya (laporan dan dokumen kegiatan {year}) tidak dinilai.",
)
# (hasil kerja, perilaku kerja) probabilities: result first, then behaviour given the result.
RESULTS = {"honest": (0.20, 0.70, 0.10), "lenient": (0.70, 0.30, 0.0), "severe": (0.03, 0.55, 0.42)}
BEHAVIOURS = {
    "honest": {"di_atas_ekspektasi": (0.55, 0.43, 0.02), "sesuai_ekspektasi": (0.12, 0.84, 0.04),
               "di_bawah_ekspektasi": (0.05, 0.80, 0.15)},
    "lenient": {"di_atas_ekspektasi": (0.85, 0.15, 0.0), "sesuai_ekspektasi": (0.40, 0.60, 0.0),
                "di_bawah_ekspektasi": (0.2, 0.8, 0.0)},
    "severe": {"di_atas_ekspektasi": (0.1, 0.8, 0.1), "sesuai_ekspektasi": (0.02, 0.70, 0.28),
               "di_bawah_ekspektasi": (0.0, 0.7, 0.3)},
}
EXPECTATION_ORDER = ("di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi")
RATIOS = {"di_atas_ekspektasi": (1.13, 1.3), "sesuai_ekspektasi": (0.94, 1.06), "di_bawah_ekspektasi": (0.6, 0.86)}


class Person(NamedTuple):
    nip: str
    unit_id: int
    position: str


class Snapshot(NamedTuple):
    employee_id: int
    unit_id: int
    supervisor_id: int | None


class FormRow(NamedTuple):
    id: int
    appraisal_id: int
    kind: RaterKind
    rater_id: int


@dataclass
class World:
    """What the fabrication needs to know of the city and the opened cycle."""

    appraisals: dict[int, Snapshot]
    items: dict[int, list[tuple[int, int, int | None]]]  # appraisal id -> (competency, required, current level)
    top: dict[int, int]  # competency id -> the top of its framework's scale
    indicators: dict[int, dict[int, list[int]]]  # competency id -> {level: indicator ids}
    paths: dict[int, str]  # unit id -> path
    people: dict[int, Person]
    accounts: set[int]  # employees with an account
    order: list[int] = field(default_factory=list)  # appraisal ids by NIP: ids depend on the database's row order
    staff: dict[int, list[int]] = field(default_factory=dict)  # supervisor id -> appraisal ids


@dataclass
class FormPlan:
    status: AppraisalFormStatus
    started_at: datetime | None
    submitted_at: datetime | None
    rated: int  # how many of the form's competencies have a rating


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
    world = _load(cycle.id, root.path)
    truth = _true_levels(world, rng)
    lenient, severe = _choose_planted(world, truth, Thresholds.from_config(config))
    _assign_assessors(hr_actor, cycle, world, lenient, severe, rng)
    _assign_peers(hr_actor, cycle.id, world, set(lenient + severe), rng)
    forms = _forms(world, cycle.id)
    bias = {**dict.fromkeys(lenient, 1), **dict.fromkeys(severe, -1)}
    plans = _plan_forms(world, forms, set(bias), year, rng)
    counts["ratings"] = _insert_ratings(world, truth, forms, plans, bias, year, rng)
    _update_forms(plans)
    supervisor_forms = {form.appraisal_id: plans[form.id] for form in forms if form.kind == RaterKind.SUPERVISOR}
    _fill_performance(world, supervisor_forms, bias, rng)
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


# --- reading the city ------------------------------------------------------------------------------------------

def _load(cycle_id: int, root_path: str) -> World:
    in_cycle = Appraisal.cycle_id == cycle_id
    appraisals = {row[0]: Snapshot(*row[1:]) for row in db.session.execute(
        select(Appraisal.id, Appraisal.employee_id, Appraisal.unit_id, Appraisal.supervisor_id).where(in_cycle))}
    items: dict[int, list[tuple[int, int, int | None]]] = {}
    for appraisal_id, competency_id, required, current in db.session.execute(
            select(AppraisalItem.appraisal_id, AppraisalItem.competency_id, AppraisalItem.required_level,
                   CurrentLevel.level)
            .join(Appraisal, Appraisal.id == AppraisalItem.appraisal_id)
            .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Appraisal.employee_id,
                                          CurrentLevel.competency_id == AppraisalItem.competency_id))
            .where(in_cycle).order_by(AppraisalItem.appraisal_id, AppraisalItem.competency_id)):
        items.setdefault(appraisal_id, []).append((competency_id, required, current))
    used = (select(AppraisalItem.competency_id).join(Appraisal, Appraisal.id == AppraisalItem.appraisal_id)
            .where(in_cycle).distinct())
    top = {competency_id: len(scale) for competency_id, scale in db.session.execute(
        select(Competency.id, Framework.scale).join(Framework, Framework.id == Competency.framework_id)
        .where(Competency.id.in_(used)))}
    indicators: dict[int, dict[int, list[int]]] = {}
    for competency_id, level, indicator_id in db.session.execute(
            select(CompetencyLevel.competency_id, CompetencyLevel.level, Indicator.id)
            .outerjoin(Indicator, Indicator.competency_level_id == CompetencyLevel.id)
            .where(CompetencyLevel.competency_id.in_(used)).order_by(Indicator.position, Indicator.id)):
        ids = indicators.setdefault(competency_id, {}).setdefault(level, [])
        if indicator_id is not None:
            ids.append(indicator_id)
    subtree = OrgUnit.path.startswith(root_path, autoescape=True)
    paths = dict(db.session.execute(select(OrgUnit.id, OrgUnit.path).where(subtree)).all())
    people = {row[0]: Person(*row[1:]) for row in db.session.execute(
        select(Employee.id, Employee.nip, Employee.unit_id, Position.name)
        .join(Position, Position.id == Employee.position_id)
        .where(Employee.unit_id.in_(list(paths)), Employee.is_active.is_(True)))}
    accounts = set(db.session.scalars(select(User.employee_id).where(User.employee_id.is_not(None))))
    world = World(appraisals, items, top, indicators, paths, people, accounts)
    world.order = sorted(appraisals, key=lambda appraisal_id: people[appraisals[appraisal_id].employee_id].nip)
    for appraisal_id in world.order:
        supervisor_id = appraisals[appraisal_id].supervisor_id
        if supervisor_id is not None:
            world.staff.setdefault(supervisor_id, []).append(appraisal_id)
    return world


def _clamp(level: int, top: int) -> int:
    return max(1, min(top, level))


# The demo accounts' people and the teams of supervisors with an account (the demo supervisor's, the demo
# employee among them) show a level less than their position requires on average, so that the demo accounts'
# gap pages and team matrix have gaps to close.
ACCOUNT_TEAM_SHIFT = -1.0


def _account_teams(world: World) -> set[int]:
    team = {appraisal_id for supervisor_id in world.accounts for appraisal_id in world.staff.get(supervisor_id, ())}
    return team | {appraisal_id for appraisal_id, snapshot in world.appraisals.items()
                   if snapshot.employee_id in world.accounts}


def _true_levels(world: World, rng: random.Random) -> dict[int, dict[int, int]]:
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


# --- raters ------------------------------------------------------------------------------------------------------

class Candidate(NamedTuple):
    staff: int
    nip: str
    employee_id: int
    agency: str
    room_up: float
    room_down: float


def _agency(path: str) -> str:
    return "/".join(path.split("/")[:3])


def _choose_planted(world: World, truth: dict[int, dict[int, int]],
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
        candidates.append(Candidate(len(appraisal_ids), person.nip, supervisor_id, _agency(home),
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


def _assign_assessors(actor: Actor | None, cycle: AppraisalCycle, world: World, lenient: list[int], severe: list[int],
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


def _assign_peers(actor: Actor | None, cycle_id: int, world: World, planted: set[int], rng: random.Random) -> None:
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


def _forms(world: World, cycle_id: int) -> list[FormRow]:
    """The cycle's forms by appraised employee, rater kind and rater (NIPs: ids depend on the database)."""
    forms = [FormRow(*row) for row in db.session.execute(
        select(AppraisalForm.id, AppraisalForm.appraisal_id, AppraisalForm.rater_kind, AppraisalForm.rater_id)
        .join(Appraisal, Appraisal.id == AppraisalForm.appraisal_id).where(Appraisal.cycle_id == cycle_id)).all()]
    position = {appraisal_id: number for number, appraisal_id in enumerate(world.order)}
    return sorted(forms, key=lambda form: (position[form.appraisal_id], RATER_KINDS.index(form.kind),
                                           world.people[form.rater_id].nip))


# --- ratings -------------------------------------------------------------------------------------------------------

def _plan_forms(world: World, forms: list[FormRow], planted: set[int], year: int,
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


def _insert_ratings(world: World, truth: dict[int, dict[int, int]], forms: list[FormRow],
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
    _bulk_insert(Rating.__table__, ("form_id", "competency_id", "level", "suggested_level", "observed",
                                    "justification", "evidence_note", "updated_at"), rows, json_columns=frozenset({4}))
    return len(rows)


def _update_forms(plans: dict[int, FormPlan]) -> None:
    """Status and dates, one UPDATE per distinct (status, started, submitted) and batch of ids."""
    groups: dict[tuple[str, datetime | None, datetime | None], list[int]] = {}
    for form_id, plan in plans.items():
        if plan.status == AppraisalFormStatus.SUBMITTED or plan.started_at is not None:
            groups.setdefault((plan.status, plan.started_at, plan.submitted_at), []).append(form_id)
    for (status, started_at, submitted_at), ids in groups.items():
        for start in range(0, len(ids), BATCH):
            db.session.execute(update(AppraisalForm).where(AppraisalForm.id.in_(ids[start:start + BATCH]))
                               .values(status=status, started_at=started_at, submitted_at=submitted_at),
                               execution_options={"synchronize_session": False})


# --- performance (SKP) ---------------------------------------------------------------------------------------------

def _draw(options: Sequence[str], weights: Sequence[float], rng: random.Random) -> str:
    return rng.choices(options, weights=weights)[0]


def _fill_performance(world: World, supervisor_forms: dict[int, FormPlan], bias: dict[int, int],
                      rng: random.Random) -> None:
    """Work targets and BerAKHLAK ratings of every appraisal with a supervisor; the ratings that follow are
    computed with the rules and written in one bulk update. A supervisor who did not submit left the SKP
    without realisation (no predikat)."""
    config = current_app.config
    keys = list(core_value_names())
    generosity = {}
    targets, appraisals = [], []
    for appraisal_id in world.order:
        snapshot = world.appraisals[appraisal_id]
        plan = supervisor_forms.get(appraisal_id)
        if snapshot.supervisor_id is None or plan is None:
            continue
        disposition = {1: "lenient", -1: "severe"}.get(bias.get(snapshot.supervisor_id, 0), "honest")
        agency = _agency(world.paths[snapshot.unit_id])
        if agency not in generosity:  # how readily the agency's supervisors see results above expectation
            generosity[agency] = rng.uniform(*GENEROUS) if rng.random() < GENEROUS_SHARE else rng.uniform(0.6, 1.3)
        boost = generosity[agency] if disposition == "honest" else 1.0
        above, expected, below = RESULTS[disposition]
        result = _draw(EXPECTATION_ORDER, (above * boost, expected, below), rng)
        behaviour = _draw(EXPECTATION_ORDER, BEHAVIOURS[disposition][result], rng)
        done = plan.status == AppraisalFormStatus.SUBMITTED
        chosen = rng.sample(TARGETS, rng.choice((2, 2, 3)))
        if snapshot.employee_id in world.staff:
            chosen = [LEAD_TARGET, *chosen[:2]]
        low, high = RATIOS[result]
        ratio = rng.uniform(low, high)
        pairs = []
        for position, (description, indicator, base, unit) in enumerate(chosen, start=1):
            target = float(max(1, round(base * rng.uniform(0.75, 1.25))))
            actual = float(max(0, round(target * (ratio + rng.gauss(0, 0.03))))) if done else None
            pairs.append((target, actual))
            targets.append((appraisal_id, position, description, indicator, target, unit, actual))
        if not done:
            continue
        values = _core_values(keys, behaviour, rng)
        results = result_rating(achievement_ratio(pairs), config["APPRAISAL_RESULT_BELOW"],
                                config["APPRAISAL_RESULT_ABOVE"])
        behaviours = behaviour_rating(values, keys)
        appraisals.append({"id": appraisal_id, "core_values": values,
                           "core_values_note": CORE_VALUE_NOTES.get(behaviours, ""), "result_rating": results,
                           "behaviour_rating": behaviours,
                           "performance_rating": performance_rating(results, behaviours)})
    _bulk_insert(WorkTarget.__table__, ("appraisal_id", "position", "description", "indicator", "target", "unit",
                                        "actual"), targets)
    if appraisals:
        db.session.execute(update(Appraisal), appraisals)


def _core_values(keys: list[str], behaviour: str, rng: random.Random) -> dict[str, str]:
    """Seven BerAKHLAK ratings whose mean gives ``behaviour``."""
    if behaviour == "di_atas_ekspektasi":
        above, below = rng.randint(4, 7), 0
    elif behaviour == "di_bawah_ekspektasi":
        above, below = 0, rng.randint(4, 6)
    else:
        above = rng.choice((0, 0, 0, 1, 1, 2, 3))
        below = 1 if above <= 2 and rng.random() < 0.1 else 0
    order = rng.sample(keys, len(keys))
    marks = dict.fromkeys(order[:above], "di_atas_ekspektasi")
    marks.update(dict.fromkeys(order[above:above + below], "di_bawah_ekspektasi"))
    return {key: marks.get(key, "sesuai_ekspektasi") for key in keys}


# --- after publication -----------------------------------------------------------------------------------------

def _respond(world: World, cycle_id: int, severe: set[int], year: int, rng: random.Random) -> int:
    """Employees without an account respond: a few object (the staff of severe supervisors more often), the
    others acknowledge. Returns the number of objections."""
    now = utcnow()
    objected = [appraisal_id for appraisal_id in world.order
                if world.appraisals[appraisal_id].employee_id not in world.accounts
                and rng.random() < (OBJECTION_SHARE_SEVERE if world.appraisals[appraisal_id].supervisor_id in severe
                                    else OBJECTION_SHARE)]
    if objected:
        db.session.execute(insert(Objection.__table__), [
            {"appraisal_id": appraisal_id, "reason": rng.choice(OBJECTION_REASONS).format(year=year),
             "filed_at": now, "status": ObjectionStatus.PENDING, "resolution": ""} for appraisal_id in objected])
        for start in range(0, len(objected), BATCH):
            db.session.execute(update(Appraisal).where(Appraisal.id.in_(objected[start:start + BATCH]))
                               .values(status=AppraisalStatus.OBJECTED),
                               execution_options={"synchronize_session": False})
    with_account = select(User.employee_id).where(User.employee_id.is_not(None))
    db.session.execute(update(Appraisal).where(Appraisal.cycle_id == cycle_id,
                                               Appraisal.status == AppraisalStatus.FINAL,
                                               Appraisal.employee_id.not_in(with_account))
                       .values(status=AppraisalStatus.ACKNOWLEDGED, acknowledged_at=now),
                       execution_options={"synchronize_session": False})
    return len(objected)


def _bulk_insert(table, columns: tuple[str, ...], rows: list[tuple],
                 json_columns: frozenset[int] = frozenset()) -> None:
    """Insert plain rows fast: COPY on PostgreSQL (multi-row INSERTs spend seconds in psycopg's client-side
    parsing), the driver's executemany on SQLite (values converted by the columns' own bind processors: the
    per-row parameter handling of a Core executemany took longer than the insert). ``json_columns``: positions
    of JSON values, given as their text."""
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with (connection.connection.driver_connection.cursor() as cursor,  # type: ignore[union-attr]
              cursor.copy(statement) as copy):
            for row in rows:
                copy.write_row(row)
    elif dialect.name == "sqlite":
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        order = [columns.index(name) for name in compiled.positiontup or ()]
        processors = [None if number in json_columns
                      else _memoised(table.c[columns[number]].type.bind_processor(dialect)) for number in order]
        connection.exec_driver_sql(str(compiled), [
            tuple(row[number] if processor is None else processor(row[number])
                  for number, processor in zip(order, processors, strict=True)) for row in rows])
    else:
        db.session.execute(insert(table), [
            {name: json.loads(value) if number in json_columns else value
             for number, (name, value) in enumerate(zip(columns, row, strict=True))} for row in rows])


def _memoised(processor: Any) -> Any:
    """A bind processor that converts each distinct value once (the rows repeat a few dates many times)."""
    if processor is None:
        return None
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value not in done:
            done[value] = processor(value)
        return done[value]

    return convert

