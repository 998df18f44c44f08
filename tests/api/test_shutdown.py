"""Shutdown does what the README says, on a real `llmrouter serve` process with its REST bridge.

On SIGTERM: health NOT_SERVING at once; new calls still served for LLMROUTER_SHUTDOWN_DELAY_S,
then refused (UNAVAILABLE, ErrorInfo SHUTTING_DOWN; the bridge: 503); in-flight gRPC and
bridge streams share one LLMROUTER_SHUTDOWN_GRACE_S: those that end within it end normally,
those still running at its end get UNAVAILABLE with ErrorInfo SHUTTING_DOWN (gRPC) or an SSE
error event (bridge), and their upstream requests are closed; the process exits within
grace + 1 s. A second signal exits at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support.cloud_setup import add_provider, add_route, collect, stream_request, user
from support.fakes.openai_replies import openai_completion, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import error_details, free_port

from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import chat_service_pb2_grpc, provider_admin_service_pb2_grpc, routing_service_pb2_grpc

DELAY_S, GRACE_S = 1.0, 3.0


class Client:
    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(channel)
        self.chat = chat_service_pb2_grpc.ChatServiceStub(channel)
        self.health = health_pb2_grpc.HealthStub(channel)


def start(tmp_path, port: int, http_port: int, **env_extra: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(tmp_path / "data"),
        LLMROUTER_DEMO_MODEL="false",
        LLMROUTER_LOG_LEVEL="INFO",
        LLMROUTER_SHUTDOWN_DELAY_S=str(DELAY_S),
        LLMROUTER_SHUTDOWN_GRACE_S=str(GRACE_S),
    )
    env.update(env_extra)
    env.pop("LLMROUTER_DATABASE_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "serve",
            "--listen",
            f"127.0.0.1:{port}",
            "--http",
            f"127.0.0.1:{http_port}",
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )


async def wait_serving(client: Client, proc: subprocess.Popen) -> None:
    for _ in range(600):
        assert proc.poll() is None, proc.stderr.read()
        try:
            if (await client.health.Check(health_pb2.HealthCheckRequest(), timeout=1)).status == 1:
                return
        except grpc.aio.AioRpcError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("never SERVING")


def slow_stream(seconds: float, frames: int = 20):
    return openai_stream([f"t{i} " for i in range(frames)], interval=seconds / frames)


async def read_grpc_stream(call) -> tuple[str, object, float]:
    """(outcome, summary or error details, time.monotonic() at the end)."""
    try:
        _, _, _, summary, _ = await collect(call)
        return "OK", summary, time.monotonic()
    except grpc.aio.AioRpcError as err:
        return err.code().name, error_details(err), time.monotonic()


async def read_unary(call) -> tuple[str, object, float]:
    try:
        await call
        return "OK", None, time.monotonic()
    except grpc.aio.AioRpcError as err:
        return err.code().name, error_details(err), time.monotonic()


async def read_sse(http: httpx.AsyncClient, url: str, body: dict) -> tuple[int, list[str], float]:
    lines: list[str] = []
    async with http.stream("POST", url, json=body) as resp:
        async for line in resp.aiter_lines():
            if line.startswith("data: "):
                lines.append(line[6:])
        return resp.status_code, lines, time.monotonic()


async def test_sigterm_shutdown_sequence(tmp_path):
    port, http_port = free_port(), free_port()
    bridge = f"http://127.0.0.1:{http_port}"
    async with FakeUpstream.start() as up:
        proc = start(tmp_path, port, http_port)
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch, httpx.AsyncClient(timeout=30) as http:
                c = Client(ch)
                await wait_serving(c, proc)
                await add_provider(c, "fp", up.openai_base_url)
                await add_route(c, "all", "*", ("fp", ""))
                # In flight at the signal: two streams that outlive the grace (gRPC, bridge), one
                # that ends within it.
                slow_unary = dataclasses.replace(openai_completion("late"), delay=30)
                up.script(slow_stream(30), slow_stream(30), slow_stream(DELAY_S + 1.5), slow_unary)
                long_grpc = asyncio.create_task(
                    read_grpc_stream(c.chat.StreamChat(stream_request("m-long"), timeout=60))
                )
                await up.wait_requests(1, timeout=10)
                long_sse = asyncio.create_task(
                    read_sse(
                        http,
                        f"{bridge}/v1/chat/completions",
                        {"model": "m-sse", "stream": True, "messages": [{"role": "user", "content": "hi"}]},
                    )
                )
                await up.wait_requests(2, timeout=10)
                short = asyncio.create_task(read_grpc_stream(c.chat.StreamChat(stream_request("m-short"), timeout=60)))
                await up.wait_requests(3, timeout=10)
                long_unary = asyncio.create_task(
                    read_unary(c.chat.Chat(cs.ChatRequest(model="m-unary", messages=[user("hi")]), timeout=60))
                )
                await up.wait_requests(4, timeout=10)
                up.route("/v1/chat/completions", lambda req: openai_stream(["quick"]))

                t0 = time.monotonic()
                proc.send_signal(signal.SIGTERM)
                await asyncio.sleep(0.2)
                health = await c.health.Check(health_pb2.HealthCheckRequest(), timeout=2)
                assert health.status == health_pb2.HealthCheckResponse.NOT_SERVING
                # Within the delay: still served.
                text, _, _, summary, _ = await collect(c.chat.StreamChat(stream_request("m-new"), timeout=5))
                assert text == "quick" and summary is not None
                await asyncio.sleep(max(0.0, t0 + DELAY_S + 0.3 - time.monotonic()))
                # After the delay: refused, with the reason.
                try:
                    await c.chat.Chat(
                        cs.ChatRequest(model="m-new", messages=[stream_request("m").messages[0]]), timeout=5
                    )
                    raise AssertionError("a new call after the delay was served")
                except grpc.aio.AioRpcError as err:
                    d = error_details(err)
                    assert d.code == grpc.StatusCode.UNAVAILABLE and d.reason == "SHUTTING_DOWN", d
                    assert d.retry_delay_s is not None
                refused = await http.post(
                    f"{bridge}/v1/chat/completions",
                    json={"model": "m-new", "messages": [{"role": "user", "content": "hi"}]},
                )
                assert refused.status_code == 503 and refused.json()["error"]["code"] == "shutting_down", refused.text

                s_outcome, s_summary, _ = await short
                assert s_outcome == "OK" and s_summary is not None  # it ended within the grace

                u_outcome, u_details, u_end = await long_unary
                assert u_outcome == "UNAVAILABLE" and u_details.reason == "SHUTTING_DOWN", (u_outcome, u_details)
                g_outcome, g_details, g_end = await long_grpc
                assert g_outcome == "UNAVAILABLE" and g_details.reason == "SHUTTING_DOWN", (g_outcome, g_details)
                status, lines, b_end = await long_sse
                assert status == 200 and lines, lines
                assert lines[-1] != "[DONE]" and "error" in json.loads(lines[-1]), lines[-3:]
                # Both cut together, at the end of the one grace period.
                for end in (g_end, b_end, u_end):
                    assert DELAY_S + GRACE_S - 0.3 <= end - t0 <= DELAY_S + GRACE_S + 1.0, end - t0
                assert all(r.disconnected or r.completed for r in up.requests)
                for cut in (0, 1, 3):
                    assert await up.requests[cut].wait_disconnected(2), f"upstream request {cut} left open"
            rc = await asyncio.to_thread(proc.wait, 15)
            exited = time.monotonic() - t0
            print(f"SIGTERM -> cut at {g_end - t0:.2f} s, bridge event at {b_end - t0:.2f} s, exit at {exited:.2f} s")
            assert rc == 0
            assert exited <= DELAY_S + GRACE_S + 1.0, (
                f"exited {exited:.2f} s after SIGTERM\n{proc.stderr.read()[-3000:]}"
            )
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


async def test_a_second_signal_exits_at_once(tmp_path):
    port, http_port = free_port(), free_port()
    async with FakeUpstream.start() as up:
        proc = start(tmp_path, port, http_port, LLMROUTER_SHUTDOWN_GRACE_S="30")
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
                c = Client(ch)
                await wait_serving(c, proc)
                await add_provider(c, "fp", up.openai_base_url)
                await add_route(c, "all", "*", ("fp", ""))
                up.route("/v1/chat/completions", lambda req: slow_stream(60))
                stream = asyncio.create_task(read_grpc_stream(c.chat.StreamChat(stream_request("m"), timeout=90)))
                await up.wait_requests(1, timeout=10)
                proc.send_signal(signal.SIGTERM)
                await asyncio.sleep(1.5)
                assert proc.poll() is None  # draining: the stream has 30 s
                t0 = time.monotonic()
                proc.send_signal(signal.SIGINT)
                rc = await asyncio.to_thread(proc.wait, 10)
                took = time.monotonic() - t0
                print(f"second signal -> exit in {took * 1000:.0f} ms")
                assert rc == 128 + signal.SIGINT and took < 1.0
                outcome, _, _ = await stream
                assert outcome == "UNAVAILABLE"  # the connection went away: never a summary
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
