"""The one rule for prerequisites, of competencies and of courses alike: they form a directed acyclic graph, and
a new edge that would close a cycle is refused with the cycle named."""

from collections.abc import Hashable

import networkx as nx


def cycle_closed_by(graph: nx.DiGraph, source: Hashable, target: Hashable) -> list[Hashable] | None:
    """The cycle a new edge ``source -> target`` would close, from ``source`` round to it again, or None."""
    if source == target:
        return [source, target]
    if source not in graph or target not in graph or not nx.has_path(graph, target, source):
        return None
    return [source, *nx.shortest_path(graph, target, source)]
