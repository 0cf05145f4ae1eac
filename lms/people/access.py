"""Access policies about people: who is a supervisor, who may see an employee's records."""

from typing import Any

from sqlalchemy import exists, select

from lms.extensions import db
from lms.people.models import Employee
from lms.people.services import supervisor_chain


def is_supervisor(user: Any) -> bool:
    """Supervisor is derived from the organisation: whoever has active subordinates."""
    if user.employee_id is None:
        return False
    return bool(db.session.scalar(select(exists().where(
        Employee.supervisor_id == user.employee_id, Employee.is_active.is_(True)))))


def can_view_employee(user: Any, employee_id: int, **_: Any) -> bool:
    """The employee themself, anyone above them in the supervisor chain, HR and admins."""
    if user.has_role("hr", "admin") or user.employee_id == employee_id:
        return True
    if user.employee_id is None:
        return False
    supervisor_id = db.session.scalar(select(Employee.supervisor_id).where(Employee.id == employee_id))
    return user.employee_id in supervisor_chain(supervisor_id)
