"""Choosing the courses that close an employee's competency gaps: pure code over plain rows (no session here).

Rules:

- A course row (competency, entry, granted) raises an employee at level ``l`` iff ``entry <= l < granted``, to
  ``granted``. A row whose entry level is not reached, now or by a course earlier in the plan, does nothing.
- A course can be planned when each of its prerequisites is completed or can be planned itself; a prerequisite
  missing from the catalogue (an unpublished course) and not completed makes it unplannable.
- Greedy weighted set cover. A *bundle* is a candidate (a course not completed, not planned, with a row on a gap
  still open) preceded by its prerequisites not completed and not yet planned, in topological order. Its value is
  the weighted gap it closes, the sum over gap competencies of ``weight * (min(required, after) - min(required,
  before))`` with its courses taken in order; its cost is its JP. The bundle with the largest value / cost is taken
  (ties: larger value, smaller cost, the candidate's code) until no bundle has a value > 0.
- Steps come in the order of selection (a topological sort of the prerequisite edges keyed by it): prerequisites
  come first, and a course comes after those that bring it its entry level. A step added only as a prerequisite
  names the planned courses that need it.
"""

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True, slots=True)
class Gap:
    """A requirement of the position that the employee does not meet."""

    competency_id: int
    required: int
    weight: int  # 2 for a critical requirement, 1 for a normal one


@dataclass(frozen=True, slots=True)
class Grant:
    """A row of a course: develops the competency from ``entry_level`` up to ``granted_level``."""

    competency_id: int
    entry_level: int
    granted_level: int


@dataclass(frozen=True, slots=True)
class CourseOption:
    id: int
    code: str  # unique: breaks ties
    hours_jp: int
    grants: tuple[Grant, ...]
    prerequisites: tuple[int, ...]  # ids of the courses to complete first


@dataclass(frozen=True, slots=True)
class Raise:
    competency_id: int
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Step:
    course_id: int
    raises: tuple[Raise, ...]  # of gap competencies only, by competency id
    prerequisite_for: tuple[int, ...]  # the planned courses it was added for; () when chosen for its own gaps


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[Step, ...]  # in the order to take them
    open_gaps: tuple[tuple[int, int, int], ...]  # (competency id, level after the plan, required), by competency id
    total_jp: int


class Catalogue:
    """The courses indexed once, so that planning for each employee looks only at the few that matter."""

    def __init__(self, courses: Iterable[CourseOption]) -> None:
        self._courses: dict[int, CourseOption] = {}
        for course in courses:
            if course.id in self._courses:
                raise ValueError(f"course {course.id} appears twice in the catalogue")
            self._courses[course.id] = course
        on_competency: dict[int, set[int]] = {}
        for course in self._courses.values():
            for grant in course.grants:
                on_competency.setdefault(grant.competency_id, set()).add(course.id)
        self._on_competency = {competency_id: tuple(sorted(ids)) for competency_id, ids in on_competency.items()}
        # Prerequisites missing from the catalogue are nodes too: a course needing one is blocked unless the
        # employee has completed it.
        graph = nx.DiGraph()
        graph.add_nodes_from(self._courses)
        graph.add_edges_from((required, course.id) for course in self._courses.values()
                             for required in course.prerequisites)
        order = nx.lexicographical_topological_sort(graph, key=self._code_order)
        self._rank = {course_id: rank for rank, course_id in enumerate(order)}
        self._ancestors = {course_id: self._in_order(nx.ancestors(graph, course_id)) for course_id in self._courses}
        self._blocked = frozenset(course_id for course_id, ancestors in self._ancestors.items()
                                  if any(ancestor not in self._courses for ancestor in ancestors))

    def __getitem__(self, course_id: int) -> CourseOption:
        return self._courses[course_id]

    def courses_on(self, competency_id: int) -> tuple[int, ...]:
        """Ids of the courses with a row on the competency."""
        return self._on_competency.get(competency_id, ())

    def prerequisites_to_take(self, course_id: int, completed: Set[int]) -> tuple[int, ...] | None:
        """The prerequisites, direct or not, still to take before the course, in topological order.

        None when one of them can never be taken (missing from the catalogue and not completed).
        """
        ancestors = self._ancestors[course_id]
        if completed.isdisjoint(ancestors):  # the common case: the closure computed once
            return None if course_id in self._blocked else ancestors
        return self._prerequisites_short_of(course_id, completed)

    def _prerequisites_short_of(self, course_id: int, completed: Set[int]) -> tuple[int, ...] | None:
        """Walk up the prerequisites, stopping at completed courses (whose own prerequisites no longer matter)."""
        needed: set[int] = set()
        pending = [course_id]
        while pending:
            for required in self._courses[pending.pop()].prerequisites:
                if required in completed or required in needed:
                    continue
                if required not in self._courses:
                    return None
                needed.add(required)
                pending.append(required)
        return self._in_order(needed)

    def _in_order(self, course_ids: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(course_ids, key=self._rank.__getitem__))

    def _code_order(self, course_id: int) -> tuple[str, int]:
        course = self._courses.get(course_id)
        return (course.code if course else "", course_id)


def _take(course: CourseOption, held: Mapping[int, int], raised: dict[int, int]) -> None:
    """Record in ``raised`` the levels the course brings to the tracked competencies (the keys of ``held``).

    ``raised`` overrides ``held``, so that the courses of a bundle build on each other.
    """
    for grant in course.grants:
        level = raised.get(grant.competency_id, held.get(grant.competency_id))
        if level is not None and grant.entry_level <= level < grant.granted_level:
            raised[grant.competency_id] = grant.granted_level


@dataclass(frozen=True, slots=True)
class _Candidate:
    course: CourseOption
    prerequisites: tuple[int, ...]  # still to take, in topological order
    gap_competencies: frozenset[int]  # the gap competencies it has a row on
    reach: frozenset[int]  # the gap competencies that it or its prerequisites have a row on


@dataclass(frozen=True, slots=True)
class _Offer:
    candidate: _Candidate
    bundle: tuple[int, ...]  # the prerequisites to take first, then the candidate
    value: int
    cost: int

    def beats(self, other: "_Offer") -> bool:
        """Larger value / cost (compared exactly), then larger value, smaller cost, smaller code."""
        mine, theirs = self.value * other.cost, other.value * self.cost
        if mine != theirs:
            return mine > theirs
        return (-self.value, self.cost, self.candidate.course.code) < (-other.value, other.cost,
                                                                       other.candidate.course.code)


class _Planner:
    """The state of one employee's greedy selection: simulated gap levels and the courses chosen so far."""

    def __init__(self, catalogue: Catalogue, gaps: dict[int, Gap], levels: Mapping[int, int],
                 completed: Set[int]) -> None:
        self.catalogue = catalogue
        self.gaps = gaps
        self.levels = {competency_id: levels.get(competency_id, 0) for competency_id in gaps}
        self.candidates = self._plannable_candidates(completed)
        # An offer stays valid until a course is chosen from its bundle or a level changes within its reach.
        self.offers: dict[int, _Offer] = {}
        self.chosen: dict[int, int] = {}  # course id -> selection index
        self.raises: dict[int, tuple[Raise, ...]] = {}
        self.prerequisite_for: dict[int, list[int]] = {}

    def _plannable_candidates(self, completed: Set[int]) -> list[_Candidate]:
        """Courses with a row on a gap competency that can be planned, with the prerequisites they need."""
        course_ids = {course_id for competency_id in self.gaps for course_id in self.catalogue.courses_on(competency_id)
                      if course_id not in completed}
        candidates = []
        for course_id in course_ids:
            prerequisites = self.catalogue.prerequisites_to_take(course_id, completed)
            if prerequisites is not None:
                candidates.append(_Candidate(self.catalogue[course_id], prerequisites,
                                             self._gap_competencies_of(course_id),
                                             self._gap_competencies_of(course_id, *prerequisites)))
        return candidates

    def _gap_competencies_of(self, *course_ids: int) -> frozenset[int]:
        return frozenset(grant.competency_id for course_id in course_ids for grant in self.catalogue[course_id].grants
                         if grant.competency_id in self.gaps)

    def run(self) -> None:
        while (offer := self.best_offer()) is not None:
            self.accept(offer)

    def best_offer(self) -> _Offer | None:
        open_ids = {competency_id for competency_id, gap in self.gaps.items()
                    if self.levels[competency_id] < gap.required}
        best = None
        for candidate in self.candidates:
            if candidate.course.id in self.chosen or open_ids.isdisjoint(candidate.gap_competencies):
                continue
            offer = self.offers.get(candidate.course.id)
            if offer is None:
                offer = self.offers[candidate.course.id] = self.offer(candidate)
            if offer.value > 0 and (best is None or offer.beats(best)):
                best = offer
        return best

    def offer(self, candidate: _Candidate) -> _Offer:
        bundle = (*(required for required in candidate.prerequisites if required not in self.chosen),
                  candidate.course.id)
        raised: dict[int, int] = {}
        for course_id in bundle:
            _take(self.catalogue[course_id], self.levels, raised)
        cost = sum(self.catalogue[course_id].hours_jp for course_id in bundle)
        return _Offer(candidate, bundle, self.weighted_gap_closed(raised), cost)

    def weighted_gap_closed(self, raised: dict[int, int]) -> int:
        value = 0
        for competency_id, level in raised.items():
            gap = self.gaps[competency_id]
            value += gap.weight * (min(gap.required, level) - min(gap.required, self.levels[competency_id]))
        return value

    def accept(self, offer: _Offer) -> None:
        for required in offer.candidate.prerequisites:
            if required not in self.chosen:
                self.add(required, [offer.candidate.course.id])
            elif self.prerequisite_for[required]:  # a prerequisite-only step: one more course needs it
                self.prerequisite_for[required].append(offer.candidate.course.id)
        self.add(offer.candidate.course.id, [])
        self.forget_offers_changed_by(offer.bundle)

    def forget_offers_changed_by(self, bundle: tuple[int, ...]) -> None:
        raised = {item.competency_id for course_id in bundle for item in self.raises[course_id]}
        self.offers = {course_id: offer for course_id, offer in self.offers.items()
                       if raised.isdisjoint(offer.candidate.reach) and self.chosen.keys().isdisjoint(offer.bundle)}

    def add(self, course_id: int, prerequisite_for: list[int]) -> None:
        raised: dict[int, int] = {}
        _take(self.catalogue[course_id], self.levels, raised)
        self.raises[course_id] = tuple(Raise(competency_id, self.levels[competency_id], level)
                                       for competency_id, level in sorted(raised.items()))
        self.levels.update(raised)
        self.chosen[course_id] = len(self.chosen)
        self.prerequisite_for[course_id] = prerequisite_for

    def in_prerequisite_order(self) -> list[int]:
        edges = [(required, course_id) for course_id in self.chosen
                 for required in self.catalogue[course_id].prerequisites if required in self.chosen]
        if not edges:
            return list(self.chosen)  # selection order; most plans (a sort per employee costs a third of a city)
        graph = nx.DiGraph(edges)
        graph.add_nodes_from(self.chosen)
        return list(nx.lexicographical_topological_sort(graph, key=self.chosen.__getitem__))

    def plan(self) -> Plan:
        steps = tuple(Step(course_id, self.raises[course_id], tuple(self.prerequisite_for[course_id]))
                      for course_id in self.in_prerequisite_order())
        open_gaps = tuple((competency_id, self.levels[competency_id], gap.required)
                          for competency_id, gap in sorted(self.gaps.items())
                          if self.levels[competency_id] < gap.required)
        return Plan(steps, open_gaps, sum(self.catalogue[course_id].hours_jp for course_id in self.chosen))


def _gaps_by_competency(gaps: Iterable[Gap]) -> dict[int, Gap]:
    by_competency: dict[int, Gap] = {}
    for gap in gaps:
        if gap.competency_id in by_competency:
            raise ValueError(f"two gaps on competency {gap.competency_id}")
        by_competency[gap.competency_id] = gap
    return by_competency


def plan_courses(catalogue: Catalogue, gaps: Iterable[Gap], levels: Mapping[int, int],
                 completed: Set[int] = frozenset()) -> Plan:
    """The courses that close the gaps best per JP, in the order to take them (see the module docstring).

    ``levels``: the current level per competency id (missing: 0); ``completed``: ids of the courses completed,
    never planned again and satisfying prerequisites.
    """
    planner = _Planner(catalogue, _gaps_by_competency(gaps), levels, completed)
    planner.run()
    return planner.plan()
