"""A route whose target is a group of deployments, through the real gRPC server and two fake upstreams."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2
from support.cloud_setup import add_provider, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import expect_error

from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs

CHAT = "/v1/chat/completions"


@pytest.fixture
async def ups():
    async with FakeUpstream.start() as a, FakeUpstream.start() as b:
        a.route(CHAT, lambda rec: openai_stream(["a"]))
        b.route(CHAT, lambda rec: openai_stream(["b"]))
        yield a, b


async def test_weighted_group_over_grpc(server, ups):
    a, b = ups
    await add_provider(server, "pa", a.openai_base_url)
    await add_provider(server, "pb", b.openai_base_url)
    created = (
        await server.routes.CreateRoute(
            rs.CreateRouteRequest(
                route_id="group",
                route=r.Route(
                    model_pattern="m-*",
                    deployments=[
                        r.Deployment(provider="providers/pa", weight=3),
                        r.Deployment(provider="providers/pb", model="m-on-b", weight=1),
                    ],
                    strategy=r.BALANCE_STRATEGY_WEIGHTED,
                ),
            )
        )
    ).route
    assert [(d.provider, d.weight) for d in created.deployments] == [("providers/pa", 3), ("providers/pb", 1)]
    assert not created.HasField("target") and created.strategy == r.BALANCE_STRATEGY_WEIGHTED

    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="m-1"))
    assert res.match_kind == rs.MATCH_KIND_ROUTE and all(t.in_group for t in res.targets)
    assert {t.provider for t in res.targets} == {"providers/pa", "providers/pb"}
    assert res.balancing.startswith("weighted:") and "weight 3" in res.balancing

    n = 400
    for _ in range(n):
        await collect(server.chat.StreamChat(stream_request("m-1")))
    share_a = len(a.requests) / n
    assert len(a.requests) + len(b.requests) == n
    assert abs(share_a - 0.75) <= 0.1, share_a  # 3:1 (the core test checks ±5% over 2,000)
    assert b.last.json()["model"] == "m-on-b"

    # A target and a group at once is refused naming the field; so is a bad weight.
    err = await expect_error(
        server.routes.CreateRoute(
            rs.CreateRouteRequest(
                route=r.Route(
                    model_pattern="x",
                    target=r.RouteTarget(provider="providers/pa"),
                    deployments=[r.Deployment(provider="providers/pb", weight=2000)],
                )
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "route.target" in err.fields and "route.deployments[0].weight" in err.fields
    # Back to one target: the group goes with an update.
    upd = await server.routes.UpdateRoute(
        rs.UpdateRouteRequest(
            route=r.Route(name="routes/group", target=r.RouteTarget(provider="providers/pb")),
            update_mask=field_mask_pb2.FieldMask(paths=["target", "deployments"]),
        )
    )
    assert not upd.route.deployments and upd.route.target.provider == "providers/pb"
