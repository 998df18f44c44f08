"""The Anthropic event mapper, one Messages stream event at a time (no server, no loop).

Inputs follow the documented wire format: Anthropic API docs, "Streaming Messages"
(https://docs.anthropic.com/en/docs/build-with-claude/streaming: event types, content block
deltas ``text_delta`` / ``input_json_delta`` / ``thinking_delta`` / ``signature_delta``, ``ping``,
``error`` events), extended thinking (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking:
``redacted_thinking`` blocks), the Messages object (https://docs.anthropic.com/en/api/messages:
``stop_reason`` values, usage with cache tokens) and errors (https://docs.anthropic.com/en/api/errors).
Whole streams come from tests/fixtures/wire/anthropic, each citing its source.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.fakes.wire import fixture_reply, load_fixture

from service.backends.anthropic.mapper import AnthropicStreamMapper, map_message
from service.backends.http.sse import SSEDecoder, SSEEvent
from service.core.chat import Delta, Finish, FinishReason, ReasoningBlock, ToolCall, ToolCallDelta, Usage
from service.core.config import ApiType, ProviderConfig
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

PROVIDER = ProviderConfig(
    id="anthropic",
    display_name="Anthropic",
    api_type=ApiType.ANTHROPIC,
    base_url="http://127.0.0.1:9",
    api_key="sk-ant-test-key",
)


def event(data: Any, name: str | None = None) -> SSEEvent:
    """An SSE event named like its data's ``type`` (as Anthropic sends them), unless told."""
    if isinstance(data, str):
        return SSEEvent(event=name or "message", data=data)
    return SSEEvent(event=name or data.get("type") or "message", data=json.dumps(data))


def block_start(index: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": block}


def block_delta(index: int, delta: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": delta}


def message_start(usage: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "message_start",
        "message": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "content": [],
            "model": "claude-sonnet-4-5",
            "stop_reason": None,
            "stop_sequence": None,
            "usage": usage,
        },
    }


def fixture_events(name: str) -> list[SSEEvent]:
    decoder = SSEDecoder()
    return decoder.feed(load_fixture(name)) + decoder.end()


TOOL_START = block_start(1, {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {}})

# ----------------------------------------------------------------------------- one event, what it adds

ONE_EVENT = [
    # (id, events before it, the event, what it adds)
    ("message_start", [], message_start({"input_tokens": 25, "output_tokens": 1}), None),
    ("ping", [], {"type": "ping"}, None),
    ("text block start, empty", [], block_start(0, {"type": "text", "text": ""}), None),
    ("text block start with text", [], block_start(0, {"type": "text", "text": "Hi"}), "Hi"),
    ("text_delta", [], block_delta(0, {"type": "text_delta", "text": "Hello"}), "Hello"),
    ("empty text_delta", [], block_delta(0, {"type": "text_delta", "text": ""}), None),
    (
        "tool_use block start",
        [],
        TOOL_START,
        Delta(tool_calls=(ToolCallDelta(index=0, id="toolu_01", name="get_weather"),)),
    ),
    (
        "tool_use block start with input",
        [],
        block_start(0, {"type": "tool_use", "id": "toolu_01", "name": "f", "input": {"city": "Paris"}}),
        Delta(tool_calls=(ToolCallDelta(index=0, id="toolu_01", name="f", arguments='{"city": "Paris"}'),)),
    ),
    (
        "input_json_delta",
        [TOOL_START],
        block_delta(1, {"type": "input_json_delta", "partial_json": '{"location":'}),
        Delta(tool_calls=(ToolCallDelta(index=0, arguments='{"location":'),)),
    ),
    ("empty input_json_delta", [TOOL_START], block_delta(1, {"type": "input_json_delta", "partial_json": ""}), None),
    ("thinking block start, empty", [], block_start(0, {"type": "thinking", "thinking": "", "signature": ""}), None),
    ("thinking_delta", [], block_delta(0, {"type": "thinking_delta", "thinking": "Let me"}), Delta(reasoning="Let me")),
    (
        "signature_delta",
        [],
        block_delta(0, {"type": "signature_delta", "signature": "EqQBCgIYAhIM"}),
        Delta(reasoning_signature="EqQBCgIYAhIM"),
    ),
    ("empty signature_delta", [], block_delta(0, {"type": "signature_delta", "signature": ""}), None),
    (
        "thinking block start, whole (text and signature)",
        [],
        block_start(0, {"type": "thinking", "thinking": "Hmm.", "signature": "EqQB"}),
        Delta(reasoning="Hmm.", reasoning_signature="EqQB"),
    ),
    ("citations_delta", [], block_delta(0, {"type": "citations_delta", "citation": {"type": "char_location"}}), None),
    (
        "redacted_thinking block",
        [],
        block_start(0, {"type": "redacted_thinking", "data": "EmwKAhgB"}),
        Delta(redacted_reasoning="EmwKAhgB"),
    ),
    (
        "server tool block",
        [],
        block_start(0, {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search"}),
        None,
    ),
    ("content_block_stop", [], {"type": "content_block_stop", "index": 0}, None),
    (
        "message_delta",
        [],
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 15},
        },
        None,
    ),
    ("an event of a later API version", [], {"type": "future_event", "x": 1}, None),
    ("type only in the SSE event name", [], SSEEvent(event="ping", data="{}"), None),
]


@pytest.mark.parametrize("before, ev, expected", [row[1:] for row in ONE_EVENT], ids=[row[0] for row in ONE_EVENT])
def test_one_event(before, ev, expected):
    m = AnthropicStreamMapper(PROVIDER)
    for b in before:
        m.map(event(b))
    assert m.map(ev if isinstance(ev, SSEEvent) else event(ev)) == expected
    assert not m.ended and m.error is None


def test_tool_calls_numbered_in_the_order_their_blocks_start():
    """Block indexes count text and thinking blocks too; tool call indexes count tool calls only."""
    m = AnthropicStreamMapper(PROVIDER)
    assert m.map(event(block_start(0, {"type": "thinking", "thinking": ""}))) is None
    assert m.map(event(block_start(1, {"type": "text", "text": ""}))) is None
    a = m.map(event(block_start(2, {"type": "tool_use", "id": "toolu_a", "name": "f", "input": {}})))
    b = m.map(event(block_start(3, {"type": "tool_use", "id": "toolu_b", "name": "g", "input": {}})))
    args_a = m.map(event(block_delta(2, {"type": "input_json_delta", "partial_json": "{}"})))
    assert [a, b, args_a] == [
        Delta(tool_calls=(ToolCallDelta(index=0, id="toolu_a", name="f"),)),
        Delta(tool_calls=(ToolCallDelta(index=1, id="toolu_b", name="g"),)),
        Delta(tool_calls=(ToolCallDelta(index=0, arguments="{}"),)),
    ]


@pytest.mark.parametrize(
    "wire, ours",
    [
        ("end_turn", FinishReason.STOP),
        ("max_tokens", FinishReason.LENGTH),
        ("model_context_window_exceeded", FinishReason.LENGTH),
        ("tool_use", FinishReason.TOOL_CALLS),
        ("stop_sequence", FinishReason.STOP_SEQUENCE),
        ("refusal", FinishReason.CONTENT_FILTER),
        ("pause_turn", FinishReason.STOP),
        ("something_new", FinishReason.UNSPECIFIED),
    ],
)
def test_stop_reason(wire, ours):
    m = AnthropicStreamMapper(PROVIDER)
    m.map(event({"type": "message_delta", "delta": {"stop_reason": wire, "stop_sequence": None}, "usage": {}}))
    assert m.finish().finish_reason is ours


@pytest.mark.parametrize(
    "start, delta_usage, ours",
    [
        # prompt = input + cache read + cache creation; cached = cache read; output from message_delta
        (
            {
                "input_tokens": 25,
                "cache_creation_input_tokens": 100,
                "cache_read_input_tokens": 2048,
                "output_tokens": 1,
            },
            {"output_tokens": 15},
            (2173, 15, 2048),
        ),
        ({"input_tokens": 42, "output_tokens": 3}, {}, (42, 3, 0)),  # no message_delta usage: message_start's
        # message_delta usage is cumulative and may carry the input counts too
        (
            {"input_tokens": 10, "output_tokens": 1},
            {"input_tokens": 12, "cache_read_input_tokens": 5, "output_tokens": 7},
            (17, 7, 5),
        ),
    ],
)
def test_usage(start, delta_usage, ours):
    m = AnthropicStreamMapper(PROVIDER)
    m.map(event(message_start(start)))
    m.map(event({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": delta_usage}))
    u = m.finish().usage
    assert (u.prompt_tokens, u.completion_tokens, u.cached_prompt_tokens) == ours


def test_message_stop_ends_the_stream():
    m = AnthropicStreamMapper(PROVIDER)
    assert m.map(event({"type": "message_stop"})) is None
    assert m.ended and m.error is None
    assert m.finish() == Finish()


# ----------------------------------------------------------------------------- error events


@pytest.mark.parametrize(
    "etype, exc",
    [
        ("overloaded_error", Unavailable),
        ("api_error", Unavailable),
        ("rate_limit_error", ResourceExhausted),
        ("authentication_error", Unauthenticated),
        ("permission_error", PermissionDenied),
        ("not_found_error", NotFound),
        ("invalid_request_error", InvalidArgument),
        ("request_too_large", InvalidArgument),
        ("timeout_error", DeadlineExceeded),
    ],
)
def test_error_event_ends_the_stream_with_its_error(etype, exc):
    m = AnthropicStreamMapper(PROVIDER)
    assert m.map(event({"type": "error", "error": {"type": etype, "message": "boom"}})) is None
    assert m.ended and isinstance(m.error, exc)
    assert m.error.metadata["upstream_error_type"] == etype and "boom" in m.error.message


def test_error_event_without_a_type_is_unavailable():
    m = AnthropicStreamMapper(PROVIDER)
    m.map(event({"type": "error", "error": {"message": "boom"}}))
    assert isinstance(m.error, Unavailable) and m.error.metadata["upstream_error_type"] == "error"


def test_malformed_error_event_still_ends_the_stream_after_the_text_before_it():
    m = AnthropicStreamMapper(PROVIDER)
    assert m.map(event({"type": "error", "error": "a string, not an object"})) is None
    assert m.ended and m.error is not None and m.error.reason == Reason.UPSTREAM_PROTOCOL_ERROR


# ----------------------------------------------------------------------------- what it cannot understand


@pytest.mark.parametrize(
    "ev, words",
    [
        (SSEEvent(event="content_block_delta", data="{not json"), "bad content_block_delta event: {not json"),
        (SSEEvent(event="message_start", data="[1]"), "bad message_start event"),
        (
            event(block_delta(0, {"type": "input_json_delta", "partial_json": "{}"})),
            "input_json_delta outside a tool_use block",
        ),
        (event(block_delta(0, {"type": "text_delta", "text": 42})), "unexpected stream event shape"),
        (event({"type": "content_block_delta", "index": 0, "delta": "oops"}), "unexpected stream event shape"),
        (event(block_start(0, {"type": "text", "text": ["x"]})), "unexpected stream event shape"),
        (
            event({"type": "message_delta", "delta": {}, "usage": {"output_tokens": "many"}}),
            "unexpected stream event shape",
        ),
    ],
)
def test_protocol_errors(ev, words):
    m = AnthropicStreamMapper(PROVIDER)
    with pytest.raises(Unavailable) as ei:
        m.map(ev)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR
    assert words in ei.value.message


def test_input_json_delta_into_a_text_block_is_a_protocol_error():
    m = AnthropicStreamMapper(PROVIDER)
    m.map(event(block_start(0, {"type": "text", "text": ""})))
    with pytest.raises(Unavailable) as ei:
        m.map(event(block_delta(0, {"type": "input_json_delta", "partial_json": "{}"})))
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


# ----------------------------------------------------------------------------- whole fixtures, event by event


def test_text_fixture_event_by_event():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_text.sse")]
    start = Usage(prompt_tokens=2173, completion_tokens=1, cached_prompt_tokens=2048, cache_write_tokens=100)
    # message_start's usage (the real prompt count) rides on the first delta
    assert outs == [None, None, None, Delta(text="Hello", usage=start), "! Ça va? 👋", None, None, None]
    assert m.ended and m.error is None
    assert m.finish() == Finish(
        FinishReason.STOP,
        Usage(prompt_tokens=2173, completion_tokens=15, cached_prompt_tokens=2048, cache_write_tokens=100),
    )


def test_tool_use_fixture_event_by_event():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_tool_use.sse")]
    args = ['{"location":', ' "San', " Francisc", 'o, CA"', ', "unit": "fah', 'renheit"}']
    assert outs == [
        None,  # message_start
        None,  # text block start
        None,  # ping
        Delta(text="Okay", usage=Usage(prompt_tokens=472, completion_tokens=2)),
        ", let's check the weather for San Francisco, CA:",
        None,  # block stop
        Delta(tool_calls=(ToolCallDelta(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),)),
        None,  # the empty partial_json
        *[Delta(tool_calls=(ToolCallDelta(0, arguments=a),)) for a in args],
        None,
        Delta(tool_calls=(ToolCallDelta(1, "toolu_02AbCdEfGhIjKlMnOpQrStUv", "get_time"),)),
        Delta(tool_calls=(ToolCallDelta(1, arguments='{"tz": "America/Los_Angeles"}'),)),
        None,
        None,  # message_delta
        None,  # message_stop
    ]
    assert m.finish() == Finish(FinishReason.TOOL_CALLS, Usage(prompt_tokens=472, completion_tokens=89))


def test_thinking_fixture_event_by_event():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_thinking.sse")]
    assert outs == [
        None,
        None,  # thinking block start, empty
        Delta(
            reasoning="Let me solve this step by step:\n\n1. First break down 27 * 453",
            usage=Usage(prompt_tokens=42, completion_tokens=3),
        ),
        Delta(reasoning="\n2. 453 = 400 + 50 + 3"),
        Delta(reasoning_signature="EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."),
        None,
        None,  # text block start
        "27 * 453 = 12,231",
        None,
        None,
        None,
    ]
    assert m.finish() == Finish(FinishReason.LENGTH, Usage(prompt_tokens=42, completion_tokens=100))


def test_thinking_with_tool_use_fixture_event_by_event():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_thinking_tool_use.sse")]
    assert outs == [
        None,
        None,
        Delta(
            reasoning="The user wants the weather in Paris.",
            usage=Usage(prompt_tokens=1530, completion_tokens=2, cache_write_tokens=1500),
        ),
        Delta(reasoning=" I should call get_weather."),
        Delta(reasoning_signature="EqQBCgIYAhIMtool1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
        None,
        Delta(tool_calls=(ToolCallDelta(0, "toolu_01ThinkWeather", "get_weather"),)),
        Delta(tool_calls=(ToolCallDelta(0, arguments='{"city": '),)),
        Delta(tool_calls=(ToolCallDelta(0, arguments='"Paris"}'),)),
        None,
        None,
        None,
    ]
    assert m.finish() == Finish(
        FinishReason.TOOL_CALLS,
        Usage(prompt_tokens=1530, completion_tokens=85, cache_write_tokens=1500, reasoning_tokens=40),
    )


def test_redacted_thinking_fixture_event_by_event():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_redacted_thinking.sse")]
    assert [o for o in outs if o is not None] == [
        Delta(reasoning="First thoughts.", usage=Usage(prompt_tokens=90, completion_tokens=1)),
        Delta(reasoning_signature="EuYBCkQYAiJAsigA"),
        Delta(redacted_reasoning="EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"),
        Delta(reasoning="Second thoughts."),
        Delta(reasoning_signature="EuYBCkQYAiJAsigB"),
        "Done.",
    ]
    assert m.finish().finish_reason is FinishReason.STOP


def test_stop_sequence_fixture():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_stop_sequence.sse")]
    assert [o for o in outs if o is not None] == [
        Delta(text="1, 2, 3, ", usage=Usage(prompt_tokens=14, completion_tokens=1))
    ]
    assert m.finish() == Finish(
        FinishReason.STOP_SEQUENCE, Usage(prompt_tokens=14, completion_tokens=9), stop_sequence="4"
    )


def test_answer_tool_fixture_gives_text():
    """The input of the structured-output answer tool is the answer's text; the turn ends as a stop."""
    m = AnthropicStreamMapper(PROVIDER, answer_tool="weather")
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_answer_tool.sse")]
    assert [o for o in outs if o is not None] == [
        Delta(text='{"city": "Paris", ', usage=Usage(prompt_tokens=410, completion_tokens=1)),
        '"celsius": 18}',
    ]
    assert m.finish() == Finish(FinishReason.STOP, Usage(prompt_tokens=410, completion_tokens=21))


def test_answer_tool_beside_a_caller_tool():
    """With `tool_choice: any`, the model may call a caller's tool instead: that stays a tool call."""
    m = AnthropicStreamMapper(PROVIDER, answer_tool="json_answer")
    out = m.map(event(block_start(0, {"type": "tool_use", "id": "toolu_9", "name": "get_time", "input": {}})))
    assert out == Delta(tool_calls=(ToolCallDelta(0, "toolu_9", "get_time"),))
    m.map(event({"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 3}}))
    assert m.finish().finish_reason is FinishReason.TOOL_CALLS


def test_a_tool_named_like_the_answer_is_a_tool_call_without_an_answer_tool():
    m = AnthropicStreamMapper(PROVIDER)
    out = m.map(event(block_start(0, {"type": "tool_use", "id": "toolu_9", "name": "weather", "input": {}})))
    assert out == Delta(tool_calls=(ToolCallDelta(0, "toolu_9", "weather"),))


def test_error_fixture_event_by_event():
    m = AnthropicStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("anthropic/messages_stream_error.sse")]
    assert outs[-2:] == [Delta(text="Partial", usage=Usage(prompt_tokens=12, completion_tokens=1)), None]
    assert (
        m.ended and isinstance(m.error, Unavailable) and m.error.metadata["upstream_error_type"] == "overloaded_error"
    )


# ----------------------------------------------------------------------------- unary bodies


def test_message_fixture():
    c = map_message(PROVIDER, fixture_reply("anthropic/message.json").body)
    assert c.text == "Hi! My name is Claude." and c.finish_reason is FinishReason.STOP
    assert (c.usage.prompt_tokens, c.usage.completion_tokens, c.usage.cached_prompt_tokens) == (3895, 503, 1800)


def test_message_tool_use_fixture():
    c = map_message(PROVIDER, fixture_reply("anthropic/message_tool_use.json").body)
    assert c.reasoning == "The user wants the weather."
    assert c.text == "I'll check the current weather in San Francisco for you."
    assert c.tool_calls == (
        ToolCall(
            "toolu_01A09q90qw90lq917835lq9", "get_weather", '{"location": "San Francisco, CA", "unit": "celsius"}'
        ),
    )
    assert c.finish_reason is FinishReason.TOOL_CALLS


@pytest.mark.parametrize(
    "body, exc, words",
    [
        ([], Unavailable, "not a JSON object"),
        ({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}, Unavailable, "Overloaded"),
        ({"type": "error", "error": {"type": "rate_limit_error", "message": "slow"}}, ResourceExhausted, "slow"),
    ],
)
def test_message_failures(body, exc, words):
    with pytest.raises(exc) as ei:
        map_message(PROVIDER, body)
    assert words in ei.value.message


def test_message_thinking_and_redacted_fixture():
    c = map_message(PROVIDER, fixture_reply("anthropic/message_thinking_redacted.json").body)
    assert c.reasoning == "Let me analyze this step by step..."
    assert c.reasoning_blocks == (
        ReasoningBlock(
            text="Let me analyze this step by step...",
            signature="WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL",
        ),
        ReasoningBlock(
            redacted_data="EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8/dW5hR7xJ0aP1oLs9yTcMnKVf2wRpEGjH9XZaBt4UvDcPrQ"
        ),
    )
    assert c.text == "Based on my analysis: 1, 2, 3, "
    assert c.finish_reason is FinishReason.STOP_SEQUENCE and c.stop_sequence == "4"
    assert c.usage == Usage(
        prompt_tokens=2350,
        completion_tokens=400,
        cached_prompt_tokens=300,
        cache_write_tokens=2000,
        reasoning_tokens=350,
    )


def test_message_answer_tool_fixture_gives_text():
    c = map_message(PROVIDER, fixture_reply("anthropic/message_answer_tool.json").body, answer_tool="weather")
    assert json.loads(c.text) == {"city": "Paris", "celsius": 18}
    assert c.tool_calls == () and c.finish_reason is FinishReason.STOP


def test_message_structured_output_fixture():
    c = map_message(PROVIDER, fixture_reply("anthropic/message_structured_output.json").body)
    assert json.loads(c.text) == {"city": "Paris", "celsius": 18} and c.finish_reason is FinishReason.STOP
