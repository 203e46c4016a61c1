"""held certification valid-through date

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 00:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('held_certifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('valid_through', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('held_certifications', schema=None) as batch_op:
        batch_op.drop_column('valid_through')
