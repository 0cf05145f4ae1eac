"""gunicorn reads this file from the working directory: ``gunicorn --workers 4 --bind 127.0.0.1:8000 wsgi:app``.

Before any worker starts, the master checks the database, its migrations, the secret key and the broker, and
stops with one line per problem instead of every worker failing with a traceback.
"""

# The access log names the path without its query string and without the referrer: a search by NIP or name
# (?q=...) stays out of log files.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s'


def on_starting(server) -> None:
    from kompeten.app import create_app
    from kompeten.startup import exit_unless_ready

    exit_unless_ready(create_app(), "web")


def post_worker_init(worker) -> None:
    """Build the competency graph before the worker takes requests: for a city it takes seconds, which the first
    user of each worker would otherwise wait (the graph is then kept up to date by its version counter)."""
    from competencies.queries import current_graph

    with worker.wsgi.app_context():
        current_graph()
