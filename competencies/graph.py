"""The competency graph: pure functions over plain rows handed in by a query (no session here).

Nodes are ``("position", id)`` and ``("competency", id)``. Edges carry ``kind``:

- ``requires``: position -> competency, with the required ``level`` and ``weight``;
- ``prerequisite_of``: competency A -> competency B when B needs A at ``level`` first;
- ``part_of``: competency -> its parent (grouping in a framework);
- ``leads_to``: position -> a position it can lead to (career path).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from lms.dag import cycle_closed_by


@dataclass(frozen=True)
class GraphRows:
    positions: list[tuple[int, str]] = field(default_factory=list)  # (id, name)
    competencies: list[tuple[int, str, str, int | None]] = field(default_factory=list)  # (id, code, name, parent)
    requirements: list[tuple[int, int, int, str]] = field(default_factory=list)  # (position, competency, level, weight)
    prerequisites: list[tuple[int, int, int]] = field(default_factory=list)  # (competency, required, level)
    career_paths: list[tuple[int, int]] = field(default_factory=list)  # (position, next position)


@dataclass(frozen=True)
class RequiredLevel:
    competency_id: int
    level: int
    weight: str


@dataclass(frozen=True)
class CareerStep:
    position_id: int
    gap: int  # levels still to gain at this step, after the earlier steps' requirements are met


@dataclass(frozen=True)
class CareerPath:
    steps: list[CareerStep]

    @property
    def total_gap(self) -> int:
        return sum(step.gap for step in self.steps)


def position_node(position_id: int) -> tuple[str, int]:
    return ("position", position_id)


def competency_node(competency_id: int) -> tuple[str, int]:
    return ("competency", competency_id)


def build_graph(rows: GraphRows) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from((position_node(pid), {"kind": "position", "name": name}) for pid, name in rows.positions)
    graph.add_nodes_from((competency_node(cid), {"kind": "competency", "code": code, "name": name})
                         for cid, code, name, _parent in rows.competencies)
    graph.add_edges_from((competency_node(cid), competency_node(parent), {"kind": "part_of"})
                         for cid, _code, _name, parent in rows.competencies if parent is not None)
    graph.add_edges_from((position_node(pid), competency_node(cid), {"kind": "requires", "level": level,
                                                                       "weight": weight})
                         for pid, cid, level, weight in rows.requirements)
    graph.add_edges_from((competency_node(required), competency_node(cid), {"kind": "prerequisite_of", "level": level})
                         for cid, required, level in rows.prerequisites)
    graph.add_edges_from((position_node(pid), position_node(target), {"kind": "leads_to"})
                         for pid, target in rows.career_paths)
    # Small graphs of one edge kind each, so that walks over prerequisites or career paths need not filter
    # the tens of thousands of "requires" edges.
    for kind in ("prerequisite_of", "leads_to"):
        layer = nx.DiGraph()
        layer.add_nodes_from(graph.nodes(data=True))
        layer.add_edges_from((u, v, data) for u, v, data in graph.edges(data=True) if data["kind"] == kind)
        graph.graph[kind] = layer
    return graph


def _edges_of_kind(graph: nx.DiGraph, kind: str) -> nx.DiGraph:
    return graph.graph[kind]


def requirements_of(graph: nx.DiGraph, position_id: int) -> list[RequiredLevel]:
    node = position_node(position_id)
    if node not in graph:
        return []
    return sorted(
        (RequiredLevel(target[1], data["level"], data["weight"])
         for _, target, data in graph.out_edges(node, data=True) if data["kind"] == "requires"),
        key=lambda item: (item.weight != "critical", item.competency_id),
    )


def positions_requiring(graph: nx.DiGraph, competency_id: int) -> list[tuple[int, int, str]]:
    """(position id, level, weight) of every position that requires the competency."""
    node = competency_node(competency_id)
    if node not in graph:
        return []
    return sorted((source[1], data["level"], data["weight"])
                  for source, _, data in graph.in_edges(node, data=True) if data["kind"] == "requires")


def prerequisites_of(graph: nx.DiGraph, competency_id: int) -> list[tuple[int, int]]:
    """(required competency id, level) that the competency directly needs."""
    node = competency_node(competency_id)
    if node not in graph:
        return []
    return sorted((source[1], data["level"]) for source, _, data in
                  _edges_of_kind(graph, "prerequisite_of").in_edges(node, data=True))


def learning_order(graph: nx.DiGraph, competency_ids: Iterable[int]) -> list[int]:
    """The competencies and everything they need first, each after its prerequisites.

    Ties are broken by competency code, so the order is the same on every run.
    """
    prerequisites = _edges_of_kind(graph, "prerequisite_of")
    wanted = {competency_node(cid) for cid in competency_ids if competency_node(cid) in graph}
    closure = set(wanted)
    for node in wanted:
        closure |= nx.ancestors(prerequisites, node)
    ordered = nx.lexicographical_topological_sort(prerequisites.subgraph(closure),
                                                  key=lambda node: graph.nodes[node]["code"])
    return [node[1] for node in ordered]


def prerequisite_cycle(graph: nx.DiGraph, competency_id: int, required_id: int) -> list[int] | None:
    """The cycle that "competency needs required" would close, as ids from ``required`` back to it, or None."""
    # "competency needs required" is the edge required -> competency of the prerequisite_of edges.
    cycle = cycle_closed_by(_edges_of_kind(graph, "prerequisite_of"), competency_node(required_id),
                            competency_node(competency_id))
    return None if cycle is None else [node[1] for node in cycle]


def career_targets(graph: nx.DiGraph, position_id: int) -> list[int]:
    """Ids of the positions the career paths lead to from this one, directly or further on."""
    node = position_node(position_id)
    leads_to = _edges_of_kind(graph, "leads_to")
    return sorted(target[1] for target in nx.descendants(leads_to, node)) if node in leads_to else []


def career_sources(graph: nx.DiGraph, position_id: int) -> list[int]:
    """Ids of the positions whose career paths lead to this one, directly or further on."""
    node = position_node(position_id)
    leads_to = _edges_of_kind(graph, "leads_to")
    return sorted(source[1] for source in nx.ancestors(leads_to, node)) if node in leads_to else []


def career_path(graph: nx.DiGraph, from_position: int, to_position: int,
                current_levels: dict[int, int]) -> CareerPath | None:
    """The shortest career path between two positions and the levels to gain along it (None: no path).

    At each step the gap counts only what the earlier steps did not already require.
    """
    leads_to = _edges_of_kind(graph, "leads_to")
    try:
        nodes = nx.shortest_path(leads_to, position_node(from_position), position_node(to_position))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    levels = dict(current_levels)
    steps = []
    for node in nodes[1:]:
        gap = 0
        for requirement in requirements_of(graph, node[1]):
            held = levels.get(requirement.competency_id, 0)
            gap += max(0, requirement.level - held)
            levels[requirement.competency_id] = max(held, requirement.level)
        steps.append(CareerStep(node[1], gap))
    return CareerPath(steps)
