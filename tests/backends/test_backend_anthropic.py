"""AnthropicBackend against a real loopback fake upstream (tests/fakes/upstream.py)."""

from __future__ import annotations

import asyncio
import math
import time

import pytest
from support.fakes.anthropic_replies import anthropic_error, anthropic_message, anthropic_models, anthropic_stream
from support.fakes.server import FakeUpstream, SSEReply
from support.fakes.wire import fixture_reply, load_fixture, split_frames, sse

from service.backends.anthropic import AnthropicBackend
from service.backends.anthropic.request import DEFAULT_MAX_TOKENS, build_messages_body
from service.backends.http.timeouts import HttpTimeouts
from service.core.chat import (
    ChatRequest,
    Delta,
    EmbedRequest,
    Finish,
    FinishReason,
    GenerationConfig,
    Message,
    Role,
    Tool,
    ToolCall,
    ToolChoice,
    ToolChoiceMode,
    accumulate,
)
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.core.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
    Unimplemented,
)
from service.core.ports import VerifyFailure

KEY = "sk-ant-api03-Hq7Vb2Nc9Xz4Lm1Kp8Rt5Ws3Yd6Fg0Jh"
FAST = HttpTimeouts(connect_s=2.0, header_s=5.0, first_token_s=5.0, idle_s=5.0)
HI = ChatRequest(model="claude-test", messages=(Message(Role.USER, "hi"),))


@pytest.fixture
async def up():
    async with FakeUpstream.start() as u:
        yield u


@pytest.fixture
async def make(up):
    made: list[AnthropicBackend] = []

    def _make(
        timeouts: HttpTimeouts = FAST, *, key: str = KEY, base_url: str | None = None, models=()
    ) -> AnthropicBackend:
        p = ProviderConfig(
            id="anthropic",
            display_name="Anthropic",
            api_type=ApiType.ANTHROPIC,
            base_url=base_url or up.base_url,
            api_key=key,
            models=tuple(models),
        )
        b = AnthropicBackend(p, timeouts)
        made.append(b)
        return b

    yield _make
    for b in made:
        await b.aclose()


@pytest.fixture
def backend(make):
    return make()


async def collect(backend, request=HI, model="claude-test", deadline=None):
    return [ev async for ev in backend.stream(request, model, deadline)]


def texts(events):
    return "".join(e.text for e in events if isinstance(e, Delta))


# ----------------------------------------------------------------------------- request shape


FULL = ChatRequest(
    model="claude-test",
    messages=(
        Message(Role.SYSTEM, "Be brief."),
        Message(Role.SYSTEM, "Answer in English."),
        Message(Role.USER, "Weather in Paris and time?"),
        Message(
            Role.ASSISTANT,
            "Checking.",
            tool_calls=(
                ToolCall("toolu_1", "get_weather", '{"city":"Paris"}'),
                ToolCall("toolu_2", "get_time", ""),
            ),
        ),
        Message(Role.TOOL, "18C, sunny", tool_call_id="toolu_1"),
        Message(Role.TOOL, "14:05", tool_call_id="toolu_2"),
        Message(Role.ASSISTANT, "Sunny, 18C, 14:05."),
        Message(Role.USER, "Thanks"),
    ),
    generation=GenerationConfig(temperature=0.2, top_p=0.9, stop=("END",), seed=7),
    tools=(
        Tool("get_weather", "Current weather", {"type": "object", "properties": {"city": {"type": "string"}}}),
        Tool("get_time"),
    ),
    tool_choice=ToolChoice(ToolChoiceMode.REQUIRED),
)


async def test_stream_request_shape(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_text.sse"))
    await collect(backend, FULL)
    req = up.last
    assert req.method == "POST" and req.path == "/v1/messages"
    assert req.headers["x-api-key"] == KEY
    assert req.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in req.headers
    body = req.json()
    assert body["model"] == "claude-test" and body["stream"] is True
    assert body["system"] == "Be brief.\n\nAnswer in English."
    assert body["max_tokens"] == DEFAULT_MAX_TOKENS == 4096
    assert body["messages"] == [
        {"role": "user", "content": "Weather in Paris and time?"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking."},
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                {"type": "tool_use", "id": "toolu_2", "name": "get_time", "input": {}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C, sunny"},
                {"type": "tool_result", "tool_use_id": "toolu_2", "content": "14:05"},
            ],
        },
        {"role": "assistant", "content": "Sunny, 18C, 14:05."},
        {"role": "user", "content": "Thanks"},
    ]
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Current weather",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
        {"name": "get_time", "input_schema": {"type": "object", "properties": {}}},
    ]
    assert body["tool_choice"] == {"type": "any"}
    assert body["temperature"] == 0.2 and body["top_p"] == 0.9
    assert body["stop_sequences"] == ["END"]
    assert "seed" not in body and "stop" not in body


def test_text_after_tool_results_joins_their_message():
    req = ChatRequest(
        model="m",
        messages=(
            Message(Role.USER, "q"),
            Message(Role.ASSISTANT, "", tool_calls=(ToolCall("t1", "f", "{}"),)),
            Message(Role.TOOL, "r1", tool_call_id="t1"),
            Message(Role.USER, "and now?"),
        ),
    )
    msgs = build_messages_body(req, "m", stream=False)["messages"]
    assert msgs[1] == {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {}}]}
    assert msgs[2] == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "t1", "content": "r1"},
            {"type": "text", "text": "and now?"},
        ],
    }
    assert len(msgs) == 3


@pytest.mark.parametrize(
    "choice, wire",
    [
        (ToolChoice(ToolChoiceMode.AUTO), {"type": "auto"}),
        (ToolChoice(ToolChoiceMode.NONE), {"type": "none"}),
        (ToolChoice(ToolChoiceMode.REQUIRED), {"type": "any"}),
        (ToolChoice(ToolChoiceMode.FUNCTION, "get_time"), {"type": "tool", "name": "get_time"}),
        (ToolChoice(), None),
    ],
)
def test_tool_choice_shapes(choice, wire):
    req = ChatRequest(model="m", messages=(Message(Role.USER, "x"),), tools=(Tool("get_time"),), tool_choice=choice)
    body = build_messages_body(req, "m", stream=False)
    assert body.get("tool_choice") == wire
    assert "stream" not in body


def test_minimal_body():
    req = ChatRequest(model="m", messages=(Message(Role.USER, "x"),), generation=GenerationConfig(max_tokens=12))
    assert build_messages_body(req, "m", stream=False) == {
        "model": "m",
        "max_tokens": 12,
        "messages": [{"role": "user", "content": "x"}],
    }


def test_bad_tool_arguments_rejected():
    req = ChatRequest(
        model="m",
        messages=(Message(Role.USER, "x"), Message(Role.ASSISTANT, "", tool_calls=(ToolCall("t", "f", "[1, 2"),))),
    )
    with pytest.raises(InvalidArgument) as ei:
        build_messages_body(req, "m", stream=True)
    assert ei.value.violations[0].field == "messages[1].tool_calls[0].arguments"


async def test_base_url_with_v1_tolerated(up, make):
    backend = make(base_url=up.base_url + "/v1/")
    up.script(fixture_reply("anthropic/messages_stream_text.sse"))
    await collect(backend)
    assert up.last.path == "/v1/messages"


# ----------------------------------------------------------------------------- streams


async def test_text_stream_with_cache_usage(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_text.sse"))
    events = await collect(backend)
    assert texts(events) == "Hello! Ça va? 👋"
    assert sum(isinstance(e, Finish) for e in events) == 1 and isinstance(events[-1], Finish)
    fin = events[-1]
    assert fin.finish_reason is FinishReason.STOP
    # prompt = input 25 + cache read 2048 + cache creation 100
    assert (fin.usage.prompt_tokens, fin.usage.completion_tokens, fin.usage.cached_prompt_tokens) == (2173, 15, 2048)


async def test_each_event_read_alone_is_one_delta(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_text.sse", interval=0.02))
    events = await collect(backend)
    assert [e.text for e in events[:-1]] == ["Hello", "! Ça va? 👋"]


async def test_tool_use_stream_indexes(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_tool_use.sse", interval=0.001))
    events = await collect(backend)
    starts = [tc for e in events if isinstance(e, Delta) for tc in e.tool_calls if tc.id]
    # Block indexes 1 and 2 are tool calls 0 and 1.
    assert [(tc.index, tc.id, tc.name) for tc in starts] == [
        (0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
        (1, "toolu_02AbCdEfGhIjKlMnOpQrStUv", "get_time"),
    ]
    c = accumulate(events)
    assert c.text == "Okay, let's check the weather for San Francisco, CA:"
    assert c.tool_calls == (
        ToolCall(
            "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", '{"location": "San Francisco, CA", "unit": "fahrenheit"}'
        ),
        ToolCall("toolu_02AbCdEfGhIjKlMnOpQrStUv", "get_time", '{"tz": "America/Los_Angeles"}'),
    )
    assert c.finish_reason is FinishReason.TOOL_CALLS
    assert c.usage.prompt_tokens == 472 and c.usage.completion_tokens == 89


async def test_thinking_stream(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_thinking.sse"))
    c = accumulate(await collect(backend))
    assert c.reasoning == "Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3"
    assert c.text == "27 * 453 = 12,231"
    assert c.finish_reason is FinishReason.LENGTH


@pytest.mark.parametrize(
    "wire, ours",
    [
        ("end_turn", FinishReason.STOP),
        ("max_tokens", FinishReason.LENGTH),
        ("tool_use", FinishReason.TOOL_CALLS),
        ("stop_sequence", FinishReason.STOP_SEQUENCE),
        ("refusal", FinishReason.CONTENT_FILTER),
    ],
)
async def test_stop_reason_mapping(up, backend, wire, ours):
    up.script(anthropic_stream(["x"], stop_reason=wire))
    assert (await collect(backend))[-1].finish_reason is ours


@pytest.mark.parametrize("size, pause", [(1, 0.0), (7, 0.0), (101, 0.001)])
async def test_frames_split_across_reads_with_crlf(up, backend, size, pause):
    raw = load_fixture("anthropic/messages_stream_tool_use.sse").replace(b"\n", b"\r\n")
    up.script(SSEReply(split_frames(raw), chunk_size=size, chunk_delay=pause))
    c = accumulate(await collect(backend))
    assert [t.name for t in c.tool_calls] == ["get_weather", "get_time"]
    assert c.text.startswith("Okay")


async def test_pings_and_unknown_events_ignored(up, backend):
    frames = list(anthropic_stream(["a", "b"]).frames)
    frames[3:3] = [
        sse({"type": "ping"}, "ping"),
        b": comment\n\n",
        sse({"type": "future_event", "x": 1}, "future_event"),
    ]
    up.script(SSEReply(frames))
    assert texts(await collect(backend)) == "ab"


async def test_multiline_data_event(up, backend):
    frames = list(anthropic_stream(["a"]).frames)
    frames.insert(
        4,
        b'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0,\n'
        b'data:  "delta": {"type": "text_delta", "text": "b"}}\n\n',
    )
    up.script(SSEReply(frames))
    assert texts(await collect(backend)) == "ab"


async def test_in_stream_overloaded_error(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_error.sse"))
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(HI, "claude-test", None):
            events.append(ev)
    err = ei.value
    assert err.reason == Reason.UPSTREAM_UNAVAILABLE
    assert err.metadata["upstream_error_type"] == "overloaded_error"
    assert "provider 'anthropic'" in err.message and "Overloaded" in err.message
    assert texts(events) == "Partial"


@pytest.mark.parametrize(
    "etype, exc",
    [
        ("rate_limit_error", ResourceExhausted),
        ("authentication_error", Unauthenticated),
        ("permission_error", PermissionDenied),
        ("not_found_error", NotFound),
        ("invalid_request_error", InvalidArgument),
        ("api_error", Unavailable),
        ("timeout_error", DeadlineExceeded),
    ],
)
async def test_in_stream_error_types(up, backend, etype, exc):
    frames = list(anthropic_stream(["a"]).frames)[:2]
    frames.append(sse({"type": "error", "error": {"type": etype, "message": "boom"}}, "error"))
    up.script(SSEReply(frames))
    with pytest.raises(exc):
        await collect(backend)


async def test_clean_eof_without_message_stop_is_truncation(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_truncated.sse"))
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(HI, "claude-test", None):
            events.append(ev)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED and "message_stop" in ei.value.message
    assert texts(events) == "Once upon a" and not any(isinstance(e, Finish) for e in events)


async def test_eof_after_message_delta_is_truncation(up, backend):
    up.script(anthropic_stream(["a"], stop=False))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED


async def test_cut_mid_stream_is_truncation(up, backend):
    up.script(anthropic_stream(["a", "b", "c"], cut_after=5))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED


# ----------------------------------------------------------------------------- timeouts, cancellation, pooling


async def test_first_token_timeout_despite_pings(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=0.3, idle_s=0.2))
    frames = list(anthropic_stream(["late"]).frames)[:2] + [sse({"type": "ping"}, "ping")] * 100
    up.script(SSEReply(frames, interval=0.05))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.reason == Reason.UPSTREAM_TIMEOUT and ei.value.metadata["timeout"] == "first_token"
    assert await up.last.wait_disconnected(1.0)


async def test_idle_timeout(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.3))
    up.script(anthropic_stream(["a", "b"], delays={4: math.inf}))
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend)
    assert ei.value.metadata["timeout"] == "idle"


async def test_deadline(up, backend):
    up.script(anthropic_stream(["a"], first_delay=math.inf))
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend, deadline=time.monotonic() + 0.25)
    assert ei.value.metadata["timeout"] == "deadline"


async def test_aclose_disconnects_upstream(up, backend):
    up.script(anthropic_stream(["a", "b"], delays={4: math.inf}))
    agen = backend.stream(HI, "claude-test", None)
    assert (await agen.__anext__()).text == "a"
    await agen.aclose()
    assert await up.last.wait_disconnected(1.0)


async def test_task_cancellation_disconnects_upstream(up, backend):
    up.script(anthropic_stream(["a"], first_delay=math.inf))
    task = asyncio.create_task(collect(backend))
    await up.wait_requests(1)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await up.last.wait_disconnected(1.0)


async def test_connection_reused(up, backend):
    for _ in range(3):
        up.script(fixture_reply("anthropic/messages_stream_text.sse"))
        await collect(backend)
    assert up.connections == 1


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "name, exc, reason",
    [
        ("error_401.json", Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED),
        ("error_429.json", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED),
        ("error_529.json", Unavailable, Reason.UPSTREAM_UNAVAILABLE),
        ("error_prompt_too_long.json", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
    ],
)
async def test_error_fixtures(up, backend, name, exc, reason):
    up.script(fixture_reply(f"anthropic/{name}"), fixture_reply(f"anthropic/{name}"))
    with pytest.raises(exc) as ei:
        await collect(backend)
    assert ei.value.reason == reason
    assert ei.value.metadata["provider"] == "anthropic"
    with pytest.raises(exc):
        await backend.complete(HI, "claude-test", None)


async def test_bad_key_message_and_retry_after(up, backend):
    up.script(fixture_reply("anthropic/error_401.json"), fixture_reply("anthropic/error_429.json"))
    with pytest.raises(Unauthenticated) as ei:
        await collect(backend)
    assert ei.value.message == "provider 'anthropic' rejected its API key (HTTP 401): invalid x-api-key"
    with pytest.raises(ResourceExhausted) as ei2:
        await collect(backend)
    assert ei2.value.retry_after == 7.0 and ei2.value.metadata["upstream_status"] == "429"


async def test_key_redacted(up, backend):
    up.script(anthropic_error(403, f"key {KEY} (…{KEY[-10:]}) lacks access", type="permission_error"))
    with pytest.raises(PermissionDenied) as ei:
        await collect(backend)
    blob = ei.value.message + repr(ei.value.metadata)
    assert KEY not in blob and KEY[-10:] not in blob and "[REDACTED]" in blob


async def test_404_model(up, backend):
    up.script(anthropic_error(404, "model: claude-nope", type="not_found_error"))
    with pytest.raises(NotFound) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_MODEL_NOT_FOUND


# ----------------------------------------------------------------------------- unary, models, verify, embed


async def test_complete(up, backend):
    up.script(fixture_reply("anthropic/message.json"))
    c = await backend.complete(FULL, "claude-test", None)
    body = up.last.json()
    assert "stream" not in body and body["system"] == "Be brief.\n\nAnswer in English."
    assert c.text == "Hi! My name is Claude." and c.finish_reason is FinishReason.STOP
    assert (c.usage.prompt_tokens, c.usage.completion_tokens, c.usage.cached_prompt_tokens) == (3895, 503, 1800)


async def test_complete_tool_use(up, backend):
    up.script(fixture_reply("anthropic/message_tool_use.json"))
    c = await backend.complete(HI, "claude-test", None)
    assert c.reasoning == "The user wants the weather."
    assert c.text == "I'll check the current weather in San Francisco for you."
    assert c.tool_calls == (
        ToolCall(
            "toolu_01A09q90qw90lq917835lq9", "get_weather", '{"location": "San Francisco, CA", "unit": "celsius"}'
        ),
    )
    assert c.finish_reason is FinishReason.TOOL_CALLS


async def test_list_models(up, backend):
    up.script(fixture_reply("anthropic/models.json"))
    models = await backend.list_models(None)
    assert up.last.path == "/v1/models" and up.last.headers["x-api-key"] == KEY
    assert [m.model_id for m in models] == ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"]


async def test_list_models_pages(up, backend):
    first = anthropic_models(["a", "b"])
    first.body["has_more"] = True
    up.script(first, anthropic_models(["c"]))
    assert [m.model_id for m in await backend.list_models(None)] == ["a", "b", "c"]
    assert up.requests[1].query["after_id"] == ["b"]


async def test_verify(up, make):
    backend = make(models=[ModelConfig(id="s", provider_id="anthropic", model_id="claude-sonnet", is_default=True)])
    up.script(anthropic_message("p"))
    r = await backend.verify(None, None)
    assert r.ok and r.model == "claude-sonnet"
    body = up.last.json()
    assert body["max_tokens"] == 1 and body["model"] == "claude-sonnet"


async def test_verify_bad_key_and_unknown_model(up, backend):
    up.script(fixture_reply("anthropic/error_401.json"), anthropic_error(404, "model: x", type="not_found_error"))
    r = await backend.verify("claude-x", None)
    assert not r.ok and r.failure is VerifyFailure.BAD_KEY and "invalid x-api-key" in r.message
    r = await backend.verify("claude-x", None)
    assert r.failure is VerifyFailure.UNKNOWN_MODEL


async def test_verify_without_models_lists_models(up, backend):
    up.script(anthropic_models(["claude-a"]))
    r = await backend.verify(None, None)
    assert r.ok and up.last.path == "/v1/models"


async def test_embeddings_unimplemented(backend):
    with pytest.raises(Unimplemented):
        await backend.embed(EmbedRequest(model="e", inputs=("a",)), "e", None)
