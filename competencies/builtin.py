"""Built-in competency frameworks, installed from the CSV files shipped in ``competencies/data``.

The ASN framework
-----------------
``install_asn_framework()`` installs the *Kamus Kompetensi Manajerial dan Sosial Kultural ASN* (PermenPANRB
38/2017): eight managerial competencies (M.01-M.08) and one socio-cultural competency (S.01), five levels each,
every level with its description (``kompetensi-manajerial-sosiokultural.csv``) and the three behavioural
indicators the regulation gives it, numbered as the regulation numbers them (``indikator-manajerial-
sosiokultural.csv``: ``urutan`` is the indicator's place in its level, stored as ``Indicator.position``, and
``nomor`` the number shown, "level.urutan": 1.1, 1.2, 1.3, 2.1, ...).

Where the texts come from: the level descriptions and indicators are Indonesian renderings of the English
paraphrases of the regulation's lampiran (kamus kompetensi) in the shared reference data
(``kamus-kompetensi-indikator.csv``, checked there against one or two public copies of the lampiran). The
regulation's own Indonesian wording was not available when they were written, so they say what the lampiran says
in our words, not in its words; each row's ``sumber`` column says so. The competency definitions
(``definisi-manajerial-sosiokultural.csv``) are this product's summaries. Like every built-in text they are data,
shown as written in either language of the interface (no msgid, no English rendering).

Installing and updating
-----------------------
The install is idempotent: a second run changes nothing. A framework installed by an older version gets its
missing competencies, levels and indicators filled in. Rows that exist are rewritten only when the shipped texts
change: the spec's ``revision`` (kept in ``Framework.extra["revision"]``; a framework without one is revision
1, the texts written for this product before the regulation's) is then higher than the installed one, and the
install sets each level's description and each indicator's text and position to the shipped ones *in place*:
the rows keep their ids, so the indicators ticked in appraisal ratings (``Rating.observed``, a list of ids) stay
valid and now read as the regulation's. Between revisions, edits made directly in the database stay as they are.
``flask lms install-frameworks`` (and ``lms serve`` at start) runs the install; so does the web service's start
in the deployment (``deploy/kompeten-web.service``).

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
from sqlalchemy import insert, select, update

from competencies.models import (
    COMPETENCY_TYPES,
    Competency,
    CompetencyLevel,
    Framework,
    Indicator,
    indicator_number,
)
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
ASN_REVISION = 2  # 2: the regulation's level descriptions and numbered indicators (1: texts of our own)
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
    revision: int = 1  # of the shipped texts; raise it when they change (see "Installing and updating")

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
    updated: int = 0  # level descriptions and indicators rewritten to a newer revision of the shipped texts

    @property
    def changed(self) -> bool:
        return self.created or bool(self.competencies or self.levels or self.indicators or self.updated)


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in ``competencies/data`` (read from the installed package)."""
    with resources.files("competencies").joinpath("data", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def asn_framework_spec() -> FrameworkSpec:
    definitions = {row["kode"]: row["definisi"] for row in read_csv("definisi-manajerial-sosiokultural.csv")}
    indicators: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for row in read_csv("indikator-manajerial-sosiokultural.csv"):
        if row["nomor"] != indicator_number(int(row["level"]), int(row["urutan"])):
            raise ValueError(f"{row['kode']} {row['nomor']}: number does not match level {row['level']}, "
                             f"place {row['urutan']}")
        indicators[(row["kode"], int(row["level"]))].append((int(row["urutan"]), row["indikator"].strip()))
    names: dict[str, tuple[str, str]] = {}
    levels: dict[str, list[LevelSpec]] = defaultdict(list)
    for row in read_csv("kompetensi-manajerial-sosiokultural.csv"):
        code, level = row["kode"], int(row["level"])
        names[code] = (row["nama"], row["jenis"])
        numbered = sorted(indicators[(code, level)])
        if [position for position, _text in numbered] != list(range(1, len(numbered) + 1)):
            raise ValueError(f"{code} level {level}: indicators are not numbered 1, 2, 3, ...")
        texts = tuple(text for _position, text in numbered)
        levels[code].append(LevelSpec(level, row["deskripsi"].strip(), texts))
    competencies = tuple(
        CompetencySpec(code, name, kind, definitions.get(code, ""), None, number,
                       tuple(sorted(levels[code], key=lambda spec: spec.level)))
        for number, (code, (name, kind)) in enumerate(names.items(), start=1))
    spec = FrameworkSpec(ASN_CODE, ASN_NAME, ASN_SOURCE, ASN_DESCRIPTION, ASN_SCALE, ASN_PROFICIENT_LEVEL, 1,
                         competencies, version="2017", revision=ASN_REVISION)
    spec.check()
    return spec


# --- installing ------------------------------------------------------------------------------------------------

def install_framework(spec: FrameworkSpec, actor: Actor | None = None, *, audit_log: bool = True) -> InstallReport:
    """Create the framework of ``spec``, or fill in the rows it lacks; rewrite existing texts in place only for a
    newer ``spec.revision`` (see "Installing and updating").

    Bulk inserts and updates, flush, no commit. Invalidates the graph cache (and writes one audit entry unless
    ``audit_log`` is false) only when something was added or rewritten.
    """
    spec.check()
    framework = db.session.scalar(select(Framework).where(Framework.code == spec.code))
    created = framework is None
    if framework is None:
        framework = Framework(code=spec.code, name=spec.name, version=spec.version, source=spec.source,
                              description=spec.description, scale=list(spec.scale),
                              default_level=spec.default_level, proficient_level=spec.proficient_level,
                              extra={"revision": spec.revision}, is_builtin=True)
        db.session.add(framework)
        db.session.flush()
    revise = (framework.extra or {}).get("revision", 1) < spec.revision

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

    levels = {(competency_id, level): (level_id, description)
              for competency_id, level, level_id, description in db.session.execute(
                  select(CompetencyLevel.competency_id, CompetencyLevel.level, CompetencyLevel.id,
                         CompetencyLevel.description)
                  .join(Competency, CompetencyLevel.competency_id == Competency.id)
                  .where(Competency.framework_id == framework.id))}
    level_ids = {key: level_id for key, (level_id, _description) in levels.items()}
    level_rows = [{"competency_id": competency_ids[c.code], "level": level.level, "description": level.description}
                  for c in spec.competencies for level in c.levels
                  if (competency_ids[c.code], level.level) not in level_ids]
    if level_rows:
        level_ids.update(_insert_returning(CompetencyLevel, ("competency_id", "level"), level_rows))

    have: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for level_id, position, indicator_id, text in db.session.execute(
            select(Indicator.competency_level_id, Indicator.position, Indicator.id, Indicator.text)
            .join(CompetencyLevel, Indicator.competency_level_id == CompetencyLevel.id)
            .join(Competency, CompetencyLevel.competency_id == Competency.id)
            .where(Competency.framework_id == framework.id)
            .order_by(Indicator.position, Indicator.id)):
        have[level_id].append((position, indicator_id, text))
    updated = _revise_texts(spec, competency_ids, levels, have) if revise else 0

    indicator_rows = []
    for competency in spec.competencies:
        for level in competency.levels:
            level_id = level_ids[(competency_ids[competency.code], level.level)]
            existing = have[level_id]
            if len(existing) >= len(level.indicators):
                continue
            texts = {text for _position, _id, text in existing}
            position = max((position for position, _id, _text in existing), default=0)
            wanted = len(level.indicators) - len(existing)
            for text in [text for text in level.indicators if text not in texts][:wanted]:
                position += 1
                indicator_rows.append({"competency_level_id": level_id, "position": position, "text": text})
    if indicator_rows:
        db.session.execute(insert(Indicator), indicator_rows)
    if revise and not created:
        framework.extra = {**(framework.extra or {}), "revision": spec.revision}

    report = InstallReport(framework, created, added_competencies, len(level_rows), len(indicator_rows), updated)
    if report.changed:
        db.session.flush()
        db.session.expire(framework, ["competencies"])
        invalidate_graph()
        counts = {"competencies": report.competencies, "levels": report.levels, "indicators": report.indicators}
        if updated:
            counts |= {"updated": updated, "revision": spec.revision}
        if audit_log:
            audit.record(actor, "create" if created else "update", "framework", framework, framework.name, counts,
                         note="Kamus kompetensi bawaan dipasang." if created
                         else "Kamus kompetensi bawaan diperbarui." if updated
                         else "Kamus kompetensi bawaan dilengkapi.")
        logger.info("framework %s %s: %s", spec.code, "installed" if created else "completed", counts)
    return report


def _revise_texts(spec: FrameworkSpec, competency_ids: dict[str, int],
                  levels: dict[tuple[int, int], tuple[int, str]],
                  have: dict[int, list[tuple[int, int, str]]]) -> int:
    """Set the existing levels' descriptions and indicators to the texts of ``spec``, in place (ids kept).

    The indicators of a level, in their order, take the spec's indicators in order, with the spec's numbering
    as position; a level with more indicators than the spec keeps its extra ones as they are, one with fewer is
    completed afterwards. ``have`` is brought up to date. Returns the number of rows rewritten.
    """
    level_updates, indicator_updates = [], []
    for competency in spec.competencies:
        for level in competency.levels:
            found = levels.get((competency_ids[competency.code], level.level))
            if found is None:
                continue  # inserted by this install, with the spec's texts
            level_id, description = found
            if description != level.description:
                level_updates.append({"id": level_id, "description": level.description})
            current = have[level_id]
            pairs = zip(level.indicators, list(current), strict=False)  # the shorter one decides
            for index, (text, (position, indicator_id, old)) in enumerate(pairs):
                if (position, old) != (index + 1, text):
                    indicator_updates.append({"id": indicator_id, "position": index + 1, "text": text})
                    current[index] = (index + 1, indicator_id, text)
    if level_updates:
        db.session.execute(update(CompetencyLevel), level_updates)
    if indicator_updates:
        db.session.execute(update(Indicator), indicator_updates)
    return len(level_updates) + len(indicator_updates)


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
