"""The 2026 chat surface over real gRPC, served by an OpenAI-type provider (the loopback fake
upstream, which records what it received): each test asserts the exact JSON that reached the
provider as well as what came back. Wire shapes: OpenAI API reference, "Create chat
completion" and "The chat completion (chunk) object"
(https://platform.openai.com/docs/api-reference/chat); fixtures in tests/fixtures/wire/openai.
"""

from __future__ import annotations

import base64
import json

import grpc
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request, user
from support.fakes.openai_replies import openai_chunk, openai_completion, openai_stream, openai_usage_chunk
from support.fakes.server import FakeUpstream, SSEReply
from support.fakes.wire import fixture_reply, sse
from support.harness import expect_error

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture
async def up():
    async with FakeUpstream.start() as fake:
        yield fake


@pytest.fixture
async def cloud(server, up):
    await add_provider(server, "oai", up.openai_base_url)
    await add_route(server, "gpt", "gpt-*", ("oai", ""))
    return server


def _data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def _fold(tools) -> list[tuple[str, str, str]]:
    """Tool-call fragments folded as a client does: by index."""
    calls: dict[int, list[str]] = {}
    for f in tools:
        c = calls.setdefault(f.index, ["", "", ""])
        c[0] = c[0] or f.id
        c[1] = c[1] or f.name
        c[2] += f.arguments
    return [tuple(c) for _, c in sorted(calls.items())]


async def test_images_and_documents_reach_the_provider_as_content_parts(cloud, up):
    up.script(openai_stream(["A cat", " and a report."]))
    msg = chat_pb2.Message(
        role=chat_pb2.ROLE_USER,
        parts=[
            chat_pb2.ContentPart(text="What is in these?"),
            chat_pb2.ContentPart(
                image=chat_pb2.ImagePart(data=PNG, media_type="image/png", detail=chat_pb2.IMAGE_DETAIL_LOW)
            ),
            chat_pb2.ContentPart(image=chat_pb2.ImagePart(url=_data_url("image/jpeg", JPEG))),
            chat_pb2.ContentPart(
                image=chat_pb2.ImagePart(url="https://127.0.0.1:9/cat.webp", detail=chat_pb2.IMAGE_DETAIL_HIGH)
            ),
            chat_pb2.ContentPart(
                document=chat_pb2.DocumentPart(data=PDF, media_type="application/pdf", title="q3.pdf")
            ),
        ],
    )
    text, _, _, summary, _ = await collect(cloud.chat.StreamChat(stream_request("gpt-4o", msg)))
    assert text == "A cat and a report." and summary.finish_reason == chat_pb2.FINISH_REASON_STOP
    assert up.last.json()["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these?"},
                {"type": "image_url", "image_url": {"url": _data_url("image/png", PNG), "detail": "low"}},
                {"type": "image_url", "image_url": {"url": _data_url("image/jpeg", JPEG)}},
                {"type": "image_url", "image_url": {"url": "https://127.0.0.1:9/cat.webp", "detail": "high"}},
                {"type": "file", "file": {"filename": "q3.pdf", "file_data": _data_url("application/pdf", PDF)}},
            ],
        }
    ]


async def test_structured_output_is_sent_natively(cloud, up):
    rf = chat_pb2.ResponseFormat(
        type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        json_schema=chat_pb2.JsonSchemaFormat(name="person", description="Who", strict=True),
    )
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    rf.json_schema.schema.update(schema)
    answer = '{"name": "Ada", "age": 36}'
    up.script(openai_completion(answer))
    resp = await cloud.chat.Chat(
        cs.ChatRequest(
            model="gpt-4o", messages=[user("Who?")], generation=chat_pb2.GenerationConfig(response_format=rf)
        )
    )
    assert json.loads(resp.message.content) == {"name": "Ada", "age": 36}
    sent = up.last.json()
    assert sent["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "person", "description": "Who", "schema": schema, "strict": True},
    }
    assert isinstance(sent["response_format"]["json_schema"]["schema"]["properties"]["age"]["minimum"], int)

    up.script(openai_stream(['{"ok"', ": true}"]))
    gen = chat_pb2.GenerationConfig(
        response_format=chat_pb2.ResponseFormat(type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_OBJECT)
    )
    text, *_ = await collect(cloud.chat.StreamChat(stream_request("gpt-4o", generation=gen)))
    assert json.loads(text) == {"ok": True}
    assert up.last.json()["response_format"] == {"type": "json_object"}


async def test_reasoning_settings_deltas_blocks_and_tokens(cloud, up):
    up.script(fixture_reply("openai/chat_stream_reasoning.sse"))  # DeepSeek's reasoning_content
    gen = chat_pb2.GenerationConfig(reasoning=chat_pb2.ReasoningConfig(effort=chat_pb2.REASONING_EFFORT_HIGH))
    text, reasoning, _, summary, _ = await collect(cloud.chat.StreamChat(stream_request("gpt-r1", generation=gen)))
    assert reasoning == "Okay, 9.11 vs 9.8: compare tenths." and text == "9.8 is greater."
    assert summary.usage.reasoning_tokens == 20 and summary.usage.completion_tokens == 25
    assert up.last.json()["reasoning_effort"] == "high"

    up.script(openai_completion("9.8", reasoning="compare tenths", reasoning_tokens=64))
    gen = chat_pb2.GenerationConfig(reasoning=chat_pb2.ReasoningConfig(budget_tokens=4000))
    resp = await cloud.chat.Chat(cs.ChatRequest(model="gpt-r1", messages=[user("Which?")], generation=gen))
    assert up.last.json()["reasoning_effort"] == "medium"  # a budget of 4,000 tokens as an effort
    assert resp.reasoning == "compare tenths"
    assert [(b.text, b.signature) for b in resp.message.reasoning] == [("compare tenths", "")]
    assert resp.summary.usage.reasoning_tokens == 64

    # Reasoning blocks of an earlier turn are accepted, and not sent to an OpenAI-type provider.
    up.script(openai_completion("ok"))
    turn = chat_pb2.Message(
        role=chat_pb2.ROLE_ASSISTANT,
        content="9.8",
        reasoning=[chat_pb2.ReasoningBlock(text="compare tenths", signature="sig")],
    )
    await cloud.chat.Chat(cs.ChatRequest(model="gpt-r1", messages=[user("Which?"), turn, user("Sure?")]))
    assert up.last.json()["messages"][1] == {"role": "assistant", "content": "9.8"}


async def test_penalties_logprobs_and_parallel_tool_calls(cloud, up):
    up.script(fixture_reply("openai/chat_stream_logprobs.sse"))
    gen = chat_pb2.GenerationConfig(presence_penalty=0.5, frequency_penalty=-0.5, logprobs=True, top_logprobs=2)
    tools = [chat_pb2.Tool(name="lookup")]
    tc = chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_AUTO, parallel_tool_calls=False)
    call = cloud.chat.StreamChat(stream_request("gpt-4o", generation=gen, tools=tools, tool_choice=tc))
    lps = []
    async for m in call:
        if m.HasField("delta"):
            lps += [
                (t.token, round(t.logprob, 4), t.bytes, [a.token for a in t.top_logprobs]) for t in m.delta.logprobs
            ]
        else:
            summary = m.summary
    assert lps == [("Hello", -0.0009, b"Hello", ["Hello", "Hi"]), (" é", -0.25, " é".encode(), [" é", " e"])]
    assert summary.usage.cached_prompt_tokens == 1024 and summary.usage.prompt_tokens == 1200
    sent = up.last.json()
    assert (sent["presence_penalty"], sent["frequency_penalty"]) == (0.5, -0.5)
    assert (sent["logprobs"], sent["top_logprobs"], sent["parallel_tool_calls"]) == (True, 2, False)

    up.script(fixture_reply("openai/chat_completion_logprobs.json"))
    resp = await cloud.chat.Chat(
        cs.ChatRequest(model="gpt-4o", messages=[user("Yes?")], generation=chat_pb2.GenerationConfig(logprobs=True))
    )
    assert [(t.token, t.bytes) for t in resp.logprobs] == [("Yes", b"Yes"), (".", b".")]
    u = resp.summary.usage
    assert (u.prompt_tokens, u.cached_prompt_tokens, u.completion_tokens, u.reasoning_tokens) == (2100, 2048, 210, 192)
    assert up.last.json()["logprobs"] is True and "top_logprobs" not in up.last.json()


async def test_cache_hints_are_accepted_and_not_sent(cloud, up):
    """OpenAI caches long prefixes on its own; the hints have nowhere to go and are not sent."""
    up.script(openai_stream(["ok"], usage=(2000, 1, 1920)))
    cc = chat_pb2.CacheControl(type=chat_pb2.CACHE_TYPE_EPHEMERAL)
    cc.ttl.FromSeconds(3600)
    tool = chat_pb2.Tool(name="lookup", cache_control=cc)
    msgs = [
        chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, parts=[chat_pb2.ContentPart(text="Long rules", cache_control=cc)]),
        chat_pb2.Message(role=chat_pb2.ROLE_USER, content="Hi", cache_control=cc),
    ]
    _, _, _, summary, _ = await collect(cloud.chat.StreamChat(stream_request("gpt-4o", *msgs, tools=[tool])))
    assert summary.usage.cached_prompt_tokens == 1920 and summary.usage.cache_write_tokens == 0
    sent = up.last.json()
    assert sent["messages"] == [{"role": "system", "content": "Long rules"}, {"role": "user", "content": "Hi"}]
    assert "cache_control" not in up.last.body.decode()


async def test_two_calls_at_one_index_stay_two_calls_streamed_and_unary(cloud, up):
    up.script(fixture_reply("openai/chat_stream_same_index_tool_calls.sse"))
    _, _, frags, summary, _ = await collect(
        cloud.chat.StreamChat(stream_request("gpt-4o", tools=[chat_pb2.Tool(name="file_write")]))
    )
    assert summary.finish_reason == chat_pb2.FINISH_REASON_TOOL_CALLS
    assert _fold(frags) == [
        ("call_h3llo0a1", "file_write", '{"path":"a"}'),
        ("call_w0rld0b2", "file_write", '{"path":"b"}'),
    ]
    calls = [
        {"id": "call_h3llo0a1", "type": "function", "function": {"name": "file_write", "arguments": '{"path":"a"}'}},
        {"id": "call_w0rld0b2", "type": "function", "function": {"name": "file_write", "arguments": '{"path":"b"}'}},
    ]
    up.script(openai_completion("", tool_calls=calls, finish_reason="tool_calls"))
    resp = await cloud.chat.Chat(
        cs.ChatRequest(model="gpt-4o", messages=[user("Write both")], tools=[chat_pb2.Tool(name="file_write")])
    )
    assert [(t.id, t.name, t.arguments) for t in resp.message.tool_calls] == _fold(frags)


async def test_matched_stop_sequence_in_the_summary(cloud, up):
    """Where the server names the stop string that ended generation (vLLM's stop_reason)."""
    frames = [
        sse(openai_chunk("", role="assistant")),
        sse(openai_chunk("one two")),
        sse(openai_chunk(None, finish_reason="stop", stop_reason="THREE")),
        sse(openai_usage_chunk()),
        b"data: [DONE]\n\n",
    ]
    up.script(SSEReply(frames))
    gen = chat_pb2.GenerationConfig(stop=["THREE", "FOUR"])
    _, _, _, summary, _ = await collect(cloud.chat.StreamChat(stream_request("gpt-4o", generation=gen)))
    assert summary.finish_reason == chat_pb2.FINISH_REASON_STOP_SEQUENCE and summary.stop_sequence == "THREE"


async def test_a_capability_the_model_lacks_is_refused_naming_the_field(cloud, up):
    await cloud.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/oai",
            provider_model=p.ProviderModel(
                model_id="gpt-text", capabilities=p.ModelCapabilities(images=False, json_schema=False)
            ),
        )
    )
    img = chat_pb2.Message(
        role=chat_pb2.ROLE_USER,
        parts=[
            chat_pb2.ContentPart(text="see"),
            chat_pb2.ContentPart(image=chat_pb2.ImagePart(data=PNG, media_type="image/png")),
        ],
    )
    err = await expect_error(
        collect(cloud.chat.StreamChat(stream_request("gpt-text", img))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert err.reason == "CAPABILITY_UNSUPPORTED" and err.metadata["capability"] == "images"
    assert list(err.fields) == ["messages[0].parts[1].image"]
    gen = chat_pb2.GenerationConfig(
        response_format=chat_pb2.ResponseFormat(type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_OBJECT)
    )
    err = await expect_error(
        cloud.chat.Chat(cs.ChatRequest(model="gpt-text", messages=[user("x")], generation=gen)),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert err.reason == "CAPABILITY_UNSUPPORTED" and list(err.fields) == ["generation.response_format"]
    assert up.requests == []  # nothing reached the provider


async def test_what_chat_completions_cannot_take_is_refused_before_sending(cloud, up):
    doc = chat_pb2.Message(
        role=chat_pb2.ROLE_USER,
        parts=[chat_pb2.ContentPart(document=chat_pb2.DocumentPart(url="https://127.0.0.1:9/a.pdf"))],
    )
    err = await expect_error(
        collect(cloud.chat.StreamChat(stream_request("gpt-4o", doc))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert err.reason == "CAPABILITY_UNSUPPORTED" and list(err.fields) == ["messages[0].parts[0].document.url"]
    assert up.requests == []
