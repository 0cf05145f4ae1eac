"""Roster import in the browser: the upload page, the templates, and the roster's import kind (its preview,
report and confirmation pages are the shared ones of :mod:`lms.imports.views`). The confirmation starts a
background job (:mod:`lms.roster.tasks`) that applies the preview only if it is still the one the user confirmed.
"""


from flask import Blueprint, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.access import access, hr_or_admin
from lms.downloads import download
from lms.formtools import ImportConfirmForm, SpreadsheetUploadForm, form_status, spreadsheet_field
from lms.imports import registry
from lms.imports import views as imports
from lms.imports.models import Upload
from lms.imports.registry import Confirmed, ImportKind
from lms.jobs import services as jobs
from lms.roster import tasks as roster_tasks
from lms.roster.columns import COLUMNS, UPLOAD_KIND, read_roster, template_csv, template_xlsx
from lms.roster.preview import RosterPreview, preview_roster, report_csv
from lms.tabular import file_size

bp = Blueprint("roster", __name__)


class UploadForm(SpreadsheetUploadForm):
    file = spreadsheet_field(_l("Berkas daftar pegawai (CSV atau XLSX)"))

    reader = staticmethod(read_roster)


class RosterConfirmForm(ImportConfirmForm):
    stale_message = _l("Data pegawai berubah sejak pratinjau ditampilkan. Periksa pratinjau terbaru di bawah ini "
                       "lalu konfirmasi lagi.")


@bp.route("/impor-pegawai", methods=["GET", "POST"])
@access(hr_or_admin)
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        return imports.start(KIND, current_user, form.file.data.filename, form.content)
    max_size = file_size(current_app.config["ROSTER_MAX_BYTES"])
    return render_template("people/roster_upload.html", form=form, columns=COLUMNS,
                           max_size=max_size), form_status(form)


@bp.get("/impor-pegawai/templat.<any(csv, xlsx):kind>")
@access(hr_or_admin)
def template(kind: str):
    if kind == "csv":
        return download(template_csv(), "templat-impor-pegawai.csv", "text/csv; charset=utf-8")
    return download(template_xlsx(), "templat-impor-pegawai.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _confirm(actor, stored: Upload, _preview: RosterPreview, form: RosterConfirmForm) -> Confirmed:
    """The import runs as a background job, which applies the preview only if it is still the one confirmed,
    then discards the upload."""
    params = {"token": stored.token, "valid_only": bool(form.valid_only.data), "fingerprint": form.fingerprint.data}
    job = jobs.submit(actor, roster_tasks.TASK_NAME, params, _("Impor pegawai: %(file)s", file=stored.filename))
    return Confirmed(url_for("jobs.job_detail", job_id=job.id), upload_in_use=True)


KIND = registry.register(ImportKind(
    name=UPLOAD_KIND,
    slug="pegawai",
    preview=lambda stored: preview_roster(stored.filename, stored.content),
    confirm=_confirm,
    may_import=lambda user, _scope: hr_or_admin(user),
    upload_url=lambda _scope: url_for("roster.upload"),
    parts="people/roster_import.html",
    confirm_form=RosterConfirmForm,
    report=report_csv,
))
