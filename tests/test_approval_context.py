"""The supervisor's approval queue shows what the decision rests on: for each request, the competencies the course
develops against the employee's current and required levels, and the JP they have this year; with a constant
number of SQL statements however many requests wait."""

from datetime import date

import pytest

from competencies import ledger
from competencies.models import Competency, CompetencyLevel, Framework, Requirement
from courses.models import CourseCompetency, TrainingRecord
from tests.helpers import page_text


@pytest.fixture
def world(db, make_user, make_employee, make_position, make_course, make_workshop):
    framework = Framework(code="TEK", name="Teknis", scale=["1", "2", "3", "4", "5"], proficient_level=3)
    arsip, layanan = (Competency(framework=framework, code=code, name=name, type="teknis",
                                 levels=[CompetencyLevel(level=n) for n in range(1, 6)])
                      for code, name in (("ARS", "Kearsipan Digital"), ("LYN", "Pelayanan Publik")))
    db.session.add_all([framework, arsip, layanan])
    chief = make_user("employee", employee=make_employee("Kepala Seksi"))
    position = make_position("Arsiparis")
    db.session.add(Requirement(position=position, competency=arsip, level=3))
    course = make_course(title="Arsip Elektronik", hours_jp=24)
    db.session.add_all([CourseCompetency(course=course, competency=arsip, entry_level=0, granted_level=3),
                        CourseCompetency(course=course, competency=layanan, entry_level=0, granted_level=2)])
    db.session.commit()
    workshop = make_workshop(course=course, capacity=40, requires_approval=True)
    return chief, position, workshop, arsip


def _request(db, world, make_employee, make_enrolment, name, level=None, jp=0):
    chief, position, workshop, arsip = world
    employee = make_employee(name, position=position, supervisor=chief.employee)
    if level:
        ledger.record_evidence(None, employee.id, arsip.id, level, "appraisal")
    if jp:
        db.session.add(TrainingRecord(employee_id=employee.id, source="external", title="Seminar", siasn_kind_id=3,
                                      starts_on=date(date.today().year, 1, 10), ends_on=date(date.today().year, 1, 10),
                                      hours_jp=jp))
    db.session.commit()
    return make_enrolment(workshop, employee, status="awaiting_approval")


def test_the_queue_shows_gaps_and_jp_of_each_request(db, client, login, world, make_employee, make_enrolment):
    _request(db, world, make_employee, make_enrolment, "Ani Lubis", level=1, jp=6)
    login(world[0])
    text = page_text(client.get("/diklat/persetujuan"))
    year = date.today().year
    assert ("Kearsipan Digital: level 1 dari 3 yang disyaratkan; pelatihan hingga level 3 kesenjangan 2" in text)
    assert "Pelayanan Publik: level 0, tidak disyaratkan jabatannya; pelatihan hingga level 2" in text
    assert f"JP tahun {year}: 6 dari 20" in text


def test_the_queue_costs_the_same_statements_for_more_requests(db, client, login, world, make_employee,
                                                             make_enrolment, count_queries):
    _request(db, world, make_employee, make_enrolment, "Ani Lubis", level=1, jp=6)
    login(world[0])
    with count_queries() as few:
        client.get("/diklat/persetujuan")
    for number in range(5):
        _request(db, world, make_employee, make_enrolment, f"Staf {number}", level=number % 3, jp=number)
    with count_queries() as many:
        text = page_text(client.get("/diklat/persetujuan"))
    assert text.count("Kearsipan Digital: level") == 6
    assert len(many) == len(few)
