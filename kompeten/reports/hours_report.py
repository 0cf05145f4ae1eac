"""Kepatuhan 20 JP: for a year, how many active employees reached the yearly training-hours target.

Per unit (the children of the chosen unit, or the city's agencies), each with its sub-units: active employees,
how many reached the target, the share and the average JP, with a bar chart of the share; the JP completed per
month across the scope (line chart); and every employee below the target with their shortfall.

JP follow the rule of :func:`courses.records.services.jp_by_year`: approved, not revoked training records count in the
year they end. Two grouped queries whatever the scope: JP per employee (a grouped subquery joined to the active
employees) and JP per month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, extract, func, select
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from courses.models import TrainingRecord
from courses.records.services import counted_in_year
from kompeten.reports.document import Chart, Column, Report, Section, Table
from kompeten.reports.forms import ReportFilters
from lms import charts
from lms.extensions import db
from lms.people.models import EMPLOYMENT_TYPE_LABELS, Employee, OrgUnit, Position, full_name
from lms.people.queries import path_ids, unit_choices, unit_subtree_condition

KEY = "kepatuhan-jp"
MIN_YEAR = 2000


# --- filters ------------------------------------------------------------------------------------------------

def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class HoursReportFilters(ReportFilters):
    year = IntegerField(_l("Tahun"), default=lambda: date.today().year,
                        invalid_value_message=_l("Isi tahun dengan angka, misalnya 2025."))
    unit_id = SelectField(_l("Unit (beserta sub-unit)"), coerce=_int_or_none, validators=[Optional()])
    employment_type = SelectField(_l("Jenis pegawai"), default="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_id.choices = [(None, _l("Seluruh kota")), *unit_choices()]
        self.employment_type.choices = [("", _l("Semua jenis pegawai")), *EMPLOYMENT_TYPE_LABELS.items()]
        last = date.today().year + 1
        self.year.validators = [NumberRange(MIN_YEAR, last, _l("Tahun harus antara %(min)s dan %(max)s.",
                                                               min=MIN_YEAR, max=last))]


# --- numbers ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    id: int
    nip: str
    name: str
    unit_name: str
    position: str
    group_id: int  # the row of the per-unit table the person counts in
    jp: int


@dataclass
class UnitHours:
    """The active employees of one row of the per-unit table."""

    unit_id: int
    name: str
    target: int
    people: int = 0
    met: int = 0
    jp_total: int = 0

    def add(self, jp: int) -> None:
        self.people += 1
        self.met += jp >= self.target
        self.jp_total += jp

    @property
    def share(self) -> float | None:
        return self.met / self.people if self.people else None

    @property
    def average(self) -> float | None:
        return self.jp_total / self.people if self.people else None

    @property
    def below(self) -> int:
        return self.people - self.met


@dataclass
class HoursData:
    year: int
    target: int
    scope: OrgUnit | None
    groups: list[UnitHours]  # rows of the per-unit table, in unit name order
    people: list[Person]
    total: UnitHours
    months: list[tuple[int, int]] = field(default_factory=list)  # (JP, employees) for months 1..12


def _row_units(scope: OrgUnit | None) -> tuple[list[OrgUnit], OrgUnit | None]:
    """(the units that are rows, the unit whose own employees make a row of their own).

    The children of the scope unit, or of the city's single root (the agencies); several roots are rows
    themselves. A unit without children is its own only row.
    """
    parent = scope
    if parent is None:
        roots = db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.name)).all()
        if len(roots) != 1:
            return list(roots), None
        parent = roots[0]
    children = db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id == parent.id)
                                  .order_by(OrgUnit.name, OrgUnit.id)).all()
    return (list(children), parent) if children else ([parent], None)



def _in_scope(scope: OrgUnit | None, employment_type: str) -> list[Any]:
    """Active employees of the scope (with its sub-units), of one employment type when given."""
    conditions = [Employee.is_active.is_(True)]
    if scope is not None:
        conditions.append(unit_subtree_condition(scope.id))
    if employment_type:
        conditions.append(Employee.employment_type == employment_type)
    return conditions


def _hours_in(year: int) -> Any:
    """JP per employee counted in ``year`` (a grouped subquery)."""
    return (select(TrainingRecord.employee_id, func.sum(TrainingRecord.hours_jp).label("jp"))
            .where(*counted_in_year(year)).group_by(TrainingRecord.employee_id).subquery())


def below_target_count(year: int, employment_type: str = "") -> int:
    """How many active employees (of one employment type when given) the report lists below the target: one
    aggregate query."""
    hours = _hours_in(year)
    return db.session.scalar(
        select(func.count()).select_from(Employee).outerjoin(hours, hours.c.employee_id == Employee.id)
        .where(*_in_scope(None, employment_type),
               func.coalesce(hours.c.jp, 0) < current_app.config["TRAINING_HOURS_TARGET_JP"])) or 0


def hours_data(year: int, scope: OrgUnit | None, employment_type: str = "") -> HoursData:
    target = current_app.config["TRAINING_HOURS_TARGET_JP"]
    units, direct = _row_units(scope)
    groups = {unit.id: UnitHours(unit.id, unit.name, target) for unit in units}
    row_ids = set(groups)
    if direct is not None:
        groups[direct.id] = UnitHours(direct.id, _("%(name)s (langsung)", name=direct.name), target)
    in_scope = _in_scope(scope, employment_type)
    hours = _hours_in(year)
    rows = db.session.execute(
        select(Employee.id, Employee.nip, Employee.name, Employee.front_title, Employee.back_title, OrgUnit.name,
               OrgUnit.path, Position.name, func.coalesce(hours.c.jp, 0))
        .join(OrgUnit, OrgUnit.id == Employee.unit_id)
        .join(Position, Position.id == Employee.position_id)
        .outerjoin(hours, hours.c.employee_id == Employee.id)
        .where(*in_scope)).all()
    total = UnitHours(0, "", target)
    people = []
    for employee_id, nip, name, front, back, unit_name, path, position, jp in rows:
        # the row unit on the person's path; else placed in the parent itself (the "direct" row)
        group_id = next((unit_id for unit_id in path_ids(path) if unit_id in row_ids), direct.id if direct else 0)
        if group_id in groups:
            groups[group_id].add(int(jp))
        total.add(int(jp))
        people.append(Person(employee_id, nip, full_name(name, front, back), unit_name, position, group_id, int(jp)))

    month = extract("month", TrainingRecord.ends_on)
    monthly = dict.fromkeys(range(1, 13), (0, 0))
    for number, jp, employees in db.session.execute(
            select(month, func.sum(TrainingRecord.hours_jp), func.count(distinct(TrainingRecord.employee_id)))
            .join(Employee, Employee.id == TrainingRecord.employee_id)
            .where(*counted_in_year(year), *in_scope).group_by(month)).all():
        monthly[int(number)] = (int(jp), int(employees))
    shown = [group for group in groups.values() if group.people]
    return HoursData(year, target, scope, shown, people, total, [monthly[m] for m in range(1, 13)])


# --- the report ---------------------------------------------------------------------------------------------

def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, "#,##0%")


def _integer(value: int) -> str:
    return format_decimal(value, "#,##0")


def _figures(data: HoursData) -> list[tuple[str, str]]:
    total = data.total
    return [
        (_("Pegawai aktif"), _integer(total.people)),
        (_("Mencapai %(target)s JP atau lebih", target=data.target), _integer(total.met)),
        (_("Persentase mencapai target"), _percent(total.share)),
        (_("Rata-rata JP per pegawai"), "—" if total.average is None else format_decimal(total.average, "#,##0.0")),
    ]


def _unit_section(data: HoursData) -> Section:
    ordered = sorted(data.groups, key=lambda group: (-(group.share or 0), group.name.lower()))
    table = Table(_("Kepatuhan %(target)s JP per unit", target=data.target), [
        Column(_("Unit")), Column(_("Pegawai aktif"), "integer"), Column(_("Mencapai target"), "integer"),
        Column(_("Persentase"), "percent"), Column(_("Rata-rata JP"), "decimal"),
        Column(_("Di bawah target"), "integer")],
        [[group.name, group.people, group.met, group.share, group.average, group.below] for group in ordered],
        _("Urut dari persentase tertinggi. Unit tanpa pegawai aktif tidak ditampilkan."))
    chart = charts.bar_chart([group.name for group in ordered], [group.share for group in ordered],
                             title=table.title, value_label=_("Pegawai yang mencapai target"), max_value=1.0,
                             value_format=lambda value: format_percent(value, "#,##0%"), show_title=False,
                             empty_text=_("Tidak ada pegawai aktif."))
    note = _("JP dihitung dari riwayat diklat yang diakui (disetujui dan tidak dicabut) yang tanggal selesainya "
             "dalam tahun %(year)s; 1 JP = 45 menit. Hanya pegawai aktif yang dihitung. Setiap unit dihitung "
             "beserta sub-unitnya; “(langsung)”: pegawai yang ditempatkan langsung di unit induk, bukan di "
             "salah satu sub-unitnya. Mencapai target: %(target)s JP atau lebih dalam setahun.",
             year=data.year, target=data.target)
    return Section(_("Per unit"), [Chart(table.title, chart, table)], note)


def _month_section(data: HoursData) -> Section:
    labels = [format_date(date(data.year, number, 1), "MMM") for number in range(1, 13)]
    rows, cumulative = [], 0
    for number, (jp, employees) in enumerate(data.months, start=1):
        cumulative += jp
        rows.append([format_date(date(data.year, number, 1), "MMMM y"), jp, employees, cumulative,
                     cumulative / data.total.people if data.total.people else None])
    table = Table(_("JP per bulan"), [
        Column(_("Bulan")), Column(_("JP"), "integer"), Column(_("Pegawai yang menyelesaikan pelatihan"), "integer"),
        Column(_("JP kumulatif"), "integer"), Column(_("Rata-rata JP kumulatif per pegawai"), "decimal")], rows,
        _("Bulan: bulan tanggal selesai pelatihan. Rata-rata kumulatif: JP sampai dengan bulan itu dibagi jumlah "
          "pegawai aktif dalam cakupan."))
    chart = charts.line_chart(labels, {_("JP"): [jp for jp, _employees in data.months]}, title=table.title,
                              value_label=_("JP"), value_format=lambda value: format_decimal(value, "#,##0"),
                              show_title=False)
    return Section(_("Tren JP per bulan"), [Chart(table.title, chart, table)])


def _below_section(data: HoursData) -> Section:
    names = {group.unit_id: group.name for group in data.groups}
    below = sorted((person for person in data.people if person.jp < data.target),
                   key=lambda person: (names.get(person.group_id, "").lower(), person.jp, person.name.lower(),
                                       person.nip))
    table = Table(_("Pegawai di bawah target"), [
        Column("NIP", "code"), Column(_("Nama")), Column(_("Unit")), Column(_("Unit kerja")),
        Column(_("Jabatan")), Column(_("JP"), "integer"), Column(_("Kekurangan JP"), "integer")],
        [[person.nip, person.name, names.get(person.group_id, ""), person.unit_name, person.position, person.jp,
          data.target - person.jp] for person in below])
    return Section(_("Pegawai di bawah target"), [table],
                   _("Pegawai aktif dengan JP kurang dari %(target)s pada tahun %(year)s, per unit dan dari JP "
                     "terkecil. Kekurangan: JP yang masih dibutuhkan untuk mencapai target.",
                     target=data.target, year=data.year))


def scope_label(scope: OrgUnit | None) -> str:
    return _("Unit %(name)s (beserta sub-unit)", name=scope.name) if scope is not None else _("Seluruh kota")


def hours_report(year: int, scope: OrgUnit | None, employment_type: str = "") -> Report:
    data = hours_data(year, scope, employment_type)
    filters = [(_("Tahun"), str(year)), (_("Cakupan"), scope_label(scope)),
               *([(_("Jenis pegawai"), employment_type.upper())] if employment_type else []),
               (_("Target"), _("%(target)s JP per pegawai per tahun", target=data.target))]
    sections = [_unit_section(data), _month_section(data), _below_section(data)]
    return Report(KEY, _("Laporan Kepatuhan %(target)s JP Tahun %(year)s", target=data.target, year=year),
                  filters, _figures(data), sections, main_table=_("Pegawai di bawah target"))


def build_hours_report(params: dict[str, Any]) -> Report:
    """The report for the filters of :class:`HoursReportFilters`."""
    year = int(params.get("year") or date.today().year)
    scope = db.session.get(OrgUnit, int(params["unit_id"])) if params.get("unit_id") else None
    return hours_report(year, scope, params.get("employment_type") or "")
