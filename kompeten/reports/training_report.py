"""Training reports for a period: the certificate register (Register sertifikat) and the workshop summary
(Rekap kelas).

The register lists every certificate issued in the period with its holder, course, class and status, counts
issued and revoked certificates and charts them per month. The summary gives, per workshop that started in the
period (cancelled, draft and proposed ones left out), its participants, attendance, outcomes, test scores and
feedback, with a chart of the outcomes of the largest classes. A handful of grouped queries whatever the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date, format_decimal, format_percent, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import contains_eager
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from courses.models import (
    ATTENDED_STATUSES,
    WORKSHOP_STATUS_LABELS,
    Attendance,
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    Feedback,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)
from kompeten.reports.document import Chart, Column, Report, Section, Table
from kompeten.reports.forms import ReportFilters
from lms import charts
from lms.extensions import db
from lms.i18n import long_date
from lms.people.models import Employee, full_name

CERTIFICATE_KEY = "register-sertifikat"
WORKSHOP_KEY = "rekap-kelas"
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)
# Workshops that did not run (or have not been scheduled for good) are left out of the summary.
NOT_RUN_STATUSES = (WorkshopStatus.PROPOSED, WorkshopStatus.DRAFT, WorkshopStatus.CANCELLED)
# Enrolments that held a seat: enrolled, or the outcome given when the workshop closed.
PARTICIPANT_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED,
                        EnrolmentStatus.NO_SHOW)
CHART_WORKSHOPS = 25
CHART_MONTHS = 36  # a longer period is charted per year


# --- filters ------------------------------------------------------------------------------------------------

def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def course_choices() -> list[tuple[int, str]]:
    return [(row.id, f"{row.code} – {row.title}") for row in db.session.execute(
        select(Course.id, Course.code, Course.title).order_by(Course.title, Course.code))]


class PeriodFilters(ReportFilters):
    """A period (the current year unless chosen) and optionally one course."""

    date_from = DateField(_l("Dari tanggal"), default=lambda: date(date.today().year, 1, 1),
                          invalid_value_message=_l("Isi tanggal yang valid."))
    date_to = DateField(_l("Sampai tanggal"), default=lambda: date(date.today().year, 12, 31),
                        invalid_value_message=_l("Isi tanggal yang valid."))
    course_id = SelectField(_l("Pelatihan"), coerce=_int_or_none, validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course_id.choices = [(None, _l("Semua pelatihan")), *course_choices()]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        for item in (self.date_from, self.date_to):
            if not FIRST_DATE <= item.data <= LAST_DATE:
                item.errors.append(_l("Tanggal harus antara tahun %(first)s dan %(last)s.",
                                      first=FIRST_DATE.year, last=LAST_DATE.year))
                return False
        if self.date_to.data < self.date_from.data:
            self.date_to.errors.append(_l("Tanggal akhir tidak boleh sebelum tanggal awal."))
            return False
        return True


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    course: Course | None = None

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> Period:
        year = date.today().year
        first = _as_date(params.get("date_from")) or date(year, 1, 1)
        last = _as_date(params.get("date_to")) or date(year, 12, 31)
        course = db.session.get(Course, int(params["course_id"])) if params.get("course_id") else None
        return cls(first, last, course)

    def filters(self) -> list[tuple[str, str]]:
        return [(_("Periode"), f"{long_date(self.first)} – {long_date(self.last)}"),
                (_("Pelatihan"), f"{self.course.code} – {self.course.title}" if self.course else _("Semua pelatihan"))]

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        months, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _integer(value: float) -> str:
    return format_decimal(value, "#,##0")


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, "#,##0%")



# --- Register sertifikat ------------------------------------------------------------------------------------

def certificate_rows(period: Period, today: date) -> list[list[Any]]:
    """Every certificate issued in the period, in issue then number order, as rows of the register."""
    query = (select(Certificate.number, Certificate.issued_on, Employee.nip, Employee.name, Employee.front_title,
                    Employee.back_title, Course.title, Workshop.batch, Course.hours_jp, Certificate.revoked_at,
                    Certificate.expires_on)
             .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
             .join(Workshop, Workshop.id == Enrolment.workshop_id)
             .join(Course, Course.id == Workshop.course_id)
             .join(Employee, Employee.id == Enrolment.employee_id)
             .where(Certificate.issued_on.between(period.first, period.last))
             .order_by(Certificate.issued_on, Certificate.year, Certificate.sequence, Certificate.id))
    if period.course is not None:
        query = query.where(Workshop.course_id == period.course.id)
    rows = []
    for number, issued, nip, name, front, back, course, batch, jp, revoked_at, expires in db.session.execute(query):
        revoked_on = to_user_timezone(revoked_at).date() if revoked_at is not None else None
        if revoked_on is not None:
            status = _("Dicabut")
        elif expires is not None and today > expires:
            status = _("Kedaluwarsa")
        else:
            status = _("Berlaku")
        rows.append([number, issued, nip, full_name(name, front, back), course, batch, jp, status, revoked_on,
                     expires])
    return rows


def certificate_report(period: Period, today: date | None = None) -> Report:
    today = today or date.today()
    rows = certificate_rows(period, today)
    revoked = sum(1 for row in rows if row[8] is not None)
    expired = sum(1 for row in rows if row[8] is None and row[9] is not None and today > row[9])
    register = Table(_("Register sertifikat"), [
        Column(_("Nomor sertifikat"), "code"), Column(_("Tanggal terbit"), "date"), Column("NIP", "code"),
        Column(_("Nama")), Column(_("Pelatihan")), Column(_("Angkatan")), Column(_("JP"), "integer"),
        Column(_("Status")), Column(_("Tanggal dicabut"), "date"), Column(_("Berlaku sampai"), "date")], rows,
        _("Status pada tanggal laporan: dicabut (misalnya karena kelas dibuka kembali), kedaluwarsa (lewat masa "
          "berlakunya) atau berlaku. Berlaku sampai kosong: berlaku seumur hidup. JP: jam pelajaran pelatihan."))

    figures = [
        (_("Sertifikat diterbitkan"), _integer(len(rows))),
        (_("Berlaku"), _integer(len(rows) - revoked - expired)),
        (_("Dicabut"), _integer(revoked)),
        (_("Kedaluwarsa"), _integer(expired)),
    ]
    sections = [_issue_section(period, rows),
                Section(_("Register sertifikat"), [register],
                        _("Setiap sertifikat yang tanggal terbitnya dalam periode, urut tanggal terbit dan nomor."))]
    return Report(CERTIFICATE_KEY, _("Register Sertifikat Pelatihan"), period.filters(), figures, sections,
                  main_table=register.title)


def _issue_section(period: Period, rows: list[list[Any]]) -> Section:
    """Certificates issued (and of those, revoked) per month, or per year when the period is long."""
    months = period.months()
    by_year = len(months) > CHART_MONTHS
    keys = sorted({year for year, _month in months}) if by_year else months
    counts: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = row[1].year if by_year else (row[1].year, row[1].month)
        counts[key][0] += 1
        counts[key][1] += row[8] is not None
    if by_year:
        title, first = _("Sertifikat per tahun"), _("Tahun")
        labels = table_labels = [str(year) for year in keys]
    else:
        title, first = _("Sertifikat per bulan"), _("Bulan")
        table_labels = [format_date(date(year, month, 1), "MMMM y") for year, month in keys]
        pattern = "MMM" if period.first.year == period.last.year else "MMM y"
        labels = [format_date(date(year, month, 1), pattern) for year, month in keys]
    table = Table(title, [Column(first), Column(_("Diterbitkan"), "integer"), Column(_("Dicabut"), "integer")],
                  [[label, *counts[key]] for label, key in zip(table_labels, keys, strict=True)],
                  _("Dihitung menurut tanggal terbit; sertifikat yang kemudian dicabut tetap dihitung pada saat "
                    "terbitnya dan juga pada kolom Dicabut."))
    chart = charts.bar_chart(labels, [counts[key][0] for key in keys], title=title,
                             value_label=_("Sertifikat diterbitkan"), horizontal=False,
                             value_format=lambda value: format_decimal(value, "#,##0"), show_title=False,
                             empty_text=_("Tidak ada sertifikat."))
    return Section(_("Per tahun") if by_year else _("Per bulan"), [Chart(title, chart, table)])


def build_certificate_report(params: dict[str, Any]) -> Report:
    """The register for the filters of :class:`PeriodFilters`."""
    return certificate_report(Period.from_params(params))


# --- Rekap kelas --------------------------------------------------------------------------------------------

@dataclass
class WorkshopSummary:
    workshop: Workshop
    participants: int = 0
    completed: int = 0
    failed: int = 0
    no_show: int = 0
    pre_score: float | None = None
    post_score: float | None = None
    attendance_sum: float = 0.0  # sum of the participants' attendance shares (0..1)
    attendance_people: int = 0  # participants with an attendance share
    feedback_count: int = 0
    content: float | None = None
    trainer: float | None = None
    relevance: float | None = None

    @property
    def attendance(self) -> float | None:
        return self.attendance_sum / self.attendance_people if self.attendance_people else None

    @property
    def label(self) -> str:
        return f"{self.workshop.course.title} – {self.workshop.batch}"


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def workshop_summaries(period: Period) -> list[WorkshopSummary]:
    """Every workshop that started in the period and was not cancelled, draft or proposed, with its numbers:
    four grouped queries (workshops, enrolments, attendance, feedback)."""
    conditions = [Workshop.starts_on.between(period.first, period.last), Workshop.status.not_in(NOT_RUN_STATUSES)]
    if period.course is not None:
        conditions.append(Workshop.course_id == period.course.id)
    workshops = db.session.scalars(select(Workshop).join(Workshop.course).options(contains_eager(Workshop.course))
                                   .where(*conditions)
                                   .order_by(Workshop.starts_on, Course.title, Workshop.batch, Workshop.id)).all()
    summaries = {workshop.id: WorkshopSummary(workshop) for workshop in workshops}
    if not summaries:
        return []
    chosen = select(Workshop.id).where(*conditions)
    participant = and_(Enrolment.workshop_id.in_(chosen), Enrolment.status.in_(PARTICIPANT_STATUSES))

    unrecorded: dict[int, int] = {}  # participants without an attendance share stored at closing
    for row in db.session.execute(
            select(Enrolment.workshop_id, func.count(Enrolment.id),
                   *(func.sum(case((Enrolment.status == status, 1), else_=0)) for status in
                     (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW)),
                   func.avg(Enrolment.pre_score), func.avg(Enrolment.post_score),
                   func.sum(Enrolment.attendance_pct), func.count(Enrolment.attendance_pct))
            .where(participant).group_by(Enrolment.workshop_id)).all():
        summary = summaries[row[0]]
        summary.participants, summary.completed, summary.failed, summary.no_show = (int(v or 0) for v in row[1:5])
        summary.pre_score, summary.post_score = _float(row[5]), _float(row[6])
        summary.attendance_sum, summary.attendance_people = float(row[7] or 0) / 100, int(row[8])
        unrecorded[row[0]] = summary.participants - summary.attendance_people

    # Not closed yet: the share of the sessions whose attendance was taken, from the attendance sheets.
    attended = case((and_(Attendance.status.in_(ATTENDED_STATUSES), Enrolment.status == EnrolmentStatus.ENROLLED,
                          Enrolment.attendance_pct.is_(None)), 1), else_=0)
    for workshop_id, sessions, count in db.session.execute(
            select(WorkshopSession.workshop_id, func.count(distinct(Attendance.session_id)), func.sum(attended))
            .join(Attendance, Attendance.session_id == WorkshopSession.id)
            .join(Enrolment, Enrolment.id == Attendance.enrolment_id)
            .where(WorkshopSession.workshop_id.in_(chosen)).group_by(WorkshopSession.workshop_id)).all():
        summary = summaries[workshop_id]
        if sessions and unrecorded.get(workshop_id):
            summary.attendance_sum += int(count or 0) / int(sessions)
            summary.attendance_people += unrecorded[workshop_id]

    for row in db.session.execute(
            select(Enrolment.workshop_id, func.count(Feedback.id), func.avg(Feedback.content_score),
                   func.avg(Feedback.trainer_score), func.avg(Feedback.relevance_score))
            .join(Enrolment, Enrolment.id == Feedback.enrolment_id)
            .where(Enrolment.workshop_id.in_(chosen)).group_by(Enrolment.workshop_id)).all():
        summary = summaries[row[0]]
        summary.feedback_count = int(row[1])
        summary.content, summary.trainer, summary.relevance = (_float(value) for value in row[2:5])
    return list(summaries.values())


def _workshop_figures(summaries: list[WorkshopSummary]) -> list[tuple[str, str]]:
    participants = sum(s.participants for s in summaries)
    judged = sum(s.completed + s.failed + s.no_show for s in summaries)
    completed = sum(s.completed for s in summaries)
    people = sum(s.attendance_people for s in summaries)
    attendance = sum(s.attendance_sum for s in summaries) / people if people else None
    return [
        (_("Kelas"), _integer(len(summaries))),
        (_("Peserta"), _integer(participants)),
        (_("Lulus"), f"{_integer(completed)} ({_percent(completed / judged if judged else None)})"),
        (_("Rata-rata kehadiran"), _percent(attendance)),
    ]


def workshop_report(period: Period) -> Report:
    summaries = workshop_summaries(period)
    runs = Table(_("Rekap kelas"), [
        Column(_("Pelatihan")), Column(_("Angkatan")), Column(_("Mulai"), "date"), Column(_("Selesai"), "date"),
        Column(_("Status")), Column(_("Kapasitas"), "integer"), Column(_("Peserta"), "integer"),
        Column(_("Kehadiran"), "percent"), Column(_("Lulus"), "integer"), Column(_("Tidak lulus"), "integer"),
        Column(_("Tidak hadir"), "integer")],
        [[s.workshop.course.title, s.workshop.batch, s.workshop.starts_on, s.workshop.ends_on,
          str(WORKSHOP_STATUS_LABELS[s.workshop.status]), s.workshop.capacity, s.participants, s.attendance,
          s.completed, s.failed, s.no_show] for s in summaries],
        _("Peserta: pendaftar yang mendapat tempat (terdaftar, atau sudah diberi hasil saat kelas ditutup); daftar "
          "tunggu, pengunduran diri dan pembatalan tidak dihitung. Kehadiran: rata-rata bagian sesi yang dihadiri "
          "(hadir atau terlambat) per peserta; untuk kelas yang sudah ditutup sesuai hasil penutupan, untuk kelas "
          "yang belum ditutup dari daftar hadir sesi yang sudah dicatat. Lulus, tidak lulus, tidak hadir: hasil "
          "penutupan kelas (0 sampai kelas ditutup)."))
    scores = Table(_("Nilai dan umpan balik"), [
        Column(_("Pelatihan")), Column(_("Angkatan")), Column(_("Rata-rata pre-test"), "decimal"),
        Column(_("Rata-rata post-test"), "decimal"), Column(_("Kenaikan"), "decimal"),
        Column(_("Pengisi umpan balik"), "integer"), Column(_("Materi"), "decimal"),
        Column(_("Pengajar"), "decimal"), Column(_("Relevansi"), "decimal")],
        [[s.workshop.course.title, s.workshop.batch, s.pre_score, s.post_score,
          s.post_score - s.pre_score if s.pre_score is not None and s.post_score is not None else None,
          s.feedback_count, s.content, s.trainer, s.relevance] for s in summaries],
        _("Nilai pre-test dan post-test (0–100): rata-rata peserta yang nilainya tercatat. Kenaikan: selisih kedua "
          "rata-rata. Umpan balik (1–5): rata-rata penilaian peserta yang lulus atas materi, pengajar dan "
          "relevansi pelatihan dengan pekerjaannya."))
    largest = sorted(summaries, key=lambda s: (-s.participants, s.workshop.starts_on or date.min,
                                               s.workshop.id))[:CHART_WORKSHOPS]
    outcome_names = (_("Lulus"), _("Tidak lulus"), _("Tidak hadir"))
    chart_table = Table(_("Hasil per kelas (peserta terbanyak)"), [
        Column(_("Kelas")), Column(_("Peserta"), "integer"),
        *(Column(name, "integer") for name in outcome_names)],
        [[s.label, s.participants, s.completed, s.failed, s.no_show] for s in largest], export=False)
    chart = charts.grouped_bar_chart(
        [s.label for s in largest], dict(zip(outcome_names, ([s.completed for s in largest],
                                                             [s.failed for s in largest],
                                                             [s.no_show for s in largest]), strict=True)),
        title=chart_table.title, value_label=_("Peserta"), value_format=lambda value: format_decimal(value, "#,##0"),
        show_title=False, empty_text=_("Tidak ada kelas."))
    note = _("Kelas yang dimulai dalam periode, kecuali yang diusulkan, masih draf atau dibatalkan; urut tanggal "
             "mulai.")
    sections = [Section(_("Hasil per kelas"), [Chart(chart_table.title, chart, chart_table)],
                        _("Paling banyak %(n)s kelas dengan peserta terbanyak.", n=CHART_WORKSHOPS)),
                Section(_("Pelaksanaan kelas"), [runs], note),
                Section(_("Nilai dan umpan balik"), [scores])]
    return Report(WORKSHOP_KEY, _("Rekap Kelas Pelatihan"), period.filters(), _workshop_figures(summaries),
                  sections, main_table=runs.title)


def build_workshop_report(params: dict[str, Any]) -> Report:
    """The summary for the filters of :class:`PeriodFilters`."""
    return workshop_report(Period.from_params(params))
