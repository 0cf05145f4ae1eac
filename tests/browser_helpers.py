"""What the browser tests share: the headless Chromium (Debian's), the app served on a local port, log-in with
the keyboard, and the check every visited page gets: no sideways scrolling and axe-core's WCAG 2.2 AA rules
(axe is injected into the page by the test from static/vendor/axe-core, as a script of this site's own, which
the Content-Security-Policy allows where an inline one is refused; no page of the app loads it).

A test module takes the fixtures by assignment, as ``browser, live_url, page = ...`` (importing them under
their own name would be an unused import to the linter).
"""

import io
import json
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.helpers import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = "/static/vendor/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.0, 2.1 and 2.2, levels A and AA
BLOCKING = ("serious", "critical")  # axe's impacts that fail a test; moderate and minor ones are reported


@pytest.fixture(scope="module")
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in_with_keyboard(page, login: str, password: str = PASSWORD) -> None:
    page.goto("/masuk")
    # The NIP field gets the focus on arrival (autofocus: the browser applies it just after loading);
    # everything else is done with the keyboard.
    # (Locator checks, not wait_for_function: the Content-Security-Policy forbids the eval that one uses.)
    page.wait_for_selector("#identifier:focus")
    page.keyboard.type(login)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


# The elements that reach the right edge of a page wider than the screen (for a failure message).
WIDEST = """() => {
  const edge = document.documentElement.scrollWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right >= edge - 1)
    .slice(-4)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 30)}`);
}"""
# A page's load time from the browser's own navigation timing (request start to the load event), in ms.
LOAD_MS = """() => {
  const [entry] = performance.getEntriesByType('navigation');
  return entry ? Math.round(entry.loadEventEnd - entry.startTime) : null;
}"""
RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(results => results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))
  })))"""


def save_screenshot(page, path: Path) -> None:
    """The window as a small PNG: 256 colours (the pages are flat colours and text), optimised."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2 A/AA (2.0 to 2.2) violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE)
    return page.evaluate(RUN_AXE, AXE_TAGS)


@dataclass
class Visit:
    name: str
    url: str
    width: int
    load_ms: int | None
    violations: list[dict]
    overflow: str = ""  # how the page is wider than the window, if it is

    @property
    def blocking(self) -> list[dict]:
        return [violation for violation in self.violations if violation["impact"] in BLOCKING]

    @property
    def problem(self) -> str:
        """What fails the page: sideways scrolling, serious or critical violations (empty when none)."""
        return "\n".join(filter(None, [self.overflow, self.blocking and json.dumps(self.blocking, indent=1)]))


@dataclass
class PageLog:
    """Every page a browser test visited, its load time and axe's findings; written as JSON for the record."""
    visits: list[Visit] = field(default_factory=list)

    def check(self, page, name: str, screenshots: Path | None = None, fail: bool = True) -> Visit:
        """The page fits the window's width and axe finds nothing serious or critical on it (else the test fails
        here, or with ``fail=False`` the visit's ``problem`` says so)."""
        page.wait_for_load_state()
        width = page.viewport_size["width"]
        if screenshots is not None:
            save_screenshot(page, screenshots / f"{name}-{width}.png")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        overflow = ""
        if scroll_width > page.evaluate("innerWidth"):
            overflow = f"{scroll_width} px wide in a {width} px window: {page.evaluate(WIDEST)}"
        visit = Visit(name, page.url, width, page.evaluate(LOAD_MS), axe_violations(page), overflow)
        self.visits.append(visit)
        assert not fail or not visit.problem, f"{name} ({page.url}) at {width} px: {visit.problem}"
        return visit

    def summary(self) -> dict:
        timed = [visit for visit in self.visits if visit.load_ms is not None]
        slowest = max(timed, key=lambda visit: visit.load_ms, default=None)
        impacts: dict[str, int] = {}
        for visit in self.visits:
            for violation in visit.violations:
                impacts[violation["impact"]] = impacts.get(violation["impact"], 0) + 1
        return {
            "pages_visited": len(self.visits),
            "slowest": slowest and {"name": slowest.name, "url": slowest.url, "width": slowest.width,
                                    "load_ms": slowest.load_ms},
            "violations_by_impact": impacts,
            "visits": [{"name": visit.name, "url": visit.url, "width": visit.width, "load_ms": visit.load_ms,
                        "violations": visit.violations} for visit in self.visits],
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.summary(), indent=1, ensure_ascii=False), encoding="utf-8")
