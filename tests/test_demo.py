"""The demo city: deterministic, idempotent, valid data (NIPs, ranks, tree, supervisors) and working accounts."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from kompeten.demo import city as demo
from kompeten.demo import plan
from lms.audit.models import AuditEntry
from lms.auth.models import User, UserRole
from lms.domain import DomainError
from lms.people import reference
from lms.people.models import Employee, OrgUnit, Position, position_career_paths
from lms.people.nip import nip_error, parse_nip
from tests.demo_city import demo_city

SMALL = 300
# Large enough for every structural post to be filled (below that, lower posts stay vacant on purpose).
FULL = 1100

# PNS ranks expected per (position kind, grade), written out here rather than taken from kompeten.demo.city.
RANKS = {
    ("jpt", "Madya"): "IV/d IV/e",
    ("jpt", "Pratama"): "IV/c IV/d",
    ("administrator", None): "IV/a IV/b",
    ("pengawas", None): "III/c III/d",
    ("fungsional_keahlian", "Ahli Madya"): "IV/a IV/b IV/c",
    ("fungsional_keahlian", "Ahli Muda"): "III/c III/d",
    ("fungsional_keahlian", "Ahli Pertama"): "III/a III/b",
    ("fungsional_keterampilan", "Penyelia"): "III/c III/d",
    ("fungsional_keterampilan", "Mahir"): "III/a III/b",
    ("fungsional_keterampilan", "Terampil"): "II/b II/c II/d",
    ("pelaksana", None): "II/a II/b II/c II/d III/a III/b",
}
PPPK_RANKS = {"pelaksana": "V VI VII VIII IX X", "Terampil": "VI VII", "Mahir": "IX X", "Ahli Pertama": "IX X",
              "Ahli Muda": "XI XII"}
STRUCTURAL = ("jpt", "administrator", "pengawas")


def build(db, employees: int = SMALL, seed: int = 7) -> demo.DemoResult:
    """The city of this size and seed (built once per test run, see tests.demo_city)."""
    return demo_city(employees, seed)


def fingerprint(db) -> list[tuple]:
    supervisor = aliased(Employee)
    return [tuple(row) for row in db.session.execute(
        select(Employee.nip, Employee.name, Employee.front_title, Employee.back_title, Employee.rank_code,
               Employee.employment_type, Employee.email, OrgUnit.code, Position.code, supervisor.nip)
        .join(OrgUnit, Employee.unit_id == OrgUnit.id).join(Position, Employee.position_id == Position.id)
        .outerjoin(supervisor, Employee.supervisor_id == supervisor.id)
        .order_by(Employee.nip))]


def wipe(db) -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def table_counts(db) -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def employees(db) -> list[Employee]:
    return list(db.session.scalars(select(Employee)))


def opd_path(unit: OrgUnit) -> str:
    """Path of the OPD a unit belongs to ("/<root>/<opd>/")."""
    return "/".join(unit.path.split("/")[:3]) + "/"


# --- determinism and idempotence -------------------------------------------------------------------------------

def test_the_same_seed_plans_the_same_city_and_another_seed_another_one():
    first, again, other = plan.plan_city(SMALL, 7), plan.plan_city(SMALL, 7), plan.plan_city(SMALL, 8)
    assert first.employees == again.employees
    assert list(first.positions) == list(again.positions)
    assert [e.nip for e in first.employees] != [e.nip for e in other.employees]


def test_the_same_seed_writes_the_same_city_into_a_fresh_database(db):
    demo.build_demo_city(employees=SMALL, seed=7, close_past=False)
    db.session.commit()
    before = fingerprint(db)
    wipe(db)
    demo.build_demo_city(employees=SMALL, seed=7, close_past=False)
    db.session.commit()
    assert fingerprint(db) == before
    assert len(before) == SMALL


def test_a_second_run_adds_nothing_and_returns_the_same_accounts(db):
    first = build(db)
    counts = table_counts(db)
    second = build(db)
    assert first.created and not second.created
    assert second.accounts == first.accounts
    assert (second.employee_count, second.unit_count, second.position_count) == (
        first.employee_count, first.unit_count, first.position_count)
    assert table_counts(db) == counts


def test_one_audit_entry_records_the_import_with_its_counts(db):
    result = build(db)
    # The demo appraisal cycle is opened, given assessors, consolidated and published through the services,
    # which audit each step on the cycle.
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type != "appraisal_cycle")).all()
    assert len(entries) == 1
    assert (entries[0].action, entries[0].entity_type) == ("import", "org_unit")
    assert entries[0].changes["employees"] == SMALL
    assert entries[0].changes["units"] == result.unit_count
    assert entries[0].changes["appraisals"] == result.appraisal_count == SMALL


@pytest.mark.parametrize("employees", [10, demo.MAX_EMPLOYEES + 1])
def test_an_impossible_size_is_refused(db, employees):
    with pytest.raises(DomainError):
        demo.build_demo_city(employees=employees, seed=1)
    assert db.session.scalar(select(func.count()).select_from(OrgUnit)) == 0


def test_codes_already_in_use_are_refused_before_anything_is_written(db, make_unit):
    make_unit("Dinas Kependudukan dan Pencatatan Sipil", code="DISDUKCAPIL")
    with pytest.raises(DomainError, match="DISDUKCAPIL"):
        demo.build_demo_city(employees=SMALL, seed=1)
    assert db.session.scalar(select(func.count()).select_from(OrgUnit)) == 1


# --- organisation ----------------------------------------------------------------------------------------------

def test_every_agency_of_the_reference_list_is_an_opd_under_the_city(db):
    build(db)
    root = db.session.scalar(select(OrgUnit).where(OrgUnit.code == demo.ROOT_CODE))
    assert (root.name, root.kind, root.parent_id) == ("Pemerintah Kota Medan", "pemkot", None)
    opds = db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "opd")).all()
    assert sorted(unit.name for unit in opds) == sorted(name for _abbr, name in reference.city_agencies())
    assert all(unit.parent_id == root.id for unit in opds)
    assert db.session.scalar(select(OrgUnit.code).where(OrgUnit.name == "Dinas Kependudukan dan Pencatatan Sipil")) \
        == "DISDUKCAPIL"


def test_unit_paths_match_the_tree(db):
    build(db)
    units = {unit.id: unit for unit in db.session.scalars(select(OrgUnit))}
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.id}/", unit.code


def test_the_tree_looks_like_kota_medan(db):
    result = build(db)
    assert 600 <= result.unit_count <= 900
    kinds = Counter(db.session.scalars(select(OrgUnit.kind)))
    assert set(kinds) == {"pemkot", "opd", "sekretariat", "bagian", "bidang", "subbagian", "seksi", "upt"}
    puskesmas = db.session.scalars(select(OrgUnit.name).where(OrgUnit.name.startswith("UPT Puskesmas"))).all()
    assert len(puskesmas) == 41 and "UPT Puskesmas Medan Johor" in puskesmas
    disdukcapil = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "DISDUKCAPIL"))
    bidang = db.session.scalars(select(OrgUnit.name).where(OrgUnit.parent_id == disdukcapil.id,
                                                           OrgUnit.kind == "bidang")).all()
    assert "Bidang Pelayanan Pendaftaran Penduduk" in bidang and 3 <= len(bidang) <= 4
    for unit in db.session.scalars(select(OrgUnit).where(OrgUnit.kind == "bidang", OrgUnit.name.startswith("Bidang"))):
        sections = db.session.scalar(select(func.count()).where(OrgUnit.parent_id == unit.id))
        assert 2 <= sections <= 3, unit.name
    setda = db.session.scalar(select(OrgUnit).where(OrgUnit.code == "SETDA"))
    bagian = db.session.scalars(select(OrgUnit.name).where(OrgUnit.parent_id == setda.id)).all()
    assert {"Bagian Hukum", "Bagian Organisasi", "Bagian Umum"} <= set(bagian)


def test_positions_of_every_kind_with_valid_grades_and_unique_codes(db):
    result = build(db)
    positions = db.session.scalars(select(Position)).all()
    assert len(positions) == result.position_count == len({p.code for p in positions})
    assert {p.kind for p in positions} == set(reference.position_grades())
    for position in positions:
        grades = reference.position_grades()[position.kind]
        assert position.grade in grades if grades else position.grade is None, position.code
    names = {p.name for p in positions}
    assert {"Sekretaris Daerah", "Kepala Dinas Kependudukan dan Pencatatan Sipil",
            "Kepala Seksi Identitas Penduduk", "Administrator Database Kependudukan Ahli Pertama",
            "Perawat Terampil", "Dokter Ahli Pertama", "Analis SDM Aparatur Ahli Muda",
            "Widyaiswara Ahli Madya", "Pengadministrasi Perkantoran", "Kepala UPT Puskesmas Medan Johor"} <= names


def test_career_paths_lead_up_the_structure_and_the_functional_levels(db):
    build(db)
    position = aliased(Position)
    target = aliased(Position)
    links = db.session.execute(
        select(position, target).join(position_career_paths, position.id == position_career_paths.c.position_id)
        .join(target, target.id == position_career_paths.c.next_position_id)).all()
    units = {unit.id: unit for unit in db.session.scalars(select(OrgUnit))}
    kinds = Counter()
    for source, goal in links:
        kinds[(source.kind, goal.kind)] += 1
        if source.kind == "pelaksana":
            # the head of their own unit: a kepala seksi/subbagian/UPT, or an inspektur pembantu (no seksi there)
            assert goal.kind in STRUCTURAL and goal.unit_id == source.unit_id
        elif source.kind == "pengawas" and units[source.unit_id].kind == "seksi":
            assert goal.kind == "administrator" and goal.unit_id == units[source.unit_id].parent_id
        elif source.grade == "Ahli Pertama":
            assert goal.grade == "Ahli Muda" and goal.name == source.name.replace("Ahli Pertama", "Ahli Muda")
    assert kinds[("pelaksana", "pengawas")] and kinds[("administrator", "jpt")] and kinds[("jpt", "jpt")]
    assert kinds[("fungsional_keahlian", "fungsional_keahlian")]


# --- employees -------------------------------------------------------------------------------------------------

def test_every_pns_nip_is_valid_and_matches_birth_date_gender_and_age(db):
    build(db)
    people = employees(db)
    assert len(people) == SMALL
    for person in people:
        if person.employment_type != "pns":
            continue
        assert nip_error(person.nip, "pns") is None, person.nip
        facts = parse_nip(person.nip, "pns")
        assert (facts.birth_date, facts.gender) == (person.birth_date, person.gender)
        age = plan.REFERENCE_DATE.year - person.birth_date.year - (
            (plan.REFERENCE_DATE.month, plan.REFERENCE_DATE.day) < (person.birth_date.month, person.birth_date.day))
        assert 22 <= age <= 58, person.nip
        assert (facts.tmt_year, facts.tmt_month) >= (person.birth_date.year + 22, person.birth_date.month)
        assert (facts.tmt_year, facts.tmt_month) <= (plan.REFERENCE_DATE.year, plan.REFERENCE_DATE.month)
    assert len({person.nip for person in people}) == len(people)


def test_pppk_numbers_are_unique_18_digits_with_their_own_layout(db):
    build(db, 600)
    pppk = [person for person in employees(db) if person.employment_type == "pppk"]
    assert 0.25 <= len(pppk) / 600 <= 0.45
    for person in pppk:
        assert nip_error(person.nip, "pppk") is None
        assert person.nip[:8] == f"{person.birth_date:%Y%m%d}"
        assert 2019 <= int(person.nip[8:12]) <= 2025 and person.nip[12:14] == "21"
        assert person.nip[14] == ("1" if person.gender == "L" else "2")
    assert len({person.nip for person in pppk}) == len(pppk)


def test_golongan_fits_the_position_and_pppk_never_hold_structural_posts(db):
    build(db, 600)
    for person in employees(db):
        position = person.position
        if person.employment_type == "pns":
            assert person.rank_code in RANKS[(position.kind, position.grade)].split(), (person.nip, position.name)
        else:
            assert position.kind not in STRUCTURAL
            key = position.grade or position.kind
            assert person.rank_code in PPPK_RANKS[key].split(), (person.nip, position.name)


def test_names_and_titles_look_like_medan(db):
    build(db, 600)
    people = employees(db)
    words = Counter(word for person in people for word in person.name.split())
    assert sum(words[marga] for marga in ("Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Ginting")) >= 10
    assert all(person.gender == "P" for person in people if " br. " in person.name)
    doctors = [p for p in people if p.position.name.startswith("Dokter Ahli")]
    assert doctors and all("dr." in p.front_title for p in doctors)
    assert all(p.back_title == "" or p.back_title.endswith(".") for p in people)
    emails = [p.email for p in people if p.email]
    assert len(emails) == len(set(emails)) and all(e.endswith("@pemkomedan.go.id") for e in emails)


def test_supervisors_form_a_tree_inside_each_opd(db):
    build(db)
    people = {person.id: person for person in employees(db)}
    tops = [person for person in people.values() if person.supervisor_id is None]
    assert [person.position.name for person in tops] == ["Sekretaris Daerah"]
    for person in people.values():
        seen, current = set(), person
        while current.supervisor_id is not None:
            assert current.id not in seen, f"cycle through {current.nip}"
            seen.add(current.id)
            current = people[current.supervisor_id]
        boss = person.supervisor
        if boss is None:
            continue
        if person.unit.kind == "opd" and person.position.grade == "Pratama" and person.unit.code != "SETDA":
            assert boss.position.name == "Sekretaris Daerah"
        else:
            assert boss.unit.path.startswith(opd_path(person.unit)), (person.nip, boss.nip)
        assert boss.position.kind in STRUCTURAL


def test_at_a_realistic_size_every_structural_post_has_exactly_one_holder(db):
    build(db, FULL)
    holders = dict(db.session.execute(
        select(Position.id, func.count(Employee.id)).outerjoin(Employee, Employee.position_id == Position.id)
        .where(Position.kind.in_(STRUCTURAL)).group_by(Position.id)).all())
    assert holders and set(holders.values()) == {1}
    people = employees(db)
    by_position = {person.position_id: person for person in people if person.position.kind in STRUCTURAL}
    for person in people:
        position = person.position
        if position.kind == "pelaksana" and person.unit.kind == "seksi":
            assert person.supervisor.unit_id == person.unit_id and person.supervisor.position.kind == "pengawas"
        if position.name.startswith("Kepala UPT Puskesmas"):
            assert person.supervisor.position.name == "Kepala Bidang Pelayanan Kesehatan"
        if position.name.startswith("Kepala Subbagian") and person.unit.parent.kind == "sekretariat":
            assert person.supervisor.position.name.startswith("Sekretaris")
    assert len(by_position) == len(holders)


# --- accounts --------------------------------------------------------------------------------------------------

def test_the_demo_accounts_have_the_promised_people_and_roles(db):
    result = build(db)
    accounts = {account.role: account for account in result.accounts}
    assert list(accounts) == ["admin", "hr", "trainer", "supervisor", "employee"]
    users = {account.role: db.session.scalar(select(User).where(User.email == account.email))
             for account in result.accounts}
    assert users["admin"].employee is None and users["admin"].roles == {"admin"}
    assert users["hr"].roles == {"employee", "hr"}
    assert users["hr"].employee.position.name.startswith("Analis SDM Aparatur")
    assert users["trainer"].roles == {"employee", "trainer"}
    assert users["trainer"].employee.position.name == "Widyaiswara Ahli Madya"
    for role in ("hr", "trainer"):
        assert users[role].employee.unit.path.startswith(
            db.session.scalar(select(OrgUnit.path).where(OrgUnit.code == "BKPSDM")))
    supervisor = users["supervisor"].employee
    assert supervisor.position.name == "Kepala Seksi Identitas Penduduk" and supervisor.unit.code.startswith("DISDUKC")
    assert db.session.scalar(select(func.count()).where(Employee.supervisor_id == supervisor.id)) >= 3
    employee = users["employee"].employee
    assert employee.supervisor_id == supervisor.id and employee.position.kind == "pelaksana"
    for role, user in users.items():
        assert not user.must_change_password
        assert accounts[role].login == (user.employee.nip if user.employee else user.email)
        assert accounts[role].password == demo.DEMO_PASSWORD
    assert len({user.password_hash for user in users.values()}) == 1  # hashed once
    # Besides the five demo accounts, widyaiswara and experts of BKPSDM get trainer accounts (log-in by NIP).
    trainers = db.session.scalars(select(User).join(UserRole).where(UserRole.role == "trainer")).all()
    assert len(trainers) <= 1 + demo.COLLEAGUE_TRAINERS
    assert all(user.employee.position.kind == "fungsional_keahlian" for user in trainers)
    assert all(user.employee.unit.code.startswith("BKPSDM") for user in trainers)
    assert db.session.scalar(select(func.count()).select_from(User)) == 5 + len(trainers) - 1


def test_every_demo_account_logs_in_and_lands_on_the_home_page(app, db):
    result = build(db)
    for account in result.accounts:
        client = app.test_client()
        response = client.post("/masuk", data={"identifier": account.login, "password": account.password})
        assert response.status_code == 302, account.role
        assert response.headers["Location"] == "/"
        home = client.get("/")
        assert home.status_code == 200, account.role
        assert "Selamat datang" in home.get_data(as_text=True)


def test_the_hr_account_sees_the_employee_list(app, db):
    result = build(db)
    hr = next(account for account in result.accounts if account.role == "hr")
    client = app.test_client()
    client.post("/masuk", data={"identifier": hr.email, "password": hr.password})
    response = client.get("/pegawai?q=a&type=pns")
    assert response.status_code == 200
    assert "Pemerintah Kota Medan" in response.get_data(as_text=True)


def test_the_cli_builds_the_city_once_and_prints_the_logins(runner, db):
    result = runner.invoke(args=["lms", "demo", "--employees", "300", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Kota demo dibuat: 300 pegawai" in result.output
    users = db.session.execute(select(User.email, Employee.nip).outerjoin(User.employee)).all()
    for email, nip in users:
        assert (nip or email) in result.output and email in result.output
    assert result.output.count(demo.DEMO_PASSWORD) == 5

    again = runner.invoke(args=["lms", "demo", "--employees", "300", "--seed", "7"])
    assert again.exit_code == 0 and "sudah ada" in again.output
    assert again.output.count(demo.DEMO_PASSWORD) == 5
    assert db.session.scalar(select(func.count()).select_from(Employee)) == 300


def test_reference_date_keeps_nips_valid_today():
    assert date.today() >= plan.REFERENCE_DATE


# --- the examples in docs/ -------------------------------------------------------------------------------------

def test_the_roster_example_in_docs_imports_cleanly_into_the_demo_city(db):
    from pathlib import Path

    from lms.roster.preview import preview_roster
    from lms.roster.services import apply_roster

    build(db)
    example = Path(__file__).resolve().parent.parent / "docs" / "roster-example.csv"
    preview = preview_roster(example.name, example.read_bytes())
    assert [(row.number, row.reasons) for row in preview.rows if row.outcome == "error"] == []
    assert [row.outcome for row in preview.rows] == ["new"] * 5
    apply_roster(None, preview, filename=example.name, valid_only=False)
    db.session.commit()
    imported = {person.nip: person for person in db.session.scalars(
        select(Employee).where(Employee.nip.in_([row.nip for row in preview.rows])))}
    head, kabid = imported["197601012000031001"], imported["198503172010011002"]
    assert (head.position.code, head.unit.code) == ("DISKOMINFO.KA", "DISKOMINFO")
    assert kabid.supervisor_id == head.id and kabid.position.code == "DISKOMINFO-B2.KA"
    assert imported["199507202023211005"].employment_type == "pppk"
    assert imported["198811052012122001"].is_active is False
