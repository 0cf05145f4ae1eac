"""courses.competency_test: whether a course's post-test is an uji kompetensi, the only way a course raises a
competency level (BKN sets levels by assessment; attendance alone adds JP and a certificate)

Revision ID: 7c1d2e3f4a5b
Revises: 4e2aca6850ae
Create Date: 2026-12-05 18:55:00

Until this revision every completion raised the levels a course grants. Courses with a post-test pass mark keep
doing so (their post-test is taken as the competency test); courses without one no longer do. Levels already in
the ledger stay: they were recorded under the rule of their time, and HR may review them.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c1d2e3f4a5b'
down_revision = '4e2aca6850ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('competency_test', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE courses SET competency_test = (pass_mark IS NOT NULL)")
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_courses_competency_test_pass_mark'),
                                         'NOT competency_test OR pass_mark IS NOT NULL')


def downgrade():
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_courses_competency_test_pass_mark'), type_='check')
        batch_op.drop_column('competency_test')
