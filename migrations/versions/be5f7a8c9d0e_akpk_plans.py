"""akpk_plans, akpk_plan_lines: the AKPK of a scope saved as the year's development plan (PP 11/2017 Pasal 205),
its lines keeping the text of the sheet as saved

Revision ID: be5f7a8c9d0e
Revises: ad4e5f6a7b8c
Create Date: 2026-12-05 19:50:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'be5f7a8c9d0e'
down_revision = 'ad4e5f6a7b8c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'akpk_plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('scope', sa.String(length=250), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.Column('cost_per_jp', sa.Integer(), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.Column('saved_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_akpk_plans_saved_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['unit_id'], ['org_units.id'], name=op.f('fk_akpk_plans_unit_id_org_units'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_akpk_plans')),
    )
    with op.batch_alter_table('akpk_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_akpk_plans_year'), ['year'], unique=False)
    op.create_table(
        'akpk_plan_lines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=True),
        sa.Column('nip', sa.String(length=30), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('position', sa.String(length=250), nullable=False),
        sa.Column('unit', sa.String(length=250), nullable=False),
        sa.Column('agency', sa.String(length=250), nullable=False),
        sa.Column('competency_type', sa.String(length=40), nullable=False),
        sa.Column('competency', sa.String(length=250), nullable=False),
        sa.Column('standard', sa.Integer(), nullable=True),
        sa.Column('current', sa.Integer(), nullable=True),
        sa.Column('gap', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('proposal', sa.String(length=300), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=True),
        sa.Column('siasn_kind', sa.String(length=200), nullable=False),
        sa.Column('jp', sa.Integer(), nullable=True),
        sa.Column('cost', sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_akpk_plan_lines_course_id_courses'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['employee_id'], ['employees.id'],
                                name=op.f('fk_akpk_plan_lines_employee_id_employees'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['plan_id'], ['akpk_plans.id'], name=op.f('fk_akpk_plan_lines_plan_id_akpk_plans'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_akpk_plan_lines')),
    )
    with op.batch_alter_table('akpk_plan_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_akpk_plan_lines_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('akpk_plan_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_akpk_plan_lines_plan_id'))
    op.drop_table('akpk_plan_lines')
    with op.batch_alter_table('akpk_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_akpk_plans_year'))
    op.drop_table('akpk_plans')
