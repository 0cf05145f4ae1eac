"""Moodle competency frameworks: import and export of the CSV format of Moodle's tool_lpimportcsv.

The file
--------
One header row, one framework row ("Is framework" = 1) and one row per competency, in any order: a row may
name a parent that comes later in the file. Current Moodle writes 14 columns (:data:`HEADERS`); older exports
have 12 (no "Cross-referenced competency ID numbers" and "Exported ID") and spell some headers differently
("Shortname", "Id number", "Rule type (optional)"). Columns are therefore found by header name:
case-insensitive, ignoring surrounding spaces, a trailing "(optional)" and spaces, hyphens and underscores
inside the name. Parent ID number, ID number, Short name and Is framework are required; other unknown columns
are ignored and listed in the preview. The file must be UTF-8 (a byte order mark is fine); the separator is
the comma (a ";" or tab separated file is recognised too).

How Moodle maps onto Kompeten
-----------------------------
================================== ==============================================================================
Moodle                             Kompeten
================================== ==============================================================================
framework ID number, Short name    ``Framework.code``, ``Framework.name`` (``source`` "Moodle")
Description (any row)              ``description``, HTML sanitised with nh3 (:data:`SAFE_TAGS`); Moodle's
                                   "Description format" is kept in ``extra``
framework Scale values             ``Framework.scale``: the labels, level n = ``scale[n - 1]``
framework Scale configuration      ``default_level`` = the value marked ``scaledefault``; ``proficient_level`` =
                                   the lowest value marked ``proficient`` (Kompeten counts every level from it
                                   on as proficient). The configuration itself is kept in ``extra`` and written
                                   back by the export as long as it still agrees with the framework.
framework Taxonomy                 ``Framework.extra``: a list with one term per depth (read from the JSON object
                                   of old exports or the comma-separated list of new ones)
Parent ID number                   ``Competency.parent`` (empty, or the framework's ID number: top level)
Rule type / outcome / config       ``Competency.extra`` (rule configs refer to competencies by Exported ID)
Cross-referenced ID numbers        ``Competency.extra``: a list ("%2C" inside an ID number is a comma)
Exported ID                        ``Competency.extra``
a competency's own scale           ``Competency.extra`` (values and configuration), kept as data: ratings in
                                   Kompeten use the framework scale
================================== ==============================================================================

``extra`` holds all of it under the key ``"moodle"`` (see :func:`framework_extra` and
:func:`competency_extra`). Every imported competency is of type "teknis".

Levels: Moodle competencies describe no behaviour per level, only the framework's scale. So that an imported
competency can at once be required by positions and rated, each gets one ``CompetencyLevel`` per value of the
framework scale, whose description is the scale label, without indicators. HR replaces these texts by
behaviour descriptions and adds indicators before the framework is used for objective appraisals; the export
does not use levels (Moodle has no place for them).

The flow is :func:`parse_moodle_csv` (the whole file checked, nothing written; problems are reported as
:class:`Issue` naming the rows, line numbers of the file with the header as row 1), :func:`import_framework`
(refuses a preview with errors, writes with bulk inserts, audits, flushes, never commits) and
:func:`export_framework`. An import never updates an existing framework: a framework whose ID number is
already in the database is refused.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import nh3
from flask_babel import gettext as _
from sqlalchemy import insert, select

from competencies.models import Competency, CompetencyLevel, Framework
from lms import cache
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db

logger = logging.getLogger(__name__)

COMPETENCY_TYPE = "teknis"
SOURCE = "Moodle"
FORMAT_HTML = 1  # Moodle's description format when a file leaves it empty
CODE_MAX = 100  # Framework.code, Competency.code
NAME_MAX = 250  # Framework.name, Competency.name

#: The 14 columns of the current Moodle export, in its order.
HEADERS = (
    "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type", "Rule outcome", "Rule config", "Cross-referenced competency ID numbers",
    "Exported ID", "Is framework", "Taxonomy",
)
KEYS = (
    "parent", "id_number", "short_name", "description", "description_format", "scale_values", "scale_configuration",
    "rule_type", "rule_outcome", "rule_config", "related", "exported_id", "is_framework", "taxonomy",
)
REQUIRED = ("parent", "id_number", "short_name", "is_framework")
# Normalised header (see _header_key) -> column key. Names of old and current Moodle versions.
_ALIASES = {
    "parentidnumber": "parent",
    "idnumber": "id_number",
    "shortname": "short_name",
    "description": "description",
    "descriptionformat": "description_format",
    "scalevalues": "scale_values",
    "scaleconfiguration": "scale_configuration",
    "ruletype": "rule_type",
    "ruleoutcome": "rule_outcome",
    "ruleconfig": "rule_config",
    "ruleconfiguration": "rule_config",
    "crossreferencedcompetencyidnumbers": "related",
    "relatedidnumbers": "related",
    "relatedcompetencyidnumbers": "related",
    "exportedid": "exported_id",
    "exportid": "exported_id",
    "isframework": "is_framework",
    "taxonomy": "taxonomy",
    "taxonomies": "taxonomy",
}
_OPTIONAL_SUFFIX = re.compile(r"\(\s*optional\s*\)\s*$", re.IGNORECASE)
_FALSE = {"", "0", "false", "no", "tidak"}

#: HTML kept in descriptions; everything else is dropped (``<script>`` and ``<style>`` with their content), as
#: are all attributes but these. Links get rel="noopener noreferrer nofollow"; images are not kept (their
#: Moodle URLs do not resolve here).
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
SAFE_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
LINK_REL = "noopener noreferrer nofollow"


def sanitise_html(html: str) -> str:
    """A description as safe HTML (see :data:`SAFE_TAGS`). Plain text comes back with ``<`` and ``&`` escaped."""
    if not html.strip():
        return ""
    return nh3.clean(html, tags=set(SAFE_TAGS), attributes={tag: set(names) for tag, names in
                                                             SAFE_ATTRIBUTES.items()},
                     link_rel=LINK_REL).strip()


# --- the preview -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issue:
    """A problem of the file: the rows it concerns (file line numbers, header = 1; none for the whole file)."""

    rows: tuple[int, ...]
    message: str

    @property
    def text(self) -> str:
        if not self.rows:
            return self.message
        return _("Baris %(rows)s: %(message)s", rows=_join_numbers(self.rows), message=self.message)

    def __str__(self) -> str:
        return self.text


@dataclass
class MoodleScale:
    values: list[str]  # labels, value n = values[n - 1]
    configuration: list[Any]  # Moodle's JSON, as parsed
    default: int
    proficient: list[int]  # the values marked proficient, ascending

    @property
    def proficient_level(self) -> int:
        return self.proficient[0]


@dataclass(eq=False)
class MoodleRow:
    """One data row of the file (the framework or a competency), read and checked."""

    number: int
    id_number: str
    short_name: str
    is_framework: bool
    parent_id_number: str = ""
    description: str = ""  # sanitised
    description_format: int = FORMAT_HTML
    scale: MoodleScale | None = None
    rule_type: str = ""
    rule_outcome: int = 0
    rule_config: str | None = None
    related: list[str] = field(default_factory=list)
    exported_id: str = ""
    taxonomy: list[str] = field(default_factory=list)
    # Resolved by the tree checks: the parent competency row (None: top level) and the depth (1: top level;
    # 0: not placed, because of a missing parent or a cycle).
    parent: MoodleRow | None = field(default=None, repr=False)
    depth: int = 0

    @property
    def has_rule(self) -> bool:
        return bool(self.rule_type or self.rule_config is not None or self.rule_outcome)


@dataclass
class MoodlePreview:
    framework: MoodleRow | None
    competencies: list[MoodleRow]  # file order
    errors: list[Issue]
    warnings: list[Issue]
    columns: dict[str, str]  # column key -> header as written in the file
    ignored_columns: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def depth(self) -> int:
        return max((row.depth for row in self.competencies), default=0)

    @property
    def count_by_depth(self) -> dict[int, int]:
        counts = Counter(row.depth for row in self.competencies if row.depth)
        return dict(sorted(counts.items()))

    @property
    def counts(self) -> dict[str, int]:
        rows = self.competencies
        return {
            "competencies": len(rows),
            "levels": len(rows) * len(self.framework.scale.values) if self.framework and self.framework.scale
            else 0,
            "depth": self.depth,
            "rules": sum(row.has_rule for row in rows),
            "related": sum(bool(row.related) for row in rows),
            "own_scales": sum(row.scale is not None for row in rows),
        }


def parse_moodle_csv(data: bytes) -> MoodlePreview:
    """Read and check a Moodle competency framework CSV (nothing is written).

    Every problem found is reported at once in ``errors`` (the file cannot be imported) or ``warnings`` (it
    can). The framework's ID number is looked up in the database: an existing one is an error.
    """
    preview = _parse(data)
    framework = preview.framework
    if framework is not None and framework.id_number:
        exists = db.session.scalar(select(Framework.id).where(Framework.code == framework.id_number))
        if exists is not None:
            preview.errors.append(Issue((framework.number,), _(
                "kerangka dengan ID number \"%(code)s\" sudah ada. Impor tidak memperbarui kerangka yang ada: "
                "hapus kerangka itu lebih dahulu, atau beri kerangka di berkas ini ID number lain.",
                code=framework.id_number)))
    preview.errors.sort(key=lambda issue: issue.rows[:1])
    return preview


def _parse(data: bytes) -> MoodlePreview:
    preview = MoodlePreview(None, [], [], [], {}, [])
    text = _decode(data, preview.errors)
    if text is None:
        return preview
    records = _records(text, preview.errors)
    if records is None:
        return preview
    if not records:
        preview.errors.append(Issue((), _("Berkas kosong.")))
        return preview
    header_number, header = records[0]
    positions = _map_headers(header_number, header, preview)
    if preview.errors:
        return preview
    frameworks: list[MoodleRow] = []
    for number, cells in records[1:]:
        values = {key: cells[index].strip() if index < len(cells) else "" for key, index in positions.items()}
        row = _row(number, values, preview)
        (frameworks if row.is_framework else preview.competencies).append(row)
    if not frameworks:
        preview.errors.append(Issue((), _("Tidak ada baris kerangka (kolom Is framework = 1): berkas harus "
                                          "berisi tepat satu.")))
    elif len(frameworks) > 1:
        preview.errors.append(Issue(tuple(row.number for row in frameworks), _(
            "%(count)s baris kerangka (Is framework = 1); berkas harus berisi tepat satu.", count=len(frameworks))))
    preview.framework = frameworks[0] if frameworks else None
    _check_tree(preview)
    preview.errors.sort(key=lambda issue: issue.rows[:1])
    preview.warnings.sort(key=lambda issue: issue.rows[:1])
    return preview


def _decode(data: bytes, errors: list[Issue]) -> str | None:
    if not data.strip():
        errors.append(Issue((), _("Berkas kosong.")))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        errors.append(Issue((), _("Berkas berenkode UTF-16, bukan UTF-8. Simpan ulang sebagai \"CSV UTF-8\".")))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        errors.append(Issue((line,), _(
            "berkas tidak berenkode UTF-8 (byte 0x%(byte)02X tidak valid). Ekspor ulang dari Moodle atau simpan "
            "ulang sebagai \"CSV UTF-8\".", byte=data[error.start])))
        return None
    if "\x00" in text:
        errors.append(Issue((), _("Berkas ini bukan teks CSV.")))
        return None
    return text


def _records(text: str, errors: list[Issue]) -> list[tuple[int, list[str]]] | None:
    """Non-blank records with the line of the file where each starts (a quoted value may span lines)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        errors.append(Issue((start,), _("CSV tidak dapat dibaca: %(error)s", error=str(error))))
        return None
    return records


def _header_key(cell: str) -> str:
    name = _OPTIONAL_SUFFIX.sub("", cell.strip()).lower()
    return re.sub(r"[\s\-_]+", "", name)


def _map_headers(number: int, header: list[str], preview: MoodlePreview) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _ALIASES.get(_header_key(cell))
        if key is None:
            if cell.strip():
                preview.ignored_columns.append(cell.strip())
            continue
        if key in positions:
            preview.errors.append(Issue((number,), _("kolom %(column)s muncul lebih dari sekali.",
                                                     column=cell.strip())))
            continue
        positions[key] = index
        preview.columns[key] = cell.strip()
    missing = [HEADERS[KEYS.index(key)] for key in REQUIRED if key not in positions]
    if missing:
        preview.errors.append(Issue((number,), _(
            "kolom wajib tidak ditemukan: %(columns)s. Baris pertama berkas harus berisi judul kolom ekspor "
            "Moodle.", columns=", ".join(missing))))
    return positions


# --- one row -----------------------------------------------------------------------------------------------

def _row(number: int, values: dict[str, str], preview: MoodlePreview) -> MoodleRow:
    errors = preview.errors

    def error(message: str) -> None:
        errors.append(Issue((number,), message))

    is_framework = values.get("is_framework", "").lower() not in _FALSE
    row = MoodleRow(number=number, id_number=values.get("id_number", ""),
                    short_name=" ".join(values.get("short_name", "").split()), is_framework=is_framework,
                    parent_id_number=values.get("parent", ""),
                    description=sanitise_html(values.get("description", "")))
    if not row.id_number:
        error(_("ID number kosong."))
    elif len(row.id_number) > CODE_MAX:
        error(_("ID number lebih dari %(limit)s karakter.", limit=CODE_MAX))
    if not row.short_name:
        error(_("Short name kosong."))
    elif len(row.short_name) > NAME_MAX:
        error(_("Short name lebih dari %(limit)s karakter.", limit=NAME_MAX))
    description_format = _integer(values.get("description_format", ""))
    if description_format is None:
        error(_("Description format \"%(value)s\" bukan angka.", value=values["description_format"]))
    else:
        row.description_format = description_format if values.get("description_format") else FORMAT_HTML
    row.scale = _scale(number, values.get("scale_values", ""), values.get("scale_configuration", ""), preview,
                       required=is_framework)
    if is_framework:
        row.taxonomy = _taxonomy(number, values.get("taxonomy", ""), errors)
        if row.parent_id_number:
            preview.warnings.append(Issue((number,), _("Parent ID number baris kerangka diabaikan.")))
        return row
    if values.get("taxonomy"):
        preview.warnings.append(Issue((number,), _("Taxonomy hanya berlaku pada baris kerangka; diabaikan.")))
    row.rule_type = values.get("rule_type", "")
    outcome = _integer(values.get("rule_outcome", ""))
    if outcome is None:
        error(_("Rule outcome \"%(value)s\" bukan angka.", value=values["rule_outcome"]))
    else:
        row.rule_outcome = outcome
    config = values.get("rule_config", "")
    row.rule_config = None if config in ("", "null") else config
    row.related = [code.strip().replace("%2C", ",") for code in values.get("related", "").split(",")
                   if code.strip()]
    row.exported_id = values.get("exported_id", "")
    return row


def _integer(text: str) -> int | None:
    """An integer cell; empty is 0. None: not an integer."""
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        return None


def _position(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _flag(value: Any) -> bool:
    return value in (1, "1", True)


def read_configuration(configuration: list[Any], count: int) -> tuple[list[int], list[int], list[Any]]:
    """(values marked scaledefault, values marked proficient, ids that are no value) of a Moodle scale
    configuration over ``count`` values; ids are 1-based positions in the values."""
    defaults: list[int] = []
    proficient: list[int] = []
    outside: list[Any] = []
    for item in configuration:
        if not isinstance(item, dict) or "id" not in item:  # the first item: {"scaleid": "..."}
            continue
        position = _position(item["id"])
        if position is None or not 1 <= position <= count:
            outside.append(item["id"])
            continue
        if _flag(item.get("scaledefault")):
            defaults.append(position)
        if _flag(item.get("proficient")):
            proficient.append(position)
    return defaults, sorted(proficient), outside


def _scale(number: int, values_text: str, configuration_text: str, preview: MoodlePreview,
           required: bool) -> MoodleScale | None:
    errors_before = len(preview.errors)

    def error(message: str) -> None:
        preview.errors.append(Issue((number,), message))

    if not values_text and not configuration_text:
        if required:
            error(_("baris kerangka harus berisi Scale values dan Scale configuration."))
        return None
    if not values_text:
        error(_("Scale configuration diisi tanpa Scale values."))
        return None
    values = [value.strip() for value in values_text.split(",")]
    if not all(values):
        error(_("Scale values berisi nilai kosong: \"%(values)s\".", values=values_text))
    if not configuration_text:
        error(_("Scale values diisi tanpa Scale configuration."))
        return None
    try:
        configuration = json.loads(configuration_text)
    except json.JSONDecodeError as problem:
        error(_("Scale configuration bukan JSON yang valid (%(problem)s pada karakter %(position)s): "
                "%(value)s", problem=problem.msg, position=problem.pos + 1, value=configuration_text))
        return None
    if not isinstance(configuration, list) or not all(isinstance(item, dict) for item in configuration):
        error(_("Scale configuration harus berupa daftar objek JSON, mis. "
                "[{\"scaleid\":\"1\"},{\"id\":2,\"scaledefault\":1,\"proficient\":1}]."))
        return None
    defaults, proficient, outside = read_configuration(configuration, len(values))
    if outside:
        error(_("Scale configuration menyebut id %(ids)s di luar %(count)s nilai skala (id 1 sampai %(count)s: "
                "urutan nilai di Scale values).", ids=", ".join(str(item) for item in outside),
                count=len(values)))
    if not defaults:
        error(_("Scale configuration tidak menandai nilai bawaan (scaledefault)."))
    elif len(defaults) > 1:
        error(_("Scale configuration menandai lebih dari satu nilai bawaan (scaledefault): %(ids)s.",
                ids=", ".join(map(str, defaults))))
    if not proficient:
        error(_("Scale configuration tidak menandai satu pun nilai sebagai mahir (proficient)."))
    if len(preview.errors) > errors_before:
        return None
    if proficient != list(range(proficient[0], len(values) + 1)):
        preview.warnings.append(Issue((number,), _(
            "Moodle menandai nilai %(ids)s sebagai mahir; Kompeten menganggap setiap tingkat mulai %(level)s "
            "(%(label)s) mahir.", ids=", ".join(map(str, proficient)), level=proficient[0],
            label=values[proficient[0] - 1])))
    return MoodleScale(values, configuration, defaults[0], proficient)


def _taxonomy(number: int, text: str, errors: list[Issue]) -> list[str]:
    """One term per depth: a JSON object {"1": "domain", ...} (old exports), a JSON list or "domain,competency"."""
    if not text:
        return []
    if text.startswith(("{", "[")):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as problem:
            errors.append(Issue((number,), _("Taxonomy bukan JSON yang valid (%(problem)s): %(value)s",
                                             problem=problem.msg, value=text)))
            return []
        if isinstance(parsed, dict) and all(_position(key) is not None for key in parsed):
            return [str(parsed[key]).strip() for key in sorted(parsed, key=_position)]
        if isinstance(parsed, list):
            return [str(term).strip() for term in parsed]
        errors.append(Issue((number,), _("Taxonomy harus berupa daftar istilah per tingkat: %(value)s",
                                         value=text)))
        return []
    return [term.strip() for term in text.split(",")]


# --- the tree ----------------------------------------------------------------------------------------------

def _check_tree(preview: MoodlePreview) -> None:
    rows = preview.competencies
    groups: dict[str, list[MoodleRow]] = defaultdict(list)
    for row in rows:
        if row.id_number:
            groups[row.id_number].append(row)
    for code, group in groups.items():
        if len(group) > 1:
            preview.errors.append(Issue(tuple(row.number for row in group), _(
                "ID number \"%(code)s\" dipakai lebih dari sekali.", code=code)))
    by_code = {code: group[0] for code, group in groups.items()}
    framework_code = preview.framework.id_number if preview.framework else None
    missing: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        code = row.parent_id_number
        if not code:
            continue
        if code in by_code:
            row.parent = by_code[code]
        elif code != framework_code:
            missing[code].append(row.number)
    for code, numbers in missing.items():
        preview.errors.append(Issue(tuple(numbers), _(
            "Parent ID number \"%(code)s\" tidak ada di berkas.", code=code)))
    cyclic = _check_cycles(rows, preview.errors)
    placed_missing = {number for numbers in missing.values() for number in numbers}
    _depths(rows, cyclic | placed_missing)
    for row in rows:
        unknown = [code for code in row.related if code not in by_code]
        if unknown:
            preview.warnings.append(Issue((row.number,), _(
                "kompetensi terkait %(codes)s tidak ada di berkas (disimpan sebagai data, Moodle "
                "mengabaikannya).", codes=", ".join(f"\"{code}\"" for code in unknown))))


def _check_cycles(rows: list[MoodleRow], errors: list[Issue]) -> set[int]:
    """Report every cycle of parent links as "A -> B -> C -> A"; return the row numbers in cycles."""
    done: set[int] = set()
    cyclic: set[int] = set()
    for start in rows:
        path: list[MoodleRow] = []
        on_path: dict[int, int] = {}
        current: MoodleRow | None = start
        while current is not None and current.number not in done:
            if current.number in on_path:
                cycle = path[on_path[current.number]:]
                first = min(range(len(cycle)), key=lambda index: cycle[index].number)
                cycle = cycle[first:] + cycle[:first]
                chain = " -> ".join(row.id_number for row in [*cycle, cycle[0]])
                errors.append(Issue(tuple(sorted(row.number for row in cycle)), _(
                    "Parent ID number membentuk siklus: %(chain)s.", chain=chain)))
                cyclic.update(row.number for row in cycle)
                break
            on_path[current.number] = len(path)
            path.append(current)
            current = current.parent
        done.update(row.number for row in path)
    return cyclic


def _depths(rows: list[MoodleRow], unplaced: set[int]) -> None:
    """1 for top-level competencies, parent's + 1 below; 0 for rows that cannot be placed in the tree."""
    known: dict[int, int] = {}

    def depth_of(row: MoodleRow) -> int:
        chain: list[MoodleRow] = []
        seen: set[int] = set()
        current: MoodleRow | None = row
        base = 0
        while current is not None:
            if current.number in known:
                base = known[current.number]
                break
            if current.number in unplaced or current.number in seen:
                base = -1
                break
            chain.append(current)
            seen.add(current.number)
            current = current.parent
        for node in reversed(chain):
            base = -1 if base < 0 else base + 1
            known[node.number] = base
        return known.setdefault(row.number, -1)  # -1: the row itself cannot be placed

    for row in rows:
        row.depth = max(depth_of(row), 0)


def _join_numbers(numbers: tuple[int, ...]) -> str:
    words = [str(number) for number in numbers]
    if len(words) == 1:
        return words[0]
    return _("%(first)s dan %(last)s", first=", ".join(words[:-1]), last=words[-1])


# --- report ------------------------------------------------------------------------------------------------

def format_report(preview: MoodlePreview) -> str:
    """The preview as text for the command line: framework, scale, counts, depth, warnings and errors."""
    lines: list[str] = []
    framework = preview.framework
    if framework is not None:
        lines.append(_("Kerangka: %(name)s (ID number %(code)s), baris %(row)s",
                       name=framework.short_name, code=framework.id_number, row=framework.number))
        if framework.scale is not None:
            scale = framework.scale
            labels = []
            for level, label in enumerate(scale.values, start=1):
                notes = []
                if level == scale.default:
                    notes.append(_("bawaan"))
                if level >= scale.proficient_level:
                    notes.append(_("mahir"))
                labels.append(f"{level} {label}" + (f" [{', '.join(notes)}]" if notes else ""))
            lines.append(_("Skala: %(levels)s", levels="; ".join(labels)))
        if framework.taxonomy:
            lines.append(_("Taksonomi: %(terms)s", terms=", ".join(framework.taxonomy)))
    counts = preview.counts
    by_depth = ", ".join(_("tingkat %(depth)s: %(count)s", depth=depth, count=count)
                         for depth, count in preview.count_by_depth.items())
    lines.append(_("Kompetensi: %(count)s, kedalaman %(depth)s", count=counts["competencies"],
                   depth=counts["depth"]) + (f" ({by_depth})" if by_depth else ""))
    lines.append(_("Dengan aturan: %(rules)s; dengan kompetensi terkait: %(related)s; dengan skala sendiri: "
                   "%(scales)s", rules=counts["rules"], related=counts["related"], scales=counts["own_scales"]))
    if preview.ignored_columns:
        lines.append(_("Kolom diabaikan: %(columns)s", columns=", ".join(preview.ignored_columns)))
    if preview.warnings:
        lines.append(_("Peringatan (%(count)s):", count=len(preview.warnings)))
        lines.extend(f"  {issue.text}" for issue in preview.warnings)
    if preview.errors:
        lines.append(_("Kesalahan (%(count)s):", count=len(preview.errors)))
        lines.extend(f"  {issue.text}" for issue in preview.errors)
        lines.append(_("Tidak ada yang dapat diimpor: perbaiki kesalahan di atas."))
    else:
        lines.append(_("Siap diimpor: 1 kerangka, %(count)s kompetensi.", count=counts["competencies"]))
    return "\n".join(lines)


# --- import ------------------------------------------------------------------------------------------------

def framework_extra(row: MoodleRow) -> dict[str, Any]:
    """What ``Framework.extra`` keeps of the framework row."""
    assert row.scale is not None
    return {"moodle": {"scale_configuration": row.scale.configuration, "taxonomy": row.taxonomy,
                       "description_format": row.description_format}}


def competency_extra(row: MoodleRow) -> dict[str, Any]:
    """What ``Competency.extra`` keeps of a competency row (keys only for what the row has)."""
    kept: dict[str, Any] = {"description_format": row.description_format}
    if row.has_rule:
        kept["rule"] = {"type": row.rule_type, "outcome": row.rule_outcome, "config": row.rule_config}
    if row.related:
        kept["related"] = row.related
    if row.exported_id:
        kept["exported_id"] = row.exported_id
    if row.scale is not None:
        kept["scale"] = {"values": row.scale.values, "configuration": row.scale.configuration}
    return {"moodle": kept}


def import_framework(actor: Actor | None, preview: MoodlePreview) -> Framework:
    """Write the previewed framework, its competencies and their levels; audit it. Flushes, never commits.

    Refuses (DomainError, nothing written) a preview with errors, or a framework whose ID number exists.
    """
    if preview.errors or preview.framework is None or preview.framework.scale is None:
        raise DomainError(_("Tidak ada yang diimpor: berkas berisi %(count)s kesalahan.",
                            count=max(len(preview.errors), 1)))
    row = preview.framework
    scale = row.scale
    assert scale is not None
    if db.session.scalar(select(Framework.id).where(Framework.code == row.id_number)) is not None:
        raise DomainError(_("Kerangka dengan ID number \"%(code)s\" sudah ada; tidak ada yang diimpor.",
                            code=row.id_number))
    framework = Framework(code=row.id_number, name=row.short_name, version="", source=SOURCE,
                          description=row.description, scale=list(scale.values), default_level=scale.default,
                          proficient_level=scale.proficient_level, extra=framework_extra(row), is_builtin=False)
    db.session.add(framework)
    db.session.flush()

    # Parents before children: one INSERT .. RETURNING per depth (batched by SQLAlchemy's insertmanyvalues).
    order = {competency.number: index for index, competency in enumerate(preview.competencies)}
    by_depth: dict[int, list[MoodleRow]] = defaultdict(list)
    for competency in preview.competencies:
        by_depth[competency.depth].append(competency)
    ids: dict[str, int] = {}
    for depth in sorted(by_depth):
        rows = by_depth[depth]
        values = [{"framework_id": framework.id, "code": competency.id_number, "name": competency.short_name,
                   "description": competency.description, "type": COMPETENCY_TYPE,
                   "parent_id": ids[competency.parent.id_number] if competency.parent else None,
                   "sort_order": order[competency.number], "extra": competency_extra(competency)}
                  for competency in rows]
        # Codes are unique in the framework: map by code, so that the RETURNING order does not matter (asking
        # for parameter order makes SQLite insert row by row).
        ids.update((code, new_id) for new_id, code in db.session.execute(
            insert(Competency).returning(Competency.id, Competency.code), values))
    levels = [{"competency_id": competency_id, "level": level, "description": label}
              for competency_id in ids.values() for level, label in enumerate(scale.values, start=1)]
    if levels:
        db.session.execute(insert(CompetencyLevel), levels)
    counts = preview.counts
    audit.record(actor, "import", "framework", framework, framework.name,
                 {"code": framework.code, **counts},
                 _("Impor kerangka kompetensi Moodle: %(count)s kompetensi.", count=counts["competencies"]))
    cache.invalidate_graph()
    db.session.flush()
    db.session.expire(framework, ["competencies"])
    logger.info("Moodle framework %s imported by %s: %s", framework.code, audit.actor_label(actor), counts)
    return framework


# --- export ------------------------------------------------------------------------------------------------

def framework_scale_configuration(framework: Framework) -> list[Any]:
    """The kept Moodle configuration when it still agrees with the framework, else one built from it."""
    kept = (framework.extra or {}).get("moodle", {}).get("scale_configuration")
    if isinstance(kept, list):
        defaults, proficient, outside = read_configuration(kept, len(framework.scale))
        if (not outside and defaults == [framework.default_level] and proficient
                and proficient[0] == framework.proficient_level):
            return kept
    items: list[Any] = [{"scaleid": "1"}]  # Moodle replaces the scale id with the one of the scale it creates
    for level in range(1, len(framework.scale) + 1):
        is_default, is_proficient = level == framework.default_level, level >= framework.proficient_level
        if is_default or is_proficient:
            items.append({"id": level, "scaledefault": int(is_default), "proficient": int(is_proficient)})
    return items


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_framework(framework: Framework) -> bytes:
    """The framework as a Moodle CSV (14 columns, UTF-8): framework row, then competencies parent first."""
    kept = (framework.extra or {}).get("moodle", {})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerow(["", framework.code, framework.name, framework.description,
                     kept.get("description_format", FORMAT_HTML), ",".join(framework.scale),
                     _json(framework_scale_configuration(framework)), "", "", "", "", "", 1,
                     ",".join(kept.get("taxonomy", []))])
    competencies = db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)
                                      .order_by(Competency.sort_order, Competency.code, Competency.id)).all()
    code_by_id = {competency.id: competency.code for competency in competencies}
    children: dict[int | None, list[Competency]] = defaultdict(list)
    for competency in competencies:
        children[competency.parent_id].append(competency)
    stack = list(reversed(children[None]))
    while stack:
        competency = stack.pop()
        stack.extend(reversed(children[competency.id]))
        moodle = (competency.extra or {}).get("moodle", {})
        rule = moodle.get("rule") or {}
        own_scale = moodle.get("scale") or {}
        rule_config = rule.get("config")
        writer.writerow([
            code_by_id.get(competency.parent_id, "") if competency.parent_id else "",
            competency.code,
            competency.name,
            competency.description,
            moodle.get("description_format", FORMAT_HTML),
            ",".join(own_scale.get("values", [])),
            _json(own_scale["configuration"]) if own_scale.get("configuration") else "",
            rule.get("type", ""),
            rule.get("outcome", 0),
            rule_config if rule_config is not None else ("null" if rule.get("type") else ""),
            ",".join(code.replace(",", "%2C") for code in moodle.get("related", [])),
            moodle.get("exported_id", ""),
            "",
            "",
        ])
    return buffer.getvalue().encode("utf-8")
