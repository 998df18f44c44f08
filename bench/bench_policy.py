"""What the caller-policy steps add to a call: resolution with and without a caller policy,
and the deployment group's balancing, measured on the router's own functions (no I/O).

    .venv/bin/python bench/bench_policy.py [--lookups 50000]

Cases (each per call, median of 5 rounds, microseconds):
  - plain:    `RoutingTable.resolve` (cached), no caller: what a call paid before;
  - policy:   `resolve_for` with a caller that has allowed_models / allowed_providers globs, a
              default model (the request names none), an own provider key (its snapshot view)
              and default generation settings (`with_defaults`);
  - override: the same caller with an override provider;
  - balanced: a route whose primary is a weighted group of 4 deployments, ordered by the
              balancer as the router does per call.
Prints; asserts nothing. The issue's target: well under 0.1 ms (100 us) without Redis.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.core.balancing import Balancer
from service.core.callers import resolve_for, with_defaults
from service.core.chat import ChatRequest, Message, Role, TextPart
from service.core.config import (
    ApiType,
    BalanceStrategy,
    CallerPolicy,
    CallerProviderKey,
    ClientKey,
    GenerationDefaults,
    ModelConfig,
    ProviderConfig,
    RouteConfig,
    RouteTarget,
    Snapshot,
)


def build() -> tuple[Snapshot, ClientKey]:
    providers = {
        f"p{i}": ProviderConfig(
            id=f"p{i}",
            display_name=f"p{i}",
            api_type=ApiType.OPENAI,
            base_url="http://127.0.0.1:1/v1",
            api_key="k",
            models=(ModelConfig(id="m", provider_id=f"p{i}", model_id=f"listed-{i}", is_default=i == 0),),
        )
        for i in range(8)
    }
    routes = (
        RouteConfig(id="one", model_pattern="gpt-*", target=RouteTarget("p1"), fallbacks=(RouteTarget("p2"),), seq=1),
        RouteConfig(
            id="group",
            model_pattern="grp-*",
            deployments=tuple(RouteTarget(f"p{i}", "", i + 1) for i in range(4)),
            strategy=BalanceStrategy.WEIGHTED,
            seq=2,
        ),
    )
    key = ClientKey(
        id="caller",
        key_hash="",
        scopes=frozenset({"chat"}),
        policy=CallerPolicy(
            default_model="gpt-4o",
            allowed_models=("gpt-*", "grp-*", "listed-*"),
            allowed_providers=("p[0-7]",),
            default_generation=GenerationDefaults(max_tokens=256, temperature=0.3),
            provider_keys=(CallerProviderKey("p1", "sk-own"),),
        ),
    )
    return Snapshot(version=1, providers=providers, routes=routes, client_keys={key.id: key}), key


def per_call_us(fn, n: int) -> float:
    rounds = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        rounds.append((time.perf_counter() - t0) / n * 1e6)
    return statistics.median(rounds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lookups", type=int, default=50000)
    n = ap.parse_args().lookups
    snap, key = build()
    over = replace(key, id="over", policy=replace(key.policy, override_provider="p3"))
    snap.client_keys[over.id] = over
    req = ChatRequest(model="", messages=(Message(Role.USER, (TextPart("hi"),)),), caller_key_id=key.id)
    balancer = Balancer()
    table = snap.routing

    plain = per_call_us(lambda: table.resolve("gpt-4o"), n)
    policy = per_call_us(lambda: (with_defaults(req, snap), resolve_for(snap, key.id, "", "")), n)
    override = per_call_us(lambda: resolve_for(snap, over.id, "gpt-4o", ""), n)
    res = table.resolve("grp-x")
    balanced = per_call_us(lambda: balancer.order(res.targets, res.strategy), n)
    print(f"lookups per case: {n} (median of 5 rounds)")
    print(f"plain resolve (cached, no caller)            {plain:7.2f} us")
    print(f"caller policy (default model, globs, BYOK)   {policy:7.2f} us   (+{policy - plain:.2f} us)")
    print(f"caller override provider                     {override:7.2f} us   (+{override - plain:.2f} us)")
    print(f"weighted group of 4: balancer order           {balanced:7.2f} us")


if __name__ == "__main__":
    main()
