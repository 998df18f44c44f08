"""rate limits and budgets (limits)

Revision ID: 0007_limits_prices
Revises: 0004
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_limits_prices"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "limits",
        sa.Column("id", sa.String(length=63), primary_key=True),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("requests_per_minute", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("tokens_per_minute", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("concurrent_streams", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("token_budget", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("cost_budget_micros", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("budget_period", sa.String(length=8), nullable=False, server_default="day"),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("description", sa.String(length=1000), nullable=False, server_default=""),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("limits")
