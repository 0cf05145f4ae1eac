"""Forms of the certificate screens: HR's revocation and the public verification form."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.formtools import Form


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class RevokeForm(Form):
    reason = TextAreaField(_l("Alasan pencabutan"), filters=[_strip],
                           validators=[DataRequired(_l("Isi alasan pencabutan sertifikat.")), Length(max=1000)])


class VerifyForm(Form):
    """Read from the query string (a GET form: no CSRF token, nothing is changed)."""

    class Meta(Form.Meta):
        csrf = False

    kode = StringField(_l("Kode verifikasi"), filters=[_strip],
                       validators=[DataRequired(_l("Isi kode verifikasi.")), Length(max=40)])
