"""Built-in competency frameworks, installed from the CSV files shipped in ``competencies/data``.

The ASN framework
-----------------
``install_asn_framework()`` installs the *Kamus Kompetensi Manajerial dan Sosial Kultural ASN* (PermenPANRB
38/2017): eight managerial competencies (M.01-M.08) and one socio-cultural competency (S.01), five levels each,
every level with a short description (``kompetensi-manajerial-sosiokultural.csv``) and three behavioural
indicators (``indikator-manajerial-sosiokultural.csv``). The texts are paraphrases written for this product, not
the regulation's wording.

The install is idempotent: a second run changes nothing. A framework installed by an older version gets its
missing competencies, levels and indicators filled in; rows that already exist are never rewritten, so texts
edited by HR stay as they are (a built-in indicator deleted by hand comes back on the next install while its
level has fewer indicators than the built-in set: edit indicators rather than deleting them).

Proficiency on the ASN scale
----------------------------
The ASN levels are cumulative steps of one behaviour ladder, and which step a position needs is set per position
(standar kompetensi jabatan): a pelaksana needs level 1, a JPT Pratama level 4. A single framework-wide
"proficient from level 3" would call every pelaksana who fully meets their position's standard "not
proficient". So the framework's ``proficient_level`` is 1: level 1 is the behaviour expected of every ASN, and
whether an employee's level is *enough* is always judged against the position's requirement (gap and job-person
match), never against ``proficient_level``. ``default_level`` is 1 for the same reason.

Required managerial and socio-cultural levels per position
----------------------------------------------------------
:data:`DEFAULT_MANAGERIAL_LEVELS` gives the level required of every ASN managerial and socio-cultural competency
by position kind and grade. The figures for structural posts follow the common reading of PermenPANRB 38/2017
(JPT Utama/Madya 5, JPT Pratama 4, Administrator 3, Pengawas 2, Pelaksana 1; marked unverified in the reference
data); those for functional posts are this product's choice, aligned with the structural posts of the same
rank range (Ahli Utama 4, Ahli Madya 3 ~ Administrator, Ahli Muda 2 ~ Pengawas, Ahli Pertama 1, Penyelia 2,
other skilled grades 1). Keys are ``"<kind>:<grade>"`` or ``"<kind>"`` (used when the grade has no entry).
Override any of them with the app config key :data:`CONFIG_KEY` (``MANAGERIAL_LEVELS``; as environment variable
``LMS_MANAGERIAL_LEVELS='{"pengawas": 3}'``): the configured entries replace the defaults key by key.
"""

from __future__ import annotations

import csv
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from flask import current_app
from sqlalchemy import insert, select

from competencies.models import COMPETENCY_TYPES, Competency, CompetencyLevel, Framework, Indicator
from lms.audit import services as audit
from lms.cache import invalidate_graph
from lms.domain import Actor
from lms.extensions import db

logger = logging.getLogger(__name__)

ASN_CODE = "ASN-MSK-2017"
ASN_NAME = "Kamus Kompetensi Manajerial dan Sosial Kultural ASN"
ASN_SOURCE = "PermenPANRB 38/2017"
ASN_SCALE = ("Level 1", "Level 2", "Level 3", "Level 4", "Level 5")
ASN_PROFICIENT_LEVEL = 1  # see "Proficiency on the ASN scale" above
ASN_DESCRIPTION = (
    "Delapan kompetensi manajerial dan satu kompetensi sosial kultural ASN menurut PermenPANRB 38/2017, "
    "masing-masing dengan lima level dan indikator perilakunya. Level yang dipersyaratkan berbeda menurut "
    "jabatan (standar kompetensi jabatan); level 1 adalah perilaku dasar yang diharapkan dari setiap ASN."
)

CONFIG_KEY = "MANAGERIAL_LEVELS"
DEFAULT_MANAGERIAL_LEVELS: dict[str, int] = {
    "jpt:Utama": 5,
    "jpt:Madya": 5,
    "jpt:Pratama": 4,
    "jpt": 4,
    "administrator": 3,
    "pengawas": 2,
    "fungsional_keahlian:Ahli Utama": 4,
    "fungsional_keahlian:Ahli Madya": 3,
    "fungsional_keahlian:Ahli Muda": 2,
    "fungsional_keahlian:Ahli Pertama": 1,
    "fungsional_keahlian": 1,
    "fungsional_keterampilan:Penyelia": 2,
    "fungsional_keterampilan:Mahir": 1,
    "fungsional_keterampilan:Terampil": 1,
    "fungsional_keterampilan:Pemula": 1,
    "fungsional_keterampilan": 1,
    "pelaksana": 1,
}


# --- framework specifications ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LevelSpec:
    level: int
    description: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    name: str
    type: str
    description: str = ""
    parent: str | None = None  # code of the parent competency (a group), listed before its children
    sort_order: int = 0
    levels: tuple[LevelSpec, ...] = ()


@dataclass(frozen=True)
class FrameworkSpec:
    code: str
    name: str
    source: str
    description: str
    scale: tuple[str, ...]
    proficient_level: int
    default_level: int
    competencies: tuple[CompetencySpec, ...]
    version: str = ""

    def check(self) -> None:
        """Raise ValueError for a spec that could not be installed consistently (a bug in the shipped data)."""
        codes = [competency.code for competency in self.competencies]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{self.code}: duplicate competency codes")
        if not 1 <= self.proficient_level <= len(self.scale) or not 1 <= self.default_level <= len(self.scale):
            raise ValueError(f"{self.code}: proficient/default level outside the scale")
        known: set[str] = set()
        for competency in self.competencies:
            if competency.type not in COMPETENCY_TYPES:
                raise ValueError(f"{competency.code}: unknown type {competency.type!r}")
            if competency.parent is not None and competency.parent not in known:
                raise ValueError(f"{competency.code}: parent {competency.parent} must come first")
            levels = [level.level for level in competency.levels]
            if levels and levels != list(range(1, len(self.scale) + 1)):
                raise ValueError(f"{competency.code}: levels {levels} do not match the scale")
            known.add(competency.code)


@dataclass(frozen=True)
class InstallReport:
    framework: Framework
    created: bool
    competencies: int  # rows added by this install
    levels: int
    indicators: int

    @property
    def changed(self) -> bool:
        return self.created or bool(self.competencies or self.levels or self.indicators)


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in ``competencies/data`` (read from the installed package)."""
    with resources.files("competencies").joinpath("data", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def asn_framework_spec() -> FrameworkSpec:
    definitions = {row["kode"]: row["definisi"] for row in read_csv("definisi-manajerial-sosiokultural.csv")}
    indicators: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for row in read_csv("indikator-manajerial-sosiokultural.csv"):
        indicators[(row["kode"], int(row["level"]))].append((int(row["urutan"]), row["indikator"].strip()))
    names: dict[str, tuple[str, str]] = {}
    levels: dict[str, list[LevelSpec]] = defaultdict(list)
    for row in read_csv("kompetensi-manajerial-sosiokultural.csv"):
        code, level = row["kode"], int(row["level"])
        names[code] = (row["nama"], row["jenis"])
        texts = tuple(text for _position, text in sorted(indicators[(code, level)]))
        levels[code].append(LevelSpec(level, row["deskripsi"].strip(), texts))
    competencies = tuple(
        CompetencySpec(code, name, kind, definitions.get(code, ""), None, number,
                       tuple(sorted(levels[code], key=lambda spec: spec.level)))
        for number, (code, (name, kind)) in enumerate(names.items(), start=1))
    spec = FrameworkSpec(ASN_CODE, ASN_NAME, ASN_SOURCE, ASN_DESCRIPTION, ASN_SCALE, ASN_PROFICIENT_LEVEL, 1,
                         competencies, version="2017")
    spec.check()
    return spec


# --- installing ------------------------------------------------------------------------------------------------

def install_framework(spec: FrameworkSpec, actor: Actor | None = None, *, audit_log: bool = True) -> InstallReport:
    """Create the framework of ``spec``, or fill in the rows it lacks; never rewrite existing rows.

    Bulk inserts, flush, no commit. Invalidates the graph cache (and writes one audit entry unless
    ``audit_log`` is false) only when something was added.
    """
    spec.check()
    framework = db.session.scalar(select(Framework).where(Framework.code == spec.code))
    created = framework is None
    if framework is None:
        framework = Framework(code=spec.code, name=spec.name, version=spec.version, source=spec.source,
                              description=spec.description, scale=list(spec.scale),
                              default_level=spec.default_level, proficient_level=spec.proficient_level,
                              extra={}, is_builtin=True)
        db.session.add(framework)
        db.session.flush()

    competency_ids = dict(db.session.execute(
        select(Competency.code, Competency.id).where(Competency.framework_id == framework.id)).all())
    missing = [competency for competency in spec.competencies if competency.code not in competency_ids]
    added_competencies = len(missing)
    while missing:  # parents before children (check() guarantees the spec lists them so)
        ready = [c for c in missing if c.parent is None or c.parent in competency_ids]
        rows = [{"framework_id": framework.id, "code": c.code, "name": c.name, "description": c.description,
                 "type": c.type, "parent_id": competency_ids.get(c.parent) if c.parent else None,
                 "sort_order": c.sort_order, "extra": {}} for c in ready]
        competency_ids.update(_insert_returning(Competency, ("code",), rows))
        missing = [c for c in missing if c.code not in competency_ids]

    level_ids = {(competency_id, level): level_id for competency_id, level, level_id in db.session.execute(
        select(CompetencyLevel.competency_id, CompetencyLevel.level, CompetencyLevel.id)
        .join(Competency, CompetencyLevel.competency_id == Competency.id)
        .where(Competency.framework_id == framework.id))}
    level_rows = [{"competency_id": competency_ids[c.code], "level": level.level, "description": level.description}
                  for c in spec.competencies for level in c.levels
                  if (competency_ids[c.code], level.level) not in level_ids]
    if level_rows:
        level_ids.update(_insert_returning(CompetencyLevel, ("competency_id", "level"), level_rows))

    have: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for level_id, position, text in db.session.execute(
            select(Indicator.competency_level_id, Indicator.position, Indicator.text)
            .join(CompetencyLevel, Indicator.competency_level_id == CompetencyLevel.id)
            .join(Competency, CompetencyLevel.competency_id == Competency.id)
            .where(Competency.framework_id == framework.id)):
        have[level_id].append((position, text))
    indicator_rows = []
    for competency in spec.competencies:
        for level in competency.levels:
            level_id = level_ids[(competency_ids[competency.code], level.level)]
            existing = have[level_id]
            if len(existing) >= len(level.indicators):
                continue
            texts = {text for _position, text in existing}
            position = max((position for position, _text in existing), default=0)
            wanted = len(level.indicators) - len(existing)
            for text in [text for text in level.indicators if text not in texts][:wanted]:
                position += 1
                indicator_rows.append({"competency_level_id": level_id, "position": position, "text": text})
    if indicator_rows:
        db.session.execute(insert(Indicator), indicator_rows)

    report = InstallReport(framework, created, added_competencies, len(level_rows), len(indicator_rows))
    if report.changed:
        db.session.flush()
        db.session.expire(framework, ["competencies"])
        invalidate_graph()
        counts = {"competencies": report.competencies, "levels": report.levels, "indicators": report.indicators}
        if audit_log:
            audit.record(actor, "create" if created else "update", "framework", framework, framework.name, counts,
                         note="Kamus kompetensi bawaan dipasang." if created
                         else "Kamus kompetensi bawaan dilengkapi.")
        logger.info("framework %s %s: %s", spec.code, "installed" if created else "completed", counts)
    return report


def _insert_returning(model: type, keys: tuple[str, ...], rows: list[dict]) -> dict:
    """Bulk-insert rows and return {natural key: id}; the key is one column or a tuple of columns.

    A Core insert into the table with RETURNING, so both SQLite and PostgreSQL send multi-row statements.
    """
    table = model.__table__  # type: ignore[attr-defined]
    columns = [table.c[key] for key in keys]
    result = db.session.execute(insert(table).returning(*columns, table.c.id), rows).all()
    if len(result) != len(rows):
        raise RuntimeError(f"bulk insert into {table.name} returned {len(result)} ids for {len(rows)} rows")
    if len(keys) == 1:
        return {row[0]: row[-1] for row in result}
    return {tuple(row[:-1]): row[-1] for row in result}


def install_asn_framework(actor: Actor | None = None, *, audit_log: bool = True) -> Framework:
    """Install (or complete) the built-in ASN managerial and socio-cultural framework; idempotent."""
    return install_framework(asn_framework_spec(), actor, audit_log=audit_log).framework


def install_builtin_frameworks(actor: Actor | None = None) -> list[InstallReport]:
    """Install or complete every built-in framework (``flask lms install-frameworks``)."""
    return [install_framework(asn_framework_spec(), actor)]


# --- required levels -------------------------------------------------------------------------------------------

def managerial_levels() -> dict[str, int]:
    """The table of required ASN managerial/socio-cultural levels: defaults overridden by the app config."""
    configured = current_app.config.get(CONFIG_KEY) or {}
    if not isinstance(configured, dict):
        raise ValueError(f"{CONFIG_KEY} must be a mapping of position kind[:grade] to a level")
    table = {**DEFAULT_MANAGERIAL_LEVELS, **configured}
    for key, level in table.items():
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= len(ASN_SCALE):
            raise ValueError(f"{CONFIG_KEY}[{key!r}] must be a level between 1 and {len(ASN_SCALE)}, not {level!r}")
    return table


def required_managerial_level(kind: str, grade: str | None, table: dict[str, int] | None = None) -> int:
    """The level every ASN managerial and socio-cultural competency requires of a position."""
    table = managerial_levels() if table is None else table
    if grade and f"{kind}:{grade}" in table:
        return table[f"{kind}:{grade}"]
    return table.get(kind, 1)
