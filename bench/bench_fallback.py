"""Cost of one failed attempt before a fallback serves.

    .venv/bin/python bench/bench_fallback.py [--requests 300] [--chunks 10]

The fake upstream (its own process) answers /fail/v1/chat/completions with an instant 500
and /v1/chat/completions with a short stream. llmrouter (its own process, one attempt
per target) serves two routes: `direct-*` straight to the good provider, `fallback-*` to
the failing provider first, then the good one. Sequential requests; TTFT percentiles.
The upstream's own failure time is a direct httpx POST to the failing endpoint.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import grpc
import httpx
from common import pct, start_fake_upstream, start_llmrouter


async def ttft(stub, model: str, chunks: int) -> float:
    from llmrouter.v1 import chat_pb2, chat_service_pb2

    req = chat_service_pb2.StreamChatRequest(
        model=model,
        messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="go")],
        generation=chat_pb2.GenerationConfig(max_tokens=chunks),
    )
    t0 = time.perf_counter()
    first = None
    async for msg in stub.StreamChat(req):
        if first is None and msg.HasField("delta") and msg.delta.text:
            first = time.perf_counter() - t0
        if msg.HasField("summary"):
            expect = 1 if model.startswith("fallback") else 0
            assert msg.summary.served_by.fallback_index == expect
    return first or float("nan")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--chunks", type=int, default=10)
    args = ap.parse_args()
    up, up_port = start_fake_upstream(args.chunks, 16)
    router, port, _ = start_llmrouter(
        {"LLMROUTER_MAX_ATTEMPTS_PER_TARGET": "1", "LLMROUTER_BREAKER_FAILURE_THRESHOLD": "1000000"}
    )
    try:
        from support.cloud_setup import add_provider, add_route

        from llmrouter.v1 import chat_service_pb2_grpc, provider_admin_service_pb2_grpc, routing_service_pb2_grpc

        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:

            class Srv:
                providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(ch)
                routes = routing_service_pb2_grpc.RoutingServiceStub(ch)

            good = f"http://127.0.0.1:{up_port}/v1"
            bad = f"http://127.0.0.1:{up_port}/fail/v1"
            await add_provider(Srv, "good", good)
            await add_provider(Srv, "bad", bad)
            await add_route(Srv, "direct", "direct-*", ("good", ""))
            await add_route(Srv, "fallback", "fallback-*", ("bad", ""), ("good", ""))
            stub = chat_service_pb2_grpc.ChatServiceStub(ch)
            async with httpx.AsyncClient() as client:
                fail_times = []
                for _ in range(20):
                    await client.post(f"{bad}/chat/completions", json={"model": "x", "messages": []})
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    r = await client.post(
                        f"{bad}/chat/completions",
                        json={"model": "x", "messages": []},
                        headers={"authorization": "Bearer x"},
                    )
                    fail_times.append(time.perf_counter() - t0)
                    assert r.status_code == 500
            for _ in range(20):
                await ttft(stub, "direct-warm", args.chunks)
                await ttft(stub, "fallback-warm", args.chunks)
            direct, fallback = [], []
            for _ in range(args.requests):  # interleaved, so drift hits both
                direct.append(await ttft(stub, "direct-x", args.chunks))
                fallback.append(await ttft(stub, "fallback-x", args.chunks))
        f50, d50, b50 = pct(fail_times, 50) * 1e3, pct(direct, 50) * 1e3, pct(fallback, 50) * 1e3
        print(f"# {args.requests} sequential requests each, {args.chunks}-chunk streams, one attempt per target")
        print(f"upstream failure time (direct POST -> 500): p50 {f50:.2f} ms  p99 {pct(fail_times, 99) * 1e3:.2f} ms")
        print(f"TTFT direct to the fallback target:          p50 {d50:.2f} ms  p99 {pct(direct, 99) * 1e3:.2f} ms")
        print(f"TTFT primary fails, fallback serves:         p50 {b50:.2f} ms  p99 {pct(fallback, 99) * 1e3:.2f} ms")
        print(
            f"added by the failed attempt: p50 {b50 - d50:.2f} ms = upstream failure {f50:.2f} ms + {b50 - d50 - f50:.2f} ms of router work"
        )
    finally:
        router.stop()
        up.stop()


if __name__ == "__main__":
    asyncio.run(main())
