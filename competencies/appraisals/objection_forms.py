"""The atasan pejabat penilai's decision on an objection (PP 30/2019 Pasal 59(3-4)): uphold it with corrected
levels or predikat, or reject it, with the reasons either way."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from competencies.appraisals.models import (
    OBJECTION_STATUS_LABELS,
    PERFORMANCE_RATING_LABELS,
    AppraisalResult,
    ObjectionStatus,
)
from competencies.models import level_text
from lms.formtools import Form, options


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def objection_form(results: list[AppraisalResult], **kwargs: Any) -> Form:
    """The decision on an objection, with an optional corrected level per result (field ``level<competency
    id>``) and an optional corrected predikat kinerja."""

    class ObjectionForm(Form):
        decision = RadioField(_l("Keputusan"), choices=options(
                                  (status, OBJECTION_STATUS_LABELS[status])
                                  for status in (ObjectionStatus.UPHELD, ObjectionStatus.REJECTED)),
                              validators=[InputRequired(_l("Pilih keputusannya."))])
        resolution = TextAreaField(_l("Pertimbangan keputusan"), render_kw={"rows": 5},
                                   validators=[DataRequired(_l("Tuliskan pertimbangan keputusan.")),
                                               Length(max=5000)])
        corrected_rating = SelectField(_l("Koreksi predikat kinerja"), default="",
                                       choices=options([("", _l("— tidak diubah —")),
                                                        *PERFORMANCE_RATING_LABELS.items()]))

        def corrected_levels(self) -> dict[int, int]:
            return {result.competency_id: self[f"level{result.competency_id}"].data for result in results
                    if self[f"level{result.competency_id}"].data is not None}

    for result in results:
        scale = result.competency.framework.scale
        setattr(ObjectionForm, f"level{result.competency_id}", SelectField(
            _l("Koreksi level %(name)s", name=result.competency.name), coerce=_optional_int, default=None,
            choices=options([("", _l("— tidak diubah —")), (0, "0")]
                            + [(level, level_text(scale, level)) for level in range(1, len(scale) + 1)])))
    return ObjectionForm(**kwargs)
