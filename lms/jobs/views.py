"""The signed-in user's background jobs: list, progress page (polled by static/job_progress.js), download, retry;
and for HR and admins, every stopped job (its worker died) with a retry button."""

import io
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.access import access, hr_or_admin, signed_in
from lms.downloads import file_mimetype
from lms.extensions import db
from lms.jobs import services
from lms.jobs.models import JOB_STATE_LABELS, JOB_STATUS_LABELS, Job, JobStatus

bp = Blueprint("jobs", __name__, url_prefix="/tugas")
bp.add_app_template_global(JOB_STATUS_LABELS, "job_status_labels")
bp.add_app_template_global(JOB_STATE_LABELS, "job_state_labels")


def can_see_job(user: Any, job_id: int, **_: Any) -> bool:
    """The submitter and admins (a job that does not exist is answered 404 by the view)."""
    job = db.session.get(Job, job_id)
    return job is None or services.can_access(user, job)


def can_retry_job(user: Any, job_id: int, **_: Any) -> bool:
    """Whoever sees the job, and HR (who may retry any job once it has stopped: the service decides)."""
    return can_see_job(user, job_id) or user.has_role("hr")


@bp.get("/")
@access(signed_in)
def my_jobs():
    failed = request.args.get("status") == "gagal"  # failed lately: what the home page counts
    query = (services.failed_lately(current_user.id) if failed else
             select(Job).where(Job.created_by_id == current_user.id).order_by(Job.created_at.desc(), Job.id.desc()))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("jobs/list.html", page=page, failed=failed, failure_days=services.RECENT_FAILURE_DAYS)


@bp.get("/terhenti")
@access(hr_or_admin)
def stopped_jobs():
    page = db.paginate(services.stopped_jobs(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("jobs/stopped.html", page=page)


@bp.get("/<int:job_id>")
@access(can_see_job)
def job_detail(job_id: int):
    return render_template("jobs/detail.html", job=db.get_or_404(Job, job_id))


@bp.get("/<int:job_id>/status")
@access(can_see_job)
def job_status(job_id: int):
    job = db.get_or_404(Job, job_id)
    downloadable = job.status == JobStatus.DONE and job.result_filename and not job.file_expired
    response = jsonify(
        status=job.state, status_label=str(JOB_STATE_LABELS[job.state]), done=job.progress_done,
        total=job.progress_total, percent=job.percent, message=job.progress_message, error=job.error or None,
        download_url=url_for(".download", job_id=job.id) if downloadable else None,
        result_url=job.result_url or None)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:job_id>/unduh")
@access(can_see_job)
def download(job_id: int):
    job = db.get_or_404(Job, job_id)
    if job.file_expired:
        flash(_("Berkas %(filename)s sudah dihapus.", filename=job.result_filename), "warning")
        return redirect(url_for(".job_detail", job_id=job.id))
    if job.status != JobStatus.DONE or job.result is None:
        abort(404)
    response = send_file(io.BytesIO(job.result), mimetype=file_mimetype(job.result_mimetype), as_attachment=True,
                         download_name=job.result_filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:job_id>/ulang")
@access(can_retry_job)
def retry(job_id: int):
    job = db.get_or_404(Job, job_id)
    services.retry(current_user, job)
    flash(_("Tugas %(label)s dijalankan ulang.", label=job.label), "success")
    if services.can_access(current_user, job):
        return redirect(url_for(".job_detail", job_id=job.id))
    return redirect(url_for(".stopped_jobs"))
