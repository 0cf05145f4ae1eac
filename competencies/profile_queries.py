"""Reads of the Profil Kompetensi page: required and current levels of one employee and how they changed.

A bounded number of queries whatever the number of competencies: the requirements, the current levels, the
ledger, the competencies held but not required, and the names of whoever recorded the entries.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from competencies import jpm, ledger
from competencies.models import Competency, Evidence, Framework, Requirement
from lms.auth.models import User
from lms.extensions import db
from lms.people.models import Employee


@dataclass
class ProfileRow:
    """One competency of the profile: what the position requires (0 when it does not), what the ledger gives."""

    competency: Competency
    current: int
    entries: list[Evidence] = field(default_factory=list)
    required: int = 0
    weight: str = ""

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)

    @property
    def basis(self) -> Evidence | None:
        """The entry the current level rests on, for its method and date."""
        return ledger.basis(self.entries)


@dataclass
class Profile:
    required: list[ProfileRow]
    others: list[ProfileRow]  # held (evidence recorded) but not required by the position
    recorders: dict[int, str]  # user id -> name, for the ledger entries

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.required if row.gap == 0)

    @property
    def jpm(self) -> float | None:
        """JPM against the position, by the application's rule (:mod:`competencies.jpm`)."""
        return jpm.of_requirements((row.required, row.current, row.competency.type) for row in self.required)


def _ordered(query):
    return (query.join(Framework, Competency.framework_id == Framework.id)
            .order_by(Framework.code, Competency.sort_order, Competency.code))


def _requirements(position_id: int) -> list[Requirement]:
    query = (select(Requirement).join(Competency, Requirement.competency_id == Competency.id)
             .options(contains_eager(Requirement.competency).contains_eager(Competency.framework))
             .where(Requirement.position_id == position_id))
    return list(db.session.scalars(_ordered(query)))


def _competencies(competency_ids: Iterable[int]) -> list[Competency]:
    ids = list(competency_ids)
    if not ids:
        return []
    query = select(Competency).options(contains_eager(Competency.framework)).where(Competency.id.in_(ids))
    return list(db.session.scalars(_ordered(query)))


def _recorders(entries: Iterable[Evidence]) -> dict[int, str]:
    ids = {entry.recorded_by_id for entry in entries if entry.recorded_by_id is not None}
    if not ids:
        return {}
    return {user.id: user.display_name for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def employee_profile(employee: Employee) -> Profile:
    """The employee's position requirements against their record, then the other competencies they hold."""
    levels = ledger.current_levels(employee.id)
    timeline = ledger.timeline(employee.id)
    required = [ProfileRow(requirement.competency, levels.get(requirement.competency_id, 0),
                           timeline.get(requirement.competency_id, []), requirement.level, requirement.weight)
                for requirement in _requirements(employee.position_id)]
    required_ids = {row.competency.id for row in required}
    others = [ProfileRow(competency, levels.get(competency.id, 0), timeline[competency.id])
              for competency in _competencies(set(timeline) - required_ids)]
    return Profile(required, others, _recorders(entry for entries in timeline.values() for entry in entries))
