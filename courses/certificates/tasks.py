"""Background jobs of the course package: the certificate PDFs of a large class, rendered after it closed."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from courses.certificates.services import render_certificate_pdfs
from courses.models import Certificate, Enrolment, Workshop
from lms.extensions import db
from lms.jobs.tasks import JobContext, JobResult, task
from lms.notifications.services import app_path

RENDER_TASK = "certificates.render"
BATCH = 20  # certificates laid out together (one WeasyPrint document), then committed and progress reported


@task(RENDER_TASK)
def render_class_certificates(context: JobContext, workshop_id: int) -> JobResult:
    """Render and store the PDFs of the class's live certificates that have none, committing each batch. The
    certificates themselves were issued when the class closed, so a rerun (after a failure, or after its worker
    died) issues nothing: it renders what is still without a PDF."""
    missing = list(db.session.scalars(
        select(Certificate.id).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.workshop_id == workshop_id, Certificate.revoked_at.is_(None), Certificate.pdf.is_(None))
        .order_by(Certificate.sequence)))
    done = 0
    for start in range(0, len(missing), BATCH):
        ids = missing[start:start + BATCH]
        batch = list(db.session.scalars(  # without the ones another run has rendered meanwhile
            select(Certificate).where(Certificate.id.in_(ids), Certificate.pdf.is_(None))
            .order_by(Certificate.sequence)
            .options(selectinload(Certificate.enrolment).selectinload(Enrolment.employee),
                     selectinload(Certificate.enrolment).selectinload(Enrolment.workshop)
                     .selectinload(Workshop.course))))
        for certificate, pdf in zip(batch, render_certificate_pdfs(batch), strict=True):
            certificate.pdf = pdf
        db.session.flush()
        context.checkpoint()
        done += len(ids)
        context.progress(done, len(missing), _("%(done)d dari %(total)d sertifikat dibuat", done=done,
                                               total=len(missing)))
    return JobResult(url=app_path("trainer.closing", workshop_id=workshop_id))
