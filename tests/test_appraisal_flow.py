"""One whole appraisal cycle through the web, as its users go through it: HR opens it and assigns a peer; the
supervisor keeps the SKP and rates; the employee and the peer rate; HR consolidates and publishes; the employee
objects; the head's own superior (the atasan pejabat penilai, PP 30/2019 Pasal 59) upholds the objection, which
HR may read but not decide; the competency record follows every step."""

from datetime import date, timedelta

from sqlalchemy import select

from competencies import ledger
from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalForm, Objection
from competencies.appraisals.rating import form_items
from competencies.appraisals.rules import core_value_names
from competencies.models import Evidence
from lms.audit.models import AuditEntry
from tests.helpers import page_text


def _rate(client, form: AppraisalForm, level: int, send: bool, justification: str = ""):
    """Post a rater's form: every competency at ``level``, ticking the indicators of levels 1..``level``."""
    data = {"send" if send else "save": "1"}
    for index, item in enumerate(form_items(form)):
        observed = [i for lvl, ids in item.indicators_by_level.items() if lvl <= level for i in ids]
        data.update({f"ratings-{index}-competency_id": str(item.competency.id), f"ratings-{index}-level": str(level),
                     f"ratings-{index}-observed": [str(i) for i in observed],
                     f"ratings-{index}-justification": justification,
                     f"ratings-{index}-evidence_note": "Memimpin penataan arsip, Maret 2026." if level > 2 else ""})
    return client.post(f"/penilaian/formulir/{form.id}", data=data)


def test_a_whole_cycle_through_the_web(db, client, login, make_unit, make_position, make_employee, make_user,
                                       make_world):
    world = make_world()
    employee, peer = world.staff
    hr = make_user("hr", with_employee=False, email="sdm@pemkomedan.go.id")
    head_user, employee_user, peer_user = (make_user(employee=person) for person in (world.supervisor, *world.staff))
    secretary = make_employee("Sekretaris Uji", position=make_position("Sekretaris Dinas Uji", kind="administrator"))
    world.supervisor.supervisor = secretary
    db.session.commit()
    secretary_user = make_user(employee=secretary)
    today = date.today()

    def sign_in(user):
        client.post("/keluar")
        login(user)

    # HR opens the cycle (no assessor) and assigns the colleague as a peer.
    sign_in(hr)
    response = client.post("/penilaian/siklus/baru", data={
        "name": "Penilaian Tahunan Uji", "period": "annual", "year": str(today.year),
        "starts_on": (today - timedelta(days=1)).isoformat(), "ends_on": (today + timedelta(days=60)).isoformat(),
        "due_on": (today + timedelta(days=30)).isoformat(), "objection_days": "14",
        "kinds": ["self", "supervisor", "peer"], "weight_self": "15", "weight_supervisor": "30", "weight_peer": "15"})
    assert response.status_code == 302
    cycle = db.session.scalar(select(AppraisalCycle))
    appraisal = db.session.scalar(select(Appraisal).where(Appraisal.employee_id == employee.id))
    assert client.post(f"/penilaian/{appraisal.id}/penilai", data={"kind": "peer", "nip": peer.nip}).status_code == 302
    forms = {form.rater_kind: form for form in db.session.scalars(
        select(AppraisalForm).where(AppraisalForm.appraisal_id == appraisal.id))}
    assert set(forms) == {"self", "supervisor", "peer"}

    # The supervisor: the SKP (target met, BerAKHLAK as expected), then a rating at level 3 with evidence.
    sign_in(head_user)
    skp = f"/penilaian/{appraisal.id}/skp"
    client.post(f"{skp}/target", data={"new-description": "Menata arsip layanan", "new-indicator": "Berkas tertata",
                                      "new-target": "100", "new-unit": "berkas", "new-actual": "100"})
    client.post(f"{skp}/berakhlak", data={**{f"value_{key}": "sesuai_ekspektasi" for key in core_value_names()},
                                          "note": "Konsisten."})
    assert _rate(client, forms["supervisor"], 3, send=True).status_code == 302

    # The employee rates themself at 3, the peer at 1; each sees only their own form.
    sign_in(employee_user)
    assert client.get(f"/penilaian/formulir/{forms['supervisor'].id}").status_code == 403
    assert _rate(client, forms["self"], 3, send=True).status_code == 302
    sign_in(peer_user)
    assert _rate(client, forms["peer"], 1, send=True).status_code == 302

    # HR consolidates: (30*3 + 15*3 + 15*1) / 60 = 2.5 -> 3, and publishes.
    sign_in(hr)
    assert client.post(f"/penilaian/siklus/{cycle.id}/konsolidasi").status_code == 302
    assert client.post(f"/penilaian/siklus/{cycle.id}/finalkan").status_code == 302
    competencies = [competency.id for competency in world.framework.competencies]
    assert ledger.current_levels(employee.id) == dict.fromkeys(competencies, 3)

    # The employee sees the result (not the raters' forms) and objects within the period.
    sign_in(employee_user)
    result = page_text(client.get(f"/penilaian/hasil/{appraisal.id}"))
    assert "2,50" in result and "Baik" in result
    response = client.post(f"/penilaian/hasil/{appraisal.id}/keberatan",
                           data={"reason": "Penataan arsip tahun ini menunjukkan level 3 pada Kompetensi Uji 1 "
                                           "sudah terlampaui."})
    assert response.status_code == 302
    objection = db.session.scalar(select(Objection))
    assert objection.status == "pending"

    assert objection.decider_id == secretary.id

    # HR reads it but may not decide; the atasan pejabat penilai upholds it with a corrected level: new evidence
    # in the ledger, the employee is told.
    decision = {"decision": "upheld", "resolution": "Bukti penataan arsip diterima.", f"level{competencies[0]}": "2"}
    sign_in(hr)
    assert client.get(f"/penilaian/keberatan/{objection.id}").status_code == 200
    assert client.post(f"/penilaian/keberatan/{objection.id}", data=decision).status_code == 403
    sign_in(secretary_user)
    assert "Staf Uji 1" in page_text(client.get("/penilaian/keberatan"))
    response = client.post(f"/penilaian/keberatan/{objection.id}", data=decision)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "upheld"
    assert ledger.current_levels(employee.id)[competencies[0]] == 2
    sources = db.session.scalars(select(Evidence.source).where(Evidence.employee_id == employee.id,
                                                               Evidence.competency_id == competencies[0])).all()
    assert sources == ["appraisal", "appraisal"]
    audited = set(db.session.scalars(select(AuditEntry.entity_type)))
    assert {"appraisal_cycle", "appraisal_form", "work_target", "appraisal", "objection"} <= audited
