"""Bar charts: one bar per label, bars of several series side by side, or stacked segments; across the page
(labels down the left) or up it (labels underneath)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from lms.charts.layout import (
    LINE,
    PAD,
    PT_WIDTH,
    TICK_SPACE,
    Canvas,
    ColumnLabels,
    column_labels,
    draw_column_labels,
    draw_row_labels,
    offset,
    room_for_slant,
    row_label_size,
    rows,
    upright_axes,
    value_axis_margin,
    value_range,
    value_ticks,
)
from lms.charts.style import FONT_SIZE, GRID_COLOUR, PALETTE, SMALL_FONT_SIZE, ink, series_colours
from lms.charts.svg import EMPTY_TEXT, empty, render
from lms.charts.text import SERIES_LABEL, fit, measure
from lms.charts.values import ValueFormat, check_lengths, formatter, number, total

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

SMALLEST_NUMBER = 4.5  # pt: bars too thin for numbers this size show none
COLUMN_HEIGHT = 175.0  # of the plot of bars up the page, in pt


def bar_chart(labels: Sequence[str], values: Sequence[float | None], *, title: str = "", value_label: str = "",
              horizontal: bool = True, value_format: ValueFormat = "{:g}", max_value: float | None = None,
              color: str = PALETTE[0], show_title: bool = True, empty_text: str = EMPTY_TEXT) -> Markup:
    """One bar per label (first label on top, or on the left when ``horizontal`` is false), each with its
    value written at its end; ``max_value`` fixes the end of the value axis (e.g. 1.0 for shares). A None
    value draws no bar."""
    check_lengths(labels, {"values": values})
    if not labels:
        return empty(title, empty_text, show_title)
    return render(functools.partial(
        _draw_bars, labels=labels, series=[("", values)], colors=[color], stacked=False, horizontal=horizontal,
        fmt=formatter(value_format), value_label=value_label, max_value=max_value, legend=False),
        title=title, show_title=show_title)


def grouped_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
                      value_label: str = "", value_format: ValueFormat = "{:g}", horizontal: bool = True,
                      max_value: float | None = None, colors: Sequence[str] | None = None,
                      show_title: bool = True, empty_text: str = EMPTY_TEXT, width: float = PT_WIDTH) -> Markup:
    """Side-by-side bars per label, one per series (e.g. required and current level per competency), with a
    legend of the series names in their order. ``width`` (pt, bars across the page only) narrows the chart for a
    column of a page or a phone, where the full width would be scaled down until its text is too small to read."""
    check_lengths(labels, series)
    if not labels or not series:
        return empty(title, empty_text, show_title)
    if not horizontal and width != PT_WIDTH:
        raise ValueError("grouped_bar_chart takes a width only for bars across the page")
    return render(functools.partial(
        _draw_bars, labels=labels, series=list(series.items()), colors=series_colours(colors, len(series)),
        stacked=False, horizontal=horizontal, fmt=formatter(value_format), value_label=value_label,
        max_value=max_value, legend=True, width=width), title=title, show_title=show_title)


def stacked_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
                      value_label: str = "", as_share: bool = False, value_format: ValueFormat | None = None,
                      horizontal: bool = True, colors: Sequence[str] | None = None, show_title: bool = True,
                      empty_text: str = EMPTY_TEXT) -> Markup:
    """One bar per label made of one segment per series (e.g. employees per rating category per unit).
    ``as_share`` scales every bar to 100 % (values then formatted with ``"{:.0%}"`` unless ``value_format`` is
    given); otherwise each bar's total is written at its end. Segments too narrow for their number show none.
    The default colours run from dark to light in series order, so pass the categories in their natural order."""
    check_lengths(labels, series)
    if not labels or not series:
        return empty(title, empty_text, show_title)
    fmt = formatter(value_format if value_format is not None else ("{:.0%}" if as_share else "{:g}"))
    names = list(series)
    bars = [[number(series[name][i]) for name in names] for i in range(len(labels))]
    if as_share:
        bars = [[v / whole if (whole := total(bar)) else math.nan for v in bar] for bar in bars]
    columns = [(name, [bar[j] for bar in bars]) for j, name in enumerate(names)]
    return render(functools.partial(
        _draw_bars, labels=labels, series=columns, colors=series_colours(colors, len(series), ordered=True),
        stacked=True, horizontal=horizontal, fmt=fmt, value_label=value_label,
        max_value=1.0 if as_share else None, legend=True, totals=not as_share), title=title, show_title=show_title)


@dataclass(frozen=True)
class _Frame:
    """Where the bars go: the canvas and its axes, the labels as drawn and the sizes of their texts."""

    canvas: Canvas
    ax: Axes
    labels: list[str]
    label_size: float
    value_size: float
    length: float  # of the value axis, in pt
    columns: ColumnLabels | None = None  # of bars up the page


def _draw_bars(labels: Sequence[str], series: list[tuple[str, Sequence[float | None]]], colors: list[str],
               stacked: bool, horizontal: bool, fmt: Callable[[float], str], value_label: str,
               max_value: float | None, legend: bool, title: str, totals: bool = False,
               width: float = PT_WIDTH) -> Figure:
    names = [fit(name, SERIES_LABEL, 1) for name, _ in series] if legend else None
    data = [[number(v) for v in values] for _, values in series]
    sums = [total([column[i] for column in data]) for i in range(len(labels))] if stacked else []
    finite = sums or [v for column in data for v in column if not math.isnan(v)] or [0.0]
    integer = all(float(v).is_integer() for v in finite) and max_value is None
    scale = value_range(max(finite), min(finite), max_value, integer)
    ticks = value_ticks(*scale, integer)
    tick_labels = [fmt(t) for t in ticks]
    texts = [fmt(v) for v in (sums if totals else [] if stacked else
                              [v for column in data for v in column if not math.isnan(v)])]
    lanes = 1 if stacked else len(series)
    frame = (_across(labels, lanes, title, names, texts, tick_labels, value_label, width) if horizontal
             else _upward(labels, lanes, title, names, texts, tick_labels, value_label))
    handles = _draw_series(frame, data, colors, stacked, horizontal, fmt, scale)
    if totals and frame.value_size >= SMALLEST_NUMBER:
        for place, value in enumerate(sums):
            _value_text(frame.ax, place, value, fmt(value), horizontal, frame.value_size, bold=True)
    if horizontal:
        _across_axes(frame, scale, ticks, tick_labels, value_label)
    else:
        upright_axes(frame.ax, len(labels), scale, ticks, tick_labels, value_label)
        draw_column_labels(frame.ax, frame.columns, linespacing=1.1)
    frame.canvas.decorate(handles)
    return frame.canvas.figure


def _across(labels: Sequence[str], lanes: int, title: str, names: list[str] | None, texts: list[str],
            tick_labels: list[str], value_label: str, width: float) -> _Frame:
    """Bars across a page ``width`` pt wide, a row per label, as high as the rows allow within a page."""
    header = Canvas.header(title, names, width)
    bottom = PAD + TICK_SPACE + FONT_SIZE * LINE + (FONT_SIZE * LINE + 4 if value_label else 0)
    wrapped, row, height = rows(labels, extra=header + 4 + bottom, least=4 + 11 * lanes)
    label_size = row_label_size(wrapped, row)
    value_size = min(SMALL_FONT_SIZE, row * 0.8 / lanes * 0.9)
    left = PAD + max(measure(label, label_size) for label in wrapped) + 5
    right = PAD + max([measure(t, value_size) + 4 for t in texts], default=0)
    right = max(right, PAD + measure(tick_labels[-1], FONT_SIZE) / 2)
    canvas = Canvas(height, title, names, width=width)
    ax = canvas.axes(left, right, header + 4, bottom)
    return _Frame(canvas, ax, wrapped, label_size, value_size, canvas.width - left - right)


def _upward(labels: Sequence[str], lanes: int, title: str, names: list[str] | None, texts: list[str],
            tick_labels: list[str], value_label: str) -> _Frame:
    """Bars up the page, the labels underneath and the numbers on top sized to the bars' width."""
    header = Canvas.header(title, names)
    slot = (PT_WIDTH - 60) / len(labels)
    columns = column_labels(labels, slot)
    widest = max([measure(t, 1) for t in texts], default=1)
    value_size = min(SMALL_FONT_SIZE, (slot * 0.8 / lanes + 4) / widest)  # as wide as its bar, or a bit more
    bottom = PAD + columns.reach + 6
    left = room_for_slant(value_axis_margin(value_label, tick_labels), columns, slot)
    top = header + 4 + value_size * LINE + 3
    canvas = Canvas(top + COLUMN_HEIGHT + bottom, title, names)
    ax = canvas.axes(left, PAD, top, bottom)
    return _Frame(canvas, ax, columns.labels, FONT_SIZE, value_size, COLUMN_HEIGHT, columns)


def _draw_series(frame: _Frame, data: list[list[float]], colors: list[str], stacked: bool, horizontal: bool,
                 fmt: Callable[[float], str], scale: tuple[float, float]) -> list[Any]:
    """The bars of every series (or the segments of the stacked bars) with their numbers; the legend's handles."""
    from matplotlib.patches import Patch

    lanes = 1 if stacked else len(data)
    thickness = 0.8 / lanes
    starts = [0.0] * len(data[0])
    handles = []
    for index, values in enumerate(data):
        shift = 0.0 if stacked else (index - (lanes - 1) / 2) * thickness
        where = [p + shift for p in range(len(values))]
        heights = [0.0 if math.isnan(v) else v for v in values]
        _bars(frame.ax, where, starts, heights, thickness * (0.92 if lanes > 1 else 1.0), horizontal, colors[index],
              separated=stacked)
        handles.append(Patch(color=colors[index]))
        if stacked and frame.value_size >= SMALLEST_NUMBER:
            _segment_numbers(frame, where, values, starts, colors[index], fmt, horizontal, scale)
        elif frame.value_size >= SMALLEST_NUMBER:  # past the end of each bar (at the axis' end for one beyond it)
            for place, value in zip(where, values, strict=True):
                if not math.isnan(value):
                    _value_text(frame.ax, place, max(scale[0], min(value, scale[1])), fmt(value), horizontal,
                                frame.value_size)
        if stacked:
            starts = [s + h for s, h in zip(starts, heights, strict=True)]
    return handles


def _segment_numbers(frame: _Frame, where: list[float], values: list[float], starts: list[float], color: str,
                     fmt: Callable[[float], str], horizontal: bool, scale: tuple[float, float]) -> None:
    """The number inside each segment long enough for it."""
    low, high = scale
    colour = ink(color)
    for place, value, start in zip(where, values, starts, strict=True):
        text = "" if math.isnan(value) or value <= 0 else fmt(value)
        needed = measure(text, frame.value_size) + 3 if horizontal else frame.value_size + 3
        if text and value / (high - low) * frame.length >= needed:
            xy = (start + value / 2, place) if horizontal else (place, start + value / 2)
            frame.ax.text(*xy, text, ha="center", va="center", fontsize=frame.value_size, color=colour)


def _bars(ax: Axes, where: list[float], starts: list[float], lengths: list[float], thickness: float,
          horizontal: bool, color: str, separated: bool = False) -> None:
    """Bars of one series as one collection (far cheaper than a Rectangle per bar); ``separated`` draws a thin
    white edge, so that stacked segments of similar grey stay apart on a greyscale print."""
    from matplotlib.collections import PolyCollection

    half = thickness / 2
    shapes = []
    for place, start, length in zip(where, starts, lengths, strict=True):
        if length:
            corners = [(start, place - half), (start + length, place - half), (start + length, place + half),
                       (start, place + half)]
            shapes.append(corners if horizontal else [(y, x) for x, y in corners])
    ax.add_collection(PolyCollection(shapes, facecolors=color, edgecolors="white", linewidths=0.7 if separated else 0),
                      autolim=False)


def _value_text(ax: Axes, place: float, value: float, text: str, horizontal: bool, size: float,
                bold: bool = False) -> None:
    """``text`` just past the end of a bar (before it, for a negative value)."""
    sign = -1 if value < 0 else 1
    if horizontal:
        ax.text(value, place, text, transform=ax.transData + offset(ax.figure, 3 * sign, 0), fontsize=size,
                ha="left" if sign > 0 else "right", va="center", fontweight="bold" if bold else "normal")
    else:
        ax.text(place, value, text, transform=ax.transData + offset(ax.figure, 0, 2 * sign), fontsize=size,
                ha="center", va="bottom" if sign > 0 else "top", fontweight="bold" if bold else "normal")


def _across_axes(frame: _Frame, scale: tuple[float, float], ticks: list[float], tick_labels: list[str],
                 value_label: str) -> None:
    """The value axis along the bottom with its grid lines, and the labels left of the rows."""
    ax = frame.ax
    ax.yaxis.set_ticks([])
    ax.xaxis.set_ticks(ticks, tick_labels)
    ax.set_xlim(*scale)
    ax.set_ylim(len(frame.labels) - 0.5, -0.5)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
    ax.set_xlabel(value_label)
    draw_row_labels(ax, frame.labels, frame.label_size)
