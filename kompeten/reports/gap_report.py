"""Laporan kesenjangan kompetensi: for a unit (with its sub-units), a position, a competency or the whole city.

People and requirements met, the mean JPM and the people per JPM category, the competencies with the largest
gaps (chart and table), the units x competencies heat map (unit and city scopes), and every person with a critical
gap.
Numbers come from :mod:`competencies.gaps`: a few grouped queries whatever the scope; JPM, its categories and the
text explaining them from :mod:`competencies.jpm`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from sqlalchemy import and_, select

from competencies import gaps, jpm
from competencies.models import Competency, CurrentLevel, Requirement
from kompeten.reports.document import Chart, Column, Report, Section, Table
from lms import charts
from lms.extensions import db
from lms.people.models import Employee, OrgUnit, Position, full_name

CHART_COMPETENCIES = 20  # bars of the chart of competencies (the table lists them all)
HEAT_MAP_COLUMNS = 15


@dataclass(frozen=True)
class GapScope:
    """What the report is about: at most one of a unit, a position or a competency (none: the whole city)."""

    unit: OrgUnit | None = None
    position: Position | None = None
    competency: Competency | None = None

    @property
    def unit_id(self) -> int | None:
        return self.unit.id if self.unit else None

    def conditions(self) -> list[Any]:
        if self.position is not None:
            return [Employee.position_id == self.position.id]
        if self.competency is not None:
            return [Requirement.competency_id == self.competency.id]
        return []

    def label(self) -> str:
        if self.unit is not None:
            return _("Unit %(name)s (beserta sub-unit)", name=self.unit.name)
        if self.position is not None:
            return _("Jabatan %(name)s", name=self.position.name)
        if self.competency is not None:
            return _("Kompetensi %(code)s %(name)s", code=self.competency.code, name=self.competency.name)
        return _("Seluruh kota")


def _count(value: float) -> str:
    return format_decimal(value, "#,##0")


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, "#,##0%")


def _figures(total: gaps.GapSummary) -> list[tuple[str, str]]:
    met = total.requirement_count - total.gap_count
    return [
        (_("Pegawai"), format_decimal(total.people, "#,##0")),
        (_("Pegawai dengan kesenjangan"), f"{format_decimal(total.people_with_gap, '#,##0')} "
                                         f"({_percent(total.gap_share)})"),
        (_("Persyaratan terpenuhi"), f"{format_decimal(met, '#,##0')} / "
                                    f"{format_decimal(total.requirement_count, '#,##0')}"),
        (_("Rata-rata JPM"), _jpm_with_category(total.average_jpm)),
    ]


def _jpm_with_category(figure: float | None) -> str:
    category = jpm.category(figure)
    return jpm.text(figure) if category is None else f"{jpm.text(figure)} ({category})"


def _category_text(figure: float | None) -> str:
    category = jpm.category(figure)
    return "" if category is None else str(category)


def _competency_section(scope: GapScope) -> Section:
    summaries = gaps.competency_summaries(scope.unit_id, *scope.conditions())
    competencies = {c.id: c for c in db.session.scalars(select(Competency).where(Competency.id.in_(list(summaries))))}
    ordered = sorted(summaries.values(), key=lambda s: (-s.people_with_gap, -s.total_gap, competencies[s.key].code))
    table = Table(_("Kesenjangan per kompetensi"), [
        Column(_("Kode"), "code"), Column(_("Kompetensi")), Column(_("Pegawai dipersyaratkan"), "integer"),
        Column(_("Pegawai dengan kesenjangan"), "integer"), Column(_("Persentase"), "percent"),
        Column(_("Rata-rata kesenjangan"), "decimal"), Column(_("Jumlah kesenjangan"), "integer")],
        [[competencies[s.key].code, competencies[s.key].name, s.people, s.people_with_gap, s.gap_share,
          s.average_gap, s.total_gap] for s in ordered])
    top = [s for s in ordered if s.people_with_gap][:CHART_COMPETENCIES]
    chart_table = Table(_("Kompetensi dengan kesenjangan terbesar"), table.columns, [
        row for row in table.rows if row[3]][:CHART_COMPETENCIES], export=False)
    chart = charts.bar_chart([f"{competencies[s.key].code} {competencies[s.key].name}" for s in top],
                             [s.people_with_gap for s in top], title=chart_table.title,
                             value_label=_("Pegawai dengan kesenjangan"), value_format=_count, show_title=False,
                             empty_text=_("Tidak ada kesenjangan."))
    return Section(_("Kompetensi dengan kesenjangan terbesar"), [Chart(chart_table.title, chart, chart_table), table],
                   _("Rata-rata kesenjangan: level yang kurang per pegawai yang dipersyaratkan (0 bila terpenuhi)."))


def _jpm_section(total: gaps.GapSummary) -> Section:
    """People per JPM mapping category (pemetaan), with the method and the settings in force."""
    ranges = jpm.range_labels(jpm.MAPPING)
    counts = [total.jpm_categories[category.key] for category, _span in ranges]
    table = Table(_("Pegawai per kategori JPM"), [
        Column(_("Kategori JPM")), Column(_("Rentang JPM")), Column(_("Pegawai"), "integer"),
        Column(_("Persentase"), "percent")],
        [[str(category.label), span, count, count / total.jpm_people if total.jpm_people else 0]
         for (category, span), count in zip(ranges, counts, strict=True)],
        _("Pegawai yang jabatannya belum memiliki standar kompetensi tidak dihitung."))
    chart = charts.bar_chart([str(category.label) for category, _span in ranges], counts, title=table.title,
                             value_label=_("Pegawai"), horizontal=False, show_title=False, value_format=_count)
    return Section(_("Job person match (JPM)"), [Chart(table.title, chart, table)], jpm.method_text(jpm.MAPPING))


def _unit_section(scope: GapScope, people: list[gaps.PersonGaps]) -> Section | None:
    """Sub-units of the scope (the city's agencies for the whole city): a heat map and a table."""
    parent_id = scope.unit_id
    if parent_id is None:
        roots = db.session.scalars(select(OrgUnit.id).where(OrgUnit.parent_id.is_(None)).limit(2)).all()
        parent_id = roots[0] if len(roots) == 1 else None
    heat = gaps.heat_map(parent_id, max_columns=HEAT_MAP_COLUMNS)
    if not heat.units:
        return None
    summaries = gaps.summarise(people, "unit")
    table = Table(_("Kesenjangan per unit"), [
        Column(_("Unit")), Column(_("Pegawai"), "integer"), Column(_("Pegawai dengan kesenjangan"), "integer"),
        Column(_("Persentase"), "percent"), Column(_("Rata-rata JPM (%)"), "decimal"), Column(_("Kategori JPM"))],
        [[unit.name, summary.people, summary.people_with_gap, summary.gap_share, summary.average_jpm,
          _category_text(summary.average_jpm)]
         for unit in heat.units if (summary := summaries.get(unit.id)) is not None])
    shown = [unit for unit in heat.units if unit.id in summaries]
    values = [[heat.cells[(unit.id, c.id)].share if (unit.id, c.id) in heat.cells else None
               for c in heat.competencies] for unit in shown]
    heat_table = Table(_("Persentase pegawai dengan kesenjangan per unit dan kompetensi"),
                       [Column(_("Unit"))] + [Column(c.code, "percent") for c in heat.competencies],
                       [[unit.name, *row] for unit, row in zip(shown, values, strict=True)])
    least = current_app.config["HEATMAP_MIN_PEOPLE"]
    muted = [[heat.cells[(unit.id, c.id)].people < least if (unit.id, c.id) in heat.cells else False
              for c in heat.competencies] for unit in shown]
    chart = charts.heat_map([f"{unit.name} (n={heat.people.get(unit.id, 0)})" for unit in shown],
                            [c.code for c in heat.competencies], values, title=heat_table.title, show_title=False,
                            muted=muted)
    note = " ".join([_("Kolom: %(n)s kompetensi dengan pegawai berkesenjangan terbanyak.", n=len(heat.competencies)),
                     _("n: jumlah pegawai aktif. Sel abu-abu: kurang dari %(n)s pegawai yang dipersyaratkan, "
                       "persentasenya belum bermakna.", n=least)])
    return Section(_("Per unit"), [table, Chart(heat_table.title, chart, heat_table)], note)


def _critical_rows(scope: GapScope) -> list[list[Any]]:
    current = gaps.current_level_column()
    query = (select(Employee.nip, Employee.name, Employee.front_title, Employee.back_title, Position.name,
                    OrgUnit.name, Competency.code, Competency.name, Requirement.level, current)
             .join(Requirement, Requirement.position_id == Employee.position_id)
             .join(Competency, Competency.id == Requirement.competency_id)
             .join(Position, Position.id == Employee.position_id)
             .join(OrgUnit, OrgUnit.id == Employee.unit_id)
             .outerjoin(CurrentLevel, and_(CurrentLevel.employee_id == Employee.id,
                                           CurrentLevel.competency_id == Requirement.competency_id))
             .where(Employee.is_active.is_(True), gaps.in_unit(scope.unit_id), *scope.conditions(),
                    Requirement.weight == "critical", current < Requirement.level)
             .order_by(OrgUnit.name, Employee.name, Employee.id, Competency.code))
    return [[row[0], full_name(row[1], row[2], row[3]), row[4], row[5], row[6], row[7], row[8], row[9],
             row[8] - row[9]] for row in db.session.execute(query)]



def _critical_section(scope: GapScope) -> Section:
    table = Table(_("Pegawai dengan kesenjangan kritis"), [
        Column("NIP", "code"), Column(_("Nama")), Column(_("Jabatan")), Column(_("Unit")), Column(_("Kode"), "code"),
        Column(_("Kompetensi")), Column(_("Level dipersyaratkan"), "integer"), Column(_("Level saat ini"), "integer"),
        Column(_("Kesenjangan"), "integer")], _critical_rows(scope))
    return Section(_("Pegawai dengan kesenjangan kritis"), [table],
                   _("Persyaratan berbobot kritis yang belum tercapai, per unit dan nama."))


def build_gap_report(params: dict[str, Any]) -> Report:
    """The report for the filters of :class:`kompeten.reports.forms.GapReportFilters`."""
    position = (db.session.scalar(select(Position).where(Position.code == params["position_code"]))
                if params.get("position_code") else None)
    scope = GapScope(db.session.get(OrgUnit, params["unit_id"]) if params.get("unit_id") else None, position,
                     db.session.get(Competency, params["competency_id"]) if params.get("competency_id") else None)
    return gap_report(scope)


def gap_report(scope: GapScope) -> Report:
    people = gaps.people_gaps(scope.unit_id, *scope.conditions())
    total = gaps.GapSummary("total")
    for person in people:
        total.add_person(person)
    sections = [_competency_section(scope), _jpm_section(total)]
    if scope.position is None and scope.competency is None:
        unit_section = _unit_section(scope, people)
        if unit_section is not None:
            sections.append(unit_section)
    sections.append(_critical_section(scope))
    return Report("kesenjangan", _("Laporan Kesenjangan Kompetensi"), [(_("Cakupan"), scope.label())],
                  _figures(total), sections, main_table=_("Kesenjangan per kompetensi"))
