"""Laporan (HR): the list of reports, each report as a page with its filters, and its exports (PDF, XLSX,
CSV) made by a background job whose page shows the progress and the download."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kompeten.reports.registry import REPORTS, ReportSpec
from kompeten.reports.rendering import FORMATS, report_html
from lms.access import access, hr_or_admin
from lms.formtools import form_status
from lms.jobs import services as jobs

bp = Blueprint("reports", __name__)

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "XLSX", "csv": "CSV"}


def _spec(kind: str) -> ReportSpec:
    spec = REPORTS.get(kind)
    if spec is None:
        abort(404)
    return spec


@bp.get("/laporan")
@access(hr_or_admin)
def report_list():
    return render_template("reports/index.html", reports=REPORTS.values())


@bp.get("/laporan/<kind>")
@access(hr_or_admin)
def report_page(kind: str):
    """The filters, and the report once they are submitted (``tampilkan``) and valid."""
    spec = _spec(kind)
    form = spec.form(request.args)
    submitted = "tampilkan" in request.args
    body = report_html(spec.build(form.params())) if submitted and form.validate() else None
    return render_template("reports/report_page.html", spec=spec, form=form, body=body,
                           formats=FORMAT_LABELS), form_status(form)


@bp.post("/laporan/<kind>/ekspor")
@access(hr_or_admin)
def export(kind: str):
    """Start the export job for the filters of the query string; its page shows the progress."""
    spec = _spec(kind)
    form = spec.form(request.args)
    kind_of_file = request.form.get("format", "")
    if kind_of_file not in FORMATS or not form.validate():
        abort(400)
    label = _("%(title)s (%(format)s)", title=spec.title, format=FORMAT_LABELS[kind_of_file])
    job = jobs.submit(current_user, "report", {"kind": kind, "filters": form.params(), "file_format": kind_of_file},
                      label)
    return redirect(url_for("jobs.job_detail", job_id=job.id))
