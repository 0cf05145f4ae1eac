"""Starting a class: its own trainers start it on or after its first session's day once someone is enrolled, and
every refusal says who may start it and when."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from courses.catalogue import services
from courses.models import Workshop
from lms.audit.models import AuditEntry
from lms.domain import DomainError
from lms.extensions import db
from tests.helpers import page_text


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


def _start(client, workshop):
    response = client.post(f"/pengajar/kelas/{workshop.id}/mulai", follow_redirects=True)
    db.session.expire_all()
    return response


@pytest.mark.parametrize("status", ["open", "closed"])
def test_the_class_trainer_starts_it_on_its_first_day(db, client, login, trainer, make_workshop, make_employee,
                                                      make_enrolment, status):
    workshop = make_workshop(trainers=[trainer], status=status, sessions=2)
    make_enrolment(workshop, make_employee())
    login(trainer)
    assert "Mulai kelas" in page_text(client.get(f"/pengajar/kelas/{workshop.id}/penutupan"))
    response = _start(client, workshop)
    assert "Kelas dimulai" in page_text(response)
    assert db.session.get(Workshop, workshop.id).status == "running"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "workshop"))
    assert entry.changes == {"status": [status, "running"]} and entry.actor_id == trainer.id


def test_a_class_before_its_first_day_says_who_starts_it_and_when(db, client, login, trainer, make_workshop,
                                                                   make_employee, make_enrolment):
    first_day = date.today() + timedelta(days=3)
    workshop = make_workshop(trainers=[trainer], status="closed", first_day=first_day)
    make_enrolment(workshop, make_employee())
    login(trainer)
    page = page_text(client.get(f"/pengajar/kelas/{workshop.id}"))
    assert "dapat dimulai oleh pengajarnya atau BKPSDM mulai hari sesi pertamanya" in page
    assert f"{first_day.day} " in page and "Mulai kelas" not in page
    text = page_text(_start(client, workshop))
    assert "dapat dimulai oleh pengajarnya atau BKPSDM mulai hari sesi pertamanya" in text
    assert db.session.get(Workshop, workshop.id).status == "closed"


def test_a_class_without_participants_is_not_started(db, trainer, make_workshop):
    workshop = make_workshop(trainers=[trainer], status="closed")
    with pytest.raises(DomainError, match="dimulai oleh pengajarnya atau BKPSDM setelah ada peserta terdaftar"):
        services.start_workshop(trainer, workshop)
    with pytest.raises(DomainError, match="setelah ada peserta terdaftar"):
        services.set_workshop_status(trainer, workshop, "running")  # HR's button follows the same rule


def test_a_draft_class_cannot_be_started(db, trainer, make_workshop):
    workshop = make_workshop(trainers=[trainer], status="draft")
    with pytest.raises(DomainError, match="kelas ini berstatus Draf"):
        services.start_workshop(trainer, workshop)


def test_another_trainer_cannot_start_the_class(db, client, login, make_user, make_workshop, make_employee,
                                                make_enrolment, trainer):
    workshop = make_workshop(trainers=[trainer], status="closed")
    make_enrolment(workshop, make_employee())
    login(make_user("trainer"))
    assert client.post(f"/pengajar/kelas/{workshop.id}/mulai").status_code == 403
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).status == "closed"
