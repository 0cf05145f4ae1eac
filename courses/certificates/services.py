"""Completion certificates: gapless numbers, verification codes, issuing with the PDFs, revocation, status.

Issuing runs inside the caller's transaction (a workshop's closing): numbers are taken from the year's
:class:`CertificateCounter` row, which stays locked until the caller commits, so a rollback returns them and
the register has no gaps. All certificates of one call are laid out as one WeasyPrint document (a page each)
and split into one PDF per certificate.

The verification URL on a certificate is ``PUBLIC_BASE_URL`` + ``/verifikasi/<code>``, the same whether a closing
request or a background job renders it, and never taken from a request (whose Host header the client chooses).
In debug and tests it defaults to ``http://localhost``; elsewhere a server refuses to start without it
(:mod:`kompeten.startup`), and rendering refuses too.
"""

import logging
import re
import secrets
import string
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import segno
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload, undefer

from courses.certificates import printing
from courses.models import Certificate, CertificateCounter, Enrolment, EnrolmentStatus, Workshop
from lms.audit import services as audit
from lms.domain import Actor, DomainError
from lms.extensions import db, utcnow
from lms.notifications.services import app_path
from lms.pdf import render_document

logger = logging.getLogger(__name__)

# Verification codes: no 0/O, 1/I/L, so that a code read off paper is typed right. 31**12 ≈ 8 * 10**17 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
DEBUG_BASE_URL = "http://localhost"  # PUBLIC_BASE_URL when unset in debug and tests
QR_SCALE = 4  # pixels per module of the QR code's PNG (printed 30 mm wide, drawn without smoothing)
QR_BORDER = 4  # the quiet zone scanners need around the code, in modules

STATUS_VALID, STATUS_REVOKED, STATUS_EXPIRED = "valid", "revoked", "expired"


# --- numbers and codes ---------------------------------------------------------------------------------------

def number_template() -> str:
    """``CERTIFICATE_NUMBER_TEMPLATE``, refused unless it names both ``{seq}`` and ``{year}`` (numbers are unique
    across years)."""
    template = current_app.config["CERTIFICATE_NUMBER_TEMPLATE"]
    fields = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
    if not {"seq", "year"} <= fields or fields - {"seq", "year"}:
        raise ValueError(f"CERTIFICATE_NUMBER_TEMPLATE must use {{seq}} and {{year}} only: {template!r}")
    return template


def reserve_numbers(year: int, count: int) -> list[tuple[int, str]]:
    """The next ``count`` (sequence, number) pairs of ``year``. Locks the year's counter row until the caller's
    transaction ends (concurrent callers wait), creating the row first if it is missing."""
    template = number_template()
    counters = CertificateCounter.__table__
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(counters).values(year=year, last=0).on_conflict_do_nothing(index_elements=["year"]))
    last = db.session.execute(update(counters).where(counters.c.year == year)
                              .values(last=counters.c.last + count).returning(counters.c.last)).scalar_one()
    return [(seq, template.format(seq=seq, year=year)) for seq in range(last - count + 1, last + 1)]


def next_number(year: int) -> tuple[int, str]:
    """The next (sequence, number) of ``year``, e.g. (7, "0007/SERT/BKPSDM/2026")."""
    return reserve_numbers(year, 1)[0]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """A typed code in its stored form (spaces and dashes dropped, upper case), or None if it cannot be one."""
    code = re.sub(r"[\s-]", "", text or "").upper()
    return code if CODE_PATTERN.fullmatch(code) else None


# --- issuing -------------------------------------------------------------------------------------------------

def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _live_certificate_enrolment_ids(enrolment_ids: list[int]) -> set[int]:
    return set(db.session.scalars(select(Certificate.enrolment_id).where(
        Certificate.enrolment_id.in_(enrolment_ids), Certificate.revoked_at.is_(None))))


def _load_for_printing(enrolment_ids: list[int]) -> None:
    """Load the employees, workshops and courses of the enrolments in three queries instead of one per row."""
    db.session.scalars(select(Enrolment).where(Enrolment.id.in_(enrolment_ids)).options(
        selectinload(Enrolment.employee), selectinload(Enrolment.workshop).selectinload(Workshop.course))).all()


def issue_certificates(actor: Actor | None, enrolments: Sequence[Enrolment], issued_on: date,
                       render: bool = True) -> list[Certificate]:
    """A certificate with its PDF for each completed enrolment that has no live one yet (flushed, not committed;
    a rollback returns their numbers to the counter). Returns the new certificates. Without ``render`` the
    PDFs are rendered on first download (``ensure_pdfs``)."""
    if any(enrolment.status != EnrolmentStatus.COMPLETED for enrolment in enrolments):
        raise ValueError("certificates are issued to completed enrolments only")
    live = _live_certificate_enrolment_ids([enrolment.id for enrolment in enrolments])
    pending = [enrolment for enrolment in enrolments if enrolment.id not in live]
    if not pending:
        return []
    _load_for_printing([enrolment.id for enrolment in pending])
    certificates = [_new_certificate(enrolment, issued_on, sequence, number) for enrolment, (sequence, number)
                    in zip(pending, reserve_numbers(issued_on.year, len(pending)), strict=True)]
    db.session.add_all(certificates)
    db.session.flush()
    if render:
        for certificate, pdf in zip(certificates, render_certificate_pdfs(certificates), strict=True):
            certificate.pdf = pdf
    audit.record_many([audit.entry_values(actor, "create", "certificate", certificate.id, _label(certificate),
                                          _issue_changes(certificate)) for certificate in certificates])
    db.session.flush()
    logger.info("issued %d certificates (%s to %s)", len(certificates), certificates[0].number,
                certificates[-1].number)
    return certificates


def _new_certificate(enrolment: Enrolment, issued_on: date, sequence: int, number: str) -> Certificate:
    validity = enrolment.workshop.course.certificate_validity_years
    return Certificate(enrolment=enrolment, year=issued_on.year, sequence=sequence, number=number,
                       verification_code=new_code(), issued_on=issued_on,
                       expires_on=_add_years(issued_on, validity) if validity else None)


def _label(certificate: Certificate) -> str:
    return f"{certificate.number} – {certificate.enrolment.employee.full_name}"


def _issue_changes(certificate: Certificate) -> dict[str, Any]:
    return audit.snapshot(certificate, ("number", "enrolment_id", "issued_on", "expires_on"))


# --- the PDF -------------------------------------------------------------------------------------------------

def verification_url(code: str) -> str:
    """The absolute address of a certificate's public verification page (see the module docstring)."""
    return public_base_url() + app_path("certificates.verify", code=code)


def public_base_url() -> str:
    """``PUBLIC_BASE_URL`` without its trailing slash; :data:`DEBUG_BASE_URL` in debug and tests if unset."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if base:
        return base
    if current_app.debug or current_app.testing:
        return DEBUG_BASE_URL
    raise DomainError(_("Alamat publik aplikasi (LMS_PUBLIC_BASE_URL) belum diatur, sehingga sertifikat tidak dapat "
                        "dibuat. Hubungi administrator."))


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=QR_BORDER)


def _pages(certificates: Sequence[Certificate]) -> list[dict[str, Any]]:
    holders = printing.holders(certificates)
    developed = printing.developed({certificate.enrolment.workshop.course_id for certificate in certificates})
    pages = []
    for certificate in certificates:
        url = verification_url(certificate.verification_code)
        workshop = certificate.enrolment.workshop
        pages.append({"certificate": certificate, "enrolment": certificate.enrolment, "workshop": workshop,
                      "employee": certificate.enrolment.employee, "holder": holders[certificate.id],
                      "competencies": developed.get(workshop.course_id, []), "url": url, "qr": _qr_data_uri(url)})
    return pages


def render_certificate_pdfs(certificates: Sequence[Certificate]) -> list[bytes]:
    """One PDF per certificate, from a single layout of one document with a page per certificate. Works outside
    requests too (no context processors: the template reads only what is passed)."""
    if not certificates:
        return []
    config = current_app.config
    with force_locale("id"):  # an official document of the city government: always in Indonesian
        html = current_app.jinja_env.get_template("pdf/certificate.html").render(
            pages=_pages(certificates), place=config["CERTIFICATE_PLACE"],
            government=config["CERTIFICATE_GOVERNMENT"], agency=config["CERTIFICATE_AGENCY"],
            logo=printing.logo_data_uri(config["CERTIFICATE_LOGO"]),
            competencies_shown=printing.COMPETENCIES_SHOWN,
            signatory_name=config["CERTIFICATE_SIGNATORY_NAME"], signatory_nip=config["CERTIFICATE_SIGNATORY_NIP"],
            signatory_position=config["CERTIFICATE_SIGNATORY_POSITION"], issuer=config["CERTIFICATE_ISSUER"])
        document = render_document(html)
    if len(document.pages) != len(certificates):
        raise RuntimeError(f"{len(certificates)} certificates laid out on {len(document.pages)} pages")
    return [document.copy([page]).write_pdf() for page in document.pages]


def download_pdf(certificate: Certificate) -> bytes:
    """The PDF to hand out: the stored one while the certificate is live; once revoked, a copy rendered afresh
    with the revocation mark, date and reason (never the stored one, which would still pass as valid)."""
    if certificate.revoked_at is not None:
        return render_certificate_pdfs([certificate])[0]
    if certificate.pdf is None:
        ensure_pdfs([certificate])
    return certificate.pdf


def ensure_pdfs(certificates: Sequence[Certificate]) -> None:
    """Render and store the PDFs of certificates that have none (e.g. demo data); flushed, not committed."""
    missing = [certificate for certificate in certificates if certificate.pdf is None]
    for certificate, pdf in zip(missing, render_certificate_pdfs(missing), strict=True):
        certificate.pdf = pdf
    if missing:
        db.session.flush()


# --- revocation and status -----------------------------------------------------------------------------------

def revoke_certificate(actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a live certificate (it keeps its number); the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Isi alasan pencabutan sertifikat."), field="reason")
    if certificate.revoked_at is not None:
        raise DomainError(_("Sertifikat %(number)s sudah dicabut.", number=certificate.number))
    certificate.revoked_at, certificate.revoked_by_id, certificate.revoke_reason = utcnow(), actor.id, reason
    audit.record(actor, "update", "certificate", certificate, _label(certificate),
                 {"revoked_at": [None, certificate.revoked_at.isoformat()]}, note=reason)
    logger.info("certificate %s revoked", certificate.number)
    return certificate


def revoke_for_enrolments(actor: Actor | None, enrolment_ids: Iterable[int], reason: str) -> list[Certificate]:
    """Revoke the live certificates of these enrolments (when a closed workshop is reopened)."""
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.enrolment_id.in_(list(enrolment_ids)), Certificate.revoked_at.is_(None))
        .options(selectinload(Certificate.enrolment).selectinload(Enrolment.employee))
        .order_by(Certificate.id)).all()
    for certificate in certificates:
        revoke_certificate(actor, certificate, reason)
    return list(certificates)


def certificate_status(certificate: Certificate, today: date) -> str:
    if certificate.revoked_at is not None:
        return STATUS_REVOKED
    if certificate.expires_on is not None and today > certificate.expires_on:
        return STATUS_EXPIRED
    return STATUS_VALID


def masked_nip(nip: str) -> str:
    """The first and last four digits only: "1975**********2001"."""
    return nip[:4] + "*" * max(len(nip) - 8, 0) + nip[-4:] if len(nip) > 8 else "*" * len(nip)


# --- reads ---------------------------------------------------------------------------------------------------

def find_by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.verification_code == code).options(
        selectinload(Certificate.enrolment).selectinload(Enrolment.employee),
        selectinload(Certificate.enrolment).selectinload(Enrolment.workshop).selectinload(Workshop.course)))


def workshop_certificates(workshop_id: int, with_pdf: bool = False, live_only: bool = False) -> list[Certificate]:
    """A workshop's certificates in number order, with their holders."""
    query = (select(Certificate).join(Enrolment, Certificate.enrolment_id == Enrolment.id)
             .where(Enrolment.workshop_id == workshop_id)
             .options(selectinload(Certificate.enrolment).selectinload(Enrolment.employee))
             .order_by(Certificate.year, Certificate.sequence))
    if live_only:
        query = query.where(Certificate.revoked_at.is_(None))
    if with_pdf:
        query = query.options(undefer(Certificate.pdf))
    return list(db.session.scalars(query))


def by_enrolment(enrolment_ids: Iterable[int]) -> dict[int, Certificate]:
    """{enrolment id: its live certificate, else its latest revoked one} (what a training history shows)."""
    ids = list(enrolment_ids)
    if not ids:
        return {}
    found: dict[int, Certificate] = {}
    for certificate in db.session.scalars(select(Certificate).where(Certificate.enrolment_id.in_(ids))
                                          .order_by(Certificate.id)):
        current = found.get(certificate.enrolment_id)
        if current is None or current.revoked_at is not None:
            found[certificate.enrolment_id] = certificate
    return found


def holder_employee_id(certificate_id: int) -> int | None:
    return db.session.scalar(select(Enrolment.employee_id).join(Certificate, Certificate.enrolment_id == Enrolment.id)
                             .where(Certificate.id == certificate_id))
