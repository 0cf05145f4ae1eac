"""The demo training catalogue: every demo competency developed, a DAG of prerequisites, a year of workshops."""

from collections import Counter
from datetime import date, time, timedelta

import networkx as nx
import pytest
from sqlalchemy import func, select

from competencies.builtin import asn_framework_spec
from courses.models import (
    MODALITIES,
    Attendance,
    Course,
    CourseCompetency,
    Enrolment,
    Workshop,
    WorkshopSession,
    course_prerequisites,
    workshop_trainers,
)
from kompeten.demo import catalogue as course_demo
from kompeten.demo import city as demo
from kompeten.demo.competencies import technical_framework_spec
from lms.auth.models import User
from tests.demo_city import demo_city
from tests.helpers import page_text

SMALL = 300
DAY = date(2026, 11, 28)


def build(db) -> demo.DemoResult:
    return demo_city(SMALL, 7)


def user(db, role: str) -> User:
    email = demo.DEMO_ACCOUNTS[role][0]
    return db.session.scalar(select(User).where(User.email == email))


# --- the catalogue data (no database) ----------------------------------------------------------------------

def test_the_courses_develop_every_demo_competency_at_valid_levels():
    specs = course_demo.catalogue_specs()
    developed = Counter(code for spec in specs for code, _entry, _granted in spec.competencies)
    wanted = {c.code for framework in (asn_framework_spec(), technical_framework_spec())
              for c in framework.competencies if c.levels}
    assert wanted <= set(developed)
    assert set(developed) <= wanted
    assert sum(1 for count in developed.values() if count > 1) >= 15  # several at successive levels
    for spec in specs:
        assert spec.competencies, spec.code
        assert all(0 <= entry < granted <= 5 for _code, entry, granted in spec.competencies), spec.code
        assert spec.hours_jp > 0 and 0 < spec.min_attendance_pct <= 100
    assert {spec.modality for spec in specs} == set(MODALITIES)
    assert len({spec.provider for spec in specs}) >= 10
    assert any(spec.certificate_validity_years for spec in specs) and any(spec.pass_mark is None for spec in specs)
    assert len({spec.code for spec in specs}) == len(specs)


def test_course_prerequisites_form_a_dag_of_known_courses():
    specs = course_demo.catalogue_specs()
    graph = course_demo.prerequisite_graph(specs)
    assert nx.is_directed_acyclic_graph(graph)
    assert graph.number_of_edges() >= 30
    assert nx.dag_longest_path_length(graph) >= 2  # e.g. Etika ASN -> PKP -> PKA
    assert set(graph.nodes) == {spec.code for spec in specs}


def test_the_workshop_plan_is_deterministic_and_spans_a_year_back_and_half_a_year_ahead():
    plans = course_demo.plan_workshops(7, DAY)

    def fingerprint(items):
        return [(p.course.code, p.batch, p.status, p.capacity, [(s.day, s.starts_at) for s in p.sessions])
                for p in items]

    assert fingerprint(plans) == fingerprint(course_demo.plan_workshops(7, DAY))
    assert fingerprint(plans) != fingerprint(course_demo.plan_workshops(8, DAY))
    starts = [plan.starts_on for plan in plans]
    assert min(starts) <= DAY - timedelta(days=300) and max(starts) >= DAY + timedelta(days=150)
    assert Counter(plan.status for plan in plans).keys() >= {"running", "open", "closed", "draft", "proposed",
                                                              "cancelled"}
    for plan in plans:
        assert all(s.day.weekday() < 5 and time(8) <= s.starts_at < s.ends_at <= time(16) for s in plan.sessions)
        assert plan.opens < plan.closes < plan.starts_on
        assert (plan.status == "running") == (plan.starts_on <= DAY)
        if plan.status == "open":
            assert plan.opens <= DAY <= plan.closes
        assert 10 <= plan.capacity <= 40
        assert plan.venue or plan.online_link
    assert {plan.course.code for plan in plans} == {spec.code for spec in course_demo.catalogue_specs()}


# --- the catalogue in the demo city ------------------------------------------------------------------------

def test_the_demo_city_gets_the_catalogue_linked_to_its_competencies(db):
    result = build(db)
    specs = course_demo.catalogue_specs()
    workshops = course_demo.plan_workshops(7, date.today())
    assert (result.course_count, result.workshop_count) == (len(specs), len(workshops))
    assert result.enrolment_count == db.session.scalar(select(func.count()).select_from(Enrolment)) > 500
    assert set(db.session.scalars(select(Course.status))) == {"published"}
    linked = db.session.scalar(select(func.count(func.distinct(CourseCompetency.competency_id))))
    assert linked == result.competency_count  # every ASN and technical competency with levels
    edges = db.session.execute(select(course_prerequisites.c.required_course_id, course_prerequisites.c.course_id))
    assert nx.is_directed_acyclic_graph(nx.DiGraph(list(edges)))


def test_workshops_never_overbook_and_one_full_workshop_has_a_waitlist(db):
    build(db)
    counts = Counter(db.session.execute(select(Enrolment.workshop_id, Enrolment.status)).all())
    for workshop in db.session.scalars(select(Workshop)):
        assert counts[(workshop.id, "enrolled")] <= workshop.capacity, workshop.title
        if workshop.status in ("draft", "proposed", "cancelled"):
            assert not any(counts[(workshop.id, status)] for status in ("enrolled", "waitlisted"))
    full = [workshop for workshop in db.session.scalars(select(Workshop).where(Workshop.status == "open"))
            if counts[(workshop.id, "waitlisted")]]
    assert len(full) == 1 and counts[(full[0].id, "enrolled")] == full[0].capacity
    queue = db.session.scalars(select(Enrolment.queued_at).where(Enrolment.workshop_id == full[0].id)
                               .order_by(Enrolment.status, Enrolment.queued_at)).all()
    assert all(queue)


def test_past_workshops_are_running_with_attendance_and_scores(db):
    build(db)
    today = date.today()
    past = db.session.scalars(select(Workshop).where(Workshop.ends_on < today)).all()
    assert past and {workshop.status for workshop in past} == {"running"}
    assert min(workshop.starts_on for workshop in past) <= today - timedelta(days=300)
    sessions = dict(db.session.execute(select(WorkshopSession.workshop_id, func.count())
                                       .group_by(WorkshopSession.workshop_id)).all())
    marks = dict(db.session.execute(select(Attendance.enrolment_id, func.count())
                                    .group_by(Attendance.enrolment_id)).all())
    enrolled = db.session.scalars(select(Enrolment).join(Workshop).where(Workshop.ends_on < today,
                                                                         Enrolment.status == "enrolled")).all()
    assert enrolled
    for enrolment in enrolled:
        assert marks[enrolment.id] == sessions[enrolment.workshop_id]
        if enrolment.workshop.course.pass_mark is not None:
            assert enrolment.pre_score is not None and enrolment.post_score is not None
    statuses = Counter(db.session.scalars(select(Attendance.status)))
    assert statuses["present"] > 0.7 * sum(statuses.values()) and statuses["late"] and statuses["absent"]


def test_nobody_is_in_two_workshops_on_the_same_day(db):
    build(db)
    days = db.session.execute(
        select(Enrolment.employee_id, WorkshopSession.session_date, func.count(func.distinct(Enrolment.workshop_id)))
        .join(WorkshopSession, WorkshopSession.workshop_id == Enrolment.workshop_id)
        .where(Enrolment.status.in_(("enrolled", "waitlisted", "awaiting_approval")))
        .group_by(Enrolment.employee_id, WorkshopSession.session_date)).all()
    assert days and max(count for _employee, _day, count in days) == 1


def test_the_demo_accounts_have_their_enrolments_and_workshops(db):
    build(db)
    employee, supervisor, trainer = user(db, "employee"), user(db, "supervisor"), user(db, "trainer")
    mine = {row.status: row for row in db.session.scalars(
        select(Enrolment).join(Workshop).where(Enrolment.employee_id == employee.employee_id,
                                               Workshop.status == "open"))}
    assert set(mine) == {"enrolled", "awaiting_approval"}
    assert mine["awaiting_approval"].workshop.requires_approval
    assert employee.employee.supervisor_id == supervisor.employee_id
    assert db.session.scalar(select(func.count()).select_from(Enrolment).join(Workshop).where(
        Enrolment.employee_id == employee.employee_id, Workshop.status == "running"))
    taught = db.session.scalars(select(Workshop).join(workshop_trainers).where(
        workshop_trainers.c.user_id == trainer.id)).all()
    today = date.today()
    assert sum(w.starts_on < today for w in taught) >= 3 and sum(w.starts_on > today for w in taught) >= 3
    assert any(w.status == "proposed" and w.proposed_by_id == trainer.id for w in taught)


def test_a_second_build_adds_nothing(db):
    first = build(db)
    again = build(db)
    assert (again.course_count, again.workshop_count, again.enrolment_count) == (
        first.course_count, first.workshop_count, first.enrolment_count)


@pytest.mark.parametrize("url", ["/katalog", "/katalog?modality=klasikal&page=2", "/pelatihan-saya"])
def test_the_demo_employee_browses_the_catalogue(app, db, url):
    result = build(db)
    account = next(account for account in result.accounts if account.role == "employee")
    client = app.test_client()
    client.post("/masuk", data={"identifier": account.login, "password": account.password})
    response = client.get(url)
    assert response.status_code == 200
    if url == "/pelatihan-saya":
        text = page_text(response)
        assert "Terdaftar" in text and "Menunggu persetujuan atasan" in text


def test_every_class_taking_enrolments_has_a_trainer(db):
    build(db)
    from courses.models import Workshop, workshop_trainers

    untaught = db.session.scalars(select(Workshop.batch).where(
        Workshop.status.in_(("open", "closed")),
        Workshop.id.not_in(select(workshop_trainers.c.workshop_id)))).all()
    assert untaught == []


def test_the_demo_history_is_closed_but_one_class_waits_for_the_demo_trainer(db):
    from datetime import date as day

    from competencies.models import CurrentLevel
    from courses.models import Certificate, TrainingRecord, Workshop, workshop_trainers

    demo.build_demo_city(employees=SMALL, seed=7)
    db.session.commit()
    trainer = user(db, "trainer")
    past = db.session.scalars(select(Workshop).where(Workshop.ends_on < day.today() - timedelta(days=7))).all()
    waiting = [w for w in past if w.status == "running"]
    assert len(waiting) == 1
    assert db.session.scalar(select(workshop_trainers.c.user_id).where(
        workshop_trainers.c.workshop_id == waiting[0].id)) == trainer.id
    assert {w.status for w in past} <= {"completed", "running", "cancelled"}
    certificates = db.session.scalar(select(func.count()).select_from(Certificate))
    assert certificates > 100
    assert db.session.scalar(select(func.count()).where(TrainingRecord.source == "course")) == certificates
    assert db.session.scalar(select(func.count()).select_from(CurrentLevel)) > 100


def test_most_demo_officials_hold_the_leadership_programme_of_their_position(db):
    from courses.models import Course
    from courses.records.mandatory import programme_counts

    build(db)
    marked = dict(db.session.execute(select(Course.code, Course.mandatory_programme)
                                     .where(Course.mandatory_programme.is_not(None))).all())
    assert marked == {"LATSAR-CPNS": "latsar", "PKP": "pkp", "PKA": "pka", "PKN-II": "pkn2"}
    assert db.session.execute(select(Course.siasn_kind_id, Course.structural_kind_id)
                              .where(Course.code == "PKA")).one() == (1, 3)  # Diklat Struktural, SPAMA/PIM III
    leadership = [count for count in programme_counts(date.today()) if count.programme != "latsar"]
    owed, lacking = sum(count.owed for count in leadership), sum(count.lacking for count in leadership)
    assert owed >= 10 and 0 < lacking < owed * 0.35  # most hold theirs, some do not
