"""maturity: operation actuals, digital-maturity assessments

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 02:00:00.000000

``operation.actual_start`` / ``actual_end``: when an operation actually started and finished
(recorded from the shop floor, the API or a machine); plan adherence compares the actual
end with the end the released plan gave the operation.

``maturity_requirement``: the requirement catalogue the zone office imports from a licensed
copy of the standard (while empty, the shipped summaries are used).
``maturity_assessment`` → ``maturity_answer``: a firm's self-assessments and their answers,
each the firm's own or a proposal from the platform's data that the firm confirms or
overrides; level and exact score are kept on submission.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actual_start", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("actual_end", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "maturity_requirement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subdomain", sa.String(length=8), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("requirement", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text_zh_hans", sa.Text(), nullable=False),
        sa.Column("text_zh_hant", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_requirement")),
        sa.UniqueConstraint(
            "subdomain", "level", "requirement",
            name=op.f("uq_maturity_requirement_subdomain"),
        ),
    )  # fmt: skip
    op.create_table(
        "maturity_assessment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("score", sa.String(length=60), nullable=True),
        sa.Column("level_scores", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprise.id"],
            name=op.f("fk_maturity_assessment_enterprise_id_enterprise"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_assessment")),
    )  # fmt: skip
    with op.batch_alter_table("maturity_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_assessment_enterprise_id"), ["enterprise_id"], unique=False
        )
    op.create_table(
        "maturity_answer",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("assessment_id", sa.String(length=36), nullable=False),
        sa.Column("subdomain", sa.String(length=8), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("requirement", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=True),
        sa.Column("proposed", sa.String(length=32), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["maturity_assessment.id"],
            name=op.f("fk_maturity_answer_assessment_id_maturity_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maturity_answer")),
        sa.UniqueConstraint(
            "assessment_id", "subdomain", "level", "requirement",
            name=op.f("uq_maturity_answer_assessment_id"),
        ),
    )  # fmt: skip
    with op.batch_alter_table("maturity_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_maturity_answer_assessment_id"), ["assessment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("maturity_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_answer_assessment_id"))
    op.drop_table("maturity_answer")
    with op.batch_alter_table("maturity_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maturity_assessment_enterprise_id"))
    op.drop_table("maturity_assessment")
    op.drop_table("maturity_requirement")
    with op.batch_alter_table("operation", schema=None) as batch_op:
        batch_op.drop_column("actual_end")
        batch_op.drop_column("actual_start")
