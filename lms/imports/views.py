"""The one browser flow of every spreadsheet import: upload (on the kind's own page, which calls
:func:`start`), preview, report, confirm or discard (here, for every registered kind; post/redirect/get).

The uploaded bytes are stored in the database (:mod:`lms.imports.store`), not on disk: the preview and the
confirmation may be served by different app servers. The preview is recomputed from those bytes on every
request, and the confirmation is checked against the preview the user saw (the confirm form's fingerprint).
"""

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.access import access
from lms.domain import Actor, DomainError
from lms.downloads import download
from lms.extensions import db
from lms.imports import registry, store
from lms.imports.models import Upload
from lms.imports.registry import ImportKind
from lms.imports.store import can_open_upload
from lms.tabular import FileError

bp = Blueprint("imports", __name__, url_prefix="/impor")

SAMPLE_SIZE = 100  # preview rows shown per outcome other than "error"
ERRORS_SHOWN = 1000  # error rows shown on the preview page; the downloadable report lists them all


def start(kind: ImportKind, actor: Actor, filename: str, content: bytes, scope_id: int | None = None) -> Response:
    """Store an upload the kind's upload page accepted, and show its preview."""
    stored = store.store_upload(actor, filename, content, kind.name, scope_id)
    return redirect(url_for("imports.preview", slug=kind.slug, token=stored.token))


def _kind(slug: str) -> ImportKind:
    kind = registry.kind_at(slug)
    if kind is None:
        abort(404)
    return kind


def _stored(kind: ImportKind, token: str, lock: bool = False) -> Upload:
    """The stored upload, or 404 (unknown token, or an upload of another kind)."""
    stored = store.find_upload(token, kind.name, lock=lock)
    if stored is None:
        abort(404)
    return stored


def _preview(kind: ImportKind, stored: Upload) -> Any | None:
    """The preview, or None after flashing why the file cannot be read."""
    try:
        return kind.preview(stored)
    except FileError as error:  # only if the limits changed since the upload
        flash(error.message, "danger")
        return None


def _back_to_upload(kind: ImportKind, stored: Upload) -> Response:
    return redirect(kind.upload_url(stored.scope_id))


def preview_context(preview: Any) -> dict[str, Any]:
    """What every preview page shows of row-by-row previews: the counts, the error rows and a sample of the
    other rows."""
    samples = {outcome: preview.rows_with(outcome)[:SAMPLE_SIZE] for outcome in ("updated", "new", "unchanged")}
    return {"counts": preview.counts, "errors": preview.rows_with("error")[:ERRORS_SHOWN], "samples": samples}


def _render(kind: ImportKind, stored: Upload, preview: Any, form: Any, status: int = 200):
    context = preview_context(preview) if hasattr(preview, "rows_with") else {}
    return render_template(kind.page, kind=kind, upload=stored, preview=preview, form=form,
                           sample_size=SAMPLE_SIZE, **context, **kind.context(stored, preview)), status


@bp.get("/<slug>/<token>")
@access(can_open_upload)
def preview(slug: str, token: str):
    import_kind = _kind(slug)
    stored = _stored(import_kind, token)
    result = _preview(import_kind, stored)
    if result is None:
        return _back_to_upload(import_kind, stored)
    return _render(import_kind, stored, result, import_kind.confirm_form.shown(result))


@bp.get("/<slug>/<token>/laporan.csv")
@access(can_open_upload)
def report(slug: str, token: str):
    import_kind = _kind(slug)
    if import_kind.report is None:
        abort(404)
    stored = _stored(import_kind, token)
    result = _preview(import_kind, stored)
    if result is None:
        return _back_to_upload(import_kind, stored)
    return download(import_kind.report(result), import_kind.report_filename, "text/csv; charset=utf-8")


@bp.post("/<slug>/<token>/konfirmasi")
@access(can_open_upload)
def confirm(slug: str, token: str):
    import_kind = _kind(slug)
    stored = _stored(import_kind, token, lock=True)  # a double click confirms once: the second finds it gone
    result = _preview(import_kind, stored)
    if result is None:
        return _back_to_upload(import_kind, stored)
    form = import_kind.confirm_form(preview=result)
    if not form.validate_on_submit():
        return _render(import_kind, stored, result, form, 422)
    try:
        confirmed = import_kind.confirm(current_user, stored, result, form)
        if not confirmed.upload_in_use:
            store.discard_upload(stored)
    except DomainError as error:  # e.g. the class was completed meanwhile
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for(".preview", slug=slug, token=token))
    except IntegrityError:  # someone wrote the same record meanwhile
        db.session.rollback()
        flash(str(import_kind.conflict_message), "warning")
        return redirect(url_for(".preview", slug=slug, token=token))
    if confirmed.message:
        flash(confirmed.message, "success")
    return redirect(confirmed.url)


@bp.post("/<slug>/<token>/batal")
@access(can_open_upload)
def discard(slug: str, token: str):
    """Drop the stored upload (nothing imported) and return to the upload page."""
    import_kind = _kind(slug)
    stored = _stored(import_kind, token, lock=True)
    back = _back_to_upload(import_kind, stored)
    flash(_("Unggahan %(file)s dibatalkan; tidak ada data yang diubah.", file=stored.filename), "info")
    store.discard_upload(stored)
    return back
