"""Workshop feedback: a participant who completed rates once; the workshop's trainers and HR read the summary."""

import pytest
from sqlalchemy import func, select

from courses.completion import feedback
from courses.models import Feedback
from lms.domain import DomainError
from tests.helpers import page_text

RATING = {"content_score": "4", "trainer_score": "5", "relevance_score": "3", "comment": "Contoh kasusnya nyata."}


@pytest.fixture
def trainer(make_user):
    return make_user("trainer")


@pytest.fixture
def workshop(db, trainer, make_workshop):
    return make_workshop(trainers=[trainer], status="completed")


@pytest.fixture
def participant(db, make_user, workshop, make_enrolment):
    user = make_user()
    user.enrolment = make_enrolment(workshop, user.employee, status="completed")
    return user


def _url(enrolment) -> str:
    return f"/pelatihan-saya/{enrolment.id}/umpan-balik"


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Feedback))


def test_a_participant_who_completed_rates_the_workshop_once(db, client, login, participant):
    login(participant)
    assert client.get(_url(participant.enrolment)).status_code == 200
    response = client.post(_url(participant.enrolment), data=RATING)
    assert response.status_code == 302
    saved = db.session.scalar(select(Feedback))
    assert (saved.content_score, saved.trainer_score, saved.relevance_score, saved.comment) == (
        4, 5, 3, "Contoh kasusnya nyata.")
    again = client.post(_url(participant.enrolment), data={**RATING, "content_score": "1"}, follow_redirects=True)
    assert "umpan balik hanya dapat diberikan sekali" in page_text(again)
    assert _count(db) == 1
    assert "sekali" in page_text(client.get(_url(participant.enrolment), follow_redirects=True))


def test_the_history_offers_feedback_until_it_is_given(db, client, login, participant):
    from courses.models import TrainingRecord

    enrolment = participant.enrolment
    workshop = enrolment.workshop
    db.session.add(TrainingRecord(employee_id=participant.employee_id, source="course", enrolment_id=enrolment.id,
                                  title=workshop.course.title, siasn_kind_id=3, starts_on=workshop.starts_on,
                                  ends_on=workshop.ends_on, hours_jp=16))
    db.session.commit()
    login(participant)
    history = f"/pegawai/{participant.employee_id}/riwayat-diklat"
    assert f'href="{_url(enrolment)}"' in client.get(history).get_data(as_text=True)
    client.post(_url(enrolment), data=RATING)
    assert f'href="{_url(enrolment)}"' not in client.get(history).get_data(as_text=True)


def test_the_service_refuses_a_second_rating(db, participant):
    feedback.submit_feedback(participant.enrolment, content_score=4, trainer_score=4, relevance_score=4)
    with pytest.raises(DomainError, match="sekali"):
        feedback.submit_feedback(participant.enrolment, content_score=2, trainer_score=2, relevance_score=2)
    db.session.commit()
    assert _count(db) == 1


@pytest.mark.parametrize("status", ["enrolled", "failed", "no_show", "withdrawn"])
def test_only_completed_participants_give_feedback(db, client, login, make_user, workshop, status, make_enrolment):
    user = make_user()
    enrolment = make_enrolment(workshop, user.employee, status=status)
    login(user)
    response = client.post(_url(enrolment), data=RATING, follow_redirects=True)
    assert "setelah Anda dinyatakan lulus" in page_text(response)
    assert _count(db) == 0


def test_nobody_else_rates_for_the_participant(db, client, login, make_user, participant, trainer):
    for user in (make_user(), make_user("hr"), trainer):
        client.post("/keluar")
        login(user)
        assert client.post(_url(participant.enrolment), data=RATING).status_code == 403
    assert _count(db) == 0


@pytest.mark.parametrize(("data", "field"), [({"content_score": "6"}, "content_score"),
                                             ({"trainer_score": ""}, "trainer_score"),
                                             ({"comment": "x" * 2001}, "comment")])
def test_an_invalid_rating_is_refused(db, client, login, participant, data, field):
    login(participant)
    response = client.post(_url(participant.enrolment), data={**RATING, **data})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _count(db) == 0


def _rate(db, workshop, make_user, make_enrolment, scores: tuple[int, int, int], comment: str = ""):
    enrolment = make_enrolment(workshop, make_user().employee, status="completed")
    feedback.submit_feedback(enrolment, content_score=scores[0], trainer_score=scores[1],
                             relevance_score=scores[2], comment=comment)
    db.session.commit()


def test_trainers_and_hr_read_averages_count_and_comments(db, client, login, make_user, workshop, trainer,
                                                          make_enrolment):
    _rate(db, workshop, make_user, make_enrolment, (4, 5, 3), "Materinya relevan.")
    _rate(db, workshop, make_user, make_enrolment, (3, 4, 4), "")
    _rate(db, workshop, make_user, make_enrolment, (5, 5, 5), "Tambah waktu praktik.")
    make_enrolment(workshop, make_user().employee, status="completed")  # completed, no feedback yet
    summary = feedback.summary(workshop.id)
    assert (summary.count, summary.completed) == (3, 4)
    assert summary.averages == {"content_score": 4.0, "trainer_score": pytest.approx(14 / 3),
                                "relevance_score": 4.0}
    assert summary.comments == ["Tambah waktu praktik.", "Materinya relevan."]
    for user in (trainer, make_user("hr")):
        client.post("/keluar")
        login(user)
        text = page_text(client.get(f"/pengajar/kelas/{workshop.id}/umpan-balik"))
        assert "3 dari 4 peserta" in text and "4,7" in text and "Tambah waktu praktik." in text


def test_a_trainer_of_another_workshop_or_a_participant_cannot_read_it(db, client, login, make_user, workshop,
                                                                       participant):
    login(make_user("trainer"))
    assert client.get(f"/pengajar/kelas/{workshop.id}/umpan-balik").status_code == 403
    client.post("/keluar")
    login(participant)
    assert client.get(f"/pengajar/kelas/{workshop.id}/umpan-balik").status_code == 403


def test_a_workshop_without_feedback_says_so(client, login, workshop, trainer):
    login(trainer)
    assert "Belum ada umpan balik." in page_text(client.get(f"/pengajar/kelas/{workshop.id}/umpan-balik"))
