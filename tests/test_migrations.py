from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lms.extensions import db


def test_the_migrations_create_exactly_the_schema_the_models_declare(app):
    """A model change without its Alembic migration fails here (the suite runs on the migrated database)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
