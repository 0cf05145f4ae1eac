"""A Moodle scale (its values and their configuration) and a framework's taxonomy, read from their cells."""

import json
from typing import Any

from flask_babel import gettext as _

from competencies.moodle.preview import Issue, MoodlePreview, MoodleScale


def _position(value: Any) -> int | None:
    """A value's 1-based position in the scale, given as a number or digits (a boolean is neither)."""
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


def read_scale(number: int, values_text: str, configuration_text: str, preview: MoodlePreview,
               required: bool) -> MoodleScale | None:
    """The scale of row ``number``; None when it has none or its problems are in the preview."""
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


def read_taxonomy(number: int, text: str, errors: list[Issue]) -> list[str]:
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

