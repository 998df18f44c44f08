"""Hostile or broken upstreams (a loopback fake sending what no provider should): every answer ends as
UNAVAILABLE with reason UPSTREAM_PROTOCOL_ERROR (or the stream-duration timeout), never an unmapped error."""

from __future__ import annotations

import json

import pytest
from support.cloud_backends import FAST
from support.fakes.server import JSONReply, SSEReply

from service.backends.http.sse import SSEDecoder, SSEEvent, SSEEventTooLarge
from service.backends.http.timeouts import HttpTimeouts
from service.core.errors import DeadlineExceeded, Reason, Unavailable


def _frames(api, texts: list[str]) -> list[bytes]:
    return [f.encode() if isinstance(f, str) else f for f in api.stream(texts).frames]


def _poisoned(api, raw: bytes) -> list[bytes]:
    """A normal stream whose second text fragment's JSON string content is replaced by `raw`."""
    frames = _frames(api, ["ok", "MARK"])
    return [f.replace(b'"MARK"', raw) for f in frames]


async def _protocol_error(api, backend) -> Unavailable:
    with pytest.raises(Unavailable) as ei:
        await api.collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR, ei.value
    return ei.value


async def test_a_50_mb_line_is_refused_at_the_event_limit(up, api, make):
    backend = make()  # default limits: 1 MiB per event
    head = _frames(api, ["ok"])[: api.text_offset + 1]
    up.script(SSEReply([*head, b"data: " + b"x" * (50 << 20)], chunk_size=256 << 10))
    err = await _protocol_error(api, backend)
    assert "exceeded 1048576 bytes" in str(err)
    assert await up.last.wait_disconnected(5.0)  # the rest of the 50 MB is never read


async def test_the_event_limit_is_a_setting(up, api, make):
    limits = HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=5, max_event_bytes=2048)
    up.script(SSEReply(_poisoned(api, json.dumps("y" * 4096).encode())))
    await _protocol_error(api, make(limits))
    up.script(SSEReply(_poisoned(api, json.dumps("y" * 1000).encode())))  # under the limit: served
    events = await api.collect(make(limits))
    assert "".join(getattr(e, "text", "") for e in events) == "ok" + "y" * 1000


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b'"\xff\xfe bad"', id="invalid-utf8"),
        pytest.param(b'"a\\ud800b"', id="lone-surrogate"),
        pytest.param(b"[" * 100_000, id="json-bomb"),
    ],
)
async def test_undecodable_text_is_a_protocol_error(up, api, backend, raw):
    up.script(SSEReply(_poisoned(api, raw)))
    await _protocol_error(api, backend)


async def test_a_valid_surrogate_pair_is_text(up, api, backend):
    up.script(SSEReply(_poisoned(api, b'"\\ud83d\\udc4b"')))  # an escaped emoji
    events = await api.collect(backend)
    assert "".join(getattr(e, "text", "") for e in events) == "ok\U0001f44b"


OPENAI_HUGE_INDEX = (
    b'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":1099511627776,"id":"c1","type":"function",'
    b'"function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]}\n\n'
)
ANTHROPIC_HUGE_INDEX = (
    b"event: content_block_start\n"
    b'data: {"type":"content_block_start","index":1099511627776,"content_block":{"type":"tool_use","id":"t1",'
    b'"name":"f","input":{}}}\n\n'
)


async def test_a_tool_call_index_of_2_to_the_40_is_a_protocol_error(up, api, backend):
    frames = _frames(api, ["ok"])
    bad = OPENAI_HUGE_INDEX if api.name == "openai" else ANTHROPIC_HUGE_INDEX
    up.script(SSEReply([*frames[: api.text_offset + 1], bad, *frames[api.text_offset + 1 :]]))
    await _protocol_error(api, backend)


async def test_a_token_count_past_int64_is_a_protocol_error(up, api, backend):
    frames = _frames(api, ["ok"])
    if api.name == "openai":
        bad = b'data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":100000000000000000000000000000}}\n\n'
        frames.insert(len(frames) - 1, bad)
    else:
        bad = (
            b"event: message_delta\n"
            b'data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},'
            b'"usage":{"output_tokens":100000000000000000000000000000}}\n\n'
        )
        frames.insert(len(frames) - 1, bad)
    up.script(SSEReply(frames))
    await _protocol_error(api, backend)


async def test_a_stream_that_never_ends_hits_the_duration_cap(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=5, stream_s=0.5))
    head = _frames(api, ["tick"])[: api.text_offset + 1]
    up.script(SSEReply([*head, *[api.keepalive] * 10_000], interval=0.02))  # alive, but for 200 s
    with pytest.raises(DeadlineExceeded) as ei:
        await api.collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_TIMEOUT and ei.value.metadata["timeout"] == "stream"
    assert await up.last.wait_disconnected(2.0)


async def test_a_unary_body_over_the_limit_is_a_protocol_error(up, api, make):
    backend = make(HttpTimeouts(connect_s=1, header_s=5, first_token_s=5, idle_s=5, max_body_bytes=64 << 10))
    up.script(JSONReply({"padding": "z" * (1 << 20)}))
    with pytest.raises(Unavailable) as ei:
        await backend.complete(api.hi, api.model, None)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR and "exceeded 65536 bytes" in str(ei.value)


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"id":"\xff"}'], ids=["json-bomb", "invalid-utf8"])
async def test_an_undecodable_unary_body_is_a_protocol_error(up, api, backend, body):
    up.script(JSONReply(body, headers={"content-type": "application/json"}))
    with pytest.raises(Unavailable) as ei:
        await backend.complete(api.hi, api.model, None)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


def test_a_long_event_is_joined_once_and_exact():
    d = SSEDecoder(max_event_bytes=1 << 20)
    payload = b"q" * 900_000
    data = b"data: " + payload + b"\n\n"
    out: list[SSEEvent] = []
    for i in range(0, len(data), 1000):
        out += d.feed(data[i : i + 1000])
    assert [e.data for e in out] == [payload.decode()]
    with pytest.raises(SSEEventTooLarge):
        for _ in range(2000):
            d.feed(b"data: " + b"r" * 1000 + b"\n")  # lines, never a blank one: one event growing


def test_fast_timeouts_keep_their_size_limits():
    assert FAST.max_event_bytes == 1 << 20 and FAST.max_body_bytes == 32 << 20
