"""The browser flow shared by the spreadsheet imports (roster, requirements, scores, Moodle): upload, preview,
confirm.

Each import keeps its uploads in the database (:class:`lms.imports.models.Upload`, by kind) and recomputes the
preview from the stored bytes on every request; :class:`ImportFlow` holds what differs between the imports (how
an upload is found, how its preview is computed, where the upload page is) and does the steps that are the same.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _

from lms.domain import Actor
from lms.imports import store
from lms.imports.models import Upload
from lms.tabular import FileError

SAMPLE_SIZE = 100  # preview rows shown per outcome other than "error"
ERRORS_SHOWN = 1000  # error rows shown on the preview page; the downloadable report lists them all


def download(data: bytes, filename: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@dataclass(frozen=True)
class ImportFlow:
    kind: str  # of the stored uploads: one import never sees another's
    preview: Callable[[str, bytes], Any]  # (filename, content) -> the import's preview
    upload_endpoint: str

    def store(self, actor: Actor | None, filename: str, content: bytes) -> Upload:
        return store.store_upload(actor, filename, content, self.kind)

    def stored(self, token: str, lock: bool = False) -> Upload:
        """The stored upload, or 404 (unknown token, or an upload of another import)."""
        stored = store.find_upload(token, self.kind, lock=lock)
        if stored is None:
            abort(404)
        return stored

    def preview_of(self, stored: Upload) -> Any | None:
        """The preview, or None after flashing why the file cannot be read."""
        try:
            return self.preview(stored.filename, stored.content)
        except FileError as error:  # only if the limits changed since the upload
            flash(error.message, "danger")
            return None

    def back_to_upload(self) -> Response:
        return redirect(url_for(self.upload_endpoint))

    def discard(self, token: str) -> Response:
        """Drop the stored upload (nothing imported) and return to the upload page."""
        stored = self.stored(token, lock=True)
        filename = stored.filename
        store.discard_upload(stored)
        flash(_("Unggahan %(file)s dibatalkan; tidak ada data yang diubah.", file=filename), "info")
        return self.back_to_upload()


def preview_context(result: Any) -> dict[str, Any]:
    """What both preview pages show: the counts, the error rows and a sample of the other rows."""
    samples = {outcome: result.rows_with(outcome)[:SAMPLE_SIZE] for outcome in ("updated", "new", "unchanged")}
    return {"preview": result, "counts": result.counts, "errors": result.rows_with("error")[:ERRORS_SHOWN],
            "samples": samples}
