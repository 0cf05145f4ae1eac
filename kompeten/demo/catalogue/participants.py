"""The participants of the demo workshops: employees whose position requires a competency the course develops
(topped up with other eligible employees), never in two workshops on the same day; one upcoming class full with a
waitlist; and the demo employee's own workshops."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from competencies.models import Competency, Requirement
from kompeten.demo.catalogue.schedule import WorkshopPlan
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position

WAITLIST_OF_FULL = 4
FULL_COURSE = "PELAYANAN-PRIMA"  # the course whose first open workshop is full, with a waitlist
FULL_CLASSES_FROM = 1500  # employees: a smaller city fills its classes in proportion


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


def choose_participants(seed: int, plans: list[WorkshopPlan], root_code: str, employee_id: int | None,
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
