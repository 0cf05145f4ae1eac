"""The gap service (competencies.gaps) on a small city whose numbers are worked out by hand.

The city (every level on the ASN 1..5 scale; "crit" = critical requirement):

    Pemerintah Kota Uji (pemkot)
    ├── Badan Uji (opd)         Dedi   Pengadministrasi (pelaksana, no requirements)   PPPK IX
    └── Dinas Uji (opd)         Citra  Kepala Bidang (administrator): A 2, D 3          PNS IV/a
        │                       Fitri  Kepala Bidang                                    PPPK IX
        └── Bidang Uji (bidang) Ani    Analis (pelaksana): A 3 crit, B 2, C 4           PNS III/a
                                Budi   Analis                                           PNS III/b
                                Eko    Analis, inactive (no evidence: would have every gap)

    current levels   A  B  C  D   gaps             total  JPM (achieved / required levels, competencies.jpm)
    Ani              3  1  -  .   A 0, B 1, C 4     5     4 / 9 = 44.44%  Kurang Optimal
    Budi             2  2  3  .   A 1, B 0, C 1     2     7 / 9 = 77.78%  Kurang Optimal (just below 78)
    Citra            2  .  .  3   A 0, D 0          0     5 / 5 = 100%    Optimal
    Fitri            1  .  .  1   A 1, D 2          3     2 / 5 = 40%     Kurang Optimal
    Dedi             no requirements                0     none

A = M.01 Integritas (manajerial), B = M.02 Kerja Sama (manajerial), D = SK.01 Perekat Bangsa (sosial
kultural), C = T.01 Kearsipan (teknis). Ani and Budi report to Citra.
"""

from types import SimpleNamespace

import pytest
from sqlalchemy import event

from competencies import gaps, ledger
from competencies.models import Competency, Framework, Requirement


def build_city(db, make_unit, make_position, make_employee, make_user) -> SimpleNamespace:
    framework = Framework(code="ASN", name="Kamus Kompetensi Uji", scale=["1", "2", "3", "4", "5"],
                          proficient_level=3)
    a = Competency(framework=framework, code="M.01", name="Integritas", type="manajerial", sort_order=1)
    b = Competency(framework=framework, code="M.02", name="Kerja Sama", type="manajerial", sort_order=2)
    d = Competency(framework=framework, code="SK.01", name="Perekat Bangsa", type="sosial_kultural", sort_order=3)
    c = Competency(framework=framework, code="T.01", name="Kearsipan", type="teknis", sort_order=4)
    db.session.add_all([framework, a, b, c, d])
    db.session.commit()

    city = make_unit("Pemerintah Kota Uji", kind="pemkot")
    badan = make_unit("Badan Uji", parent=city)
    dinas = make_unit("Dinas Uji", parent=city)
    bidang = make_unit("Bidang Uji", kind="bidang", parent=dinas)
    analis = make_position("Analis", kind="pelaksana", unit=bidang)
    kabid = make_position("Kepala Bidang", kind="administrator", unit=dinas)
    admin_position = make_position("Pengadministrasi", kind="pelaksana", unit=badan)
    db.session.add_all([
        Requirement(position=analis, competency=a, level=3, weight="critical"),
        Requirement(position=analis, competency=b, level=2, weight="normal"),
        Requirement(position=analis, competency=c, level=4, weight="normal"),
        Requirement(position=kabid, competency=a, level=2, weight="normal"),
        Requirement(position=kabid, competency=d, level=3, weight="normal"),
    ])
    db.session.commit()

    citra = make_employee("Citra", position=kabid, rank_code="IV/a")
    fitri = make_employee("Fitri", position=kabid, employment_type="pppk", rank_code="IX")
    ani = make_employee("Ani", position=analis, supervisor=citra, rank_code="III/a")
    budi = make_employee("Budi", position=analis, supervisor=citra, rank_code="III/b")
    eko = make_employee("Eko", position=analis, supervisor=citra, rank_code="III/a", is_active=False)
    dedi = make_employee("Dedi", position=admin_position, employment_type="pppk", rank_code="IX")

    hr = make_user("hr", with_employee=False, email="bkpsdm@medan.go.id")
    for employee, competency, level in [(ani, a, 3), (ani, b, 1), (budi, a, 2), (budi, b, 2), (budi, c, 3),
                                        (citra, a, 2), (fitri, a, 1), (fitri, d, 1)]:
        ledger.record_evidence(None, employee.id, competency.id, level, "appraisal", note="Penilaian 2025")
    ledger.record_evidence(None, citra.id, d.id, 1, "appraisal")
    ledger.override_level(hr, citra, d, 3, "Hasil uji kompetensi ulang")  # the latest setting entry wins
    ledger.record_evidence(None, ani.id, a.id, 2, "course", source_id=1)  # a course never lowers a level
    db.session.commit()
    return SimpleNamespace(framework=framework, a=a, b=b, c=c, d=d, city=city, badan=badan, dinas=dinas,
                           bidang=bidang, analis=analis, kabid=kabid, admin_position=admin_position, ani=ani,
                           budi=budi, citra=citra, fitri=fitri, eko=eko, dedi=dedi, hr=hr)


@pytest.fixture
def town(db, make_unit, make_position, make_employee, make_user):
    return build_city(db, make_unit, make_position, make_employee, make_user)


def by_employee(people: list[gaps.PersonGaps]) -> dict[int, gaps.PersonGaps]:
    return {person.employee_id: person for person in people}


# --- one employee ----------------------------------------------------------------------------------------------

def test_jpm_is_bkns_ratio_of_sums_where_the_critical_weight_plays_no_part(town):
    """JPM used to be the weighted share of requirements met (critical twice, Ani 2 of 4 = 0.5); BKN's is the
    sum of achieved over the sum of required levels (data/reference/jpm-bkn.md): Ani 3 + 1 + 0 of 3 + 2 + 4."""
    assert gaps.employee_gaps(town.ani).jpm == 44.44
    assert not hasattr(gaps, "job_person_match")


def test_employee_gaps_lists_gaps_first_with_the_levels_of_the_ledger(town):
    result = gaps.employee_gaps(town.ani)
    assert [(row.code, row.required, row.current, row.gap) for row in result.rows] == [
        ("T.01", 4, 0, 4), ("M.02", 2, 1, 1), ("M.01", 3, 3, 0)]
    assert result.jpm == 44.44 and result.total_gap == 5 and result.met_count == 1
    assert [row.weighted_gap for row in result.open_rows] == [4, 1]


# --- people of a scope -----------------------------------------------------------------------------------------

def test_people_gaps_gives_each_active_employee_counts_totals_and_jpm(town):
    people = by_employee(gaps.people_gaps())
    assert set(people) == {town.ani.id, town.budi.id, town.citra.id, town.fitri.id, town.dedi.id}  # not Eko
    expected = {  # requirements, gaps, total gap, JPM
        town.ani.id: (3, 2, 5, 44.44),
        town.budi.id: (3, 2, 2, 77.78),
        town.citra.id: (2, 0, 0, 100.0),
        town.fitri.id: (2, 2, 3, 40.0),
        town.dedi.id: (0, 0, 0, None),
    }
    assert {i: (p.requirement_count, p.gap_count, p.total_gap, p.jpm) for i, p in people.items()} == expected
    ani = people[town.ani.id]
    assert (ani.unit_id, ani.position_id, ani.position_kind, ani.employment_type, ani.rank_code) == (
        town.bidang.id, town.analis.id, "pelaksana", "pns", "III/a")
    assert ani.unit_path == town.bidang.path


def test_people_gaps_of_a_unit_includes_its_sub_units_only(town):
    assert set(by_employee(gaps.people_gaps(town.dinas.id))) == {town.ani.id, town.budi.id, town.citra.id,
                                                                 town.fitri.id}
    assert set(by_employee(gaps.people_gaps(town.bidang.id))) == {town.ani.id, town.budi.id}
    assert set(by_employee(gaps.people_gaps(town.badan.id))) == {town.dedi.id}


def test_people_gaps_runs_one_statement_whatever_the_number_of_employees(db, town, make_employee):
    def statements_for(unit_id: int) -> int:
        statements: list[str] = []

        def remember(connection, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", remember)
        try:
            people = gaps.people_gaps(unit_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", remember)
        return len(statements), len(people)

    few = statements_for(town.bidang.id)
    for number in range(12):
        make_employee(f"Analis Tambahan {number}", position=town.analis)
    db.session.expire_all()
    many = statements_for(town.bidang.id)
    assert few == (1, 2) and many == (1, 14)


# --- aggregates ------------------------------------------------------------------------------------------------

def test_units_roll_up_to_every_unit_above(town):
    units = gaps.summarise(gaps.people_gaps(), "unit")
    bidang, dinas, badan, city = (units[u.id] for u in (town.bidang, town.dinas, town.badan, town.city))
    assert (bidang.people, bidang.people_with_gap, bidang.requirement_count, bidang.total_gap) == (2, 2, 6, 7)
    assert bidang.average_gap == pytest.approx(7 / 6) and bidang.average_jpm == 61.11  # (44.44 + 77.78) / 2
    assert bidang.jpm_categories == {"optimal": 0, "fairly_optimal": 0, "below_optimal": 2}
    assert (dinas.people, dinas.people_with_gap, dinas.requirement_count, dinas.total_gap) == (4, 3, 10, 10)
    assert dinas.average_gap == 1.0 and dinas.gap_share == 0.75 and dinas.average_jpm == 65.56
    assert dinas.jpm_categories == {"optimal": 1, "fairly_optimal": 0, "below_optimal": 3}
    assert (badan.people, badan.people_with_gap, badan.average_gap, badan.average_jpm) == (1, 0, 0.0, None)
    assert (city.people, city.people_with_gap, city.total_gap, city.jpm_people) == (5, 3, 10, 4)


def test_positions_ranks_and_position_kinds_group_people(town):
    people = gaps.people_gaps()
    positions = gaps.summarise(people, "position")
    assert {key: (s.people, s.people_with_gap, s.total_gap) for key, s in positions.items()} == {
        town.analis.id: (2, 2, 7), town.kabid.id: (2, 1, 3), town.admin_position.id: (1, 0, 0)}
    ranks = gaps.summarise(people, "rank")
    assert {key: (s.people, s.total_gap) for key, s in ranks.items()} == {
        ("pns", "III/a"): (1, 5), ("pns", "III/b"): (1, 2), ("pns", "IV/a"): (1, 0), ("pppk", "IX"): (2, 3)}
    assert ranks[("pppk", "IX")].average_jpm == 40.0  # Dedi has no requirements: he is not in the mean
    kinds = gaps.summarise(people, "position_kind")
    assert {key: (s.people, s.people_with_gap, s.requirement_count) for key, s in kinds.items()} == {
        "pelaksana": (3, 2, 6), "administrator": (2, 1, 4)}
    assert kinds["administrator"].average_jpm == 70.0  # Citra 100, Fitri 40


def test_competency_summaries_count_people_required_and_below_the_level(town):
    def numbers(summaries):
        return {key: (s.people, s.people_with_gap, s.total_gap) for key, s in summaries.items()}

    a, b, c, d = (town.a.id, town.b.id, town.c.id, town.d.id)
    assert numbers(gaps.competency_summaries()) == {a: (4, 2, 2), b: (2, 1, 1), c: (2, 2, 5), d: (2, 1, 2)}
    assert gaps.competency_summaries()[c].average_gap == 2.5
    assert numbers(gaps.competency_summaries(town.bidang.id)) == {a: (2, 1, 1), b: (2, 1, 1), c: (2, 2, 5)}
    assert gaps.competency_summaries(town.badan.id) == {}


# --- heat map --------------------------------------------------------------------------------------------------

def test_heat_map_rows_are_the_child_units_with_their_sub_units(town):
    heat = gaps.heat_map(town.city.id)
    assert [unit.name for unit in heat.units] == ["Badan Uji", "Dinas Uji"]
    assert [c.code for c in heat.competencies] == ["M.01", "M.02", "SK.01", "T.01"] and heat.hidden == 0
    cells = {(unit_id, competency_id): (cell.people, cell.with_gap, cell.total_gap)
             for (unit_id, competency_id), cell in heat.cells.items()}
    dinas = town.dinas.id
    assert cells == {(dinas, town.a.id): (4, 2, 2), (dinas, town.b.id): (2, 1, 1), (dinas, town.c.id): (2, 2, 5),
                     (dinas, town.d.id): (2, 1, 2)}
    arsip = heat.cells[(dinas, town.c.id)]
    assert arsip.share == 1.0 and arsip.average_gap == 2.5
    assert heat.cells[(dinas, town.a.id)].share == 0.5


def test_heat_map_keeps_the_columns_with_most_people_with_a_gap(town):
    heat = gaps.heat_map(town.city.id, max_columns=2)
    # A and C have two people with a gap each, B and D one: A and C stay, in framework order.
    assert [c.code for c in heat.competencies] == ["M.01", "T.01"] and heat.hidden == 2
    assert {competency_id for _unit, competency_id in heat.cells} == {town.a.id, town.c.id}


def test_heat_map_filters_by_competency_type_and_drills_down(town):
    teknis = gaps.heat_map(town.city.id, "teknis")
    assert [c.code for c in teknis.competencies] == ["T.01"] and teknis.hidden == 0
    # Below Dinas Uji the only row is Bidang Uji: Citra and Fitri, placed in the Dinas itself, are not in a row.
    inner = gaps.heat_map(town.dinas.id)
    assert [unit.name for unit in inner.units] == ["Bidang Uji"]
    assert [c.code for c in inner.competencies] == ["M.01", "M.02", "T.01"]
    integritas = inner.cells[(town.bidang.id, town.a.id)]
    assert (integritas.people, integritas.with_gap) == (2, 1)
    roots = gaps.heat_map(None)
    assert [unit.name for unit in roots.units] == ["Pemerintah Kota Uji"]
    assert roots.cells[(town.city.id, town.a.id)].with_gap == 2


# --- drill-down and team ---------------------------------------------------------------------------------------

def test_people_with_gap_lists_the_largest_gap_first_then_by_name(db, town):
    def listed(unit_id, competency):
        return [(e.name, required, current) for e, required, current in
                db.session.execute(gaps.people_with_gap(unit_id, competency.id)).all()]

    assert listed(None, town.a) == [("Budi", 3, 2), ("Fitri", 2, 1)]
    assert listed(None, town.c) == [("Ani", 4, 0), ("Budi", 4, 3)]
    assert listed(town.bidang.id, town.a) == [("Budi", 3, 2)]
    assert listed(town.badan.id, town.a) == []
    assert listed(town.city.id, town.d) == [("Fitri", 3, 1)]


def test_team_matrix_has_each_report_against_the_competencies_with_most_gaps_first(town):
    matrix = gaps.team_matrix([town.ani, town.budi])
    assert [c.code for c in matrix.competencies] == ["T.01", "M.01", "M.02"]  # C: 2 gaps, A and B: 1 each
    assert matrix.cells[(town.ani.id, town.c.id)] == (4, 0) and matrix.gap(town.ani.id, town.c.id) == 4
    assert matrix.cells[(town.budi.id, town.b.id)] == (2, 2) and matrix.gap(town.budi.id, town.b.id) == 0
    assert matrix.gap(town.ani.id, town.d.id) is None  # not required of an Analis
    assert matrix.jpm == {town.ani.id: 44.44, town.budi.id: 77.78}
    empty = gaps.team_matrix([])
    assert (empty.competencies, empty.cells, empty.jpm) == ([], {}, {})
    no_requirements = gaps.team_matrix([town.dedi])
    assert no_requirements.competencies == [] and no_requirements.jpm == {town.dedi.id: None}


def test_inactive_employees_count_nowhere(db, town):
    # Eko (inactive, an Analis without evidence) would add gaps to A, B and C everywhere.
    assert town.eko.id not in by_employee(gaps.people_gaps(town.bidang.id))
    assert gaps.competency_summaries(town.bidang.id)[town.a.id].people == 2
    assert "Eko" not in [e.name for e, _r, _c in db.session.execute(gaps.people_with_gap(None, town.c.id)).all()]
    assert gaps.team_matrix([town.eko]).cells == {}
