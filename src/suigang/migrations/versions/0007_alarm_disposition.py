"""alarm dispositions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 08:00:00.000000

A person records what was decided about an out-of-control alarm (release the parts or reject
them) with the reason; a certificate accepts a lot only when each alarm has one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alarm_disposition",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("alarm_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=False),
        sa.Column("decided_by_user_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["alarm_id"],
            ["quality_alarm.id"],
            name=op.f("fk_alarm_disposition_alarm_id_quality_alarm"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarm_disposition")),
    )
    with op.batch_alter_table("alarm_disposition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alarm_disposition_alarm_id"), ["alarm_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("alarm_disposition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alarm_disposition_alarm_id"))
    op.drop_table("alarm_disposition")
