"""request log: a unique id per entry, so that a batch replayed from the local spool is written once

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows written before this revision have none (several NULLs never conflict).
    op.add_column("request_log", sa.Column("entry_uid", sa.String(length=32), nullable=True))
    op.create_index("ux_request_log_entry_uid", "request_log", ["entry_uid"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_request_log_entry_uid", table_name="request_log")
    with op.batch_alter_table("request_log") as batch:
        batch.drop_column("entry_uid")
