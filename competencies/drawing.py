"""What the position requirements page draws: the position, its required competencies and their
prerequisites in learning order, as nodes and edges for the Cytoscape drawing and rows for the table beside it."""

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from competencies.graph import learning_order, prerequisites_of
from competencies.models import Competency, Requirement, level_text
from competencies.queries import current_graph
from lms.extensions import db
from lms.people.models import Position


@dataclass
class RequirementDrawing:
    """What the page shows of the graph: the learning order, the drawing's data and its table."""

    order: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def requirement_drawing(position: Position, requirements: list[Requirement]) -> RequirementDrawing:
    graph = current_graph()
    required = {requirement.competency_id: requirement for requirement in requirements}
    order = learning_order(graph, list(required))
    competencies = {competency.id: competency for competency in db.session.scalars(
        select(Competency).options(joinedload(Competency.framework)).where(Competency.id.in_(order)))}
    order = [cid for cid in order if cid in competencies]  # the cache may lag behind a deletion
    needs = {cid: [(rid, level) for rid, level in prerequisites_of(graph, cid) if rid in competencies]
             for cid in order}
    needed_for: dict[int, list[tuple[int, int]]] = {}
    for cid, items in needs.items():
        for rid, level in items:
            needed_for.setdefault(rid, []).append((cid, level))
    # Depth in the drawing: the position, what it requires, what those need, ... (longest path).
    depth: dict[int, int] = {}
    for cid in reversed(order):  # everything that needs cid comes after it in the learning order
        depth[cid] = max([1 if cid in required else 0] + [depth[other] + 1 for other, _ in needed_for.get(cid, [])])

    def node_id(cid: int) -> str:
        return f"c{cid}"

    nodes = [{"id": f"p{position.id}", "label": position.name, "kind": "position", "depth": 0}]
    # Edges in the order of the table below the drawing: the requirements as in the requirements table, then
    # the prerequisites in learning order.
    edges = [{"id": f"r{requirement.competency_id}", "source": f"p{position.id}",
              "target": node_id(requirement.competency_id), "kind": "requires",
              "critical": requirement.weight == "critical", "from": position.name,
              "to": requirement.competency.name,
              "level": level_text(requirement.competency.framework.scale, requirement.level),
              "label": _("level %(level)s", level=requirement.level)}
             for requirement in requirements if requirement.competency_id in competencies]
    steps = []
    for cid in order:
        competency = competencies[cid]
        requirement = required.get(cid)
        nodes.append({"id": node_id(cid), "label": f"{competency.code}\n{competency.name}",
                      "name": competency.name, "code": competency.code,
                      "kind": "required" if requirement else "prerequisite",
                      "critical": bool(requirement and requirement.weight == "critical"), "depth": depth[cid],
                      "url": url_for("competencies.competency_detail", competency_id=cid)})
        for rid, level in needs[cid]:
            edges.append({"id": f"q{cid}-{rid}", "source": node_id(cid), "target": node_id(rid),
                          "kind": "prerequisite", "critical": False,
                          "from": competency.name, "to": competencies[rid].name,
                          "level": level_text(competencies[rid].framework.scale, level),
                          "label": _("perlu level %(level)s", level=level)})
        steps.append({"competency": competency, "requirement": requirement,
                      "needed_for": [(competencies[other], level_text(competency.framework.scale, level))
                                     for other, level in needed_for.get(cid, [])]})
    return RequirementDrawing(steps, nodes, edges)
