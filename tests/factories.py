"""The factories of the tests, as fixtures (the one style): each returns a function that builds rows directly
(any status, no service rules unless said) and commits, so that a request served by the test client sees them.
Registered for every test by ``pytest_plugins`` in conftest.py.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import count

import pytest
from werkzeug.security import generate_password_hash

from competencies.appraisals import cycles
from competencies.appraisals.models import AppraisalCycle
from competencies.models import Competency, CompetencyLevel, Framework, Indicator, Requirement
from courses.models import Course, Enrolment, Workshop, WorkshopSession
from lms.auth.models import User, UserRole
from lms.cache import invalidate_graph
from lms.people.models import Employee, OrgUnit, Position
from tests.helpers import PASSWORD, make_nip

DEFAULT_WEIGHTS = {"assessor": 40, "supervisor": 30, "peer": 15, "self": 15}
_codes = count(1)  # course codes, unique in the whole run (some tests add courses to a copied demo city)
_arrivals = count(1)


# --- people --------------------------------------------------------------------------------------------------

@pytest.fixture
def make_unit(db) -> Callable[..., OrgUnit]:
    from lms.people import services

    counter = iter(range(1, 10_000))

    def factory(name: str = "Dinas Uji", kind: str = "opd", parent: OrgUnit | None = None,
                code: str | None = None) -> OrgUnit:
        unit = services.create_unit(None, code=code or f"U{next(counter)}", name=name, kind=kind, parent=parent)
        db.session.commit()
        return unit

    return factory


@pytest.fixture
def make_position(db, make_unit) -> Callable[..., Position]:
    counter = iter(range(1, 10_000))

    def factory(name: str = "Pengadministrasi Umum", kind: str = "pelaksana", grade: str | None = None,
                unit: OrgUnit | None = None, code: str | None = None) -> Position:
        position = Position(code=code or f"P{next(counter)}", name=name, kind=kind, grade=grade,
                            unit=unit or make_unit())
        db.session.add(position)
        invalidate_graph()
        db.session.commit()
        return position

    return factory


@pytest.fixture
def make_employee(db, make_position) -> Callable[..., Employee]:
    counter = iter(range(1, 1000))

    def factory(name: str = "Budi Santoso", position: Position | None = None, supervisor=None,
                nip: str | None = None, employment_type: str = "pns", rank_code: str = "III/a",
                **extra) -> Employee:
        position = position or make_position()
        employee = Employee(nip=nip or make_nip(sequence=next(counter)), name=name,
                            employment_type=employment_type, rank_code=rank_code, position=position,
                            unit=extra.pop("unit", position.unit), supervisor=supervisor, **extra)
        db.session.add(employee)
        db.session.commit()
        return employee

    return factory


@functools.cache
def _quick_hash(password: str) -> str:
    """Test users' hashes: one salted PBKDF2 round, computed once per password. scrypt, which the app uses (and
    its own account and password tests exercise), would cost about 50 ms per user and per log-in."""
    return generate_password_hash(password, method="pbkdf2:sha256:1")


@pytest.fixture
def make_user(db, make_employee) -> Callable[..., User]:
    def factory(*roles: str, employee: Employee | None = None, email: str | None = None,
                with_employee: bool = True, password: str = PASSWORD) -> User:
        if employee is None and with_employee:
            employee = make_employee()
        user = User(email=email, employee=employee, password_hash=_quick_hash(password),
                    role_rows=[UserRole(role=role) for role in roles or ("employee",)])
        db.session.add(user)
        db.session.commit()
        return user

    return factory


# --- courses -------------------------------------------------------------------------------------------------

@pytest.fixture
def make_course(db) -> Callable[..., Course]:
    def factory(*, title: str = "Pelayanan Publik Prima", code: str | None = None, hours_jp: int = 16,
                modality: str = "pelatihan", status: str = "published", trainers=(), **fields) -> Course:
        fields.setdefault("competency_test", fields.get("pass_mark") is not None)  # as the migration set it
        course = Course(code=code or f"DIK-{next(_codes):04d}", title=title, hours_jp=hours_jp, modality=modality,
                        status=status, **fields)
        course.trainers = list(trainers)
        db.session.add(course)
        db.session.commit()
        return course

    return factory


@pytest.fixture
def make_workshop(db, make_course) -> Callable[..., Workshop]:
    def factory(course: Course | None = None, capacity: int = 30, trainers=(), sessions: int = 1,
                status: str = "open", batch: str = "Angkatan I", first_day: date | None = None,
                **fields) -> Workshop:
        """A workshop with ``sessions`` sessions (08:00-12:00) on consecutive days from ``first_day`` (today)."""
        course = course or make_course(trainers=trainers)
        first_day = first_day or date.today()
        fields.setdefault("enrol_opens_on", first_day - timedelta(days=30))
        fields.setdefault("enrol_closes_on", first_day - timedelta(days=1))
        fields.setdefault("venue", "Aula BKPSDM Kota Medan")
        workshop = Workshop(course=course, capacity=capacity, status=status, batch=batch, **fields)
        workshop.trainers = list(trainers)
        for trainer in trainers:
            if trainer not in course.trainers:
                course.trainers.append(trainer)
        for day in range(sessions):
            workshop.sessions.append(WorkshopSession(session_date=first_day + timedelta(days=day),
                                                     starts_at=time(8), ends_at=time(12), topic=f"Sesi {day + 1}"))
        if sessions:
            workshop.starts_on, workshop.ends_on = first_day, first_day + timedelta(days=sessions - 1)
        db.session.add(workshop)
        db.session.commit()
        return workshop

    return factory


@pytest.fixture
def make_enrolment(db) -> Callable[..., Enrolment]:
    def factory(workshop: Workshop, employee, status: str = "enrolled", **fields) -> Enrolment:
        fields.setdefault("queued_at", datetime(2026, 1, 1) + timedelta(seconds=next(_arrivals)))  # creation order
        enrolment = Enrolment(workshop=workshop, employee=employee, status=status, **fields)
        db.session.add(enrolment)
        db.session.commit()
        return enrolment

    return factory


# --- appraisals ----------------------------------------------------------------------------------------------

@pytest.fixture
def make_framework(db) -> Callable[..., Framework]:
    def factory(code: str = "UJI", competencies: int = 3, levels: int = 3) -> Framework:
        framework = Framework(code=code, name="Kamus Uji", scale=[f"Level {n}" for n in range(1, levels + 1)],
                              default_level=1, proficient_level=1)
        for number in range(1, competencies + 1):
            competency = Competency(code=f"{code}.{number:02d}", name=f"Kompetensi Uji {number}", type="teknis",
                                    sort_order=number)
            for level in range(1, levels + 1):
                indicators = [Indicator(position=position, text=f"K{number} L{level} indikator {position}")
                              for position in range(1, 4)]
                competency.levels.append(CompetencyLevel(level=level, description=f"Deskripsi level {level}",
                                                         indicators=indicators))
            framework.competencies.append(competency)
        db.session.add(framework)
        db.session.commit()
        return framework

    return factory


@dataclass
class World:
    framework: Framework
    supervisor: Employee
    staff: list[Employee]
    cycle: AppraisalCycle | None = None


@pytest.fixture
def make_world(db, make_framework, make_unit, make_position, make_employee) -> Callable[..., World]:
    def factory(*, required_level: int = 2, staff: int = 2) -> World:
        """A unit whose head supervises ``staff`` employees; the staff position requires every framework
        competency at ``required_level``."""
        framework = make_framework()
        unit = make_unit("Dinas Penilaian Uji")
        head_position = make_position("Kepala Dinas Uji", kind="administrator", unit=unit)
        staff_position = make_position("Analis Uji", kind="pelaksana", unit=unit)
        for competency in framework.competencies:
            db.session.add(Requirement(position_id=staff_position.id, competency_id=competency.id, level=required_level,
                                       weight="normal"))
        db.session.commit()
        supervisor = make_employee("Kepala Uji", position=head_position)
        people = [make_employee(f"Staf Uji {number}", position=staff_position, supervisor=supervisor)
                  for number in range(1, staff + 1)]
        return World(framework, supervisor, people)

    return factory


@pytest.fixture
def open_cycle(db) -> Callable[..., AppraisalCycle]:
    def factory(actor=None, weights=None, unit_ids=(), name: str = "Penilaian Tahunan 2026",
                due_in_days: int = 10, **values) -> AppraisalCycle:
        today = date.today()
        values.setdefault("period", "annual")
        values.setdefault("year", today.year)
        cycle = cycles.open_cycle(actor, name=name, starts_on=today - timedelta(days=5),
                                  ends_on=today + timedelta(days=30), due_on=today + timedelta(days=due_in_days),
                                  objection_days=values.pop("objection_days", 14),
                                  weights=dict(weights or DEFAULT_WEIGHTS), unit_ids=list(unit_ids), **values)
        db.session.commit()
        return cycle

    return factory
