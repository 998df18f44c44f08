"""REST bridge, Anthropic side: the official `anthropic` SDK on /v1/messages (streamed with
`messages.stream` and not), raw SSE event checks, tool use, thinking, errors.

Upstreams: `claude-*` models route to the fake Anthropic provider, everything else to the
fake OpenAI provider, so both translations (Anthropic in -> OpenAI upstream, Anthropic in ->
Anthropic upstream) are exercised end to end.
"""

from __future__ import annotations

import json
import math

import anthropic
import pytest
from support.bridge_env import bridge_env
from support.fakes.anthropic_replies import anthropic_error, anthropic_message, anthropic_stream
from support.fakes.openai_replies import openai_chunk, openai_completion, openai_error, openai_stream
from support.fakes.server import SSEReply
from support.fakes.wire import fixture_reply, sse


@pytest.fixture(params=["in-process", "grpc-channel"])
async def env(tmp_path, request):
    """The bridge as `serve --http` runs it (ChatService in-process), and over a gRPC channel
    (LLMROUTER_BRIDGE_IN_PROCESS=false): every test here holds for both."""
    async with bridge_env(tmp_path, in_process=request.param == "in-process") as e:
        yield e


HI = [{"role": "user", "content": "hi"}]


def events(raw: bytes) -> list[tuple[str, dict]]:
    """(event, data) of every SSE frame; asserts `event: X\\ndata: {...}` framing with type == event."""
    text = raw.decode()
    assert text.endswith("\n\n")
    out = []
    for frame in text[:-2].split("\n\n"):
        lines = frame.split("\n")
        assert len(lines) == 2 and lines[0].startswith("event: ") and lines[1].startswith("data: "), frame
        name, data = lines[0][len("event: ") :], json.loads(lines[1][len("data: ") :])
        assert data["type"] == name
        out.append((name, data))
    return out


async def test_unary_text_with_the_sdk(env):
    env.up.script(openai_completion("Hello!", usage=(20, 4, 5)))
    client = env.anthropic()
    raw = await client.messages.with_raw_response.create(
        model="gpt-test",
        max_tokens=50,
        system="Be brief.",
        messages=HI,
        extra_body={"temperature": 0.2},
        stop_sequences=["STOP"],
        metadata={"user_id": "u-7"},
        extra_headers={"x-request-id": "anth-1"},
    )
    msg = await raw.parse()
    assert msg.type == "message" and msg.role == "assistant" and msg.id == "msg_anth-1"
    assert [b.type for b in msg.content] == ["text"] and msg.content[0].text == "Hello!"
    assert msg.stop_reason == "end_turn" and msg.stop_sequence is None
    assert msg.usage.input_tokens == 15 and msg.usage.cache_read_input_tokens == 5 and msg.usage.output_tokens == 4
    assert raw.headers["x-request-id"] == "anth-1" and raw.headers["request-id"] == "anth-1"
    assert raw.headers["x-llmrouter-provider"] == "providers/fake"
    sent = env.up.last.json()
    assert sent["messages"][0] == {"role": "system", "content": "Be brief."}
    assert sent["messages"][1]["content"] == "hi"
    assert sent["max_tokens"] == 50 and sent["stop"] in (["STOP"], "STOP") and abs(sent["temperature"] - 0.2) < 1e-6


async def test_stop_reasons_map(env):
    client = env.anthropic()
    for upstream, expected in [
        ("length", "max_tokens"),
        ("tool_calls", "tool_use"),
        ("content_filter", "refusal"),
        ("stop", "end_turn"),
    ]:
        env.up.script(openai_completion("x", finish_reason=upstream))
        msg = await client.messages.create(model="gpt-test", max_tokens=5, messages=HI)
        assert msg.stop_reason == expected


async def test_stream_with_the_sdk_and_raw_events(env):
    env.up.script(openai_stream(["Hel", "lo ", "wörld"], usage=(11, 3, 0)))
    client = env.anthropic()
    async with client.messages.stream(model="gpt-test", max_tokens=20, messages=HI) as stream:
        texts = [t async for t in stream.text_stream]
        final = await stream.get_final_message()
    assert "".join(texts) == "Hello wörld"
    assert final.content[0].text == "Hello wörld" and final.stop_reason == "end_turn"
    assert final.usage.input_tokens == 11 and final.usage.output_tokens == 3

    env.up.script(openai_stream(["a", "b"]))
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages", json={"model": "gpt-test", "max_tokens": 5, "messages": HI, "stream": True}
        )
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
    evs = events(resp.content)
    names = [n for n, _ in evs]
    assert names[0] == "message_start" and names[1] == "content_block_start"
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(names[2:-3]) == {"content_block_delta"}
    start = evs[0][1]["message"]
    assert start["role"] == "assistant" and start["content"] == [] and start["stop_reason"] is None
    assert evs[1][1] == {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
    assert "".join(d["delta"]["text"] for n, d in evs if n == "content_block_delta") == "ab"
    assert all(d["delta"]["type"] == "text_delta" and d["index"] == 0 for n, d in evs if n == "content_block_delta")
    md = evs[-2][1]
    assert md["delta"] == {"stop_reason": "end_turn", "stop_sequence": None} and md["usage"]["output_tokens"] == 5

    env.up.script(openai_stream([], finish_reason="length"))  # no output: start, delta, stop
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages", json={"model": "gpt-test", "max_tokens": 5, "messages": HI, "stream": True}
        )
    evs = events(resp.content)
    assert [n for n, _ in evs] == ["message_start", "message_delta", "message_stop"]
    assert evs[1][1]["delta"]["stop_reason"] == "max_tokens"


async def test_tool_use_streamed_from_an_openai_upstream(env):
    env.up.script(fixture_reply("openai/chat_stream_tool_calls.sse"))
    client = env.anthropic()
    tools = [
        {
            "name": "get_weather",
            "description": "Weather",
            "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}},
        },
        {"name": "get_time", "input_schema": {"type": "object"}},
    ]
    async with client.messages.stream(
        model="gpt-test", max_tokens=100, messages=HI, tools=tools, tool_choice={"type": "any"}
    ) as stream:
        final = await stream.get_final_message()
    assert final.stop_reason == "tool_use"
    uses = [b for b in final.content if b.type == "tool_use"]
    assert [u.name for u in uses] == ["get_weather", "get_time"]
    assert uses[0].input == {"location": "Paris, France"} and uses[1].input == {"tz": "Europe/Paris"}
    assert all(u.id for u in uses)
    sent = env.up.last.json()
    assert sent["tool_choice"] == "required" and sent["tools"][0]["function"]["parameters"]["properties"][
        "location"
    ] == {"type": "string"}

    env.up.script(fixture_reply("openai/chat_stream_tool_calls.sse"))
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={"model": "gpt-test", "max_tokens": 100, "messages": HI, "tools": tools, "stream": True},
        )
    evs = events(resp.content)
    starts = [d for n, d in evs if n == "content_block_start"]
    assert [s["content_block"]["type"] for s in starts] == ["tool_use", "tool_use"]
    assert [s["index"] for s in starts] == [0, 1] and starts[0]["content_block"]["input"] == {}
    deltas = [d for n, d in evs if n == "content_block_delta"]
    assert all(d["delta"]["type"] == "input_json_delta" for d in deltas)
    # every block that starts, stops, in order, before message_delta
    order = [(n, d.get("index")) for n, d in evs if n.startswith("content_block_") and n != "content_block_delta"]
    assert order == [
        ("content_block_start", 0),
        ("content_block_stop", 0),
        ("content_block_start", 1),
        ("content_block_stop", 1),
    ]


async def test_thinking_then_text(env):
    env.up.script(fixture_reply("openai/chat_stream_reasoning.sse"))
    client = env.anthropic()
    async with client.messages.stream(model="gpt-test", max_tokens=100, messages=HI) as stream:
        final = await stream.get_final_message()
    assert [b.type for b in final.content] == ["thinking", "text"]
    assert final.content[0].thinking.startswith("Okay, 9.11") and final.content[1].text == "9.8 is greater."
    assert final.stop_reason == "max_tokens"


async def test_anthropic_upstream_both_ways(env):
    env.up.script(fixture_reply("anthropic/messages_stream_thinking.sse"))
    client = env.anthropic()
    async with client.messages.stream(model="claude-test", max_tokens=100, messages=HI) as stream:
        final = await stream.get_final_message()
    assert [b.type for b in final.content] == ["thinking", "text"] and final.content[1].text == "27 * 453 = 12,231"
    assert env.up.last.path == "/v1/messages"

    env.up.script(fixture_reply("anthropic/message_tool_use.json"))
    msg = await client.messages.create(
        model="claude-test",
        max_tokens=100,
        messages=HI,
        tools=[{"name": "get_weather", "input_schema": {"type": "object"}}],
    )
    assert [b.type for b in msg.content] == ["thinking", "text", "tool_use"]
    assert (
        msg.content[2].input == {"location": "San Francisco, CA", "unit": "celsius"} and msg.stop_reason == "tool_use"
    )

    # and the OpenAI endpoint in front of the Anthropic upstream
    env.up.script(anthropic_stream(["Hi", " there"]))
    oc = env.openai()
    s = await oc.chat.completions.create(model="claude-test", messages=HI, max_tokens=10, stream=True)
    assert "".join([c.choices[0].delta.content or "" async for c in s if c.choices]) == "Hi there"
    env.up.script(anthropic_message("Unary hi"))
    c = await oc.chat.completions.create(model="claude-test", messages=HI, max_tokens=10)
    assert c.choices[0].message.content == "Unary hi"


async def test_tool_use_round_trip_request_mapping(env):
    env.up.script(openai_completion("Sunny."))
    client = env.anthropic()
    msg = await client.messages.create(
        model="gpt-test",
        max_tokens=50,
        system=[
            {"type": "text", "text": "Part A"},
            {"type": "text", "text": "Part B", "cache_control": {"type": "ephemeral"}},
        ],
        messages=[
            {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"}]},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "hmm", "signature": "s"},
                    {"type": "text", "text": "Checking."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "21C"},
                    {"type": "text", "text": "Thanks"},
                ],
            },
        ],
        tools=[{"name": "get_weather", "input_schema": {"type": "object"}}],
        tool_choice={"type": "tool", "name": "get_weather"},
    )
    assert msg.content[0].text == "Sunny."
    sent = env.up.last.json()
    ms = sent["messages"]
    assert ms[0] == {"role": "system", "content": "Part A\nPart B"}
    assert ms[1]["role"] == "user" and ms[1]["content"] == "Weather in Paris?"
    assert ms[2]["role"] == "assistant" and ms[2]["content"] == "Checking."
    assert ms[2]["tool_calls"][0]["id"] == "toolu_1" and json.loads(
        ms[2]["tool_calls"][0]["function"]["arguments"]
    ) == {"city": "Paris"}
    assert ms[3]["role"] == "tool" and ms[3]["tool_call_id"] == "toolu_1" and ms[3]["content"] == "21C"
    assert ms[4] == {"role": "user", "content": "Thanks"}
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}


async def test_errors_in_anthropic_shape(env):
    client = env.anthropic()
    with pytest.raises(anthropic.BadRequestError) as bad:
        await client.messages.create(model="gpt-test", messages=HI, max_tokens=None)  # type: ignore[arg-type]
    assert bad.value.body["type"] == "error" and bad.value.body["error"]["type"] == "invalid_request_error"
    assert "max_tokens" in bad.value.body["error"]["message"]

    async with env.http() as http:
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "gpt-test",
                "max_tokens": 5,
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "search_result", "source": "https://example.com", "title": "t", "content": []}
                        ],
                    }
                ],
            },
        )
        assert resp.status_code == 400 and "messages[0].content[0].type" in resp.json()["error"]["message"]
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "gpt-test",
                "max_tokens": 5,
                "messages": [
                    {"role": "user", "content": [{"type": "image", "source": {"type": "file", "file_id": "file_01"}}]}
                ],
            },
        )
        assert resp.status_code == 400 and "messages[0].content[0].source.type" in resp.json()["error"]["message"]
        resp = await http.post(
            "/v1/messages",
            json={"model": "gpt-test", "max_tokens": 5, "messages": [{"role": "system", "content": "x"}]},
        )
        assert resp.status_code == 400 and "messages[0].role" in resp.json()["error"]["message"]
        # a violation found by the server names the Anthropic field (the tool result's index, not the proto's)
        resp = await http.post(
            "/v1/messages",
            json={
                "model": "gpt-test",
                "max_tokens": 5,
                "system": "s",
                "messages": [{"role": "user", "content": "ok"}, {"role": "user", "content": ""}],
            },
        )
        assert resp.status_code == 400 and "messages[1]" in resp.json()["error"]["message"], resp.text
        resp = await http.post("/v1/messages", content=b"{")
        assert resp.status_code == 400 and resp.json()["type"] == "error"
        resp = await http.get("/v1/messages")
        assert resp.status_code == 405 and resp.json()["type"] == "error"

    env.up.script(openai_error(429, "slow down", code="rate_limit_exceeded", headers={"retry-after": "2"}))
    with pytest.raises(anthropic.RateLimitError) as rl:
        await client.messages.create(model="gpt-test", max_tokens=5, messages=HI)
    assert rl.value.body["error"]["type"] == "rate_limit_error" and rl.value.response.headers["retry-after"] == "2"

    env.up.script(anthropic_error(529, "Overloaded", type="overloaded_error"))
    with pytest.raises(anthropic.APIStatusError) as ov:
        await client.messages.create(model="claude-test", max_tokens=5, messages=HI)
    assert ov.value.status_code == 503 and ov.value.body["error"]["type"] == "overloaded_error"


async def test_error_after_the_stream_began(env):
    env.up.script(openai_stream(["one", "two", "three"], cut_after=3))
    async with env.http() as http:
        resp = await http.post(
            "/v1/messages", json={"model": "gpt-test", "max_tokens": 5, "messages": HI, "stream": True}
        )
    evs = events(resp.content)
    names = [n for n, _ in evs]
    assert names[0] == "message_start" and names[-1] == "error" and "message_stop" not in names
    assert evs[-1][1]["error"]["type"] in ("overloaded_error", "api_error") and evs[-1][1]["error"]["message"]

    env.up.script(openai_stream(["one", "two", "three"], cut_after=3))
    client = env.anthropic()
    with pytest.raises(anthropic.APIError):
        async with client.messages.stream(model="gpt-test", max_tokens=5, messages=HI) as stream:
            async for _ in stream:
                pass


async def test_x_api_key_and_disconnect(env):
    store = env.srv.server.components.store
    _, secret = await store.client_keys.create({"chat"})
    await env.srv.server.components.live.reload()
    with pytest.raises(anthropic.AuthenticationError) as denied:
        await env.anthropic(api_key="llmr_nope_nope").messages.create(model="gpt-test", max_tokens=5, messages=HI)
    assert denied.value.body["error"]["type"] == "authentication_error"
    env.up.script(openai_completion("ok"))
    msg = await env.anthropic(api_key=secret).messages.create(model="gpt-test", max_tokens=5, messages=HI)
    assert msg.content[0].text == "ok"

    env.up.script(
        SSEReply(
            [sse(openai_chunk("", role="assistant")), sse(openai_chunk("first")), sse(openai_chunk("x"))],
            delays={2: math.inf},
        )
    )
    async with (
        env.http() as http,
        http.stream(
            "POST",
            "/v1/messages",
            headers={"x-api-key": secret},
            json={"model": "gpt-test", "max_tokens": 5, "messages": HI, "stream": True},
        ) as resp,
    ):
        assert resp.status_code == 200
        async for line in resp.aiter_lines():
            if "first" in line:
                break
    assert await env.up.last.wait_disconnected(3.0)
