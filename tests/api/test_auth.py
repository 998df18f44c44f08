"""Client keys and scopes; protected mode while none exists."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import grpc
import pytest
from support.harness import expect_error, running_server

from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import chat_service_pb2_grpc, provider_admin_service_pb2_grpc
from llmrouter.v1 import provider_admin_service_pb2 as pa
from service.api.auth import check, is_loopback_peer
from service.app import StartupError, build_server
from service.core.config import Snapshot
from service.core.errors import PermissionDenied


def cli(database, *args: str) -> str:
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(database.data_dir),
        LLMROUTER_DATABASE_URL=database.url,
        LLMROUTER_ENCRYPTION_KEY=database.encryption_key,
        LLMROUTER_LOG_LEVEL="WARNING",
    )
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


async def wait_for(predicate, timeout=5.0):
    end = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < end, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_scopes_and_bearer_keys(database):
    async with running_server(database) as srv:
        # Protected mode: loopback callers are served without a key.
        await srv.providers.ListProviders(pa.ListProvidersRequest())
        admin_key = await asyncio.to_thread(cli, database, "keys", "create", "--scope", "admin", "--description", "ops")
        chat_key = await asyncio.to_thread(cli, database, "keys", "create", "--scope", "chat")
        assert admin_key.startswith("llmr_") and chat_key.startswith("llmr_")
        # The CLI wrote to the database; the server picks the keys up (version check) by itself.
        await wait_for(lambda: len(srv.server.components.live.snapshot.client_keys) == 2)

        err = await expect_error(
            srv.providers.ListProviders(pa.ListProvidersRequest()), grpc.StatusCode.UNAUTHENTICATED
        )
        assert "authorization" in err.message
        await expect_error(
            srv.providers.ListProviders(pa.ListProvidersRequest(), metadata=[("authorization", "Bearer llmr_nope_x")]),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        await expect_error(
            srv.providers.ListProviders(pa.ListProvidersRequest(), metadata=[("authorization", f"Basic {admin_key}")]),
            grpc.StatusCode.UNAUTHENTICATED,
        )
        err = await expect_error(
            srv.providers.ListProviders(pa.ListProvidersRequest(), metadata=[("authorization", f"Bearer {chat_key}")]),
            grpc.StatusCode.PERMISSION_DENIED,
        )
        assert err.reason == "MISSING_SCOPE"
        ok = await srv.providers.ListProviders(
            pa.ListProvidersRequest(), metadata=[("authorization", f"Bearer {admin_key}")]
        )
        assert ok.providers
        await srv.chat.ListModels(cs.ListModelsRequest(), metadata=[("authorization", f"Bearer {chat_key}")])
        await srv.chat.ListModels(cs.ListModelsRequest(), metadata=[("authorization", f"Bearer {admin_key}")])

        # Revoking a key takes effect without a restart.
        key_id = chat_key.split("_")[1]
        listing = await asyncio.to_thread(cli, database, "keys", "list")
        assert key_id in listing and chat_key not in listing
        await asyncio.to_thread(cli, database, "keys", "revoke", key_id)
        await wait_for(lambda: key_id not in srv.server.components.live.snapshot.client_keys)
        await expect_error(
            srv.chat.ListModels(cs.ListModelsRequest(), metadata=[("authorization", f"Bearer {chat_key}")]),
            grpc.StatusCode.UNAUTHENTICATED,
        )


async def test_health_and_reflection_need_no_key(database):
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    async with running_server(database) as srv:
        await asyncio.to_thread(cli, database, "keys", "create", "--scope", "admin")
        await wait_for(lambda: srv.server.components.live.snapshot.client_keys)
        health = health_pb2_grpc.HealthStub(srv.channel)
        resp = await health.Check(health_pb2.HealthCheckRequest(service="llmrouter.v1.ChatService"))
        assert resp.status == health_pb2.HealthCheckResponse.SERVING


def test_non_loopback_peers_are_refused_in_protected_mode():
    snap = Snapshot(version=1)
    assert check(snap, "/llmrouter.v1.ChatService/StreamChat", (), "ipv4:127.0.0.1:5000") == ""
    assert check(snap, "/llmrouter.v1.ChatService/StreamChat", (), "ipv6:[::1]:5000") == ""
    with pytest.raises(PermissionDenied, match="llmrouter keys create --scope admin"):
        check(snap, "/llmrouter.v1.ChatService/StreamChat", (), "ipv4:10.1.2.3:5000")
    assert is_loopback_peer("ipv4:127.8.0.1:1") and not is_loopback_peer("ipv4:192.168.1.1:1")


async def test_non_loopback_bind_without_keys_refuses_to_start(database):
    server = build_server(database.settings(listen="0.0.0.0:0"))
    with pytest.raises(StartupError, match="llmrouter keys create --scope admin"):
        await server.start()


async def test_non_loopback_bind_with_a_key_starts(database):
    await asyncio.to_thread(cli, database, "keys", "create", "--scope", "admin")
    async with running_server(database, listen="0.0.0.0:0") as srv:
        admin = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(srv.channel)
        await expect_error(admin.ListProviders(pa.ListProvidersRequest()), grpc.StatusCode.UNAUTHENTICATED)
        chat = chat_service_pb2_grpc.ChatServiceStub(srv.channel)
        await expect_error(chat.ListModels(cs.ListModelsRequest()), grpc.StatusCode.UNAUTHENTICATED)
