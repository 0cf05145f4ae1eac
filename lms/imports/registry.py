"""The kinds of spreadsheet import (roster, requirements, scores, Moodle frameworks, and the next ones): what
differs between them. :mod:`lms.imports.views` does the steps that are the same (preview, report, confirm,
discard) for every registered kind.

A kind is registered by the feature that owns it (next to its upload page), so this module knows none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from lms.domain import Actor
from lms.imports.models import Upload

CONFLICT = _l("Data berubah selama impor berlangsung; tidak ada yang disimpan. Periksa pratinjau lalu konfirmasi "
              "lagi.")


@dataclass(frozen=True)
class Confirmed:
    """Where a confirmed import sends its user, and what it tells them (None: the next page says it)."""

    url: str
    message: str | None = None
    upload_in_use: bool = False  # a background job applies the upload, then discards it


@dataclass(frozen=True)
class ImportKind:
    name: str  # ``Upload.kind`` of its stored uploads
    slug: str  # its segment in the import URLs (/impor/<slug>/<token>), in Indonesian like every URL
    preview: Callable[[Upload], Any]  # the stored upload's preview (computed again on every request)
    confirm: Callable[[Actor, Upload, Any, Any], Confirmed]  # (actor, upload, preview, valid confirm form)
    may_import: Callable[[Any, int | None], bool]  # (user, upload's scope): may see and confirm its uploads
    upload_url: Callable[[int | None], str]  # the upload page, for a scope
    parts: str | None  # the template of its parts of the shared preview page (see imports/preview.html)
    confirm_form: type  # built with ``preview=``; ``shown(preview)`` builds the one first shown
    report: Callable[[Any], bytes] | None = None  # the preview as a downloadable CSV, row by row
    report_filename: str = "laporan-impor.csv"
    page: str = "imports/preview.html"  # another page only for a preview that is not row by row
    context: Callable[[Upload, Any], dict[str, Any]] = field(default=lambda _upload, _preview: {})
    conflict_message: Any = CONFLICT  # someone wrote the same record while the import ran


_KINDS: dict[str, ImportKind] = {}  # by slug


def register(kind: ImportKind) -> ImportKind:
    if any(known.name == kind.name for known in _KINDS.values()) or _KINDS.setdefault(kind.slug, kind) is not kind:
        raise ValueError(f"import kind {kind.name!r} ({kind.slug}) is registered twice")
    return kind


def kind_at(slug: str) -> ImportKind | None:
    return _KINDS.get(slug)


def kind_named(name: str) -> ImportKind | None:
    """The kind of a stored upload (``Upload.kind``)."""
    return next((kind for kind in _KINDS.values() if kind.name == name), None)
