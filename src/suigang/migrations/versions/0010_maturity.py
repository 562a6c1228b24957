"""maturity: operation actuals, digital-maturity assessments

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07 02:00:00.000000

``operation.actual_start`` / ``actual_end``: when an operation actually started and finished
(recorded from the shop floor, the API or a machine); plan adherence compares the actual
end with the end the released plan gave the operation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actual_start", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("actual_end", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.drop_column("actual_end")
        batch_op.drop_column("actual_start")
