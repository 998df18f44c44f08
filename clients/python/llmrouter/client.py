"""A small async client for llmrouter, beside the generated stubs (llmrouter.v1).

    from llmrouter.client import Client, LLMRouterError

    async with Client("127.0.0.1:50051", api_key="llmr_...") as llm:
        async for text in llm.stream_text("gpt-4o-mini", [{"role": "user", "content": "Hi"}]):
            print(text, end="")
        reply = await llm.chat("gpt-4o-mini", [{"role": "user", "content": "Hi"}], max_tokens=50)

Failures raise `LLMRouterError` with the status code and the rich details the server
attaches (ErrorInfo reason and metadata, BadRequest field violations, RetryInfo,
ResourceInfo). The stubs stay available as `llm.chat_stub`, `llm.providers`, `llm.routes`
and `llm.request_logs` for everything else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2, status_pb2

from llmrouter.v1 import (
    chat_pb2,
    chat_service_pb2,
    chat_service_pb2_grpc,
    provider_admin_service_pb2_grpc,
    request_log_service_pb2_grpc,
    routing_service_pb2_grpc,
)

_ROLES = {
    "system": chat_pb2.ROLE_SYSTEM,
    "user": chat_pb2.ROLE_USER,
    "assistant": chat_pb2.ROLE_ASSISTANT,
    "tool": chat_pb2.ROLE_TOOL,
}


@dataclass
class LLMRouterError(Exception):
    """A failed call, with the server's rich error details."""

    code: grpc.StatusCode
    message: str
    reason: str = ""
    domain: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    violations: list[tuple[str, str]] = field(default_factory=list)  # (field path, description), in order
    retry_after: float | None = None
    resource: tuple[str, str] | None = None

    @property
    def field_violations(self) -> dict[str, str]:
        """The BadRequest violations by field path."""
        return dict(self.violations)

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}" + (f" ({self.reason})" if self.reason else "")


def error_from(err: grpc.aio.AioRpcError | grpc.RpcError) -> LLMRouterError:
    """Reads google.rpc.Status details from a failed call's trailing metadata."""
    out = LLMRouterError(err.code(), err.details() or "")
    for key, value in err.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        try:
            details = status_pb2.Status.FromString(value).details
        except DecodeError:  # undecodable details: keep the plain status
            continue
        for detail in details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                out.reason, out.domain, out.metadata = info.reason, info.domain, dict(info.metadata)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                out.violations = [(v.field, v.description) for v in bad.field_violations]
            elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                detail.Unpack(retry)
                out.retry_after = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
            elif detail.Is(error_details_pb2.ResourceInfo.DESCRIPTOR):
                res = error_details_pb2.ResourceInfo()
                detail.Unpack(res)
                out.resource = (res.resource_type, res.resource_name)
    return out


def to_message(m: chat_pb2.Message | Mapping[str, Any]) -> chat_pb2.Message:
    """A Message from a protobuf or an OpenAI-style dict ({"role": "user", "content": "..."})."""
    if isinstance(m, chat_pb2.Message):
        return m
    role = _ROLES.get(str(m.get("role", "")))
    if role is None:
        raise ValueError(f"unknown role {m.get('role')!r}; one of {', '.join(_ROLES)}")
    calls = [
        chat_pb2.ToolCall(id=c["id"], name=c["name"], arguments=c.get("arguments", "{}"))
        for c in m.get("tool_calls", ())
    ]
    return chat_pb2.Message(
        role=role,
        content=m.get("content") or "",
        tool_calls=calls,
        tool_call_id=m.get("tool_call_id", ""),
        name=m.get("name", ""),
    )


def _generation(max_tokens, temperature, top_p, stop, seed) -> chat_pb2.GenerationConfig:
    g = chat_pb2.GenerationConfig(stop=list(stop or ()))
    if max_tokens is not None:
        g.max_tokens = max_tokens
    if temperature is not None:
        g.temperature = temperature
    if top_p is not None:
        g.top_p = top_p
    if seed is not None:
        g.seed = seed
    return g


class Client:
    def __init__(
        self, target: str = "127.0.0.1:50051", *, api_key: str | None = None, channel: grpc.aio.Channel | None = None
    ) -> None:
        self._own_channel = channel is None
        self.channel = channel or grpc.aio.insecure_channel(target)
        self._metadata = (("authorization", f"Bearer {api_key}"),) if api_key else ()
        self.chat_stub = chat_service_pb2_grpc.ChatServiceStub(self.channel)
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(self.channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(self.channel)
        self.request_logs = request_log_service_pb2_grpc.RequestLogServiceStub(self.channel)

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._own_channel:
            await self.channel.close()

    def _request(
        self,
        cls,
        model,
        messages,
        provider,
        max_tokens,
        temperature,
        top_p,
        stop,
        seed,
        tools,
        tool_choice,
        metadata,
        request_id,
    ):
        return cls(
            model=model,
            provider=provider,
            messages=[to_message(m) for m in messages],
            generation=_generation(max_tokens, temperature, top_p, stop, seed),
            tools=list(tools or ()),
            tool_choice=tool_choice,
            metadata=dict(metadata or {}),
            request_id=request_id,
        )

    async def stream_chat(
        self,
        model: str,
        messages: Iterable[Any],
        *,
        provider: str = "",
        max_tokens: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        stop: Iterable[str] = (),
        seed: int | None = None,
        tools: Iterable[chat_pb2.Tool] = (),
        tool_choice: chat_pb2.ToolChoice | None = None,
        metadata: Mapping[str, str] | None = None,
        request_id: str = "",
        timeout: float | None = None,
    ) -> AsyncIterator[chat_service_pb2.StreamChatResponse]:
        """Every StreamChatResponse (deltas, then the summary). Raises LLMRouterError, also
        when the stream ends without a summary (a truncated answer is never a success)."""
        req = self._request(
            chat_service_pb2.StreamChatRequest,
            model,
            messages,
            provider,
            max_tokens,
            temperature,
            top_p,
            stop,
            seed,
            tools,
            tool_choice,
            metadata,
            request_id,
        )
        call = self.chat_stub.StreamChat(req, timeout=timeout, metadata=self._metadata)
        summary_seen = False
        try:
            async for msg in call:
                summary_seen = summary_seen or msg.HasField("summary")
                yield msg
        except grpc.aio.AioRpcError as err:
            raise error_from(err) from None
        finally:
            call.cancel()  # a no-op after a clean end; stops the server's work when the reader leaves early
        if not summary_seen:
            raise LLMRouterError(grpc.StatusCode.UNKNOWN, "the stream ended without a summary")

    async def stream_text(self, model: str, messages: Iterable[Any], **kw: Any) -> AsyncIterator[str]:
        """Just the answer text, chunk by chunk."""
        async for msg in self.stream_chat(model, messages, **kw):
            if msg.HasField("delta") and msg.delta.text:
                yield msg.delta.text

    async def chat(
        self,
        model: str,
        messages: Iterable[Any],
        *,
        provider: str = "",
        max_tokens: int | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        stop: Iterable[str] = (),
        seed: int | None = None,
        tools: Iterable[chat_pb2.Tool] = (),
        tool_choice: chat_pb2.ToolChoice | None = None,
        metadata: Mapping[str, str] | None = None,
        request_id: str = "",
        timeout: float | None = None,
    ) -> chat_service_pb2.ChatResponse:
        req = self._request(
            chat_service_pb2.ChatRequest,
            model,
            messages,
            provider,
            max_tokens,
            temperature,
            top_p,
            stop,
            seed,
            tools,
            tool_choice,
            metadata,
            request_id,
        )
        try:
            return await self.chat_stub.Chat(req, timeout=timeout, metadata=self._metadata)
        except grpc.aio.AioRpcError as err:
            raise error_from(err) from None

    async def list_models(self) -> list[chat_service_pb2.Model]:
        """Every model a caller can ask for (all pages)."""
        out, token = [], ""
        while True:
            try:
                resp = await self.chat_stub.ListModels(
                    chat_service_pb2.ListModelsRequest(page_size=1000, page_token=token), metadata=self._metadata
                )
            except grpc.aio.AioRpcError as err:
                raise error_from(err) from None
            out += resp.models
            token = resp.next_page_token
            if not token:
                return out
