"""The background job that makes a report's file."""

from typing import Any

from flask_babel import gettext as _

from kompeten.reports.registry import REPORTS
from kompeten.reports.rendering import FORMATS, filename, render
from lms.jobs.tasks import JobContext, JobResult, task


@task("report")
def make_report(context: JobContext, kind: str, filters: dict[str, Any], file_format: str) -> JobResult:
    context.progress(0, 2, _("Menghitung data laporan"))
    report = REPORTS[kind].build(filters)
    context.progress(1, 2, _("Menyusun berkas %(format)s", format=file_format.upper()))
    data = render(report, file_format)
    context.progress(2, 2, _("Selesai"))
    return JobResult(data, filename(report, file_format), FORMATS[file_format])
