"""One HTTP exchange of the bridge: the request's headers and body, the response's start,
JSON bodies and errors, and a watch that cancels the gRPC call when the client goes away."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from service.bridge.errors import BridgeError, json_bytes
from service.bridge.flavours import Flavour

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

_JSON = (b"content-type", b"application/json")
MAX_REQUEST_ID = 128


class ClientGone(Exception):
    """The HTTP client disconnected while we were reading its request."""


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
        "trace",
    )

    def __init__(self, scope: Scope, receive: Receive, send: Send, flavour: Flavour) -> None:
        self.scope, self.receive, self.send, self.flavour = scope, receive, send, flavour
        self.started = False
        self.authorization: str | None = None
        self.api_key: str | None = None
        self.content_length: bytes | None = None
        self.anthropic_version = False
        self.bad_header: BridgeError | None = None
        self.trace: tuple[tuple[str, str], ...] = ()  # W3C traceparent/tracestate, passed on as metadata
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
            elif k == b"traceparent" or k == b"tracestate":
                text = _header_text(v)
                if text:
                    self.trace += ((k.decode(), text),)
        self.rid_header = rid
        self.request_id = rid or uuid.uuid4().hex

    def metadata(self) -> tuple[tuple[str, str], ...]:
        if self.bad_header is not None:
            raise self.bad_header
        return self._credentials() + self.trace

    def _credentials(self) -> tuple[tuple[str, str], ...]:
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


def own_cancel() -> bool:
    """True when the running task itself is being cancelled (not just the gRPC call)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
