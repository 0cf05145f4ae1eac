"""The rater, SKP and results tests' data: a city with an open cycle, and a form's address."""

from types import SimpleNamespace

import pytest

from competencies.appraisals.models import AppraisalForm


@pytest.fixture
def city(db, make_unit, make_position, make_employee, make_user, make_world, open_cycle):
    """The appraisal world (a head supervising two staff whose position requires three competencies at level 2),
    another head with a subordinate, an HR account, and an open cycle over everyone."""
    world = make_world()
    other_head = make_employee("Kepala Lain")
    other_staff = make_employee("Staf Lain", supervisor=other_head)
    cycle = open_cycle()
    return SimpleNamespace(
        world=world, cycle=cycle, head=world.supervisor, staff=world.staff, other_head=other_head,
        other_staff=other_staff, head_user=make_user(employee=world.supervisor),
        staff_users=[make_user(employee=employee) for employee in world.staff],
        other_staff_user=make_user(employee=other_staff),
        hr=make_user("hr", with_employee=False, email="sdm@pemkomedan.go.id"))


def form_url(form: AppraisalForm) -> str:
    return f"/penilaian/formulir/{form.id}"
