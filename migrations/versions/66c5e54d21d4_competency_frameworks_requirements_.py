"""competency frameworks, requirements, prerequisites; cache versions

Revision ID: 66c5e54d21d4
Revises: e2368f8e6db7
Create Date: 2026-11-28 20:03:45.589698

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '66c5e54d21d4'
down_revision = 'e2368f8e6db7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_versions',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_versions'))
    )
    op.create_table('frameworks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=250), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('scale', sa.JSON(), nullable=False),
    sa.Column('default_level', sa.Integer(), nullable=False),
    sa.Column('proficient_level', sa.Integer(), nullable=False),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('is_builtin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks')),
    sa.UniqueConstraint('code', name=op.f('uq_frameworks_code'))
    )
    op.create_table('competencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.CheckConstraint("type IN ('teknis', 'manajerial', 'sosial_kultural')", name=op.f('ck_competencies_type')),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_competencies_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['competencies.id'], name=op.f('fk_competencies_parent_id_competencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competencies')),
    sa.UniqueConstraint('framework_id', 'code', name='uq_competencies_framework_code')
    )
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competencies_framework_id'), ['framework_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competencies_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competencies_type'), ['type'], unique=False)

    op.create_table('competency_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint('level >= 1', name=op.f('ck_competency_levels_level_positive')),
    sa.ForeignKeyConstraint(['competency_id'], ['competencies.id'], name=op.f('fk_competency_levels_competency_id_competencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_levels')),
    sa.UniqueConstraint('competency_id', 'level', name='uq_competency_levels_competency_level')
    )
    with op.batch_alter_table('competency_levels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competency_levels_competency_id'), ['competency_id'], unique=False)

    op.create_table('prerequisites',
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('required_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.CheckConstraint('competency_id <> required_id', name=op.f('ck_prerequisites_not_self')),
    sa.CheckConstraint('level >= 1', name=op.f('ck_prerequisites_level_positive')),
    sa.ForeignKeyConstraint(['competency_id'], ['competencies.id'], name=op.f('fk_prerequisites_competency_id_competencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['required_id'], ['competencies.id'], name=op.f('fk_prerequisites_required_id_competencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('competency_id', 'required_id', name=op.f('pk_prerequisites'))
    )
    with op.batch_alter_table('prerequisites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prerequisites_required_id'), ['required_id'], unique=False)

    op.create_table('requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('weight', sa.String(length=10), nullable=False),
    sa.CheckConstraint("weight IN ('critical', 'normal')", name=op.f('ck_requirements_weight')),
    sa.CheckConstraint('level >= 1', name=op.f('ck_requirements_level_positive')),
    sa.ForeignKeyConstraint(['competency_id'], ['competencies.id'], name=op.f('fk_requirements_competency_id_competencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_requirements_position_id_positions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirements')),
    sa.UniqueConstraint('position_id', 'competency_id', name='uq_requirements_position_competency')
    )
    with op.batch_alter_table('requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirements_competency_id'), ['competency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_requirements_position_id'), ['position_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('competency_level_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['competency_level_id'], ['competency_levels.id'], name=op.f('fk_indicators_competency_level_id_competency_levels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_competency_level_id'), ['competency_level_id'], unique=False)



def downgrade():
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_competency_level_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirements_position_id'))
        batch_op.drop_index(batch_op.f('ix_requirements_competency_id'))

    op.drop_table('requirements')
    with op.batch_alter_table('prerequisites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prerequisites_required_id'))

    op.drop_table('prerequisites')
    with op.batch_alter_table('competency_levels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competency_levels_competency_id'))

    op.drop_table('competency_levels')
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competencies_type'))
        batch_op.drop_index(batch_op.f('ix_competencies_parent_id'))
        batch_op.drop_index(batch_op.f('ix_competencies_framework_id'))

    op.drop_table('competencies')
    op.drop_table('frameworks')
    op.drop_table('cache_versions')
