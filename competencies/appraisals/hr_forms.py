"""Forms of HR's appraisal pages: opening a cycle, assigning raters. (The decision on an objection is the atasan
pejabat penilai's: objection_forms.)"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from competencies.appraisals.cycles import MAX_WEIGHT
from competencies.appraisals.models import (
    ASSIGNED_KINDS,
    PERIOD_LABELS,
    RATER_KIND_LABELS,
    RATER_KINDS,
    AppraisalCycle,
)
from lms.extensions import db
from lms.formtools import Form, options
from lms.people.models import Employee, OrgUnit
from lms.people.nip import compact_nip
from lms.people.queries import unit_choices

NIP_PATTERN = re.compile(r"\d{18}")


def scope_choices() -> list[tuple[int, str]]:
    """Units a cycle may be limited to: the OPDs and the top-level units, by name."""
    return list(db.session.execute(select(OrgUnit.id, OrgUnit.name)
                                   .where(or_(OrgUnit.kind == "opd", OrgUnit.parent_id.is_(None)),
                                          OrgUnit.deleted_at.is_(None))
                                   .order_by(OrgUnit.name)).all())


def cycle_defaults(today: date, weights: dict[str, int], objection_days: int) -> dict[str, Any]:
    """A new annual cycle of the current year, from today to the end of the year, every configured kind."""
    end_of_year = date(today.year, 12, 31)
    return {"name": _l("Penilaian Kompetensi Tahunan %(year)d", year=today.year), "period": "annual",
            "year": today.year, "starts_on": today, "ends_on": end_of_year, "due_on": end_of_year,
            "objection_days": objection_days, "kinds": [kind for kind in RATER_KINDS if kind in weights],
            **{f"weight_{kind}": weights.get(kind) for kind in RATER_KINDS}}


class CycleForm(Form):
    name = StringField(_l("Nama periode"), validators=[DataRequired(_l("Tuliskan nama periode penilaian.")),
                                                       Length(max=200)])
    period = SelectField(_l("Jenis periode"), choices=options(PERIOD_LABELS.items()))
    year = IntegerField(_l("Tahun"), validators=[InputRequired(_l("Isi tahun penilaian.")), NumberRange(2000, 2100)])
    starts_on = DateField(_l("Tanggal mulai"), validators=[InputRequired(_l("Isi tanggal mulai."))])
    ends_on = DateField(_l("Tanggal selesai"), validators=[InputRequired(_l("Isi tanggal selesai."))])
    due_on = DateField(_l("Batas pengisian formulir"), validators=[InputRequired(_l("Isi batas pengisian."))])
    objection_days = IntegerField(_l("Masa keberatan (hari setelah hasil diumumkan)"),
                                  validators=[InputRequired(_l("Isi masa keberatan.")), NumberRange(0, 365)])
    kinds = SelectMultipleField(_l("Jenis penilai yang ikut"), choices=options(RATER_KIND_LABELS.items()),
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                                validators=[DataRequired(_l("Pilih paling sedikit satu jenis penilai."))])
    weight_self = IntegerField(_l("Bobot diri sendiri"), validators=[Optional()])
    weight_supervisor = IntegerField(_l("Bobot atasan langsung"), validators=[Optional()])
    weight_peer = IntegerField(_l("Bobot rekan kerja"), validators=[Optional()])
    weight_assessor = IntegerField(_l("Bobot asesor"), validators=[Optional()])
    unit_ids = SelectMultipleField(_l("Cakupan (kosongkan untuk seluruh pemerintah kota)"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_ids.choices = options(scope_choices())

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))

    def validate_due_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Batas pengisian tidak boleh sebelum tanggal mulai."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for kind in [kind for kind in self.kinds.data or [] if kind in RATER_KINDS]:  # a posted unknown kind too
            weight = self[f"weight_{kind}"]
            if not weight.errors and (weight.data is None or not 1 <= weight.data <= MAX_WEIGHT):
                weight.errors.append(_l("Bobot jenis penilai yang ikut harus bilangan bulat 1 sampai 100."))
                valid = False
        return valid

    def weights(self) -> dict[str, int]:
        return {kind: self[f"weight_{kind}"].data for kind in RATER_KINDS if kind in (self.kinds.data or [])}

    def values(self) -> dict[str, Any]:
        return {"name": self.name.data.strip(), "period": self.period.data, "year": self.year.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data, "due_on": self.due_on.data,
                "objection_days": self.objection_days.data, "weights": self.weights(),
                "unit_ids": list(self.unit_ids.data or [])}


class _RaterForm(Form):
    """A rater named by NIP; ``employee`` holds them once valid."""

    nip = StringField(_l("NIP penilai"), filters=[compact_nip],
                      validators=[DataRequired(_l("Isi NIP penilai."))])

    def validate_nip(self, field):
        if not NIP_PATTERN.fullmatch(field.data):
            raise ValidationError(_l("NIP terdiri atas 18 angka."))
        self.employee = db.session.scalar(select(Employee).where(Employee.nip == field.data))
        if self.employee is None:
            raise ValidationError(_l("NIP tidak terdaftar."))


class RaterForm(_RaterForm):
    """HR adds a peer or an assessor to one appraisal (the kinds that take part in its cycle)."""

    kind = SelectField(_l("Sebagai"))

    def __init__(self, *args, cycle: AppraisalCycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options((kind, RATER_KIND_LABELS[kind]) for kind in ASSIGNED_KINDS
                                    if kind in cycle.weights)


class UnitAssessorForm(_RaterForm):
    """HR makes one assessor rate everyone in a unit's sub-tree."""

    nip = StringField(_l("NIP asesor"), filters=[compact_nip],
                      validators=[DataRequired(_l("Isi NIP asesor."))])
    unit_id = SelectField(_l("Unit (termasuk sub-unit)"), coerce=int,
                          validators=[DataRequired(_l("Pilih unitnya."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_id.choices = options([(0, _l("— pilih unit —")), *unit_choices()])
