"""Every role's home page on a 390 px phone and a 1280 px desktop, in a real browser: nothing scrolls sideways,
each work-queue line is a link at least 44 px high, no inline style, and axe-core finds no serious or critical
WCAG 2.2 AA violation."""

from datetime import date, timedelta

import pytest

from tests import browser_helpers
from tests.browser_helpers import DESKTOP, PHONE, axe_violations, log_in_with_keyboard

browser, live_url, page = browser_helpers.browser, browser_helpers.live_url, browser_helpers.page
pytestmark = browser_helpers.BROWSER_MARKS
MIN_TAP = 44


@pytest.fixture
def people(db, make_world, make_user, open_cycle, make_workshop, make_enrolment):
    """A head of unit (employee and supervisor) with two staff, an open cycle, classes to take, to teach and to
    close; a trainer, an HR officer and an administrator."""
    world = make_world(staff=2)
    open_cycle(name="Penilaian Kinerja Tahunan dengan Nama Periode yang Cukup Panjang 2026")
    head = make_user(employee=world.supervisor)
    trainer = make_user("employee", "trainer")
    make_workshop(trainers=[trainer], status="running", batch="Angkatan Hari Ini dengan Nama Panjang")
    make_workshop(trainers=[trainer], status="running", batch="Sudah Lewat", first_day=date.today() - timedelta(days=4))
    soon = make_workshop(first_day=date.today() + timedelta(days=5), status="closed", requires_approval=True)
    make_enrolment(soon, world.supervisor)
    make_enrolment(soon, world.staff[0], status="awaiting_approval")
    hr = make_user("hr")
    admin = make_user("admin", with_employee=False, email="admin@pemkomedan.go.id")
    return {"employee-supervisor": head.employee.nip, "trainer": trainer.employee.nip, "hr": hr.employee.nip,
            "admin": admin.email}


@pytest.mark.parametrize("role", ["employee-supervisor", "trainer", "hr", "admin"])
def test_the_home_page_fits_a_phone_with_tappable_lines(page, people, role):
    log_in_with_keyboard(page, people[role])
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto("/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], page.evaluate(browser_helpers.WIDEST)
    lines = page.locator("main .queue-item")
    assert lines.count() >= 2
    page.set_viewport_size(PHONE)
    for index in range(lines.count()):
        box = lines.nth(index).bounding_box()
        assert box and box["height"] >= MIN_TAP and box["x"] + box["width"] <= PHONE["width"], box
    assert not page.locator("main [style]").count()
    blocking = [v for v in axe_violations(page) if v["impact"] in browser_helpers.BLOCKING]
    assert blocking == []
