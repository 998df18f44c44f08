"""The bridge's ASGI app: plain ASGI endpoints mounted on a Starlette router.

    POST /v1/chat/completions   Chat Completions, streamed (SSE) or not
    POST /v1/messages           Anthropic Messages, streamed (SSE) or not
    POST /v1/messages/count_tokens   Anthropic token counting (exact, forwarded, or an estimate)
    POST /v1/responses          OpenAI Responses, streamed (SSE events) or not
    GET|DELETE /v1/responses/{id}, GET /v1/responses/{id}/input_items   stored responses
    POST /v1/completions        legacy text completions (raw prompt), streamed (SSE) or not
    POST /v1/embeddings         embeddings (float or base64)
    GET  /v1/models             every model (Anthropic's list shape when `anthropic-version` is sent)
    GET  /v1/models/{id}        one model (ids may contain '/')
    GET  /metrics               Prometheus metrics (when the composition root hands over their app)

Credentials: `Authorization: Bearer <client key>` (or `x-api-key: <key>`) becomes gRPC
metadata `authorization: Bearer <key>`. `x-request-id` in becomes the request id (one is
made when absent) and is always sent back; unary answers also name who served
(`x-llmrouter-provider`, `-model`, `-attempts`, `-fallback-index`, `-route`); streams send,
when headers go out, any `x-llmrouter-*` initial metadata the server sent.

No Request/Response objects on the hot path, one dict per SSE frame sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from service.bridge.endpoints import Bridge
from service.bridge.errors import BridgeError, json_bytes
from service.bridge.exchange import Exchange, Receive, Scope, Send
from service.bridge.flavours import ANTHROPIC, COMPLETIONS, OPENAI, RESPONSES, Flavour
from service.bridge.responses.endpoint import ResponsesEndpoints
from service.core.responses import ResponseStore

log = logging.getLogger(__name__)


class _Endpoint:
    """A plain ASGI app for one route: builds the Exchange, guards against any bug so a
    client never gets a traceback (500 with the API's error body, or an error event)."""

    __slots__ = ("flavour", "handler")

    def __init__(self, handler: Callable[[Exchange], Awaitable[None]], flavour: Flavour) -> None:
        self.handler = handler
        self.flavour = flavour

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        flavour = self.flavour
        ex = Exchange(scope, receive, send, flavour)
        try:
            await self.handler(ex)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(
                "REST bridge: unhandled error", extra={"path": scope.get("path"), "request_id": ex.request_id}
            )
            with contextlib.suppress(Exception):
                e = BridgeError(500, "internal error", code="internal_error")
                if not ex.started:
                    await ex.error(e)
                else:
                    await send(
                        {
                            "type": "http.response.body",
                            "body": flavour.stream_error(flavour.error_body(e)),
                            "more_body": False,
                        }
                    )


class _Asgi:
    """An ASGI callable as a Route endpoint (Starlette takes a plain function for a request handler)."""

    __slots__ = ("app",)

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class BridgeApp(Starlette):
    """Starlette, with the two streaming endpoints dispatched before the router and its
    middleware (which would wrap every SSE frame's `send` in two more coroutines). Every
    other path, and lifespan, goes through Starlette as usual."""

    def __init__(self, *args, fast: dict[str, _Endpoint], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fast = fast

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # type: ignore[override]
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self._fast.get(scope["path"])
            if endpoint is not None:
                scope["app"] = self
                await endpoint(scope, receive, send)
                return
        await super().__call__(scope, receive, send)  # type: ignore[arg-type]


def build_app(
    grpc_target: str, settings, responses_store: ResponseStore | None = None, metrics_app=None, chat=None
) -> Starlette:
    """The bridge's ASGI app, a gRPC client of ChatService at `grpc_target` (or of `chat`, a
    ChatService stub whose calls run in this process); `responses_store` keeps Responses API
    responses (without it they are not stored); `metrics_app`, an ASGI app, answers GET
    /metrics when given."""
    bridge = Bridge(grpc_target, settings, chat)
    resp = ResponsesEndpoints(bridge, responses_store)

    async def not_found(request, exc) -> Any:
        return _error_response(request, exc.status_code)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            await bridge.aclose()

    chat = _Endpoint(bridge.chat, OPENAI)
    messages = _Endpoint(bridge.chat, ANTHROPIC)
    responses = _Endpoint(resp.create, RESPONSES)
    routes = [
        Route("/v1/responses", responses, methods=["POST"]),
        Route("/v1/responses/{response_id}", _Endpoint(resp.one, RESPONSES), methods=["GET", "DELETE"]),
        Route("/v1/responses/{response_id}/input_items", _Endpoint(resp.input_items, RESPONSES), methods=["GET"]),
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/messages", messages, methods=["POST"]),
        Route("/v1/messages/count_tokens", _Endpoint(bridge.count_tokens, ANTHROPIC), methods=["POST"]),
        Route("/v1/completions", _Endpoint(bridge.chat, COMPLETIONS), methods=["POST"]),
        Route("/v1/embeddings", _Endpoint(bridge.embeddings, OPENAI), methods=["POST"]),
        Route("/v1/models", _Endpoint(bridge.models, OPENAI), methods=["GET"]),
        Route("/v1/models/{model_id:path}", _Endpoint(bridge.models, OPENAI), methods=["GET"]),
    ]
    if metrics_app is not None:
        routes.append(Route("/metrics", _Asgi(metrics_app), methods=["GET"]))
    fast = {"/v1/chat/completions": chat, "/v1/messages": messages, "/v1/responses": responses}
    middleware = []
    origins = _csv(getattr(settings, "cors_allow_origins", ""))
    if origins:  # the streaming endpoints then go through the middleware too
        fast = {}
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=_csv(settings.cors_allow_methods),
                allow_headers=_csv(settings.cors_allow_headers),
                expose_headers=_EXPOSED,
                max_age=settings.cors_max_age_s,
            )
        )
    app = BridgeApp(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={404: not_found, 405: not_found},
        fast=fast,
    )
    # An API answers a path it does not serve with its own 404 body, never a redirect to a guessed
    # path (Starlette redirects `/v1/responses//` to `/v1/responses/` by default).
    app.router.redirect_slashes = False
    app.state.bridge = bridge
    return app


# Response headers a browser app may read (CORS).
_EXPOSED = [
    "x-request-id",
    "request-id",
    "retry-after",
    "x-llmrouter-provider",
    "x-llmrouter-model",
    "x-llmrouter-attempts",
    "x-llmrouter-fallback-index",
    "x-llmrouter-route",
    "x-llmrouter-error-reason",
    "x-llmrouter-token-count",
]


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _error_response(request, status: int):
    from starlette.responses import Response

    if status == 405:
        e = BridgeError(405, f"method {request.method} is not allowed on {request.url.path}")
    else:
        e = BridgeError(404, f"unknown path {request.url.path}", code="unknown_url")
    body = e.anthropic_body() if request.url.path.startswith("/v1/messages") else e.openai_body()
    return Response(json_bytes(body), status_code=status, media_type="application/json")
