"""SQLAlchemy tables. Schema changes go through Alembic (migrations/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ProviderRow(Base):
    __tablename__ = "providers"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    api_type: Mapped[str] = mapped_column(String(16), nullable=False)
    base_url: Mapped[str] = mapped_column(String(2048), nullable=False, default="")
    # Fernet token of the API key; never plaintext.
    api_key_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    api_key_hint: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    # Upstream TLS (PEM): the provider's CAs, its client certificate, and the Fernet token of
    # that certificate's key (0005_provider_tls).
    tls_ca_certificates: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tls_client_certificate: Mapped[str] = mapped_column(Text, nullable=False, default="")
    tls_client_key_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    builtin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    template: Mapped[str] = mapped_column(String(63), nullable=False, default="")
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    create_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    update_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ProviderModelRow(Base):
    __tablename__ = "provider_models"
    __table_args__ = (
        UniqueConstraint("provider_id", "model_id", name="uq_provider_models_model_id"),
        # At most one default model per provider.
        Index(
            "uq_provider_models_one_default",
            "provider_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    provider_id: Mapped[str] = mapped_column(
        String(63), ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    model_id: Mapped[str] = mapped_column(String(256), nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    source: Mapped[str] = mapped_column(String(2048), nullable=False, default="")
    # Declared capabilities as a JSON object ({"images": true, ...}); see mapping.capabilities.
    capabilities: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    create_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    update_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class RouteRow(Base):
    __tablename__ = "routes"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    # Creation order: deterministic tie-break between equal rules.
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    model_pattern: Mapped[str] = mapped_column(String(256), nullable=False)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    target_provider: Mapped[str] = mapped_column(String(63), nullable=False)
    target_model: Mapped[str] = mapped_column(String(256), nullable=False, default="")
    # JSON list of {"provider": ..., "model": ...}.
    fallbacks: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    description: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    revision: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    create_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    update_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ClientKeyRow(Base):
    __tablename__ = "client_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # SHA-256 of the whole key; the key itself is shown once, at creation.
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    scopes: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    create_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class MetaRow(Base):
    """Key/value facts about the database: the config version, the encryption-key check."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(63), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class ConfigVersionRow(Base):
    """One row: bumped in the same transaction as every admin write. Replicas compare it."""

    __tablename__ = "config_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)


class RequestLogRow(Base):
    """One chat or embedding call. Written in batches, off the hot path."""

    __tablename__ = "request_log"
    __table_args__ = (
        Index("ix_request_log_create_time", "create_time"),
        Index("ix_request_log_provider_time", "provider", "create_time"),
        Index("ix_request_log_request_id", "request_id"),
        Index("ux_request_log_entry_uid", "entry_uid", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    create_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    request_id: Mapped[str] = mapped_column(String(128), nullable=False, default="")
    caller_key_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    method: Mapped[str] = mapped_column(String(32), nullable=False)
    requested_model: Mapped[str] = mapped_column(String(256), nullable=False, default="")
    route: Mapped[str] = mapped_column(String(63), nullable=False, default="")
    provider: Mapped[str] = mapped_column(String(63), nullable=False, default="")
    model: Mapped[str] = mapped_column(String(256), nullable=False, default="")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    fallback_index: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cached_prompt_tokens: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    ttft_ms: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    duration_ms: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    error_reason: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # Set by the writer when the entry is recorded: replaying a batch from the local spool
    # skips the entries the database already has (exactly once). NULL on older rows.
    entry_uid: Mapped[str | None] = mapped_column(String(32), nullable=True)
