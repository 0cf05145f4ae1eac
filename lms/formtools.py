"""Small helpers shared by the WTForms forms."""

import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError

from lms.domain import DomainError
from lms.extensions import db
from lms.input_rules import MAX_ID, MIN_INT
from lms.tabular import FileError

TRANSLATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as select options."""
    return [SelectChoice(value, label) for value, label in pairs]


class _FormTranslations:
    """WTForms' built-in messages: Indonesian from our catalog, other languages from WTForms' own."""

    def _catalog(self) -> support.Translations:
        locale = get_locale()
        directory = TRANSLATIONS_DIR if locale is not None and locale.language == "id" else messages_path()
        return _load_catalog(directory, str(locale))

    def gettext(self, string: str) -> str:
        return self._catalog().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog().ungettext(singular, plural, n)


@cache
def _load_catalog(directory: str, locale: str) -> support.Translations:
    return support.Translations.load(directory, [locale], domain="wtforms")


_translations = _FormTranslations()


class Form(FlaskForm):
    """Base of every form: CSRF from Flask-WTF, validator messages in the user's language, and no whole number
    outside the database's integer range (:func:`drop_out_of_range_numbers`)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _translations

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        super().process(formdata, obj, data, extra_filters, **kwargs)
        self.out_of_range = drop_out_of_range_numbers(self)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self.out_of_range:  # this error, not a "required" one for the number dropped
            field.errors = [OUT_OF_RANGE]
        return valid and not self.out_of_range


OUT_OF_RANGE = _l("Angka ini di luar batas yang dapat disimpan.")


def drop_out_of_range_numbers(form: Any) -> list[Any]:
    """Drop each posted whole number that no integer column can hold (an id, a capacity, a weight) as it is read,
    as WTForms drops text that is no number, so that neither the form's own code nor a validator ever sends it to
    the database (which would refuse it with a 500); the fields it was dropped from, for :meth:`Form.validate` to
    give the reason."""
    fields = [entry for field in form for entry in getattr(field, "entries", [field])]  # FieldList: its entries
    return [field for field in fields if _drop_out_of_range(field)]


def _drop_out_of_range(field: Any) -> bool:
    def fits(value: Any) -> bool:
        return isinstance(value, bool) or not isinstance(value, int) or MIN_INT <= value <= MAX_ID

    data = field.data
    if isinstance(data, list) and not all(fits(value) for value in data):
        field.data = [value for value in data if fits(value)]
        return True
    if not isinstance(data, list) and not fits(data):
        field.data = None
        return True
    return False


def run_or_attach(form: FlaskForm, default_field: str, change: Callable[[], Any]) -> Any:
    """Run a service call for a valid form and return its result (the request's transaction boundary commits
    it); when the service refuses (DomainError), roll back, show the message next to the field it names and
    return None."""
    try:
        return change()
    except DomainError as error:
        db.session.rollback()
        field = getattr(form, error.field, None) if error.field else None
        (field or getattr(form, default_field)).errors.append(error.message)
        return None


def form_status(form: FlaskForm) -> int:
    """The status of a page showing a form: 422 when it is shown again with errors."""
    return 422 if form.errors else 200


def spreadsheet_field(label: Any) -> FileField:
    """The file field of an import: a CSV or XLSX file is required."""
    return FileField(
        label,
        validators=[FileRequired(_l("Pilih berkas yang akan diunggah.")),
                    FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx yang diterima (berkas .xls "
                                                    "lama: simpan ulang sebagai .xlsx)."))],
        render_kw={"accept": ".csv,.xlsx"},
    )


class SpreadsheetUploadForm(Form):
    """Upload of an import file (``file = spreadsheet_field(...)`` in the subclass). The file as a whole is
    checked by the import's own reader, the same code its preview uses (``reader = staticmethod(...)``, called
    with the file name and bytes); the bytes are kept in ``content``."""

    reader: Callable[[str, bytes], Any]

    def validate_file(self, field):
        self.content = field.data.read()
        try:
            self.reader(field.data.filename, self.content)
        except FileError as error:
            raise ValidationError(error.message) from None


class ImportConfirmForm(Form):
    """Confirmation of an import preview: refused when the preview changed since it was shown (its
    fingerprint), and, with error rows, unless importing only the valid rows is chosen explicitly."""

    stale_message: Any = None  # shown when the data changed since the preview was shown
    fingerprint = HiddenField()
    valid_only = BooleanField(_l("Impor hanya baris yang valid; baris yang salah dilewati"))

    def __init__(self, *args, preview: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview

    @classmethod
    def shown(cls, preview: Any) -> "ImportConfirmForm":
        """The form as first shown with the preview: it carries the preview's fingerprint."""
        return cls(preview=preview, data={"fingerprint": preview.fingerprint})

    def validate_fingerprint(self, field):
        if field.data != self.preview.fingerprint:
            field.data = self.preview.fingerprint
            raise ValidationError(self.stale_message)

    def validate_valid_only(self, field):
        if self.preview.error_count and not field.data:
            raise ValidationError(_l("Ada baris yang salah: centang pilihan ini untuk mengimpor hanya baris "
                                     "yang valid, atau perbaiki berkasnya lalu unggah ulang."))
