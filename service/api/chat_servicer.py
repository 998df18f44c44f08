"""ChatService: protobuf in, router, protobuf out."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import quote

import grpc

from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc
from service.api import convert
from service.api.auth import caller_key_id
from service.api.pagination import next_token, parse_page
from service.api.relay import relay
from service.core.chat import Delta, Usage
from service.core.config import ApiType, Snapshot
from service.core.errors import Reason, RouterError
from service.core.request_log import RequestLogEntry, RequestLogWriter, now
from service.core.router import CallRecord, Router

# The call's own deadline is cut this much short, so that the router's DeadlineExceeded
# (with ErrorInfo naming the provider and the limit) reaches the caller before the
# transport's bare one.
DEADLINE_MARGIN_S = 0.03


def deadline_of(context: grpc.aio.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    if remaining is None:
        return None
    return time.monotonic() + max(0.0, remaining - min(DEADLINE_MARGIN_S, remaining * 0.1))


def header_value(text: str) -> str:
    """Metadata values must be printable ASCII: percent-encode anything else."""
    if text.isascii() and text.isprintable():
        return text
    return quote(text, safe="/:@-._~+")


def _status_of(exc: BaseException | None) -> tuple[str, str]:
    if exc is None:
        return "OK", ""
    if isinstance(exc, RouterError):
        return exc.kind.value, exc.reason
    if isinstance(exc, (asyncio.CancelledError, GeneratorExit)):
        return "CANCELLED", Reason.CALLER_CANCELLED
    return "INTERNAL", Reason.INTERNAL


class ChatServicer(chat_service_pb2_grpc.ChatServiceServicer):
    def __init__(self, router: Router, snapshot, request_log: RequestLogWriter | None = None) -> None:
        self.router = router
        self._snapshot = snapshot
        self._request_log = request_log

    def _log(
        self, method: str, req, rec: CallRecord, started: float, t0, usage: Usage | None, exc: BaseException | None
    ) -> None:
        if self._request_log is None:
            return
        status, reason = _status_of(exc)
        u = usage or Usage()
        self._request_log.record(
            RequestLogEntry(
                create_time=t0,
                request_id=req.request_id,
                caller_key_id=req.caller_key_id,
                method=method,
                requested_model=req.model,
                route=rec.route,
                provider=rec.provider,
                model=rec.model,
                attempts=rec.attempts,
                fallback_index=rec.fallback_index,
                prompt_tokens=u.prompt_tokens,
                completion_tokens=u.completion_tokens,
                cached_prompt_tokens=u.cached_prompt_tokens,
                ttft_ms=int(rec.ttft_s * 1000) if rec.ttft_s is not None else 0,
                duration_ms=int((time.monotonic() - started) * 1000),
                status=status,
                error_reason=reason,
            )
        )

    async def StreamChat(self, request, context):
        req = convert.chat_request(request, caller_key_id.get())
        Resp = chat_service_pb2.StreamChatResponse
        delta_pb = convert.delta_pb
        rec = CallRecord()
        started, t0 = time.monotonic(), now()
        usage = None
        failure: BaseException | None = None
        batches = relay(self.router.stream(req, deadline_of(context), rec))
        headers_sent = False
        try:
            async for events in batches:
                if not headers_sent:
                    # Which target serves, as initial metadata (the REST bridge turns it into headers).
                    headers_sent = True
                    await context.send_initial_metadata(
                        (
                            ("x-request-id", header_value(req.request_id)),
                            ("x-llmrouter-provider", f"providers/{rec.provider}" if rec.provider else ""),
                            ("x-llmrouter-model", header_value(rec.model)),
                            ("x-llmrouter-attempts", str(rec.attempts)),
                            ("x-llmrouter-fallback-index", str(rec.fallback_index)),
                            ("x-llmrouter-route", f"routes/{rec.route}" if rec.route else ""),
                        )
                    )
                for ev in events:
                    if type(ev) is Delta:
                        yield Resp(delta=delta_pb(ev))
                    else:
                        usage = ev.usage
                        yield Resp(summary=convert.summary_pb(ev))
        except BaseException as exc:
            failure = exc
            raise
        finally:
            await batches.aclose()
            self._log("StreamChat", req, rec, started, t0, usage, failure)

    async def Chat(self, request, context):
        req = convert.chat_request(request, caller_key_id.get())
        rec = CallRecord()
        started, t0 = time.monotonic(), now()
        try:
            completion, summary = await self.router.complete(req, deadline_of(context), rec)
        except BaseException as exc:
            self._log("Chat", req, rec, started, t0, None, exc)
            raise
        self._log("Chat", req, rec, started, t0, summary.usage, None)
        return chat_service_pb2.ChatResponse(
            message=chat_pb2.Message(
                role=chat_pb2.ROLE_ASSISTANT,
                content=completion.text,
                tool_calls=[
                    chat_pb2.ToolCall(id=t.id, name=t.name, arguments=t.arguments) for t in completion.tool_calls
                ],
            ),
            reasoning=completion.reasoning,
            summary=convert.summary_pb(summary),
        )

    async def ListModels(self, request, context):
        page = parse_page(request.page_size, request.page_token, "models")
        models = list_models(self._snapshot())
        chunk = models[page.offset : page.offset + page.limit]
        return chat_service_pb2.ListModelsResponse(
            models=chunk, next_page_token=next_token(page, len(chunk), len(models), "models")
        )

    async def Embed(self, request, context):
        req = convert.embed_request(request, caller_key_id.get())
        rec = CallRecord()
        started, t0 = time.monotonic(), now()
        try:
            out, served = await self.router.embed(req, deadline_of(context), rec)
        except BaseException as exc:
            self._log("Embed", req, rec, started, t0, None, exc)
            raise
        self._log("Embed", req, rec, started, t0, out.usage, None)
        return chat_service_pb2.EmbedResponse(
            embeddings=[chat_service_pb2.Embedding(index=i, values=v) for i, v in enumerate(out.vectors)],
            usage=convert.usage_pb(out.usage),
            served_by=convert.served_by_pb(served),
        )


def list_models(snap: Snapshot) -> list[chat_service_pb2.Model]:
    """Every model a caller can ask for: provider models (usable providers), local models, route patterns."""
    out: list[chat_service_pb2.Model] = []
    for p in snap.providers.values():
        if not p.usable:
            continue
        local = p.api_type is ApiType.MLX
        for m in p.models:
            out.append(
                chat_service_pb2.Model(
                    id=m.model_id,
                    display_name=m.display_name or m.model_id,
                    source=chat_service_pb2.MODEL_SOURCE_LOCAL if local else chat_service_pb2.MODEL_SOURCE_PROVIDER,
                    provider=f"providers/{p.id}",
                )
            )
    for r in snap.routes:
        if not r.enabled:
            continue
        out.append(
            chat_service_pb2.Model(
                id=r.model_pattern,
                display_name=r.description or r.model_pattern,
                source=chat_service_pb2.MODEL_SOURCE_ROUTE,
                provider=f"providers/{r.target.provider}",
                route=f"routes/{r.id}",
                is_pattern=r.is_glob,
            )
        )
    out.sort(key=lambda m: (m.id, m.source, m.provider, m.route))
    return out
