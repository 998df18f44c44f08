"""ChatService: protobuf in, router, protobuf out. A thin translation: the router serves."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from urllib.parse import quote

from llmrouter.v1 import chat_service_pb2, chat_service_pb2_grpc
from service.api import chat_convert
from service.api.auth import caller_key_id
from service.api.deadlines import deadline_of
from service.api.pagination import next_token, parse_page
from service.api.relay import relay
from service.core.catalog import ModelEntry, ModelSource
from service.core.chat import ChatRequest, Delta, EmbedRequest, ServedBy, Summary, Usage
from service.core.content import ContentLimits
from service.core.errors import CallTrail, Reason, RouterError
from service.core.request_log import RequestLogEntry, RequestLogWriter, now
from service.core.router import Router


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


def _trail(served: ServedBy | None, exc: BaseException | None) -> CallTrail:
    """How far the call got: who served (when it committed), else the failure's trail."""
    if served is not None:
        return CallTrail(served.route, served.attempts, served.provider, served.model, served.fallback_index)
    if isinstance(exc, RouterError):
        return exc.trail
    return CallTrail()


_SOURCE_TO_PB = {
    ModelSource.PROVIDER: chat_service_pb2.MODEL_SOURCE_PROVIDER,
    ModelSource.LOCAL: chat_service_pb2.MODEL_SOURCE_LOCAL,
    ModelSource.ROUTE: chat_service_pb2.MODEL_SOURCE_ROUTE,
}


def model_pb(m: ModelEntry) -> chat_service_pb2.Model:
    return chat_service_pb2.Model(
        id=m.id,
        display_name=m.display_name,
        source=_SOURCE_TO_PB[m.source],
        provider=f"providers/{m.provider}",
        route=f"routes/{m.route}" if m.route else "",
        is_pattern=m.is_pattern,
    )


class ChatServicer(chat_service_pb2_grpc.ChatServiceServicer):
    def __init__(
        self, router: Router, request_log: RequestLogWriter | None = None, limits: ContentLimits | None = None
    ) -> None:
        self.router = router
        self._request_log = request_log
        self._limits = limits or ContentLimits()

    def _log(
        self,
        method: str,
        req: ChatRequest | EmbedRequest,
        served: ServedBy | None,
        started: float,
        t0: datetime,
        ttft_s: float | None,
        usage: Usage | None,
        exc: BaseException | None,
    ) -> None:
        if self._request_log is None:
            return
        status, reason = _status_of(exc)
        trail = _trail(served, exc)
        u = usage or Usage()
        # A failed call at a priced model cost what its usage says (often 0); an unpriced model: None.
        cost = self.router.cost_of(trail.provider, trail.model, u, t0) if trail.provider else None
        self._request_log.record(
            RequestLogEntry(
                create_time=t0,
                request_id=req.request_id,
                caller_key_id=req.caller_key_id,
                method=method,
                requested_model=req.model,
                route=trail.route,
                provider=trail.provider,
                model=trail.model,
                attempts=trail.attempts,
                fallback_index=trail.fallback_index,
                prompt_tokens=u.prompt_tokens,
                completion_tokens=u.completion_tokens,
                cached_prompt_tokens=u.cached_prompt_tokens,
                ttft_ms=int(ttft_s * 1000) if ttft_s is not None else 0,
                duration_ms=int((time.monotonic() - started) * 1000),
                status=status,
                error_reason=reason,
                cost_nanos=None if cost is None else cost.nanos,
                currency="" if cost is None else cost.currency,
            )
        )

    async def StreamChat(self, request, context):
        req = chat_convert.chat_request(request, caller_key_id.get(), self._limits)
        Resp = chat_service_pb2.StreamChatResponse
        delta_pb = chat_convert.delta_pb
        started, t0 = time.monotonic(), now()
        served: ServedBy | None = None
        ttft_s: float | None = None
        usage = None
        failure: BaseException | None = None
        batches = relay(self.router.stream(req, deadline_of(context)))
        try:
            async for events in batches:
                for ev in events:
                    kind = type(ev)
                    if kind is Delta:
                        yield Resp(delta=delta_pb(ev))
                    elif kind is ServedBy:
                        # The commit point: which target serves, as initial metadata (the REST
                        # bridge turns it into headers).
                        served, ttft_s = ev, time.monotonic() - started
                        await context.send_initial_metadata(
                            (
                                ("x-request-id", header_value(req.request_id)),
                                ("x-llmrouter-provider", f"providers/{ev.provider}"),
                                ("x-llmrouter-model", header_value(ev.model)),
                                ("x-llmrouter-attempts", str(ev.attempts)),
                                ("x-llmrouter-fallback-index", str(ev.fallback_index)),
                                ("x-llmrouter-route", f"routes/{ev.route}" if ev.route else ""),
                                *ev.rate_limits,
                            )
                        )
                    else:
                        assert isinstance(ev, Summary)
                        usage = ev.usage
                        yield Resp(summary=chat_convert.summary_pb(ev))
        except BaseException as exc:
            failure = exc
            if isinstance(exc, RouterError):
                chat_convert.name_capability_field(exc, req)
            raise
        finally:
            await batches.aclose()
            self._log("StreamChat", req, served, started, t0, ttft_s, usage, failure)

    async def Chat(self, request, context):
        req = chat_convert.chat_request(request, caller_key_id.get(), self._limits)
        started, t0 = time.monotonic(), now()
        try:
            completion, summary = await self.router.complete(req, deadline_of(context))
        except BaseException as exc:
            if isinstance(exc, RouterError):
                chat_convert.name_capability_field(exc, req)
            self._log("Chat", req, None, started, t0, None, None, exc)
            raise
        self._log("Chat", req, summary.served_by, started, t0, time.monotonic() - started, summary.usage, None)
        if summary.served_by.rate_limits:
            await context.send_initial_metadata(summary.served_by.rate_limits)
        return chat_convert.chat_response_pb(completion, summary)

    async def ListModels(self, request, context):
        page = parse_page(request.page_size, request.page_token, "models")
        models = self.router.models()
        chunk = models[page.offset : page.offset + page.limit]
        return chat_service_pb2.ListModelsResponse(
            models=[model_pb(m) for m in chunk], next_page_token=next_token(page, len(chunk), len(models), "models")
        )

    async def CountTokens(self, request, context):
        req = chat_convert.chat_request(request, caller_key_id.get(), self._limits)
        try:
            count, served = await self.router.count_tokens(req, deadline_of(context))
        except RouterError as exc:
            chat_convert.name_capability_field(exc, req)
            raise
        return chat_service_pb2.CountTokensResponse(
            input_tokens=count.input_tokens,
            estimated=count.estimated,
            served_by=chat_convert.served_by_pb(served),
        )

    async def Embed(self, request, context):
        req = chat_convert.embed_request(request, caller_key_id.get())
        started, t0 = time.monotonic(), now()
        try:
            out, served = await self.router.embed(req, deadline_of(context))
        except BaseException as exc:
            self._log("Embed", req, None, started, t0, None, None, exc)
            raise
        self._log("Embed", req, served, started, t0, None, out.usage, None)
        return chat_service_pb2.EmbedResponse(
            embeddings=[chat_service_pb2.Embedding(index=i, values=v) for i, v in enumerate(out.vectors)],
            usage=chat_convert.usage_pb(out.usage),
            served_by=chat_convert.served_by_pb(served),
        )
