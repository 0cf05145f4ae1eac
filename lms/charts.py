"""Charts drawn on the server as SVG, the same markup in HTML pages and in WeasyPrint PDFs.

Pure functions from plain data (labels, numbers) to an ``<svg>`` element, returned as :class:`markupsafe.Markup`
so that a template writes ``{{ chart }}`` with no ``|safe``: the markup is our own output, and every text a
user typed (labels, series names, titles) is XML-escaped in it.

What a caller can rely on:

- one ``<svg class="chart" role="img">`` element with no XML prolog, DOCTYPE, comments, metadata or ``<style>``
  element; its first child is a ``<title>`` with the chart title. It has ``width``/``height`` in pt (at most
  about 173 mm wide, so it fits an A4 portrait page) and a ``viewBox``, so ``svg.chart { max-width: 100%;
  height: auto; }`` scales it down on a narrow screen;
- styling by presentation attributes only (no ``style=""``), so a Content-Security-Policy without
  ``'unsafe-inline'`` styles shows it unchanged; element ids are prefixed with a hash of the chart, so
  several charts on one page never share an id;
- text as real text in DejaVu Sans (the font of the PDFs; browsers without it fall back to a sans-serif), so
  labels can be searched, copied and extracted from PDFs (a screen reader announces an ``role="img"`` by its
  title: pages should also give the numbers as a table); long labels are wrapped and cut with "…";
- the same input always gives the same markup (tests compare outputs);
- empty data gives a small chart that says ``empty_text`` ("Tidak ada data" unless a caller passes a translated
  one). Number formatting is the caller's: ``value_format`` is a ``str.format`` pattern (``"{:g}"``,
  ``"{:.0%}"``) or a callable such as ``lambda v: format_decimal(v, locale="id")``, used for value labels and for
  the ticks of the value axis.

matplotlib is imported on the first chart drawn (not when this module is imported: it costs about 50 MB of
memory and a few tenths of a second), and only through ``matplotlib.figure.Figure``, never pyplot. Drawing
holds a module lock, since matplotlib's settings (rcParams) and font cache are process-wide.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import textwrap
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ValueFormat = str | Callable[[float], str]

EMPTY_TEXT = "Tidak ada data"

# Sizes in inches (1 in = 72 pt). A4 portrait leaves about 180 mm between margins; charts are a little narrower.
WIDTH = 6.8
MAX_HEIGHT = 9.4
FONT_SIZE = 8.0
SMALL_FONT_SIZE = 7.0
CHAR_WIDTH = 0.58  # average width of a DejaVu Sans character, in em, to estimate how much text fits

# Label lengths (characters per line, lines) before "…".
TITLE = (70, 2)  # 10 pt bold
CATEGORY_LABEL = (34, 2)
SERIES_LABEL = 32
COLUMN_LABEL = 28
RADAR_LABEL = (20, 3)

TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#666666"
GRID_COLOUR = "#dddddd"
TARGET_COLOUR = "#a23b2a"
# Categorical colours in alternating dark / light order, so neighbouring series differ in greyscale too.
PALETTE = ("#1f4e79", "#e3a33b", "#6a9fd0", "#a23b2a", "#9cc98f", "#555555", "#c7b4e2", "#2f7f5f")
LINE_STYLES = ("-", (0, (5, 2.5)), (0, (1.2, 1.8)), (0, (6, 2, 1.2, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P")

_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kompeten-charts",
    "svg.id": None,
    "font.family": "DejaVu Sans",
    "font.size": FONT_SIZE,
    "text.parse_math": False,  # "$5 dan $10" is text, not TeX
    "text.usetex": False,
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "axes.edgecolor": "#888888",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.labelsize": FONT_SIZE,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "xtick.color": "#888888",
    "ytick.color": "#888888",
    "xtick.labelcolor": TEXT_COLOUR,
    "ytick.labelcolor": TEXT_COLOUR,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.frameon": False,
    "legend.fontsize": FONT_SIZE,
    "hatch.color": "#b5b5b5",
    "hatch.linewidth": 0.6,
}
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"  # browsers without DejaVu Sans
_LOCK = threading.Lock()


# --- public API ---------------------------------------------------------------------------------------------

def bar_chart(labels: Sequence[str], values: Sequence[float | None], *, title: str = "", value_label: str = "",
              horizontal: bool = True, value_format: ValueFormat = "{:g}", max_value: float | None = None,
              color: str = PALETTE[0], show_title: bool = True, empty_text: str = EMPTY_TEXT) -> Markup:
    """One bar per label (first label on top, or on the left when ``horizontal`` is false), each with its
    value written at its end; ``max_value`` fixes the end of the value axis (e.g. 1.0 for shares). A None
    value draws no bar."""
    _check_lengths(labels, {"values": values})
    if not labels:
        return _empty(title, empty_text, show_title)
    return _render(functools.partial(
        _draw_bars, labels=labels, series=[("", values)], colors=[color], stacked=False, horizontal=horizontal,
        fmt=_formatter(value_format), value_label=value_label, max_value=max_value, legend=False),
        title=title, show_title=show_title)


def grouped_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
                      value_label: str = "", value_format: ValueFormat = "{:g}", horizontal: bool = True,
                      max_value: float | None = None, colors: Sequence[str] | None = None,
                      show_title: bool = True, empty_text: str = EMPTY_TEXT) -> Markup:
    """Side-by-side bars per label, one per series (e.g. required and current level per competency), with a
    legend of the series names in their order."""
    _check_lengths(labels, series)
    if not labels or not series:
        return _empty(title, empty_text, show_title)
    return _render(functools.partial(
        _draw_bars, labels=labels, series=list(series.items()), colors=_colors(colors, len(series)), stacked=False,
        horizontal=horizontal, fmt=_formatter(value_format), value_label=value_label, max_value=max_value,
        legend=True), title=title, show_title=show_title)


def stacked_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
                      value_label: str = "", as_share: bool = False, value_format: ValueFormat | None = None,
                      horizontal: bool = True, colors: Sequence[str] | None = None, show_title: bool = True,
                      empty_text: str = EMPTY_TEXT) -> Markup:
    """One bar per label made of one segment per series (e.g. employees per rating category per unit).
    ``as_share`` scales every bar to 100 % (values then formatted with ``"{:.0%}"`` unless ``value_format`` is
    given); otherwise each bar's total is written at its end. Segments too narrow for their number show none.
    The default colours run from dark to light in series order, so pass the categories in their natural order."""
    _check_lengths(labels, series)
    if not labels or not series:
        return _empty(title, empty_text, show_title)
    fmt = _formatter(value_format if value_format is not None else ("{:.0%}" if as_share else "{:g}"))
    names = list(series)
    rows = [[_number(series[name][i]) for name in names] for i in range(len(labels))]
    if as_share:
        rows = [[v / total if (total := _total(row)) else math.nan for v in row] for row in rows]
    columns = [(name, [row[j] for row in rows]) for j, name in enumerate(names)]
    return _render(functools.partial(
        _draw_bars, labels=labels, series=columns, colors=_colors(colors, len(series), ordered=True), stacked=True,
        horizontal=horizontal, fmt=fmt, value_label=value_label, max_value=1.0 if as_share else None,
        legend=True, totals=not as_share), title=title, show_title=show_title)


def heat_map(row_labels: Sequence[str], column_labels: Sequence[str], values: Sequence[Sequence[float | None]], *,
             title: str = "", value_format: ValueFormat = "{:.0%}", max_value: float = 1.0, min_value: float = 0.0,
             cmap: str = "Blues", none_text: str = "–", show_title: bool = True,
             empty_text: str = EMPTY_TEXT) -> Markup:
    """A grid of ``values[row][column]`` coloured from ``min_value`` (light) to ``max_value`` (dark), with the
    value written in each cell while the cells are wide enough for it (percentages: up to about 15 columns),
    and a colour scale. None means "not applicable": a grey hatched cell showing ``none_text``. ``cmap`` names
    a sequential matplotlib colour map ("Blues", "Greens", "YlOrRd" for gaps...)."""
    if len(values) != len(row_labels) or any(len(row) != len(column_labels) for row in values):
        raise ValueError("heat_map needs one row of values per row label, one value per column label")
    if not max_value > min_value:
        raise ValueError("heat_map needs max_value > min_value")
    if not row_labels or not column_labels:
        return _empty(title, empty_text, show_title)
    return _render(functools.partial(
        _draw_heat_map, row_labels=row_labels, column_labels=column_labels, values=values,
        fmt=_formatter(value_format), min_value=min_value, max_value=max_value, cmap=cmap, none_text=none_text),
        title=title, show_title=show_title)


def radar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
                max_value: float = 5, value_format: ValueFormat = "{:g}", colors: Sequence[str] | None = None,
                show_title: bool = True, empty_text: str = EMPTY_TEXT) -> Markup:
    """One spoke per label (clockwise from the top) on a scale of 0..``max_value`` with a ring per level, one
    outlined polygon per series (e.g. "Dibutuhkan" and "Saat ini"); each spoke's label is followed by the
    series' values joined by " / ", in legend order. With fewer than three labels a radar says nothing, so it
    falls back to a grouped bar chart."""
    _check_lengths(labels, series)
    if not labels or not series:
        return _empty(title, empty_text, show_title)
    if len(labels) < 3:
        return grouped_bar_chart(labels, series, title=title, value_format=value_format, max_value=max_value,
                                 colors=colors, show_title=show_title)
    return _render(functools.partial(
        _draw_radar, labels=labels, series=list(series.items()), colors=_colors(colors, len(series)),
        max_value=max_value, fmt=_formatter(value_format)), title=title, show_title=show_title)


def line_chart(labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *, title: str = "",
               value_label: str = "", target: float | None = None, target_label: str = "",
               value_format: ValueFormat = "{:g}", colors: Sequence[str] | None = None, show_title: bool = True,
               empty_text: str = EMPTY_TEXT) -> Markup:
    """One line per series over the labels (e.g. JP per month), from 0 up; a dashed ``target`` line labelled
    ``target_label`` (or the formatted target). A single series has its values written at its points. A None
    value leaves a gap in its line."""
    _check_lengths(labels, series)
    if not labels or not series:
        return _empty(title, empty_text, show_title)
    return _render(functools.partial(
        _draw_lines, labels=labels, series=list(series.items()), colors=_colors(colors, len(series)),
        fmt=_formatter(value_format), value_label=value_label, target=target, target_label=target_label),
        title=title, show_title=show_title)


# --- geometry: everything in pt (the figures use 72 dpi, so a display pixel is a point) ----------------------

PT_WIDTH = WIDTH * 72
PT_MAX_HEIGHT = math.floor(MAX_HEIGHT * 72)
PAD = 6.0  # around the chart
LINE = 1.2  # line height, in em
TICK_SPACE = 7.0  # tick mark and the gap to its label
ONE_LINE_ROW, TWO_LINE_ROW = 17.5, 23.0  # height of a bar or heat map row, by its label's lines
HEAT_STEPS = 10


class _Canvas:
    """A figure of a known size with the title, the legend and plot areas placed by explicit margins (a layout
    engine would draw every chart two or three times to find them)."""

    def __init__(self, height: float, title: str, legend: list[str] | None = None, centre_legend: bool = False):
        from matplotlib.figure import Figure

        self.width, self.height = PT_WIDTH, float(math.ceil(height))
        self.figure = Figure(figsize=(self.width / 72, self.height / 72), dpi=72)
        self.title = _fit(title, *TITLE) if title else ""
        self.legend, self.centre_legend = legend or [], centre_legend
        self.legend_columns = _legend_columns(self.legend) if self.legend else 0

    @staticmethod
    def header(title: str, legend: list[str] | None = None) -> float:
        """Height of the title and legend block above the plot."""
        height = PAD
        if title:
            lines = _fit(title, *TITLE).count("\n") + 1
            height += lines * 10 * LINE + 6
        if legend:
            height += math.ceil(len(legend) / _legend_columns(legend)) * FONT_SIZE * 1.75 + 2
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


def _legend_columns(names: list[str]) -> int:
    """As many legend columns as fit the width (matplotlib fills the columns first)."""
    widths = [_measure(name, FONT_SIZE) for name in names]
    for columns in range(len(names), 1, -1):
        rows = math.ceil(len(names) / columns)
        used = sum(max(widths[c * rows:(c + 1) * rows], default=0) for c in range(columns))
        if used + columns * 4.3 * FONT_SIZE <= PT_WIDTH - 2 * PAD:
            return columns
    return 1


def _rows(labels: Sequence[str], extra: float, least: float) -> tuple[list[str], float, float]:
    """Labels of rows down the page (bars, heat map rows), the row height and the figure height: labels on two
    lines while the chart still fits a page so, else on one; rows squeezed to stay within PT_MAX_HEIGHT."""
    count = len(labels)
    wrapped = [_fit(label, *CATEGORY_LABEL) for label in labels]
    row = max(TWO_LINE_ROW if any("\n" in label for label in wrapped) else ONE_LINE_ROW, least)
    if extra + row * count > PT_MAX_HEIGHT:
        wrapped = [_fit(label, CATEGORY_LABEL[0], 1) for label in labels]
        row = max(ONE_LINE_ROW, least)
    height = min(PT_MAX_HEIGHT, max(110.0, extra + row * count))
    return wrapped, (height - extra) / count, height


def _column_labels(labels: Sequence[str], slot: float) -> tuple[list[str], bool, list[float], float]:
    """Labels under columns ``slot`` pt apart: level on one line, or wrapped on up to three, while they fit;
    else slanted and shortened. Returns the labels, whether they slant, their widths and their reach down (pt)."""
    single = [_fit(label, COLUMN_LABEL, 1) for label in labels]
    widths = [_measure(label, FONT_SIZE) for label in single]
    if max(widths) <= slot - 2:
        return single, False, widths, FONT_SIZE * LINE
    chars = int((slot - 4) / (FONT_SIZE * CHAR_WIDTH))
    if chars >= 8:
        wrapped = [_fit(label, chars, 3) for label in labels]
        wrapped_widths = [_measure(label, FONT_SIZE) for label in wrapped]
        if max(wrapped_widths) <= slot - 2:
            return wrapped, False, wrapped_widths, max(w.count("\n") + 1 for w in wrapped) * FONT_SIZE * LINE
    return single, True, widths, (max(widths) + FONT_SIZE) * 0.71


def _value_ticks(low: float, high: float, integer: bool) -> list[float]:
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=2)
    return [float(t) for t in locator.tick_values(low, high) if low - 1e-9 <= t <= high + 1e-9]


def _value_range(peak: float, low: float, max_value: float | None, integer: bool) -> tuple[float, float]:
    """The value axis from 0 (or the lowest negative value) to ``max_value`` or the first tick past the peak."""
    if max_value is not None:
        return min(low, 0.0), max_value
    if peak <= 0:
        return min(low, 0.0), 1.0
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer).tick_values(0, peak)
    return min(low, 0.0), float(ticks[-1]) if ticks[-1] >= peak else peak


def _offset(figure: Figure, x: float, y: float):
    """A translation by (x, y) pt, to add to a transform."""
    from matplotlib.transforms import ScaledTranslation

    return ScaledTranslation(x / 72, y / 72, figure.dpi_scale_trans)


# --- drawing ------------------------------------------------------------------------------------------------

def _draw_bars(labels: Sequence[str], series: list[tuple[str, Sequence[float | None]]], colors: list[str],
               stacked: bool, horizontal: bool, fmt: Callable[[float], str], value_label: str,
               max_value: float | None, legend: bool, title: str, totals: bool = False) -> Figure:
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    count, lanes = len(labels), 1 if stacked else len(series)
    names = [_fit(name, SERIES_LABEL, 1) for name, _ in series] if legend else None
    data = [[_number(v) for v in values] for _, values in series]
    sums = [_total([column[i] for column in data]) for i in range(count)] if stacked else []
    finite = sums or [v for column in data for v in column if not math.isnan(v)] or [0.0]
    integer = all(float(v).is_integer() for v in finite) and max_value is None
    low, high = _value_range(max(finite), min(finite), max_value, integer)
    ticks = _value_ticks(low, high, integer)
    tick_labels = [fmt(t) for t in ticks]
    header = _Canvas.header(title, names)
    texts = [fmt(v) for v in (sums if totals else [] if stacked else
                              [v for column in data for v in column if not math.isnan(v)])]

    if horizontal:
        bottom = PAD + TICK_SPACE + FONT_SIZE * LINE + (FONT_SIZE * LINE + 4 if value_label else 0)
        wrapped, row, height = _rows(labels, extra=header + 4 + bottom, least=4 + 11 * lanes)
        label_size = min(FONT_SIZE, row * 0.7 if all("\n" not in w for w in wrapped) else row * 0.4)
        value_size = min(SMALL_FONT_SIZE, row * 0.8 / lanes * 0.9)
        left = PAD + max(_measure(label, label_size) for label in wrapped) + 5
        right = PAD + max([_measure(t, value_size) + 4 for t in texts], default=0)
        right = max(right, PAD + _measure(tick_labels[-1], FONT_SIZE) / 2)
        canvas = _Canvas(height, title, names)
        ax = canvas.axes(left, right, header + 4, bottom)
        length = canvas.width - left - right
    else:
        slot = (PT_WIDTH - 60) / count
        wrapped, rotate, widths, reach = _column_labels(labels, slot)
        label_size = FONT_SIZE
        widest = max([_measure(t, 1) for t in texts], default=1)
        value_size = min(SMALL_FONT_SIZE, (slot * 0.8 / lanes + 4) / widest)  # as wide as its bar, or a bit more
        bottom = PAD + reach + 6
        left = (PAD + (FONT_SIZE * LINE + 4 if value_label else 0) + TICK_SPACE
                + max(_measure(t, FONT_SIZE) for t in tick_labels))
        if rotate:
            left = max(left, PAD + widths[0] * 0.71 - slot / 2 + 4)
        top = header + 4 + value_size * LINE + 3
        height = top + 175 + bottom
        canvas = _Canvas(height, title, names)
        ax = canvas.axes(left, PAD, top, bottom)
        length = 175.0

    thickness = 0.8 / lanes
    positions = list(range(count))
    starts = [0.0] * count
    handles = []
    for index, values in enumerate(data):
        offset = 0.0 if stacked else (index - (lanes - 1) / 2) * thickness
        where = [p + offset for p in positions]
        heights = [0.0 if math.isnan(v) else v for v in values]
        _bars(ax, where, starts, heights, thickness * (0.92 if lanes > 1 else 1.0), horizontal, colors[index],
              separated=stacked)
        handles.append(Patch(color=colors[index]))
        if stacked and value_size >= 4.5:  # the number inside each segment long enough for it
            ink = _ink(colors[index])
            for place, value, start in zip(where, values, starts, strict=True):
                text = "" if math.isnan(value) or value <= 0 else fmt(value)
                needed = _measure(text, value_size) + 3 if horizontal else value_size + 3
                if text and value / (high - low) * length >= needed:
                    xy = (start + value / 2, place) if horizontal else (place, start + value / 2)
                    ax.text(*xy, text, ha="center", va="center", fontsize=value_size, color=ink)
        elif value_size >= 4.5:  # the number past the end of each bar (at the axis' end for one beyond it)
            for place, value in zip(where, values, strict=True):
                if not math.isnan(value):
                    _value_text(ax, place, max(low, min(value, high)), fmt(value), horizontal, value_size)
        if stacked:
            starts = [s + h for s, h in zip(starts, heights, strict=True)]
    if totals and value_size >= 4.5:
        for place, total in zip(positions, sums, strict=True):
            _value_text(ax, place, total, fmt(total), horizontal, value_size, bold=True)

    category_axis, value_axis = (ax.yaxis, ax.xaxis) if horizontal else (ax.xaxis, ax.yaxis)
    category_axis.set_ticks([])
    value_axis.set_ticks(ticks, tick_labels)
    if horizontal:
        ax.set_xlim(low, high)
        ax.set_ylim(count - 0.5, -0.5)
        ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
        ax.set_xlabel(value_label)
        place = blended_transform_factory(ax.transAxes, ax.transData) + _offset(canvas.figure, -5, 0)
        for position, label in zip(positions, wrapped, strict=True):
            ax.text(0, position, label, transform=place, ha="right", va="center", fontsize=label_size,
                    multialignment="right", linespacing=1.1)
    else:
        ax.set_ylim(low, high)
        ax.set_xlim(-0.5, count - 0.5)
        ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        ax.set_ylabel(value_label)
        place = blended_transform_factory(ax.transData, ax.transAxes) + _offset(canvas.figure, 0, -5)
        for position, label in zip(positions, wrapped, strict=True):
            ax.text(position, 0, label, transform=place, ha="right" if rotate else "center", va="top",
                    rotation=45 if rotate else 0, rotation_mode="anchor", fontsize=label_size, linespacing=1.1)
    canvas.decorate(handles)
    return canvas.figure


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
        ax.text(value, place, text, transform=ax.transData + _offset(ax.figure, 3 * sign, 0), fontsize=size,
                ha="left" if sign > 0 else "right", va="center", fontweight="bold" if bold else "normal")
    else:
        ax.text(place, value, text, transform=ax.transData + _offset(ax.figure, 0, 2 * sign), fontsize=size,
                ha="center", va="bottom" if sign > 0 else "top", fontweight="bold" if bold else "normal")


def _draw_heat_map(row_labels: Sequence[str], column_labels: Sequence[str],
                   values: Sequence[Sequence[float | None]], fmt: Callable[[float], str], min_value: float,
                   max_value: float, cmap: str, none_text: str, title: str) -> Figure:
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PathCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap, to_hex
    from matplotlib.path import Path
    from matplotlib.transforms import blended_transform_factory

    rows, columns = len(row_labels), len(column_labels)
    wrapped_columns = [_fit(label, COLUMN_LABEL, 1) for label in column_labels]
    header = _Canvas.header(title)
    bar_block = 7 + 3 + SMALL_FONT_SIZE * LINE + 10  # colour scale, its ticks and labels, and the gap above it
    # The row labels' width decides the cells' width, which decides how the column labels stand.
    wrapped_rows, row, _ = _rows(row_labels, extra=header + 140 + PAD + bar_block, least=0)
    label_size = min(FONT_SIZE, row * 0.7 if all("\n" not in w for w in wrapped_rows) else row * 0.4)
    left = PAD + max(_measure(label, label_size) for label in wrapped_rows) + 5
    right = PAD
    cell = (PT_WIDTH - left - right) / columns
    upright = cell < 16
    column_size = min(FONT_SIZE, cell * 0.75) if upright else FONT_SIZE
    widths = [_measure(label, column_size) for label in wrapped_columns]
    if upright:
        reach = max(widths)
    else:
        reach = (max(widths) + column_size) * 0.71
        right = max(PAD, max(w * 0.71 - (columns - j - 0.5) * cell for j, w in enumerate(widths)) + PAD)
        cell = (PT_WIDTH - left - right) / columns
    top = header + reach + 6
    bottom = PAD + bar_block
    wrapped_rows, row, height = _rows(row_labels, extra=top + bottom, least=0)
    canvas = _Canvas(height, title)
    ax = canvas.axes(left, right, top, bottom)

    grid = [[_number(v) for v in line] for line in values]
    # Colours in HEAT_STEPS steps: easier to tell apart on paper, and one compound path per step draws far
    # faster (and smaller) than a path per cell.
    ramp = colormaps[cmap]
    palette = [to_hex(ramp((i + 0.5) / HEAT_STEPS)) for i in range(HEAT_STEPS)]
    bounds = [min_value + (max_value - min_value) * i / HEAT_STEPS for i in range(HEAT_STEPS + 1)]
    cells: list[list[tuple[int, int]]] = [[] for _ in range(HEAT_STEPS)]
    for r, line in enumerate(grid):
        for c, value in enumerate(line):
            if not math.isnan(value):
                cells[_step(value, min_value, max_value)].append((r, c))
    paths, fills = [], []
    for colour, members in zip(palette, cells, strict=True):
        if members:
            corners = [point for r, c in members for point in ((c, r), (c + 1, r), (c + 1, r + 1), (c, r + 1), (c, r))]
            paths.append(Path(corners, [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
                              * len(members)))
            fills.append(colour)
    ax.add_collection(PathCollection(paths, facecolors=fills, edgecolors="white", linewidths=0.8), autolim=False)
    ax.patch.set_facecolor("#f2f2f2")
    ax.patch.set_hatch("////")
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    place = blended_transform_factory(ax.transAxes, ax.transData) + _offset(canvas.figure, -5, 0)
    for r, label in enumerate(wrapped_rows):
        ax.text(0, r + 0.5, label, transform=place, ha="right", va="center", fontsize=label_size,
                multialignment="right", linespacing=1.1)
    place = blended_transform_factory(ax.transData, ax.transAxes) + _offset(canvas.figure, 0, 4)
    for c, label in enumerate(wrapped_columns):
        ax.text(c + 0.5, 1, label, transform=place, rotation=90 if upright else 45, fontsize=column_size,
                ha="center" if upright else "left", va="bottom" if upright else "center",
                rotation_mode="default" if upright else "anchor")

    texts = [["" if math.isnan(v) else fmt(v) for v in line] for line in grid]
    widest = max(_measure(none_text, 1), *(_measure(t, 1) for line in texts for t in line))
    size = min(SMALL_FONT_SIZE + 0.5, (cell - 4) / max(widest, 0.5), row * 0.6)
    if size >= 5:
        for r, line in enumerate(grid):
            for c, value in enumerate(line):
                if math.isnan(value):
                    text, ink = none_text, MUTED_COLOUR
                else:
                    text, ink = texts[r][c], _ink(palette[_step(value, min_value, max_value)])
                ax.text(c + 0.5, r + 0.5, text, ha="center", va="center", fontsize=size, color=ink)

    scale_width = min(200.0, (canvas.width - left - right) * 0.6)
    x = left + (canvas.width - left - right - scale_width) / 2
    scale = canvas.figure.add_axes((x / canvas.width, (PAD + SMALL_FONT_SIZE * LINE + 3) / height,
                                    scale_width / canvas.width, 7 / height))
    mappable = ScalarMappable(norm=BoundaryNorm(bounds, HEAT_STEPS), cmap=ListedColormap(palette))
    bar = canvas.figure.colorbar(mappable, cax=scale, orientation="horizontal")
    bar.outline.set_visible(False)
    ticks = _value_ticks(min_value, max_value, integer=False)
    bar.set_ticks(ticks, labels=[fmt(t) for t in ticks])
    scale.tick_params(length=2, labelsize=SMALL_FONT_SIZE, pad=1.5)
    canvas.decorate([])
    return canvas.figure


def _step(value: float, low: float, high: float) -> int:
    """The colour step of a heat map value (values beyond the scale take its end colours)."""
    return min(HEAT_STEPS - 1, max(0, int((value - low) / (high - low) * HEAT_STEPS)))


def _draw_radar(labels: Sequence[str], series: list[tuple[str, Sequence[float | None]]], colors: list[str],
                max_value: float, fmt: Callable[[float], str], title: str) -> Figure:
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    count = len(labels)
    names = [_fit(name, SERIES_LABEL, 1) for name, _ in series]
    header = _Canvas.header(title, names)
    plot = 300.0
    canvas = _Canvas(header + plot + PAD, title, names, centre_legend=True)
    ax = canvas.axes(PAD, PAD, header, PAD)
    half_height = 1.45
    half_width = half_height * (canvas.width - 2 * PAD) / plot
    ax.set_xlim(-half_width, half_width)
    ax.set_ylim(-half_height, half_height)
    ax.axis("off")

    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    scale = max_value if max_value > 0 else 1.0
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
    numbers = [[_number(v) for v in values] for _, values in series]
    handles = []
    for index, values in enumerate(numbers):
        radii = [0.0 if math.isnan(v) else max(0.0, min(v, scale)) / scale for v in values]
        xs = [r * math.cos(a) for r, a in zip(radii, angles, strict=True)]
        ys = [r * math.sin(a) for r, a in zip(radii, angles, strict=True)]
        color = colors[index]
        style = {"color": color, "linewidth": 1.6, "linestyle": LINE_STYLES[index % len(LINE_STYLES)],
                 "marker": MARKERS[index % len(MARKERS)], "markersize": 3.5}
        ax.fill(xs, ys, color=color, alpha=0.12 if index else 0.08, linewidth=0, zorder=3)
        ax.plot([*xs, xs[0]], [*ys, ys[0]], zorder=4 + index, **style)
        handles.append(Line2D([], [], **style))
    for i, (label, angle) in enumerate(zip(labels, angles, strict=True)):
        cos, sin = math.cos(angle), math.sin(angle)
        values = " / ".join("–" if math.isnan(column[i]) else fmt(column[i]) for column in numbers)
        ha = "left" if cos > 0.15 else "right" if cos < -0.15 else "center"
        va = "bottom" if sin > 0.5 else "top" if sin < -0.5 else "center"
        ax.text(1.08 * cos, 1.08 * sin, f"{_fit(label, *RADAR_LABEL)}\n{values}", ha=ha, va=va,
                fontsize=SMALL_FONT_SIZE + 0.5, linespacing=1.1, multialignment=ha)
    canvas.decorate(handles)
    return canvas.figure


def _draw_lines(labels: Sequence[str], series: list[tuple[str, Sequence[float | None]]], colors: list[str],
                fmt: Callable[[float], str], value_label: str, target: float | None, target_label: str,
                title: str) -> Figure:
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    count = len(labels)
    names = [_fit(name, SERIES_LABEL, 1) for name, _ in series] if len(series) > 1 else None
    numbers = [[_number(v) for v in values] for _, values in series]
    finite = [v for line in numbers for v in line if not math.isnan(v)] or [0.0]
    integer = all(float(v).is_integer() for v in finite)
    peak = max([*finite, target if target is not None else 0.0])
    low, high = _value_range(peak * 1.12, min(finite), None, integer)
    ticks = _value_ticks(low, high, integer)
    tick_labels = [fmt(t) for t in ticks]
    target_text = _fit(target_label or fmt(target), 16, 2) if target is not None else ""

    header = _Canvas.header(title, names)
    left = (PAD + (FONT_SIZE * LINE + 4 if value_label else 0) + TICK_SPACE
            + max(_measure(t, FONT_SIZE) for t in tick_labels))
    right = PAD + (_measure(target_text, SMALL_FONT_SIZE) + 5 if target_text else 0)
    slot = (PT_WIDTH - left - right) / count
    wrapped, rotate, widths, reach = _column_labels(labels, slot)
    bottom = PAD + reach + 6
    if rotate:
        left = max(left, PAD + widths[0] * 0.71 - slot / 2 + 4)
    plot = 165.0
    canvas = _Canvas(header + 8 + plot + bottom, title, names)
    ax = canvas.axes(left, right, header + 8, bottom)
    positions = list(range(count))
    handles = []
    for index, values in enumerate(numbers):
        style = {"color": colors[index], "linewidth": 1.6, "linestyle": LINE_STYLES[index % len(LINE_STYLES)],
                 "marker": MARKERS[index % len(MARKERS)], "markersize": 3.5}
        ax.plot(positions, values, zorder=3, **style)
        handles.append(Line2D([], [], **style))
        if len(series) == 1 and slot >= 14:
            for x, value in zip(positions, values, strict=True):
                if not math.isnan(value):
                    ax.text(x, value, fmt(value), transform=ax.transData + _offset(canvas.figure, 0, 4),
                            ha="center", va="bottom", fontsize=SMALL_FONT_SIZE)
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linewidth=1, linestyle=(0, (4, 3)), zorder=2)
        ax.text(1, target, target_text, fontsize=SMALL_FONT_SIZE, color=TARGET_COLOUR, ha="left", va="center",
                transform=blended_transform_factory(ax.transAxes, ax.transData) + _offset(canvas.figure, 5, 0),
                linespacing=1.1)
    ax.set_ylim(low, high)
    ax.set_xlim(-0.5, count - 0.5)
    ax.set_yticks(ticks, tick_labels)
    ax.set_xticks([])
    place = blended_transform_factory(ax.transData, ax.transAxes) + _offset(canvas.figure, 0, -5)
    for position, label in zip(positions, wrapped, strict=True):
        ax.text(position, 0, label, transform=place, ha="right" if rotate else "center", va="top",
                rotation=45 if rotate else 0, rotation_mode="anchor", fontsize=FONT_SIZE)
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
    ax.set_ylabel(value_label)
    canvas.decorate(handles)
    return canvas.figure


# --- rendering and the SVG we hand out ----------------------------------------------------------------------

def _render(draw: Callable[..., Figure], title: str, show_title: bool) -> Markup:
    import io

    with _LOCK, _matplotlib_settings():
        buffer = io.StringIO()
        # Nothing keeps a Figure made without pyplot alive: it goes when this call returns.
        draw(title=title if show_title else "").savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return _finish(buffer.getvalue(), title)


@contextmanager
def _matplotlib_settings() -> Iterator[None]:
    import matplotlib

    with warnings.catch_warnings(), matplotlib.rc_context(_RC):
        # A label in a script DejaVu Sans lacks (e.g. CJK) is still written as text; the reader's fonts draw it.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        yield


_TOKEN = re.compile(r"(<[^<>]*>)")
_ATTRIBUTE = re.compile(r'([\w:.-]+)="([^"]*)"')
_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def _finish(svg: str, title: str) -> Markup:
    """matplotlib's SVG made fit to embed: no prolog, comments, metadata or style element; presentation
    attributes instead of style attributes; unreferenced ids dropped and the others made unique to the chart;
    coordinates to 1/100 pt; the font named once on the root; a ``<title>`` first and ``role="img"``."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    prefix = "c" + hashlib.sha256(svg.encode()).hexdigest()[:8] + "-"
    referenced = set(_REFERENCE.findall(svg)) | set(re.findall(r'href="#([^"]+)"', svg))
    out: list[str] = []
    dropped: list[bool] = []  # per open <g>: whether its start tag was dropped
    for piece in _TOKEN.split(svg):
        if not piece.startswith("<"):
            if piece.strip():
                out.append(piece)
            continue
        if piece.startswith("</"):
            if piece == "</g>" and dropped.pop():
                continue
            out.append(piece)
            continue
        name = re.match(r"<([\w:-]+)", piece).group(1)
        closed = piece.endswith("/>")
        attributes = _attributes(piece, referenced, prefix)
        if name == "svg":
            attributes = {"xmlns": "http://www.w3.org/2000/svg", "xmlns:xlink": "http://www.w3.org/1999/xlink",
                          "width": attributes["width"], "height": attributes["height"],
                          "viewBox": attributes["viewBox"], "class": "chart", "role": "img",
                          "aria-labelledby": prefix + "title", "font-family": _FONT_FAMILY,
                          "stroke-linejoin": "round", "stroke-linecap": "butt"}
        if closed and not attributes and name in ("g", "defs"):
            continue
        if name == "g" and not closed:
            dropped.append(not attributes)
            if not attributes:
                continue
        rendered = "".join(f' {key}="{value}"' for key, value in attributes.items())
        out.append(f"<{name}{rendered}{'/' if closed else ''}>")
        if name == "svg":
            out.append(f'<title id="{prefix}title">{escape(title)}</title>')
    return Markup(re.sub(r"<defs></defs>", "", "".join(out)))  # noqa: S704 - texts were escaped by matplotlib


def _attributes(tag: str, referenced: set[str], prefix: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for key, value in _ATTRIBUTE.findall(tag):
        if key == "style":
            for declaration in value.split(";"):
                prop, _, css = declaration.partition(":")
                if prop.strip():
                    attributes[prop.strip()] = css.strip()
            continue
        if key == "id":
            if value in referenced:
                attributes["id"] = prefix + value
            continue
        attributes[key] = value
    for key, value in list(attributes.items()):
        if key in ("href", "xlink:href") and value.startswith("#"):
            attributes[key] = "#" + prefix + value[1:]
        elif "url(#" in value:
            attributes[key] = _REFERENCE.sub(lambda m: f"url(#{prefix}{m.group(1)})", value)
        elif key == "font-family" or (key == "transform" and re.fullmatch(r"rotate\(-?0 [^)]*\)", value)):
            del attributes[key]  # the root names the font (the only one used); a rotation by 0 does nothing
        elif key in ("d", "x", "y", "width", "height", "points", "transform", "viewBox"):
            attributes[key] = _NUMBER.sub(_round, " ".join(value.split()))
    return attributes


_NUMBER = re.compile(r"-?\d+\.\d+")


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _empty(title: str, empty_text: str, show_title: bool) -> Markup:
    """A small chart-sized note, written without matplotlib."""
    heading = title and show_title
    height = 58 if heading else 36
    width = f"{PT_WIDTH:g}"
    prefix = "c" + hashlib.sha256(f"{title}\0{empty_text}".encode()).hexdigest()[:8] + "-"
    return Markup(  # noqa: S704 - the two texts are escaped here
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
        f'viewBox="0 0 {width} {height}" class="chart" role="img" aria-labelledby="{prefix}title" '
        f'font-family="{_FONT_FAMILY}"><title id="{prefix}title">{escape(title or empty_text)}</title>'
        + (f'<text x="{PAD:g}" y="{PAD + 9:g}" font-size="10" font-weight="700" fill="{TEXT_COLOUR}">'
           f"{escape(_fit(title, 78, 1))}</text>" if heading else "")
        + f'<rect x="{PAD:g}" y="{height - 32}" width="{PT_WIDTH - 2 * PAD:g}" height="30" fill="#fafafa" '
        f'stroke="{GRID_COLOUR}"/><text x="{PT_WIDTH / 2:g}" y="{height - 14}" text-anchor="middle" '
        f'font-size="{FONT_SIZE:g}" fill="{MUTED_COLOUR}">{escape(empty_text)}</text></svg>')


# --- small helpers ------------------------------------------------------------------------------------------

def _formatter(value_format: ValueFormat) -> Callable[[float], str]:
    return value_format if callable(value_format) else value_format.format


def _number(value: float | None) -> float:
    return math.nan if value is None or not math.isfinite(value) else float(value)


def _total(values: list[float]) -> float:
    return sum(v for v in values if not math.isnan(v))


def _check_lengths(labels: Sequence[str], series: Mapping[str, Sequence[Any]]) -> None:
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")


def _colors(colors: Sequence[str] | None, count: int, ordered: bool = False) -> list[str]:
    if colors:
        return [colors[i % len(colors)] for i in range(count)]
    if ordered and count > 2:
        from matplotlib import colormaps
        from matplotlib.colors import to_hex

        ramp = colormaps["viridis"]
        return [to_hex(ramp(0.05 + 0.9 * i / (count - 1))) for i in range(count)]
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def _fit(label: object, width: int, lines: int = 1) -> str:
    """``label`` on at most ``lines`` lines of about ``width`` characters, cut with "…" when longer."""
    text = " ".join(str(label).split())
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…")) or text[: width - 1] + "…"


_ADVANCES: dict[str, float] = {}  # width of each character met so far, in em of DejaVu Sans


def _measure(text: str, size: float) -> float:
    """Width in pt of the longest line of ``text`` at ``size`` pt (glyph advances, without kerning)."""
    widths = _ADVANCES
    for character in set(text) - widths.keys():
        widths[character] = _advance(character)
    return max(sum(widths[c] for c in line) for line in text.split("\n")) * size


def _advance(character: str) -> float:
    from matplotlib import ft2font

    font = _font()
    font.set_size(72, 72)  # a pixel is then 1/72 em; matplotlib sets the size it needs before each use
    if font.get_char_index(ord(character)) == 0:  # not in the font: the reader's fallback font draws it
        return 1.0 if unicodedata.east_asian_width(character) in ("W", "F") else 0.6
    flags = getattr(ft2font, "LoadFlags", None)
    no_hinting = flags.NO_HINTING if flags is not None else ft2font.LOAD_NO_HINTING  # matplotlib < 3.10
    return font.load_char(ord(character), flags=no_hinting).linearHoriAdvance / 65536 / 72


@functools.cache
def _font():
    from matplotlib.font_manager import FontProperties, findfont, get_font

    return get_font(findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False))


def _ink(color: Any) -> str:
    """Dark or white text, whichever reads better on ``color``."""
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(color)
    return "#ffffff" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5 else TEXT_COLOUR
