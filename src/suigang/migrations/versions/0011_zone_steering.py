"""zone steering: admission applications and indicator sets, statistics filings, HKD/CNY
rates, support schemes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 01:38:17.310837

``admission_indicator_set`` keeps each version of the admission rules the zone office adds
(never changed; an application is scored against the version in force when submitted);
``admission_application`` a project's figures, declared chain fit, status and decision.
``statistics_filing`` is a firm's yearly figures per segment (Decimal money in CNY or HKD);
``exchange_rate`` the dated HKD/CNY rates the zone office keeps. ``support_scheme`` is the
catalogue of support schemes and funding programmes with eligibility criteria as JSON.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admission_indicator_set",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admission_indicator_set")),
        sa.UniqueConstraint("version", name=op.f("uq_admission_indicator_set_version")),
    )
    op.create_table(
        "exchange_rate",
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("cny_per_hkd", sa.Numeric(precision=12, scale=6), nullable=False),
        sa.Column("source", sa.String(length=400), nullable=False),
        sa.Column("added_by", sa.String(length=254), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("effective", name=op.f("pk_exchange_rate")),
    )
    op.create_table(
        "support_scheme",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_zh_hans", sa.String(length=200), nullable=False),
        sa.Column("name_zh_hant", sa.String(length=200), nullable=False),
        sa.Column("sponsor", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("applies_to", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("help_keywords", sa.JSON(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_scheme")),
        sa.UniqueConstraint("code", name=op.f("uq_support_scheme_code")),
    )
    op.create_table(
        "admission_application",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("segment", sa.String(length=32), nullable=False),
        sa.Column("products", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("fixed_asset_investment", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("output", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("revenue", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("tax", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("value_added", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("rd_spending", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("land_area", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("floor_area", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("building_footprint_area", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("admin_land_area", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("green_area", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("energy", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("jobs", sa.Integer(), nullable=True),
        sa.Column("fills_gap", sa.Boolean(), nullable=False),
        sa.Column("gap_note", sa.Text(), nullable=False),
        sa.Column("indicator_version", sa.String(length=40), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("score", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=254), nullable=True),
        sa.Column("review_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewer", sa.String(length=254), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_admission_application_enterprise_id_enterprise"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admission_application")),
    )
    with op.batch_alter_table("admission_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_admission_application_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "statistics_filing",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("output", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("tax", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("rd_spending", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("hk_invested", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("filed_by", sa.String(length=254), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_statistics_filing_enterprise_id_enterprise"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_filing")),
        sa.UniqueConstraint(
            "enterprise_id", "year", "segment", name=op.f("uq_statistics_filing_enterprise_id")
        ),
    )
    with op.batch_alter_table("statistics_filing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statistics_filing_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_statistics_filing_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statistics_filing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistics_filing_year"))
        batch_op.drop_index(batch_op.f("ix_statistics_filing_enterprise_id"))

    op.drop_table("statistics_filing")
    with op.batch_alter_table("admission_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_admission_application_enterprise_id"))

    op.drop_table("admission_application")
    op.drop_table("support_scheme")
    op.drop_table("exchange_rate")
    op.drop_table("admission_indicator_set")
