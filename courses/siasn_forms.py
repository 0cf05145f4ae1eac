"""The two fields that file a training under SIASN's kinds, shared by the course form and the external-training
form (see courses/siasn_kinds.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, ValidationError

from courses.siasn_kinds import STRUCTURAL, TECHNICAL, kind_choices, structural_choices
from lms.formtools import Form, options


def _optional_int(value: object) -> int | None:
    return int(value) if value not in (None, "", "0") else None


class SiasnKindFields(Form):
    siasn_kind_id = SelectField(_l("Jenis diklat (SIASN)"), coerce=int, default=TECHNICAL,
                                choices=options(kind_choices()))
    structural_kind_id = SelectField(_l("Jenis latihan struktural (SIASN)"), coerce=_optional_int,
                                     choices=options([("", _l("— hanya untuk Diklat Struktural —")),
                                                      *structural_choices()]))

    def validate_structural_kind_id(self, field):
        if self.siasn_kind_id.data == STRUCTURAL and field.data is None:
            raise ValidationError(_l("Pilih jenis latihan struktural untuk Diklat Struktural."))
        if self.siasn_kind_id.data != STRUCTURAL and field.data is not None:
            raise ValidationError(_l("Jenis latihan struktural hanya untuk Diklat Struktural."))
