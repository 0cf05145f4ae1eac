"""The background job that applies a confirmed roster upload (the web flow; the CLI imports synchronously).

The view has checked the confirmation against the preview it computed; the job recomputes the preview in its
own transaction and applies it only if it is still the one the user confirmed (same fingerprint).
"""

import logging
import os

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from lms.domain import DomainError
from lms.imports import store
from lms.jobs.tasks import JobContext, JobResult, task
from lms.notifications.services import app_path
from lms.roster.columns import UPLOAD_KIND
from lms.roster.preview import preview_roster, report_csv
from lms.roster.services import apply_roster

logger = logging.getLogger(__name__)

TASK_NAME = "roster.import"


def report_filename(upload_filename: str) -> str:
    return f"laporan-impor-{os.path.splitext(upload_filename)[0] or 'pegawai'}.csv"


@task(TASK_NAME)
def import_roster(context: JobContext, token: str, valid_only: bool, fingerprint: str) -> JobResult:
    context.progress(0, 1, _("Memeriksa berkas dan data pegawai"))
    # A second job for the same upload waits for the lock, then finds it gone.
    stored = store.find_upload(token, UPLOAD_KIND, lock=True)
    if stored is None:
        raise DomainError(_("Unggahan ini sudah diimpor atau dibatalkan; tidak ada data yang diubah."))
    filename = stored.filename
    preview = preview_roster(filename, stored.content)  # a FileError is a DomainError: its reason shows
    if preview.fingerprint != fingerprint:
        raise DomainError(_("Data pegawai berubah sejak pratinjau dikonfirmasi; unggah atau buka pratinjau lagi."))
    try:
        summary = apply_roster(context.actor, preview, filename, valid_only=valid_only,
                                      progress=context.progress)
        store.discard_upload(stored)
    except IntegrityError as error:  # another import or edit wrote the same NIP or e-mail meanwhile
        # the constraint's name, not the database's message: that quotes the NIP or e-mail
        logger.info("roster import of %s collided with another write (%s)", filename,
                    getattr(getattr(error.orig, "diag", None), "constraint_name", None) or type(error.orig).__name__)
        raise DomainError(_("Data pegawai berubah selama impor berlangsung; tidak ada yang disimpan. Periksa "
                            "pratinjau lalu konfirmasi lagi.")) from error
    context.progress(1, 1, _("Impor %(file)s selesai: %(created)s baru, %(updated)s diperbarui, %(unchanged)s "
                             "tidak berubah, %(skipped)s dilewati.", file=filename, created=summary.created,
                             updated=summary.updated, unchanged=summary.unchanged, skipped=summary.skipped))
    return JobResult(report_csv(preview, summary), report_filename(filename), "text/csv; charset=utf-8",
                     url=app_path("people.employee_list"))
