"""Forms of the rater and employee pages of appraisals: a rater's form, the SKP (work targets and BerAKHLAK
ratings) and the employee's objection."""

from __future__ import annotations

import math
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput, TextInput

from competencies.appraisals.models import EXPECTATION_LABELS, Appraisal
from competencies.appraisals.rating import ItemView, RatingInput
from competencies.appraisals.rules import core_value_names
from competencies.models import level_text
from lms.auth.forms import MultiCheckboxField
from lms.formtools import Form, options

TEXT_MAX = 4000


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _optional_int(value: Any) -> int | None:
    return None if value in ("", None) else int(value)


# --- a rater's form -----------------------------------------------------------------------------------------

class RatingEntryForm(Form):
    """One competency of a rater's form (its choices are bound by :class:`RatingForm`)."""

    class Meta(Form.Meta):
        csrf = False  # a part of RatingForm, which carries the token

    competency_id = IntegerField(widget=HiddenInput())
    observed = MultiCheckboxField(_l("Indikator yang tampak"), coerce=int)
    level = SelectField(_l("Level yang diberikan"), coerce=_optional_int)
    justification = TextAreaField(_l("Alasan pemilihan level"), filters=[_strip], validators=[Length(max=TEXT_MAX)],
                                  description=_l("Wajib bila level berbeda dari level yang didukung indikator."))
    evidence_note = TextAreaField(_l("Bukti yang diamati: apa dan kapan"), filters=[_strip],
                                  validators=[Length(max=TEXT_MAX)],
                                  description=_l("Wajib bila level di atas level yang dipersyaratkan."))


def _level_choices(item: ItemView) -> list:
    scale = item.competency.framework.scale
    labels = [_l("0 – Belum tampak")] + [level_text(scale, level) for level in range(1, item.max_level + 1)]
    return options([("", _l("— pilih level —")), *enumerate(labels)])


def _entry_data(item: ItemView) -> dict[str, Any]:
    rating = item.rating
    if rating is None:
        return {"competency_id": item.competency.id, "observed": []}
    return {"competency_id": item.competency.id, "observed": list(rating.observed or []), "level": rating.level,
            "justification": rating.justification, "evidence_note": rating.evidence_note}


class RatingForm(Form):
    """Every competency of a form, in the order of ``items``; "Simpan draf" stores, "Kirim" also submits."""

    ratings = FieldList(FormField(RatingEntryForm))
    save = SubmitField(_l("Simpan draf"))
    send = SubmitField(_l("Kirim"))

    def __init__(self, *args: Any, items: list[ItemView], **kwargs: Any):
        kwargs.setdefault("data", {"ratings": [_entry_data(item) for item in items]})
        super().__init__(*args, **kwargs)
        self.items = items
        for entry, item in zip(self.ratings, items, strict=False):
            entry.form.level.choices = _level_choices(item)
            entry.form.observed.choices = options(indicator for level in item.levels for indicator in level.indicators)

    def validate_ratings(self, field):
        if [entry.form.competency_id.data for entry in field] != [item.competency.id for item in self.items]:
            raise ValidationError(_l("Daftar kompetensi formulir ini berubah. Muat ulang halaman lalu isi kembali."))

    def inputs(self) -> dict[int, RatingInput]:
        """The answers per competency id."""
        return {entry.competency_id.data: RatingInput(entry.level.data, entry.observed.data or [],
                                                      entry.justification.data or "", entry.evidence_note.data or "")
                for entry in (subform.form for subform in self.ratings)}


# --- the SKP ------------------------------------------------------------------------------------------------

def parse_decimal(text: str) -> float:
    """A number written with a decimal comma or point: "12,5", "12.5", "1.234,5" and "1,234.5" all read."""
    text = text.strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace("." if text.rfind(",") > text.rfind(".") else ",", "")
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


class DecimalField(FloatField):
    """A number typed as Indonesians write it (decimal comma) or with a decimal point; empty is None."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_decimal(valuelist[0])
            except ValueError:
                raise ValueError(_l("Tuliskan angka, misalnya 12,5.")) from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format_decimal(self.data, "0.####")


class WorkTargetForm(Form):
    """A rencana hasil kerja with its indicator, target and realisation."""

    description = TextAreaField(_l("Rencana hasil kerja"), filters=[_strip], render_kw={"rows": 2},
                                validators=[DataRequired(_l("Tuliskan rencana hasil kerja.")), Length(max=TEXT_MAX)])
    indicator = TextAreaField(_l("Indikator kinerja"), filters=[_strip], render_kw={"rows": 2},
                              validators=[DataRequired(_l("Tuliskan indikator kinerjanya.")), Length(max=TEXT_MAX)])
    target = DecimalField(_l("Target"), validators=[InputRequired(_l("Isi target."))],
                          render_kw={"inputmode": "decimal"})
    unit = StringField(_l("Satuan"), filters=[_strip], validators=[Length(max=40)],
                       render_kw={"placeholder": _l("mis. dokumen, berkas, %")})
    actual = DecimalField(_l("Realisasi"), validators=[Optional()], render_kw={"inputmode": "decimal"},
                          description=_l("Kosongkan bila belum ada realisasi."))

    def validate_target(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("Target harus lebih dari 0."))

    def validate_actual(self, field):
        if field.data is not None and field.data < 0:
            raise ValidationError(_l("Realisasi tidak boleh negatif."))

    def values(self) -> dict[str, Any]:
        return {"description": self.description.data, "indicator": self.indicator.data,
                "target": self.target.data, "unit": self.unit.data or "", "actual": self.actual.data}


def _value_field(key: str) -> str:
    return f"value_{key}"


class CoreValuesBase(Form):
    note = TextAreaField(_l("Catatan perilaku kerja"), filters=[_strip], validators=[Length(max=TEXT_MAX)])

    def value_fields(self) -> list:
        """The seven rating fields, in the official order."""
        return [self[_value_field(key)] for key in core_value_names()]

    def ratings(self) -> dict[str, str]:
        """{value key: expectation} of the values rated."""
        return {key: self[_value_field(key)].data for key in core_value_names() if self[_value_field(key)].data}


def core_values_form(appraisal: Appraisal, **kwargs: Any) -> CoreValuesBase:
    """The supervisor's BerAKHLAK ratings (fields ``value_<key>``), preset to the appraisal's."""

    class CoreValuesForm(CoreValuesBase):
        pass

    for key, name in core_value_names().items():
        setattr(CoreValuesForm, _value_field(key), RadioField(name, choices=options(EXPECTATION_LABELS.items()),
                                                              validators=[Optional()]))
    stored = appraisal.core_values or {}
    kwargs.setdefault("data", {"note": appraisal.core_values_note,
                               **{_value_field(key): stored.get(key) for key in core_value_names()}})
    return CoreValuesForm(**kwargs)


# --- the employee's response ----------------------------------------------------------------------------------

class ObjectionForm(Form):
    reason = TextAreaField(_l("Alasan keberatan"), filters=[_strip], render_kw={"rows": 4},
                           validators=[DataRequired(_l("Tuliskan alasan keberatan.")), Length(max=TEXT_MAX)],
                           description=_l("Sebutkan kompetensi atau predikat yang Anda keberatan dan alasannya."))
