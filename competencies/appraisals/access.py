"""Who may see or change what in appraisals (policies for ``lms.access.access``).

A rater opens only the forms assigned to them (a supervisor: their own subordinates' forms, created from the
atasan langsung snapshot; peers and assessors: the forms HR assigned). An employee sees only their own results,
never another rater's form. The supervisor of the snapshot keeps the SKP. HR and admins see everything.
"""

from typing import Any

from sqlalchemy import select

from competencies.appraisals.models import Appraisal, AppraisalForm
from lms.extensions import db


def _is_hr(user: Any) -> bool:
    return user.has_role("hr", "admin")


def rates_form(user: Any, form_id: int, **_: Any) -> bool:
    """Only the rater fills in a form."""
    if user.employee_id is None:
        return False
    return db.session.scalar(select(AppraisalForm.rater_id).where(AppraisalForm.id == form_id)) == user.employee_id


def can_view_form(user: Any, form_id: int, **_: Any) -> bool:
    return _is_hr(user) or rates_form(user, form_id)


def owns_appraisal(user: Any, appraisal_id: int, **_: Any) -> bool:
    """The appraised employee (their results, acknowledgement and objection) and HR."""
    if _is_hr(user):
        return True
    return user.employee_id is not None and db.session.scalar(
        select(Appraisal.employee_id).where(Appraisal.id == appraisal_id)) == user.employee_id


def keeps_performance_plan(user: Any, appraisal_id: int, **_: Any) -> bool:
    """The SKP is kept by the supervisor of the snapshot only; the employee and HR may read it."""
    return user.employee_id is not None and db.session.scalar(
        select(Appraisal.supervisor_id).where(Appraisal.id == appraisal_id)) == user.employee_id


def can_view_performance_plan(user: Any, appraisal_id: int, **_: Any) -> bool:
    return _is_hr(user) or keeps_performance_plan(user, appraisal_id) or owns_appraisal(user, appraisal_id)
