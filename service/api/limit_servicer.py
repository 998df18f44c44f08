"""LimitService: rate limits and budgets (`limits/{limit}`)."""

from __future__ import annotations

import re

import grpc

from llmrouter.v1 import limit_pb2
from llmrouter.v1 import limit_service_pb2 as pb
from llmrouter.v1 import limit_service_pb2_grpc as pb_grpc
from service.api import fieldmask
from service.api.convert import parse_name, timestamp
from service.api.pagination import next_token, parse_page
from service.core.errors import FieldViolation, InvalidArgument
from service.core.limits import LIMIT_FIELDS, BudgetPeriod, Limit, LimitRepository

LIMIT_NAME = re.compile(r"^limits/([a-z][a-z0-9-]{0,62})$")

_PERIOD_TO_PB = {BudgetPeriod.DAY: limit_pb2.BUDGET_PERIOD_DAY, BudgetPeriod.MONTH: limit_pb2.BUDGET_PERIOD_MONTH}
_PERIOD_FROM_PB: dict[int, BudgetPeriod] = {
    limit_pb2.BUDGET_PERIOD_UNSPECIFIED: BudgetPeriod.DAY,
    limit_pb2.BUDGET_PERIOD_DAY: BudgetPeriod.DAY,
    limit_pb2.BUDGET_PERIOD_MONTH: BudgetPeriod.MONTH,
}


def limit_id(value: str, field: str = "name") -> str:
    return parse_name(LIMIT_NAME, value, field, "limits/{limit}")[0]


def _period(value: int) -> BudgetPeriod:
    try:
        return _PERIOD_FROM_PB[value]
    except KeyError:
        raise InvalidArgument(
            "limit.budget_period is not a known period",
            violations=[FieldViolation("limit.budget_period", "unknown value")],
        ) from None


def limit_pb(lim: Limit) -> limit_pb2.Limit:
    return limit_pb2.Limit(
        name=f"limits/{lim.id}",
        subject=lim.subject,
        requests_per_minute=lim.requests_per_minute,
        tokens_per_minute=lim.tokens_per_minute,
        concurrent_streams=lim.concurrent_streams,
        token_budget=lim.token_budget,
        cost_budget_micros=lim.cost_budget_micros,
        budget_period=_PERIOD_TO_PB[lim.budget_period],
        enabled=lim.enabled,
        description=lim.description,
        create_time=timestamp(lim.create_time),
        update_time=timestamp(lim.update_time),
        etag=lim.etag,
    )


def _value(m: limit_pb2.Limit, name: str) -> object:
    if name == "budget_period":
        return _period(m.budget_period)
    if name == "enabled":
        return m.enabled if m.HasField("enabled") else True
    return getattr(m, name)


def limit_input(m: limit_pb2.Limit) -> Limit:
    return Limit(id="", **{name: _value(m, name) for name in LIMIT_FIELDS})  # type: ignore[arg-type]


class LimitServicer(pb_grpc.LimitServiceServicer):
    def __init__(self, store: LimitRepository) -> None:
        self.store = store

    async def CreateLimit(
        self, request: pb.CreateLimitRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateLimitResponse:
        created = await self.store.create(request.limit_id, limit_input(request.limit))
        return pb.CreateLimitResponse(limit=limit_pb(created))

    async def GetLimit(self, request: pb.GetLimitRequest, context: grpc.aio.ServicerContext) -> pb.GetLimitResponse:
        return pb.GetLimitResponse(limit=limit_pb(await self.store.get(limit_id(request.name))))

    async def ListLimits(
        self, request: pb.ListLimitsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListLimitsResponse:
        page = parse_page(request.page_size, request.page_token, "limits")
        found = await self.store.list(page)
        return pb.ListLimitsResponse(
            limits=[limit_pb(x) for x in found.items],
            next_page_token=next_token(page, len(found.items), found.total, "limits"),
        )

    async def UpdateLimit(
        self, request: pb.UpdateLimitRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateLimitResponse:
        m = request.limit
        lid = limit_id(m.name, "limit.name")
        paths = fieldmask.update_paths(request.update_mask, m, "limit", LIMIT_FIELDS)
        changes = {name: _value(m, name) for name in LIMIT_FIELDS if name in paths}
        updated = await self.store.update(lid, changes, m.etag)
        return pb.UpdateLimitResponse(limit=limit_pb(updated))

    async def DeleteLimit(
        self, request: pb.DeleteLimitRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteLimitResponse:
        await self.store.delete(limit_id(request.name), request.etag)
        return pb.DeleteLimitResponse()
