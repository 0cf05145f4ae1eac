"""The line chart: one line per series over the labels (e.g. JP per month), with an optional target line."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from lms.charts.layout import (
    PAD,
    PT_WIDTH,
    Canvas,
    column_labels,
    draw_column_labels,
    offset,
    room_for_slant,
    upright_axes,
    value_axis_margin,
    value_range,
    value_ticks,
)
from lms.charts.style import SMALL_FONT_SIZE, TARGET_COLOUR, series_colours, series_line
from lms.charts.svg import EMPTY_TEXT, empty, render
from lms.charts.text import SERIES_LABEL, fit, measure
from lms.charts.values import ValueFormat, check_lengths, formatter, number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PLOT_HEIGHT = 165.0


def line_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
               value_label: str = "", target: float | None = None, target_label: str = "",
               value_format: ValueFormat = "{:g}", colors: Sequence[str] | None = None, show_title: bool = True,
               empty_text: str = EMPTY_TEXT) -> Markup:
    """One line per series over the labels (e.g. JP per month), from 0 up; a dashed ``target`` line labelled
    ``target_label`` (or the formatted target). A single series has its values written at its points. A None
    value leaves a gap in its line."""
    check_lengths(labels, series)
    if not labels or not series:
        return empty(title, empty_text, show_title)
    return render(functools.partial(
        _draw_lines, labels=labels, series=list(series.items()), colors=series_colours(colors, len(series)),
        fmt=formatter(value_format), value_label=value_label, target=target, target_label=target_label),
        title=title, show_title=show_title)


def _draw_lines(labels: Sequence[str], series: list[tuple[str, Sequence[float | None]]], colors: list[str],
                fmt: Callable[[float], str], value_label: str, target: float | None, target_label: str,
                title: str) -> Figure:
    count = len(labels)
    names = [fit(name, SERIES_LABEL, 1) for name, _ in series] if len(series) > 1 else None
    numbers = [[number(v) for v in values] for _, values in series]
    finite = [v for line in numbers for v in line if not math.isnan(v)] or [0.0]
    integer = all(float(v).is_integer() for v in finite)
    peak = max([*finite, target if target is not None else 0.0])
    scale = value_range(peak * 1.12, min(finite), None, integer)
    ticks = value_ticks(*scale, integer)
    tick_labels = [fmt(t) for t in ticks]
    target_text = fit(target_label or fmt(target), 16, 2) if target is not None else ""

    header = Canvas.header(title, names)
    left = value_axis_margin(value_label, tick_labels)
    right = PAD + (measure(target_text, SMALL_FONT_SIZE) + 5 if target_text else 0)
    slot = (PT_WIDTH - left - right) / count
    columns = column_labels(labels, slot)
    bottom = PAD + columns.reach + 6
    canvas = Canvas(header + 8 + PLOT_HEIGHT + bottom, title, names)
    ax = canvas.axes(room_for_slant(left, columns, slot), right, header + 8, bottom)
    handles = _draw_series(ax, numbers, colors, fmt, numbered=len(series) == 1 and slot >= 14)
    if target is not None:
        _draw_target(ax, target, target_text)
    upright_axes(ax, count, scale, ticks, tick_labels, value_label)
    draw_column_labels(ax, columns)
    canvas.decorate(handles)
    return canvas.figure


def _draw_series(ax: Axes, numbers: list[list[float]], colors: list[str], fmt: Callable[[float], str],
                 numbered: bool) -> list[Any]:
    """A line per series, ``numbered`` with the value at each point; the legend's handles."""
    from matplotlib.lines import Line2D

    handles = []
    for index, values in enumerate(numbers):
        style = series_line(index, colors[index])
        ax.plot(range(len(values)), values, zorder=3, **style)
        handles.append(Line2D([], [], **style))
        if numbered:
            for x, value in enumerate(values):
                if not math.isnan(value):
                    ax.text(x, value, fmt(value), transform=ax.transData + offset(ax.figure, 0, 4),
                            ha="center", va="bottom", fontsize=SMALL_FONT_SIZE)
    return handles


def _draw_target(ax: Axes, target: float, text: str) -> None:
    """A dashed line at ``target`` with its text right of the plot."""
    from matplotlib.transforms import blended_transform_factory

    ax.axhline(target, color=TARGET_COLOUR, linewidth=1, linestyle=(0, (4, 3)), zorder=2)
    ax.text(1, target, text, fontsize=SMALL_FONT_SIZE, color=TARGET_COLOUR, ha="left", va="center",
            transform=blended_transform_factory(ax.transAxes, ax.transData) + offset(ax.figure, 5, 0),
            linespacing=1.1)
