"""RequestLogService: recent calls and usage totals."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from llmrouter.v1 import request_log_pb2, request_log_service_pb2, request_log_service_pb2_grpc
from service.api import convert
from service.api.pagination import next_token, parse_page
from service.core.request_log import RequestLogReader, RequestLogWriter


def _dt(ts: Timestamp, present: bool) -> datetime | None:
    return ts.ToDatetime(tzinfo=UTC) if present else None


class RequestLogServicer(request_log_service_pb2_grpc.RequestLogServiceServicer):
    def __init__(self, reader: RequestLogReader, writer: RequestLogWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def ListRequestLogs(
        self, request: request_log_service_pb2.ListRequestLogsRequest, context: grpc.aio.ServicerContext
    ) -> request_log_service_pb2.ListRequestLogsResponse:
        page = parse_page(request.page_size, request.page_token, "request-logs")
        provider = convert.provider_id(request.provider, "provider") if request.provider else ""
        await self.writer.flush()  # an operator expects to see the call that just ended
        found = await self.reader.list(
            page,
            provider=provider,
            requested_model=request.requested_model,
            status=request.status,
            request_id=request.request_id,
            start_time=_dt(request.start_time, request.HasField("start_time")),
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
                )
                for e in found.items
            ],
            next_page_token=next_token(page, len(found.items), found.total, "request-logs"),
        )

    async def GetUsageSummary(
        self, request: request_log_service_pb2.GetUsageSummaryRequest, context: grpc.aio.ServicerContext
    ) -> request_log_service_pb2.GetUsageSummaryResponse:
        await self.writer.flush()
        totals = await self.reader.usage(
            _dt(request.start_time, request.HasField("start_time")), _dt(request.end_time, request.HasField("end_time"))
        )
        return request_log_service_pb2.GetUsageSummaryResponse(
            totals=[
                request_log_pb2.UsageTotal(
                    provider=f"providers/{t.provider}",
                    model=t.model,
                    requests=t.requests,
                    errors=t.errors,
                    prompt_tokens=t.prompt_tokens,
                    completion_tokens=t.completion_tokens,
                    cached_prompt_tokens=t.cached_prompt_tokens,
                )
                for t in totals
            ]
        )
