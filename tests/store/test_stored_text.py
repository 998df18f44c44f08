"""No text column receives NUL, whatever reaches the store: a configuration write holding one
is refused (INVALID_ARGUMENT naming the field) and nothing is stored, on both databases
(PostgreSQL cannot hold NUL in text; SQLite would keep it and hand it to every reader)."""

from __future__ import annotations

import grpc
from google.protobuf import field_mask_pb2
from support.harness import expect_error

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs


async def test_nul_in_configuration_text_is_refused_and_nothing_is_stored(server):
    await server.providers.CreateProvider(
        pa.CreateProviderRequest(
            provider_id="fine",
            provider=p.Provider(display_name="Fine", template="custom-openai", base_url="http://127.0.0.1:9/v1"),
        )
    )
    before = await server.providers.ListProviders(pa.ListProvidersRequest(page_size=100))
    err = await expect_error(
        server.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="nul",
                provider=p.Provider(
                    display_name="Bad\x00name", template="custom-openai", base_url="http://127.0.0.1:9/v1"
                ),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider.display_name" in err.fields
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/fine", base_url="http://127.0.0.1:9/v1\x00"),
                update_mask=field_mask_pb2.FieldMask(paths=["base_url"]),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider.base_url" in err.fields
    await expect_error(
        server.routes.CreateRoute(
            rs.CreateRouteRequest(
                route_id="nul",
                route=r.Route(
                    model_pattern="m-*", description="a\x00b", target=r.RouteTarget(provider="providers/openai")
                ),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    after = await server.providers.ListProviders(pa.ListProvidersRequest(page_size=100))
    assert after == before
    got = await server.providers.GetProvider(pa.GetProviderRequest(name="providers/fine"))
    assert got.provider.base_url == "http://127.0.0.1:9/v1"
    routes = await server.routes.ListRoutes(rs.ListRoutesRequest())
    assert not routes.routes
