"""Reads: the rows of the competency graph and its per-process cache."""

import threading

import networkx as nx
from sqlalchemy import func, select

from competencies.graph import GraphRows, build_graph
from competencies.models import Competency, Prerequisite, Requirement
from lms.cache import GRAPH, changed_in_this_request, current_version
from lms.extensions import db
from lms.people.models import Employee, Position, position_career_paths


def graph_rows() -> GraphRows:
    return GraphRows(
        positions=[tuple(row) for row in db.session.execute(select(Position.id, Position.name))],
        competencies=[tuple(row) for row in db.session.execute(
            select(Competency.id, Competency.code, Competency.name, Competency.parent_id))],
        requirements=[tuple(row) for row in db.session.execute(
            select(Requirement.position_id, Requirement.competency_id, Requirement.level, Requirement.weight))],
        prerequisites=[tuple(row) for row in db.session.execute(
            select(Prerequisite.competency_id, Prerequisite.required_id, Prerequisite.level))],
        career_paths=[tuple(row) for row in db.session.execute(
            select(position_career_paths.c.position_id, position_career_paths.c.next_position_id))],
    )


class _GraphCache:
    """The built graph of this process, rebuilt when the database's graph version has moved on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._graph: nx.DiGraph | None = None

    def get(self) -> nx.DiGraph:
        if changed_in_this_request(GRAPH):
            return build_graph(graph_rows())  # uncommitted changes: never cache them
        version = current_version(GRAPH)
        with self._lock:
            if self._graph is None or self._version != version:
                self._graph, self._version = build_graph(graph_rows()), version
            return self._graph


_cache = _GraphCache()


def current_graph() -> nx.DiGraph:
    """The competency graph as of the database's graph version (see lms.cache.invalidate_graph)."""
    return _cache.get()


def employee_counts(position_ids: list[int]) -> dict[int, int]:
    """Active employees per position, for the positions given (one query)."""
    if not position_ids:
        return {}
    return dict(db.session.execute(
        select(Employee.position_id, func.count()).where(Employee.position_id.in_(position_ids),
                                                         Employee.is_active.is_(True))
        .group_by(Employee.position_id)).all())
