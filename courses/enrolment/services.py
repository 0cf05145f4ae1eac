"""Enrolment as a state machine, with a waitlist that never overbooks a workshop.

Every change that can take or free a seat first locks the workshop's row (:func:`lock_workshop`), so
concurrent requests for one workshop are decided one after the other: the seat count read under the lock is
exact, at most ``capacity`` enrolments are ``enrolled``, and the waitlist keeps the order in which requests got
the lock. The lock is an UPDATE of the row, which PostgreSQL turns into a row lock and SQLite into its write
lock, so the same code is safe on both. Nothing here commits.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import aliased

from competencies.models import Competency, CurrentLevel
from courses.access import can_decide
from courses.models import (
    ACTIVE_ENROLMENT_STATUSES,
    ENROLMENT_STATUS_LABELS,
    Course,
    CourseCompetency,
    Enrolment,
    EnrolmentStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
    course_prerequisites,
)
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.i18n import long_date
from lms.notifications.services import app_path, notify_employees, notify_users
from lms.people.models import Employee
from lms.people.reference import POSITION_KIND_LABELS

logger = logging.getLogger(__name__)

# Which status may follow which. "requested" is where every request starts: it is decided in the same
# transaction (approval needed, a free seat, or the waitlist). The outcomes completed / failed / no_show are
# set when a workshop is closed (courses.completion.services).
TRANSITIONS: dict[EnrolmentStatus, set[EnrolmentStatus]] = {
    EnrolmentStatus.REQUESTED: {EnrolmentStatus.AWAITING_APPROVAL, EnrolmentStatus.ENROLLED,
                                EnrolmentStatus.WAITLISTED},
    EnrolmentStatus.AWAITING_APPROVAL: {EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.REJECTED,
                                        EnrolmentStatus.WITHDRAWN, EnrolmentStatus.CANCELLED},
    EnrolmentStatus.WAITLISTED: {EnrolmentStatus.ENROLLED, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.CANCELLED},
    EnrolmentStatus.ENROLLED: {EnrolmentStatus.WITHDRAWN, EnrolmentStatus.CANCELLED, EnrolmentStatus.COMPLETED,
                               EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW},
    EnrolmentStatus.WITHDRAWN: {EnrolmentStatus.REQUESTED},
    EnrolmentStatus.REJECTED: {EnrolmentStatus.REQUESTED},
    EnrolmentStatus.CANCELLED: {EnrolmentStatus.REQUESTED},
    # HR reopening a closed workshop puts its participants back.
    EnrolmentStatus.COMPLETED: {EnrolmentStatus.ENROLLED},
    EnrolmentStatus.FAILED: {EnrolmentStatus.ENROLLED},
    EnrolmentStatus.NO_SHOW: {EnrolmentStatus.ENROLLED},
}
# Workshop states in which participants may still withdraw or be nominated.
BEFORE_START = (WorkshopStatus.OPEN, WorkshopStatus.CLOSED)


def _check_transition(enrolment: Enrolment, status: EnrolmentStatus) -> None:
    if status not in TRANSITIONS[enrolment.status]:
        raise DomainError(_("Status pendaftaran tidak dapat diubah dari %(old)s menjadi %(new)s.",
                            old=ENROLMENT_STATUS_LABELS[enrolment.status], new=ENROLMENT_STATUS_LABELS[status]))


def move(actor: Actor | None, enrolment: Enrolment, status: EnrolmentStatus, reason: str = "") -> None:
    """Change the status along an allowed transition, audited."""
    _check_transition(enrolment, status)
    old = enrolment.status
    enrolment.status = status
    if reason:
        enrolment.reason = reason
    db.session.flush()
    audit.record(actor, "update", "enrolment", enrolment, _label(enrolment),
                 {"status": [old, status], **({"reason": reason} if reason else {})})
    logger.info("enrolment %s: %s -> %s", enrolment.id, old, status)


def move_all(actor: Actor | None, changes: list[tuple[Enrolment, str]]) -> None:
    """:func:`move` for many enrolments at once (one flush, one audit insert), e.g. the outcomes of a closing."""
    for enrolment, status in changes:
        _check_transition(enrolment, status)
    entries = [audit.entry_values(actor, "update", "enrolment", enrolment.id, _label(enrolment),
                                  {"status": [enrolment.status, status]}) for enrolment, status in changes]
    for enrolment, status in changes:
        enrolment.status = status
    db.session.flush()
    audit.record_many(entries)


def _label(enrolment: Enrolment) -> str:
    return f"{enrolment.employee.nip} – {enrolment.workshop.title}"


def lock_workshop(workshop: Workshop) -> None:
    """Serialise seat decisions for this workshop until the transaction ends (see the module docstring)."""
    db.session.execute(update(Workshop.__table__).where(Workshop.__table__.c.id == workshop.id)
                       .values(id=Workshop.__table__.c.id))
    # What a concurrent change committed before the lock was granted (a cancellation, a new capacity) counts.
    db.session.refresh(workshop, ["status", "capacity"])


# --- reads used by the decisions -----------------------------------------------------------------------------

def enrolled_count(workshop_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Enrolment.workshop_id == workshop_id,
                                                        Enrolment.status == EnrolmentStatus.ENROLLED)) or 0


def _queue_order():
    return Enrolment.queued_at, Enrolment.id


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first person on the waitlist; None when not waitlisted."""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(select(func.count()).where(
        Enrolment.workshop_id == enrolment.workshop_id, Enrolment.status == EnrolmentStatus.WAITLISTED,
        (Enrolment.queued_at < enrolment.queued_at)
        | and_(Enrolment.queued_at == enrolment.queued_at, Enrolment.id < enrolment.id)))
    return (ahead or 0) + 1


def waitlist_positions(workshop_ids: Iterable[int]) -> dict[int, int]:
    """{enrolment id: waitlist position} for the waitlists of several workshops, in one query."""
    ids = list(workshop_ids)
    if not ids:
        return {}
    position = func.row_number().over(partition_by=Enrolment.workshop_id, order_by=_queue_order())
    rows = db.session.execute(select(Enrolment.id, position).where(Enrolment.workshop_id.in_(ids),
                                                                   Enrolment.status == EnrolmentStatus.WAITLISTED))
    return dict(rows.all())


def missing_prerequisites(workshop: Workshop, employee: Employee) -> list[str]:
    """Titles of the prerequisite courses the employee has not completed."""
    completed = (select(Workshop.course_id).join(Enrolment, Enrolment.workshop_id == Workshop.id)
                 .where(Enrolment.employee_id == employee.id, Enrolment.status == EnrolmentStatus.COMPLETED))
    rows = db.session.scalars(
        select(Course.title).join(course_prerequisites, course_prerequisites.c.required_course_id == Course.id)
        .where(course_prerequisites.c.course_id == workshop.course_id, Course.id.not_in(completed))
        .order_by(Course.title))
    return list(rows)


def unmet_entry_levels(workshop: Workshop, employee: Employee) -> list[tuple[str, int, int]]:
    """(competency name, entry level, the employee's level) of the course's competencies when the employee holds
    the entry level of none of them; [] otherwise. A course raises someone only through a competency whose entry
    level they hold (the planner's rule), so it is refused only when it can raise them in none; an entry level of 0
    is open to anyone, and a course without competencies to everyone."""
    rows = db.session.execute(
        select(Competency.name, CourseCompetency.entry_level, CurrentLevel.level)
        .join(Competency, Competency.id == CourseCompetency.competency_id)
        .outerjoin(CurrentLevel, and_(CurrentLevel.competency_id == CourseCompetency.competency_id,
                                      CurrentLevel.employee_id == employee.id))
        .where(CourseCompetency.course_id == workshop.course_id).order_by(Competency.name)).all()
    below = [(name, entry, level or 0) for name, entry, level in rows if (level or 0) < entry]
    return below if rows and len(below) == len(rows) else []


def overlapping_workshop(workshop: Workshop, employee: Employee) -> Workshop | None:
    """Another workshop the employee holds or awaits a place in whose sessions overlap this one's."""
    mine, other = aliased(WorkshopSession), aliased(WorkshopSession)
    other_id = db.session.scalar(
        select(other.workshop_id)
        .join(Enrolment, Enrolment.workshop_id == other.workshop_id)
        .join(mine, and_(mine.workshop_id == workshop.id, mine.session_date == other.session_date,
                         mine.starts_at < other.ends_at, other.starts_at < mine.ends_at))
        .where(Enrolment.employee_id == employee.id, Enrolment.workshop_id != workshop.id,
               Enrolment.status.in_(ACTIVE_ENROLMENT_STATUSES))
        .limit(1))
    return db.session.get(Workshop, other_id) if other_id else None


# --- refusals ----------------------------------------------------------------------------------------------

def _check_window(workshop: Workshop, nominated: bool, today: date) -> None:
    if nominated:
        if workshop.status not in BEFORE_START:
            raise DomainError(_("Peserta hanya dapat diusulkan sebelum kelas dimulai (status kelas: pendaftaran "
                                "dibuka atau ditutup)."))
        return
    if workshop.status != WorkshopStatus.OPEN or not workshop.enrol_opens_on <= today <= workshop.enrol_closes_on:
        raise DomainError(_("Pendaftaran kelas ini ditutup (jadwal pendaftaran %(start)s s.d. %(end)s).",
                            start=long_date(workshop.enrol_opens_on),
                            end=long_date(workshop.enrol_closes_on)))


def _check_eligible(workshop: Workshop, employee: Employee) -> None:
    if not employee.is_active:
        raise DomainError(_("Tidak memenuhi syarat: pegawai %(name)s tidak aktif.", name=employee.full_name))
    kinds = workshop.eligible_position_kinds or []
    if kinds and employee.position.kind not in kinds:
        allowed = ", ".join(str(POSITION_KIND_LABELS.get(kind, kind)) for kind in kinds)
        raise DomainError(_("Tidak memenuhi syarat: kelas ini khusus untuk jabatan %(kinds)s.", kinds=allowed))


def _check_not_enrolled(existing: Enrolment | None) -> None:
    if existing is not None and existing.status not in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REJECTED,
                                                         EnrolmentStatus.CANCELLED):
        raise DomainError(_("Sudah terdaftar di kelas ini (status: %(status)s).",
                            status=ENROLMENT_STATUS_LABELS[existing.status]))


def _check_prerequisites(workshop: Workshop, employee: Employee) -> None:
    missing = missing_prerequisites(workshop, employee)
    if missing:
        raise DomainError(_("Prasyarat belum dipenuhi: selesaikan dahulu pelatihan %(courses)s.",
                            courses=", ".join(missing)))


def _check_entry_levels(workshop: Workshop, employee: Employee) -> None:
    below = unmet_entry_levels(workshop, employee)
    if below:
        levels = "; ".join(_("%(competency)s level %(entry)d (level Anda %(level)d)", competency=name, entry=entry,
                             level=level) for name, entry, level in below)
        raise DomainError(_("Level awal belum tercapai: pelatihan ini untuk pegawai yang telah mencapai %(levels)s.",
                            levels=levels))


def _check_schedule(workshop: Workshop, employee: Employee) -> None:
    other = overlapping_workshop(workshop, employee)
    if other is not None:
        raise DomainError(_("Jadwal bentrok dengan kelas lain yang sudah diikuti: %(title)s.", title=other.title))


def _existing(workshop: Workshop, employee: Employee) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == workshop.id,
                                                     Enrolment.employee_id == employee.id))


def _check_can_enrol(workshop: Workshop, employee: Employee, nominated: bool, today: date,
                     existing: Enrolment | None) -> None:
    """Every rule a request for a place must pass, in the order their refusals are given."""
    _check_window(workshop, nominated, today)
    _check_eligible(workshop, employee)
    _check_not_enrolled(existing)
    _check_prerequisites(workshop, employee)
    _check_entry_levels(workshop, employee)
    _check_schedule(workshop, employee)


def enrolment_refusal(workshop: Workshop, employee: Employee, today: date | None = None) -> str | None:
    """Why :func:`enrol` would refuse the employee's own request now (the same rules, the same message), or None:
    pages show the reason instead of a button that would fail after the click."""
    try:
        _check_can_enrol(workshop, employee, False, today or date.today(), _existing(workshop, employee))
    except DomainError as error:
        return error.message
    return None


# --- decisions ---------------------------------------------------------------------------------------------

def enrol(actor: Actor | None, workshop: Workshop, employee: Employee, nominated: bool = False,
          today: date | None = None) -> Enrolment:
    """An employee's request for a place (their own, or HR's nomination).

    Refused with a message that says why; otherwise the enrolment waits for the supervisor's approval (when
    the workshop asks for it and the employee asked themself), takes a free seat, or joins the waitlist.
    """
    lock_workshop(workshop)
    existing = _existing(workshop, employee)
    _check_can_enrol(workshop, employee, nominated, today or date.today(), existing)

    enrolment = existing or Enrolment(workshop=workshop, employee=employee, status=EnrolmentStatus.REQUESTED)
    if existing is None:
        db.session.add(enrolment)
    enrolment.nominated = nominated
    enrolment.requested_by_id = getattr(actor, "id", None)
    enrolment.requested_at = utcnow()
    enrolment.decided_by_id = enrolment.decided_at = enrolment.queued_at = None
    enrolment.reason = ""
    db.session.flush()
    if existing is not None:
        move(actor, enrolment, EnrolmentStatus.REQUESTED)
    else:
        audit.record(actor, "create", "enrolment", enrolment, _label(enrolment), {"status": EnrolmentStatus.REQUESTED})

    if workshop.requires_approval and not nominated:
        move(actor, enrolment, EnrolmentStatus.AWAITING_APPROVAL)
        _ask_supervisor(enrolment)
    else:
        take_seat_or_queue(actor, enrolment)
    return enrolment


def take_seat_or_queue(actor: Actor | None, enrolment: Enrolment) -> None:
    """Enrol when a seat is free, else waitlist. The caller holds the workshop's lock."""
    enrolment.queued_at = utcnow()
    free = enrolment.workshop.capacity - enrolled_count(enrolment.workshop_id)
    move(actor, enrolment, EnrolmentStatus.ENROLLED if free > 0 else EnrolmentStatus.WAITLISTED)


def fill_seats(actor: Actor | None, workshop: Workshop) -> list[Enrolment]:
    """Promote the first waitlisted people into free seats and tell them. Takes the workshop's lock."""
    lock_workshop(workshop)
    free = workshop.capacity - enrolled_count(workshop.id)
    if free <= 0:
        return []
    promoted = list(db.session.scalars(
        select(Enrolment).where(Enrolment.workshop_id == workshop.id, Enrolment.status == EnrolmentStatus.WAITLISTED)
        .order_by(*_queue_order()).limit(free)))
    for enrolment in promoted:
        move(actor, enrolment, EnrolmentStatus.ENROLLED)
        notify_employees([enrolment.employee_id],
                         _("Kursi tersedia: Anda kini terdaftar sebagai peserta %(title)s (dari daftar tunggu).",
                           title=workshop.title), _my_enrolments_link())
    return promoted


def withdraw(actor: Actor | None, enrolment: Enrolment, reason: str = "") -> None:
    """The employee (or HR for them) gives up a place or a request; a freed seat goes to the waitlist."""
    if enrolment.status not in (EnrolmentStatus.AWAITING_APPROVAL, EnrolmentStatus.ENROLLED,
                                EnrolmentStatus.WAITLISTED):
        raise DomainError(_("Pendaftaran dengan status %(status)s tidak dapat dibatalkan.",
                            status=ENROLMENT_STATUS_LABELS[enrolment.status]))
    if enrolment.workshop.status not in BEFORE_START:
        raise DomainError(_("Kelas sudah berlangsung atau berakhir: pengunduran diri tidak dapat dilakukan."))
    lock_workshop(enrolment.workshop)
    db.session.refresh(enrolment)
    held_seat = enrolment.status == EnrolmentStatus.ENROLLED
    move(actor, enrolment, EnrolmentStatus.WITHDRAWN, reason)
    if held_seat:
        fill_seats(actor, enrolment.workshop)


def remove_participant(actor: Actor | None, enrolment: Enrolment, reason: str) -> None:
    """HR takes a participant (or a request, or a place on the waitlist) out of a class that has not started, with
    a reason the participant is told; the freed seat goes to the waitlist as for a withdrawal."""
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan pengeluaran peserta."), "reason")
    withdraw(actor, enrolment, reason.strip())
    notify_employees([enrolment.employee_id],
                     _("BKPSDM mengeluarkan Anda dari %(title)s. Alasan: %(reason)s",
                       title=enrolment.workshop.title, reason=reason.strip()), _my_enrolments_link())


def approve(actor: Actor | None, enrolment: Enrolment) -> None:
    """The supervisor (or HR) approves: the enrolment takes a seat or joins the waitlist now."""
    _check_decider(actor, enrolment)
    lock_workshop(enrolment.workshop)
    db.session.refresh(enrolment)
    if enrolment.status != EnrolmentStatus.AWAITING_APPROVAL:
        raise DomainError(_("Permohonan ini sudah diputuskan (status: %(status)s).",
                            status=ENROLMENT_STATUS_LABELS[enrolment.status]))
    _record_decision(actor, enrolment)
    take_seat_or_queue(actor, enrolment)
    if enrolment.status == EnrolmentStatus.ENROLLED:
        message = _("Permohonan Anda untuk %(title)s disetujui: Anda terdaftar sebagai peserta.",
                    title=enrolment.workshop.title)
    else:
        message = _("Permohonan Anda untuk %(title)s disetujui; kelas penuh, Anda masuk daftar tunggu nomor "
                    "%(position)d.", title=enrolment.workshop.title, position=waitlist_position(enrolment))
    notify_employees([enrolment.employee_id], message, _my_enrolments_link())


def reject(actor: Actor | None, enrolment: Enrolment, reason: str) -> None:
    _check_decider(actor, enrolment)
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan penolakan."), "reason")
    if enrolment.status != EnrolmentStatus.AWAITING_APPROVAL:
        raise DomainError(_("Permohonan ini sudah diputuskan (status: %(status)s).",
                            status=ENROLMENT_STATUS_LABELS[enrolment.status]))
    _record_decision(actor, enrolment)
    move(actor, enrolment, EnrolmentStatus.REJECTED, reason.strip())
    notify_employees([enrolment.employee_id],
                     _("Permohonan Anda untuk %(title)s ditolak. Alasan: %(reason)s",
                       title=enrolment.workshop.title, reason=reason.strip()), _my_enrolments_link())


def _check_decider(actor: Actor | None, enrolment: Enrolment) -> None:
    if not can_decide(actor, enrolment):
        raise DomainError(_("Hanya atasan langsung pegawai ini (atau BKPSDM) yang dapat memutuskan permohonan."))


def _record_decision(actor: Actor | None, enrolment: Enrolment) -> None:
    enrolment.decided_by_id = getattr(actor, "id", None)
    enrolment.decided_at = utcnow()


def _ask_supervisor(enrolment: Enrolment) -> None:
    supervisor_id = enrolment.employee.supervisor_id
    if supervisor_id is not None:
        notify_employees([supervisor_id],
                         _("%(name)s mengajukan diri mengikuti %(title)s dan menunggu persetujuan Anda.",
                           name=enrolment.employee.full_name, title=enrolment.workshop.title),
                         app_path("courses.approval_queue"))


@dataclass
class Nomination:
    employee: Employee
    enrolment: Enrolment | None
    refusal: str = ""


def nominate(actor: Actor | None, workshop: Workshop, employees: Iterable[Employee]) -> list[Nomination]:
    """HR enrols several employees; each refusal is reported and does not stop the others."""
    results = []
    for employee in employees:
        try:
            with db.session.begin_nested():
                enrolment = enrol(actor, workshop, employee, nominated=True)
        except DomainError as error:
            results.append(Nomination(employee, None, error.message))
            continue
        results.append(Nomination(employee, enrolment))
        notify_employees([employee.id], _nomination_message(enrolment), _my_enrolments_link())
    return results


def _nomination_message(enrolment: Enrolment) -> str:
    title = enrolment.workshop.title
    if enrolment.status == EnrolmentStatus.ENROLLED:
        return _("Anda diusulkan BKPSDM sebagai peserta %(title)s dan telah terdaftar.", title=title)
    return _("Anda diusulkan BKPSDM sebagai peserta %(title)s; kelas penuh, Anda masuk daftar tunggu nomor "
             "%(position)d.", title=title, position=waitlist_position(enrolment))


def cancel_all(actor: Actor | None, workshop: Workshop, reason: str) -> int:
    """Cancel every active enrolment of a cancelled workshop and tell the people concerned."""
    enrolments = list(db.session.scalars(select(Enrolment).where(
        Enrolment.workshop_id == workshop.id, Enrolment.status.in_(ACTIVE_ENROLMENT_STATUSES))))
    for enrolment in enrolments:
        move(actor, enrolment, EnrolmentStatus.CANCELLED, reason)
    message = _("Kelas %(title)s dibatalkan. Alasan: %(reason)s", title=workshop.title, reason=reason)
    notify_employees([enrolment.employee_id for enrolment in enrolments], message, _my_enrolments_link())
    notify_users([trainer.id for trainer in workshop.trainers], message)
    return len(enrolments)


def _my_enrolments_link() -> str:
    return app_path("catalogue.my_enrolments")
