"""The appraisals blueprint; its routes live in rater_views (raters and employees), hr_views (HR),
objection_views (deciding objections) and bias_views (HR analytics). The labels its templates share are given
here, once."""

from typing import Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from competencies.appraisals.models import (
    APPRAISAL_STATUS_LABELS,
    CYCLE_STATUS_LABELS,
    EXPECTATION_LABELS,
    FORM_STATUS_LABELS,
    HR_DECIDES_LABELS,
    OBJECTION_STATUS_LABELS,
    PERFORMANCE_RATING_LABELS,
    PERIOD_LABELS,
    RATER_KIND_LABELS,
)

bp = Blueprint("appraisals", __name__)

# A form's progress as raters and HR see it: a draft never saved is "not started".
FORM_PROGRESS_LABELS = {
    "not_started": _l("Belum dimulai"),
    "draft": _l("Draf"),
    "submitted": _l("Dikirim"),
}


@bp.context_processor
def appraisal_labels() -> dict[str, Any]:
    return {"period_labels": PERIOD_LABELS, "cycle_status_labels": CYCLE_STATUS_LABELS,
            "appraisal_status_labels": APPRAISAL_STATUS_LABELS, "rater_kind_labels": RATER_KIND_LABELS,
            "form_status_labels": FORM_STATUS_LABELS, "form_progress_labels": FORM_PROGRESS_LABELS,
            "objection_status_labels": OBJECTION_STATUS_LABELS, "expectation_labels": EXPECTATION_LABELS,
            "performance_rating_labels": PERFORMANCE_RATING_LABELS, "hr_decides_labels": HR_DECIDES_LABELS}
