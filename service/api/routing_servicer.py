"""RoutingService: routing rules and the dry-run resolver."""

from __future__ import annotations

import grpc

from llmrouter.v1 import route_pb2
from llmrouter.v1 import routing_service_pb2 as pb
from llmrouter.v1 import routing_service_pb2_grpc as pb_grpc
from service.api import convert, fieldmask
from service.api.client_key_servicer import client_key_id
from service.api.fieldmask import pick
from service.api.pagination import next_token, parse_page
from service.core.admin import UNSET, RouteInput, RoutePatch, patch_fields
from service.core.config import RouteTarget
from service.core.config_repository import ConfigRepository
from service.core.errors import NotFound
from service.core.resolution import MatchKind
from service.core.router import Router

# The updatable fields: the patch fields, named as in the protobuf message.
ROUTE_UPDATABLE = patch_fields(RoutePatch)

_MATCH_TO_PB = {
    MatchKind.NONE: pb.MATCH_KIND_UNSPECIFIED,
    MatchKind.EXPLICIT_PROVIDER: pb.MATCH_KIND_EXPLICIT_PROVIDER,
    MatchKind.ROUTE: pb.MATCH_KIND_ROUTE,
    MatchKind.PROVIDER_MODEL: pb.MATCH_KIND_PROVIDER_MODEL,
    MatchKind.LOCAL_MODEL: pb.MATCH_KIND_LOCAL_MODEL,
    MatchKind.CALLER_OVERRIDE: pb.MATCH_KIND_CALLER_OVERRIDE,
}


def _fallbacks(r: route_pb2.Route) -> tuple[RouteTarget, ...]:
    return tuple(convert.target_from_pb(f, f"route.fallbacks[{i}]") for i, f in enumerate(r.fallbacks))


def _deployments(r: route_pb2.Route) -> tuple[RouteTarget, ...]:
    return tuple(convert.deployment_from_pb(d, f"route.deployments[{i}]") for i, d in enumerate(r.deployments))


def route_input(r: route_pb2.Route) -> RouteInput:
    return RouteInput(
        model_pattern=r.model_pattern,
        priority=r.priority,
        target=convert.target_from_pb(r.target, "route.target"),
        deployments=_deployments(r),
        strategy=convert.strategy_from_pb(r.strategy),
        fallbacks=_fallbacks(r),
        enabled=r.enabled if r.HasField("enabled") else None,
        description=r.description,
    )


def route_patch(r: route_pb2.Route, paths: frozenset[str]) -> RoutePatch:
    """The change to a route: the fields in `paths` take the request's values (unset `enabled`: its default, true)."""
    return RoutePatch(
        model_pattern=pick(paths, "model_pattern", r.model_pattern),
        priority=pick(paths, "priority", r.priority),
        target=convert.target_from_pb(r.target, "route.target") if "target" in paths else UNSET,
        fallbacks=_fallbacks(r) if "fallbacks" in paths else UNSET,
        deployments=_deployments(r) if "deployments" in paths else UNSET,
        strategy=convert.strategy_from_pb(r.strategy) if "strategy" in paths else UNSET,
        enabled=pick(paths, "enabled", r.enabled if r.HasField("enabled") else True),
        description=pick(paths, "description", r.description),
    )


class RoutingServicer(pb_grpc.RoutingServiceServicer):
    def __init__(self, store: ConfigRepository, router: Router) -> None:
        self.store = store
        self.router = router

    async def CreateRoute(
        self, request: pb.CreateRouteRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateRouteResponse:
        created = await self.store.routes.create(request.route_id, route_input(request.route))
        return pb.CreateRouteResponse(route=convert.route_pb(created))

    async def GetRoute(self, request: pb.GetRouteRequest, context: grpc.aio.ServicerContext) -> pb.GetRouteResponse:
        return pb.GetRouteResponse(route=convert.route_pb(await self.store.routes.get(convert.route_id(request.name))))

    async def ListRoutes(
        self, request: pb.ListRoutesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListRoutesResponse:
        page = parse_page(request.page_size, request.page_token, "routes")
        found = await self.store.routes.list(page)
        return pb.ListRoutesResponse(
            routes=[convert.route_pb(r) for r in found.items],
            next_page_token=next_token(page, len(found.items), found.total, "routes"),
        )

    async def UpdateRoute(
        self, request: pb.UpdateRouteRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateRouteResponse:
        r = request.route
        rid = convert.route_id(r.name, "route.name")
        paths = fieldmask.update_paths(request.update_mask, r, "route", ROUTE_UPDATABLE)
        updated = await self.store.routes.update(rid, route_patch(r, paths), r.etag)
        return pb.UpdateRouteResponse(route=convert.route_pb(updated))

    async def DeleteRoute(
        self, request: pb.DeleteRouteRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteRouteResponse:
        await self.store.routes.delete(convert.route_id(request.name), request.etag)
        return pb.DeleteRouteResponse()

    async def ResolveRoute(
        self, request: pb.ResolveRouteRequest, context: grpc.aio.ServicerContext
    ) -> pb.ResolveRouteResponse:
        pid = convert.provider_id(request.provider, "provider") if request.provider else ""
        needs = convert.capabilities_needed(request.required_capabilities, "required_capabilities")
        caller = client_key_id(request.caller, "caller") if request.caller else ""
        if caller and caller not in self.router.snapshot().client_keys:
            raise NotFound(f"{request.caller} does not exist", resource=("client_key", request.caller))
        plan = self.router.plan(request.model, pid, needs, caller)
        res = plan.resolution
        return pb.ResolveRouteResponse(
            match_kind=_MATCH_TO_PB[res.match_kind],
            route=f"routes/{res.route}" if res.route else "",
            targets=[
                pb.ResolvedTarget(
                    provider=f"providers/{t.provider.id}",
                    model=t.model,
                    fallback_index=t.fallback_index,
                    breaker_open=is_open,
                    in_group=t.in_group,
                )
                for t, is_open in zip(res.targets, plan.breaker_open, strict=True)
            ],
            skipped=[pb.SkippedCandidate(name=s.name, reason=s.reason) for s in res.skipped],
            explanation=res.explanation,
            model=res.model,
            balancing=plan.balancing,
        )
