"""Resolution over the compiled routing table, table-driven, and checked against the plain
definition (scan every route in evaluation order with fnmatch) on random rule sets."""

from __future__ import annotations

from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.chat import Capability
from service.core.config import ApiType, ModelConfig, ProviderConfig, RouteConfig, RouteTarget, Snapshot
from service.core.errors import FailedPrecondition, NotFound, Reason
from service.core.resolution import MatchKind, RoutingTable, no_route_error, no_target_error, route_order_key


def provider(pid: str, *models: str, api: ApiType = ApiType.OPENAI, key: str = "k", enabled: bool = True):
    return ProviderConfig(
        id=pid,
        display_name=pid,
        api_type=api,
        base_url="http://127.0.0.1:1/v1",
        api_key=key,
        enabled=enabled,
        models=tuple(ModelConfig(id=m.replace("/", "-"), provider_id=pid, model_id=m) for m in models),
    )


def route(rid: str, pattern: str, target: str, *fallbacks: str, priority: int = 0, seq: int = 0, enabled=True):
    return RouteConfig(
        id=rid,
        model_pattern=pattern,
        priority=priority,
        target=RouteTarget(target),
        fallbacks=tuple(RouteTarget(f) for f in fallbacks),
        enabled=enabled,
        seq=seq,
    )


def snapshot(providers, routes=()) -> Snapshot:
    return Snapshot(version=1, providers={p.id: p for p in providers}, routes=tuple(routes))


PROVIDERS = [
    provider("a", "gpt-x"),
    provider("b", "gpt-x", "claude-y"),
    provider("nokey", "gpt-x", key=""),
    provider("off", "gpt-x", enabled=False),
    provider("local", "tiny", "gpt-x", api=ApiType.MLX, key=""),
]


@pytest.mark.parametrize(
    ("routes", "model", "kind", "route_id", "targets", "skipped"),
    [
        # No route: cloud providers listing the model by id, then local ones.
        ([], "gpt-x", MatchKind.PROVIDER_MODEL, "", ["a", "b", "local"], ["providers/nokey", "providers/off"]),
        ([], "tiny", MatchKind.LOCAL_MODEL, "", ["local"], []),
        ([], "unknown", MatchKind.NONE, "", [], []),
        # Exact beats glob at equal priority; higher priority beats both.
        ([route("g", "gpt-*", "b", seq=1), route("e", "gpt-x", "a", seq=2)], "gpt-x", MatchKind.ROUTE, "e", ["a"], []),
        ([route("g", "gpt-*", "b", priority=5), route("e", "gpt-x", "a")], "gpt-x", MatchKind.ROUTE, "g", ["b"], []),
        # At equal priority and kind, the older rule.
        (
            [route("new", "gpt-?", "b", seq=9), route("old", "gpt-*", "a", seq=1)],
            "gpt-x",
            MatchKind.ROUTE,
            "old",
            ["a"],
            [],
        ),
        # A disabled route, then a route with no usable target, fall through to the next.
        (
            [route("off", "gpt-*", "a", priority=9, enabled=False), route("dead", "gpt-x", "nokey", priority=8)],
            "gpt-x",
            MatchKind.PROVIDER_MODEL,
            "",
            ["a", "b", "local"],
            ["routes/off", "providers/nokey", "routes/dead", "providers/nokey", "providers/off"],
        ),
        # Fallbacks in order, unusable ones skipped, a missing provider named.
        (
            [route("r", "*", "nokey", "gone", "b", "a")],
            "anything",
            MatchKind.ROUTE,
            "r",
            ["b", "a"],
            ["providers/nokey", "providers/gone"],
        ),
        # Character classes and a pattern that is a prefix of nothing.
        ([route("c", "gpt-[a-z]", "b")], "gpt-x", MatchKind.ROUTE, "c", ["b"], []),
        (
            [route("c", "gpt-[!x]", "b")],
            "gpt-x",
            MatchKind.PROVIDER_MODEL,
            "",
            ["a", "b", "local"],
            ["providers/nokey", "providers/off"],
        ),
        (
            [route("p", "zzz*", "b")],
            "gpt-x",
            MatchKind.PROVIDER_MODEL,
            "",
            ["a", "b", "local"],
            ["providers/nokey", "providers/off"],
        ),
    ],
)
def test_resolution_table(routes, model, kind, route_id, targets, skipped):
    res = RoutingTable(snapshot(PROVIDERS, routes)).resolve(model)
    assert res.match_kind is kind
    assert res.route == route_id
    assert [t.provider.id for t in res.targets] == targets
    assert [t.fallback_index for t in res.targets] == list(range(len(targets)))
    assert [s.name for s in res.skipped] == skipped


def test_route_model_override_and_requested_name():
    snap = snapshot(
        PROVIDERS, [route("r", "alias-*", "a"), RouteConfig("o", "fixed", target=RouteTarget("b", "upstream"))]
    )
    assert [t.model for t in RoutingTable(snap).resolve("alias-1").targets] == ["alias-1"]
    assert [t.model for t in RoutingTable(snap).resolve("fixed").targets] == ["upstream"]


def test_explicit_provider():
    table = RoutingTable(snapshot(PROVIDERS, [route("r", "*", "b")]))
    res = table.resolve("gpt-x", "a")
    assert res.match_kind is MatchKind.EXPLICIT_PROVIDER and [t.provider.id for t in res.targets] == ["a"]
    with pytest.raises(NotFound):
        table.resolve("gpt-x", "missing")
    with pytest.raises(FailedPrecondition) as off:
        table.resolve("gpt-x", "off")
    assert off.value.reason == Reason.PROVIDER_DISABLED
    with pytest.raises(FailedPrecondition) as nokey:
        table.resolve("gpt-x", "nokey")
    assert nokey.value.reason == Reason.PROVIDER_KEY_MISSING


def test_no_route_error_names_what_was_skipped():
    res = RoutingTable(snapshot(PROVIDERS)).resolve("only-nokey")
    err = no_route_error("only-nokey", res)
    assert err.reason == Reason.NO_ROUTE and err.resource == ("model", "only-nokey")
    res = RoutingTable(snapshot([provider("nokey", "m", key="")])).resolve("m")
    assert "providers/nokey: provider has no API key" in no_route_error("m", res).message


def test_the_table_is_compiled_once_per_snapshot_and_cached():
    snap = snapshot(PROVIDERS, [route("r", "gpt-*", "a")])
    assert snap.routing is snap.routing
    assert snap.routing.resolve("gpt-x") is snap.routing.resolve("gpt-x")


# ------------------------------------------------------------ against the plain definition


def reference(snap: Snapshot, model: str) -> tuple[str, list[str], list[str]]:
    """Resolution as defined: every route in evaluation order, fnmatch on each."""
    skipped: list[str] = []
    for r in sorted(snap.routes, key=route_order_key):
        if not fnmatchcase(model, r.model_pattern):
            continue
        if not r.enabled:
            skipped.append(f"routes/{r.id}")
            continue
        targets = []
        for t in r.targets():
            p = snap.providers.get(t.provider)
            if p is None or not p.usable:
                skipped.append(f"providers/{t.provider}")
                continue
            targets.append(p.id)
        if targets:
            return r.id, targets, skipped
        skipped.append(f"routes/{r.id}")
    cloud, local = [], []
    for pid in sorted(snap.providers):
        p = snap.providers[pid]
        if p.model(model) is None:
            continue
        if not p.usable:
            skipped.append(f"providers/{pid}")
            continue
        (local if p.api_type is ApiType.MLX else cloud).append(pid)
    return "", (cloud + local) if cloud else local, skipped


ALPHABET = "ab-*?["
patterns = st.text(alphabet="ab-", min_size=1, max_size=4).flatmap(
    lambda lit: st.sampled_from([lit, lit + "*", "*" + lit, lit[:1] + "?" + lit[1:], lit + "[ab]", "*", "a*b"])
)


@settings(max_examples=300, deadline=None)
@given(
    rules=st.lists(
        st.tuples(patterns, st.integers(0, 3), st.sampled_from(["a", "b", "nokey", "gone"]), st.booleans()),
        max_size=12,
    ),
    model=st.text(alphabet="ab-", min_size=1, max_size=6),
)
def test_compiled_table_agrees_with_the_definition(rules, model):
    providers = [provider("a", "ab", "a-b"), provider("b", "ab"), provider("nokey", "ab", key="")]
    routes = [
        route(f"r{i}", pat, target, priority=prio, seq=i, enabled=enabled)
        for i, (pat, prio, target, enabled) in enumerate(rules)
    ]
    snap = snapshot(providers, routes)
    res = RoutingTable(snap).resolve(model)
    want_route, want_targets, want_skipped = reference(snap, model)
    assert (res.route, [t.provider.id for t in res.targets], [s.name for s in res.skipped]) == (
        want_route,
        want_targets,
        want_skipped,
    )


# ------------------------------------------------------------ capabilities


def with_caps(p: ProviderConfig, model: str, **caps: bool) -> ProviderConfig:
    from dataclasses import replace

    from service.core.config import ModelCapabilities

    models = tuple(replace(m, capabilities=ModelCapabilities(**caps)) if m.model_id == model else m for m in p.models)
    return replace(p, models=models)


@pytest.mark.parametrize(
    ("needs", "targets", "lacking"),
    [
        (frozenset(), ["a", "b", "local"], ()),
        # Local models read text only unless declared: skipped for images and documents.
        (frozenset({Capability.IMAGES}), ["a", "b"], (Capability.IMAGES,)),
        (frozenset({Capability.DOCUMENTS}), ["a", "b"], (Capability.DOCUMENTS,)),
        # Tools, JSON Schema and reasoning are defaults everywhere; `b` declares no tools.
        (frozenset({Capability.TOOLS, Capability.JSON_SCHEMA}), ["a", "local"], (Capability.TOOLS,)),
    ],
)
def test_targets_lacking_a_needed_capability_are_skipped(needs, targets, lacking):
    providers = [
        provider("a", "m"),
        with_caps(provider("b", "m"), "m", tools=False),
        provider("local", "m", api=ApiType.MLX, key=""),
    ]
    res = RoutingTable(snapshot(providers)).resolve("m", needs=needs)
    assert [t.provider.id for t in res.targets] == targets
    assert [t.fallback_index for t in res.targets] == list(range(len(targets)))
    assert res.lacking == lacking
    assert all("lacks" in s.reason for s in res.skipped)


def test_a_declared_capability_beats_the_default_and_none_left_is_invalid_argument():
    local = with_caps(provider("local", "vlm", "txt", api=ApiType.MLX, key=""), "vlm", images=True)
    table = RoutingTable(snapshot([local]))
    assert [t.model for t in table.resolve("vlm", needs=frozenset({Capability.IMAGES})).targets] == ["vlm"]
    res = table.resolve("txt", needs=frozenset({Capability.IMAGES}))
    assert res.targets == () and res.lacking == (Capability.IMAGES,)
    err = no_target_error("txt", res)
    assert err.kind.value == "INVALID_ARGUMENT" and err.reason == Reason.CAPABILITY_UNSUPPORTED
    assert err.metadata["capability"] == "images" and "image input" in err.message
    # Without a capability problem it stays NO_ROUTE.
    assert no_target_error("zzz", table.resolve("zzz")).reason == Reason.NO_ROUTE
