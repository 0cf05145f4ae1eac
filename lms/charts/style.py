"""The look shared by every chart: font sizes, colours, line styles and matplotlib's settings while drawing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FONT_SIZE = 8.0
SMALL_FONT_SIZE = 7.0
FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"  # for browsers without DejaVu Sans

TEXT_COLOUR = "#222222"
MUTED_COLOUR = "#666666"
GRID_COLOUR = "#dddddd"
TARGET_COLOUR = "#a23b2a"
# Categorical colours in alternating dark / light order, so neighbouring series differ in greyscale too.
PALETTE = ("#1f4e79", "#e3a33b", "#6a9fd0", "#a23b2a", "#9cc98f", "#555555", "#c7b4e2", "#2f7f5f")
LINE_STYLES = ("-", (0, (5, 2.5)), (0, (1.2, 1.8)), (0, (6, 2, 1.2, 2)))
MARKERS = ("o", "s", "^", "D", "v", "P")

# matplotlib's settings (rcParams) while a chart is drawn.
RC = {
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


def series_colours(colors: Sequence[str] | None, count: int, ordered: bool = False) -> list[str]:
    """One colour per series: the caller's (repeated as needed), a dark-to-light ramp for ``ordered``
    categories, or the palette."""
    if colors:
        return [colors[i % len(colors)] for i in range(count)]
    if ordered and count > 2:
        from matplotlib import colormaps
        from matplotlib.colors import to_hex

        ramp = colormaps["viridis"]
        return [to_hex(ramp(0.05 + 0.9 * i / (count - 1))) for i in range(count)]
    return [PALETTE[i % len(PALETTE)] for i in range(count)]


def series_line(index: int, color: str) -> dict[str, Any]:
    """The line of the ``index``-th series (line charts): told apart by dash and marker too."""
    return {"color": color, "linewidth": 1.6, "linestyle": LINE_STYLES[index % len(LINE_STYLES)],
            "marker": MARKERS[index % len(MARKERS)], "markersize": 3.5}


def ink(color: Any) -> str:
    """Dark or white text, whichever reads better on ``color``."""
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(color)
    return "#ffffff" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5 else TEXT_COLOUR
