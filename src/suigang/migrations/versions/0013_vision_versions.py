"""vision model versions: defect regions on reviews, versions of a product's model

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 05:30:00.000000

A review of a visual verdict may carry the defect's kind and its marked region (a PNG mask),
so confirmed images become training data. ``vision_model_version`` keeps every version of a
product's vision model (uploaded or retrained), which one is active, and the held-out figures
each was judged on, so a version is promoted only when it is as good and can be restored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visual_review", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("defect_kind", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("region_png", sa.LargeBinary(), nullable=True))
    op.create_table(
        "vision_model_version",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("file", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("threshold_rule", sa.String(length=200), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_vision_model_version_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_vision_model_version_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vision_model_version")),
        sa.UniqueConstraint(
            "product_id", "number", name=op.f("uq_vision_model_version_product_id")
        ),
    )
    with op.batch_alter_table("vision_model_version", schema=None) as batch_op:
        batch_op.create_index(
            "ix_vision_model_version_enterprise_id", ["enterprise_id"], unique=False
        )
        batch_op.create_index("ix_vision_model_version_product_id", ["product_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vision_model_version", schema=None) as batch_op:
        batch_op.drop_index("ix_vision_model_version_product_id")
        batch_op.drop_index("ix_vision_model_version_enterprise_id")
    op.drop_table("vision_model_version")
    with op.batch_alter_table("visual_review", schema=None) as batch_op:
        batch_op.drop_column("region_png")
        batch_op.drop_column("defect_kind")
