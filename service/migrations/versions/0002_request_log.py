"""request log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 10:14:31.989531
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("caller_key_id", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("requested_model", sa.String(length=256), nullable=False),
        sa.Column("route", sa.String(length=63), nullable=False),
        sa.Column("provider", sa.String(length=63), nullable=False),
        sa.Column("model", sa.String(length=256), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("fallback_index", sa.Integer(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("cached_prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("ttft_ms", sa.BigInteger(), nullable=False),
        sa.Column("duration_ms", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("error_reason", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("request_log", schema=None) as batch_op:
        batch_op.create_index("ix_request_log_create_time", ["create_time"], unique=False)
        batch_op.create_index("ix_request_log_provider_time", ["provider", "create_time"], unique=False)
        batch_op.create_index("ix_request_log_request_id", ["request_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("request_log", schema=None) as batch_op:
        batch_op.drop_index("ix_request_log_request_id")
        batch_op.drop_index("ix_request_log_provider_time")
        batch_op.drop_index("ix_request_log_create_time")

    op.drop_table("request_log")
