"""MlxBackend (the Backend of a local provider) over a real MlxEngine and the tiny model."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.engine import MlxEngine
from service.core.chat import (
    ChatRequest,
    Delta,
    Finish,
    FinishReason,
    GenerationConfig,
    Message,
    Role,
    Tool,
    ToolCall,
    ToolChoice,
    ToolChoiceMode,
)
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.core.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    Reason,
    ResourceExhausted,
)
from service.core.ports import VerifyFailure
from service.settings import Settings

pytestmark = pytest.mark.mlx


def local_provider(tiny_model_dir: str) -> ProviderConfig:
    return ProviderConfig(
        id="local",
        display_name="Local MLX",
        api_type=ApiType.MLX,
        base_url="",
        builtin=True,
        template="local",
        models=(
            ModelConfig(
                id="tiny",
                provider_id="local",
                model_id="tiny",
                source=tiny_model_dir,
                is_default=True,
            ),
            ModelConfig(
                id="gone",
                provider_id="local",
                model_id="gone",
                source="/nonexistent/model/dir",
            ),
        ),
    )


@pytest.fixture(scope="module")
def engine() -> MlxEngine:
    e = MlxEngine(Settings(mlx_queue_size=256, mlx_max_batch=8, mlx_preload="tiny"))
    e.start()
    yield e
    e.stop()


@pytest.fixture
def backend(engine: MlxEngine, tiny_model_dir: str) -> MlxBackend:
    return MlxBackend(local_provider(tiny_model_dir), engine)


def chat(text: str, **gen) -> ChatRequest:
    gen.setdefault("temperature", 0.0)
    return ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, text),),
        generation=GenerationConfig(**gen),
    )


async def test_preload_from_settings(backend: MlxBackend, tiny_model_dir: str) -> None:
    results = await backend.preload()
    assert results == {"tiny": None}
    assert tiny_model_dir in {m.source for m in backend.engine.loaded_models()}
    bad = await backend.preload(["gone"])
    assert isinstance(bad["gone"], NotFound) and bad["gone"].reason == Reason.MODEL_LOAD_FAILED


async def test_stream_then_complete_agree(backend: MlxBackend) -> None:
    events = [ev async for ev in backend.stream(chat("Tell me about rivers.", max_tokens=30), "tiny", None)]
    assert isinstance(events[-1], Finish) and all(isinstance(e, Delta) for e in events[:-1])
    streamed = "".join(e.text for e in events[:-1])
    done = await backend.complete(chat("Tell me about rivers.", max_tokens=30), "tiny", None)
    assert done.text == streamed
    assert done.finish_reason is FinishReason.LENGTH
    assert done.usage.completion_tokens == 30 and done.usage.prompt_tokens > 0
    assert done.usage.cached_prompt_tokens > 0  # same prompt as the stream before it


async def test_stop_sequence_through_backend(backend: MlxBackend) -> None:
    full = await backend.complete(chat("Write about bread.", max_tokens=40), "tiny", None)
    stop = full.text[20:23]
    cut = await backend.complete(chat("Write about bread.", max_tokens=40, stop=(stop,)), "tiny", None)
    assert cut.finish_reason is FinishReason.STOP_SEQUENCE
    assert cut.text == full.text[: full.text.find(stop)]


async def test_concurrent_calls_batch(backend: MlxBackend) -> None:
    backend.engine.reset_metrics()
    results = await asyncio.gather(
        *(backend.complete(chat(f"Caller {i} asks.", max_tokens=40), "tiny", None) for i in range(6))
    )
    assert all(r.usage.completion_tokens == 40 for r in results)
    assert backend.engine.metrics()["peak_batch"] >= 4


async def test_hundred_cancelled_streams_leave_nothing(backend: MlxBackend) -> None:
    async def close_after_first(i: int) -> None:
        agen = backend.stream(chat(f"Stream {i} goes on.", max_tokens=5000), "tiny", None)
        first = await agen.__anext__()
        assert isinstance(first, Delta)
        await agen.aclose()

    async def consume(i: int) -> None:
        async for _ in backend.stream(chat(f"Task {i} goes on.", max_tokens=5000), "tiny", None):
            pass

    await asyncio.gather(*(close_after_first(i) for i in range(50)))
    tasks = [asyncio.create_task(consume(i)) for i in range(50)]
    await asyncio.sleep(0.1)
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)

    state = await backend.engine.state()
    assert state.idle, state
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_deadline_through_backend(backend: MlxBackend) -> None:
    with pytest.raises(DeadlineExceeded):
        async for _ in backend.stream(chat("Never stop.", max_tokens=100_000), "tiny", time.monotonic() + 0.2):
            pass
    assert (await backend.engine.state()).idle


async def test_queue_full_through_backend(tiny_model_dir: str) -> None:
    engine = MlxEngine(Settings(mlx_queue_size=0, mlx_max_batch=1))
    engine.start()
    try:
        backend = MlxBackend(local_provider(tiny_model_dir), engine)
        first = backend.stream(chat("Occupy the slot.", max_tokens=100_000), "tiny", None)
        await first.__anext__()
        with pytest.raises(ResourceExhausted) as info:
            await backend.complete(chat("Me too."), "tiny", None)
        assert info.value.reason == Reason.LOCAL_QUEUE_FULL and info.value.retry_after
        await first.aclose()
        done = await backend.complete(chat("Now me.", max_tokens=2), "tiny", None)
        assert done.usage.completion_tokens == 2
    finally:
        await engine.astop()


async def test_unknown_and_broken_models(backend: MlxBackend) -> None:
    with pytest.raises(NotFound) as unknown:
        await backend.complete(chat("hi"), "not-configured", None)
    assert unknown.value.reason == Reason.UPSTREAM_MODEL_NOT_FOUND
    with pytest.raises(NotFound) as gone:
        await backend.complete(
            ChatRequest(model="gone", messages=(Message(Role.USER, "hi"),)),
            "gone",
            None,
        )
    assert gone.value.reason == Reason.MODEL_LOAD_FAILED
    done = await backend.complete(chat("Fine after that?", max_tokens=2), "tiny", None)
    assert done.usage.completion_tokens == 2


async def test_tools_are_rendered_into_the_prompt(backend: MlxBackend) -> None:
    tool = Tool(
        name="get_timetable",
        description="Train times",
        parameters={"type": "object", "properties": {"station": {"type": "string"}}},
    )
    plain = await backend.complete(chat("When is the train?", max_tokens=1), "tiny", None)
    req = ChatRequest(
        model="tiny",
        messages=(
            Message(Role.USER, "When is the train?"),
            Message(
                Role.ASSISTANT,
                "",
                tool_calls=(ToolCall("call_1", "get_timetable", '{"station": "North"}'),),
            ),
            Message(Role.TOOL, "16:07", tool_call_id="call_1"),
        ),
        tools=(tool,),
        generation=GenerationConfig(max_tokens=1, temperature=0),
    )
    with_tools = await backend.complete(req, "tiny", None)
    assert with_tools.usage.prompt_tokens > plain.usage.prompt_tokens + 50
    no_tools = await backend.complete(
        ChatRequest(
            model="tiny",
            messages=req.messages,
            tools=(tool,),
            tool_choice=ToolChoice(ToolChoiceMode.NONE),
            generation=req.generation,
        ),
        "tiny",
        None,
    )
    assert no_tools.usage.prompt_tokens < with_tools.usage.prompt_tokens


async def test_invalid_generation_settings(backend: MlxBackend) -> None:
    with pytest.raises(InvalidArgument):
        await backend.complete(chat("hi", max_tokens=0), "tiny", None)
    with pytest.raises(InvalidArgument):
        await backend.complete(chat("hi", temperature=-1.0), "tiny", None)


async def test_verify_and_list_models(backend: MlxBackend) -> None:
    ok = await backend.verify("tiny", None)
    assert ok.ok and ok.model == "tiny"
    bad = await backend.verify("gone", None)
    assert not bad.ok and bad.failure is VerifyFailure.UNKNOWN_MODEL
    missing = await backend.verify("nope", None)
    assert not missing.ok and missing.failure is VerifyFailure.UNKNOWN_MODEL
    assert [m.model_id for m in await backend.list_models(None)] == ["tiny", "gone"]


async def test_unload_through_backend(backend: MlxBackend, tiny_model_dir: str) -> None:
    await backend.complete(chat("Warm.", max_tokens=1), "tiny", None)
    assert await backend.unload("tiny") is True
    assert tiny_model_dir not in {m.source for m in backend.engine.loaded_models()}
    done = await backend.complete(chat("Cold again.", max_tokens=2), "tiny", None)
    assert done.usage.completion_tokens == 2


async def test_stopped_engine_is_unavailable(tiny_model_dir: str) -> None:
    engine = MlxEngine(Settings())
    engine.start()
    backend = MlxBackend(local_provider(tiny_model_dir), engine)
    agen = backend.stream(chat("Until the engine stops.", max_tokens=100_000), "tiny", None)
    await agen.__anext__()
    await engine.astop()
    from service.core.errors import Unavailable

    with pytest.raises(Unavailable):
        async for _ in agen:
            pass
    with pytest.raises(Unavailable):
        await backend.complete(chat("hi"), "tiny", None)


# ------------------------------------------------------------------ scripted output
# The random model never writes a tool call or chosen text, so these tests give the
# engine a sampler that emits a fixed token sequence: everything else (batch,
# detokenizer, stop strings, tool-call parsing, finish reasons) is the real path.


def scripted_engine(tiny_model_dir: str, text: str, *, eos: bool = True) -> MlxEngine:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(tiny_model_dir) / "tokenizer.json"))
    ids = tok.encode(text, add_special_tokens=False).ids
    if eos:
        ids.append(tok.token_to_id("<|im_end|>"))

    def make_sampler(_params):
        import mlx.core as mx

        state = {"i": 0}

        def sampler(logprobs):
            i = min(state["i"], len(ids) - 1)
            state["i"] += 1
            return mx.array([ids[i]] * logprobs.shape[0], dtype=mx.uint32)

        return sampler

    engine = MlxEngine(Settings(), sampler=make_sampler)
    engine.start()
    return engine


async def test_tool_call_is_parsed_end_to_end(tiny_model_dir: str) -> None:
    call = '<tool_call>\n{"name": "get_timetable", "arguments": {"station": "North"}}\n</tool_call>'
    engine = scripted_engine(tiny_model_dir, "Checking." + call)
    try:
        backend = MlxBackend(local_provider(tiny_model_dir), engine)
        tool = Tool(name="get_timetable", parameters={"type": "object"})
        req = ChatRequest(
            model="tiny",
            messages=(Message(Role.USER, "When is the train?"),),
            tools=(tool,),
            generation=GenerationConfig(max_tokens=200),
        )
        events = [ev async for ev in backend.stream(req, "tiny", None)]
        calls = [tc for ev in events if isinstance(ev, Delta) for tc in ev.tool_calls]
        assert len(calls) == 1 and calls[0].name == "get_timetable"
        assert json.loads(calls[0].arguments) == {"station": "North"}
        done = await backend.complete(req, "tiny", None)
        assert done.finish_reason is FinishReason.TOOL_CALLS
        assert done.text == "Checking."
        assert [(c.name, json.loads(c.arguments)) for c in done.tool_calls] == [("get_timetable", {"station": "North"})]
        # Without tools in the request the same output is plain text.
        plain = await backend.complete(chat("When is the train?", max_tokens=200), "tiny", None)
        assert plain.finish_reason is FinishReason.STOP and "<tool_call>" in plain.text
    finally:
        await engine.astop()


async def test_utf8_text_streams_whole_and_stop_string_is_cut(tiny_model_dir: str) -> None:
    text = "Déjà vu au café ☃, naïve façade → fin. STOP here"
    engine = scripted_engine(tiny_model_dir, text)
    try:
        backend = MlxBackend(local_provider(tiny_model_dir), engine)
        pieces = [
            ev.text
            async for ev in backend.stream(chat("Say it.", max_tokens=200), "tiny", None)
            if isinstance(ev, Delta)
        ]
        assert "".join(pieces) == text
        assert all("\ufffd" not in p for p in pieces)
        cut = await backend.complete(chat("Say it.", max_tokens=200, stop=(" STOP",)), "tiny", None)
        assert cut.text == "Déjà vu au café ☃, naïve façade → fin."
        assert cut.finish_reason is FinishReason.STOP_SEQUENCE
    finally:
        await engine.astop()
