"""Deleting people, positions and units never takes history with it: an employee whom records name is
deactivated (the lifecycle the product has), a unit or position that history names is marked deleted and leaves
lists and pickers until HR restores it, and the database itself refuses a delete that would cascade into training
records, certificates, the competency ledger or appraisals. What nothing refers to is deleted for good."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from courses.completion import services as completion
from courses.models import Attendance, Certificate, Enrolment, TrainingRecord, Workshop
from lms.audit.models import AuditEntry
from lms.extensions import db as _db
from lms.people.models import Employee, OrgUnit, Position
from tests.helpers import page_text


@pytest.fixture
def hr(make_user, login):
    user = make_user("hr", with_employee=False, email="bkpsdm@medan.go.id")
    login(user)
    return user


@pytest.fixture
def office(make_unit, make_position):
    agency = make_unit("Dinas Kependudukan dan Pencatatan Sipil", code="DUKCAPIL")
    section = make_unit("Seksi Arsip Kependudukan", kind="seksi", parent=agency, code="DUKCAPIL-ARSIP")
    return agency, section, make_position("Pengelola Arsip", unit=section, code="ARSIP")


@pytest.fixture
def graduate(db, office, make_employee, make_user, make_course, make_workshop, make_enrolment):
    """An employee with an account who completed a class: certificate, riwayat diklat, JP."""
    _agency, _section, position = office
    employee = make_employee("Siti Aminah", position=position)
    make_user("employee", employee=employee)
    trainer = make_user("trainer", with_employee=False, email="widyaiswara@medan.go.id")
    workshop = make_workshop(make_course(title="Tata Kelola Arsip Digital", hours_jp=16), trainers=[trainer],
                             status="running", first_day=date.today() - timedelta(days=2))
    enrolment = make_enrolment(workshop, employee)
    db.session.add(Attendance(session_id=workshop.sessions[0].id, enrolment_id=enrolment.id, status="present"))
    db.session.commit()
    completion.close_workshop(trainer, workshop)
    db.session.commit()
    return employee


def test_deleting_an_employee_with_history_deactivates_and_keeps_every_record(client, hr, graduate, db):
    certificate = db.session.scalars(select(Certificate)).one()
    response = client.post(f"/pegawai/{graduate.id}/hapus", follow_redirects=True)
    assert "tidak dihapus melainkan dinonaktifkan" in page_text(response)

    db.session.expire_all()
    employee = db.session.get(Employee, graduate.id)
    assert employee is not None and not employee.is_active
    assert db.session.scalars(select(TrainingRecord).where(TrainingRecord.employee_id == graduate.id)).one()
    verification = page_text(client.get(f"/verifikasi/{certificate.verification_code}"))
    assert "Sertifikat ini sah" in verification and "Siti Aminah" in verification
    assert "Tata Kelola Arsip Digital" in page_text(client.get(f"/pegawai/{graduate.id}/riwayat-diklat"))
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "employee",
                                                        AuditEntry.entity_id == graduate.id)).one()
    assert entry.changes == {"is_active": [True, False]} and entry.actor_id == hr.id

    assert "Siti Aminah" not in page_text(client.get("/pegawai"))  # current staff
    assert "Siti Aminah" in page_text(client.get("/pegawai?status=inactive"))
    detail = client.get(f"/pegawai/{graduate.id}").get_data(as_text=True)
    assert f"/pegawai/{graduate.id}/hapus" not in detail  # nothing more a delete could do


def test_an_employee_nothing_refers_to_is_deleted_for_good(client, hr, office, make_employee, db):
    employee_id = make_employee("Salah Input", position=office[2]).id
    response = client.post(f"/pegawai/{employee_id}/hapus")
    assert response.status_code == 302 and response.headers["Location"] == "/pegawai"
    db.session.expire_all()
    assert db.session.get(Employee, employee_id) is None


def test_a_position_held_only_by_a_former_employee_is_hidden_then_restored(client, hr, graduate, office, db):
    _agency, section, position = office
    graduate.is_active = False
    db.session.commit()

    response = client.post(f"/jabatan/{position.id}/hapus", follow_redirects=True)
    assert "dapat dipulihkan" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Position, position.id).deleted_at is not None
    assert db.session.get(Employee, graduate.id).position_id == position.id  # the former holder keeps it

    assert "Pengelola Arsip" not in page_text(client.get("/jabatan"))
    assert "Pengelola Arsip" in page_text(client.get("/jabatan?status=deleted"))
    assert client.get(f"/jabatan/pilihan?unit={section.id}").json == []
    assert "Pengelola Arsip" not in page_text(client.get("/jabatan/baru"))  # as a career step
    assert "Pengelola Arsip" in page_text(client.get(f"/pegawai/{graduate.id}"))
    response = client.post("/pegawai/baru", data={
        "employment_type": "pns", "nip": "199102032016042007", "name": "Rina", "rank_code": "III/a",
        "unit_id": section.id, "position_id": position.id, "is_active": "y"})
    assert response.status_code == 422  # not among the choices any more

    page = client.get(f"/jabatan/{position.id}")
    assert "Dihapus" in page_text(page) and f"/jabatan/{position.id}/pulihkan" in page.get_data(as_text=True)
    client.post(f"/jabatan/{position.id}/pulihkan")
    db.session.expire_all()
    assert db.session.get(Position, position.id).deleted_at is None
    assert "Pengelola Arsip" in page_text(client.get("/jabatan"))
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "position")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["delete", "restore"]


def test_a_position_with_an_active_holder_cannot_be_deleted(client, hr, graduate, office, db):
    response = client.post(f"/jabatan/{office[2].id}/hapus", follow_redirects=True)
    assert "masih dipegang oleh pegawai aktif" in page_text(response)
    db.session.expire_all()
    assert db.session.get(Position, office[2].id).deleted_at is None


def test_a_position_nothing_refers_to_is_deleted_for_good(client, hr, office, make_position, db):
    spare_id = make_position("Jabatan Coba", unit=office[1]).id
    client.post(f"/jabatan/{spare_id}/hapus")
    db.session.expire_all()
    assert db.session.get(Position, spare_id) is None


def test_a_unit_history_names_is_hidden_from_the_tree_and_pickers_then_restored(client, hr, graduate, office, db):
    agency, section, position = office
    graduate.is_active = False
    db.session.commit()
    client.post(f"/jabatan/{position.id}/hapus")

    response = client.post(f"/unit-kerja/{agency.id}/hapus", follow_redirects=True)
    assert "masih memiliki sub-unit" in page_text(response)
    client.post(f"/unit-kerja/{section.id}/hapus", follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(OrgUnit, section.id).deleted_at is not None

    assert "Seksi Arsip Kependudukan" not in page_text(client.get("/unit-kerja"))
    assert "Seksi Arsip Kependudukan" not in page_text(client.get("/pegawai/baru"))
    deleted = client.get("/unit-kerja?status=deleted")
    assert "Seksi Arsip Kependudukan" in page_text(deleted)
    assert f"/unit-kerja/{section.id}/pulihkan" in deleted.get_data(as_text=True)
    response = client.post("/unit-kerja/baru", data={"code": "X", "name": "Sub Arsip", "kind": "seksi",
                                                     "parent_id": section.id})
    assert response.status_code == 422

    response = client.post(f"/jabatan/{position.id}/pulihkan", follow_redirects=True)
    assert "pulihkan unitnya terlebih dahulu" in page_text(response)
    client.post(f"/unit-kerja/{section.id}/pulihkan")
    client.post(f"/jabatan/{position.id}/pulihkan")
    db.session.expire_all()
    assert db.session.get(OrgUnit, section.id).deleted_at is None
    assert db.session.get(Position, position.id).deleted_at is None
    assert "Seksi Arsip Kependudukan" in page_text(client.get("/unit-kerja"))


def test_a_unit_nothing_refers_to_is_deleted_for_good(client, hr, make_unit, db):
    unit_id = make_unit("Unit Salah Buat").id
    client.post(f"/unit-kerja/{unit_id}/hapus")
    db.session.expire_all()
    assert db.session.get(OrgUnit, unit_id) is None


def test_restoring_what_is_not_deleted_is_refused(client, hr, office):
    response = client.post(f"/jabatan/{office[2].id}/pulihkan", follow_redirects=True)
    assert "tidak dihapus" in page_text(response)


def test_the_database_refuses_a_delete_that_would_take_history_with_it(app, db, graduate, make_employee):
    """Even a delete by hand: the keys from history to the employee, the enrolment and the class restrict."""
    external = make_employee("Peserta Kursus Luar", position=graduate.position)
    db.session.add(TrainingRecord(employee_id=external.id, source="external", title="Kursus Kearsipan",
                                  provider="ANRI", siasn_kind_id=3, starts_on=date(2026, 3, 2),
                                  ends_on=date(2026, 3, 4), hours_jp=20))
    db.session.commit()
    statements = [delete(Employee).where(Employee.id == external.id), delete(Enrolment), delete(Workshop)]
    for statement in statements:
        with _db.engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")  # off by default in SQLite
                connection.commit()
            try:
                with pytest.raises(IntegrityError):
                    connection.execute(statement)
            finally:
                connection.rollback()
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
                    connection.commit()
    counts = [db.session.scalar(select(func.count()).select_from(model)) for model in (Certificate, TrainingRecord)]
    assert counts == [1, 2]


HISTORY = {"appraisals", "appraisal_forms", "appraisal_cycle_units", "appraisal_rating_limits",
           "competency_evidence", "enrolments", "training_records", "certificates"}


def test_no_key_from_history_to_what_it_names_cascades_a_delete(app):
    """A key inside history (an appraisal's forms, a cycle's units) may cascade; one to a person, a unit, a class
    or a competency may not."""
    cascading = sorted(f"{table.name}.{key.parent.name}" for table in _db.metadata.tables.values()
                       if table.name in HISTORY for key in table.foreign_keys if key.ondelete == "CASCADE"
                       and key.column.table.name not in HISTORY | {"appraisal_cycles"})
    assert cascading == []


def test_a_session_whose_attendance_is_recorded_cannot_be_deleted(client, login, db, make_user, make_employee,
                                                                   make_workshop, make_enrolment):
    trainer = make_user("trainer", with_employee=False, email="widyaiswara@medan.go.id")
    workshop = make_workshop(trainers=[trainer], sessions=2, status="running",
                             first_day=date.today() - timedelta(days=1))
    attended, planned = (session.id for session in workshop.sessions)
    enrolment = make_enrolment(workshop, make_employee("Peserta Hadir"))
    db.session.add(Attendance(session_id=attended, enrolment_id=enrolment.id, status="present"))
    db.session.commit()
    login(trainer)
    response = client.post(f"/pengajar/kelas/{workshop.id}/sesi/{attended}/hapus", follow_redirects=True)
    assert "kehadirannya sudah dicatat tidak dapat dihapus" in page_text(response)
    assert client.post(f"/pengajar/kelas/{workshop.id}/sesi/{planned}/hapus").status_code == 302
    db.session.expire_all()
    assert [session.id for session in db.session.get(Workshop, workshop.id).sessions] == [attended]
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 1
