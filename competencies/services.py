"""Changes to requirements and prerequisites. Levels are checked against the framework's scale; every change
is audited and invalidates the graph cache; nothing here commits."""

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from competencies.graph import GraphRows, build_graph, prerequisite_cycle
from competencies.models import WEIGHTS, Competency, Framework, Prerequisite, Requirement
from lms.audit import services as audit
from lms.cache import invalidate_graph
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.people.models import Position

logger = logging.getLogger(__name__)


def check_level(framework: Framework, level: int, field: str = "level") -> None:
    """A required or prerequisite level must be a level of the framework's scale (1..n)."""
    if not isinstance(level, int) or not 1 <= level <= framework.max_level:
        raise DomainError(_("Level harus antara 1 dan %(max)d (skala %(framework)s).",
                            max=framework.max_level, framework=framework.name), field)


def _requirement_label(position: Position, competency: Competency) -> str:
    return f"{position.name} – {competency.name}"


def save_requirement(actor: Actor | None, position: Position, competency: Competency, level: int,
                     weight: str = "normal") -> Requirement:
    """Create or change the position's requirement for the competency."""
    check_level(competency.framework, level)
    if weight not in WEIGHTS:
        raise DomainError(_("Bobot harus kritis atau normal."), "weight")
    requirement = db.session.scalar(select(Requirement).where(Requirement.position_id == position.id,
                                                              Requirement.competency_id == competency.id))
    before = {"level": requirement.level, "weight": requirement.weight} if requirement else {}
    if requirement is None:
        requirement = Requirement(position=position, competency=competency)
        db.session.add(requirement)
    requirement.level, requirement.weight = level, weight
    db.session.flush()
    changes = audit.diff(before, {"level": level, "weight": weight})
    if changes:
        audit.record(actor, "update" if before else "create", "requirement", requirement,
                     _requirement_label(position, competency), changes)
        invalidate_graph()
    return requirement


def delete_requirement(actor: Actor | None, requirement: Requirement) -> None:
    audit.record(actor, "delete", "requirement", requirement,
                 _requirement_label(requirement.position, requirement.competency),
                 {"level": requirement.level, "weight": requirement.weight})
    db.session.delete(requirement)
    invalidate_graph()


def _prerequisite_graph():
    """The prerequisite edges as they are in this transaction (not the cache: it may lag behind)."""
    competencies = db.session.execute(select(Competency.id, Competency.code, Competency.name, Competency.parent_id))
    prerequisites = db.session.execute(select(Prerequisite.competency_id, Prerequisite.required_id,
                                              Prerequisite.level))
    return build_graph(GraphRows(competencies=[tuple(row) for row in competencies],
                                 prerequisites=[tuple(row) for row in prerequisites]))


def cycle_message(graph, cycle: list[int]) -> str:
    names = [f"{graph.nodes[('competency', cid)]['name']}" for cid in cycle]
    return " -> ".join(names)


def save_prerequisite(actor: Actor | None, competency: Competency, required: Competency, level: int) -> Prerequisite:
    """Record that ``competency`` needs ``required`` at ``level`` first; refuse a change that closes a cycle."""
    check_level(required.framework, level)
    graph = _prerequisite_graph()
    cycle = prerequisite_cycle(graph, competency.id, required.id)
    if cycle is not None:
        raise DomainError(_("Prasyarat ini membuat lingkaran: %(cycle)s.", cycle=cycle_message(graph, cycle)),
                          "required_id")
    prerequisite = db.session.get(Prerequisite, (competency.id, required.id))
    before = {"level": prerequisite.level} if prerequisite else {}
    if prerequisite is None:
        prerequisite = Prerequisite(competency=competency, required=required)
        db.session.add(prerequisite)
    prerequisite.level = level
    db.session.flush()
    audit.record(actor, "update" if before else "create", "prerequisite", competency,
                 f"{competency.name} ← {required.name}", audit.diff(before, {"level": level}))
    invalidate_graph()
    return prerequisite


def delete_prerequisite(actor: Actor | None, prerequisite: Prerequisite) -> None:
    audit.record(actor, "delete", "prerequisite", prerequisite.competency,
                 f"{prerequisite.competency.name} ← {prerequisite.required.name}", {"level": prerequisite.level})
    db.session.delete(prerequisite)
    invalidate_graph()
