"""Helpers shared by the tests."""

import html as html_entities
import re
from datetime import date

PASSWORD = "rahasia-uji-123"  # of every test user unless a test says otherwise


def make_nip(birth: date = date(1990, 5, 17), tmt: tuple[int, int] = (2015, 3), gender: int = 1,
             sequence: int = 1) -> str:
    """A valid PNS NIP."""
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{gender}{sequence:03d}"


def make_ni_pppk(birth: date = date(1992, 3, 15), year: int = 2023, gender: int = 2, sequence: int = 1) -> str:
    """A valid NI PPPK: birth date, year of first appointment, a contract code (21), gender, sequence."""
    return f"{birth:%Y%m%d}{year:04d}21{gender}{sequence:03d}"


def page_text(response) -> str:
    """The visible text of an HTML response, whitespace collapsed (for assertions on what users read)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_entities.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
