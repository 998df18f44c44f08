"""RoutingService over real gRPC, on SQLite and PostgreSQL."""

from __future__ import annotations

import grpc
from google.protobuf import field_mask_pb2
from support.harness import expect_error, running_server

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs


def T(provider: str, model: str = "") -> r.RouteTarget:
    return r.RouteTarget(provider=f"providers/{provider}", model=model)


async def give_key(srv, provider: str, key: str = "sk-test-key-1234") -> None:
    await srv.providers.UpdateProvider(
        pa.UpdateProviderRequest(
            provider=p.Provider(name=f"providers/{provider}", api_key=key),
            update_mask=field_mask_pb2.FieldMask(paths=["api_key"]),
        )
    )


async def add_route(srv, route_id="", **kw) -> r.Route:
    return (await srv.routes.CreateRoute(rs.CreateRouteRequest(route=r.Route(**kw), route_id=route_id))).route


async def resolve(srv, model, provider=""):
    return await srv.routes.ResolveRoute(rs.ResolveRouteRequest(model=model, provider=provider))


async def test_route_crud_and_etag(server):
    route = await add_route(
        server,
        "gpt",
        model_pattern="gpt-*",
        priority=5,
        target=T("openai", "gpt-4o-mini"),
        fallbacks=[T("groq", "llama-3.1-8b-instant")],
        description="GPTs",
    )
    assert route.name == "routes/gpt" and route.enabled and route.etag
    assert route.target.provider == "providers/openai" and route.fallbacks[0].model == "llama-3.1-8b-instant"
    assert (await server.routes.GetRoute(rs.GetRouteRequest(name="routes/gpt"))).route == route
    upd = (
        await server.routes.UpdateRoute(
            rs.UpdateRouteRequest(
                route=r.Route(name="routes/gpt", priority=9, enabled=False, etag=route.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["priority", "enabled"]),
            )
        )
    ).route
    assert upd.priority == 9 and not upd.enabled and upd.model_pattern == "gpt-*" and upd.etag != route.etag
    await expect_error(
        server.routes.UpdateRoute(
            rs.UpdateRouteRequest(
                route=r.Route(name="routes/gpt", priority=1, etag=route.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["priority"]),
            )
        ),
        grpc.StatusCode.ABORTED,
    )
    await expect_error(
        server.routes.DeleteRoute(rs.DeleteRouteRequest(name="routes/gpt", etag=route.etag)), grpc.StatusCode.ABORTED
    )
    await server.routes.DeleteRoute(rs.DeleteRouteRequest(name="routes/gpt"))
    err = await expect_error(server.routes.GetRoute(rs.GetRouteRequest(name="routes/gpt")), grpc.StatusCode.NOT_FOUND)
    assert err.resource == ("route", "routes/gpt")


async def test_bad_routes_are_refused_and_nothing_is_stored(server):
    bad = [
        (dict(model_pattern="", target=T("openai")), "route.model_pattern", grpc.StatusCode.INVALID_ARGUMENT),
        (dict(model_pattern="gpt-[4", target=T("openai")), "route.model_pattern", grpc.StatusCode.INVALID_ARGUMENT),
        (dict(model_pattern="gpt-[]", target=T("openai")), "route.model_pattern", grpc.StatusCode.INVALID_ARGUMENT),
        (dict(model_pattern="gpt-[z-a]", target=T("openai")), "route.model_pattern", grpc.StatusCode.INVALID_ARGUMENT),
        (dict(model_pattern="gpt 4", target=T("openai")), "route.model_pattern", grpc.StatusCode.INVALID_ARGUMENT),
        (dict(model_pattern="gpt]", target=T("openai")), "route.model_pattern", grpc.StatusCode.INVALID_ARGUMENT),
        (dict(model_pattern="gpt-4"), "route.target.provider", grpc.StatusCode.INVALID_ARGUMENT),
        (
            dict(model_pattern="gpt-4", target=r.RouteTarget(provider="openai")),
            "route.target.provider",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (dict(model_pattern="gpt-4", target=T("nobody")), "route.target.provider", grpc.StatusCode.FAILED_PRECONDITION),
        (
            dict(model_pattern="gpt-4", target=T("openai"), fallbacks=[T("groq"), T("ghost")]),
            "route.fallbacks[1].provider",
            grpc.StatusCode.FAILED_PRECONDITION,
        ),
        (
            dict(model_pattern="gpt-4", target=T("openai"), fallbacks=[T("groq")] * 9),
            "route.fallbacks",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
    ]
    for kw, field, code in bad:
        err = await expect_error(server.routes.CreateRoute(rs.CreateRouteRequest(route=r.Route(**kw))), code)
        assert field in err.fields, (kw, err)
    err = await expect_error(
        server.routes.CreateRoute(
            rs.CreateRouteRequest(route=r.Route(model_pattern="x", target=T("openai")), route_id="-bad")
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "route_id" in err.fields
    assert (await server.routes.ListRoutes(rs.ListRoutesRequest())).routes == []
    # A provider used by a route cannot be deleted.
    prov = (
        await server.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider=p.Provider(display_name="Edge", api_type=p.API_TYPE_OPENAI, base_url="http://127.0.0.1:7/v1")
            )
        )
    ).provider
    await add_route(server, "edge", model_pattern="edge-*", target=T("openai"), fallbacks=[T("edge")])
    err = await expect_error(
        server.providers.DeleteProvider(pa.DeleteProviderRequest(name=prov.name)), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert "routes/edge" in err.message


async def test_evaluation_order_and_resolution(server):
    await give_key(server, "openai")
    await give_key(server, "groq")
    await give_key(server, "anthropic")
    glob_hi = await add_route(server, "glob-hi", model_pattern="gpt-*", priority=10, target=T("groq", "llama-70b"))
    exact_hi = await add_route(
        server,
        "exact-hi",
        model_pattern="gpt-4o",
        priority=10,
        target=T("openai"),
        fallbacks=[T("anthropic", "claude-3-5-haiku")],
    )
    low = await add_route(server, "low", model_pattern="gpt-4o", priority=1, target=T("anthropic"))
    tie = await add_route(server, "tie", model_pattern="gpt-*", priority=10, target=T("openai", "second"))
    listed = [x.name for x in (await server.routes.ListRoutes(rs.ListRoutesRequest())).routes]
    assert listed == [exact_hi.name, glob_hi.name, tie.name, low.name]

    res = await resolve(server, "gpt-4o")
    assert res.match_kind == rs.MATCH_KIND_ROUTE and res.route == "routes/exact-hi"
    assert [(t.provider, t.model, t.fallback_index) for t in res.targets] == [
        ("providers/openai", "gpt-4o", 0),
        ("providers/anthropic", "claude-3-5-haiku", 1),
    ]
    res = await resolve(server, "gpt-3.5")
    assert res.route == "routes/glob-hi"  # older of two equal globs
    assert [(t.provider, t.model) for t in res.targets] == [("providers/groq", "llama-70b")]

    # Disabling a route or a provider is visible at once, with reasons.
    await server.routes.UpdateRoute(
        rs.UpdateRouteRequest(
            route=r.Route(name="routes/exact-hi", enabled=False),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        )
    )
    res = await resolve(server, "gpt-4o")
    assert res.route == "routes/glob-hi"
    assert ("routes/exact-hi", "route is disabled") in [(s.name, s.reason) for s in res.skipped]
    await server.providers.UpdateProvider(
        pa.UpdateProviderRequest(
            provider=p.Provider(name="providers/groq", enabled=False),
            update_mask=field_mask_pb2.FieldMask(paths=["enabled"]),
        )
    )
    res = await resolve(server, "gpt-4o")
    assert res.route == "routes/tie"
    assert ("providers/groq", "provider is disabled") in [(s.name, s.reason) for s in res.skipped]

    # Nothing matches: explained, no targets.
    res = await resolve(server, "mistral-large")
    assert res.match_kind == rs.MATCH_KIND_UNSPECIFIED and not res.targets and "mistral-large" in res.explanation


async def test_provider_models_and_explicit_provider(server):
    await give_key(server, "together")
    await server.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/together", provider_model=p.ProviderModel(model_id="meta-llama/Llama-3-8b")
        )
    )
    await server.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/fireworks", provider_model=p.ProviderModel(model_id="meta-llama/Llama-3-8b")
        )
    )
    res = await resolve(server, "meta-llama/Llama-3-8b")
    assert res.match_kind == rs.MATCH_KIND_PROVIDER_MODEL
    assert [t.provider for t in res.targets] == ["providers/together"]
    assert ("providers/fireworks", "provider has no API key") in [(s.name, s.reason) for s in res.skipped]
    res = await resolve(server, "anything", provider="providers/together")
    assert res.match_kind == rs.MATCH_KIND_EXPLICIT_PROVIDER and res.targets[0].model == "anything"
    await expect_error(resolve(server, "x", provider="providers/ghost"), grpc.StatusCode.NOT_FOUND)
    err = await expect_error(resolve(server, "x", provider="providers/mistral"), grpc.StatusCode.FAILED_PRECONDITION)
    assert err.reason == "PROVIDER_KEY_MISSING"
    # No model named: the is_default model of the first usable provider (none has one here).
    err = await expect_error(resolve(server, ""), grpc.StatusCode.FAILED_PRECONDITION)
    assert err.reason == "NO_DEFAULT_MODEL"
    # Local models need no key.
    await server.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/local", provider_model=p.ProviderModel(model_id="tiny-local", source="/nowhere")
        )
    )
    res = await resolve(server, "tiny-local")
    assert res.match_kind == rs.MATCH_KIND_LOCAL_MODEL and res.targets[0].provider == "providers/local"


async def test_route_pagination_and_persistence(database):
    async with running_server(database) as srv:
        for i in range(5):
            await add_route(srv, f"r{i}", model_pattern=f"m{i}-*", priority=i, target=T("openai"))
        names, token = [], ""
        while True:
            resp = await srv.routes.ListRoutes(rs.ListRoutesRequest(page_size=2, page_token=token))
            names += [x.name for x in resp.routes]
            token = resp.next_page_token
            if not token:
                break
        assert names == [f"routes/r{i}" for i in (4, 3, 2, 1, 0)]
        before = (await srv.routes.ListRoutes(rs.ListRoutesRequest())).routes
    async with running_server(database) as srv:
        assert (await srv.routes.ListRoutes(rs.ListRoutesRequest())).routes == before


async def test_resolve_route_skips_models_lacking_a_needed_capability(server):
    for model_id, caps in (("txt", None), ("vlm", p.ModelCapabilities(images=True))):
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local",
                provider_model=p.ProviderModel(model_id=model_id, source=f"/models/{model_id}", capabilities=caps),
            )
        )
    images = [chat_pb2.CAPABILITY_IMAGES]
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="txt", required_capabilities=images))
    assert not res.targets
    assert [(s.name, s.reason) for s in res.skipped] == [("providers/local", "model 'txt' lacks image input")]
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="vlm", required_capabilities=images))
    assert [t.provider for t in res.targets] == ["providers/local"] and not res.skipped
    # Without the need, the text model serves.
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="txt"))
    assert [t.model for t in res.targets] == ["txt"]
    err = await expect_error(
        server.routes.ResolveRoute(rs.ResolveRouteRequest(model="txt", required_capabilities=[0])),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "required_capabilities[0]" in err.fields
