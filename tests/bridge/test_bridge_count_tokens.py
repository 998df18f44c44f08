"""REST bridge: Anthropic's ``POST /v1/messages/count_tokens`` through the official `anthropic`
SDK (``messages.count_tokens``): forwarded to an Anthropic-type provider (its exact count),
exact on a local model (its tokenizer and chat template), and an estimate that says so on an
OpenAI-type provider. Also the gRPC ``CountTokens`` call behind it.

Shapes: Anthropic API reference, "Count Message tokens"
(https://docs.anthropic.com/en/api/messages-count-tokens).
"""

from __future__ import annotations

import anthropic
import pytest
from support.bridge_env import bridge_env
from support.fakes.server import JSONReply

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs

TOOL = {
    "name": "get_weather",
    "description": "Weather in a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        yield e


async def test_forwarded_to_an_anthropic_type_provider(env):
    env.up.script(JSONReply({"input_tokens": 42}))
    client = env.anthropic()
    got = await client.messages.count_tokens(
        model="claude-test",
        system="Be brief.",
        messages=[{"role": "user", "content": "Hello, Claude"}],
        tools=[TOOL],
    )
    assert got.input_tokens == 42
    req = env.up.last
    assert req.path.endswith("/v1/messages/count_tokens")
    sent = req.json()
    assert sent["model"] == "claude-test" and sent["messages"] == [{"role": "user", "content": "Hello, Claude"}]
    assert sent["tools"][0]["name"] == "get_weather"
    assert "max_tokens" not in sent and "stream" not in sent
    assert "Be brief." in str(sent["system"])
    async with env.http() as http:
        env.up.script(JSONReply({"input_tokens": 7}))
        resp = await http.post(
            "/v1/messages/count_tokens", json={"model": "claude-test", "messages": [{"role": "user", "content": "x"}]}
        )
    assert resp.json() == {"input_tokens": 7} and resp.headers["x-llmrouter-token-count"] == "exact"


async def test_an_estimate_for_an_openai_type_provider_says_so(env):
    client = env.anthropic()
    text = "word " * 100
    raw = await client.messages.with_raw_response.count_tokens(
        model="gpt-test", messages=[{"role": "user", "content": text}]
    )
    assert raw.headers["x-llmrouter-token-count"] == "estimate"
    got = await raw.parse()
    assert got.input_tokens == 125 + 4 + 3  # 500 characters / 4, one message, the reply's priming
    assert got.model_extra["estimated"] is True
    assert not env.up.requests  # nothing was sent upstream


async def test_errors_in_the_anthropic_shape(env):
    client = env.anthropic()
    with pytest.raises(anthropic.BadRequestError) as exc:
        await client.messages.count_tokens(model="claude-test", messages=[])
    assert exc.value.body["type"] == "error" and exc.value.body["error"]["type"] == "invalid_request_error"
    assert "messages" in exc.value.body["error"]["message"]
    async with env.http() as http:
        resp = await http.post("/v1/messages/count_tokens", content=b"[1]")
        assert resp.status_code == 400 and resp.json()["type"] == "error"
        resp = await http.post("/v1/messages/count_tokens", json={"model": "nothing-routes-here ", "messages": []})
        assert resp.status_code == 400
    env.up.script(JSONReply({"type": "error", "error": {"type": "overloaded_error", "message": "busy"}}, status=529))
    with pytest.raises(anthropic.APIStatusError) as exc2:
        await client.messages.count_tokens(model="claude-test", messages=[{"role": "user", "content": "x"}])
    assert exc2.value.status_code in (503, 529) and exc2.value.body["error"]["type"] == "overloaded_error"


@pytest.mark.mlx
async def test_exact_for_a_local_model(env, tiny_model_dir):
    from transformers import AutoTokenizer

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
    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    msgs = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What time is the train?"}]
    ids = tok.apply_chat_template(msgs, add_generation_prompt=True, tokenize=True)
    expected = len(ids["input_ids"] if hasattr(ids, "keys") else ids)  # a BatchEncoding on newer transformers

    raw = await env.anthropic().messages.with_raw_response.count_tokens(
        model="tiny", system="Be brief.", messages=[{"role": "user", "content": "What time is the train?"}]
    )
    assert (await raw.parse()).input_tokens == expected
    assert (
        raw.headers["x-llmrouter-token-count"] == "exact" and raw.headers["x-llmrouter-provider"] == "providers/local"
    )

    # The same over gRPC.
    got = await env.srv.chat.CountTokens(
        cs.CountTokensRequest(
            model="tiny",
            messages=[
                chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content="Be brief."),
                chat_pb2.Message(role=chat_pb2.ROLE_USER, content="What time is the train?"),
            ],
        )
    )
    assert got.input_tokens == expected and not got.estimated and got.served_by.model == "tiny"
