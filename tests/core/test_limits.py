"""Admission and settlement of rate limits and budgets over the in-process limiter."""

from __future__ import annotations

import pytest

from service.core.errors import ErrorKind, InvalidArgument, Reason, RouterError
from service.core.limits import (
    BudgetPeriod,
    Counter,
    InProcessLimiter,
    Limit,
    LimiterUnavailable,
    LimitGate,
    Verdict,
    check_limit,
    index_limits,
)


class Clock:
    def __init__(self, t: float = 1_800_000_000.0) -> None:  # 2027-01-15, 08:00 UTC
        self.t = t

    def __call__(self) -> float:
        return self.t


def gate(*limits: Limit, limiter=None, clock: Clock | None = None, **kw) -> LimitGate:
    clock = clock or Clock()
    by = index_limits(limits)
    return LimitGate(limiter or InProcessLimiter(clock), lambda: by, wall_clock=clock, **kw)


async def test_requests_per_minute_refused_with_retry_and_quota():
    clock = Clock(1_800_000_030.0)  # 30 s into a minute
    g = gate(Limit("rpm", "clientKeys/k1", requests_per_minute=3), clock=clock)
    for _ in range(3):
        adm = await g.admit("k1", 10)
        g.settle(adm, 10)
    with pytest.raises(RouterError) as got:
        await g.admit("k1", 10)
    err = got.value
    assert err.kind is ErrorKind.RESOURCE_EXHAUSTED and err.reason == Reason.LIMIT_EXCEEDED
    assert err.quota[0].subject == "limits/rpm" and err.quota[0].dimension == "requests_per_minute"
    assert 29 <= err.retry_after <= 30  # the minute's window ends in 30 s
    assert err.metadata["x-ratelimit-limit-requests"] == "3"
    assert err.metadata["x-ratelimit-remaining-requests"] == "0"
    assert err.metadata["retry-after"] == "30"
    # Another key is not limited; the next minute admits k1 again.
    await g.admit("k2", 10)
    clock.t += 31
    await g.admit("k1", 10)


async def test_tokens_reserved_then_settled_with_real_usage():
    g = gate(Limit("tpm", "*", tokens_per_minute=1000))
    a = await g.admit("k1", 600)  # reserves 600
    with pytest.raises(RouterError) as got:
        await g.admit("k2", 600)  # 600 + 600 > 1000
    assert got.value.quota[0].dimension == "tokens_per_minute"
    assert got.value.metadata["x-ratelimit-remaining-tokens"] == "0"
    g.settle(a, 50)  # used 50 of the 600 reserved: 550 given back
    await g.drain()
    b = await g.admit("k2", 600)
    assert b.headers["x-ratelimit-remaining-tokens"] == str(1000 - 50 - 600)


async def test_default_reservation_when_max_tokens_unset():
    g = gate(Limit("tpm", "*", tokens_per_minute=1500), default_reserve_tokens=1000)
    await g.admit("", None)
    with pytest.raises(RouterError):
        await g.admit("", None)


async def test_concurrency_released_at_settlement():
    g = gate(Limit("conc", "clientKeys/k1", concurrent_streams=2))
    a = await g.admit("k1", 1)
    await g.admit("k1", 1)
    with pytest.raises(RouterError) as got:
        await g.admit("k1", 1)
    assert got.value.quota[0].dimension == "concurrent_streams"
    g.settle(a, None)
    g.settle(a, None)  # settled once only
    await g.drain()
    await g.admit("k1", 1)
    with pytest.raises(RouterError):
        await g.admit("k1", 1)


async def test_cost_budget_refuses_once_spent_until_the_next_day():
    clock = Clock()
    g = gate(Limit("cost", "*", cost_budget_micros=1_000_000, budget_period=BudgetPeriod.DAY), clock=clock)
    a = await g.admit("k", 10)
    g.settle(a, 10, cost_micros=999_999)
    await g.drain()
    b = await g.admit("k", 10)  # still under
    g.settle(b, 10, cost_micros=2)
    await g.drain()
    with pytest.raises(RouterError) as got:
        await g.admit("k", 10)
    assert got.value.quota[0].dimension == "cost_budget_micros"
    assert got.value.retry_after > 3600  # the day ends at midnight UTC (16 h away)
    clock.t += 86400
    await g.admit("k", 10)


async def test_token_budget_per_month():
    g = gate(Limit("month", "*", token_budget=100, budget_period=BudgetPeriod.MONTH))
    a = await g.admit("k", 60)
    g.settle(a, 60)
    with pytest.raises(RouterError) as got:
        await g.admit("k", 60)
    assert got.value.quota[0].dimension == "token_budget"


async def test_refusal_adds_nothing_to_other_counters():
    g = gate(Limit("a", "*", requests_per_minute=100), Limit("b", "clientKeys/k", requests_per_minute=1))
    await g.admit("k", 1)
    for _ in range(5):
        with pytest.raises(RouterError):
            await g.admit("k", 1)
    adm = await g.admit("other", 1)
    assert adm.headers["x-ratelimit-remaining-requests"] == "98"  # 2 admitted of 100; refusals not counted


async def test_disabled_limit_is_not_enforced():
    g = gate(Limit("off", "*", requests_per_minute=1, enabled=False))
    for _ in range(3):
        await g.admit("k", 1)


class Down:
    async def acquire(self, counters: list[Counter]) -> Verdict:
        raise LimiterUnavailable("down")

    async def adjust(self, changes) -> None:
        raise LimiterUnavailable("down")

    async def close(self) -> None:
        pass


async def test_limiter_down_fail_open_admits():
    g = gate(Limit("rpm", "*", requests_per_minute=1), limiter=Down(), fail_open=True)
    for _ in range(3):
        g.settle(await g.admit("k", 1), 1)
    await g.drain()


async def test_limiter_down_fail_closed_is_unavailable_with_reason():
    g = gate(Limit("rpm", "*", requests_per_minute=1), limiter=Down(), fail_open=False)
    with pytest.raises(RouterError) as got:
        await g.admit("k", 1)
    assert got.value.kind is ErrorKind.UNAVAILABLE and got.value.reason == Reason.LIMITER_UNAVAILABLE
    assert got.value.retry_after is not None


def test_check_limit_names_bad_fields():
    with pytest.raises(InvalidArgument) as got:
        check_limit(Limit("", "users/1", requests_per_minute=-1))
    fields = {v.field for v in got.value.violations}
    assert {"limit.subject", "limit.requests_per_minute"} <= fields
    with pytest.raises(InvalidArgument) as got:
        check_limit(Limit("x", "*"))
    assert got.value.violations[0].field == "limit.requests_per_minute"
    check_limit(Limit("x", "clientKeys/abc123", concurrent_streams=1))
    # No caller-group resource exists (a caller's policy is on its key): refused, never stored unenforced.
    with pytest.raises(InvalidArgument) as got:
        check_limit(Limit("x", "callers/team-a", requests_per_minute=5))
    assert [v.field for v in got.value.violations] == ["limit.subject"]
    assert "clientKeys/" in got.value.violations[0].description


async def test_a_reservation_over_the_cap_is_settled_from_what_was_charged():
    g = gate(Limit("tpm", "*", tokens_per_minute=100))
    a = await g.admit("k", 5000)  # charged the cap (100): it fits only in an empty window
    g.settle(a, 30)  # used 30: 70 given back, not 4970
    await g.drain()
    b = await g.admit("k", 10)
    assert b.headers["x-ratelimit-remaining-tokens"] == str(100 - 30 - 10)
