"""The access matrix: every route of the app (rule and method), requested by each role with the ids of objects that
belong to someone else, gets the outcome written in ACCESS below.

The requesters (employee, supervisor, trainer, HR, admin) work in one agency; every object in a URL belongs to
strangers in another: an employee with their own supervisor and account, a class another trainer teaches, an
upload another HR officer made. So an employee, a supervisor or a trainer reaches none of them beyond what everyone
shares (the catalogue, the competency dictionaries), and what HR and the administrator reach is their work. (That
each person reaches their own things, and a supervisor their team's, is tested next to each feature and in
test_access.py.)

Outcomes: ``ok`` the view ran (2xx; 3xx other than to the login page; 400/409/422 for a form sent empty),
``login`` a redirect to /masuk, ``denied`` 403, ``missing`` 404. POSTs are sent empty (the tests disable CSRF);
those that change what later requests see are sent last. A new route fails the test until it has its line; the
message gives the outcome observed, to check and write down. The retired English URLs (kompeten/old_urls.py) are
public by design and not in the table: each must answer everyone with a 301 to its new address.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select
from werkzeug.routing import Rule

from competencies.appraisals.models import Appraisal, AppraisalForm, Objection, WorkTarget
from competencies.models import Prerequisite, Requirement
from courses.models import Certificate, CourseCompetency, Material, TrainingRecord
from courses.planning.akpk_plans import AkpkPlan
from lms.imports.models import Upload
from lms.jobs.models import Job
from lms.notifications.models import Notification

ROLES = ("anonymous", "employee", "supervisor", "trainer", "hr", "admin")

ACCESS = """
endpoint                                    method  anonymous employee supervisor trainer  hr       admin
appraisals.appraisal_detail                 GET     login     denied   denied     denied   ok       ok
appraisals.bias_rater                       GET     login     denied   denied     denied   ok       ok
appraisals.bias_report                      GET     login     denied   denied     denied   ok       ok
appraisals.core_values_save                 POST    login     denied   denied     denied   denied   denied
appraisals.cycle_assign_assessor            POST    login     denied   denied     denied   ok       ok
appraisals.cycle_consolidate                POST    login     denied   denied     denied   ok       ok
appraisals.cycle_detail                     GET     login     denied   denied     denied   ok       ok
appraisals.cycle_finalise                   POST    login     denied   denied     denied   ok       ok
appraisals.cycle_list                       GET     login     denied   denied     denied   ok       ok
appraisals.cycle_new                        GET     login     denied   denied     denied   ok       ok
appraisals.cycle_new                        POST    login     denied   denied     denied   ok       ok
appraisals.cycle_participants               GET     login     denied   denied     denied   ok       ok
appraisals.cycle_remind                     POST    login     denied   denied     denied   ok       ok
# The administrator's account has no employee record: no forms, results, enrolment or external training.
appraisals.my_forms                         GET     login     ok       ok         ok       ok       denied
appraisals.my_results                       GET     login     ok       ok         ok       ok       denied
appraisals.objection_list                   GET     login     denied   denied     denied   ok       ok
appraisals.objection_queue                  GET     login     ok       ok         ok       ok       ok
# An objection is decided by the rater's own superior (PP 30/2019), not by HR; HR and the admin read it.
appraisals.objection_resolve                GET     login     denied   denied     denied   ok       ok
appraisals.objection_resolve                POST    login     denied   denied     denied   denied   denied
appraisals.performance_plan                 GET     login     denied   denied     denied   ok       ok
appraisals.rater_assign                     POST    login     denied   denied     denied   ok       ok
appraisals.rater_remove                     POST    login     denied   denied     denied   ok       ok
appraisals.rating_form                      GET     login     denied   denied     denied   ok       ok
appraisals.rating_form                      POST    login     denied   denied     denied   denied   denied
appraisals.rating_limit_save                POST    login     denied   denied     denied   ok       ok
appraisals.result_acknowledge               POST    login     denied   denied     denied   denied   denied
appraisals.result_detail                    GET     login     denied   denied     denied   ok       ok
appraisals.result_object                    POST    login     denied   denied     denied   denied   denied
appraisals.work_target_add                  POST    login     denied   denied     denied   denied   denied
appraisals.work_target_delete               POST    login     denied   denied     denied   denied   denied
appraisals.work_target_update               POST    login     denied   denied     denied   denied   denied
audit.audit_log                             GET     login     denied   denied     denied   ok       ok
auth.change_password                        GET     login     ok       ok         ok       ok       ok
auth.change_password                        POST    login     ok       ok         ok       ok       ok
auth.login                                  GET     ok        ok       ok         ok       ok       ok
auth.login                                  POST    ok        ok       ok         ok       ok       ok
# Logging out ends at the log-in page, whoever asks.
auth.logout                                 POST    login     login    login      login    login    login
auth.user_edit                              GET     login     denied   denied     denied   denied   ok
auth.user_edit                              POST    login     denied   denied     denied   denied   ok
auth.user_list                              GET     login     denied   denied     denied   denied   ok
auth.user_new                               GET     login     denied   denied     denied   denied   ok
auth.user_new                               POST    login     denied   denied     denied   denied   ok
auth.user_reset_password                    POST    login     denied   denied     denied   denied   ok
catalogue.catalogue                         GET     login     ok       ok         ok       ok       ok
catalogue.course_detail                     GET     login     ok       ok         ok       ok       ok
catalogue.enrol                             POST    login     ok       ok         ok       ok       denied
catalogue.my_enrolments                     GET     login     ok       ok         ok       ok       ok
catalogue.withdraw                          POST    login     denied   denied     denied   denied   denied
# Someone else's certificate is answered as one that does not exist (404), so ids reveal nothing.
certificates.download                       GET     login     missing  missing    missing  ok       ok
certificates.revoke                         GET     login     denied   denied     denied   ok       ok
certificates.revoke                         POST    login     denied   denied     denied   ok       ok
certificates.verify                         GET     ok        ok       ok         ok       ok       ok
certificates.verify_form                    GET     ok        ok       ok         ok       ok       ok
certificates.workshop_list                  GET     login     denied   denied     denied   ok       ok
certificates.workshop_zip                   GET     login     denied   denied     denied   ok       ok
# Attendance by QR code: anyone logged in may open a scan address (the code decides; here a foreign one, 400);
# the code itself is shown to the class's trainers and HR.
checkin.scan                                GET     login     ok       ok         ok       ok       ok
checkin.scan_confirm                        POST    login     ok       ok         ok       ok       ok
checkin.show_code                           GET     login     denied   denied     denied   ok       ok
# Asking for a class of a course is one's own (the administrator has no employee record); HR reads the requests.
demand.demand_list                          GET     login     denied   denied     denied   ok       ok
demand.request_class                        POST    login     ok       ok         ok       ok       denied
demand.withdraw_request                     POST    login     ok       ok         ok       ok       denied
competencies.competency_detail              GET     login     ok       ok         ok       ok       ok
competencies.framework_detail               GET     login     ok       ok         ok       ok       ok
competencies.framework_list                 GET     login     ok       ok         ok       ok       ok
competencies.position_requirements          GET     login     denied   denied     denied   ok       ok
competencies.prerequisite_add               POST    login     denied   denied     denied   ok       ok
competencies.prerequisite_delete            POST    login     denied   denied     denied   ok       ok
competencies.requirement_delete             POST    login     denied   denied     denied   ok       ok
competencies.requirement_export             GET     login     denied   denied     denied   ok       ok
competencies.requirement_save               POST    login     denied   denied     denied   ok       ok
competencies.requirement_upload             GET     login     denied   denied     denied   ok       ok
competencies.requirement_upload             POST    login     denied   denied     denied   ok       ok
courses.approval_approve                    POST    login     denied   denied     denied   ok       ok
courses.approval_queue                      GET     login     denied   ok         denied   ok       ok
courses.approval_reject                     POST    login     denied   denied     denied   ok       ok
courses.course_competency_delete            POST    login     denied   denied     denied   ok       ok
courses.course_competency_save              POST    login     denied   denied     denied   ok       ok
courses.course_detail                       GET     login     denied   denied     denied   ok       ok
courses.course_edit                         GET     login     denied   denied     denied   ok       ok
courses.course_edit                         POST    login     denied   denied     denied   ok       ok
courses.course_list                         GET     login     denied   denied     denied   ok       ok
courses.course_new                          GET     login     denied   denied     denied   ok       ok
courses.course_new                          POST    login     denied   denied     denied   ok       ok
courses.course_prerequisite_add             POST    login     denied   denied     denied   ok       ok
courses.course_prerequisite_delete          POST    login     denied   denied     denied   ok       ok
courses.course_trainers                     POST    login     denied   denied     denied   ok       ok
# HR takes one participant out of a class before it starts (the world's class has started: refused with a message).
courses.enrolment_remove                    POST    login     denied   denied     denied   ok       ok
courses.proposal_approve                    POST    login     denied   denied     denied   ok       ok
courses.proposal_list                       GET     login     denied   denied     denied   ok       ok
courses.proposal_reject                     POST    login     denied   denied     denied   ok       ok
courses.workshop_cancel                     POST    login     denied   denied     denied   ok       ok
courses.workshop_detail                     GET     login     denied   denied     denied   ok       ok
courses.workshop_edit                       GET     login     denied   denied     denied   ok       ok
courses.workshop_edit                       POST    login     denied   denied     denied   ok       ok
courses.workshop_list                       GET     login     denied   denied     denied   ok       ok
courses.workshop_new                        GET     login     denied   denied     denied   ok       ok
courses.workshop_new                        POST    login     denied   denied     denied   ok       ok
courses.workshop_nominate                   POST    login     denied   denied     denied   ok       ok
courses.workshop_reopen                     POST    login     denied   denied     denied   ok       ok
courses.workshop_status                     POST    login     denied   denied     denied   ok       ok
courses.workshop_trainers                   POST    login     denied   denied     denied   ok       ok
favicon                                     GET     ok        ok       ok         ok       ok       ok
gaps.drilldown                              GET     login     denied   denied     denied   ok       ok
gaps.overview                               GET     login     denied   denied     denied   ok       ok
# Only someone with subordinates has a team (HR's test user has none).
gaps.team                                   GET     login     denied   ok         denied   denied   denied
home.index                                  GET     login     ok       ok         ok       ok       ok
home.set_language                           POST    ok        ok       ok         ok       ok       ok
# An upload is seen and confirmed by its uploader (another HR officer here) and admins only.
imports.confirm                             POST    login     denied   denied     denied   denied   ok
imports.discard                             POST    login     denied   denied     denied   denied   ok
imports.preview                             GET     login     denied   denied     denied   denied   ok
imports.report                              GET     login     denied   denied     denied   denied   ok
# A job is seen by its submitter and admins; HR may retry any job, and the service retries only stopped ones.
jobs.download                               GET     login     denied   denied     denied   denied   ok
jobs.job_detail                             GET     login     denied   denied     denied   denied   ok
jobs.job_status                             GET     login     denied   denied     denied   denied   ok
jobs.my_jobs                                GET     login     ok       ok         ok       ok       ok
jobs.retry                                  POST    login     denied   denied     denied   ok       ok
jobs.stopped_jobs                           GET     login     denied   denied     denied   ok       ok
mandatory.owed                              GET     login     denied   denied     denied   ok       ok
moodle.export                               GET     login     ok       ok         ok       ok       ok
moodle.upload                               GET     login     denied   denied     denied   ok       ok
moodle.upload                               POST    login     denied   denied     denied   ok       ok
notifications.mark_all_read                 POST    login     ok       ok         ok       ok       ok
notifications.notification_list             GET     login     ok       ok         ok       ok       ok
notifications.open_notification             POST    login     ok       ok         ok       ok       ok
people.employee_delete                      POST    login     denied   denied     denied   ok       ok
people.employee_detail                      GET     login     denied   denied     denied   ok       ok
people.employee_edit                        GET     login     denied   denied     denied   ok       ok
people.employee_edit                        POST    login     denied   denied     denied   ok       ok
people.employee_list                        GET     login     denied   denied     denied   ok       ok
people.employee_new                         GET     login     denied   denied     denied   ok       ok
people.employee_new                         POST    login     denied   denied     denied   ok       ok
people.my_team                              GET     login     ok       ok         ok       ok       ok
people.position_delete                      POST    login     denied   denied     denied   ok       ok
people.position_detail                      GET     login     denied   denied     denied   ok       ok
people.position_edit                        GET     login     denied   denied     denied   ok       ok
people.position_edit                        POST    login     denied   denied     denied   ok       ok
people.position_list                        GET     login     denied   denied     denied   ok       ok
people.position_new                         GET     login     denied   denied     denied   ok       ok
people.position_new                         POST    login     denied   denied     denied   ok       ok
people.position_options                     GET     login     denied   denied     denied   ok       ok
people.position_restore                     POST    login     denied   denied     denied   ok       ok
people.unit_delete                          POST    login     denied   denied     denied   ok       ok
people.unit_edit                            GET     login     denied   denied     denied   ok       ok
people.unit_edit                            POST    login     denied   denied     denied   ok       ok
people.unit_new                             GET     login     denied   denied     denied   ok       ok
people.unit_new                             POST    login     denied   denied     denied   ok       ok
people.unit_restore                         POST    login     denied   denied     denied   ok       ok
people.unit_tree                            GET     login     denied   denied     denied   ok       ok
profile.competency_profile                  GET     login     denied   denied     denied   ok       ok
profile.level_override                      POST    login     denied   denied     denied   ok       ok
recommendations.employee_gaps               GET     login     denied   denied     denied   ok       ok
recommendations.nominate_employee           POST    login     denied   denied     denied   ok       ok
recommendations.position_candidates_page    GET     login     denied   denied     denied   ok       ok
records.external_approve                    POST    login     denied   denied     denied   ok       ok
records.external_queue                      GET     login     denied   denied     denied   ok       ok
records.external_reject                     POST    login     denied   denied     denied   ok       ok
records.external_submit                     GET     login     ok       ok         ok       ok       denied
records.external_submit                     POST    login     ok       ok         ok       ok       denied
records.feedback_form                       GET     login     denied   denied     denied   denied   denied
records.feedback_form                       POST    login     denied   denied     denied   denied   denied
records.feedback_summary                    GET     login     denied   denied     denied   ok       ok
records.history                             GET     login     denied   denied     denied   ok       ok
records.scan                                GET     login     denied   denied     denied   ok       ok
records.siasn_export                        GET     login     denied   denied     denied   ok       ok
reports.export                              POST    login     denied   denied     denied   ok       ok
reports.report_list                         GET     login     denied   denied     denied   ok       ok
reports.report_page                         GET     login     denied   denied     denied   ok       ok
roster.template                             GET     login     denied   denied     denied   ok       ok
roster.upload                               GET     login     denied   denied     denied   ok       ok
roster.upload                               POST    login     denied   denied     denied   ok       ok
# A class is run by its trainers, HR and admins; a trainer of another class gets nothing of it.
trainer.attendance_all_present              POST    login     denied   denied     denied   ok       ok
trainer.attendance_sheet                    GET     login     denied   denied     denied   ok       ok
trainer.attendance_start                    GET     login     denied   denied     denied   ok       ok
trainer.attendance_take                     GET     login     denied   denied     denied   ok       ok
trainer.attendance_take                     POST    login     denied   denied     denied   ok       ok
trainer.close                               POST    login     denied   denied     denied   ok       ok
trainer.closing                             GET     login     denied   denied     denied   ok       ok
trainer.material_add_file                   POST    login     denied   denied     denied   ok       ok
trainer.material_add_link                   POST    login     denied   denied     denied   ok       ok
trainer.material_delete                     POST    login     denied   denied     denied   ok       ok
trainer.material_download                   GET     login     denied   denied     denied   ok       ok
trainer.material_list                       GET     login     denied   denied     denied   ok       ok
trainer.my_workshops                        GET     login     denied   denied     ok       ok       ok
# Only a course's own trainers propose classes of it (HR creates classes on the course page).
trainer.propose                             GET     login     denied   denied     denied   denied   denied
trainer.propose                             POST    login     denied   denied     denied   denied   denied
trainer.roster_list                         GET     login     denied   denied     denied   ok       ok
trainer.score_template                      GET     login     denied   denied     denied   ok       ok
trainer.score_upload                        POST    login     denied   denied     denied   ok       ok
trainer.scores                              GET     login     denied   denied     denied   ok       ok
trainer.scores                              POST    login     denied   denied     denied   ok       ok
trainer.session_add                         POST    login     denied   denied     denied   ok       ok
trainer.session_delete                      POST    login     denied   denied     denied   ok       ok
trainer.session_edit                        GET     login     denied   denied     denied   ok       ok
trainer.session_edit                        POST    login     denied   denied     denied   ok       ok
trainer.workshop_detail                     GET     login     denied   denied     denied   ok       ok
trainer.workshop_settings                   POST    login     denied   denied     denied   ok       ok
trainer.workshop_start                      POST    login     denied   denied     denied   ok       ok
training_needs.akpk_plan                    GET     login     denied   denied     denied   ok       ok
training_needs.akpk_page                    GET     login     denied   denied     denied   ok       ok
training_needs.akpk_save                    POST    login     denied   denied     denied   ok       ok
training_needs.analysis                     GET     login     denied   denied     denied   ok       ok
training_needs.nominate                     GET     login     denied   denied     denied   ok       ok
training_needs.nominate                     POST    login     denied   denied     denied   ok       ok
"""


def _table(text: str) -> dict[tuple[str, str], tuple[str, ...]]:
    rows = [line.split() for line in text.strip().splitlines()[1:] if line.strip() and not line.startswith("#")]
    assert all(len(row) == 2 + len(ROLES) for row in rows), [row for row in rows if len(row) != 2 + len(ROLES)]
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


EXPECTED = _table(ACCESS)
# Requested after every other route, in this order: they change what the routes after them would see.
LAST = ("appraisals.rater_remove", "appraisals.work_target_delete", "competencies.prerequisite_delete",
        "competencies.requirement_delete", "courses.course_competency_delete", "courses.course_prerequisite_delete",
        "trainer.material_delete", "trainer.session_delete", "courses.workshop_cancel", "imports.confirm",
        "imports.discard", "people.employee_delete", "people.position_delete", "people.unit_delete", "auth.logout")


# --- the world ---------------------------------------------------------------------------------------------------

@dataclass
class World:
    users: dict[str, object]  # role -> the user who requests (anonymous: None)
    ids: dict[str, object]  # URL argument -> value


@pytest.fixture
def world(db, make_unit, make_position, make_employee, make_user, make_course, make_workshop, make_enrolment,
          make_framework, open_cycle) -> World:
    # The requesters' agency: a section head and their staff, a trainer with a class of their own.
    requesters = make_unit("Dinas Komunikasi dan Informatika")
    chief = make_employee("Kepala Seksi Peminta", position=make_position("Kepala Seksi", kind="pengawas",
                                                                         unit=requesters), rank_code="III/d")
    staff = make_employee("Staf Peminta", position=make_position("Pranata Komputer", unit=requesters),
                          supervisor=chief)
    trainer = make_user("employee", "trainer", employee=make_employee(
        "Widyaiswara Peminta", position=make_position("Widyaiswara", kind="fungsional_keahlian", unit=requesters)))
    make_workshop(make_course(title="Kelas Pengajar Sendiri", trainers=[trainer]), trainers=[trainer])
    users = {
        "anonymous": None,
        "employee": make_user("employee", employee=staff),
        "supervisor": make_user("employee", employee=chief),
        "trainer": trainer,
        "hr": make_user("employee", "hr", employee=make_employee(
            "Analis SDM Peminta", position=make_position("Analis SDM", unit=requesters))),
        "admin": make_user("admin", with_employee=False, email="admin@medan.go.id"),
    }

    # The strangers' agency: the owner of every object, their supervisor and the supervisor's superior.
    owners = make_unit("Dinas Kesehatan")
    owner_position = make_position("Pengelola Data Kesehatan", unit=owners)
    head = make_employee("Kepala Dinas Lain", position=make_position("Kepala Dinas", kind="jpt", grade="Pratama",
                                                                     unit=owners), rank_code="IV/c")
    boss = make_employee("Kepala Bidang Lain", position=make_position("Kepala Bidang", kind="administrator",
                                                                      unit=owners), supervisor=head)
    owner = make_employee("Pemilik Data", position=owner_position, supervisor=boss)
    owner_user = make_user("employee", employee=owner)
    coach = make_user("employee", "trainer", employee=make_employee(
        "Widyaiswara Lain", position=make_position("Widyaiswara", kind="fungsional_keahlian", unit=owners)))
    other_hr = make_user("employee", "hr", employee=make_employee("Analis SDM Lain", position=owner_position))

    framework = make_framework(code="AKS")
    first, second, _third = framework.competencies
    requirement = Requirement(position_id=owner_position.id, competency_id=first.id, level=2, weight="normal")
    db.session.add_all([requirement, Prerequisite(competency_id=second.id, required_id=first.id, level=1)])

    required_course = make_course(title="Dasar Pengelolaan Data")
    course = make_course(title="Analisis Data Kesehatan", trainers=[coach])
    course.prerequisites.append(required_course)
    course_competency = CourseCompetency(course=course, competency_id=first.id, entry_level=0, granted_level=2)
    db.session.add(course_competency)
    workshop = make_workshop(course, trainers=[coach], first_day=date.today() - timedelta(days=2))
    enrolment = make_enrolment(workshop, owner)
    material = Material(workshop_id=workshop.id, title="Modul", kind="module", filename="modul.pdf",
                        content_type="application/pdf", size=9, content=b"%PDF-1.4\n")
    certificate = Certificate(enrolment_id=enrolment.id, year=date.today().year, sequence=1,
                              number=f"0001/SERT/BKPSDM/{date.today().year}", verification_code="AKSESMATRXK7",
                              issued_on=date.today(), pdf=b"%PDF-1.4\n")
    record = TrainingRecord(employee_id=owner.id, source="external", status="pending", title="Kursus Statistik",
                            provider="BPS", siasn_kind_id=3, starts_on=date(2026, 1, 5), ends_on=date(2026, 1, 9),
                            hours_jp=40, scan_filename="sertifikat.pdf", scan_content_type="application/pdf",
                            scan=b"%PDF-1.4\n")
    job = Job(name="reports.build", label="Laporan pemilik", status="done", created_by_id=owner_user.id,
              result=b"a;b\n", result_filename="laporan.csv", result_mimetype="text/csv")
    notification = Notification(user_id=owner_user.id, message="Untuk pemilik", link="/")
    upload = Upload(token="token-akses-matrix", kind="roster", filename="pegawai.csv", content=b"nip;nama\n",
                    uploaded_by_id=other_hr.id)
    plan = AkpkPlan(year=date.today().year, unit_id=owners.id, scope="Unit pemilik", people=1, cost_per_jp=0,
                    saved_by_id=other_hr.id)
    db.session.add_all([material, certificate, record, job, notification, upload, plan])
    db.session.commit()

    cycle = open_cycle(unit_ids=[owners.id])
    appraisal = db.session.scalars(select(Appraisal).filter_by(cycle_id=cycle.id, employee_id=owner.id)).one()
    form = db.session.scalars(select(AppraisalForm).filter_by(appraisal_id=appraisal.id, rater_kind="self")).one()
    target = WorkTarget(appraisal_id=appraisal.id, description="Data kesehatan mutakhir", indicator="Laporan",
                        target=12, unit="laporan")
    objection = Objection(appraisal_id=appraisal.id, reason="Keberatan pemilik", filed_by_id=owner_user.id,
                          decider_id=head.id)
    db.session.add_all([target, objection])
    db.session.commit()

    ids = {
        "employee_id": owner.id, "unit_id": owners.id, "position_id": owner_position.id, "user_id": owner_user.id,
        "framework_id": framework.id, "competency_id": second.id, "requirement_id": requirement.id,
        "required_id": first.id, "course_id": course.id, "row_id": course_competency.id,
        "workshop_id": workshop.id, "session_id": workshop.sessions[0].id, "material_id": material.id,
        "enrolment_id": enrolment.id, "certificate_id": certificate.id, "code": certificate.verification_code,
        "record_id": record.id, "job_id": job.id, "notification_id": notification.id,
        "slug": "pegawai", "token": upload.token, "cycle_id": cycle.id, "appraisal_id": appraisal.id,
        "form_id": form.id, "target_id": target.id, "objection_id": objection.id, "rater_id": boss.id,
        "kind": "csv", "file_type": "csv", "plan_id": plan.id,
    }
    overrides = {
        ("courses.course_prerequisite_delete", "required_id"): required_course.id,
        ("reports.report_page", "kind"): "kesenjangan", ("reports.export", "kind"): "kesenjangan",
    }
    return World(users, {**ids, **{f"{endpoint}:{name}": value for (endpoint, name), value in overrides.items()}})


# --- requests and outcomes ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule.endpoint, self.method)

    def __str__(self) -> str:
        return f"{self.rule.endpoint} {self.method} {self.rule.rule}"


def _routes(app) -> list[Route]:
    """Every rule and method; GETs first, then POSTs, those in LAST at the end."""
    routes = [Route(rule, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
              for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    last = {endpoint: number for number, endpoint in enumerate(LAST, start=1)}
    return sorted(routes, key=lambda route: (last.get(route.rule.endpoint, 0), route.method != "GET", str(route)))


def _is_old_url(app, route: Route) -> bool:
    return hasattr(app.view_functions[route.rule.endpoint], "redirects_to")


def _url(app, route: Route, world: World) -> str:
    values = {name: world.ids.get(f"{route.rule.endpoint}:{name}", world.ids.get(name))
              for name in route.rule.arguments}
    unknown = sorted(name for name, value in values.items() if value is None)
    assert not unknown, f"{route}: the world has no id for {unknown}: add one to the world fixture"
    with app.test_request_context():
        return url_for(route.rule.endpoint, **values, _method=route.method)


def _new_url(app, old_url: str) -> str:
    """Where a retired URL should lead: its endpoint's address today, with the same path values."""
    adapter = app.url_map.bind("localhost")
    endpoint, values = adapter.match(old_url)
    return adapter.build(app.view_functions[endpoint].redirects_to, values)


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308) and response.headers["Location"].startswith("/masuk"):
        return "login"
    if status == 403:
        return "denied"
    if status == 404:
        return "missing"
    if status < 400 or status in (400, 409, 422):
        return "ok"
    return f"error-{status}"


def test_the_table_names_only_routes_that_exist(app):
    routes = {route.key for route in _routes(app)}
    assert sorted(key for key in EXPECTED if key not in routes) == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says_on_every_route(app, client, login, world, role):
    user = world.users[role]
    if user is not None:
        login(user)
    column = ROLES.index(role)
    wrong, unlisted = [], []
    for route in _routes(app):
        url = _url(app, route, world)
        response = client.open(url, method=route.method)
        got = _outcome(response)
        if _is_old_url(app, route):  # public by design: for everyone, a permanent redirect to the new address
            got = "moved" if response.status_code == 301 and response.headers["Location"] == _new_url(app, url) else got
            expected = "moved"
        elif route.key not in EXPECTED:
            unlisted.append(f"{route.rule.endpoint:<44}{route.method:<8}{role}={got}")
            continue
        else:
            expected = EXPECTED[route.key][column]
        if got != expected:
            wrong.append(f"{route}: {role} expected {expected}, got {got} ({response.status_code} "
                         f"{response.headers.get('Location', '')})")
    assert not unlisted, "routes without a line in ACCESS (observed outcome shown):\n" + "\n".join(unlisted)
    assert not wrong, "\n".join(wrong)
