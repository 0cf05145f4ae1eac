"""gunicorn reads this file from the working directory: ``gunicorn --workers 4 --bind 127.0.0.1:8000 wsgi:app``.

Before any worker starts, the master checks the database, its migrations, the secret key and the broker, and
stops with one line per problem instead of every worker failing with a traceback.
"""


def on_starting(server) -> None:
    from kompeten.app import create_app
    from kompeten.startup import exit_unless_ready

    exit_unless_ready(create_app(), "web")
