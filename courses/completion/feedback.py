"""Umpan balik: a participant who completed a workshop rates it once (content, trainer, relevance, 1-5) and may
comment; the workshop's trainers and HR read the averages and the comments, without the participants' names.
Nothing here commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from courses.models import Enrolment, EnrolmentStatus, Feedback
from lms.domain import DomainError
from lms.extensions import db

SCORES = ("content_score", "trainer_score", "relevance_score")


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    completed: int  # participants who completed the workshop, i.e. who may give feedback
    averages: dict[str, float | None]  # score name -> average (None without feedback)
    comments: list[str]  # newest first


def _already_given() -> str:
    return _("Anda sudah memberikan umpan balik untuk kelas ini; umpan balik hanya dapat diberikan sekali.")


def refusal(enrolment: Enrolment) -> str | None:
    """Why the participant cannot give feedback on this enrolment (None: they can)."""
    if enrolment.status != EnrolmentStatus.COMPLETED:
        return _("Umpan balik dapat diberikan setelah Anda dinyatakan lulus dari kelas ini.")
    if db.session.scalar(select(exists().where(Feedback.enrolment_id == enrolment.id))):
        return _already_given()
    return None


def awaiting(enrolment_ids: Iterable[int]) -> set[int]:
    """Of these enrolments, the completed ones whose participant has not given feedback yet."""
    ids = list(enrolment_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Enrolment.id).where(
        Enrolment.id.in_(ids), Enrolment.status == EnrolmentStatus.COMPLETED,
        ~exists().where(Feedback.enrolment_id == Enrolment.id))))


def submit_feedback(enrolment: Enrolment, *, content_score: int, trainer_score: int, relevance_score: int,
                    comment: str = "") -> Feedback:
    """The participant's rating of a workshop they completed, once (a second one raises DomainError)."""
    if reason := refusal(enrolment):
        raise DomainError(reason)
    scores = {"content_score": content_score, "trainer_score": trainer_score, "relevance_score": relevance_score}
    for name, score in scores.items():
        if not 1 <= score <= 5:
            raise DomainError(_("Nilai harus antara 1 dan 5."), name)
    feedback = Feedback(enrolment_id=enrolment.id, comment=comment.strip(), **scores)
    try:
        with db.session.begin_nested():
            db.session.add(feedback)
    except IntegrityError:  # given at the same moment in another request
        raise DomainError(_already_given()) from None
    return feedback


def summary(workshop_id: int) -> FeedbackSummary:
    of_workshop = (Feedback.enrolment_id == Enrolment.id) & (Enrolment.workshop_id == workshop_id)
    row = db.session.execute(select(func.count(Feedback.id), *(func.avg(getattr(Feedback, name)) for name in SCORES))
                             .join(Enrolment, of_workshop)).one()
    comments = db.session.scalars(select(Feedback.comment).join(Enrolment, of_workshop).where(Feedback.comment != "")
                                  .order_by(Feedback.created_at.desc(), Feedback.id.desc())).all()
    completed = db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.workshop_id == workshop_id, Enrolment.status == EnrolmentStatus.COMPLETED)) or 0
    averages: dict[str, Any] = {name: float(value) if value is not None else None
                                for name, value in zip(SCORES, row[1:], strict=True)}
    return FeedbackSummary(row[0], completed, averages, list(comments))
