"""Over-long prompts against a local model: what they cost a concurrent small request.

    .venv/bin/python bench/bench_engine_oversize.py [--reps 20] [--huge-mb 10] [--tokens 8]

On the tiny model (random weights, context 4,096 tokens): the latency of a small local request
(a short prompt, --tokens answer tokens, through `MlxBackend.stream`) alone, then while
oversized requests keep arriving beside it: a --huge-mb MB prompt (refused by its size alone)
and a prompt of about 6,000 tokens that must be tokenized to be refused (off the engine
thread). Prints p50 and max of both and the difference (the delay the oversized ones cause),
and how long each oversized refusal took. Prints figures, never asserts them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.engine import MlxEngine
from service.backends.mlx.tiny_model import make_tiny_model
from service.core.chat import ChatRequest, GenerationConfig, Message, Role
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.core.errors import InvalidArgument, Reason
from service.settings import Settings


def request(text: str, tokens: int) -> ChatRequest:
    return ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, text),),
        generation=GenerationConfig(max_tokens=tokens, temperature=0.0),
    )


async def small(backend: MlxBackend, tokens: int, i: int) -> float:
    t0 = time.perf_counter()
    async for _ in backend.stream(request(f"Small question number {i}?", tokens), "tiny", None):
        pass
    return time.perf_counter() - t0


async def oversized(backend: MlxBackend, text: str, tokens: int, took: list[float]) -> None:
    t0 = time.perf_counter()
    try:
        async for _ in backend.stream(request(text, tokens), "tiny", None):
            pass
    except InvalidArgument as exc:
        assert exc.reason == Reason.CONTEXT_LENGTH_EXCEEDED, exc
    took.append(time.perf_counter() - t0)


def pct(xs: list[float]) -> str:
    return f"p50 {statistics.median(xs) * 1000:7.1f} ms   max {max(xs) * 1000:7.1f} ms"


async def main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-oversize-"))
    model_dir = str(make_tiny_model(tmp / "tiny", seed=0))
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
    try:
        await backend.preload(["tiny"])
        for i in range(3):  # warm
            await small(backend, args.tokens, i)
        alone = [await small(backend, args.tokens, i) for i in range(args.reps)]
        huge = "a" * int(args.huge_mb * 1024 * 1024)
        middle = " ".join(f"w{i % 97}" for i in range(6000))
        took_huge: list[float] = []
        took_middle: list[float] = []
        beside: list[float] = []
        for i in range(args.reps):
            storm = [
                asyncio.ensure_future(oversized(backend, huge, args.tokens, took_huge)),
                asyncio.ensure_future(oversized(backend, middle, args.tokens, took_middle)),
                asyncio.ensure_future(oversized(backend, huge, args.tokens, took_huge)),
            ]
            await asyncio.sleep(0)
            beside.append(await small(backend, args.tokens, i))
            await asyncio.gather(*storm)
        print(f"small local request ({args.tokens} tokens), {args.reps} reps")
        print(f"  alone:                     {pct(alone)}")
        print(f"  beside oversized prompts:  {pct(beside)}")
        delay = statistics.median(beside) - statistics.median(alone)
        print(f"  delay (p50 beside - alone): {delay * 1000:.1f} ms")
        print(f"refusal of a {args.huge_mb:g} MB prompt (size check): {pct(took_huge)}")
        print(f"refusal of a ~6,000-token prompt (tokenized off the engine thread): {pct(took_middle)}")
    finally:
        await engine.astop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--huge-mb", type=float, default=10.0)
    ap.add_argument("--tokens", type=int, default=8)
    asyncio.run(main(ap.parse_args()))
