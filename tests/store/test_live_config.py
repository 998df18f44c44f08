"""Live configuration: snapshots swapped on commit, replicas on one PostgreSQL, database outages."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support.harness import create_pg_database, drop_pg_database, expect_error, free_port, running_server
from support.tcp_proxy import TcpProxy

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs
from llmrouter.v1 import routing_service_pb2_grpc


async def test_admin_write_is_seen_by_the_very_next_request(server):
    await server.providers.UpdateProvider(
        pa.UpdateProviderRequest(provider=p.Provider(name="providers/groq", api_key="gsk-1234"))
    )
    for i in range(5):
        await server.routes.CreateRoute(
            rs.CreateRouteRequest(
                route=r.Route(model_pattern=f"m{i}", target=r.RouteTarget(provider="providers/groq")), route_id=f"m{i}"
            )
        )
        res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model=f"m{i}"))
        assert res.route == f"routes/m{i}"


@pytest.fixture
async def pg_database(tmp_path):
    db = await create_pg_database(tmp_path)
    try:
        yield db
    finally:
        await drop_pg_database(db)


async def test_replicas_on_one_postgres_see_changes_within_a_second(pg_database):
    port = free_port()
    env = dict(
        os.environ,
        LLMROUTER_DATABASE_URL=pg_database.url,
        LLMROUTER_ENCRYPTION_KEY=pg_database.encryption_key,
        LLMROUTER_DATA_DIR=str(pg_database.data_dir / "b"),
        LLMROUTER_CONFIG_POLL_INTERVAL_S="60",
        LLMROUTER_LOG_LEVEL="WARNING",
    )
    async with running_server(pg_database, config_poll_interval_s=60) as a:
        proc = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}"], env=env
        )
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
                health = health_pb2_grpc.HealthStub(ch)
                for _ in range(300):
                    try:
                        if (await health.Check(health_pb2.HealthCheckRequest(), timeout=1)).status == 1:
                            break
                    except grpc.aio.AioRpcError:
                        await asyncio.sleep(0.1)
                b_routes = routing_service_pb2_grpc.RoutingServiceStub(ch)
                await asyncio.sleep(0.5)  # B's listener is up
                for i in range(3):
                    await a.providers.UpdateProvider(
                        pa.UpdateProviderRequest(provider=p.Provider(name="providers/openai", api_key=f"sk-key-{i}"))
                    )
                    await a.routes.CreateRoute(
                        rs.CreateRouteRequest(
                            route=r.Route(
                                model_pattern=f"replica-{i}-*", target=r.RouteTarget(provider="providers/openai")
                            ),
                            route_id=f"replica-{i}",
                        )
                    )
                    t0 = time.monotonic()
                    while True:
                        res = await b_routes.ResolveRoute(rs.ResolveRouteRequest(model=f"replica-{i}-x"))
                        if res.route == f"routes/replica-{i}":
                            break
                        assert time.monotonic() - t0 < 1.0, "replica B did not see the change within 1 s"
                        await asyncio.sleep(0.02)
        finally:
            proc.terminate()
            await asyncio.to_thread(proc.wait, 20)


async def test_database_outage_keeps_serving_last_snapshot(pg_database):
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    db = pg_database
    db.url = db.url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    async with running_server(db, config_poll_interval_s=0.2) as srv:
        await srv.providers.UpdateProvider(
            pa.UpdateProviderRequest(provider=p.Provider(name="providers/openai", api_key="sk-abc-1234"))
        )
        await srv.routes.CreateRoute(
            rs.CreateRouteRequest(
                route=r.Route(model_pattern="gpt-*", target=r.RouteTarget(provider="providers/openai")), route_id="gpt"
            )
        )
        await proxy.cut()
        await asyncio.sleep(0.5)  # the poller notices; nothing must break

        res = await srv.routes.ResolveRoute(rs.ResolveRouteRequest(model="gpt-4o"))
        assert res.route == "routes/gpt"
        health = health_pb2_grpc.HealthStub(srv.channel)
        assert (await health.Check(health_pb2.HealthCheckRequest(service="llmrouter.v1.ChatService"))).status == 1
        err = await expect_error(
            srv.routes.CreateRoute(
                rs.CreateRouteRequest(
                    route=r.Route(model_pattern="claude-*", target=r.RouteTarget(provider="providers/openai")),
                    route_id="claude",
                )
            ),
            grpc.StatusCode.UNAVAILABLE,
        )
        assert err.reason == "DATABASE_UNAVAILABLE" and err.retry_delay_s is not None
        assert "5432" not in err.message and "postgres" not in err.message.lower()

        await proxy.start()  # same port: the database is back
        for _ in range(50):
            try:
                await srv.routes.CreateRoute(
                    rs.CreateRouteRequest(
                        route=r.Route(model_pattern="claude-*", target=r.RouteTarget(provider="providers/openai")),
                        route_id="claude",
                    )
                )
                break
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == grpc.StatusCode.UNAVAILABLE
                await asyncio.sleep(0.1)
        res = await srv.routes.ResolveRoute(rs.ResolveRouteRequest(model="claude-3"))
        assert res.route == "routes/claude"
    await proxy.cut()
