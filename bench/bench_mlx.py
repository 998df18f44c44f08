"""Local MLX serving benchmark: prints figures, never asserts them.

    .venv/bin/python bench/bench_mlx.py [--size medium|large] [--tokens 256] [--reps 3]

On one model built by `make_tiny_model(size=...)` (random weights, float32, EOS never
greedy, so every run is exactly --tokens long), side by side:

1. raw `mlx_lm.stream_generate` decode tok/s, one stream (run in the engine's thread
   through `MlxEngine.call`, so only one thread ever touches MLX);
2. llmrouter, one stream: through gRPC StreamChat (the composition root, `service.app.build_server`)
   when it loads, otherwise through `MlxBackend.stream` directly (the line says which);
3. llmrouter aggregate tok/s at 4 and 8 concurrent streams;
4. `mlx_lm.server` over HTTP (a subprocess on 127.0.0.1, same BLAS) at 8 streams;
5. time to first token with and without a cached ~1,000-token prefix.

    .venv/bin/python bench/bench_mlx.py --vision [--size tiny] [--tokens 128]

measures the vision path instead (the tiny LLaVA model, `make_tiny_model(vision=True)`,
served through mlx-vlm inside the engine): time to first token and decode tok/s for one
image, the same model without an image, and what a running vision request costs a text
stream of another model (its decode tok/s and longest gap between tokens, alone and
while vision requests run one after another beside it).

Raw and served single-stream runs alternate, and each figure is the best of --reps
(this machine is shared: medians are printed beside them).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib.util
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import free_port

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from service.backends.mlx import active_blas
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.engine import MlxEngine
from service.backends.mlx.tiny_model import make_tiny_model, parameter_count
from service.core.chat import ChatRequest, Finish, GenerationConfig, Message, Role
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.settings import Settings

PROMPT = "Tell me a long story about the lighthouse keeper and the sea."


def fmt(xs: list[float]) -> str:
    return f"{max(xs):8.1f} (median {statistics.median(xs):.1f})"


# ----------------------------------------------------------------- raw mlx_lm


def raw_decode(model_dir: str, tokens: int, cache: dict) -> tuple[float, float]:
    """stream_generate on the same weights (float32) and template; returns (decode tok/s, e2e s)."""
    import mlx.core as mx
    from mlx_lm import load, stream_generate

    if "model" not in cache:
        model, tok = load(model_dir)
        model.set_dtype(mx.float32)
        mx.eval(model.parameters())
        cache["model"], cache["tok"] = model, tok
    model, tok = cache["model"], cache["tok"]
    prompt = tok.apply_chat_template([{"role": "user", "content": PROMPT}], add_generation_prompt=True)
    stamps: list[float] = []
    t0 = time.perf_counter()
    for _ in stream_generate(model, tok, prompt, max_tokens=tokens):
        stamps.append(time.perf_counter())
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]), stamps[-1] - t0


def release_raw(cache: dict) -> None:
    import mlx.core as mx

    cache.clear()
    gc.collect()
    mx.clear_cache()


# ----------------------------------------------------------------- llmrouter


class BackendPath:
    """Streams through MlxBackend.stream, in process."""

    name = "MlxBackend.stream in process"

    def __init__(self, model_dir: str, settings: Settings) -> None:
        self.engine = MlxEngine(settings)
        provider = ProviderConfig(
            id="local",
            display_name="Local MLX",
            api_type=ApiType.MLX,
            base_url="",
            models=(ModelConfig(id="bench", provider_id="local", model_id="bench", source=model_dir),),
        )
        self.backend = MlxBackend(provider, self.engine)

    async def start(self) -> None:
        self.engine.start()

    async def stream(self, text: str, tokens: int, system: str | None = None) -> tuple[float, float, float, int, int]:
        """(ttft s, decode tok/s, e2e s, completion tokens, cached prompt tokens) of one stream."""
        msgs = ((Message(Role.SYSTEM, system),) if system else ()) + (Message(Role.USER, text),)
        req = ChatRequest(
            model="bench",
            messages=msgs,
            generation=GenerationConfig(max_tokens=tokens, temperature=0.0),
        )
        t0 = time.perf_counter()
        first = last = None
        fin: Finish | None = None
        async for ev in self.backend.stream(req, "bench", None):
            now = time.perf_counter()
            first = first or now
            last = now
            if isinstance(ev, Finish):
                fin = ev
        assert fin is not None and first is not None and last is not None
        n = fin.usage.completion_tokens
        decode = (n - 1) / (last - first) if last > first else float("nan")
        return first - t0, decode, last - t0, n, fin.usage.cached_prompt_tokens

    async def stop(self) -> None:
        await self.engine.astop()


class GrpcPath:
    """Streams through the production server (service.app.build_server), StreamChat over loopback.

    The client runs on the same event loop as the server (one process), which charges
    the client's work to the served figures.
    """

    name = "gRPC StreamChat (build_server, loopback, client in the same process)"

    def __init__(self, model_dir: str, settings: Settings) -> None:
        self.model_dir = model_dir
        self.settings = settings
        self.server = None
        self.channel = None

    async def start(self) -> None:
        import grpc

        from llmrouter.v1 import (
            chat_pb2,
            chat_service_pb2,
            chat_service_pb2_grpc,
            provider_admin_service_pb2,
            provider_admin_service_pb2_grpc,
            provider_pb2,
        )
        from service.app import build_server

        self.pb = (chat_pb2, chat_service_pb2)
        self.server = build_server(self.settings)
        await self.server.start()
        self.channel = grpc.aio.insecure_channel(self.server.address)
        admin = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(self.channel)
        await admin.CreateProviderModel(
            provider_admin_service_pb2.CreateProviderModelRequest(
                parent="providers/local",
                provider_model=provider_pb2.ProviderModel(model_id="bench", source=self.model_dir),
            )
        )
        self.chat = chat_service_pb2_grpc.ChatServiceStub(self.channel)
        await asyncio.sleep(0.5)  # let the live config pick the model up
        self.engine = self.server.mlx_engine()

    async def stream(self, text: str, tokens: int, system: str | None = None) -> tuple[float, float, float, int, int]:
        chat_pb2, chat_service_pb2 = self.pb
        msgs = [chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content=system)] if system else []
        msgs.append(chat_pb2.Message(role=chat_pb2.ROLE_USER, content=text))
        req = chat_service_pb2.StreamChatRequest(
            model="bench",
            provider="providers/local",
            messages=msgs,
            generation=chat_pb2.GenerationConfig(max_tokens=tokens, temperature=0.0),
        )
        t0 = time.perf_counter()
        first = last = None
        summary = None
        async for resp in self.chat.StreamChat(req):
            now = time.perf_counter()
            first = first or now
            last = now
            if resp.WhichOneof("event") == "summary":
                summary = resp.summary
        assert summary is not None and first is not None and last is not None
        n = summary.usage.completion_tokens
        decode = (n - 1) / (last - first) if last > first else float("nan")
        return first - t0, decode, last - t0, n, summary.usage.cached_prompt_tokens

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.close()
        if self.server is not None:
            await self.server.stop(1.0)


async def aggregate(path, streams: int, tokens: int) -> float:
    t0 = time.perf_counter()
    results = await asyncio.gather(*(path.stream(f"{PROMPT} (reader {i})", tokens) for i in range(streams)))
    return sum(r[3] for r in results) / (time.perf_counter() - t0)


def long_prefix(tokenizer_dir: str, target: int, tag: str) -> str:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(tokenizer_dir) / "tokenizer.json"))
    corpus = (ROOT / "service" / "data" / "tiny_corpus.txt").read_text()
    words = corpus.split()
    text, i = f"{tag}.", 0
    while len(tok.encode(text).ids) < target:
        text += " " + " ".join(words[i : i + 50])
        i = (i + 50) % len(words)
    return text


# ----------------------------------------------------------------- mlx_lm.server


class MlxLmServer:
    """`mlx_lm.server` as a subprocess on 127.0.0.1, with the same OpenBLAS preload."""

    def __init__(self, proc: asyncio.subprocess.Process, base: str, model_dir: str) -> None:
        import httpx

        self.proc, self.base, self.model_dir = proc, base, model_dir
        self.client = httpx.AsyncClient(timeout=600, limits=httpx.Limits(max_connections=32))

    @classmethod
    async def start(cls, model_dir: str) -> MlxLmServer:
        import httpx

        port = free_port()
        hf_cache = tempfile.mkdtemp(prefix="hf-cache-")
        argv = [
            "mlx_lm.server",
            "--model",
            model_dir,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "WARNING",
        ]
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "import service.backends.mlx.blas as b; b.preload_openblas()\n"
            f"sys.argv = {argv!r}\n"
            "from mlx_lm.server import main; main()\n"
        )
        env = {**os.environ, "HF_HUB_CACHE": hf_cache, "HF_HUB_OFFLINE": "1"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            code,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self = cls(proc, f"http://127.0.0.1:{port}", model_dir)
        for _ in range(600):
            try:
                if (await self.client.get(f"{self.base}/health")).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if proc.returncode is not None:
                err = (await proc.stderr.read()).decode(errors="replace")[-2000:] if proc.stderr else ""
                raise RuntimeError(f"mlx_lm.server exited: {err}")
            await asyncio.sleep(0.1)
        await self.stop()
        raise RuntimeError("mlx_lm.server did not become healthy in 60 s")

    async def one(self, i: int, tokens: int) -> int:
        body = {
            "model": self.model_dir,
            "messages": [{"role": "user", "content": f"{PROMPT} (reader {i})"}],
            "max_tokens": tokens,
            "temperature": 0.0,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        n = 0
        async with self.client.stream("POST", f"{self.base}/v1/chat/completions", json=body) as resp:
            resp.raise_for_status()
            async for line in resp.aiter_lines():
                if line.startswith("data: ") and line != "data: [DONE]":
                    chunk = json.loads(line[6:])
                    if chunk.get("usage"):
                        n = chunk["usage"]["completion_tokens"]
        return n

    async def aggregate(self, streams: int, tokens: int) -> float:
        t0 = time.perf_counter()
        counts = await asyncio.gather(*(self.one(i, tokens) for i in range(streams)))
        return sum(counts) / (time.perf_counter() - t0)

    async def stop(self) -> None:
        await self.client.aclose()
        if self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


# ----------------------------------------------------------------- main


def bench_image(seed: int) -> bytes:
    import io

    import numpy as np
    from PIL import Image

    pixels = (np.random.default_rng(seed).random((240, 320, 3)) * 255).astype("uint8")
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


async def vision_main(args: argparse.Namespace) -> None:
    from service.core.chat import Delta, ImagePart, TextPart
    from service.core.config import ModelCapabilities

    tmp = Path(tempfile.mkdtemp(prefix="llmrouter-bench-vision-"))
    vision_dir = str(make_tiny_model(tmp / "vision", seed=0, size=args.size, vision=True))
    text_dir = str(make_tiny_model(tmp / "text", seed=1, size=args.size))
    print(f"vision model: tiny LLaVA around the {args.size} llama; BLAS: {active_blas()}; cores: {os.cpu_count()}")
    provider = ProviderConfig(
        id="local",
        display_name="Local MLX",
        api_type=ApiType.MLX,
        base_url="",
        models=(
            ModelConfig(
                id="v",
                provider_id="local",
                model_id="v",
                source=vision_dir,
                capabilities=ModelCapabilities(images=True),
            ),
            ModelConfig(id="t", provider_id="local", model_id="t", source=text_dir),
        ),
    )
    engine = MlxEngine(Settings(mlx_max_batch=8, mlx_queue_size=64))
    engine.start()
    backend = MlxBackend(provider, engine)
    image = bench_image(0)

    def request(model: str, with_image: bool, tokens: int) -> ChatRequest:
        parts: tuple = (TextPart("Describe the picture."),)
        if with_image:
            parts = (ImagePart(data=image, media_type="image/png"), *parts)
        return ChatRequest(
            model=model,
            messages=(Message(Role.USER, parts=parts),),
            generation=GenerationConfig(max_tokens=tokens, temperature=0.0),
        )

    async def run(model: str, with_image: bool, tokens: int) -> tuple[float, float, float]:
        """(TTFT s, decode tok/s, longest gap between deltas s)."""
        t0 = time.perf_counter()
        stamps: list[float] = []
        async for ev in backend.stream(request(model, with_image, tokens), model, None):
            if isinstance(ev, Delta) and ev.text:
                stamps.append(time.perf_counter())
            if isinstance(ev, Finish):
                n = ev.usage.completion_tokens
        gaps = [b - a for a, b in itertools.pairwise(stamps)] or [0.0]
        return stamps[0] - t0, (n - 1) / (stamps[-1] - stamps[0]), max(gaps)

    await run("v", True, 4)
    await run("t", False, 4)
    figures: dict[str, list[tuple[float, float, float]]] = {
        "image": [],
        "no image": [],
        "text alone": [],
        "text beside": [],
    }
    for _ in range(args.reps):
        figures["image"].append(await run("v", True, args.tokens))
        figures["no image"].append(await run("v", False, args.tokens))
        figures["text alone"].append(await run("t", False, args.tokens * 4))
        stop = asyncio.Event()

        async def vision_loop(stop: asyncio.Event = stop) -> None:
            while not stop.is_set():
                await run("v", True, args.tokens)

        loop_task = asyncio.create_task(vision_loop())
        await asyncio.sleep(0)
        figures["text beside"].append(await run("t", False, args.tokens * 4))
        stop.set()
        await loop_task
    await engine.astop()
    print(f"{'figure':52s} {'TTFT ms':>10s} {'decode tok/s':>14s} {'longest gap ms':>16s}")
    for label, key in (
        ("vision model, one 320x240 image", "image"),
        ("vision model, no image", "no image"),
        ("text model (another model), alone", "text alone"),
        ("text model, vision requests running beside it", "text beside"),
    ):
        xs = figures[key]
        print(
            f"{label:52s} {min(x[0] for x in xs) * 1000:10.1f} {max(x[1] for x in xs):14.1f} "
            f"{min(x[2] for x in xs) * 1000:16.1f}   (medians {statistics.median(x[0] for x in xs) * 1000:.1f} / "
            f"{statistics.median(x[1] for x in xs):.1f} / {statistics.median(x[2] for x in xs) * 1000:.1f})"
        )


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--size",
        default="medium",
        help="make_tiny_model size (tiny, small, medium ~24M, large ~43M)",
    )
    ap.add_argument("--tokens", type=int, default=256, help="tokens per stream")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--prefix-tokens", type=int, default=1000)
    ap.add_argument("--model-dir", default="", help="build the model here (reused when present)")
    ap.add_argument(
        "--path",
        choices=("auto", "grpc", "backend"),
        default="auto",
        help="how llmrouter is driven",
    )
    ap.add_argument("--no-server", action="store_true", help="skip mlx_lm.server")
    ap.add_argument("--vision", action="store_true", help="measure the vision path instead (see above)")
    args = ap.parse_args()
    if args.vision:
        await vision_main(args)
        return

    model_dir = args.model_dir or str(Path(tempfile.gettempdir()) / f"llmrouter-bench-{args.size}")
    if not (Path(model_dir) / "model.safetensors").exists():
        t0 = time.perf_counter()
        make_tiny_model(model_dir, seed=0, size=args.size)
        print(f"built {args.size} model in {time.perf_counter() - t0:.1f}s at {model_dir}")
    print(f"model: {args.size}, ~{parameter_count(args.size) / 1e6:.1f}M params, float32; BLAS: {active_blas()}")
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}; {args.tokens} tokens per stream")

    data_dir = tempfile.mkdtemp(prefix="llmrouter-bench-data-")
    settings = Settings(
        listen="127.0.0.1:0",
        data_dir=data_dir,
        mlx_max_batch=8,
        mlx_queue_size=64,
        log_level="WARNING",
    )
    path = None
    note = ""
    if args.path in ("auto", "grpc") and importlib.util.find_spec("service.app") is not None:
        try:
            path = GrpcPath(model_dir, settings)
            await path.start()
        except Exception as exc:
            if args.path == "grpc":
                raise
            note = f" (gRPC path failed: {type(exc).__name__}: {exc})"
            with contextlib.suppress(Exception):
                await path.stop()
            path = None
    elif args.path == "auto":
        note = " (service.app not found)"
    if path is None:
        path = BackendPath(model_dir, settings)
        await path.start()
    engine = path.engine
    info = await engine.load(model_dir)

    server_proc = None
    if not args.no_server:
        try:
            server_proc = await MlxLmServer.start(model_dir)
        except Exception as exc:
            print(f"mlx_lm.server failed to start: {exc}")

    # Warm-up.
    raw_cache: dict = {}
    await engine.call(raw_decode, model_dir, 8, raw_cache)
    await path.stream(PROMPT, 8)
    await aggregate(path, 8, 8)
    if server_proc:
        await server_proc.aggregate(8, 8)

    # 1-4: alternate raw, served, aggregates and the mlx_lm.server figure, rep by rep.
    raw_tps, raw_e2e, srv_tps, srv_e2e = [], [], [], []
    agg: dict[int, list[float]] = {4: [], 8: []}
    server: list[float] = []
    for _ in range(args.reps):
        tps, e2e = await engine.call(raw_decode, model_dir, args.tokens, raw_cache)
        raw_tps.append(tps)
        raw_e2e.append(e2e)
        _, tps, e2e, _, _ = await path.stream(PROMPT, args.tokens)
        srv_tps.append(tps)
        srv_e2e.append(e2e)
        for n, figures in agg.items():
            figures.append(await aggregate(path, n, args.tokens))
        if server_proc:
            server.append(await server_proc.aggregate(8, args.tokens))
    await engine.call(release_raw, raw_cache)
    if server_proc:
        await server_proc.stop()

    # 5. TTFT with/without a cached prefix.
    uncached, cached = [], []
    shared = long_prefix(model_dir, args.prefix_tokens, "Shared ledger")
    await path.stream("First question?", 1, system=shared)
    last = None
    for i in range(args.reps):
        fresh = long_prefix(model_dir, args.prefix_tokens, f"Ledger number {i} of {time.time_ns()}")
        uncached.append((await path.stream("What happened?", 1, system=fresh))[0])
        last = await path.stream(f"Question {i}: what happened next?", 1, system=shared)
        cached.append(last[0])
    await path.stop()

    print()
    print(f"llmrouter driven through {path.name}{note}")
    print(f"{'figure':58s} {'best':>8s}")
    print(f"{'raw mlx_lm.stream_generate, 1 stream, decode tok/s':58s} {fmt(raw_tps)}")
    print(f"{'llmrouter 1 stream, decode tok/s':58s} {fmt(srv_tps)}")
    print(
        f"    served/raw: best {max(srv_tps) / max(raw_tps) * 100:.1f}%, median "
        f"{statistics.median(srv_tps) / statistics.median(raw_tps) * 100:.1f}%, median of paired runs "
        f"{statistics.median(s / r for s, r in zip(srv_tps, raw_tps, strict=True)) * 100:.1f}%  (target >= 97%)"
    )
    print(f"    end to end {args.tokens} tokens (best): raw {min(raw_e2e):.2f}s, served {min(srv_e2e):.2f}s")
    for n, xs in agg.items():
        print(f"{f'llmrouter aggregate tok/s, {n} streams':58s} {fmt(xs)}")
    if server:
        print(f"{'mlx_lm.server aggregate tok/s, 8 streams (HTTP SSE)':58s} {fmt(server)}")
        print(
            f"    llmrouter/mlx_lm.server at 8: best {max(agg[8]) / max(server) * 100:.0f}%, median "
            f"{statistics.median(agg[8]) / statistics.median(server) * 100:.0f}%  (target >= 100%)"
        )
    print(
        f"{f'TTFT, uncached ~{args.prefix_tokens}-token prompt, ms':58s} {min(uncached) * 1000:8.0f} (median {statistics.median(uncached) * 1000:.0f})"
    )
    print(
        f"{f'TTFT, cached ~{args.prefix_tokens}-token prefix, ms':58s} {min(cached) * 1000:8.0f} (median {statistics.median(cached) * 1000:.0f})"
    )
    print(
        f"    cached/uncached: {statistics.median(cached) / statistics.median(uncached) * 100:.1f}% (medians; target <= 10%); "
        f"last cached request reused {last[4] if last else 0} prompt tokens"
    )
    print(f"model load {info.load_seconds:.2f}s; load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
