"""Objections (keberatan) as PP 30/2019 Pasal 59 has them: filed by the employee within the cycle's period, sent
to the atasan pejabat penilai (the superior of the appraisal's supervisor) as the organisation stands at filing,
decided by them alone and finally; BKPSDM decides only where there is no such superior, and says why; BKPSDM sees
every objection; the employee sees the decision."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, update

from competencies import ledger
from competencies.appraisals import consolidation, cycles, objections
from competencies.appraisals.models import Appraisal, Objection
from competencies.models import Evidence
from lms.domain import DomainError
from lms.notifications.models import Notification
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text
from tests.home_helpers import queue_line

REASON = "Penataan arsip layanan tahun ini belum diperhitungkan."


@pytest.fixture
def org(db, make_world, make_employee, make_position, make_user, open_cycle):
    """The appraisal world (a head supervising two staff) under a secretary (the head's own superior), another
    official with a subordinate, accounts for everyone and HR, and a cycle rated at level 2, consolidated and
    published."""
    world = make_world()
    cycle = open_cycle()
    for employee in world.staff:
        fill_performance(db, appraisal_of(db, cycle, employee))
        rate_all(db, form_of(db, cycle, employee, "supervisor"), 2)
    for employee in [world.supervisor, *world.staff]:
        rate_all(db, form_of(db, cycle, employee, "self"), 2)
    consolidation.consolidate_cycle(None, cycle)
    cycles.finalise_cycle(None, cycle)
    secretary = make_employee("Sekretaris Uji", position=make_position("Sekretaris Dinas Uji", kind="administrator"))
    world.supervisor.supervisor = secretary
    official = make_employee("Kepala Lain", position=make_position("Kepala Bidang Lain", kind="administrator"))
    make_employee("Staf Lain", supervisor=official)
    db.session.commit()
    return SimpleNamespace(
        world=world, cycle=cycle, employee=world.staff[0], head=world.supervisor, secretary=secretary,
        employee_user=make_user(employee=world.staff[0]), colleague_user=make_user(employee=world.staff[1]),
        head_user=make_user(employee=world.supervisor), secretary_user=make_user(employee=secretary),
        official_user=make_user(employee=official),
        hr=make_user("hr", with_employee=False, email="bkpsdm@medan.go.id"))


def file(db, org) -> Objection:
    objection = objections.file_objection(None, appraisal_of(db, org.cycle, org.employee), REASON, date.today())
    db.session.commit()
    return objection


def table_text(response) -> str:
    """The visible text of the page's first table body (not the menu, which names the signed-in user)."""
    match = re.search(r"<tbody>.*?</tbody>", response.get_data(as_text=True), re.S)
    return page_text(SimpleNamespace(get_data=lambda as_text: match[0])) if match else ""


def notified(db, user) -> list[str]:
    return list(db.session.scalars(select(Notification.message).where(Notification.user_id == user.id)))


# --- who decides -------------------------------------------------------------------------------------------

def test_the_objection_goes_to_the_raters_superior_as_the_organisation_stands_at_filing(db, org, make_employee,
                                                                                         make_position):
    objection = file(db, org)
    assert objection.decider_id == org.secretary.id and objection.hr_decides_because is None
    assert not objection.decided_by_hr
    assert any("menunggu keputusan Anda" in message for message in notified(db, org.secretary_user))
    assert notified(db, org.hr) == []

    # A reorganisation after filing gives the head a new superior: the objection stays with the secretary.
    org.head.supervisor = make_employee("Sekretaris Baru", position=make_position("Sekretaris Baru"))
    db.session.commit()
    db.session.expire_all()
    objection = db.session.get(Objection, objection.id)
    assert objection.decider_id == org.secretary.id
    assert objections.may_decide(org.secretary_user, objection)
    assert not objections.may_decide(org.hr, objection)


@pytest.mark.parametrize("reason", ["no_rater", "no_superior", "superior_inactive"])
def test_bkpsdm_decides_where_there_is_no_atasan_pejabat_penilai_and_says_why(db, client, login, org, reason):
    if reason == "no_rater":  # an appraisal without a supervisor in its snapshot (one at the top of the city)
        appraisal_of(db, org.cycle, org.employee).supervisor_id = None
    elif reason == "no_superior":
        org.head.supervisor = None
    else:
        org.secretary.is_active = False
    db.session.commit()
    objection = file(db, org)
    assert objection.decider_id is None and objection.hr_decides_because == reason
    assert any("menunggu keputusan Anda" in message for message in notified(db, org.hr))

    login(org.hr)
    text = page_text(client.get(f"/penilaian/siklus/{org.cycle.id}/keberatan"))
    assert "BKPSDM" in text and "Putuskan" in text
    response = client.post(f"/penilaian/keberatan/{objection.id}",
                           data={"decision": "rejected", "resolution": "Hasil sudah sesuai bukti."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "rejected"


def test_an_atasan_without_an_account_still_decides_once_bkpsdm_gives_them_one(db, client, login, org):
    org.secretary_user.is_enabled = False
    db.session.commit()
    objection = file(db, org)
    assert objection.decider_id == org.secretary.id and objection.hr_decides_because is None
    assert any("belum memiliki akun aktif" in message for message in notified(db, org.hr))
    login(org.hr)
    text = page_text(client.get(f"/penilaian/siklus/{org.cycle.id}/keberatan"))
    assert "Sekretaris Uji (atasan pejabat penilai) belum memiliki akun" in text and "Putuskan" not in text
    assert client.post(f"/penilaian/keberatan/{objection.id}",
                       data={"decision": "rejected", "resolution": "Sesuai bukti."}).status_code == 403
    client.post("/keluar")

    org.secretary_user.is_enabled = True
    db.session.commit()
    login(org.secretary_user)
    assert client.post(f"/penilaian/keberatan/{objection.id}",
                       data={"decision": "rejected", "resolution": "Sesuai bukti."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "rejected"


@pytest.mark.parametrize("who", ["hr", "head_user", "employee_user", "colleague_user", "official_user"])
def test_only_the_designated_decider_decides(db, client, login, org, who):
    objection = file(db, org)
    url = f"/penilaian/keberatan/{objection.id}"
    login(getattr(org, who))
    response = client.post(url, data={"decision": "rejected", "resolution": "Tidak ada bukti baru."})
    assert response.status_code == 403
    # BKPSDM reads it (without a decision form); nobody else but the decider opens it.
    page = client.get(url)
    if who == "hr":
        assert page.status_code == 200 and "Simpan keputusan" not in page_text(page)
        assert "Menunggu keputusan Sekretaris Uji (atasan pejabat penilai)." in page_text(page)
    else:
        assert page.status_code == 403
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "pending"
    with pytest.raises(DomainError, match="atasan pejabat penilai"):
        objections.resolve_objection(getattr(org, who), db.session.get(Objection, objection.id), upheld=False,
                                     resolution="Tidak ada bukti baru.", corrected_levels={}, corrected_rating=None)


def test_the_queue_shows_only_ones_own_objections_to_decide(db, client, login, org):
    file(db, org)
    for user in (org.official_user, org.employee_user, org.head_user):
        login(user)
        assert table_text(client.get("/penilaian/keberatan")) == "Tidak ada keberatan yang perlu Anda putuskan."
        client.post("/keluar")
    login(org.hr)  # BKPSDM decides none of these: they are in its cycle list, not in its queue
    assert table_text(client.get("/penilaian/keberatan")) == "Tidak ada keberatan yang perlu Anda putuskan."


# --- deciding ----------------------------------------------------------------------------------------------

def test_the_atasan_decides_from_a_queue_beside_the_result_the_ratings_and_the_reasons(db, client, login, org):
    objection = file(db, org)
    competency = org.world.framework.competencies[0]
    login(org.secretary_user)
    assert queue_line(client.get("/"), "home-objections") == ("/penilaian/keberatan", 1)

    queue = client.get("/penilaian/keberatan")
    assert queue.status_code == 200
    text = page_text(queue)
    assert "1 keberatan menunggu keputusan Anda." in text and "Staf Uji 1" in text and "Kepala Uji" in text
    assert f"/penilaian/keberatan/{objection.id}" in queue.get_data(as_text=True)

    url = f"/penilaian/keberatan/{objection.id}"
    page = client.get(url)
    html, text = page.get_data(as_text=True), page_text(page)
    assert page.status_code == 200
    assert REASON in text                                          # the employee's reasons
    assert "Predikat kinerja" in text and "Level hasil" in text    # the result
    assert "Atasan langsung: Kepala Uji" in text and "Diamati pada rapat Maret 2026." in text  # the ratings
    assert "data-confirm=" in html and "final" in html and 'name="decision"' in html
    assert "onclick" not in html and "onsubmit" not in html

    response = client.post(url, data={"decision": "upheld", "resolution": "Bukti penataan arsip diterima.",
                                      f"level{competency.id}": "3"}, follow_redirects=True)
    assert "Keberatan Staf Uji 1 dikabulkan." in page_text(response)
    assert ledger.current_levels(org.employee.id)[competency.id] == 3
    db.session.expire_all()
    decided = db.session.get(Objection, objection.id)
    assert decided.status == "upheld" and decided.resolved_by_id == org.secretary_user.id
    assert db.session.get(Appraisal, decided.appraisal_id).status == "resolved"
    assert any("dikabulkan" in message for message in notified(db, org.employee_user))
    assert any("telah diputus: dikabulkan" in message for message in notified(db, org.head_user))

    # The employee reads the decision and who took it; BKPSDM reads it too.
    client.post("/keluar")
    login(org.employee_user)
    text = page_text(client.get(f"/penilaian/hasil/{decided.appraisal_id}"))
    assert "Keputusan atasan pejabat penilai, Sekretaris Uji" in text and "Bukti penataan arsip diterima." in text
    assert "Keputusan ini final" in text and "Ajukan keberatan" not in text
    client.post("/keluar")
    login(org.hr)
    text = page_text(client.get(f"/penilaian/siklus/{org.cycle.id}/keberatan"))
    assert "Sekretaris Uji (atasan pejabat penilai)" in text and "Dikabulkan" in text and "Putuskan" not in text


def test_the_decision_is_final(db, client, login, org):
    objection = file(db, org)
    url = f"/penilaian/keberatan/{objection.id}"
    login(org.secretary_user)
    assert client.post(url, data={"decision": "rejected", "resolution": "Nilai sesuai bukti."}).status_code == 302
    response = client.post(url, data={"decision": "upheld", "resolution": "Setelah dipertimbangkan ulang.",
                                      f"level{org.world.framework.competencies[0].id}": "3"})
    assert response.status_code == 422 and "keputusannya final" in page_text(response)
    db.session.expire_all()
    decided = db.session.get(Objection, objection.id)
    assert decided.status == "rejected" and decided.resolution == "Nilai sesuai bukti."
    assert "Simpan keputusan" not in page_text(client.get(url))

    # No second objection on the same result.
    client.post("/keluar")
    login(org.employee_user)
    response = client.post(f"/penilaian/hasil/{decided.appraisal_id}/keberatan", data={"reason": "Sekali lagi."})
    assert response.status_code == 422 and "tidak sedang menunggu tanggapan Anda" in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(Objection)) == 1


def test_two_decisions_sent_at_once_are_not_both_taken(db, org):
    objection = file(db, org)
    # Another request decided it after this one read it as pending.
    db.session.execute(update(Objection).where(Objection.id == objection.id).values(status="rejected")
                       .execution_options(synchronize_session=False))
    assert objection.status == "pending"
    with pytest.raises(DomainError, match="keputusannya final"):
        objections.resolve_objection(org.secretary_user, objection, upheld=True, resolution="Dikabulkan.",
                                     corrected_levels={org.world.framework.competencies[0].id: 3},
                                     corrected_rating=None)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Evidence).where(
        Evidence.employee_id == org.employee.id, Evidence.level == 3)) == 0


def test_the_employee_is_told_who_decides(db, client, login, org):
    appraisal = appraisal_of(db, org.cycle, org.employee)
    login(org.employee_user)
    response = client.post(f"/penilaian/hasil/{appraisal.id}/keberatan", data={"reason": REASON},
                           follow_redirects=True)
    text = page_text(response)
    assert "Keberatan Anda diajukan kepada Sekretaris Uji (atasan pejabat penilai)" in text
    assert "Menunggu keputusan Sekretaris Uji (atasan pejabat penilai)." in text
