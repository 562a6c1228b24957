"""counter samples indexed by machine, metric and time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 05:25:00.000000

Counting a machine's parts (OEE) reads one metric of one machine over a window. The index on
(machine_id, ts) made the database walk every metric's samples of the machine, and all its
history for the sample before the window; (machine_id, metric, ts) reads only the window.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("equipment_counter_sample", schema=None) as batch_op:
        batch_op.drop_index("ix_equipment_counter_sample_machine_id_time")
        batch_op.create_index(
            "ix_equipment_counter_sample_machine_id_metric_time",
            ["machine_id", "metric", "ts"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("equipment_counter_sample", schema=None) as batch_op:
        batch_op.drop_index("ix_equipment_counter_sample_machine_id_metric_time")
        batch_op.create_index(
            "ix_equipment_counter_sample_machine_id_time", ["machine_id", "ts"], unique=False
        )
