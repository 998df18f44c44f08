"""REST bridge, OpenAI side, the 2026 chat surface: the official `openai` SDK used as its docs
show (``chat.completions.parse()`` with a pydantic model, image inputs, logprobs, reasoning),
LangChain's ``ChatOpenAI(...).with_structured_output()``, and raw SSE bytes, against the
bridge in front of the production gRPC server in front of the OpenAI-type fake upstream. Every
test asserts the JSON that reached the provider, not only what came back.

Shapes: OpenAI API reference, "Create chat completion", "The chat completion object" and "The
chat completion chunk object" (https://platform.openai.com/docs/api-reference/chat); structured
outputs (https://platform.openai.com/docs/guides/structured-outputs); vision inputs
(https://platform.openai.com/docs/guides/images-vision); PDF inputs
(https://platform.openai.com/docs/guides/pdf-files).
"""

from __future__ import annotations

import base64
import json

import openai
import pytest
from pydantic import BaseModel
from support.bridge_env import bridge_env
from support.fakes.anthropic_replies import anthropic_message, anthropic_stream
from support.fakes.openai_replies import openai_completion, openai_stream
from support.fakes.wire import fixture_reply, load_fixture

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs
from service.bridge.openai_format import ChatStream, completion_body
from service.bridge.openai_request import chat_request

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
PDF = b"%PDF-1.7\n1 0 obj\n"
HI = [{"role": "user", "content": "hi"}]


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        yield e


def frames(raw: bytes) -> list[str]:
    """The `data:` payloads of an SSE body, asserting its framing."""
    text = raw.decode()
    assert text.endswith("\n\n"), text[-50:]
    out = text[:-2].split("\n\n")
    for f in out:
        assert f.startswith("data: ") and "\n" not in f, f
    return [f[len("data: ") :] for f in out]


def b64url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode()}"


def upstream_logprobs(fixture: str) -> list[dict]:
    """The logprobs.content entries of every chunk of a fixture stream, in order."""
    out: list[dict] = []
    for f in load_fixture(fixture).decode().split("\n\n"):
        if f.startswith("data: {"):
            for ch in json.loads(f[6:])["choices"]:
                out += (ch.get("logprobs") or {}).get("content") or []
    return out


class Person(BaseModel):
    name: str
    age: int


async def _declare(env, model_id: str, **caps) -> None:
    await env.srv.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/fake",
            provider_model=p.ProviderModel(model_id=model_id, capabilities=p.ModelCapabilities(**caps)),
        )
    )
    await env.srv.server.components.live.reload()


# ------------------------------------------------------------------ structured output


async def test_sdk_parse_with_a_pydantic_model(env):
    env.up.script(openai_completion('{"name": "Ada", "age": 36}'))
    client = env.openai()
    c = await client.chat.completions.parse(
        model="gpt-test", messages=[{"role": "user", "content": "Who wrote the first program?"}], response_format=Person
    )
    assert c.choices[0].message.parsed == Person(name="Ada", age=36)
    rf = env.up.last.json()["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Person" and rf["json_schema"]["strict"] is True
    schema = rf["json_schema"]["schema"]
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert set(schema["properties"]) == {"name", "age"} and sorted(schema["required"]) == ["age", "name"]

    # Streamed, with the SDK's stream helper: the same schema, the same parsed answer.
    env.up.script(openai_stream(['{"name": "Ada",', ' "age": 36}']))
    async with client.chat.completions.stream(model="gpt-test", messages=HI, response_format=Person) as stream:
        final = await stream.get_final_completion()
    assert final.choices[0].message.parsed == Person(name="Ada", age=36)
    assert env.up.last.json()["response_format"] == {"type": "json_schema", "json_schema": rf["json_schema"]}

    env.up.script(openai_completion('{"any": ["json"]}'))
    c = await client.chat.completions.create(model="gpt-test", messages=HI, response_format={"type": "json_object"})
    assert json.loads(c.choices[0].message.content) == {"any": ["json"]}
    assert env.up.last.json()["response_format"] == {"type": "json_object"}


async def test_langchain_with_structured_output(env):
    from langchain_openai import ChatOpenAI

    env.up.script(openai_completion('{"name": "Grace", "age": 85}'))
    llm = ChatOpenAI(model="gpt-test", base_url=f"{env.url}/v1", api_key="unused", max_retries=0, timeout=10)
    got = await llm.with_structured_output(Person).ainvoke("Who found the first bug?")
    assert got == Person(name="Grace", age=85)
    sent = env.up.last.json()
    rf = sent["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Person"
    assert set(rf["json_schema"]["schema"]["properties"]) == {"name", "age"}
    assert sent["messages"] == [{"role": "user", "content": "Who found the first bug?"}]


# ------------------------------------------------------------------ images and documents


async def test_image_and_pdf_inputs_with_the_sdk(env):
    env.up.script(openai_completion("A cat reading a report."))
    client = env.openai()
    c = await client.chat.completions.create(
        model="gpt-test",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in these?"},
                    {"type": "image_url", "image_url": {"url": b64url("image/png", PNG), "detail": "low"}},
                    {"type": "image_url", "image_url": {"url": "https://127.0.0.1:9/cat.jpg"}},
                    {
                        "type": "file",
                        "file": {"filename": "q3.pdf", "file_data": b64url("application/pdf", PDF)},
                    },
                ],
            }
        ],
    )
    assert c.choices[0].message.content == "A cat reading a report."
    assert env.up.last.json()["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these?"},
                {"type": "image_url", "image_url": {"url": b64url("image/png", PNG), "detail": "low"}},
                {"type": "image_url", "image_url": {"url": "https://127.0.0.1:9/cat.jpg"}},
                {"type": "file", "file": {"filename": "q3.pdf", "file_data": b64url("application/pdf", PDF)}},
            ],
        }
    ]


# ------------------------------------------------------------------ reasoning, usage, logprobs


async def test_reasoning_effort_reasoning_deltas_and_token_details(env):
    env.up.script(fixture_reply("openai/chat_stream_reasoning.sse"))
    async with env.http() as http:
        resp = await http.post(
            "/v1/chat/completions",
            json={
                "model": "gpt-test",
                "messages": HI,
                "stream": True,
                "reasoning_effort": "low",
                "stream_options": {"include_usage": True},
            },
        )
    assert env.up.last.json()["reasoning_effort"] == "low"
    objs = [json.loads(f) for f in frames(resp.content)[:-1]]
    deltas = [o["choices"][0]["delta"] for o in objs if o["choices"]]
    assert "".join(d.get("reasoning_content", "") for d in deltas) == "Okay, 9.11 vs 9.8: compare tenths."
    assert "".join(d.get("content", "") for d in deltas) == "9.8 is greater."
    assert objs[-1]["usage"] == {
        "prompt_tokens": 13,
        "completion_tokens": 25,
        "total_tokens": 38,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 20},
    }

    env.up.script(openai_completion("9.8", reasoning="compare tenths", usage=(30, 70, 16), reasoning_tokens=60))
    c = await env.openai().chat.completions.create(model="gpt-test", messages=HI, reasoning_effort="high")
    assert env.up.last.json()["reasoning_effort"] == "high"
    assert c.choices[0].message.model_extra["reasoning_content"] == "compare tenths"
    assert "thinking_blocks" not in c.choices[0].message.model_extra  # nothing signed to pass back
    assert c.usage.completion_tokens_details.reasoning_tokens == 60
    assert c.usage.prompt_tokens_details.cached_tokens == 16


async def test_logprobs_in_the_exact_openai_shape(env):
    env.up.script(fixture_reply("openai/chat_stream_logprobs.sse"))
    async with env.http() as http:
        resp = await http.post(
            "/v1/chat/completions",
            json={"model": "gpt-test", "messages": HI, "stream": True, "logprobs": True, "top_logprobs": 2},
        )
    sent = env.up.last.json()
    assert (sent["logprobs"], sent["top_logprobs"]) == (True, 2)
    objs = [json.loads(f) for f in frames(resp.content)[:-1]]
    got: list[dict] = []
    for o in objs:
        lp = o["choices"][0]["logprobs"]
        if o["choices"][0]["delta"].get("content"):
            assert set(lp) == {"content", "refusal"} and lp["refusal"] is None
            got += lp["content"]
        else:
            assert lp is None
    assert got == upstream_logprobs("openai/chat_stream_logprobs.sse")  # every token, as the provider sent it

    env.up.script(fixture_reply("openai/chat_completion_logprobs.json"))
    client = env.openai()
    c = await client.chat.completions.create(model="gpt-test", messages=HI, logprobs=True, top_logprobs=1)
    body = json.loads(load_fixture("openai/chat_completion_logprobs.json"))["body"]
    assert c.choices[0].logprobs.model_dump()["content"] == body["choices"][0]["logprobs"]["content"]
    assert c.usage.completion_tokens_details.reasoning_tokens == 192

    env.up.script(fixture_reply("openai/chat_stream_logprobs.sse"))
    stream = await client.chat.completions.create(model="gpt-test", messages=HI, stream=True, logprobs=True)
    tokens = [
        t.token async for ch in stream if ch.choices and ch.choices[0].logprobs for t in ch.choices[0].logprobs.content
    ]
    assert tokens == ["Hello", " é"]


async def test_penalties_and_parallel_tool_calls_reach_the_provider(env):
    env.up.script(openai_completion("ok"))
    await env.openai().chat.completions.create(
        model="gpt-test",
        messages=HI,
        presence_penalty=1.5,
        frequency_penalty=-1,
        parallel_tool_calls=False,
        tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
    )
    sent = env.up.last.json()
    assert (sent["presence_penalty"], sent["frequency_penalty"], sent["parallel_tool_calls"]) == (1.5, -1.0, False)


# ------------------------------------------------------------------ the two bugs


async def test_two_calls_at_one_index_stay_two_calls(env):
    env.up.script(fixture_reply("openai/chat_stream_same_index_tool_calls.sse"))
    client = env.openai()
    tools = [{"type": "function", "function": {"name": "file_write", "parameters": {"type": "object"}}}]
    async with client.chat.completions.stream(model="gpt-test", messages=HI, tools=tools) as stream:
        final = await stream.get_final_completion()
    calls = [(tc.id, tc.function.name, tc.function.arguments) for tc in final.choices[0].message.tool_calls]
    assert calls == [
        ("call_h3llo0a1", "file_write", '{"path":"a"}'),
        ("call_w0rld0b2", "file_write", '{"path":"b"}'),
    ]
    assert final.choices[0].finish_reason == "tool_calls"

    env.up.script(fixture_reply("openai/chat_stream_same_index_tool_calls.sse"))
    async with env.http() as http:
        resp = await http.post(
            "/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True, "tools": tools}
        )
    entries = [
        tc for f in frames(resp.content)[:-1] for tc in json.loads(f)["choices"][0]["delta"].get("tool_calls", [])
    ]
    assert [(e["index"], e.get("id")) for e in entries if e.get("id")] == [(0, "call_h3llo0a1"), (1, "call_w0rld0b2")]


async def test_model_is_the_requested_name_streamed_and_unary(env):
    """Both bridges answer with the model the caller asked for, streamed and unary alike; the
    upstream model (after a route's override) is in x-llmrouter-model."""
    for route_id, pattern, provider, model in (
        ("alias", "my-alias", "providers/fake", "gpt-upstream"),
        ("claude-alias", "my-claude", "providers/fake-anthropic", "claude-upstream"),
    ):
        await env.srv.routes.CreateRoute(
            rs.CreateRouteRequest(
                route_id=route_id,
                route=r.Route(model_pattern=pattern, priority=20, target=r.RouteTarget(provider=provider, model=model)),
            )
        )
    await env.srv.server.components.live.reload()

    env.up.script(openai_completion("x", model="gpt-upstream-2025"), openai_stream(["x"], model="gpt-upstream-2025"))
    async with env.http() as http:
        unary = await http.post("/v1/chat/completions", json={"model": "my-alias", "messages": HI})
        streamed = await http.post("/v1/chat/completions", json={"model": "my-alias", "messages": HI, "stream": True})
    assert unary.json()["model"] == "my-alias"
    assert {json.loads(f)["model"] for f in frames(streamed.content)[:-1]} == {"my-alias"}
    assert unary.headers["x-llmrouter-model"] == streamed.headers["x-llmrouter-model"] == "gpt-upstream"

    env.up.script(anthropic_message("x"), anthropic_stream(["x"]))
    claude = env.anthropic()
    msg = await claude.messages.create(model="my-claude", max_tokens=8, messages=HI)
    assert msg.model == "my-claude"
    async with claude.messages.stream(model="my-claude", max_tokens=8, messages=HI) as stream:
        final = await stream.get_final_message()
    assert final.model == "my-claude"
    assert [req.json()["model"] for req in env.up.requests[-2:]] == ["claude-upstream", "claude-upstream"]


# ------------------------------------------------------------------ refusals


async def test_what_the_served_model_cannot_do_is_a_400_naming_the_parameter(env):
    await _declare(env, "gpt-text", images=False, json_schema=False, reasoning=False, documents=False)
    client = env.openai()
    cases = [
        (
            dict(
                messages=[
                    {
                        "role": "user",
                        "content": [
                            {"type": "text", "text": "see"},
                            {"type": "image_url", "image_url": {"url": b64url("image/png", PNG)}},
                        ],
                    }
                ]
            ),
            "messages[0].content[1].image_url",
        ),
        (
            dict(
                messages=[
                    {
                        "role": "user",
                        "content": [{"type": "file", "file": {"file_data": b64url("application/pdf", PDF)}}],
                    }
                ]
            ),
            "messages[0].content[0].file",
        ),
        (dict(messages=HI, response_format={"type": "json_object"}), "response_format"),
        (dict(messages=HI, reasoning_effort="medium"), "reasoning_effort"),
    ]
    for kw, param in cases:
        with pytest.raises(openai.BadRequestError) as bad:
            await client.chat.completions.create(model="gpt-text", **kw)
        assert bad.value.param == param, (param, bad.value.message)
        assert bad.value.code == "capability_unsupported" and "gpt-text" in bad.value.message
    assert env.up.requests == []  # nothing reached the provider


async def test_bad_new_parameters_are_named(env):
    image = {
        "role": "user",
        "content": [{"type": "image_url", "image_url": {"url": "https://127.0.0.1:9/a.png", "detail": "max"}}],
    }
    cases = [
        ({"messages": [image]}, "messages[0].content[0].image_url.detail"),
        (
            {
                "messages": [
                    {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "ftp://127.0.0.1/a"}}]}
                ]
            },
            "messages[0].content[0].image_url.url",
        ),
        (
            {
                "messages": [
                    {
                        "role": "system",
                        "content": [{"type": "image_url", "image_url": {"url": b64url("image/png", PNG)}}],
                    }
                ]
            },
            "messages[0].content[0].type",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "image_url", "image_url": {"url": b64url("image/tiff", PNG)}}],
                    }
                ]
            },
            "messages[0].content[0].image_url.url",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "file", "file": {"file_id": "file-abc"}}]}]},
            "messages[0].content[0].file.file_id",
        ),
        (
            {
                "messages": [
                    {"role": "user", "content": [{"type": "file", "file": {"file_data": b64url("text/plain", b"x")}}]}
                ]
            },
            "messages[0].content[0].file.file_data",
        ),
        (
            {"messages": [{"role": "user", "content": [{"type": "file", "file": {"file_data": "%%%"}}]}]},
            "messages[0].content[0].file.file_data",
        ),
        ({"messages": HI, "top_logprobs": 30}, "top_logprobs"),
        ({"messages": HI, "top_logprobs": 3}, "top_logprobs"),  # without logprobs: the server's rule, the OpenAI name
        ({"messages": HI, "presence_penalty": 3}, "presence_penalty"),
        ({"messages": HI, "frequency_penalty": "high"}, "frequency_penalty"),
        ({"messages": HI, "reasoning_effort": "extreme"}, "reasoning_effort"),
        ({"messages": HI, "logit_bias": {"50256": -100}}, "logit_bias"),
        ({"messages": HI, "modalities": ["text", "audio"]}, "modalities"),
        ({"messages": HI, "parallel_tool_calls": "yes"}, "parallel_tool_calls"),
        ({"messages": HI, "response_format": {"type": "json_schema"}}, "response_format.json_schema"),
        (
            {"messages": HI, "response_format": {"type": "json_schema", "json_schema": {"schema": {"type": "object"}}}},
            "response_format.json_schema.name",
        ),
        (
            {
                "messages": HI,
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"name": "bad name", "schema": {"type": "object"}},
                },
            },
            "response_format.json_schema.name",
        ),
        (
            {
                "messages": HI,
                "response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": {"type": "array"}}},
            },
            "response_format.json_schema.schema",
        ),
        (
            {"messages": [*HI, {"role": "assistant", "content": "x", "thinking_blocks": [{"type": "thinking"}]}]},
            "messages[1].thinking_blocks[0]",
        ),
        (
            {
                "messages": [
                    {"role": "user", "content": [{"type": "text", "text": "x", "cache_control": {"type": "x"}}]}
                ]
            },
            "messages[0].content[0].cache_control.type",
        ),
        (
            {
                "messages": [
                    {
                        "role": "system",
                        "content": [{"type": "text", "text": "x", "cache_control": {"type": "ephemeral", "ttl": "2h"}}],
                    },
                    *HI,
                ]
            },
            "messages[0].content[0].cache_control.ttl",
        ),
        (
            {
                "messages": HI,
                "tools": [{"type": "function", "function": {"name": "f"}, "cache_control": "yes"}],
            },
            "tools[0].cache_control",
        ),
    ]
    async with env.http() as http:
        for body, param in cases:
            resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", **body})
            assert resp.status_code == 400, (body, resp.text)
            err = resp.json()["error"]
            assert err["type"] == "invalid_request_error" and err["param"] == param, (param, err)
    assert env.up.requests == []


# ------------------------------------------------------------------ reasoning blocks with signatures
# (served by an Anthropic-type provider with extended thinking; here the encoder and the
# request reader alone, as the OpenAI-type fake sends no signatures)


def test_signed_and_redacted_reasoning_go_out_as_thinking_blocks():
    enc = ChatStream("rid", "claude-x", include_usage=False)
    chunks = [
        enc.delta(chat_pb2.ChatDelta(reasoning="step 1")),
        enc.delta(chat_pb2.ChatDelta(reasoning_signature="sig-A")),
        enc.delta(chat_pb2.ChatDelta(redacted_reasoning="opaque-B")),
        enc.delta(chat_pb2.ChatDelta(text="done")),
    ]
    deltas = [json.loads(c.decode()[len("data: ") :])["choices"][0]["delta"] for c in chunks]
    assert deltas == [
        {"reasoning_content": "step 1"},
        {"thinking_blocks": [{"type": "thinking", "thinking": "", "signature": "sig-A"}]},
        {"thinking_blocks": [{"type": "redacted_thinking", "data": "opaque-B"}]},
        {"content": "done"},
    ]
    resp = cs.ChatResponse(
        message=chat_pb2.Message(
            role=chat_pb2.ROLE_ASSISTANT,
            content="done",
            reasoning=[
                chat_pb2.ReasoningBlock(text="step 1", signature="sig-A"),
                chat_pb2.ReasoningBlock(redacted_data="opaque-B"),
            ],
        ),
        reasoning="step 1",
    )
    message = completion_body(resp, "rid", "claude-x")["choices"][0]["message"]
    assert message["reasoning_content"] == "step 1"
    assert message["thinking_blocks"] == [
        {"type": "thinking", "thinking": "step 1", "signature": "sig-A"},
        {"type": "redacted_thinking", "data": "opaque-B"},
    ]


def test_thinking_blocks_come_back_as_reasoning_blocks():
    doc = {
        "model": "claude-x",
        "messages": [
            *HI,
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "t1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
                "thinking_blocks": [
                    {"type": "thinking", "thinking": "step 1", "signature": "sig-A"},
                    {"type": "redacted_thinking", "data": "opaque-B"},
                ],
            },
            {"role": "tool", "tool_call_id": "t1", "content": "ok"},
        ],
    }
    req, _ = chat_request(doc, "rid")
    assert list(req.messages[1].reasoning) == [
        chat_pb2.ReasoningBlock(text="step 1", signature="sig-A"),
        chat_pb2.ReasoningBlock(redacted_data="opaque-B"),
    ]
