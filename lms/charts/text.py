"""Text in charts: how long labels may be, fitting them to lines with "…", and measuring their width."""

from __future__ import annotations

import functools
import textwrap
import unicodedata

CHAR_WIDTH = 0.58  # average width of a DejaVu Sans character, in em, to estimate how much text fits

# Label lengths (characters per line, lines) before "…".
TITLE = (70, 2)  # 10 pt bold
CATEGORY_LABEL = (34, 2)
SERIES_LABEL = 32
COLUMN_LABEL = 28

_ADVANCES: dict[str, float] = {}  # width of each character met so far, in em of DejaVu Sans


def fit(label: object, width: int, lines: int = 1) -> str:
    """``label`` on at most ``lines`` lines of about ``width`` characters, cut with "…" when longer."""
    text = " ".join(str(label).split())
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder="…")) or text[: width - 1] + "…"


def measure(text: str, size: float) -> float:
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
