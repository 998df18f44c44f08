"""Relay overhead of llmrouter's StreamChat over a direct SSE stream from the same fake upstream.

    .venv/bin/python bench/bench_relay.py [--chunks 1000] [--streams 1,64] [--rounds 3]
    .venv/bin/python bench/bench_relay.py --chunks 200 --interval 0.01   # paced, ~100 tokens/s a stream
    .venv/bin/python bench/bench_relay.py --closed-loop 10               # N streams kept in flight

Three processes on loopback: the fake OpenAI upstream, `llmrouter serve`, and this client.
Direct: httpx streams /v1/chat/completions and parses every SSE chunk (what a caller of
the provider would do). Through llmrouter: a gRPC client of StreamChat; a chunk is one
upstream content chunk (the relay may coalesce chunks that arrive together into one gRPC
message; the count is by content, so both sides count the same chunks).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import grpc
import httpx
from common import configure, start_fake_upstream, start_llmrouter, summarize

TOKEN = "tok "


async def direct_stream(client: httpx.AsyncClient, url: str, chunks: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    ttft = None
    n = 0
    body = {
        "model": "bench-model",
        "stream": True,
        "max_tokens": chunks,
        "messages": [{"role": "user", "content": "go"}],
    }
    async with client.stream("POST", url, json=body, headers={"authorization": "Bearer sk-bench"}) as resp:
        async for line in resp.aiter_lines():
            if not line.startswith("data: "):
                continue
            data = line[6:]
            if data == "[DONE]":
                break
            obj = json.loads(data)
            choices = obj.get("choices") or []
            if choices and choices[0]["delta"].get("content"):
                if ttft is None:
                    ttft = time.perf_counter() - t0
                n += 1
    return ttft or 0.0, n


async def relay_stream(stub, chunks: int) -> tuple[float, int]:
    from llmrouter.v1 import chat_pb2, chat_service_pb2

    req = chat_service_pb2.StreamChatRequest(
        model="bench-model",
        messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="go")],
        generation=chat_pb2.GenerationConfig(max_tokens=chunks),
    )
    t0 = time.perf_counter()
    ttft = None
    chars = 0
    async for msg in stub.StreamChat(req):
        if msg.HasField("delta") and msg.delta.text:
            if ttft is None:
                ttft = time.perf_counter() - t0
            chars += len(msg.delta.text)
    return ttft or 0.0, chars // len(TOKEN)


async def run(n_streams: int, chunks: int, fn) -> tuple[list[float], int, float]:
    t0 = time.perf_counter()
    results = await asyncio.gather(*(fn() for _ in range(n_streams)))
    elapsed = time.perf_counter() - t0
    return [r[0] for r in results], sum(r[1] for r in results), elapsed


async def closed_loop(n_streams: int, seconds: float, fn) -> tuple[list[float], int, float]:
    """n workers each run streams back to back for `seconds`: concurrency n in steady state
    (no synchronized start). TTFTs of streams started after the first second count."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    ttfts: list[float] = []
    chunks = 0

    async def worker() -> None:
        nonlocal chunks
        while loop.time() - t0 < seconds + 1.0:
            started = loop.time()
            ttft, n = await fn()
            if started - t0 >= 1.0:
                ttfts.append(ttft)
                chunks += n

    await asyncio.gather(*(worker() for _ in range(n_streams)))
    return ttfts, chunks, loop.time() - t0 - 1.0


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=1000)
    ap.add_argument("--streams", default="1,64")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=16, help="upstream SSE frames per TCP write")
    ap.add_argument("--interval", type=float, default=0.0, help="seconds between upstream frames (paced streams)")
    ap.add_argument(
        "--closed-loop",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="steady-state mode: N streams kept in flight for SECONDS (instead of N started at once)",
    )
    ap.add_argument("--single-samples", type=int, default=40, help="sequential runs for the 1-stream figures")
    args = ap.parse_args()

    up, up_port = start_fake_upstream(args.chunks, args.batch, args.interval)
    router, port, _ = start_llmrouter()
    try:
        base = f"http://127.0.0.1:{up_port}/v1"
        await configure(f"127.0.0.1:{port}", "bench", base, "bench-*")
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
        async with (
            httpx.AsyncClient(timeout=60, limits=limits) as client,
            grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch,
        ):
            from llmrouter.v1 import chat_service_pb2_grpc

            stub = chat_service_pb2_grpc.ChatServiceStub(ch)
            url = f"{base}/chat/completions"
            await run(4, args.chunks, lambda: direct_stream(client, url, args.chunks))  # warm-up
            await run(4, args.chunks, lambda: relay_stream(stub, args.chunks))
            mode = (
                f"paced, {args.interval * 1000:g} ms between frames"
                if args.interval
                else f"bursts of {args.batch} frames/write"
            )
            how = (
                f"closed loop, {args.closed_loop:g} s per path"
                if args.closed_loop
                else f"{args.rounds} rounds ({max(args.rounds, args.single_samples)} for 1 stream), N streams started at once"
            )
            print(f"# {args.chunks}-chunk streams, fake OpenAI upstream ({mode}), {how}")
            print(f"{'streams':>7} {'path':>10} {'TTFT p50 ms':>12} {'TTFT p99 ms':>12} {'chunks/s':>10}")
            for n in [int(x) for x in args.streams.split(",")]:
                d_t, d_c, d_s, r_t, r_c, r_s = [], 0, 0.0, [], 0, 0.0
                rounds = args.rounds if n > 1 else max(args.rounds, args.single_samples)
                if args.closed_loop:
                    d_t, d_c, d_s = await closed_loop(
                        n, args.closed_loop, lambda: direct_stream(client, url, args.chunks)
                    )
                    r_t, r_c, r_s = await closed_loop(n, args.closed_loop, lambda: relay_stream(stub, args.chunks))
                    rounds = 0
                for _ in range(rounds):
                    t, c, s = await run(n, args.chunks, lambda: direct_stream(client, url, args.chunks))
                    d_t += t
                    d_c += c
                    d_s += s
                    t, c, s = await run(n, args.chunks, lambda: relay_stream(stub, args.chunks))
                    r_t += t
                    r_c += c
                    r_s += s
                    assert c == n * args.chunks, f"relay lost chunks: {c} of {n * args.chunks}"
                d = summarize("direct", d_t, d_c, d_s)
                r = summarize("llmrouter", r_t, r_c, r_s)
                for row in (d, r):
                    print(
                        f"{n:>7} {row['label']:>10} {row['ttft_p50_ms']:>12.2f} {row['ttft_p99_ms']:>12.2f} {row['chunks_per_s']:>10.0f}"
                    )
                print(
                    f"{n:>7} {'added':>10} {r['ttft_p50_ms'] - d['ttft_p50_ms']:>12.2f} {r['ttft_p99_ms'] - d['ttft_p99_ms']:>12.2f}"
                    f" {'ratio %.2f' % (r['chunks_per_s'] / d['chunks_per_s']):>10}"
                )
    finally:
        router.stop()
        up.stop()


if __name__ == "__main__":
    asyncio.run(main())
