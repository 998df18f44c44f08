"""REST bridge: the OpenAI Responses API (``POST /v1/responses``) through the official `openai`
SDK (``responses.create``, ``responses.stream``, ``responses.parse``, function-tool loops) and
raw SSE bytes, in front of the production gRPC server in front of the OpenAI-type and the
Anthropic-type fake upstreams. Every test asserts what reached the provider too.

Shapes: OpenAI API reference, "Create a model response" and "The response object"
(https://platform.openai.com/docs/api-reference/responses), "Streaming events"
(https://platform.openai.com/docs/api-reference/responses-streaming), function calling
(https://platform.openai.com/docs/guides/function-calling?api-mode=responses).
"""

from __future__ import annotations

import json
import re

import openai
import pytest
from pydantic import BaseModel
from support.bridge_env import bridge_env
from support.fakes.anthropic_replies import anthropic_message
from support.fakes.openai_replies import openai_chunk, openai_completion, openai_error, openai_stream
from support.fakes.server import SSEReply
from support.fakes.wire import FIXTURES, sse

TOOLS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }
]


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        yield e


def events(raw: bytes) -> list[tuple[str, dict]]:
    """(event, data) of each SSE frame, asserting the framing and the sequence numbers."""
    text = raw.decode()
    assert text.endswith("\n\n"), text[-80:]
    out = []
    for f in text[:-2].split("\n\n"):
        head, data = f.split("\n")
        assert head.startswith("event: ") and data.startswith("data: "), f
        doc = json.loads(data[6:])
        assert doc["type"] == head[7:]
        out.append((head[7:], doc))
    assert [d["sequence_number"] for _, d in out] == list(range(len(out)))
    return out


def normalized(raw: bytes) -> bytes:
    """Ids and timestamps replaced by stable placeholders, in order of appearance."""
    seen: dict[str, str] = {}

    def sub(m: re.Match) -> str:
        return seen.setdefault(m.group(0), f"{m.group(1)}_{len([k for k in seen if k.startswith(m.group(1))])}")

    out = re.sub(rb'"created_at":\d+', b'"created_at":0', raw)
    return re.sub(r"\b(resp|msg|fc|rs)_[0-9a-f]{32}\b", sub, out.decode()).encode()


def fixture(name: str) -> bytes:
    """A bridge output fixture, without its leading comment lines (which cite the docs)."""
    raw = (FIXTURES.parent / "bridge" / name).read_bytes()
    while raw.startswith(b":"):
        raw = raw[raw.index(b"\n") + 1 :]
    return raw


# ------------------------------------------------------------------ create, unary


async def test_create_with_instructions_and_string_input(env):
    env.up.script(openai_completion("Hello there!", usage=(12, 3, 0)))
    client = env.openai()
    r = await client.responses.create(
        model="gpt-test",
        instructions="Be brief.",
        input="Say hello",
        max_output_tokens=50,
        temperature=0.5,
        top_p=0.9,
        metadata={"team": "search"},
        user="u-42",
        store=False,
    )
    assert r.output_text == "Hello there!"
    assert r.status == "completed" and r.incomplete_details is None and r.error is None
    assert r.id.startswith("resp_") and r.object == "response" and r.model == "gpt-test"
    assert r.output[0].type == "message" and r.output[0].role == "assistant" and r.output[0].id.startswith("msg_")
    assert r.usage.input_tokens == 12 and r.usage.output_tokens == 3 and r.usage.total_tokens == 15
    assert r.instructions == "Be brief." and r.max_output_tokens == 50 and r.metadata == {"team": "search"}
    sent = env.up.last.json()
    assert sent["messages"] == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello"}]
    assert sent["max_tokens"] == 50 or sent.get("max_completion_tokens") == 50
    assert sent["temperature"] == 0.5 and sent["top_p"] == pytest.approx(0.9)


async def test_length_stop_is_incomplete_with_max_output_tokens(env):
    env.up.script(openai_completion("Once upon a", finish_reason="length"))
    r = await env.openai().responses.create(model="gpt-test", input="Tell a story", max_output_tokens=3, store=False)
    assert r.status == "incomplete"
    assert r.incomplete_details.reason == "max_output_tokens"
    assert r.output_text == "Once upon a"


async def test_items_input_with_images_and_prior_turns(env):
    env.up.script(openai_completion("A red square."))
    url = "data:image/png;base64,iVBORw0KGgo="
    r = await env.openai().responses.create(
        model="gpt-test",
        store=False,
        input=[
            {"role": "developer", "content": "Describe images."},
            {"role": "user", "content": [{"type": "input_text", "text": "Earlier"}]},
            {"role": "assistant", "content": [{"type": "output_text", "text": "Noted."}]},
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "What is this?"},
                    {"type": "input_image", "image_url": url, "detail": "low"},
                ],
            },
        ],
    )
    assert r.output_text == "A red square."
    assert env.up.last.json()["messages"] == [
        {"role": "system", "content": "Describe images."},
        {"role": "user", "content": "Earlier"},
        {"role": "assistant", "content": "Noted."},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image_url", "image_url": {"url": url, "detail": "low"}},
            ],
        },
    ]


class Person(BaseModel):
    name: str
    age: int


async def test_parse_with_a_pydantic_model(env):
    env.up.script(openai_completion('{"name": "Ada", "age": 36}'))
    r = await env.openai().responses.parse(model="gpt-test", input="Who?", text_format=Person, store=False)
    assert r.output_parsed == Person(name="Ada", age=36)
    rf = env.up.last.json()["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["name"] == "Person" and rf["json_schema"]["strict"]
    assert set(rf["json_schema"]["schema"]["properties"]) == {"name", "age"}
    assert r.text.format.type == "json_schema"


async def test_reasoning_effort_and_the_upstream_reasoning_as_a_summary(env):
    env.up.script(openai_completion("9.8", reasoning="compare tenths", usage=(30, 70, 0), reasoning_tokens=60))
    r = await env.openai().responses.create(
        model="gpt-test", input="9.11 or 9.8?", reasoning={"effort": "high", "summary": "auto"}, store=False
    )
    assert env.up.last.json()["reasoning_effort"] == "high"
    assert [o.type for o in r.output] == ["reasoning", "message"]
    assert r.output[0].summary[0].text == "compare tenths"
    assert r.usage.output_tokens_details.reasoning_tokens == 60
    assert r.reasoning.effort == "high"


# ------------------------------------------------------------------ function tools


def _call(call_id: str, name: str, args: str) -> list[dict]:
    return [{"id": call_id, "type": "function", "function": {"name": name, "arguments": args}}]


async def test_function_tool_loop_sending_the_items_back(env):
    env.up.script(
        openai_completion("", tool_calls=_call("call_1", "get_weather", '{"city":"Oslo"}'), finish_reason="tool_calls")
    )
    client = env.openai()
    conversation: list = [{"role": "user", "content": "Weather in Oslo?"}]
    r = await client.responses.create(
        model="gpt-test", input=conversation, tools=TOOLS, tool_choice="auto", parallel_tool_calls=False, store=False
    )
    calls = [o for o in r.output if o.type == "function_call"]
    assert len(calls) == 1 and calls[0].name == "get_weather" and calls[0].call_id == "call_1"
    assert json.loads(calls[0].arguments) == {"city": "Oslo"}
    sent = env.up.last.json()
    assert sent["tools"][0]["function"]["name"] == "get_weather" and sent["parallel_tool_calls"] is False
    assert sent["tool_choice"] == "auto"

    conversation += [o.model_dump(exclude_none=True) for o in r.output]
    conversation.append({"type": "function_call_output", "call_id": "call_1", "output": '{"temp": 3}'})
    env.up.script(openai_completion("It is 3 degrees."))
    r2 = await client.responses.create(model="gpt-test", input=conversation, tools=TOOLS, store=False)
    assert r2.output_text == "It is 3 degrees."
    msgs = env.up.last.json()["messages"]
    assert msgs[0] == {"role": "user", "content": "Weather in Oslo?"}
    assert msgs[1]["role"] == "assistant"
    assert msgs[1]["tool_calls"] == _call("call_1", "get_weather", '{"city":"Oslo"}')
    assert msgs[2] == {"role": "tool", "tool_call_id": "call_1", "content": '{"temp": 3}'}


async def test_streamed_function_call_events(env):
    frames = [
        sse(openai_chunk("", role="assistant")),
        sse(
            openai_chunk(
                tool_calls=[
                    {
                        "index": 0,
                        "id": "call_9",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": ""},
                    }
                ]
            )
        ),
        sse(openai_chunk(tool_calls=[{"index": 0, "function": {"arguments": '{"city":'}}])),
        sse(openai_chunk(tool_calls=[{"index": 0, "function": {"arguments": '"Rome"}'}}])),
        sse(openai_chunk(None, finish_reason="tool_calls")),
        b"data: [DONE]\n\n",
    ]
    env.up.script(SSEReply(frames))
    async with env.openai().responses.stream(model="gpt-test", input="Rome?", tools=TOOLS, store=False) as stream:
        kinds = [e.type async for e in stream]
        final = await stream.get_final_response()
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[-1] == "response.completed"
    assert "response.function_call_arguments.delta" in kinds and "response.function_call_arguments.done" in kinds
    call = final.output[0]
    assert call.type == "function_call" and call.call_id == "call_9" and call.arguments == '{"city":"Rome"}'


# ------------------------------------------------------------------ streaming


async def test_stream_with_the_sdk(env):
    env.up.script(openai_stream(["Hel", "lo", "!"], usage=(7, 3, 0)))
    async with env.openai().responses.stream(model="gpt-test", input="hi", store=False) as stream:
        deltas = [e.delta async for e in stream if e.type == "response.output_text.delta"]
        final = await stream.get_final_response()
    assert "".join(deltas) == "Hello!"  # deltas that arrive together are sent as one
    assert final.output_text == "Hello!" and final.status == "completed"
    assert final.usage.input_tokens == 7 and final.usage.output_tokens == 3

    env.up.script(openai_stream(["ab"]))
    got = await env.openai().responses.create(model="gpt-test", input="hi", stream=True, store=False)
    kinds = [e.type async for e in got]
    assert kinds == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]


async def test_raw_sse_bytes_match_the_fixture(env):
    env.up.script(openai_stream(["Hi there"], usage=(9, 2, 0)))
    async with env.http() as http:
        resp = await http.post(
            "/v1/responses", json={"model": "gpt-test", "input": "hi", "stream": True, "store": False}
        )
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
    events(resp.content)  # framing and sequence numbers
    assert normalized(resp.content) == fixture("responses_text.sse")


async def test_raw_sse_incomplete_and_failure_after_output(env):
    env.up.script(openai_stream(["Once"], finish_reason="length"))
    async with env.http() as http:
        resp = await http.post(
            "/v1/responses",
            json={"model": "gpt-test", "input": "x", "stream": True, "max_output_tokens": 1, "store": False},
        )
        evs = events(resp.content)
        assert evs[-1][0] == "response.incomplete"
        assert evs[-1][1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}
        assert evs[-1][1]["response"]["status"] == "incomplete"

        frames = [sse(openai_chunk("", role="assistant")), sse(openai_chunk("partial"))]
        env.up.script(SSEReply(frames, cut_after=2))
        resp = await http.post(
            "/v1/responses", json={"model": "gpt-test", "input": "x", "stream": True, "store": False}
        )
    assert resp.status_code == 200
    evs = events(resp.content)
    kinds = [k for k, _ in evs]
    assert "response.output_text.delta" in kinds and "response.completed" not in kinds
    assert kinds[-2:] == ["error", "response.failed"]
    assert evs[-1][1]["response"]["status"] == "failed" and evs[-1][1]["response"]["error"]["message"]


async def test_errors_before_output_are_openai_error_bodies(env):
    env.up.script(openai_error(429, "slow down", type="rate_limit_error"))
    client = env.openai()
    with pytest.raises(openai.RateLimitError):
        await client.responses.create(model="gpt-test", input="x", store=False)
    with pytest.raises(openai.BadRequestError) as exc:
        await client.responses.create(model="gpt-test", input=[{"type": "web_search_call"}], store=False)
    assert exc.value.body["param"] == "input[0].type"
    async with env.http() as http:
        for doc, param in (
            ({"input": "x"}, "model"),
            ({"model": "gpt-test"}, "input"),
            ({"model": "gpt-test", "input": "x", "tools": [{"type": "web_search"}]}, "tools[0].type"),
            ({"model": "gpt-test", "input": "x", "max_output_tokens": 0}, "max_output_tokens"),
            ({"model": "gpt-test", "input": "x", "text": {"format": {"type": "yaml"}}}, "text.format.type"),
            ({"model": "gpt-test", "input": "x", "background": True}, "background"),
            ({"model": "gpt-test", "input": "x", "truncation": "auto"}, "truncation"),
            (
                {
                    "model": "gpt-test",
                    "input": [{"role": "user", "content": [{"type": "input_image", "file_id": "f"}]}],
                },
                "input[0].content[0].file_id",
            ),
        ):
            resp = await http.post("/v1/responses", json=doc)
            assert resp.status_code == 400, doc
            assert resp.json()["error"]["param"] == param, (doc, resp.json())
            assert resp.json()["error"]["type"] == "invalid_request_error"
        resp = await http.post("/v1/responses", content=b"{nope")
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "invalid_json"


# ------------------------------------------------------------------ Anthropic-type upstream


async def test_anthropic_upstream_through_responses(env):
    env.up.script(anthropic_message("Bonjour", model="claude-test"))
    r = await env.openai().responses.create(
        model="claude-test", instructions="Speak French.", input="Hello", max_output_tokens=20, store=False
    )
    assert r.output_text == "Bonjour"
    sent = env.up.last.json()
    assert sent["system"] in ("Speak French.", [{"type": "text", "text": "Speak French."}])
    assert sent["messages"] == [{"role": "user", "content": "Hello"}] or sent["messages"][0]["role"] == "user"
    assert sent["max_tokens"] == 20


def test_encoder_reasoning_then_parallel_calls_matches_the_fixture():
    """Deterministic (no server merging deltas): reasoning summary events, then two function
    calls streamed side by side, then the usage, against the fixture byte by byte."""
    from llmrouter.v1 import chat_pb2
    from llmrouter.v1 import chat_service_pb2 as cs
    from service.bridge.responses.format import ResponsesStream
    from service.bridge.responses.request import responses_request

    _, opts = responses_request(
        {"model": "gpt-test", "input": "go", "tools": TOOLS, "stream": True, "store": False}, "rid"
    )
    enc = ResponsesStream("resp_" + "a" * 32, opts, created_at=1700000000)
    first = cs.StreamChatResponse(delta=chat_pb2.ChatDelta(reasoning="Two cities"))
    out = enc.opening(first) + enc.delta(first.delta)
    out += enc.delta(chat_pb2.ChatDelta(reasoning=": call both."))
    tc = chat_pb2.ToolCallDelta
    out += enc.delta(
        chat_pb2.ChatDelta(
            tool_calls=[
                tc(index=0, id="call_a", name="get_weather", arguments='{"city":'),
                tc(index=1, id="call_b", name="get_weather", arguments='{"city":"Rome"}'),
            ]
        )
    )
    out += enc.delta(chat_pb2.ChatDelta(tool_calls=[tc(index=0, arguments='"Oslo"}')]))
    usage = chat_pb2.Usage(prompt_tokens=20, completion_tokens=30, reasoning_tokens=10)
    out += enc.closing(chat_pb2.ChatSummary(finish_reason=chat_pb2.FINISH_REASON_TOOL_CALLS, usage=usage))
    events(out)
    assert normalized(out) == fixture("responses_reasoning_calls.sse")
    assert [i["type"] for i in enc.final["output"]] == ["reasoning", "function_call", "function_call"]


async def test_anthropic_thinking_and_tool_use_round_trip_as_items(env):
    """Streamed from an Anthropic-type provider: the signed thinking becomes a reasoning item
    (signature in encrypted_content) and the tool_use a function_call; sent back as items,
    the provider gets the signed thinking block and the tool_use again."""
    from support.fakes.wire import fixture_reply

    env.up.script(fixture_reply("anthropic/messages_stream_thinking_tool_use.sse"))
    client = env.openai()
    tools = [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}}]
    async with client.responses.stream(
        model="claude-test", input="Weather in Paris?", tools=tools, reasoning={"effort": "medium"}, store=False
    ) as stream:
        final = await stream.get_final_response()
    kinds = [o.type for o in final.output]
    assert kinds == ["reasoning", "function_call"]
    reasoning, call = final.output
    assert reasoning.summary[0].text == "The user wants the weather in Paris. I should call get_weather."
    assert reasoning.encrypted_content == "EqQBCgIYAhIMtool1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"
    assert call.call_id == "toolu_01ThinkWeather" and call.name == "get_weather"

    env.up.script(anthropic_message("18 degrees.", model="claude-test"))
    items = [{"role": "user", "content": "Weather in Paris?"}]
    items += [o.model_dump(exclude_none=True) for o in final.output]
    items.append({"type": "function_call_output", "call_id": call.call_id, "output": "18C"})
    r = await client.responses.create(
        model="claude-test", input=items, tools=tools, reasoning={"effort": "medium"}, store=False
    )
    assert r.output_text == "18 degrees."
    assistant = env.up.last.json()["messages"][1]
    assert assistant["role"] == "assistant"
    blocks = assistant["content"]
    assert blocks[0]["type"] == "thinking" and blocks[0]["signature"] == reasoning.encrypted_content
    assert blocks[1]["type"] == "tool_use" and blocks[1]["id"] == "toolu_01ThinkWeather"
    assert env.up.last.json()["messages"][2]["content"][0]["type"] == "tool_result"


@pytest.mark.mlx
async def test_local_tiny_model_through_responses(env, tiny_model_dir):
    from llmrouter.v1 import provider_admin_service_pb2 as pa
    from llmrouter.v1 import provider_pb2 as p
    from llmrouter.v1 import route_pb2 as r
    from llmrouter.v1 import routing_service_pb2 as rs

    await env.srv.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/local", provider_model=p.ProviderModel(model_id="tiny", source=tiny_model_dir)
        )
    )
    await env.srv.routes.CreateRoute(
        rs.CreateRouteRequest(
            route=r.Route(model_pattern="tiny", priority=20, target=r.RouteTarget(provider="providers/local")),
            route_id="tiny",
        )
    )
    await env.srv.server.components.live.reload()
    client = env.openai()
    got = await client.responses.create(model="tiny", input="Hello", max_output_tokens=4, temperature=0)
    assert got.status in ("completed", "incomplete") and got.usage.output_tokens <= 4
    if got.status == "incomplete":
        assert got.incomplete_details.reason == "max_output_tokens" and got.usage.output_tokens == 4
    # Iterated, not get_final_response(): the SDK's helper wants response.completed, and a
    # length stop ends with the documented response.incomplete instead.
    stream = await client.responses.create(
        model="tiny", input="Hello", max_output_tokens=4, temperature=0, previous_response_id=got.id, stream=True
    )
    last = [e async for e in stream][-1]
    assert last.type in ("response.completed", "response.incomplete")
    final = last.response
    assert final.previous_response_id == got.id and final.usage.input_tokens > got.usage.input_tokens
