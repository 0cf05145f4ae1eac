"""The numbers a caller hands in: checking that they match the labels, missing values, and formatting them."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# A str.format pattern ("{:g}", "{:.0%}") or a callable, for value labels and the ticks of the value axis.
ValueFormat = str | Callable[[float], str]


def formatter(value_format: ValueFormat) -> Callable[[float], str]:
    return value_format if callable(value_format) else value_format.format


def number(value: float | None) -> float:
    """A value as a float, NaN for a missing (None) or infinite one."""
    return math.nan if value is None or not math.isfinite(value) else float(value)


def total(values: list[float]) -> float:
    return sum(v for v in values if not math.isnan(v))


def check_lengths(labels: Sequence[str], series: Mapping[str, Sequence[Any]]) -> None:
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
