"""AIP-134 update masks, the same for UpdateProvider, UpdateProviderModel and UpdateRoute,
over real gRPC on SQLite and PostgreSQL.

No mask (or no paths): the fields populated in the request change. `*`: every updatable
field takes the request's value, unset ones their defaults. Unknown or immutable paths:
INVALID_ARGUMENT naming `update_mask.paths`, and nothing changes.
"""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2
from support.harness import expect_error

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs


def T(provider: str, model: str = "") -> r.RouteTarget:
    return r.RouteTarget(provider=f"providers/{provider}", model=model)


def mask(paths: list[str] | None) -> dict:
    """Request keyword arguments: no update_mask at all for None."""
    return {} if paths is None else {"update_mask": field_mask_pb2.FieldMask(paths=paths)}


async def make_all(srv):
    """One provider, one model and one route with every updatable field away from its default."""
    provider = (
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="masked",
                provider=p.Provider(
                    display_name="Masked",
                    api_type=p.API_TYPE_OPENAI,
                    base_url="http://127.0.0.1:9/v1",
                    api_key="sk-masked-1234",
                    enabled=False,
                ),
            )
        )
    ).provider
    model = (
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local",
                provider_model=p.ProviderModel(
                    model_id="tiny", display_name="Tiny", is_default=True, source="/models/tiny"
                ),
            )
        )
    ).provider_model
    route = (
        await srv.routes.CreateRoute(
            rs.CreateRouteRequest(
                route_id="masked",
                route=r.Route(
                    model_pattern="gpt-*",
                    priority=7,
                    target=T("openai", "gpt-4o"),
                    fallbacks=[T("groq")],
                    enabled=False,
                    description="seven",
                ),
            )
        )
    ).route
    return provider, model, route


async def update_provider(srv, paths, **fields) -> p.Provider:
    req = pa.UpdateProviderRequest(provider=p.Provider(name="providers/masked", **fields), **mask(paths))
    return (await srv.providers.UpdateProvider(req)).provider


async def update_model(srv, name, paths, **fields) -> p.ProviderModel:
    req = pa.UpdateProviderModelRequest(provider_model=p.ProviderModel(name=name, **fields), **mask(paths))
    return (await srv.providers.UpdateProviderModel(req)).provider_model


async def update_route(srv, paths, **fields) -> r.Route:
    req = rs.UpdateRouteRequest(route=r.Route(name="routes/masked", **fields), **mask(paths))
    return (await srv.routes.UpdateRoute(req)).route


@pytest.mark.parametrize("paths", [None, []], ids=["no-mask", "empty-mask"])
async def test_empty_mask_changes_the_populated_fields_only(server, paths):
    provider, model, route = await make_all(server)

    upd = await update_provider(server, paths, display_name="Renamed")
    assert upd.display_name == "Renamed"
    assert (upd.base_url, upd.api_key_set, upd.api_key_hint, upd.enabled) == (provider.base_url, True, "...1234", False)
    upd = await update_provider(server, paths, enabled=True)  # an `optional` field set to anything is populated
    assert upd.enabled and upd.display_name == "Renamed"

    upd_m = await update_model(server, model.name, paths, display_name="Renamed tiny")
    assert upd_m.display_name == "Renamed tiny"
    assert (upd_m.is_default, upd_m.source) == (True, "/models/tiny")  # false and "" are not populated

    upd_r = await update_route(server, paths, description="new", priority=0, fallbacks=[])
    assert upd_r.description == "new"
    assert (upd_r.model_pattern, upd_r.priority, upd_r.enabled) == ("gpt-*", 7, False)
    assert upd_r.target == route.target and list(upd_r.fallbacks) == list(route.fallbacks)
    upd_r = await update_route(server, paths, enabled=False, fallbacks=[T("anthropic")])
    assert not upd_r.enabled and [f.provider for f in upd_r.fallbacks] == ["providers/anthropic"]
    assert upd_r.description == "new"


async def test_named_paths_set_default_values_too(server):
    _provider, model, _route = await make_all(server)
    upd_m = await update_model(server, model.name, ["is_default", "source"])
    assert (upd_m.is_default, upd_m.source, upd_m.display_name) == (False, "", "Tiny")
    upd_r = await update_route(server, ["priority", "fallbacks", "description"])
    assert (upd_r.priority, list(upd_r.fallbacks), upd_r.description) == (0, [], "")
    assert upd_r.model_pattern == "gpt-*" and not upd_r.enabled
    # An unset `enabled` in the mask takes its default, true, on both resources that have one.
    assert (await update_route(server, ["enabled"])).enabled
    upd = await update_provider(server, ["enabled"])
    assert upd.enabled and upd.display_name == "Masked" and upd.api_key_set


async def test_star_replaces_every_updatable_field(server):
    provider, model, _route = await make_all(server)

    upd = await update_provider(server, ["*"], display_name="Full", base_url="http://127.0.0.1:10/v1")
    assert (upd.display_name, upd.base_url, upd.api_key_set, upd.api_key_hint) == (
        "Full",
        "http://127.0.0.1:10/v1",
        False,  # api_key unset: the key is removed
        "",
    )
    assert upd.enabled  # unset: its default
    assert (upd.api_type, upd.template, upd.create_time) == (provider.api_type, provider.template, provider.create_time)

    upd_m = await update_model(server, model.name, ["*"], display_name="Only")
    assert (upd_m.display_name, upd_m.is_default, upd_m.source, upd_m.model_id) == ("Only", False, "", "tiny")

    upd_r = await update_route(server, ["*"], model_pattern="new-*", target=T("anthropic"))
    assert (upd_r.model_pattern, upd_r.target.provider, upd_r.target.model) == ("new-*", "providers/anthropic", "")
    assert (upd_r.priority, list(upd_r.fallbacks), upd_r.description, upd_r.enabled) == (0, [], "", True)


async def test_star_still_needs_the_required_fields(server):
    provider, _model, route = await make_all(server)
    err = await expect_error(
        update_provider(server, ["*"], base_url="http://127.0.0.1:10/v1"), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "provider.display_name" in err.fields
    err = await expect_error(update_route(server, ["*"], model_pattern="x-*"), grpc.StatusCode.INVALID_ARGUMENT)
    assert "route.target.provider" in err.fields
    got = (await server.providers.GetProvider(pa.GetProviderRequest(name=provider.name))).provider
    assert got == provider
    assert (await server.routes.GetRoute(rs.GetRouteRequest(name=route.name))).route == route


BAD_PATHS = [
    ("provider", ["nope"], "is not a field of provider"),
    ("provider", ["api_type"], "is not updatable on provider"),
    ("provider", ["name"], "is not updatable on provider"),
    ("provider", ["etag"], "is not updatable on provider"),
    ("provider", ["api_key_set"], "is not updatable on provider"),
    ("provider", ["*", "display_name"], "must be the only path"),
    ("provider", ["display_name", "builtin"], "is not updatable on provider"),
    ("provider_model", ["model_id"], "is not updatable on provider_model"),
    ("provider_model", ["create_time"], "is not updatable on provider_model"),
    ("provider_model", ["enabled"], "is not a field of provider_model"),
    ("route", ["target.provider"], "use 'target'"),
    ("route", ["priorty"], "is not a field of route"),
    ("route", ["update_time"], "is not updatable on route"),
    ("route", ["description", "*"], "must be the only path"),
]


async def test_unknown_and_immutable_paths_are_refused(server):
    provider, model, route = await make_all(server)
    for resource, paths, says in BAD_PATHS:
        if resource == "provider":
            call = update_provider(server, paths, display_name="Changed", api_type=p.API_TYPE_OPENAI)
        elif resource == "provider_model":
            call = update_model(server, model.name, paths, display_name="Changed", model_id="other")
        else:
            call = update_route(server, paths, description="Changed", target=T("anthropic"))
        err = await expect_error(call, grpc.StatusCode.INVALID_ARGUMENT)
        assert err.reason == "INVALID_ARGUMENT"
        assert list(err.fields) == ["update_mask.paths"], (resource, paths, err.fields)
        assert says in err.fields["update_mask.paths"], (resource, paths, err.fields)
    # Nothing changed.
    assert (await server.providers.GetProvider(pa.GetProviderRequest(name=provider.name))).provider == provider
    models = (
        await server.providers.ListProviderModels(pa.ListProviderModelsRequest(parent="providers/local"))
    ).provider_models
    assert list(models) == [model]
    assert (await server.routes.GetRoute(rs.GetRouteRequest(name=route.name))).route == route


async def test_a_read_resource_sent_back_unchanged_keeps_its_values(server):
    """Output-only fields (api_key_set, builtin, models, times) are populated in what Get returns:
    an empty mask ignores them, and the etag guards the round trip."""
    provider, model, route = await make_all(server)
    provider = (await server.providers.GetProvider(pa.GetProviderRequest(name=provider.name))).provider

    upd = (await server.providers.UpdateProvider(pa.UpdateProviderRequest(provider=provider))).provider
    upd_m = (
        await server.providers.UpdateProviderModel(pa.UpdateProviderModelRequest(provider_model=model))
    ).provider_model
    upd_r = (await server.routes.UpdateRoute(rs.UpdateRouteRequest(route=route))).route

    for before, after in ((provider, upd), (model, upd_m), (route, upd_r)):
        before_fields = {f.name: v for f, v in before.ListFields() if f.name not in ("etag", "update_time")}
        after_fields = {f.name: v for f, v in after.ListFields() if f.name not in ("etag", "update_time")}
        assert after_fields == before_fields
        assert after.etag != before.etag  # a committed write, one new revision
    # Sending the old etag again now is a stale write.
    await expect_error(server.routes.UpdateRoute(rs.UpdateRouteRequest(route=route)), grpc.StatusCode.ABORTED)
