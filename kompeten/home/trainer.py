"""The trainer's queue: today's sessions with a one-tap link to their attendance, classes whose last session is
past and that wait to be closed, and the trainer's proposals HR has not decided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from courses.models import WorkshopSession
from courses.teaching.queries import sessions_on, trainer_counts


@dataclass
class TrainerQueue:
    sessions_today: list[WorkshopSession]
    to_close: int
    proposals: int


def trainer_queue(user_id: int, today: date) -> TrainerQueue:
    to_close, proposals = trainer_counts(user_id, today)
    return TrainerQueue(sessions_on(user_id, today), to_close, proposals)
