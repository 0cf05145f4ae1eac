"""job lease: jobs.lease_expires_at, renewed by the worker running the job

Revision ID: 4ff4a13a2a94
Revises: 20e597a5b901
Create Date: 2026-12-05 14:54:34.942246

A queued or running job without a lease (left by a worker before this revision) is shown as stopped, and may be
run again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ff4a13a2a94'
down_revision = '20e597a5b901'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_jobs_status_lease_expires_at', ['status', 'lease_expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_status_lease_expires_at')
        batch_op.drop_column('lease_expires_at')
