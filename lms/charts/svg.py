"""From a drawing function to the ``<svg>`` we hand out: matplotlib's settings and lock while drawing, its SVG
made fit to embed in a page, and the small chart of empty data (written without matplotlib)."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from lms.charts.layout import PAD, PT_WIDTH
from lms.charts.style import FONT_FAMILY, FONT_SIZE, GRID_COLOUR, MUTED_COLOUR, RC, TEXT_COLOUR
from lms.charts.text import fit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

EMPTY_TEXT = "Tidak ada data"

_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_LOCK = threading.Lock()  # matplotlib's settings (rcParams) and font cache are process-wide
_TOKEN = re.compile(r"(<[^<>]*>)")
_ATTRIBUTE = re.compile(r'([\w:.-]+)="([^"]*)"')
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_NUMBER = re.compile(r"-?\d+\.\d+")


def render(draw: Callable[..., Figure], title: str, show_title: bool) -> Markup:
    """The chart ``draw(title=...)`` makes, as markup to embed."""
    with _LOCK, _matplotlib_settings():
        buffer = io.StringIO()
        # Nothing keeps a Figure made without pyplot alive: it goes when this call returns.
        draw(title=title if show_title else "").savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return _finish(buffer.getvalue(), title)


@contextmanager
def _matplotlib_settings() -> Iterator[None]:
    import matplotlib

    with warnings.catch_warnings(), matplotlib.rc_context(RC):
        # A label in a script DejaVu Sans lacks (e.g. CJK) is still written as text; the reader's fonts draw it.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        yield


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
        elif piece.startswith("</"):
            if not (piece == "</g>" and dropped.pop()):
                out.append(piece)
        else:
            out.extend(_start_tag(piece, referenced, prefix, dropped, title))
    return Markup(re.sub(r"<defs></defs>", "", "".join(out)))  # noqa: S704 - texts were escaped by matplotlib


def _start_tag(tag: str, referenced: set[str], prefix: str, dropped: list[bool], title: str) -> list[str]:
    """A start (or empty) tag rewritten, none for a group without attributes; the root is followed by the
    chart's ``<title>``. ``dropped`` keeps, per open ``<g>``, whether its start tag went."""
    name = re.match(r"<([\w:-]+)", tag).group(1)
    closed = tag.endswith("/>")
    attributes = _attributes(tag, referenced, prefix)
    if name == "svg":
        attributes = {"xmlns": "http://www.w3.org/2000/svg", "xmlns:xlink": "http://www.w3.org/1999/xlink",
                      "width": attributes["width"], "height": attributes["height"],
                      "viewBox": attributes["viewBox"], "class": "chart", "role": "img",
                      "aria-labelledby": prefix + "title", "font-family": FONT_FAMILY,
                      "stroke-linejoin": "round", "stroke-linecap": "butt"}
    if closed and not attributes and name in ("g", "defs"):
        return []
    if name == "g" and not closed:
        dropped.append(not attributes)
        if not attributes:
            return []
    rendered = "".join(f' {key}="{value}"' for key, value in attributes.items())
    pieces = [f"<{name}{rendered}{'/' if closed else ''}>"]
    if name == "svg":
        pieces.append(f'<title id="{prefix}title">{escape(title)}</title>')
    return pieces


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


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def empty(title: str, empty_text: str, show_title: bool) -> Markup:
    """A small chart-sized note, written without matplotlib."""
    heading = title and show_title
    height = 58 if heading else 36
    width = f"{PT_WIDTH:g}"
    prefix = "c" + hashlib.sha256(f"{title}\0{empty_text}".encode()).hexdigest()[:8] + "-"
    return Markup(  # noqa: S704 - the two texts are escaped here
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" '
        f'viewBox="0 0 {width} {height}" class="chart" role="img" aria-labelledby="{prefix}title" '
        f'font-family="{FONT_FAMILY}"><title id="{prefix}title">{escape(title or empty_text)}</title>'
        + (f'<text x="{PAD:g}" y="{PAD + 9:g}" font-size="10" font-weight="700" fill="{TEXT_COLOUR}">'
           f"{escape(fit(title, 78, 1))}</text>" if heading else "")
        + f'<rect x="{PAD:g}" y="{height - 32}" width="{PT_WIDTH - 2 * PAD:g}" height="30" fill="#fafafa" '
        f'stroke="{GRID_COLOUR}"/><text x="{PT_WIDTH / 2:g}" y="{height - 14}" text-anchor="middle" '
        f'font-size="{FONT_SIZE:g}" fill="{MUTED_COLOUR}">{escape(empty_text)}</text></svg>')
