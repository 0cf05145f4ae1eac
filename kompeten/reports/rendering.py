"""Render a :class:`~kompeten.reports.document.Report`: the HTML fragment of the report page, the PDF, XLSX and CSV."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import format_datetime, format_decimal, format_percent

from kompeten.reports.document import Column, Report, iso
from lms.i18n import long_date, long_datetime
from lms.pdf import render_pdf
from lms.tabular import csv_bytes, xlsx_workbook_bytes

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"pdf": "application/pdf", "xlsx": XLSX_MIMETYPE, "csv": "text/csv; charset=utf-8"}


def cell_text(column: Column, value: Any) -> str:
    """A cell as the page and the PDF show it: Indonesian numbers and dates."""
    if value is None or value == "":
        return "—"
    if column.kind == "integer":
        return format_decimal(value, "#,##0")
    if column.kind == "decimal":
        return format_decimal(value, "#,##0.00")
    if column.kind == "percent":
        return format_percent(value, "#,##0%")
    if column.kind == "date":
        return long_date(value)
    return str(value)


def _context(report: Report) -> dict[str, Any]:
    return {"report": report, "cell_text": cell_text, "generated": long_datetime(report.generated_at)}


PAGE_ROWS = 200  # rows of a table shown on the page; the exports hold them all
# Rows of a table in the PDF (WeasyPrint takes about 13 ms and 150 KB per row: a city-wide list of thousands
# would take minutes and gigabytes); the XLSX and CSV hold them all.
PDF_ROWS = 1000


def report_html(report: Report) -> str:
    """The report's body for a page (templates/reports/_report.html), charts inline."""
    return render_template("reports/_report.html", row_limit=PAGE_ROWS, **_context(report))


def report_pdf(report: Report) -> bytes:
    return render_pdf(render_template("pdf/report.html", row_limit=PDF_ROWS, **_context(report)))


def report_xlsx(report: Report) -> bytes:
    """One sheet per exported table; typed cells (numbers, dates), formula-like text neutralised."""
    sheets = [(table.title, [column.label for column in table.columns], table.rows) for table in report.tables()]
    return xlsx_workbook_bytes(sheets or [("Laporan", ["Laporan"], [[report.title]])])


def report_csv(report: Report) -> bytes:
    """The report's main table; ISO dates, plain numbers."""
    table = report.csv_table()
    if table is None:
        return csv_bytes(["Laporan"], [[report.title]])
    return csv_bytes([column.label for column in table.columns], ([iso(value) for value in row] for row in table.rows))


def render(report: Report, kind: str) -> bytes:
    return {"pdf": report_pdf, "xlsx": report_xlsx, "csv": report_csv}[kind](report)


def filename(report: Report, kind: str) -> str:
    """"laporan-kesenjangan-20261129-1109.pdf", in local time like the report's date."""
    return f"laporan-{report.kind}-{format_datetime(report.generated_at, 'yyyyMMdd-HHmm')}.{kind}"
