"""kill -9: a real `llmrouter serve` process killed with SIGKILL mid-traffic, then restarted on
the same data directory and database. The request log loses at most the entries of the last
flush interval (LLMROUTER_REQUEST_LOG_FLUSH_INTERVAL_S, 0.25 s by default): everything older
was in the fsynced spool, and the restarted server writes it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support.cloud_setup import add_provider, add_route
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import free_port
from support.traffic import Traffic, logged_request_ids

from llmrouter.v1 import (
    chat_service_pb2_grpc,
    provider_admin_service_pb2_grpc,
    request_log_service_pb2_grpc,
    routing_service_pb2_grpc,
)

FLUSH_INTERVAL_S = 0.25  # the default
SLACK_S = 0.5  # the spool's fsync and a busy shared machine


class Admin:
    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.channel = channel
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(channel)
        self.chat = chat_service_pb2_grpc.ChatServiceStub(channel)


def serve(database, port: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(database.data_dir),
        LLMROUTER_DATABASE_URL=database.url,
        LLMROUTER_ENCRYPTION_KEY=database.encryption_key,
        LLMROUTER_DEMO_MODEL="false",
        LLMROUTER_LOG_LEVEL="WARNING",
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


async def test_kill_9_loses_at_most_the_last_flush_interval(database):
    port = free_port()
    target = f"127.0.0.1:{port}"
    async with FakeUpstream.start() as up:
        up.route("/v1/chat/completions", lambda req: openai_stream(["ok"], usage=(10, 5, 0)))
        proc = serve(database, port)
        try:
            async with grpc.aio.insecure_channel(target) as ch:
                await wait_serving(ch, proc)
                admin = Admin(ch)
                await add_provider(admin, "fp", up.openai_base_url)
                await add_route(admin, "all", "m-*", ("fp", ""))
                traffic = Traffic(admin.chat, "m-1", prefix="k9")
                task = asyncio.create_task(traffic.run(rate=60, concurrency=3))
                await asyncio.sleep(4)
                killed_at = time.time()
                proc.send_signal(signal.SIGKILL)
                await asyncio.to_thread(proc.wait, 10)
                traffic.stop()
                await task
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        completed = [rid for rid in traffic.made if traffic.finished_at[rid] <= killed_at]
        proc = serve(database, port)
        try:
            async with grpc.aio.insecure_channel(target) as ch:
                await wait_serving(ch, proc)
                logs = request_log_service_pb2_grpc.RequestLogServiceStub(ch)
                logged = await logged_request_ids(logs)
        finally:
            proc.terminate()
            await asyncio.to_thread(proc.wait, 20)
    lost = [rid for rid in completed if rid not in set(logged)]
    ages = sorted(killed_at - traffic.finished_at[rid] for rid in lost)
    print(
        f"{database.kind}: {len(completed)} calls completed before the kill, {len(lost)} not in the log"
        f" (ended {', '.join(f'{a * 1000:.0f}' for a in ages)} ms before it)"
    )
    assert len(completed) >= 100
    assert len(logged) == len(set(logged)), "an entry was written twice"
    assert all(age <= FLUSH_INTERVAL_S + SLACK_S for age in ages), f"lost entries older than the flush interval: {ages}"
