#!/usr/bin/env python3
"""Draw Kompeten's mark, a white K on the navbar's green, as static/favicon.svg and (with
Pillow, from the same shapes) static/favicon.ico at 16, 32 and 48 px.

    .venv/bin/python scripts/favicon.py

The files are committed; run this again only to change the mark. tests/test_favicon.py checks that the icon in
static/ is the one these shapes give.
"""

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parents[1] / "static"
GRID = 64  # the shapes' coordinates are on a 64 x 64 grid
GREEN, WHITE = "#146c43", "#ffffff"  # the navbar's green (static/app.css)
RADIUS = 12
SHAPES = (  # white polygons: the K's stem, its upper arm and its lower arm
    ((14, 12), (25, 12), (25, 52), (14, 52)),
    ((25, 30), (40, 12), (53, 12), (33, 36)),
    ((30, 33), (37, 27), (54, 52), (41, 52)),
)
ICO_SIZES = (16, 32, 48)


def svg() -> str:
    polygons = "".join(f'<polygon points="{" ".join(f"{x},{y}" for x, y in shape)}"/>' for shape in SHAPES)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}" role="img" aria-label="Kompeten">'
            f'<rect width="{GRID}" height="{GRID}" rx="{RADIUS}" fill="{GREEN}"/><g fill="{WHITE}">{polygons}</g>'
            "</svg>\n")


def image(size: int) -> Image.Image:
    """The mark drawn at 4x ``size`` and scaled down (Pillow draws without anti-aliasing)."""
    scale = size * 4 / GRID
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), radius=round(RADIUS * scale), fill=GREEN)
    for shape in SHAPES:
        draw.polygon([(x * scale, y * scale) for x, y in shape], fill=WHITE)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    (STATIC / "favicon.svg").write_text(svg(), encoding="utf-8")
    largest = image(max(ICO_SIZES))
    largest.save(STATIC / "favicon.ico", format="ICO", sizes=[(size, size) for size in ICO_SIZES],
                 append_images=[image(size) for size in ICO_SIZES if size != max(ICO_SIZES)])


if __name__ == "__main__":
    main()
