"""SIASN kinds of training: courses and training_records carry siasn_kind_id (SIASN's jenisDiklatId) and, for
Diklat Struktural, structural_kind_id (latihanStrukturalId), in place of training_records.kind, which was derived
from the kind of competency a course develops

Revision ID: 8d2e3f4a5b6c
Revises: 5a8e0c4d2f17
Create Date: 2026-12-05 18:40:00

A course's kind starts from its modality (pelatihan: Diklat Teknis, workshop: Workshop, seminar: Seminar, ...);
a record from a workshop takes its course's kind; an external record maps its old kind (teknis: Diklat Teknis,
fungsional: Diklat Fungsional, manajerial: Pelatihan Manajerial, sosial_kultural: Pelatihan Sosial Kultural).
Downgrading maps the kinds back as closely as the old four allow.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8d2e3f4a5b6c'
down_revision = '5a8e0c4d2f17'
branch_labels = None
depends_on = None

KIND_IDS = tuple(range(1, 26))
STRUCTURAL_IDS = tuple(range(1, 9))
MODALITY_KINDS = {"pelatihan": 3, "workshop": 4, "seminar": 9, "e_learning": 16, "coaching": 14, "mentoring": 15,
                  "magang": 10}
OLD_KINDS = {"teknis": 3, "fungsional": 2, "manajerial": 5, "sosial_kultural": 6}
OLD_KIND_NAMES = ("teknis", "manajerial", "sosial_kultural", "fungsional")
CHECKS = (f"siasn_kind_id IN {KIND_IDS!r}",
          f"(siasn_kind_id = 1) = (structural_kind_id IS NOT NULL) AND "
          f"(structural_kind_id IS NULL OR structural_kind_id IN {STRUCTURAL_IDS!r})")


def _case(column, mapping, default):
    whens = " ".join(f"WHEN '{key}' THEN {value}" for key, value in mapping.items())
    return f"CASE {column} {whens} ELSE {default} END"


def _add_kind_columns(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('siasn_kind_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('structural_kind_id', sa.Integer(), nullable=True))


def _finish_kind_columns(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column('siasn_kind_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f(f'ck_{table}_siasn_kind'), CHECKS[0])
        batch_op.create_check_constraint(op.f(f'ck_{table}_structural_kind'), CHECKS[1])


def upgrade():
    _add_kind_columns('courses')
    op.execute(f"UPDATE courses SET siasn_kind_id = {_case('modality', MODALITY_KINDS, 3)}")
    _finish_kind_columns('courses')
    _add_kind_columns('training_records')
    op.execute("UPDATE training_records SET siasn_kind_id = (SELECT c.siasn_kind_id FROM enrolments e "
               "JOIN workshops w ON w.id = e.workshop_id JOIN courses c ON c.id = w.course_id "
               "WHERE e.id = training_records.enrolment_id) WHERE enrolment_id IS NOT NULL")
    op.execute(f"UPDATE training_records SET siasn_kind_id = {_case('kind', OLD_KINDS, 3)} "
               "WHERE siasn_kind_id IS NULL")
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_training_records_kind'), type_='check')
        batch_op.drop_column('kind')
    _finish_kind_columns('training_records')


def downgrade():
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_training_records_structural_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_training_records_siasn_kind'), type_='check')
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=True))
    back = {value: key for key, value in OLD_KINDS.items()}
    op.execute("UPDATE training_records SET kind = CASE siasn_kind_id "
               + " ".join(f"WHEN {value} THEN '{key}'" for value, key in back.items()) + " ELSE 'teknis' END")
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), nullable=False)
        batch_op.create_check_constraint(op.f('ck_training_records_kind'), f"kind IN {OLD_KIND_NAMES!r}")
        batch_op.drop_column('structural_kind_id')
        batch_op.drop_column('siasn_kind_id')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_courses_structural_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_courses_siasn_kind'), type_='check')
        batch_op.drop_column('structural_kind_id')
        batch_op.drop_column('siasn_kind_id')
