"""employees.employment_type may be 'pppk_pw', PPPK Paruh Waktu (KepmenPANRB 16/2025), and holds up to 10 characters

Revision ID: ad4e5f6a7b8c
Revises: 9c3f4a5b6d7e
Create Date: 2026-12-05 19:40:00

Downgrading turns PPPK Paruh Waktu back into PPPK, the only type the older code knows them as.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'ad4e5f6a7b8c'
down_revision = '9c3f4a5b6d7e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_employees_employment_type'), type_='check')
        batch_op.alter_column('employment_type', existing_type=sa.String(length=4), type_=sa.String(length=10),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_employees_employment_type'),
                                         "employment_type IN ('pns', 'pppk', 'pppk_pw')")


def downgrade():
    op.execute("UPDATE employees SET employment_type = 'pppk' WHERE employment_type = 'pppk_pw'")
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_employees_employment_type'), type_='check')
        batch_op.alter_column('employment_type', existing_type=sa.String(length=10), type_=sa.String(length=4),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_employees_employment_type'), "employment_type IN ('pns', 'pppk')")
