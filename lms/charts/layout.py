"""Geometry shared by the charts, everything in pt (the figures use 72 dpi, so a display pixel is a point): the
canvas with its title and legend, rows of labels down the page, labels under columns, the value axis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from lms.charts.style import FONT_SIZE, GRID_COLOUR
from lms.charts.text import CATEGORY_LABEL, CHAR_WIDTH, COLUMN_LABEL, TITLE, fit, measure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Sizes in inches (1 in = 72 pt). A4 portrait leaves about 180 mm between margins; charts are a little narrower.
WIDTH = 6.8
MAX_HEIGHT = 9.4
PT_WIDTH = WIDTH * 72
PT_MAX_HEIGHT = math.floor(MAX_HEIGHT * 72)
PAD = 6.0  # around the chart
LINE = 1.2  # line height, in em
TICK_SPACE = 7.0  # tick mark and the gap to its label
ONE_LINE_ROW, TWO_LINE_ROW = 17.5, 23.0  # height of a bar or heat map row, by its label's lines


class Canvas:
    """A figure of a known size with the title, the legend and plot areas placed by explicit margins (a layout
    engine would draw every chart two or three times to find them)."""

    def __init__(self, height: float, title: str, legend: list[str] | None = None, centre_legend: bool = False,
                 width: float = PT_WIDTH):
        from matplotlib.figure import Figure

        self.width, self.height = width, float(math.ceil(height))
        self.figure = Figure(figsize=(self.width / 72, self.height / 72), dpi=72)
        self.title = fit(title, *TITLE) if title else ""
        self.legend, self.centre_legend = legend or [], centre_legend
        self.legend_columns = _legend_columns(self.legend, width) if self.legend else 0

    @staticmethod
    def header(title: str, legend: list[str] | None = None, width: float = PT_WIDTH) -> float:
        """Height of the title and legend block above the plot."""
        height = PAD
        if title:
            lines = fit(title, *TITLE).count("\n") + 1
            height += lines * 10 * LINE + 6
        if legend:
            height += math.ceil(len(legend) / _legend_columns(legend, width)) * FONT_SIZE * 1.75 + 2
        return height

    def axes(self, left: float, right: float, top: float, bottom: float) -> Axes:
        w, h = self.width, self.height
        return self.figure.add_axes((left / w, bottom / h, (w - left - right) / w, (h - top - bottom) / h))

    def decorate(self, handles: list[Any]) -> None:
        """Draw the title and the legend (``handles`` in the order of the legend names)."""
        y = PAD
        if self.title:
            self.figure.text(PAD / self.width, 1 - y / self.height, self.title, ha="left", va="top", fontsize=10,
                             fontweight="bold", linespacing=LINE, zorder=-2)  # drawn first: read first
            y += (self.title.count("\n") + 1) * 10 * LINE + 6
        if self.legend:
            self.figure.legend(
                handles, self.legend, loc="upper center" if self.centre_legend else "upper left",
                bbox_to_anchor=(0.5 if self.centre_legend else PAD / self.width, 1 - y / self.height),
                ncols=self.legend_columns, borderaxespad=0, borderpad=0, handlelength=2.2, handletextpad=0.6,
                columnspacing=1.5, labelspacing=0.5).set_zorder(-1)


def _legend_columns(names: list[str], width: float) -> int:
    """As many legend columns as fit ``width`` (matplotlib fills the columns first)."""
    widths = [measure(name, FONT_SIZE) for name in names]
    for columns in range(len(names), 1, -1):
        rows = math.ceil(len(names) / columns)
        used = sum(max(widths[c * rows:(c + 1) * rows], default=0) for c in range(columns))
        if used + columns * 4.3 * FONT_SIZE <= width - 2 * PAD:
            return columns
    return 1


# --- rows of labels down the page (bars across it, heat map rows) ----------------------------------------------

def rows(labels: Sequence[str], extra: float, least: float) -> tuple[list[str], float, float]:
    """Labels of rows down the page (bars, heat map rows), the row height and the figure height: labels on two
    lines while the chart still fits a page so, else on one; rows squeezed to stay within PT_MAX_HEIGHT."""
    count = len(labels)
    wrapped = [fit(label, *CATEGORY_LABEL) for label in labels]
    row = max(TWO_LINE_ROW if any("\n" in label for label in wrapped) else ONE_LINE_ROW, least)
    if extra + row * count > PT_MAX_HEIGHT:
        wrapped = [fit(label, CATEGORY_LABEL[0], 1) for label in labels]
        row = max(ONE_LINE_ROW, least)
    height = min(PT_MAX_HEIGHT, max(110.0, extra + row * count))
    return wrapped, (height - extra) / count, height


def row_label_size(wrapped: list[str], row: float) -> float:
    """The font size of row labels that fits rows ``row`` pt high."""
    return min(FONT_SIZE, row * 0.7 if all("\n" not in w for w in wrapped) else row * 0.4)


def draw_row_labels(ax: Axes, labels: list[str], size: float, shift: float = 0) -> None:
    """The labels left of the rows, the ``i``-th at ``i + shift`` on the axes' y scale."""
    from matplotlib.transforms import blended_transform_factory

    place = blended_transform_factory(ax.transAxes, ax.transData) + offset(ax.figure, -5, 0)
    for index, label in enumerate(labels):
        ax.text(0, index + shift, label, transform=place, ha="right", va="center", fontsize=size,
                multialignment="right", linespacing=1.1)


# --- labels under columns (bars up the page, points of a line) ------------------------------------------------

class ColumnLabels(NamedTuple):
    labels: list[str]
    slanted: bool
    widths: list[float]
    reach: float  # down from the axis, in pt


def column_labels(labels: Sequence[str], slot: float) -> ColumnLabels:
    """Labels under columns ``slot`` pt apart: level on one line, or wrapped on up to three, while they fit;
    else slanted and shortened."""
    single = [fit(label, COLUMN_LABEL, 1) for label in labels]
    widths = [measure(label, FONT_SIZE) for label in single]
    if max(widths) <= slot - 2:
        return ColumnLabels(single, False, widths, FONT_SIZE * LINE)
    chars = int((slot - 4) / (FONT_SIZE * CHAR_WIDTH))
    if chars >= 8:
        wrapped = [fit(label, chars, 3) for label in labels]
        wrapped_widths = [measure(label, FONT_SIZE) for label in wrapped]
        if max(wrapped_widths) <= slot - 2:
            return ColumnLabels(wrapped, False, wrapped_widths,
                                max(w.count("\n") + 1 for w in wrapped) * FONT_SIZE * LINE)
    return ColumnLabels(single, True, widths, (max(widths) + FONT_SIZE) * 0.71)


def room_for_slant(left: float, columns: ColumnLabels, slot: float) -> float:
    """The left margin ``left``, widened when the column labels slant so that the first one stays inside."""
    return max(left, PAD + columns.widths[0] * 0.71 - slot / 2 + 4) if columns.slanted else left


def draw_column_labels(ax: Axes, columns: ColumnLabels, linespacing: float | None = None) -> None:
    from matplotlib.transforms import blended_transform_factory

    place = blended_transform_factory(ax.transData, ax.transAxes) + offset(ax.figure, 0, -5)
    for position, label in enumerate(columns.labels):
        ax.text(position, 0, label, transform=place, ha="right" if columns.slanted else "center", va="top",
                rotation=45 if columns.slanted else 0, rotation_mode="anchor", fontsize=FONT_SIZE,
                linespacing=linespacing)


# --- the value axis -------------------------------------------------------------------------------------------

def value_range(peak: float, low: float, max_value: float | None, integer: bool) -> tuple[float, float]:
    """The value axis from 0 (or the lowest negative value) to ``max_value`` or the first tick past the peak."""
    if max_value is not None:
        return min(low, 0.0), max_value
    if peak <= 0:
        return min(low, 0.0), 1.0
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer).tick_values(0, peak)
    return min(low, 0.0), float(ticks[-1]) if ticks[-1] >= peak else peak


def value_ticks(low: float, high: float, integer: bool) -> list[float]:
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=2)
    return [float(t) for t in locator.tick_values(low, high) if low - 1e-9 <= t <= high + 1e-9]


def value_axis_margin(value_label: str, tick_labels: list[str]) -> float:
    """Room left of an upright value axis for its label, its ticks and their labels."""
    return (PAD + (FONT_SIZE * LINE + 4 if value_label else 0) + TICK_SPACE
            + max(measure(t, FONT_SIZE) for t in tick_labels))


def upright_axes(ax: Axes, count: int, limits: tuple[float, float], ticks: list[float],
                 tick_labels: list[str], value_label: str) -> None:
    """``count`` columns side by side over an upright value axis with its grid lines."""
    ax.set_xticks([])
    ax.set_yticks(ticks, tick_labels)
    ax.set_ylim(*limits)
    ax.set_xlim(-0.5, count - 0.5)
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    ax.set_ylabel(value_label)


def offset(figure: Figure, x: float, y: float):
    """A translation by (x, y) pt, to add to a transform."""
    from matplotlib.transforms import ScaledTranslation

    return ScaledTranslation(x / 72, y / 72, figure.dpi_scale_trans)
