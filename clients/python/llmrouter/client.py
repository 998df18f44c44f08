"""A small async client for llmrouter, beside the generated stubs (llmrouter.v1).

    from llmrouter.client import Client, LLMRouterError

    async with Client("127.0.0.1:50051", api_key="llmr_...", timeout=60, retries=2) as llm:
        async for text in llm.stream_text("gpt-4o-mini", [{"role": "user", "content": "Hi"}]):
            print(text, end="")
        reply = await llm.chat("gpt-4o-mini", [{"role": "user", "content": "Hi"}], max_tokens=50)

Failures raise `LLMRouterError` with the status code and the rich details the server attaches
(ErrorInfo reason and metadata, BadRequest field violations, RetryInfo, ResourceInfo). With
`retries=N`, a call the server answered with RetryInfo is tried again after the delay it names,
up to N times, while the deadline allows (a stream only while nothing of it was received yet).
`timeout` is each call's default deadline, covering its retries. `tls=True` (or `credentials=`)
opens a TLS channel; `api_key` is sent as `authorization: Bearer <key>`. The stubs stay available
as `llm.chat_stub`, `llm.providers`, `llm.routes` and `llm.request_logs` for everything else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import grpc
from google.protobuf import field_mask_pb2

from llmrouter.errors import LLMRouterError, error_from
from llmrouter.v1 import (
    chat_pb2,
    chat_service_pb2,
    chat_service_pb2_grpc,
    limit_service_pb2_grpc,
    price_service_pb2_grpc,
    provider_admin_service_pb2,
    provider_admin_service_pb2_grpc,
    provider_pb2,
    request_log_service_pb2_grpc,
    route_pb2,
    routing_service_pb2,
    routing_service_pb2_grpc,
)

__all__ = ["Client", "LLMRouterError", "error_from", "to_message"]

T = TypeVar("T")

_ROLES = {
    "system": chat_pb2.ROLE_SYSTEM,
    "user": chat_pb2.ROLE_USER,
    "assistant": chat_pb2.ROLE_ASSISTANT,
    "tool": chat_pb2.ROLE_TOOL,
}
_PAGE = 1000


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


def _target(t: str | tuple[str, str]) -> route_pb2.RouteTarget:
    """A route target from "providers/x" (or "x"), or (provider, model)."""
    provider, model = (t, "") if isinstance(t, str) else t
    return route_pb2.RouteTarget(provider=_name("providers", provider), model=model)


def _name(collection: str, id_or_name: str) -> str:
    return id_or_name if id_or_name.startswith(f"{collection}/") else f"{collection}/{id_or_name}"


class Client:
    def __init__(
        self,
        target: str = "127.0.0.1:50051",
        *,
        api_key: str | None = None,
        timeout: float | None = None,
        retries: int = 0,
        max_retry_delay: float = 30.0,
        tls: bool = False,
        root_certificates: bytes | None = None,
        credentials: grpc.ChannelCredentials | None = None,
        options: Sequence[tuple[str, Any]] = (),
        channel: grpc.aio.Channel | None = None,
    ) -> None:
        """`timeout`: the default deadline of each call, in seconds (None: no deadline).
        `retries`: how often a call answered with RetryInfo is tried again; a delay longer than
        `max_retry_delay` is not waited for. `tls`/`root_certificates`: a TLS channel (the system's
        roots unless given); `credentials`: any other channel credentials. `options`: gRPC channel
        options. `channel`: an open channel to use instead (not closed by this client)."""
        self._own_channel = channel is None
        if channel is None:
            if credentials is None and (tls or root_certificates is not None):
                credentials = grpc.ssl_channel_credentials(root_certificates)
            if credentials is not None:
                channel = grpc.aio.secure_channel(target, credentials, options=list(options))
            else:
                channel = grpc.aio.insecure_channel(target, options=list(options))
        self.channel = channel
        self.timeout = timeout
        self.retries = retries
        self.max_retry_delay = max_retry_delay
        self._metadata = (("authorization", f"Bearer {api_key}"),) if api_key else ()
        self.chat_stub = chat_service_pb2_grpc.ChatServiceStub(self.channel)
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(self.channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(self.channel)
        self.request_logs = request_log_service_pb2_grpc.RequestLogServiceStub(self.channel)
        self.limits = limit_service_pb2_grpc.LimitServiceStub(self.channel)
        self.prices = price_service_pb2_grpc.PriceServiceStub(self.channel)

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._own_channel:
            await self.channel.close()

    # ------------------------------------------------------------------ calls, deadlines, retries

    def _deadline(self, timeout: float | None) -> float | None:
        t = self.timeout if timeout is None else timeout
        return None if t is None else time.monotonic() + t

    def _retry_delay(self, err: LLMRouterError, attempt: int, deadline: float | None) -> float | None:
        """How long to wait before trying again, or None to give up."""
        if attempt >= self.retries or err.retry_after is None or err.retry_after > self.max_retry_delay:
            return None
        if deadline is not None and time.monotonic() + err.retry_after >= deadline:
            return None
        return err.retry_after

    @staticmethod
    def _left(deadline: float | None) -> float | None:
        return None if deadline is None else max(0.0, deadline - time.monotonic())

    async def _call(self, method: Callable[..., Awaitable[T]], request: Any, timeout: float | None) -> T:
        deadline = self._deadline(timeout)
        attempt = 0
        while True:
            try:
                return await method(request, timeout=self._left(deadline), metadata=self._metadata)
            except grpc.aio.AioRpcError as rpc_err:
                err = error_from(rpc_err)
            delay = self._retry_delay(err, attempt, deadline)
            if delay is None:
                raise err
            attempt += 1
            await asyncio.sleep(delay)

    async def _pages(self, method: Callable[..., Awaitable[Any]], make: Callable[[str], Any], field: str) -> list:
        out: list = []
        token = ""
        while True:
            resp = await self._call(method, make(token), None)
            out += getattr(resp, field)
            token = resp.next_page_token
            if not token:
                return out

    # ------------------------------------------------------------------ chat

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
        deadline = self._deadline(timeout)
        attempt = 0
        summary_seen = False
        while True:
            call = self.chat_stub.StreamChat(req, timeout=self._left(deadline), metadata=self._metadata)
            received = False
            try:
                async for msg in call:
                    received = True
                    summary_seen = summary_seen or msg.HasField("summary")
                    yield msg
                break
            except grpc.aio.AioRpcError as rpc_err:
                err = error_from(rpc_err)
            finally:
                call.cancel()  # a no-op after a clean end; stops the server's work when the reader leaves early
            delay = None if received else self._retry_delay(err, attempt, deadline)
            if delay is None:
                raise err
            attempt += 1
            await asyncio.sleep(delay)
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
        return await self._call(self.chat_stub.Chat, req, timeout)

    async def list_models(self) -> list[chat_service_pb2.Model]:
        """Every model a caller can ask for (all pages)."""
        return await self._pages(
            self.chat_stub.ListModels,
            lambda token: chat_service_pb2.ListModelsRequest(page_size=_PAGE, page_token=token),
            "models",
        )

    async def embed(
        self,
        model: str,
        inputs: Iterable[str],
        *,
        provider: str = "",
        dimensions: int | None = None,
        request_id: str = "",
        timeout: float | None = None,
    ) -> chat_service_pb2.EmbedResponse:
        req = chat_service_pb2.EmbedRequest(model=model, provider=provider, inputs=list(inputs), request_id=request_id)
        if dimensions is not None:
            req.dimensions = dimensions
        return await self._call(self.chat_stub.Embed, req, timeout)

    # ------------------------------------------------------------------ administration (admin scope)

    async def create_provider(
        self,
        provider_id: str,
        *,
        template: str,
        display_name: str = "",
        base_url: str = "",
        api_key: str = "",
        enabled: bool | None = None,
    ) -> provider_pb2.Provider:
        """A provider from a template (`list_provider_templates`): `providers/<provider_id>`, shown
        as `display_name` (the id unless given)."""
        p = provider_pb2.Provider(
            display_name=display_name or provider_id, template=template, base_url=base_url, api_key=api_key
        )
        if enabled is not None:
            p.enabled = enabled
        req = provider_admin_service_pb2.CreateProviderRequest(provider_id=provider_id, provider=p)
        return (await self._call(self.providers.CreateProvider, req, None)).provider

    async def get_provider(self, name: str) -> provider_pb2.Provider:
        req = provider_admin_service_pb2.GetProviderRequest(name=_name("providers", name))
        return (await self._call(self.providers.GetProvider, req, None)).provider

    async def list_providers(self) -> list[provider_pb2.Provider]:
        return await self._pages(
            self.providers.ListProviders,
            lambda token: provider_admin_service_pb2.ListProvidersRequest(page_size=_PAGE, page_token=token),
            "providers",
        )

    async def list_provider_templates(self) -> list[provider_pb2.ProviderTemplate]:
        req = provider_admin_service_pb2.ListProviderTemplatesRequest()
        return list((await self._call(self.providers.ListProviderTemplates, req, None)).templates)

    async def update_provider(self, name: str, *, etag: str = "", **fields: Any) -> provider_pb2.Provider:
        """Sets the given fields (display_name, base_url, api_key, enabled) and only those; a stale
        `etag` fails with ABORTED."""
        p = provider_pb2.Provider(name=_name("providers", name), etag=etag, **fields)
        req = provider_admin_service_pb2.UpdateProviderRequest(
            provider=p, update_mask=field_mask_pb2.FieldMask(paths=sorted(fields))
        )
        return (await self._call(self.providers.UpdateProvider, req, None)).provider

    async def delete_provider(self, name: str, *, etag: str = "", force: bool = False) -> None:
        """Deletes a provider; one that still has models only with `force` (which deletes them too)."""
        req = provider_admin_service_pb2.DeleteProviderRequest(name=_name("providers", name), etag=etag, force=force)
        await self._call(self.providers.DeleteProvider, req, None)

    async def add_provider_model(
        self, provider: str, model_id: str, *, is_default: bool = False, display_name: str = "", source: str = ""
    ) -> provider_pb2.ProviderModel:
        """Registers a model on a provider (`source`: a local directory, for providers/local)."""
        req = provider_admin_service_pb2.CreateProviderModelRequest(
            parent=_name("providers", provider),
            provider_model=provider_pb2.ProviderModel(
                model_id=model_id, is_default=is_default, display_name=display_name, source=source
            ),
        )
        return (await self._call(self.providers.CreateProviderModel, req, None)).provider_model

    async def list_provider_models(self, provider: str) -> list[provider_pb2.ProviderModel]:
        parent = _name("providers", provider)
        return await self._pages(
            self.providers.ListProviderModels,
            lambda token: provider_admin_service_pb2.ListProviderModelsRequest(
                parent=parent, page_size=_PAGE, page_token=token
            ),
            "provider_models",
        )

    async def verify_provider(self, name: str, *, model: str = "") -> provider_admin_service_pb2.VerifyProviderResponse:
        """Checks the provider's key and reachability with one small call (ok, failure kind)."""
        req = provider_admin_service_pb2.VerifyProviderRequest(name=_name("providers", name), model=model)
        return await self._call(self.providers.VerifyProvider, req, None)

    async def create_route(
        self,
        route_id: str,
        model_pattern: str,
        target: str | tuple[str, str],
        *,
        fallbacks: Iterable[str | tuple[str, str]] = (),
        priority: int = 0,
        description: str = "",
    ) -> route_pb2.Route:
        """A routing rule: requests for models matching `model_pattern` (exact or glob) go to
        `target` ("providers/x", or (provider, model) to rewrite the model), then the fallbacks."""
        route = route_pb2.Route(
            model_pattern=model_pattern,
            priority=priority,
            target=_target(target),
            fallbacks=[_target(f) for f in fallbacks],
            description=description,
        )
        req = routing_service_pb2.CreateRouteRequest(route_id=route_id, route=route)
        return (await self._call(self.routes.CreateRoute, req, None)).route

    async def list_routes(self) -> list[route_pb2.Route]:
        return await self._pages(
            self.routes.ListRoutes,
            lambda token: routing_service_pb2.ListRoutesRequest(page_size=_PAGE, page_token=token),
            "routes",
        )

    async def delete_route(self, name: str, *, etag: str = "") -> None:
        req = routing_service_pb2.DeleteRouteRequest(name=_name("routes", name), etag=etag)
        await self._call(self.routes.DeleteRoute, req, None)

    async def resolve_route(self, model: str, *, provider: str = "") -> routing_service_pb2.ResolveRouteResponse:
        """What StreamChat would try for `model`, in order, and what it would skip and why."""
        req = routing_service_pb2.ResolveRouteRequest(model=model, provider=provider)
        return await self._call(self.routes.ResolveRoute, req, None)
