"""REST bridge, OpenAI side: the official `openai` SDK (and raw httpx for the SSE bytes)
against the bridge, in front of the production gRPC server, in front of the fake upstream.

Nothing of ours is mocked: HTTP client -> bridge (uvicorn) -> gRPC -> router -> OpenAI
backend -> loopback fake upstream (the environment lives in `support.bridge_env`).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import itertools
import json
import math
import struct

import httpx
import openai
import pytest
from support.bridge_env import MAX_BODY, UPSTREAM_KEY, bridge_env, setup_routes
from support.fakes.openai_replies import openai_chunk, openai_completion, openai_embeddings, openai_error, openai_stream
from support.fakes.server import FakeUpstream, JSONReply, SSEReply
from support.fakes.wire import fixture_reply, sse
from support.harness import Database, running_server

from service.bridge.serving import start_bridge


@pytest.fixture(params=["in-process", "grpc-channel"])
async def env(tmp_path, request):
    """The bridge as `serve --http` runs it (ChatService in-process), and over a gRPC channel
    (LLMROUTER_BRIDGE_IN_PROCESS=false): every test here holds for both."""
    async with bridge_env(tmp_path, in_process=request.param == "in-process") as e:
        yield e


HI = [{"role": "user", "content": "hi"}]


def frames(raw: bytes) -> list[str]:
    """SSE frames of a body; asserts the framing: every frame is `data: ...` ending in a blank line."""
    text = raw.decode()
    assert text.endswith("\n\n"), text[-50:]
    out = text[:-2].split("\n\n")
    for f in out:
        assert f.startswith("data: ") and "\n" not in f, f
    return [f[len("data: ") :] for f in out]


# ------------------------------------------------------------------ chat, unary


async def test_chat_unary_with_the_sdk(env):
    env.up.script(openai_completion("Hello there!", usage=(12, 3, 4)))
    client = env.openai()
    raw = await client.chat.completions.with_raw_response.create(
        model="gpt-test",
        messages=[
            {"role": "developer", "content": "Be brief."},
            {"role": "system", "content": [{"type": "text", "text": "Line one"}, {"type": "text", "text": "Line two"}]},
            {"role": "user", "content": "hi", "name": "ann"},
        ],
        temperature=0.5,
        top_p=0.9,
        stop="END",
        seed=7,
        max_completion_tokens=33,
        user="u-1",
        extra_headers={"x-request-id": "req-unary-1"},
    )
    c = raw.parse()
    assert c.object == "chat.completion" and c.id == "chatcmpl-req-unary-1"
    assert c.choices[0].message.content == "Hello there!" and c.choices[0].message.role == "assistant"
    assert c.choices[0].finish_reason == "stop"
    assert c.usage.prompt_tokens == 12 and c.usage.completion_tokens == 3 and c.usage.total_tokens == 15
    assert c.usage.prompt_tokens_details.cached_tokens == 4
    assert c.model == "gpt-test"
    h = raw.headers
    assert h["x-request-id"] == "req-unary-1"
    assert h["x-llmrouter-provider"] == "providers/fake" and h["x-llmrouter-model"] == "gpt-test"
    assert h["x-llmrouter-attempts"] == "1" and h["x-llmrouter-route"] == "routes/all"
    sent = env.up.last.json()
    assert sent["messages"][0] == {"role": "system", "content": "Be brief."}
    assert sent["messages"][1]["content"] == "Line one\nLine two"
    assert sent["messages"][2]["role"] == "user" and sent["messages"][2]["content"] == "hi"
    assert sent["temperature"] == 0.5 and abs(sent["top_p"] - 0.9) < 1e-6
    assert sent["stop"] in ("END", ["END"]) and sent["seed"] == 7
    assert sent.get("max_tokens", sent.get("max_completion_tokens")) == 33
    assert env.up.last.headers["authorization"] == f"Bearer {UPSTREAM_KEY}"  # the provider's key upstream


async def test_finish_reasons_map(env):
    client = env.openai()
    for upstream, expected in [
        ("length", "length"),
        ("content_filter", "content_filter"),
        ("tool_calls", "tool_calls"),
        ("stop", "stop"),
    ]:
        env.up.script(openai_completion("x", finish_reason=upstream))
        c = await client.chat.completions.create(model="gpt-test", messages=HI)
        assert c.choices[0].finish_reason == expected


async def test_tool_calls_unary_and_tool_results_in_the_request(env):
    env.up.script(fixture_reply("openai/chat_completion_tool_calls.json"))
    client = env.openai()
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Weather",
                "parameters": {
                    "type": "object",
                    "properties": {"location": {"type": "string"}},
                    "required": ["location"],
                },
            },
        }
    ]
    c = await client.chat.completions.create(model="gpt-test", messages=HI, tools=tools, tool_choice="required")
    msg = c.choices[0].message
    assert c.choices[0].finish_reason == "tool_calls" and msg.tool_calls
    call = msg.tool_calls[0]
    assert call.type == "function" and call.id and call.function.name
    json.loads(call.function.arguments)
    sent = env.up.last.json()
    assert sent["tools"][0]["function"]["name"] == "get_weather"
    assert sent["tools"][0]["function"]["parameters"]["required"] == ["location"]
    assert sent["tool_choice"] == "required"

    # The round trip: the assistant's call and the tool's answer go back upstream.
    env.up.script(openai_completion("It is sunny."))
    c2 = await client.chat.completions.create(
        model="gpt-test",
        messages=[
            *HI,
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": call.function.name, "arguments": call.function.arguments},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": call.id, "content": [{"type": "text", "text": "sunny, 21C"}]},
        ],
        tools=tools,
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    assert c2.choices[0].message.content == "It is sunny."
    sent = env.up.last.json()
    assert sent["messages"][1]["tool_calls"][0]["id"] == call.id
    assert sent["messages"][1]["tool_calls"][0]["function"]["name"] == call.function.name
    assert sent["messages"][2] == {"role": "tool", "tool_call_id": call.id, "content": "sunny, 21C"} or (
        sent["messages"][2]["role"] == "tool" and sent["messages"][2]["content"] == "sunny, 21C"
    )
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}


# ------------------------------------------------------------------ chat, streamed


async def test_stream_with_the_sdk(env):
    env.up.script(openai_stream(["Hel", "lo", ", héllo 👋"], usage=(9, 3, 2)))
    client = env.openai()
    stream = await client.chat.completions.create(
        model="gpt-test", messages=HI, stream=True, stream_options={"include_usage": True}
    )
    chunks = [c async for c in stream]
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Hello, héllo 👋"
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.prompt_tokens == 9 and chunks[-1].usage.completion_tokens == 3
    assert chunks[-1].usage.prompt_tokens_details.cached_tokens == 2
    assert len({c.id for c in chunks}) == 1 and all(c.object == "chat.completion.chunk" for c in chunks)


async def test_stream_raw_framing(env):
    env.up.script(openai_stream(["a", "b"]))
    async with env.http() as http:
        resp = await http.post(
            "/v1/chat/completions",
            json={"model": "gpt-test", "messages": HI, "stream": True},
            headers={"x-request-id": "rid-42"},
        )
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        assert resp.headers["x-request-id"] == "rid-42"
        # Which target serves, known when the router committed, goes out with the stream's headers.
        assert resp.headers["x-llmrouter-provider"] == "providers/fake"
        assert resp.headers["x-llmrouter-model"] == "gpt-test" and resp.headers["x-llmrouter-attempts"] == "1"
        assert resp.headers["x-llmrouter-route"] == "routes/all"
        fs = frames(resp.content)
        assert fs[-1] == "[DONE]"
        objs = [json.loads(f) for f in fs[:-1]]
        deltas = [o["choices"][0]["delta"] for o in objs]
        assert deltas[0] == {"role": "assistant", "content": ""} and deltas[-1] == {}
        assert all(set(d) == {"content"} for d in deltas[1:-1]) and "".join(d["content"] for d in deltas[1:-1]) == "ab"
        assert [o["choices"][0]["finish_reason"] for o in objs] == [None] * (len(objs) - 1) + ["stop"]
        for o in objs:
            assert o["id"] == "chatcmpl-rid-42" and o["object"] == "chat.completion.chunk" and o["model"] == "gpt-test"
            assert o["choices"][0]["index"] == 0 and "usage" not in o  # no include_usage: no usage fields

        env.up.script(openai_stream(["a"], usage=(5, 1, 0)))
        resp = await http.post(
            "/v1/chat/completions",
            json={"model": "gpt-test", "messages": HI, "stream": True, "stream_options": {"include_usage": True}},
        )
        fs = frames(resp.content)
        objs = [json.loads(f) for f in fs[:-1]]
        assert fs[-1] == "[DONE]"
        assert all(o["usage"] is None for o in objs[:-1])
        assert objs[-1]["choices"] == [] and objs[-1]["usage"] == {
            "prompt_tokens": 5,
            "completion_tokens": 1,
            "total_tokens": 6,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0},
        }

        env.up.script(openai_stream([], finish_reason="length"))  # no output at all: the summary comes first
        resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
        objs = [json.loads(f) for f in frames(resp.content)[:-1]]
        assert [o["choices"][0]["delta"] for o in objs] == [{"role": "assistant", "content": ""}, {}]
        assert objs[-1]["choices"][0]["finish_reason"] == "length"


async def test_stream_tool_calls_and_reasoning(env):
    env.up.script(fixture_reply("openai/chat_stream_tool_calls.sse"))
    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
    objs = [json.loads(f) for f in frames(resp.content)[:-1]]
    calls = [tc for o in objs for tc in o["choices"][0]["delta"].get("tool_calls", [])]
    for o in objs:  # at most one entry per call index in a chunk
        idx = [tc["index"] for tc in o["choices"][0]["delta"].get("tool_calls", [])]
        assert len(idx) == len(set(idx))
    by_index: dict[int, list[dict]] = {}
    for tc in calls:
        by_index.setdefault(tc["index"], []).append(tc)
    assert sorted(by_index) == [0, 1]
    for frags in by_index.values():
        first, rest = frags[0], frags[1:]
        assert first["id"] and first["type"] == "function" and first["function"]["name"]
        assert all(set(f) == {"index", "function"} and set(f["function"]) == {"arguments"} for f in rest)
    args0 = "".join(f["function"]["arguments"] for f in by_index[0])
    assert json.loads(args0) == {"location": "Paris, France"}
    assert by_index[1][0]["function"]["name"] == "get_time"
    assert objs[-1]["choices"][0]["finish_reason"] == "tool_calls"

    # The SDK's stream helper accumulates the same calls.
    env.up.script(fixture_reply("openai/chat_stream_tool_calls.sse"))
    client = env.openai()
    async with client.chat.completions.stream(model="gpt-test", messages=HI) as stream:
        final = await stream.get_final_completion()
    names = [tc.function.name for tc in final.choices[0].message.tool_calls]
    assert names == ["get_weather", "get_time"]

    env.up.script(fixture_reply("openai/chat_stream_reasoning.sse"))
    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
    objs = [json.loads(f) for f in frames(resp.content)[:-1]]
    reasoning = "".join(o["choices"][0]["delta"].get("reasoning_content", "") for o in objs)
    assert reasoning


async def test_error_after_the_stream_began_is_an_sse_error_without_done(env):
    env.up.script(openai_stream(["one", "two", "three", "four"], cut_after=3))
    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
    assert resp.status_code == 200
    fs = frames(resp.content)
    assert "[DONE]" not in fs
    err = json.loads(fs[-1])
    assert set(err) == {"error"} and set(err["error"]) == {"message", "type", "param", "code"}
    assert err["error"]["type"] == "server_error"
    assert "one" in resp.text

    env.up.script(openai_stream(["one", "two", "three"], cut_after=3))
    client = env.openai()
    stream = await client.chat.completions.create(model="gpt-test", messages=HI, stream=True)
    got = []
    with pytest.raises(openai.APIError):
        async for c in stream:
            got.append(c)
    assert got  # the output before the failure was delivered


async def test_failure_before_the_first_token_gets_an_http_status(env):
    env.up.script(
        openai_error(
            429, "slow down", type="rate_limit_error", code="rate_limit_exceeded", headers={"retry-after": "7"}
        )
    )
    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
    assert resp.status_code == 429 and resp.headers["content-type"] == "application/json"
    assert resp.headers["retry-after"] == "7" and resp.headers["retry-after-ms"] == "7000"
    body = resp.json()["error"]
    assert (
        body["code"] == "rate_limit_exceeded" and body["type"] == "rate_limit_error" and "slow down" in body["message"]
    )
    assert UPSTREAM_KEY not in resp.text


# ------------------------------------------------------------------ errors through the SDK


async def test_sdk_error_classes(env):
    client = env.openai()
    with pytest.raises(openai.BadRequestError) as bad:
        await client.chat.completions.create(model="gpt-test", messages=[{"role": "wizard", "content": "x"}])
    assert bad.value.param == "messages[0].role" and "wizard" in bad.value.message

    # A violation the server finds (tool_choice names no tool) comes back under the OpenAI field name.
    with pytest.raises(openai.BadRequestError) as bad:
        await client.chat.completions.create(
            model="gpt-test",
            messages=HI,
            tools=[{"type": "function", "function": {"name": "f"}}],
            tool_choice={"type": "function", "function": {"name": "g"}},
        )
    assert bad.value.param == "tool_choice"

    with pytest.raises(openai.BadRequestError) as bad:
        await client.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": ""}])
    assert bad.value.param == "messages[0].content"

    env.up.script(openai_error(404, "The model `nope` does not exist", code="model_not_found"))
    with pytest.raises(openai.NotFoundError) as nf:
        await client.chat.completions.create(model="nope", messages=HI)
    assert nf.value.code == "model_not_found"

    env.up.script(
        openai_error(
            429, "Rate limit reached", type="requests", code="rate_limit_exceeded", headers={"retry-after": "3"}
        )
    )
    with pytest.raises(openai.RateLimitError) as rl:
        await client.chat.completions.create(model="gpt-test", messages=HI)
    assert rl.value.response.headers["retry-after"] == "3"

    env.up.script(
        openai_error(400, "This model's maximum context length is 8192 tokens", code="context_length_exceeded")
    )
    with pytest.raises(openai.BadRequestError) as ctx:
        await client.chat.completions.create(model="gpt-test", messages=HI)
    assert ctx.value.code == "context_length_exceeded"

    # The provider's own key rejected upstream is a gateway failure, not the caller's bad key.
    env.up.script(fixture_reply("openai/error_401.json"))
    with pytest.raises(openai.APIStatusError) as gw:
        await client.chat.completions.create(model="gpt-test", messages=HI)
    assert gw.value.status_code == 502 and UPSTREAM_KEY not in gw.value.response.text

    env.up.script(openai_error(503, "overloaded", type="server_error"))
    with pytest.raises(openai.InternalServerError) as unavailable:
        await client.chat.completions.create(model="gpt-test", messages=HI)
    assert unavailable.value.status_code == 503
    # Who failed, in the same form as on success (`providers/{id}`).
    assert unavailable.value.response.headers["x-llmrouter-provider"] == "providers/fake"


async def test_bad_http_input_is_named_never_a_500(env):
    async with env.http() as http:
        cases = [
            (b"{not json", 400, None),
            (b"[1, 2]", 400, None),
            (b"", 400, None),
            (b'{"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": NaN}', 400, None),
            (json.dumps({"messages": HI}).encode(), 400, "model"),
            (json.dumps({"model": 5, "messages": HI}).encode(), 400, "model"),
            (json.dumps({"model": "m"}).encode(), 400, "messages"),
            (json.dumps({"model": "m", "messages": "hi"}).encode(), 400, "messages"),
            (
                json.dumps({"model": "m", "messages": [{"role": "user", "content": 5}]}).encode(),
                400,
                "messages[0].content",
            ),
            (
                json.dumps(
                    {
                        "model": "m",
                        "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}],
                    }
                ).encode(),
                400,
                "messages[0].content[0].image_url.url",
            ),
            (
                json.dumps(
                    {
                        "model": "m",
                        "messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}],
                    }
                ).encode(),
                400,
                "messages[0].content[0].type",
            ),
            (json.dumps({"model": "m", "messages": HI, "max_tokens": 2**40}).encode(), 400, "max_tokens"),
            (json.dumps({"model": "m", "messages": HI, "max_tokens": True}).encode(), 400, "max_tokens"),
            (json.dumps({"model": "m", "messages": HI, "temperature": "hot"}).encode(), 400, "temperature"),
            (json.dumps({"model": "m", "messages": HI, "temperature": 7}).encode(), 400, "temperature"),
            (json.dumps({"model": "m", "messages": HI, "stop": 3}).encode(), 400, "stop"),
            (json.dumps({"model": "m", "messages": HI, "stop": ["a", "b", "c", "d", "e"]}).encode(), 400, "stop"),
            (json.dumps({"model": "m", "messages": HI, "n": 2}).encode(), 400, "n"),
            (
                json.dumps({"model": "m", "messages": HI, "response_format": {"type": "xml"}}).encode(),
                400,
                "response_format.type",
            ),
            (json.dumps({"model": "m", "messages": HI, "tool_choice": "maybe"}).encode(), 400, "tool_choice"),
            (
                json.dumps(
                    {"model": "m", "messages": HI, "tools": [{"type": "function", "function": {"name": "bad name!"}}]}
                ).encode(),
                400,
                "tools[0].function.name",
            ),
            (
                json.dumps({"model": "m", "messages": [{"role": "tool", "content": "x"}]}).encode(),
                400,
                "messages[0].tool_call_id",
            ),
            (b'{"model": "m", "messages": [{"role": "user", "content": "\\ud800"}]}', 400, "messages[0].content"),
            (
                json.dumps(
                    {
                        "model": "m",
                        "messages": HI,
                        "tools": [{"type": "function", "function": {"name": "f", "parameters": nest(60)}}],
                    }
                ).encode(),
                400,
                "tools[0].function.parameters",
            ),
        ]
        for body, status, param in cases:
            resp = await http.post("/v1/chat/completions", content=body, headers={"content-type": "application/json"})
            assert resp.status_code == status, (body[:80], resp.text)
            err = resp.json()["error"]
            assert err["type"] == "invalid_request_error" and err["message"]
            assert err["param"] == param, (body[:80], err)

        resp = await http.post("/v1/chat/completions", content=b"x" * (MAX_BODY + 1))
        assert resp.status_code == 413 and resp.json()["error"]["code"] == "request_too_large"

        async def chunked():
            for _ in range(5):
                yield b" " * (MAX_BODY // 4)

        resp = await http.post("/v1/chat/completions", content=chunked())  # no Content-Length
        assert resp.status_code == 413

        resp = await http.get("/v1/nothing-here")
        assert resp.status_code == 404 and resp.json()["error"]["message"]
        resp = await http.get("/v1/chat/completions")
        assert resp.status_code == 405 and resp.json()["error"]["message"]
        resp = await http.post(
            "/v1/chat/completions", json={"model": "m", "messages": HI}, headers={"x-request-id": "x" * 200}
        )
        assert resp.status_code == 400 and resp.json()["error"]["param"] == "x-request-id"


def nest(depth: int) -> dict:
    d: dict = {"type": "object"}
    for _ in range(depth):
        d = {"type": "object", "properties": {"a": d}}
    return d


# ------------------------------------------------------------------ disconnects


async def test_client_disconnect_cancels_the_stream_upstream(env):
    frames_ = [sse(openai_chunk("", role="assistant")), sse(openai_chunk("first"))] + [sse(openai_chunk("more"))] * 5
    env.up.script(SSEReply(frames_, delays={2: math.inf}))  # stalls after the first token
    async with (
        env.http() as http,
        http.stream("POST", "/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True}) as resp,
    ):
        assert resp.status_code == 200
        async for line in resp.aiter_lines():
            if "first" in line:
                break
        # leaving the block closes the connection mid-stream
    assert await env.up.last.wait_disconnected(3.0), "the upstream request was not cancelled"


async def test_client_disconnect_cancels_a_unary_call(env):
    env.up.script(JSONReply({}, delay=math.inf))
    async with env.http(timeout=httpx.Timeout(10, read=0.3)) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI})
    assert await env.up.last.wait_disconnected(3.0)


async def test_client_disconnect_while_waiting_for_the_first_token(env):
    env.up.script(openai_stream(["late"], first_delay=math.inf))
    async with env.http(timeout=httpx.Timeout(10, read=0.3)) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
    assert await env.up.last.wait_disconnected(3.0)


# ------------------------------------------------------------------ models, embeddings


async def test_models_list_and_retrieve(env):
    client = env.openai()
    models = [m async for m in client.models.list()]
    ids = [m.id for m in models]
    assert "gpt-test" in ids and "org/model-a" in ids
    assert "*" not in ids and "claude-*" not in ids  # glob routes are not model ids
    assert len(ids) == len(set(ids))
    assert all(m.object == "model" for m in models)
    one = await client.models.retrieve("org/model-a")
    assert one.id == "org/model-a" and one.owned_by == "fake"
    with pytest.raises(openai.NotFoundError):
        await client.models.retrieve("no/such-model")

    async with env.http() as http:  # Anthropic clients get Anthropic's list shape
        body = (await http.get("/v1/models", headers={"anthropic-version": "2023-06-01"})).json()
    assert body["has_more"] is False and {"gpt-test", "org/model-a"} <= {m["id"] for m in body["data"]}
    assert all(m["type"] == "model" for m in body["data"])


async def test_embeddings_float_and_base64(env):
    vectors = [[0.25, -1.5, 3.0], [1.0, 2.0, 0.5]]
    client = env.openai()
    env.up.script(openai_embeddings(vectors, prompt_tokens=6))
    resp = await client.embeddings.create(model="emb-test", input=["a", "b"], encoding_format="float")
    assert [d.embedding for d in resp.data] == vectors and resp.usage.prompt_tokens == 6
    assert env.up.last.json()["input"] == ["a", "b"]

    env.up.script(openai_embeddings(vectors[:1]))
    resp = await client.embeddings.create(model="emb-test", input="a")  # the SDK asks for base64 by default
    assert resp.data[0].embedding == vectors[0]

    env.up.script(openai_embeddings(vectors[:1]))
    async with env.http() as http:
        raw = (
            await http.post("/v1/embeddings", json={"model": "emb-test", "input": "a", "encoding_format": "base64"})
        ).json()
    packed = base64.b64decode(raw["data"][0]["embedding"])
    assert list(struct.unpack("<3f", packed)) == vectors[0]

    with pytest.raises(openai.BadRequestError) as bad:
        await client.embeddings.create(model="emb-test", input=[[1, 2, 3]])
    assert bad.value.param == "input[0]"


# ------------------------------------------------------------------ auth, request ids, wiring


async def test_client_keys_pass_through(env):
    store = env.srv.server.components.store
    _, secret = await store.client_keys.create({"chat"})
    await env.srv.server.components.live.reload()

    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI})
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "invalid_api_key"
    assert resp.json()["error"]["type"] == "authentication_error"
    with pytest.raises(openai.AuthenticationError):
        await env.openai(api_key="llmr_bogus_key").chat.completions.create(model="gpt-test", messages=HI)
    with pytest.raises(openai.AuthenticationError):
        await env.openai(api_key="llmr_bogus_key").models.list()

    env.up.script(openai_completion("ok"))
    c = await env.openai(api_key=secret).chat.completions.create(model="gpt-test", messages=HI)
    assert c.choices[0].message.content == "ok"
    env.up.script(openai_stream(["o", "k"]))
    s = await env.openai(api_key=secret).chat.completions.create(model="gpt-test", messages=HI, stream=True)
    assert "".join([c.choices[0].delta.content or "" async for c in s if c.choices]) == "ok"

    async with env.http() as http:  # x-api-key works too (what the Anthropic SDK sends)
        env.up.script(openai_completion("ok"))
        resp = await http.post(
            "/v1/chat/completions", json={"model": "gpt-test", "messages": HI}, headers={"x-api-key": secret}
        )
        assert resp.status_code == 200
        resp = await http.post(
            "/v1/chat/completions",
            json={"model": "gpt-test", "messages": HI},
            headers={"authorization": "Bearer caf\u00e9".encode("latin-1")},
        )
        assert resp.status_code == 401


async def test_bridge_started_by_the_server(tmp_path):
    async with (
        FakeUpstream.start() as up,
        running_server(Database("sqlite", "", tmp_path / "data"), http="127.0.0.1:0") as srv,
    ):
        await setup_routes(srv, up)
        bridge = srv.server._bridge
        assert bridge is not None and bridge.port
        up.script(openai_stream(["x"]))
        async with httpx.AsyncClient(base_url=bridge.url, timeout=10) as http:
            resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
            assert resp.status_code == 200 and frames(resp.content)[-1] == "[DONE]"
            assert (await http.get("/v1/models")).status_code == 200


async def test_concurrent_streams_stay_apart(env):
    """20 streams at once each get their own answer, in-process or over the one shared channel."""

    async def one(i: int) -> str:
        async with env.http() as http:
            resp = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True})
            return "".join(json.loads(f)["choices"][0]["delta"].get("content", "") for f in frames(resp.content)[:-1])

    label = itertools.count()  # one label per reply made (requests may arrive together)
    env.up.route("/v1/chat/completions", lambda rec: openai_stream([f"s{next(label)}", "!"]))
    outs = await asyncio.gather(*(one(i) for i in range(20)))
    assert all(o.endswith("!") for o in outs) and len(set(outs)) == 20
    in_process = env.srv.server.grpc.chat is env.bridge.app.state.bridge.stub
    assert (env.bridge.app.state.bridge._channel is None) == in_process


async def test_stop_lets_a_running_stream_finish(tmp_path):
    async with bridge_env(tmp_path) as e:
        e.up.script(openai_stream(["a", "b", "c", "d", "e"], interval=0.05))
        async with e.http() as http:
            async with http.stream(
                "POST", "/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": True}
            ) as resp:
                body = b""
                stopping = None
                async for raw in resp.aiter_raw():
                    body += raw
                    if stopping is None:
                        stopping = asyncio.create_task(e.bridge.stop())
            assert frames(body)[-1] == "[DONE]"
            await stopping
            with pytest.raises(httpx.ConnectError):
                await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI})


async def test_non_loopback_bridge_refused_in_protected_mode(tmp_path):
    from service.app import StartupError

    async with running_server(Database("sqlite", "", tmp_path / "data")) as srv:
        # refused before anything binds (tests only ever listen on 127.0.0.1)
        with pytest.raises(StartupError, match="no client key"):
            await start_bridge(dataclasses.replace(srv.settings, http="0.0.0.0:0"), srv.address)
