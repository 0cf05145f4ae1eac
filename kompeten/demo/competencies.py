"""Competencies of the demo city: the technical framework TEKNIS-MEDAN and a complete standar kompetensi jabatan
(requirements) for every position of the demo Kota Medan.

``build_demo_competencies(seed)`` is called by ``city.build_demo_city`` right after the city is written. It
installs (or completes) the built-in ASN framework and the technical framework, adds the technical prerequisites
and gives every position of the city that has no requirement yet:

- every ASN managerial and socio-cultural competency, at the level of the managerial table
  (:func:`competencies.builtin.required_managerial_level`, configurable through ``MANAGERIAL_LEVELS``);
- three to five technical competencies: the core competency of the position's unit (weight "critical"), the
  competency of the position's own profession (functional family or pelaksana job), the performance-planning
  competency for structural heads, then competencies of the unit's context and agency and cross-agency ones.
  Levels depend on the position (:data:`TECHNICAL_LEVELS`): structural heads higher, functional posts by
  grade, pelaksana lower; the own professional competency at the same level as the core one, the others one
  level below.

The planning (:func:`plan_requirements`) is pure and deterministic for a seed; the writing is a handful of bulk
inserts (about 50,000 requirement rows for the 3,800 positions of the city). Flush, never commit.

The technical competencies live in ``kompeten/demo/data/kompetensi-teknis-medan.csv`` (group rows have no parent; each
competency row names its topic and three typical activities), their prerequisites in
``data/prasyarat-teknis-medan.csv``. Level descriptions and indicators are generated from the templates below,
filled with each competency's topic and activities. The rules and tables that decide which competencies a
position needs are in :mod:`kompeten.demo.competency_rules`.

Positions are read from the database (this package must not import ``kompeten.demo.city``): a position's agency is the
code of the OPD above its unit, and its unit context is the names of its unit and the units above it, up to
the OPD.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import networkx as nx
from sqlalchemy import exists, func, insert, select

from competencies.builtin import (
    CompetencySpec,
    FrameworkSpec,
    LevelSpec,
    asn_framework_spec,
    install_framework,
    managerial_levels,
    required_managerial_level,
)
from competencies.models import Competency, CompetencyLevel, Framework, Prerequisite, Requirement
from kompeten.demo import read_csv
from kompeten.demo.bulk import bulk_insert
from kompeten.demo.competency_rules import (
    AGENCY_PROFILES,
    FALLBACK,
    FAMILY_COMPETENCIES,
    FUNCTIONAL_GRADES,
    GENERIC_CORE,
    GENERIC_POOL,
    GENERIC_RULES,
    PELAKSANA_COMPETENCIES,
    PERFORMANCE_PLANNING,
    ROLE_EXTRAS,
    STRUCTURAL_KINDS,
    SUPPORT_RULES,
    TECHNICAL_COUNT,
    TECHNICAL_LEVEL_BY_KIND,
    TECHNICAL_LEVELS,
    AgencyProfile,
    Rule,
)
from lms.cache import invalidate_graph
from lms.extensions import db
from lms.people.models import OrgUnit, Position

logger = logging.getLogger(__name__)

ROOT_CODE = "PEMKOT-MEDAN"  # the demo city's root unit (kompeten.demo.city.ROOT_CODE)
TECHNICAL_CODE = "TEKNIS-MEDAN"
TECHNICAL_NAME = "Kompetensi Teknis Pemerintah Kota Medan"
TECHNICAL_SCALE = ("Level 1", "Level 2", "Level 3", "Level 4", "Level 5")
TECHNICAL_PROFICIENT = 3
TECHNICAL_DESCRIPTION = (
    "Kompetensi teknis perangkat daerah Pemerintah Kota Medan (data demo), dikelompokkan per bidang urusan. "
    "Setiap kompetensi memiliki lima level dengan indikator perilaku; level 3 dianggap mahir."
)

# Level descriptions and indicators; {topic} and {a1}..{a3} are filled from the competency's CSV row.
LEVEL_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Memahami ketentuan dasar {topic} dan melaksanakan tugas sederhana dengan bimbingan.",
     ("Menjelaskan ketentuan dan alur kerja {topic} dengan benar",
      "Melakukan {a1} sesuai petunjuk atasan",
      "Meminta arahan ketika menghadapi kasus yang tidak diatur dalam prosedur")),
    ("Melaksanakan {topic} secara mandiri untuk pekerjaan rutin sesuai standar operasional prosedur.",
     ("Melaksanakan {a1} secara mandiri sesuai SOP",
      "Menyelesaikan {a2} secara akurat dan tepat waktu",
      "Mendokumentasikan dan melaporkan hasil pekerjaannya secara tertib")),
    ("Menangani permasalahan {topic} yang kompleks, menganalisis penyebabnya dan membimbing rekan kerja.",
     ("Melaksanakan {a3}, termasuk pada kasus yang sulit atau tidak rutin",
      "Menganalisis data dan kendala {topic} lalu mengusulkan perbaikan",
      "Membimbing rekan kerja dalam {a1}")),
    ("Mengembangkan standar, prosedur dan inovasi {topic} di tingkat perangkat daerah.",
     ("Menyusun dan memperbarui SOP serta standar {topic}",
      "Mengevaluasi mutu {a2} dan menetapkan langkah perbaikan",
      "Mengoordinasikan {topic} dengan unit kerja dan instansi terkait")),
    ("Merumuskan kebijakan dan strategi {topic} tingkat kota serta menjadi rujukan bagi instansi lain.",
     ("Merumuskan kebijakan daerah di bidang {topic}",
      "Menjadi narasumber {topic} bagi perangkat daerah dan instansi lain",
      "Memimpin inovasi {topic} yang berdampak luas bagi layanan kota")),
)

# --- the technical framework -------------------------------------------------------------------------------------

@cache
def technical_framework_spec() -> FrameworkSpec:
    competencies = []
    for number, row in enumerate(read_csv("kompetensi-teknis-medan.csv"), start=1):
        parent = row["induk"] or None
        levels: tuple[LevelSpec, ...] = ()
        if parent is not None:
            words = {"topic": row["topik"], "a1": row["kegiatan_1"], "a2": row["kegiatan_2"], "a3": row["kegiatan_3"]}
            levels = tuple(LevelSpec(level, description.format(**words),
                                     tuple(indicator.format(**words) for indicator in indicators))
                           for level, (description, indicators) in enumerate(LEVEL_TEMPLATES, start=1))
        competencies.append(CompetencySpec(row["kode"], row["nama"], "teknis", row["deskripsi"], parent, number,
                                           levels))
    spec = FrameworkSpec(TECHNICAL_CODE, TECHNICAL_NAME, "Data demo Kompeten", TECHNICAL_DESCRIPTION,
                         TECHNICAL_SCALE, TECHNICAL_PROFICIENT, 1, tuple(competencies), version="demo")
    spec.check()
    return spec


@cache
def technical_prerequisites() -> tuple[tuple[str, str, int], ...]:
    """(competency code, required competency code, level) of the technical framework."""
    return tuple((row["kode"], row["prasyarat"], int(row["level"])) for row in read_csv("prasyarat-teknis-medan.csv"))


# --- planning the requirements (pure) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PositionRow:
    id: int
    code: str
    name: str
    kind: str
    grade: str | None
    unit_id: int


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class PlannedRequirement(NamedTuple):
    position_id: int
    competency_code: str
    level: int
    weight: str


def _match(text: str, rules: tuple[Rule, ...]) -> str | None:
    for keywords, code in rules:
        if any(keyword in text for keyword in keywords):
            return code
    return None


def _family(position: PositionRow) -> str | None:
    if position.grade in FUNCTIONAL_GRADES and position.name.endswith(" " + position.grade):
        return position.name[: -len(position.grade) - 1]
    return None


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(code for code in codes if code))


class _Planner:
    def __init__(self, units: list[UnitRow], seed: int, managerial: dict[str, int], asn_codes: list[str]):
        self.units = {unit.id: unit for unit in units}
        self.rng = random.Random(f"kompeten-demo-competencies-{seed}")
        self.managerial = managerial
        self.asn_codes = asn_codes
        self.known = {c.code for c in technical_framework_spec().competencies if c.parent is not None}
        self.contexts: dict[int, tuple[AgencyProfile | None, tuple[Rule, ...], list[str | None]]] = {}

    def context(self, unit_id: int) -> tuple[AgencyProfile | None, tuple[Rule, ...], list[str | None]]:
        """(profile of the OPD above the unit, its rules, the rule matches of the units from the unit up to,
        without, the OPD); computed once per unit."""
        if unit_id not in self.contexts:
            chain: list[UnitRow] = []
            agency = None
            unit: UnitRow | None = self.units.get(unit_id)
            while unit is not None:
                if unit.kind == "opd":
                    agency = unit.code
                    break
                chain.append(unit)
                unit = self.units.get(unit.parent_id) if unit.parent_id is not None else None
            profile = AGENCY_PROFILES.get(agency or "")
            rules = SUPPORT_RULES + (profile.rules if profile else ()) + GENERIC_RULES
            self.contexts[unit_id] = (profile, rules, [_match(unit.name.lower(), rules) for unit in chain])
        return self.contexts[unit_id]

    def plan(self, position: PositionRow) -> list[PlannedRequirement]:
        asn_level = required_managerial_level(position.kind, position.grade, self.managerial)
        rows = [PlannedRequirement(position.id, code, asn_level, "normal") for code in self.asn_codes]
        base = TECHNICAL_LEVELS.get((position.kind, position.grade), TECHNICAL_LEVEL_BY_KIND.get(position.kind, 2))
        core, own, others = self.technical(position)
        rows.append(PlannedRequirement(position.id, core, base, "critical"))
        rows += [PlannedRequirement(position.id, code, base, "normal") for code in own]
        rows += [PlannedRequirement(position.id, code, max(1, base - 1), "normal") for code in others]
        return rows

    def technical(self, position: PositionRow) -> tuple[str, list[str], list[str]]:
        """The position's technical competencies, 3 to 5 in all: (the core competency of its unit, its own
        professional competency if another one, the others)."""
        profile, rules, unit_matches = self.context(position.unit_id)
        matches = list(unit_matches)
        if position.kind == "jpt" and position.name.startswith("Asisten "):  # the Sekda's assistants
            matches.insert(0, _match(position.name.lower(), rules))
        unit = self.units.get(position.unit_id)
        if (position.kind in STRUCTURAL_KINDS and unit is not None and unit.kind == "upt"
                and "puskesmas" in unit.name.lower()):
            matches.insert(0, "T.KES.03")  # the head of a puskesmas manages it
        core = next((code for code in matches if code), None) or (profile.core if profile else GENERIC_CORE)
        pool = list(profile.pool if profile else GENERIC_POOL)

        own: list[str] = []  # the position's own profession, at the core level
        family = _family(position)
        if family in FAMILY_COMPETENCIES:
            options = FAMILY_COMPETENCIES[family]
            agency_set = {core, *pool, *(code for code in matches if code)}
            own.append(next((code for code in options if code in agency_set), options[0]))
        elif position.kind == "pelaksana" and position.name in PELAKSANA_COMPETENCIES:
            own.append(PELAKSANA_COMPETENCIES[position.name][0])
            pool = [*PELAKSANA_COMPETENCIES[position.name][1:], *pool]
        own = [code for code in _unique(own) if code != core]
        must = [core, *own] + ([PERFORMANCE_PLANNING] if position.kind in STRUCTURAL_KINDS else [])
        must = _unique(must)
        # Candidates: first the unit context and the agency, then cross-agency competencies of the position kind.
        relevant = [code for code in _unique([*matches, *pool]) if code not in must]
        extras = [code for code in _unique([*ROLE_EXTRAS.get(position.kind, ()), *FALLBACK])
                  if code not in must and code not in relevant]
        low, high = TECHNICAL_COUNT.get(position.kind, (3, 4))
        count = min(high, max(len(must), self.rng.randint(low, high)))
        others = must[1 + len(own):]
        free = count - len(must)
        if free > 0 and relevant:
            others.append(relevant.pop(0))  # the most relevant: the parent unit's or the agency's first one
            free -= 1
        if free > 0:
            from_extras = min(len(extras), 1 if free < len(relevant) + 1 else free - len(relevant))
            others += (self.rng.sample(relevant, min(len(relevant), free - from_extras))
                       + self.rng.sample(extras, from_extras))
        unknown = [code for code in [core, *own, *others] if code not in self.known]
        if unknown:
            raise ValueError(f"demo competency tables name unknown technical competencies: {unknown}")
        return core, own, others


def plan_requirements(positions: list[PositionRow], units: list[UnitRow], seed: int,
                      managerial: dict[str, int], asn_codes: list[str]) -> list[PlannedRequirement]:
    """Every position's requirements, as plain data; deterministic for a seed (positions in code order)."""
    planner = _Planner(units, seed, managerial, asn_codes)
    planned: list[PlannedRequirement] = []
    for position in sorted(positions, key=lambda p: p.code):
        planned.extend(planner.plan(position))
    return planned


# --- writing -------------------------------------------------------------------------------------------------------

def build_demo_competencies(seed: int, root_code: str = ROOT_CODE) -> dict[str, int]:
    """Install the frameworks and write the requirements of every position under ``root_code`` that has none.

    Returns counts of what this call added. Flush, never commit.
    """
    asn = install_framework(asn_framework_spec(), audit_log=False)
    technical = install_framework(technical_framework_spec(), audit_log=False)
    ids = _competency_ids(asn.framework, technical.framework)
    prerequisites = _insert_prerequisites(ids[technical.framework.id])

    root = db.session.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.code == root_code)).first()
    requirements = positions = 0
    if root is not None:
        subtree = OrgUnit.path.startswith(root.path, autoescape=True)
        units = [UnitRow(*row) for row in db.session.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.parent_id).where(subtree))]
        rows = [PositionRow(*row) for row in db.session.execute(
            select(Position.id, Position.code, Position.name, Position.kind, Position.grade, Position.unit_id)
            .where(Position.unit_id.in_(select(OrgUnit.id).where(subtree)),
                   ~exists().where(Requirement.position_id == Position.id)))]
        asn_codes = [c.code for c in asn_framework_spec().competencies]
        planned = plan_requirements(rows, units, seed, managerial_levels(), asn_codes)
        by_code = {**ids[asn.framework.id], **ids[technical.framework.id]}
        bulk_insert(Requirement.__table__, ("position_id", "competency_id", "level", "weight"),
                    [(p.position_id, by_code[p.competency_code], p.level, p.weight) for p in planned])
        requirements, positions = len(planned), len(rows)

    counts = {"asn_competencies": len(ids[asn.framework.id]),
              "technical_competencies": len(ids[technical.framework.id]),
              "prerequisites": prerequisites, "requirements": requirements, "positions_with_requirements": positions}
    if prerequisites or requirements:
        invalidate_graph()
    db.session.flush()
    logger.info("demo competencies: %s", counts)
    return counts


def requirable_competency_count() -> int:
    """ASN and technical competencies with levels (the ones positions can require) in the database."""
    return db.session.scalar(
        select(func.count(func.distinct(Competency.id)))
        .join(Framework, Competency.framework_id == Framework.id)
        .join(CompetencyLevel, CompetencyLevel.competency_id == Competency.id)
        .where(Framework.code.in_([asn_framework_spec().code, TECHNICAL_CODE]))) or 0


def _competency_ids(*frameworks: Framework) -> dict[int, dict[str, int]]:
    """{framework id: {competency code: id}} (competencies with levels only: groups are not required)."""
    ids: dict[int, dict[str, int]] = {framework.id: {} for framework in frameworks}
    with_levels = {c.code for spec in (asn_framework_spec(), technical_framework_spec())
                   for c in spec.competencies if c.levels}
    for framework_id, code, competency_id in db.session.execute(
            select(Competency.framework_id, Competency.code, Competency.id)
            .where(Competency.framework_id.in_(list(ids)))):
        if code in with_levels:
            ids[framework_id][code] = competency_id
    return ids


def _insert_prerequisites(ids: dict[str, int]) -> int:
    """Add the technical prerequisites that are missing (those whose competencies exist).

    One that would close a cycle with prerequisites already in the database (added by HR) is left out.
    """
    existing = {(row[0], row[1]) for row in db.session.execute(
        select(Prerequisite.competency_id, Prerequisite.required_id))}
    graph = nx.DiGraph((required, competency) for competency, required in existing)
    rows = []
    for code, required, level in technical_prerequisites():
        if code not in ids or required not in ids or (ids[code], ids[required]) in existing:
            continue
        if graph.has_node(ids[code]) and graph.has_node(ids[required]) and nx.has_path(graph, ids[code],
                                                                                          ids[required]):
            logger.warning("demo prerequisite %s <- %s left out: it would close a cycle", code, required)
            continue
        graph.add_edge(ids[required], ids[code])
        rows.append({"competency_id": ids[code], "required_id": ids[required], "level": level})
    if rows:
        db.session.execute(insert(Prerequisite), rows)
    return len(rows)
