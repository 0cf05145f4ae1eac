"""Kesenjangan Kompetensi: BKPSDM's view of the competency gaps of the city or of one unit (a heat map of sub-units
x competencies, and tables by unit, position, competency, golongan and position kind), the drill-down to the
people below the required level (with a CSV export), and a supervisor's matrix of their direct reports.

Every number comes from :mod:`competencies.gaps` (set-based: a handful of queries whatever the scope); JPM and
its categories from :mod:`competencies.jpm`, whose template helpers this blueprint offers to every template.
"""

import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import format_decimal, format_number, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from competencies import gaps, jpm
from competencies.models import Competency, Framework, Requirement
from competencies.views import TYPE_LABELS
from lms.access import access, hr_or_admin
from lms.downloads import download
from lms.extensions import db
from lms.people import reference
from lms.people.access import is_supervisor
from lms.people.models import EMPLOYMENT_TYPES, POSITION_KINDS, Employee, OrgUnit, Position
from lms.people.queries import direct_reports, employee_search, path_ids, unit_choices
from lms.tabular import csv_bytes

bp = Blueprint("gaps", __name__)

PAGE_SIZE = 50
MAX_ID = 2**31 - 1  # integer primary keys
HEAT_MAP_COLUMNS = gaps.HEAT_MAP_COLUMNS
VIEWS = {
    "peta": _l("Peta kesenjangan"),
    "unit": _l("Per unit"),
    "jabatan": _l("Per jabatan"),
    "kompetensi": _l("Per kompetensi"),
    "golongan": _l("Per golongan"),
    "jenis": _l("Per jenis jabatan"),
}
DEFAULT_VIEW = "peta"
VIEWS_WITH_TYPE_FILTER = ("peta", "kompetensi")  # the people-based tables count every requirement
HEAT_ORDERS = {  # ?urut= of the heat map's rows
    "nama": _l("Nama unit"),
    "kesenjangan": _l("Rata-rata kesenjangan terbesar"),
    "pegawai": _l("Pegawai terbanyak"),
}
TEAM_GAP_CSS = {0: "bg-success-subtle", 1: "bg-warning-subtle", 2: "bg-danger-subtle"}
CSV_HEADER = ("NIP", "Nama", "Jabatan", "Unit", "Level dipersyaratkan", "Level saat ini", "Kesenjangan")


# --- access ------------------------------------------------------------------------------------------------

def supervises_someone(user: Any, **_: Any) -> bool:
    """Whoever has active direct reports (the team page shows only them)."""
    return is_supervisor(user)


# --- formatting for the templates --------------------------------------------------------------------------

def heat_colour(share: float) -> str:
    """Background of a heat-map cell: pale green for no one with a gap, through yellow, to red for everyone.
    Light enough for dark text to stay readable (WCAG AA) at every share."""
    share = min(max(share, 0.0), 1.0)
    return f"hsl({round(120 * (1 - share))}, 70%, {round(90 - 25 * share)}%)"


def decimal2(value: float) -> str:
    return format_decimal(value, "#,##0.00")


def percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, "#,##0%")


@bp.context_processor
def _gap_template_helpers() -> dict[str, Any]:
    return {"heat_colour": heat_colour, "decimal2": decimal2, "percent": percent, "number": format_number,
            "jpm_mapping_ranges": jpm.range_labels(jpm.MAPPING), "views_with_type_filter": VIEWS_WITH_TYPE_FILTER,
            "gap_views": VIEWS, "team_gap_css": TEAM_GAP_CSS}


@bp.app_context_processor
def _jpm_template_helpers() -> dict[str, Any]:
    """JPM figures and their categories for every template (profile, gap pages, career mode, candidates, home)."""
    return jpm.template_helpers()


# --- pagination of rows and of lists -----------------------------------------------------------------------

class RowPagination(Pagination):
    """``db.paginate`` for a select of several columns: the items are rows, not the first entity only."""

    def _query_items(self) -> list[Any]:
        query = self._query_args["select"].options(*self._query_args.get("options", ()))
        return list(db.session.execute(query.limit(self.per_page).offset(self._query_offset)).all())

    def _query_count(self) -> int:
        counted = self._query_args["select"].order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(counted)) or 0


class ListPagination(Pagination):
    """A list computed in memory, shown a page at a time with the same macro as the database lists."""

    def _query_items(self) -> list[Any]:
        return self._query_args["items"][self._query_offset:self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["items"])


# --- the scope: the whole city or one unit -----------------------------------------------------------------

@dataclass
class Scope:
    unit: OrgUnit | None  # the unit chosen, None for the whole city
    parent: OrgUnit | None  # whose children are the rows: the unit, the single root, or None (every root)
    trail: list[OrgUnit]  # the units above the chosen one, root first, for the breadcrumb

    @property
    def unit_id(self) -> int | None:
        return self.unit.id if self.unit else None

    @property
    def parent_id(self) -> int | None:
        return self.parent.id if self.parent else None

    @property
    def drill_unit_id(self) -> int | None:
        """The unit of the drill-down links (None: the whole city, when it has several roots)."""
        return self.parent_id


def _single_root() -> OrgUnit | None:
    roots = db.session.scalars(select(OrgUnit).where(OrgUnit.parent_id.is_(None)).limit(2)).all()
    return roots[0] if len(roots) == 1 else None


def _scope(raw: str) -> Scope:
    """The scope named by the ``unit`` argument: empty for the whole city; not a number is a 400, an unknown
    unit a 404."""
    raw = raw.strip()
    if not raw:
        return Scope(None, _single_root(), [])
    if not (raw.isascii() and raw.isdigit()):  # "²" is a digit to Python but no number
        abort(400, description=_("Unit tidak valid: pilih unit dari daftar."))
    unit = _get_or_404(OrgUnit, int(raw) if len(raw) <= len(str(MAX_ID)) else 0)  # int() refuses 4,300 digits
    above = [unit_id for unit_id in path_ids(unit.path) if unit_id != unit.id]
    names = {u.id: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(above)))} if above else {}
    return Scope(unit, unit, [names[unit_id] for unit_id in above if unit_id in names])


def _get_or_404(model: Any, ident: int) -> Any:
    """``db.get_or_404``, also for ids no row can have (SQLite refuses integers beyond 64 bits)."""
    if not 0 < ident <= MAX_ID:
        abort(404)
    return db.get_or_404(model, ident)


def _row_units(parent_id: int | None) -> list[OrgUnit]:
    condition = OrgUnit.parent_id.is_(None) if parent_id is None else OrgUnit.parent_id == parent_id
    return list(db.session.scalars(select(OrgUnit).where(condition).order_by(OrgUnit.name)))


def _total(people: list[gaps.PersonGaps]) -> gaps.GapSummary:
    total = gaps.GapSummary("total")
    for person in people:
        total.add_person(person)
    return total


# --- the dimension tables ----------------------------------------------------------------------------------

@dataclass
class Line:
    """One row of a dimension table: what it is about and its summary."""

    label: str
    summary: gaps.GapSummary
    detail: str = ""
    unit: OrgUnit | None = None
    position: Position | None = None


def _empty(key: object) -> gaps.GapSummary:
    return gaps.GapSummary(key)


def _unit_lines(people: list[gaps.PersonGaps], scope: Scope) -> list[Line]:
    summaries = gaps.summarise(people, "unit")
    return [Line(unit.name, summaries.get(unit.id) or _empty(unit.id), str(reference.UNIT_KIND_LABELS.get(
        unit.kind, unit.kind)), unit=unit) for unit in _row_units(scope.parent_id)]


def _position_page(people: list[gaps.PersonGaps]) -> ListPagination:
    summaries = sorted(gaps.summarise(people, "position").values(),
                       key=lambda s: (-s.total_gap, -s.people_with_gap, s.key))
    page = ListPagination(per_page=PAGE_SIZE, max_per_page=PAGE_SIZE, items=summaries)
    ids = [summary.key for summary in page.items]
    positions = {p.id: p for p in db.session.scalars(
        select(Position).options(joinedload(Position.unit)).where(Position.id.in_(ids)))} if ids else {}
    page.items = [Line(positions[s.key].name, s, positions[s.key].unit.name, position=positions[s.key])
                  for s in page.items if s.key in positions]
    return page


def _rank_lines(people: list[gaps.PersonGaps]) -> list[Line]:
    summaries = gaps.summarise(people, "rank")

    def order(key: tuple[str, str]) -> tuple:
        employment_type, code = key
        ranks = reference.ranks_for(employment_type)
        type_order = EMPLOYMENT_TYPES.index(employment_type) if employment_type in EMPLOYMENT_TYPES else 99
        return (type_order, ranks.index(code) if code in ranks else len(ranks), code)

    lines = []
    for key in sorted(summaries, key=order):
        employment_type, code = key
        label = code if employment_type == "pns" else f"PPPK {code}"
        detail = reference.rank_title(employment_type, code) if employment_type == "pns" else ""
        lines.append(Line(label, summaries[key], detail))
    return lines


def _kind_lines(people: list[gaps.PersonGaps]) -> list[Line]:
    summaries = gaps.summarise(people, "position_kind")
    kinds = [kind for kind in POSITION_KINDS if kind in summaries]
    kinds += sorted(kind for kind in summaries if kind not in POSITION_KINDS)
    return [Line(str(reference.POSITION_KIND_LABELS.get(kind, kind)), summaries[kind]) for kind in kinds]


@dataclass
class CompetencyLine:
    competency: Competency
    summary: gaps.GapSummary


def _competency_lines(unit_id: int | None, competency_type: str) -> list[CompetencyLine]:
    summaries = gaps.competency_summaries(unit_id)
    query = (select(Competency).options(joinedload(Competency.framework))
             .where(Competency.id.in_(list(summaries))))
    if competency_type:
        query = query.where(Competency.type == competency_type)
    competencies = db.session.scalars(query).all() if summaries else []
    lines = [CompetencyLine(c, summaries[c.id]) for c in competencies]
    return sorted(lines, key=lambda line: (-line.summary.people_with_gap, -line.summary.total_gap,
                                           line.competency.code, line.competency.id))


# --- views -------------------------------------------------------------------------------------------------

@bp.get("/kesenjangan-kompetensi")
@access(hr_or_admin)
def overview():
    scope = _scope(request.args.get("unit", ""))
    view = request.args.get("tampilan", DEFAULT_VIEW)
    view = view if view in VIEWS else DEFAULT_VIEW
    competency_type = request.args.get("tipe", "")
    competency_type = competency_type if competency_type in TYPE_LABELS else ""
    people = gaps.people_gaps(scope.unit_id)
    context: dict[str, Any] = {
        "scope": scope, "view": view, "competency_type": competency_type, "units": unit_choices(),
        "total": _total(people),
        # People placed in the scope unit itself, not in one of its sub-units: not in the rows of the heat map
        # nor of the unit table.
        "placed_directly": sum(1 for person in people if person.unit_id == scope.parent_id),
        "without_requirements": sum(1 for person in people if person.jpm is None),
    }
    if view == "peta":
        order = request.args.get("urut", "")
        context["heat_order"] = order if order in HEAT_ORDERS else "nama"
        context["heat"] = _sorted_heat_map(gaps.heat_map(scope.parent_id, competency_type, HEAT_MAP_COLUMNS),
                                           context["heat_order"])
        context["heat_orders"] = HEAT_ORDERS
        context["min_people"] = current_app.config["HEATMAP_MIN_PEOPLE"]
    elif view == "unit":
        context["lines"] = _unit_lines(people, scope)
    elif view == "jabatan":
        context["page"] = _position_page(people)
    elif view == "kompetensi":
        context["competency_lines"] = _competency_lines(scope.unit_id, competency_type)
    elif view == "golongan":
        context["lines"] = _rank_lines(people)
    else:
        context["lines"] = _kind_lines(people)
    return render_template("competencies/gaps_overview.html", **context)


def _sorted_heat_map(heat: gaps.HeatMap, order: str) -> gaps.HeatMap:
    """The rows by name (as they come), by average gap (largest first; rows without a requirement last) or by
    people (most first); ties by name."""
    if order == "kesenjangan":
        heat.units.sort(key=lambda unit: (heat.average_gap(unit.id) is None, -(heat.average_gap(unit.id) or 0)))
    elif order == "pegawai":
        heat.units.sort(key=lambda unit: -heat.people.get(unit.id, 0))
    return heat


def _filename_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


@bp.get("/kesenjangan-kompetensi/kompetensi/<int:competency_id>", defaults={"unit_id": None})
@bp.get("/kesenjangan-kompetensi/unit/<int:unit_id>/kompetensi/<int:competency_id>")
@access(hr_or_admin)
def drilldown(competency_id: int, unit_id: int | None):
    """The people of a unit (with its sub-units; the whole city without a unit) below the level a competency
    is required at, largest gap first; ``?format=csv`` gives all of them as a spreadsheet."""
    competency = _get_or_404(Competency, competency_id)
    unit = _get_or_404(OrgUnit, unit_id) if unit_id is not None else None
    search = request.args.get("q", "").strip()
    query = gaps.people_with_gap(unit_id, competency_id).where(*employee_search(search))
    eager = (joinedload(Employee.position), joinedload(Employee.unit))
    if request.args.get("format") == "csv":
        rows = db.session.execute(query.options(*eager)).all()
        data = csv_bytes(CSV_HEADER, ([employee.nip, employee.full_name, employee.position.name, employee.unit.name,
                                       required, current, max(0, required - current)]
                                      for employee, required, current in rows))
        name = f"kesenjangan-{_filename_part(competency.code)}-{_filename_part(unit.code) if unit else 'kota'}.csv"
        return download(data, name, "text/csv; charset=utf-8")
    page = RowPagination(per_page=PAGE_SIZE, max_per_page=PAGE_SIZE, select=query, options=eager)
    requiring = db.session.scalar(select(func.count()).select_from(gaps.requirement_rows(
        gaps.in_unit(unit_id), Requirement.competency_id == competency_id).subquery())) or 0
    with_gap = page.total if not search else db.session.scalar(select(func.count()).select_from(
        gaps.people_with_gap(unit_id, competency_id).order_by(None).subquery())) or 0
    framework = db.session.get(Framework, competency.framework_id)
    return render_template("competencies/gaps_drilldown.html", competency=competency, framework=framework,
                           unit=unit, page=page, search=search, requiring=requiring, with_gap=with_gap)


@bp.get("/tim-saya/kesenjangan-kompetensi")
@access(supervises_someone)
def team():
    """The supervisor's direct reports against their positions' requirements, one cell per competency."""
    matrix = gaps.team_matrix(direct_reports(current_user.employee_id))
    gap_counts = {competency.id: sum(1 for employee in matrix.employees
                                     if (matrix.gap(employee.id, competency.id) or 0) > 0)
                  for competency in matrix.competencies}
    total_gaps = {employee.id: sum(matrix.gap(employee.id, competency.id) or 0
                                   for competency in matrix.competencies) for employee in matrix.employees}
    with_gaps_only = request.args.get("hanya") == "kesenjangan"  # the home page's "subordinates with gaps"
    if with_gaps_only:
        matrix.employees = [employee for employee in matrix.employees if total_gaps[employee.id]]
    return render_template("competencies/gaps_team.html", matrix=matrix, gap_counts=gap_counts,
                           total_gaps=total_gaps, with_gaps_only=with_gaps_only)
