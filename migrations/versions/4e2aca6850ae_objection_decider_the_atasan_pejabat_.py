"""objection decider: appraisal_objections.decider_id, the atasan pejabat penilai fixed at filing, and
hr_decides_because, why BKPSDM decides when there is none (PP 30/2019 Pasal 59)

Revision ID: 4e2aca6850ae
Revises: 4ff4a13a2a94
Create Date: 2026-12-05 17:08:18.268568

Objections filed before this revision were sent to BKPSDM (the employee was told so), and the organisation as it
stood when they were filed is not known: they stay BKPSDM's to decide, marked 'legacy'. A check makes every
objection name exactly one of a decider or a reason BKPSDM decides.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4e2aca6850ae'
down_revision = '4ff4a13a2a94'
branch_labels = None
depends_on = None

REASONS = ('no_rater', 'no_superior', 'superior_inactive', 'legacy')


def upgrade():
    with op.batch_alter_table('appraisal_objections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decider_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hr_decides_because', sa.Enum(*REASONS, name='hrdecidesbecause',
                                                                    native_enum=False, length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_appraisal_objections_decider_id'), ['decider_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_appraisal_objections_decider_id_employees'), 'employees',
                                    ['decider_id'], ['id'])
    op.execute("UPDATE appraisal_objections SET hr_decides_because = 'legacy'")
    with op.batch_alter_table('appraisal_objections', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_appraisal_objections_hr_decides_because'),
                                         f'hr_decides_because IN {REASONS!r}')
        batch_op.create_check_constraint(op.f('ck_appraisal_objections_one_decider'),
                                         '(decider_id IS NULL) <> (hr_decides_because IS NULL)')


def downgrade():
    with op.batch_alter_table('appraisal_objections', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_appraisal_objections_one_decider'), type_='check')
        batch_op.drop_constraint(op.f('ck_appraisal_objections_hr_decides_because'), type_='check')
    with op.batch_alter_table('appraisal_objections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_appraisal_objections_decider_id_employees'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_appraisal_objections_decider_id'))
        batch_op.drop_column('hr_decides_because')
        batch_op.drop_column('decider_id')
