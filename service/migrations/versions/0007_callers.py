"""callers: client keys with expiry, disabling and a caller policy, their own provider keys,
deployment groups on routes, and the record of seeded default models

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client_keys") as batch:
        batch.add_column(sa.Column("update_time", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("expire_time", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.text("false")))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default=sa.text("1")))
        batch.add_column(sa.Column("default_model", sa.String(length=256), nullable=False, server_default=""))
        batch.add_column(sa.Column("override_provider", sa.String(length=63), nullable=False, server_default=""))
        batch.add_column(sa.Column("allowed_models", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("allowed_providers", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("default_generation", sa.Text(), nullable=False, server_default="{}"))
    op.create_table(
        "client_key_provider_keys",
        sa.Column(
            "client_key_id",
            sa.String(length=32),
            sa.ForeignKey("client_keys.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "provider_id", sa.String(length=63), sa.ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("api_key_encrypted", sa.Text(), nullable=False),
        sa.Column("api_key_hint", sa.String(length=16), nullable=False, server_default=""),
    )
    with op.batch_alter_table("provider_models") as batch:
        batch.add_column(sa.Column("default_generation", sa.Text(), nullable=False, server_default="{}"))
    op.create_table(
        "seeded_models",
        sa.Column("provider_id", sa.String(length=63), primary_key=True),
        sa.Column("model_id", sa.String(length=256), primary_key=True),
        sa.Column("seed_time", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("routes") as batch:
        batch.add_column(sa.Column("deployments", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("strategy", sa.String(length=32), nullable=False, server_default="ordered"))


def downgrade() -> None:
    with op.batch_alter_table("routes") as batch:
        batch.drop_column("strategy")
        batch.drop_column("deployments")
    op.drop_table("seeded_models")
    with op.batch_alter_table("provider_models") as batch:
        batch.drop_column("default_generation")
    op.drop_table("client_key_provider_keys")
    with op.batch_alter_table("client_keys") as batch:
        for name in (
            "default_generation",
            "allowed_providers",
            "allowed_models",
            "override_provider",
            "default_model",
            "revision",
            "disabled",
            "expire_time",
            "update_time",
        ):
            batch.drop_column(name)
