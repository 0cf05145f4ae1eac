"""Opening a large appraisal cycle as a background job (the values come from the cycle form, dates as ISO)."""

from datetime import date
from typing import Any

from flask_babel import gettext as _

from competencies.appraisals import cycles
from lms.jobs.tasks import JobContext, JobResult, task
from lms.notifications.services import app_path

DATE_FIELDS = ("starts_on", "ends_on", "due_on")


def job_params(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as JSON for the job."""
    return {key: value.isoformat() if key in DATE_FIELDS else value for key, value in values.items()}


@task("appraisal.open_cycle")
def open_cycle(context: JobContext, **params: Any) -> JobResult:
    context.progress(0, 1, _("Membuat penilaian dan formulir untuk setiap pegawai"))
    values = {key: date.fromisoformat(value) if key in DATE_FIELDS else value for key, value in params.items()}
    cycle = cycles.open_cycle(context.actor, **values)
    context.progress(1, 1, _("Periode %(name)s dibuka.", name=cycle.name))
    return JobResult(url=app_path("appraisals.cycle_detail", cycle_id=cycle.id))
