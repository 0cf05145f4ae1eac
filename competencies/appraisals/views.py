"""The appraisal pages: importing this module attaches every route to the blueprint."""

from competencies.appraisals import (  # noqa: F401 - they add the routes
    bias_views,
    hr_views,
    objection_views,
    rater_views,
)
from competencies.appraisals.blueprint import bp

__all__ = ["bp"]
