"""RequestLogService: recent calls and usage totals."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from llmrouter.v1 import request_log_pb2, request_log_service_pb2, request_log_service_pb2_grpc
from service.api import convert
from service.api.pagination import next_token, parse_page
from service.core.errors import FieldViolation, InvalidArgument
from service.core.request_log import RequestLogReader, RequestLogWriter

# The range google.protobuf.Timestamp defines: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
_MIN_SECONDS = -62135596800
_MAX_SECONDS = 253402300799


def _dt(ts: Timestamp, present: bool, field: str) -> datetime | None:
    """The filter time, or INVALID_ARGUMENT naming `field` when it is outside the Timestamp range."""
    if not present:
        return None
    if not _MIN_SECONDS <= ts.seconds <= _MAX_SECONDS or not 0 <= ts.nanos <= 999_999_999:
        raise InvalidArgument(
            f"invalid request: {field}: outside 0001-01-01 to 9999-12-31 or nanos outside [0, 999999999]",
            violations=[
                FieldViolation(field, "must be a valid timestamp (0001-01-01 to 9999-12-31, nanos 0-999999999)")
            ],
        )
    return ts.ToDatetime(tzinfo=UTC)


class RequestLogServicer(request_log_service_pb2_grpc.RequestLogServiceServicer):
    def __init__(self, reader: RequestLogReader, writer: RequestLogWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def ListRequestLogs(
        self, request: request_log_service_pb2.ListRequestLogsRequest, context: grpc.aio.ServicerContext
    ) -> request_log_service_pb2.ListRequestLogsResponse:
        page = parse_page(request.page_size, request.page_token, "request-logs")
        provider = convert.provider_id(request.provider, "provider") if request.provider else ""
        start = _dt(request.start_time, request.HasField("start_time"), "start_time")
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
                )
                for e in found.items
            ],
            next_page_token=next_token(page, len(found.items), found.total, "request-logs"),
        )

    async def GetUsageSummary(
        self, request: request_log_service_pb2.GetUsageSummaryRequest, context: grpc.aio.ServicerContext
    ) -> request_log_service_pb2.GetUsageSummaryResponse:
        start = _dt(request.start_time, request.HasField("start_time"), "start_time")
        end = _dt(request.end_time, request.HasField("end_time"), "end_time")
        await self.writer.flush()
        totals = await self.reader.usage(start, end)
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
