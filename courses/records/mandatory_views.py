"""HR's list of mandatory training owed and not completed (pelatihan wajib), per unit and programme, with exports."""

from datetime import date

from flask import Blueprint, current_app, render_template, request
from flask_babel import force_locale

from competencies.gap_views import RowPagination
from courses.models import MANDATORY_PROGRAMME_LABELS, MANDATORY_PROGRAMMES
from courses.records.mandatory import lacking_query, programme_counts
from lms.access import access, hr_or_admin
from lms.downloads import download
from lms.extensions import db
from lms.input_rules import database_int
from lms.people.models import OrgUnit
from lms.people.queries import unit_choices
from lms.tabular import TEXT, csv_bytes, xlsx_bytes

bp = Blueprint("mandatory", __name__)

EXPORT_HEADER = ("NIP", "Nama", "Jabatan", "Unit", "Pelatihan wajib")
EXPORT_WIDTHS = (22, 36, 40, 40, 40)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(unit: OrgUnit | None, programme: str | None, kind: str):
    with force_locale("id"):  # the file goes to BKPSDM's own records: always in Indonesian
        rows = [(employee.nip, employee.full_name, position_name, unit_name, str(MANDATORY_PROGRAMME_LABELS[owed]))
                for employee, owed, position_name, unit_name in db.session.execute(
                    lacking_query(date.today(), unit.id if unit else None, programme))]
    name = f"pelatihan-wajib-{unit.code if unit else 'kota'}-{date.today():%Y%m%d}.{kind}"
    if kind == "xlsx":
        return download(xlsx_bytes("Pelatihan wajib", EXPORT_HEADER, rows, EXPORT_WIDTHS, {0: TEXT}), name, XLSX)
    return download(csv_bytes(EXPORT_HEADER, rows), name, "text/csv; charset=utf-8")


@bp.get("/diklat/pelatihan-wajib")
@access(hr_or_admin)
def owed():
    unit_id = request.args.get("unit", type=database_int)
    unit = None if unit_id is None else db.get_or_404(OrgUnit, unit_id)
    programme = request.args.get("program") if request.args.get("program") in MANDATORY_PROGRAMMES else None
    export = request.args.get("format", "")
    if export in ("csv", "xlsx"):
        return _export(unit, programme, export)
    size = current_app.config["PAGE_SIZE"]
    page = RowPagination(per_page=size, max_per_page=size, select=lacking_query(date.today(), unit_id, programme))
    return render_template("courses/records/mandatory.html", page=page, unit=unit, programme=programme,
                           counts=programme_counts(date.today(), unit_id), units=unit_choices(),
                           labels=MANDATORY_PROGRAMME_LABELS)
