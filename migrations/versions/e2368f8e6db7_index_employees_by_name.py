"""index employees by name

Revision ID: e2368f8e6db7
Revises: f73d56267457
Create Date: 2026-11-28 19:57:10.007147

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2368f8e6db7'
down_revision = 'f73d56267457'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.create_index('ix_employees_name_id', ['name', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_index('ix_employees_name_id')

