"""The pages of employees, supervisors and trainers on a 390 px phone: nothing scrolls sideways, the tables
turn into one card per row (the shared ``.table-cards`` pattern of static/app.css), the main actions are on
screen and big enough to tap (44 px); at 1280 px the tables are still tables.

Set ``KOMPETEN_SCREENSHOTS`` to a folder to keep a full-page screenshot of every page at both widths.
"""

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from competencies.appraisals import consolidation, cycles, performance
from courses.models import Attendance, Certificate, CourseCompetency, TrainingRecord, WorkshopSession
from tests import test_browser
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all

browser, live_url, page = test_browser.browser, test_browser.live_url, test_browser.page  # the browser fixtures
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(test_browser.CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MIN_TAP = 44  # px: the smallest comfortable touch target
SCREENSHOTS = os.environ.get("KOMPETEN_SCREENSHOTS")


@dataclass
class Screen:
    """A page to open as ``login`` (a NIP), the controls that must be on screen and tappable on a phone, and
    whether its tables must turn into cards there."""
    login: str
    url: str
    actions: list[tuple[str, str]] = field(default_factory=list)  # (ARIA role, accessible name)
    selectors: list[str] = field(default_factory=list)  # CSS selectors of further controls to tap
    cards: bool = True


@pytest.fixture
def town(db, make_world, make_user, make_course, make_workshop, make_enrolment, open_cycle) -> SimpleNamespace:
    """A head of unit with three staff whose position requires three competencies, appraisals (last year's
    final, this year's open), classes (one completed with a certificate, one running, one open for enrolment
    that closes a gap), riwayat diklat with an external record, and a trainer with a class of four."""
    world = make_world(staff=3)
    staff, head = world.staff, world.supervisor
    staff[0].name = "Dra. Hj. Rahmawati Siregar Nasution, S.Sos., M.AP."
    db.session.commit()
    make_user(employee=staff[0])
    make_user(employee=head)
    trainer = make_user("employee", "trainer")

    last_year = open_cycle(name="Penilaian Kinerja Tahunan 2025", year=date.today().year - 1)
    rate_all(db, form_of(db, last_year, staff[0], "self"), 1)  # below the required level 2: gaps to close
    fill_performance(db, appraisal_of(db, last_year, staff[0]))
    rate_all(db, form_of(db, last_year, staff[0], "supervisor"), 1)
    consolidation.consolidate_cycle(None, last_year)
    db.session.commit()
    cycles.finalise_cycle(None, last_year)
    db.session.commit()
    this_year = open_cycle(name="Penilaian Kinerja Tahunan 2026")
    plan = appraisal_of(db, this_year, staff[0])
    performance.add_target(None, plan, description="Menyelesaikan verifikasi berkas layanan perizinan",
                           indicator="Persentase berkas terverifikasi tepat waktu", target=100.0, unit="persen",
                           actual=None)
    db.session.commit()

    competency = world.framework.competencies[0]
    course = make_course(title="Pelayanan Publik Prima bagi Aparatur Sipil Negara", hours_jp=24)
    db.session.add(CourseCompetency(course=course, competency=competency, entry_level=0, granted_level=2))
    db.session.commit()
    today = date.today()
    make_workshop(course=course, first_day=today + timedelta(days=14), enrol_opens_on=today - timedelta(days=1),
                  enrol_closes_on=today + timedelta(days=7), venue="Aula Lantai 3 Kantor Wali Kota Medan")

    naskah = make_workshop(course=make_course(title="Tata Naskah Dinas Elektronik"), batch="Angkatan II",
                           first_day=today + timedelta(days=21))
    make_enrolment(naskah, staff[0])
    make_enrolment(naskah, staff[1], status="awaiting_approval", requested_at=datetime(2026, 11, 30, 9, 15))

    finished = make_workshop(course=make_course(title="Literasi Digital untuk Pelayanan Publik"), status="completed",
                             first_day=date(2026, 3, 2), sessions=2)
    completed = make_enrolment(finished, staff[0], status="completed")
    record = TrainingRecord(employee_id=staff[0].id, source="course", status="approved", enrolment_id=completed.id,
                            title=finished.course.title, provider="BKPSDM Kota Medan", siasn_kind_id=3,
                            starts_on=finished.starts_on, ends_on=finished.ends_on, hours_jp=16)
    db.session.add_all([record, Certificate(
        enrolment_id=completed.id, year=2026, sequence=17, number="00017/BKPSDM-MDN/DIKLAT/III/2026",
        verification_code="PHONE0000017CODE", issued_on=finished.ends_on)])
    db.session.add(TrainingRecord(
        employee_id=staff[0].id, source="external", status="approved",
        title="Bimbingan Teknis Pengelolaan Arsip Dinamis Berbasis Elektronik",
        provider="Arsip Nasional Republik Indonesia (ANRI)", siasn_kind_id=3, starts_on=date(2026, 2, 9),
        ends_on=date(2026, 2, 11), hours_jp=24, certificate_number="ANRI/BIMTEK/2026/02/000123456789",
        scan_filename="sertifikat.pdf", scan_content_type="application/pdf", scan=b"%PDF-1.4\n%%EOF\n"))
    db.session.commit()

    teaching = make_workshop(course=make_course(title="Penyusunan Standar Pelayanan Publik"), trainers=[trainer],
                             status="running", first_day=today, sessions=2)
    make_enrolment(teaching, staff[0])
    for person in (*staff[1:], head):
        make_enrolment(teaching, person)
    session: WorkshopSession = teaching.sessions[0]
    unscheduled = make_course(title="Manajemen Arsip Elektronik")  # no class yet: the employee may ask for one
    return SimpleNamespace(employee=staff[0], supervisor=head, trainer=trainer.employee, teaching=teaching,
                           unscheduled=unscheduled,
                           session=session, record=record, result=appraisal_of(db, last_year, staff[0]), plan=plan)


def _screens(town) -> dict[str, Screen]:
    employee, supervisor, trainer = town.employee.nip, town.supervisor.nip, town.trainer.nip
    return {
        "penilaian-tugas": Screen(employee, "/penilaian/tugas", [("link", "Isi")]),
        "penilaian-hasil": Screen(employee, "/penilaian/hasil", [("link", "Lihat hasil")]),
        "pelatihan-saya": Screen(employee, "/pelatihan-saya",
                                 [("link", "Sertifikat"), ("link", "Beri umpan balik"),
                                  ("button", "Mengundurkan diri")]),
        "riwayat-diklat": Screen(employee, f"/pegawai/{town.employee.id}/riwayat-diklat",
                                 [("link", "Laporkan pelatihan eksternal"), ("link", "Pindaian"),
                                  ("link", "Beri umpan balik")]),
        "hasil": Screen(employee, f"/penilaian/hasil/{town.result.id}", [("button", "Terima hasil")]),
        "profil-kompetensi": Screen(employee, f"/pegawai/{town.employee.id}/profil-kompetensi"),
        "kesenjangan": Screen(employee, f"/pegawai/{town.employee.id}/kesenjangan-kompetensi",
                              [("button", "Daftar")]),
        "pelatihan-tanpa-kelas": Screen(employee, f"/katalog/{town.unscheduled.id}",
                                        [("button", "Beri tahu saya / ajukan kelas")], cards=False),
        "tim-kesenjangan": Screen(supervisor, "/tim-saya/kesenjangan-kompetensi",
                                  [("link", town.employee.full_name)]),
        "tim-saya": Screen(supervisor, "/tim-saya", [("link", town.employee.full_name)]),
        "skp": Screen(supervisor, f"/penilaian/{town.plan.id}/skp",
                      [("button", "Hapus"), ("button", "Simpan penilaian perilaku kerja")],
                      selectors=["main table.table-cards label.btn"]),
        "persetujuan": Screen(supervisor, "/diklat/persetujuan", [("button", "Setujui"), ("button", "Tolak")],
                              selectors=["main input[name=reason]"]),
        "presensi": Screen(trainer, f"/pengajar/kelas/{town.teaching.id}/sesi/{town.session.id}/presensi",
                           [("button", "Simpan presensi"), ("button", "Tandai semua hadir")],
                           selectors=["main table.table-cards label.btn"]),
        "kelas-saya": Screen(trainer, "/pengajar/", [("link", town.teaching.course.title)]),
        "kelas": Screen(trainer, f"/pengajar/kelas/{town.teaching.id}",
                        [("link", "Daftar hadir"), ("link", "Ubah"), ("button", "Hapus")],
                        selectors=["main table.table-cards .cell-actions .btn"]),
        "peserta": Screen(trainer, f"/pengajar/kelas/{town.teaching.id}/peserta"),
        "nilai": Screen(trainer, f"/pengajar/kelas/{town.teaching.id}/nilai", [("button", "Simpan nilai")],
                        selectors=["main table.table-cards input.form-control"]),
        "penutupan": Screen(trainer, f"/pengajar/kelas/{town.teaching.id}/penutupan",
                            [("button", "Tutup kelas dan terbitkan sertifikat")],
                            selectors=["main table.table-cards select", "main table.table-cards input"]),
    }


# The elements that reach the right edge of the page when it is wider than the screen (for the failure message).
WIDEST = """() => {
  const edge = document.documentElement.scrollWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right >= edge - 1)
    .slice(-4)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 30)}`);
}"""


def _screenshot(page, name: str, width: int) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}.png"), full_page=True)


def _open(page, screen: Screen, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    page.goto(screen.url)
    assert page.locator("h1").count() == 1, page.url  # the page itself, not an error or the log-in page


def _controls(page, screen: Screen) -> list:
    controls = [page.locator("main").get_by_role(role, name=name, exact=True) for role, name in screen.actions]
    controls += [page.locator(selector) for selector in screen.selectors]
    return controls


PAGES = ["penilaian-tugas", "penilaian-hasil", "hasil", "profil-kompetensi", "pelatihan-saya", "riwayat-diklat",
         "kesenjangan", "pelatihan-tanpa-kelas",  # the employee's
         "skp", "tim-saya", "tim-kesenjangan", "persetujuan",  # the supervisor's
         "presensi", "kelas-saya", "kelas", "peserta", "nilai", "penutupan"]  # the trainer's


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_a_phone_and_stays_a_table_on_a_desktop(page, town, name):
    screen = _screens(town)[name]
    test_browser.log_in_with_keyboard(page, screen.login)

    _open(page, screen, PHONE)
    styled = page.locator("main [style]").evaluate_all("els => els.map(el => el.outerHTML.slice(0, 120))")
    assert not styled, f"inline style attributes (a strict CSP refuses them): {styled}"
    _screenshot(page, name, PHONE["width"])  # (taking it sets style="" on fields)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (f"{screen.url} is {width} px wide on a {PHONE['width']} px phone: "
                                     f"{page.evaluate(WIDEST)}")
    for control in _controls(page, screen):
        assert control.count(), control
        for index in range(control.count()):
            box = control.nth(index).bounding_box()
            assert box, control.nth(index)
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (control, box)
            assert box["height"] >= MIN_TAP, (control, box)
    if screen.cards:
        tables = page.locator("main table.table-cards")
        assert tables.count(), "no table turns into cards"
        assert tables.first.evaluate("table => getComputedStyle(table.tBodies[0].rows[0]).display") == "block"
        assert tables.first.locator("thead").is_hidden()

    _open(page, screen, DESKTOP)
    _screenshot(page, name, DESKTOP["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    for table in page.locator("main table").all():
        assert table.evaluate("table => getComputedStyle(table).display") == "table"
        assert table.evaluate("table => getComputedStyle(table.tBodies[0].rows[0]).display") == "table-row"


def test_attendance_is_taken_with_toggles_on_a_phone(page, town, db):
    screen = _screens(town)["presensi"]
    test_browser.log_in_with_keyboard(page, screen.login)
    _open(page, screen, PHONE)
    card = page.locator("main table.table-cards tbody tr").filter(has_text=town.employee.full_name)
    card.get_by_text("Terlambat", exact=True).click()
    assert card.get_by_role("radio", name=f"{town.employee.full_name} Terlambat").is_checked()
    page.get_by_role("button", name="Simpan presensi").click()
    page.wait_for_load_state()
    db.session.expire_all()
    assert db.session.query(Attendance).filter_by(session_id=town.session.id).one().status == "late"
    card = page.locator("main table.table-cards tbody tr").filter(has_text=town.employee.full_name)
    assert card.get_by_role("radio", name=f"{town.employee.full_name} Terlambat").is_checked()
