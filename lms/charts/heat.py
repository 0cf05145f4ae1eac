"""The heat map: a grid of values coloured in steps from light to dark, with the value in each cell while the
cells are wide enough, and a colour scale underneath."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from lms.charts.layout import LINE, PAD, PT_WIDTH, Canvas, draw_row_labels, offset, row_label_size, rows, value_ticks
from lms.charts.style import FONT_SIZE, MUTED_COLOUR, SMALL_FONT_SIZE, ink
from lms.charts.svg import EMPTY_TEXT, empty, render
from lms.charts.text import COLUMN_LABEL, fit, measure
from lms.charts.values import ValueFormat, formatter, number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Colours in steps: easier to tell apart on paper, and one compound path per step draws far faster (and
# smaller) than a path per cell.
HEAT_STEPS = 10
MUTED_FILL = "#e9ecef"  # a muted cell: its grey text reads on it (4.9:1)
SCALE_BLOCK = 7 + 3 + SMALL_FONT_SIZE * LINE + 10  # the colour scale, its ticks and labels, and the gap above it


def heat_map(row_labels: Sequence[str], column_labels: Sequence[str], values: Sequence[Sequence[float | None]], *,
             title: str = "", value_format: ValueFormat = "{:.0%}", max_value: float = 1.0, min_value: float = 0.0,
             cmap: str = "Blues", none_text: str = "–", show_title: bool = True,
             empty_text: str = EMPTY_TEXT, muted: Sequence[Sequence[bool]] | None = None) -> Markup:
    """A grid of ``values[row][column]`` coloured from ``min_value`` (light) to ``max_value`` (dark), with the
    value written in each cell while the cells are wide enough for it (percentages: up to about 15 columns),
    and a colour scale. None means "not applicable": a grey hatched cell showing ``none_text``. ``cmap`` names
    a sequential matplotlib colour map ("Blues", "Greens", "YlOrRd" for gaps...). A cell ``muted`` (e.g. a share
    of too few people to mean much) is plain light grey with its value in grey, whatever the value."""
    if len(values) != len(row_labels) or any(len(row) != len(column_labels) for row in values):
        raise ValueError("heat_map needs one row of values per row label, one value per column label")
    if muted is not None and (len(muted) != len(values)
                              or any(len(m) != len(v) for m, v in zip(muted, values, strict=True))):
        raise ValueError("heat_map needs one muted flag per value")
    if not max_value > min_value:
        raise ValueError("heat_map needs max_value > min_value")
    if not row_labels or not column_labels:
        return empty(title, empty_text, show_title)
    return render(functools.partial(
        _draw_heat_map, row_labels=row_labels, column_labels=column_labels, values=values,
        fmt=formatter(value_format), min_value=min_value, max_value=max_value, cmap=cmap, none_text=none_text,
        muted=muted), title=title, show_title=show_title)


@dataclass(frozen=True)
class _Grid:
    """Where the cells go, in pt: the canvas and its axes, the labels as drawn and their sizes."""

    canvas: Canvas
    ax: Axes
    row_labels: list[str]
    column_labels: list[str]
    label_size: float
    column_size: float
    upright: bool  # column labels standing up (narrow cells), else slanted
    cell: float  # width
    row: float  # height
    left: float
    right: float
    height: float  # of the figure before rounding up to a whole pt


@dataclass(frozen=True)
class _Steps:
    """The colour steps from ``low`` to ``high``."""

    palette: list[str]
    low: float
    high: float

    def step(self, value: float) -> int:
        """The colour step of a value (values beyond the scale take its end colours)."""
        return min(HEAT_STEPS - 1, max(0, int((value - self.low) / (self.high - self.low) * HEAT_STEPS)))


def _draw_heat_map(row_labels: Sequence[str], column_labels: Sequence[str],
                   values: Sequence[Sequence[float | None]], fmt: Callable[[float], str], min_value: float,
                   max_value: float, cmap: str, none_text: str, title: str,
                   muted: Sequence[Sequence[bool]] | None) -> Figure:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    grid = _layout(row_labels, column_labels, title)
    numbers = [[number(v) for v in line] for line in values]
    ramp = colormaps[cmap]
    steps = _Steps([to_hex(ramp((i + 0.5) / HEAT_STEPS)) for i in range(HEAT_STEPS)], min_value, max_value)
    quiet = [[bool(muted and muted[r][c]) for c in range(len(line))] for r, line in enumerate(numbers)]
    _draw_cells(grid.ax, numbers, steps, quiet)
    _draw_labels(grid)
    _draw_cell_numbers(grid, numbers, steps, fmt, none_text, quiet)
    _draw_scale(grid, steps, fmt)
    grid.canvas.decorate([])
    return grid.canvas.figure


def _layout(row_labels: Sequence[str], column_labels: Sequence[str], title: str) -> _Grid:
    """The row labels' width decides the cells' width, which decides how the column labels stand."""
    wrapped_columns = [fit(label, COLUMN_LABEL, 1) for label in column_labels]
    header = Canvas.header(title)
    columns = len(column_labels)
    wrapped_rows, row, _ = rows(row_labels, extra=header + 140 + PAD + SCALE_BLOCK, least=0)
    label_size = row_label_size(wrapped_rows, row)
    left = PAD + max(measure(label, label_size) for label in wrapped_rows) + 5
    right = PAD
    cell = (PT_WIDTH - left - right) / columns
    upright = cell < 16
    column_size = min(FONT_SIZE, cell * 0.75) if upright else FONT_SIZE
    widths = [measure(label, column_size) for label in wrapped_columns]
    if upright:
        reach = max(widths)
    else:
        reach = (max(widths) + column_size) * 0.71
        right = max(PAD, max(w * 0.71 - (columns - j - 0.5) * cell for j, w in enumerate(widths)) + PAD)
        cell = (PT_WIDTH - left - right) / columns
    top = header + reach + 6
    bottom = PAD + SCALE_BLOCK
    wrapped_rows, row, height = rows(row_labels, extra=top + bottom, least=0)
    canvas = Canvas(height, title)
    return _Grid(canvas, canvas.axes(left, right, top, bottom), wrapped_rows, wrapped_columns, label_size,
                 column_size, upright, cell, row, left, right, height)


def _draw_cells(ax: Axes, numbers: list[list[float]], steps: _Steps, quiet: list[list[bool]]) -> None:
    """The cells of each colour step (and the muted ones) as one compound path each, on a grey hatched ground
    (the cells without value)."""
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    cells: list[list[tuple[int, int]]] = [[] for _ in range(HEAT_STEPS + 1)]  # the last: muted
    for r, line in enumerate(numbers):
        for c, value in enumerate(line):
            if not math.isnan(value):
                cells[HEAT_STEPS if quiet[r][c] else steps.step(value)].append((r, c))
    paths, fills = [], []
    for colour, members in zip([*steps.palette, MUTED_FILL], cells, strict=True):
        if members:
            corners = [point for r, c in members for point in ((c, r), (c + 1, r), (c + 1, r + 1), (c, r + 1), (c, r))]
            paths.append(Path(corners, [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
                              * len(members)))
            fills.append(colour)
    ax.add_collection(PathCollection(paths, facecolors=fills, edgecolors="white", linewidths=0.8), autolim=False)
    ax.patch.set_facecolor("#f2f2f2")
    ax.patch.set_hatch("////")
    ax.set_xlim(0, len(numbers[0]))
    ax.set_ylim(len(numbers), 0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def _draw_labels(grid: _Grid) -> None:
    """The row labels on the left, the column labels on top (standing up or slanted)."""
    from matplotlib.transforms import blended_transform_factory

    ax = grid.ax
    draw_row_labels(ax, grid.row_labels, grid.label_size, shift=0.5)
    place = blended_transform_factory(ax.transData, ax.transAxes) + offset(grid.canvas.figure, 0, 4)
    for c, label in enumerate(grid.column_labels):
        ax.text(c + 0.5, 1, label, transform=place, rotation=90 if grid.upright else 45, fontsize=grid.column_size,
                ha="center" if grid.upright else "left", va="bottom" if grid.upright else "center",
                rotation_mode="default" if grid.upright else "anchor")


def _draw_cell_numbers(grid: _Grid, numbers: list[list[float]], steps: _Steps, fmt: Callable[[float], str],
                       none_text: str, quiet: list[list[bool]]) -> None:
    """Each cell's value (``none_text`` in a cell without one), when the cells are wide enough for them all."""
    texts = [["" if math.isnan(v) else fmt(v) for v in line] for line in numbers]
    widest = max(measure(none_text, 1), *(measure(t, 1) for line in texts for t in line))
    size = min(SMALL_FONT_SIZE + 0.5, (grid.cell - 4) / max(widest, 0.5), grid.row * 0.6)
    if size < 5:
        return
    for r, line in enumerate(numbers):
        for c, value in enumerate(line):
            if math.isnan(value) or quiet[r][c]:
                text, colour = none_text if math.isnan(value) else texts[r][c], MUTED_COLOUR
            else:
                text, colour = texts[r][c], ink(steps.palette[steps.step(value)])
            grid.ax.text(c + 0.5, r + 0.5, text, ha="center", va="center", fontsize=size, color=colour)


def _draw_scale(grid: _Grid, steps: _Steps, fmt: Callable[[float], str]) -> None:
    """The colour scale, centred under the grid."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import BoundaryNorm, ListedColormap

    canvas, height = grid.canvas, grid.height
    plot_width = canvas.width - grid.left - grid.right
    scale_width = min(200.0, plot_width * 0.6)
    x = grid.left + (plot_width - scale_width) / 2
    scale = canvas.figure.add_axes((x / canvas.width, (PAD + SMALL_FONT_SIZE * LINE + 3) / height,
                                    scale_width / canvas.width, 7 / height))
    bounds = [steps.low + (steps.high - steps.low) * i / HEAT_STEPS for i in range(HEAT_STEPS + 1)]
    mappable = ScalarMappable(norm=BoundaryNorm(bounds, HEAT_STEPS), cmap=ListedColormap(steps.palette))
    bar = canvas.figure.colorbar(mappable, cax=scale, orientation="horizontal")
    bar.outline.set_visible(False)
    ticks = value_ticks(steps.low, steps.high, integer=False)
    bar.set_ticks(ticks, labels=[fmt(t) for t in ticks])
    scale.tick_params(length=2, labelsize=SMALL_FONT_SIZE, pad=1.5)
