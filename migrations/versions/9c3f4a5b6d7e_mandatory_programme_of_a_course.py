"""courses.mandatory_programme: the mandatory training by position a course is (Latsar, PKP, PKA, PKN II, PKN I)

Revision ID: 9c3f4a5b6d7e
Revises: 9b3e5d7f1a2c
Create Date: 2026-12-05 19:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9c3f4a5b6d7e'
down_revision = '9b3e5d7f1a2c'
branch_labels = None
depends_on = None

PROGRAMMES = ('latsar', 'pkp', 'pka', 'pkn2', 'pkn1')


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mandatory_programme', sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f('ix_courses_mandatory_programme'), ['mandatory_programme'], unique=False)
        batch_op.create_check_constraint(op.f('ck_courses_mandatory_programme'),
                                         f'mandatory_programme IS NULL OR mandatory_programme IN {PROGRAMMES!r}')


def downgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_courses_mandatory_programme'), type_='check')
        batch_op.drop_index(batch_op.f('ix_courses_mandatory_programme'))
        batch_op.drop_column('mandatory_programme')
