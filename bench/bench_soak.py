"""Soak: RSS over many cancelled local streams (prints figures, never asserts them).

    .venv/bin/python bench/bench_soak.py [--streams 600] [--concurrency 8] [--size tiny] [--server]

Each stream asks the local model (`make_tiny_model`, random weights) for a long answer with a
prompt of its own, reads the first delta and cancels (closes the stream), --concurrency at a
time: each client opens its next stream when its last one is closed, so only those streams are
alive at once, as in a server.

- In-process (the default): the streams go to the MLX backend directly. Beside RSS it prints
  what the usual suspects hold: the model's prompt cache (entries, bytes), MLX's buffer cache
  and active memory, Python's live blocks; `--trace` prints the Python allocations that grew.
- `--server`: gRPC StreamChat calls to a `llmrouter serve` process, cancelled by the client;
  the figure is that process's RSS (from /proc).

RSS is read after a warm-up tenth of the streams and at the end, each time once the engine has
been idle past IDLE_RELEASE_S. The issue's figure is over 4,000 streams (`--streams 4000`, about
40 s here).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import service.backends.mlx  # noqa: F401, I001  (first: OpenBLAS preload before mlx.core)
import mlx.core as mx

from common import free_port
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.engine import IDLE_RELEASE_S, MlxEngine
from service.backends.mlx.tiny_model import make_tiny_model
from service.core.chat import ChatRequest, GenerationConfig, Message, Role
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.memory import limit_malloc_arenas
from service.settings import Settings

MB = 1024 * 1024
# Both snapshots are taken once the engine has been idle past IDLE_RELEASE_S (it then gives its
# buffer cache and free heap pages back): the same state after the warm-up and at the end.
SETTLE_S = IDLE_RELEASE_S + 0.5
TRIM = "--malloc-trim" in sys.argv


def prompt(i: int) -> str:
    """Stream i's prompt: its own words, so the prompt cache only helps with the shared prefix."""
    return f"Stream {i}: tell me a long story about harbour {i * 7919 % 100003}."


async def run_clients(one: Callable[[int], Awaitable[None]], first: int, last: int, concurrency: int) -> None:
    """Streams first..last-1 by `concurrency` clients, each opening its next stream when its last one
    is closed: only those streams are alive at a time, as in a server (a task per stream created up
    front would hold thousands of pending coroutines in Python's allocator at once)."""
    numbers = iter(range(first, last))

    async def client() -> None:
        for i in numbers:
            await one(i)

    await asyncio.gather(*(client() for _ in range(concurrency)))


async def one(backend: MlxBackend, i: int, sampling: str) -> None:
    req = ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, prompt(i)),),
        generation=GenerationConfig(
            max_tokens=2000,
            temperature=0.0 if sampling == "greedy" else 0.7,
            seed=i if sampling == "seeded" else None,
        ),
    )
    agen = backend.stream(req, "tiny", None)
    try:
        await agen.__anext__()
    finally:
        await agen.aclose()


async def snapshot(engine: MlxEngine, source: str) -> dict[str, float]:
    def probe() -> dict[str, float]:
        m = engine._models.get(source)
        pc = m.prompt_cache if m is not None else None
        return {
            "prompt_cache_entries": len(pc) if pc is not None else 0,
            "prompt_cache_mb": (pc.nbytes if pc is not None else 0) / MB,
            "mlx_cache_mb": mx.get_cache_memory() / MB,
            "mlx_active_mb": mx.get_active_memory() / MB,
        }

    out = await engine.call(probe)
    gc.collect()
    out["python_blocks_k"] = sys.getallocatedblocks() / 1000  # live objects in Python's allocator
    out["rss_mb"] = process_rss(os.getpid()) / MB
    if TRIM:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        out["rss_after_malloc_trim_mb"] = process_rss(os.getpid()) / MB
    return out


def process_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


async def soak_server(args: argparse.Namespace) -> None:
    """The same soak through a `llmrouter serve` process: gRPC StreamChat, cancelled by the client."""
    import grpc

    from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc, provider_pb2
    from llmrouter.v1 import provider_admin_service_pb2 as pa
    from llmrouter.v1 import provider_admin_service_pb2_grpc as pa_grpc

    tmp = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    model_dir = str(make_tiny_model(tmp / "m", seed=0, size=args.size))
    port = free_port()
    env = dict(
        os.environ,
        LLMROUTER_MLX_MAX_BATCH="8",
        LLMROUTER_MALLOC_ARENA_MAX=str(args.arenas),
        LLMROUTER_CONFIG_POLL_INTERVAL_S="0.2",
        LLMROUTER_DEMO_MODEL="false",
    )
    env.pop("LLMROUTER_DATABASE_URL", None)
    argv = [sys.executable, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}"]
    argv += ["--data-dir", str(tmp / "data"), "--log-level", "WARNING"]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        await asyncio.wait_for(channel.channel_ready(), 60)
        await pa_grpc.ProviderAdminServiceStub(channel).CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local",
                provider_model=provider_pb2.ProviderModel(model_id="tiny", source=model_dir),
            )
        )
        chat = chat_service_pb2_grpc.ChatServiceStub(channel)
        temperature = 0.0 if args.sampling == "greedy" else 0.7

        async def one(i: int) -> None:
            req = chat_service_pb2.StreamChatRequest(
                model="tiny",
                provider="providers/local",
                messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content=prompt(i))],
                generation=chat_pb2.GenerationConfig(max_tokens=2000, temperature=temperature),
            )
            if args.sampling == "seeded":
                req.generation.seed = i
            call = chat.StreamChat(req, timeout=60)
            try:
                async for msg in call:
                    if msg.WhichOneof("event") == "delta":
                        break
            finally:
                call.cancel()

        deadline = time.monotonic() + 30
        while True:  # the live configuration picks the new model up within a poll interval
            try:
                await one(0)
                break
            except grpc.aio.AioRpcError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        warm = max(1, args.streams // 10)
        await run_clients(one, 1, warm, args.concurrency)
        await asyncio.sleep(SETTLE_S)
        base = process_rss(proc.pid)
        await run_clients(one, warm, args.streams, args.concurrency)
        await asyncio.sleep(SETTLE_S)
        end = process_rss(proc.pid)
        print(f"{args.streams} cancelled local gRPC streams to `llmrouter serve` ({args.concurrency} at a time)")
        print(f"  server RSS after warm-up {base / MB:.1f} MB, at the end {end / MB:.1f} MB")
        print(f"  RSS growth after warm-up: {(end - base) / base * 100:+.1f}%")
    finally:
        await channel.close()
        proc.terminate()
        proc.wait(30)


async def main(args: argparse.Namespace) -> None:
    if args.server:
        await soak_server(args)
        return
    if limit_malloc_arenas(args.arenas):  # what `llmrouter serve` does (setting malloc_arena_max)
        print(f"malloc arenas: at most {args.arenas} (mallopt M_ARENA_MAX)")
    else:
        print("malloc arenas: glibc's default")
    tmp = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    model_dir = str(make_tiny_model(tmp / "m", seed=0, size=args.size))
    engine = MlxEngine(Settings(mlx_max_batch=8, mlx_queue_size=64))
    engine.start()
    provider = ProviderConfig(
        id="local",
        display_name="Local",
        api_type=ApiType.MLX,
        base_url="",
        builtin=True,
        template="local",
        models=(ModelConfig(id="tiny", provider_id="local", model_id="tiny", source=model_dir),),
    )
    backend = MlxBackend(provider, engine)

    def stream(i: int) -> Awaitable[None]:
        return one(backend, i, args.sampling)

    try:
        await backend.preload(["tiny"])
        source = backend.source_for("tiny")
        warm = max(1, args.streams // 10)
        await run_clients(stream, 0, warm, args.concurrency)
        await asyncio.sleep(SETTLE_S)
        base = await snapshot(engine, source)
        if args.trace:
            tracemalloc.start(8)
            before = tracemalloc.take_snapshot()
        await run_clients(stream, warm, args.streams, args.concurrency)
        await asyncio.sleep(SETTLE_S)
        end = await snapshot(engine, source)
        if args.trace:
            diff = tracemalloc.take_snapshot().compare_to(before, "traceback")
            print("Python allocations that grew most (tracemalloc):")
            for stat in diff[:8]:
                print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
                for line in stat.traceback.format()[-6:]:
                    print("     ", line)
        print(f"{args.streams} cancelled local streams ({args.concurrency} at a time, model size {args.size})")
        for key in base:
            print(f"  {key:22s} after warm-up {base[key]:9.1f}   at the end {end[key]:9.1f}")
        growth = (end["rss_mb"] - base["rss_mb"]) / base["rss_mb"] * 100
        print(f"  RSS growth after warm-up: {growth:+.1f}%")
    finally:
        await engine.astop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--streams", type=int, default=600)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--size", default="tiny")
    ap.add_argument(
        "--arenas", type=int, default=Settings().malloc_arena_max, help="malloc arenas (0: glibc's default)"
    )
    ap.add_argument(
        "--sampling",
        choices=("seeded", "unseeded", "greedy"),
        default="seeded",
        help="seeded (temperature 0.7, a seed per stream), unseeded, or greedy",
    )
    ap.add_argument("--server", action="store_true", help="soak a `llmrouter serve` process over gRPC")
    ap.add_argument("--malloc-trim", action="store_true", help="also print RSS after glibc's malloc_trim(0)")
    ap.add_argument("--trace", action="store_true", help="print the Python allocations that grew (tracemalloc)")
    asyncio.run(main(ap.parse_args()))
