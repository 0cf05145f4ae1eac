"""Laporan efektivitas pelatihan: the courses whose classes (workshops) were completed in a period, each over
its completed classes of the period.

- participants who completed, their mean pre-test, post-test and gain, their mean feedback;
- per competency the course develops, the participants' mean level just before their completion and the level
  the completion gave, both from the competency ledger: the live entries of those people and competencies are
  loaded in one query and replayed in Python with the ledger's own rule (:func:`competencies.ledger.level_after`);
- how the gaps of the participants' agencies in the course's competencies moved: the people with a gap when the
  class ended (the ledger replayed up to then, set-based) against now (``current_levels``).

A dozen queries whatever the period; nothing is read per course, class or person.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import format_decimal, to_utc
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from competencies import gaps
from competencies.ledger import level_after
from competencies.models import Competency, Evidence, Requirement
from courses.models import Course, CourseCompetency, Enrolment, EnrolmentStatus, Feedback, Workshop, WorkshopStatus
from kompeten.reports.document import Chart, Column, Report, Section, Table
from kompeten.reports.forms import ReportFilters, _int_or_none
from lms import charts
from lms.extensions import db
from lms.formtools import Form
from lms.i18n import long_date
from lms.people.models import Employee, OrgUnit
from lms.people.queries import agency_id

KEY = "efektivitas-pelatihan"
CHART_BARS = 25  # courses (or course competencies) in a chart; the section's table lists them all


# --- filters -------------------------------------------------------------------------------------------------

def _year_start() -> date:
    return date(date.today().year, 1, 1)


def _year_end() -> date:
    return date(date.today().year, 12, 31)


class EffectivenessFilters(ReportFilters, Form):
    """The period (on the classes' last day, the current year by default) and optionally one course."""

    date_from = DateField(_l("Kelas berakhir dari tanggal"), default=_year_start, validators=[Optional()])
    date_to = DateField(_l("sampai tanggal"), default=_year_end, validators=[Optional()])
    course_id = SelectField(_l("Pelatihan"), coerce=_int_or_none, validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course_id.choices = [(None, _l("Semua pelatihan"))] + [
            (course_id, f"{code} – {title}") for course_id, code, title in db.session.execute(
                select(Course.id, Course.code, Course.title).order_by(Course.code)).all()]

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))

    def params(self) -> dict[str, Any]:
        return {"date_from": (self.date_from.data or _year_start()).isoformat(),
                "date_to": (self.date_to.data or _year_end()).isoformat(),
                "course_id": self.course_id.data}


# --- what the report is about ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: date
    end: date
    course: Course | None = None

    def filters(self) -> list[tuple[str, str]]:
        course = f"{self.course.code} – {self.course.title}" if self.course else _("Semua pelatihan")
        return [(_("Kelas berakhir"), f"{long_date(self.start)} – {long_date(self.end)}"), (_("Pelatihan"), course)]


@dataclass(frozen=True)
class WorkshopRow:
    id: int
    course_id: int
    batch: str
    starts_on: date | None
    ends_on: date


@dataclass(frozen=True)
class Participant:
    """A completed enrolment."""

    enrolment_id: int
    workshop_id: int
    employee_id: int
    unit_path: str
    pre: float | None
    post: float | None


@dataclass
class Mean:
    total: float = 0.0
    count: int = 0

    def add(self, value: float) -> None:
        self.total += value
        self.count += 1

    @property
    def value(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass
class CourseNumbers:
    course: Course
    workshops: list[WorkshopRow] = field(default_factory=list)
    completed: int = 0
    pre: Mean = field(default_factory=Mean)  # the three over participants with both scores
    post: Mean = field(default_factory=Mean)
    gain: Mean = field(default_factory=Mean)
    feedback: int = 0
    feedback_means: tuple[float | None, float | None, float | None] = (None, None, None)


@dataclass(frozen=True)
class Developed:
    """A competency a course develops."""

    course_id: int
    competency_id: int
    code: str
    name: str
    granted: int


def _one_decimal(value: float) -> str:
    return format_decimal(value, "#,##0.0")


def _two_decimals(value: float) -> str:
    return format_decimal(value, "#,##0.00")


# --- loading -------------------------------------------------------------------------------------------------

def _workshops(period: Period) -> list[WorkshopRow]:
    query = (select(Workshop.id, Workshop.course_id, Workshop.batch, Workshop.starts_on, Workshop.ends_on)
             .where(Workshop.status == WorkshopStatus.COMPLETED, Workshop.ends_on >= period.start,
                    Workshop.ends_on <= period.end)
             .order_by(Workshop.ends_on, Workshop.batch, Workshop.id))
    if period.course is not None:
        query = query.where(Workshop.course_id == period.course.id)
    return [WorkshopRow(*row) for row in db.session.execute(query).all()]


def _participants(workshop_ids: list[int]) -> list[Participant]:
    rows = db.session.execute(
        select(Enrolment.id, Enrolment.workshop_id, Enrolment.employee_id, OrgUnit.path, Enrolment.pre_score,
               Enrolment.post_score)
        .join(Employee, Employee.id == Enrolment.employee_id).join(OrgUnit, OrgUnit.id == Employee.unit_id)
        .where(Enrolment.workshop_id.in_(workshop_ids), Enrolment.status == EnrolmentStatus.COMPLETED)
        .order_by(Enrolment.id)).all()
    return [Participant(*row) for row in rows]


def _developed(course_ids: list[int]) -> list[Developed]:
    rows = db.session.execute(
        select(CourseCompetency.course_id, CourseCompetency.competency_id, Competency.code, Competency.name,
               CourseCompetency.granted_level)
        .join(Competency, Competency.id == CourseCompetency.competency_id)
        .where(CourseCompetency.course_id.in_(course_ids))
        .order_by(CourseCompetency.course_id, Competency.sort_order, Competency.code)).all()
    return [Developed(*row) for row in rows]


def _feedback(workshop_ids: list[int]) -> dict[int, tuple[int, int, int, int]]:
    """Course id -> (feedback count, sum of content, trainer and relevance scores), one grouped query."""
    rows = db.session.execute(
        select(Workshop.course_id, func.count(Feedback.id), func.sum(Feedback.content_score),
               func.sum(Feedback.trainer_score), func.sum(Feedback.relevance_score))
        .join(Enrolment, Enrolment.id == Feedback.enrolment_id).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .where(Workshop.id.in_(workshop_ids), Enrolment.status == EnrolmentStatus.COMPLETED)
        .group_by(Workshop.course_id)).all()
    return {course_id: (int(count), int(content or 0), int(trainer or 0), int(relevance or 0))
            for course_id, count, content, trainer, relevance in rows}


@dataclass
class Completions:
    levels: dict[tuple[int, int], tuple[int, int]]  # (enrolment id, competency id) -> (before, after)
    completed_at: dict[int, datetime]  # workshop id -> when its completion entries were recorded (its closing)


def _completions(workshop_ids: list[int], participants: list[Participant],
                 developed: list[Developed]) -> Completions:
    """Replay, per person and competency, the live ledger entries up to the last completion of the report: the
    level just before each completion entry of the report's enrolments, and the level it gave. One query."""
    workshop_of = {p.enrolment_id: p.workshop_id for p in participants}
    completed = select(Enrolment.id).where(Enrolment.workshop_id.in_(workshop_ids),
                                           Enrolment.status == EnrolmentStatus.COMPLETED)
    theirs = and_(Evidence.source == "course", Evidence.source_id.in_(completed), Evidence.revoked_at.is_(None))
    rows = db.session.execute(
        select(Evidence.employee_id, Evidence.competency_id, Evidence.source, Evidence.source_id, Evidence.level,
               Evidence.recorded_at)
        .where(Evidence.revoked_at.is_(None),
               Evidence.employee_id.in_(select(Enrolment.employee_id).where(Enrolment.id.in_(completed))),
               Evidence.competency_id.in_(sorted({d.competency_id for d in developed})),
               Evidence.recorded_at <= select(func.max(Evidence.recorded_at)).where(theirs).scalar_subquery())
        .order_by(Evidence.employee_id, Evidence.competency_id, Evidence.recorded_at, Evidence.id)).all()
    result = Completions({}, {})
    key, level = None, 0
    for employee_id, competency_id, source, source_id, value, recorded_at in rows:
        if (employee_id, competency_id) != key:
            key, level = (employee_id, competency_id), 0
        if source == "course" and source_id in workshop_of:
            result.levels[(source_id, competency_id)] = (level, level_after(level, source, value))
            workshop_id = workshop_of[source_id]
            if workshop_id not in result.completed_at or recorded_at < result.completed_at[workshop_id]:
                result.completed_at[workshop_id] = recorded_at
        level = level_after(level, source, value)
    return result


# --- sections ------------------------------------------------------------------------------------------------

def _course_numbers(courses: dict[int, Course], workshops: list[WorkshopRow], participants: list[Participant],
                    feedback: dict[int, tuple[int, int, int, int]]) -> list[CourseNumbers]:
    numbers = {course_id: CourseNumbers(course) for course_id, course in courses.items()}
    course_of = {}
    for workshop in workshops:
        numbers[workshop.course_id].workshops.append(workshop)
        course_of[workshop.id] = workshop.course_id
    for participant in participants:
        row = numbers[course_of[participant.workshop_id]]
        row.completed += 1
        if participant.pre is not None and participant.post is not None:
            row.pre.add(participant.pre)
            row.post.add(participant.post)
            row.gain.add(participant.post - participant.pre)
    for course_id, (count, *sums) in feedback.items():
        numbers[course_id].feedback = count
        numbers[course_id].feedback_means = tuple(total / count for total in sums)
    return sorted(numbers.values(), key=lambda n: (n.course.code, n.course.id))


def _course_section(numbers: list[CourseNumbers]) -> Section:
    table = Table(_("Efektivitas per pelatihan"), [
        Column(_("Kode"), "code"), Column(_("Pelatihan")), Column(_("Kelas"), "integer"),
        Column(_("Peserta lulus"), "integer"), Column(_("Peserta dengan pre- dan post-test"), "integer"),
        Column(_("Rata-rata pre-test"), "decimal"), Column(_("Rata-rata post-test"), "decimal"),
        Column(_("Kenaikan nilai"), "decimal"), Column(_("Umpan balik"), "integer"),
        Column(_("Materi (1–5)"), "decimal"), Column(_("Pengajar (1–5)"), "decimal"),
        Column(_("Relevansi (1–5)"), "decimal")],
        [[n.course.code, n.course.title, len(n.workshops), n.completed, n.gain.count, n.pre.value, n.post.value,
          n.gain.value, n.feedback, *n.feedback_means] for n in numbers],
        _("Nilai tes: rata-rata peserta yang lulus dan memiliki nilai pre-test dan post-test; kenaikan = rata-rata "
          "(post-test − pre-test) mereka. Umpan balik: rata-rata skor 1–5 yang diberikan peserta lulus."))
    most = sorted((n for n in numbers if n.gain.count), key=lambda n: (-n.gain.count, n.course.code))[:CHART_BARS]
    tested = sorted(most, key=lambda n: (n.course.code, n.course.id))
    chart_table = Table(_("Rata-rata pre-test dan post-test per pelatihan"), [
        Column(_("Pelatihan")), Column(_("Pre-test"), "decimal"), Column(_("Post-test"), "decimal")],
        [[f"{n.course.code} {n.course.title}", n.pre.value, n.post.value] for n in tested], export=False)
    chart = charts.grouped_bar_chart(
        [row[0] for row in chart_table.rows],
        {_("Pre-test"): [n.pre.value for n in tested], _("Post-test"): [n.post.value for n in tested]},
        title=chart_table.title, value_label=_("Nilai rata-rata"), value_format=_one_decimal, max_value=100,
        empty_text=_("Belum ada nilai pre-test dan post-test."))
    return Section(_("Per pelatihan"), [table, Chart(chart_table.title, chart, chart_table)],
                   _("Setiap pelatihan dihitung atas kelasnya yang selesai dan berakhir dalam periode. Grafik: paling "
                     "banyak %(n)s pelatihan dengan peserta bernilai pre-test dan post-test terbanyak; tabel memuat "
                     "semuanya.", n=CHART_BARS))


def _level_section(numbers: list[CourseNumbers], developed: list[Developed], participants: list[Participant],
                   completions: Completions) -> Section:
    courses = {n.course.id: n.course for n in numbers}
    course_of = {w.id: n.course.id for n in numbers for w in n.workshops}
    by_course: dict[int, list[Developed]] = defaultdict(list)
    for d in developed:
        by_course[d.course_id].append(d)
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for participant in participants:
        for d in by_course[course_of[participant.workshop_id]]:
            found = completions.levels.get((participant.enrolment_id, d.competency_id))
            if found is not None:
                pairs[(d.course_id, d.competency_id)].append(found)
    rows = []
    for d in sorted(developed, key=lambda d: (courses[d.course_id].code, d.code)):
        levels = pairs.get((d.course_id, d.competency_id), [])
        before = sum(b for b, _a in levels) / len(levels) if levels else None
        after = sum(a for _b, a in levels) / len(levels) if levels else None
        rows.append([courses[d.course_id].code, courses[d.course_id].title, d.code, d.name, d.granted, len(levels),
                     before, after, None if before is None else after - before, sum(1 for b, a in levels if a > b)])
    table = Table(_("Level kompetensi sebelum dan sesudah pelatihan"), [
        Column(_("Kode pelatihan"), "code"), Column(_("Pelatihan")), Column(_("Kode kompetensi"), "code"),
        Column(_("Kompetensi")), Column(_("Level diberikan"), "integer"), Column(_("Peserta tercatat"), "integer"),
        Column(_("Rata-rata level sebelum"), "decimal"), Column(_("Rata-rata level sesudah"), "decimal"),
        Column(_("Kenaikan level"), "decimal"), Column(_("Peserta naik level"), "integer")], rows,
        _("Dari catatan kompetensi: untuk setiap kelulusan yang tercatat (entri pelatihan yang masih berlaku), level "
          "sebelum = level menurut entri yang berlaku sebelumnya (penilaian, asesmen dan koreksi HR menetapkan level, "
          "pelatihan hanya menaikkan; 0 bila belum ada), level sesudah = level yang diberikan kelulusan itu."))
    largest = sorted((index for index, row in enumerate(rows) if row[8] is not None),
                     key=lambda index: -rows[index][5])[:CHART_BARS]
    shown = [rows[index] for index in sorted(largest)]
    chart_table = Table(_("Kenaikan rata-rata level per pelatihan dan kompetensi"), [
        Column(_("Pelatihan dan kompetensi")), Column(_("Kenaikan level"), "decimal")],
        [[f"{row[0]} · {row[2]} {row[3]}", row[8]] for row in shown], export=False)
    chart = charts.bar_chart([row[0] for row in chart_table.rows], [row[1] for row in chart_table.rows],
                             title=chart_table.title, value_label=_("Kenaikan level"), value_format=_two_decimals,
                             empty_text=_("Belum ada kelulusan yang tercatat dalam catatan kompetensi."))
    return Section(_("Level kompetensi peserta"), [table, Chart(chart_table.title, chart, chart_table)],
                   _("Grafik: paling banyak %(n)s pasangan pelatihan dan kompetensi dengan peserta tercatat terbanyak; "
                     "tabel memuat semuanya.", n=CHART_BARS))


def _cutoff(workshop: WorkshopRow, closed_at: datetime | None) -> datetime:
    """The end of the class's last day (local time, as stored: naive UTC), or its closing if that was earlier."""
    end_of_day = to_utc(datetime.combine(workshop.ends_on + timedelta(days=1), time()))
    return min(end_of_day, closed_at) if closed_at is not None else end_of_day


def _gap_section(numbers: list[CourseNumbers], developed: list[Developed], participants: list[Participant],
                 completions: Completions) -> Section:
    opd_ids = set(db.session.scalars(select(OrgUnit.id).where(OrgUnit.kind == "opd")))
    agency_of_path: dict[str, int] = {}

    def agency_of(path: str) -> int:
        if path not in agency_of_path:
            agency_of_path[path] = agency_id(path, opd_ids)
        return agency_of_path[path]

    agencies_of: dict[int, set[int]] = defaultdict(set)  # workshop id -> agencies of its participants
    for participant in participants:
        agencies_of[participant.workshop_id].add(agency_of(participant.unit_path))
    wanted = set().union(*agencies_of.values()) if agencies_of else set()
    agencies = {unit_id: (name, path) for unit_id, name, path in db.session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(OrgUnit.id.in_(wanted))).all()} if wanted else {}
    rows: list[list[Any]] = []
    if agencies and developed:
        by_course: dict[int, list[Developed]] = defaultdict(list)
        for d in developed:
            by_course[d.course_id].append(d)
        course_of = {w.id: n.course.id for n in numbers for w in n.workshops}
        pairs = {(agency, d.competency_id) for workshop_id, found in agencies_of.items() for agency in found
                 for d in by_course[course_of[workshop_id]]}
        competency_ids = sorted({competency_id for _agency, competency_id in pairs})
        in_agencies = or_(*(OrgUnit.path.startswith(path) for _name, path in agencies.values()))
        holders: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
        for row in db.session.execute(
                gaps.requirement_rows(Requirement.competency_id.in_(competency_ids), in_agencies)
                .join(OrgUnit, OrgUnit.id == Employee.unit_id).add_columns(OrgUnit.path)).all():
            pair = (agency_of(row.path), row.competency_id)
            if pair in pairs:
                holders[pair].append((row.employee_id, row.required, row.current))
        cutoffs = {w.id: _cutoff(w, completions.completed_at.get(w.id)) for n in numbers for w in n.workshops}
        timelines = _timelines(in_agencies, competency_ids, max(cutoffs.values()))
        now = {pair: sum(1 for _employee, required, current in people if current < required)
               for pair, people in holders.items()}
        then: dict[tuple[int, int, datetime], int] = {}
        for n in numbers:
            for workshop in sorted(n.workshops, key=lambda w: (w.ends_on, w.batch, w.id)):
                cutoff = cutoffs[workshop.id]
                for agency in sorted(agencies_of.get(workshop.id, ()), key=lambda a: (agencies[a][0].lower(), a)):
                    for d in by_course[n.course.id]:
                        people = holders.get((agency, d.competency_id))
                        if not people:
                            continue
                        key = (agency, d.competency_id, cutoff)
                        if key not in then:
                            then[key] = sum(1 for employee_id, required, _current in people
                                            if _level_at(timelines.get((employee_id, d.competency_id)), cutoff)
                                            < required)
                        rows.append([f"{n.course.code} {n.course.title} – {workshop.batch}", workshop.ends_on,
                                     agencies[agency][0], f"{d.code} {d.name}", len(people), then[key],
                                     now[(agency, d.competency_id)], now[(agency, d.competency_id)] - then[key]])
    table = Table(_("Kesenjangan perangkat daerah peserta: saat kelas berakhir dan sekarang"), [
        Column(_("Kelas")), Column(_("Berakhir"), "date"), Column(_("Perangkat daerah")),
        Column(_("Kompetensi")), Column(_("Pegawai dipersyaratkan"), "integer"),
        Column(_("Berkesenjangan saat kelas berakhir"), "integer"), Column(_("Berkesenjangan sekarang"), "integer"),
        Column(_("Perubahan"), "integer")], rows,
        _("Untuk setiap kelas, perangkat daerah peserta lulusnya (OPD pertama pada jalur unit pegawai saat ini) dan "
          "setiap kompetensi pelatihan: pegawai aktif perangkat daerah itu yang jabatannya saat ini mensyaratkan "
          "kompetensi tersebut, dan berapa di antara mereka yang levelnya di bawah level dipersyaratkan (1) menurut "
          "catatan kompetensi pada akhir hari terakhir kelas, atau sesaat sebelum kelas ditutup bila lebih awal, "
          "dan (2) menurut level saat ini. Orang dan persyaratan sama pada kedua waktu, hanya levelnya yang berbeda; "
          "perubahan negatif berarti kesenjangan berkurang. Perangkat daerah tanpa pegawai yang dipersyaratkan "
          "kompetensi itu tidak dicantumkan."))
    return Section(_("Kesenjangan unit peserta"), [table])


def _timelines(in_agencies: Any, competency_ids: list[int],
               until: datetime) -> dict[tuple[int, int], tuple[list[datetime], list[int]]]:
    """(employee, competency) -> (entry times, level after each entry) of the live ledger before ``until``, for
    the active employees of the agencies: one query, replayed in Python."""
    people = (select(Employee.id).join(OrgUnit, OrgUnit.id == Employee.unit_id)
              .where(Employee.is_active.is_(True), in_agencies))
    rows = db.session.execute(
        select(Evidence.employee_id, Evidence.competency_id, Evidence.source, Evidence.level, Evidence.recorded_at)
        .where(Evidence.revoked_at.is_(None), Evidence.employee_id.in_(people),
               Evidence.competency_id.in_(competency_ids), Evidence.recorded_at < until)
        .order_by(Evidence.employee_id, Evidence.competency_id, Evidence.recorded_at, Evidence.id)).all()
    timelines: dict[tuple[int, int], tuple[list[datetime], list[int]]] = {}
    for employee_id, competency_id, source, value, recorded_at in rows:
        times, levels = timelines.setdefault((employee_id, competency_id), ([], []))
        levels.append(level_after(levels[-1] if levels else 0, source, value))
        times.append(recorded_at)
    return timelines


def _level_at(timeline: tuple[list[datetime], list[int]] | None, cutoff: datetime) -> int:
    """The level the entries recorded before ``cutoff`` give (0 without any)."""
    if timeline is None:
        return 0
    times, levels = timeline
    index = bisect_left(times, cutoff)
    return levels[index - 1] if index else 0


def _workshop_section(numbers: list[CourseNumbers], participants: list[Participant]) -> Section:
    completed: dict[int, int] = defaultdict(int)
    for participant in participants:
        completed[participant.workshop_id] += 1
    rows = [[n.course.code, n.course.title, w.batch, w.starts_on, w.ends_on, completed[w.id]]
            for n in numbers for w in sorted(n.workshops, key=lambda w: (w.ends_on, w.batch, w.id))]
    return Section(_("Kelas dalam periode"), [Table(_("Kelas yang selesai dalam periode"), [
        Column(_("Kode pelatihan"), "code"), Column(_("Pelatihan")), Column(_("Kelas")), Column(_("Mulai"), "date"),
        Column(_("Berakhir"), "date"), Column(_("Peserta lulus"), "integer")], rows)])


def _figures(numbers: list[CourseNumbers]) -> list[tuple[str, str]]:
    gain = Mean(sum(n.gain.total for n in numbers), sum(n.gain.count for n in numbers))
    count = sum(n.feedback for n in numbers)
    score_sum = sum(n.feedback * sum(mean or 0 for mean in n.feedback_means) for n in numbers)
    feedback = score_sum / (3 * count) if count else None
    return [
        (_("Pelatihan"), format_decimal(len(numbers), "#,##0")),
        (_("Peserta lulus"), format_decimal(sum(n.completed for n in numbers), "#,##0")),
        (_("Rata-rata kenaikan nilai tes"),
         "—" if gain.value is None else format_decimal(gain.value, "+#,##0.00;-#,##0.00")),
        (_("Rata-rata umpan balik"), "—" if feedback is None else _("%(score)s dari 5",
                                                                     score=format_decimal(feedback, "#,##0.00"))),
    ]


# --- the report ----------------------------------------------------------------------------------------------

def _as_date(value: Any, default: date) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else default


def build_effectiveness_report(params: dict[str, Any]) -> Report:
    """The report for the filters of :class:`EffectivenessFilters` (ISO dates, a course id or none)."""
    course = db.session.get(Course, params["course_id"]) if params.get("course_id") else None
    return effectiveness_report(Period(_as_date(params.get("date_from"), _year_start()),
                                       _as_date(params.get("date_to"), _year_end()), course))


def effectiveness_report(period: Period) -> Report:
    workshops = _workshops(period)
    workshop_ids = [w.id for w in workshops]
    course_ids = sorted({w.course_id for w in workshops})
    courses = {course.id: course for course in db.session.scalars(
        select(Course).where(Course.id.in_(course_ids)))} if course_ids else {}
    participants = _participants(workshop_ids) if workshop_ids else []
    developed = _developed(course_ids) if course_ids else []
    numbers = _course_numbers(courses, workshops, participants, _feedback(workshop_ids) if workshop_ids else {})
    completions = (_completions(workshop_ids, participants, developed) if participants and developed
                   else Completions({}, {}))
    sections = [_course_section(numbers), _level_section(numbers, developed, participants, completions),
                _gap_section(numbers, developed, participants, completions), _workshop_section(numbers, participants)]
    return Report(KEY, _("Laporan Efektivitas Pelatihan"), period.filters(), _figures(numbers), sections,
                  main_table=_("Efektivitas per pelatihan"))
