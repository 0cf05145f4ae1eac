"""The appraisal pages: importing this module attaches every route to the blueprint."""

from competencies.appraisals import bias_views, hr_views, rater_views  # noqa: F401 - they add the routes
from competencies.appraisals.blueprint import bp

__all__ = ["bp"]
