"""The demo workshops, planned as plain data (no session): two or three classes of every course from about
twelve months before ``today`` to six months after it, with their sessions, status, capacity, enrolment window
and place. Deterministic for a seed and a day."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from courses.models import CLASSICAL_MODALITIES
from kompeten.demo.catalogue.courses import CourseSpec, catalogue_specs

HOME_PROVIDER = "BKPSDM Kota Medan"  # the demo trainer's own agency
PAST_DAYS, FUTURE_DAYS = 350, 175  # workshops start between these many days before and after ``today``
WINDOW_OPENS, WINDOW_CLOSES = 90, 7  # enrolment window, in days before the first session
ROMAN = ("I", "II", "III", "IV", "V", "VI")
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
