"""Roster import in the browser: upload a file, look at the preview, confirm (post/redirect/get throughout).

The uploaded bytes are stored in the database (``RosterUpload``), not on disk: the preview and the
confirmation may be served by different app servers. The preview is recomputed from those bytes on every
request, and the confirmation applies a preview computed in its own transaction.
"""

from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy.exc import IntegrityError
from wtforms import BooleanField, HiddenField
from wtforms.validators import ValidationError

from lms.access import access, hr_or_admin
from lms.extensions import db
from lms.formtools import Form
from lms.people import roster
from lms.people.models import RosterUpload

bp = Blueprint("roster", __name__)

SAMPLE_SIZE = 100  # rows shown per outcome other than "error"
ERRORS_SHOWN = 1000  # error rows shown on the page; the downloadable report lists them all


def can_open_upload(user: Any, token: str, **_: Any) -> bool:
    """HR and admins; an upload is seen and confirmed only by whoever uploaded it, or an admin."""
    if not hr_or_admin(user):
        return False
    owner_id = roster.upload_owner_id(token)
    return owner_id is None or owner_id == user.id or user.has_role("admin")  # None: the view answers 404


class RosterUploadForm(Form):
    file = FileField(
        _l("Berkas daftar pegawai (CSV atau XLSX)"),
        validators=[FileRequired(_l("Pilih berkas yang akan diunggah.")),
                    FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx yang diterima (berkas .xls "
                                                    "lama: simpan ulang sebagai .xlsx)."))],
        render_kw={"accept": ".csv,.xlsx"},
    )

    def validate_file(self, field):
        """Size, encoding and headers are checked by the same code the command line uses."""
        self.content = field.data.read()
        try:
            roster.read_roster(field.data.filename, self.content)
        except roster.RosterFileError as error:
            raise ValidationError(error.message) from None


class RosterConfirmForm(Form):
    fingerprint = HiddenField()
    valid_only = BooleanField(_l("Impor hanya baris yang valid; baris yang salah dilewati"))

    def __init__(self, *args, preview: roster.RosterPreview, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview

    def validate_fingerprint(self, field):
        if field.data != self.preview.fingerprint:
            field.data = self.preview.fingerprint
            raise ValidationError(_l("Data pegawai berubah sejak pratinjau ditampilkan. Periksa pratinjau "
                                     "terbaru di bawah ini lalu konfirmasi lagi."))

    def validate_valid_only(self, field):
        if self.preview.error_count and not field.data:
            raise ValidationError(_l("Ada baris yang salah: centang pilihan ini untuk mengimpor hanya baris "
                                     "yang valid, atau perbaiki berkasnya lalu unggah ulang."))


@bp.route("/roster", methods=["GET", "POST"])
@access(hr_or_admin)
def upload():
    form = RosterUploadForm()
    if form.validate_on_submit():
        stored = roster.store_upload(current_user, form.file.data.filename, form.content)
        db.session.commit()
        return redirect(url_for("roster.preview", token=stored.token))
    max_size = roster.file_size(current_app.config["ROSTER_MAX_BYTES"])
    return render_template("people/roster_upload.html", form=form, columns=roster.COLUMNS,
                           max_size=max_size), 422 if form.errors else 200


@bp.get("/roster/template.<any(csv, xlsx):kind>")
@access(hr_or_admin)
def template(kind: str):
    if kind == "csv":
        return _download(roster.template_csv(), "templat-impor-pegawai.csv", "text/csv; charset=utf-8")
    return _download(roster.template_xlsx(), "templat-impor-pegawai.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _stored(token: str, lock: bool = False) -> RosterUpload:
    stored = roster.find_upload(token, lock=lock)
    if stored is None:
        abort(404)
    return stored


def _preview(stored: RosterUpload) -> roster.RosterPreview | None:
    try:
        return roster.preview_roster(stored.filename, stored.content)
    except roster.RosterFileError as error:  # only if the limits changed since the upload
        flash(error.message, "danger")
        return None


def _render_preview(stored: RosterUpload, result: roster.RosterPreview, form: RosterConfirmForm,
                    status: int = 200):
    samples = {outcome: result.rows_with(outcome)[:SAMPLE_SIZE] for outcome in ("updated", "new", "unchanged")}
    return render_template("people/roster_preview.html", upload=stored, preview=result, form=form,
                           errors=result.rows_with("error")[:ERRORS_SHOWN], samples=samples, counts=result.counts,
                           summary=roster.summary_text(result)), status


@bp.get("/roster/<token>")
@access(can_open_upload)
def preview(token: str):
    stored = _stored(token)
    result = _preview(stored)
    if result is None:
        return redirect(url_for("roster.upload"))
    form = RosterConfirmForm(preview=result, data={"fingerprint": result.fingerprint})
    return _render_preview(stored, result, form)


@bp.get("/roster/<token>/report.csv")
@access(can_open_upload)
def report(token: str):
    stored = _stored(token)
    result = _preview(stored)
    if result is None:
        return redirect(url_for("roster.upload"))
    return _download(roster.report_csv(result), "laporan-impor.csv", "text/csv; charset=utf-8")


@bp.post("/roster/<token>/confirm")
@access(can_open_upload)
def confirm(token: str):
    stored = _stored(token, lock=True)
    result = _preview(stored)
    if result is None:
        return redirect(url_for("roster.upload"))
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
    stored = _stored(token, lock=True)
    filename = stored.filename
    roster.discard_upload(stored)
    db.session.commit()
    flash(_("Unggahan %(file)s dibatalkan; tidak ada data yang diubah.", file=filename), "info")
    return redirect(url_for("roster.upload"))
