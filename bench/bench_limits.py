"""What the rate-limit checks add to a call: admission + settlement through `LimitGate`.

Prints (never asserts) per-call cost, p50 and p99, of admitting one call against one limit
with three capped dimensions (requests/minute, tokens/minute, concurrent streams) and
settling it with its real usage:

* no limit applies (the common path for callers without one);
* the in-process limiter (no LLMROUTER_REDIS_URL; target well under 0.1 ms);
* the Redis limiter on loopback (127.0.0.1:6379; target under 0.5 ms p50): one EVALSHA at
  admission; the settlement runs in the background, so its round trip is timed separately.

    .venv/bin/python bench/bench_limits.py
    .venv/bin/python bench/bench_limits.py --calls 5000 --redis redis://127.0.0.1:6379/0

Keys go under a unique prefix and are deleted afterwards. A redis-py PING on the same pool is
printed as the floor of any Redis round trip on the machine at the time.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid

from service.core.limits import InProcessLimiter, Limit, LimitGate, index_limits

LIMIT = Limit(
    "bench", "clientKeys/bench", requests_per_minute=10**9, tokens_per_minute=10**12, concurrent_streams=10**6
)


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


async def run(gate: LimitGate, key: str, calls: int, wait_settle: bool) -> tuple[list[float], list[float]]:
    admit_s: list[float] = []
    settle_s: list[float] = []
    for _ in range(calls):
        t0 = time.perf_counter()
        adm = await gate.admit(key, 256)
        t1 = time.perf_counter()
        gate.settle(adm, 100)
        if wait_settle:
            await gate.drain()
        t2 = time.perf_counter()
        admit_s.append(t1 - t0)
        settle_s.append(t2 - t1)
    return admit_s, settle_s


def show(name: str, admit_s: list[float], settle_s: list[float]) -> None:
    us = 1e6
    print(
        f"{name:<28} admit p50 {pct(admit_s, 0.5) * us:7.1f} us  p99 {pct(admit_s, 0.99) * us:7.1f} us   "
        f"settle p50 {pct(settle_s, 0.5) * us:7.1f} us  mean total {statistics.mean(admit_s) * us + statistics.mean(settle_s) * us:7.1f} us"
    )


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = ap.parse_args()
    by = index_limits([LIMIT])

    none = LimitGate(InProcessLimiter(), lambda: {})
    await run(none, "bench", 200, True)
    show("no limit applies", *await run(none, "bench", args.calls, True))

    mem = LimitGate(InProcessLimiter(), lambda: by)
    await run(mem, "bench", 200, True)
    show("in-process limiter", *await run(mem, "bench", args.calls, True))

    from service.limits.redis_limiter import RedisLimiter

    prefix = f"llmrouter-bench:{uuid.uuid4().hex}:"
    limiter = RedisLimiter(args.redis, timeout_s=1.0)
    red = LimitGate(limiter, lambda: by, key_prefix=prefix)
    try:
        # The floor: one redis-py round trip (PING) on the same connection pool.
        pings: list[float] = []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            await limiter._redis.ping()
            pings.append(time.perf_counter() - t0)
        print(
            f"{'redis PING (the floor)':<28} p50 {pct(pings, 0.5) * 1e6:7.1f} us  p99 {pct(pings, 0.99) * 1e6:7.1f} us"
        )
        await run(red, "bench", 200, True)
        show("redis limiter (loopback)", *await run(red, "bench", args.calls, True))
    finally:
        r = limiter._redis
        keys = [k async for k in r.scan_iter(match=f"{prefix}*")]
        if keys:
            await r.delete(*keys)
        await limiter.close()


if __name__ == "__main__":
    asyncio.run(main())
