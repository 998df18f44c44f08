"""The Redis limiter on the Redis at 127.0.0.1:6379: shared counters, atomic admission,
and what a call gets when Redis is down or silent. Every test uses its own key prefix and
deletes only its own keys (never FLUSHALL)."""

from __future__ import annotations

import asyncio
import socket
import uuid

import pytest
import redis.asyncio as aioredis
from support.tcp_proxy import TcpProxy

from service.core.errors import ErrorKind, Reason, RouterError
from service.core.limits import Limit, LimitGate, index_limits
from service.limits.redis_limiter import RedisLimiter

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def prefix():
    p = f"llmrouter-test:{uuid.uuid4().hex}:"
    yield p
    r = aioredis.Redis.from_url(REDIS)
    try:
        keys = [k async for k in r.scan_iter(match=f"{p}*")]
        if keys:
            await r.delete(*keys)
    finally:
        await r.aclose()


def gate_on(limiter, prefix: str, *limits: Limit, fail_open: bool = True) -> LimitGate:
    by = index_limits(limits)
    # One fixed instant: the minute's window cannot turn over in the middle of a test.
    return LimitGate(limiter, lambda: by, key_prefix=prefix, fail_open=fail_open, wall_clock=lambda: 1_800_000_010.0)


async def test_two_replicas_share_one_limit_exactly(prefix):
    """Two limiters with their own connections (two replicas) admit 300 of 700 concurrent calls."""
    lim = Limit("shared", "*", requests_per_minute=300)
    a, b = RedisLimiter(REDIS, timeout_s=2.0), RedisLimiter(REDIS, timeout_s=2.0)
    ga, gb = gate_on(a, prefix, lim), gate_on(b, prefix, lim)
    admitted = {"a": 0, "b": 0}
    refused = 0

    async def call(name: str, g: LimitGate) -> None:
        nonlocal refused
        try:
            await g.admit("k", 1)
            admitted[name] += 1
        except RouterError as err:
            assert err.reason == Reason.LIMIT_EXCEEDED
            refused += 1

    try:
        await asyncio.gather(*(call("a" if i % 2 else "b", ga if i % 2 else gb) for i in range(700)))
    finally:
        await a.close()
        await b.close()
    assert admitted["a"] + admitted["b"] == 300
    assert admitted["a"] > 50 and admitted["b"] > 50  # both replicas took part
    assert refused == 400


async def test_tokens_settled_across_replicas(prefix):
    lim = Limit("tpm", "clientKeys/k", tokens_per_minute=1000)
    a, b = RedisLimiter(REDIS, timeout_s=2.0), RedisLimiter(REDIS, timeout_s=2.0)
    ga, gb = gate_on(a, prefix, lim), gate_on(b, prefix, lim)
    try:
        adm = await ga.admit("k", 800)
        with pytest.raises(RouterError):
            await gb.admit("k", 800)
        ga.settle(adm, 100)  # the real usage: 700 given back
        await ga.drain()
        got = await gb.admit("k", 800)
        assert got.headers["x-ratelimit-remaining-tokens"] == "100"
    finally:
        await a.close()
        await b.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_redis_unreachable_fail_open_admits(prefix):
    limiter = RedisLimiter(f"redis://127.0.0.1:{closed_port()}/0", timeout_s=0.05)
    g = gate_on(limiter, prefix, Limit("rpm", "*", requests_per_minute=1), fail_open=True)
    try:
        for _ in range(3):
            g.settle(await g.admit("k", 1), 1)
        await g.drain()
    finally:
        await limiter.close()


async def test_redis_unreachable_fail_closed_is_unavailable(prefix):
    limiter = RedisLimiter(f"redis://127.0.0.1:{closed_port()}/0", timeout_s=0.05)
    g = gate_on(limiter, prefix, Limit("rpm", "*", requests_per_minute=1), fail_open=False)
    try:
        with pytest.raises(RouterError) as got:
            await g.admit("k", 1)
    finally:
        await limiter.close()
    assert got.value.kind is ErrorKind.UNAVAILABLE
    assert got.value.reason == Reason.LIMITER_UNAVAILABLE


@pytest.mark.parametrize("fail_open", [True, False])
async def test_blackholed_redis_is_bounded(prefix, fail_open):
    """A Redis that accepts TCP and never answers: the admission gives up after the timeout."""
    proxy = TcpProxy("127.0.0.1", 6379)
    await proxy.start()
    proxy.blackhole()
    limiter = RedisLimiter(f"redis://127.0.0.1:{proxy.port}/0", timeout_s=0.05)
    g = gate_on(limiter, prefix, Limit("rpm", "*", requests_per_minute=5), fail_open=fail_open)
    try:
        for _ in range(3):
            # Bounded: 5 s is far beyond the 50 ms timeout; a hang fails here.
            if fail_open:
                await asyncio.wait_for(g.admit("k", 1), 5)
            else:
                with pytest.raises(RouterError) as got:
                    await asyncio.wait_for(g.admit("k", 1), 5)
                assert got.value.reason == Reason.LIMITER_UNAVAILABLE
        assert proxy.accepted >= 1  # it did reach the silent "Redis"
    finally:
        await limiter.close()
        await proxy.close()
