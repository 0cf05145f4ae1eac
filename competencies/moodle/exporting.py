"""Writing a framework (imported from Moodle or not) as a Moodle CSV that Moodle, and this app, import again.

Like every file the app writes, a cell that a spreadsheet program would run as a formula (text beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe (:func:`lms.tabular.neutralised`),
since HR opens these files in Excel too. This app's import takes that apostrophe off again
(:func:`lms.tabular.unneutralised`), so an export imports back as the same framework; Moodle keeps it (a code or a
name beginning with such a character is rare in a competency framework).
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from competencies.models import Competency, Framework
from competencies.moodle.columns import HEADERS
from competencies.moodle.preview import FORMAT_HTML
from competencies.moodle.scales import read_configuration
from lms.extensions import db
from lms.tabular import neutralised


def export_framework(framework: Framework) -> bytes:
    """The framework as a Moodle CSV (14 columns, UTF-8): framework row, then competencies parent first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerow(map(neutralised, _framework_record(framework)))
    competencies = db.session.scalars(select(Competency).where(Competency.framework_id == framework.id)
                                      .order_by(Competency.sort_order, Competency.code, Competency.id)).all()
    code_by_id = {competency.id: competency.code for competency in competencies}
    writer.writerows(map(neutralised, _competency_record(competency, code_by_id))
                     for competency in _parents_first(competencies))
    return buffer.getvalue().encode("utf-8")


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


def _framework_record(framework: Framework) -> list[Any]:
    kept = (framework.extra or {}).get("moodle", {})
    return ["", framework.code, framework.name, framework.description, kept.get("description_format", FORMAT_HTML),
            ",".join(framework.scale), _json(framework_scale_configuration(framework)), "", "", "", "", "", 1,
            ",".join(kept.get("taxonomy", []))]


def _parents_first(competencies: list[Competency]) -> Iterator[Competency]:
    """Depth first, each parent before its children, siblings in the given order."""
    children: dict[int | None, list[Competency]] = defaultdict(list)
    for competency in competencies:
        children[competency.parent_id].append(competency)
    stack = list(reversed(children[None]))
    while stack:
        competency = stack.pop()
        stack.extend(reversed(children[competency.id]))
        yield competency


def _competency_record(competency: Competency, code_by_id: dict[int, str]) -> list[Any]:
    moodle = (competency.extra or {}).get("moodle", {})
    rule = moodle.get("rule") or {}
    own_scale = moodle.get("scale") or {}
    rule_config = rule.get("config")
    return [
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
    ]
