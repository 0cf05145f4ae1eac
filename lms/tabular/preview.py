"""What an import would do and what it did, in the same words for every kind of import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_babel import gettext as _


def join_numbers(numbers: Sequence[int]) -> str:
    """"3", "3, 5 dan 8": row numbers for a message."""
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else _("%(first)s dan %(last)s", first=", ".join(words[:-1]),
                                                last=words[-1])


OUTCOMES = ("new", "updated", "unchanged", "error")


def sentence(text: Any) -> str:
    """The text as a sentence: single spaces, ending with a full stop unless it ends with one already (or with
    "!" or "?")."""
    text = " ".join(str(text).split())
    return text if not text or text.endswith((".", "!", "?")) else f"{text}."


class PreviewRowText:
    """How a preview row reads: the label of its outcome (from the row class's ``outcome_labels``) and one line
    of detail: the reasons of an error row, or the changes of an updated one. Mixed into each import's row."""

    outcome_labels: ClassVar[dict[str, Any]]
    outcome: str
    reasons: list[str]
    changes: dict[str, tuple[Any, Any]]

    @property
    def outcome_label(self) -> str:
        return str(self.outcome_labels[self.outcome])

    @property
    def reason_sentences(self) -> list[str]:
        """The reasons, each once (in the order found) and each a sentence."""
        return list(dict.fromkeys(sentence(reason) for reason in self.reasons))

    @property
    def detail(self) -> str:
        if self.reasons:
            return " ".join(self.reason_sentences)
        return "; ".join(f"{column}: {old} → {new}" for column, (old, new) in self.changes.items())


@dataclass
class ImportSummary:
    """What an import wrote (the same for every kind of import)."""

    created: int
    updated: int
    unchanged: int
    skipped: int
    removed: int = 0  # rows the file no longer lists, for an import that may remove them (requirements)


@dataclass
class ImportPreview:
    """What an import would do, row by row (each row has an ``outcome`` from :data:`OUTCOMES`, whose words are
    the ``outcome_labels`` of the import)."""

    outcome_labels: ClassVar[dict[str, Any]]
    filename: str
    rows: list[Any]
    columns: dict[str, str]  # column key -> header as written in the file
    ignored_columns: list[str]

    def rows_with(self, outcome: str) -> list[Any]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    @property
    def error_count(self) -> int:
        return self.counts["error"]

    @property
    def summary(self) -> str:
        """One line: the rows, and how many of each outcome ("5 baris: 4 baru, 0 diperbarui, …")."""
        counts = self.counts
        outcomes = ", ".join(f"{counts[outcome]} {self.outcome_labels[outcome]}" for outcome in OUTCOMES)
        return _("%(total)s baris: %(outcomes)s.", total=len(self.rows), outcomes=outcomes)

    @property
    def has_changes(self) -> bool:
        """Whether confirming would write anything."""
        counts = self.counts
        return bool(counts["new"] or counts["updated"])
