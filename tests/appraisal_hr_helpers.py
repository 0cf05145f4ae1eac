"""The HR appraisal tests' data: today, an HR account, the appraisal world, and adding a peer rater."""

from datetime import date

import pytest

from competencies.appraisals import cycles
from tests.appraisal_steps import appraisal_of

TODAY = date.today()


@pytest.fixture
def hr(make_user):
    return make_user("hr", with_employee=False, email="bkpsdm@medan.go.id")


@pytest.fixture
def world(db, make_unit, make_position, make_employee, make_world):
    return make_world()


def add_peer(db, cycle, employee, peer):
    form = cycles.assign_rater(None, appraisal_of(db, cycle, employee), "peer", peer)
    db.session.commit()
    return form
