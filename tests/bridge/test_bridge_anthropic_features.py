"""REST bridge, Anthropic side, the 2026 surface: the official `anthropic` SDK on /v1/messages used
as its docs show (vision, extended thinking with tool use over two turns, prompt caching,
structured outputs), raw SSE bytes of the thinking / signature event sequence, and the fake
Anthropic upstream's record of exactly what reached it.

Nothing of ours is mocked: SDK -> bridge (uvicorn) -> gRPC -> router -> backend -> loopback fake
upstream. `claude-*` models route to the fake Anthropic provider, everything else to the fake
OpenAI one (support.bridge_env).
"""

from __future__ import annotations

import base64
import json

import anthropic
import pytest
from support.bridge_env import bridge_env
from support.fakes.anthropic_replies import (
    anthropic_blocks_stream,
    anthropic_error,
    anthropic_message,
    anthropic_stream,
)
from support.fakes.openai_replies import openai_completion
from support.fakes.wire import fixture_reply

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
B64_PNG = base64.b64encode(PNG).decode()
B64_PDF = base64.b64encode(PDF).decode()
WEATHER = {
    "name": "get_weather",
    "description": "Current weather in a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        yield e


def events(raw: bytes) -> list[tuple[str, dict]]:
    text = raw.decode()
    out = []
    for frame in text[:-2].split("\n\n"):
        name, data = frame.split("\n")
        assert name.startswith("event: ") and data.startswith("data: "), frame
        out.append((name[7:], json.loads(data[6:])))
    return out


# ----------------------------------------------------------------------------- images and documents


async def test_image_and_document_input_with_the_sdk(env):
    """Vision and PDF support as the docs show: base64 and URL sources, a text block after them."""
    env.up.script(anthropic_message("A red dot and a report."))
    client = env.anthropic()
    msg = await client.messages.create(
        model="claude-test",
        max_tokens=100,
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                    {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                    {
                        "type": "document",
                        "source": {"type": "base64", "media_type": "application/pdf", "data": B64_PDF},
                        "title": "Report",
                    },
                    {"type": "document", "source": {"type": "url", "url": "https://example.com/report.pdf"}},
                    {"type": "text", "text": "Describe these."},
                ],
            }
        ],
    )
    assert msg.content[0].text == "A red dot and a report."
    assert env.up.last.json()["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                {
                    "type": "document",
                    "source": {"type": "base64", "media_type": "application/pdf", "data": B64_PDF},
                    "title": "Report",
                },
                {"type": "document", "source": {"type": "url", "url": "https://example.com/report.pdf"}},
                {"type": "text", "text": "Describe these."},
            ],
        }
    ]


async def test_image_reaches_an_openai_upstream_as_image_url(env):
    env.up.script(openai_completion("A red dot."))
    await env.anthropic().messages.create(
        model="gpt-test",
        max_tokens=20,
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                ],
            }
        ],
    )
    parts = env.up.last.json()["messages"][0]["content"]
    assert parts[0] == {"type": "text", "text": "What is this?"}
    assert parts[1]["type"] == "image_url" and parts[1]["image_url"]["url"] == f"data:image/png;base64,{B64_PNG}"


async def test_tool_result_with_an_image_and_is_error(env):
    env.up.script(anthropic_message("Page 2 failed; page 1 shows a dot."))
    await env.anthropic().messages.create(
        model="claude-test",
        max_tokens=100,
        tools=[{"name": "shot", "input_schema": {"type": "object"}}],
        messages=[
            {"role": "user", "content": "Screenshot pages 1 and 2"},
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "toolu_1", "name": "shot", "input": {"page": 1}},
                    {"type": "tool_use", "id": "toolu_2", "name": "shot", "input": {"page": 2}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_1",
                        "content": [
                            {"type": "text", "text": "page 1"},
                            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                        ],
                    },
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": "timed out", "is_error": True},
                ],
            },
        ],
    )
    assert env.up.last.json()["messages"][2] == {
        "role": "user",
        "content": [
            {
                "type": "tool_result",
                "tool_use_id": "toolu_1",
                "content": [
                    {"type": "text", "text": "page 1"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                ],
            },
            {"type": "tool_result", "tool_use_id": "toolu_2", "content": "timed out", "is_error": True},
        ],
    }


# ----------------------------------------------------------------------------- extended thinking with tool use


async def test_thinking_with_tool_use_over_two_turns(env):
    """The extended-thinking tool loop of the docs: turn 1 streams thinking (with its signature) and
    a tool call; turn 2 sends `response.content` back with the tool result, and the thinking block
    reaches the upstream unchanged, first."""
    client = env.anthropic()
    env.up.script(fixture_reply("anthropic/messages_stream_thinking_tool_use.sse"))
    question = {"role": "user", "content": "What's the weather in Paris?"}
    async with client.messages.stream(
        model="claude-test",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        tools=[WEATHER],
        messages=[question],
    ) as stream:
        first = await stream.get_final_message()
    sent = env.up.last.json()
    assert sent["thinking"] == {"type": "enabled", "budget_tokens": 10000} and sent["max_tokens"] == 16000
    assert [b.type for b in first.content] == ["thinking", "tool_use"]
    thinking, tool_use = first.content
    assert thinking.thinking == "The user wants the weather in Paris. I should call get_weather."
    assert thinking.signature == "EqQBCgIYAhIMtool1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"
    assert tool_use.name == "get_weather" and tool_use.input == {"city": "Paris"}
    assert first.stop_reason == "tool_use"
    assert first.usage.cache_creation_input_tokens == 1500 and first.usage.input_tokens == 30

    env.up.script(anthropic_message("It is 18°C and sunny in Paris."))
    second = await client.messages.create(
        model="claude-test",
        max_tokens=16000,
        thinking={"type": "enabled", "budget_tokens": 10000},
        tools=[WEATHER],
        messages=[
            question,
            {"role": "assistant", "content": first.content},
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": tool_use.id, "content": "18°C, sunny"}],
            },
        ],
    )
    assert second.content[0].text == "It is 18°C and sunny in Paris."
    assert env.up.last.json()["messages"][1:] == [
        {
            "role": "assistant",
            "content": [
                {
                    "type": "thinking",
                    "thinking": "The user wants the weather in Paris. I should call get_weather.",
                    "signature": "EqQBCgIYAhIMtool1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds",
                },
                {"type": "tool_use", "id": "toolu_01ThinkWeather", "name": "get_weather", "input": {"city": "Paris"}},
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_01ThinkWeather", "content": "18°C, sunny"}],
        },
    ]


async def test_thinking_and_signature_raw_sse_bytes(env):
    env.up.script(
        anthropic_blocks_stream(
            [
                {"type": "thinking", "thinking": "Think.", "signature": "c2lnLTE="},
                {"type": "text", "text": "Answer."},
            ],
            input_tokens=12,
            output_tokens=7,
            fragments=1,
        )
    )
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            headers={"x-request-id": "think-1"},
            json={
                "model": "claude-test",
                "max_tokens": 3000,
                "thinking": {"type": "enabled", "budget_tokens": 2000},
                "messages": [{"role": "user", "content": "hi"}],
                "stream": True,
            },
        )
    assert resp.status_code == 200
    start = (
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_think-1","type":"message",'
        '"role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,'
        '"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}\n\n'
    )
    assert resp.content.decode() == (
        start + 'event: content_block_start\ndata: {"type":"content_block_start","index":0,'
        '"content_block":{"type":"thinking","thinking":"","signature":""}}\n\n'
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
        '"delta":{"type":"thinking_delta","thinking":"Think."}}\n\n'
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
        '"delta":{"type":"signature_delta","signature":"c2lnLTE="}}\n\n'
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
        'event: content_block_start\ndata: {"type":"content_block_start","index":1,'
        '"content_block":{"type":"text","text":""}}\n\n'
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,'
        '"delta":{"type":"text_delta","text":"Answer."}}\n\n'
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n'
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
        '"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":7}}\n\n'
        'event: message_stop\ndata: {"type":"message_stop"}\n\n'
    )


async def test_redacted_thinking_out_and_back(env):
    client = env.anthropic()
    env.up.script(fixture_reply("anthropic/messages_stream_redacted_thinking.sse"))
    async with client.messages.stream(
        model="claude-test",
        max_tokens=4000,
        thinking={"type": "enabled", "budget_tokens": 2000},
        messages=[{"role": "user", "content": "hi"}],
    ) as stream:
        final = await stream.get_final_message()
    assert [b.type for b in final.content] == ["thinking", "redacted_thinking", "thinking", "text"]
    assert final.content[1].data == "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"
    assert [final.content[0].signature, final.content[2].signature] == ["EuYBCkQYAiJAsigA", "EuYBCkQYAiJAsigB"]

    env.up.script(fixture_reply("anthropic/message_thinking_redacted.json"))
    unary = await client.messages.create(
        model="claude-test",
        max_tokens=4000,
        thinking={"type": "enabled", "budget_tokens": 2000},
        stop_sequences=["4", "five"],
        messages=[
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": final.content},
            {"role": "user", "content": "count to 5"},
        ],
    )
    back = env.up.last.json()["messages"][1]["content"]
    assert back == [
        {"type": "thinking", "thinking": "First thoughts.", "signature": "EuYBCkQYAiJAsigA"},
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
        {"type": "thinking", "thinking": "Second thoughts.", "signature": "EuYBCkQYAiJAsigB"},
        {"type": "text", "text": "Done."},
    ]
    assert [b.type for b in unary.content] == ["thinking", "redacted_thinking", "text"]
    assert unary.content[0].signature.startswith("WaUjzkyp") and unary.content[1].data.startswith("EmwKAhgB")
    # the matched stop sequence, named by the upstream (two were given)
    assert unary.stop_reason == "stop_sequence" and unary.stop_sequence == "4"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"thinking": {"type": "enabled", "budget_tokens": 512}}, "thinking.budget_tokens"),
        ({"thinking": {"type": "enabled", "budget_tokens": 5000}}, "thinking.budget_tokens"),  # >= max_tokens
        ({"thinking": {"type": "enabled"}}, "thinking.budget_tokens"),
        ({"thinking": {"type": "sometimes"}}, "thinking.type"),
        ({"thinking": {"type": "enabled", "budget_tokens": 2000, "display": "omitted"}}, "thinking.display"),
        ({"output_config": {"effort": "high"}}, "output_config.effort"),
        ({"thinking": {"type": "adaptive"}, "output_config": {"effort": "max"}}, "output_config.effort"),
        # the API's rules for thinking, refused by the backend, named in Anthropic terms
        ({"thinking": {"type": "enabled", "budget_tokens": 2000}, "temperature": 0.5}, "temperature"),
        (
            {
                "thinking": {"type": "enabled", "budget_tokens": 2000},
                "tools": [WEATHER],
                "tool_choice": {"type": "any"},
            },
            "tool_choice",
        ),
    ],
)
async def test_thinking_refusals_name_the_field(env, body, field):
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={"model": "claude-test", "max_tokens": 4000, "messages": [{"role": "user", "content": "x"}], **body},
        )
    assert resp.status_code == 400, resp.text
    err = resp.json()
    assert err["type"] == "error" and err["error"]["type"] == "invalid_request_error"
    assert f"invalid request: {field}:" in err["error"]["message"], err
    assert env.up.requests == []  # nothing reached the upstream


async def test_adaptive_thinking_is_an_effort(env):
    env.up.script(anthropic_message("ok"))
    await env.anthropic().messages.create(
        model="claude-test",
        max_tokens=20000,
        thinking={"type": "adaptive"},
        output_config={"effort": "medium"},
        messages=[{"role": "user", "content": "x"}],
    )
    # effort medium -> a budget of 8192 (service/backends/anthropic/thinking.py)
    assert env.up.last.json()["thinking"] == {"type": "enabled", "budget_tokens": 8192}


# ----------------------------------------------------------------------------- prompt caching


async def test_cache_control_and_cache_tokens_with_the_sdk(env):
    env.up.script(anthropic_message("Cached answer.", input_tokens=21, cache_creation=188, cache_read=2048))
    client = env.anthropic()
    msg = await client.messages.create(
        model="claude-test",
        max_tokens=100,
        tools=[{**WEATHER, "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
        system=[
            {"type": "text", "text": "You are a helpful assistant."},
            {"type": "text", "text": "<the whole manual>", "cache_control": {"type": "ephemeral"}},
        ],
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "<a long document>", "cache_control": {"type": "ephemeral", "ttl": "5m"}},
                    {"type": "text", "text": "Summarise it."},
                ],
            }
        ],
    )
    assert msg.usage.input_tokens == 21
    assert msg.usage.cache_creation_input_tokens == 188 and msg.usage.cache_read_input_tokens == 2048
    sent = env.up.last.json()
    assert sent["tools"][0]["cache_control"] == {"type": "ephemeral", "ttl": "1h"}
    assert sent["system"] == [
        {
            "type": "text",
            "text": "You are a helpful assistant.\n<the whole manual>",
            "cache_control": {"type": "ephemeral"},
        }
    ]
    assert sent["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "<a long document>", "cache_control": {"type": "ephemeral", "ttl": "5m"}},
                {"type": "text", "text": "Summarise it."},
            ],
        }
    ]


async def test_top_level_cache_control_marks_the_last_message(env):
    env.up.script(anthropic_message("ok"))
    await env.anthropic().messages.create(
        model="claude-test",
        max_tokens=10,
        cache_control={"type": "ephemeral"},
        messages=[{"role": "user", "content": "a long question"}],
    )
    assert env.up.last.json()["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "a long question", "cache_control": {"type": "ephemeral"}}],
        }
    ]


async def test_streamed_message_start_has_the_real_input_count_and_cache_tokens(env):
    env.up.script(anthropic_stream(["Hi"], input_tokens=21, cache_creation=188, cache_read=2048, output_tokens=3))
    async with env.anthropic().messages.stream(
        model="claude-test", max_tokens=10, messages=[{"role": "user", "content": "x"}]
    ) as stream:
        kinds = []
        async for ev in stream:
            kinds.append(ev.type)
            if ev.type == "message_start":
                u = ev.message.usage
                assert (u.input_tokens, u.cache_creation_input_tokens, u.cache_read_input_tokens) == (21, 188, 2048)
        final = await stream.get_final_message()
    assert kinds[0] == "message_start"
    assert final.usage.output_tokens == 3 and final.usage.cache_read_input_tokens == 2048


@pytest.mark.parametrize(
    "cache_control, field",
    [
        ({"type": "persistent"}, "messages[0].content[0].cache_control.type"),
        ({"type": "ephemeral", "ttl": "2h"}, "messages[0].content[0].cache_control.ttl"),
    ],
)
async def test_bad_cache_control_refused(env, cache_control, field):
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "claude-test",
                "max_tokens": 10,
                "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "x", "cache_control": cache_control}]}
                ],
            },
        )
    assert resp.status_code == 400 and field in resp.json()["error"]["message"], resp.text


async def test_too_many_breakpoints_named_in_anthropic_terms(env):
    block = {"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "claude-test",
                "max_tokens": 10,
                "system": [block],
                "messages": [{"role": "user", "content": [block, {"type": "text", "text": "y"}, block, block, block]}],
            },
        )
    assert resp.status_code == 400
    assert "messages[0].content[4].cache_control" in resp.json()["error"]["message"], resp.text


# ----------------------------------------------------------------------------- structured output, tool use


async def test_structured_output_native_on_anthropic_and_json_schema_on_openai(env):
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "celsius": {"type": "integer"}},
        "required": ["city", "celsius"],
        "additionalProperties": False,
    }
    client = env.anthropic()
    env.up.script(fixture_reply("anthropic/message_structured_output.json"))
    msg = await client.messages.create(
        model="claude-test",
        max_tokens=100,
        output_config={"format": {"type": "json_schema", "schema": schema}},
        messages=[{"role": "user", "content": "Weather in Paris as JSON"}],
    )
    assert json.loads(msg.content[0].text) == {"city": "Paris", "celsius": 18}
    assert env.up.last.json()["output_config"] == {"format": {"type": "json_schema", "schema": schema}}

    env.up.script(openai_completion('{"city":"Paris","celsius":18}'))
    msg = await client.messages.create(
        model="gpt-test",
        max_tokens=100,
        output_config={"format": {"type": "json_schema", "schema": schema}},
        messages=[{"role": "user", "content": "Weather in Paris as JSON"}],
    )
    assert json.loads(msg.content[0].text) == {"city": "Paris", "celsius": 18}
    rf = env.up.last.json()["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["schema"] == schema and rf["json_schema"]["strict"] is True


async def test_disable_parallel_tool_use(env):
    env.up.script(anthropic_message("ok"))
    await env.anthropic().messages.create(
        model="claude-test",
        max_tokens=10,
        tools=[WEATHER],
        tool_choice={"type": "auto", "disable_parallel_tool_use": True},
        messages=[{"role": "user", "content": "x"}],
    )
    assert env.up.last.json()["tool_choice"] == {"type": "auto", "disable_parallel_tool_use": True}

    env.up.script(openai_completion("ok"))
    await env.anthropic().messages.create(
        model="gpt-test",
        max_tokens=10,
        tools=[WEATHER],
        tool_choice={"type": "any", "disable_parallel_tool_use": True},
        messages=[{"role": "user", "content": "x"}],
    )
    sent = env.up.last.json()
    assert sent["tool_choice"] == "required" and sent["parallel_tool_calls"] is False


async def test_stop_sequence_streamed(env):
    env.up.script(fixture_reply("anthropic/messages_stream_stop_sequence.sse"))
    async with env.anthropic().messages.stream(
        model="claude-test", max_tokens=10, stop_sequences=["4", "5"], messages=[{"role": "user", "content": "count"}]
    ) as stream:
        final = await stream.get_final_message()
    assert final.stop_reason == "stop_sequence" and final.stop_sequence == "4"


# ----------------------------------------------------------------------------- what the model cannot do


async def test_a_model_without_documents_refuses_them_naming_the_block(env):
    await env.srv.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/fake-anthropic",
            provider_model=p.ProviderModel(
                model_id="claude-text", capabilities=p.ModelCapabilities(documents=False, images=False)
            ),
        )
    )
    await env.srv.server.components.live.reload()
    with pytest.raises(anthropic.BadRequestError) as ei:
        await env.anthropic().messages.create(
            model="claude-text",
            max_tokens=10,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Read this"},
                        {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}},
                    ],
                }
            ],
        )
    err = ei.value.body["error"]
    assert err["type"] == "invalid_request_error" and "messages[0].content[1]" in err["message"], err
    assert env.up.requests == []


# ----------------------------------------------------------------------------- error types


async def test_upstream_500_and_truncation_are_api_errors_529_is_overloaded(env):
    client = env.anthropic()
    env.up.script(fixture_reply("anthropic/error_500.json"))
    with pytest.raises(anthropic.InternalServerError) as ei:
        await client.messages.create(model="claude-test", max_tokens=5, messages=[{"role": "user", "content": "x"}])
    assert ei.value.body["error"]["type"] == "api_error"

    env.up.script(anthropic_error(529, "Overloaded", type="overloaded_error"))
    with pytest.raises(anthropic.APIStatusError) as ei:
        await client.messages.create(model="claude-test", max_tokens=5, messages=[{"role": "user", "content": "x"}])
    assert ei.value.body["error"]["type"] == "overloaded_error"

    env.up.script(fixture_reply("anthropic/messages_stream_truncated.sse"))
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "claude-test",
                "max_tokens": 5,
                "messages": [{"role": "user", "content": "x"}],
                "stream": True,
            },
        )
    evs = events(resp.content)
    assert [n for n, _ in evs][-1] == "error" and "message_stop" not in [n for n, _ in evs]
    assert evs[-1][1]["error"]["type"] == "api_error"

    env.up.script(fixture_reply("anthropic/messages_stream_error.sse"))  # an in-stream overloaded_error
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "claude-test",
                "max_tokens": 5,
                "messages": [{"role": "user", "content": "x"}],
                "stream": True,
            },
        )
    assert events(resp.content)[-1][1]["error"]["type"] == "overloaded_error"
