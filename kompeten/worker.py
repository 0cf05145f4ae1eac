"""The Celery worker's entry point: ``celery -A kompeten.worker worker --loglevel=info --concurrency=2``.

It builds the whole app, so the worker knows every registered task and has the app's configuration (the broker
is ``LMS_BROKER_URL``), and stops with one line per problem when the database, its migrations or the broker are
not ready. The Flask app is not called ``app``: Celery's ``-A`` would take it for the Celery app.
"""

from celery.signals import worker_process_init

from kompeten.app import create_app
from kompeten.startup import exit_unless_ready
from lms.extensions import db
from lms.jobs.celery import celery_app

flask_app = create_app()
exit_unless_ready(flask_app, "worker")
celery = celery_app(flask_app)


@worker_process_init.connect
def _own_database_connections(**_: object) -> None:
    """A forked pool process must not use database connections its parent may have opened."""
    with flask_app.app_context():
        db.engine.dispose(close=False)
