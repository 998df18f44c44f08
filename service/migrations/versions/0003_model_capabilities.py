"""model capabilities

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # JSON object of the declared capabilities, e.g. {"images": true}; absent keys take the
    # API type's default.
    with op.batch_alter_table("provider_models") as batch:
        batch.add_column(sa.Column("capabilities", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("provider_models") as batch:
        batch.drop_column("capabilities")
