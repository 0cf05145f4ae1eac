"""The whole training loop in a real browser, as the four people involved do it, at 1280 px and on a 390 px
phone: an employee sees a gap and enrols, the supervisor approves, HR starts the class, the trainer records
attendance and scores and closes the class (accepting the confirmation dialog), the employee finds the new JP,
the new level and the certificate, whose verification address opens the verification page, then HR revokes the
certificate and the verification page says so.

Every page visited must fit the window's width and pass axe-core's WCAG 2.2 A/AA rules with nothing serious or
critical; the pages, their load times and axe's findings are written to ``e2e-<width>.json`` in pytest's
temporary folder (printed with ``-s``). With ``KOMPETEN_E2E_SCREENSHOTS`` set to a folder, the main pages are
kept there as compressed PNGs (the README's screenshots come from docs/screenshots).
"""

import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from flask import current_app
from pypdf import PdfReader

from competencies.models import Competency, Framework, Requirement
from courses.models import Certificate, CourseCompetency, Enrolment
from tests import browser_helpers
from tests.browser_helpers import DESKTOP, PHONE, PageLog, log_in_with_keyboard

browser, live_url = browser_helpers.browser, browser_helpers.live_url  # the fixtures
pytestmark = browser_helpers.BROWSER_MARKS
SCREENSHOTS = os.environ.get("KOMPETEN_E2E_SCREENSHOTS")


@pytest.fixture
def city(db, make_unit, make_position, make_employee, make_user, make_course, make_workshop) -> SimpleNamespace:
    """A unit whose staff position requires three competencies at level 3; an employee with no evidence yet
    (so three gaps) and their supervisor; a trainer and an HR officer; a course that raises Pelayanan Publik to
    level 3 (16 JP, post-test pass mark 70) and its class with one session today, open for enrolment, with the
    supervisor's approval required."""
    framework = Framework(code="ASN", name="Kompetensi Teknis ASN", scale=["1", "2", "3", "4", "5"],
                          proficient_level=3)
    service, digital, integrity = (
        Competency(framework=framework, code="T.PP", name="Pelayanan Publik", type="teknis", sort_order=1),
        Competency(framework=framework, code="T.LD", name="Literasi Digital", type="teknis", sort_order=2),
        Competency(framework=framework, code="M.01", name="Integritas", type="manajerial", sort_order=3))
    unit = make_unit("Dinas Kependudukan dan Pencatatan Sipil")
    position = make_position("Pengadministrasi Layanan Kependudukan", unit=unit)
    db.session.add_all([framework, *(Requirement(position=position, competency=competency, level=3,
                                                 weight="critical" if competency is service else "normal")
                                     for competency in (service, digital, integrity))])
    db.session.commit()
    head = make_employee("Ahmad Fauzi Lubis", position=make_position("Kepala Bidang Pelayanan", kind="administrator",
                                                                     unit=unit))
    employee = make_employee("Rina Marpaung", position=position, supervisor=head)
    trainer = make_employee("Dewi Sartika Harahap", position=make_position("Widyaiswara Ahli Muda",
                                                                           kind="fungsional_keahlian"))
    hr = make_employee("Hendra Siregar", position=make_position("Analis SDM Aparatur"))
    for person in (employee, head):
        make_user(employee=person)
    trainer_user = make_user("employee", "trainer", employee=trainer)
    make_user("employee", "hr", employee=hr)
    course = make_course(title="Pelayanan Prima", hours_jp=16, pass_mark=70)
    db.session.add(CourseCompetency(course=course, competency=service, entry_level=0, granted_level=3))
    today = date.today()
    workshop = make_workshop(course=course, trainers=[trainer_user], requires_approval=True, capacity=20,
                             enrol_opens_on=today - timedelta(days=7), enrol_closes_on=today)
    return SimpleNamespace(employee=employee, head=head, trainer=trainer, hr=hr, course=course, workshop=workshop,
                           session=workshop.sessions[0])


@dataclass
class Person:
    """One person's browser window, with the confirmation dialogs it was shown (each accepted)."""
    page: object
    dialogs: list[str] = field(default_factory=list)


@dataclass
class Run:
    browser: object
    live_url: str
    viewport: dict
    log: PageLog = field(default_factory=PageLog)
    people: list[Person] = field(default_factory=list)

    def log_in(self, login: str) -> Person:
        context = self.browser.new_context(base_url=self.live_url, locale="id-ID", viewport=self.viewport)
        person = Person(context.new_page())
        person.page.set_default_timeout(10_000)
        person.page.on("dialog", lambda dialog: (person.dialogs.append(dialog.message), dialog.accept()))
        self.people.append(person)
        if len(self.people) == 1:  # the log-in page itself, once
            person.page.goto("/masuk")
            self.check(person.page, "masuk", shot=True)
        log_in_with_keyboard(person.page, login)
        return person

    def check(self, page, name: str, shot: bool = False) -> None:
        screenshots = Path(SCREENSHOTS) if SCREENSHOTS and shot else None
        self.log.check(page, name, screenshots)

    def close(self) -> None:
        for person in self.people:
            person.page.context.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=lambda viewport: f"{viewport['width']}px")
def run(request, browser, live_url, tmp_path_factory):
    run = Run(browser, live_url, request.param)
    yield run
    run.close()
    report = tmp_path_factory.getbasetemp() / f"e2e-{request.param['width']}.json"
    run.log.write(report)
    summary = {key: value for key, value in run.log.summary().items() if key != "visits"}
    print(f"\n{report}: {json.dumps(summary)}")


def _goto(run: Run, page, url: str, name: str, shot: bool = False) -> None:
    page.goto(url)
    run.check(page, name, shot)


def _submit(run: Run, page, button, name: str, shot: bool = False) -> None:
    """Press a button that sends a form, wait for the page it leads to, and check that page."""
    with page.expect_navigation():
        button.click()
    run.check(page, name, shot)


def test_the_training_loop_from_gap_to_revoked_certificate(run, city, db):
    employee_id, workshop_id = city.employee.id, city.workshop.id

    # The employee sees the gaps of their position and asks for a place in the class that closes one.
    rina = run.log_in(city.employee.nip)
    run.check(rina.page, "beranda-pegawai", shot=True)
    _goto(run, rina.page, f"/pegawai/{employee_id}/kesenjangan-kompetensi", "kesenjangan", shot=True)
    main = rina.page.locator("main")
    assert "Pelayanan Publik 0 → 3" in main.inner_text()
    _submit(run, rina.page, main.get_by_role("button", name="Daftar").first, "kesenjangan-setelah-daftar")
    assert "persetujuan" in main.inner_text().lower()
    _goto(run, rina.page, "/pelatihan-saya", "pelatihan-saya")

    # The supervisor approves.
    ahmad = run.log_in(city.head.nip)
    _goto(run, ahmad.page, "/diklat/persetujuan", "persetujuan", shot=True)
    request_row = ahmad.page.locator("main tr").filter(has_text="Rina Marpaung")
    _submit(run, ahmad.page, request_row.get_by_role("button", name="Setujui"), "persetujuan-setelah-setuju")
    db.session.expire_all()
    assert db.session.query(Enrolment).filter_by(employee_id=employee_id).one().status == "enrolled"

    # HR closes the enrolment and starts the class.
    hendra = run.log_in(city.hr.nip)
    _goto(run, hendra.page, f"/diklat/kelas/{workshop_id}", "kelas-sdm")
    _submit(run, hendra.page, hendra.page.get_by_role("button", name="Tutup pendaftaran"), "kelas-sdm-ditutup")
    _submit(run, hendra.page, hendra.page.get_by_role("button", name="Mulai kelas"), "kelas-sdm-berlangsung")

    # The trainer takes attendance, enters the post-test score and closes the class, confirming the dialog.
    dewi = run.log_in(city.trainer.nip)
    _goto(run, dewi.page, "/pengajar/", "kelas-saya")
    _goto(run, dewi.page, f"/pengajar/kelas/{workshop_id}", "kelas-pengajar")
    _goto(run, dewi.page, f"/pengajar/kelas/{workshop_id}/sesi/{city.session.id}/presensi", "presensi", shot=True)
    row = dewi.page.locator("main table tbody tr").filter(has_text="Rina Marpaung")
    row.get_by_text("Hadir", exact=True).click()
    _submit(run, dewi.page, dewi.page.get_by_role("button", name="Simpan presensi"), "presensi-tersimpan")
    _goto(run, dewi.page, f"/pengajar/kelas/{workshop_id}/nilai", "nilai")
    dewi.page.locator("main table tbody tr").filter(has_text="Rina Marpaung").locator("input").last.fill("85")
    _submit(run, dewi.page, dewi.page.get_by_role("button", name="Simpan nilai"), "nilai-tersimpan")
    _goto(run, dewi.page, f"/pengajar/kelas/{workshop_id}/penutupan", "penutupan", shot=True)
    assert "Memenuhi kriteria kelulusan" in dewi.page.locator("main").inner_text()
    close = dewi.page.get_by_role("button", name="Tutup kelas dan terbitkan sertifikat")
    _submit(run, dewi.page, close, "penutupan-selesai")
    assert dewi.dialogs == ["Tutup kelas ini dan terbitkan sertifikat? Hanya BKPSDM yang dapat membukanya kembali."]
    db.session.expire_all()
    certificate = db.session.query(Certificate).one()

    # The employee finds the JP, the level and the certificate, whose verification address works.
    _goto(run, rina.page, f"/pegawai/{employee_id}/riwayat-diklat", "riwayat-diklat", shot=True)
    assert "Jam pelatihan tahun ini: 16 / 20 JP" in rina.page.locator("main").inner_text()
    _goto(run, rina.page, f"/pegawai/{employee_id}/profil-kompetensi", "profil-kompetensi")
    competency_row = rina.page.locator("main tr").filter(has_text="Pelayanan Publik").first
    assert re.search(r"\b3\b", competency_row.inner_text())
    _goto(run, rina.page, f"/pegawai/{employee_id}/kesenjangan-kompetensi", "kesenjangan-sesudah")
    assert "Pelayanan Publik 0 → 3" not in rina.page.locator("main").inner_text()
    _goto(run, rina.page, "/pelatihan-saya", "pelatihan-saya-selesai", shot=True)
    link = rina.page.locator("main").get_by_role("link", name="Sertifikat")
    pdf = rina.page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    address = re.search(r"https?://\S+/verifikasi/(\w+)", text)
    assert address and address.group(1) == certificate.verification_code, text
    assert address.group(0).startswith(current_app.config["PUBLIC_BASE_URL"])  # the configured address, where
    _goto(run, rina.page, urlsplit(address.group(0)).path, "verifikasi", shot=True)  # this server answers too
    assert "Sertifikat ini sah" in rina.page.locator("main").inner_text()

    # HR revokes it from the verification page; the verification page then says it is revoked.
    _goto(run, hendra.page, f"/verifikasi/{certificate.verification_code}", "verifikasi-sdm")
    hendra.page.get_by_role("link", name="Cabut sertifikat ini").click()
    run.check(hendra.page, "cabut-sertifikat")
    hendra.page.get_by_label("Alasan").fill("Peserta tidak mengikuti sesi praktik secara penuh.")
    _submit(run, hendra.page, hendra.page.get_by_role("button", name="Cabut sertifikat"), "verifikasi-dicabut")
    assert any(message.startswith("Cabut sertifikat") for message in hendra.dialogs)
    rina.page.reload()
    run.check(rina.page, "verifikasi-pemegang")
    assert "telah dicabut" in rina.page.locator("main").inner_text()
