"""Rules every request's input obeys, app-wide, so that odd or hostile input gets a 4xx answer, never a 500.

- **Ids in URLs** (``<int:...>``) match 0 to :data:`MAX_ID`, the largest PostgreSQL ``integer``: a longer number
  is a 404 like any id that does not exist, never a query the database refuses (:class:`IdConverter`).
- **Ids in query strings** are read with :func:`id_arg` (ASCII digits up to :data:`MAX_ID`, else none) or, where
  ``request.args.get(name, type=...)`` reads them, with ``type=database_int``.
- **Control characters**: a request whose path or query string holds a control character other than a tab
  (NUL, CR, LF, ...), or whose form fields (names or values; uploaded files are not looked at) hold NUL, is
  refused with 400 and a message (:func:`refuse_control_characters`). Nobody types them, PostgreSQL cannot store
  NUL in text, and CR/LF in a value that ends up in a header (a ``next`` address) would split it. Form fields
  may hold CR, LF and tabs: a textarea sends them.
- **Page numbers** (``?page=``) are clamped to 1..\\ :data:`MAX_PAGE`: anything else (negative, not a number,
  longer than any offset the database takes) gives the first or the last possible page (:func:`requested_page`,
  used by ``db.paginate``).
"""

import re

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL integer, the type of every id column
MIN_INT = -(2**31)
MAX_PAGE = 100_000  # far beyond the last page of any list; keeps OFFSET within what every database takes
MAX_PER_PAGE = 100

# C0 control characters except the tab; DEL is harmless and left alone.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")


class IdConverter(IntegerConverter):
    """The ``int`` URL converter with a maximum: the largest id the database can hold."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max,
                         signed=signed)


def install(app: Flask) -> None:
    """Register the rules on the app (before its blueprints, so that every ``<int:...>`` rule uses the converter)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters)


def refuse_control_characters() -> None:
    """400 for control characters in the path or the query string, or NUL in a form field."""
    if _CONTROL.search(request.path) or any(_CONTROL.search(key) or _CONTROL.search(value)
                                            for key, value in request.args.items(multi=True)):
        raise BadRequest(_("Alamat halaman berisi karakter kendali yang tidak diizinkan."))
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and any(
            "\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)):
        raise BadRequest(_("Formulir berisi karakter NUL yang tidak diizinkan. Hapus karakter itu lalu kirim "
                           "kembali."))


def database_int(value: str) -> int:
    """``int`` for ``request.args.get(name, type=database_int)``: a number in PostgreSQL's integer range written
    in ASCII digits, else ValueError (and the argument's default)."""
    text = value.strip()
    if not (text.removeprefix("-").isascii() and text.removeprefix("-").isdigit()) or len(text) > 11:
        raise ValueError(value)
    number = int(text)
    if not MIN_INT <= number <= MAX_ID:
        raise ValueError(value)
    return number


def id_arg(name: str) -> int | None:
    """The query argument ``name`` as an id (0 included), or None when it is not one the database can hold."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 10 or int(value) > MAX_ID:
        return None
    return int(value)


def requested_page(name: str = "page", maximum: int = MAX_PAGE) -> int:
    """The page number of the query string, clamped to 1..maximum (1 when it is not a number)."""
    value = request.args.get(name, "").strip()
    digits = value.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        return 1
    if value.startswith("-") or len(digits) > len(str(maximum)):
        return 1 if value.startswith("-") else maximum
    return min(max(1, int(digits)), maximum)
