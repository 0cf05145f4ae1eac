"""Changes to the catalogue and to workshops: courses, the competencies they develop, prerequisite courses,
workshops with their sessions and trainers, trainers' proposals. Every change is audited; nothing commits."""

import logging
from datetime import date, time
from typing import Any

import networkx as nx
from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from competencies.models import Competency, level_text
from courses.enrolment import demand
from courses.enrolment import services as enrolments
from courses.models import (
    COURSE_STATUSES,
    MODALITIES,
    WORKSHOP_STATUS_LABELS,
    Attendance,
    Course,
    CourseCompetency,
    CourseStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
    course_prerequisites,
)
from lms.audit import services as audit
from lms.dag import cycle_closed_by
from lms.domain import Actor, DomainError
from lms.extensions import db
from lms.i18n import long_date
from lms.notifications.services import app_path, notify_users
from lms.people.models import POSITION_KINDS

logger = logging.getLogger(__name__)

COURSE_FIELDS = ("code", "title", "description", "hours_jp", "modality", "provider", "min_attendance_pct",
                 "pass_mark", "competency_test", "siasn_kind_id", "structural_kind_id", "mandatory_programme",
                 "certificate_validity_years", "status")
WORKSHOP_FIELDS = ("batch", "capacity", "enrol_opens_on", "enrol_closes_on", "requires_approval", "venue",
                   "online_link", "eligible_position_kinds")
SESSION_FIELDS = ("session_date", "starts_at", "ends_at", "topic", "venue", "online_link")

# Workshop status changes by hand. Proposals are decided by approve_proposal / reject_proposal, cancellation
# by cancel_workshop, and the end of a running workshop by its closing (completion).
WORKSHOP_TRANSITIONS = {
    WorkshopStatus.DRAFT: {WorkshopStatus.OPEN},
    WorkshopStatus.OPEN: {WorkshopStatus.CLOSED, WorkshopStatus.RUNNING},
    WorkshopStatus.CLOSED: {WorkshopStatus.OPEN, WorkshopStatus.RUNNING},
}


# --- courses -----------------------------------------------------------------------------------------------

def _check_course_fields(fields: dict[str, Any], course: Course | None = None) -> None:
    code = fields.get("code")
    if code is not None:
        clash = db.session.scalar(select(Course.id).where(func.lower(Course.code) == code.lower()))
        if clash is not None and (course is None or clash != course.id):
            raise DomainError(_("Kode pelatihan %(code)s sudah dipakai.", code=code), "code")
    if fields.get("modality", MODALITIES[0]) not in MODALITIES:
        raise DomainError(_("Moda pelatihan tidak dikenal."), "modality")
    if fields.get("status", COURSE_STATUSES[0]) not in COURSE_STATUSES:
        raise DomainError(_("Status pelatihan tidak dikenal."), "status")
    if "hours_jp" in fields and not (isinstance(fields["hours_jp"], int) and fields["hours_jp"] > 0):
        raise DomainError(_("Jumlah JP harus bilangan bulat lebih dari 0."), "hours_jp")


def create_course(actor: Actor | None, **fields: Any) -> Course:
    _check_course_fields(fields)
    course = Course(**{key: value for key, value in fields.items() if key in COURSE_FIELDS})
    db.session.add(course)
    db.session.flush()
    audit.record(actor, "create", "course", course, course.title, audit.snapshot(course, COURSE_FIELDS))
    logger.info("course %s created", course.code)
    return course


def update_course(actor: Actor | None, course: Course, **fields: Any) -> Course:
    _check_course_fields(fields, course)
    before = audit.snapshot(course, COURSE_FIELDS)
    for key, value in fields.items():
        if key in COURSE_FIELDS:
            setattr(course, key, value)
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(course, COURSE_FIELDS))
    if changes:
        audit.record(actor, "update", "course", course, course.title, changes)
    return course


def set_course_competency(actor: Actor | None, course: Course, competency: Competency, entry_level: int,
                          granted_level: int) -> CourseCompetency:
    """The course develops ``competency`` from ``entry_level`` (0: no entry level) up to ``granted_level``."""
    framework = competency.framework
    if not 1 <= granted_level <= framework.max_level:
        raise DomainError(_("Level yang dicapai harus antara 1 dan %(max)d (skala %(framework)s).",
                            max=framework.max_level, framework=framework.name), "granted_level")
    if not 0 <= entry_level < granted_level:
        raise DomainError(_("Level awal harus lebih rendah dari level yang dicapai (0 berarti tanpa syarat)."),
                          "entry_level")
    row = db.session.scalar(select(CourseCompetency).where(CourseCompetency.course_id == course.id,
                                                           CourseCompetency.competency_id == competency.id))
    before = {"entry_level": row.entry_level, "granted_level": row.granted_level} if row else {}
    if row is None:
        row = CourseCompetency(course=course, competency=competency)
        db.session.add(row)
    row.entry_level, row.granted_level = entry_level, granted_level
    db.session.flush()
    changes = audit.diff(before, {"entry_level": entry_level, "granted_level": granted_level})
    if changes:
        audit.record(actor, "update", "course", course, course.title,
                     {f"{competency.code}: {key}": value for key, value in changes.items()})
    return row


def remove_course_competency(actor: Actor | None, row: CourseCompetency) -> None:
    audit.record(actor, "update", "course", row.course, row.course.title,
                 {f"{row.competency.code}": [level_text(row.competency.framework.scale, row.granted_level), None]})
    db.session.delete(row)


def _course_prerequisite_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edges_from(db.session.execute(select(course_prerequisites.c.course_id,
                                                   course_prerequisites.c.required_course_id)))
    return graph


def set_course_prerequisite(actor: Actor | None, course: Course, required: Course) -> Course:
    """``course`` needs ``required`` completed first; refuse a cycle and name it."""
    if required.id == course.id:
        raise DomainError(_("Pelatihan tidak dapat menjadi prasyarat bagi dirinya sendiri."), "required_course")
    graph = _course_prerequisite_graph()
    if graph.has_edge(course.id, required.id):
        return course
    cycle = cycle_closed_by(graph, course.id, required.id)
    if cycle is not None:
        titles = dict(db.session.execute(select(Course.id, Course.title).where(Course.id.in_(cycle))).all())
        raise DomainError(_("Prasyarat ini membentuk siklus: %(cycle)s.",
                            cycle=" -> ".join(titles[node] for node in cycle)), "required_course")
    db.session.execute(course_prerequisites.insert().values(course_id=course.id, required_course_id=required.id))
    audit.record(actor, "update", "course", course, course.title, {"prerequisite": [None, required.title]})
    return course


def remove_course_prerequisite(actor: Actor | None, course: Course, required: Course) -> None:
    db.session.execute(course_prerequisites.delete().where(course_prerequisites.c.course_id == course.id,
                                                           course_prerequisites.c.required_course_id == required.id))
    audit.record(actor, "update", "course", course, course.title, {"prerequisite": [required.title, None]})


def set_course_trainers(actor: Actor | None, course: Course, trainers: list[Any]) -> Course:
    """The trainers who teach the course (they may propose workshops of it)."""
    _check_trainers(trainers)
    before = sorted(user.login_name for user in course.trainers)
    course.trainers = list(trainers)
    after = sorted(user.login_name for user in trainers)
    if before != after:
        audit.record(actor, "update", "course", course, course.title, {"trainers": [before, after]})
    return course


def _check_trainers(trainers: list[Any]) -> None:
    for user in trainers:
        if not user.has_role("trainer"):
            raise DomainError(_("%(name)s tidak memiliki peran pengajar.", name=user.display_name), "trainers")


# --- workshops ---------------------------------------------------------------------------------------------

def _check_workshop_fields(fields: dict[str, Any], workshop: Workshop | None = None) -> None:
    opens = fields.get("enrol_opens_on", workshop.enrol_opens_on if workshop else None)
    closes = fields.get("enrol_closes_on", workshop.enrol_closes_on if workshop else None)
    if opens and closes and closes < opens:
        raise DomainError(_("Tanggal tutup pendaftaran tidak boleh sebelum tanggal buka."), "enrol_closes_on")
    capacity = fields.get("capacity")
    if capacity is not None:
        if not isinstance(capacity, int) or capacity < 1:
            raise DomainError(_("Kapasitas harus paling sedikit 1 orang."), "capacity")
        if workshop is not None:
            taken = enrolments.enrolled_count(workshop.id)
            if capacity < taken:
                raise DomainError(_("Kapasitas tidak boleh kurang dari jumlah peserta terdaftar (%(count)d). "
                                    "Peserta yang mundur membebaskan kursi.", count=taken), "capacity")
    link = fields.get("online_link")
    if link and not link.startswith(("https://", "http://")):
        raise DomainError(_("Tautan daring harus diawali https:// atau http://."), "online_link")
    if not set(fields.get("eligible_position_kinds") or ()) <= set(POSITION_KINDS):
        raise DomainError(_("Jenis jabatan tidak dikenal."), "eligible_position_kinds")


def create_workshop(actor: Actor | None, course: Course, trainers: list[Any] = (),
                    status: WorkshopStatus = WorkshopStatus.DRAFT, **fields: Any) -> Workshop:
    _check_workshop_fields(fields)
    _check_trainers(list(trainers))
    workshop = Workshop(course=course, status=status, **{key: value for key, value in fields.items()
                                                         if key in WORKSHOP_FIELDS or key == "note"})
    workshop.trainers = list(trainers)
    for trainer in trainers:
        if trainer not in course.trainers:
            course.trainers.append(trainer)
    db.session.add(workshop)
    db.session.flush()
    audit.record(actor, "create", "workshop", workshop, workshop.title,
                 {**audit.snapshot(workshop, WORKSHOP_FIELDS), "status": status,
                  "trainers": [user.login_name for user in trainers]})
    logger.info("workshop %s of %s created (%s)", workshop.id, course.code, status)
    return workshop


def update_workshop(actor: Actor | None, workshop: Workshop, **fields: Any) -> Workshop:
    """Change a workshop's details. More seats promote the waitlist at once."""
    _check_editable(workshop)
    if "capacity" in fields:
        enrolments.lock_workshop(workshop)
    _check_workshop_fields(fields, workshop)
    before = audit.snapshot(workshop, WORKSHOP_FIELDS)
    for key, value in fields.items():
        if key in WORKSHOP_FIELDS:
            setattr(workshop, key, value)
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(workshop, WORKSHOP_FIELDS))
    if changes:
        audit.record(actor, "update", "workshop", workshop, workshop.title, changes)
    if "capacity" in changes:
        enrolments.fill_seats(actor, workshop)
    return workshop


def _check_editable(workshop: Workshop) -> None:
    if workshop.status in (WorkshopStatus.COMPLETED, WorkshopStatus.CANCELLED):
        raise DomainError(_("Kelas yang sudah %(status)s tidak dapat diubah.",
                            status=WORKSHOP_STATUS_LABELS[workshop.status].lower()))


def set_workshop_trainers(actor: Actor | None, workshop: Workshop, trainers: list[Any]) -> Workshop:
    """Assign the workshop's trainers; they also become trainers of the course."""
    _check_editable(workshop)
    _check_trainers(trainers)
    if not trainers:
        raise DomainError(_("Tetapkan paling sedikit satu pengajar."), "trainers")
    before_ids = {user.id for user in workshop.trainers}
    before = sorted(user.login_name for user in workshop.trainers)
    workshop.trainers = list(trainers)
    for trainer in trainers:
        if trainer not in workshop.course.trainers:
            workshop.course.trainers.append(trainer)
    after = sorted(user.login_name for user in trainers)
    if before != after:
        audit.record(actor, "update", "workshop", workshop, workshop.title, {"trainers": [before, after]})
        notify_users({user.id for user in trainers} - before_ids,
                     _("Anda ditugaskan sebagai pengajar %(title)s.", title=workshop.title),
                     app_path("trainer.workshop_detail", workshop_id=workshop.id))
    return workshop


def set_workshop_status(actor: Actor | None, workshop: Workshop, status: WorkshopStatus) -> None:
    """Open or close enrolment, or start the workshop (see WORKSHOP_TRANSITIONS and :func:`start_workshop`)."""
    if status == WorkshopStatus.RUNNING and workshop.status in START_STATUSES:
        start_workshop(actor, workshop)
        return
    if status not in WORKSHOP_TRANSITIONS.get(workshop.status, ()):
        raise DomainError(_("Status kelas tidak dapat diubah dari %(old)s menjadi %(new)s.",
                            old=WORKSHOP_STATUS_LABELS[workshop.status], new=WORKSHOP_STATUS_LABELS[status]))
    if status == WorkshopStatus.OPEN:
        _check_ready_to_open(workshop)
    old = workshop.status
    workshop.status = status
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title, {"status": [old, status]})
    logger.info("workshop %s: %s -> %s", workshop.id, old, status)
    if status == WorkshopStatus.OPEN:
        demand.fulfil(actor, workshop)  # the people who asked for a class of this course are told


# The workshop's own trainers start it (they run the classes): on or after the day of its first session, once
# someone is enrolled. Starting ends the enrolment, whether HR closed it already or not.
START_STATUSES = (WorkshopStatus.OPEN, WorkshopStatus.CLOSED)


def start_refusal(workshop: Workshop, today: date) -> str | None:
    """Why the workshop cannot be started today, naming who may start it and when; None when it can."""
    if workshop.status not in START_STATUSES:
        return _("Hanya kelas yang berstatus Pendaftaran dibuka atau Pendaftaran ditutup yang dapat dimulai; kelas "
                 "ini berstatus %(status)s.", status=WORKSHOP_STATUS_LABELS[workshop.status])
    if workshop.starts_on is None:
        return _("Kelas ini belum memiliki sesi: pengajarnya atau BKPSDM dapat memulainya mulai hari sesi "
                 "pertama.")
    if workshop.starts_on > today:
        return _("Kelas ini dapat dimulai oleh pengajarnya atau BKPSDM mulai hari sesi pertamanya, %(day)s.",
                 day=long_date(workshop.starts_on))
    if not enrolments.enrolled_count(workshop.id):
        return _("Kelas ini dapat dimulai oleh pengajarnya atau BKPSDM setelah ada peserta terdaftar; belum ada "
                 "seorang pun.")
    return None


def start_workshop(actor: Actor | None, workshop: Workshop, today: date | None = None) -> None:
    """Move the workshop to running (see :func:`start_refusal`); enrolment ends with it."""
    enrolments.lock_workshop(workshop)
    refusal = start_refusal(workshop, today or date.today())
    if refusal:
        raise DomainError(refusal)
    old = workshop.status
    workshop.status = WorkshopStatus.RUNNING
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title, {"status": [old, WorkshopStatus.RUNNING]})
    logger.info("workshop %s started: %s -> running", workshop.id, old)


def _check_ready_to_open(workshop: Workshop) -> None:
    if workshop.course.status != CourseStatus.PUBLISHED:
        raise DomainError(_("Terbitkan pelatihan %(title)s terlebih dahulu.", title=workshop.course.title))
    if not workshop.sessions:
        raise DomainError(_("Tambahkan paling sedikit satu sesi sebelum membuka pendaftaran."))
    if not workshop.trainers:
        raise DomainError(_("Tetapkan paling sedikit satu pengajar sebelum membuka pendaftaran."))


def cancel_workshop(actor: Actor | None, workshop: Workshop, reason: str) -> int:
    """Cancel the workshop and every active enrolment, telling everyone; returns how many were cancelled."""
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan pembatalan."), "reason")
    if workshop.status in (WorkshopStatus.COMPLETED, WorkshopStatus.CANCELLED):
        raise DomainError(_("Kelas yang sudah %(status)s tidak dapat dibatalkan.",
                            status=WORKSHOP_STATUS_LABELS[workshop.status].lower()))
    enrolments.lock_workshop(workshop)
    old = workshop.status
    workshop.status, workshop.note = WorkshopStatus.CANCELLED, reason.strip()
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title,
                 {"status": [old, WorkshopStatus.CANCELLED], "reason": reason.strip()})
    return enrolments.cancel_all(actor, workshop, reason.strip())


def propose_workshop(actor: Actor, course: Course, note: str = "", **fields: Any) -> Workshop:
    """A trainer of the course proposes a new workshop; HR decides (approve_proposal / reject_proposal)."""
    if actor not in course.trainers:
        raise DomainError(_("Hanya pengajar pelatihan ini yang dapat mengusulkan kelas baru."))
    if course.status != CourseStatus.PUBLISHED:
        raise DomainError(_("Kelas hanya dapat diusulkan untuk pelatihan yang terbit."))
    workshop = create_workshop(actor, course, trainers=[actor], status=WorkshopStatus.PROPOSED, note=note, **fields)
    workshop.proposed_by_id = actor.id
    return workshop


def approve_proposal(actor: Actor | None, workshop: Workshop) -> None:
    _check_proposed(workshop)
    workshop.status = WorkshopStatus.DRAFT
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title,
                 {"status": [WorkshopStatus.PROPOSED, WorkshopStatus.DRAFT]})
    if workshop.proposed_by_id:
        notify_users([workshop.proposed_by_id],
                     _("Usulan kelas %(title)s disetujui BKPSDM. Lengkapi sesinya lalu buka pendaftaran.",
                       title=workshop.title), app_path("trainer.workshop_detail", workshop_id=workshop.id))


def reject_proposal(actor: Actor | None, workshop: Workshop, reason: str) -> None:
    _check_proposed(workshop)
    if not reason.strip():
        raise DomainError(_("Tuliskan alasan penolakan."), "reason")
    workshop.status, workshop.note = WorkshopStatus.CANCELLED, reason.strip()
    db.session.flush()
    audit.record(actor, "update", "workshop", workshop, workshop.title,
                 {"status": [WorkshopStatus.PROPOSED, WorkshopStatus.CANCELLED], "reason": reason.strip()})
    if workshop.proposed_by_id:
        notify_users([workshop.proposed_by_id],
                     _("Usulan kelas %(title)s ditolak BKPSDM. Alasan: %(reason)s",
                       title=workshop.title, reason=reason.strip()))


def _check_proposed(workshop: Workshop) -> None:
    if workshop.status != WorkshopStatus.PROPOSED:
        raise DomainError(_("Usulan ini sudah diputuskan."))


# --- sessions ----------------------------------------------------------------------------------------------

def _check_session(workshop: Workshop, session_date: date, starts_at: time, ends_at: time,
                   session: WorkshopSession | None = None) -> None:
    if ends_at <= starts_at:
        raise DomainError(_("Jam selesai harus setelah jam mulai."), "ends_at")
    clash = db.session.scalar(select(WorkshopSession.id).where(
        WorkshopSession.workshop_id == workshop.id, WorkshopSession.session_date == session_date,
        and_(WorkshopSession.starts_at < ends_at, starts_at < WorkshopSession.ends_at),
        WorkshopSession.id != (session.id if session else -1)))
    if clash is not None:
        raise DomainError(_("Sesi ini bertumpuk dengan sesi lain kelas ini pada tanggal yang sama."), "starts_at")


def add_session(actor: Actor | None, workshop: Workshop, session_date: date, starts_at: time, ends_at: time,
                topic: str = "", venue: str = "", online_link: str = "") -> WorkshopSession:
    _check_editable(workshop)
    _check_session(workshop, session_date, starts_at, ends_at)
    _check_workshop_fields({"online_link": online_link})
    session = WorkshopSession(workshop=workshop, session_date=session_date, starts_at=starts_at, ends_at=ends_at,
                              topic=topic, venue=venue, online_link=online_link)
    db.session.add(session)
    db.session.flush()
    _refresh_dates(workshop)
    audit.record(actor, "update", "workshop", workshop, workshop.title,
                 {"session": [None, _session_text(session)]})
    return session


def update_session(actor: Actor | None, session: WorkshopSession, **fields: Any) -> WorkshopSession:
    workshop = session.workshop
    _check_editable(workshop)
    values = {key: fields.get(key, getattr(session, key)) for key in SESSION_FIELDS}
    _check_session(workshop, values["session_date"], values["starts_at"], values["ends_at"], session)
    _check_workshop_fields({"online_link": values["online_link"]})
    before = _session_text(session)
    for key, value in values.items():
        setattr(session, key, value)
    db.session.flush()
    _refresh_dates(workshop)
    if before != _session_text(session):
        audit.record(actor, "update", "workshop", workshop, workshop.title,
                     {"session": [before, _session_text(session)]})
    return session


def delete_session(actor: Actor | None, session: WorkshopSession) -> None:
    """Remove a session that has no attendance yet (recorded attendance is what closing the class counts)."""
    workshop = session.workshop
    _check_editable(workshop)
    if db.session.scalar(select(Attendance.id).where(Attendance.session_id == session.id).limit(1)) is not None:
        raise DomainError(_("Sesi yang kehadirannya sudah dicatat tidak dapat dihapus."))
    audit.record(actor, "update", "workshop", workshop, workshop.title, {"session": [_session_text(session), None]})
    workshop.sessions.remove(session)
    db.session.flush()
    _refresh_dates(workshop)


def _session_text(session: WorkshopSession) -> str:
    return f"{session.session_date.isoformat()} {session.starts_at:%H:%M}-{session.ends_at:%H:%M}"


def _refresh_dates(workshop: Workshop) -> None:
    """Keep ``starts_on``/``ends_on`` equal to the first and last session dates."""
    first, last = db.session.execute(select(func.min(WorkshopSession.session_date),
                                            func.max(WorkshopSession.session_date))
                                     .where(WorkshopSession.workshop_id == workshop.id)).one()
    workshop.starts_on, workshop.ends_on = first, last
    db.session.flush()
