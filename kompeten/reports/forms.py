"""Filter forms of the reports, read from the query string (GET: no CSRF token; the exports are POSTed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import Optional, ValidationError

from competencies.forms import competency_options
from lms.extensions import db
from lms.formtools import Form
from lms.people.models import Position
from lms.people.queries import unit_choices


class ReportFilters(Form):
    """Validator messages in the user's language (``Form``), no CSRF token: the filters are read from GET."""

    class Meta(Form.Meta):
        csrf = False

    def params(self) -> dict[str, Any]:
        """The filters as plain values for the builder, which also travel to a background job as JSON: dates as
        ISO strings."""
        return {name: field.data.isoformat() if isinstance(field.data, date) else field.data
                for name, field in self._fields.items() if name != "csrf_token"}


def _int_or_none(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class GapReportFilters(ReportFilters):
    unit_id = SelectField(_l("Unit (beserta sub-unit)"), coerce=_int_or_none, validators=[Optional()])
    position_code = StringField(_l("Kode jabatan"), filters=[lambda value: (value or "").strip()],
                                validators=[Optional()])
    competency_id = SelectField(_l("Kompetensi"), coerce=_int_or_none, validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_id.choices = [(None, _l("Seluruh kota")), *unit_choices()]
        self.competency_id.choices = [(None, _l("Semua kompetensi"))] + [
            (option.id, f"{option.code} – {option.name}") for option in competency_options()]

    def validate_position_code(self, field: StringField) -> None:
        if field.data and db.session.scalar(select(Position.id).where(Position.code == field.data)) is None:
            raise ValidationError(_l("Tidak ada jabatan dengan kode ini."))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        chosen = [field for field in (self.unit_id, self.position_code, self.competency_id) if field.data]
        if len(chosen) > 1:
            chosen[-1].errors.append(_l("Pilih satu cakupan saja: unit, jabatan atau kompetensi."))
            return False
        return True
