"""Units and positions that history names are marked deleted (deleted_at, deleted_by_id) instead of deleted; the
foreign keys by which history refers to employees, enrolments, units and competencies no longer cascade a delete
(ON DELETE RESTRICT), so no delete, by the app or by hand, can take training records, certificates, the competency
ledger or appraisals with it

Revision ID: 5a8e0c4d2f17
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-05 19:00:00
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '5a8e0c4d2f17'
down_revision = '7c1d2e3f4a5b'
branch_labels = None
depends_on = None

# (table, column, referred table) of the history rows whose delete no longer cascades
HISTORY_KEYS = (
    ('appraisal_cycle_units', 'unit_id', 'org_units'),
    ('appraisal_rating_limits', 'unit_id', 'org_units'),
    ('appraisals', 'employee_id', 'employees'),
    ('appraisal_forms', 'rater_id', 'employees'),
    ('competency_evidence', 'employee_id', 'employees'),
    ('competency_evidence', 'competency_id', 'competencies'),
    ('enrolments', 'workshop_id', 'workshops'),
    ('training_records', 'employee_id', 'employees'),
    ('training_records', 'enrolment_id', 'enrolments'),
    ('certificates', 'enrolment_id', 'enrolments'),
)


def _set_on_delete(action):
    tables = {}
    for table, column, referred in HISTORY_KEYS:
        tables.setdefault(table, []).append((column, referred))
    for table, keys in tables.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in keys:
                name = f'fk_{table}_{column}_{referred}'
                batch_op.drop_constraint(name, type_='foreignkey')
                batch_op.create_foreign_key(name, referred, [column], ['id'], ondelete=action)


def upgrade():
    for table in ('org_units', 'positions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('deleted_by_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_deleted_at'), ['deleted_at'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_deleted_by_id_users'), 'users', ['deleted_by_id'],
                                        ['id'], ondelete='SET NULL')
    _set_on_delete('RESTRICT')


def downgrade():
    _set_on_delete('CASCADE')
    for table in ('positions', 'org_units'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_deleted_by_id_users'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_deleted_at'))
            batch_op.drop_column('deleted_by_id')
            batch_op.drop_column('deleted_at')
