"""Rate limits through the real gRPC server: LimitService administers `limits/{id}`, chat
calls over a limit are refused RESOURCE_EXHAUSTED with RetryInfo and QuotaFailure, the
fake upstream never sees them, and two servers on one Redis share a limit."""

from __future__ import annotations

import asyncio
import math
import time
import uuid

import grpc
import pytest
import redis.asyncio as aioredis
from google.protobuf import field_mask_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream, SSEReply
from support.fakes.wire import sse
from support.harness import expect_error, running_server
from support.tcp_proxy import TcpProxy

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import limit_pb2 as lp
from llmrouter.v1 import limit_service_pb2 as ls
from llmrouter.v1 import limit_service_pb2_grpc as ls_grpc

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def up():
    async with FakeUpstream.start() as fake:
        fake.route("/v1/chat/completions", lambda rec: openai_stream(["ok"], usage=(5, 1, 0)), method="POST")
        yield fake


@pytest.fixture
async def redis_prefix():
    p = f"llmrouter-test:{uuid.uuid4().hex}:"
    yield p
    r = aioredis.Redis.from_url(REDIS)
    try:
        keys = [k async for k in r.scan_iter(match=f"{p}*")]
        if keys:
            await r.delete(*keys)
    finally:
        await r.aclose()


async def setup(srv, up) -> ls_grpc.LimitServiceStub:
    await add_provider(srv, "oai", up.openai_base_url)
    await add_route(srv, "gpt", "gpt-*", ("oai", ""))
    return ls_grpc.LimitServiceStub(srv.channel)


async def chat(srv, **kw):
    return await collect(srv.chat.StreamChat(stream_request("gpt-4o", **kw)))


def details(err: grpc.aio.AioRpcError):
    st = rpc_status.from_call(err)
    out = {}
    for d in st.details:
        for cls in (error_details_pb2.QuotaFailure, error_details_pb2.RetryInfo, error_details_pb2.ErrorInfo):
            if d.Is(cls.DESCRIPTOR):
                m = cls()
                d.Unpack(m)
                out[cls.__name__] = m
    return out


async def test_limit_crud_and_validation(server, up):
    limits = await setup(server, up)
    created = (
        await limits.CreateLimit(
            ls.CreateLimitRequest(limit_id="team-a", limit=lp.Limit(subject="clientKeys/abc", requests_per_minute=10))
        )
    ).limit
    assert created.name == "limits/team-a" and created.enabled and created.etag
    assert created.budget_period == lp.BUDGET_PERIOD_DAY
    got = (await limits.GetLimit(ls.GetLimitRequest(name="limits/team-a"))).limit
    assert got == created
    updated = (
        await limits.UpdateLimit(
            ls.UpdateLimitRequest(
                limit=lp.Limit(name="limits/team-a", tokens_per_minute=5000, etag=created.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["tokens_per_minute"]),
            )
        )
    ).limit
    assert (updated.requests_per_minute, updated.tokens_per_minute) == (10, 5000)
    listed = await limits.ListLimits(ls.ListLimitsRequest())
    assert [x.name for x in listed.limits] == ["limits/team-a"]
    # A stale etag, a bad subject, nothing capped.
    await expect_error(
        limits.DeleteLimit(ls.DeleteLimitRequest(name="limits/team-a", etag=created.etag)), grpc.StatusCode.ABORTED
    )
    bad = await expect_error(
        limits.CreateLimit(ls.CreateLimitRequest(limit=lp.Limit(subject="users/1", requests_per_minute=1))),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "limit.subject" in bad.fields
    bad = await expect_error(
        limits.CreateLimit(ls.CreateLimitRequest(limit=lp.Limit(subject="*"))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "limit.requests_per_minute" in bad.fields
    await limits.DeleteLimit(ls.DeleteLimitRequest(name="limits/team-a", etag=updated.etag))
    await expect_error(limits.GetLimit(ls.GetLimitRequest(name="limits/team-a")), grpc.StatusCode.NOT_FOUND)


async def test_requests_over_the_limit_are_refused_with_quota_failure(server, up):
    limits = await setup(server, up)
    await limits.CreateLimit(ls.CreateLimitRequest(limit_id="rpm", limit=lp.Limit(subject="*", requests_per_minute=2)))
    for _ in range(2):
        text, *_ = await chat(server)
        assert text == "ok"
    with pytest.raises(grpc.aio.AioRpcError) as got:
        await chat(server)
    err = got.value
    assert err.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    d = details(err)
    assert d["ErrorInfo"].reason == "LIMIT_EXCEEDED"
    v = d["QuotaFailure"].violations[0]
    assert (v.subject, v.quota_metric) == ("limits/rpm", "requests_per_minute")
    assert 0 < d["RetryInfo"].retry_delay.ToTimedelta().total_seconds() <= 60
    assert d["ErrorInfo"].metadata["x-ratelimit-limit-requests"] == "2"
    assert len([r for r in up.requests if r.path == "/v1/chat/completions"]) == 2  # the refused call never left
    # Unary chat is limited by the same counter.
    await expect_error(
        server.chat.Chat(
            cs.ChatRequest(model="gpt-4o", messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="hi")])
        ),
        grpc.StatusCode.RESOURCE_EXHAUSTED,
    )


async def test_concurrent_streams_limit_releases_at_the_end(server, up):
    limits = await setup(server, up)
    await limits.CreateLimit(ls.CreateLimitRequest(limit_id="one", limit=lp.Limit(subject="*", concurrent_streams=1)))
    for _ in range(3):  # one at a time: each call gives its slot back when it ends
        text, *_ = await chat(server)
        assert text == "ok"


async def test_two_servers_share_a_limit_through_redis(database, up, redis_prefix):
    """Two servers (separate Redis clients, one database) admit 10 calls in all, not 10 each."""
    kw = dict(redis_url=REDIS, redis_key_prefix=redis_prefix, redis_timeout_s=1.0)
    async with running_server(database, **kw) as a:
        limits = await setup(a, up)
        await limits.CreateLimit(
            ls.CreateLimitRequest(limit_id="shared", limit=lp.Limit(subject="*", requests_per_minute=10))
        )
        async with running_server(database, **kw) as b:
            ok = refused = 0
            if time.time() % 60 > 40:  # start early in a UTC minute
                await asyncio.sleep(60.5 - time.time() % 60)
            started = time.time()
            for i in range(30):
                try:
                    await chat(a if i % 2 else b)
                    ok += 1
                except grpc.aio.AioRpcError as err:
                    assert err.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
                    refused += 1
            ended = time.time()
    if int(started // 60) == int(ended // 60):
        assert ok == 10
    else:  # the loop outlasted its minute (a very busy machine): a second window opened
        assert 10 <= ok <= 20
    assert ok + refused == 30


async def test_redis_down_fail_closed_is_unavailable_never_internal(database, up, redis_prefix):
    kw = dict(redis_url="redis://127.0.0.1:1/0", redis_key_prefix=redis_prefix, limits_fail_open=False)
    async with running_server(database, **kw) as srv:
        limits = await setup(srv, up)
        await limits.CreateLimit(ls.CreateLimitRequest(limit=lp.Limit(subject="*", requests_per_minute=100)))
        e = await expect_error(chat(srv), grpc.StatusCode.UNAVAILABLE)
        assert e.reason == "LIMITER_UNAVAILABLE" and e.retry_delay_s is not None


async def test_redis_down_fail_open_serves(database, up, redis_prefix):
    kw = dict(redis_url="redis://127.0.0.1:1/0", redis_key_prefix=redis_prefix, limits_fail_open=True)
    async with running_server(database, **kw) as srv:
        limits = await setup(srv, up)
        await limits.CreateLimit(ls.CreateLimitRequest(limit=lp.Limit(subject="*", requests_per_minute=1)))
        for _ in range(2):
            text, *_ = await chat(srv)
            assert text == "ok"


async def test_a_cancelled_stream_gives_its_slot_back(server, up):
    limits = await setup(server, up)
    await limits.CreateLimit(ls.CreateLimitRequest(limit_id="one", limit=lp.Limit(subject="*", concurrent_streams=1)))
    up.script(SSEReply([sse({"choices": []})], first_delay=math.inf))  # the upstream never answers
    call = server.chat.StreamChat(stream_request("gpt-4o"))
    await up.wait_requests(1)
    e = await expect_error(chat(server), grpc.StatusCode.RESOURCE_EXHAUSTED)  # the slot is held
    assert e.metadata["dimension"] == "concurrent_streams"
    call.cancel()
    await server.server.components.router.limits.drain()
    for _ in range(50):  # the cancellation reaches the router's finally, which settles
        try:
            text, *_ = await chat(server)
            break
        except grpc.aio.AioRpcError as err:
            assert err.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
            await asyncio.sleep(0.05)
    assert text == "ok"


async def test_blackholed_redis_fail_open_still_serves(database, up, redis_prefix):
    proxy = TcpProxy("127.0.0.1", 6379)
    await proxy.start()
    proxy.blackhole()
    kw = dict(redis_url=f"redis://127.0.0.1:{proxy.port}/0", redis_key_prefix=redis_prefix, redis_timeout_s=0.05)
    try:
        async with running_server(database, **kw) as srv:
            limits = await setup(srv, up)
            await limits.CreateLimit(ls.CreateLimitRequest(limit=lp.Limit(subject="*", requests_per_minute=1)))
            for _ in range(2):
                text, *_ = await asyncio.wait_for(chat(srv), 10)  # bounded: Redis never answers
                assert text == "ok"
        assert proxy.accepted >= 1
    finally:
        await proxy.close()
