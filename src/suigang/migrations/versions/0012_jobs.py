"""jobs: long work recorded in the database

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 02:00:00.000000

``job`` holds each long piece of work (a plan search, a scenario sweep and its searches, a
report, a retraining): who asked for it, its state, progress, result or error and whether
cancel was asked. Workers (local processes or Ray tasks) write it themselves, so every API
process sees the same state and a restart loses none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("parent_id", sa.String(length=32), nullable=True),
        sa.Column("backend", sa.String(length=16), nullable=False),
        sa.Column("runner", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("fraction", sa.Float(), nullable=True),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index("ix_job_enterprise_id", ["enterprise_id", "created_at"], unique=False)
        batch_op.create_index("ix_job_parent_id", ["parent_id"], unique=False)
        batch_op.create_index("ix_job_state", ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_state")
        batch_op.drop_index("ix_job_parent_id")
        batch_op.drop_index("ix_job_enterprise_id")
    op.drop_table("job")
