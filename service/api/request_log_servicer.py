"""RequestLogService: recent calls and usage totals."""

from __future__ import annotations

import grpc

from llmrouter.v1 import request_log_pb2, request_log_service_pb2, request_log_service_pb2_grpc
from service.api import convert, timestamps
from service.api.pagination import next_token, parse_page
from service.core.errors import FieldViolation, InvalidArgument
from service.core.request_log import RequestLogReader, RequestLogWriter, UsageGroup, UsagePeriod


class RequestLogServicer(request_log_service_pb2_grpc.RequestLogServiceServicer):
    def __init__(self, reader: RequestLogReader, writer: RequestLogWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def ListRequestLogs(
        self, request: request_log_service_pb2.ListRequestLogsRequest, context: grpc.aio.ServicerContext
    ) -> request_log_service_pb2.ListRequestLogsResponse:
        page = parse_page(request.page_size, request.page_token, "request-logs")
        provider = convert.provider_id(request.provider, "provider") if request.provider else ""
        start = timestamps.optional(request, "start_time", "start_time")
        await self.writer.flush()  # an operator expects to see the call that just ended
        found = await self.reader.list(
            page,
            provider=provider,
            requested_model=request.requested_model,
            status=request.status,
            request_id=request.request_id,
            start_time=start,
        )
        return request_log_service_pb2.ListRequestLogsResponse(
            entries=[
                request_log_pb2.RequestLogEntry(
                    name=f"requestLogs/{e.id}",
                    create_time=convert.timestamp(e.create_time),
                    request_id=e.request_id,
                    caller_key_id=e.caller_key_id,
                    method=e.method,
                    requested_model=e.requested_model,
                    route=f"routes/{e.route}" if e.route else "",
                    provider=f"providers/{e.provider}" if e.provider else "",
                    model=e.model,
                    attempts=e.attempts,
                    fallback_index=e.fallback_index,
                    prompt_tokens=e.prompt_tokens,
                    completion_tokens=e.completion_tokens,
                    cached_prompt_tokens=e.cached_prompt_tokens,
                    ttft_ms=e.ttft_ms,
                    duration_ms=e.duration_ms,
                    status=e.status,
                    error_reason=e.error_reason,
                    cost_nanos=e.cost_nanos,
                    currency=e.currency,
                )
                for e in found.items
            ],
            next_page_token=next_token(page, len(found.items), found.total, "request-logs"),
        )

    async def GetUsageSummary(
        self, request: request_log_service_pb2.GetUsageSummaryRequest, context: grpc.aio.ServicerContext
    ) -> request_log_service_pb2.GetUsageSummaryResponse:
        group_by = _groups(request.group_by)
        try:
            period = _PERIODS[request.period]
        except KeyError:
            raise InvalidArgument(
                "period is not a known period", violations=[FieldViolation("period", "unknown value")]
            ) from None
        start = timestamps.optional(request, "start_time", "start_time")
        end = timestamps.optional(request, "end_time", "end_time")
        await self.writer.flush()
        totals = await self.reader.usage(start, end, group_by, period)
        return request_log_service_pb2.GetUsageSummaryResponse(
            totals=[
                request_log_pb2.UsageTotal(
                    provider=f"providers/{t.provider}" if t.provider else "",
                    model=t.model,
                    requests=t.requests,
                    errors=t.errors,
                    prompt_tokens=t.prompt_tokens,
                    completion_tokens=t.completion_tokens,
                    cached_prompt_tokens=t.cached_prompt_tokens,
                    caller_key=f"clientKeys/{t.caller_key_id}" if t.caller_key_id else "",
                    route=f"routes/{t.route}" if t.route else "",
                    period_start=convert.timestamp(t.period_start),
                    cost_nanos=t.cost_nanos,
                    currency=t.currency,
                    unpriced_requests=t.unpriced_requests,
                )
                for t in totals
            ]
        )


_GROUPS = {
    request_log_service_pb2.USAGE_GROUP_CALLER_KEY: UsageGroup.CALLER_KEY,
    request_log_service_pb2.USAGE_GROUP_PROVIDER: UsageGroup.PROVIDER,
    request_log_service_pb2.USAGE_GROUP_MODEL: UsageGroup.MODEL,
    request_log_service_pb2.USAGE_GROUP_ROUTE: UsageGroup.ROUTE,
}
_PERIODS = {
    request_log_service_pb2.USAGE_PERIOD_UNSPECIFIED: UsagePeriod.NONE,
    request_log_service_pb2.USAGE_PERIOD_DAY: UsagePeriod.DAY,
    request_log_service_pb2.USAGE_PERIOD_MONTH: UsagePeriod.MONTH,
}


def _groups(values) -> tuple[UsageGroup, ...]:
    if not values:
        return (UsageGroup.PROVIDER, UsageGroup.MODEL)
    out = []
    for i, v in enumerate(values):
        if v not in _GROUPS:
            raise InvalidArgument(
                f"group_by[{i}] is not a usage dimension",
                violations=[FieldViolation(f"group_by[{i}]", "must be CALLER_KEY, PROVIDER, MODEL or ROUTE")],
            )
        out.append(_GROUPS[v])
    return tuple(out)
