"""Profil Kompetensi: required against current levels with the ledger's history, HR overrides, access."""

import html as html_lib
import re
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from competencies import ledger
from competencies.models import Competency, CurrentLevel, Evidence, Framework, Requirement
from lms.audit.models import AuditEntry
from lms.extensions import utcnow
from lms.i18n import long_date
from tests.helpers import page_text


@pytest.fixture
def kit(db, make_position, make_employee, make_user):
    """A 1..5 framework and a three-level one; a position requiring two competencies; a supervisor chain."""
    asn = Framework(code="ASN", name="Kompetensi Manajerial ASN", scale=["1", "2", "3", "4", "5"],
                    proficient_level=3)
    arsip = Framework(code="ARSIP", name="Kompetensi Teknis Kearsipan", scale=["Dasar", "Cakap", "Mahir"],
                      proficient_level=2)
    integritas = Competency(framework=asn, code="M.01", name="Integritas", type="manajerial", sort_order=1)
    kerjasama = Competency(framework=asn, code="M.02", name="Kerja Sama", type="manajerial", sort_order=2)
    perekat = Competency(framework=asn, code="SK.01", name="Perekat Bangsa", type="sosial_kultural", sort_order=3)
    dinamis = Competency(framework=arsip, code="AR.1", name="Pengelolaan Arsip Dinamis", type="teknis")
    position = make_position("Arsiparis Terampil", kind="fungsional_keterampilan")
    db.session.add_all([asn, arsip, integritas, kerjasama, perekat, dinamis,
                        Requirement(position=position, competency=integritas, level=3, weight="critical"),
                        Requirement(position=position, competency=dinamis, level=2, weight="normal")])
    db.session.commit()
    head = make_employee("Kepala Dinas", rank_code="IV/c")
    chief = make_employee("Kepala Seksi", supervisor=head, rank_code="III/d")
    staff = make_employee("Staf Arsip", position=position, supervisor=chief)
    return SimpleNamespace(
        asn=asn, arsip=arsip, integritas=integritas, kerjasama=kerjasama, perekat=perekat, dinamis=dinamis,
        position=position, staff_employee=staff,
        staff=make_user(employee=staff), chief=make_user(employee=chief), head=make_user(employee=head),
        colleague=make_user(), hr=make_user("employee", "hr"),
        admin=make_user("admin", with_employee=False, email="admin@pemkomedan.go.id"),
    )


def today_text() -> str:
    """Today as the page shows an entry recorded now (in the city's time zone)."""
    with force_locale("id"):
        return long_date(utcnow())


def _url(kit) -> str:
    return f"/pegawai/{kit.staff_employee.id}/profil-kompetensi"


def _row(response, name: str) -> str:
    """The visible text of the table row naming a competency."""
    html = response.get_data(as_text=True)
    match = re.search(rf"<tr>\s*<td>{re.escape(name)}.*?</tr>", html, re.S)
    assert match, name
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", match[0]))).strip()


def field_error(response, field_id: str) -> str:
    html = response.get_data(as_text=True)
    match = re.search(rf'<div id="{field_id}-error"[^>]*>(.*?)</div>', html, re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", match[1]).strip()) if match else ""


def test_the_profile_shows_required_and_current_levels_gaps_and_history(db, client, login, kit):
    employee_id = kit.staff_employee.id
    ledger.record_evidence(kit.chief, employee_id, kit.integritas.id, 2, "appraisal", note="Penilaian 2025")
    ledger.record_evidence(kit.hr, employee_id, kit.integritas.id, 4, "hr_override", note="Hasil asesmen ulang")
    ledger.record_evidence(None, employee_id, kit.perekat.id, 2, "course", source_id=77)
    ledger.record_evidence(None, employee_id, kit.kerjasama.id, 3, "course", source_id=78)
    ledger.revoke_evidence(kit.hr, "course", [78], note="kelas dibuka kembali")
    db.session.commit()
    login(kit.staff)
    response = client.get(_url(kit))
    assert response.status_code == 200
    text = page_text(response)
    assert "Profil Kompetensi" in text
    # BKN's JPM: (4 + 0) / (3 + 2) = 80% (the critical weight, which made it 67%, plays no part)
    assert "1 dari 2 kompetensi memenuhi standar jabatan. Job person match (JPM): 80,00% Cukup Optimal" in text

    integritas = _row(response, "Integritas")
    # The current level with the method and date of the entry it rests on.
    assert f"Integritas M.01 ASN 3 4 Penetapan BKPSDM, {today_text()} memenuhi Kritis" in integritas
    assert "Penilaian kompetensi oleh penilai · level 2 · Kepala Seksi" in integritas and "Penilaian 2025" in integritas
    assert "Penetapan BKPSDM · level 4" in integritas and "Hasil asesmen ulang" in integritas

    dinamis = _row(response, "Pengelolaan Arsip Dinamis")
    assert "ARSIP 2 – Cakap 0 (belum ada bukti) 2 Normal" in dinamis

    # Held but not required: in the second table, a revoked entry struck through and no longer counted.
    others = response.get_data(as_text=True).split('id="others"')[1]
    assert "Perekat Bangsa" in others and "Uji kompetensi dalam pelatihan · level 2" in page_text(response)
    kerjasama = _row(response, "Kerja Sama")
    assert "dicabut" in kerjasama and "0" in kerjasama
    assert re.search(r"<del>\s*\S.*?Uji kompetensi dalam pelatihan · level 3", others, re.S)
    # The JPM note says which methods the levels come from.
    assert ("Level yang dicapai berasal dari semua metode yang tercatat di riwayat kompetensi: Asesmen (penilaian "
            "kompetensi), Penilaian kompetensi oleh penilai, Uji kompetensi dalam pelatihan, Penetapan BKPSDM.") in text


def test_the_gap_is_the_required_level_less_the_current_one(db, client, login, kit):
    ledger.record_evidence(kit.chief, kit.staff_employee.id, kit.integritas.id, 1, "appraisal")
    db.session.commit()
    login(kit.staff)
    assert f"Integritas M.01 ASN 3 1 Penilaian kompetensi oleh penilai, {today_text()} 2 Kritis" in _row(
        client.get(_url(kit)), "Integritas")


def test_the_level_rests_on_the_entry_that_set_or_raised_it(db, kit):
    employee_id = kit.staff_employee.id
    appraisal = ledger.record_evidence(kit.chief, employee_id, kit.integritas.id, 3, "appraisal")
    ledger.record_evidence(None, employee_id, kit.integritas.id, 2, "course", source_id=5)  # lower: no raise
    assert ledger.basis(ledger.timeline(employee_id)[kit.integritas.id]) == appraisal
    course = ledger.record_evidence(None, employee_id, kit.integritas.id, 4, "course", source_id=6)
    assert ledger.basis(ledger.timeline(employee_id)[kit.integritas.id]) == course
    ledger.revoke_evidence(kit.hr, "course", [6], note="kelas dibuka kembali")
    assert ledger.basis(ledger.timeline(employee_id)[kit.integritas.id]) == appraisal


@pytest.mark.parametrize(("who", "status"), [("staff", 200), ("chief", 200), ("head", 200), ("hr", 200),
                                             ("admin", 200), ("colleague", 403)])
def test_the_employee_their_supervisors_and_hr_see_the_profile(client, login, kit, who, status):
    login(getattr(kit, who))
    assert client.get(_url(kit)).status_code == status


def test_anonymous_visitors_are_sent_to_login_and_unknown_employees_are_404(client, login, kit):
    assert client.get(_url(kit)).status_code == 302
    login(kit.hr)
    assert client.get("/pegawai/999999/profil-kompetensi").status_code == 404


def test_only_hr_sees_and_uses_the_override_form(db, client, login, kit):
    login(kit.chief)
    assert "Penetapan level oleh BKPSDM" not in page_text(client.get(_url(kit)))
    response = client.post(f"{_url(kit)}/penetapan", data={"competency_id": kit.dinamis.id, "level": 2,
                                                           "reason": "Sertifikat kompetensi"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_hr_overrides_a_level_with_a_reason_recorded_and_audited(db, client, login, kit):
    login(kit.hr)
    assert "Penetapan level oleh BKPSDM" in page_text(client.get(_url(kit)))
    response = client.post(f"{_url(kit)}/penetapan", data={"competency_id": kit.dinamis.id, "level": 2,
                                                           "reason": "Sertifikat kompetensi LAN No. 12/2026"})
    assert response.status_code == 302 and response.headers["Location"].endswith(_url(kit))
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.source, evidence.level, evidence.note, evidence.recorded_by_id) == (
        "hr_override", 2, "Sertifikat kompetensi LAN No. 12/2026", kit.hr.id)
    assert db.session.get(CurrentLevel, (kit.staff_employee.id, kit.dinamis.id)).level == 2
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "employee"))
    assert audit.note == "Sertifikat kompetensi LAN No. 12/2026" and "Pengelolaan Arsip Dinamis" in audit.entity_label
    text = page_text(client.get(_url(kit)))
    assert "2 dari 2" not in text and "Penetapan BKPSDM · level 2 – Cakap" in text


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"level": 2, "reason": "  "}, "reason", "Tuliskan alasan perubahan level."),
    ({"level": 4, "reason": "Asesmen"}, "level", "Level harus antara 0 dan 3."),
    ({"level": "", "reason": "Asesmen"}, "level", "Isi levelnya."),
    ({"level": 2, "reason": "Asesmen", "competency_id": 0}, "competency_id", "Pilih kompetensinya."),
])
def test_invalid_overrides_are_refused_next_to_the_field(db, client, login, kit, data, field, message):
    login(kit.hr)
    response = client.post(f"{_url(kit)}/penetapan", data={"competency_id": kit.dinamis.id, **data})
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0


def _employee_requiring(db, make_position, make_employee, framework, count: int):
    position = make_position(f"Jabatan {count}")
    competencies = [Competency(framework=framework, code=f"T{count}.{n}", name=f"Teknis {count}.{n}", type="teknis")
                    for n in range(count + 1)]
    db.session.add_all(competencies)
    db.session.add_all(Requirement(position=position, competency=competency, level=3)
                       for competency in competencies[:count])
    db.session.commit()
    employee = make_employee(f"Pegawai {count}", position=position)
    for competency in competencies:  # evidence on every requirement and on one competency not required
        ledger.record_evidence(None, employee.id, competency.id, 2, "appraisal")
        ledger.record_evidence(None, employee.id, competency.id, 3, "course", source_id=competency.id)
    db.session.commit()
    return employee


def test_the_profile_runs_the_same_number_of_queries_for_3_or_15_requirements(
        db, client, login, kit, make_position, make_employee, count_queries):
    few = _employee_requiring(db, make_position, make_employee, kit.asn, 3)
    many = _employee_requiring(db, make_position, make_employee, kit.asn, 15)
    login(kit.hr)
    counts = []
    for employee in (few, many):
        client.get(f"/pegawai/{employee.id}/profil-kompetensi")
        with count_queries() as statements:
            response = client.get(f"/pegawai/{employee.id}/profil-kompetensi")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert "Teknis 15.14" in page_text(response)
