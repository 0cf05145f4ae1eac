from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.auth.models import ROLE_LABELS
from lms.formtools import Form, options
from lms.people.nip import compact_nip


class LoginForm(Form):
    identifier = StringField(_l("NIP atau e-mail"), validators=[DataRequired(), Length(max=254)],
                             render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(min=10, max=200)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Ulangi kata sandi baru"),
                            validators=[DataRequired(), EqualTo("password", _l("Kata sandi tidak sama."))],
                            render_kw={"autocomplete": "new-password"})


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(Form):
    """Create or edit an account: either linked to an employee (log-in by NIP) or e-mail only."""

    nip = StringField(_l("NIP pegawai"), filters=[compact_nip], validators=[Optional(), Length(min=18, max=18)],
                      description=_l("Kosongkan untuk akun tanpa data pegawai (mis. admin sistem)."))
    email = EmailField(_l("E-mail"), validators=[Optional(), Length(max=254)])
    roles = MultiCheckboxField(_l("Peran"), choices=options(ROLE_LABELS.items()))
    enabled = BooleanField(_l("Akun aktif"), default=True)
    password = PasswordField(_l("Kata sandi awal"), validators=[Optional(), Length(min=10, max=200)],
                             render_kw={"autocomplete": "new-password"})

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        if not creating:
            del self.nip
            del self.password

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Pilih minimal satu peran."))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.creating and not (self.nip.data or self.email.data):
            self.email.errors.append(_l("Isi NIP pegawai atau e-mail."))
            return False
        if self.creating and not self.password.data:
            self.password.errors.append(_l("Kata sandi awal wajib diisi."))
            return False
        return True
