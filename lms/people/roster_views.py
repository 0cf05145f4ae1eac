"""Roster import in the browser: upload a file, look at the preview, confirm (post/redirect/get throughout).

The uploaded bytes are stored in the database (``RosterUpload``), not on disk: the preview and the
confirmation may be served by different app servers. The preview is recomputed from those bytes on every
request, and the confirmation applies a preview computed in its own transaction.
"""

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.access import access, hr_or_admin
from lms.extensions import db
from lms.formtools import ImportConfirmForm, SpreadsheetUploadForm, spreadsheet_field
from lms.import_flow import ImportFlow, download, preview_context
from lms.people import roster
from lms.people.models import RosterUpload
from lms.tabular import file_size

bp = Blueprint("roster", __name__)
flow = ImportFlow(find_upload=roster.find_upload, preview=roster.preview_roster, upload_endpoint="roster.upload")


def can_open_upload(user: Any, token: str, **_: Any) -> bool:
    """HR and admins; an upload is seen and confirmed only by whoever uploaded it, or an admin."""
    if not hr_or_admin(user):
        return False
    owner_id = roster.upload_owner_id(token)
    return owner_id is None or owner_id == user.id or user.has_role("admin")  # None: the view answers 404


class RosterUploadForm(SpreadsheetUploadForm):
    file = spreadsheet_field(_l("Berkas daftar pegawai (CSV atau XLSX)"))

    reader = staticmethod(roster.read_roster)


class RosterConfirmForm(ImportConfirmForm):
    stale_message = _l("Data pegawai berubah sejak pratinjau ditampilkan. Periksa pratinjau terbaru di bawah ini "
                       "lalu konfirmasi lagi.")


@bp.route("/roster", methods=["GET", "POST"])
@access(hr_or_admin)
def upload():
    form = RosterUploadForm()
    if form.validate_on_submit():
        stored = roster.store_upload(current_user, form.file.data.filename, form.content)
        db.session.commit()
        return redirect(url_for("roster.preview", token=stored.token))
    max_size = file_size(current_app.config["ROSTER_MAX_BYTES"])
    return render_template("people/roster_upload.html", form=form, columns=roster.COLUMNS,
                           max_size=max_size), 422 if form.errors else 200


@bp.get("/roster/template.<any(csv, xlsx):kind>")
@access(hr_or_admin)
def template(kind: str):
    if kind == "csv":
        return download(roster.template_csv(), "templat-impor-pegawai.csv", "text/csv; charset=utf-8")
    return download(roster.template_xlsx(), "templat-impor-pegawai.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _render_preview(stored: RosterUpload, result: roster.RosterPreview, form: RosterConfirmForm,
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
    filename = stored.filename
    try:
        summary = roster.apply_roster(current_user, result, filename, valid_only=form.valid_only.data)
        roster.discard_upload(stored)
        db.session.commit()
    except IntegrityError:  # another import or edit wrote the same NIP or e-mail meanwhile
        db.session.rollback()
        flash(_("Data pegawai berubah selama impor berlangsung; tidak ada yang disimpan. Periksa pratinjau "
                "lalu konfirmasi lagi."), "warning")
        return redirect(url_for("roster.preview", token=token))
    flash(_("Impor %(file)s selesai: %(created)s baru, %(updated)s diperbarui, %(unchanged)s tidak berubah, "
            "%(skipped)s dilewati.", file=filename, created=summary.created, updated=summary.updated,
            unchanged=summary.unchanged, skipped=summary.skipped), "success")
    return redirect(url_for("people.employee_list"))


@bp.post("/roster/<token>/discard")
@access(can_open_upload)
def discard(token: str):
    return flow.discard(token)
