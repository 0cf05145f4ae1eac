"""Background jobs with visible progress: slow work (report PDFs, batches, imports) runs outside the request.

- register a task: ``@task("name")`` on ``fn(context, **params) -> JobResult | None`` (:mod:`lms.jobs.tasks`);
- submit it: :func:`lms.jobs.services.submit`, then commit; the job starts after the commit and the view
  redirects to ``jobs.job_detail``, which shows the progress and then the download;
- the same task runs in a Celery worker (``BROKER_URL`` set) or in a thread of the app (:mod:`lms.jobs.runner`).
"""
