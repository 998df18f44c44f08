"""MlxEngine with real generation on the tiny model (CPU, float32)."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.engine import (
    EngineRequest,
    GenerationParams,
    MlxEngine,
)
from service.backends.mlx.tiny_model import make_tiny_model
from service.core.chat import Delta, Finish, FinishReason
from service.core.errors import (
    DeadlineExceeded,
    ErrorKind,
    FailedPrecondition,
    NotFound,
    Reason,
    ResourceExhausted,
    RouterError,
)
from service.settings import Settings

pytestmark = pytest.mark.mlx


@pytest.fixture(scope="module")
def engine() -> MlxEngine:
    e = MlxEngine(Settings(), max_batch=8, queue_size=256)
    e.start()
    yield e
    e.stop()


@pytest.fixture
def fresh_engine():
    made: list[MlxEngine] = []

    def make(**kw) -> MlxEngine:
        e = MlxEngine(Settings(), **kw)
        e.start()
        made.append(e)
        return e

    yield make
    for e in made:
        e.stop()


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


async def collect(engine: MlxEngine, source: str, params: GenerationParams) -> tuple[str, Finish, list]:
    events = [ev async for ev in engine.generate(source, params)]
    assert isinstance(events[-1], Finish)
    assert all(isinstance(ev, Delta) for ev in events[:-1])
    return "".join(ev.text for ev in events[:-1]), events[-1], events


def _reference(source: str, messages: list[dict], max_tokens: int) -> tuple[str, list[int], list[int]]:
    """mlx_lm.stream_generate on the same template and weights (runs in the engine thread)."""
    import mlx.core as mx
    from mlx_lm import load, stream_generate

    model, tok = load(source)
    model.set_dtype(mx.float32)
    prompt = tok.apply_chat_template(messages, add_generation_prompt=True)
    text, tokens = "", []
    for r in stream_generate(model, tok, prompt, max_tokens=max_tokens):
        text += r.text
        tokens.append(r.token)
    del model
    gc.collect()
    mx.clear_cache()
    return text, tokens, list(prompt)


# ------------------------------------------------------------------ tiny model


def test_tiny_model_is_reproducible(tmp_path: Path) -> None:
    t0 = time.perf_counter()
    a = make_tiny_model(tmp_path / "a", seed=0)
    elapsed = time.perf_counter() - t0
    b = make_tiny_model(tmp_path / "b", seed=0)
    c = make_tiny_model(tmp_path / "c", seed=1)

    def digests(d: Path) -> dict[str, str]:
        return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(d.iterdir())}

    da, db, dc = digests(a), digests(b), digests(c)
    assert set(da) >= {
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
    }
    assert da == db
    assert dc["model.safetensors"] != da["model.safetensors"]
    assert dc["tokenizer.json"] == da["tokenizer.json"]  # the tokenizer depends on the corpus only
    assert elapsed < 5.0
    cfg = json.loads((a / "config.json").read_text())
    tcfg = json.loads((a / "tokenizer_config.json").read_text())
    assert cfg["model_type"] == "llama" and tcfg["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert tcfg["eos_token"] == "<|im_end|>" and "tools" in tcfg["chat_template"]


def test_blas_report_names_the_library() -> None:
    from service.backends.mlx import active_blas
    from service.backends.mlx.blas import preload_openblas

    assert preload_openblas() == active_blas()  # idempotent
    assert active_blas().split()[0] in ("openblas", "reference", "platform")


# ------------------------------------------------------------------ generation


async def test_stream_reports_length_and_usage(engine: MlxEngine, tiny_model_dir: str) -> None:
    text, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=user("Tell me about bread."), max_tokens=24, temperature=0),
    )
    assert fin.finish_reason is FinishReason.LENGTH
    assert fin.usage.completion_tokens == 24
    assert fin.usage.prompt_tokens > 5
    assert text
    info = {m.source: m for m in engine.loaded_models()}[tiny_model_dir]
    assert info.dtype == "float32" and info.has_chat_template and info.has_tool_calling


async def test_greedy_output_equals_mlx_lm_generate(fresh_engine, tiny_model_dir: str) -> None:
    engine = fresh_engine()
    messages = user("What time does the train leave the station?")
    ref_text, ref_tokens, ref_prompt = await engine.call(_reference, tiny_model_dir, messages, 40)
    text, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=messages, max_tokens=40, temperature=0),
    )
    assert fin.usage.prompt_tokens == len(ref_prompt)
    assert fin.usage.completion_tokens == len(ref_tokens) == 40
    assert text == ref_text


async def test_concurrent_requests_share_one_batch(engine: MlxEngine, tiny_model_dir: str) -> None:
    engine.reset_metrics()
    reqs = [
        engine.submit(
            tiny_model_dir,
            GenerationParams(messages=user(f"Question number {i}?"), max_tokens=48, temperature=0),
        )
        for i in range(4)
    ]

    async def drain(req: EngineRequest) -> Finish:
        try:
            while True:
                evs = await req.get()
                if isinstance(evs[-1], Finish):
                    return evs[-1]
        finally:
            req.close()

    finishes = await asyncio.gather(*(drain(r) for r in reqs))
    assert all(f.finish_reason is FinishReason.LENGTH for f in finishes)
    # Every request saw the others in its batch; the engine stepped all four together.
    assert all(r.peak_batch >= 2 for r in reqs), [r.peak_batch for r in reqs]
    assert engine.metrics()["peak_batch"] == 4
    m = engine.metrics()
    assert m["steps"] < m["generated_tokens"]  # batched: fewer steps than tokens


async def test_stop_sequence_is_not_emitted(engine: MlxEngine, tiny_model_dir: str) -> None:
    messages = user("Describe the lighthouse.")
    full, _, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=messages, max_tokens=40, temperature=0),
    )
    stop = full[len(full) // 2 : len(full) // 2 + 3]
    expected = full[: full.find(stop)]
    text, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=messages, max_tokens=40, temperature=0, stop=(stop,)),
    )
    assert fin.finish_reason is FinishReason.STOP_SEQUENCE
    assert text == expected
    assert stop not in text
    assert fin.usage.completion_tokens < 40


async def test_eos_finishes_with_stop(fresh_engine, tiny_model_dir: str, tmp_path: Path) -> None:
    engine = fresh_engine()
    messages = user("Say something short.")
    _, tokens, _ = await engine.call(_reference, tiny_model_dir, messages, 20)
    # Make the 6th generated token an EOS token of a copy of the model.
    eos_tok = tokens[5]
    first = tokens.index(eos_tok)
    copy_dir = tmp_path / "eos"
    shutil.copytree(tiny_model_dir, copy_dir)
    cfg = json.loads((copy_dir / "config.json").read_text())
    cfg["eos_token_id"] = [cfg["eos_token_id"], eos_tok]
    (copy_dir / "config.json").write_text(json.dumps(cfg))
    _, fin, _ = await collect(
        engine,
        str(copy_dir),
        GenerationParams(messages=messages, max_tokens=20, temperature=0),
    )
    assert fin.finish_reason is FinishReason.STOP
    assert fin.usage.completion_tokens == first


async def test_seeded_sampling_is_reproducible(engine: MlxEngine, tiny_model_dir: str) -> None:
    def params(seed: int) -> GenerationParams:
        return GenerationParams(
            messages=user("Pick some words."),
            max_tokens=24,
            temperature=1.0,
            top_p=0.9,
            seed=seed,
        )

    a, _, _ = await collect(engine, tiny_model_dir, params(7))
    b, _, _ = await collect(engine, tiny_model_dir, params(7))
    c, _, _ = await collect(engine, tiny_model_dir, params(8))
    assert a == b
    assert a != c


async def test_prompt_cache_reports_cached_tokens_on_second_turn(engine: MlxEngine, tiny_model_dir: str) -> None:
    turn1 = [
        {"role": "system", "content": "You keep a ledger of boats."},
        *user("How many boats left the harbour today?"),
    ]
    text1, fin1, _ = await collect(
        engine, tiny_model_dir, GenerationParams(messages=turn1, max_tokens=16, temperature=0)
    )
    assert fin1.usage.cached_prompt_tokens < fin1.usage.prompt_tokens
    turn2 = [*turn1, {"role": "assistant", "content": text1}, *user("And yesterday?")]
    _, fin2, _ = await collect(engine, tiny_model_dir, GenerationParams(messages=turn2, max_tokens=16, temperature=0))
    assert fin2.usage.cached_prompt_tokens >= fin1.usage.prompt_tokens
    assert fin2.usage.cached_prompt_tokens < fin2.usage.prompt_tokens
    # The same request again reuses everything but the last token.
    _, fin3, _ = await collect(engine, tiny_model_dir, GenerationParams(messages=turn2, max_tokens=16, temperature=0))
    assert fin3.usage.cached_prompt_tokens >= fin2.usage.prompt_tokens - 1


async def test_cached_prefix_gives_same_greedy_output(engine: MlxEngine, tiny_model_dir: str) -> None:
    messages = user("Repeat after me: the river runs to the sea.")
    a, fa, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=messages, max_tokens=24, temperature=0),
    )
    b, fb, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=messages, max_tokens=24, temperature=0),
    )
    assert fb.usage.cached_prompt_tokens > fa.usage.cached_prompt_tokens
    assert a == b


# ------------------------------------------------------------------ cancellation and limits


async def test_cancelled_requests_leave_nothing_behind(engine: MlxEngine, tiny_model_dir: str) -> None:
    async def read_one_then_close(i: int) -> None:
        agen = engine.generate(
            tiny_model_dir,
            GenerationParams(messages=user(f"Stream {i}"), max_tokens=2000, temperature=0),
        )
        await agen.__anext__()
        await agen.aclose()

    async def cancelled_reader(i: int) -> None:
        async for _ in engine.generate(
            tiny_model_dir,
            GenerationParams(messages=user(f"Task {i}"), max_tokens=2000, temperature=0),
        ):
            pass

    await asyncio.gather(*(read_one_then_close(i) for i in range(50)))
    tasks = [asyncio.create_task(cancelled_reader(i)) for i in range(50)]
    await asyncio.sleep(0.05)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    state = await engine.state()
    assert state.idle, state
    assert asyncio.all_tasks() == {asyncio.current_task()}
    # The engine still serves.
    _, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=user("Still there?"), max_tokens=4, temperature=0),
    )
    assert fin.usage.completion_tokens == 4


async def test_queue_full_is_rejected_at_once(fresh_engine, tiny_model_dir: str) -> None:
    engine = fresh_engine(max_batch=1, queue_size=2)
    await engine.load(tiny_model_dir)
    long = GenerationParams(messages=user("A long answer please."), max_tokens=100_000, temperature=0)
    held = [engine.submit(tiny_model_dir, long) for _ in range(3)]
    t0 = time.perf_counter()
    with pytest.raises(ResourceExhausted) as info:
        engine.submit(tiny_model_dir, long)
    assert time.perf_counter() - t0 < 0.5  # no waiting for the engine thread
    assert info.value.reason == Reason.LOCAL_QUEUE_FULL
    assert info.value.retry_after is not None and 0.5 <= info.value.retry_after <= 2.0
    await held[0].get()  # the first one is generating
    for r in held:
        r.close()
    state = await engine.state()
    assert state.idle, state
    _, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=user("Now?"), max_tokens=3, temperature=0),
    )
    assert fin.finish_reason is FinishReason.LENGTH


async def test_deadline_stops_generation(engine: MlxEngine, tiny_model_dir: str) -> None:
    params = GenerationParams(
        messages=user("Go on forever."),
        max_tokens=100_000,
        temperature=0,
        deadline=time.monotonic() + 0.3,
    )
    t0 = time.perf_counter()
    with pytest.raises(DeadlineExceeded):
        async for _ in engine.generate(tiny_model_dir, params):
            pass
    assert time.perf_counter() - t0 < 2.0
    assert (await engine.state()).idle


# ------------------------------------------------------------------ model lifecycle


def _bad_model(
    base: str,
    target: Path,
    *,
    weights: bytes | None = None,
    model_type: str | None = None,
) -> str:
    shutil.copytree(base, target)
    if weights is not None:
        (target / "model.safetensors").write_bytes(weights)
    if model_type is not None:
        cfg = json.loads((target / "config.json").read_text())
        cfg["model_type"] = model_type
        (target / "config.json").write_text(json.dumps(cfg))
    return str(target)


async def test_load_failures_leave_the_engine_healthy(engine: MlxEngine, tiny_model_dir: str, tmp_path: Path) -> None:
    with pytest.raises(NotFound) as missing:
        await engine.load(str(tmp_path / "does-not-exist"))
    assert missing.value.reason == Reason.MODEL_LOAD_FAILED and "does not exist" in missing.value.message

    garbage = _bad_model(tiny_model_dir, tmp_path / "garbage", weights=os.urandom(4096))
    with pytest.raises(FailedPrecondition) as bad:
        await engine.load(garbage)
    assert bad.value.reason == Reason.MODEL_LOAD_FAILED

    truncated = _bad_model(
        tiny_model_dir,
        tmp_path / "truncated",
        weights=(Path(tiny_model_dir) / "model.safetensors").read_bytes()[:50_000],
    )
    with pytest.raises(FailedPrecondition) as trunc:
        await engine.load(truncated)
    assert trunc.value.reason == Reason.MODEL_LOAD_FAILED

    alien = _bad_model(tiny_model_dir, tmp_path / "alien", model_type="no_such_architecture")
    with pytest.raises(FailedPrecondition) as arch:
        await engine.load(alien)
    assert arch.value.reason == Reason.MODEL_LOAD_FAILED and "no_such_architecture" in arch.value.message

    # A request for a broken model fails on its stream, with the same error.
    with pytest.raises(FailedPrecondition):
        async for _ in engine.generate(garbage, GenerationParams(messages=user("hi"), max_tokens=2)):
            pass

    assert {m.source for m in engine.loaded_models()} & {
        garbage,
        truncated,
        alien,
    } == set()
    _, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=user("Still fine?"), max_tokens=3, temperature=0),
    )
    assert fin.usage.completion_tokens == 3
    assert (await engine.state()).idle


async def test_model_without_chat_template(engine: MlxEngine, tiny_model_dir: str, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(tiny_model_dir, plain)
    tcfg = json.loads((plain / "tokenizer_config.json").read_text())
    del tcfg["chat_template"]
    (plain / "tokenizer_config.json").write_text(json.dumps(tcfg))
    with pytest.raises(FailedPrecondition) as info:
        async for _ in engine.generate(str(plain), GenerationParams(messages=user("hi"), max_tokens=2)):
            pass
    assert info.value.reason == Reason.NO_CHAT_TEMPLATE
    assert info.value.kind is ErrorKind.FAILED_PRECONDITION
    # Raw token prompts still work on such a model.
    _, fin, _ = await collect(
        engine,
        str(plain),
        GenerationParams(prompt_tokens=[5, 6, 7, 8], max_tokens=3, temperature=0),
    )
    assert fin.usage.completion_tokens == 3
    await engine.unload(str(plain))


async def test_unload_and_lazy_reload(fresh_engine, tiny_model_dir: str) -> None:
    engine = fresh_engine()
    assert engine.loaded_models() == []
    _, fin, _ = await collect(
        engine,
        tiny_model_dir,
        GenerationParams(messages=user("Load me lazily."), max_tokens=2),
    )
    assert [m.source for m in engine.loaded_models()] == [tiny_model_dir]
    assert await engine.unload(tiny_model_dir) is True
    assert engine.loaded_models() == []
    assert await engine.unload(tiny_model_dir) is False
    _, fin, _ = await collect(engine, tiny_model_dir, GenerationParams(messages=user("Again."), max_tokens=2))
    assert fin.usage.completion_tokens == 2 and fin.usage.cached_prompt_tokens == 0  # the cache went with the model
    assert [m.source for m in engine.loaded_models()] == [tiny_model_dir]


async def test_memory_budget_evicts_least_recently_used(fresh_engine, tiny_model_dir: str, tmp_path: Path) -> None:
    other = make_tiny_model(tmp_path / "other", seed=3)
    engine = fresh_engine(memory_budget_mb=3)  # one tiny model (~2 MB as float32) fits
    await engine.load(tiny_model_dir)
    await engine.load(str(other))
    assert [m.source for m in engine.loaded_models()] == [str(other)]
    await collect(engine, tiny_model_dir, GenerationParams(messages=user("Back."), max_tokens=2))
    assert [m.source for m in engine.loaded_models()] == [tiny_model_dir]

    big = make_tiny_model(tmp_path / "big", seed=0, size="small")  # ~12 MB
    with pytest.raises(FailedPrecondition) as info:
        await engine.load(str(big))
    assert info.value.reason == Reason.MODEL_LOAD_FAILED and "budget" in info.value.message


async def test_weights_are_converted_to_float32(engine: MlxEngine, tmp_path: Path) -> None:
    bf16 = make_tiny_model(tmp_path / "bf16", seed=0, dtype="bfloat16")
    info = await engine.load(str(bf16))
    assert info.dtype == "float32"
    await engine.unload(str(bf16))


async def test_streaming_detokenizer_keeps_utf8_whole(engine: MlxEngine, tiny_model_dir: str) -> None:
    def pieces() -> list[str]:
        from mlx_lm import tokenizer_utils  # noqa: F401

        tok = engine._models[tiny_model_dir].tokenizer
        text = "Some words keep accents: café, naïve, façade, déjà vu. ☃ → ✓"
        det = tok.detokenizer
        out = []
        for t in tok.encode(text, add_special_tokens=False):
            det.add_token(t)
            out.append(det.last_segment)
        det.finalize()
        out.append(det.last_segment)
        return out, text

    await engine.load(tiny_model_dir)
    out, text = await engine.call(pieces)
    assert "".join(out) == text
    assert all("\ufffd" not in p for p in out)


async def test_errors_are_router_errors(engine: MlxEngine) -> None:
    with pytest.raises(RouterError):
        await engine.load("./no/such/model")


async def test_an_idle_engine_gives_its_buffer_cache_back(fresh_engine, tiny_model_dir: str) -> None:
    """After generating, MLX keeps freed buffers for reuse; once the engine has been idle for
    IDLE_RELEASE_S they go back to the system (and the C heap is trimmed), so a server's RSS
    does not keep what a burst of streams once needed."""
    import mlx.core as mx

    from service.backends.mlx.engine import IDLE_RELEASE_S

    engine = fresh_engine(max_batch=8)
    await asyncio.gather(
        *(
            collect(engine, tiny_model_dir, GenerationParams(messages=user(f"Burst {i}"), max_tokens=32))
            for i in range(8)
        )
    )
    busy = await engine.call(mx.get_cache_memory)
    assert busy > 0  # what the burst left for reuse
    deadline = time.monotonic() + IDLE_RELEASE_S + 10
    while await engine.call(mx.get_cache_memory) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert await engine.call(mx.get_cache_memory) == 0
    # It still serves, and a request in the idle window is answered at once (no wait for the release).
    _, fin, _ = await collect(engine, tiny_model_dir, GenerationParams(messages=user("Again"), max_tokens=4))
    assert fin.usage.completion_tokens == 4
