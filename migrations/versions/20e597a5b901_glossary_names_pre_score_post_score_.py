"""glossary names: enrolments.pre_score and post_score, certificates.verification_code

Revision ID: 20e597a5b901
Revises: 462af245a4ed
Create Date: 2026-12-05 14:14:21.000000

Column renames, so the stored scores and codes survive. The CHECK constraints on the scores name the columns in
their expression and by name, so they are dropped before the rename and created again after it (SQLite copies a
reflected CHECK constraint's text as it is when batch mode rebuilds the table); the unique constraint on the
verification code is renamed by a drop and a create too.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '20e597a5b901'
down_revision = '462af245a4ed'
branch_labels = None
depends_on = None

# (column, check constraint) before and after: the checks were named after the tests, now after the scores.
OLD_SCORES = (("pre_test_score", "pre_test"), ("post_test_score", "post_test"))
NEW_SCORES = (("pre_score", "pre_score"), ("post_score", "post_score"))


def _rename_scores(old: tuple, new: tuple) -> None:
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        for (old_column, old_check), (new_column, new_check) in zip(old, new, strict=True):
            batch_op.drop_constraint(op.f(f'ck_enrolments_{old_check}'), type_='check')
            batch_op.alter_column(old_column, new_column_name=new_column)
            batch_op.create_check_constraint(op.f(f'ck_enrolments_{new_check}'),
                                             f'{new_column} IS NULL OR {new_column} BETWEEN 0 AND 100')


def _rename_code(old_column: str, new_column: str) -> None:
    # Two batches: SQLite's table rebuild finds the columns of an added constraint by their names before the
    # batch, so a constraint on the renamed column added in the same batch would be left out silently.
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'uq_certificates_{old_column}'), type_='unique')
        batch_op.alter_column(old_column, new_column_name=new_column)
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_unique_constraint(op.f(f'uq_certificates_{new_column}'), [new_column])


def upgrade():
    _rename_scores(OLD_SCORES, NEW_SCORES)
    _rename_code('code', 'verification_code')


def downgrade():
    _rename_code('verification_code', 'code')
    _rename_scores(NEW_SCORES, OLD_SCORES)
