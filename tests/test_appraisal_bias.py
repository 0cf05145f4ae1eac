"""Rater-bias analytics: the pure measures with worked numbers, the demo city's planted lenient and severe
supervisors found (and no one else), the HR page and the predikat limits."""

import math
import re

import pytest
from sqlalchemy import func, select

from competencies.appraisals import bias, consolidation
from competencies.appraisals.bias import FormSummary, RatingCount, SelfGap, Thresholds, UnitInfo
from competencies.appraisals.models import (
    Appraisal,
    AppraisalCycle,
    AppraisalForm,
    AppraisalItem,
    Rating,
    RatingLimit,
    WorkTarget,
)
from competencies.appraisals.rules import (
    achievement_ratio,
    behaviour_rating,
    core_value_names,
    performance_rating,
    result_rating,
)
from kompeten.demo import city as demo
from kompeten.demo import plan
from lms.audit.models import AuditEntry
from lms.auth.models import User
from lms.people.models import Employee
from lms.people.queries import agency_id
from tests.appraisal_steps import appraisal_of, fill_performance, form_of, rate_all
from tests.demo_city import demo_city
from tests.helpers import page_text

THRESHOLDS = Thresholds(min_ratings=6, min_people=2, leniency=0.75, halo_spread=0.3, self_gap=1.0)
DEMO_EMPLOYEES = 300  # the smallest demo city with room for all four planted supervisors (100 plants fewer)


def form(rater: int, appraisal: int, levels: tuple[int, ...], results: tuple[int, ...],
         kind: str = "supervisor") -> FormSummary:
    return FormSummary.of(rater, kind, appraisal, zip(levels, results, strict=True))


# --- pure measures -----------------------------------------------------------------------------------------------

def test_a_form_summary_gives_the_mean_difference_and_the_population_spread():
    summary = form(1, 10, (5, 3, 4), (4, 2, 3))
    assert (summary.count, summary.total, summary.squares, summary.difference) == (3, 12, 50, 3)
    assert summary.mean_difference == 1
    assert summary.spread == pytest.approx(math.sqrt(2 / 3))  # levels 5, 3, 4 around 4
    assert form(1, 10, (3, 3, 3), (2, 3, 4)).spread == 0


def test_raters_are_measured_flagged_and_ordered_with_their_evidence():
    forms = [
        # 1: lenient supervisor: +1 everywhere; spreads 0 and 0.82, so no halo (mean 0.41)
        form(1, 10, (4, 4, 4), (3, 3, 3)), form(1, 11, (5, 3, 4), (4, 2, 3)),
        # 2: honest, varied
        form(2, 10, (2, 3, 4), (2, 3, 4)), form(2, 12, (3, 2, 4), (3, 3, 4)),
        # 3: halo: the same level for every competency of a person, no difference on average
        form(3, 10, (3, 3, 3), (3, 2, 4)), form(3, 13, (2, 2, 2), (2, 3, 1)),
        # 4: severe peer, -7/6
        form(4, 10, (1, 2, 1), (2, 3, 3), "peer"), form(4, 14, (2, 3, 1), (3, 3, 3), "peer"),
        # 5: one person only: too small to judge
        form(5, 10, (1, 2, 3, 4, 5, 5), (5, 5, 5, 5, 5, 5), "assessor"),
        # 6: supervisor and assessor, 2 competencies per person: no halo measure
        form(6, 15, (3, 4), (3, 4)), form(6, 16, (2, 2), (2, 4), "assessor"), form(6, 17, (4, 4), (4, 4)),
    ]
    report = bias.rater_report(forms, THRESHOLDS)

    assert [rater.rater_id for rater in report.flagged] == [4, 1, 3]  # lenient/severe by size, then halo
    severe, lenient, halo = report.flagged
    assert (severe.severe, severe.lenient, severe.halo, severe.kinds) == (True, False, False, ("peer",))
    assert severe.mean_difference == pytest.approx(-7 / 6)
    assert (lenient.lenient, lenient.ratings, lenient.people, lenient.mean_difference) == (True, 6, 2, 1)
    assert lenient.halo_spread == pytest.approx(math.sqrt(2 / 3) / 2)
    assert (halo.halo, halo.lenient, halo.severe, halo.halo_spread) == (True, False, False, 0)
    assert [rater.rater_id for rater in report.unflagged] == [6, 2]  # largest mean difference first
    assert report.unflagged[0].kinds == ("supervisor", "assessor") and report.unflagged[0].halo_spread is None
    assert report.too_small == 1


@pytest.mark.parametrize(("levels", "results", "lenient", "severe"), [
    ((4, 4, 3, 3), (3, 3, 3, 3), False, False),  # +0.5
    ((4, 4, 4, 3), (3, 3, 3, 3), True, False),  # +0.75: the threshold itself flags
    ((2, 2, 2, 3), (3, 3, 3, 3), False, True),  # -0.75
])
def test_the_leniency_threshold_is_inclusive(levels, results, lenient, severe):
    forms = [form(1, 10, levels[:2], results[:2]), form(1, 11, levels[2:], results[2:])]
    measured = bias.measure_rater(1, forms, Thresholds(4, 2, 0.75, 0.3, 1.0))
    assert (measured.lenient, measured.severe) == (lenient, severe)


def test_the_self_gap_report_lists_large_gaps_and_gives_the_city_mean():
    gaps = [SelfGap(1, 1.5, 3), SelfGap(2, -1.0, 2), SelfGap(3, 0.5, 4), SelfGap(4, -0.99, 3)]
    report = bias.self_gap_report(gaps, 1.0)
    assert [gap.appraisal_id for gap in report.listed] == [1, 2]
    assert report.compared == 4
    assert report.mean_gap == pytest.approx((1.5 - 1.0 + 0.5 - 0.99) / 4)
    assert bias.self_gap_report([], 1.0) == bias.SelfGapReport(0, None, [])


UNITS = {1: UnitInfo("pemkot", "Pemerintah Kota"), 2: UnitInfo("opd", "Dinas A"), 3: UnitInfo("bidang", "Bidang A1"),
         4: UnitInfo("opd", "Dinas B"), 5: UnitInfo("opd", "Dinas C"), 7: UnitInfo("opd", "Dinas Lepas"),
         8: UnitInfo("bidang", "Bidang Lepas")}


@pytest.mark.parametrize(("path", "agency"), [("/1/2/3/", 2), ("/1/2/", 2), ("/1/", 1), ("/7/8/", 7)])
def test_the_agency_is_the_first_opd_on_the_path(path, agency):
    assert agency_id(path, {unit_id for unit_id, unit in UNITS.items() if unit.kind == "opd"}) == agency


@pytest.mark.parametrize(("count", "total", "limit", "over"), [
    (2, 10, 20, False), (3, 10, 20, True), (1, 3, 33, True), (0, 0, 20, False), (5, 5, None, False), (0, 4, 0, False),
    (1, 4, 0, True),
])
def test_a_share_is_over_the_limit_only_above_it(count, total, limit, over):
    assert bias.over_limit(count, total, limit) is over


def test_the_distribution_per_agency_uses_each_agency_limit_or_the_default():
    counts = [RatingCount("/1/2/", "sangat_baik", 3), RatingCount("/1/2/3/", "baik", 6),
              RatingCount("/1/2/3/", None, 2), RatingCount("/1/4/", "baik", 5), RatingCount("/1/4/", "sangat_baik", 1),
              RatingCount("/1/5/", "baik", 3), RatingCount("/1/5/", "sangat_baik", 1)]
    limits = {4: {"sangat_baik": 15}, 5: {"sangat_baik": 30, "kurang": 0}}
    agencies = bias.rating_distribution(counts, UNITS, limits, {"sangat_baik": 20})

    assert [(agency.name, agency.over) for agency in agencies] == [("Dinas A", True), ("Dinas B", True),
                                                                    ("Dinas C", False)]
    dinas_a = agencies[0]
    assert (dinas_a.rated, dinas_a.unrated) == (9, 2)
    first = dinas_a.shares[0]
    assert (first.rating, first.count, first.limit, first.over) == ("sangat_baik", 3, 20, True)
    assert first.percent == pytest.approx(100 / 3)
    assert [share.rating for share in dinas_a.shares] == ["sangat_baik", "baik", "butuh_perbaikan", "kurang",
                                                          "sangat_kurang"]
    assert dinas_a.shares[1].limit is None
    assert agencies[1].shares[0].limit == 15  # 1 of 6 (16.7%) is within the default, over its own limit
    assert agencies[2].shares[0].limit == 30 and agencies[2].shares[3].limit == 0  # 25% within its own 30%


# --- the demo city -----------------------------------------------------------------------------------------------

def build_demo(db) -> tuple[AppraisalCycle, dict]:
    demo_city(DEMO_EMPLOYEES, 7)
    cycle = db.session.scalar(select(AppraisalCycle))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "appraisal_cycle",
                                                       AuditEntry.action == "import"))
    return cycle, entry.changes


def nips_of(db, employee_ids) -> set[str]:
    return set(db.session.scalars(select(Employee.nip).where(Employee.id.in_(list(employee_ids)))))


def test_the_bias_report_flags_exactly_the_demo_citys_planted_supervisors(app, db):
    cycle, planted = build_demo(db)
    assert (cycle.status, cycle.period, len(planted["lenient"]), len(planted["severe"])) == ("final", "annual", 2, 2)

    report = bias.rater_report(bias.form_summaries(cycle.id), Thresholds.from_config(app.config))

    lenient = {rater.rater_id for rater in report.flagged if rater.lenient}
    severe = {rater.rater_id for rater in report.flagged if rater.severe}
    assert nips_of(db, lenient) == set(planted["lenient"])
    assert nips_of(db, severe) == set(planted["severe"])
    assert len(report.flagged) == 4  # and no one else, for no reason (halo included)
    assert len(report.unflagged) > 20 and report.too_small > 0
    assert all(abs(rater.mean_difference) < 0.5 for rater in report.unflagged)
    assert min(rater.halo_spread for rater in report.unflagged if rater.halo_spread is not None) > 0.3
    assert all(rater.kinds == ("supervisor",) for rater in report.flagged)

    gaps = bias.self_gap_report(bias.self_gaps(cycle.id), app.config["APPRAISAL_SELF_GAP"])
    assert gaps.compared > 250 and 0.1 < gaps.mean_gap < 0.6  # people rate themselves a little higher
    agencies = bias.agency_distribution(cycle.id, app.config["APPRAISAL_RATING_LIMITS"])
    totals = {rating: sum(agency.shares[number].count for agency in agencies)
              for number, rating in enumerate(("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"))}
    assert max(totals, key=totals.get) == "baik" and totals["sangat_baik"] > 0 and totals["butuh_perbaikan"] > 0
    assert sum(agency.rated + agency.unrated for agency in agencies) == DEMO_EMPLOYEES


def test_the_demo_ratings_follow_the_rules(app, db):
    cycle, _planted = build_demo(db)
    in_cycle = select(Appraisal.id).where(Appraisal.cycle_id == cycle.id)
    ratings = db.session.execute(
        select(Rating.level, Rating.suggested_level, Rating.observed, Rating.justification, Rating.evidence_note,
               AppraisalItem.required_level)
        .join(AppraisalForm, AppraisalForm.id == Rating.form_id)
        .join(AppraisalItem, (AppraisalItem.appraisal_id == AppraisalForm.appraisal_id)
              & (AppraisalItem.competency_id == Rating.competency_id))
        .where(AppraisalForm.appraisal_id.in_(in_cycle))).all()
    assert len(ratings) > 5000
    assert all(level == suggested and len(observed) == 3 * level and justification == "" for
               level, suggested, observed, justification, _note, _required in ratings)
    assert all(bool(note) == (level > required) for level, _s, _o, _j, note, required in ratings)

    statuses = dict(db.session.execute(select(AppraisalForm.status, func.count()).group_by(AppraisalForm.status)).all())
    assert 0.02 < statuses["draft"] / (statuses["draft"] + statuses["submitted"]) < 0.1

    config = app.config
    targets: dict[int, list] = {}
    for appraisal_id, target, actual in db.session.execute(select(WorkTarget.appraisal_id, WorkTarget.target,
                                                                  WorkTarget.actual)):
        targets.setdefault(appraisal_id, []).append((target, actual))
    for appraisal in db.session.scalars(select(Appraisal).where(Appraisal.performance_rating.is_not(None))):
        result = result_rating(achievement_ratio(targets[appraisal.id]), config["APPRAISAL_RESULT_BELOW"],
                               config["APPRAISAL_RESULT_ABOVE"])
        behaviour = behaviour_rating(appraisal.core_values, core_value_names())
        assert (appraisal.result_rating, appraisal.behaviour_rating) == (result, behaviour)
        assert appraisal.performance_rating == performance_rating(result, behaviour)
    accounts = select(User.employee_id).where(User.employee_id.is_not(None))
    assert set(db.session.scalars(select(Appraisal.status).where(Appraisal.employee_id.in_(accounts)))) == {"final"}
    assert {"acknowledged", "objected"} <= set(db.session.scalars(select(Appraisal.status)))


def demo_user(db, role: str) -> User:
    return db.session.scalar(select(User).where(User.email == demo.DEMO_ACCOUNTS[role][0]))


def test_hr_sees_the_planted_supervisors_first_and_their_evidence(db, client, login):
    cycle, planted = build_demo(db)
    login(demo_user(db, "hr"), password=demo.DEMO_PASSWORD)

    response = client.get(f"/penilaian/siklus/{cycle.id}/analisis")
    assert response.status_code == 200
    text = page_text(response)
    flagged_part = text.split("Penilai yang ditandai")[1].split("Penilai lain yang diukur")[0]
    assert set(re.findall(r"\b\d{18}\b", flagged_part)) == set(planted["lenient"]) | set(planted["severe"])
    assert flagged_part.count("Longgar") == 2 and flagged_part.count("Ketat") == 2
    assert "Predikat kinerja per perangkat daerah" in text and "maks. 20%" in text

    rater = db.session.scalar(select(Employee).where(Employee.nip == planted["severe"][0]))
    detail = client.get(f"/penilaian/siklus/{cycle.id}/analisis/penilai/{rater.id}?ambang_selisih=0.5")
    assert detail.status_code == 200
    detail_text = page_text(detail)
    assert rater.nip in detail_text and "Ketat" in detail_text and "ambang ±0,50" in detail_text
    assert "Hasil konsolidasi" in detail_text

    stricter = page_text(client.get(f"/penilaian/siklus/{cycle.id}/analisis?ambang_selisih=0.1&min_pegawai=1"))
    flagged_now = stricter.split("Penilai yang ditandai")[1].split("Penilai lain yang diukur")[0]
    assert len(set(re.findall(r"\b\d{18}\b", flagged_now))) > 4
    invalid = client.get(f"/penilaian/siklus/{cycle.id}/analisis?ambang_selisih=9&min_penilaian=x")
    assert invalid.status_code == 422
    assert "Isi angka antara" in page_text(invalid)


@pytest.mark.parametrize("url", ["/penilaian/siklus/{id}/analisis", "/penilaian/siklus/{id}/analisis/penilai/1"])
def test_the_bias_pages_are_for_hr_only(db, client, login, make_user, url):
    cycle = AppraisalCycle(name="Uji", period="annual", year=2025, starts_on=plan.REFERENCE_DATE,
                           ends_on=plan.REFERENCE_DATE, due_on=plan.REFERENCE_DATE, objection_days=14,
                           weights={"self": 1}, status="final")
    db.session.add(cycle)
    db.session.commit()
    login(make_user("employee"))
    assert client.get(url.format(id=cycle.id)).status_code == 403
    assert client.post(f"/penilaian/siklus/{cycle.id}/analisis/batas", data={}).status_code == 403


# --- a small consolidated cycle: the open state and the limit form --------------------------------------------------

@pytest.fixture
def hr(make_user):
    return make_user("hr", with_employee=False, email="bkpsdm@medan.go.id")


@pytest.fixture
def world(db, make_unit, make_position, make_employee, make_world):
    return make_world(staff=3)


def consolidated(db, world, open_cycle, core_value: str = "di_atas_ekspektasi") -> AppraisalCycle:
    cycle = open_cycle()
    for employee in world.staff:
        fill_performance(db, appraisal_of(db, cycle, employee), actual=120.0, core_value=core_value)
        rate_all(db, form_of(db, cycle, employee, "supervisor"), 2)
        rate_all(db, form_of(db, cycle, employee, "self"), 3)
    consolidation.consolidate_cycle(None, cycle)
    db.session.commit()
    return cycle


def test_an_open_cycle_is_explained_not_analysed(db, client, login, hr, world, open_cycle):
    cycle = open_cycle()
    login(hr)
    response = client.get(f"/penilaian/siklus/{cycle.id}/analisis")
    assert response.status_code == 200
    assert "baru tersedia setelah periode dikonsolidasi" in page_text(response)
    saved = client.post(f"/penilaian/siklus/{cycle.id}/analisis/batas",
                        data={"unit_id": world.supervisor.unit_id, "performance_rating": "baik", "max_percent": "50"})
    assert saved.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(RatingLimit)) == 0


def test_the_consolidated_cycle_shows_self_gaps_and_the_agency_over_its_limit(db, client, login, hr, world, open_cycle):
    cycle = consolidated(db, world, open_cycle)
    login(hr)
    text = page_text(client.get(f"/penilaian/siklus/{cycle.id}/analisis"))
    # self 3 against supervisor 2 on each competency: +1 for the three staff
    assert "Rata-rata selisih penilaian diri seluruh pegawai: +1,00 level (3 pegawai dibandingkan)" in text
    assert "Pegawai dengan selisih mulai ±1,00 (3)" in text
    assert "Dinas Penilaian Uji Melebihi batas" in text  # three Sangat Baik of three, default limit 20%
    assert "3 (100,0%) maks. 20%" in text
    assert "0 penilai diukur" in text  # one supervisor of three people with 9 ratings: too few


@pytest.mark.parametrize(("data", "message"), [
    ({"unit_id": "0", "performance_rating": "sangat_baik", "max_percent": "10"}, "Pilih perangkat daerah."),
    ({"performance_rating": "sangat_baik", "max_percent": "101"}, "Batas harus antara 0 dan 100 persen."),
    ({"performance_rating": "sangat_baik", "max_percent": ""}, "Isi batasnya dalam persen."),
    ({"performance_rating": "istimewa", "max_percent": "10"}, "Predikat kinerja"),
])
def test_an_invalid_limit_is_refused_next_to_its_field(db, client, login, hr, world, data, message, open_cycle):
    cycle = consolidated(db, world, open_cycle)
    login(hr)
    data = {"unit_id": str(world.supervisor.unit_id), **data}
    response = client.post(f"/penilaian/siklus/{cycle.id}/analisis/batas", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert db.session.scalar(select(func.count()).select_from(RatingLimit)) == 0


def test_a_limit_is_saved_audited_and_changed(db, client, login, hr, world, open_cycle):
    cycle = consolidated(db, world, open_cycle)
    unit_id = world.supervisor.unit_id
    login(hr)
    response = client.post(f"/penilaian/siklus/{cycle.id}/analisis/batas",
                           data={"unit_id": str(unit_id), "performance_rating": "sangat_baik", "max_percent": "100"})
    assert response.status_code == 302 and response.location.endswith("#predikat")
    limit = db.session.get(RatingLimit, (cycle.id, unit_id, "sangat_baik"))
    assert limit.max_percent == 100
    text = page_text(client.get(f"/penilaian/siklus/{cycle.id}/analisis"))
    assert "maks. 100%" in text and "Melebihi batas" not in text

    client.post(f"/penilaian/siklus/{cycle.id}/analisis/batas",
                data={"unit_id": str(unit_id), "performance_rating": "sangat_baik", "max_percent": "30"})
    db.session.expire_all()
    assert db.session.get(RatingLimit, (cycle.id, unit_id, "sangat_baik")).max_percent == 30
    changes = [entry.changes for entry in db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "appraisal_cycle", AuditEntry.actor_id == hr.id)
        .order_by(AuditEntry.id))]
    key = next(iter(changes[0]))
    assert key.startswith("rating_limit.") and key.endswith(".sangat_baik")
    assert [entry[key] for entry in changes] == [[None, 100], [100, 30]]


def test_the_limit_service_refuses_what_the_form_cannot_send(db, world, open_cycle):
    from competencies.appraisals import limits
    from lms.domain import DomainError

    cycle = open_cycle()
    unit = db.session.get(Employee, world.supervisor.id).unit
    with pytest.raises(DomainError):
        limits.set_rating_limit(None, cycle, unit, "istimewa", 10)
    with pytest.raises(DomainError):
        limits.set_rating_limit(None, cycle, unit, "baik", -1)
    assert limits.set_rating_limit(None, cycle, unit, "baik", 0).max_percent == 0
