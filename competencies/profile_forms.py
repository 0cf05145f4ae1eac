"""Form of the Profil Kompetensi page: HR sets an employee's level of a competency, with the reason."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from competencies.forms import CompetencyOption, competency_choices
from lms.formtools import Form


class OverrideForm(Form):
    """The level is checked against the chosen competency's scale by ``competencies.ledger.override_level``."""

    competency_id = SelectField(_l("Kompetensi"), coerce=int, validators=[DataRequired(_l("Pilih kompetensinya."))])
    level = IntegerField(_l("Level baru"), validators=[InputRequired(_l("Isi levelnya.")), NumberRange(min=0)])
    reason = TextAreaField(_l("Alasan"), filters=[lambda value: value.strip() if isinstance(value, str) else value],
                           validators=[DataRequired(_l("Tuliskan alasan perubahan level.")), Length(max=2000)])

    def __init__(self, *args, competencies: list[CompetencyOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.competency_id.choices = competency_choices(competencies)
