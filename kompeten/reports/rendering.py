"""Render a :class:`~kompeten.reports.document.Report`: the HTML fragment of the report page, the PDF, XLSX and CSV."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import render_template
from flask_babel import format_datetime, format_decimal, format_percent
from flask_babel import gettext as _

from kompeten.reports.document import Column, Report, Table, iso
from lms.i18n import long_date, long_datetime
from lms.pdf import render_pdf
from lms.tabular import DATE, DECIMAL, INTEGER, PERCENT, TEXT, Sheet, csv_bytes, sheet_title, xlsx_workbook_bytes

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


# Excel number formats of the column kinds; dates are written as dates.
XLSX_FORMATS = {"integer": INTEGER, "decimal": DECIMAL, "percent": PERCENT, "date": DATE, "code": TEXT}


def report_xlsx(report: Report) -> bytes:
    """A first sheet that says what the workbook is (title, filters, date, the tables and their full titles,
    which sheet names cut at Excel's 31 characters), then one sheet per exported table: typed cells in number
    formats (a share reads 25 %), formula-like text neutralised."""
    tables = report.tables()
    taken = {_("Laporan").lower()}
    names = [sheet_title(table.title, taken) for table in tables]
    sheets = [_contents_sheet(report, zip(names, tables, strict=True))]
    sheets += [Sheet(name, [column.label for column in table.columns], table.rows,
                     formats={index: XLSX_FORMATS[column.kind] for index, column in enumerate(table.columns)
                              if column.kind in XLSX_FORMATS})
               for name, table in zip(names, tables, strict=True)]
    return xlsx_workbook_bytes(sheets)


def _contents_sheet(report: Report, named_tables: Iterable[tuple[str, Table]]) -> Sheet:
    rows: list[list[Any]] = [[_("Dibuat"), long_datetime(report.generated_at)]]
    rows += [[str(label), str(value)] for label, value in report.filters]
    rows += [[str(label), str(value)] for label, value in report.figures]
    rows += [[_("Lembar %(name)s", name=name), table.title] for name, table in named_tables]
    return Sheet(_("Laporan"), [_("Laporan"), report.title], rows, widths=(40, 80))


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
