"""Roster import in the browser: upload a file, look at the preview, confirm (post/redirect/get throughout).

The uploaded bytes are stored in the database (``lms.imports``), not on disk: the preview and the
confirmation may be served by different app servers. The preview is recomputed from those bytes on every
request; the confirmation starts a background job (:mod:`lms.roster.tasks`) that applies the preview
only if it is still the one the user confirmed.
"""


from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import access, hr_or_admin
from lms.formtools import ImportConfirmForm, SpreadsheetUploadForm, form_status, spreadsheet_field
from lms.imports.flow import ImportFlow, download, preview_context
from lms.imports.models import Upload
from lms.imports.store import can_open_upload
from lms.jobs import services as jobs
from lms.roster import services as roster
from lms.roster import tasks as roster_tasks
from lms.tabular import file_size

bp = Blueprint("roster", __name__)
flow = ImportFlow(kind=roster.UPLOAD_KIND, preview=roster.preview_roster,
                  upload_endpoint="roster.upload")


class UploadForm(SpreadsheetUploadForm):
    file = spreadsheet_field(_l("Berkas daftar pegawai (CSV atau XLSX)"))

    reader = staticmethod(roster.read_roster)


class RosterConfirmForm(ImportConfirmForm):
    stale_message = _l("Data pegawai berubah sejak pratinjau ditampilkan. Periksa pratinjau terbaru di bawah ini "
                       "lalu konfirmasi lagi.")


@bp.route("/roster", methods=["GET", "POST"])
@access(hr_or_admin)
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        stored = flow.store(current_user, form.file.data.filename, form.content)
        return redirect(url_for("roster.preview", token=stored.token))
    max_size = file_size(current_app.config["ROSTER_MAX_BYTES"])
    return render_template("people/roster_upload.html", form=form, columns=roster.COLUMNS,
                           max_size=max_size), form_status(form)


@bp.get("/roster/template.<any(csv, xlsx):kind>")
@access(hr_or_admin)
def template(kind: str):
    if kind == "csv":
        return download(roster.template_csv(), "templat-impor-pegawai.csv", "text/csv; charset=utf-8")
    return download(roster.template_xlsx(), "templat-impor-pegawai.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _render_preview(stored: Upload, result: roster.RosterPreview, form: RosterConfirmForm,
                    status: int = 200):
    return render_template("people/roster_preview.html", upload=stored, form=form,
                           summary=roster.summary_text(result), **preview_context(result)), status


@bp.get("/roster/<token>")
@access(can_open_upload)
def preview(token: str):
    stored = flow.stored(token)
    result = flow.preview_of(stored)
    if result is None:
        return flow.back_to_upload()
    form = RosterConfirmForm(preview=result, data={"fingerprint": result.fingerprint})
    return _render_preview(stored, result, form)


@bp.get("/roster/<token>/report.csv")
@access(can_open_upload)
def report(token: str):
    result = flow.preview_of(flow.stored(token))
    if result is None:
        return flow.back_to_upload()
    return download(roster.report_csv(result), "laporan-impor.csv", "text/csv; charset=utf-8")


@bp.post("/roster/<token>/confirm")
@access(can_open_upload)
def confirm(token: str):
    stored = flow.stored(token, lock=True)
    result = flow.preview_of(stored)
    if result is None:
        return flow.back_to_upload()
    form = RosterConfirmForm(preview=result)
    if not form.validate_on_submit():
        return _render_preview(stored, result, form, 422)
    # The import runs as a background job, which applies the preview only if it is still the one confirmed.
    params = {"token": token, "valid_only": bool(form.valid_only.data), "fingerprint": form.fingerprint.data}
    job = jobs.submit(current_user, roster_tasks.TASK_NAME, params,
                      _("Impor pegawai: %(file)s", file=stored.filename))
    return redirect(url_for("jobs.job_detail", job_id=job.id))


@bp.post("/roster/<token>/discard")
@access(can_open_upload)
def discard(token: str):
    return flow.discard(token)
