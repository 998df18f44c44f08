"""The router through the real gRPC server: fallbacks, retries, commit point, breakers, leaks, accounting."""

from __future__ import annotations

import asyncio
import gc
import math
import random

import grpc
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request, user
from support.fakes.openai_replies import openai_completion, openai_embeddings, openai_error, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import expect_error, running_server

from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import request_log_service_pb2 as rl
from llmrouter.v1 import request_log_service_pb2_grpc
from llmrouter.v1 import routing_service_pb2 as rs


@pytest.fixture
async def ups():
    async with FakeUpstream.start() as a, FakeUpstream.start() as b:
        yield a, b


@pytest.fixture
async def pair(server, ups):
    """Route `m-*`: primary providers/pa (upstream a), fallback providers/pb (upstream b, model `fb`)."""
    a, b = ups
    await add_provider(server, "pa", a.openai_base_url)
    await add_provider(server, "pb", b.openai_base_url)
    await add_route(server, "m", "m-*", ("pa", ""), ("pb", "fb"))
    return server


def paths(up):
    return [r.path for r in up.requests]


async def test_5xx_retries_then_falls_back(pair, ups):
    a, b = ups
    a.route("/v1/chat/completions", openai_error(500, "boom", type="server_error"))
    b.script(openai_stream(["from b"]))
    text, _, _, summary, _ = await collect(pair.chat.StreamChat(stream_request("m-1")))
    assert text == "from b"
    sb = summary.served_by
    assert (sb.provider, sb.model, sb.fallback_index) == ("providers/pb", "fb", 1)
    assert len(a.requests) == 2 and sb.attempts == 3  # two tries on the primary (default), one on the fallback


async def test_connection_refused_falls_back(server, ups):
    _, b = ups
    await add_provider(server, "dead", "http://127.0.0.1:9/v1")
    await add_provider(server, "pb", b.openai_base_url)
    await add_route(server, "m", "m-*", ("dead", ""), ("pb", ""))
    b.script(openai_stream(["alive"]))
    text, _, _, summary, _ = await collect(server.chat.StreamChat(stream_request("m-x")))
    assert text == "alive" and summary.served_by.fallback_index == 1


async def test_429_short_retry_after_is_honoured_on_the_same_target(pair, ups):
    a, b = ups
    a.script(openai_error(429, "wait", headers={"Retry-After": "0.2"}), openai_stream(["second try"]))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    text, _, _, summary, _ = await collect(pair.chat.StreamChat(stream_request("m-1"), timeout=10))
    assert text == "second try" and summary.served_by.fallback_index == 0 and summary.served_by.attempts == 2
    assert loop.time() - t0 >= 0.2 and not b.requests


async def test_429_beyond_the_deadline_moves_on(pair, ups):
    a, b = ups
    a.route("/v1/chat/completions", openai_error(429, "wait", headers={"Retry-After": "60"}))
    b.script(openai_stream(["b now"]))
    text, _, _, summary, _ = await collect(pair.chat.StreamChat(stream_request("m-1"), timeout=5))
    assert text == "b now" and summary.served_by.fallback_index == 1 and len(a.requests) == 1


@pytest.mark.parametrize("status,code", [(401, "invalid_api_key"), (404, "model_not_found")])
async def test_bad_key_or_unknown_model_moves_on_without_retry(pair, ups, status, code):
    a, b = ups
    a.route("/v1/chat/completions", openai_error(status, "no", code=code))
    b.script(openai_stream(["ok"]))
    _, _, _, summary, _ = await collect(pair.chat.StreamChat(stream_request("m-1")))
    assert summary.served_by.fallback_index == 1 and len(a.requests) == 1 and summary.served_by.attempts == 2


async def test_context_length_moves_to_fallback_only(pair, ups):
    a, b = ups
    a.route("/v1/chat/completions", openai_error(400, "too long", code="context_length_exceeded"))
    b.script(openai_stream(["bigger window"]))
    _, _, _, summary, _ = await collect(pair.chat.StreamChat(stream_request("m-1")))
    assert summary.served_by.fallback_index == 1 and len(a.requests) == 1


async def test_caller_error_ends_at_once(pair, ups):
    a, b = ups
    a.route("/v1/chat/completions", openai_error(400, "messages[0].content is invalid"))
    err = await expect_error(collect(pair.chat.StreamChat(stream_request("m-1"))), grpc.StatusCode.INVALID_ARGUMENT)
    assert err.reason == "UPSTREAM_BAD_REQUEST" and len(a.requests) == 1 and not b.requests


async def test_commit_point_no_silent_switch_after_first_token(pair, ups):
    a, b = ups
    a.script(openai_stream(["one ", "two ", "three"], cut_after=3))
    call = pair.chat.StreamChat(stream_request("m-1"))
    got = []
    with pytest.raises(grpc.aio.AioRpcError) as info:
        async for msg in call:
            got.append(msg)
    assert info.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "".join(m.delta.text for m in got) == "one two "
    assert not b.requests and len(a.requests) == 1


async def test_stall_before_first_token_falls_back(database, ups):
    a, b = ups
    async with running_server(database, first_token_timeout_s=0.3, max_attempts_per_target=1) as srv:
        await add_provider(srv, "pa", a.openai_base_url)
        await add_provider(srv, "pb", b.openai_base_url)
        await add_route(srv, "m", "m-*", ("pa", ""), ("pb", "fb"))
        a.script(openai_stream(["stalled"], first_delay=math.inf))
        b.script(openai_stream(["fresh"]))
        text, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("m-1"), timeout=10))
        assert text == "fresh" and summary.served_by.fallback_index == 1
        assert await a.requests[0].wait_disconnected(2)


async def test_unary_chat_falls_back_too(pair, ups):
    a, b = ups
    a.route("/v1/chat/completions", openai_error(503, "down", type="server_error"))
    b.script(openai_completion("unary from b"))
    resp = await pair.chat.Chat(cs.ChatRequest(model="m-1", messages=[user("hi")]))
    assert resp.message.content == "unary from b" and resp.summary.served_by.fallback_index == 1


async def test_circuit_breaker_skips_then_probes(database, ups):
    a, b = ups
    async with running_server(
        database, breaker_failure_threshold=2, breaker_cooldown_s=0.5, max_attempts_per_target=1
    ) as srv:
        await add_provider(srv, "pa", a.openai_base_url)
        await add_provider(srv, "pb", b.openai_base_url)
        await add_route(srv, "m", "m-*", ("pa", ""), ("pb", "fb"))
        a.route("/v1/chat/completions", openai_error(500, "down", type="server_error"))
        b.route("/v1/chat/completions", lambda req: openai_stream(["b"]))
        for _ in range(2):
            await collect(srv.chat.StreamChat(stream_request("m-1")))
        assert len(a.requests) == 2
        res = await srv.routes.ResolveRoute(rs.ResolveRouteRequest(model="m-1"))
        assert res.targets[0].breaker_open and not res.targets[1].breaker_open
        for _ in range(3):  # open: the primary is skipped
            _, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("m-1")))
            assert summary.served_by.fallback_index == 1 and summary.served_by.attempts == 1
        assert len(a.requests) == 2
        await asyncio.sleep(0.6)  # cool-down over: one probe, which succeeds
        a.clear()
        a.route("/v1/chat/completions", lambda req: openai_stream(["a again"]))
        text, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("m-1")))
        assert text == "a again" and summary.served_by.fallback_index == 0


async def test_an_embedding_success_closes_the_breaker_embedding_failures_opened(database, ups):
    a, b = ups
    async with running_server(
        database, breaker_failure_threshold=2, breaker_cooldown_s=0.3, max_attempts_per_target=1
    ) as srv:
        await add_provider(srv, "pa", a.openai_base_url)
        await add_provider(srv, "pb", b.openai_base_url)
        await add_route(srv, "e", "emb-*", ("pa", ""), ("pb", ""))
        req = cs.EmbedRequest(model="emb-1", inputs=["x"])
        a.route("/v1/embeddings", openai_error(500, "down", type="server_error"))
        b.route("/v1/embeddings", lambda r: openai_embeddings([[0.5]]))
        for _ in range(2):
            assert (await srv.chat.Embed(req)).served_by.provider == "providers/pb"
        res = await srv.routes.ResolveRoute(rs.ResolveRouteRequest(model="emb-1"))
        assert res.targets[0].breaker_open  # two failures in a row opened it
        await asyncio.sleep(0.4)
        a.clear()
        a.route("/v1/embeddings", lambda r: openai_embeddings([[0.25]]))
        resp = await srv.chat.Embed(req)  # the half-open probe succeeds...
        assert resp.served_by.provider == "providers/pa" and list(resp.embeddings[0].values) == [0.25]
        a.clear()
        a.script(openai_error(500, "blip", type="server_error"))
        assert (await srv.chat.Embed(req)).served_by.provider == "providers/pb"
        res = await srv.routes.ResolveRoute(rs.ResolveRouteRequest(model="emb-1"))
        assert not res.targets[0].breaker_open  # ...and closed it: one new failure is below the threshold


async def test_all_breakers_open_still_tries_the_first(database, ups):
    a, _ = ups
    async with running_server(
        database, breaker_failure_threshold=1, breaker_cooldown_s=60, max_attempts_per_target=1
    ) as srv:
        await add_provider(srv, "pa", a.openai_base_url)
        await add_route(srv, "m", "m-*", ("pa", ""))
        a.script(openai_error(500, "down", type="server_error"))
        await expect_error(collect(srv.chat.StreamChat(stream_request("m-1"))), grpc.StatusCode.UNAVAILABLE)
        a.script(openai_stream(["tried anyway"]))
        text, _, _, _, _ = await collect(srv.chat.StreamChat(stream_request("m-1")))
        assert text == "tried anyway" and len(a.requests) == 2


async def test_no_route_is_not_found_with_advice(server):
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("unknown-model"))), grpc.StatusCode.NOT_FOUND
    )
    assert err.reason == "NO_ROUTE" and "CreateRoute" in err.message


async def test_cancelled_streams_leave_nothing_behind(pair, ups):
    a, _ = ups
    a.route("/v1/chat/completions", lambda req: openai_stream(["x"] * 3, delays={3: math.inf}))
    baseline = len(asyncio.all_tasks())
    for _ in range(30):
        call = pair.chat.StreamChat(stream_request("m-1"))
        async for _msg in call:
            break
        call.cancel()
    await asyncio.sleep(0.5)
    assert len(a.requests) == 30
    assert all(r.disconnected for r in a.requests)
    gc.collect()
    assert len(asyncio.all_tasks()) <= baseline + 2
    registry = pair.server.components.backends
    assert all(e.users == 0 for e in registry._entries.values())
    # The connection pool still works afterwards.
    a.clear()
    a.route("/v1/chat/completions", lambda req: openai_stream(["after"]))
    text, *_ = await collect(pair.chat.StreamChat(stream_request("m-1")))
    assert text == "after"


async def test_request_log_and_usage_totals(pair, ups):
    a, _b = ups
    a.route("/v1/chat/completions", lambda req: openai_stream(["ok"], usage=(10, 4, 2)))
    for i in range(3):
        await collect(pair.chat.StreamChat(stream_request("m-1", request_id=f"r{i}")))
    a.clear()
    a.route("/v1/chat/completions", openai_error(400, "bad"))
    await expect_error(
        collect(pair.chat.StreamChat(stream_request("m-2", request_id="bad-1"))), grpc.StatusCode.INVALID_ARGUMENT
    )
    logs = request_log_service_pb2_grpc.RequestLogServiceStub(pair.channel)
    listed = await logs.ListRequestLogs(rl.ListRequestLogsRequest())
    assert [e.request_id for e in listed.entries][:4] == ["bad-1", "r2", "r1", "r0"]
    ok = listed.entries[1]
    assert (ok.method, ok.requested_model, ok.route, ok.provider, ok.model, ok.status) == (
        "StreamChat",
        "m-1",
        "routes/m",
        "providers/pa",
        "m-1",
        "OK",
    )
    assert (ok.prompt_tokens, ok.completion_tokens, ok.cached_prompt_tokens, ok.attempts) == (10, 4, 2, 1)
    assert ok.duration_ms >= ok.ttft_ms >= 0
    bad = listed.entries[0]
    assert bad.status == "INVALID_ARGUMENT" and bad.error_reason == "UPSTREAM_BAD_REQUEST"
    only_bad = await logs.ListRequestLogs(rl.ListRequestLogsRequest(status="INVALID_ARGUMENT"))
    assert [e.request_id for e in only_bad.entries] == ["bad-1"]
    page = await logs.ListRequestLogs(rl.ListRequestLogsRequest(page_size=2))
    assert len(page.entries) == 2 and page.next_page_token
    totals = (await logs.GetUsageSummary(rl.GetUsageSummaryRequest())).totals
    t = next(x for x in totals if x.model == "m-1")
    assert (t.provider, t.requests, t.errors, t.prompt_tokens, t.completion_tokens, t.cached_prompt_tokens) == (
        "providers/pa",
        3,
        0,
        30,
        12,
        6,
    )


async def test_failing_log_writer_never_fails_chat(pair, ups):
    a, _ = ups
    a.route("/v1/chat/completions", lambda req: openai_stream(["fine"]))
    writer = pair.server.components.request_log
    for task in writer._tasks:  # a writer that takes nothing any more (stuck on a dead disk) ...
        task.cancel()
    writer.max_queue = 2  # ... and a tiny queue that overflows
    for _ in range(6):
        text, *_ = await collect(pair.chat.StreamChat(stream_request("m-1")))
        assert text == "fine"
    assert writer.dropped >= 3


async def test_resolve_route_agrees_with_the_served_path(server):
    """Random rule sets: the order StreamChat tries targets is exactly ResolveRoute's."""
    rng = random.Random(1234)
    async with FakeUpstream.start() as up:
        up.route("/v1/chat/completions", openai_error(500, "fail", type="server_error"))
        names = [f"p{i}" for i in range(4)]
        for n in names:
            await add_provider(server, n, f"{up.base_url}/{n}/v1")
        patterns = ["m-*", "m-1", "m-?", "m-[12]*", "*", "m-1*", "x-*"]
        for i in range(8):
            targets = rng.sample(names, rng.randint(1, 3))
            await add_route(
                server,
                f"r{i}",
                rng.choice(patterns),
                (targets[0], rng.choice(["", "ovr"])),
                *[(t, "") for t in targets[1:]],
                priority=rng.randint(0, 2),
            )
        for model in ["m-1", "m-2", "m-13", "x-9", "zzz"]:
            res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model=model))
            expected = [f"/{t.provider.split('/')[1]}/v1/chat/completions" for t in res.targets]
            up.clear()
            up.route("/v1/chat/completions", openai_error(500, "fail", type="server_error"))
            for n in names:
                up.route(f"/{n}/v1/chat/completions", openai_error(500, "fail", type="server_error"))
            await expect_error(
                collect(server.chat.StreamChat(stream_request(model), timeout=10)), grpc.StatusCode.UNAVAILABLE
            )
            tried = [r.path for r in up.requests]
            # Each target is tried twice (max_attempts_per_target=2) before the next.
            assert tried == [p for p in expected for _ in range(2)], (model, tried, expected)
            assert [r.json()["model"] for r in up.requests][::2] == [t.model for t in res.targets]
