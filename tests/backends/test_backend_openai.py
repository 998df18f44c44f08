"""OpenAIBackend against a real loopback fake upstream (support.fakes), where it differs from the
Anthropic backend: request shape, OpenAI stream quirks, unary answers, embeddings, models.
What both backends share is tested once per API type in test_backend_cloud.py.
"""

from __future__ import annotations

import pytest
from support.cloud_backends import FAST, OPENAI, texts
from support.fakes.openai_replies import openai_completion, openai_embeddings, openai_stream
from support.fakes.server import SSEReply
from support.fakes.wire import fixture_reply, load_fixture, split_frames, sse

from service.backends.openai import OpenAIBackend
from service.backends.openai.request import build_chat_body
from service.core.chat import (
    CacheControl,
    ChatRequest,
    DocumentPart,
    EmbedRequest,
    Finish,
    FinishReason,
    GenerationConfig,
    ImageDetail,
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
    ToolChoiceMode,
    accumulate,
)
from service.core.config import ApiType, ProviderConfig
from service.core.content import data_url
from service.core.errors import InvalidArgument, Reason, ResourceExhausted, Unauthenticated, Unavailable

KEY = OPENAI.key
HI = OPENAI.hi


@pytest.fixture
def api():
    return OPENAI


async def collect(backend, request=HI, deadline=None):
    return await OPENAI.collect(backend, request, deadline=deadline)


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


# ----------------------------------------------------------------------------- streams


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


async def test_keepalive_comments_and_delta_reasoning(up, backend):
    up.script(fixture_reply("openai/chat_stream_keepalive.sse", interval=0.005))
    c = accumulate(await collect(backend))
    assert c.reasoning == "Thinking" and c.text == "Hi!"
    assert c.finish_reason is FinishReason.STOP and c.usage.prompt_tokens == 9


async def test_crlf_and_multiline_data(up, backend):
    raw = load_fixture("openai/chat_stream_text.sse").replace(b"\n", b"\r\n")
    # The same JSON chunk spread over two data lines (joined with "\n", still valid JSON).
    multi = b'data: {"choices":[{"index":0,\r\ndata: "delta":{"content":" more"},"finish_reason":null}]}\r\n\r\n'
    frames = split_frames(raw)
    frames.insert(-3, multi)
    up.script(SSEReply(frames, chunk_size=5))
    assert texts(await collect(backend)) == "Hello there, héllo 👋! more"


async def test_done_without_trailing_blank_line(up, backend):
    frames = list(openai_stream(["a"]).frames)
    frames[-1] = b"data: [DONE]\n"
    up.script(SSEReply(frames))
    assert isinstance((await collect(backend))[-1], Finish)


async def test_in_stream_rate_limit_error(up, backend):
    up.script(
        SSEReply([sse({"error": {"message": "slow down", "type": "rate_limit_error", "code": "rate_limit_exceeded"}})])
    )
    with pytest.raises(ResourceExhausted) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_RATE_LIMITED


async def test_unexpected_chunk_shape_is_protocol_error(up, backend):
    up.script(SSEReply([b'data: {"choices": "oops"}\n\n', b"data: [DONE]\n\n"]))
    with pytest.raises(Unavailable) as ei:
        await collect(backend)
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR


# ----------------------------------------------------------------------------- errors


async def test_bad_key_message(up, backend):
    up.script(fixture_reply("openai/error_401.json"))
    with pytest.raises(Unauthenticated) as ei:
        await collect(backend)
    assert ei.value.message.startswith("provider 'groq' rejected its API key (HTTP 401): Incorrect API key provided")
    assert ei.value.metadata["upstream_error_code"] == "invalid_api_key"


# ----------------------------------------------------------------------------- unary, embeddings, models


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


# ----------------------------------------------------------------------------- the 2026 chat surface

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16  # only the bytes' way through is tested
PDF = b"%PDF-1.7\n%fake\n"
SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
    "required": ["name", "age"],
    "additionalProperties": False,
}

RICH = ChatRequest(
    model="gpt-test",
    messages=(
        Message(Role.SYSTEM, parts=(TextPart("Be brief.", CacheControl()),)),
        Message(
            Role.USER,
            parts=(
                TextPart("What is in these?"),
                ImagePart(data=PNG, media_type="image/png", detail=ImageDetail.LOW, cache=CacheControl(ttl_s=300)),
                ImagePart(url="https://127.0.0.1:9/cat.jpg", detail=ImageDetail.HIGH),
                ImagePart(url="https://127.0.0.1:9/dog.webp"),
                DocumentPart(data=PDF, title="report.pdf"),
            ),
            cache=CacheControl(),
        ),
        Message(
            Role.ASSISTANT,
            "",
            tool_calls=(ToolCall("call_1", "lookup", "{}"),),
            reasoning=(ReasoningBlock("I should look it up", "sig-abc"),),
        ),
        Message(Role.TOOL, parts=(TextPart("found: "), TextPart("a cat")), tool_call_id="call_1", is_error=True),
    ),
    generation=GenerationConfig(
        max_tokens=300,
        response_format=ResponseFormat(ResponseFormatType.JSON_SCHEMA, "person", "A person", SCHEMA, strict=True),
        reasoning=ReasoningConfig(effort=ReasoningEffort.HIGH),
        presence_penalty=0.5,
        frequency_penalty=-0.25,
        logprobs=True,
        top_logprobs=3,
    ),
    tools=(Tool("lookup", "Look things up", {"type": "object", "properties": {}}, cache=CacheControl()),),
    tool_choice=ToolChoice(ToolChoiceMode.AUTO, parallel_tool_calls=False),
)


async def test_rich_request_reaches_the_provider_as_documented(up, backend):
    up.script(fixture_reply("openai/chat_stream_text.sse"))
    await collect(backend, RICH)
    body = up.last.json()
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},  # text parts as a string; cache hints are not sent
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these?"},
                {"type": "image_url", "image_url": {"url": data_url("image/png", PNG), "detail": "low"}},
                {"type": "image_url", "image_url": {"url": "https://127.0.0.1:9/cat.jpg", "detail": "high"}},
                {"type": "image_url", "image_url": {"url": "https://127.0.0.1:9/dog.webp"}},
                {"type": "file", "file": {"filename": "report.pdf", "file_data": data_url("application/pdf", PDF)}},
            ],
        },
        {  # reasoning blocks are not sent to OpenAI-type providers
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "found: a cat"},
    ]
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "person", "description": "A person", "schema": SCHEMA, "strict": True},
    }
    assert body["reasoning_effort"] == "high"
    assert body["presence_penalty"] == 0.5 and body["frequency_penalty"] == -0.25
    assert body["logprobs"] is True and body["top_logprobs"] == 3
    assert body["parallel_tool_calls"] is False
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "lookup",
                "description": "Look things up",
                "parameters": {"type": "object", "properties": {}},
            },
        }
    ]
    assert "cache_control" not in up.last.body.decode()


@pytest.mark.parametrize(
    "generation, expected",
    [
        (
            GenerationConfig(response_format=ResponseFormat(ResponseFormatType.JSON_OBJECT)),
            {"response_format": {"type": "json_object"}},
        ),
        (GenerationConfig(response_format=ResponseFormat(ResponseFormatType.TEXT)), {}),
        (GenerationConfig(reasoning=ReasoningConfig(effort=ReasoningEffort.MINIMAL)), {"reasoning_effort": "minimal"}),
        (GenerationConfig(reasoning=ReasoningConfig(budget_tokens=1024)), {"reasoning_effort": "low"}),
        (GenerationConfig(reasoning=ReasoningConfig(budget_tokens=2048)), {"reasoning_effort": "low"}),
        (GenerationConfig(reasoning=ReasoningConfig(budget_tokens=2049)), {"reasoning_effort": "medium"}),
        (GenerationConfig(reasoning=ReasoningConfig(budget_tokens=8192)), {"reasoning_effort": "medium"}),
        (GenerationConfig(reasoning=ReasoningConfig(budget_tokens=32000)), {"reasoning_effort": "high"}),
        (GenerationConfig(logprobs=True), {"logprobs": True}),
        (GenerationConfig(logprobs=True, top_logprobs=0), {"logprobs": True, "top_logprobs": 0}),
    ],
    ids=lambda v: repr(v)[:60] if isinstance(v, dict) else None,
)
def test_generation_fields(generation, expected):
    body = build_chat_body(
        ChatRequest(model="m", messages=(Message(Role.USER, "x"),), generation=generation), "m", stream=False
    )
    assert {k: v for k, v in body.items() if k not in ("model", "messages")} == expected


def test_parallel_tool_calls_only_with_tools():
    """The API refuses parallel_tool_calls without tools: it goes only where it means something."""
    req = ChatRequest(model="m", messages=(Message(Role.USER, "x"),), tool_choice=ToolChoice(parallel_tool_calls=True))
    assert "parallel_tool_calls" not in build_chat_body(req, "m", stream=False)


@pytest.mark.parametrize(
    "message, field",
    [
        (
            Message(Role.USER, parts=(DocumentPart(url="https://127.0.0.1:9/a.pdf"),)),
            "messages[0].parts[0].document.url",
        ),
        (
            Message(Role.TOOL, parts=(TextPart("see"), ImagePart(data=PNG, media_type="image/png")), tool_call_id="c"),
            "messages[0].parts[1]",
        ),
    ],
)
async def test_what_chat_completions_cannot_take_is_refused_naming_the_field(up, backend, message, field):
    req = ChatRequest(model="gpt-test", messages=(message,))
    with pytest.raises(InvalidArgument) as ei:
        await collect(backend, req)
    assert ei.value.reason == Reason.CAPABILITY_UNSUPPORTED
    assert [v.field for v in ei.value.violations] == [field]
    with pytest.raises(InvalidArgument):
        await backend.complete(req, "gpt-test", None)
    assert up.requests == []  # nothing was sent


async def test_logprobs_streamed_and_unary(up, backend):
    up.script(fixture_reply("openai/chat_stream_logprobs.sse"))
    c = accumulate(await collect(backend))
    assert c.text == "Hello é"
    assert [(t.token, t.logprob, t.bytes) for t in c.logprobs] == [
        ("Hello", -0.0009, b"Hello"),
        (" é", -0.25, " é".encode()),
    ]
    assert [a.token for a in c.logprobs[0].top] == ["Hello", "Hi"]
    assert c.usage.cached_prompt_tokens == 1024

    up.script(fixture_reply("openai/chat_completion_logprobs.json"))
    u = await backend.complete(HI, "gpt-test", None)
    assert [t.token for t in u.logprobs] == ["Yes", "."]
    assert (u.usage.cached_prompt_tokens, u.usage.reasoning_tokens) == (2048, 192)


async def test_tool_calls_at_one_index_with_two_ids_stay_two_calls(up, backend):
    up.script(fixture_reply("openai/chat_stream_same_index_tool_calls.sse"))
    c = accumulate(await collect(backend))
    assert c.tool_calls == (
        ToolCall("call_h3llo0a1", "file_write", '{"path":"a"}'),
        ToolCall("call_w0rld0b2", "file_write", '{"path":"b"}'),
    )
