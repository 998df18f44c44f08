"""Structured output on local models: JSON Schema by constrained decoding (llguidance).

The tiny model has random weights: left alone it writes noise, so every valid JSON answer
here is the constraint's doing.
"""

from __future__ import annotations

import asyncio
import json
import time

import jsonschema
import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.constraints import SCHEMA_FIELD, grammar_for
from service.backends.mlx.engine import GenerationParams, MlxEngine
from service.core.chat import (
    ChatRequest,
    Finish,
    FinishReason,
    GenerationConfig,
    Message,
    ResponseFormat,
    ResponseFormatType,
    Role,
)
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.core.errors import InvalidArgument, RouterError
from service.settings import Settings

pytestmark = pytest.mark.mlx

# Bounded: short strings, an enum, a boolean, a small integer, a short array. Every answer
# fits in well under 100 tokens of the tiny model.
BOUNDED = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 8},
        "colour": {"enum": ["red", "green", "blue"]},
        "ready": {"type": "boolean"},
        "count": {"type": "integer", "minimum": 0, "maximum": 99},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 4}, "maxItems": 2},
    },
    "required": ["name", "colour", "ready", "count", "tags"],
    "additionalProperties": False,
}


def provider(tiny_model_dir: str) -> ProviderConfig:
    return ProviderConfig(
        id="local",
        display_name="Local MLX",
        api_type=ApiType.MLX,
        base_url="",
        models=(ModelConfig(id="tiny", provider_id="local", model_id="tiny", source=tiny_model_dir),),
    )


@pytest.fixture(scope="module")
def engine() -> MlxEngine:
    e = MlxEngine(Settings(), max_batch=8, queue_size=256)
    e.start()
    yield e
    e.stop()


@pytest.fixture
def backend(engine: MlxEngine, tiny_model_dir: str) -> MlxBackend:
    return MlxBackend(provider(tiny_model_dir), engine)


def schema_request(text: str, schema: dict | None, *, seed: int | None = None, **gen) -> ChatRequest:
    fmt = (
        ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, name="record", schema=schema)
        if schema is not None
        else ResponseFormat(type=ResponseFormatType.JSON_OBJECT)
    )
    gen.setdefault("max_tokens", 120)
    gen.setdefault("temperature", 1.0)
    return ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, text),),
        generation=GenerationConfig(seed=seed, response_format=fmt, **gen),
    )


async def test_hundred_of_hundred_answers_validate(backend: MlxBackend) -> None:
    results = await asyncio.gather(
        *(
            backend.complete(schema_request(f"Record number {i}, please.", BOUNDED, seed=i), "tiny", None)
            for i in range(100)
        )
    )
    for r in results:
        assert r.finish_reason is FinishReason.STOP, (r.finish_reason, r.text)
        assert r.usage.completion_tokens < 120
        jsonschema.validate(json.loads(r.text), BOUNDED)
    assert len({r.text for r in results}) > 50  # sampled answers, not one answer repeated
    # Properties come in the schema's order.
    assert all(list(json.loads(r.text)) == list(BOUNDED["properties"]) for r in results)


async def test_without_the_constraint_the_model_writes_no_json(backend: MlxBackend) -> None:
    plain = ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, "Record number 1, please."),),
        generation=GenerationConfig(max_tokens=60, temperature=1.0, seed=1),
    )
    r = await backend.complete(plain, "tiny", None)
    with pytest.raises(ValueError):
        json.loads(r.text)


async def test_json_object_mode_gives_an_object(backend: MlxBackend) -> None:
    # Any object is unbounded: at low temperature the tiny model still closes it in time for
    # some seeds; whatever finished with STOP must parse, and a LENGTH answer is never STOP.
    results = await asyncio.gather(
        *(backend.complete(schema_request("An object.", None, seed=i, max_tokens=60), "tiny", None) for i in range(8))
    )
    for r in results:
        assert r.text.startswith("{")
        if r.finish_reason is FinishReason.STOP:
            assert isinstance(json.loads(r.text), dict)
        else:
            assert r.finish_reason is FinishReason.LENGTH


async def test_greedy_constrained_output_is_deterministic(backend: MlxBackend) -> None:
    a = await backend.complete(schema_request("Same.", BOUNDED, temperature=0.0), "tiny", None)
    b = await backend.complete(schema_request("Same.", BOUNDED, temperature=0.0), "tiny", None)
    assert a.text == b.text
    jsonschema.validate(json.loads(a.text), BOUNDED)


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "string", "pattern": "(?<=a)b"}, "look-around"),
        ({"type": "object", "properties": {"a": {"$ref": "#/definitions/nope"}}}, "nope"),
        ({"type": "no-such-type"}, "no-such-type"),
    ],
)
async def test_unsupported_schema_is_invalid_argument_naming_the_field(
    backend: MlxBackend, engine: MlxEngine, schema: dict, words: str
) -> None:
    engine.reset_metrics()
    with pytest.raises(InvalidArgument) as info:
        await backend.complete(schema_request("x", schema), "tiny", None)
    assert [v.field for v in info.value.violations] == [SCHEMA_FIELD]
    assert words in info.value.message
    assert engine.metrics()["requests"] == 0  # refused before anything reached the engine


def test_schema_problems_found_without_a_model() -> None:
    assert grammar_for(None) is None
    assert grammar_for(ResponseFormat(type=ResponseFormatType.TEXT)) is None
    assert grammar_for(ResponseFormat(type=ResponseFormatType.JSON_OBJECT))
    with pytest.raises(InvalidArgument) as missing:
        grammar_for(ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, name="x", schema=None))
    assert missing.value.violations[0].field == SCHEMA_FIELD
    with pytest.raises(InvalidArgument):
        grammar_for(ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, schema={"type": "number", "x": float("nan")}))


async def test_compiled_grammars_are_cached_per_model(
    engine: MlxEngine, backend: MlxBackend, tiny_model_dir: str
) -> None:
    schema = {"type": "object", "properties": {"k": {"enum": ["a", "b"]}}, "required": ["k"]}
    await backend.complete(schema_request("one", schema), "tiny", None)
    n = await engine.call(lambda: len(engine._models[tiny_model_dir].grammars))
    await backend.complete(schema_request("two", schema), "tiny", None)
    assert await engine.call(lambda: len(engine._models[tiny_model_dir].grammars)) == n


async def test_compiling_a_grammar_does_not_stall_other_streams(
    engine: MlxEngine, backend: MlxBackend, tiny_model_dir: str
) -> None:
    """A grammar compiles on its own thread: a text stream keeps getting tokens meanwhile.

    The compile is made slow on purpose (a wrapper that sleeps in the compile thread), so
    the test sees whether the engine waits for it.
    """
    grammars = await engine.call(lambda: engine._models[tiny_model_dir].grammars)
    original = grammars.compile

    def slow_compile(grammar: str):
        time.sleep(1.0)
        return original(grammar)

    grammars.compile = slow_compile
    try:
        text_params = GenerationParams(
            messages=[{"role": "user", "content": "Talk."}], max_tokens=100_000, temperature=0
        )
        stream = engine.submit(tiny_model_dir, text_params)
        await stream.get()  # generating
        schema = {
            "type": "object",
            "properties": {"slow": {"type": "boolean"}},
            "required": ["slow"],
            "additionalProperties": False,
        }
        constrained = asyncio.create_task(backend.complete(schema_request("slow", schema), "tiny", None))
        await asyncio.sleep(0.1)  # the compile has started
        t0 = time.perf_counter()
        got = 0
        while time.perf_counter() - t0 < 0.5:
            got += sum(len(ev.text) for ev in await stream.get() if not isinstance(ev, Finish))
        assert got > 0 and not constrained.done()
        stream.close()
        r = await constrained
        assert r.finish_reason is FinishReason.STOP
        assert json.loads(r.text) in ({"slow": True}, {"slow": False})
    finally:
        grammars.compile = original
    assert (await engine.state()).idle


async def test_a_sampler_that_ignores_the_mask_fails_the_request(tiny_model_dir: str) -> None:
    """If the output ever left the grammar the request fails: it never ends as a success."""
    import mlx.core as mx

    def make_sampler(_params):
        return lambda logprobs: mx.array([7] * logprobs.shape[0], dtype=mx.uint32)  # always token 7

    engine = MlxEngine(Settings(), sampler=make_sampler)
    engine.start()
    try:
        backend = MlxBackend(provider(tiny_model_dir), engine)
        with pytest.raises(RouterError) as info:
            await backend.complete(schema_request("x", BOUNDED, max_tokens=20), "tiny", None)
        assert "response format" in info.value.message
        assert (await engine.state()).idle
    finally:
        await engine.astop()
