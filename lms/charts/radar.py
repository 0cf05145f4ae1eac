"""The radar chart: one spoke per label, a ring per level, one outlined polygon per series."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from lms.charts.bars import grouped_bar_chart
from lms.charts.layout import PAD, Canvas
from lms.charts.style import GRID_COLOUR, MUTED_COLOUR, SMALL_FONT_SIZE, series_colours, series_line
from lms.charts.svg import EMPTY_TEXT, empty, render
from lms.charts.text import RADAR_LABEL, SERIES_LABEL, fit
from lms.charts.values import ValueFormat, check_lengths, formatter, number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PLOT_HEIGHT = 300.0
HALF_HEIGHT = 1.45  # of the plot, in radii: room for the spokes' labels


def radar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
                max_value: float = 5, value_format: ValueFormat = "{:g}", colors: Sequence[str] | None = None,
                show_title: bool = True, empty_text: str = EMPTY_TEXT) -> Markup:
    """One spoke per label (clockwise from the top) on a scale of 0..``max_value`` with a ring per level, one
    outlined polygon per series (e.g. "Dibutuhkan" and "Saat ini"); each spoke's label is followed by the
    series' values joined by " / ", in legend order. With fewer than three labels a radar says nothing, so it
    falls back to a grouped bar chart."""
    check_lengths(labels, series)
    if not labels or not series:
        return empty(title, empty_text, show_title)
    if len(labels) < 3:
        return grouped_bar_chart(labels, series, title=title, value_format=value_format, max_value=max_value,
                                 colors=colors, show_title=show_title)
    return render(functools.partial(
        _draw_radar, labels=labels, series=list(series.items()), colors=series_colours(colors, len(series)),
        max_value=max_value, fmt=formatter(value_format)), title=title, show_title=show_title)


def _draw_radar(labels: Sequence[str], series: list[tuple[str, Sequence[float | None]]], colors: list[str],
                max_value: float, fmt: Callable[[float], str], title: str) -> Figure:
    names = [fit(name, SERIES_LABEL, 1) for name, _ in series]
    header = Canvas.header(title, names)
    canvas = Canvas(header + PLOT_HEIGHT + PAD, title, names, centre_legend=True)
    ax = canvas.axes(PAD, PAD, header, PAD)
    half_width = HALF_HEIGHT * (canvas.width - 2 * PAD) / PLOT_HEIGHT
    ax.set_xlim(-half_width, half_width)
    ax.set_ylim(-HALF_HEIGHT, HALF_HEIGHT)
    ax.axis("off")

    count = len(labels)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    scale = max_value if max_value > 0 else 1.0
    _draw_web(ax, angles, max_value, scale, fmt)
    numbers = [[number(v) for v in values] for _, values in series]
    handles = _draw_polygons(ax, angles, numbers, colors, scale)
    _draw_spoke_labels(ax, labels, angles, numbers, fmt)
    canvas.decorate(handles)
    return canvas.figure


def _draw_web(ax: Axes, angles: list[float], max_value: float, scale: float, fmt: Callable[[float], str]) -> None:
    """A ring per level (or per tick of a scale that is not small whole numbers) with its value, and the spokes."""
    from matplotlib.ticker import MaxNLocator

    count = len(angles)
    if float(max_value).is_integer() and 0 < max_value <= 10:
        rings = [float(level) for level in range(1, int(max_value) + 1)]
    else:
        rings = [float(v) for v in MaxNLocator(5).tick_values(0, scale) if 0 < v <= scale]
    middle = math.pi / 2 + math.pi / count  # ring values half-way between the last and the first spoke
    for ring in rings:
        r = ring / scale
        ax.plot([r * math.cos(a) for a in [*angles, angles[0]]], [r * math.sin(a) for a in [*angles, angles[0]]],
                color=GRID_COLOUR, linewidth=0.7, zorder=1)
        inner = r * math.cos(math.pi / count)
        ax.text(inner * math.cos(middle), inner * math.sin(middle), fmt(ring), fontsize=6, color=MUTED_COLOUR,
                ha="center", va="center", zorder=2)
    for angle in angles:
        ax.plot([0, math.cos(angle)], [0, math.sin(angle)], color=GRID_COLOUR, linewidth=0.7, zorder=1)


def _draw_polygons(ax: Axes, angles: list[float], numbers: list[list[float]], colors: list[str],
                   scale: float) -> list[Any]:
    """A lightly filled, outlined polygon per series; the legend's handles."""
    from matplotlib.lines import Line2D

    handles = []
    for index, values in enumerate(numbers):
        radii = [0.0 if math.isnan(v) else max(0.0, min(v, scale)) / scale for v in values]
        xs = [r * math.cos(a) for r, a in zip(radii, angles, strict=True)]
        ys = [r * math.sin(a) for r, a in zip(radii, angles, strict=True)]
        style = series_line(index, colors[index])
        ax.fill(xs, ys, color=colors[index], alpha=0.12 if index else 0.08, linewidth=0, zorder=3)
        ax.plot([*xs, xs[0]], [*ys, ys[0]], zorder=4 + index, **style)
        handles.append(Line2D([], [], **style))
    return handles


def _draw_spoke_labels(ax: Axes, labels: Sequence[str], angles: list[float], numbers: list[list[float]],
                       fmt: Callable[[float], str]) -> None:
    """Each spoke's label past its end, with the series' values under it."""
    for i, (label, angle) in enumerate(zip(labels, angles, strict=True)):
        cos, sin = math.cos(angle), math.sin(angle)
        values = " / ".join("–" if math.isnan(column[i]) else fmt(column[i]) for column in numbers)
        ha = "left" if cos > 0.15 else "right" if cos < -0.15 else "center"
        va = "bottom" if sin > 0.5 else "top" if sin < -0.5 else "center"
        ax.text(1.08 * cos, 1.08 * sin, f"{fit(label, *RADAR_LABEL)}\n{values}", ha=ha, va=va,
                fontsize=SMALL_FONT_SIZE + 0.5, linespacing=1.1, multialignment=ha)
