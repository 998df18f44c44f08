"""OpenAIBackend against a real loopback fake upstream (tests/fakes/upstream.py)."""

from __future__ import annotations

import asyncio
import math
import time
from email.utils import formatdate

import pytest
from support.fakes.openai_replies import (
    openai_chunk,
    openai_completion,
    openai_embeddings,
    openai_error,
    openai_models,
    openai_stream,
)
from support.fakes.server import FakeUpstream, JSONReply, SSEReply
from support.fakes.wire import fixture_reply, load_fixture, split_frames, sse

from service.backends.http.timeouts import HttpTimeouts
from service.backends.openai import OpenAIBackend
from service.backends.openai.request import build_chat_body
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
    RouterError,
    Unauthenticated,
    Unavailable,
)
from service.core.ports import VerifyFailure
from service.settings import Settings

KEY = "sk-proj-Zq8XvT3LmN4pR7sW2yB6cD9fG1hJ5kLq"
FAST = HttpTimeouts(connect_s=2.0, header_s=5.0, first_token_s=5.0, idle_s=5.0)
HI = ChatRequest(model="gpt-test", messages=(Message(Role.USER, "hi"),))


@pytest.fixture
async def up():
    async with FakeUpstream.start() as u:
        yield u


@pytest.fixture
async def make(up):
    made: list[OpenAIBackend] = []

    def _make(
        timeouts: HttpTimeouts = FAST, *, key: str = KEY, base_url: str | None = None, models=()
    ) -> OpenAIBackend:
        p = ProviderConfig(
            id="groq",
            display_name="Groq",
            api_type=ApiType.OPENAI,
            base_url=base_url or up.openai_base_url,
            api_key=key,
            models=tuple(models),
        )
        b = OpenAIBackend(p, timeouts)
        made.append(b)
        return b

    yield _make
    for b in made:
        await b.aclose()


@pytest.fixture
def backend(make):
    return make()


async def collect(backend, request=HI, model="gpt-test", deadline=None):
    return [ev async for ev in backend.stream(request, model, deadline)]


def texts(events):
    return "".join(e.text for e in events if isinstance(e, Delta))


def assert_no_secret(err: RouterError, key: str = KEY):
    blob = err.message + repr(err.metadata)
    assert key not in blob
    for i in range(len(key) - 8):
        assert key[i : i + 8] not in blob, key[i : i + 8]


# ----------------------------------------------------------------------------- request shape


FULL = ChatRequest(
    model="gpt-test",
    messages=(
        Message(Role.SYSTEM, "Be brief."),
        Message(Role.USER, "Weather in Paris and time?", name="alice"),
        Message(
            Role.ASSISTANT,
            "",
            tool_calls=(
                ToolCall("call_1", "get_weather", '{"city":"Paris"}'),
                ToolCall("call_2", "get_time", '{"tz":"Europe/Paris"}'),
            ),
        ),
        Message(Role.TOOL, "18C, sunny", tool_call_id="call_1"),
        Message(Role.TOOL, "14:05", tool_call_id="call_2"),
        Message(Role.ASSISTANT, "Sunny, 18C, 14:05."),
        Message(Role.USER, "Thanks"),
    ),
    generation=GenerationConfig(max_tokens=64, temperature=0.2, top_p=0.9, stop=("\n\n", "END"), seed=7),
    tools=(
        Tool("get_weather", "Current weather", {"type": "object", "properties": {"city": {"type": "string"}}}),
        Tool("get_time"),
    ),
    tool_choice=ToolChoice(ToolChoiceMode.AUTO),
)


async def test_stream_request_shape(up, backend):
    up.script(fixture_reply("openai/chat_stream_text.sse"))
    await collect(backend, FULL)
    req = up.last
    assert req.method == "POST" and req.path == "/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.headers["content-type"] == "application/json"
    body = req.json()
    assert body["model"] == "gpt-test"
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Weather in Paris and time?", "name": "alice"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
                },
                {
                    "id": "call_2",
                    "type": "function",
                    "function": {"name": "get_time", "arguments": '{"tz":"Europe/Paris"}'},
                },
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18C, sunny"},
        {"role": "tool", "tool_call_id": "call_2", "content": "14:05"},
        {"role": "assistant", "content": "Sunny, 18C, 14:05."},
        {"role": "user", "content": "Thanks"},
    ]
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        },
        {"type": "function", "function": {"name": "get_time"}},
    ]
    assert body["tool_choice"] == "auto"
    assert body["max_tokens"] == 64
    assert body["temperature"] == 0.2 and body["top_p"] == 0.9
    assert body["stop"] == ["\n\n", "END"] and body["seed"] == 7


@pytest.mark.parametrize(
    "choice, wire",
    [
        (ToolChoice(ToolChoiceMode.AUTO), "auto"),
        (ToolChoice(ToolChoiceMode.NONE), "none"),
        (ToolChoice(ToolChoiceMode.REQUIRED), "required"),
        (ToolChoice(ToolChoiceMode.FUNCTION, "get_time"), {"type": "function", "function": {"name": "get_time"}}),
        (ToolChoice(), None),
    ],
)
def test_tool_choice_shapes(choice, wire):
    req = ChatRequest(model="m", messages=(Message(Role.USER, "x"),), tools=(Tool("get_time"),), tool_choice=choice)
    body = build_chat_body(req, "m", stream=False)
    assert body.get("tool_choice") == wire
    assert "stream" not in body and "stream_options" not in body


def test_minimal_body_omits_unset_fields():
    body = build_chat_body(HI, "m", stream=False)
    assert body == {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def test_api_openai_com_uses_max_completion_tokens():
    p = ProviderConfig(
        id="openai", display_name="OpenAI", api_type=ApiType.OPENAI, base_url="https://api.openai.com/v1", api_key="k"
    )
    b = OpenAIBackend(p, FAST)
    assert b._max_tokens_field == "max_completion_tokens"
    req = ChatRequest(model="m", messages=(Message(Role.USER, "x"),), generation=GenerationConfig(max_tokens=5))
    assert build_chat_body(req, "m", stream=True, max_tokens_field=b._max_tokens_field)["max_completion_tokens"] == 5


def test_timeouts_from_settings():
    t = HttpTimeouts.from_settings(
        Settings(connect_timeout_s=1, header_timeout_s=2, first_token_timeout_s=3, idle_timeout_s=4)
    )
    assert t == HttpTimeouts(1.0, 2.0, 3.0, 4.0)


# ----------------------------------------------------------------------------- streams


async def test_text_stream_with_usage(up, backend):
    up.script(fixture_reply("openai/chat_stream_text.sse"))
    events = await collect(backend)
    assert isinstance(events[-1], Finish)
    assert sum(isinstance(e, Finish) for e in events) == 1
    assert texts(events) == "Hello there, héllo 👋!"
    fin = events[-1]
    assert fin.finish_reason is FinishReason.STOP
    assert (fin.usage.prompt_tokens, fin.usage.completion_tokens, fin.usage.cached_prompt_tokens) == (1219, 5, 1024)
    assert all(e.text for e in events[:-1])  # the role-only chunk yields nothing


async def test_each_chunk_read_alone_is_one_delta(up, backend):
    up.script(fixture_reply("openai/chat_stream_text.sse", interval=0.02))
    events = await collect(backend)
    assert [e.text for e in events[:-1]] == ["Hello", " there", ", héllo 👋!"]


async def test_text_arriving_together_is_coalesced(up, backend):
    up.script(openai_stream([f"t{i} " for i in range(50)], batch=100))
    events = await collect(backend)
    assert texts(events) == "".join(f"t{i} " for i in range(50))
    assert len(events) < 10


async def test_tool_call_stream(up, backend):
    up.script(fixture_reply("openai/chat_stream_tool_calls.sse"))
    events = await collect(backend)
    first = events[0].tool_calls[0]
    assert (first.index, first.id, first.name) == (0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather")
    c = accumulate(events)
    assert c.finish_reason is FinishReason.TOOL_CALLS
    assert c.tool_calls == (
        ToolCall("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", '{"location": "Paris, France"}'),
        ToolCall("call_Ab12Cd34Ef56Gh78Ij90Kl12", "get_time", '{"tz": "Europe/Paris"}'),
    )
    assert c.usage.prompt_tokens == 82 and c.usage.completion_tokens == 37


async def test_reasoning_content_stream(up, backend):
    up.script(fixture_reply("openai/chat_stream_reasoning.sse"))
    c = accumulate(await collect(backend))
    assert c.reasoning == "Okay, 9.11 vs 9.8: compare tenths."
    assert c.text == "9.8 is greater."
    assert c.finish_reason is FinishReason.LENGTH
    assert c.usage.prompt_tokens == 13 and c.usage.completion_tokens == 25


async def test_keepalive_comments_and_delta_reasoning(up, backend):
    up.script(fixture_reply("openai/chat_stream_keepalive.sse", interval=0.005))
    c = accumulate(await collect(backend))
    assert c.reasoning == "Thinking" and c.text == "Hi!"
    assert c.finish_reason is FinishReason.STOP and c.usage.prompt_tokens == 9


@pytest.mark.parametrize("size, pause", [(1, 0.0), (5, 0.0), (97, 0.001)])
async def test_frames_split_across_reads(up, backend, size, pause):
    up.script(fixture_reply("openai/chat_stream_tool_calls.sse", chunk_size=size, chunk_delay=pause))
    c = accumulate(await collect(backend))
    assert [t.name for t in c.tool_calls] == ["get_weather", "get_time"]


async def test_crlf_and_multiline_data(up, backend):
    raw = load_fixture("openai/chat_stream_text.sse").replace(b"\n", b"\r\n")
    # The same JSON chunk spread over two data lines (joined with "\n", still valid JSON).
    multi = b'data: {"choices":[{"index":0,\r\ndata: "delta":{"content":" more"},"finish_reason":null}]}\r\n\r\n'
    frames = split_frames(raw)
    frames.insert(-3, multi)
    up.script(SSEReply(frames, chunk_size=5))
    assert texts(await collect(backend)) == "Hello there, héllo 👋! more"


async def test_finish_reason_mapping(up, backend):
    for wire, ours in [
        ("stop", FinishReason.STOP),
        ("length", FinishReason.LENGTH),
        ("tool_calls", FinishReason.TOOL_CALLS),
        ("function_call", FinishReason.TOOL_CALLS),
        ("content_filter", FinishReason.CONTENT_FILTER),
    ]:
        up.script(openai_stream(["x"], finish_reason=wire))
        assert (await collect(backend))[-1].finish_reason is ours


async def test_done_without_trailing_blank_line(up, backend):
    frames = list(openai_stream(["a"]).frames)
    frames[-1] = b"data: [DONE]\n"
    up.script(SSEReply(frames))
    assert isinstance((await collect(backend))[-1], Finish)


async def test_cut_mid_stream_is_truncation(up, backend):
    up.script(openai_stream(["a", "b", "c"], cut_after=3))  # role, a, b ... then the connection drops
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(HI, "gpt-test", None):
            events.append(ev)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED
    assert texts(events) == "ab"
    assert not any(isinstance(e, Finish) for e in events)


async def test_clean_eof_without_done_is_truncation(up, backend):
    up.script(fixture_reply("openai/chat_stream_truncated.sse"))
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(HI, "gpt-test", None):
            events.append(ev)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED
    assert "[DONE]" in ei.value.message
    assert texts(events) == "Once upon a"


async def test_eof_after_finish_but_before_done_is_truncation(up, backend):
    up.script(openai_stream(["a"], done=False))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED


async def test_in_stream_error(up, backend):
    up.script(fixture_reply("openai/chat_stream_error.sse"))
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(HI, "gpt-test", None):
            events.append(ev)
    assert ei.value.reason == Reason.UPSTREAM_UNAVAILABLE
    assert "server had an error" in ei.value.message
    assert texts(events) == "Partial"


async def test_in_stream_rate_limit_error(up, backend):
    up.script(
        SSEReply([sse({"error": {"message": "slow down", "type": "rate_limit_error", "code": "rate_limit_exceeded"}})])
    )
    with pytest.raises(ResourceExhausted) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_RATE_LIMITED


async def test_garbage_chunk_is_protocol_error(up, backend):
    up.script(SSEReply([b"data: {not json\n\n", b"data: [DONE]\n\n"]))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


async def test_unexpected_chunk_shape_is_protocol_error(up, backend):
    up.script(SSEReply([b'data: {"choices": "oops"}\n\n', b"data: [DONE]\n\n"]))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


async def test_json_answer_to_stream_request_with_error(up, backend):
    up.script(JSONReply({"error": {"message": "model overloaded", "type": "server_error"}}))
    with pytest.raises(Unavailable):
        await collect(backend)


# ----------------------------------------------------------------------------- timeouts


async def test_header_timeout(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=0.2, first_token_s=5, idle_s=5))
    up.script(JSONReply({}, delay=math.inf))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.reason == Reason.UPSTREAM_TIMEOUT and ei.value.metadata["timeout"] == "headers"
    assert await up.last.wait_disconnected(2.0)


async def test_first_token_timeout(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=0.3, idle_s=5))
    up.script(openai_stream(["late"], first_delay=math.inf))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend)
    assert 0.25 < time.monotonic() - t0 < 1.5
    assert ei.value.metadata["timeout"] == "first_token"
    assert await up.last.wait_disconnected(2.0)


async def test_keepalives_do_not_count_as_first_token(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=0.3, idle_s=0.2))
    frames = [sse(openai_chunk("", role="assistant"))] + [b": keep-alive\n\n"] * 100
    up.script(SSEReply(frames, interval=0.05))
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend)
    assert ei.value.metadata["timeout"] == "first_token"


async def test_idle_timeout(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.3))
    up.script(openai_stream(["a", "b", "c"], delays={3: math.inf}))
    events = []
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        async for ev in backend.stream(HI, "gpt-test", None):
            events.append(ev)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.metadata["timeout"] == "idle"
    assert texts(events) == "ab"


async def test_keepalives_reset_idle(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.2))
    frames = list(openai_stream(["a", "b"]).frames)
    frames[2:2] = [b": ping\n\n"] * 6
    up.script(SSEReply(frames, interval=0.06))  # 0.06 s between frames, 0.6 s in all
    assert texts(await collect(backend)) == "ab"


async def test_slow_consumer_is_not_idle_upstream(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.1))
    up.script(openai_stream(["a", "b", "c"], interval=0.01))
    out = []
    async for ev in backend.stream(HI, "gpt-test", None):
        out.append(ev)
        await asyncio.sleep(0.2)  # the caller is slow, the upstream is not
    assert texts(out) == "abc"


async def test_deadline_caps_phase_timeouts(up, backend):
    up.script(openai_stream(["late"], first_delay=math.inf))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend, deadline=time.monotonic() + 0.3)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.metadata["timeout"] == "deadline"


async def test_deadline_caps_header_wait(up, backend):
    up.script(JSONReply({}, delay=math.inf))
    with pytest.raises(DeadlineExceeded) as ei:
        await collect(backend, deadline=time.monotonic() + 0.2)
    assert ei.value.metadata["timeout"] == "deadline"


async def test_expired_deadline_sends_nothing(up, backend):
    with pytest.raises(DeadlineExceeded):
        await collect(backend, deadline=time.monotonic() - 1)
    with pytest.raises(DeadlineExceeded):
        await backend.complete(HI, "gpt-test", time.monotonic() - 1)
    assert up.requests == []


async def test_unary_timeout(up, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=0.1, first_token_s=0.1, idle_s=5))
    up.script(JSONReply({}, delay=math.inf))
    with pytest.raises(DeadlineExceeded) as ei:
        await backend.complete(HI, "gpt-test", None)
    assert ei.value.metadata["timeout"] == "headers"


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "status, exc, reason",
    [
        (400, InvalidArgument, Reason.UPSTREAM_BAD_REQUEST),
        (401, Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED),
        (403, PermissionDenied, Reason.PROVIDER_PERMISSION_DENIED),
        (404, NotFound, Reason.UPSTREAM_MODEL_NOT_FOUND),
        (408, DeadlineExceeded, Reason.UPSTREAM_TIMEOUT),
        (413, InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
        (422, InvalidArgument, Reason.UPSTREAM_BAD_REQUEST),
        (429, ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED),
        (500, Unavailable, Reason.UPSTREAM_UNAVAILABLE),
        (502, Unavailable, Reason.UPSTREAM_UNAVAILABLE),
        (503, Unavailable, Reason.UPSTREAM_UNAVAILABLE),
        (529, Unavailable, Reason.UPSTREAM_UNAVAILABLE),
    ],
)
async def test_status_mapping(up, backend, status, exc, reason):
    up.script(openai_error(status, f"upstream says {status}"), openai_error(status, f"upstream says {status}"))
    with pytest.raises(exc) as ei:
        await collect(backend)
    err = ei.value
    assert err.reason == reason
    assert err.metadata["provider"] == "groq"
    assert err.metadata["upstream_status"] == str(status)
    assert err.metadata["upstream_message"] == f"upstream says {status}"
    assert "provider 'groq'" in err.message and f"HTTP {status}" in err.message
    with pytest.raises(exc):  # the unary path maps the same way
        await backend.complete(HI, "gpt-test", None)


async def test_bad_key_message(up, backend):
    up.script(fixture_reply("openai/error_401.json"))
    with pytest.raises(Unauthenticated) as ei:
        await collect(backend)
    assert ei.value.message.startswith("provider 'groq' rejected its API key (HTTP 401): Incorrect API key provided")
    assert ei.value.metadata["upstream_error_code"] == "invalid_api_key"


async def test_context_length_exceeded(up, backend):
    up.script(fixture_reply("openai/error_context_length.json"))
    with pytest.raises(InvalidArgument) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.CONTEXT_LENGTH_EXCEEDED


async def test_context_length_by_message_only(up, backend):
    up.script(
        JSONReply({"object": "error", "message": "This model's maximum context length is 8192 tokens."}, status=400)
    )
    with pytest.raises(InvalidArgument) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.CONTEXT_LENGTH_EXCEEDED


async def test_model_not_found(up, backend):
    up.script(fixture_reply("openai/error_404_model.json"))
    with pytest.raises(NotFound) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_MODEL_NOT_FOUND and "gpt-9-turbo" in ei.value.message


async def test_429_retry_after_seconds(up, backend):
    up.script(fixture_reply("openai/error_429.json"))
    with pytest.raises(ResourceExhausted) as ei:
        await collect(backend)
    assert ei.value.retry_after == 20.0


async def test_429_retry_after_http_date(up, backend):
    when = formatdate(time.time() + 30, usegmt=True)
    up.script(openai_error(429, "slow down", headers={"retry-after": when}))
    with pytest.raises(ResourceExhausted) as ei:
        await collect(backend)
    assert 25 <= ei.value.retry_after <= 31


async def test_429_retry_after_ms(up, backend):
    up.script(openai_error(429, "slow down", headers={"retry-after-ms": "1500", "retry-after": "9"}))
    with pytest.raises(ResourceExhausted) as ei:
        await collect(backend)
    assert ei.value.retry_after == 1.5


async def test_503_keeps_retry_after(up, backend):
    up.script(openai_error(503, "busy", type="server_error", headers={"retry-after": "3"}))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.retry_after == 3.0


async def test_key_redacted_when_echoed(up, backend):
    echo = f"Incorrect API key provided: {KEY}. Also partial {KEY[3:20]} and Bearer {KEY[-12:]}."
    up.script(openai_error(401, echo, code=KEY[5:30]))
    with pytest.raises(Unauthenticated) as ei:
        await collect(backend)
    assert_no_secret(ei.value)
    assert "[REDACTED]" in ei.value.message


async def test_key_redacted_in_stream_errors_and_verify(up, backend):
    up.script(SSEReply([sse({"error": {"message": f"bad key {KEY}", "type": "invalid_request_error", "code": 401}})]))
    with pytest.raises(Unauthenticated) as ei:
        await collect(backend)
    assert_no_secret(ei.value)
    up.script(openai_error(401, f"no such key {KEY}"))
    result = await backend.verify("gpt-test", None)
    assert not result.ok and result.failure is VerifyFailure.BAD_KEY
    assert KEY not in result.message and KEY[:12] not in result.message


async def test_long_error_text_truncated(up, backend):
    up.script(JSONReply("x" * 5000 + KEY, status=500))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert len(ei.value.metadata["upstream_message"]) <= 512
    assert_no_secret(ei.value)


async def test_unreachable(make):
    # A port nobody listens on: bind one, close it.
    srv = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    srv.close()
    await srv.wait_closed()
    backend = make(base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_UNAVAILABLE
    result = await backend.verify("gpt-test", None)
    assert result.failure is VerifyFailure.UNREACHABLE and not result.ok


# ----------------------------------------------------------------------------- cancellation, pooling


async def test_aclose_disconnects_upstream(up, backend):
    up.script(openai_stream(["a", "b"], delays={2: math.inf}))
    agen = backend.stream(HI, "gpt-test", None)
    first = await agen.__anext__()
    assert first.text == "a"
    await agen.aclose()
    assert await up.last.wait_disconnected(1.0)


async def test_task_cancellation_disconnects_upstream(up, backend):
    up.script(openai_stream(["a", "b"], delays={2: math.inf}))
    got = asyncio.Event()

    async def consume():
        async for _ in backend.stream(HI, "gpt-test", None):
            got.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(got.wait(), 2)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await up.last.wait_disconnected(1.0)


async def test_cancel_while_waiting_for_headers(up, backend):
    up.script(JSONReply({}, delay=math.inf))
    task = asyncio.create_task(collect(backend))
    await up.wait_requests(1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await up.last.wait_disconnected(1.0)


async def test_connection_reused(up, backend):
    for _ in range(3):
        up.script(fixture_reply("openai/chat_stream_text.sse"))
        await collect(backend)
    up.script(fixture_reply("openai/chat_completion.json"))
    await backend.complete(HI, "gpt-test", None)
    assert len(up.requests) == 4 and up.connections == 1
    assert all(r.completed and not r.disconnected for r in up.requests)


async def test_aclose_closes_pool(up, make):
    backend = make()
    up.script(fixture_reply("openai/chat_stream_text.sse"))
    await collect(backend)
    await backend.aclose()
    assert backend._client.is_closed


# ----------------------------------------------------------------------------- unary, embeddings, models, verify


async def test_complete(up, backend):
    up.script(fixture_reply("openai/chat_completion.json"))
    c = await backend.complete(FULL, "gpt-test", None)
    body = up.last.json()
    assert "stream" not in body and "stream_options" not in body
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}
    assert c.text == "The image shows a wooden boardwalk."
    assert c.finish_reason is FinishReason.STOP
    assert (c.usage.prompt_tokens, c.usage.completion_tokens, c.usage.cached_prompt_tokens) == (1117, 46, 1024)


async def test_complete_tool_calls(up, backend):
    up.script(fixture_reply("openai/chat_completion_tool_calls.json"))
    c = await backend.complete(HI, "gpt-test", None)
    assert c.text == "" and c.finish_reason is FinishReason.TOOL_CALLS
    assert c.tool_calls == (ToolCall("call_abc123", "get_current_weather", '{\n"location": "Boston, MA"\n}'),)


async def test_complete_reasoning(up, backend):
    up.script(openai_completion("42", reasoning="think", finish_reason="length"))
    c = await backend.complete(HI, "gpt-test", None)
    assert (c.text, c.reasoning, c.finish_reason) == ("42", "think", FinishReason.LENGTH)


async def test_embed(up, backend):
    up.script(fixture_reply("openai/embeddings.json"))
    out = await backend.embed(
        EmbedRequest(model="emb", inputs=("a", "b"), dimensions=3), "text-embedding-3-small", None
    )
    req = up.last
    assert req.path == "/v1/embeddings"
    assert req.json() == {
        "model": "text-embedding-3-small",
        "input": ["a", "b"],
        "encoding_format": "float",
        "dimensions": 3,
    }
    assert out.vectors == ((0.0023064255, -0.009327292, -0.0028842222), (0.5, -0.25, 0.125))
    assert out.usage.prompt_tokens == 8


async def test_embed_count_mismatch(up, backend):
    up.script(openai_embeddings([[1.0]]))
    with pytest.raises(Unavailable) as ei:
        await backend.embed(EmbedRequest(model="e", inputs=("a", "b")), "e", None)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


async def test_list_models(up, backend):
    up.script(fixture_reply("openai/models.json"))
    models = await backend.list_models(None)
    assert up.last.method == "GET" and up.last.path == "/v1/models"
    assert [(m.model_id, m.owned_by) for m in models] == [
        ("gpt-4o-mini", "system"),
        ("text-embedding-3-small", "system"),
        ("ft:gpt-4o-mini:acme::abc123", "acme"),
    ]


async def test_verify_with_model(up, backend):
    up.script(openai_completion("p"))
    r = await backend.verify("gpt-test", None)
    assert r.ok and r.model == "gpt-test" and r.failure is VerifyFailure.NONE and r.latency_ms >= 0
    body = up.last.json()
    assert body["model"] == "gpt-test" and body["max_tokens"] == 1 and "stream" not in body


async def test_verify_uses_default_model(up, make):
    backend = make(
        models=[
            ModelConfig(id="a", provider_id="groq", model_id="llama-a"),
            ModelConfig(id="b", provider_id="groq", model_id="llama-b", is_default=True),
        ]
    )
    up.script(openai_completion("p"))
    r = await backend.verify(None, None)
    assert r.ok and r.model == "llama-b" and up.last.json()["model"] == "llama-b"


async def test_verify_without_models_lists_models(up, backend):
    up.script(openai_models(["m1"]))
    r = await backend.verify(None, None)
    assert r.ok and up.last.path == "/v1/models"


@pytest.mark.parametrize(
    "reply, failure",
    [
        (openai_error(401, "bad key", code="invalid_api_key"), VerifyFailure.BAD_KEY),
        (openai_error(404, "The model `x` does not exist", code="model_not_found"), VerifyFailure.UNKNOWN_MODEL),
        (openai_error(429, "slow"), VerifyFailure.RATE_LIMITED),
        (openai_error(503, "down", type="server_error"), VerifyFailure.UNREACHABLE),
        (openai_error(400, "temperature is bad"), VerifyFailure.OTHER),
    ],
)
async def test_verify_failures(up, backend, reply, failure):
    up.script(reply)
    r = await backend.verify("gpt-test", None)
    assert not r.ok and r.failure is failure and r.message and r.model == "gpt-test"


async def test_verify_accepts_token_limit_refusal(up, backend):
    # Reasoning models may refuse a 1-token answer: key and model were still accepted.
    up.script(openai_error(400, "Could not finish the message because max_tokens or model output limit was reached."))
    r = await backend.verify("o-test", None)
    assert r.ok and r.model == "o-test"
