"""Load: simulated users on gunicorn and PostgreSQL, for a bounded time, against the demo city.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE kompeten_bench_load"
    .venv/bin/python bench/bench_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kompeten_bench_load
    .venv/bin/python bench/bench_load.py --database-url ... --seconds 20 --users 20   # shorter, fewer

The script migrates the database and builds the demo city in it (``build_demo_city``, as ``flask --app wsgi lms
demo``; nothing when it is there), gives more demo employees an account with the demo password when the city's
own accounts are too few (the employees who hold certificates first), then starts gunicorn (``wsgi:app``,
``gunicorn.conf.py`` and its start-up checks, ``--workers``, jobs in the app's threads: no broker) on a free
loopback port. Every simulated user logs in with its demo account and, for ``--seconds``, repeats an action
chosen by role with a random pause (``--think``) between actions:

- employees: home, catalogue, a course page, Pelatihan Saya, their competency gaps, enrolment in one of the open
  classes with the fewest free seats (so that users compete for the last seats), the PDF of one of their
  certificates;
- trainers (the demo trainer and the colleague trainers): home, catalogue, taking attendance of a session of
  their classes (the sheet, then the form sent with a status for everyone);
- HR (the demo HR officer and the admin): home, an employee's page, the city's gaps, a report (submitted as a job,
  its status followed, the file downloaded);
- everyone, now and then: the log-in page and a static file, the floor the other figures are compared with.

Per kind of request: count, errors, median and 95th percentile, and the p95 as a multiple of the log-in page's.
An error is a 5xx, a refused or failed connection, or a status the action does not expect (a page that is not
200, a form that does not redirect, a report job that fails). Afterwards the database is checked: no class may
have more enrolled participants than seats. The exit status is 1 when there was an error or a class over
capacity. The run changes the database (enrolments, attendance, report jobs): give it a database of its own.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from common import bench_app, open_city, percentile
from sqlalchemy import func, select

from courses.models import Certificate, Enrolment, EnrolmentStatus, Workshop, WorkshopSession, workshop_trainers
from courses.teaching.attendance import RECORDING_STATUSES
from kompeten.demo import city as demo
from lms.auth.models import User, UserRole
from lms.auth.services import hash_password
from lms.extensions import db
from lms.people.models import Employee

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOOR = "log-in page (floor)"
LOG_IN = "log-in (before the run)"  # the form, the POST (scrypt) and the first page
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
RADIO = re.compile(r'name="(e\d+)"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="(e\d+)"')
CONTESTED_CLASSES = 4  # users enrol in the open classes with the fewest free seats, so that they compete for them
REPORT_JOURNEY = "report: submit to file (all)"  # not a request: from the POST to the end of the download
KIND_HEADER = "X-Bench-Kind"  # gunicorn's access log names the kind of each request, with its time in the worker
ACCESS_FORMAT = "%({x-bench-kind}i)s\t%(D)s"
REPORT = "/laporan/register-sertifikat/ekspor?tampilkan=1"


@dataclass
class Person:
    role: str  # "employee", "trainer" or "hr"
    login: str
    employee_id: int | None = None
    certificates: list[int] = field(default_factory=list)
    sessions: list[tuple[int, int]] = field(default_factory=list)  # a trainer's (class, session) to take


@dataclass
class Plan:
    people: list[Person]
    courses: list[int]  # course pages to browse
    open_classes: list[int]  # classes with free seats whose registration is open (no supervisor approval)
    employees: list[int]  # employee pages HR opens


@dataclass
class Figures:
    """Every request's duration by kind, and the errors (kind, what happened), shared by the user threads."""

    durations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.durations[kind].append(seconds)
            if error:
                self.errors.append((kind, error))

    def check(self, kind: str, answer: tuple[int, dict[str, str], bytes] | None, signature: bytes) -> None:
        """A file answered with 200 must be one (a PDF, an XLSX workbook), not an error page."""
        if answer is not None and not answer[2].startswith(signature):
            with self.lock:
                self.errors.append((kind, f"not a file starting with {signature!r}: {answer[2][:60]!r}"))


# --- the city and its accounts -----------------------------------------------------------------------------

def plan_people(users: int, hr: int, trainers: int, accounts: list[demo.DemoAccount], today: date) -> Plan:
    """In the bench app's context: the simulated users, their targets, and accounts for demo employees when the
    demo accounts are too few (committed)."""
    by_role = {account.role: account for account in accounts}
    trainer_logins = [by_role["trainer"].login, *db.session.scalars(
        select(Employee.nip).join(User, User.employee_id == Employee.id).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "trainer", Employee.nip != by_role["trainer"].login).order_by(Employee.id))]
    people = [Person("hr", by_role[role].login) for role in ("hr", "admin")][:hr]
    people += [Person("trainer", login) for login in trainer_logins[:trainers]]
    wanted = users - len(people)
    logins = [by_role["employee"].login, by_role["supervisor"].login][:wanted]
    logins += _employee_accounts(wanted - len(logins))
    people += [Person("employee", login) for login in logins]
    for person in people:
        _targets(person, today)
    enrolled = (select(func.count()).where(Enrolment.workshop_id == Workshop.id,
                                           Enrolment.status == EnrolmentStatus.ENROLLED).scalar_subquery())
    open_classes = [workshop_id for workshop_id, kinds in db.session.execute(  # the fullest first: races for seats
        select(Workshop.id, Workshop.eligible_position_kinds)
        .where(Workshop.status == "open", Workshop.enrol_opens_on <= today, Workshop.enrol_closes_on >= today,
               Workshop.requires_approval.is_(False), Workshop.capacity > enrolled)
        .order_by(Workshop.capacity - enrolled, Workshop.id)) if not kinds][:CONTESTED_CLASSES]
    courses = list(db.session.scalars(select(Workshop.course_id).where(Workshop.status == "open").distinct()))
    employees = list(db.session.scalars(select(Employee.id).order_by(Employee.id).limit(500)))
    return Plan(people, courses, open_classes, employees)


def _employee_accounts(count: int) -> list[str]:
    """NIPs of ``count`` demo employees with an account of their own (the demo password, role employee): those an
    earlier run gave one, then new ones, holders of certificates first."""
    plain = (select(Employee.nip).join(User, User.employee_id == Employee.id)
             .where(User.email.is_(None), User.id.not_in(select(UserRole.user_id).where(UserRole.role != "employee")))
             .order_by(Employee.id).limit(max(count, 0)))
    missing = count - len(db.session.scalars(plain).all())
    if missing > 0:
        holders = select(Enrolment.employee_id).join(Certificate, Certificate.enrolment_id == Enrolment.id)
        with_account = select(User.employee_id).where(User.employee_id.is_not(None))
        chosen = db.session.scalars(
            select(Employee.id).where(Employee.is_active.is_(True), Employee.id.not_in(with_account))
            .order_by(Employee.id.in_(holders).desc(), Employee.id).limit(missing)).all()
        password_hash = hash_password(demo.DEMO_PASSWORD)
        db.session.add_all([User(employee_id=employee_id, password_hash=password_hash, is_enabled=True,
                                 must_change_password=False, session_version=1,
                                 role_rows=[UserRole(role="employee")]) for employee_id in chosen])
        db.session.commit()
    return list(db.session.scalars(plain))


def _targets(person: Person, today: date) -> None:
    person.employee_id = db.session.scalar(select(Employee.id).where(Employee.nip == person.login))
    if person.employee_id is not None:
        person.certificates = list(db.session.scalars(
            select(Certificate.id).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
            .where(Enrolment.employee_id == person.employee_id, Certificate.revoked_at.is_(None))))
    if person.role == "trainer":
        user = select(User.id).where(User.employee_id == person.employee_id).scalar_subquery()
        person.sessions = [tuple(row) for row in db.session.execute(
            select(WorkshopSession.workshop_id, WorkshopSession.id)
            .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
            .join(workshop_trainers, workshop_trainers.c.workshop_id == Workshop.id)
            .where(workshop_trainers.c.user_id == user, Workshop.status.in_(RECORDING_STATUSES),
                   WorkshopSession.session_date <= today))]


def over_capacity() -> list[tuple[int, int, int]]:
    """(class, seats, enrolled) of every class with more enrolled participants than seats."""
    enrolled = func.count(Enrolment.id)
    return [tuple(row) for row in db.session.execute(
        select(Workshop.id, Workshop.capacity, enrolled).join(Enrolment, Enrolment.workshop_id == Workshop.id)
        .where(Enrolment.status == EnrolmentStatus.ENROLLED).group_by(Workshop.id, Workshop.capacity)
        .having(enrolled > Workshop.capacity))]


# --- a simulated user ----------------------------------------------------------------------------------------

class Browser:
    """One user's cookies and CSRF token; a new connection per request (gunicorn's sync workers close each)."""

    def __init__(self, port: int, figures: Figures):
        self.port, self.figures = port, figures
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, kind: str, method: str, path: str, form: dict[str, str] | None = None,
                expect: tuple[int, ...] = (200,), cookies: bool = True) -> tuple[int, dict[str, str], bytes] | None:
        """The status, headers and body, or None after recording an error (the duration is recorded either way)."""
        headers = {"Referer": f"http://127.0.0.1:{self.port}{path}", KIND_HEADER: kind}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            self.figures.add(kind, time.perf_counter() - started, f"{method} {path}: {type(error).__name__} {error}")
            return None
        finally:
            connection.close()
        self.figures.add(kind, time.perf_counter() - started,
                         "" if response.status in expect else f"{method} {path}: {response.status}")
        if cookies:
            for line in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(line).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        if response.status not in expect:
            return None
        return response.status, dict(response.getheaders()), data

    def page(self, kind: str, path: str) -> bytes | None:
        answer = self.request(kind, "GET", path)
        if answer is not None and (token := CSRF.search(answer[2].decode(errors="replace"))):
            self.token = token.group(1)
        return None if answer is None else answer[2]

    def log_in(self, login: str) -> bool:
        if self.page(LOG_IN, "/masuk") is None:
            return False
        return self.request(LOG_IN, "POST", "/masuk", {"identifier": login, "password": demo.DEMO_PASSWORD},
                            expect=(302,)) is not None and self.page(LOG_IN, "/") is not None


def enrol(browser: Browser, plan: Plan, person: Person) -> None:
    if plan.open_classes:
        browser.request("enrolment (POST)", "POST", f"/katalog/kelas/{random.choice(plan.open_classes)}/daftar", {},
                        expect=(302,))


def certificate(browser: Browser, plan: Plan, person: Person) -> None:
    if person.certificates:
        answer = browser.request("certificate PDF", "GET", f"/sertifikat/{random.choice(person.certificates)}.pdf")
        browser.figures.check("certificate PDF", answer, b"%PDF-")


def attendance(browser: Browser, plan: Plan, person: Person) -> None:
    if not person.sessions:
        return
    workshop_id, session_id = random.choice(person.sessions)
    path = f"/pengajar/kelas/{workshop_id}/sesi/{session_id}/presensi"
    sheet = browser.page("attendance sheet", path)
    if sheet is None:
        return
    choices: dict[str, list[str]] = defaultdict(list)
    for match in RADIO.finditer(sheet.decode(errors="replace")):
        name, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        choices[name].append(value)
    if choices:
        browser.request("attendance (POST)", "POST", path,
                        {name: random.choice(values) for name, values in choices.items()}, expect=(302,))


def report(browser: Browser, plan: Plan, person: Person) -> None:
    started = time.perf_counter()
    answer = browser.request("report: submit (POST)", "POST", REPORT, {"format": "xlsx"}, expect=(302,))
    if answer is None:
        return
    job = answer[1].get("Location", "").rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = browser.request("report: job status", "GET", f"/tugas/{job}/status")
        if status is None:
            return
        state = json.loads(status[2])
        if state.get("status") == "done":
            answer = browser.request("report: download", "GET", state["download_url"])
            browser.figures.check("report: download", answer, b"PK\x03\x04")  # a workbook is a ZIP file
            browser.figures.add(REPORT_JOURNEY, time.perf_counter() - started)
            return
        if state.get("status") not in ("queued", "running"):
            browser.figures.add(REPORT_JOURNEY, time.perf_counter() - started,
                                f"job {job}: {state.get('status')} {state.get('error', '')}")
            return
        time.sleep(0.2)
    browser.figures.add(REPORT_JOURNEY, time.perf_counter() - started, f"job {job}: not done in 60 s")


def actions(person: Person, plan: Plan) -> list[tuple[int, object]]:
    """(weight, action) of the role; an action is a function of (browser, plan, person)."""
    def page(kind: str, path) -> object:
        return lambda browser, _plan, _person: browser.page(kind, path() if callable(path) else path)

    floor = [(1, lambda browser, _plan, _person: browser.request(FLOOR, "GET", "/masuk", cookies=False)),
             (1, page("static file", "/static/app.css"))]
    home = (3, page("home", "/"))
    catalogue = (3, page("catalogue", lambda: f"/katalog?page={random.randint(1, 3)}"))
    if person.role == "hr":
        return [home, (3, page("employee page", lambda: f"/pegawai/{random.choice(plan.employees)}")),
                (2, page("gaps (HR, city)", "/kesenjangan-kompetensi")), (2, report), *floor]
    if person.role == "trainer":
        return [home, catalogue, (4, attendance), *floor]
    return [home, catalogue, (2, page("course page", lambda: f"/katalog/{random.choice(plan.courses)}")),
            (2, page("Pelatihan Saya", "/pelatihan-saya")),
            (2, page("gaps (own)", f"/pegawai/{person.employee_id}/kesenjangan-kompetensi")),
            (2, enrol), (2, certificate), *floor]


def simulate(person: Person, plan: Plan, port: int, figures: Figures, start: threading.Barrier, clock: dict,
             think: float) -> None:
    """Log in, wait until every user has (the timed run starts then), act until the end of the run."""
    browser = Browser(port, figures)
    logged_in = browser.log_in(person.login)
    start.wait()
    if not logged_in:
        return
    weighted = actions(person, plan)
    weights = [weight for weight, _action in weighted]
    while time.monotonic() < clock["until"]:
        time.sleep(random.uniform(0, 2 * think))
        action = random.choices([action for _weight, action in weighted], weights)[0]
        action(browser, plan, person)


# --- gunicorn, the run and the figures ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, log: str, access_log: str) -> subprocess.Popen:
    env = {**os.environ, "LMS_DATABASE_URL": url, "LMS_SECRET_KEY": secrets.token_hex(32),
           "LMS_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    env.pop("LMS_BROKER_URL", None)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    with open(log, "wb") as output:
        command = [gunicorn, "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "60",
                   "--access-logfile", access_log, "--access-logformat", ACCESS_FORMAT, "wsgi:app"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,  # noqa: S603 - the venv's gunicorn
                                  stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit status {server.returncode}); its output is in {log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/masuk")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer within 60 s; its output is in {log}")


def worker_times(access_log: str) -> dict[str, list[float]]:
    """Seconds each request of the run spent in a gunicorn worker (without the wait for a free worker), by kind."""
    times: dict[str, list[float]] = defaultdict(list)
    with open(access_log, encoding="utf-8") as lines:
        for line in lines:
            kind, _tab, microseconds = line.rstrip("\n").rpartition("\t")
            if kind not in ("-", LOG_IN):  # "-": the start-up probe
                times[kind].append(int(microseconds) / 1e6)
    return times


def print_figures(figures: Figures, worker: dict[str, list[float]], seconds: float) -> None:
    floor = percentile(figures.durations[FLOOR], 0.95) if figures.durations[FLOOR] else float("nan")
    total = sum(len(values) for kind, values in figures.durations.items() if kind not in (LOG_IN, REPORT_JOURNEY))
    print(f"\n{total} requests in {seconds:.0f} s ({total / seconds:.1f}/s), log-ins before that not counted\n")
    print("p50, p95: as the users saw it; in worker: the time inside a gunicorn worker, without the wait for one\n")
    print(f"| {'kind':<28} | requests | errors | p50 ms | p95 ms | p95 / floor | in worker p50 | in worker p95 |")
    print(f"|{'-' * 30}|---------:|-------:|-------:|-------:|------------:|--------------:|--------------:|")
    errors = defaultdict(int)
    for kind, _error in figures.errors:
        errors[kind] += 1
    for kind in sorted(figures.durations, key=lambda name: (name != FLOOR, name)):
        values = figures.durations[kind]
        p95 = percentile(values, 0.95)
        inside = (f"{percentile(worker[kind], 0.5) * 1000:>13.0f} | {percentile(worker[kind], 0.95) * 1000:>13.0f}"
                  if worker.get(kind) else f"{'':>13} | {'':>13}")
        print(f"| {kind:<28} | {len(values):>8} | {errors[kind]:>6} | {percentile(values, 0.5) * 1000:>6.0f} | "
              f"{p95 * 1000:>6.0f} | {p95 / floor:>11.1f} | {inside} |")
    for kind, error in figures.errors[:20]:
        print(f"error: {kind}: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database of its own (changed)")
    parser.add_argument("--employees", type=int, default=1500, help="size of the demo city (default 1500)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--users", type=int, default=50, help="simulated users at once (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long they work (default 60)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's actions, s")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4, as deployed)")
    args = parser.parse_args()
    random.seed(args.seed)

    today = date.today()
    app = bench_app(args.database_url)
    with app.app_context():
        city, how = open_city(args.employees, args.seed)
        print(f"demo city of {city.employee_count} employees: {how}")
        hr = 1 if args.users < 10 else 2
        plan = plan_people(args.users, hr, min(13, max(1, args.users // 4)), city.accounts, today)
        roles = defaultdict(int)
        for person in plan.people:
            roles[person.role] += 1
        print(f"{len(plan.people)} users ({dict(roles)}); {len(plan.open_classes)} classes to enrol in; "
              f"{sum(len(person.sessions) for person in plan.people)} sessions to take attendance of; "
              f"{sum(len(person.certificates) for person in plan.people)} certificates of the users")
        last_enrolment = db.session.scalar(select(func.max(Enrolment.id))) or 0
        db.session.remove()
        db.engine.dispose()

    port = free_port()
    log = os.path.join(tempfile.gettempdir(), f"kompeten-bench-load-{port}.log")
    access_log = os.path.join(tempfile.gettempdir(), f"kompeten-bench-load-{port}-access.log")
    server = start_gunicorn(args.database_url, port, args.workers, log, access_log)
    figures = Figures()
    clock: dict[str, float] = {}
    start = threading.Barrier(len(plan.people) + 1,
                              action=lambda: clock.update(started=time.monotonic(),
                                                          until=time.monotonic() + args.seconds))
    try:
        threads = [threading.Thread(target=simulate, args=(person, plan, port, figures, start, clock, args.think),
                                    daemon=True) for person in plan.people]
        for thread in threads:
            thread.start()
        start.wait()
        print(f"all logged in; load average {os.getloadavg()[0]:.1f}; running {args.seconds:.0f} s")
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - clock["started"]
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    print_figures(figures, worker_times(access_log), elapsed)

    with app.app_context():
        new = db.session.execute(select(Enrolment.status, func.count()).where(Enrolment.id > last_enrolment)
                                 .group_by(Enrolment.status)).all()
        print(f"\nnew enrolments by status: { {str(status): count for status, count in new} }")
        over = over_capacity()
        db.session.remove()
    for workshop_id, seats, enrolled in over:
        print(f"class {workshop_id}: {enrolled} enrolled for {seats} seats")
    print(f"classes over capacity: {len(over)}; errors: {len(figures.errors)}; gunicorn log: {log}")
    sys.exit(1 if over or figures.errors else 0)


if __name__ == "__main__":
    main()
