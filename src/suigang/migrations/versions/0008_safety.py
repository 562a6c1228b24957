"""safety: dead letters, webhook hosts, address holders, number counters, sign-in throttle

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 09:00:00.000000

A Sparkplug message that cannot be stored (a value out of its column's range, an over-long or
control-character identifier) is kept in ``equipment_dead_letter`` with its raw payload and
the reason, and acknowledged, instead of holding up the ingest for good.

Webhooks reach public addresses only; ``webhook_allowed_host`` lists the hosts the zone
administrator lets them reach although they are not public.

``machine.address_since`` says when a machine took its Sparkplug address: of machines of
different firms naming one address the earliest holds it, and telemetry is its own only
while it does (rows are read by the machine id stamped on arrival).

``number_counter`` holds the last number handed out per scope (RFQs of a year, a factory's
plan versions ...), taken with ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` so that
simultaneous requests never get the same number.

``sign_in_throttle`` counts failed sign-ins per account and per client address and holds
how long each is locked out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equipment_dead_letter",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_dead_letter")),
    )
    with op.batch_alter_table("equipment_dead_letter", schema=None) as batch_op:
        batch_op.create_index("ix_equipment_dead_letter_received_at", ["received_at"], unique=False)

    with op.batch_alter_table("machine", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address_since", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "webhook_allowed_host",
        sa.Column("host", sa.String(length=253), nullable=False),
        sa.Column("added_by", sa.String(length=254), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("host", name=op.f("pk_webhook_allowed_host")),
    )
    op.create_table(
        "number_counter",
        sa.Column("scope", sa.String(length=120), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_number_counter")),
    )
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_table("number_counter")
    op.drop_table("webhook_allowed_host")
    with op.batch_alter_table("machine", schema=None) as batch_op:
        batch_op.drop_column("address_since")
    with op.batch_alter_table("equipment_dead_letter", schema=None) as batch_op:
        batch_op.drop_index("ix_equipment_dead_letter_received_at")
    op.drop_table("equipment_dead_letter")
