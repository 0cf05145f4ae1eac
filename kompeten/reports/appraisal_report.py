"""Laporan hasil penilaian of an appraisal cycle, for the whole city or a unit with its sub-units.

- the predikat kinerja per unit (the agencies for the whole city, the sub-units of a chosen unit): counts and
  shares per predikat against the limits HR set, from :mod:`competencies.appraisals.bias` (the same numbers as
  the bias page);
- the rater-bias summary: raters flagged lenient, severe or halo with their measures, and the self-rating gaps;
- the distribution of the final competency levels (after upheld objections).

A cycle still open has no results yet: the report says so instead of showing numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import SelectField
from wtforms.validators import Optional, ValidationError

from competencies.appraisals import bias
from competencies.appraisals.models import (
    CYCLE_STATUS_LABELS,
    PERFORMANCE_RATING_LABELS,
    PERFORMANCE_RATINGS,
    RATER_KIND_LABELS,
    Appraisal,
    AppraisalCycle,
    AppraisalCycleStatus,
    AppraisalResult,
    AppraisalStatus,
)
from kompeten.reports.document import Chart, Column, Report, Section, Table
from kompeten.reports.forms import ReportFilters, _int_or_none
from lms import charts
from lms.domain import DomainError
from lms.extensions import db
from lms.formtools import Form
from lms.people.models import OrgUnit
from lms.people.queries import agency_id, path_ids, unit_choices

KEY = "hasil-penilaian"
# Appraisals whose results were published to the employee (finalised), whatever they did next.
FINAL_STATUSES = (AppraisalStatus.FINAL, AppraisalStatus.ACKNOWLEDGED, AppraisalStatus.OBJECTED,
                  AppraisalStatus.RESOLVED)
TOTAL_KEY = 0  # the group of the "Jumlah" row (no unit has id 0)


# --- filters -------------------------------------------------------------------------------------------------

def default_cycle_id() -> int | None:
    """The latest final cycle, else the latest of any status."""
    latest = (AppraisalCycle.ends_on.desc(), AppraisalCycle.id.desc())
    return (db.session.scalar(select(AppraisalCycle.id).where(AppraisalCycle.status == AppraisalCycleStatus.FINAL)
                              .order_by(*latest).limit(1))
            or db.session.scalar(select(AppraisalCycle.id).order_by(*latest).limit(1)))


class AppraisalReportFilters(ReportFilters, Form):
    cycle_id = SelectField(_l("Periode penilaian"), coerce=_int_or_none, default=default_cycle_id,
                           validate_choice=False)
    unit_id = SelectField(_l("Unit (beserta sub-unit)"), coerce=_int_or_none, validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle_id.choices = [
            (cycle_id, f"{name} ({CYCLE_STATUS_LABELS[status]})") for cycle_id, name, status in db.session.execute(
                select(AppraisalCycle.id, AppraisalCycle.name, AppraisalCycle.status)
                .order_by(AppraisalCycle.ends_on.desc(), AppraisalCycle.id.desc())).all()]
        self.unit_id.choices = [(None, _l("Seluruh kota")), *unit_choices()]

    def validate_cycle_id(self, field: SelectField) -> None:
        if field.data is None:
            raise ValidationError(_l("Pilih periode penilaian."))
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Periode penilaian tidak ditemukan."))


# --- scope ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AppraisalScope:
    cycle: AppraisalCycle
    unit: OrgUnit | None = None

    def appraisals(self):
        """The cycle's appraisals of the scope (by the unit snapshotted when the cycle opened)."""
        query = select(Appraisal.id).where(Appraisal.cycle_id == self.cycle.id)
        if self.unit is not None:
            query = query.where(Appraisal.unit_id.in_(
                select(OrgUnit.id).where(OrgUnit.path.startswith(self.unit.path))))
        return query

    def filters(self) -> list[tuple[str, str]]:
        unit = (_("Unit %(name)s (beserta sub-unit)", name=self.unit.name) if self.unit is not None
                else _("Seluruh kota"))
        return [(_("Periode penilaian"), f"{self.cycle.name} ({CYCLE_STATUS_LABELS[self.cycle.status]})"),
                (_("Cakupan"), unit)]


# --- predikat kinerja ----------------------------------------------------------------------------------------

def _regrouped(counts: Iterable[bias.RatingCount], group_of: Callable[[str], int | None], names: Mapping[int, str],
               limits: Mapping[int, Mapping[str, int]], defaults: Mapping[str, int]) -> list[bias.AgencyDistribution]:
    """:func:`bias.rating_distribution` over other groups than the agencies: each count goes to
    ``group_of(unit path)`` (None: left out), given to the pure function as a one-unit path."""
    regrouped = [bias.RatingCount(f"/{group}/", count.rating, count.count) for count in counts
                 if (group := group_of(count.unit_path)) is not None]
    return bias.rating_distribution(regrouped, {group: bias.UnitInfo("", name) for group, name in names.items()},
                                    limits, defaults)


def _distributions(scope: AppraisalScope,
                   defaults: Mapping[str, int]) -> tuple[list[bias.AgencyDistribution], bias.AgencyDistribution]:
    """The rows (agencies, or the chosen unit's sub-units) and the total of the scope."""
    if scope.unit is None:
        agencies = bias.agency_distribution(scope.cycle.id, defaults)
        counts = [bias.RatingCount("", share.rating, share.count) for agency in agencies for share in agency.shares]
        counts += [bias.RatingCount("", None, agency.unrated) for agency in agencies]
        return agencies, _total(counts, {}, defaults)
    unit = scope.unit
    counts = [count for count in bias.rating_counts(scope.cycle.id) if count.unit_path.startswith(unit.path)]
    above = db.session.execute(select(OrgUnit.id, OrgUnit.kind).where(OrgUnit.id.in_(path_ids(unit.path)))).all()
    agency = agency_id(unit.path, {unit_id for unit_id, kind in above if kind == "opd"})
    children = dict(db.session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.parent_id == unit.id)).all())
    names = {**children, unit.id: _("%(name)s (langsung)", name=unit.name) if children else unit.name}
    set_limits = bias.rating_limits(scope.cycle.id)

    def own_limits(unit_id: int) -> dict[str, int]:
        return {**set_limits.get(agency, {}), **set_limits.get(unit_id, {})}

    def child_of(path: str) -> int:
        chain = path_ids(path)
        position = chain.index(unit.id)
        return chain[position + 1] if position + 1 < len(chain) else unit.id

    rows = _regrouped(counts, child_of, names, {group: own_limits(group) for group in names}, defaults)
    return rows, _total(counts, own_limits(unit.id), defaults)


def _total(counts: list[bias.RatingCount], limits: Mapping[str, int],
           defaults: Mapping[str, int]) -> bias.AgencyDistribution:
    """The "Jumlah" row: every count of the scope as one group (a zero count keeps it when there are none)."""
    return _regrouped([*counts, bias.RatingCount("", None, 0)], lambda _path: TOTAL_KEY, {TOTAL_KEY: _("Jumlah")},
                      {TOTAL_KEY: limits}, defaults)[0]


def _over_text(distribution: bias.AgencyDistribution) -> str:
    return ", ".join(_("%(rating)s (maks. %(percent)d%%)", rating=PERFORMANCE_RATING_LABELS[share.rating],
                       percent=share.limit) for share in distribution.shares if share.over)


def _predikat_section(scope: AppraisalScope, rows: list[bias.AgencyDistribution],
                      total: bias.AgencyDistribution, defaults: Mapping[str, int]) -> Section:
    """Counts per unit and predikat (with the limits exceeded), and their shares as a stacked chart."""
    labels = [str(PERFORMANCE_RATING_LABELS[rating]) for rating in PERFORMANCE_RATINGS]
    unit_column = Column(_("Perangkat daerah") if scope.unit is None else _("Unit"))
    table = Table(_("Predikat kinerja per unit"), [
        unit_column, Column(_("Berpredikat"), "integer"), *(Column(label, "integer") for label in labels),
        Column(_("Tanpa predikat"), "integer"), Column(_("Melebihi batas"))],
        [[row.name, row.rated, *(share.count for share in row.shares), row.unrated, _over_text(row)]
         for row in [*rows, total]],
        _("Jumlah pegawai per predikat kinerja. Melebihi batas: predikat yang persentasenya (dari pegawai "
          "berpredikat) di atas batas yang ditetapkan HR untuk perangkat daerah dalam periode ini (untuk sub-unit: "
          "batas perangkat daerahnya, atau batas unit itu sendiri bila ada), selain itu di atas batas bawaan; baris "
          "Jumlah dibandingkan dengan batas cakupan (batas bawaan untuk seluruh kota). Unit menurut data saat "
          "periode dibuka; \"(langsung)\": pegawai yang ditempatkan langsung di unit yang dipilih, bukan di "
          "sub-unitnya."))
    shown = [row for row in [*rows, total] if row.rated]
    chart_table = Table(_("Persentase predikat kinerja per unit"), [
        unit_column, *(Column(label, "percent") for label in labels)],
        [[row.name, *(share.percent / 100 for share in row.shares)] for row in shown],
        _("Persentase dari pegawai yang sudah berpredikat."))
    chart = charts.stacked_bar_chart(
        [row.name for row in shown],
        {label: [row.shares[index].count for row in shown] for index, label in enumerate(labels)},
        title=chart_table.title, value_label=_("Bagian pegawai berpredikat"), as_share=True,
        value_format=lambda value: format_percent(value, "#,##0%"), empty_text=_("Belum ada pegawai berpredikat."))
    default_text = " ".join(_("Batas bawaan %(rating)s: paling banyak %(percent)d%%.",
                              rating=PERFORMANCE_RATING_LABELS[rating], percent=percent)
                            for rating, percent in defaults.items())
    return Section(_("Predikat kinerja"), [table, Chart(chart_table.title, chart, chart_table)], default_text)


# --- raters --------------------------------------------------------------------------------------------------

def _flags(rater: bias.RaterBias) -> str:
    return ", ".join(label for flagged, label in ((rater.lenient, _("Longgar")), (rater.severe, _("Ketat")),
                                                   (rater.halo, _("Efek halo"))) if flagged)


def _rater_section(report: bias.RaterReport, self_gaps: bias.SelfGapReport, thresholds: bias.Thresholds,
                   unit_scope: bool) -> Section:
    measured = report.flagged + report.unflagged
    summary = Table(_("Ringkasan penilai"), [
        Column(_("Penilai diukur"), "integer"), Column(_("Ditandai"), "integer"), Column(_("Longgar"), "integer"),
        Column(_("Ketat"), "integer"), Column(_("Efek halo"), "integer"),
        Column(_("Terlalu sedikit penilaian"), "integer")],
        [[len(measured), len(report.flagged), sum(1 for r in measured if r.lenient),
          sum(1 for r in measured if r.severe), sum(1 for r in measured if r.halo), report.too_small]],
        _("Ambang yang dipakai") + ": " + _(
            "diukur mulai %(ratings)d penilaian untuk %(people)d pegawai; longgar/ketat mulai ±%(leniency)s; efek "
            "halo di bawah %(halo)s; selisih penilaian diri mulai ±%(gap)s", ratings=thresholds.min_ratings,
            people=thresholds.min_people, leniency=format_decimal(thresholds.leniency, "0.00"),
            halo=format_decimal(thresholds.halo_spread, "0.00"), gap=format_decimal(thresholds.self_gap, "0.00")))
    people = bias.people(rater.rater_id for rater in report.flagged)
    flagged = Table(_("Penilai yang ditandai"), [
        Column("NIP", "code"), Column(_("Nama")), Column(_("Jabatan")), Column(_("Unit")), Column(_("Sebagai")),
        Column(_("Penilaian"), "integer"), Column(_("Pegawai dinilai"), "integer"),
        Column(_("Selisih rata-rata"), "decimal"), Column(_("Sebaran"), "decimal"), Column(_("Tanda"))],
        [[people[r.rater_id].nip, people[r.rater_id].name, people[r.rater_id].position, people[r.rater_id].unit,
          ", ".join(str(RATER_KIND_LABELS[kind]) for kind in r.kinds), r.ratings, r.people, r.mean_difference,
          r.halo_spread, _flags(r)] for r in report.flagged],
        _("Selisih rata-rata: rata-rata (level dari penilai − level hasil konsolidasi) untuk pegawai dan kompetensi "
          "yang sama; positif berarti lebih tinggi (longgar), negatif lebih rendah (ketat). Sebaran: rata-rata "
          "simpangan baku level yang diberikan penilai kepada seorang pegawai (pegawai dengan paling sedikit 3 "
          "kompetensi); sebaran kecil berarti efek halo."))
    gaps = Table(_("Penilaian diri dibandingkan penilai lain"), [
        Column(_("Pegawai dibandingkan"), "integer"), Column(_("Rata-rata selisih penilaian diri"), "decimal"),
        Column(_("Pegawai dengan selisih mulai ±%(gap)s", gap=format_decimal(thresholds.self_gap, "0.00")),
               "integer")],
        [[self_gaps.compared, self_gaps.mean_gap, len(self_gaps.listed)]],
        _("Selisih per pegawai: level penilaian diri dikurangi rata-rata level dari penilai lain, dirata-ratakan "
          "atas kompetensi yang dinilai keduanya."))
    note = _("Penilai atasan langsung, rekan kerja dan asesor, dibandingkan dengan level hasil konsolidasi.")
    if unit_scope:
        note += " " + _("Hanya penilaian untuk pegawai dalam cakupan yang dihitung.")
    return Section(_("Bias penilai"), [summary, flagged, gaps], note)


# --- competency levels ---------------------------------------------------------------------------------------

def _level_section(scope: AppraisalScope) -> Section:
    final_level = func.coalesce(AppraisalResult.corrected_level, AppraisalResult.level)
    counts = db.session.execute(
        select(final_level, func.count()).where(AppraisalResult.appraisal_id.in_(scope.appraisals()))
        .group_by(final_level).order_by(final_level)).all()
    total = sum(count for _level, count in counts)
    table = Table(_("Sebaran level kompetensi hasil akhir"), [
        Column(_("Level"), "integer"), Column(_("Hasil kompetensi"), "integer"), Column(_("Persentase"), "percent")],
        [[level, count, count / total] for level, count in counts],
        _("Satu hasil = level hasil konsolidasi satu kompetensi seorang pegawai, setelah koreksi dari keberatan "
          "yang dikabulkan."))
    return Section(_("Level kompetensi"), [table])


# --- the report ----------------------------------------------------------------------------------------------

def _figures(status_counts: Mapping[str, int], total: bias.AgencyDistribution,
             flagged: int) -> list[tuple[str, str]]:
    sangat_baik = total.shares[PERFORMANCE_RATINGS.index("sangat_baik")]
    share = (_("%(percent)s (%(count)s dari %(rated)s)", percent=format_percent(sangat_baik.percent / 100, "#,##0%"),
               count=format_decimal(sangat_baik.count, "#,##0"), rated=format_decimal(total.rated, "#,##0"))
             if total.rated else "—")
    return [
        (_("Penilaian"), format_decimal(sum(status_counts.values()), "#,##0")),
        (_("Hasil final"), format_decimal(sum(status_counts.get(status, 0) for status in FINAL_STATUSES), "#,##0")),
        (_("Predikat Sangat Baik"), share),
        (_("Penilai ditandai"), format_decimal(flagged, "#,##0")),
    ]


def build_appraisal_report(params: dict[str, Any]) -> Report:
    """The report for the filters of :class:`AppraisalReportFilters`."""
    cycle = db.session.get(AppraisalCycle, params["cycle_id"]) if params.get("cycle_id") else None
    if cycle is None:
        raise DomainError(_("Periode penilaian tidak ditemukan."), "cycle_id")
    return appraisal_report(AppraisalScope(cycle, db.session.get(OrgUnit, params["unit_id"])
                                           if params.get("unit_id") else None))


def appraisal_report(scope: AppraisalScope) -> Report:
    title = _("Laporan Hasil Penilaian")
    if scope.cycle.status == AppraisalCycleStatus.OPEN:
        return Report(KEY, title, scope.filters(), sections=[Section(_("Hasil belum tersedia"), [], _(
            "Periode ini masih berjalan: predikat, hasil kompetensi dan analisis penilai baru tersedia setelah "
            "periode dikonsolidasi."))])
    config = current_app.config
    defaults = config["APPRAISAL_RATING_LIMITS"]
    thresholds = bias.Thresholds.from_config(config)
    status_counts = dict(db.session.execute(
        select(Appraisal.status, func.count()).where(Appraisal.id.in_(scope.appraisals()))
        .group_by(Appraisal.status)).all())
    rows, total = _distributions(scope, defaults)
    forms = bias.form_summaries(scope.cycle.id)
    self_gaps = bias.self_gaps(scope.cycle.id)
    if scope.unit is not None:
        ids = set(db.session.scalars(scope.appraisals()))
        forms = [form for form in forms if form.appraisal_id in ids]
        self_gaps = [gap for gap in self_gaps if gap.appraisal_id in ids]
    raters = bias.rater_report(forms, thresholds)
    sections = [_predikat_section(scope, rows, total, defaults),
                _rater_section(raters, bias.self_gap_report(self_gaps, thresholds.self_gap), thresholds,
                               scope.unit is not None),
                _level_section(scope)]
    return Report(KEY, title, scope.filters(), _figures(status_counts, total, len(raters.flagged)), sections,
                  main_table=_("Predikat kinerja per unit"))
