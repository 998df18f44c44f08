"""stored responses: Responses API conversation state for previous_response_id

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:00:00
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
        "stored_responses",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("owner", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("input_items", sa.Text(), nullable=False),
        sa.Column("conversation", sa.Text(), nullable=False),
    )
    op.create_index("ix_stored_responses_create_time", "stored_responses", ["create_time"])


def downgrade() -> None:
    op.drop_index("ix_stored_responses_create_time", table_name="stored_responses")
    op.drop_table("stored_responses")
