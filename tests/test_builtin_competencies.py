"""The built-in ASN framework (install, idempotence, filling in, CLI, managerial table) and the demo city's
technical framework and complete standar kompetensi jabatan."""

from collections import Counter, defaultdict

import networkx as nx
import pytest
from flask import current_app
from sqlalchemy import func, select

from competencies import builtin
from competencies.models import Competency, CompetencyLevel, Framework, Indicator, Prerequisite, Requirement
from kompeten.demo import city as demo
from kompeten.demo import competencies as competency_demo
from kompeten.demo import competency_rules, plan
from lms.audit.models import AuditEntry
from lms.cache import GRAPH, current_version
from lms.people.models import OrgUnit, Position
from tests.demo_city import demo_city

SMALL = 300
ASN_CODES = ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01"]
# Required ASN level per (kind, grade), written out here rather than taken from competencies.builtin.
ASN_LEVELS = {
    ("jpt", "Madya"): 5, ("jpt", "Pratama"): 4, ("administrator", None): 3, ("pengawas", None): 2,
    ("fungsional_keahlian", "Ahli Madya"): 3, ("fungsional_keahlian", "Ahli Muda"): 2,
    ("fungsional_keahlian", "Ahli Pertama"): 1, ("fungsional_keterampilan", "Penyelia"): 2,
    ("fungsional_keterampilan", "Mahir"): 1, ("fungsional_keterampilan", "Terampil"): 1, ("pelaksana", None): 1,
}


def counts(db) -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Framework, Competency, CompetencyLevel, Indicator, Prerequisite, Requirement, AuditEntry)}


def asn_framework(db) -> Framework:
    return db.session.scalar(select(Framework).where(Framework.code == builtin.ASN_CODE))


def build_city(db, seed: int = 7) -> demo.DemoResult:
    return demo_city(SMALL, seed)


def requirement_rows(db) -> list[tuple]:
    return sorted(tuple(row) for row in db.session.execute(
        select(Position.code, Competency.code, Requirement.level, Requirement.weight)
        .join(Position, Requirement.position_id == Position.id)
        .join(Competency, Requirement.competency_id == Competency.id)))


def wipe(db) -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


# --- the ASN framework -----------------------------------------------------------------------------------------

def test_the_asn_framework_has_nine_competencies_with_five_described_levels_and_indicators(db):
    builtin.install_asn_framework()
    db.session.commit()
    framework = asn_framework(db)
    assert framework.name == "Kamus Kompetensi Manajerial dan Sosial Kultural ASN"
    assert framework.source == "PermenPANRB 38/2017" and framework.is_builtin
    assert framework.max_level == 5 and framework.scale[0] == "Level 1"
    assert 1 <= framework.proficient_level <= framework.max_level
    assert 1 <= framework.default_level <= framework.max_level
    assert [c.code for c in framework.competencies] == ASN_CODES
    assert Counter(c.type for c in framework.competencies) == {"manajerial": 8, "sosial_kultural": 1}
    names = {c.code: c.name for c in framework.competencies}
    assert names["M.01"] == "Integritas" and names["S.01"] == "Perekat Bangsa"
    for competency in framework.competencies:
        assert competency.description and competency.parent_id is None
        assert [level.level for level in competency.levels] == [1, 2, 3, 4, 5]
        for level in competency.levels:
            assert level.description.strip(), (competency.code, level.level)
            texts = [indicator.text for indicator in level.indicators]
            assert len(texts) >= 3 and len(set(texts)) == len(texts) and all(t.strip() for t in texts)
    all_texts = db.session.scalars(select(Indicator.text)).all()
    assert len(all_texts) == len(set(all_texts)) == 9 * 5 * 3


def test_installing_twice_changes_nothing_and_leaves_the_cache_alone(db):
    first = builtin.install_framework(builtin.asn_framework_spec())
    db.session.commit()
    before, version = counts(db), current_version(GRAPH)
    assert first.created and (first.competencies, first.levels, first.indicators) == (9, 45, 135)
    assert version >= 1

    second = builtin.install_framework(builtin.asn_framework_spec())
    db.session.commit()
    assert not second.created and not second.changed
    assert second.framework.id == first.framework.id
    assert counts(db) == before and current_version(GRAPH) == version
    assert builtin.install_asn_framework().id == first.framework.id


def test_an_incomplete_older_install_is_filled_in_without_touching_existing_rows(db):
    framework = builtin.install_asn_framework()
    db.session.commit()
    complete = counts(db)
    by_code = {c.code: c for c in framework.competencies}
    db.session.delete(by_code["S.01"])  # a competency with its levels and indicators
    integrity = by_code["M.01"]
    db.session.delete(integrity.levels[4])  # level 5 of M.01
    level_two = integrity.levels[1]
    db.session.delete(level_two.indicators[2])  # one indicator of M.01 level 2
    level_two.description = "Teks yang diubah HR"
    db.session.commit()
    version = current_version(GRAPH)

    report = builtin.install_framework(builtin.asn_framework_spec())
    db.session.commit()
    assert not report.created and (report.competencies, report.levels, report.indicators) == (1, 6, 19)
    assert counts(db)["Indicator"] == complete["Indicator"] and counts(db)["Competency"] == complete["Competency"]
    assert current_version(GRAPH) > version
    level = db.session.scalar(select(CompetencyLevel).join(Competency).where(
        Competency.code == "M.01", CompetencyLevel.level == 2, Competency.framework_id == framework.id))
    assert level.description == "Teks yang diubah HR"
    assert [indicator.position for indicator in level.indicators] == [1, 2, 3]


def test_an_install_is_audited_once_and_a_no_op_is_not(db):
    builtin.install_builtin_frameworks()
    builtin.install_builtin_frameworks()
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry)).all()
    assert len(entries) == 1
    assert (entries[0].action, entries[0].entity_type) == ("create", "framework")
    assert entries[0].changes == {"competencies": 9, "levels": 45, "indicators": 135}


def test_the_cli_installs_the_framework_and_reports_a_second_run_as_unchanged(runner, db):
    result = runner.invoke(args=["lms", "install-frameworks"])
    assert result.exit_code == 0, result.output
    assert "ASN-MSK-2017" in result.output and "dipasang" in result.output and "135 indikator" in result.output
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 9

    again = runner.invoke(args=["lms", "install-frameworks"])
    assert again.exit_code == 0 and "tidak ada perubahan" in again.output
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == 135


# --- the regulation's texts (PermenPANRB 38/2017, rendered from the reference paraphrases) ----------------------

# Written out here, not read from competencies/data: one level description and one indicator per competency.
REGULATION_TEXTS = {
    ("M.01", 1): "Bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi",
    ("M.01", "4.3"): "Berani mengoreksi atau menindak pelanggaran etika yang dilakukan orang lain di tingkat instansi "
                     "meskipun berisiko",
    ("M.02", 2): "Menumbuhkan tim kerja yang partisipatif dan efektif",
    ("M.02", "3.3"): "Membangun aliansi dengan para pemangku kepentingan untuk mendukung target kelompok",
    ("M.03", 5): "Menggagas sistem komunikasi yang terbuka dan strategis untuk menemukan solusi yang meningkatkan "
                 "kinerja",
    ("M.03", "1.3"): "Melaksanakan surat-menyurat resmi sesuai tata naskah organisasi",
    ("M.04", 4): "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja sebelumnya",
    ("M.04", "1.2"): "Bekerja dengan teliti untuk memperkecil kesalahan, sesuai standar mutu (SOP)",
    ("M.05", 1): "Menjalankan tugas sesuai standar pelayanan",
    ("M.05", "1.2"): "Melayani kebutuhan, permintaan dan keluhan pemangku kepentingan",
    ("M.06", 3): "Memberikan umpan balik dan bimbingan (coaching)",
    ("M.06", "4.3"): "Secara konsisten mengembangkan orang-orang di sekitarnya dan menyiapkan kader pengganti untuk "
                     "jabatan di unit kerjanya",
    ("M.07", 4): "Memimpin perubahan di unit kerja",
    ("M.07", "3.1"): "Membantu orang lain melakukan perubahan",
    ("M.08", 2): "Menganalisis masalah secara mendalam",
    ("M.08", "5.1"): "Menghasilkan solusi atas masalah jangka panjang",
    ("S.01", 1): "Peka, memahami dan menerima keberagaman",
    ("S.01", "4.3"): "Merancang program yang mengakomodasi perbedaan-perbedaan tersebut",
}


def asn_texts(db) -> dict:
    """{(code, level): description} and {(code, "level.place"): indicator text} of the installed framework."""
    texts = {}
    for competency in asn_framework(db).competencies:
        for level in competency.levels:
            texts[(competency.code, level.level)] = level.description
            texts.update({(competency.code, indicator.number): indicator.text for indicator in level.indicators})
    return texts


def test_every_level_has_the_regulations_three_indicators_numbered_as_there(db):
    builtin.install_asn_framework()
    db.session.commit()
    framework = asn_framework(db)
    assert framework.extra["revision"] == builtin.ASN_REVISION == 2
    for competency in framework.competencies:
        for level in competency.levels:
            numbers = [indicator.number for indicator in level.indicators]
            assert numbers == [f"{level.level}.1", f"{level.level}.2", f"{level.level}.3"], competency.code
    assert db.session.scalar(select(func.count()).select_from(Indicator)) == 9 * 5 * 3
    texts = asn_texts(db)
    assert {key: texts[key] for key in REGULATION_TEXTS} == REGULATION_TEXTS


def test_an_older_install_gets_the_regulations_texts_in_place_keeping_its_indicator_ids(db, runner):
    framework = builtin.install_asn_framework()
    db.session.commit()
    framework.extra = {}  # installed before the texts had a revision: our own texts, revision 1
    ids = {}
    for competency in framework.competencies:
        for level in competency.levels:
            level.description = f"LAMA deskripsi {competency.code} {level.level}"
            for place, indicator in enumerate(level.indicators, start=1):
                indicator.text = f"LAMA indikator {competency.code} {level.level}.{place}"
                ids[(competency.code, level.level, place)] = indicator.id
    integrity = framework.competencies[0].levels[1]
    first, second = integrity.indicators[0], integrity.indicators[1]
    first.position = 4  # M.01 level 2 as an older install may leave it: its indicators at places 2 and 4
    db.session.delete(integrity.indicators[2])  # gone altogether
    db.session.commit()
    version = current_version(GRAPH)

    result = runner.invoke(args=["lms", "install-frameworks"])
    assert result.exit_code == 0 and "diperbarui: 179 deskripsi level" in result.output, result.output
    db.session.expire_all()
    assert current_version(GRAPH) > version
    texts = asn_texts(db)
    assert {key: texts[key] for key in REGULATION_TEXTS} == REGULATION_TEXTS
    assert not [text for text in texts.values() if "LAMA" in text]
    kept = {(c.code, level.level, i.position): i.id for c in asn_framework(db).competencies
            for level in c.levels for i in level.indicators}
    del ids[("M.01", 2, 1)], ids[("M.01", 2, 2)], ids[("M.01", 2, 3)]
    assert {key: kept[key] for key in ids} == ids  # every other indicator keeps its id and its place
    # M.01 level 2 had the indicators at places 2 and 4: they become 2.1 and 2.2, and 2.3 is added
    assert (kept[("M.01", 2, 1)], kept[("M.01", 2, 2)]) == (second.id, first.id)
    assert len(kept) == 135 and asn_framework(db).extra["revision"] == 2
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "update" and entry.changes["updated"] == 179 and entry.changes["indicators"] == 1

    level = db.session.get(CompetencyLevel, integrity.id)
    level.description = "Teks yang diubah HR setelah pembaruan"
    db.session.commit()
    again = builtin.install_framework(builtin.asn_framework_spec())
    assert not again.changed and level.description == "Teks yang diubah HR setelah pembaruan"


# --- the managerial table --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "grade", "level"), [
    ("jpt", "Utama", 5), ("jpt", "Madya", 5), ("jpt", "Pratama", 4), ("administrator", None, 3),
    ("pengawas", None, 2), ("fungsional_keahlian", "Ahli Utama", 4), ("fungsional_keahlian", "Ahli Madya", 3),
    ("fungsional_keahlian", "Ahli Muda", 2), ("fungsional_keahlian", "Ahli Pertama", 1),
    ("fungsional_keterampilan", "Penyelia", 2), ("fungsional_keterampilan", "Terampil", 1),
    ("pelaksana", None, 1), ("pengawas", "grade tak dikenal", 2),
])
def test_the_default_managerial_table(app, kind, grade, level):
    assert builtin.required_managerial_level(kind, grade) == level


def test_the_managerial_table_is_overridden_key_by_key_from_the_config(monkeypatch):
    monkeypatch.setitem(current_app.config, builtin.CONFIG_KEY, {"pengawas": 3, "fungsional_keahlian:Ahli Pertama": 2})
    assert builtin.required_managerial_level("pengawas", None) == 3
    assert builtin.required_managerial_level("fungsional_keahlian", "Ahli Pertama") == 2
    assert builtin.required_managerial_level("administrator", None) == 3  # default kept


@pytest.mark.parametrize("configured", [{"pengawas": 6}, {"pelaksana": 0}, {"pelaksana": "2"}, ["pelaksana"]])
def test_an_invalid_managerial_table_is_refused(monkeypatch, configured):
    monkeypatch.setitem(current_app.config, builtin.CONFIG_KEY, configured)
    with pytest.raises(ValueError, match=builtin.CONFIG_KEY):
        builtin.managerial_levels()


# --- the technical framework (no database) -----------------------------------------------------------------------

def test_the_technical_framework_is_a_tree_of_groups_and_described_competencies():
    spec = competency_demo.technical_framework_spec()
    groups = [c for c in spec.competencies if c.parent is None]
    leaves = [c for c in spec.competencies if c.parent is not None]
    assert len(groups) >= 10 and len(leaves) >= 60
    assert all(not group.levels for group in groups)
    assert {leaf.parent for leaf in leaves} == {group.code for group in groups}
    names = {leaf.name for leaf in leaves}
    assert {"Administrasi Kependudukan", "Pelayanan KTP-el", "Pencatatan Akta Kelahiran dan Kematian",
            "Pengelolaan Data Kependudukan (SIAK)", "Pelayanan Publik", "Pelayanan Kesehatan Dasar",
            "Surveilans Penyakit", "Manajemen Puskesmas", "Keselamatan Pasien", "Manajemen ASN",
            "Pengembangan Kompetensi", "Penilaian Kinerja", "Tata Kelola SPBE", "Keamanan Informasi",
            "Penegakan Perda", "Ketenteraman dan Ketertiban Umum", "Perencanaan Pembangunan",
            "Pengelolaan Keuangan Daerah", "Pajak Daerah", "Manajemen Lalu Lintas", "Pengelolaan Arsip",
            "Pengadaan Barang/Jasa", "Penyusunan SKP", "Literasi Digital", "Pelayanan Prima"} <= names
    for leaf in leaves:
        assert leaf.type == "teknis" and leaf.description
        assert [level.level for level in leaf.levels] == [1, 2, 3, 4, 5]
        for level in leaf.levels:
            assert level.description and 2 <= len(level.indicators) <= 3
            assert all("{" not in text for text in (level.description, *level.indicators))
    assert spec.proficient_level == 3 and len(spec.scale) == 5


def test_the_demo_tables_name_only_existing_competencies_and_prerequisites_form_a_dag():
    leaves = {c.code for c in competency_demo.technical_framework_spec().competencies if c.levels}
    named = {code for profile in competency_rules.AGENCY_PROFILES.values()
             for code in (profile.core, *profile.pool, *(rule[1] for rule in profile.rules))}
    named |= {rule[1] for rule in (*competency_rules.SUPPORT_RULES, *competency_rules.GENERIC_RULES)}
    named |= {code for codes in competency_rules.FAMILY_COMPETENCIES.values() for code in codes}
    named |= {code for codes in competency_rules.PELAKSANA_COMPETENCIES.values() for code in codes}
    named |= {code for codes in competency_rules.ROLE_EXTRAS.values() for code in codes}
    named |= {*competency_rules.FALLBACK, *competency_rules.GENERIC_POOL, competency_rules.PERFORMANCE_PLANNING}
    assert named <= leaves
    prerequisites = competency_demo.technical_prerequisites()
    assert {(code, required) for code, required, _level in prerequisites} >= {
        ("T.DUK.02", "T.DUK.01"), ("T.KES.03", "T.KES.01")}
    graph = nx.DiGraph((required, code) for code, required, _level in prerequisites)
    assert nx.is_directed_acyclic_graph(graph) and set(graph) <= leaves
    assert all(1 <= level <= 5 for _code, _required, level in prerequisites)


def _plan(seed: int, managerial: dict[str, int] | None = None):
    """Requirements planned for the positions of the pure city plan (ids made up), no database."""
    city = plan.plan_city(SMALL, 7)
    unit_ids = {unit.code: number for number, unit in enumerate(city.units, start=1)}
    units = [competency_demo.UnitRow(unit_ids[u.code], u.code, u.name, u.kind,
                                     unit_ids[u.parent] if u.parent else None) for u in city.units]
    positions = [competency_demo.PositionRow(number, p.code, p.name, p.kind, p.grade, unit_ids[p.unit])
                 for number, p in enumerate(city.positions.values(), start=1)]
    table = managerial or builtin.DEFAULT_MANAGERIAL_LEVELS
    return positions, competency_demo.plan_requirements(positions, units, seed, table, ASN_CODES)


def test_the_plan_is_deterministic_for_a_seed_and_varies_with_it():
    _positions, first = _plan(7)
    assert _plan(7)[1] == first
    assert _plan(8)[1] != first


def test_a_configured_managerial_table_changes_the_planned_asn_levels():
    positions, planned = _plan(7, {**builtin.DEFAULT_MANAGERIAL_LEVELS, "pelaksana": 2})
    pelaksana = {p.id for p in positions if p.kind == "pelaksana"}
    assert {r.level for r in planned if r.position_id in pelaksana and r.competency_code in ASN_CODES} == {2}


# --- the demo city -----------------------------------------------------------------------------------------------

def test_every_demo_position_has_a_complete_standar_kompetensi_jabatan(db):
    result = build_city(db)
    positions = {p.id: p for p in db.session.scalars(select(Position))}
    requirements = db.session.execute(
        select(Requirement.position_id, Competency.code, Competency.type, Requirement.level, Requirement.weight,
               Framework.code, Framework.scale)
        .join(Competency, Requirement.competency_id == Competency.id)
        .join(Framework, Competency.framework_id == Framework.id)).all()
    assert result.requirement_count == len(requirements) and result.competency_count >= 9 + 60
    by_position = defaultdict(list)
    for row in requirements:
        by_position[row[0]].append(row)
    assert set(by_position) == set(positions)
    for position_id, rows in by_position.items():
        position = positions[position_id]
        asn = [row for row in rows if row[5] == builtin.ASN_CODE]
        technical = [row for row in rows if row[5] == competency_demo.TECHNICAL_CODE]
        assert len(asn) + len(technical) == len(rows)
        assert sorted(row[1] for row in asn) == ASN_CODES, position.code
        assert {row[3] for row in asn} == {ASN_LEVELS[(position.kind, position.grade)]}, position.code
        assert all(row[4] == "normal" for row in asn)
        assert 3 <= len(technical) <= 5, position.code
        assert all(row[2] == "teknis" for row in technical)
        assert [row[4] for row in technical].count("critical") == 1, position.code
        critical = next(row[3] for row in technical if row[4] == "critical")
        assert all(row[3] <= critical for row in technical)
        for row in rows:
            assert 1 <= row[3] <= len(row[6]), (position.code, row[1])
    assert all(group.parent_id is None and not group.levels for group in db.session.scalars(
        select(Competency).where(Competency.code.in_(["T.DUK", "T.KES", "T.UMM"]))))


def test_structural_heads_need_more_than_their_staff_and_units_their_core_competency(db):
    build_city(db)

    def critical(name: str, unit_code: str) -> tuple[str, int]:
        row = db.session.execute(
            select(Competency.name, Requirement.level).join(Requirement.competency)
            .join(Position, Requirement.position_id == Position.id).join(OrgUnit, Position.unit_id == OrgUnit.id)
            .where(Position.name == name, OrgUnit.code.startswith(unit_code), Requirement.weight == "critical")
            .order_by(Position.code).limit(1)).one()
        return row[0], row[1]

    assert critical("Sekretaris Daerah", "SETDA")[1] == 5
    head = critical("Kepala Seksi Identitas Penduduk", "DISDUKCAPIL")
    staff = critical("Pengadministrasi Perkantoran", "DISDUKCAPIL-B1S1")
    assert head[0] == staff[0] == "Pelayanan KTP-el" and head[1] > staff[1]
    assert critical("Kepala UPT Puskesmas Amplas", "DINKES")[0] == "Manajemen Puskesmas"
    assert critical("Dokter Ahli Pertama", "DINKES-PKM")[0] == "Pelayanan Kesehatan Dasar"
    assert critical("Kepala Bidang Lalu Lintas", "DISHUB")[0] == "Manajemen Lalu Lintas"
    first_grade = critical("Analis SDM Aparatur Ahli Pertama", "BKPSDM")[1]
    assert critical("Analis SDM Aparatur Ahli Muda", "BKPSDM")[1] > first_grade


def test_the_demo_prerequisites_form_a_dag_with_the_documented_examples(db):
    build_city(db)
    rows = db.session.execute(select(Prerequisite.required_id, Prerequisite.competency_id)).all()
    assert nx.is_directed_acyclic_graph(nx.DiGraph([tuple(row) for row in rows]))
    codes = dict(db.session.execute(select(Competency.id, Competency.code)).all())
    named = {(codes[competency], codes[required]): level for competency, required, level in db.session.execute(
        select(Prerequisite.competency_id, Prerequisite.required_id, Prerequisite.level))}
    assert named[("T.DUK.02", "T.DUK.01")] == 2 and named[("T.KES.03", "T.KES.01")] == 3


def test_a_prerequisite_that_would_close_a_cycle_with_existing_ones_is_left_out(db):
    builtin.install_framework(competency_demo.technical_framework_spec(), audit_log=False)
    ids = dict(db.session.execute(select(Competency.code, Competency.id)).all())
    db.session.add(Prerequisite(competency_id=ids["T.DUK.01"], required_id=ids["T.DUK.02"], level=1))
    db.session.commit()
    build_city(db)
    rows = db.session.execute(select(Prerequisite.required_id, Prerequisite.competency_id)).all()
    assert nx.is_directed_acyclic_graph(nx.DiGraph([tuple(row) for row in rows]))
    assert db.session.get(Prerequisite, (ids["T.DUK.02"], ids["T.DUK.01"])) is None


def test_the_same_seed_gives_the_same_requirements_in_a_fresh_database(db):
    demo.build_demo_city(employees=SMALL, seed=7, close_past=False)
    first = requirement_rows(db)
    wipe(db)
    demo.build_demo_city(employees=SMALL, seed=7, close_past=False)
    assert requirement_rows(db) == first and len(first) > 3000 * 12


def test_a_second_demo_build_adds_nothing_and_reports_the_same_counts(db):
    first = build_city(db)
    before, version = counts(db), current_version(GRAPH)
    second = build_city(db)
    assert not second.created
    assert (second.requirement_count, second.competency_count) == (first.requirement_count, first.competency_count)
    assert counts(db) == before and current_version(GRAPH) == version
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "org_unit"))  # the city's import
    assert entry.changes["requirements"] == first.requirement_count


def test_the_demo_uses_an_asn_framework_installed_before_it(runner, db):
    assert runner.invoke(args=["lms", "install-frameworks"]).exit_code == 0
    build_city(db)
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 2
    assert db.session.scalar(select(func.count()).select_from(Competency).join(Framework).where(
        Framework.code == builtin.ASN_CODE)) == 9
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.entity_type != "appraisal_cycle")) == 2  # the install and the city (and its demo appraisal cycle)
