"""The 2026 chat surface on local models: reasoning, logprobs, penalties, the matched stop
sequence, parallel_tool_calls, content parts, tool errors, and what is refused.

Real engine, real tiny models. Where the output must be exact, the engine gets a scripted
sampler that emits a fixed token sequence: everything else (batch, detokenizer, output
filter, finish reasons, usage) is the real path.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import mlx.core as mx
import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.backend import MlxBackend, to_generation_params
from service.backends.mlx.engine import MlxEngine
from service.backends.mlx.processors import Penalties
from service.core.chat import (
    CacheControl,
    ChatRequest,
    Delta,
    DocumentPart,
    Finish,
    FinishReason,
    GenerationConfig,
    ImagePart,
    Message,
    ReasoningBlock,
    ReasoningConfig,
    ReasoningEffort,
    ResponseFormat,
    ResponseFormatType,
    Role,
    TextPart,
    Tool,
    ToolCall,
    ToolChoice,
)
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.core.errors import InvalidArgument, Reason
from service.settings import Settings

pytestmark = pytest.mark.mlx


def provider(**sources: str) -> ProviderConfig:
    return ProviderConfig(
        id="local",
        display_name="Local MLX",
        api_type=ApiType.MLX,
        base_url="",
        models=tuple(ModelConfig(id=k, provider_id="local", model_id=k, source=v) for k, v in sources.items()),
    )


@pytest.fixture(scope="module")
def engine() -> MlxEngine:
    e = MlxEngine(Settings(), max_batch=8, queue_size=64)
    e.start()
    yield e
    e.stop()


@pytest.fixture
def backend(engine: MlxEngine, tiny_model_dir: str, tiny_thinking_model_dir: str) -> MlxBackend:
    return MlxBackend(provider(tiny=tiny_model_dir, thinking=tiny_thinking_model_dir), engine)


def chat(text: str, model: str = "tiny", **gen) -> ChatRequest:
    gen.setdefault("temperature", 0.0)
    return ChatRequest(model=model, messages=(Message(Role.USER, text),), generation=GenerationConfig(**gen))


def scripted(model_dir: str, text: str) -> MlxEngine:
    """An engine whose sampler writes `text` then EOS, whatever the model computes."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    ids = [*tok.encode(text, add_special_tokens=False).ids, tok.token_to_id("<|im_end|>")]

    def make_sampler(_params):
        state = {"i": 0}

        def sampler(logprobs):
            i = min(state["i"], len(ids) - 1)
            state["i"] += 1
            return mx.array([ids[i]] * logprobs.shape[0], dtype=mx.uint32)

        return sampler

    engine = MlxEngine(Settings(), sampler=make_sampler)
    engine.start()
    return engine


def n_tokens(model_dir: str, text: str) -> int:
    from tokenizers import Tokenizer

    return len(Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json")).encode(text, add_special_tokens=False).ids)


# ------------------------------------------------------------------ reasoning


async def test_think_block_goes_to_reasoning_deltas(tiny_thinking_model_dir: str) -> None:
    engine = scripted(tiny_thinking_model_dir, "Let me see: two and two.</think>Four.")
    try:
        backend = MlxBackend(provider(thinking=tiny_thinking_model_dir), engine)
        events = [ev async for ev in backend.stream(chat("Two and two?", "thinking", max_tokens=100), "thinking", None)]
        deltas = [ev for ev in events if isinstance(ev, Delta)]
        fin = events[-1]
        assert isinstance(fin, Finish) and fin.finish_reason is FinishReason.STOP
        assert "".join(d.reasoning for d in deltas) == "Let me see: two and two."
        assert "".join(d.text for d in deltas) == "Four."
        assert fin.usage.reasoning_tokens == n_tokens(tiny_thinking_model_dir, "Let me see: two and two.</think>")
        assert fin.usage.completion_tokens == n_tokens(tiny_thinking_model_dir, "Let me see: two and two.</think>Four.")
        # Reasoning streams before the answer.
        first_text = next(i for i, d in enumerate(deltas) if d.text)
        assert all(not d.reasoning for d in deltas[first_text:])
        done = await backend.complete(chat("Two and two?", "thinking", max_tokens=100), "thinking", None)
        assert done.reasoning == "Let me see: two and two." and done.text == "Four."
        assert [b.text for b in done.reasoning_blocks] == ["Let me see: two and two."]
    finally:
        await engine.astop()


async def test_minimal_effort_turns_thinking_off_in_the_template(tiny_thinking_model_dir: str) -> None:
    engine = scripted(tiny_thinking_model_dir, "Four.")
    try:
        backend = MlxBackend(provider(thinking=tiny_thinking_model_dir), engine)
        on = await backend.complete(chat("Two and two?", "thinking", max_tokens=50), "thinking", None)
        assert on.reasoning == "Four." and on.text == ""  # the template opened a think block
        off = chat("Two and two?", "thinking", max_tokens=50, reasoning=ReasoningConfig(effort=ReasoningEffort.MINIMAL))
        done = await backend.complete(off, "thinking", None)
        assert done.text == "Four." and done.reasoning == "" and done.usage.reasoning_tokens == 0
        assert done.usage.prompt_tokens > on.usage.prompt_tokens  # the template closed the block: "</think>"
    finally:
        await engine.astop()


async def test_a_template_without_thinking_ignores_the_setting(backend: MlxBackend) -> None:
    plain = await backend.complete(chat("Think hard.", max_tokens=12), "tiny", None)
    asked = await backend.complete(
        chat("Think hard.", max_tokens=12, reasoning=ReasoningConfig(effort=ReasoningEffort.HIGH)), "tiny", None
    )
    assert asked.usage.prompt_tokens == plain.usage.prompt_tokens  # nothing changed in the prompt
    assert asked.text == plain.text and asked.reasoning == "" and asked.usage.reasoning_tokens == 0


async def test_reasoning_budget_closes_the_think_block(backend: MlxBackend) -> None:
    req = chat("Think, then answer.", "thinking", max_tokens=40, reasoning=ReasoningConfig(budget_tokens=5))
    done = await backend.complete(req, "thinking", None)
    assert 1 <= done.usage.reasoning_tokens <= 6  # at most 5, plus the forced </think>
    assert done.reasoning and done.text  # the answer came after the reasoning
    assert done.usage.completion_tokens > done.usage.reasoning_tokens


async def test_reasoning_then_a_schema_valid_answer(backend: MlxBackend) -> None:
    schema = {
        "type": "object",
        "properties": {"ok": {"type": "boolean"}, "n": {"type": "integer", "minimum": 0, "maximum": 9}},
        "required": ["ok", "n"],
        "additionalProperties": False,
    }
    req = chat(
        "Think, then answer in JSON.",
        "thinking",
        max_tokens=60,
        temperature=1.0,
        seed=3,
        reasoning=ReasoningConfig(budget_tokens=6),
        response_format=ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, name="r", schema=schema),
    )
    done = await backend.complete(req, "thinking", None)
    assert done.finish_reason is FinishReason.STOP
    assert done.reasoning  # the model reasoned freely first
    jsonschema.validate(json.loads(done.text), schema)


async def test_reasoning_blocks_passed_back_reach_the_template(backend: MlxBackend) -> None:
    msgs = (
        Message(Role.USER, "Hi"),
        Message(Role.ASSISTANT, "Hello", reasoning=(ReasoningBlock(text="be nice", signature="sig"),)),
        Message(Role.USER, "Again"),
    )
    params = to_generation_params(ChatRequest(model="thinking", messages=msgs), None)
    assert params.messages[1]["reasoning_content"] == "be nice"
    done = await backend.complete(
        ChatRequest(model="tiny", messages=msgs, generation=GenerationConfig(max_tokens=2)), "tiny", None
    )
    assert done.usage.completion_tokens == 2


# ------------------------------------------------------------------ logprobs and penalties


async def test_logprobs_of_every_answer_token(backend: MlxBackend) -> None:
    events = [
        ev
        async for ev in backend.stream(
            chat("Tell me a story.", max_tokens=16, logprobs=True, top_logprobs=3), "tiny", None
        )
    ]
    lps = [lp for ev in events if isinstance(ev, Delta) for lp in ev.logprobs]
    fin = events[-1]
    assert isinstance(fin, Finish) and fin.finish_reason is FinishReason.LENGTH
    assert len(lps) == fin.usage.completion_tokens == 16
    text = "".join(ev.text for ev in events if isinstance(ev, Delta))
    # The tokens' bytes spell the text (the detokenizer drops a leading space and writes
    # U+FFFD for the byte soup a random model makes).
    assert b"".join(lp.bytes for lp in lps).decode("utf-8", errors="replace").removeprefix(" ") == text
    for lp in lps:
        assert lp.logprob <= 0.0 and len(lp.top) == 3
        assert [t.logprob for t in lp.top] == sorted((t.logprob for t in lp.top), reverse=True)
        assert lp.top[0].token == lp.token and lp.top[0].logprob == pytest.approx(lp.logprob)  # greedy: the best one
    plain = await backend.complete(chat("Tell me a story.", max_tokens=16), "tiny", None)
    assert plain.logprobs == () and plain.text == text


def test_penalties_follow_openai_definition() -> None:
    p = Penalties(6, presence=0.5, frequency=0.25)
    prompt = mx.array([1, 1, 1, 2], dtype=mx.int32)
    logits = mx.zeros((1, 6))
    assert p(prompt, logits).tolist() == [[0.0] * 6]  # the prompt is not penalised
    out = None
    for tok in (3, 3, 4):  # generated tokens, one per step
        out = p(mx.array([1, 1, 1, 2, tok], dtype=mx.int32), logits)
    assert out is not None
    # token 3: twice (0.5 + 2 * 0.25), token 4: once (0.5 + 0.25)
    assert out.tolist() == [[0.0, 0.0, 0.0, -1.0, -0.75, 0.0]]


async def test_frequency_penalty_changes_greedy_output(backend: MlxBackend) -> None:
    plain = await backend.complete(chat("Repeat after me.", max_tokens=60), "tiny", None)
    penalised = await backend.complete(chat("Repeat after me.", max_tokens=60, frequency_penalty=2.0), "tiny", None)
    assert penalised.text != plain.text
    assert penalised.usage.completion_tokens == 60


# ------------------------------------------------------------------ stop sequences and tools


async def test_finish_names_the_stop_sequence_that_matched(tiny_model_dir: str) -> None:
    engine = scripted(tiny_model_dir, "one two THREE four")
    try:
        backend = MlxBackend(provider(tiny=tiny_model_dir), engine)
        done = await backend.complete(chat("Count.", max_tokens=50, stop=("four", " THREE")), "tiny", None)
        assert done.finish_reason is FinishReason.STOP_SEQUENCE
        assert done.stop_sequence == " THREE" and done.text == "one two"
        natural = await backend.complete(chat("Count.", max_tokens=50), "tiny", None)
        assert natural.stop_sequence == "" and natural.finish_reason is FinishReason.STOP
    finally:
        await engine.astop()


async def test_parallel_tool_calls_false_stops_after_the_first_call(tiny_model_dir: str) -> None:
    calls = (
        '<tool_call>\n{"name": "a", "arguments": {"x": 1}}\n</tool_call>'
        '<tool_call>\n{"name": "b", "arguments": {"y": 2}}\n</tool_call> and more text'
    )
    engine = scripted(tiny_model_dir, calls)
    try:
        backend = MlxBackend(provider(tiny=tiny_model_dir), engine)
        tools = (Tool(name="a", parameters={"type": "object"}), Tool(name="b", parameters={"type": "object"}))

        def req(parallel: bool | None) -> ChatRequest:
            return ChatRequest(
                model="tiny",
                messages=(Message(Role.USER, "Call."),),
                tools=tools,
                tool_choice=ToolChoice(parallel_tool_calls=parallel),
                generation=GenerationConfig(max_tokens=200),
            )

        both = await backend.complete(req(None), "tiny", None)
        assert [c.name for c in both.tool_calls] == ["a", "b"] and both.finish_reason is FinishReason.TOOL_CALLS
        one = await backend.complete(req(False), "tiny", None)
        assert [(c.name, json.loads(c.arguments)) for c in one.tool_calls] == [("a", {"x": 1})]
        assert one.finish_reason is FinishReason.TOOL_CALLS
        assert one.usage.completion_tokens < both.usage.completion_tokens  # generation stopped there
        assert "more text" not in one.text
    finally:
        await engine.astop()


# ------------------------------------------------------------------ message shapes


async def test_text_parts_read_as_their_joined_text(backend: MlxBackend) -> None:
    as_parts = ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, parts=(TextPart("Hello "), TextPart("world", cache=CacheControl()))),),
        generation=GenerationConfig(max_tokens=8, temperature=0.0),
    )
    a = await backend.complete(as_parts, "tiny", None)
    b = await backend.complete(chat("Hello world", max_tokens=8), "tiny", None)
    assert (a.text, a.usage.prompt_tokens) == (b.text, b.usage.prompt_tokens)


async def test_tool_errors_and_cache_hints(backend: MlxBackend) -> None:
    msgs = (
        Message(Role.USER, "Weather?", cache=CacheControl(ttl_s=300)),
        Message(Role.ASSISTANT, tool_calls=(ToolCall("c1", "weather", "{}"),)),
        Message(Role.TOOL, "service down", tool_call_id="c1", is_error=True),
    )
    req = ChatRequest(
        model="tiny",
        messages=msgs,
        tools=(Tool(name="weather", parameters={"type": "object"}, cache=CacheControl()),),
        generation=GenerationConfig(max_tokens=4),
    )
    params = to_generation_params(req, None)
    assert params.messages[2]["content"] == "Error: service down"
    ok = replace_last(msgs, Message(Role.TOOL, "service down", tool_call_id="c1"))
    assert to_generation_params(ChatRequest(model="tiny", messages=ok), None).messages[2]["content"] == "service down"
    done = await backend.complete(req, "tiny", None)  # cache hints accepted (ignored), the call served
    # Random weights, default sampling: the answer may end early on the end token, never past max_tokens.
    n = done.usage.completion_tokens
    assert 1 <= n <= 4 and done.finish_reason is (FinishReason.LENGTH if n == 4 else FinishReason.STOP)


def replace_last(msgs: tuple[Message, ...], last: Message) -> tuple[Message, ...]:
    return (*msgs[:-1], last)


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("request_", "field", "reason"),
    [
        (
            ChatRequest(
                model="tiny", messages=(Message(Role.USER, parts=(TextPart("read"), DocumentPart(data=b"%PDF-1.4"))),)
            ),
            "messages[0].parts[1].document",
            Reason.CAPABILITY_UNSUPPORTED,
        ),
        (
            ChatRequest(
                model="tiny",
                messages=(Message(Role.USER, parts=(ImagePart(data=b"\x89PNG", media_type="image/png"),)),),
            ),
            "messages[0].parts[0].image",
            Reason.CAPABILITY_UNSUPPORTED,
        ),
        (
            ChatRequest(
                model="tiny",
                messages=(Message(Role.USER, "x"),),
                generation=GenerationConfig(top_logprobs=21, logprobs=True),
            ),
            "generation.top_logprobs",
            Reason.INVALID_ARGUMENT,
        ),
        (
            ChatRequest(model="tiny", messages=(Message(Role.USER, "x"),), generation=GenerationConfig(top_logprobs=2)),
            "generation.top_logprobs",
            Reason.INVALID_ARGUMENT,
        ),
        (
            ChatRequest(
                model="tiny", messages=(Message(Role.USER, "x"),), generation=GenerationConfig(presence_penalty=2.5)
            ),
            "generation.presence_penalty",
            Reason.INVALID_ARGUMENT,
        ),
        (
            ChatRequest(
                model="tiny",
                messages=(Message(Role.USER, "x"),),
                generation=GenerationConfig(stop=("a", "b", "c", "d", "e")),
            ),
            "generation.stop",
            Reason.INVALID_ARGUMENT,
        ),
    ],
    ids=["document", "image-to-text-model", "top-logprobs-range", "top-logprobs-alone", "penalty-range", "five-stops"],
)
async def test_what_cannot_work_is_refused_naming_the_field(
    backend: MlxBackend, engine: MlxEngine, request_: ChatRequest, field: str, reason: Reason
) -> None:
    engine.reset_metrics()
    with pytest.raises(InvalidArgument) as info:
        await backend.complete(request_, "tiny", None)
    assert info.value.reason == reason
    assert field in [v.field for v in info.value.violations]
    assert engine.metrics()["requests"] == 0
