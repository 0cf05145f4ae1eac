"""End-to-end checks in a real headless Chromium against the app served on a local port."""

import pytest
from sqlalchemy import select

from lms.people.models import Employee
from tests import browser_helpers
from tests.browser_helpers import CHROMIUM, log_in_with_keyboard

__all__ = ["CHROMIUM", "log_in_with_keyboard"]  # (tests/test_phone_layout.py takes them from here)
browser, live_url, page = browser_helpers.browser, browser_helpers.live_url, browser_helpers.page  # the fixtures
pytestmark = browser_helpers.BROWSER_MARKS


def test_log_in_with_the_keyboard_and_out_again(page, make_user):
    user = make_user("employee")
    log_in_with_keyboard(page, user.employee.nip)
    assert "Selamat datang" in page.inner_text("h1")
    assert user.employee.full_name in page.inner_text("h1")  # their own home page
    page.get_by_role("button", name=user.employee.full_name).click()  # the account menu
    page.get_by_role("button", name="Keluar").click()
    assert page.url.endswith("/masuk")


def test_a_wrong_password_is_announced_next_to_the_field(page, make_user):
    user = make_user("employee")
    log_in_with_keyboard(page, user.employee.nip, "salah-sekali-1")
    password = page.locator("#password")
    assert password.get_attribute("aria-invalid") == "true"
    error_id = password.get_attribute("aria-describedby")
    assert "kata sandi salah" in page.inner_text(f"#{error_id}")


def test_the_interface_switches_to_english_and_back(page, make_user):
    user = make_user("employee")
    log_in_with_keyboard(page, user.employee.nip)
    assert "Selamat datang" in page.inner_text("h1")
    page.get_by_role("button", name="English").click()
    assert "Welcome" in page.inner_text("h1")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Bahasa Indonesia").click()
    assert "Selamat datang" in page.inner_text("h1")


def test_choosing_a_unit_refreshes_the_positions_offered(page, make_user, make_unit, make_position):
    opd = make_unit("Dinas Kesehatan")
    puskesmas = make_unit("UPT Puskesmas Medan Johor", kind="upt", parent=opd)
    make_position("Kepala Dinas Kesehatan", kind="jpt", grade="Pratama", unit=opd)
    make_position("Perawat Terampil", kind="fungsional_keterampilan", grade="Terampil", unit=puskesmas)
    hr = make_user("employee", "hr")
    log_in_with_keyboard(page, hr.employee.nip)
    page.goto("/pegawai/baru")
    page.select_option("#unit_id", str(puskesmas.id))
    pytest.importorskip("playwright.sync_api").expect(page.locator("#position_id option")).to_have_count(2)
    options = page.locator("#position_id option").all_inner_texts()
    assert any("Perawat Terampil" in text for text in options)
    assert any("Kepala Dinas Kesehatan" in text for text in options)  # positions of the units above count


def test_deleting_asks_for_confirmation_first(page, make_user, make_employee, db):
    hr = make_user("employee", "hr")
    employee = make_employee("Pegawai Dihapus", nip="198001012005011001")
    log_in_with_keyboard(page, hr.employee.nip)
    page.goto(f"/pegawai/{employee.id}")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Hapus").click()
    assert dialogs and "tidak dapat dipulihkan" in dialogs[0]
    db.session.expire_all()
    assert db.session.scalar(select(Employee.id).where(Employee.id == employee.id)) == employee.id
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hapus").click()
    page.wait_for_url("**/pegawai")
    assert "dihapus" in page.inner_text("main")


def test_an_employee_finds_a_course_enrols_and_withdraws_after_confirming(page, make_user, db):
    from datetime import date, time, timedelta

    from courses.catalogue import services
    from courses.models import Enrolment

    hr = make_user("hr", with_employee=False, email="sdm@example.go.id")
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    course = services.create_course(hr, code="LD-01", title="Literasi Digital", hours_jp=16, modality="workshop",
                                    provider="BKPSDM Kota Medan", status="published")
    workshop = services.create_workshop(hr, course, trainers=[trainer], batch="Angkatan I", capacity=20,
                                        enrol_opens_on=date.today(), enrol_closes_on=date.today() + timedelta(7))
    services.add_session(hr, workshop, date.today() + timedelta(days=14), time(8), time(12))
    services.set_workshop_status(hr, workshop, "open")
    db.session.commit()
    employee = make_user("employee")
    log_in_with_keyboard(page, employee.employee.nip)

    page.goto("/katalog")
    page.get_by_label("Kata kunci").fill("literasi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Literasi Digital").first.click()
    page.get_by_role("button", name="Daftar").click()
    assert "Anda terdaftar sebagai peserta Literasi Digital – Angkatan I." in page.inner_text("main")

    page.goto("/pelatihan-saya")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Mengundurkan diri").click()
    assert dialogs
    db.session.expire_all()
    assert db.session.scalar(select(Enrolment.status)) == "enrolled"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Mengundurkan diri").click()
    page.wait_for_load_state()
    db.session.expire_all()
    assert db.session.scalar(select(Enrolment.status)) == "withdrawn"


def test_the_gap_page_shows_the_chart_and_enrols_in_one_click(page, make_user, make_position, db):
    from datetime import date, time, timedelta

    from competencies.models import Competency, Framework, Requirement
    from courses.catalogue import services
    from courses.models import CourseCompetency, Enrolment

    framework = Framework(code="ASN", name="Kompetensi ASN", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    service = Competency(framework=framework, code="T.PP", name="Pelayanan Publik", type="teknis")
    integrity = Competency(framework=framework, code="M.01", name="Integritas", type="manajerial")
    position = make_position("Pengadministrasi Layanan")
    db.session.add_all([framework, service, integrity,
                        Requirement(position=position, competency=service, level=3, weight="critical"),
                        Requirement(position=position, competency=integrity, level=1)])
    hr = make_user("hr", with_employee=False, email="sdm@example.go.id")
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    course = services.create_course(hr, code="PP-01", title="Pelayanan Prima", hours_jp=16, modality="pelatihan",
                                    provider="BKPSDM Kota Medan", status="published")
    db.session.add(CourseCompetency(course=course, competency=service, entry_level=0, granted_level=3))
    workshop = services.create_workshop(hr, course, trainers=[trainer], batch="Angkatan I", capacity=20,
                                        enrol_opens_on=date.today(), enrol_closes_on=date.today() + timedelta(7))
    services.add_session(hr, workshop, date.today() + timedelta(days=14), time(8), time(12))
    services.set_workshop_status(hr, workshop, "open")
    db.session.commit()
    employee = make_user("employee", employee=None)
    employee.employee.position = position
    db.session.commit()
    log_in_with_keyboard(page, employee.employee.nip)

    page.goto(f"/pegawai/{employee.employee.id}/kesenjangan-kompetensi")
    chart = page.locator("figure.gap-chart svg[role=img]")
    assert chart.bounding_box()["width"] > 200  # drawn, and scaled to its column
    assert "Integritas" in chart.text_content() and "Pelayanan Publik" in chart.text_content()
    assert "Pelayanan Publik 0 → 3, kritis untuk jabatan Anda (level 3)" in page.inner_text("main")
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/pegawai/{employee.employee.id}/kesenjangan-kompetensi")
    assert "Anda terdaftar sebagai peserta Pelayanan Prima – Angkatan I." in page.inner_text("main")
    db.session.expire_all()
    assert db.session.scalar(select(Enrolment.status)) == "enrolled"


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return errors


def test_cancelling_a_class_asks_first_and_answering_no_sends_nothing(page, make_user, db):
    from datetime import date, time, timedelta

    from courses.catalogue import services
    from courses.models import Workshop

    hr = make_user("employee", "hr")
    trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
    course = services.create_course(hr, code="LD-02", title="Literasi Data", hours_jp=8, modality="workshop",
                                    provider="BKPSDM Kota Medan", status="published")
    workshop = services.create_workshop(hr, course, trainers=[trainer], batch="Angkatan I", capacity=20,
                                        enrol_opens_on=date.today(), enrol_closes_on=date.today() + timedelta(7))
    services.add_session(hr, workshop, date.today() + timedelta(days=14), time(8), time(12))
    services.set_workshop_status(hr, workshop, "open")
    db.session.commit()
    csp_errors = _csp_errors(page)
    log_in_with_keyboard(page, hr.employee.nip)
    page.goto(f"/diklat/kelas/{workshop.id}")
    cancel = page.locator("form[action$='/batal']")
    cancel.locator("textarea").fill("Narasumber berhalangan hadir")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    cancel.get_by_role("button", name="Batalkan kelas").click()
    assert dialogs == ["Batalkan kelas ini? Semua pendaftaran dibatalkan dan peserta diberi tahu."]
    page.wait_for_timeout(300)  # time for a form that was sent anyway to arrive
    assert page.url.endswith(f"/diklat/kelas/{workshop.id}")
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).status == "open"
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        cancel.get_by_role("button", name="Batalkan kelas").click()
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).status == "cancelled"
    assert csp_errors == []


def test_pages_with_scripts_work_under_the_content_security_policy(page, make_user, make_position, db):
    """The requirement graph (Cytoscape) and the employee form's script run, and the browser refuses nothing."""
    from competencies.models import Competency, Framework, Requirement

    framework = Framework(code="ASN", name="Kompetensi ASN", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    competency = Competency(framework=framework, code="T.PP", name="Pelayanan Publik", type="teknis")
    position = make_position("Pengadministrasi Layanan")
    db.session.add_all([framework, competency, Requirement(position=position, competency=competency, level=3)])
    db.session.commit()
    hr = make_user("employee", "hr")
    csp_errors = _csp_errors(page)
    log_in_with_keyboard(page, hr.employee.nip)
    page.goto(f"/jabatan/{position.id}/standar-kompetensi")
    page.wait_for_selector("#requirement-graph canvas")
    assert page.locator("#requirement-graph").evaluate("node => getComputedStyle(node).position") == "relative"
    page.goto("/pegawai/baru")
    assert csp_errors == []
