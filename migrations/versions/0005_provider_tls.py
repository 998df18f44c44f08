"""providers: upstream TLS (the provider's CA certificates, a client certificate and its encrypted key)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("providers") as batch:
        batch.add_column(sa.Column("tls_ca_certificates", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("tls_client_certificate", sa.Text(), nullable=False, server_default=""))
        # Fernet token of the client certificate's key, like api_key_encrypted; never plaintext.
        batch.add_column(sa.Column("tls_client_key_encrypted", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("providers") as batch:
        batch.drop_column("tls_client_key_encrypted")
        batch.drop_column("tls_client_certificate")
        batch.drop_column("tls_ca_certificates")
