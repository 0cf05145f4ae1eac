"""A workshop is never overbooked, even when many people press "Daftar" at the same moment.

Real requests through the whole app, from many threads released together: on PostgreSQL about 200 requests
for 30 seats, on SQLite a smaller crowd. Each thread has its own test client and signed-in session.
"""

import threading
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from courses.catalogue import services
from courses.models import Enrolment, Workshop
from lms.auth.models import User, UserRole
from lms.people.models import Employee
from tests.helpers import make_nip

TODAY = date.today()


def _is_postgres(db) -> bool:
    return db.engine.dialect.name == "postgresql"


@pytest.fixture
def open_workshop(db, make_user, make_position):
    def factory(capacity: int) -> Workshop:
        hr = make_user("hr", with_employee=False, email="sdm@example.go.id")
        trainer = make_user("trainer", with_employee=False, email="pengajar@example.go.id")
        course = services.create_course(hr, code="PP-01", title="Pelayanan Prima", hours_jp=24,
                                        modality="pelatihan", status="published")
        workshop = services.create_workshop(hr, course, trainers=[trainer], batch="Angkatan I", capacity=capacity,
                                            enrol_opens_on=TODAY, enrol_closes_on=TODAY + timedelta(days=7))
        services.add_session(hr, workshop, TODAY + timedelta(days=14), time(8), time(16))
        services.set_workshop_status(hr, workshop, "open")
        db.session.commit()
        return workshop

    return factory


@pytest.fixture
def crowd(db, make_position):
    """``crowd(n)`` -> n employees with accounts (no password: the threads sign in through the session)."""
    def factory(size: int) -> list[User]:
        position = make_position()
        users = []
        for number in range(size):
            birth = date(1980, 1, 1) + timedelta(days=number)
            employee = Employee(nip=make_nip(birth=birth, sequence=number % 999 + 1), name=f"Peserta {number:03d}",
                                employment_type="pns", rank_code="III/a", position=position, unit=position.unit)
            users.append(User(employee=employee, password_hash="!", role_rows=[UserRole(role="employee")]))
        db.session.add_all(users)
        db.session.commit()
        return users

    return factory


def _fire(app, workshop_id: int, users: list[User]) -> list[int]:
    """One POST per user, all released at once; returns the status codes."""
    clients = []
    for user in users:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.id}:{user.session_version}"
            session["_fresh"] = True
        clients.append(client)
    start = threading.Barrier(len(clients))
    codes: list[int] = [0] * len(clients)

    def request(index: int) -> None:
        start.wait()
        codes[index] = clients[index].post(f"/katalog/kelas/{workshop_id}/daftar").status_code

    threads = [threading.Thread(target=request, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def _assert_never_overbooked(db, workshop: Workshop, requests: int) -> None:
    rows = db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id)).all()
    assert len(rows) == requests
    assert len({row.employee_id for row in rows}) == requests  # no duplicates
    enrolled = [row for row in rows if row.status == "enrolled"]
    waitlisted = [row for row in rows if row.status == "waitlisted"]
    assert len(enrolled) == workshop.capacity
    assert len(waitlisted) == requests - workshop.capacity
    # Arrival order: whoever got the workshop's lock first was inserted first (lower id), was queued first, and
    # the seats went to the first arrivals.
    by_arrival = sorted(rows, key=lambda row: row.id)
    assert sorted(rows, key=lambda row: (row.queued_at, row.id)) == by_arrival
    assert {row.status for row in by_arrival[:workshop.capacity]} == {"enrolled"}


@pytest.mark.postgres
def test_two_hundred_people_race_for_thirty_seats_on_postgresql(app, db, open_workshop, crowd):
    if not _is_postgres(db):
        pytest.skip("needs PostgreSQL: set LMS_TEST_DATABASE_URL (the SQLite variant runs below)")
    workshop = open_workshop(capacity=30)
    codes = _fire(app, workshop.id, crowd(200))
    assert codes == [302] * 200  # every request answered with the usual redirect, none failed
    _assert_never_overbooked(db, workshop, 200)


def test_a_crowd_races_for_ten_seats(app, db, open_workshop, crowd):
    workshop = open_workshop(capacity=10)
    requests = 60 if _is_postgres(db) else 40
    codes = _fire(app, workshop.id, crowd(requests))
    assert codes == [302] * requests
    _assert_never_overbooked(db, workshop, requests)


def test_a_nervous_double_click_enrols_once(app, db, open_workshop, crowd):
    workshop = open_workshop(capacity=5)
    user = crowd(1)[0]
    codes = _fire(app, workshop.id, [user] * 8)
    assert codes == [302] * 8
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 1
