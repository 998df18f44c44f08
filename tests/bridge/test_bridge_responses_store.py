"""REST bridge, Responses API conversation state: `store` (on by default, as OpenAI documents),
`previous_response_id`, GET / DELETE /v1/responses/{id}, GET /v1/responses/{id}/input_items,
the retention setting, one owner per stored response, and two replicas on PostgreSQL sharing
the stored responses. Through the official `openai` SDK in front of the production server.

Shapes: OpenAI API reference, "Get a model response", "Delete a model response", "List input
items" (https://platform.openai.com/docs/api-reference/responses), conversation state
(https://platform.openai.com/docs/guides/conversation-state?api-mode=responses).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json

import openai
import pytest
from support.bridge_env import Env, bridge_env, setup_routes
from support.fakes.openai_replies import openai_completion, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import create_pg_database, drop_pg_database, running_server

from service.bridge.serving import start_bridge

TOOLS = [
    {
        "type": "function",
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    }
]


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        yield e


async def test_stored_by_default_then_continued_read_listed_and_deleted(env):
    client = env.openai()
    env.up.script(openai_completion("Paris."))
    first = await client.responses.create(model="gpt-test", instructions="Be terse.", input="Capital of France?")
    assert first.store is True

    got = await client.responses.retrieve(first.id)
    assert got.id == first.id and got.output_text == "Paris." and got.status == "completed"

    items = await client.responses.input_items.list(first.id)
    assert [(i.type, i.role, i.content[0].text) for i in items.data] == [("message", "user", "Capital of France?")]
    assert items.data[0].id.startswith("msg_")

    # Continued: the upstream sees the earlier turn (not its instructions: they are not carried over).
    env.up.script(openai_stream(["About 2.1 ", "million."]))
    async with client.responses.stream(
        model="gpt-test", input="Its population?", previous_response_id=first.id, instructions="Use numbers."
    ) as stream:
        second = await stream.get_final_response()
    assert second.previous_response_id == first.id and second.output_text == "About 2.1 million."
    assert env.up.last.json()["messages"] == [
        {"role": "system", "content": "Use numbers."},
        {"role": "user", "content": "Capital of France?"},
        {"role": "assistant", "content": "Paris."},
        {"role": "user", "content": "Its population?"},
    ]
    # The streamed one was stored before its last event went out: a third turn finds it.
    env.up.script(openai_completion("Yes."))
    third = await client.responses.create(model="gpt-test", input="Sure?", previous_response_id=second.id)
    assert [m["content"] for m in env.up.last.json()["messages"]] == [
        "Capital of France?",
        "Paris.",
        "Its population?",
        "About 2.1 million.",
        "Sure?",
    ]

    deleted = await client.responses.delete(third.id)
    assert deleted is None or getattr(deleted, "deleted", True)
    with pytest.raises(openai.NotFoundError):
        await client.responses.retrieve(third.id)
    with pytest.raises(openai.NotFoundError) as exc:
        await client.responses.create(model="gpt-test", input="x", previous_response_id=third.id)
    assert exc.value.body["param"] == "previous_response_id"
    with pytest.raises(openai.NotFoundError):
        await client.responses.delete(third.id)


async def test_function_tool_loop_with_previous_response_id(env):
    client = env.openai()
    call = [{"id": "call_7", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}]
    env.up.script(openai_completion("", tool_calls=call, finish_reason="tool_calls"))
    r = await client.responses.create(model="gpt-test", input="Weather in Oslo?", tools=TOOLS)
    fc = next(o for o in r.output if o.type == "function_call")
    env.up.script(openai_completion("3 degrees."))
    r2 = await client.responses.create(
        model="gpt-test",
        previous_response_id=r.id,
        tools=TOOLS,
        input=[{"type": "function_call_output", "call_id": fc.call_id, "output": '{"temp":3}'}],
    )
    assert r2.output_text == "3 degrees."
    msgs = env.up.last.json()["messages"]
    assert msgs[0] == {"role": "user", "content": "Weather in Oslo?"}
    assert msgs[1]["role"] == "assistant" and msgs[1]["tool_calls"] == call
    assert msgs[2] == {"role": "tool", "tool_call_id": "call_7", "content": '{"temp":3}'}


async def test_store_false_is_not_kept_and_bad_queries(env):
    client = env.openai()
    env.up.script(openai_completion("ok"))
    r = await client.responses.create(model="gpt-test", input="x", store=False)
    with pytest.raises(openai.NotFoundError):
        await client.responses.retrieve(r.id)
    async with env.http() as http:
        for path in ("/v1/responses/resp_nope", "/v1/responses/../etc", "/v1/responses/resp_x/input_items"):
            resp = await http.get(path)
            assert resp.status_code == 404 and resp.json()["error"]["type"] == "invalid_request_error", path
        env.up.script(openai_completion("ok"))
        rid = (await client.responses.create(model="gpt-test", input="x")).id
        for query, param in (("limit=0", "limit"), ("limit=x", "limit"), ("order=up", "order")):
            resp = await http.get(f"/v1/responses/{rid}/input_items?{query}")
            assert resp.status_code == 400 and resp.json()["error"]["param"] == param
        resp = await http.patch(f"/v1/responses/{rid}")
        assert resp.status_code == 405


async def test_retention_prunes_old_responses(tmp_path):
    async with bridge_env(tmp_path) as env:
        env.up.script(openai_completion("ok"))
        rid = (await env.openai().responses.create(model="gpt-test", input="x")).id
        assert await env.srv.server.prune_responses_now() == 0  # the default keeps 30 days
        env.srv.server.settings = dataclasses.replace(env.srv.server.settings, responses_retention_hours=1e-9)
        assert await env.srv.server.prune_responses_now() == 1
        with pytest.raises(openai.NotFoundError):
            await env.openai().responses.retrieve(rid)


async def test_a_stored_response_is_visible_only_to_its_key(env):
    keys = env.srv.server.components.store.client_keys
    _, key_a = await keys.create({"chat"}, "a")
    _, key_b = await keys.create({"chat"}, "b")
    await env.srv.server.components.live.reload()
    a, b = env.openai(api_key=key_a), env.openai(api_key=key_b)
    env.up.script(openai_completion("secret of A"))
    r = await a.responses.create(model="gpt-test", input="x")
    assert (await a.responses.retrieve(r.id)).output_text == "secret of A"
    with pytest.raises(openai.NotFoundError):
        await b.responses.retrieve(r.id)
    with pytest.raises(openai.NotFoundError):
        await b.responses.input_items.list(r.id)
    with pytest.raises(openai.NotFoundError):
        await b.responses.delete(r.id)
    with pytest.raises(openai.NotFoundError):
        await b.responses.create(model="gpt-test", input="y", previous_response_id=r.id)
    forged = key_a.rsplit("_", 1)[0] + "_wrong"
    with pytest.raises(openai.AuthenticationError):
        await env.openai(api_key=forged).responses.retrieve(r.id)
    async with env.http() as http:
        resp = await http.get(f"/v1/responses/{r.id}")  # no key at all
        assert resp.status_code == 401 and resp.json()["error"]["type"] == "authentication_error"
    assert (await a.responses.retrieve(r.id)).id == r.id  # B's attempts deleted nothing


async def test_two_replicas_on_postgres_share_stored_responses(tmp_path):
    db = await create_pg_database(tmp_path)
    envs: list[Env] = []
    try:
        async with (
            FakeUpstream.start() as up,
            running_server(db, max_attempts_per_target=1) as srv1,
            running_server(dataclasses.replace(db, data_dir=tmp_path / "data2"), max_attempts_per_target=1) as srv2,
        ):
            await setup_routes(srv1, up)
            await srv2.server.components.live.reload()
            for srv in (srv1, srv2):
                settings = dataclasses.replace(srv.settings, http="127.0.0.1:0")
                bridge = await start_bridge(
                    settings, srv.address, srv.server.components.responses, chat=srv.server.grpc.chat
                )
                envs.append(Env(srv, up, bridge))
            one, two = envs[0].openai(), envs[1].openai()
            up.script(openai_completion("Blue."))
            r = await one.responses.create(model="gpt-test", input="Sky colour?")
            up.script(openai_completion("Because of Rayleigh scattering."))
            r2 = await two.responses.create(model="gpt-test", input="Why?", previous_response_id=r.id)
            assert r2.output_text == "Because of Rayleigh scattering."
            assert [m["content"] for m in up.last.json()["messages"]] == ["Sky colour?", "Blue.", "Why?"]
            assert (await one.responses.retrieve(r2.id)).previous_response_id == r.id
            items = await one.responses.input_items.list(r2.id)
            assert json.loads(items.model_dump_json())["data"][0]["content"][0]["text"] == "Why?"
    finally:
        for e in envs:
            await e.aclose()
            await e.bridge.stop()
        await asyncio.shield(drop_pg_database(db))
