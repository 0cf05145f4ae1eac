"""Background jobs of the course package: the certificate PDFs of a large class, rendered after it closed."""

from flask_babel import gettext as _
from sqlalchemy import select

from courses.certificates.services import render_certificate_pdfs
from courses.models import Certificate, Enrolment
from lms.extensions import db
from lms.jobs.tasks import JobContext, JobResult, task
from lms.notifications.services import app_path

RENDER_TASK = "certificates.render"
BATCH = 20  # certificates laid out together (one WeasyPrint document), then progress is reported


@task(RENDER_TASK)
def render_class_certificates(context: JobContext, workshop_id: int) -> JobResult:
    """Render and store the PDFs of the class's live certificates that have none; a rerun renders what is left."""
    missing = list(db.session.scalars(
        select(Certificate).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.workshop_id == workshop_id, Certificate.revoked_at.is_(None), Certificate.pdf.is_(None))
        .order_by(Certificate.sequence)))
    done = 0
    for start in range(0, len(missing), BATCH):
        batch = missing[start:start + BATCH]
        for certificate, pdf in zip(batch, render_certificate_pdfs(batch), strict=True):
            certificate.pdf = pdf
        done += len(batch)
        context.progress(done, len(missing), _("%(done)d dari %(total)d sertifikat dibuat", done=done,
                                               total=len(missing)))
    db.session.flush()
    return JobResult(url=app_path("trainer.closing", workshop_id=workshop_id))
