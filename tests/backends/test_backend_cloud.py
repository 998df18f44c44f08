"""What the OpenAI and Anthropic backends share, tested once per API type against a real loopback
fake upstream (support.fakes) speaking that API's wire format: streams, truncation, errors,
timeouts, cancellation, connection reuse, verification.

Where the replies differ by API (fixtures, expected values), a table keyed by `api.name` says so.
"""

from __future__ import annotations

import asyncio
import math
import time
from email.utils import formatdate

import pytest
from support.cloud_backends import ANTHROPIC, OPENAI, api_id, assert_no_secret, texts
from support.fakes.server import JSONReply, SSEReply
from support.fakes.wire import fixture_reply, load_fixture, split_frames, sse

from service.backends.http.timeouts import HttpTimeouts
from service.core.chat import (
    ChatRequest,
    Finish,
    FinishReason,
    Message,
    Role,
    Tool,
    ToolChoice,
    ToolChoiceMode,
    accumulate,
)
from service.core.config import ModelConfig
from service.core.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)
from service.core.ports import VerifyFailure
from service.settings import Settings

# ----------------------------------------------------------------------------- request shape


@pytest.mark.parametrize(
    "api, choice, wire",
    [
        (OPENAI, ToolChoice(ToolChoiceMode.AUTO), "auto"),
        (OPENAI, ToolChoice(ToolChoiceMode.NONE), "none"),
        (OPENAI, ToolChoice(ToolChoiceMode.REQUIRED), "required"),
        (
            OPENAI,
            ToolChoice(ToolChoiceMode.FUNCTION, "get_time"),
            {"type": "function", "function": {"name": "get_time"}},
        ),
        (OPENAI, ToolChoice(), None),
        (ANTHROPIC, ToolChoice(ToolChoiceMode.AUTO), {"type": "auto"}),
        (ANTHROPIC, ToolChoice(ToolChoiceMode.NONE), {"type": "none"}),
        (ANTHROPIC, ToolChoice(ToolChoiceMode.REQUIRED), {"type": "any"}),
        (ANTHROPIC, ToolChoice(ToolChoiceMode.FUNCTION, "get_time"), {"type": "tool", "name": "get_time"}),
        (ANTHROPIC, ToolChoice(), None),
    ],
    ids=api_id,
)
def test_tool_choice_shapes(api, choice, wire):
    req = ChatRequest(model="m", messages=(Message(Role.USER, "x"),), tools=(Tool("get_time"),), tool_choice=choice)
    body = api.build_body(req, "m", stream=False)
    assert body.get("tool_choice") == wire
    assert "stream" not in body and "stream_options" not in body


def test_timeouts_from_settings():
    t = HttpTimeouts.from_settings(
        Settings(connect_timeout_s=1, header_timeout_s=2, first_token_timeout_s=3, idle_timeout_s=4)
    )
    assert t == HttpTimeouts(1.0, 2.0, 3.0, 4.0)


# ----------------------------------------------------------------------------- streams

TEXT_STREAM = {  # fixture, its text, (prompt, completion, cached) tokens, its deltas when read one event at a time
    "openai": (
        "openai/chat_stream_text.sse",
        "Hello there, héllo 👋!",
        (1219, 5, 1024),
        ["Hello", " there", ", héllo 👋!"],
    ),
    # Anthropic: prompt = input 25 + cache read 2048 + cache creation 100
    "anthropic": ("anthropic/messages_stream_text.sse", "Hello! Ça va? 👋", (2173, 15, 2048), ["Hello", "! Ça va? 👋"]),
}


async def test_text_stream_with_usage(up, api, backend):
    name, text, usage, _ = TEXT_STREAM[api.name]
    up.script(fixture_reply(name))
    events = await api.collect(backend)
    assert isinstance(events[-1], Finish)
    assert sum(isinstance(e, Finish) for e in events) == 1
    assert texts(events) == text
    fin = events[-1]
    assert fin.finish_reason is FinishReason.STOP
    assert (fin.usage.prompt_tokens, fin.usage.completion_tokens, fin.usage.cached_prompt_tokens) == usage
    assert all(e.text for e in events[:-1])  # role-only chunks, block starts, pings: nothing


async def test_each_event_read_alone_is_one_delta(up, api, backend):
    name, _, _, deltas = TEXT_STREAM[api.name]
    up.script(fixture_reply(name, interval=0.02))
    events = await api.collect(backend)
    assert [e.text for e in events[:-1]] == deltas


async def test_text_arriving_together_is_coalesced(up, api, backend):
    up.script(api.stream([f"t{i} " for i in range(50)], batch=100))
    events = await api.collect(backend)
    assert texts(events) == "".join(f"t{i} " for i in range(50))
    assert len(events) < 10


REASONING_STREAM = {  # fixture, reasoning, text, finish reason, (prompt, completion) tokens
    "openai": ("openai/chat_stream_reasoning.sse", "Okay, 9.11 vs 9.8: compare tenths.", "9.8 is greater.", (13, 25)),
    "anthropic": (
        "anthropic/messages_stream_thinking.sse",
        "Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3",
        "27 * 453 = 12,231",
        (42, 100),
    ),
}


async def test_reasoning_stream(up, api, backend):
    name, reasoning, text, usage = REASONING_STREAM[api.name]
    up.script(fixture_reply(name))
    c = accumulate(await api.collect(backend))
    assert c.reasoning == reasoning
    assert c.text == text
    assert c.finish_reason is FinishReason.LENGTH
    assert (c.usage.prompt_tokens, c.usage.completion_tokens) == usage


SPLIT_READS = [  # (api, bytes per read, pause between reads, CRLF line ends)
    (OPENAI, 1, 0.0, False),
    (OPENAI, 5, 0.0, False),
    (OPENAI, 97, 0.001, False),
    (ANTHROPIC, 1, 0.0, True),
    (ANTHROPIC, 7, 0.0, True),
    (ANTHROPIC, 101, 0.001, True),
]
TOOL_STREAM = {"openai": "openai/chat_stream_tool_calls.sse", "anthropic": "anthropic/messages_stream_tool_use.sse"}


@pytest.mark.parametrize("api, size, pause, crlf", SPLIT_READS, ids=api_id)
async def test_frames_split_across_reads(up, api, backend, size, pause, crlf):
    raw = load_fixture(TOOL_STREAM[api.name])
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
    up.script(SSEReply(split_frames(raw), chunk_size=size, chunk_delay=pause))
    c = accumulate(await api.collect(backend))
    assert [t.name for t in c.tool_calls] == ["get_weather", "get_time"]
    if api is ANTHROPIC:
        assert c.text.startswith("Okay")


FINISH_REASONS = [
    (OPENAI, "stop", FinishReason.STOP),
    (OPENAI, "length", FinishReason.LENGTH),
    (OPENAI, "tool_calls", FinishReason.TOOL_CALLS),
    (OPENAI, "function_call", FinishReason.TOOL_CALLS),
    (OPENAI, "content_filter", FinishReason.CONTENT_FILTER),
    (ANTHROPIC, "end_turn", FinishReason.STOP),
    (ANTHROPIC, "max_tokens", FinishReason.LENGTH),
    (ANTHROPIC, "tool_use", FinishReason.TOOL_CALLS),
    (ANTHROPIC, "stop_sequence", FinishReason.STOP_SEQUENCE),
    (ANTHROPIC, "refusal", FinishReason.CONTENT_FILTER),
]


@pytest.mark.parametrize("api, wire, ours", FINISH_REASONS, ids=api_id)
async def test_finish_reason_mapping(up, api, backend, wire, ours):
    kw = {"finish_reason": wire} if api is OPENAI else {"stop_reason": wire}
    up.script(api.stream(["x"], **kw))
    assert (await api.collect(backend))[-1].finish_reason is ours


async def test_cut_mid_stream_is_truncation(up, api, backend):
    up.script(api.stream(["a", "b", "c"], cut_after=api.text_offset + 2))  # ... a, b, then the connection drops
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(api.hi, api.model, None):
            events.append(ev)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED
    assert texts(events) == "ab"
    assert not any(isinstance(e, Finish) for e in events)


TRUNCATED = {
    "openai": ("openai/chat_stream_truncated.sse", "[DONE]"),
    "anthropic": ("anthropic/messages_stream_truncated.sse", "message_stop"),
}


async def test_clean_eof_without_terminal_event_is_truncation(up, api, backend):
    name, terminal = TRUNCATED[api.name]
    up.script(fixture_reply(name))
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(api.hi, api.model, None):
            events.append(ev)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED
    assert terminal in ei.value.message
    assert texts(events) == "Once upon a" and not any(isinstance(e, Finish) for e in events)


async def test_eof_after_finish_but_before_terminal_event_is_truncation(up, api, backend):
    up.script(api.stream(["a"], terminal=False))
    with pytest.raises(Unavailable) as ei:
        await api.collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_STREAM_TRUNCATED


STREAM_ERROR = {  # fixture, words of its message, its upstream error type
    "openai": ("openai/chat_stream_error.sse", "server had an error", "server_error"),
    "anthropic": ("anthropic/messages_stream_error.sse", "Overloaded", "overloaded_error"),
}


async def test_in_stream_error(up, api, backend):
    name, words, etype = STREAM_ERROR[api.name]
    up.script(fixture_reply(name))
    events = []
    with pytest.raises(Unavailable) as ei:
        async for ev in backend.stream(api.hi, api.model, None):
            events.append(ev)
    err = ei.value
    assert err.reason == Reason.UPSTREAM_UNAVAILABLE
    assert err.metadata["upstream_error_type"] == etype
    assert f"provider {api.provider_id!r}" in err.message and words in err.message
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
async def test_in_stream_error_types(up, api, backend, etype, exc):
    frames = list(api.stream(["a"]).frames)[: api.head]
    frames.append(api.error_frame("boom", etype))
    up.script(SSEReply(frames))
    with pytest.raises(exc):
        await api.collect(backend)


GARBAGE = {  # an event whose data is not JSON, then the terminal event
    "openai": [b"data: {not json\n\n", b"data: [DONE]\n\n"],
    "anthropic": [b"event: content_block_delta\ndata: {not json\n\n", sse({"type": "message_stop"}, "message_stop")],
}


async def test_garbage_event_is_protocol_error(up, api, backend):
    up.script(SSEReply(GARBAGE[api.name]))
    with pytest.raises(Unavailable) as ei:
        await api.collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


JSON_ERROR_TO_STREAM = {
    "openai": {"error": {"message": "model overloaded", "type": "server_error"}},
    "anthropic": {"type": "error", "error": {"type": "overloaded_error", "message": "model overloaded"}},
}


async def test_json_answer_to_stream_request_with_error(up, api, backend):
    up.script(JSONReply(JSON_ERROR_TO_STREAM[api.name]))  # status 200, but an error body
    with pytest.raises(Unavailable):
        await api.collect(backend)


# ----------------------------------------------------------------------------- timeouts


async def test_header_timeout(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=0.2, first_token_s=5, idle_s=5))
    up.script(JSONReply({}, delay=math.inf))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await api.collect(backend)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.reason == Reason.UPSTREAM_TIMEOUT and ei.value.metadata["timeout"] == "headers"
    assert await up.last.wait_disconnected(2.0)


async def test_first_token_timeout(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=0.3, idle_s=5))
    up.script(api.stream(["late"], first_delay=math.inf))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await api.collect(backend)
    assert 0.25 < time.monotonic() - t0 < 1.5
    assert ei.value.metadata["timeout"] == "first_token"
    assert await up.last.wait_disconnected(2.0)


async def test_keepalives_do_not_count_as_first_token(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=0.3, idle_s=0.2))
    head = list(api.stream(["late"]).frames)[: api.head]  # before any content
    up.script(SSEReply(head + [api.keepalive] * 100, interval=0.05))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await api.collect(backend)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.reason == Reason.UPSTREAM_TIMEOUT and ei.value.metadata["timeout"] == "first_token"
    assert await up.last.wait_disconnected(1.0)


async def test_idle_timeout(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.3))
    up.script(api.stream(["a", "b", "c"], delays={api.text_offset + 2: math.inf}))  # stalls after "a", "b"
    events = []
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        async for ev in backend.stream(api.hi, api.model, None):
            events.append(ev)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.metadata["timeout"] == "idle"
    assert texts(events) == "ab"


async def test_keepalives_reset_idle(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.2))
    frames = list(api.stream(["a", "b"]).frames)
    i = api.text_offset + 1  # after "a"
    frames[i:i] = [api.keepalive] * 6
    up.script(SSEReply(frames, interval=0.06))  # 0.06 s between frames, 0.6 s and more in all
    assert texts(await api.collect(backend)) == "ab"


async def test_slow_consumer_is_not_idle_upstream(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=0.1))
    up.script(api.stream(["a", "b", "c"], interval=0.01))
    out = []
    async for ev in backend.stream(api.hi, api.model, None):
        out.append(ev)
        await asyncio.sleep(0.2)  # the caller is slow, the upstream is not
    assert texts(out) == "abc"


async def test_deadline_caps_phase_timeouts(up, api, backend):
    up.script(api.stream(["late"], first_delay=math.inf))
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded) as ei:
        await api.collect(backend, deadline=time.monotonic() + 0.3)
    assert time.monotonic() - t0 < 1.5
    assert ei.value.metadata["timeout"] == "deadline"


async def test_deadline_caps_header_wait(up, api, backend):
    up.script(JSONReply({}, delay=math.inf))
    with pytest.raises(DeadlineExceeded) as ei:
        await api.collect(backend, deadline=time.monotonic() + 0.2)
    assert ei.value.metadata["timeout"] == "deadline"


async def test_expired_deadline_sends_nothing(up, api, backend):
    with pytest.raises(DeadlineExceeded):
        await api.collect(backend, deadline=time.monotonic() - 1)
    with pytest.raises(DeadlineExceeded):
        await backend.complete(api.hi, api.model, time.monotonic() - 1)
    assert up.requests == []


async def test_unary_timeout(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=0.1, first_token_s=0.1, idle_s=5))
    up.script(JSONReply({}, delay=math.inf))
    with pytest.raises(DeadlineExceeded) as ei:
        await backend.complete(api.hi, api.model, None)
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
async def test_status_mapping(up, api, backend, status, exc, reason):
    up.script(api.error(status, f"upstream says {status}"), api.error(status, f"upstream says {status}"))
    with pytest.raises(exc) as ei:
        await api.collect(backend)
    err = ei.value
    assert err.reason == reason
    assert err.metadata["provider"] == api.provider_id
    assert err.metadata["upstream_status"] == str(status)
    assert err.metadata["upstream_message"] == f"upstream says {status}"
    assert f"provider {api.provider_id!r}" in err.message and f"HTTP {status}" in err.message
    with pytest.raises(exc):  # the unary path maps the same way
        await backend.complete(api.hi, api.model, None)


@pytest.mark.parametrize(
    "api, name, exc, reason, words",
    [
        (OPENAI, "error_401.json", Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED, "Incorrect API key"),
        (OPENAI, "error_429.json", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED, ""),
        (OPENAI, "error_404_model.json", NotFound, Reason.UPSTREAM_MODEL_NOT_FOUND, "gpt-9-turbo"),
        (OPENAI, "error_context_length.json", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED, ""),
        (ANTHROPIC, "error_401.json", Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED, "invalid x-api-key"),
        (ANTHROPIC, "error_429.json", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED, ""),
        (ANTHROPIC, "error_529.json", Unavailable, Reason.UPSTREAM_UNAVAILABLE, ""),
        (ANTHROPIC, "error_prompt_too_long.json", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED, ""),
    ],
    ids=api_id,
)
async def test_error_fixtures(up, api, backend, name, exc, reason, words):
    up.script(fixture_reply(f"{api.name}/{name}"), fixture_reply(f"{api.name}/{name}"))
    with pytest.raises(exc) as ei:
        await api.collect(backend)
    assert ei.value.reason == reason
    assert ei.value.metadata["provider"] == api.provider_id
    assert words in ei.value.message
    with pytest.raises(exc):
        await backend.complete(api.hi, api.model, None)


async def test_context_length_by_message_only(up, api, backend):
    up.script(
        JSONReply({"object": "error", "message": "This model's maximum context length is 8192 tokens."}, status=400)
    )
    with pytest.raises(InvalidArgument) as ei:
        await api.collect(backend)
    assert ei.value.reason == Reason.CONTEXT_LENGTH_EXCEEDED


RETRY_AFTER_429 = {"openai": 20.0, "anthropic": 7.0}  # the Retry-After of each 429 fixture


async def test_429_retry_after_seconds(up, api, backend):
    up.script(fixture_reply(f"{api.name}/error_429.json"))
    with pytest.raises(ResourceExhausted) as ei:
        await api.collect(backend)
    assert ei.value.retry_after == RETRY_AFTER_429[api.name]
    assert ei.value.metadata["upstream_status"] == "429"


async def test_429_retry_after_http_date(up, api, backend):
    when = formatdate(time.time() + 30, usegmt=True)
    up.script(api.error(429, "slow down", headers={"retry-after": when}))
    with pytest.raises(ResourceExhausted) as ei:
        await api.collect(backend)
    assert 25 <= ei.value.retry_after <= 31


async def test_429_retry_after_ms(up, api, backend):
    up.script(api.error(429, "slow down", headers={"retry-after-ms": "1500", "retry-after": "9"}))
    with pytest.raises(ResourceExhausted) as ei:
        await api.collect(backend)
    assert ei.value.retry_after == 1.5


async def test_503_keeps_retry_after(up, api, backend):
    up.script(api.error(503, "busy", type="server_error", headers={"retry-after": "3"}))
    with pytest.raises(Unavailable) as ei:
        await api.collect(backend)
    assert ei.value.retry_after == 3.0


def _echoes(key: str) -> dict[str, tuple[int, str, dict, type]]:
    return {  # status, message, error fields, exception: each upstream echoing our key its own way
        "openai": (
            401,
            f"Incorrect API key provided: {key}. Also partial {key[3:20]} and Bearer {key[-12:]}.",
            {"code": key[5:30]},
            Unauthenticated,
        ),
        "anthropic": (403, f"key {key} (…{key[-10:]}) lacks access", {"type": "permission_error"}, PermissionDenied),
    }


async def test_key_redacted_when_echoed(up, api, backend):
    status, message, fields, exc = _echoes(api.key)[api.name]
    up.script(api.error(status, message, **fields))
    with pytest.raises(exc) as ei:
        await api.collect(backend)
    assert_no_secret(ei.value, api.key)
    assert "[REDACTED]" in ei.value.message


KEY_IN_STREAM_ERROR = {  # an in-stream error event echoing the key, alone in its stream
    # OpenAI-compatible servers may put the HTTP status in "code"
    "openai": lambda key: sse({"error": {"message": f"bad key {key}", "type": "invalid_request_error", "code": 401}}),
    "anthropic": lambda key: ANTHROPIC.error_frame(f"bad key {key}", "authentication_error"),
}


async def test_key_redacted_in_stream_errors_and_verify(up, api, backend):
    up.script(SSEReply([KEY_IN_STREAM_ERROR[api.name](api.key)]))
    with pytest.raises(Unauthenticated) as ei:
        await api.collect(backend)
    assert_no_secret(ei.value, api.key)
    up.script(api.error(401, f"no such key {api.key}"))
    result = await backend.verify(api.model, None)
    assert not result.ok and result.failure is VerifyFailure.BAD_KEY
    assert api.key not in result.message and api.key[:12] not in result.message


async def test_long_error_text_truncated(up, api, backend):
    up.script(JSONReply("x" * 5000 + api.key, status=500))
    with pytest.raises(Unavailable) as ei:
        await api.collect(backend)
    assert len(ei.value.metadata["upstream_message"]) <= 512
    assert_no_secret(ei.value, api.key)


async def test_unreachable(api, make):
    # A port nobody listens on: bind one, close it.
    srv = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    srv.close()
    await srv.wait_closed()
    backend = make(base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(Unavailable) as ei:
        await api.collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_UNAVAILABLE
    result = await backend.verify(api.model, None)
    assert result.failure is VerifyFailure.UNREACHABLE and not result.ok


# ----------------------------------------------------------------------------- cancellation, pooling


async def test_aclose_disconnects_upstream(up, api, backend):
    up.script(api.stream(["a", "b"], delays={api.text_offset + 1: math.inf}))
    agen = backend.stream(api.hi, api.model, None)
    first = await agen.__anext__()
    assert first.text == "a"
    await agen.aclose()
    assert await up.last.wait_disconnected(1.0)


async def test_task_cancellation_mid_stream_disconnects_upstream(up, api, backend):
    up.script(api.stream(["a", "b"], delays={api.text_offset + 1: math.inf}))
    got = asyncio.Event()

    async def consume():
        async for _ in backend.stream(api.hi, api.model, None):
            got.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(got.wait(), 2)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await up.last.wait_disconnected(1.0)


async def test_task_cancellation_before_first_event_disconnects_upstream(up, api, backend):
    up.script(api.stream(["a"], first_delay=math.inf))
    task = asyncio.create_task(api.collect(backend))
    await up.wait_requests(1)
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await up.last.wait_disconnected(1.0)


async def test_cancel_while_waiting_for_headers(up, api, backend):
    up.script(JSONReply({}, delay=math.inf))
    task = asyncio.create_task(api.collect(backend))
    await up.wait_requests(1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await up.last.wait_disconnected(1.0)


COMPLETION = {"openai": "openai/chat_completion.json", "anthropic": "anthropic/message.json"}


async def test_connection_reused(up, api, backend):
    # Streams and unary calls have a pool each (aiohttp for streams, httpx for calls): each reuses its connection.
    for _ in range(3):
        up.script(fixture_reply(TEXT_STREAM[api.name][0]))
        await api.collect(backend)
    assert len(up.requests) == 3 and up.connections == 1
    for _ in range(2):
        up.script(fixture_reply(COMPLETION[api.name]))
        await backend.complete(api.hi, api.model, None)
    assert len(up.requests) == 5 and up.connections == 2
    assert all(r.completed and not r.disconnected for r in up.requests)


async def test_aclose_closes_pool(up, api, make):
    backend = make()
    up.script(fixture_reply(TEXT_STREAM[api.name][0]))
    await api.collect(backend)
    await backend.aclose()
    assert backend._client.is_closed


# ----------------------------------------------------------------------------- verify


async def test_verify_with_model(up, api, backend):
    up.script(api.completion("p"))
    r = await backend.verify(api.model, None)
    assert r.ok and r.model == api.model and r.failure is VerifyFailure.NONE and r.latency_ms >= 0
    body = up.last.json()
    assert body["model"] == api.model and body["max_tokens"] == 1 and "stream" not in body


async def test_verify_uses_default_model(up, api, make):
    backend = make(
        models=[
            ModelConfig(id="a", provider_id=api.provider_id, model_id="llama-a"),
            ModelConfig(id="b", provider_id=api.provider_id, model_id="llama-b", is_default=True),
        ]
    )
    up.script(api.completion("p"))
    r = await backend.verify(None, None)
    assert r.ok and r.model == "llama-b"
    body = up.last.json()
    assert body["model"] == "llama-b" and body["max_tokens"] == 1


async def test_verify_without_models_lists_models(up, api, backend):
    up.script(api.models(["m1"]))
    r = await backend.verify(None, None)
    assert r.ok and up.last.path == "/v1/models"


@pytest.mark.parametrize(
    "status, message, fields, failure",
    [  # fields: each API's own error type / code for the failure
        (
            401,
            "bad key",
            {"openai": {"code": "invalid_api_key"}, "anthropic": {"type": "authentication_error"}},
            VerifyFailure.BAD_KEY,
        ),
        (
            404,
            "The model `x` does not exist",
            {"openai": {"code": "model_not_found"}, "anthropic": {"type": "not_found_error"}},
            VerifyFailure.UNKNOWN_MODEL,
        ),
        (429, "slow", {"openai": {}, "anthropic": {"type": "rate_limit_error"}}, VerifyFailure.RATE_LIMITED),
        (
            503,
            "down",
            {"openai": {"type": "server_error"}, "anthropic": {"type": "overloaded_error"}},
            VerifyFailure.UNREACHABLE,
        ),
        (400, "temperature is bad", {"openai": {}, "anthropic": {}}, VerifyFailure.OTHER),
    ],
)
async def test_verify_failures(up, api, backend, status, message, fields, failure):
    up.script(api.error(status, message, **fields[api.name]))
    r = await backend.verify(api.model, None)
    assert not r.ok and r.failure is failure and r.message and r.model == api.model


async def test_verify_accepts_token_limit_refusal(up, api, backend):
    # Reasoning models may refuse a 1-token answer: key and model were still accepted.
    up.script(api.error(400, "Could not finish the message because max_tokens or model output limit was reached."))
    r = await backend.verify("o-test", None)
    assert r.ok and r.model == "o-test"
