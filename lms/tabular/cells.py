"""Cell values: blank or not, as text, and protected from being run as formulas by spreadsheet programs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any


def is_blank(values: Iterable[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole floats without ".0", booleans as ya/tidak, dates in ISO format, and
    text that :func:`neutralised` protected given back as it was."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unneutralised(str(value).replace("\xa0", " ").strip())


def unneutralised(text: str) -> str:
    """Text that :func:`neutralised` protected, as it was before ("'=1+2" gives "=1+2"); any other text as it is.
    So a cell that really begins with an apostrophe and a formula character loses its apostrophe on import."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


# Text beginning with one of these is run as a formula by spreadsheet programs (formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """A value for a spreadsheet cell: formula-like text gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
