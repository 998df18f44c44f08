"""The hand-written Python client (llmrouter.client) against the real server."""

from __future__ import annotations

import grpc
import pytest
from support.cloud_setup import add_provider, add_route
from support.fakes.openai_replies import openai_completion, openai_error, openai_stream
from support.fakes.server import FakeUpstream

from llmrouter.client import Client, LLMRouterError


@pytest.fixture
async def env(server):
    async with FakeUpstream.start() as up:
        await add_provider(server, "oai", up.openai_base_url)
        await add_route(server, "gpt", "gpt-*", ("oai", ""))
        async with Client(server.address) as llm:
            yield llm, up


async def test_stream_text_and_chat(env):
    llm, up = env
    up.script(openai_stream(["Hel", "lo"]), openai_completion("Hi there"))
    text = "".join(
        [
            t
            async for t in llm.stream_text(
                "gpt-4o", [{"role": "system", "content": "Be brief"}, {"role": "user", "content": "Hi"}], max_tokens=5
            )
        ]
    )
    assert text == "Hello"
    assert up.requests[0].json()["messages"][0] == {"role": "system", "content": "Be brief"}
    assert up.requests[0].json()["max_tokens"] == 5
    reply = await llm.chat("gpt-4o", [{"role": "user", "content": "Hi"}], temperature=0.1)
    assert reply.message.content == "Hi there" and reply.summary.served_by.provider == "providers/oai"
    assert {m.id for m in await llm.list_models()} >= {"gpt-*"}


async def test_errors_carry_their_details(env):
    llm, up = env
    with pytest.raises(LLMRouterError) as info:
        await llm.chat("nothing-routes-here", [{"role": "user", "content": "Hi"}])
    assert info.value.code == grpc.StatusCode.NOT_FOUND and info.value.reason == "NO_ROUTE"
    with pytest.raises(LLMRouterError) as info:
        await llm.chat("gpt-4o", [])
    assert "messages" in info.value.field_violations
    up.route("/v1/chat/completions", openai_error(429, "slow down", headers={"Retry-After": "7"}))
    with pytest.raises(LLMRouterError) as info:
        async for _ in llm.stream_chat("gpt-4o", [{"role": "user", "content": "Hi"}], timeout=3):
            pass
    assert info.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED and info.value.retry_after == pytest.approx(7, abs=0.5)
    with pytest.raises(ValueError, match="unknown role"):
        await llm.chat("gpt-4o", [{"role": "wizard", "content": "x"}])


async def test_leaving_a_stream_early_stops_the_upstream(env):
    llm, up = env
    import math

    up.script(openai_stream(["a", "b", "c"], delays={3: math.inf}))
    async for msg in llm.stream_chat("gpt-4o", [{"role": "user", "content": "Hi"}]):
        assert msg.delta.text
        break
    assert await up.requests[0].wait_disconnected(2.0)
