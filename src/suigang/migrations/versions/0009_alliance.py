"""alliance: firm profiles with membership, declared supply links

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-09 09:00:00.000000

``firm_profile`` is what a firm says of itself (segment, description in any script,
processes, materials, languages, capacity, lead time) and whether it is a member of the
alliance; its catalogue and certifications are read from their own tables. ``supply_link``
is a supplier → customer link declared by one of the two (the supplier may be a firm outside
the platform, named with its region).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "firm_profile",
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("member", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("segment", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("processes", sa.JSON(), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("capacity_unit", sa.String(length=32), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_firm_profile_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_firm_profile")),
    )
    op.create_table(
        "supply_link",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("declared_by", sa.String(length=36), nullable=False),
        sa.Column("supplier_id", sa.String(length=36), nullable=True),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("supplier_region", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("segment", sa.String(length=32), nullable=False),
        sa.Column("annual_value_cny", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declared_by"],
            ["enterprise.id"],
            name=op.f("fk_supply_link_declared_by_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["enterprise.id"],
            name=op.f("fk_supply_link_supplier_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["enterprise.id"],
            name=op.f("fk_supply_link_customer_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_link")),
    )
    with op.batch_alter_table("supply_link", schema=None) as batch_op:
        for column in ("declared_by", "supplier_id", "customer_id"):
            batch_op.create_index(batch_op.f(f"ix_supply_link_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supply_link", schema=None) as batch_op:
        for column in ("customer_id", "supplier_id", "declared_by"):
            batch_op.drop_index(batch_op.f(f"ix_supply_link_{column}"))
    op.drop_table("supply_link")
    op.drop_table("firm_profile")
