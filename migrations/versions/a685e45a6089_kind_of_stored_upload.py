"""kind of stored upload

Revision ID: a685e45a6089
Revises: 66c5e54d21d4
Create Date: 2026-11-28 20:44:44.859345

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a685e45a6089'
down_revision = '66c5e54d21d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('roster_uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='roster', nullable=False))



def downgrade():
    with op.batch_alter_table('roster_uploads', schema=None) as batch_op:
        batch_op.drop_column('kind')

