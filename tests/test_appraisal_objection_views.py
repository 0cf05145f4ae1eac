"""HR consolidates a cycle into the competency ledger, publishes its results and decides objections."""

from sqlalchemy import func, select

from competencies import ledger
from competencies.appraisals import consolidation, cycles, objections
from competencies.appraisals.models import Appraisal, AppraisalCycle, AppraisalResult, Objection
from competencies.models import CompetencyLevel, Evidence, Indicator
from lms.notifications.models import Notification
from tests import appraisal_hr_helpers
from tests.appraisal_hr_helpers import TODAY, add_peer
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.helpers import page_text

hr = appraisal_hr_helpers.hr  # the fixture, found by pytest in this module
world = appraisal_hr_helpers.world  # the fixture, found by pytest in this module


def extend_scale(db, framework, levels: int = 5) -> None:
    """Give the test framework levels up to ``levels``, with three indicators each."""
    framework.scale = [f"Level {n}" for n in range(1, levels + 1)]
    for competency in framework.competencies:
        for level in range(len(competency.levels) + 1, levels + 1):
            competency.levels.append(CompetencyLevel(level=level, description=f"Deskripsi level {level}", indicators=[
                Indicator(position=position, text=f"{competency.code} L{level} indikator {position}")
                for position in range(1, 4)]))
    db.session.commit()


def finalised(db, world, open_cycle, level: int = 2):
    """A cycle whose every form is rated at ``level`` and submitted, consolidated and published."""
    cycle = open_cycle()
    for employee in world.staff:
        fill_performance(db, appraisal_of(db, cycle, employee))
        rate_all(db, form_of(db, cycle, employee, "supervisor"), level)
    for employee in [world.supervisor, *world.staff]:
        rate_all(db, form_of(db, cycle, employee, "self"), level)
    consolidation.consolidate_cycle(None, cycle)
    cycles.finalise_cycle(None, cycle)
    db.session.commit()
    return cycle


def objection_for(db, cycle, employee) -> Objection:
    objection = objections.file_objection(None, appraisal_of(db, cycle, employee), "Bukti kinerja saya diabaikan.",
                                          TODAY)
    db.session.commit()
    return objection


def test_consolidation_through_the_web_weighs_rater_kinds_and_writes_the_ledger(client, login, db, hr, world,
                                                                                 make_employee, open_cycle):
    extend_scale(db, world.framework)
    cycle = open_cycle()
    first, second = world.staff
    other = make_employee("Rekan Lain", position=first.position, supervisor=world.supervisor)
    fill_performance(db, appraisal_of(db, cycle, first))
    rate_all(db, form_of(db, cycle, first, "supervisor"), 3)
    rate_all(db, form_of(db, cycle, first, "self"), 4)
    rate_all(db, add_peer(db, cycle, first, second), 2)
    rate_all(db, add_peer(db, cycle, first, other), 3)
    # 2.5 rounds up: supervisor 3, self 2, one peer 2 -> (30*3 + 15*2 + 15*2) / 60
    fill_performance(db, appraisal_of(db, cycle, second))
    rate_all(db, form_of(db, cycle, second, "supervisor"), 3)
    rate_all(db, form_of(db, cycle, second, "self"), 2)
    rate_all(db, add_peer(db, cycle, second, first), 2)
    login(hr)
    response = client.post(f"/penilaian/siklus/{cycle.id}/konsolidasi", follow_redirects=True)
    assert "Periode dikonsolidasi: 3 penilaian, 6 hasil kompetensi" in page_text(response)

    scores = db.session.execute(select(AppraisalResult.score, AppraisalResult.level).join(Appraisal)
                                .where(Appraisal.employee_id == first.id)).all()
    assert scores and {(round(score, 4), level) for score, level in scores} == {(3.125, 3)}
    assert set(ledger.current_levels(first.id).values()) == {3}
    assert set(ledger.current_levels(second.id).values()) == {3}
    assert db.session.scalar(select(func.count()).where(Evidence.employee_id == first.id,
                                                        Evidence.source == "appraisal")) == 3
    db.session.expire_all()
    assert db.session.get(AppraisalCycle, cycle.id).status == "consolidated"
    text = page_text(client.get(f"/penilaian/{appraisal_of(db, cycle, first).id}"))
    assert "3,125" in text

    response = client.post(f"/penilaian/siklus/{cycle.id}/konsolidasi", follow_redirects=True)
    assert "sudah dikonsolidasi" in page_text(response)


def test_finalisation_publishes_the_results(client, login, db, hr, world, make_user, open_cycle):
    cycle = open_cycle()
    employee_user = make_user("employee", employee=world.staff[0])
    login(hr)
    response = client.post(f"/penilaian/siklus/{cycle.id}/finalkan", follow_redirects=True)
    assert "Hanya periode yang sudah dikonsolidasi" in page_text(response)

    rate_all(db, form_of(db, cycle, world.staff[0], "self"), 2)   # nobody rated the two others
    client.post(f"/penilaian/siklus/{cycle.id}/konsolidasi")
    response = client.post(f"/penilaian/siklus/{cycle.id}/finalkan", follow_redirects=True)
    assert "Hasil 1 penilaian diumumkan" in page_text(response)
    db.session.expire_all()
    assert db.session.get(AppraisalCycle, cycle.id).status == "final"
    assert dict(db.session.execute(select(Appraisal.employee_id, Appraisal.status)).all()) == {
        world.staff[0].id: "final", world.staff[1].id: "consolidated", world.supervisor.id: "consolidated"}
    assert db.session.scalar(select(func.count()).where(Notification.user_id == employee_user.id,
                                                        Notification.message.contains("sudah final")))


def test_an_upheld_objection_corrects_the_level_in_the_ledger(client, login, db, hr, world, open_cycle):
    cycle = finalised(db, world, open_cycle, level=2)
    employee = world.staff[0]
    objection = objection_for(db, cycle, employee)
    competency = world.framework.competencies[0]
    login(hr)
    url = f"/penilaian/keberatan/{objection.id}"
    page = client.get(url)
    assert page.status_code == 200 and "Bukti kinerja saya diabaikan." in page_text(page)

    response = client.post(url, data={"decision": "upheld", "resolution": "Bukti rapat Maret diterima.",
                                      f"level{competency.id}": "3"}, follow_redirects=True)
    assert f"Keberatan {employee.full_name} dikabulkan." in page_text(response)
    assert ledger.current_levels(employee.id)[competency.id] == 3
    entries = db.session.scalars(select(Evidence).where(Evidence.employee_id == employee.id,
                                                        Evidence.competency_id == competency.id)
                                 .order_by(Evidence.id)).all()
    assert [(entry.source, entry.level) for entry in entries] == [("appraisal", 2), ("appraisal", 3)]
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "upheld"
    assert "Dikabulkan" in page_text(client.get(url))


def test_an_upheld_objection_needs_a_correction(client, login, db, hr, world, open_cycle):
    cycle = finalised(db, world, open_cycle)
    objection = objection_for(db, cycle, world.staff[0])
    login(hr)
    response = client.post(f"/penilaian/keberatan/{objection.id}",
                           data={"decision": "upheld", "resolution": "Dipertimbangkan."})
    assert response.status_code == 422 and "paling sedikit satu level" in page_text(response)


def test_a_rejected_objection_needs_a_reason_and_changes_nothing(client, login, db, hr, world, open_cycle):
    cycle = finalised(db, world, open_cycle, level=2)
    employee = world.staff[0]
    objection = objection_for(db, cycle, employee)
    competency = world.framework.competencies[0]
    url = f"/penilaian/keberatan/{objection.id}"
    login(hr)
    response = client.post(url, data={"decision": "rejected", "resolution": ""})
    assert response.status_code == 422 and "Tuliskan pertimbangan keputusan." in page_text(response)
    response = client.post(url, data={"decision": "rejected", "resolution": "Tidak ada bukti baru.",
                                      f"level{competency.id}": "3"})
    assert response.status_code == 422 and "kosongkan koreksi" in page_text(response)

    response = client.post(url, data={"decision": "rejected", "resolution": "Tidak ada bukti baru."},
                           follow_redirects=True)
    assert f"Keberatan {employee.full_name} ditolak." in page_text(response)
    assert ledger.current_levels(employee.id)[competency.id] == 2
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "rejected"
    assert db.session.scalar(select(func.count()).where(Evidence.employee_id == employee.id,
                                                        Evidence.competency_id == competency.id)) == 1


def test_the_objection_list_puts_pending_ones_first(client, login, db, hr, world, open_cycle):
    cycle = finalised(db, world, open_cycle)
    decided = objection_for(db, cycle, world.staff[0])
    objections.resolve_objection(hr, decided, upheld=False, resolution="Tidak ada bukti baru.",
                                 corrected_levels={}, corrected_rating=None)
    db.session.commit()
    objection_for(db, cycle, world.staff[1])
    login(hr)
    text = page_text(client.get(f"/penilaian/siklus/{cycle.id}/keberatan"))
    assert text.index("Staf Uji 2") < text.index("Staf Uji 1")
    assert "Menunggu keputusan" in text and "Ditolak" in text
