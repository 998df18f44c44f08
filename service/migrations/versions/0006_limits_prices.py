"""rate limits and budgets (limits), prices of provider models (prices, seeded), each call's cost

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# List prices of built-in providers' models, per million tokens in millionths of USD:
# (id, provider, model, input, output, cache read, cache write, in force from, source).
# Figures as the providers publish them; the dates are when each price took effect.
SEED_PRICES = (
    # https://openai.com/api/pricing (gpt-4o at 2.50/10.00, cached input 1.25, since 2024-10-02
    # when `gpt-4o` moved to gpt-4o-2024-08-06).
    ("openai-gpt-4o", "openai", "gpt-4o", 2_500_000, 10_000_000, 1_250_000, None, "2024-10-02"),
    # https://openai.com/api/pricing (gpt-4o-mini at 0.15/0.60, cached input 0.075, since its
    # release on 2024-07-18).
    ("openai-gpt-4o-mini", "openai", "gpt-4o-mini", 150_000, 600_000, 75_000, None, "2024-07-18"),
    # https://www.anthropic.com/pricing#api (Claude Sonnet 4.5 at 3/15, cache read 0.30, 5-minute
    # cache write 3.75, since its release on 2025-09-29).
    (
        "anthropic-claude-sonnet-4-5",
        "anthropic",
        "claude-sonnet-4-5",
        3_000_000,
        15_000_000,
        300_000,
        3_750_000,
        "2025-09-29",
    ),
    # https://www.anthropic.com/pricing#api (Claude Haiku 3.5 at 0.80/4, cache read 0.08, cache
    # write 1.00, since 2024-11-04).
    (
        "anthropic-claude-3-5-haiku",
        "anthropic",
        "claude-3-5-haiku-latest",
        800_000,
        4_000_000,
        80_000,
        1_000_000,
        "2024-11-04",
    ),
    # https://api-docs.deepseek.com/quick_start/pricing (deepseek-chat, V3.2-Exp: input 0.28 on a
    # cache miss, 0.028 on a hit, output 0.42, since 2025-09-29).
    ("deepseek-chat", "deepseek", "deepseek-chat", 280_000, 420_000, 28_000, None, "2025-09-29"),
)

revision = "0006"
down_revision = "0005"
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

    prices = op.create_table(
        "prices",
        sa.Column("id", sa.String(length=63), primary_key=True),
        sa.Column("provider", sa.String(length=63), nullable=False),
        sa.Column("model", sa.String(length=256), nullable=False),
        sa.Column("input_micros_per_mtok", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("output_micros_per_mtok", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("cache_read_micros_per_mtok", sa.BigInteger(), nullable=True),
        sa.Column("cache_write_micros_per_mtok", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False, server_default="USD"),
        sa.Column("effective_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=1000), nullable=False, server_default=""),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_prices_provider_model", "prices", ["provider", "model"])
    now = datetime.now(UTC)
    op.bulk_insert(
        prices,
        [
            {
                "id": pid,
                "provider": provider,
                "model": model,
                "input_micros_per_mtok": inp,
                "output_micros_per_mtok": out,
                "cache_read_micros_per_mtok": read,
                "cache_write_micros_per_mtok": write,
                "currency": "USD",
                "effective_time": datetime.fromisoformat(day).replace(tzinfo=UTC),
                "source": "seeded: the provider's published list price (see migration 0007_limits_prices)",
                "revision": 1,
                "create_time": now,
                "update_time": now,
            }
            for pid, provider, model, inp, out, read, write, day in SEED_PRICES
        ],
    )
    with op.batch_alter_table("request_log") as batch:
        batch.add_column(sa.Column("cost_nanos", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("currency", sa.String(length=3), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("request_log") as batch:
        batch.drop_column("currency")
        batch.drop_column("cost_nanos")
    op.drop_index("ix_prices_provider_model", table_name="prices")
    op.drop_table("prices")
    op.drop_table("limits")
