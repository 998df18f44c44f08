"""Two `llmrouter serve` processes on one PostgreSQL database and one Redis share a rate limit:
together they admit the limit, not twice it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid

import grpc
import pytest
import redis.asyncio as aioredis
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import create_pg_database, drop_pg_database, free_port

from llmrouter.v1 import (
    chat_service_pb2_grpc,
    limit_service_pb2_grpc,
    provider_admin_service_pb2_grpc,
    routing_service_pb2_grpc,
)
from llmrouter.v1 import limit_pb2 as lp
from llmrouter.v1 import limit_service_pb2 as ls

REDIS = "redis://127.0.0.1:6379/0"
LIMIT = 20


class Stubs:
    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(channel)
        self.chat = chat_service_pb2_grpc.ChatServiceStub(channel)
        self.limits = limit_service_pb2_grpc.LimitServiceStub(channel)


def serve(database, port: int, prefix: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(database.data_dir / str(port)),
        LLMROUTER_DATABASE_URL=database.url,
        LLMROUTER_ENCRYPTION_KEY=database.encryption_key,
        LLMROUTER_DEMO_MODEL="false",
        LLMROUTER_LOG_LEVEL="WARNING",
        LLMROUTER_REDIS_URL=REDIS,
        LLMROUTER_REDIS_KEY_PREFIX=prefix,
        LLMROUTER_REDIS_TIMEOUT_S="2",
    )
    return subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}"], env=env)


async def wait_serving(channel: grpc.aio.Channel, proc: subprocess.Popen) -> None:
    health = health_pb2_grpc.HealthStub(channel)
    for _ in range(600):
        assert proc.poll() is None, "the server exited"
        try:
            if (await health.Check(health_pb2.HealthCheckRequest(), timeout=1)).status == 1:
                return
        except grpc.aio.AioRpcError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the server never became SERVING")


@pytest.fixture
async def pg(tmp_path):
    db = await create_pg_database(tmp_path)
    try:
        yield db
    finally:
        await drop_pg_database(db)


async def test_two_processes_share_one_limit(pg):
    prefix = f"llmrouter-test:{uuid.uuid4().hex}:"
    ports = [free_port(), free_port()]
    procs: list[subprocess.Popen] = []
    async with FakeUpstream.start() as up:
        up.route("/v1/chat/completions", lambda rec: openai_stream(["ok"], usage=(5, 1, 0)), method="POST")
        try:
            procs.append(serve(pg, ports[0], prefix))
            async with grpc.aio.insecure_channel(f"127.0.0.1:{ports[0]}") as ch_a:
                await wait_serving(ch_a, procs[0])
                a = Stubs(ch_a)
                await add_provider(a, "oai", up.openai_base_url)
                await add_route(a, "gpt", "gpt-*", ("oai", ""))
                await a.limits.CreateLimit(
                    ls.CreateLimitRequest(limit_id="shared", limit=lp.Limit(subject="*", requests_per_minute=LIMIT))
                )
                procs.append(serve(pg, ports[1], prefix))  # starts with the limit in its snapshot
                async with grpc.aio.insecure_channel(f"127.0.0.1:{ports[1]}") as ch_b:
                    await wait_serving(ch_b, procs[1])
                    b = Stubs(ch_b)
                    if time.time() % 60 > 30:  # start the burst early in a UTC minute
                        await asyncio.sleep(60.5 - time.time() % 60)

                    async def one(stubs: Stubs) -> str:
                        try:
                            await collect(stubs.chat.StreamChat(stream_request("gpt-4o")))
                            return "ok"
                        except grpc.aio.AioRpcError as err:
                            return err.code().name

                    started = time.time()
                    results = await asyncio.gather(*(one(a if i % 2 else b) for i in range(3 * LIMIT)))
                    ended = time.time()
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                await asyncio.to_thread(p.wait, 20)
            r = aioredis.Redis.from_url(REDIS)
            keys = [k async for k in r.scan_iter(match=f"{prefix}*")]
            if keys:
                await r.delete(*keys)
            await r.aclose()
    if int(started // 60) == int(ended // 60):
        assert results.count("ok") == LIMIT, results
    else:  # the burst outlasted its minute (a very busy machine): a second window opened
        assert LIMIT <= results.count("ok") <= 2 * LIMIT, results
    assert results.count("ok") + results.count("RESOURCE_EXHAUSTED") == 3 * LIMIT
    assert "ok" in results[0::2] and "ok" in results[1::2]  # both processes admitted calls
    assert len([x for x in up.requests if x.path == "/v1/chat/completions"]) == results.count("ok")
