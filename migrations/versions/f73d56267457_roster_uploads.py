"""roster uploads: files waiting for HR to confirm an employee import

Revision ID: f73d56267457
Revises: 36de3abb34c9
Create Date: 2026-11-28 19:31:54.724723

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f73d56267457'
down_revision = '36de3abb34c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('roster_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_roster_uploads_uploaded_by_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_uploads')),
    sa.UniqueConstraint('token', name=op.f('uq_roster_uploads_token'))
    )
    with op.batch_alter_table('roster_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_uploads_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_uploads_uploaded_by_id'), ['uploaded_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('roster_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_uploads_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_roster_uploads_created_at'))

    op.drop_table('roster_uploads')
