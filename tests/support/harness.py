"""Test harness: the production bootstrap on 127.0.0.1:0 over a real database.

    async with running_server(database, tmp_path) as srv:
        await srv.providers.ListProviders(...)

`database` is a `Database` (see conftest: SQLite in a temp dir, or a fresh PostgreSQL
database per test).
"""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from cryptography.fernet import Fernet

from llmrouter.v1 import (
    chat_service_pb2_grpc,
    provider_admin_service_pb2_grpc,
    routing_service_pb2_grpc,
)
from service.app import LLMRouterServer, build_server
from service.settings import Settings

PG_BASE = os.environ.get("LLMROUTER_TEST_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432")


def free_port() -> int:
    """A loopback port nothing listens on now (for servers started as separate processes)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Database:
    kind: str  # "sqlite" | "postgres"
    url: str  # "" = embedded default in data_dir
    data_dir: Path
    encryption_key: str = ""
    pg_name: str = ""

    def settings(self, **overrides) -> Settings:
        base = dict(
            listen="127.0.0.1:0",
            data_dir=str(self.data_dir),
            database_url=self.url,
            encryption_key=self.encryption_key,
            log_format="text",
            config_poll_interval_s=0.5,
            shutdown_grace_s=2.0,
            retry_backoff_base_s=0.01,
            demo_model="false",
        )
        base.update(overrides)
        return Settings(**base)


async def create_pg_database(tmp_path: Path) -> Database:
    import asyncpg

    name = f"llmr_t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(PG_BASE.replace("postgresql+asyncpg", "postgresql") + "/test")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return Database("postgres", f"{PG_BASE}/{name}", tmp_path / "data", Fernet.generate_key().decode(), pg_name=name)


async def drop_pg_database(db: Database) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_BASE.replace("postgresql+asyncpg", "postgresql") + "/test")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{db.pg_name}" WITH (FORCE)')
    finally:
        await conn.close()


@dataclass
class RunningServer:
    server: LLMRouterServer
    channel: grpc.aio.Channel
    settings: Settings
    chat: chat_service_pb2_grpc.ChatServiceStub = field(init=False)
    providers: provider_admin_service_pb2_grpc.ProviderAdminServiceStub = field(init=False)
    routes: routing_service_pb2_grpc.RoutingServiceStub = field(init=False)

    def __post_init__(self) -> None:
        self.chat = chat_service_pb2_grpc.ChatServiceStub(self.channel)
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(self.channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(self.channel)

    @property
    def address(self) -> str:
        return self.server.address


@contextlib.asynccontextmanager
async def running_server(database: Database, span_exporter=None, **overrides):
    """span_exporter: an OpenTelemetry SDK span exporter (e.g. InMemorySpanExporter) turns tracing on."""
    settings = database.settings(**overrides)
    server = build_server(settings, span_exporter=span_exporter)
    await server.start()
    channel = grpc.aio.insecure_channel(server.address)
    try:
        yield RunningServer(server, channel, settings)
    finally:
        await channel.close()
        await server.stop(grace=1.0)


# ------------------------------------------------------------------ error assertions


@dataclass
class ErrorDetails:
    code: grpc.StatusCode
    message: str
    reason: str = ""
    domain: str = ""
    metadata: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)  # field path -> description
    retry_delay_s: float | None = None
    resource: tuple[str, str] | None = None


def error_details(err: grpc.aio.AioRpcError) -> ErrorDetails:
    """The status and its rich details, read by the Python client's parser."""
    from llmrouter.client import error_from

    e = error_from(err)
    return ErrorDetails(
        e.code, e.message, e.reason, e.domain, e.metadata, e.field_violations, e.retry_after, e.resource
    )


async def expect_error(awaitable, code: grpc.StatusCode) -> ErrorDetails:
    try:
        await awaitable
    except grpc.aio.AioRpcError as err:
        details = error_details(err)
        assert details.code == code, f"expected {code}, got {details.code}: {details.message}"
        assert details.reason, "every error carries google.rpc.ErrorInfo"
        return details
    raise AssertionError(f"expected {code}, the call succeeded")
