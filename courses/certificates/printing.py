"""What a certificate page shows besides the certificate itself: the holder's pangkat/golongan, jabatan and
instansi, and the competencies the course develops (with the level granted when its post-test is a competency
test), read for a whole batch of certificates in a bounded number of queries; and the letterhead's emblem."""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from competencies.models import Competency
from courses.models import Certificate, CourseCompetency
from lms.domain import DomainError
from lms.extensions import db
from lms.people.models import Employee
from lms.people.queries import agency_names
from lms.people.reference import number_label, rank_title

COMPETENCIES_SHOWN = 4  # the sheet has room for this many; the others are counted
LOGO_MAX_BYTES = 512 * 1024
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_data_uri(path: str) -> str | None:
    """The letterhead's emblem (``CERTIFICATE_LOGO``: a PNG or JPEG file) as a data URI, None without one; a
    file that cannot be one stops the rendering with a message for the administrator."""
    if not path:
        return None
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise DomainError(_("Logo sertifikat (LMS_CERTIFICATE_LOGO) tidak dapat dibaca: %(error)s. Hubungi "
                            "administrator.", error=error.strerror or str(error))) from None
    kind = next((kind for magic, kind in LOGO_TYPES.items() if content.startswith(magic)), None)
    if kind is None or len(content) > LOGO_MAX_BYTES:
        raise DomainError(_("Logo sertifikat (LMS_CERTIFICATE_LOGO) harus berkas PNG atau JPEG paling besar "
                            "%(size)s KB. Hubungi administrator.", size=LOGO_MAX_BYTES // 1024))
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


@dataclass(frozen=True)
class Holder:
    number_label: str  # "NIP", or "NI PPPK"
    rank: str  # "Penata Muda, III/a", or "Golongan PPPK IX"
    position: str
    agency: str


def holders(certificates: Sequence[Certificate]) -> dict[int, Holder]:
    """Certificate id -> what the sheet says of its holder."""
    employee_ids = {certificate.enrolment.employee_id for certificate in certificates}
    employees = {employee.id: employee for employee in db.session.scalars(
        select(Employee).where(Employee.id.in_(employee_ids))
        .options(selectinload(Employee.position), selectinload(Employee.unit)))}
    agencies = agency_names([employee.unit for employee in employees.values()])
    return {certificate.id: _holder(employees[certificate.enrolment.employee_id], agencies)
            for certificate in certificates}


def _holder(employee: Employee, agencies: dict[int, str]) -> Holder:
    title = rank_title(employee.employment_type, employee.rank_code)
    pns_rank = employee.employment_type == "pns" and title
    rank = f"{title}, {employee.rank_code}" if pns_rank else title or employee.rank_code
    return Holder(number_label(employee.employment_type), rank, employee.position.name,
                  agencies.get(employee.unit_id, ""))


def developed(course_ids: set[int]) -> dict[int, list[tuple[str, int]]]:
    """Course id -> (competency name, granted level) of each competency it develops, in the course's order."""
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for course_id, name, level in db.session.execute(
            select(CourseCompetency.course_id, Competency.name, CourseCompetency.granted_level)
            .join(Competency, Competency.id == CourseCompetency.competency_id)
            .where(CourseCompetency.course_id.in_(course_ids)).order_by(CourseCompetency.id)):
        found[course_id].append((name, level))
    return found
