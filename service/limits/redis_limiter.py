"""The `Limiter` port on Redis: counters shared by every replica, updated atomically by Lua.

Two scripts, registered once (EVALSHA, reloaded by redis-py when Redis restarts):

- ACQUIRE: reads every counter, and adds every amount only when all fit under their caps
  (one round trip, atomic: replicas never overshoot a limit together);
- ADJUST: settles a call (real tokens minus the reservation, cost, concurrency -1) on the
  counters that still exist, never below zero.

Every command runs under `timeout_s` (socket timeouts and an asyncio timeout on top): a
Redis that is down or silent costs a call at most that long, and the gate then fails open
or closed as configured.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from service.core.limits import Counter, CounterState, LimiterUnavailable, Verdict

# KEYS: the counters. ARGV: amount, cap, ttl_ms for each key, in order.
# Returns {refused index (0: none), value_1, pttl_1, value_2, pttl_2, ...}.
ACQUIRE = """
local n = #KEYS
local values = {}
for i = 1, n do
  local cur = tonumber(redis.call('GET', KEYS[i]) or '0')
  local amount = tonumber(ARGV[3 * i - 2])
  local cap = tonumber(ARGV[3 * i - 1])
  values[i] = cur
  if cap > 0 and (cur + amount > cap or (amount == 0 and cur >= cap)) then
    local out = {i}
    for j = 1, n do
      local v = tonumber(redis.call('GET', KEYS[j]) or '0')
      table.insert(out, v)
      table.insert(out, redis.call('PTTL', KEYS[j]))
    end
    return out
  end
end
local out = {0}
for i = 1, n do
  local amount = tonumber(ARGV[3 * i - 2])
  local v = redis.call('INCRBY', KEYS[i], amount)
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    ttl = tonumber(ARGV[3 * i])
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
  table.insert(out, v)
  table.insert(out, ttl)
end
return out
"""

# KEYS: counters; ARGV: the change of each. Counters that expired are left alone.
ADJUST = """
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local v = redis.call('INCRBY', KEYS[i], tonumber(ARGV[i]))
    if v < 0 then
      redis.call('SET', KEYS[i], 0, 'KEEPTTL')
    end
  end
end
return 0
"""


class RedisLimiter:
    def __init__(self, url: str, *, timeout_s: float = 0.05, max_connections: int = 64) -> None:
        self.timeout_s = timeout_s
        # A blocking pool: a call past max_connections waits for a free connection (within
        # timeout_s) instead of failing at once.
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=timeout_s,
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry_on_timeout=False,
            health_check_interval=0,
        )
        self._redis = aioredis.Redis(connection_pool=pool)
        self._acquire = self._redis.register_script(ACQUIRE)
        self._adjust = self._redis.register_script(ADJUST)

    async def _run(self, script: object, keys: list[str], args: list[int]) -> object:
        try:
            async with asyncio.timeout(self.timeout_s):
                return await script(keys=keys, args=args)  # type: ignore[operator]
        except (TimeoutError, RedisError, OSError) as exc:
            raise LimiterUnavailable(f"{type(exc).__name__}: {exc}") from exc

    async def acquire(self, counters: Sequence[Counter]) -> Verdict:
        args: list[int] = []
        for c in counters:
            args += [c.amount, c.cap, max(1, int(c.ttl_s * 1000))]
        raw = await self._run(self._acquire, [c.key for c in counters], args)
        assert isinstance(raw, list)
        states = tuple(
            CounterState(
                int(raw[1 + 2 * i]), max(0, int(raw[2 + 2 * i])) / 1000 if int(raw[2 + 2 * i]) >= 0 else c.ttl_s
            )
            for i, c in enumerate(counters)
        )
        return Verdict(int(raw[0]) - 1, states)

    async def adjust(self, changes: Sequence[tuple[str, int]]) -> None:
        if changes:
            await self._run(self._adjust, [k for k, _ in changes], [d for _, d in changes])

    async def ping(self) -> bool:
        try:
            return bool(await asyncio.wait_for(self._redis.ping(), self.timeout_s))
        except (TimeoutError, RedisError, OSError):
            return False

    async def close(self) -> None:
        await self._redis.aclose()
        await self._redis.connection_pool.disconnect()
