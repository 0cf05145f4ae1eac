"""Dates read the same way on every page and in every message: "28 November 2026" (lms.i18n.long_date, the
``long_date`` filter), never a numeric day-first date beside it."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from courses.completion import services as completion
from lms.domain import DomainError

ROOT = Path(__file__).resolve().parents[1]
NUMERIC_DAY_FIRST = re.compile(r"%d[-/.]%m[-/.]%Y")
# Files for other systems, not people: SIASN's riwayat diklat upload takes dd-MM-yyyy strings
# (data/reference/siasn-riwayat-diklat.md).
MACHINE_FORMATS = {"courses/records/services.py"}


def test_no_page_or_message_writes_a_numeric_date():
    found = [f"{path.relative_to(ROOT)}:{number}"
             for folder in ("lms", "courses", "competencies", "kompeten", "templates")
             for path in sorted((ROOT / folder).rglob("*"))
             if path.suffix in (".py", ".html") and str(path.relative_to(ROOT)) not in MACHINE_FORMATS
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if NUMERIC_DAY_FIRST.search(line)]
    assert not found, "use lms.i18n.long_date (the long_date filter in templates): " + ", ".join(found)


def test_a_refusal_names_its_date_as_the_pages_do(db, make_user, make_workshop):
    last_day = date.today() + timedelta(days=2)
    workshop = make_workshop(status="running", sessions=3, first_day=last_day - timedelta(days=2))
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]
    with pytest.raises(DomainError, match=f"sesi terakhirnya \\({last_day.day} {months[last_day.month - 1]} "
                                          f"{last_day.year}\\)"):
        completion.close_workshop(make_user("trainer"), workshop)
