from sqlalchemy import Select, or_, select

from lms.auth.models import User, UserRole
from lms.people.models import Employee
from lms.people.nip import compact_nip


def user_list_query(search: str = "", role: str = "") -> Select:
    query = select(User).outerjoin(User.employee).order_by(User.id)
    if search:
        pattern = f"%{compact_nip(search).lower()}%"
        query = query.where(or_(User.email.ilike(pattern), Employee.nip.like(pattern),
                                Employee.name.ilike(pattern)))
    if role:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return query
