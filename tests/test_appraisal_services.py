"""Appraisal services end to end: opening a cycle (snapshot, scope), rating rules, consolidation into the
ledger, SKP, objections and reminders."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from competencies import ledger
from competencies.appraisals import consolidation, cycles, objections, performance
from competencies.appraisals.models import (
    Appraisal,
    AppraisalForm,
    AppraisalItem,
    AppraisalResult,
    Objection,
)
from competencies.appraisals.rating import RatingInput, form_items, save_ratings, submit_form
from competencies.models import Evidence, Requirement
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.notifications.models import Notification
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all


@pytest.fixture
def world(db, make_unit, make_position, make_employee, make_world):
    return make_world()


@pytest.fixture
def hr(make_user):
    return make_user("hr", with_employee=False, email="sdm@pemkomedan.go.id")


def count(db, model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


# --- opening -------------------------------------------------------------------------------------------------

def test_opening_creates_an_appraisal_with_a_snapshot_and_self_and_supervisor_forms(db, world, hr, open_cycle):
    cycle = open_cycle(hr)
    # the supervisor (no supervisor of their own) and the two staff members
    assert count(db, Appraisal, Appraisal.cycle_id == cycle.id) == 3
    staff = appraisal_of(db, cycle, world.staff[0])
    assert staff.supervisor_id == world.supervisor.id
    assert staff.position_id == world.staff[0].position_id
    assert {(item.competency_id, item.required_level) for item in
            db.session.scalars(select(AppraisalItem).where(AppraisalItem.appraisal_id == staff.id))} == \
        {(competency.id, 2) for competency in world.framework.competencies}
    kinds = sorted(db.session.scalars(select(AppraisalForm.rater_kind).where(AppraisalForm.appraisal_id == staff.id)))
    assert kinds == ["self", "supervisor"]
    head = appraisal_of(db, cycle, world.supervisor)
    assert head.supervisor_id is None
    assert [form.rater_kind for form in db.session.scalars(
        select(AppraisalForm).where(AppraisalForm.appraisal_id == head.id))] == ["self"]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "appraisal_cycle")).changes == \
        {"appraisals": 3, "items": 6, "forms": 5}


def test_later_requirement_changes_do_not_alter_a_running_cycle(db, world, hr, open_cycle):
    cycle = open_cycle(hr)
    staff = appraisal_of(db, cycle, world.staff[0])
    db.session.execute(Requirement.__table__.update().values(level=3))
    db.session.execute(Requirement.__table__.delete().where(
        Requirement.competency_id == world.framework.competencies[0].id))
    db.session.commit()
    items = db.session.scalars(select(AppraisalItem).where(AppraisalItem.appraisal_id == staff.id)).all()
    assert len(items) == 3
    assert {item.required_level for item in items} == {2}


def test_only_the_chosen_kinds_get_forms_and_inactive_supervisors_none(db, world, hr, open_cycle):
    world.supervisor.is_active = False
    db.session.commit()
    cycle = open_cycle(hr, weights={"supervisor": 60, "self": 40})
    staff = appraisal_of(db, cycle, world.staff[0])
    assert staff.supervisor_id is None
    assert count(db, AppraisalForm, AppraisalForm.appraisal_id == staff.id) == 1
    cycle_two = open_cycle(hr, weights={"supervisor": 100}, period="q1", name="Triwulan I")
    assert count(db, AppraisalForm, AppraisalForm.appraisal_id.in_(
        select(Appraisal.id).where(Appraisal.cycle_id == cycle_two.id))) == 0


def test_a_cycle_can_be_limited_to_units(db, world, hr, make_unit, make_position, make_employee, open_cycle):
    other_unit = make_unit("Dinas Lain")
    make_employee("Pegawai Dinas Lain", position=make_position(unit=other_unit))
    cycle = open_cycle(hr, unit_ids=[other_unit.id])
    assert count(db, Appraisal, Appraisal.cycle_id == cycle.id) == 1
    assert [unit.name for unit in cycle.units] == ["Dinas Lain"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": " "}, "name"),
    ({"ends_on": date(2020, 1, 1)}, "ends_on"),
    ({"weights": {}}, "kinds"),
    ({"weights": {"self": 0}}, "kinds"),
    ({"weights": {"self": 101}}, "kinds"),
    ({"weights": {"boss": 10}}, "kinds"),
    ({"objection_days": -1}, "objection_days"),
])
def test_invalid_cycles_are_refused_and_nothing_is_created(db, world, hr, changes, field):
    values = {"name": "Penilaian 2026", "period": "annual", "year": 2026, "starts_on": date(2026, 1, 1),
              "ends_on": date(2026, 12, 31), "due_on": date(2026, 12, 1), "objection_days": 14,
              "weights": {"self": 15, "supervisor": 30}, "unit_ids": []}
    values.update(changes)
    with pytest.raises(DomainError) as error:
        cycles.open_cycle(hr, **values)
    assert error.value.field == field
    db.session.rollback()
    assert count(db, Appraisal) == 0


def test_the_same_people_cannot_be_in_two_unfinished_cycles_of_one_period(db, world, hr, open_cycle):
    open_cycle(hr)
    with pytest.raises(DomainError, match="Penilaian Tahunan 2026"):
        open_cycle(hr, name="Lagi")


# --- rating --------------------------------------------------------------------------------------------------

def test_a_draft_keeps_incomplete_ratings_and_submission_applies_the_rules(db, world, hr, open_cycle):
    cycle = open_cycle(hr)
    form = form_of(db, cycle, world.staff[0], "self")
    items = {item.competency.id: item for item in form_items(form)}
    first, second, third = items
    level_two = [i for level, ids in items[first].indicators_by_level.items() if level <= 2 for i in ids]
    saved = save_ratings(None, form, {first: RatingInput(3, level_two)})   # supports 2, says 3
    db.session.commit()
    problems = {item.competency.id: item.problems for item in saved}
    assert "berbeda dari level yang didukung" in problems[first][0]
    assert "di atas level yang dipersyaratkan" in problems[first][1]
    assert problems[second] == ["Belum dinilai."]
    assert form.started_at is not None
    with pytest.raises(DomainError, match="belum dapat dikirim"):
        submit_form(None, form)
    db.session.rollback()
    entries = {first: RatingInput(3, level_two, "Memimpin tim lintas bidang", "Proyek SIAK, Juni 2026")}
    for competency_id in (second, third):
        ids = [i for level, ids in items[competency_id].indicators_by_level.items() if level <= 2 for i in ids]
        entries[competency_id] = RatingInput(2, ids)
    save_ratings(None, form, entries)
    submit_form(None, form)
    db.session.commit()
    assert form.status == "submitted"
    with pytest.raises(DomainError, match="terkunci"):
        save_ratings(None, form, {first: RatingInput(1, [])})


def test_indicators_of_other_competencies_are_ignored_and_levels_checked(db, world, hr, open_cycle):
    cycle = open_cycle(hr)
    form = form_of(db, cycle, world.staff[0], "self")
    items = form_items(form)
    foreign = items[1].indicators_by_level[1]
    saved = save_ratings(None, form, {items[0].competency.id: RatingInput(1, foreign)})
    assert saved[0].rating.observed == []
    assert saved[0].rating.suggested_level == 0
    with pytest.raises(DomainError, match="antara 0 dan 3"):
        save_ratings(None, form, {items[0].competency.id: RatingInput(4, [])})


def test_a_supervisor_form_needs_the_skp_before_submission(db, world, hr, open_cycle):
    cycle = open_cycle(hr)
    form = form_of(db, cycle, world.staff[0], "supervisor")
    with pytest.raises(DomainError, match="SKP"):
        rate_all(db, form, 2)
    db.session.rollback()
    fill_performance(db, appraisal_of(db, cycle, world.staff[0]))
    rate_all(db, form, 2)
    assert form.status == "submitted"
    with pytest.raises(DomainError, match="terkunci"):
        performance.add_target(None, form.appraisal, description="x", indicator="y", target=1, unit="", actual=1)


def test_the_skp_gives_hasil_kerja_perilaku_and_predikat(db, world, hr, open_cycle):
    cycle = open_cycle(hr)
    appraisal = appraisal_of(db, cycle, world.staff[0])
    fill_performance(db, appraisal, actual=120.0, core_value="di_atas_ekspektasi")
    assert (appraisal.result_rating, appraisal.behaviour_rating, appraisal.performance_rating) == \
        ("di_atas_ekspektasi", "di_atas_ekspektasi", "sangat_baik")
    target = db.session.scalar(select(performance.WorkTarget))
    performance.update_target(None, target, description=target.description, indicator=target.indicator,
                              target=100.0, unit="berkas", actual=80.0)
    assert (appraisal.result_rating, appraisal.performance_rating) == ("di_bawah_ekspektasi", "butuh_perbaikan")
    with pytest.raises(DomainError):
        performance.add_target(None, appraisal, description="Laporan", indicator="Jumlah", target=0, unit="",
                               actual=None)
    performance.add_target(None, appraisal, description="Laporan", indicator="Jumlah", target=10, unit="dok",
                           actual=None)
    assert appraisal.result_rating is None and appraisal.performance_rating is None


# --- consolidation -------------------------------------------------------------------------------------------

def test_consolidation_combines_the_submitted_ratings_and_writes_the_ledger(db, world, hr, make_employee, open_cycle):
    cycle = open_cycle(hr)
    employee = world.staff[0]
    appraisal = appraisal_of(db, cycle, employee)
    peer_one, peer_two = world.staff[1], make_employee("Rekan Lain", position=world.staff[1].position)
    for peer in (peer_one, peer_two):
        cycles.assign_rater(hr, appraisal, "peer", peer)
    db.session.commit()
    fill_performance(db, appraisal)
    rate_all(db, form_of(db, cycle, employee, "supervisor"), 3)
    rate_all(db, form_of(db, cycle, employee, "self"), 3)
    rate_all(db, form_of(db, cycle, employee, "peer", peer_one), 2)
    rate_all(db, form_of(db, cycle, employee, "peer", peer_two), 3)
    rate_all(db, form_of(db, cycle, world.staff[1], "self"), 1, submit=False)   # a draft: does not count
    counts = consolidation.consolidate_cycle(hr, cycle)
    db.session.commit()
    # (30*3 + 15*3 + 15*mean(2, 3)) / 60 = 172.5 / 60 = 2.875 -> 3 for each competency
    results = db.session.scalars(select(AppraisalResult).where(AppraisalResult.appraisal_id == appraisal.id)).all()
    assert [(round(result.score, 3), result.level) for result in results] == [(2.875, 3)] * 3
    assert counts == {"appraisals": 3, "results": 3, "evidence": 3}  # "Rekan Lain" joined after the opening
    assert ledger.current_levels(employee.id) == {competency.id: 3 for competency in world.framework.competencies}
    assert ledger.current_levels(world.staff[1].id) == {}
    evidence = db.session.scalars(select(Evidence).where(Evidence.employee_id == employee.id)).all()
    assert {(entry.source, entry.source_id) for entry in evidence} == {("appraisal", appraisal.id)}
    assert cycle.status == "consolidated" and appraisal.status == "consolidated"
    with pytest.raises(DomainError, match="sudah dikonsolidasi"):
        consolidation.consolidate_cycle(hr, cycle)


WORKED_EXAMPLES = [
    # (40*3 + 30*2 + 15*mean(1, 2) + 15*3) / 100 = 247.5 / 100 = 2.475 -> 2
    (None, {"assessor": [3], "supervisor": [2], "peer": [1, 2], "self": [3]}, 2.475, 2),
    # no assessor: the weights renormalise over the kinds present: (30*2 + 15*1.5 + 15*3) / 60 = 2.125 -> 2
    (None, {"supervisor": [2], "peer": [1, 2], "self": [3]}, 2.125, 2),
    # supervisor and self only: (30*3 + 15*2) / 45 = 2.667 -> 3
    (None, {"supervisor": [3], "self": [2]}, 8 / 3, 3),
    # exactly half way rounds up: (15*2 + 15*3) / 30 = 2.5 -> 3
    ({"supervisor": 15, "self": 15}, {"supervisor": [2], "self": [3]}, 2.5, 3),
    # three peers count as one kind: (30*3 + 15*mean(1, 1, 2)) / 45 = 110 / 45 = 2.444 -> 2
    ({"supervisor": 30, "peer": 15}, {"supervisor": [3], "peer": [1, 1, 2]}, 110 / 45, 2),
    # a half reached through a mean of thirds: (15*mean(1, 2, 3) + 15*3) / 30 = 2.5 -> 3
    ({"supervisor": 15, "peer": 15}, {"supervisor": [3], "peer": [1, 2, 3]}, 2.5, 3),
    # level 0 is a level: (30*0 + 15*1) / 45 = 0.333 -> 0
    (None, {"supervisor": [0], "self": [1]}, 1 / 3, 0),
]


@pytest.mark.parametrize(("weights", "levels", "score", "level"), WORKED_EXAMPLES)
def test_worked_examples_of_consolidation(db, world, hr, make_employee, weights, levels, score, level, open_cycle):
    cycle = open_cycle(hr, weights=weights)
    employee = world.staff[0]
    appraisal = appraisal_of(db, cycle, employee)
    fill_performance(db, appraisal)
    for kind, values in levels.items():
        if kind in ("self", "supervisor"):
            rate_all(db, form_of(db, cycle, employee, kind), values[0])
            continue
        for number, value in enumerate(values):
            rater = make_employee(f"Penilai {kind} {number}", position=world.staff[1].position)
            form = cycles.assign_rater(hr, appraisal, kind, rater)
            db.session.commit()
            rate_all(db, form, value)
    consolidation.consolidate_cycle(hr, cycle)
    db.session.commit()
    results = db.session.scalars(select(AppraisalResult).where(AppraisalResult.appraisal_id == appraisal.id)).all()
    assert len(results) == 3
    assert {result.level for result in results} == {level}
    assert all(result.score == pytest.approx(score) for result in results)


def test_an_appraisal_replaces_earlier_levels_and_later_courses_still_only_raise(db, world, hr, open_cycle):
    employee = world.staff[0]
    competency = world.framework.competencies[0]
    ledger.record_evidence(hr, employee.id, competency.id, 3, "hr_override", note="dari asesmen lama")
    db.session.commit()
    cycle = open_cycle(hr, weights={"self": 100})
    rate_all(db, form_of(db, cycle, employee, "self"), 1)
    consolidation.consolidate_cycle(hr, cycle)
    db.session.commit()
    assert ledger.current_levels(employee.id)[competency.id] == 1
    ledger.record_completions(hr, [(employee.id, competency.id, 2, 999)], "Pelatihan")
    db.session.commit()
    assert ledger.current_levels(employee.id)[competency.id] == 2


# --- finalising, acknowledging, objecting --------------------------------------------------------------------

@pytest.fixture
def final_cycle(db, world, hr, open_cycle):
    """A published cycle. The head has no superior, so BKPSDM (``hr``) decides the staff's objections: the
    fallback where there is no atasan pejabat penilai (PP 30/2019 Pasal 59)."""
    cycle = open_cycle(hr, weights={"self": 15, "supervisor": 30})
    for employee in world.staff:
        fill_performance(db, appraisal_of(db, cycle, employee))
        rate_all(db, form_of(db, cycle, employee, "self"), 2)
        rate_all(db, form_of(db, cycle, employee, "supervisor"), 2)
    consolidation.consolidate_cycle(hr, cycle)
    cycles.finalise_cycle(hr, cycle)
    db.session.commit()
    return cycle


def test_finalising_publishes_and_notifies(db, world, hr, final_cycle, make_user):
    assert final_cycle.status == "final"
    assert appraisal_of(db, final_cycle, world.staff[0]).status == "final"
    with pytest.raises(DomainError):
        cycles.finalise_cycle(hr, final_cycle)


def test_acknowledging_ends_the_employees_part(db, world, hr, final_cycle):
    appraisal = appraisal_of(db, final_cycle, world.staff[0])
    objections.acknowledge(None, appraisal)
    db.session.commit()
    assert appraisal.status == "acknowledged" and appraisal.acknowledged_at is not None
    with pytest.raises(DomainError):
        objections.file_objection(None, appraisal, "Tidak setuju", date.today())


def test_an_objection_needs_a_reason_and_the_period(db, world, hr, final_cycle):
    appraisal = appraisal_of(db, final_cycle, world.staff[0])
    with pytest.raises(DomainError, match="alasan"):
        objections.file_objection(None, appraisal, "  ", date.today())
    late = date.today() + timedelta(days=15)
    with pytest.raises(DomainError, match="Masa keberatan berakhir"):
        objections.file_objection(None, appraisal, "Tidak setuju", late)
    objections.file_objection(None, appraisal, "Saya memimpin dua proyek yang tidak dinilai", date.today())
    db.session.commit()
    assert appraisal.status == "objected"


def test_an_upheld_objection_records_the_corrected_level_as_new_evidence(db, world, hr, final_cycle):
    employee = world.staff[0]
    appraisal = appraisal_of(db, final_cycle, employee)
    objection = objections.file_objection(None, appraisal, "Bukti proyek tidak dipertimbangkan", date.today())
    db.session.commit()
    competency = world.framework.competencies[0]
    with pytest.raises(DomainError, match="paling sedikit satu"):
        objections.resolve_objection(hr, objection, upheld=True, resolution="Dikabulkan", corrected_levels={},
                                     corrected_rating=None)
    db.session.rollback()
    objections.resolve_objection(hr, objection, upheld=True, resolution="Bukti proyek SIAK diterima",
                                 corrected_levels={competency.id: 3}, corrected_rating="sangat_baik")
    db.session.commit()
    assert objection.status == "upheld" and appraisal.status == "resolved"
    assert appraisal.performance_rating == "sangat_baik"
    assert ledger.current_levels(employee.id)[competency.id] == 3
    entries = ledger.timeline(employee.id, [competency.id])[competency.id]
    assert [(entry.source, entry.level) for entry in entries] == [("appraisal", 2), ("appraisal", 3)]
    assert "Bukti proyek SIAK diterima" in entries[-1].note
    assert db.session.get(AppraisalResult, (appraisal.id, competency.id)).final_level == 3


def test_a_rejected_objection_changes_nothing_and_needs_a_reason(db, world, hr, final_cycle):
    employee = world.staff[0]
    appraisal = appraisal_of(db, final_cycle, employee)
    objection = objections.file_objection(None, appraisal, "Tidak setuju", date.today())
    db.session.commit()
    with pytest.raises(DomainError, match="pertimbangan"):
        objections.resolve_objection(hr, objection, upheld=False, resolution=" ", corrected_levels={},
                                     corrected_rating=None)
    objections.resolve_objection(hr, objection, upheld=False, resolution="Bukti tidak mendukung",
                                 corrected_levels={}, corrected_rating=None)
    db.session.commit()
    assert db.session.get(Objection, objection.id).status == "rejected"
    assert set(ledger.current_levels(employee.id).values()) == {2}
    with pytest.raises(DomainError, match="sudah diputus"):
        objections.resolve_objection(hr, objection, upheld=False, resolution="lagi", corrected_levels={},
                                     corrected_rating=None)


# --- reminders -----------------------------------------------------------------------------------------------

def test_reminders_go_to_raters_of_unsubmitted_forms_close_to_the_due_date_once_a_day(db, world, hr, make_user,
                                                                                      open_cycle):
    accounts = {employee.id: make_user(employee=employee) for employee in [world.supervisor, *world.staff]}
    cycle = open_cycle(hr, due_in_days=2)
    rate_all(db, form_of(db, cycle, world.staff[0], "self"), 2)
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    today = date.today()
    assert cycles.send_reminders(None, today - timedelta(days=5), days=3) == 0   # not close yet
    assert cycles.send_reminders(None, today, days=3) == 2
    db.session.commit()
    reminded = set(db.session.scalars(select(Notification.user_id)))
    assert reminded == {accounts[world.supervisor.id].id, accounts[world.staff[1].id].id}
    # the head's self form and the staff's supervisor forms: the head is reminded once for all of them
    assert count(db, Notification, Notification.user_id == accounts[world.supervisor.id].id) == 1
    assert cycles.send_reminders(None, today, days=3) == 0


def test_reminders_can_be_limited_to_one_cycle(db, world, hr, make_user, open_cycle):
    make_user(employee=world.staff[0])
    annual = open_cycle(hr, due_in_days=1)
    quarter = open_cycle(hr, due_in_days=1, period="q1", name="Triwulan I")
    assert cycles.send_reminders(None, date.today(), days=3, cycle=quarter) == 3
    db.session.commit()
    reminded = set(db.session.scalars(select(Appraisal.cycle_id).join(AppraisalForm).where(
        AppraisalForm.reminded_at.is_not(None))))
    assert reminded == {quarter.id}
    assert cycles.send_reminders(None, date.today(), days=3) == 3   # the annual cycle's raters, not again
    consolidation.consolidate_cycle(hr, annual)
    with pytest.raises(DomainError, match="tidak menerima perubahan"):
        cycles.send_reminders(None, date.today(), days=3, cycle=annual)
