"""Forms of the bias page: the thresholds (a GET form read from the query string) and a unit's predikat limit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from competencies.appraisals.bias import Thresholds
from competencies.appraisals.models import PERFORMANCE_RATING_LABELS
from lms.formtools import Form, options

RANGE_MESSAGE = _l("Isi angka antara %(min)s dan %(max)s.")


class ThresholdForm(Form):
    """The thresholds the page uses; an empty field keeps the configured value. Read from the query string (a
    GET form: no CSRF token, nothing is changed)."""

    class Meta(Form.Meta):
        csrf = False

    min_penilaian = IntegerField(_l("Paling sedikit penilaian"),
                                 validators=[Optional(), NumberRange(1, 100_000, RANGE_MESSAGE)])
    min_pegawai = IntegerField(_l("Paling sedikit pegawai yang dinilai"),
                               validators=[Optional(), NumberRange(1, 10_000, RANGE_MESSAGE)])
    ambang_selisih = DecimalField(_l("Ambang longgar / ketat (selisih level rata-rata)"), places=None,
                                  validators=[Optional(), NumberRange(Decimal("0.05"), 5, RANGE_MESSAGE)])
    ambang_sebaran = DecimalField(_l("Ambang efek halo (sebaran level)"), places=None,
                                  validators=[Optional(), NumberRange(0, 5, RANGE_MESSAGE)])
    ambang_diri = DecimalField(_l("Ambang selisih penilaian diri"), places=None,
                               validators=[Optional(), NumberRange(Decimal("0.05"), 5, RANGE_MESSAGE)])

    @staticmethod
    def defaults(thresholds: Thresholds) -> dict[str, Any]:
        return {"min_penilaian": thresholds.min_ratings, "min_pegawai": thresholds.min_people,
                "ambang_selisih": thresholds.leniency, "ambang_sebaran": thresholds.halo_spread,
                "ambang_diri": thresholds.self_gap}

    def thresholds(self, defaults: Thresholds) -> Thresholds:
        """The values entered, the defaults where a field is empty."""
        def value(entered: Any, default: Any) -> Any:
            return default if entered is None else type(default)(entered)

        return Thresholds(min_ratings=value(self.min_penilaian.data, defaults.min_ratings),
                          min_people=value(self.min_pegawai.data, defaults.min_people),
                          leniency=value(self.ambang_selisih.data, defaults.leniency),
                          halo_spread=value(self.ambang_sebaran.data, defaults.halo_spread),
                          self_gap=value(self.ambang_diri.data, defaults.self_gap))


class RatingLimitForm(Form):
    unit_id = SelectField(_l("Perangkat daerah"), coerce=int, validators=[DataRequired(_l("Pilih perangkat daerah."))])
    performance_rating = SelectField(_l("Predikat kinerja"), choices=options(PERFORMANCE_RATING_LABELS.items()),
                                     default="sangat_baik")
    max_percent = IntegerField(_l("Paling banyak (persen pegawai)"),
                               validators=[InputRequired(_l("Isi batasnya dalam persen.")),
                                           NumberRange(0, 100, _l("Batas harus antara 0 dan 100 persen."))])

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.unit_id.choices = options([(0, _l("— pilih perangkat daerah —")), *agencies])
