"""Certificates: download (owner, their supervisors, HR), a workshop's certificates as a list and as one ZIP,
HR revocation, and the public verification page.

The verification page is public and must not let anyone list certificates: it is reached only through the
random code (no ids, no search by name), answers a malformed code exactly as an unknown one, shows a masked
NIP and nothing about the holder's unit or contacts, and asks browsers, caches and search engines not to
keep or pass on the address. Each client address may ask LMS_VERIFY_RATE_REQUESTS times per
LMS_VERIFY_RATE_WINDOW_SECONDS (with LMS_PROXY_COUNT, the address the proxy saw); then it is told when to retry.
"""

import io
import math
import zipfile
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import undefer

from courses.access import trains_workshop
from courses.certificates import services as certificates
from courses.certificates.forms import RevokeForm, VerifyForm
from courses.models import Certificate, Workshop
from lms.access import access, hr_or_admin, public
from lms.auth.services import count_request
from lms.extensions import db, utcnow
from lms.formtools import form_status, run_or_attach
from lms.pdf import pdf_response
from lms.people.access import can_view_employee

bp = Blueprint("certificates", __name__)

# The pages the revocation page may lead back to (``?kembali=``); anything else leads to the class's list.
BACK_HISTORY, BACK_VERIFICATION = "riwayat", "verifikasi"

# Sent with every verification page: not cached, not indexed, the code never leaves in a Referer header.
PRIVATE_PAGE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow",
                        "Referrer-Policy": "no-referrer"}


def can_open_certificate(user: Any, certificate_id: int, **_: Any) -> bool:
    """The holder, anyone above them in the supervisor chain, HR and admins. Anyone else gets 404, as for a
    certificate that does not exist, so that the ids reveal nothing."""
    employee_id = certificates.holder_employee_id(certificate_id)
    if employee_id is None or not can_view_employee(user, employee_id):
        abort(404)
    return True


def _file_stem(certificate: Certificate) -> str:
    return certificate.number.replace("/", "-")


# --- download, a workshop's certificates -------------------------------------------------------------------

@bp.get("/sertifikat/<int:certificate_id>.pdf")
@access(can_open_certificate)
def download(certificate_id: int):
    """The certificate's PDF; a revoked one comes marked "DICABUT" with the date and reason (the holder may
    still need to show what was revoked, and the copy can never pass as valid)."""
    certificate = db.get_or_404(Certificate, certificate_id, options=[undefer(Certificate.pdf)])
    suffix = "-DICABUT" if certificate.revoked_at is not None else ""
    return pdf_response(certificates.download_pdf(certificate), f"sertifikat-{_file_stem(certificate)}{suffix}.pdf")


@bp.get("/pengajar/kelas/<int:workshop_id>/sertifikat")
@access(trains_workshop)
def workshop_list(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    rows = certificates.workshop_certificates(workshop_id)
    today = date.today()
    return render_template("courses/certificates/workshop_list.html", workshop=workshop, today=today,
                           rows=[(row, certificates.certificate_status(row, today)) for row in rows],
                           revoked=sum(row.revoked_at is not None for row in rows))


@bp.get("/pengajar/kelas/<int:workshop_id>/sertifikat.zip")
@access(trains_workshop)
def workshop_zip(workshop_id: int):
    """Every live certificate of the workshop, one PDF each named ``<number>_<NIP>.pdf``; revoked ones are left
    out (the list page says how many)."""
    workshop = db.get_or_404(Workshop, workshop_id)
    live = certificates.workshop_certificates(workshop_id, with_pdf=True, live_only=True)
    if not live:
        if certificates.workshop_certificates(workshop_id):
            flash(_("Semua sertifikat kelas ini telah dicabut; tidak ada sertifikat berlaku yang dapat diunduh."),
                  "warning")
        else:
            flash(_("Kelas ini belum memiliki sertifikat."), "info")
        return redirect(url_for(".workshop_list", workshop_id=workshop_id))
    if any(certificate.pdf is None for certificate in live):
        certificates.ensure_pdfs(live)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in live:
            archive.writestr(f"{_file_stem(certificate)}_{certificate.enrolment.employee.nip}.pdf", certificate.pdf)
    buffer.seek(0)
    return send_file(buffer, mimetype="application/zip", as_attachment=True,
                     download_name=f"sertifikat-kelas-{workshop.id}.zip", max_age=0)


# --- revocation --------------------------------------------------------------------------------------------

def _back_url(certificate: Certificate, back: str | None) -> str:
    """Where the revocation page leads back to: the page HR came from, named (never a URL from the request)."""
    if back == BACK_HISTORY:
        return url_for("records.history", employee_id=certificate.enrolment.employee_id)
    if back == BACK_VERIFICATION:
        return url_for(".verify", code=certificate.verification_code)
    return url_for(".workshop_list", workshop_id=certificate.enrolment.workshop_id)


@bp.route("/sertifikat/<int:certificate_id>/cabut", methods=["GET", "POST"])
@access(hr_or_admin)
def revoke(certificate_id: int):
    """HR revokes a certificate with a reason, from the class's certificates, the holder's training history or
    the verification page (``?kembali=`` names which, to return there)."""
    certificate = db.get_or_404(Certificate, certificate_id)
    back = request.args.get("kembali")
    form = RevokeForm()
    if form.validate_on_submit() and run_or_attach(
            form, "reason", lambda: certificates.revoke_certificate(current_user, certificate, form.reason.data)):
        flash(_("Sertifikat %(number)s dicabut.", number=certificate.number), "success")
        return redirect(_back_url(certificate, back))
    return render_template("courses/certificates/revoke.html", certificate=certificate, form=form,
                           back=back if back in (BACK_HISTORY, BACK_VERIFICATION) else None,
                           back_url=_back_url(certificate, back),
                           status=certificates.certificate_status(certificate, date.today())), \
        form_status(form)


# --- public verification -----------------------------------------------------------------------------------

def _private_page(template: str, http_status: int = 200, **context: Any):
    return render_template(template, **context), http_status, PRIVATE_PAGE_HEADERS


def _not_found():
    return _private_page("courses/certificates/verify.html", 404, certificate=None)


def _over_rate():
    """None while the client address is within its rate, else the 429 page that says when to try again."""
    config = current_app.config
    until = count_request("verify", request.remote_addr or "unknown", config["VERIFY_RATE_REQUESTS"],
                          timedelta(seconds=config["VERIFY_RATE_WINDOW_SECONDS"]))
    db.session.commit()  # every allowed request counts, also one answered with 404 (someone guessing codes)
    if until is None:
        return None
    seconds = max(1, math.ceil((until - utcnow()).total_seconds()))
    page = render_template(
        "errors/error.html", code=429, title=_("Terlalu banyak permintaan"),
        message=_("Terlalu banyak pemeriksaan sertifikat dari alamat Anda dalam waktu singkat. Coba lagi dalam "
                  "%(seconds)d detik (pukul %(time)s).", seconds=seconds, time=format_time(until)))
    return page, 429, {**PRIVATE_PAGE_HEADERS, "Retry-After": str(seconds)}


@bp.get("/verifikasi")
@access(public)
def verify_form():
    refused = _over_rate()
    if refused is not None:
        return refused
    form = VerifyForm(request.args)
    if not request.args:
        return _private_page("courses/certificates/verify_form.html", form=form)
    if not form.validate():
        return _private_page("courses/certificates/verify_form.html", 422, form=form)
    code = certificates.normalise_code(form.kode.data)
    return redirect(url_for(".verify", code=code)) if code else _not_found()


@bp.get("/verifikasi/<code>")
@access(public)
def verify(code: str):
    """The status of the certificate with this code; a malformed code is answered exactly as an unknown one."""
    refused = _over_rate()
    if refused is not None:
        return refused
    normalised = certificates.normalise_code(code)
    certificate = certificates.find_by_code(normalised) if normalised else None
    if certificate is None:
        return _not_found()
    employee, workshop = certificate.enrolment.employee, certificate.enrolment.workshop
    return _private_page("courses/certificates/verify.html", certificate=certificate, employee=employee,
                         workshop=workshop, course=workshop.course, masked_nip=certificates.masked_nip(employee.nip),
                         issuer=current_app.config["CERTIFICATE_ISSUER"], back=BACK_VERIFICATION,
                         status=certificates.certificate_status(certificate, date.today()))
