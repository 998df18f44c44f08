"""Local models through `serve` (the engine in the server's process) and `serve --workers N` (one
engine process that the workers reach over a unix socket): what the hop costs.

    .venv/bin/python bench/bench_workers_local.py [--workers 1,2] [--streams 1,8] [--tokens 128] [--rounds 3]

Each configuration is a `llmrouter serve` of its own (SQLite in a temporary directory, one tiny
model made offline by `make_tiny_model`, greedy decoding so every answer has the same length).
This process is the client: --streams concurrent gRPC StreamChat calls per round, each asking
for --tokens tokens. Prints first-token latency (p50 of all calls), aggregate tokens/s and the
CPU the server's processes spent per token (from /proc, workers and engine together); asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "clients" / "python"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import grpc
from common import cpu_seconds, free_port

from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc, provider_pb2
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_admin_service_pb2_grpc as pa_grpc
from service.backends.mlx.tiny_model import make_tiny_model


async def one(chat, n: int, i: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    req = chat_service_pb2.StreamChatRequest(
        model="tiny",
        provider="providers/local",
        messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content=f"Call {i}: tell me a long story.")],
        generation=chat_pb2.GenerationConfig(max_tokens=n, temperature=0.0),
    )
    t0 = time.perf_counter()
    first = None
    tokens = 0
    async for msg in chat.StreamChat(req, timeout=120):
        kind = msg.WhichOneof("event")
        if kind == "delta" and first is None:
            first = time.perf_counter() - t0
        elif kind == "summary":
            tokens = msg.summary.usage.completion_tokens
    assert first is not None
    return first, tokens


async def measure(workers: int, model_dir: str, streams: list[int], args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-workers-local-"))
    port = free_port()
    env = dict(os.environ, LLMROUTER_CONFIG_POLL_INTERVAL_S="0.2", LLMROUTER_DEMO_MODEL="false")
    env.pop("LLMROUTER_DATABASE_URL", None)
    argv = [sys.executable, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(tmp)]
    argv += ["--log-level", "WARNING", *(["--workers", str(workers)] if workers > 1 else [])]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    channels: list[grpc.aio.Channel] = []
    try:
        # A connection per client stream (a local subchannel pool each), spread over the workers.
        own = [("grpc.use_local_subchannel_pool", 1)]
        channels = [grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=own) for _ in range(max(streams))]
        await asyncio.wait_for(channels[0].channel_ready(), 60)
        await pa_grpc.ProviderAdminServiceStub(channels[0]).CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local", provider_model=provider_pb2.ProviderModel(model_id="tiny", source=model_dir)
            )
        )
        chats = [chat_service_pb2_grpc.ChatServiceStub(ch) for ch in channels]
        for chat in chats:  # every worker's snapshot has the model, and the engine has loaded it
            for _ in range(300):
                try:
                    await one(chat, 4, 0)
                    break
                except grpc.aio.AioRpcError:
                    await asyncio.sleep(0.1)
        for n in streams:
            ttft: list[float] = []
            rates: list[float] = []
            cpu_per_token: list[float] = []
            for r in range(args.rounds):
                c0, t0 = cpu_seconds(proc.pid), time.perf_counter()
                out = await asyncio.gather(*(one(chats[i], args.tokens, r * n + i) for i in range(n)))
                wall, cpu = time.perf_counter() - t0, cpu_seconds(proc.pid) - c0
                tokens = sum(t for _, t in out)
                ttft += [f for f, _ in out]
                rates.append(tokens / wall)
                cpu_per_token.append(cpu / tokens * 1e6)
            print(
                f"workers {workers}  streams {n:2d}: first token p50 {statistics.median(ttft) * 1000:6.1f} ms,"
                f" {statistics.median(rates):7.0f} tok/s aggregate,"
                f" server CPU {statistics.median(cpu_per_token):6.0f} us/token (median of {args.rounds} rounds)"
            )
    finally:
        for ch in channels:
            await ch.close()
        proc.terminate()
        proc.wait(30)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--streams", default="1,8")
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--size", default="tiny")
    args = ap.parse_args()
    model_dir = str(make_tiny_model(Path(tempfile.mkdtemp(prefix="bench-model-")) / "m", seed=0, size=args.size))
    streams = [int(s) for s in args.streams.split(",")]
    for w in (int(x) for x in args.workers.split(",")):
        await measure(w, model_dir, streams, args)


if __name__ == "__main__":
    asyncio.run(main())
