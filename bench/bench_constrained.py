"""Constrained decoding on local models: what a JSON Schema costs. Prints figures, asserts nothing.

    .venv/bin/python bench/bench_constrained.py [--size tiny|small|medium] [--tokens 200] [--reps 3]

On a model built by `make_tiny_model(size=...)` (random weights, float32; its 512-token
vocabulary is far smaller than a real model's 32k-150k, which makes every per-token mask
cheaper here than in production):

1. per-request set-up of each grammar library, llguidance (what the engine uses) and
   outlines-core (when installed: `pip install outlines`): cold (schema -> grammar ->
   matcher for this tokenizer) and from the cache (a copy of the compiled matcher / a new
   Guide over the built index), for a small and a 10-field schema;
2. per-token cost of each library's mask (compute the allowed-token mask, consume the
   sampled token);
3. decode tok/s of a bare mlx-lm BatchGenerator (run in the engine thread) with no
   processor, with llguidance's mask and with outlines-core's, at 1 and 8 streams;
4. llmrouter's served path (MlxBackend): tok/s with and without a schema at 1 and 8
   streams (each stream's decode rate, first to last token);
5. the engine thread while grammars compile: the longest gap between tokens of a running
   text stream, with and without 8 new (uncached) schemas compiling meanwhile.

The machine is shared: each figure is the best of --reps, medians beside.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from service.backends.mlx import active_blas
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.constraints import JSON_OPTIONS, GrammarProcessor, grammar_for
from service.backends.mlx.engine import GenerationParams, MlxEngine
from service.backends.mlx.tiny_model import make_tiny_model
from service.core.chat import (
    ChatRequest,
    Delta,
    Finish,
    GenerationConfig,
    Message,
    ResponseFormat,
    ResponseFormatType,
    Role,
)
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.settings import Settings

SMALL = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 8},
        "colour": {"enum": ["red", "green", "blue"]},
        "ready": {"type": "boolean"},
        "count": {"type": "integer", "minimum": 0, "maximum": 99},
    },
    "required": ["name", "colour", "ready", "count"],
    "additionalProperties": False,
}
WIDE = {
    "type": "object",
    "properties": {f"field_{i}": {"type": "string", "maxLength": 24} for i in range(10)},
    "required": [f"field_{i}" for i in range(10)],
    "additionalProperties": False,
}
# Answers of a fixed shape for the decode figures (about 150 tokens of the tiny model's):
# exactly 60 digits in an array, so constrained and free streams run about as long.
LONG = {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 9}, "minItems": 60, "maxItems": 60}


def fmt(xs: list[float], unit: str = "") -> str:
    return f"{max(xs):9.1f}{unit} (median {statistics.median(xs):.1f})"


def fmt_low(xs: list[float], unit: str) -> str:
    return f"{min(xs):9.3f}{unit} (median {statistics.median(xs):.3f})"


# ----------------------------------------------------------------- the libraries


class Outlines:
    """outlines-core over the same tokenizer (its own vocabulary format), or None when absent."""

    def __init__(self, tokenizer: Any) -> None:
        from outlines.backends.outlines_core import OutlinesCoreBackend

        self.vocab = OutlinesCoreBackend.create_outlines_core_vocabulary(
            tokenizer.get_vocab(),
            tokenizer.eos_token_id,
            tokenizer.eos_token,
            lambda t: tokenizer.convert_tokens_to_string([t]),
        )

    def index(self, schema: dict) -> Any:
        from outlines_core import Index
        from outlines_core.json_schema import build_regex_from_schema

        return Index(build_regex_from_schema(json.dumps(schema), None), self.vocab)


class OutlinesProcessor:
    """outlines-core's Guide as an mlx-lm logits processor (the same shape as GrammarProcessor)."""

    def __init__(self, index: Any, vocab_size: int) -> None:
        import numpy as np
        from outlines_core import Guide

        self.guide = Guide(index)
        self.mask = np.full((1, (vocab_size + 31) // 32), -1, dtype=np.int32)
        self.started = False

    def __call__(self, tokens: Any, logits: Any) -> Any:
        import mlx.core as mx
        import numpy as np

        if self.started:
            tok = int(tokens[-1].item())
            if not self.guide.is_finished() or self.guide.accepts_tokens([tok]):
                self.guide.advance(token_id=tok, return_tokens=False)
        self.started = True
        self.guide.write_mask_into(self.mask.ctypes.data, self.mask.size, self.mask.itemsize)
        bits = np.unpackbits(self.mask.view(np.uint8), bitorder="little")[: logits.shape[-1]].astype(np.bool_)
        return mx.where(mx.array(bits), logits, mx.array(-mx.inf, dtype=logits.dtype))


def setup_costs(model_dir: str, reps: int) -> Any:
    """Section 1 and 2 (no MLX: the libraries only). Returns the loaded tokenizer."""
    import llguidance
    import llguidance.hf
    import numpy as np
    from mlx_lm.utils import load_tokenizer

    tok = load_tokenizer(Path(model_dir))
    vocab = len(tok)
    eos = sorted(tok.eos_token_ids)
    t0 = time.perf_counter()
    ltok = llguidance.hf.from_tokenizer(tok._tokenizer, n_vocab=vocab, eos_token=eos)
    print(f"  llguidance tokenizer (once per model): {(time.perf_counter() - t0) * 1000:.1f} ms")
    try:
        outl: Outlines | None = Outlines(tok)
    except ImportError:
        outl = None
        print("  outlines not installed (pip install outlines): its rows are skipped")

    for name, schema in (("small", SMALL), ("10-field", WIDE)):
        cold, cached, o_cold, o_cached = [], [], [], []
        for _ in range(reps):
            t0 = time.perf_counter()
            g = llguidance.LLMatcher.grammar_from_json_schema(json.dumps(schema), defaults=JSON_OPTIONS)
            m = llguidance.LLMatcher(ltok, g)
            cold.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            m.deep_copy()
            cached.append((time.perf_counter() - t0) * 1000)
            if outl is not None:
                from outlines_core import Guide

                t0 = time.perf_counter()
                idx = outl.index(schema)
                o_cold.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                Guide(idx)
                o_cached.append((time.perf_counter() - t0) * 1000)
        print(f"  {name:9s} llguidance   cold {fmt_low(cold, ' ms')}   cached {fmt_low(cached, ' ms')}")
        if outl is not None:
            print(f"  {name:9s} outlines     cold {fmt_low(o_cold, ' ms')}   cached {fmt_low(o_cached, ' ms')}")

    # Per-token mask + consume, walking random allowed tokens through the 10-field schema.
    rng = np.random.default_rng(0)
    bitmask = np.zeros(((vocab + 31) // 32,), dtype=np.int32)
    m = llguidance.LLMatcher(
        ltok, llguidance.LLMatcher.grammar_from_json_schema(json.dumps(WIDE), defaults=JSON_OPTIONS)
    )
    steps, t0 = 0, time.perf_counter()
    while not m.is_stopped() and steps < 2000:
        m.unsafe_compute_mask_ptr(bitmask.ctypes.data, bitmask.nbytes)
        allowed = np.unpackbits(bitmask.view(np.uint8), bitorder="little")[:vocab].nonzero()[0]
        m.consume_token(int(rng.choice(allowed)))
        steps += 1
    print(
        f"  per token  llguidance   {(time.perf_counter() - t0) / steps * 1e6:8.1f} µs (mask + consume, {steps} tokens)"
    )
    if outl is not None:
        from outlines_core import Guide

        guide = Guide(outl.index(WIDE))
        mask = np.full((1, (vocab + 31) // 32), -1, dtype=np.int32)
        steps, t0 = 0, time.perf_counter()
        while not guide.is_finished() and steps < 2000:
            guide.write_mask_into(mask.ctypes.data, mask.size, mask.itemsize)
            allowed = np.unpackbits(mask.view(np.uint8), bitorder="little")[:vocab].nonzero()[0]
            allowed = [t for t in allowed if t not in eos] or list(allowed)
            guide.advance(token_id=int(rng.choice(allowed)), return_tokens=False)
            steps += 1
        print(
            f"  per token  outlines     {(time.perf_counter() - t0) / steps * 1e6:8.1f} µs (mask + advance, {steps} tokens)"
        )
    return tok


# ----------------------------------------------------------------- bare BatchGenerator


def bare_decode(model_dir: str, kind: str, streams: int, tokens: int) -> tuple[float, float, int]:
    """(aggregate decode tok/s, mean answer tokens, answers valid under LONG) of a bare BatchGenerator."""
    import llguidance
    import llguidance.hf
    import mlx.core as mx
    from mlx_lm import load
    from mlx_lm.generate import BatchGenerator
    from mlx_lm.sample_utils import make_sampler

    model, tok = load(model_dir)
    model.set_dtype(mx.float32)
    vocab = len(tok)
    eos = sorted(tok.eos_token_ids)
    gen = BatchGenerator(model, stop_tokens=[[t] for t in eos], completion_batch_size=streams)
    prompts = [
        tok.apply_chat_template([{"role": "user", "content": f"Words {i}"}], add_generation_prompt=True)
        for i in range(streams)
    ]
    procs: list[list[Any]] = [[] for _ in range(streams)]
    if kind == "llguidance":
        ltok = llguidance.hf.from_tokenizer(tok._tokenizer, n_vocab=vocab, eos_token=eos)
        g = llguidance.LLMatcher.grammar_from_json_schema(json.dumps(LONG), defaults=JSON_OPTIONS)
        base = llguidance.LLMatcher(ltok, g)
        procs = [[GrammarProcessor(base.deep_copy(), vocab, eos)] for _ in range(streams)]
    elif kind == "outlines":
        idx = Outlines(tok).index(LONG)
        procs = [[OutlinesProcessor(idx, vocab)] for _ in range(streams)]
    sampler = make_sampler(temp=1.0)
    uids = gen.insert(prompts, max_tokens=[tokens] * streams, samplers=[sampler] * streams, logits_processors=procs)
    first: float | None = None
    n = 0
    live = set(uids)
    out: dict[int, list[int]] = {u: [] for u in uids}
    while live:
        _, responses = gen.next()
        for r in responses:
            if first is None:
                first = time.perf_counter()
            n += 1
            if r.finish_reason != "stop":
                out[r.uid].append(r.token)
            if r.finish_reason is not None:
                live.discard(r.uid)
    elapsed = time.perf_counter() - (first or time.perf_counter())
    gen.close()
    del model, gen
    mx.clear_cache()
    return (n - streams) / max(elapsed, 1e-9), n / streams, sum(valid(tok.decode(t)) for t in out.values())


def valid(text: str) -> bool:
    import jsonschema

    try:
        jsonschema.validate(json.loads(text), LONG)
    except (ValueError, jsonschema.ValidationError):
        return False
    return True


# ----------------------------------------------------------------- the served path


def provider(model_dir: str) -> ProviderConfig:
    return ProviderConfig(
        id="local",
        display_name="Local MLX",
        api_type=ApiType.MLX,
        base_url="",
        models=(ModelConfig(id="m", provider_id="local", model_id="m", source=model_dir),),
    )


async def served(backend: MlxBackend, streams: int, tokens: int, schema: dict | None) -> tuple[float, float, float]:
    """(aggregate tok/s, mean per-stream decode tok/s, mean answer tokens) through MlxBackend."""
    fmt_ = ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, name="s", schema=schema) if schema else None

    async def one(i: int) -> tuple[int, float, float]:
        req = ChatRequest(
            model="m",
            messages=(Message(Role.USER, f"Words, please ({i})."),),
            generation=GenerationConfig(max_tokens=tokens, temperature=1.0, seed=i, response_format=fmt_),
        )
        first = last = 0.0
        n = 0
        async for ev in backend.stream(req, "m", None):
            if isinstance(ev, Delta) and ev.text:
                last = time.perf_counter()
                first = first or last
            if isinstance(ev, Finish):
                n = ev.usage.completion_tokens
        return n, first, last

    results = await asyncio.gather(*(one(i) for i in range(streams)))
    total = sum(n for n, _, _ in results)
    span = max(last for _, _, last in results) - min(first for _, first, _ in results)
    per = statistics.mean((n - 1) / (last - first) for n, first, last in results if last > first)
    return total / span, per, total / streams


async def compile_stall(engine: MlxEngine, backend: MlxBackend, model_dir: str, compiles: int) -> tuple[float, float]:
    """(median, longest) gap in ms between a text stream's token batches while `compiles` new schemas compile."""
    req = engine.submit(
        model_dir, GenerationParams(messages=[{"role": "user", "content": "Go on."}], max_tokens=100_000, temperature=0)
    )
    await req.get()
    tasks = []
    for i in range(compiles):
        schema = {
            "type": "object",
            "properties": {f"k{i}_{j}": {"type": "string", "maxLength": 12 + i} for j in range(12)},
            "required": [f"k{i}_{j}" for j in range(12)],
        }
        r = ChatRequest(
            model="m",
            messages=(Message(Role.USER, "x"),),
            generation=GenerationConfig(
                max_tokens=2,
                response_format=ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, name="s", schema=schema),
            ),
        )
        tasks.append(asyncio.create_task(backend.complete(r, "m", None)))
    gaps: list[float] = []
    last = time.perf_counter()
    t_end = last + 1.5
    while time.perf_counter() < t_end:
        await req.get()
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    req.close()
    await asyncio.gather(*tasks, return_exceptions=True)
    return statistics.median(gaps) * 1000, max(gaps) * 1000


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="tiny", choices=["tiny", "small", "medium", "large"])
    ap.add_argument("--tokens", type=int, default=200, help="max tokens per stream")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        model_dir = str(make_tiny_model(Path(tmp) / "model", size=args.size))
        print(f"model: tiny_model size={args.size}, BLAS {active_blas()}, cpus {os.cpu_count()}")
        print("\n1-2. grammar libraries (set-up per request, per-token mask):")
        setup_costs(model_dir, args.reps)

        engine = MlxEngine(Settings(), max_batch=8, queue_size=64)
        engine.start()
        try:
            print(f"\n3. bare mlx-lm BatchGenerator, decode tok/s (aggregate), schema = 60 digits, max {args.tokens}:")
            for streams in (1, 8):
                for kind in ("none", "llguidance", "outlines"):
                    rates, lengths, ok = [], [], 0
                    try:
                        for _ in range(args.reps):
                            rate, length, n_ok = await engine.call(bare_decode, model_dir, kind, streams, args.tokens)
                            rates.append(rate)
                            lengths.append(length)
                            ok += n_ok
                    except ImportError:
                        continue
                    print(
                        f"  {streams} stream(s) {kind:10s} {fmt(rates, ' tok/s')}   answer {statistics.mean(lengths):.0f} tokens"
                        f"   valid {ok}/{streams * args.reps}"
                    )

            backend = MlxBackend(provider(model_dir), engine)
            await backend.complete(
                ChatRequest(
                    model="m", messages=(Message(Role.USER, "warm"),), generation=GenerationConfig(max_tokens=2)
                ),
                "m",
                None,
            )
            print(f"\n4. served (MlxBackend), max {args.tokens} tokens:")
            for streams in (1, 8):
                for label, schema in (("no schema", None), ("schema", LONG)):
                    agg, per, length = [], [], []
                    for _ in range(args.reps):
                        a, p, n = await served(backend, streams, args.tokens, schema)
                        agg.append(a)
                        per.append(p)
                        length.append(n)
                    print(
                        f"  {streams} stream(s) {label:10s} aggregate {fmt(agg, ' tok/s')}   per stream {fmt(per, ' tok/s')}"
                        f"   answer {statistics.mean(length):.0f} tokens"
                    )

            print("\n5. gaps between a text stream's token batches (1.5 s each), ms:")
            for label, n in (("nothing compiling", 0), ("8 new schemas compiling", 8)):
                runs = [await compile_stall(engine, backend, model_dir, n) for _ in range(args.reps)]
                p50 = [a for a, _ in runs]
                worst = [b for _, b in runs]
                print(f"  {label:26s} median {fmt_low(p50, ' ms')}   longest {fmt_low(worst, ' ms')}")
            g = grammar_for(ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, schema=WIDE))
            grammars = await engine.call(lambda: engine._models[model_dir].grammars)
            t0 = time.perf_counter()
            grammars.compile(g)
            print(
                f"  (one 10-field compile for this tokenizer, off the engine thread: {(time.perf_counter() - t0) * 1000:.2f} ms)"
            )
        finally:
            await engine.astop()


if __name__ == "__main__":
    asyncio.run(main())
