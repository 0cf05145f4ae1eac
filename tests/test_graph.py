"""The competency graph as pure functions: no database needed."""

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from competencies.graph import (
    GraphRows,
    build_graph,
    career_path,
    career_targets,
    learning_order,
    positions_requiring,
    prerequisite_cycle,
    prerequisites_of,
    requirements_of,
)

# Competencies: 1 Administrasi Kependudukan, 2 Pelayanan KTP-el (needs 1 at 2), 3 Pengelolaan Data (needs 1 at 3),
# 4 SIAK Lanjutan (needs 2 and 3), 5 Integritas (no prerequisites), 9 group "Kependudukan".
ROWS = GraphRows(
    positions=[(10, "Pengadministrasi"), (11, "Kepala Seksi"), (12, "Kepala Bidang")],
    competencies=[(1, "T.ADM", "Administrasi Kependudukan", 9), (2, "T.KTP", "Pelayanan KTP-el", 9),
                  (3, "T.DATA", "Pengelolaan Data", 9), (4, "T.SIAK", "SIAK Lanjutan", 9),
                  (5, "M.01", "Integritas", None), (9, "T", "Kependudukan", None)],
    requirements=[(10, 1, 2, "critical"), (10, 5, 1, "normal"),
                  (11, 1, 3, "critical"), (11, 2, 3, "normal"), (11, 5, 2, "normal"),
                  (12, 4, 4, "critical"), (12, 5, 3, "normal")],
    prerequisites=[(2, 1, 2), (3, 1, 3), (4, 2, 3), (4, 3, 2)],
    career_paths=[(10, 11), (11, 12)],
)


def test_requirements_of_a_position_list_critical_first():
    graph = build_graph(ROWS)
    assert [(r.competency_id, r.level, r.weight) for r in requirements_of(graph, 11)] == [
        (1, 3, "critical"), (2, 3, "normal"), (5, 2, "normal")]
    assert requirements_of(graph, 999) == []


def test_positions_requiring_a_competency():
    graph = build_graph(ROWS)
    assert positions_requiring(graph, 5) == [(10, 1, "normal"), (11, 2, "normal"), (12, 3, "normal")]
    assert prerequisites_of(graph, 4) == [(2, 3), (3, 2)]


def test_learning_order_puts_every_prerequisite_first_and_is_deterministic():
    graph = build_graph(ROWS)
    order = learning_order(graph, [4, 5])
    assert set(order) == {1, 2, 3, 4, 5}
    assert order.index(1) < order.index(2) < order.index(4)
    assert order.index(3) < order.index(4)
    assert order == learning_order(graph, [5, 4]) == [5, 1, 3, 2, 4]  # ties broken by code: M.01, T.ADM, ...


def test_a_prerequisite_that_closes_a_loop_is_found_with_its_cycle():
    graph = build_graph(ROWS)
    # "Administrasi Kependudukan needs SIAK Lanjutan" would close 4 -> 1 -> 2 -> 4.
    cycle = prerequisite_cycle(graph, 1, 4)
    assert cycle[0] == cycle[-1] == 4
    assert cycle in ([4, 1, 2, 4], [4, 1, 3, 4])
    assert prerequisite_cycle(graph, 4, 5) is None
    assert prerequisite_cycle(graph, 2, 2) == [2, 2]


def test_career_path_counts_only_new_levels_at_each_step():
    graph = build_graph(ROWS)
    path = career_path(graph, 10, 12, current_levels={1: 2, 5: 1})
    # Kepala Seksi: Adm 2->3 (1), KTP 0->3 (3), Integritas 1->2 (1) = 5;
    # Kepala Bidang: SIAK 0->4 (4), Integritas 2->3 (1) = 5
    assert [(step.position_id, step.gap) for step in path.steps] == [(11, 5), (12, 5)]
    assert path.total_gap == 10
    assert career_path(graph, 12, 10, {}) is None


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 12)), max_size=40))
def test_adding_only_edges_that_close_no_cycle_keeps_the_prerequisites_acyclic(edges):
    competencies = [(n, f"C{n:02d}", f"Kompetensi {n}", None) for n in range(1, 13)]
    accepted: list[tuple[int, int, int]] = []
    for competency, required in edges:
        graph = build_graph(GraphRows(competencies=competencies, prerequisites=accepted))
        if prerequisite_cycle(graph, competency, required) is None and (competency, required) not in {
                (c, r) for c, r, _ in accepted}:
            accepted.append((competency, required, 1))
    graph = build_graph(GraphRows(competencies=competencies, prerequisites=accepted))
    assert nx.is_directed_acyclic_graph(graph)
    order = learning_order(graph, range(1, 13))
    for competency, required, _level in accepted:
        assert order.index(required) < order.index(competency)


def test_career_targets_follow_the_paths_further_on():
    graph = build_graph(ROWS)
    assert career_targets(graph, 10) == [11, 12]
    assert career_targets(graph, 12) == []
    assert career_targets(graph, 999) == []
