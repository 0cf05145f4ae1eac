"""axe-core on every page each role reaches from its navigation (the navbar's links and the footer's, and from
the lists there the first entry: a framework, a position, an employee, a cycle, a class, a rating form, every
report and HR's forms for a new employee, course and cycle), at
1280 px and on a 390 px phone: nothing serious or critical under WCAG 2.2 A/AA, and no page scrolls sideways.
Each URL is checked once per width, by the first role that reaches it (the home page by every role: it differs
by role). The pages and findings are written to ``e2e-axe-<width>.json`` in pytest's temporary folder.
"""

import json
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from courses.models import Certificate, TrainingRecord
from tests import browser_helpers, test_e2e_loop
from tests.browser_helpers import DESKTOP, PHONE, PageLog, log_in_with_keyboard

browser, live_url, city = browser_helpers.browser, browser_helpers.live_url, test_e2e_loop.city  # the fixtures
pytestmark = browser_helpers.BROWSER_MARKS

# From a list reached by the navigation, the entries to follow too: (list path, CSS selector, how many).
FOLLOW = [
    ("/kamus-kompetensi", "main a[href^='/kamus-kompetensi/']:not([href$='.csv'])", 1),
    ("/jabatan", "main a[href^='/jabatan/']:not([href$='/baru']):not([href$='/ubah'])", 1),
    ("/pegawai", "main a[href^='/pegawai/']:not([href$='/baru'])", 1),
    ("/penilaian/siklus", "main a[href^='/penilaian/siklus/']:not([href$='/baru'])", 1),
    ("/diklat/kelas", "main a[href^='/diklat/kelas/']", 1),
    ("/laporan", "main a[href^='/laporan/']", 20),
    ("/penilaian/tugas", "main a[href^='/penilaian/formulir/']", 1),  # a rating form
    ("/pegawai", "main a[href='/pegawai/baru']", 1),  # and HR's forms
    ("/diklat/pelatihan", "main a[href='/diklat/pelatihan/baru']", 1),
    ("/penilaian/siklus", "main a[href='/penilaian/siklus/baru']", 1),
]
LINKS = """els => els.map(el => el.getAttribute('href'))
  .filter(href => href.startsWith('/') && !href.startsWith('//') && !/\\.(csv|xlsx|pdf|zip)$/.test(href))"""


@pytest.fixture
def town(city, db, make_user, make_course, make_workshop, make_enrolment, open_cycle) -> SimpleNamespace:
    """The loop's city, with an open appraisal cycle, a class the employee completed (certificate and riwayat
    diklat) and an administrator."""
    open_cycle(name=f"Penilaian Kinerja Tahunan {date.today().year}")
    finished = make_workshop(course=make_course(title="Literasi Digital untuk Pelayanan Publik"), status="completed",
                             first_day=date.today() - timedelta(days=60), sessions=2)
    completed = make_enrolment(finished, city.employee, status="completed")
    db.session.add_all([
        TrainingRecord(employee_id=city.employee.id, source="course", status="approved", enrolment_id=completed.id,
                       title=finished.course.title, provider="BKPSDM Kota Medan", siasn_kind_id=3,
                       starts_on=finished.starts_on, ends_on=finished.ends_on, hours_jp=16),
        Certificate(enrolment_id=completed.id, year=finished.ends_on.year, sequence=1,
                    number=f"00001/BKPSDM-MDN/DIKLAT/{finished.ends_on.year}", verification_code="AXE0000000001",
                    issued_on=finished.ends_on)])
    db.session.commit()
    admin = make_user("admin", with_employee=False, email="admin@example.go.id")
    return SimpleNamespace(logins=[("pegawai", city.employee.nip), ("atasan", city.head.nip),
                                   ("pengajar", city.trainer.nip), ("sdm", city.hr.nip),
                                   ("admin", admin.email)])


def _crawl(page, log: PageLog, role: str, seen: set[str]) -> None:
    queue, mine = ["/", *page.locator("nav.navbar a[href], footer a[href]").evaluate_all(LINKS)], set()
    while queue:
        path = queue.pop(0)
        if path in mine or (path in seen and path != "/"):
            continue
        mine.add(path)
        seen.add(path)
        page.goto(path)
        log.check(page, f"{role} {path}", fail=False)
        for listed, selector, limit in FOLLOW:
            if path == listed:
                queue += page.locator(selector).evaluate_all(LINKS)[:limit]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda viewport: f"{viewport['width']}px")
def test_every_page_of_every_role_passes_axe(viewport, town, browser, live_url, tmp_path_factory):
    log, seen = PageLog(), set()
    for role, login in town.logins:
        context = browser.new_context(base_url=live_url, locale="id-ID", viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            log_in_with_keyboard(page, login)
            _crawl(page, log, role, seen)
        finally:
            context.close()
    report = tmp_path_factory.getbasetemp() / f"e2e-axe-{viewport['width']}.json"
    log.write(report)
    summary = {key: value for key, value in log.summary().items() if key != "visits"}
    print(f"\n{report}: {json.dumps(summary)}")
    assert log.visits and len(seen) > 30  # every role's pages, not just a log-in page
    failures = [f"{visit.name} at {visit.width} px: {visit.problem}" for visit in log.visits if visit.problem]
    assert not failures, "\n".join(failures)
