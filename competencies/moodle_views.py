"""Moodle competency-framework CSV in the browser: export any framework; import one through the shared import
flow (:mod:`lms.imports.views`). A framework is a tree, so its preview is not row by row: the file is imported
whole or not at all, and its page lists the file's errors and warnings instead of rows."""

from typing import Any

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired

from competencies import moodle
from competencies.models import Framework
from lms.access import access, hr_or_admin, signed_in
from lms.domain import Actor
from lms.downloads import download
from lms.extensions import db
from lms.formtools import Form, form_status
from lms.imports import registry
from lms.imports import views as imports
from lms.imports.models import Upload
from lms.imports.registry import Confirmed, ImportKind

bp = Blueprint("moodle", __name__)


class MoodleUploadForm(Form):
    file = FileField(_l("Berkas CSV kerangka kompetensi Moodle"),
                     validators=[FileRequired(_l("Pilih berkas yang akan diunggah.")),
                                 FileAllowed(["csv"], _l("Hanya berkas .csv ekspor Moodle yang diterima."))],
                     render_kw={"accept": ".csv"})


class MoodleConfirmForm(Form):
    """Confirmation of a framework import: refused while the file has errors."""

    def __init__(self, *args, preview: moodle.MoodlePreview, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview

    @classmethod
    def shown(cls, preview: moodle.MoodlePreview) -> "MoodleConfirmForm":
        return cls(preview=preview)

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.preview.errors:
            self.form_errors.append(_("Berkas berisi kesalahan; tidak ada yang diimpor."))
            return False
        return True


def _confirm(actor: Actor, _stored: Upload, preview: moodle.MoodlePreview, _form: MoodleConfirmForm) -> Confirmed:
    framework = moodle.import_framework(actor, preview)
    return Confirmed(url_for("competencies.framework_detail", framework_id=framework.id), _(
        "Kerangka %(name)s diimpor: %(count)s kompetensi.", name=framework.name,
        count=preview.counts["competencies"]))


KIND = registry.register(ImportKind(
    name="moodle",
    slug="moodle",
    preview=lambda stored: moodle.parse_moodle_csv(stored.content),
    confirm=_confirm,
    may_import=lambda user, _scope: hr_or_admin(user),
    upload_url=lambda _scope: url_for("moodle.upload"),
    parts=None,
    page="competencies/moodle_preview.html",
    confirm_form=MoodleConfirmForm,
    context=lambda _stored, preview: {"report": moodle.format_report(preview)},
))


@bp.get("/kamus-kompetensi/<int:framework_id>/moodle.csv")
@access(signed_in)
def export(framework_id: int):
    framework = db.get_or_404(Framework, framework_id)
    return download(moodle.export_framework(framework), f"{framework.code}-moodle.csv", "text/csv")


@bp.route("/kamus-kompetensi/impor-moodle", methods=["GET", "POST"])
@access(hr_or_admin)
def upload():
    form = MoodleUploadForm()
    if form.validate_on_submit():
        return imports.start(KIND, current_user, form.file.data.filename, form.file.data.read())
    return render_template("competencies/moodle_import.html", form=form), form_status(form)
