"""What a Moodle file is read into: its rows, checked, and the problems found (nothing is written)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from lms.tabular import join_numbers

FORMAT_HTML = 1  # Moodle's description format when a file leaves it empty


@dataclass(frozen=True)
class Issue:
    """A problem of the file: the rows it concerns (file line numbers, header = 1; none for the whole file)."""

    rows: tuple[int, ...]
    message: str

    @property
    def text(self) -> str:
        if not self.rows:
            return self.message
        return _("Baris %(rows)s: %(message)s", rows=join_numbers(self.rows), message=self.message)

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
