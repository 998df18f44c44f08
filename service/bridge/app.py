"""The REST bridge: the OpenAI HTTP API (and the Anthropic Messages API) in front of
ChatService, as a gRPC client of it over one long-lived `grpc.aio` channel.

    POST /v1/chat/completions   Chat Completions, streamed (SSE) or not
    POST /v1/messages           Anthropic Messages, streamed (SSE) or not
    POST /v1/embeddings         embeddings (float or base64)
    GET  /v1/models             every model (Anthropic's list shape when `anthropic-version` is sent)
    GET  /v1/models/{id}        one model (ids may contain '/')

Credentials: `Authorization: Bearer <client key>` (or `x-api-key: <key>`) becomes gRPC
metadata `authorization: Bearer <key>`. `x-request-id` in becomes the request id (one is
made when absent) and is always sent back; unary answers also name who served
(`x-llmrouter-provider`, `-model`, `-attempts`, `-fallback-index`, `-route`); streams send,
when headers go out, any `x-llmrouter-*` initial metadata the server sent.

Errors: the first gRPC message is awaited before the HTTP status is chosen, so a failure
before any output is an HTTP error with the API's error body; after the stream began it
is an SSE error event and the stream ends without `[DONE]` / `message_stop`. A client
that disconnects cancels its gRPC call at once.

The endpoints are plain ASGI callables mounted on a Starlette router: no Request/Response
objects on the hot path, one dict per SSE frame sent.

Start in-process with `await start_bridge(settings, grpc_target)` (the server does this
when `settings.http` is set), or build the ASGI app with `build_app(grpc_target, settings)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
from starlette.applications import Starlette
from starlette.routing import Route

from llmrouter.v1 import chat_service_pb2, chat_service_pb2_grpc
from service.bridge import anthropic_format as af
from service.bridge import openai_format as of
from service.bridge.common import parse_json_object
from service.bridge.errors import BridgeError, from_rpc_error, json_bytes
from service.netaddr import is_loopback_host, split_host_port

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

_EOF = grpc.aio.EOF
_JSON = (b"content-type", b"application/json")
_SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]
MAX_REQUEST_ID = 128
MAX_MODEL_PAGES = 1000


class ClientGone(Exception):
    """The HTTP client disconnected while we were reading its request."""


# ------------------------------------------------------------------ flavours


class Flavour:
    """What differs between the OpenAI and the Anthropic endpoints."""

    openai = True

    @staticmethod
    def error_body(e: BridgeError) -> dict:
        return e.openai_body()

    @staticmethod
    def parse(doc: dict, request_id: str):
        return of.chat_request(doc, request_id)

    @staticmethod
    def encoder(request_id: str, opts):
        return of.ChatStream(request_id, opts.model, opts.include_usage)

    @staticmethod
    def unary_body(resp, request_id: str, opts) -> dict:
        return of.completion_body(resp, request_id, opts.model)

    @staticmethod
    def stream_error(body: dict) -> bytes:
        return of.ChatStream.error(body)


class AnthropicFlavour(Flavour):
    openai = False

    @staticmethod
    def error_body(e: BridgeError) -> dict:
        return e.anthropic_body()

    @staticmethod
    def parse(doc: dict, request_id: str):
        return af.messages_request(doc, request_id)

    @staticmethod
    def encoder(request_id: str, opts):
        return af.MessageStream(request_id, opts)

    @staticmethod
    def unary_body(resp, request_id: str, opts) -> dict:
        return af.message_body(resp, request_id, opts)

    @staticmethod
    def stream_error(body: dict) -> bytes:
        return af.MessageStream.error(body)


OPENAI = Flavour()
ANTHROPIC = AnthropicFlavour()


# ------------------------------------------------------------------ one exchange


def _header_text(value: bytes) -> str | None:
    """A header value usable as gRPC metadata (visible ASCII and spaces), else None."""
    try:
        text = value.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not all(32 <= ord(c) < 127 for c in text):
        return None
    return text.strip()


class Exchange:
    """One HTTP request/response: parsed headers, the request id, whether headers went out."""

    __slots__ = (
        "anthropic_version",
        "api_key",
        "authorization",
        "bad_header",
        "content_length",
        "flavour",
        "receive",
        "request_id",
        "rid_header",
        "scope",
        "send",
        "started",
    )

    def __init__(self, scope: Scope, receive: Receive, send: Send, flavour: Flavour) -> None:
        self.scope, self.receive, self.send, self.flavour = scope, receive, send, flavour
        self.started = False
        self.authorization: str | None = None
        self.api_key: str | None = None
        self.content_length: bytes | None = None
        self.anthropic_version = False
        self.bad_header: BridgeError | None = None
        rid = None
        for k, v in scope["headers"]:
            if k == b"authorization":
                self.authorization = _header_text(v)
                if self.authorization is None:
                    self.bad_header = BridgeError(401, "malformed Authorization header", code="invalid_api_key")
            elif k == b"x-api-key":
                self.api_key = _header_text(v)
                if self.api_key is None:
                    self.bad_header = BridgeError(401, "malformed x-api-key header", code="invalid_api_key")
            elif k == b"x-request-id":
                rid = _header_text(v)
                if not rid or len(rid) > MAX_REQUEST_ID or " " in rid:
                    self.bad_header = BridgeError(
                        400,
                        f"invalid request: x-request-id: must be 1-{MAX_REQUEST_ID} visible ASCII characters",
                        param="x-request-id",
                        code="invalid_value",
                    )
                    rid = None
            elif k == b"content-length":
                self.content_length = v
            elif k == b"anthropic-version":
                self.anthropic_version = True
        self.rid_header = rid
        self.request_id = rid or uuid.uuid4().hex

    def metadata(self) -> tuple[tuple[str, str], ...]:
        if self.bad_header is not None:
            raise self.bad_header
        auth = self.authorization
        if auth:
            scheme, _, secret = auth.partition(" ")
            if scheme.lower() == "bearer":
                secret = secret.strip()
                return (("authorization", f"Bearer {secret}"),) if secret else ()
            return (("authorization", auth),)  # the server says what is wrong with it
        if self.api_key:
            return (("authorization", f"Bearer {self.api_key}"),)
        return ()

    def base_headers(self) -> list[tuple[bytes, bytes]]:
        rid = self.request_id.encode()
        if self.flavour.openai:
            return [(b"x-request-id", rid)]
        return [(b"x-request-id", rid), (b"request-id", rid)]

    async def read_body(self, limit: int) -> bytes:
        if self.content_length is not None:
            try:
                declared = int(self.content_length)
            except ValueError:
                raise BridgeError(400, "invalid Content-Length header") from None
            if declared > limit:
                raise _too_large(limit)
        chunks: list[bytes] = []
        size = 0
        receive = self.receive
        while True:
            msg = await receive()
            kind = msg["type"]
            if kind == "http.request":
                body = msg.get("body", b"")
                if body:
                    size += len(body)
                    if size > limit:
                        raise _too_large(limit)
                    chunks.append(body)
                if not msg.get("more_body", False):
                    break
            elif kind == "http.disconnect":
                raise ClientGone()
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    async def start(self, status: int, headers: list[tuple[bytes, bytes]]) -> None:
        self.started = True
        await self.send({"type": "http.response.start", "status": status, "headers": headers})

    async def json(self, status: int, body: dict, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        data = json_bytes(body)
        h = [_JSON, (b"content-length", str(len(data)).encode())]
        h += self.base_headers()
        if headers:
            h += headers
        await self.start(status, h)
        await self.send({"type": "http.response.body", "body": data, "more_body": False})

    async def error(self, e: BridgeError) -> None:
        headers = e.response_headers()
        if e.status == 413:
            headers.append((b"connection", b"close"))
        await self.json(e.status, self.flavour.error_body(e), headers)


def _too_large(limit: int) -> BridgeError:
    return BridgeError(413, f"request body too large: the limit is {limit} bytes", code="request_too_large")


class Watch:
    """Cancels a gRPC call as soon as the HTTP client disconnects."""

    __slots__ = ("_task", "gone")

    def __init__(self, receive: Receive, call) -> None:
        self.gone = False
        self._task = asyncio.get_running_loop().create_task(self._run(receive, call))

    async def _run(self, receive: Receive, call) -> None:
        try:
            while True:
                msg = await receive()
                if msg["type"] == "http.disconnect":
                    self.gone = True
                    call.cancel()
                    return
        except Exception:  # pragma: no cover - the server's receive failed: treat as gone
            self.gone = True
            call.cancel()

    def close(self) -> None:
        self._task.cancel()


def _own_cancel() -> bool:
    """True when the running task itself is being cancelled (not just the gRPC call)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _served_headers(summary) -> list[tuple[bytes, bytes]]:
    sb = summary.served_by
    out = []
    if sb.provider:
        out.append((b"x-llmrouter-provider", sb.provider.encode()))
    if sb.model and sb.model.isascii() and sb.model.isprintable():
        out.append((b"x-llmrouter-model", sb.model.encode()))
    if sb.attempts:
        out.append((b"x-llmrouter-attempts", str(sb.attempts).encode()))
    out.append((b"x-llmrouter-fallback-index", str(sb.fallback_index).encode()))
    if sb.route:
        out.append((b"x-llmrouter-route", sb.route.encode()))
    return out


async def _initial_headers(call) -> list[tuple[bytes, bytes]]:
    """`x-llmrouter-*` initial metadata of a call (sent with its first message)."""
    try:
        md = await call.initial_metadata()
    except Exception:  # pragma: no cover - defensive
        return []
    out = []
    for k, v in md or ():
        if k.startswith("x-llmrouter-") and isinstance(v, str) and v.isascii() and v.isprintable():
            out.append((k.encode(), v.encode()))
    return out


# ------------------------------------------------------------------ the bridge


class Bridge:
    def __init__(self, grpc_target: str, settings) -> None:
        self.target = grpc_target
        self.max_body = int(getattr(settings, "http_max_body_bytes", 4 * 1024 * 1024))
        self._channel: grpc.aio.Channel | None = None
        self._stub: chat_service_pb2_grpc.ChatServiceStub | None = None

    @property
    def stub(self) -> chat_service_pb2_grpc.ChatServiceStub:
        if self._stub is None:  # created on first use, inside the serving event loop
            self._channel = grpc.aio.insecure_channel(
                self.target,
                options=[
                    ("grpc.max_receive_message_length", 64 * 1024 * 1024),
                    ("grpc.max_send_message_length", 64 * 1024 * 1024),
                    ("grpc.enable_retries", 0),
                ],
            )
            self._stub = chat_service_pb2_grpc.ChatServiceStub(self._channel)
        return self._stub

    async def connect(self, timeout: float = 5.0) -> bool:
        """Opens the channel now (the first request should not pay for the connection)."""
        self.stub  # noqa: B018 - creates the channel
        assert self._channel is not None
        try:
            await asyncio.wait_for(self._channel.channel_ready(), timeout)
            return True
        except (TimeoutError, grpc.aio.AioRpcError):
            return False

    async def aclose(self) -> None:
        if self._channel is not None:
            ch, self._channel, self._stub = self._channel, None, None
            await ch.close(grace=None)

    # -------------------------------------------------------------- endpoints

    async def chat(self, ex: Exchange) -> None:
        try:
            md = ex.metadata()
            doc = parse_json_object(await ex.read_body(self.max_body))
            req, opts = ex.flavour.parse(doc, ex.request_id)
        except BridgeError as e:
            await ex.error(e)
            return
        except ClientGone:
            return
        if opts.stream:
            await self._stream(ex, req, opts, md)
        else:
            await self._unary(ex, req, opts, md)

    async def _unary(self, ex: Exchange, req, opts, md) -> None:
        call = self.stub.Chat(req, metadata=md)
        watch = Watch(ex.receive, call)
        try:
            resp = await call
        except grpc.aio.AioRpcError as err:
            if not watch.gone:
                await ex.error(from_rpc_error(err, opts.field_map))
            return
        except asyncio.CancelledError:
            if watch.gone and not _own_cancel():
                return
            raise
        finally:
            watch.close()
        body = ex.flavour.unary_body(resp, ex.request_id, opts)
        await ex.json(200, body, _served_headers(resp.summary))

    async def _stream(self, ex: Exchange, req, opts, md) -> None:
        flavour = ex.flavour
        call = self.stub.StreamChat(req, metadata=md)
        watch = Watch(ex.receive, call)
        try:
            try:
                msg = await call.read()
            except grpc.aio.AioRpcError as err:
                if not watch.gone:
                    await ex.error(from_rpc_error(err, opts.field_map))
                return
            if msg is _EOF:
                await ex.error(BridgeError(502, "the stream ended without a result", code="stream_truncated"))
                return
            headers = _SSE_HEADERS + ex.base_headers() + await _initial_headers(call)
            await ex.start(200, headers)
            enc = flavour.encoder(ex.request_id, opts)
            send = ex.send
            read = call.read
            pending = enc.opening()
            delta_of = enc.delta
            while True:
                if msg.HasField("delta"):
                    chunk = delta_of(msg.delta)
                    if pending:
                        chunk, pending = pending + chunk, b""
                    if chunk:
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                else:  # the summary: sent once, last
                    await send(
                        {"type": "http.response.body", "body": pending + enc.closing(msg.summary), "more_body": False}
                    )
                    return
                try:
                    msg = await read()
                except grpc.aio.AioRpcError as err:
                    if watch.gone:
                        return
                    e = from_rpc_error(err, opts.field_map)
                    tail = flavour.stream_error(flavour.error_body(e))
                    await send({"type": "http.response.body", "body": pending + tail, "more_body": False})
                    return
                if msg is _EOF:
                    e = BridgeError(502, "the stream ended without a result", code="stream_truncated")
                    await send(
                        {
                            "type": "http.response.body",
                            "body": pending + flavour.stream_error(flavour.error_body(e)),
                            "more_body": False,
                        }
                    )
                    return
        except asyncio.CancelledError:
            if watch.gone and not _own_cancel():
                return
            raise
        finally:
            watch.close()
            if not call.done():
                call.cancel()

    async def embeddings(self, ex: Exchange) -> None:
        try:
            md = ex.metadata()
            doc = parse_json_object(await ex.read_body(self.max_body))
            req, opts = of.embed_request(doc, ex.request_id)
        except BridgeError as e:
            await ex.error(e)
            return
        except ClientGone:
            return
        call = self.stub.Embed(req, metadata=md)
        watch = Watch(ex.receive, call)
        try:
            resp = await call
        except grpc.aio.AioRpcError as err:
            if not watch.gone:
                await ex.error(from_rpc_error(err, lambda f: "input" if f == "inputs" else f))
            return
        except asyncio.CancelledError:
            if watch.gone and not _own_cancel():
                return
            raise
        finally:
            watch.close()
        sb = resp.served_by
        headers = [(b"x-llmrouter-provider", sb.provider.encode())] if sb.provider else []
        await ex.json(200, of.embeddings_body(resp, opts), headers)

    async def _all_models(self, md) -> list[chat_service_pb2.Model]:
        models: list[chat_service_pb2.Model] = []
        token = ""
        for _ in range(MAX_MODEL_PAGES):
            resp = await self.stub.ListModels(
                chat_service_pb2.ListModelsRequest(page_size=1000, page_token=token), metadata=md
            )
            models.extend(resp.models)
            token = resp.next_page_token
            if not token:
                break
        seen: set[str] = set()
        out = []
        for m in models:  # one entry per usable id; glob patterns are not model ids
            if m.is_pattern or m.id in seen:
                continue
            seen.add(m.id)
            out.append(m)
        return out

    async def models(self, ex: Exchange) -> None:
        wanted = ex.scope.get("path_params", {}).get("model_id")
        anthropic = ex.anthropic_version
        if anthropic:
            ex.flavour = ANTHROPIC
        try:
            md = ex.metadata()
            models = await self._all_models(md)
        except BridgeError as e:
            await ex.error(e)
            return
        except grpc.aio.AioRpcError as err:
            await ex.error(from_rpc_error(err))
            return
        if wanted is not None:
            for m in models:
                if m.id == wanted:
                    await ex.json(200, af.model_object(m) if anthropic else of.model_object(m))
                    return
            await ex.error(
                BridgeError(404, f"the model {wanted[:256]!r} does not exist", param="model", code="model_not_found")
            )
            return
        if anthropic:
            data = [af.model_object(m) for m in models]
            body = {
                "data": data,
                "has_more": False,
                "first_id": data[0]["id"] if data else None,
                "last_id": data[-1]["id"] if data else None,
            }
        else:
            body = {"object": "list", "data": [of.model_object(m) for m in models]}
        await ex.json(200, body)


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


class BridgeApp(Starlette):
    """Starlette, with the two streaming endpoints dispatched before the router and its
    middleware (which would wrap every SSE frame's `send` in two more coroutines). Every
    other path, and lifespan, goes through Starlette as usual."""

    def __init__(self, *args, fast: dict[str, _Endpoint], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fast = fast

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self._fast.get(scope["path"])
            if endpoint is not None:
                scope["app"] = self
                await endpoint(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def build_app(grpc_target: str, settings) -> Starlette:
    """The bridge's ASGI app, a gRPC client of ChatService at `grpc_target`."""
    bridge = Bridge(grpc_target, settings)

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
    routes = [
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/messages", messages, methods=["POST"]),
        Route("/v1/embeddings", _Endpoint(bridge.embeddings, OPENAI), methods=["POST"]),
        Route("/v1/models", _Endpoint(bridge.models, OPENAI), methods=["GET"]),
        Route("/v1/models/{model_id:path}", _Endpoint(bridge.models, OPENAI), methods=["GET"]),
    ]
    app = BridgeApp(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: not_found, 405: not_found},
        fast={"/v1/chat/completions": chat, "/v1/messages": messages},
    )
    app.state.bridge = bridge
    return app


def _error_response(request, status: int):
    from starlette.responses import Response

    if status == 405:
        e = BridgeError(405, f"method {request.method} is not allowed on {request.url.path}")
    else:
        e = BridgeError(404, f"unknown path {request.url.path}", code="unknown_url")
    body = e.anthropic_body() if request.url.path.startswith("/v1/messages") else e.openai_body()
    return Response(json_bytes(body), status_code=status, media_type="application/json")


# ------------------------------------------------------------------ in-process serving


def _split_host_port(listen: str) -> tuple[str, int]:
    try:
        host, port = split_host_port(listen)
    except ValueError:
        raise ValueError(f"http address {listen!r} must be HOST:PORT, e.g. 127.0.0.1:8080") from None
    return host or "127.0.0.1", port


class BridgeHandle:
    """A running bridge: `host`, `port` (the bound one when 0 was asked), `url`, `stop()`."""

    def __init__(self, server, task: asyncio.Task, host: str, port: int, app: Starlette) -> None:
        self._server = server
        self._task = task
        self.host = host
        self.port = port
        self.app = app

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def stop(self) -> None:
        """Stops accepting, lets in-flight responses finish (up to the grace), closes the channel."""
        server = self._server
        if server is None:
            return
        self._server = None
        server.should_exit = True
        with contextlib.suppress(Exception):
            await self._task
        await server.shutdown()


async def _check_not_open(grpc_target: str, host: str) -> None:
    """Refuses a non-loopback bridge while the server is in protected mode (no client key):
    the bridge reaches the server over loopback, so it would open it to the network. Only an
    UNAUTHENTICATED answer to a call without credentials proves that keys are enforced."""
    async with grpc.aio.insecure_channel(grpc_target) as ch:
        stub = chat_service_pb2_grpc.ChatServiceStub(ch)
        try:
            await stub.ListModels(chat_service_pb2.ListModelsRequest(page_size=1), timeout=10)
            why = "no client key exists, so it would be open to the network"
        except grpc.aio.AioRpcError as err:
            if err.code() == grpc.StatusCode.UNAUTHENTICATED:
                return
            why = f"cannot confirm that the server requires client keys ({err.code().name})"
    from service.api.server import StartupError

    raise StartupError(
        f"refusing to serve the REST bridge on {host}: {why}. Create a client key first with "
        "`llmrouter keys create --scope admin`, or serve the bridge on 127.0.0.1"
    )


async def start_bridge(settings, grpc_target: str) -> BridgeHandle:
    """Serves the bridge with uvicorn in this process and event loop, on `settings.http`."""
    import uvicorn

    host, port = _split_host_port(settings.http)
    if not is_loopback_host(host):
        await _check_not_open(grpc_target, host)
    app = build_app(grpc_target, settings)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_keep_alive=30,  # longer than clients' pool expiry (httpx: 5 s): no reuse races
        timeout_graceful_shutdown=max(0.1, float(getattr(settings, "shutdown_grace_s", 10.0))),
        ws="none",
    )
    server = uvicorn.Server(config)
    config.load()
    server.lifespan = config.lifespan_class(config)
    try:
        await server.startup()
    except SystemExit:  # uvicorn exits when it cannot bind
        from service.api.server import StartupError

        raise StartupError(
            f"cannot serve the REST bridge on {settings.http}: the address is unusable or in use"
        ) from None
    bound = server.servers[0].sockets[0].getsockname()[1]
    await app.state.bridge.connect()
    task = asyncio.get_running_loop().create_task(server.main_loop(), name="rest-bridge")
    log.info("REST bridge serving", extra={"http": f"{host}:{bound}", "grpc_target": grpc_target})
    return BridgeHandle(server, task, host, bound, app)
