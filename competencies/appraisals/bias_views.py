"""(being written)"""

from competencies.appraisals.blueprint import bp  # noqa: F401
