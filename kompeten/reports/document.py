"""A report as plain data, rendered the same way to an HTML page, a PDF (WeasyPrint, A4), XLSX and CSV.

A report has a title, the filters it was made with, key figures, and sections of tables and charts. Every
chart carries the table of its numbers, so that what a chart shows can always be read as text. Cells hold raw
values (numbers, dates, text); the column's kind says how to show them: Indonesian number and date formats on
the page and in the PDF, plain numbers and ISO dates in CSV, typed cells in XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from lms.extensions import utcnow

COLUMN_KINDS = ("text", "integer", "decimal", "percent", "date", "code")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # one of COLUMN_KINDS; "percent" values are shares (0.25 shows as 25%)

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind}")


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    export: bool = True  # a sheet of the XLSX (and the CSV when it is the report's main table)


@dataclass
class Chart:
    title: str
    svg: Markup  # from lms.charts
    table: Table  # the numbers the chart shows


@dataclass
class Section:
    title: str
    items: list[Table | Chart] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    kind: str  # the report's key, used in file names
    title: str
    filters: list[tuple[str, str]]  # (label, value) of the filters used, printed under the title
    figures: list[tuple[str, str]] = field(default_factory=list)  # key figures: (label, formatted value)
    sections: list[Section] = field(default_factory=list)
    generated_at: datetime = field(default_factory=utcnow)  # naive UTC, shown in Asia/Jakarta
    main_table: str = ""  # title of the table the CSV export holds (default: the first exported table)

    def tables(self) -> list[Table]:
        """Every exported table, those behind charts included, in the order of the report."""
        found = []
        for section in self.sections:
            for item in section.items:
                table = item.table if isinstance(item, Chart) else item
                if table.export:
                    found.append(table)
        return found

    def csv_table(self) -> Table | None:
        tables = self.tables()
        return next((table for table in tables if table.title == self.main_table), tables[0] if tables else None)


def iso(value: Any) -> Any:
    """A value for CSV: ISO dates, numbers as they are."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value
