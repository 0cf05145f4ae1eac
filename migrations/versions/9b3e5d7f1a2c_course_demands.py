"""course_demands: an employee's request for a class of a course none is open in (permintaan kelas), one active per
employee and course, withdrawn by them or fulfilled when HR opens a class of the course

Revision ID: 9b3e5d7f1a2c
Revises: 8d2e3f4a5b6c
Create Date: 2026-12-05 19:10:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9b3e5d7f1a2c'
down_revision = '8d2e3f4a5b6c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'course_demands',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('active', 'withdrawn', 'fulfilled', name='demandstatus', native_enum=False,
                                    create_constraint=False, length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('workshop_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('active', 'withdrawn', 'fulfilled')", name=op.f('ck_course_demands_status')),
        sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_demands_course_id_courses'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_course_demands_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['employee_id'], ['employees.id'],
                                name=op.f('fk_course_demands_employee_id_employees'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'],
                                name=op.f('fk_course_demands_workshop_id_workshops'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_demands')),
    )
    with op.batch_alter_table('course_demands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_demands_course_id'), ['course_id'], unique=False)
        batch_op.create_index('ix_course_demands_employee_status', ['employee_id', 'status'], unique=False)
        batch_op.create_index('uq_course_demands_active_employee_course', ['employee_id', 'course_id'], unique=True,
                              postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))


def downgrade():
    with op.batch_alter_table('course_demands', schema=None) as batch_op:
        batch_op.drop_index('uq_course_demands_active_employee_course', postgresql_where=sa.text("status = 'active'"),
                            sqlite_where=sa.text("status = 'active'"))
        batch_op.drop_index('ix_course_demands_employee_status')
        batch_op.drop_index(batch_op.f('ix_course_demands_course_id'))
    op.drop_table('course_demands')
