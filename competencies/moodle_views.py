"""Moodle competency-framework CSV in the browser: export any framework, import one with a preview first."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired

from competencies import moodle
from competencies.models import Framework
from lms.access import access, hr_or_admin, signed_in
from lms.domain import DomainError
from lms.extensions import db
from lms.formtools import Form, form_status
from lms.imports import store
from lms.imports.flow import ImportFlow, download
from lms.imports.store import can_open_upload

bp = Blueprint("moodle", __name__)

UPLOAD_KIND = "moodle"  # of its stored uploads (lms.imports)


class MoodleUploadForm(Form):
    file = FileField(_l("Berkas CSV kerangka kompetensi Moodle"),
                     validators=[FileRequired(_l("Pilih berkas yang akan diunggah.")),
                                 FileAllowed(["csv"], _l("Hanya berkas .csv ekspor Moodle yang diterima."))],
                     render_kw={"accept": ".csv"})


flow = ImportFlow(kind=UPLOAD_KIND, preview=lambda _filename, content: moodle.parse_moodle_csv(content),
                  upload_endpoint="moodle.upload")


@bp.get("/frameworks/<int:framework_id>/moodle.csv")
@access(signed_in)
def export(framework_id: int):
    framework = db.get_or_404(Framework, framework_id)
    return download(moodle.export_framework(framework), f"{framework.code}-moodle.csv", "text/csv")


@bp.route("/frameworks/import-moodle", methods=["GET", "POST"])
@access(hr_or_admin)
def upload():
    form = MoodleUploadForm()
    if form.validate_on_submit():
        stored = flow.store(current_user, form.file.data.filename, form.file.data.read())
        return redirect(url_for("moodle.preview", token=stored.token))
    return render_template("competencies/moodle_import.html", form=form), form_status(form)


def _render_preview(token: str, status: int = 200):
    stored = flow.stored(token)
    result = flow.preview_of(stored)
    return render_template("competencies/moodle_import.html", form=None, upload=stored, preview=result,
                           report=moodle.format_report(result)), status


@bp.get("/frameworks/import-moodle/<token>")
@access(can_open_upload)
def preview(token: str):
    return _render_preview(token)


@bp.post("/frameworks/import-moodle/<token>/confirm")
@access(can_open_upload)
def confirm(token: str):
    stored = flow.stored(token, lock=True)
    result = flow.preview_of(stored)
    if result.errors:
        flash(_("Berkas berisi kesalahan; tidak ada yang diimpor."), "danger")
        return _render_preview(token, 422)
    try:
        framework = moodle.import_framework(current_user, result)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _render_preview(token, 422)
    store.discard_upload(stored)
    flash(_("Kerangka %(name)s diimpor: %(count)s kompetensi.", name=framework.name,
            count=result.counts["competencies"]), "success")
    return redirect(url_for("competencies.framework_detail", framework_id=framework.id))


@bp.post("/frameworks/import-moodle/<token>/discard")
@access(can_open_upload)
def discard(token: str):
    return flow.discard(token)
