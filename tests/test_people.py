from datetime import date

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEntry
from lms.people.models import Employee, OrgUnit, Position
from tests.helpers import make_ni_pppk, make_nip, page_text


@pytest.fixture
def hr(make_user, login):
    user = make_user("employee", "hr")
    login(user)
    return user


@pytest.fixture
def section(make_unit):
    opd = make_unit("Dinas Kependudukan dan Pencatatan Sipil", code="DISDUKCAPIL")
    return make_unit("Seksi Pendaftaran Penduduk", kind="seksi", parent=opd, code="DISDUKCAPIL-PP")


def other_nip(sequence: int) -> str:
    """NIPs that cannot collide with the ones the factories hand out."""
    return make_nip(date(1980, 1, 1), (2005, 1), 1, sequence)


def employee_form(position, **overrides):
    data = {"employment_type": "pns", "nip": make_nip(date(1991, 2, 3), (2016, 4), 2, 7), "front_title": "",
            "name": "Rina Siregar", "back_title": "S.Kom.", "rank_code": "III/a", "unit_id": position.unit_id,
            "position_id": position.id, "supervisor_nip": "", "email": "rina@medan.go.id", "is_active": "y"}
    data.update(overrides)
    return data


def test_hr_creates_an_employee_and_the_audit_log_records_it(client, hr, make_position, section, db):
    position = make_position("Pengolah Data", unit=section)
    response = client.post("/pegawai/baru", data=employee_form(position))
    assert response.status_code == 302
    employee = db.session.scalar(select(Employee).where(Employee.name == "Rina Siregar"))
    assert employee.full_name == "Rina Siregar, S.Kom."
    assert (employee.birth_date, employee.gender) == (date(1991, 2, 3), "P")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "employee"))
    assert entry.action == "create" and entry.actor_id == hr.id
    assert entry.changes["nip"] == [None, employee.nip]

    response = client.post(f"/pegawai/{employee.id}/ubah",
                           data=employee_form(position, nip=employee.nip, rank_code="III/b"))
    assert response.status_code == 302
    update = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "update"))
    assert update.changes == {"rank_code": ["III/a", "III/b"]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nip": "199102302016042007"}, "nip", "tanggal lahir"),
        ({"nip": "19910203201604200"}, "nip", "18 angka"),
        ({"nip": "199102032030042007"}, "nip", "masa depan"),
        ({"rank_code": "V"}, "rank_code", "tidak berlaku untuk pegawai PNS"),
        ({"employment_type": "pppk", "rank_code": "III/a", "nip": make_ni_pppk(year=2024, sequence=17)}, "rank_code",
         "tidak berlaku untuk pegawai PPPK"),
        ({"supervisor_nip": "198001012005011999"}, "supervisor_nip", "Tidak ada pegawai dengan NIP ini"),
        ({"name": ""}, "name", "wajib"),
        ({"email": "bukan-email"}, "email", "e-mail"),
    ],
)
def test_invalid_employee_input_shows_the_error_next_to_the_field_and_saves_nothing(
        client, hr, make_position, section, db, overrides, field, message):
    position = make_position(unit=section)
    response = client.post("/pegawai/baru", data=employee_form(position, **overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error_block = html.split(f'id="{field}-error"', 1)[1].split("</div>", 1)[0]
    assert message.lower() in error_block.lower()
    assert db.session.scalar(select(func.count()).where(Employee.name == "Rina Siregar")) == 0


def test_pppk_numbers_are_accepted_with_pppk_grades(client, hr, make_position, section, db):
    position = make_position(unit=section)
    response = client.post("/pegawai/baru", data=employee_form(
        position, employment_type="pppk", nip=make_ni_pppk(year=2024, sequence=17), rank_code="IX"))
    assert response.status_code == 302
    assert db.session.scalar(select(Employee.rank_code).where(Employee.name == "Rina Siregar")) == "IX"


def test_duplicate_nip_is_refused(client, hr, make_employee, make_position, section):
    existing = make_employee()
    response = client.post("/pegawai/baru", data=employee_form(make_position(unit=section), nip=existing.nip))
    assert response.status_code == 422
    assert "sudah terdaftar" in page_text(response)


def test_position_must_belong_to_the_unit_or_above(client, hr, make_position, make_unit, section):
    elsewhere = make_position(unit=make_unit("Dinas Kesehatan"))
    response = client.post("/pegawai/baru", data=employee_form(elsewhere, unit_id=section.id))
    assert response.status_code == 422
    # The form only offers positions of the unit and the units above it.
    assert "Pilihan tidak valid" in page_text(response) or "tidak berada di unit" in page_text(response)


def test_a_supervisor_cannot_be_their_own_supervisor_directly_or_through_a_chain(
        client, hr, make_employee, make_position, section, db):
    position = make_position(unit=section)
    head = make_employee("Kepala", position=position, nip=other_nip(1))
    middle = make_employee("Tengah", position=position, supervisor=head, nip=other_nip(2))
    staff = make_employee("Staf", position=position, supervisor=middle, nip=other_nip(3))
    for target, supervisor in [(head, head), (head, staff)]:
        response = client.post(f"/pegawai/{target.id}/ubah", data=employee_form(
            position, nip=target.nip, name=target.name, email="", supervisor_nip=supervisor.nip))
        assert response.status_code == 422
        assert "atasan bagi dirinya sendiri" in page_text(response)
    db.session.expire_all()
    assert head.supervisor_id is None


def test_deleting_an_employee_with_subordinates_is_refused(client, hr, make_employee, db):
    head = make_employee("Kepala", nip=other_nip(1))
    make_employee("Staf", supervisor=head, nip=other_nip(2))
    response = client.post(f"/pegawai/{head.id}/hapus", follow_redirects=True)
    assert "masih menjadi atasan langsung" in page_text(response)
    assert db.session.get(Employee, head.id) is not None


def test_deleting_an_employee_is_audited(client, hr, make_employee, db):
    employee = make_employee("Akan Dihapus")
    employee_id, nip = employee.id, employee.nip
    response = client.post(f"/pegawai/{employee_id}/hapus", follow_redirects=True)
    assert "dihapus" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Employee, employee_id) is None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "delete"))
    assert entry.entity_label.startswith("Akan Dihapus") and entry.changes["nip"] == nip


def test_employee_list_filters_and_paginates(client, hr, make_unit, make_position, make_employee, app,
                                              monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    opd = make_unit("Dinas Kesehatan")
    puskesmas = make_unit("UPT Puskesmas Medan Johor", kind="upt", parent=opd)
    other = make_unit("Dinas Perhubungan")
    nurse = make_position("Perawat Terampil", kind="fungsional_keterampilan", grade="Terampil", unit=puskesmas)
    for n in range(5):
        make_employee(f"Perawat {n}", position=nurse, nip=other_nip(n), rank_code="II/c")
    make_employee("Siti Nasution", position=make_position(unit=other),
                  nip=make_ni_pppk(birth=date(1980, 1, 1), sequence=9), employment_type="pppk", rank_code="VII")

    def names(query):
        return page_text(client.get(f"/pegawai?{query}"))

    assert "Siti Nasution" in names("q=nasution") and "Perawat" not in names("q=nasution")
    assert "Siti Nasution" in names(f"q={make_ni_pppk(birth=date(1980, 1, 1), sequence=9)}")
    assert "6 data" in names("q=19800101")  # a NIP prefix finds everyone born that day
    by_unit = names(f"unit={opd.id}")  # includes the puskesmas below the agency
    assert "Perawat 0" in by_unit and "Siti" not in by_unit
    assert "5 data, halaman 1 dari 2" in by_unit
    assert "Perawat 3" in names(f"unit={opd.id}&page=2")
    assert "Siti" in names("type=pppk") and "Perawat" not in names("type=pppk")
    assert "Perawat 1" in names("rank=II/c") and "Siti" not in names("rank=II/c")
    assert "Tidak ada pegawai yang cocok" in names("q=tidakada")
    assert "5 data" in names("jabatan=perawat") and "Siti" not in names("jabatan=perawat")
    assert "Perawat 2" in names(f"position={nurse.id}&page=1")


def test_moving_a_unit_moves_its_subtree(client, hr, make_unit, db):
    a, b = make_unit("Dinas A", code="A"), make_unit("Dinas B", code="B")
    field = make_unit("Bidang A1", kind="bidang", parent=a, code="A1")
    section = make_unit("Seksi A1x", kind="seksi", parent=field, code="A1X")
    response = client.post(f"/unit-kerja/{field.id}/ubah", data={"code": "A1", "name": "Bidang A1", "kind": "bidang",
                                                            "parent_id": b.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert section.path == f"/{b.id}/{field.id}/{section.id}/"
    response = client.post(f"/unit-kerja/{b.id}/ubah", data={"code": "B", "name": "Dinas B", "kind": "opd",
                                                        "parent_id": section.id})
    assert response.status_code == 422 and "ke bawah dirinya sendiri" in page_text(response)


def test_deleting_a_unit_with_sub_units_is_refused(client, hr, make_unit, db):
    parent = make_unit("Dinas A")
    make_unit("Bidang", kind="bidang", parent=parent)
    response = client.post(f"/unit-kerja/{parent.id}/hapus", follow_redirects=True)
    assert "masih memiliki sub-unit" in page_text(response)
    assert db.session.get(OrgUnit, parent.id) is not None


def test_positions_have_grades_from_their_kind_and_career_paths(client, hr, make_unit, make_position, db):
    unit = make_unit()
    senior = make_position("Analis Kebijakan Ahli Muda", kind="fungsional_keahlian", grade="Ahli Muda", unit=unit)
    data = {"code": "AK-AP", "name": "Analis Kebijakan Ahli Pertama", "kind": "fungsional_keahlian",
            "grade": "Mahir", "unit_id": unit.id, "leads_to": [senior.id]}
    response = client.post("/jabatan/baru", data=data)
    assert response.status_code == 422 and "Jenjang harus salah satu dari" in page_text(response)
    response = client.post("/jabatan/baru", data={**data, "grade": "Ahli Pertama"})
    assert response.status_code == 302
    junior = db.session.scalar(select(Position).where(Position.code == "AK-AP"))
    assert [p.code for p in junior.leads_to] == [senior.code]
    response = client.post("/jabatan/baru", data={**data, "code": "PL-1", "kind": "pelaksana",
                                                    "grade": "Ahli Pertama"})
    assert "tidak memiliki jenjang" in page_text(response)


def test_a_held_position_cannot_be_deleted(client, hr, make_employee, db):
    employee = make_employee()
    response = client.post(f"/jabatan/{employee.position_id}/hapus", follow_redirects=True)
    assert "masih dipegang" in page_text(response)


def test_audit_log_can_be_filtered(client, hr, make_unit, make_position, make_employee):
    make_position("Jabatan Baru", unit=make_unit("Unit Audit"))
    client.post(f"/unit-kerja/{make_unit('Unit Lain').id}/hapus")
    text = page_text(client.get("/audit?action=delete"))
    assert "Unit Lain" in text and "Unit Audit" not in text
    text = page_text(client.get("/audit?entity=org_unit&action=create"))
    assert "Unit Audit" in text


def test_unit_tree_counts_everyone_below_a_unit(client, hr, make_unit, make_position, make_employee):
    opd = make_unit("Dinas Kesehatan", code="DINKES")
    puskesmas = make_unit("UPT Puskesmas Medan Johor", kind="upt", parent=opd, code="PKM-JOHOR")
    make_employee("Kepala", position=make_position(unit=opd), nip=other_nip(1))
    for n in range(2, 5):
        make_employee(f"Perawat {n}", position=make_position(unit=puskesmas), nip=other_nip(n))
    text = page_text(client.get("/unit-kerja"))
    assert "Dinas Kesehatan Perangkat Daerah (OPD) DINKES · 4 pegawai" in text
    assert "UPT Puskesmas Medan Johor UPT PKM-JOHOR · 3 pegawai" in text


def test_employee_list_names_the_agency_of_each_unit(client, hr, make_unit, make_position, make_employee):
    opd = make_unit("Dinas Perhubungan")
    section = make_unit("Seksi Angkutan", kind="seksi", parent=make_unit("Bidang Angkutan", kind="bidang",
                                                                          parent=opd))
    make_employee("Joko Sembiring", position=make_position(unit=section), nip=other_nip(1))
    assert "Seksi Angkutan Dinas Perhubungan" in page_text(client.get("/pegawai?q=sembiring"))


def test_unit_tree_search_shows_matches_with_the_units_above_them(client, hr, make_unit):
    opd = make_unit("Dinas Kesehatan", code="DINKES")
    make_unit("UPT Puskesmas Medan Johor", kind="upt", parent=opd, code="PKM-JOHOR")
    make_unit("Seksi Imunisasi", kind="seksi", parent=opd, code="DINKES-IMUN")
    make_unit("Dinas Perhubungan", code="DISHUB")
    text = page_text(client.get("/unit-kerja?q=johor"))
    assert "UPT Puskesmas Medan Johor" in text and "Dinas Kesehatan" in text
    assert "Seksi Imunisasi" not in text and "Dinas Perhubungan" not in text
    assert "Tidak ada unit yang cocok" in page_text(client.get("/unit-kerja?q=tidakada"))


def test_a_pppk_employees_number_is_called_ni_pppk(client, hr, make_employee):
    pppk = make_employee("Putri Lestari", employment_type="pppk", rank_code="IX", nip=make_ni_pppk(sequence=31))
    pns = make_employee("Rudi Hartono", nip=other_nip(32))
    assert f"NI PPPK {pppk.nip}" in page_text(client.get(f"/pegawai/{pppk.id}"))
    assert f"NIP {pns.nip}" in page_text(client.get(f"/pegawai/{pns.id}"))
    assert "NIP / NI PPPK" in page_text(client.get("/pegawai"))


def test_a_pppk_paruh_waktu_is_shown_and_filtered_as_such(client, hr, make_employee):
    part_time = make_employee("Wulan Sari", employment_type="pppk_pw", rank_code="V", nip=make_ni_pppk(sequence=41))
    make_employee("Rudi Hartono", nip=other_nip(42))
    text = page_text(client.get(f"/pegawai/{part_time.id}"))
    assert "PPPK Paruh Waktu" in text and f"NI PPPK {part_time.nip}" in text and "per tahun kontrak" in text
    listed = page_text(client.get("/pegawai?type=pppk_pw"))
    assert "Wulan Sari" in listed and "Rudi Hartono" not in listed
