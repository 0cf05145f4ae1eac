"""The course planner as pure functions: no database needed."""

from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.planning.planner import Catalogue, CourseOption, Gap, Grant, Plan, Raise, Step, plan_courses


def course(course_id: int, code: str, hours_jp: int, grants: Iterable[tuple[int, int, int]] = (),
           prerequisites: Iterable[int] = ()) -> CourseOption:
    return CourseOption(course_id, code, hours_jp, tuple(Grant(*grant) for grant in grants), tuple(prerequisites))


def test_a_course_whose_entry_level_is_brought_by_an_earlier_course_follows_it():
    # Gap: competency 1 at 1, required 3. "T-02" (0 -> 2) is all that helps at first: value 1 for 8 JP
    # (from 1 to 2); "T-01" (2 -> 3) only then raises 2 -> 3. Its lower code does not put it first.
    catalogue = Catalogue([course(1, "T-02", 8, [(1, 0, 2)]), course(2, "T-01", 4, [(1, 2, 3)])])
    plan = plan_courses(catalogue, [Gap(1, required=3, weight=1)], {1: 1})
    assert plan == Plan(steps=(Step(1, (Raise(1, 1, 2),), ()), Step(2, (Raise(1, 2, 3),), ())),
                        open_gaps=(), total_jp=12)


def test_prerequisites_come_first_and_name_the_courses_they_were_added_for():
    # Gaps: competency 1 (0, required 2), competency 2 (0, required 1). "X" (10) and "Y" (12) both need "P" (11),
    # which develops only competency 9 (not a gap). Round 1: bundle P+X closes 2 for 6 JP, P+Y closes 1 for 6 JP:
    # P, X. Round 2: Y alone closes 1 for 4 JP, and the prerequisite-only P now lists Y too.
    catalogue = Catalogue([course(10, "X", 4, [(1, 0, 2)], [11]), course(11, "P", 2, [(9, 0, 1)]),
                           course(12, "Y", 4, [(2, 0, 1)], [11])])
    plan = plan_courses(catalogue, [Gap(1, 2, 1), Gap(2, 1, 1)], {9: 0})
    assert plan.steps == (Step(11, (), (10, 12)), Step(10, (Raise(1, 0, 2),), ()), Step(12, (Raise(2, 0, 1),), ()))
    assert plan.total_jp == 10


def test_a_prerequisite_that_also_closes_a_gap_is_taken_inside_the_bundle_that_needs_it():
    # Gap: competency 1 (0, required 3, critical). "DASAR" (0 -> 1, 8 JP) alone: 2/8; "LANJUT" (1 -> 3, 2 JP)
    # needs DASAR: the bundle DASAR+LANJUT closes 0 -> 3 = 6 for 10 JP, the better ratio.
    catalogue = Catalogue([course(1, "DASAR", 8, [(1, 0, 1)]), course(2, "LANJUT", 2, [(1, 1, 3)], [1])])
    plan = plan_courses(catalogue, [Gap(1, 3, 2)], {})
    assert plan.steps == (Step(1, (Raise(1, 0, 1),), (2,)), Step(2, (Raise(1, 1, 3),), ()))


def test_the_cheaper_course_is_preferred_when_it_closes_the_same_gap():
    # Both close competency 1 from 0 to 2; 8 JP beats 16 JP, and afterwards the gap is closed.
    catalogue = Catalogue([course(1, "A-MAHAL", 16, [(1, 0, 2)]), course(2, "B-MURAH", 8, [(1, 0, 2)])])
    plan = plan_courses(catalogue, [Gap(1, 2, 1)], {})
    assert [step.course_id for step in plan.steps] == [2]
    assert plan.total_jp == 8


def test_a_critical_gap_comes_before_a_normal_one_at_equal_cost():
    # Same JP, same levels: the critical gap (weight 2) is worth 4, the normal one 2, whatever the codes say.
    catalogue = Catalogue([course(1, "Z-KRITIS", 8, [(1, 0, 2)]), course(2, "A-NORMAL", 8, [(2, 0, 2)])])
    plan = plan_courses(catalogue, [Gap(2, 2, 1), Gap(1, 2, 2)], {})
    assert [step.course_id for step in plan.steps] == [1, 2]


def test_ties_are_broken_by_larger_value_then_by_code():
    # Competency 1 (0, required 4). "K-02" and "K-01" close 0 -> 2 for 4 JP each: the code picks "K-01".
    # "K-00" closes 0 -> 4 for 8 JP: the same ratio but a larger value, so it is taken first and alone.
    same = [course(1, "K-02", 4, [(1, 0, 2)]), course(2, "K-01", 4, [(1, 0, 2)])]
    assert [step.course_id for step in plan_courses(Catalogue(same), [Gap(1, 2, 1)], {}).steps] == [2]
    larger = [*same, course(3, "K-00", 8, [(1, 0, 4)])]
    assert [step.course_id for step in plan_courses(Catalogue(larger), [Gap(1, 4, 1)], {}).steps] == [3]


def test_completed_courses_are_not_recommended_and_satisfy_prerequisites():
    # "LAMA" (completed) would close the gap cheaply but is not recommended again; "BARU" is, and its prerequisite
    # "DASAR" is completed, so it comes alone, although DASAR itself needs a course no longer published (99).
    catalogue = Catalogue([course(1, "LAMA", 2, [(1, 0, 2)]), course(2, "DASAR", 4, [(5, 0, 1)], [99]),
                           course(3, "BARU", 8, [(1, 0, 2)], [2])])
    plan = plan_courses(catalogue, [Gap(1, 2, 1)], {}, completed={1, 2})
    assert plan.steps == (Step(3, (Raise(1, 0, 2),), ()),)


def test_a_course_whose_prerequisite_is_not_in_the_catalogue_is_skipped():
    # "MURAH" needs course 99 (unpublished), and "TURUNAN" needs MURAH: only "MAHAL" can be planned.
    catalogue = Catalogue([course(1, "MURAH", 2, [(1, 0, 2)], [99]), course(2, "TURUNAN", 1, [(1, 0, 2)], [1]),
                           course(3, "MAHAL", 16, [(1, 0, 2)])])
    assert [step.course_id for step in plan_courses(catalogue, [Gap(1, 2, 1)], {}).steps] == [3]


def test_gaps_that_no_course_can_close_stay_open_with_the_level_reached():
    # Competency 1 (1, required 4): "DASAR" raises it to 2; "AHLI" needs entry 3, which nothing brings.
    # Competency 2 (1, required 3): no course at all.
    catalogue = Catalogue([course(1, "DASAR", 8, [(1, 0, 2)]), course(2, "AHLI", 8, [(1, 3, 5)])])
    plan = plan_courses(catalogue, [Gap(2, 3, 1), Gap(1, 4, 2)], {1: 1, 2: 1})
    assert [step.course_id for step in plan.steps] == [1]
    assert plan.open_gaps == ((1, 2, 4), (2, 1, 3))


def test_no_gaps_give_an_empty_plan():
    catalogue = Catalogue([course(1, "DASAR", 8, [(1, 0, 2)])])
    assert plan_courses(catalogue, [], {1: 0}) == Plan(steps=(), open_gaps=(), total_jp=0)


def test_two_gaps_on_one_competency_are_refused():
    with pytest.raises(ValueError, match="competency 1"):
        plan_courses(Catalogue([]), [Gap(1, 2, 1), Gap(1, 3, 2)], {})


# Property tests over random small catalogues. Course ids are 1..n, prerequisites only point to lower ids (a DAG),
# and MISSING stands for a prerequisite that is not in the catalogue.

MISSING = 99


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[CourseOption], list[Gap], dict[int, int], frozenset[int]]:
    competency_ids = range(1, draw(st.integers(1, 8)) + 1)
    count = draw(st.integers(1, 10))
    codes = draw(st.permutations(range(count)))
    courses = []
    for course_id in range(1, count + 1):
        grants = []
        for competency_id in draw(st.lists(st.sampled_from(competency_ids), min_size=1, max_size=3, unique=True)):
            entry = draw(st.integers(0, 4))
            grants.append((competency_id, entry, draw(st.integers(entry + 1, 5))))
        prerequisites = draw(st.lists(st.integers(1, course_id - 1), max_size=2, unique=True)) if course_id > 1 else []
        if draw(st.integers(0, 9)) == 0:
            prerequisites.append(MISSING)
        courses.append(course(course_id, f"K{codes[course_id - 1]:02d}", draw(st.sampled_from([2, 4, 8])), grants,
                              prerequisites))
    levels = {competency_id: draw(st.integers(0, 4)) for competency_id in competency_ids if draw(st.booleans())}
    gaps = [Gap(competency_id, draw(st.integers(levels.get(competency_id, 0) + 1, 5)), draw(st.sampled_from([1, 2])))
            for competency_id in competency_ids if draw(st.booleans())]
    completed = frozenset(draw(st.sets(st.sampled_from([*range(1, count + 1), MISSING]), max_size=3)))
    return courses, gaps, levels, completed


def replay(plan: Plan, by_id: dict[int, CourseOption],
           levels: dict[int, int]) -> tuple[list[tuple[Step, dict[int, int]]], dict[int, int]]:
    """The plan's courses taken in order: each step with the levels held before it, and the levels at the end."""
    current = dict(levels)
    history = []
    for step in plan.steps:
        history.append((step, dict(current)))
        for grant in by_id[step.course_id].grants:
            if grant.entry_level <= current.get(grant.competency_id, 0) < grant.granted_level:
                current[grant.competency_id] = grant.granted_level
    return history, current


def plannable(course_id: int, by_id: dict[int, CourseOption], completed: frozenset[int]) -> bool:
    return course_id in completed or (course_id in by_id and all(
        plannable(required, by_id, completed) for required in by_id[course_id].prerequisites))


def prerequisites_beyond(course_id: int, by_id: dict[int, CourseOption], completed: frozenset[int]) -> set[int]:
    """The prerequisites of a course, direct or not, up to the completed ones."""
    direct = set(by_id[course_id].prerequisites) - completed
    return direct.union(*(prerequisites_beyond(required, by_id, completed) for required in direct))


@given(scenarios())
def test_every_raise_starts_from_a_level_the_earlier_steps_reached(scenario):
    courses, gaps, levels, completed = scenario
    plan = plan_courses(Catalogue(courses), gaps, levels, completed)
    by_id = {option.id: option for option in courses}
    gap_ids = {gap.competency_id for gap in gaps}
    history, _ = replay(plan, by_id, levels)
    for step, before in history:
        grants = {grant.competency_id: grant for grant in by_id[step.course_id].grants}
        expected = []
        for competency_id in sorted(gap_ids & grants.keys()):
            grant, level = grants[competency_id], before.get(competency_id, 0)
            if grant.entry_level <= level < grant.granted_level:
                expected.append(Raise(competency_id, level, grant.granted_level))
        assert step.raises == tuple(expected)
    assert plan.total_jp == sum(by_id[step.course_id].hours_jp for step in plan.steps)


@given(scenarios())
def test_every_prerequisite_is_completed_or_planned_earlier(scenario):
    courses, gaps, levels, completed = scenario
    plan = plan_courses(Catalogue(courses), gaps, levels, completed)
    by_id = {option.id: option for option in courses}
    taken = set(completed)
    for step in plan.steps:
        assert set(by_id[step.course_id].prerequisites) <= taken
        taken.add(step.course_id)
    position = {step.course_id: index for index, step in enumerate(plan.steps)}
    for step in plan.steps:  # a prerequisite-only step comes before the courses it names, which need it
        for later in step.prerequisite_for:
            assert position[step.course_id] < position[later]
            assert step.course_id in prerequisites_beyond(later, by_id, completed)


@given(scenarios())
def test_the_plan_is_maximal_and_lists_exactly_the_gaps_left_open(scenario):
    courses, gaps, levels, completed = scenario
    plan = plan_courses(Catalogue(courses), gaps, levels, completed)
    by_id = {option.id: option for option in courses}
    _, final = replay(plan, by_id, levels)
    planned = {step.course_id for step in plan.steps}
    required = {gap.competency_id: gap.required for gap in gaps}
    for option in courses:
        if option.id in planned | completed or not plannable(option.id, by_id, completed):
            continue
        for grant in option.grants:
            level = final.get(grant.competency_id, 0)
            assert not (grant.competency_id in required and level < required[grant.competency_id]
                        and grant.entry_level <= level < grant.granted_level), (option, grant)
    assert plan.open_gaps == tuple(sorted((gap.competency_id, final.get(gap.competency_id, 0), gap.required)
                                          for gap in gaps if final.get(gap.competency_id, 0) < gap.required))


@given(scenarios(), st.randoms(use_true_random=False))
def test_the_same_input_in_another_order_gives_the_same_plan(scenario, random):
    courses, gaps, levels, completed = scenario
    plan = plan_courses(Catalogue(courses), gaps, levels, completed)
    random.shuffle(courses)
    random.shuffle(gaps)
    assert plan_courses(Catalogue(courses), gaps, dict(reversed(levels.items())), set(completed)) == plan


@given(scenarios())
def test_no_completed_course_and_no_course_twice(scenario):
    courses, gaps, levels, completed = scenario
    plan = plan_courses(Catalogue(courses), gaps, levels, completed)
    course_ids = [step.course_id for step in plan.steps]
    assert len(course_ids) == len(set(course_ids))
    assert completed.isdisjoint(course_ids)
