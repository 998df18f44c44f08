"""AnthropicBackend against a real loopback fake upstream (support.fakes), where it differs from
the OpenAI backend: request shape (system, tool blocks, required max_tokens), block indexes,
unary answers, model pages. What both backends share is tested once per API type in
test_backend_cloud.py.
"""

from __future__ import annotations

import pytest
from support.cloud_backends import ANTHROPIC, texts
from support.fakes.anthropic_replies import anthropic_error, anthropic_models, anthropic_stream
from support.fakes.server import SSEReply
from support.fakes.wire import fixture_reply, sse

from service.backends.anthropic.request import DEFAULT_MAX_TOKENS, build_messages_body
from service.core.chat import (
    ChatRequest,
    Delta,
    EmbedRequest,
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
from service.core.errors import InvalidArgument, NotFound, Reason, Unauthenticated, Unimplemented
from service.core.ports import VerifyFailure

KEY = ANTHROPIC.key
HI = ANTHROPIC.hi


@pytest.fixture
def api():
    return ANTHROPIC


async def collect(backend, request=HI, deadline=None):
    return await ANTHROPIC.collect(backend, request, deadline=deadline)


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


# ----------------------------------------------------------------------------- errors


async def test_bad_key_message(up, backend):
    up.script(fixture_reply("anthropic/error_401.json"))
    with pytest.raises(Unauthenticated) as ei:
        await collect(backend)
    assert ei.value.message == "provider 'anthropic' rejected its API key (HTTP 401): invalid x-api-key"


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


async def test_verify_bad_key_and_unknown_model(up, backend):
    up.script(fixture_reply("anthropic/error_401.json"), anthropic_error(404, "model: x", type="not_found_error"))
    r = await backend.verify("claude-x", None)
    assert not r.ok and r.failure is VerifyFailure.BAD_KEY and "invalid x-api-key" in r.message
    r = await backend.verify("claude-x", None)
    assert r.failure is VerifyFailure.UNKNOWN_MODEL


async def test_embeddings_unimplemented(backend):
    with pytest.raises(Unimplemented):
        await backend.embed(EmbedRequest(model="e", inputs=("a",)), "e", None)
