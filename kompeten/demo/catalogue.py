"""The demo city's training catalogue: courses, a year of workshops and their participants.

``build_demo_catalogue(seed, accounts, today)`` is called by ``city.build_demo_city`` once the city and its
competency frameworks are written. It adds the courses of ``data/katalog-pelatihan.csv`` (every competency of
the technical framework TEKNIS-MEDAN and every ASN managerial and socio-cultural competency is developed by at
least one course, several at successive levels, with prerequisite courses forming a DAG), then workshops from
about twelve months before ``today`` to six months after it:

- past and current workshops are left "running" (their closing, which computes outcomes, is a later step),
  with enrolled participants, attendance for every session held so far and pre-/post-test scores;
- upcoming workshops are "open" while their enrolment window runs (partly filled, one full with a waitlist),
  "closed" just before they start, "draft" while the window has not opened; one is a trainer's proposal and
  one is cancelled;
- the demo trainer teaches the BKPSDM workshops whose dates do not overlap; the demo employee is enrolled in
  one upcoming workshop, awaits their supervisor's approval for another and took part in a past one.

Participants are chosen among the employees whose position requires a competency the course develops (topped
up with other eligible employees), never in two workshops on the same day. The same seed and ``today`` give
the same catalogue. Everything is written with a few bulk inserts; flush, never commit.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

import networkx as nx
from sqlalchemy import func, insert, select

from competencies.builtin import asn_framework_spec
from competencies.models import Competency, Framework, Requirement
from courses.completion import services as completion
from courses.models import (
    CLASSICAL_MODALITIES,
    Attendance,
    Course,
    CourseCompetency,
    CourseStatus,
    Enrolment,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
    course_prerequisites,
    course_trainers,
    workshop_trainers,
)
from kompeten.demo import read_csv
from kompeten.demo.competencies import TECHNICAL_CODE
from lms.auth.models import User, UserRole
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position

logger = logging.getLogger(__name__)

CATALOGUE_FILE = "katalog-pelatihan.csv"
HOME_PROVIDER = "BKPSDM Kota Medan"  # the demo trainer's own agency
PAST_DAYS, FUTURE_DAYS = 350, 175  # workshops start between these many days before and after ``today``
WINDOW_OPENS, WINDOW_CLOSES = 90, 7  # enrolment window, in days before the first session
CLOSE_AFTER_DAYS = 7  # workshops that ended longer ago than this are closed in the demo
WAITLIST_OF_FULL = 4
FULL_COURSE = "PELAYANAN-PRIMA"
FULL_CLASSES_FROM = 1500  # employees  # the course whose first open workshop is full, with a waitlist

VENUES = {
    "BKPSDM Kota Medan": "Aula BKPSDM Kota Medan, Jl. Kapten Maraden Panjaitan No. 1",
    "BPSDM Provinsi Sumatera Utara": "Kampus BPSDM Provinsi Sumatera Utara, Jl. Ngalengko No. 1, Medan",
    "Dinas Kesehatan Kota Medan": "Aula Dinas Kesehatan Kota Medan, Jl. Rotan, Petisah Tengah",
    "RSUD Dr. Pirngadi Kota Medan": "Ruang Diklat RSUD Dr. Pirngadi, Jl. Prof. H.M. Yamin No. 47, Medan",
    "Dinas Penanaman Modal dan PTSP Kota Medan": "Mal Pelayanan Publik Kota Medan, Jl. Kapten Maraden Panjaitan",
}
# National providers teach their Medan classes in the city's or the province's training rooms.
HOSTS = (VENUES["BKPSDM Kota Medan"], VENUES["BPSDM Provinsi Sumatera Utara"])
KECAMATAN_OFFICES = ("Medan Johor", "Medan Sunggal", "Medan Tembung", "Medan Helvetia", "Medan Denai")
ROMAN = ("I", "II", "III", "IV", "V", "VI")


@dataclass(frozen=True)
class CourseSpec:
    code: str
    title: str
    modality: str
    provider: str
    hours_jp: int
    min_attendance_pct: int
    pass_mark: float | None
    certificate_validity_years: int | None
    eligible_position_kinds: tuple[str, ...]
    prerequisites: tuple[str, ...]
    competencies: tuple[tuple[str, int, int], ...]  # (competency code, entry level, granted level)
    description: str


@cache
def catalogue_specs() -> tuple[CourseSpec, ...]:
    """The demo courses, as listed in ``data/katalog-pelatihan.csv``."""
    rows = read_csv(CATALOGUE_FILE)
    return tuple(CourseSpec(
        code=row["kode"], title=row["judul"], modality=row["moda"], provider=row["penyelenggara"],
        hours_jp=int(row["jp"]), min_attendance_pct=int(row["kehadiran_min"]),
        pass_mark=float(row["nilai_lulus"]) if row["nilai_lulus"] else None,
        certificate_validity_years=int(row["masa_berlaku"]) if row["masa_berlaku"] else None,
        eligible_position_kinds=tuple(row["jabatan"].split()), prerequisites=tuple(row["prasyarat"].split()),
        competencies=tuple(_competency_levels(item) for item in row["kompetensi"].split()),
        description=row["deskripsi"]) for row in rows)


def _competency_levels(item: str) -> tuple[str, int, int]:
    code, levels = item.split(":")
    entry, granted = levels.split(">")
    return code, int(entry), int(granted)


def prerequisite_graph(specs: tuple[CourseSpec, ...]) -> nx.DiGraph:
    """Edges from a required course to the course that requires it."""
    graph = nx.DiGraph()
    graph.add_nodes_from(spec.code for spec in specs)
    graph.add_edges_from((required, spec.code) for spec in specs for required in spec.prerequisites)
    return graph


# --- planning the workshops (pure) ---------------------------------------------------------------------------

@dataclass
class SessionPlan:
    day: date
    starts_at: time
    ends_at: time
    topic: str


@dataclass
class WorkshopPlan:
    course: CourseSpec
    batch: str
    status: str
    capacity: int
    opens: date
    closes: date
    requires_approval: bool
    venue: str
    online_link: str
    sessions: list[SessionPlan]
    by_trainer: bool = False  # taught by the demo trainer
    colleague: int | None = None  # else: index of the other trainer who teaches it
    note: str = ""
    participants: list[tuple[int, str]] = field(default_factory=list)  # (employee id, enrolment status)

    @property
    def days(self) -> set[date]:
        return {session.day for session in self.sessions}

    @property
    def starts_on(self) -> date:
        return self.sessions[0].day


def _minutes(value: int) -> time:
    return time(value // 60, value % 60)


def _day_times(jp: int, modality: str) -> tuple[time, time]:
    """A day of ``jp`` lesson hours: from 08:00, with two hours of breaks on a full day (8 JP: 08:00-16:00)."""
    if modality in ("coaching", "mentoring"):
        return time(13, 30), _minutes(13 * 60 + 30 + jp * 45)
    if modality == "e_learning":
        return time(9), _minutes(9 * 60 + jp * 45)
    return time(8), _minutes(8 * 60 + jp * 45 + (120 if jp > 4 else 0))


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _session_plans(spec: CourseSpec, first: date) -> list[SessionPlan]:
    """Consecutive weekdays for classroom courses and internships, weekly meetings for the others."""
    if spec.modality in ("coaching", "mentoring"):
        per_day, step = 2, 7
    elif spec.modality == "e_learning":
        per_day, step = 4, 7
    else:
        per_day, step = 8, 1
    count = math.ceil(spec.hours_jp / per_day)
    sessions, day, left = [], first, spec.hours_jp
    for number in range(1, count + 1):
        jp = min(per_day, left)
        left -= jp
        starts_at, ends_at = _day_times(jp, spec.modality)
        sessions.append(SessionPlan(day, starts_at, ends_at, _topic(spec, number, count)))
        day = _weekday_on_or_after(day + timedelta(days=step))
    return sessions


def _topic(spec: CourseSpec, number: int, count: int) -> str:
    if spec.modality in ("coaching", "mentoring"):
        return f"Sesi {spec.modality} {number}"
    if count == 1:
        return "Paparan, diskusi dan tanya jawab"
    if number == 1:
        return "Pembukaan, kontrak belajar dan pre-test"
    if number == count:
        return "Presentasi hasil, post-test dan penutupan"
    return f"Materi inti dan praktik (bagian {number - 1})"


class _Planner:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(f"kompeten-demo-courses-{seed}")
        self.today = today
        self.trainer_days: set[date] = set()

    def workshops(self, specs: tuple[CourseSpec, ...]) -> list[WorkshopPlan]:
        plans = [plan for spec in specs for plan in self.course_workshops(spec)]
        plans.sort(key=lambda plan: (plan.starts_on, plan.course.code))
        self.mark_proposal_and_cancellation(plans)
        return plans

    def course_workshops(self, spec: CourseSpec) -> list[WorkshopPlan]:
        count = 3 if spec.provider == HOME_PROVIDER and spec.modality in CLASSICAL_MODALITIES else 2
        span = PAST_DAYS + FUTURE_DAYS
        plans, per_year = [], {}
        for number in range(count):
            offset = -PAST_DAYS + span * (number + self.rng.uniform(0.1, 0.9)) / count
            first = _weekday_on_or_after(self.today + timedelta(days=round(offset)))
            if spec.modality in ("pelatihan", "magang") and spec.hours_jp > 8:
                first = _weekday_on_or_after(first - timedelta(days=first.weekday()))  # multi-day: from Monday
            per_year[first.year] = per_year.get(first.year, 0) + 1
            plans.append(self.workshop(spec, first, f"Angkatan {ROMAN[per_year[first.year] - 1]} Tahun {first.year}"))
        return plans

    def workshop(self, spec: CourseSpec, first: date, batch: str) -> WorkshopPlan:
        sessions = _session_plans(spec, first)
        opens, closes = first - timedelta(days=WINDOW_OPENS), first - timedelta(days=WINDOW_CLOSES)
        venue, link = self.place(spec, batch)
        small = spec.modality in ("coaching", "mentoring", "magang")
        plan = WorkshopPlan(
            course=spec, batch=batch, status=self.status(first, opens, closes),
            capacity=self.rng.choice((10, 12, 15)) if small else self.rng.choice((20, 25, 30, 35, 40)),
            opens=opens, closes=closes, venue=venue, online_link=link, sessions=sessions,
            requires_approval=spec.hours_jp >= 40 or bool(spec.eligible_position_kinds) or self.rng.random() < 0.3)
        if spec.provider == HOME_PROVIDER and not plan.days & self.trainer_days:
            plan.by_trainer = True
            self.trainer_days |= plan.days
        return plan

    def status(self, first: date, opens: date, closes: date) -> str:
        if first <= self.today:
            return "running"
        if self.today < opens:
            return "draft"
        return "open" if self.today <= closes else "closed"

    def place(self, spec: CourseSpec, batch: str) -> tuple[str, str]:
        link = f"https://meet.jit.si/kompeten-demo-{spec.code.lower()}-{batch.split()[1].lower()}-{batch[-4:]}"
        if spec.modality == "e_learning":
            return "", link
        if spec.code == "MAGANG-DUKCAPIL":
            return f"Kantor Camat {self.rng.choice(KECAMATAN_OFFICES)}, Kota Medan", ""
        venue = VENUES.get(spec.provider) or (
            f"Aula {spec.provider}" if spec.provider.endswith("Kota Medan") else self.rng.choice(HOSTS))
        return venue, link if spec.modality == "seminar" else ""

    def mark_proposal_and_cancellation(self, plans: list[WorkshopPlan]) -> None:
        """The trainer's first not-yet-open workshop is still their proposal; another one is cancelled."""
        drafts = [plan for plan in plans if plan.status == "draft"]
        proposal = next((plan for plan in drafts if plan.by_trainer), None)
        if proposal is not None:
            proposal.status = "proposed"
            proposal.note = "Usulan angkatan tambahan: peminat dari perangkat daerah melebihi kapasitas kelas."
        cancelled = next((plan for plan in drafts if plan is not proposal and not plan.by_trainer), None)
        if cancelled is not None:
            cancelled.status = "cancelled"
            cancelled.note = "Narasumber berhalangan; kelas akan dijadwalkan ulang."


def plan_workshops(seed: int, today: date) -> list[WorkshopPlan]:
    """Every demo workshop with its sessions, as plain data; deterministic for a seed and a day."""
    return _Planner(seed, today).workshops(catalogue_specs())


# --- participants ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    id: int
    position_id: int
    kind: str


class _Participants:
    """Chooses the participants of every workshop (reads the city's employees and technical requirements)."""

    def __init__(self, seed: int, people: list[Person], needs: dict[str, set[int]], reserved: set[int]):
        self.rng = random.Random(f"kompeten-demo-participants-{seed}")
        self.people = people
        self.needs = needs  # technical competency code -> positions requiring it
        self.reserved = reserved  # demo accounts: placed by hand
        self.busy: dict[int, set[date]] = {}

    def place(self, plan: WorkshopPlan, employee_id: int, status: str) -> None:
        plan.participants.append((employee_id, status))
        self.busy.setdefault(employee_id, set()).update(plan.days)

    def free(self, employee_id: int, plan: WorkshopPlan) -> bool:
        return not self.busy.get(employee_id, set()) & plan.days

    def fill(self, plan: WorkshopPlan, count: int, full: WorkshopPlan | None) -> None:
        """Add up to ``count`` participants who are free on the workshop's days."""
        if count <= 0:
            return
        kinds = set(plan.course.eligible_position_kinds)
        positions = {p for code, _entry, _granted in plan.course.competencies for p in self.needs.get(code, ())}
        eligible = [p for p in self.people if (not kinds or p.kind in kinds) and p.id not in self.reserved]
        relevant = [p for p in eligible if p.position_id in positions]
        candidates = self.rng.sample(relevant, min(len(relevant), count * 2))
        candidates += self.rng.sample(eligible, min(len(eligible), count * 3))
        taken = {employee_id for employee_id, _status in plan.participants}
        added = 0
        for person in candidates:
            if added == count:
                break
            if person.id not in taken and self.free(person.id, plan):
                self.place(plan, person.id, self.status(plan, len(plan.participants), full))
                taken.add(person.id)
                added += 1

    def status(self, plan: WorkshopPlan, place: int, full: WorkshopPlan | None) -> str:
        if plan.status == "running":
            return "withdrawn" if self.rng.random() < 0.03 else "enrolled"
        if plan is full:
            return "enrolled" if place < plan.capacity else "waitlisted"
        if plan.requires_approval and plan.status == "open" and self.rng.random() < 0.2:
            return "awaiting_approval"
        return "enrolled"

    def fill_all(self, plans: list[WorkshopPlan], full: WorkshopPlan | None) -> None:
        """Fill the classes; a small city (under FULL_CLASSES_FROM employees) fills them in proportion."""
        scale = min(1.0, len(self.people) / FULL_CLASSES_FROM)
        for plan in plans:
            cap, taken = plan.capacity, len(plan.participants)
            if plan.status == "running":
                self.fill(plan, round(self.rng.randint(int(cap * 0.7), cap) * scale) - taken, full)
            elif plan is full:
                self.fill(plan, cap + WAITLIST_OF_FULL - taken, full)
            elif plan.status in ("open", "closed") and not plan.course.prerequisites:
                low = int(cap * (0.6 if plan.status == "closed" else 0.0))
                self.fill(plan, round(self.rng.randint(low, int(cap * 0.8)) * scale) - taken, full)


def _choose_demo_employee_workshops(plans: list[WorkshopPlan], kind: str, needed: set[str], full: WorkshopPlan | None,
                                    today: date) -> list[tuple[WorkshopPlan, str]]:
    """For the demo employee: an upcoming workshop to be enrolled in, one awaiting approval, one finished;
    courses developing the technical competencies their position requires (``needed``) first, then
    cross-agency ones."""
    def suits(plan: WorkshopPlan) -> bool:
        kinds = plan.course.eligible_position_kinds
        return not plan.course.prerequisites and (not kinds or kind in kinds) and plan is not full

    def unrelated(plan: WorkshopPlan) -> int:
        """0: develops a competency the position requires; 1: a cross-agency or ASN course; 2: other."""
        codes = {code for code, _entry, _granted in plan.course.competencies}
        return 0 if codes & needed else 1 if any(not code.startswith("T.") or code.startswith("T.UMM")
                                                  for code in codes) else 2

    chosen: list[tuple[WorkshopPlan, str]] = []
    finished = next((plan for plan in sorted(plans, key=lambda plan: (unrelated(plan), -plan.starts_on.toordinal()))
                     if plan.status == "running" and plan.sessions[-1].day < today and suits(plan)), None)
    if finished is not None:
        chosen.append((finished, "enrolled"))
    upcoming = sorted((plan for plan in plans if plan.status == "open" and suits(plan)
                       and plan.course is not (finished.course if finished else None)), key=unrelated)
    enrolled = upcoming[0] if upcoming else None
    if enrolled is not None:
        enrolled.requires_approval = False
        chosen.append((enrolled, "enrolled"))
    awaiting = next((plan for plan in upcoming[1:] if plan.course is not enrolled.course
                     and not plan.days & enrolled.days), None) if enrolled else None
    if awaiting is not None:
        awaiting.requires_approval = True
        chosen.append((awaiting, "awaiting_approval"))
    return chosen


# --- writing -----------------------------------------------------------------------------------------------

def build_demo_catalogue(seed: int, accounts: Mapping[str, str], root_code: str, today: date | None = None,
                         close_past: bool = True) -> dict[str, int]:
    """Write the demo catalogue, workshops and enrolments once (nothing when the demo courses exist).

    ``accounts`` maps the demo roles "trainer" and "employee" to the accounts' e-mails.
    Returns the counts of what is in the database. Flush, never commit.
    """
    specs = catalogue_specs()
    if db.session.scalar(select(func.count()).where(Course.code.in_([spec.code for spec in specs]))):
        return catalogue_counts()
    today = today or date.today()
    course_ids = _insert_courses(specs)
    plans = plan_workshops(seed, today)
    users = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(list(accounts.values())))).all())
    trainer_id = users.get(accounts.get("trainer", ""))
    employee_id = db.session.scalar(select(User.employee_id).where(User.email == accounts.get("employee")))
    _choose_participants(seed, plans, root_code, employee_id, _account_employees(accounts), today)
    colleague_ids = _colleague_trainers(trainer_id)
    _assign_colleagues(plans, len(colleague_ids))
    workshop_ids = _insert_workshops(plans, course_ids, trainer_id, colleague_ids)
    _insert_enrolments_and_attendance(plans, workshop_ids, trainer_id, today, seed)
    db.session.flush()
    if close_past:
        close_past_workshops(trainer_id, today)
    counts = catalogue_counts()
    logger.info("demo catalogue: %s", counts)
    return counts


def close_past_workshops(trainer_id: int | None, today: date) -> int:
    """Close, as their trainers would have, the workshops that ended more than a week ago, a few days after
    their last session; the demo trainer's latest one stays open for closing in the demo. Certificates are
    numbered now and their PDFs rendered on first download. Returns how many were closed."""
    past = db.session.scalars(select(Workshop).where(Workshop.status == WorkshopStatus.RUNNING,
                                                     Workshop.ends_on < today - timedelta(days=CLOSE_AFTER_DAYS))
                              .order_by(Workshop.ends_on, Workshop.id)).all()
    taught = {workshop_id for (workshop_id,) in db.session.execute(
        select(workshop_trainers.c.workshop_id).where(workshop_trainers.c.user_id == (trainer_id or 0))).all()}
    keep = next((workshop for workshop in reversed(past) if workshop.id in taught), None)
    closed = [workshop for workshop in past if workshop is not keep]
    for workshop in closed:
        completion.close_workshop(workshop.trainers[0] if workshop.trainers else None, workshop,
                                  today=workshop.ends_on + timedelta(days=2), render_certificates=False)
    return len(closed)


def catalogue_counts() -> dict[str, int]:
    codes = [spec.code for spec in catalogue_specs()]
    demo_workshops = select(Workshop.id).join(Course, Course.id == Workshop.course_id).where(Course.code.in_(codes))
    return {
        "courses": db.session.scalar(select(func.count()).where(Course.code.in_(codes))) or 0,
        "workshops": db.session.scalar(select(func.count()).select_from(demo_workshops.subquery())) or 0,
        "enrolments": db.session.scalar(select(func.count()).where(Enrolment.workshop_id.in_(demo_workshops))) or 0,
    }


def _account_employees(accounts: Mapping[str, str]) -> set[int]:
    return set(db.session.scalars(select(User.employee_id).where(User.email.in_(list(accounts.values())),
                                                                 User.employee_id.is_not(None))))


def _choose_participants(seed: int, plans: list[WorkshopPlan], root_code: str, employee_id: int | None,
                         reserved: set[int], today: date) -> None:
    root_path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.code == root_code)) or "/"
    people = [Person(*row) for row in db.session.execute(
        select(Employee.id, Employee.position_id, Position.kind).join(Position, Position.id == Employee.position_id)
        .join(OrgUnit, OrgUnit.id == Employee.unit_id)
        .where(Employee.is_active.is_(True), OrgUnit.path.startswith(root_path, autoescape=True))
        .order_by(Employee.id))]
    needs: dict[str, set[int]] = {}
    for position_id, code in db.session.execute(
            select(Requirement.position_id, Competency.code)
            .join(Competency, Competency.id == Requirement.competency_id).where(Competency.code.startswith("T."))):
        needs.setdefault(code, set()).add(position_id)
    chooser = _Participants(seed, people, needs, reserved)
    full = next((plan for plan in plans if plan.status == "open" and plan.course.code == FULL_COURSE), None)
    person = next((person for person in people if person.id == employee_id), None)
    if person is not None:
        needed = {code for code, positions in needs.items() if person.position_id in positions}
        for plan, status in _choose_demo_employee_workshops(plans, person.kind, needed, full, today):
            chooser.place(plan, employee_id, status)
    chooser.fill_all(plans, full)


def _insert_courses(specs: tuple[CourseSpec, ...]) -> dict[str, int]:
    table = Course.__table__
    rows = [{"code": s.code, "title": s.title, "description": s.description, "hours_jp": s.hours_jp,
             "modality": s.modality, "provider": s.provider, "min_attendance_pct": s.min_attendance_pct,
             "pass_mark": s.pass_mark, "certificate_validity_years": s.certificate_validity_years,
             "status": CourseStatus.PUBLISHED} for s in specs]
    ids = dict(db.session.execute(insert(table).returning(table.c.code, table.c.id), rows).all())
    competency_ids = _competency_ids({code for spec in specs for code, _entry, _granted in spec.competencies})
    db.session.execute(insert(CourseCompetency.__table__), [
        {"course_id": ids[spec.code], "competency_id": competency_ids[code], "entry_level": entry,
         "granted_level": granted} for spec in specs for code, entry, granted in spec.competencies])
    links = [{"course_id": ids[spec.code], "required_course_id": ids[required]}
             for spec in specs for required in spec.prerequisites]
    if not nx.is_directed_acyclic_graph(prerequisite_graph(specs)):
        raise ValueError("the demo course prerequisites contain a cycle")
    db.session.execute(insert(course_prerequisites), links)
    return ids


def _competency_ids(codes: set[str]) -> dict[str, int]:
    """Competency code -> id, in the frameworks the demo installed (ASN and TEKNIS-MEDAN)."""
    rows = db.session.execute(select(Competency.code, Competency.id).join(Framework)
                              .where(Framework.code.in_([asn_framework_spec().code, TECHNICAL_CODE]),
                                     Competency.code.in_(codes))).all()
    ids = dict(rows)
    missing = codes - set(ids)
    if missing:
        raise ValueError(f"demo courses name unknown competencies: {sorted(missing)}")
    return ids


def _colleague_trainers(trainer_id: int | None) -> list[int]:
    """The trainer accounts other than the demo trainer's, in a stable order."""
    return list(db.session.scalars(select(UserRole.user_id).where(UserRole.role == "trainer",
                                                                  UserRole.user_id != (trainer_id or 0))
                                   .order_by(UserRole.user_id)))


def _assign_colleagues(plans: list[WorkshopPlan], count: int) -> None:
    """Give every workshop the demo trainer does not teach to the first colleague free on all its days."""
    busy: list[set[date]] = [set() for _ in range(count)]
    for plan in plans:
        if plan.by_trainer or plan.status == "proposed":
            continue
        free = next((index for index in range(count) if not plan.days & busy[index]), None)
        if free is not None:
            plan.colleague = free
            busy[free] |= plan.days


def _insert_workshops(plans: list[WorkshopPlan], course_ids: dict[str, int], trainer_id: int | None,
                      colleague_ids: list[int]) -> dict[tuple[str, str], int]:
    table = Workshop.__table__
    rows = [{"course_id": course_ids[plan.course.code], "batch": plan.batch, "status": plan.status,
             "capacity": plan.capacity, "enrol_opens_on": plan.opens, "enrol_closes_on": plan.closes,
             "requires_approval": plan.requires_approval, "venue": plan.venue, "online_link": plan.online_link,
             "eligible_position_kinds": list(plan.course.eligible_position_kinds), "starts_on": plan.starts_on,
             "ends_on": plan.sessions[-1].day, "note": plan.note,
             "proposed_by_id": trainer_id if plan.status == "proposed" else None} for plan in plans]
    by_course = {course_id: code for code, course_id in course_ids.items()}
    ids = {(by_course[course_id], batch): workshop_id for course_id, batch, workshop_id in db.session.execute(
        insert(table).returning(table.c.course_id, table.c.batch, table.c.id), rows)}
    # A workshop no colleague is free for goes to the demo trainer too (small cities have few colleagues).
    teachers = {(plan.course.code, plan.batch): trainer_id if plan.colleague is None else colleague_ids[plan.colleague]
                for plan in plans if trainer_id is not None or plan.colleague is not None}
    if teachers:
        db.session.execute(insert(workshop_trainers), [
            {"workshop_id": ids[key], "user_id": user_id} for key, user_id in teachers.items()])
        db.session.execute(insert(course_trainers), [
            {"course_id": course_ids[code], "user_id": user_id}
            for code, user_id in sorted({(key[0], user_id) for key, user_id in teachers.items()})])
    return ids


def _insert_enrolments_and_attendance(plans: list[WorkshopPlan], workshop_ids: dict[tuple[str, str], int],
                                      trainer_id: int | None, today: date, seed: int) -> None:
    rng = random.Random(f"kompeten-demo-enrolments-{seed}")
    session_table, enrolment_table = WorkshopSession.__table__, Enrolment.__table__
    session_rows = [{"workshop_id": workshop_ids[(plan.course.code, plan.batch)], "session_date": s.day,
                     "starts_at": s.starts_at, "ends_at": s.ends_at, "topic": s.topic}
                    for plan in plans for s in plan.sessions]
    session_ids = {(workshop_id, day): session_id for workshop_id, day, session_id in db.session.execute(
        insert(session_table).returning(session_table.c.workshop_id, session_table.c.session_date,
                                        session_table.c.id), session_rows)}
    enrolment_rows = []
    for plan in plans:
        workshop_id = workshop_ids[(plan.course.code, plan.batch)]
        for index, (employee_id, status) in enumerate(plan.participants):
            enrolment_rows.append(_enrolment_row(plan, workshop_id, employee_id, status, index, today, rng))
    if not enrolment_rows:
        return
    enrolment_ids = {(workshop_id, employee_id): enrolment_id for workshop_id, employee_id, enrolment_id in
                     db.session.execute(insert(enrolment_table).returning(
                         enrolment_table.c.workshop_id, enrolment_table.c.employee_id, enrolment_table.c.id),
                         enrolment_rows)}
    attendance = []
    for plan in plans:
        if plan.status != "running":
            continue
        workshop_id = workshop_ids[(plan.course.code, plan.batch)]
        for employee_id, status in plan.participants:
            if status == "enrolled":
                attendance += _attendance_rows(plan, session_ids, workshop_id,
                                               enrolment_ids[(workshop_id, employee_id)], trainer_id, today, rng)
    if attendance:
        db.session.execute(insert(Attendance.__table__), attendance)


def _enrolment_row(plan: WorkshopPlan, workshop_id: int, employee_id: int, status: str, index: int, today: date,
                   rng: random.Random) -> dict:
    last_day = min(plan.closes, today - timedelta(days=1))
    span = max(0, (last_day - plan.opens).days)
    # Arrival order follows the list (seats first, then the waitlist): spread over the window, in order.
    requested = datetime.combine(plan.opens + timedelta(days=span * index // max(1, len(plan.participants))),
                                 time(8)) + timedelta(minutes=rng.randint(0, 480))
    ended = plan.status == "running" and plan.sessions[-1].day < today
    pre = post = None
    if plan.status == "running" and plan.course.pass_mark is not None and status == "enrolled":
        pre = round(min(95.0, max(20.0, rng.gauss(58, 12))), 1)
        post = round(min(100.0, max(30.0, pre + rng.gauss(18, 9))), 1) if ended else None
    return {"workshop_id": workshop_id, "employee_id": employee_id, "status": status, "nominated": False,
            "requested_at": requested, "queued_at": None if status == "awaiting_approval" else requested,
            "reason": "Tugas kedinasan bersamaan dengan jadwal kelas." if status == "withdrawn" else "",
            "pre_score": pre, "post_score": post, "updated_at": requested}


def _attendance_rows(plan: WorkshopPlan, session_ids: dict[tuple[int, date], int], workshop_id: int,
                     enrolment_id: int, trainer_id: int | None, today: date, rng: random.Random) -> list[dict]:
    """Mostly present; some late, excused or absent, and a few participants who miss much of the class."""
    absent_share = 0.35 if rng.random() < 0.06 else 0.04
    rows = []
    for session in plan.sessions:
        if session.day > today:
            break
        draw = rng.random()
        status = ("absent" if draw < absent_share else "excused" if draw < absent_share + 0.02
                  else "late" if draw < absent_share + 0.1 else "present")
        rows.append({"session_id": session_ids[(workshop_id, session.day)], "enrolment_id": enrolment_id,
                     "status": status, "recorded_by_id": trainer_id if plan.by_trainer else None,
                     "recorded_at": datetime.combine(session.day, session.ends_at)})
    return rows
