"""The product's mark as the browser's icon: linked from every page, and answered at /favicon.ico."""

import importlib.util
import io
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("favicon_script", ROOT / "scripts" / "favicon.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_favicon_ico_answers_everyone_with_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    icon = Image.open(io.BytesIO(response.data))
    assert icon.format == "ICO" and icon.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    assert icon.convert("RGB").getpixel((2, 24)) == (20, 108, 67)  # the navbar's green around a white K
    assert icon.convert("RGB").getpixel((14, 24)) == (255, 255, 255)


def test_every_page_links_the_icons(client):
    html = client.get("/masuk").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/favicon.ico"' in html
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"


def test_the_committed_icons_are_what_the_script_draws():
    script = _script()
    assert (ROOT / "static" / "favicon.svg").read_text(encoding="utf-8") == script.svg()
    with Image.open(ROOT / "static" / "favicon.ico") as stored:
        stored.size = (32, 32)
        assert stored.convert("RGBA").tobytes() == script.image(32).tobytes()
