"""RoutingService: routing rules and the dry-run resolver."""

from __future__ import annotations

from llmrouter.v1 import routing_service_pb2 as pb
from llmrouter.v1 import routing_service_pb2_grpc as pb_grpc
from service.api import convert
from service.api.provider_servicer import mask_paths
from service.core.errors import FieldViolation, InvalidArgument
from service.core.resolution import MatchKind
from service.core.router import Router
from service.store.repository import ROUTE_UPDATABLE, ConfigStore, RouteInput, next_token, parse_page

_MATCH_TO_PB = {
    MatchKind.NONE: pb.MATCH_KIND_UNSPECIFIED,
    MatchKind.EXPLICIT_PROVIDER: pb.MATCH_KIND_EXPLICIT_PROVIDER,
    MatchKind.ROUTE: pb.MATCH_KIND_ROUTE,
    MatchKind.PROVIDER_MODEL: pb.MATCH_KIND_PROVIDER_MODEL,
    MatchKind.LOCAL_MODEL: pb.MATCH_KIND_LOCAL_MODEL,
}


def route_input(r) -> RouteInput:
    return RouteInput(
        model_pattern=r.model_pattern,
        priority=r.priority,
        target=convert.target_from_pb(r.target, "route.target"),
        fallbacks=tuple(convert.target_from_pb(f, f"route.fallbacks[{i}]") for i, f in enumerate(r.fallbacks)),
        enabled=r.enabled if r.HasField("enabled") else None,
        description=r.description,
    )


class RoutingServicer(pb_grpc.RoutingServiceServicer):
    def __init__(self, store: ConfigStore, router: Router) -> None:
        self.store = store
        self.router = router

    async def CreateRoute(self, request, context):
        created = await self.store.create_route(request.route_id, route_input(request.route))
        return pb.CreateRouteResponse(route=convert.route_pb(created))

    async def GetRoute(self, request, context):
        return pb.GetRouteResponse(route=convert.route_pb(await self.store.get_route(convert.route_id(request.name))))

    async def ListRoutes(self, request, context):
        page = parse_page(request.page_size, request.page_token, "routes")
        routes = await self.store.all_routes()
        chunk = routes[page.offset : page.offset + page.size]
        return pb.ListRoutesResponse(
            routes=[convert.route_pb(r) for r in chunk],
            next_page_token=next_token(page, len(chunk), len(routes), "routes"),
        )

    async def UpdateRoute(self, request, context):
        r = request.route
        rid = convert.route_id(r.name, "route.name")
        paths = mask_paths(request.update_mask if request.HasField("update_mask") else None, ROUTE_UPDATABLE, "route")
        fields = tuple(paths) if paths is not None else ROUTE_UPDATABLE
        if "enabled" in fields and not r.HasField("enabled") and paths is None:
            fields = tuple(f for f in fields if f != "enabled")
        updated = await self.store.update_route(rid, route_input(r), fields, r.etag)
        return pb.UpdateRouteResponse(route=convert.route_pb(updated))

    async def DeleteRoute(self, request, context):
        await self.store.delete_route(convert.route_id(request.name), request.etag)
        return pb.DeleteRouteResponse()

    async def ResolveRoute(self, request, context):
        if not request.model:
            raise InvalidArgument("model is required", violations=[FieldViolation("model", "is required")])
        pid = convert.provider_id(request.provider, "provider") if request.provider else ""
        plan = self.router.plan(request.model, pid)
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
                )
                for t, is_open in zip(res.targets, plan.breaker_open, strict=True)
            ],
            skipped=[pb.SkippedCandidate(name=s.name, reason=s.reason) for s in res.skipped],
            explanation=res.explanation,
        )
