"""Load balancing over a deployment group: the router itself with in-process fake backends.

The router, the balancer and the breakers are the real ones; only the backends are fakes
(the port the router owns), so thousands of calls run in well under a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from collections.abc import AsyncIterator

from service.core.balancing import Balancer
from service.core.breaker import Breakers
from service.core.chat import ChatRequest, Delta, Finish, FinishReason, Message, Role, TextPart
from service.core.config import ApiType, BalanceStrategy, ProviderConfig, RouteConfig, RouteTarget, Snapshot
from service.core.errors import Reason, Unavailable
from service.core.ports import Backend
from service.core.router import Router


class FakeBackend(Backend):
    """Answers "ok" from its provider; `slow` holds each stream open until released; `failing` fails."""

    def __init__(self, provider: ProviderConfig, hub: Hub) -> None:
        super().__init__(provider)
        self.hub = hub

    async def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        pid = self.provider.id
        self.hub.calls[pid] += 1
        if pid in self.hub.failing:
            raise Unavailable(f"{pid} is down", reason=Reason.UPSTREAM_UNAVAILABLE)
        yield Delta(text=pid)
        if pid in self.hub.slow:
            await self.hub.release.wait()
        yield Finish(FinishReason.STOP)


class Hub:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.failing: set[str] = set()
        self.slow: set[str] = set()
        self.release = asyncio.Event()
        self.backends: dict[str, FakeBackend] = {}

    def get(self, provider: ProviderConfig) -> contextlib.AbstractContextManager[Backend]:
        b = self.backends.setdefault(provider.id, FakeBackend(provider, self))
        return contextlib.nullcontext(b)


def snapshot(strategy: BalanceStrategy, weights: dict[str, int], fallback: str = "") -> Snapshot:
    ids = [*weights, *([fallback] if fallback else [])]
    providers = {pid: ProviderConfig(pid, pid, ApiType.OPENAI, "http://127.0.0.1:9/v1", api_key="k") for pid in ids}
    route = RouteConfig(
        id="group",
        model_pattern="m",
        deployments=tuple(RouteTarget(pid, "", w) for pid, w in weights.items()),
        strategy=strategy,
        fallbacks=(RouteTarget(fallback),) if fallback else (),
    )
    return Snapshot(version=1, providers=providers, routes=(route,))


def request() -> ChatRequest:
    return ChatRequest(model="m", messages=(Message(Role.USER, (TextPart("hi"),)),))


async def serve(router: Router) -> str:
    served = ""
    async for ev in router.stream(request(), None):
        if isinstance(ev, Delta):
            served = ev.text
    return served


def router_for(snap: Snapshot, hub: Hub, breakers: Breakers | None = None, seed: int = 7) -> Router:
    return Router(
        lambda: snap,
        hub,
        max_attempts_per_target=1,
        backoff_base_s=0,
        breakers=breakers,
        balancer=Balancer(random.Random(seed)),
    )


async def test_weighted_split_within_five_percent_over_2000_requests():
    weights = {"a": 5, "b": 3, "c": 2}
    hub = Hub()
    router = router_for(snapshot(BalanceStrategy.WEIGHTED, weights), hub)
    served = Counter([await serve(router) for _ in range(2000)])
    total = sum(weights.values())
    for pid, w in weights.items():
        share = served[pid] / 2000
        assert abs(share - w / total) <= 0.05, (pid, share, served)  # within 5 percentage points


async def test_ordered_is_the_default_and_keeps_todays_order():
    hub = Hub()
    router = router_for(snapshot(BalanceStrategy.ORDERED, {"a": 1, "b": 9}), hub)
    assert {await serve(router) for _ in range(50)} == {"a"}


async def test_least_in_flight_keeps_every_healthy_deployment_busy_while_one_is_slow():
    hub = Hub()
    hub.slow = {"slow"}
    router = router_for(snapshot(BalanceStrategy.LEAST_IN_FLIGHT, {"slow": 1, "b": 1, "c": 1}), hub)
    tasks = []
    for _ in range(60):
        tasks.append(asyncio.create_task(serve(router)))
        await asyncio.sleep(0)  # each call starts (and the fast ones finish) before the next
    for _ in range(20):
        await asyncio.sleep(0)
    # The slow deployment holds its calls; the healthy ones took the rest, none starved.
    assert router.balancer.in_flight.get(("slow", "m"), 0) == hub.calls["slow"] >= 1
    assert hub.calls["slow"] <= 2
    assert hub.calls["b"] >= 25 and hub.calls["c"] >= 25
    hub.release.set()
    served = Counter(await asyncio.gather(*tasks))
    assert served["slow"] == hub.calls["slow"] and served["b"] + served["c"] + served["slow"] == 60
    assert router.balancer.in_flight == {}


async def test_lowest_latency_prefers_the_fastest_first_token():
    hub = Hub()
    router = router_for(snapshot(BalanceStrategy.LOWEST_LATENCY, {"a": 1, "b": 1}), hub)
    router.balancer.ttft_s[("a", "m")] = 0.5
    router.balancer.ttft_s[("b", "m")] = 0.01
    assert await serve(router) == "b"


async def test_failing_deployment_is_skipped_by_its_breaker_and_gets_traffic_after_recovery():
    now = [0.0]
    breakers = Breakers(failure_threshold=2, cooldown_s=10.0, clock=lambda: now[0])
    hub = Hub()
    hub.failing = {"a"}
    router = router_for(snapshot(BalanceStrategy.WEIGHTED, {"a": 1, "b": 1}, fallback="fb"), hub, breakers)
    served = Counter([await serve(router) for _ in range(200)])
    # "a" failed twice (each time the call moved on to "b"), then its breaker skipped it.
    assert hub.calls["a"] == 2 and served["a"] == 0 and served["b"] == 200 and served["fb"] == 0
    plan = router.plan("m")
    assert dict(zip([t.provider.id for t in plan.resolution.targets], plan.breaker_open, strict=True))["a"] is True
    # Recovered, and the cool-down over: the half-open probe succeeds and traffic returns.
    hub.failing.clear()
    now[0] = 11.0
    served = Counter([await serve(router) for _ in range(400)])
    assert served["a"] > 150 and served["b"] > 150


async def test_the_group_then_the_fallbacks():
    hub = Hub()
    hub.failing = {"a", "b"}
    router = router_for(snapshot(BalanceStrategy.WEIGHTED, {"a": 1, "b": 1}, fallback="fb"), hub)
    assert await serve(router) == "fb"
    assert hub.calls["a"] == 1 and hub.calls["b"] == 1
    res = router.resolve("m")
    assert [(t.provider.id, t.in_group, t.fallback_index) for t in res.targets] == [
        ("a", True, 0),
        ("b", True, 0),
        ("fb", False, 1),
    ]
    assert "balanced weighted" in res.explanation
