"""Celery, when ``BROKER_URL`` is set: the web app publishes job ids, a worker runs them.

There is no result backend: the ``jobs`` row is the result. The worker runs ``create_app()`` (see
``kompeten/worker.py``: ``celery -A kompeten.worker worker``) and executes :func:`lms.jobs.runner.run` in that app's
context, so the task functions are the same as in-process.
"""

import threading

from celery import Celery, Task
from flask import Flask

from lms.jobs.runner import run

RUN_JOB = "kompeten.run_job"

_lock = threading.Lock()


def celery_app(app: Flask) -> Celery:
    """The Celery app bound to this Flask app (made on first use from its config)."""
    with _lock:
        celery = app.extensions.get("kompeten_celery")
        if celery is None:
            celery = app.extensions["kompeten_celery"] = _make_celery(app)
        return celery


def _make_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask, set_as_current=False)
    celery.conf.update(
        broker_url=app.config["BROKER_URL"],
        task_default_queue=app.config["JOBS_QUEUE"],
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        # Jobs are long: a worker takes one message at a time, so a free worker gets the next one.
        worker_prefetch_multiplier=1,
    )
    celery.task(name=RUN_JOB)(run)
    return celery
