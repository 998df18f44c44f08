"""Cloud adapters through the real gRPC server, against fake upstreams on loopback."""

from __future__ import annotations

import asyncio
import json
import math

import grpc
import pytest
from support.cloud_setup import (
    ANTHROPIC_KEY,
    OPENAI_KEY,
    add_provider,
    add_route,
    collect,
    set_key,
    stream_request,
    user,
)
from support.fakes.anthropic_replies import anthropic_stream
from support.fakes.openai_replies import (
    openai_completion,
    openai_embeddings,
    openai_error,
    openai_models,
    openai_stream,
)
from support.fakes.server import FakeUpstream
from support.fakes.wire import fixture_reply
from support.harness import expect_error, running_server

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p


@pytest.fixture
async def up():
    async with FakeUpstream.start() as fake:
        yield fake


@pytest.fixture
async def cloud(server, up):
    await add_provider(server, "oai", up.openai_base_url)
    await add_provider(server, "ant", up.base_url, api_type=p.API_TYPE_ANTHROPIC, api_key=ANTHROPIC_KEY)
    await add_route(server, "gpt", "gpt-*", ("oai", ""))
    await add_route(server, "claude", "claude-*", ("ant", "claude-upstream"))
    return server


async def test_openai_stream_through_grpc(cloud, up):
    up.script(openai_stream(["Hel", "lo", " world"], usage=(12, 3, 4)))
    tools = [chat_pb2.Tool(name="get_weather", description="Weather")]
    tools[0].parameters.update({"type": "object", "properties": {"city": {"type": "string", "maxLength": 40}}})
    req = stream_request(
        "gpt-4o",
        chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content="Be brief"),
        user("Hi"),
        generation=chat_pb2.GenerationConfig(max_tokens=50, temperature=0.2, top_p=0.9, stop=["END"], seed=7),
        tools=tools,
        tool_choice=chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_AUTO),
        request_id="req-123",
    )
    text, _, _, summary, _ = await collect(cloud.chat.StreamChat(req))
    assert text == "Hello world"
    assert summary.finish_reason == chat_pb2.FINISH_REASON_STOP
    assert (summary.usage.prompt_tokens, summary.usage.completion_tokens, summary.usage.cached_prompt_tokens) == (
        12,
        3,
        4,
    )
    assert summary.usage.total_tokens == 15
    sb = summary.served_by
    assert (sb.provider, sb.model, sb.attempts, sb.fallback_index, sb.route) == (
        "providers/oai",
        "gpt-4o",
        1,
        0,
        "routes/gpt",
    )
    assert summary.request_id == "req-123"
    sent = up.last
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    body = sent.json()
    assert body["model"] == "gpt-4o" and body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["messages"][0] == {"role": "system", "content": "Be brief"}
    assert body["max_tokens"] == 50 and body["seed"] == 7 and body["stop"] == ["END"]
    assert body["tools"][0]["function"]["parameters"]["properties"]["city"]["maxLength"] == 40
    assert isinstance(body["tools"][0]["function"]["parameters"]["properties"]["city"]["maxLength"], int)


async def test_anthropic_tool_use_stream_through_grpc(cloud, up):
    up.script(fixture_reply("anthropic/messages_stream_tool_use.sse"))
    req = stream_request(
        "claude-sonnet",
        chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content="Rule one"),
        chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content="Rule two"),
        user("Weather in Paris?"),
        chat_pb2.Message(
            role=chat_pb2.ROLE_ASSISTANT,
            tool_calls=[chat_pb2.ToolCall(id="toolu_1", name="get_weather", arguments='{"city":"Paris"}')],
        ),
        chat_pb2.Message(role=chat_pb2.ROLE_TOOL, tool_call_id="toolu_1", content="18C"),
        tools=[chat_pb2.Tool(name="get_weather", description="Weather")],
    )
    _text, _, tools, summary, _ = await collect(cloud.chat.StreamChat(req))
    assert summary.finish_reason == chat_pb2.FINISH_REASON_TOOL_CALLS
    assert summary.served_by.model == "claude-upstream"
    calls: dict[int, dict] = {}
    for frag in tools:
        c = calls.setdefault(frag.index, {"id": "", "name": "", "args": ""})
        c["id"] = c["id"] or frag.id
        c["name"] = c["name"] or frag.name
        c["args"] += frag.arguments
    assert calls and all(c["id"] and c["name"] for c in calls.values())
    assert all(isinstance(json.loads(c["args"]), dict) for c in calls.values())
    assert sorted(calls) == list(range(len(calls)))
    sent = up.last
    assert sent.path == "/v1/messages"
    assert sent.headers["x-api-key"] == ANTHROPIC_KEY and sent.headers["anthropic-version"]
    body = sent.json()
    assert body["system"] == "Rule one\n\nRule two" and body["max_tokens"] > 0 and body["model"] == "claude-upstream"
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["user", "assistant", "user"]
    assert body["messages"][1]["content"][-1]["type"] == "tool_use"
    assert body["messages"][2]["content"][0] == {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"}


async def test_unary_chat_uses_the_non_streaming_endpoint(cloud, up):
    up.script(openai_completion("Hello!", usage=(9, 2, 0)))
    resp = await cloud.chat.Chat(cs.ChatRequest(model="gpt-4o-mini", messages=[user("Hi")]))
    assert resp.message.content == "Hello!" and resp.message.role == chat_pb2.ROLE_ASSISTANT
    assert resp.summary.usage.prompt_tokens == 9 and resp.summary.served_by.provider == "providers/oai"
    assert up.last.json().get("stream") in (None, False)


@pytest.mark.parametrize(
    "reply,code,reason",
    [
        (openai_error(400, "bad field 'foo'"), grpc.StatusCode.INVALID_ARGUMENT, "UPSTREAM_BAD_REQUEST"),
        (
            openai_error(401, "Incorrect API key provided", type="invalid_request_error", code="invalid_api_key"),
            grpc.StatusCode.UNAUTHENTICATED,
            "PROVIDER_CREDENTIAL_REJECTED",
        ),
        (openai_error(403, "forbidden"), grpc.StatusCode.PERMISSION_DENIED, "PROVIDER_PERMISSION_DENIED"),
        (
            openai_error(404, "The model does not exist", code="model_not_found"),
            grpc.StatusCode.NOT_FOUND,
            "UPSTREAM_MODEL_NOT_FOUND",
        ),
        (
            openai_error(400, "maximum context length is 8192 tokens", code="context_length_exceeded"),
            grpc.StatusCode.INVALID_ARGUMENT,
            "CONTEXT_LENGTH_EXCEEDED",
        ),
        (openai_error(503, "overloaded", type="server_error"), grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE"),
    ],
)
async def test_upstream_errors_map_to_statuses(cloud, up, reply, code, reason):
    up.route("/v1/chat/completions", reply)
    err = await expect_error(collect(cloud.chat.StreamChat(stream_request("gpt-4o"))), code)
    assert err.reason == reason
    assert err.metadata.get("provider") == "providers/oai"  # one form everywhere: the resource name
    assert OPENAI_KEY not in err.message and OPENAI_KEY not in json.dumps(err.metadata)


async def test_rate_limit_carries_retry_info(cloud, up):
    up.route(
        "/v1/chat/completions", openai_error(429, "slow down", type="rate_limit_error", headers={"Retry-After": "30"})
    )
    err = await expect_error(
        collect(cloud.chat.StreamChat(stream_request("gpt-4o"), timeout=5)), grpc.StatusCode.RESOURCE_EXHAUSTED
    )
    assert err.reason == "UPSTREAM_RATE_LIMITED" and err.retry_delay_s == pytest.approx(30, abs=1)


async def test_echoed_key_is_redacted(cloud, up):
    up.route("/v1/chat/completions", openai_error(401, f"Incorrect API key provided: {OPENAI_KEY}"))
    err = await expect_error(collect(cloud.chat.StreamChat(stream_request("gpt-4o"))), grpc.StatusCode.UNAUTHENTICATED)
    everything = err.message + json.dumps(err.metadata)
    assert OPENAI_KEY not in everything and OPENAI_KEY[6:20] not in everything
    assert "Incorrect API key" in everything  # upstream text is kept


async def test_stream_cut_midway_is_an_error_not_a_success(cloud, up):
    up.script(openai_stream(["a", "b", "c", "d"], cut_after=3))
    call = cloud.chat.StreamChat(stream_request("gpt-4o"))
    got = []
    with pytest.raises(grpc.aio.AioRpcError) as info:
        async for msg in call:
            got.append(msg)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    assert got and all(m.HasField("delta") for m in got)  # never a summary


async def test_missing_done_is_an_error(cloud, up):
    up.script(openai_stream(["a", "b"], done=False, cut="eof", cut_after=None))
    await expect_error(collect(cloud.chat.StreamChat(stream_request("gpt-4o"))), grpc.StatusCode.UNAVAILABLE)
    up.script(anthropic_stream(["x"], stop=False))
    err = await expect_error(collect(cloud.chat.StreamChat(stream_request("claude-3"))), grpc.StatusCode.UNAVAILABLE)
    assert err.reason == "UPSTREAM_STREAM_TRUNCATED"


async def test_anthropic_in_stream_error_event(cloud, up):
    up.script(fixture_reply("anthropic/messages_stream_error.sse"))
    err = await expect_error(collect(cloud.chat.StreamChat(stream_request("claude-3"))), grpc.StatusCode.UNAVAILABLE)
    assert err.metadata.get("provider") == "providers/ant"


async def test_cancel_closes_the_upstream_stream(cloud, up):
    up.script(openai_stream(["x"] * 5 + ["y"] * 5, delays={6: math.inf}))
    call = cloud.chat.StreamChat(stream_request("gpt-4o"))
    async for msg in call:  # deltas that arrive together may come as one message
        assert msg.delta.text.startswith("x")
        break
    call.cancel()
    req = await up.wait_requests(1)
    assert await req[0].wait_disconnected(2.0)


async def test_caller_deadline_caps_upstream_waits(cloud, up):
    up.script(openai_stream(["late"], first_delay=10))
    err = await expect_error(
        collect(cloud.chat.StreamChat(stream_request("gpt-4o"), timeout=0.5)), grpc.StatusCode.DEADLINE_EXCEEDED
    )
    assert err.code == grpc.StatusCode.DEADLINE_EXCEEDED


async def test_first_token_timeout(database, up):
    async with running_server(database, first_token_timeout_s=0.3, max_attempts_per_target=1) as srv:
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        up.script(openai_stream(["late"], first_delay=3))
        err = await expect_error(
            collect(srv.chat.StreamChat(stream_request("gpt-4o"), timeout=10)), grpc.StatusCode.DEADLINE_EXCEEDED
        )
        assert err.reason == "UPSTREAM_TIMEOUT"


async def test_connection_reuse_and_key_change(cloud, up):
    up.route("/v1/chat/completions", lambda req: openai_stream(["ok"]))
    for _ in range(4):
        await collect(cloud.chat.StreamChat(stream_request("gpt-4o")))
    assert up.connections == 1
    await set_key(cloud, "oai", "sk-rotated-key-5555")
    await collect(cloud.chat.StreamChat(stream_request("gpt-4o")))
    assert up.last.headers["authorization"] == "Bearer sk-rotated-key-5555"
    assert up.connections == 2  # a new client for the new key


async def test_embeddings(cloud, up):
    up.script(openai_embeddings([[0.1, 0.2], [0.3, 0.4]], shuffle=True, prompt_tokens=6))
    resp = await cloud.chat.Embed(cs.EmbedRequest(model="gpt-embed", inputs=["a", "b"]))
    assert [list(map(lambda x: round(x, 3), e.values)) for e in resp.embeddings] == [[0.1, 0.2], [0.3, 0.4]]
    assert resp.usage.prompt_tokens == 6 and resp.served_by.provider == "providers/oai"
    assert up.last.path == "/v1/embeddings" and up.last.json()["input"] == ["a", "b"]
    err = await expect_error(
        cloud.chat.Embed(cs.EmbedRequest(model="claude-embed", inputs=["a"])), grpc.StatusCode.UNIMPLEMENTED
    )
    assert "embeddings" in err.message
    from llmrouter.v1 import request_log_service_pb2 as rl
    from llmrouter.v1 import request_log_service_pb2_grpc

    logs = request_log_service_pb2_grpc.RequestLogServiceStub(cloud.channel)
    entries = (await logs.ListRequestLogs(rl.ListRequestLogsRequest())).entries
    assert [(e.method, e.requested_model, e.status, e.prompt_tokens) for e in entries] == [
        ("Embed", "claude-embed", "UNIMPLEMENTED", 0),
        ("Embed", "gpt-embed", "OK", 6),
    ]


async def test_verify_and_discover(cloud, up):
    up.route("/v1/models", openai_models(["gpt-a", "gpt-b"]))
    up.script(openai_completion("x"))
    await cloud.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/oai", provider_model=p.ProviderModel(model_id="gpt-a", is_default=True)
        )
    )
    ok = await cloud.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/oai"))
    assert ok.ok and ok.model == "gpt-a" and ok.latency_ms >= 0
    up.script(openai_error(401, "bad key"))
    bad = await cloud.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/oai"))
    assert not bad.ok and bad.failure_kind == pa.VERIFY_FAILURE_KIND_BAD_KEY
    up.script(openai_error(429, "later", headers={"Retry-After": "1"}))
    limited = await cloud.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/oai"))
    assert limited.failure_kind == pa.VERIFY_FAILURE_KIND_RATE_LIMITED
    found = await cloud.providers.DiscoverProviderModels(
        pa.DiscoverProviderModelsRequest(name="providers/oai", save=True)
    )
    assert [(m.model_id, m.registered) for m in found.models] == [("gpt-a", True), ("gpt-b", False)]
    assert [m.model_id for m in found.saved] == ["gpt-b"]
    got = (await cloud.providers.GetProvider(pa.GetProviderRequest(name="providers/oai"))).provider
    assert {m.model_id for m in got.models} == {"gpt-a", "gpt-b"}


async def test_verify_before_save_and_without_a_key(server, up):
    # No key: a clear answer, and nothing sent upstream.
    res = await server.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/deepseek", model="m"))
    assert not res.ok and res.failure_kind == pa.VERIFY_FAILURE_KIND_NO_KEY and "no API key" in res.message
    # A candidate key and base URL are tested without being saved.
    up.script(openai_completion("x"))
    res = await server.providers.VerifyProvider(
        pa.VerifyProviderRequest(
            name="providers/deepseek", model="m", api_key="sk-candidate-12345", base_url=up.openai_base_url
        )
    )
    assert res.ok, res.message
    assert up.last.headers["authorization"] == "Bearer sk-candidate-12345" and up.last.json()["model"] == "m"
    got = (await server.providers.GetProvider(pa.GetProviderRequest(name="providers/deepseek"))).provider
    assert not got.api_key_set and got.base_url == "https://api.deepseek.com/v1"
    up.script(openai_error(401, "bad key"))
    res = await server.providers.VerifyProvider(
        pa.VerifyProviderRequest(name="providers/deepseek", model="m", api_key="sk-wrong", base_url=up.openai_base_url)
    )
    assert not res.ok and res.failure_kind == pa.VERIFY_FAILURE_KIND_BAD_KEY and "sk-wrong" not in res.message
    err = await expect_error(
        server.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/deepseek", base_url="ftp://x")),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "base_url" in err.fields


async def test_unreachable_provider_verify(server):
    await add_provider(server, "dead", "http://127.0.0.1:9/v1")
    res = await server.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/dead", model="m"))
    assert not res.ok and res.failure_kind == pa.VERIFY_FAILURE_KIND_UNREACHABLE


async def test_odd_model_and_request_ids_travel_as_valid_metadata(cloud, up):
    await add_route(cloud, "unicode", "模型-*", ("oai", ""))
    up.script(openai_stream(["ok"]))
    call = cloud.chat.StreamChat(stream_request("模型-1", request_id="id with spaces/é"))
    text, _, _, summary, _ = await collect(call)
    assert text == "ok" and summary.served_by.model == "模型-1"
    md = dict(await call.initial_metadata())
    assert md["x-llmrouter-model"] == "%E6%A8%A1%E5%9E%8B-1"
    assert md["x-request-id"] == "id%20with%20spaces/%C3%A9"


async def test_graceful_shutdown_drains_streams(database, up):
    async with running_server(database) as srv:
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        up.script(openai_stream([f"t{i} " for i in range(20)], interval=0.03))
        call = srv.chat.StreamChat(stream_request("gpt-4o"))
        first = await call.read()  # the stream is under way
        assert first.delta.text
        stopping = asyncio.create_task(srv.server.stop(grace=5.0))
        await asyncio.sleep(0.1)
        with pytest.raises(grpc.aio.AioRpcError) as refused:  # no new calls once draining
            await srv.chat.ListModels(cs.ListModelsRequest(), timeout=2)
        assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        rest, summary = [], None
        while (msg := await call.read()) is not grpc.aio.EOF:  # the rest still arrives, then the summary
            if msg.HasField("summary"):
                summary = msg.summary
            else:
                rest.append(msg.delta.text)
        assert (first.delta.text + "".join(rest)).split() == [f"t{i}" for i in range(20)]
        assert summary is not None and summary.finish_reason == chat_pb2.FINISH_REASON_STOP
        await stopping


async def test_idle_timeout_after_the_first_token_ends_the_call(database, up):
    async with running_server(database, idle_timeout_s=0.3) as srv:
        await add_provider(srv, "oai", up.openai_base_url)
        await add_provider(srv, "spare", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""), ("spare", ""))
        up.script(openai_stream(["first ", "then silence"], delays={2: math.inf}))
        call = srv.chat.StreamChat(stream_request("gpt-4o"), timeout=10)
        got = []
        with pytest.raises(grpc.aio.AioRpcError) as info:
            async for msg in call:
                got.append(msg.delta.text)
        assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert "".join(got) == "first " and len(up.requests) == 1  # committed: no fallback
        assert await up.requests[0].wait_disconnected(2.0)
